import Foundation

/// Aligns a text with its translation sentence by sentence, without a dictionary.
///
/// The method, in the order it runs:
/// 1. **Evidence without a dictionary.** Identical spellings (names, numbers, punctuation such as
///    `?`, `!`, quotation marks, parentheses) and cognates (`curiosité`/`curiosity`,
///    `Ouïghours`/`Uyghurs`) give a first table of word correspondences; glossary terms add to it.
/// 2. **A first alignment** by dynamic programming over bead shapes (1-1, 1-0, 0-1, 2-1, 1-2, 2-2,
///    3-1, 1-3, 3-2, 2-3, 4-1, 1-4) in a band around the longest chain of words that occur once in
///    each text; the band widens when the path runs along its edge. A bead's score is its shape's
///    prior plus two log-likelihood ratios against "these sentences translate nothing": Gale–Church
///    length evidence and lexical evidence (IBM Model 1 mixed with a unigram background).
/// 3. **Learning from the document**, twice: the alignment so far trains Model 1 in both directions
///    (the cognates act as a prior), re-estimates the shape priors and the length variance, and the
///    search runs again in a narrow band around the previous path. A sentence is always scored with
///    what was learned from the *other* beads (leave-one-out), so a wrong pairing cannot confirm itself.
/// 4. **Confidence**: each final bead's posterior probability (forward–backward over the band).
///
/// When both texts have paragraphs, paragraphs are aligned first the same way, and sentences only
/// inside aligned paragraphs.
public struct SentenceAligner: Sendable {
    /// The aligner's parameters. The defaults are the ones measured in the package README; the
    /// shape priors and the posterior temperature were set coarsely on public development sets.
    public struct Configuration: Sendable {
        /// Relative prior weights of the bead shapes the search considers (normalised before use).
        /// Null beads weigh far more than Gale & Church's 1 %: whether a sentence has a counterpart
        /// is decided by the lexical evidence, which is strong, not by the prior.
        public var shapePriors: [BeadShape: Double] = [
            BeadShape(1, 1): 0.78,
            BeadShape(1, 0): 0.3, BeadShape(0, 1): 0.3,
            BeadShape(2, 1): 0.06, BeadShape(1, 2): 0.06,
            BeadShape(2, 2): 0.015,
            BeadShape(3, 1): 0.01, BeadShape(1, 3): 0.01,
            BeadShape(3, 2): 0.004, BeadShape(2, 3): 0.004,
            BeadShape(4, 1): 0.002, BeadShape(1, 4): 0.002,
        ]
        /// Weight, in beads, of `shapePriors` against the shapes counted in the document's own
        /// alignment when the priors are re-estimated.
        public var shapePriorWeight = 50.0
        /// Half-width, in sentences, of the first band around the chain of rare words (it doubles
        /// where the best path runs along its edge); constant, so that time grows linearly.
        public var initialBandWidth = 20
        /// Half-width, in sentences, of the band around the previous path in later passes.
        public var refinedBandWidth = 6
        /// Rounds of learning from the alignment before the final one.
        public var learningRounds = 2
        /// Most beads the word-translation model learns from (evenly spread over a longer document).
        public var maximumTrainingBeads = 1000
        /// Share of the tokens that have a cognate the first table is assumed to explain.
        public var initialCoverage = 0.1
        /// Divides the scores before the posteriors are computed: a naive-Bayes sum of evidence is
        /// over-confident, and with 3 a confidence of 0.8 is right about 80 % of the time.
        public var posteriorTemperature = 3.0
        /// Log-odds added to a bead for each anchor (memory) pair it holds.
        public var anchorBonus = 10.0
        /// Log-odds added to a bead for each glossary term whose translation it also holds.
        public var glossaryBonus = 4.0
        /// The texts are "not a translation" of each other when one has more than this many times
        /// the characters of the other…
        public var maximumLengthRatio = 2.5
        /// …or more than this share of the sentences stay unpaired…
        public var maximumUnalignedShare = 0.5
        /// …or the mean confidence of the beads is below this…
        public var minimumMeanConfidence = 0.45
        /// …or, among the words found once in each text with the same or a cognate spelling (at least
        /// five candidate pairs), fewer than this share end up in the same bead. Translations keep
        /// 8–30 % of the candidate pairs together (most of the rest are chance look-alikes);
        /// unrelated texts under 1 %.
        public var minimumLandmarkShare = 0.03

