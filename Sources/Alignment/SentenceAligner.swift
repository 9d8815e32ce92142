import Foundation

/// Aligns a text with its translation sentence by sentence, without a dictionary.
///
/// The method, in the order it runs:
/// 1. **Evidence without a dictionary.** Identical spellings (names, numbers, punctuation such as
///    `?`, `!`, quotation marks, parentheses) and cognates (`curiosité`/`curiosity`,
///    `Ouïghours`/`Uyghurs`) give a first table of word correspondences; glossary terms add to it.
/// 2. **A first alignment** by dynamic programming over bead shapes (1-1, 1-0, 0-1, 2-1, 1-2, 2-2, …)
///    in a band around the diagonal that widens when the path runs along its edge. A bead's score
///    is its shape's prior plus two log-likelihood ratios against "these sentences translate
///    nothing": Gale–Church length evidence and lexical evidence (IBM Model 1 with a background).
/// 3. **Learning from the document.** The first alignment trains Model 1 in both directions
///    (the cognates act as a prior) and re-estimates the length variance.
/// 4. **The final alignment** in a narrow band around the first path, with forward–backward
///    posteriors: each bead's confidence is its posterior probability.
///
/// When both texts have paragraphs, paragraphs are aligned first the same way, and sentences only
/// inside aligned paragraphs.
public struct SentenceAligner: Sendable {
    /// The aligner's few parameters.
    public struct Configuration: Sendable {
        /// Prior probabilities of the bead shapes the search considers (normalised before use).
        public var shapePriors: [BeadShape: Double]
        /// Half-width of the first band as a share of the longer text (it doubles when too narrow).
        public var initialBandShare = 0.06
        /// Half-width of the final band around the first path, in sentences.
        public var refinedBandWidth = 12
        /// Rounds of learning from the alignment before the final one.
        public var learningRounds = 2
        /// Share of tokens the cognate table is assumed to explain before anything is learned.
        public var initialCoverage = 0.1
        /// Softens the posteriors (a naive-Bayes sum of evidence is over-confident).
        public var posteriorTemperature = 1.0
        /// Log-odds added to a bead for each anchor (memory) pair it holds.
        public var anchorBonus = 10.0
        /// Verdict "not a translation" when more than this share of the sentences stay unpaired…
        public var maximumUnalignedShare = 0.6
        /// …or when the mean confidence is below this.
        public var minimumMeanConfidence = 0.25

        public init() {
            shapePriors = [
                BeadShape(1, 1): 0.78,
                BeadShape(1, 0): 0.02, BeadShape(0, 1): 0.02,
                BeadShape(2, 1): 0.06, BeadShape(1, 2): 0.06,
                BeadShape(2, 2): 0.015,
                BeadShape(3, 1): 0.01, BeadShape(1, 3): 0.01,
                BeadShape(3, 2): 0.004, BeadShape(2, 3): 0.004,
                BeadShape(4, 1): 0.002, BeadShape(1, 4): 0.002,
            ]
        }
    }

