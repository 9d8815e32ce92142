/// A text to align: its sentences, in order, grouped in paragraphs.
public struct AlignableText: Hashable, Sendable {
    /// Every sentence, in order.
    public var sentences: [String]
    /// Where each paragraph starts in `sentences` (ascending, the first is 0 when there are sentences).
    public var paragraphStarts: [Int]

    /// A text without paragraph structure.
    public init(sentences: [String]) {
        self.sentences = sentences
        self.paragraphStarts = sentences.isEmpty ? [] : [0]
    }

    /// A text made of paragraphs of sentences; empty paragraphs are dropped.
    public init(paragraphs: [[String]]) {
        sentences = []
        paragraphStarts = []
        for paragraph in paragraphs where !paragraph.isEmpty {
            paragraphStarts.append(sentences.count)
            sentences.append(contentsOf: paragraph)
        }
    }

    /// The sentence ranges of the paragraphs.
    public var paragraphs: [Range<Int>] {
        paragraphStarts.indices.map { index in
            paragraphStarts[index]..<(index + 1 < paragraphStarts.count ? paragraphStarts[index + 1] : sentences.count)
        }
    }
}

/// One bead of an alignment: consecutive source sentences and the consecutive target sentences
/// that translate them. One side is empty for a sentence that has no counterpart (1-0, 0-1).
public struct Bead: Hashable, Sendable {
    /// Source sentence indices (0-based).
    public var source: Range<Int>
    /// Target sentence indices (0-based).
    public var target: Range<Int>
    /// How sure the aligner is that this bead is right, from 0 to 1 (its posterior probability
    /// among all the alignments the search considered).
    public var confidence: Double

    public init(source: Range<Int>, target: Range<Int>, confidence: Double) {
        self.source = source
        self.target = target
        self.confidence = confidence
    }

    /// Numbers of source and target sentences.
    public var shape: BeadShape { BeadShape(source.count, target.count) }
    /// Whether one side is empty.
    public var isNull: Bool { source.isEmpty || target.isEmpty }
}

/// The result of aligning two texts: beads covering every sentence of both, in order.
public struct Alignment: Hashable, Sendable {
    public var beads: [Bead]
    public var sourceCount: Int
    public var targetCount: Int
    /// How much better the beads explain the texts than "nothing translates anything": their summed
    /// log-likelihood ratio (length and lexical evidence plus shape priors) per sentence. Translations
    /// score well above 1; unrelated texts near or below 0.
    public var evidencePerSentence: Double

    public init(beads: [Bead], sourceCount: Int, targetCount: Int, evidencePerSentence: Double = .nan) {
        self.beads = beads
        self.sourceCount = sourceCount
        self.targetCount = targetCount
        self.evidencePerSentence = evidencePerSentence
    }

    /// Share of all sentences (both sides) that are left in 1-0 or 0-1 beads.
    public var unalignedShare: Double {
        let unaligned = beads.filter(\.isNull).reduce(0) { $0 + $1.source.count + $1.target.count }
        return Double(unaligned) / Double(max(1, sourceCount + targetCount))
    }

    /// Mean confidence of the beads, weighted by the sentences they hold.
    public var meanConfidence: Double {
        let weighted = beads.reduce(0.0) { $0 + $1.confidence * Double($1.source.count + $1.target.count) }
        return weighted / Double(max(1, sourceCount + targetCount))
    }
}

/// A sentence pair already known to be a translation (e.g. a unit of the translation memory):
/// where both sentences occur, the aligner pairs them.
public struct AnchorPair: Hashable, Sendable {
    public var source: String
    public var target: String
    public init(source: String, target: String) {
        self.source = source
        self.target = target
    }
}
