// TMX and XLIFF readers and writers are written in this target; this file goes when they land.