        public init() {}
    }

    public var configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Aligns `source` with its translation `target`.
    /// - Parameters:
    ///   - anchors: sentence pairs known to be translations (e.g. units of the memory).
    ///   - glossary: term translations; each sentence pair where both terms occur is evidence.
    /// - Throws: ``AlignmentError`` when a text is empty or the texts are not translations of each other.
    public func align(
        _ source: AlignableText, _ target: AlignableText, anchors: [AnchorPair] = [], glossary: Glossary = Glossary()
    ) throws(AlignmentError) -> Alignment {
        guard !source.sentences.isEmpty else { throw .emptySource }
        guard !target.sentences.isEmpty else { throw .emptyTarget }
        var sourceText = TokenizedText(sentences: source.sentences)
        var targetText = TokenizedText(sentences: target.sentences)

        // Dictionary-free correspondences, then the glossary's and the memory's.
        var prior = DictionaryFreeEvidence.cognatePrior(sourceText, targetText)
        var pairBonuses: [Int: [(target: Int, bonus: Double)]] = [:]
        for (number, entry) in glossary.entries.enumerated() {
            let sourceHits = sourceText.sentences(containing: entry.source)
            let targetHits = targetText.sentences(containing: entry.target)
            guard !sourceHits.isEmpty, !targetHits.isEmpty else { continue }
            let s = sourceText.addSyntheticToken("glossary \(number)", to: sourceHits)
            let t = targetText.addSyntheticToken("glossary \(number)", to: targetHits)
            prior.append((s, t, 1))
            for i in sourceHits {
                pairBonuses[i, default: []].append(contentsOf: targetHits.map { ($0, configuration.glossaryBonus) })
            }
        }
        for (i, targets) in DictionaryFreeEvidence.anchorPairs(anchors, sourceText, targetText) {
            pairBonuses[i, default: []].append(contentsOf: targets.map { ($0, configuration.anchorBonus) })
        }

        let total = configuration.shapePriors.values.reduce(0, +)
        var model = AlignmentModel(
            source: sourceText, target: targetText,
            length: LengthModel(source: sourceText.lengths, target: targetText.lengths),
            forward: TranslationTable(rows: [], coverage: []),
            backward: TranslationTable(rows: [], coverage: []),
            shapes: configuration.shapePriors.sorted { $0.value > $1.value }.map { ($0.key, log($0.value / total)) },
            pairBonuses: pairBonuses)

        // Paragraphs first when both texts have them; then sentences inside aligned paragraphs.
        var blocks = [(source: 0..<source.sentences.count, target: 0..<target.sentences.count)]
        if source.paragraphStarts.count > 1 && target.paragraphStarts.count > 1 {
            let sourceParagraphs = source.paragraphs, targetParagraphs = target.paragraphs
            var paragraphModel = model
            paragraphModel.source = sourceText.grouped(sourceParagraphs)
            paragraphModel.target = targetText.grouped(targetParagraphs)
            paragraphModel.length = LengthModel(source: paragraphModel.source.lengths, target: paragraphModel.target.lengths)
            paragraphModel.pairBonuses = Self.group(pairBonuses, sourceParagraphs, targetParagraphs)
            let paragraphBeads = align(
                &paragraphModel, prior: prior, blocks: [(0..<sourceParagraphs.count, 0..<targetParagraphs.count)])
            blocks = paragraphBeads.map { bead in
                (Self.sentences(of: bead.source, in: sourceParagraphs), Self.sentences(of: bead.target, in: targetParagraphs))
            }
        }

        let scored = align(&model, prior: prior, blocks: blocks)
        let sentenceCount = source.sentences.count + target.sentences.count
        let alignment = Alignment(
            beads: scored.map { Bead(source: $0.source, target: $0.target, confidence: $0.posterior) },
            sourceCount: source.sentences.count, targetCount: target.sentences.count,
            evidencePerSentence: scored.reduce(0) { $0 + $1.score } / Double(sentenceCount))
        let figures = Self.translationFigures(alignment, sourceText, targetText, prior: prior)
        if !figures.lengthRatio.isFinite
            || figures.lengthRatio < 1 / configuration.maximumLengthRatio || figures.lengthRatio > configuration.maximumLengthRatio
            || figures.unalignedShare > configuration.maximumUnalignedShare
            || figures.meanConfidence < configuration.minimumMeanConfidence
            || (figures.landmarks >= 5 && Double(figures.landmarksPaired) < configuration.minimumLandmarkShare * Double(figures.landmarks))
        {
            throw .notATranslation(figures)
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
            conditioningTypes: model.source.types.count, explainedTypes: model.target.types.count,
            entries: prior.map { ($0.source, $0.target, $0.weight) }, coverage: configuration.initialCoverage)
        model.backward = TranslationTable(
            conditioningTypes: model.target.types.count, explainedTypes: model.source.types.count,
            entries: prior.map { ($0.target, $0.source, $0.weight) }, coverage: configuration.initialCoverage)

        let rareMatches = InitialPath.rareMatches(model.source, model.target, prior: prior)
        var beads = blocks.map { block in
            search(model, block: block, near: InitialPath.through(rareMatches, block: block),
                   width: nil, posteriors: configuration.learningRounds == 0)
        }
        for round in 0..<configuration.learningRounds {
            learn(&model, from: beads.flatMap { $0 }, prior: prior)
            beads = zip(blocks, beads).map { block, previous in
                let path = [(i: 0, j: 0)] + previous.map {
                    (i: $0.source.upperBound - block.source.lowerBound, j: $0.target.upperBound - block.target.lowerBound)
                }
                return search(model, block: block, near: path, width: configuration.refinedBandWidth,
                              posteriors: round == configuration.learningRounds - 1)
            }
        }
        return beads.flatMap { $0 }
    }