    public var configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Aligns `source` with its translation `target`.
    /// - Parameters:
    ///   - anchors: sentence pairs known to be translations (e.g. from the memory).
    ///   - glossary: term translations; each occurrence pair is evidence.
    /// - Throws: ``AlignmentError`` when a text is empty or the texts are not translations of each other.
    public func align(
        _ source: AlignableText, _ target: AlignableText, anchors: [AnchorPair] = [], glossary: Glossary = Glossary()
    ) throws(AlignmentError) -> Alignment {
        guard !source.sentences.isEmpty else { throw .emptySource }
        guard !target.sentences.isEmpty else { throw .emptyTarget }
        var sourceText = TokenizedText(sentences: source.sentences)
        var targetText = TokenizedText(sentences: target.sentences)

        // Dictionary-free correspondences, then the glossary's.
        var prior = Self.cognatePrior(sourceText, targetText)
        for (number, entry) in glossary.entries.enumerated() {
            let sourceHits = sourceText.sentences(containing: entry.source)
            let targetHits = targetText.sentences(containing: entry.target)
            guard !sourceHits.isEmpty, !targetHits.isEmpty else { continue }
            let s = sourceText.addSyntheticToken("glossary \(number)", to: sourceHits)
            let t = targetText.addSyntheticToken("glossary \(number)", to: targetHits)
            prior.append((s, t, 1))
        }
        let anchorPairs = Self.anchorPairs(anchors, sourceText, targetText)

        let shapes = configuration.shapePriors.sorted { $0.value > $1.value }
        let priorTotal = shapes.reduce(0) { $0 + $1.value }
        var model = AlignmentModel(
            source: sourceText, target: targetText,
            length: LengthModel(source: sourceText.lengths, target: targetText.lengths),
            forward: TranslationTable(sourceTypes: 0, entries: [], coverage: configuration.initialCoverage),
            backward: TranslationTable(sourceTypes: 0, entries: [], coverage: configuration.initialCoverage),
            shapes: shapes.map { ($0.key, log($0.value / priorTotal)) },
            anchors: anchorPairs, anchorBonus: configuration.anchorBonus)

        // Paragraphs first when both texts have them.
        var blocks = [(source: 0..<source.sentences.count, target: 0..<target.sentences.count)]
        if source.paragraphStarts.count > 1 && target.paragraphStarts.count > 1 {
            let sourceParagraphs = source.paragraphs, targetParagraphs = target.paragraphs
            var paragraphModel = model
            paragraphModel.source = sourceText.grouped(sourceParagraphs)
            paragraphModel.target = targetText.grouped(targetParagraphs)
            paragraphModel.length = LengthModel(source: paragraphModel.source.lengths, target: paragraphModel.target.lengths)
            paragraphModel.anchors = Self.group(anchorPairs, sourceParagraphs, targetParagraphs)
            let paragraphBeads = align(
                &paragraphModel, prior: prior,
                blocks: [(0..<sourceParagraphs.count, 0..<targetParagraphs.count)])
            blocks = paragraphBeads.map { bead in
                let sourceSentences = bead.source.isEmpty
                    ? sourceParagraphs[min(bead.source.lowerBound, sourceParagraphs.count - 1)].lowerBound..<sourceParagraphs[min(bead.source.lowerBound, sourceParagraphs.count - 1)].lowerBound
                    : sourceParagraphs[bead.source.lowerBound].lowerBound..<sourceParagraphs[bead.source.upperBound - 1].upperBound
                let targetSentences = bead.target.isEmpty
                    ? targetParagraphs[min(bead.target.lowerBound, targetParagraphs.count - 1)].lowerBound..<targetParagraphs[min(bead.target.lowerBound, targetParagraphs.count - 1)].lowerBound
                    : targetParagraphs[bead.target.lowerBound].lowerBound..<targetParagraphs[bead.target.upperBound - 1].upperBound
                return (sourceSentences, targetSentences)
            }
        }

        let beads = align(&model, prior: prior, blocks: blocks).map {
            Bead(source: $0.source, target: $0.target, confidence: $0.posterior)
        }
        let alignment = Alignment(beads: beads, sourceCount: source.sentences.count, targetCount: target.sentences.count)
        let lengthRatio = targetText.lengths.reduce(0, +) / max(1, sourceText.lengths.reduce(0, +))
        if alignment.unalignedShare > configuration.maximumUnalignedShare
            || alignment.meanConfidence < configuration.minimumMeanConfidence
        {
            throw .notATranslation(.init(
                sourceSentences: alignment.sourceCount, targetSentences: alignment.targetCount,
                lengthRatio: lengthRatio, unalignedShare: alignment.unalignedShare,
                meanConfidence: alignment.meanConfidence))
        }
        return alignment
    }

    // MARK: - The passes

    /// Aligns the units of `model` inside each block; returns beads in unit coordinates.
    private func align(
        _ model: inout AlignmentModel, prior: [(source: Int32, target: Int32, weight: Double)],
        blocks: [(source: Range<Int>, target: Range<Int>)]
    ) -> [ScoredBead] {
        model.forward = TranslationTable(
            sourceTypes: model.source.types.count, entries: prior, coverage: configuration.initialCoverage)
        model.backward = TranslationTable(
            sourceTypes: model.target.types.count, entries: prior.map { ($0.target, $0.source, $0.weight) },
            coverage: configuration.initialCoverage)

        var beads = blocks.map { block in
            search(model, block: block, around: nil, posteriors: configuration.learningRounds == 0)
        }
        for round in 0..<configuration.learningRounds {
            learn(&model, from: beads.flatMap { $0 }, prior: prior)
            beads = zip(blocks, beads).map { block, previous in
                search(model, block: block, around: previous, posteriors: round == configuration.learningRounds - 1)
            }
        }
        return beads.flatMap { $0 }
    }

