/// Why two texts cannot be aligned.
public enum AlignmentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The source text has no sentence.
    case emptySource
    /// The target text has no sentence.
    case emptyTarget
    /// The texts do not look like translations of each other: their lengths are far apart, or the
    /// best alignment leaves many sentences unpaired, pairs them with little confidence, or separates
    /// the rare words the two texts share.
    case notATranslation(NotATranslation)

    /// The figures behind a ``notATranslation`` verdict.
    public struct NotATranslation: Hashable, Sendable {
        public var sourceSentences: Int
        public var targetSentences: Int
        /// Target characters per source character.
        public var lengthRatio: Double
        /// Share of the sentences the best alignment leaves unpaired.
        public var unalignedShare: Double
        /// Mean bead confidence.
        public var meanConfidence: Double
        /// Words found once in each text with the same or a cognate spelling (candidate pairs)…
        public var landmarks: Int
        /// …and how many of them the alignment puts in the same bead.
        public var landmarksPaired: Int
    }

    public var description: String {
        switch self {
        case .emptySource: return "the source text has no sentence"
        case .emptyTarget: return "the target text has no sentence"
        case .notATranslation(let figures):
            return "the target does not look like a translation of the source ("
                + "\(figures.sourceSentences) and \(figures.targetSentences) sentences, "
                + "length ratio \(Self.format(figures.lengthRatio)), "
                + "\(Int((figures.unalignedShare * 100).rounded()))% of the sentences unpaired, "
                + "mean confidence \(Self.format(figures.meanConfidence)), "
                + "\(figures.landmarksPaired) of \(figures.landmarks) shared rare words paired)"
        }
    }

    private static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