    /// Searches one block in a band around `path` (block coordinates) of half-width `width`
    /// (nil: the initial width), doubling the width while the best path runs along its edge.
    private func search(
        _ model: AlignmentModel, block: (source: Range<Int>, target: Range<Int>), near path: [(i: Int, j: Int)],
        width: Int?, posteriors: Bool
    ) -> [ScoredBead] {
        let n = block.source.count, m = block.target.count
        if n == 0 || m == 0 {
            return block.source.map { ScoredBead(source: $0..<($0 + 1), target: block.target.lowerBound..<block.target.lowerBound, score: 0, posterior: 1) }
                + block.target.map { ScoredBead(source: block.source.upperBound..<block.source.upperBound, target: $0..<($0 + 1), score: 0, posterior: 1) }
        }
        let maxSide = model.shapes.reduce(1) { max($0, $1.shape.source, $1.shape.target) }
        // The band widens where the best path runs along its edge, and only there.
        var widths = [Int](repeating: width ?? max(2 * maxSide, configuration.initialBandWidth), count: n + 1)
        let search = LatticeSearch(temperature: configuration.posteriorTemperature)
        while true {
            let band = Band.around(path: path, sourceCount: n, targetCount: m, widths: widths)
            var scorer = BeadScorer(
                model: model, sourceBase: block.source.lowerBound, n: n,
                targetBase: block.target.lowerBound, m: m, band: band, maxSide: maxSide)
            let found = search.run(scorer: &scorer, band: band, shapes: model.shapes, posteriors: posteriors)
            let crowded = band.coversEverything
                ? [] : band.crowdedRows(by: found.map { (i: $0.source.upperBound, j: $0.target.upperBound) }, margin: 2)
            if crowded.isEmpty {
                return found.map {
                    ScoredBead(
                        source: ($0.source.lowerBound + block.source.lowerBound)..<($0.source.upperBound + block.source.lowerBound),
                        target: ($0.target.lowerBound + block.target.lowerBound)..<($0.target.upperBound + block.target.lowerBound),
                        score: $0.score, posterior: $0.posterior)
                }
            }
            var widened = widths
            for row in crowded {
                let reach = 2 * widths[row]
                for i in max(0, row - reach)...min(n, row + reach) { widened[i] = max(widened[i], 2 * widths[row]) }
            }
            widths = widened
        }
    }