    /// Searches one block; `around` is a previous path (global coordinates) to search near.
    private func search(
        _ model: AlignmentModel, block: (source: Range<Int>, target: Range<Int>), around previous: [ScoredBead]?,
        posteriors: Bool
    ) -> [ScoredBead] {
        let n = block.source.count, m = block.target.count
        if n == 0 || m == 0 {
            return block.source.map { ScoredBead(source: $0..<($0 + 1), target: block.target.lowerBound..<block.target.lowerBound, score: 0, posterior: 1) }
                + block.target.map { ScoredBead(source: block.source.upperBound..<block.source.upperBound, target: $0..<($0 + 1), score: 0, posterior: 1) }
        }
        let maxSide = model.shapes.reduce(1) { max($0, $1.shape.source, $1.shape.target) }
        var points: [(i: Int, j: Int)] = [(0, 0)]
        for bead in previous ?? [] {
            points.append((bead.source.upperBound - block.source.lowerBound, bead.target.upperBound - block.target.lowerBound))
        }
        var width = previous == nil
            ? max(2 * maxSide, Int(configuration.initialBandShare * Double(max(n, m))))
            : configuration.refinedBandWidth
        let search = LatticeSearch(temperature: configuration.posteriorTemperature)
        while true {
            let band = previous == nil
                ? Band.diagonal(sourceCount: n, targetCount: m, width: width)
                : Band.around(path: points, sourceCount: n, targetCount: m, width: width)
            var scorer = BeadScorer(
                model: model, sourceBase: block.source.lowerBound, n: n,
                targetBase: block.target.lowerBound, m: m, band: band, maxSide: maxSide)
            let path = search.run(scorer: &scorer, band: band, shapes: model.shapes, posteriors: posteriors)
            let corners = path.map { (i: $0.source.upperBound, j: $0.target.upperBound) }
            if band.coversEverything || !band.isCrowded(by: corners, margin: maxSide) {
                return path.map {
                    ScoredBead(
                        source: ($0.source.lowerBound + block.source.lowerBound)..<($0.source.upperBound + block.source.lowerBound),
                        target: ($0.target.lowerBound + block.target.lowerBound)..<($0.target.upperBound + block.target.lowerBound),
                        score: $0.score, posterior: $0.posterior)
                }
            }
            width *= 2
        }
    }

    /// Re-estimates the length variance and the translation tables from an alignment.
    private func learn(_ model: inout AlignmentModel, from beads: [ScoredBead], prior: [(source: Int32, target: Int32, weight: Double)]) {
        let content = beads.filter { !$0.source.isEmpty && !$0.target.isEmpty }
        model.length.refit(pairs: content.filter { $0.source.count == 1 && $0.target.count == 1 }.map {
            (model.source.lengths[$0.source.lowerBound], model.target.lengths[$0.target.lowerBound])
        })
        let spans = content.map { bead in
            ModelOneTrainer.Span(
                source: bead.source.flatMap { model.source.sentences[$0] },
                target: bead.target.flatMap { model.target.sentences[$0] })
        }
        let trainer = ModelOneTrainer()
        model.forward = trainer.train(
            spans: spans, source: model.source, target: model.target, prior: prior,
            initialCoverage: model.forward.coverage)
        model.backward = trainer.train(
            spans: spans.map { .init(source: $0.target, target: $0.source) }, source: model.target, target: model.source,
            prior: prior.map { ($0.target, $0.source, $0.weight) }, initialCoverage: model.backward.coverage)
    }

    // MARK: - Evidence that needs no dictionary

    /// Cognates and identical spellings, weighted by how similar their frequencies are (a word
    /// and its translation occur about as often; `pour`, frequent in French, is not the rare English verb).
    static func cognatePrior(_ source: TokenizedText, _ target: TokenizedText) -> [(source: Int32, target: Int32, weight: Double)] {
        CognateFinder().pairs(source: source.types, target: target.types).map { pair in
            let sourceRate = Double(source.counts[Int(pair.source)]) / Double(max(1, source.tokenCount))
            let targetRate = Double(target.counts[Int(pair.target)]) / Double(max(1, target.tokenCount))
            let agreement = min(sourceRate, targetRate) / max(sourceRate, targetRate)
            return (pair.source, pair.target, pair.weight * agreement)
        }
    }

    /// Sentence pairs equal (after folding) to an anchor pair.
    static func anchorPairs(_ anchors: [AnchorPair], _ source: TokenizedText, _ target: TokenizedText) -> [Int: [Int]] {
        guard !anchors.isEmpty else { return [:] }
        func key(_ text: String) -> String {
            var tokens: [String] = []
            TokenizedText.forEachToken(in: text) { tokens.append(TokenizedText.fold($0)) }
            return tokens.joined(separator: " ")
        }
        var targetsByKey: [String: [Int]] = [:]
        for j in target.sentences.indices { targetsByKey[target.key(ofSentence: j), default: []].append(j) }
        var wanted: [String: Set<String>] = [:]
        for anchor in anchors { wanted[key(anchor.source), default: []].insert(key(anchor.target)) }
        var pairs: [Int: [Int]] = [:]
        for i in source.sentences.indices {
            guard let targetKeys = wanted[source.key(ofSentence: i)] else { continue }
            let targets = targetKeys.flatMap { targetsByKey[$0] ?? [] }.sorted()
            if !targets.isEmpty { pairs[i] = targets }
        }
        return pairs
    }

    /// Sentence anchors as paragraph anchors.
    private static func group(_ anchors: [Int: [Int]], _ source: [Range<Int>], _ target: [Range<Int>]) -> [Int: [Int]] {
        func unit(_ sentence: Int, _ ranges: [Range<Int>]) -> Int? { ranges.firstIndex { $0.contains(sentence) } }
        var grouped: [Int: [Int]] = [:]
        for (i, targets) in anchors {
            guard let paragraph = unit(i, source) else { continue }
            grouped[paragraph, default: []].append(contentsOf: targets.compactMap { unit($0, target) })
        }
        return grouped
    }
}
