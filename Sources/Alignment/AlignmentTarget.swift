// The aligner is written in this target (issue 5); this file goes when it lands.