    /// Re-estimates the shape priors, the length model and the translation tables from an alignment.
    private func learn(
        _ model: inout AlignmentModel, from beads: [ScoredBead], prior: [(source: Int32, target: Int32, weight: Double)]
    ) {
        var counts: [BeadShape: Double] = [:]
        for bead in beads { counts[BeadShape(bead.source.count, bead.target.count), default: 0] += 1 }
        let total = configuration.shapePriors.values.reduce(0, +)
        let weight = configuration.shapePriorWeight
        model.shapes = model.shapes.map { entry in
            let base = (configuration.shapePriors[entry.shape] ?? 0) / total
            return (entry.shape, log((counts[entry.shape, default: 0] + weight * base) / (Double(beads.count) + weight)))
        }

        var content = beads.filter { !$0.source.isEmpty && !$0.target.isEmpty }
        model.length.refit(pairs: content.filter { $0.source.count == 1 && $0.target.count == 1 }.map {
            (model.source.lengths[$0.source.lowerBound], model.target.lengths[$0.target.lowerBound])
        })
        // A long document trains on evenly spread beads only: training time stays bounded.
        if content.count > configuration.maximumTrainingBeads {
            let step = Double(content.count) / Double(configuration.maximumTrainingBeads)
            content = (0..<configuration.maximumTrainingBeads).map { content[Int(Double($0) * step)] }
        }
        let spans = content.map { bead in
            ModelOneTrainer.Span(
                source: bead.source.flatMap { model.source.sentences[$0] },
                target: bead.target.flatMap { model.target.sentences[$0] })
        }
        var spanOfSource = [Int32](repeating: -1, count: model.source.sentences.count)
        var spanOfTarget = [Int32](repeating: -1, count: model.target.sentences.count)
        for (index, bead) in content.enumerated() {
            for i in bead.source { spanOfSource[i] = Int32(index) }
            for j in bead.target { spanOfTarget[j] = Int32(index) }
        }
        (model.forward, model.backward) = ModelOneTrainer().train(
            spans: spans, source: model.source, target: model.target,
            sourceSpanOfUnit: spanOfSource, targetSpanOfUnit: spanOfTarget, prior: prior,
            initialCoverage: (model.forward.coverage, model.backward.coverage),
            warmStart: (model.forward, model.backward))
    }

    // MARK: - Is it a translation?

    private static func translationFigures(
        _ alignment: Alignment, _ source: TokenizedText, _ target: TokenizedText,
        prior: [(source: Int32, target: Int32, weight: Double)]
    ) -> AlignmentError.NotATranslation {
        let landmarks = InitialPath.rareMatches(source, target, prior: prior)
        var beadOfSource = [Int](repeating: -1, count: alignment.sourceCount)
        var beadOfTarget = [Int](repeating: -2, count: alignment.targetCount)
        for (index, bead) in alignment.beads.enumerated() {
            for i in bead.source { beadOfSource[i] = index }
            for j in bead.target { beadOfTarget[j] = index }
        }
        return AlignmentError.NotATranslation(
            sourceSentences: alignment.sourceCount, targetSentences: alignment.targetCount,
            lengthRatio: target.lengths.reduce(0, +) / max(1, source.lengths.reduce(0, +)),
            unalignedShare: alignment.unalignedShare, meanConfidence: alignment.meanConfidence,
            landmarks: landmarks.count,
            landmarksPaired: landmarks.filter { beadOfSource[$0.i] == beadOfTarget[$0.j] }.count)
    }

    // MARK: - Paragraphs

    /// The sentences of a range of paragraphs (an empty range sits before paragraph `lowerBound`).
    private static func sentences(of units: Range<Int>, in paragraphs: [Range<Int>]) -> Range<Int> {
        let end = paragraphs.last?.upperBound ?? 0
        func start(_ paragraph: Int) -> Int { paragraph < paragraphs.count ? paragraphs[paragraph].lowerBound : end }
        return units.isEmpty ? start(units.lowerBound)..<start(units.lowerBound) : start(units.lowerBound)..<paragraphs[units.upperBound - 1].upperBound
    }

    /// Sentence pair bonuses as paragraph pair bonuses.
    private static func group(
        _ bonuses: [Int: [(target: Int, bonus: Double)]], _ source: [Range<Int>], _ target: [Range<Int>]
    ) -> [Int: [(target: Int, bonus: Double)]] {
        func unit(_ sentence: Int, _ ranges: [Range<Int>]) -> Int? { ranges.firstIndex { $0.contains(sentence) } }
        var grouped: [Int: [(target: Int, bonus: Double)]] = [:]
        for (i, targets) in bonuses {
            guard let paragraph = unit(i, source) else { continue }
            grouped[paragraph, default: []].append(contentsOf: targets.compactMap { entry in
                unit(entry.target, target).map { ($0, entry.bonus) }
            })
        }
        return grouped
    }
}
