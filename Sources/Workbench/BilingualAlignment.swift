import Alignment
import Foundation
import Segmentation
import TranslationMemory

/// An article and its translation, split into sentences and aligned bead by bead.
public struct AlignedTexts: Sendable {
    public var source: AlignableText
    public var target: AlignableText
    public var alignment: Alignment

    /// The source text of a bead's source side, sentences joined by a space.
    public func sourceText(of bead: Bead) -> String {
        bead.source.map { source.sentences[$0] }.joined(separator: " ")
    }

    /// The target text of a bead's target side.
    public func targetText(of bead: Bead) -> String {
        bead.target.map { target.sentences[$0] }.joined(separator: " ")
    }
}

/// Aligns an article with its translation: segments both texts (unless they already hold
/// one sentence per line), uses the memory's known pairs as anchors, and aligns them.
public struct BilingualAligner: Sendable {
    public var sourceLanguage: LanguageTag
    public var targetLanguage: LanguageTag
    public var aligner: SentenceAligner

    public init(sourceLanguage: LanguageTag, targetLanguage: LanguageTag, aligner: SentenceAligner = SentenceAligner()) {
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.aligner = aligner
    }

    /// Splits plain article text into paragraphs of sentences with Tandem's SRX rules.
    public static func sentences(of text: String, language: LanguageTag) throws -> AlignableText {
        let segmenter = try SentenceSegmenter(language: language.language)
        var paragraphs: [[String]] = []
        var current: [String] = []
        var paragraph: Int?
        for segment in segmenter.segment(text) {
            if segment.paragraph != paragraph, !current.isEmpty {
                paragraphs.append(current)
                current = []
            }
            paragraph = segment.paragraph
            current.append(segment.text)
        }
        if !current.isEmpty { paragraphs.append(current) }
        return AlignableText(paragraphs: paragraphs)
    }

    /// Aligns two texts. With `presegmented`, each non-empty line is a sentence and blank
    /// lines separate paragraphs; otherwise both are segmented.
    /// - Parameter memory: when given, pairs it already holds for the source sentences
    ///   become anchors.
    public func align(
        source sourceText: String,
        target targetText: String,
        presegmented: Bool,
        glossary: Glossary = Glossary(),
        memory: (any MemoryStore)? = nil
    ) throws -> AlignedTexts {
        let source = presegmented ? AlignmentInput.presegmented(sourceText) : try Self.sentences(of: sourceText, language: sourceLanguage)
        let target = presegmented ? AlignmentInput.presegmented(targetText) : try Self.sentences(of: targetText, language: targetLanguage)
        var anchors: [AnchorPair] = []
        if let memory {
            for sentence in Set(source.sentences) {
                let query = MatchQuery(source: sentence, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage, minimumScore: 1, limit: 3)
                for match in try memory.lookup(query) where match.kind != .fuzzy {
                    anchors.append(AnchorPair(source: sentence, target: match.unit.target.plainText))
                }
            }
        }
        let alignment = try aligner.align(source, target, anchors: anchors, glossary: glossary)
        return AlignedTexts(source: source, target: target, alignment: alignment)
    }
}

/// What storing an alignment in the memory did.
public struct AlignmentStorageSummary: Sendable {
    /// Units stored (beads at or above the confidence threshold).
    public var stored: Int
    /// Of those, how many were already in the memory (merged).
    public var merged: Int
    /// Beads with both sides that were left out for review: under the threshold.
    public var heldForReview: [Bead]
    /// Sentences left alone (1-0, 0-1 beads), never stored.
    public var unpaired: Int
}

extension AlignedTexts {
    /// Stores every bead with both sides and a confidence of at least `minimumConfidence`
    /// as a unit of origin `aligned`, in one transaction, with its confidence, the
    /// neighbouring source segments as context, and the article and segment it came from.
    public func store(
        into memory: any MemoryStore,
        article: String,
        sourceLanguage: LanguageTag,
        targetLanguage: LanguageTag,
        minimumConfidence: Double,
        creator: String?,
        date: Date = Date()
    ) throws -> AlignmentStorageSummary {
        var summary = AlignmentStorageSummary(stored: 0, merged: 0, heldForReview: [], unpaired: 0)
        try memory.importBatch { batch in
            for bead in alignment.beads {
                if bead.isNull {
                    summary.unpaired += bead.source.count + bead.target.count
                    continue
                }
                guard bead.confidence >= minimumConfidence else {
                    summary.heldForReview.append(bead)
                    continue
                }
                let first = bead.source.lowerBound, last = bead.source.upperBound - 1
                let unit = TranslationUnit(
                    sourceLanguage: sourceLanguage,
                    targetLanguage: targetLanguage,
                    source: SegmentText(sourceText(of: bead)),
                    target: SegmentText(targetText(of: bead)),
                    provenance: Provenance(
                        origin: .aligned, creator: creator, createdAt: date, changedBy: creator, changedAt: date,
                        tool: "Tandem aligner", confidence: (bead.confidence * 1000).rounded() / 1000),
                    context: SegmentContext(
                        previous: first > 0 ? source.sentences[first - 1] : nil,
                        next: last + 1 < source.sentences.count ? source.sentences[last + 1] : nil),
                    location: SegmentLocation(article: article, segment: first + 1)
                )
                switch try batch.add(unit, policy: .keepAlternatives) {
                case .merged: summary.merged += 1; summary.stored += 1
                case .added, .replaced: summary.stored += 1
                }
            }
        }
        return summary
    }
}
