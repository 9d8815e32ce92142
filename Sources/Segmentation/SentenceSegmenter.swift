/// Splits text into sentences with the SRX rules of one language.
///
/// ```swift
/// let segmenter = try SentenceSegmenter(language: "fr")          // Tandem's rules
/// for segment in segmenter.segment(article) {
///     print(segment.range, segment.text)
/// }
/// ```
///
/// Line breaks are paragraph breaks and always end a segment. Inside a paragraph, the
/// segmenter applies SRX semantics: at each position the first rule whose `beforebreak`
/// matches text ending there and whose `afterbreak` matches text starting there decides
/// (break or no break); where no rule matches there is no break.
///
/// It is fast because it never runs a rule where the rule cannot apply. From each break
/// rule's patterns it derives the scalars a match can end (or start) with, scans the
/// paragraph for positions where some break rule could match, and evaluates the rules in
/// order only there, each behind the same cheap test of the scalars around the position.
/// A break rule whose patterns could match around any scalar makes every position a
/// candidate: slower, never wrong.
public struct SentenceSegmenter: Sendable {
    /// The language the rules were chosen for.
    public let language: String
    private let rules: [CompiledRule]
    private let breakRules: [Int]
    /// The edge filters: 0, candidates by the scalar before a position; 1, candidates
    /// by the scalar after it; then, for rule `i` from `2 + 4i` on: the scalar before
    /// the position, the one after it, the one before that, the one after that.
    private let edges: EdgeTable
    private let everyPositionIsCandidate: Bool
    /// Rules whose `beforebreak` is anchored at the paragraph start: checked once per
    /// paragraph, and left out of the candidate scan (their break rules are scanned for
    /// separately, in the paragraphs where they can match).
    private let anchoredRules: [Int]

    /// Prepares the rules that `rules` maps to `language`.
    /// - Throws: ``SegmentationError/unsupportedLanguage(_:rules:supported:)`` when no
    ///   language map matches; ``SRXError`` when a rule does not compile.
    public init(rules document: SRXDocument = .default, language: String) throws {
        let selected = document.rules(forLanguage: language)
        if document.ruleSetNames(forLanguage: language).isEmpty {
            throw SegmentationError.unsupportedLanguage(
                language, rules: document.name, supported: document.languageMaps.map(\.languagePattern)
            )
        }
        try self.init(rules: selected, language: language, validatedPatterns: document.validatedPatterns)
    }

    /// Prepares an explicit, ordered list of rules.
    /// - Throws: ``SRXError`` when a rule does not compile.
    public init(rules: [SRXRule], language: String) throws(SRXError) {
        try self.init(rules: rules, language: language, validatedPatterns: [])
    }

    private init(rules: [SRXRule], language: String, validatedPatterns: Set<String>) throws(SRXError) {
        var compiled: [CompiledRule] = []
        for (index, rule) in rules.enumerated() {
            var rule = rule
            if rule.location.number == 0 { rule.location.number = index + 1 }
            compiled.append(try CompiledRule(rule, validatedPatterns: validatedPatterns))
        }
        // No-break rules after the last break rule can never change a decision.
        if let lastBreak = compiled.lastIndex(where: \.isBreak) {
            compiled.removeSubrange((lastBreak + 1)...)
        } else {
            compiled.removeAll()
        }
        self.language = language
        self.rules = compiled
        breakRules = compiled.indices.filter { compiled[$0].isBreak }
        // Each break rule contributes its more selective edge to the candidate scan: a
        // position where that edge fails cannot be a break by this rule.
        var byPrevious: [EdgeFilter] = []
        var byNext: [EdgeFilter] = []
        var everyPosition = false
        anchoredRules = compiled.indices.filter { compiled[$0].before.paragraphPrefix != nil }
        for index in breakRules where compiled[index].before.paragraphPrefix == nil {
            let before = compiled[index].before.edge
            let after = compiled[index].after.edge
            if before.allowsEverything, after.allowsEverything {
                everyPosition = true
            } else if before.estimatedFrequency <= after.estimatedFrequency {
                byPrevious.append(before)
            } else {
                byNext.append(after)
            }
        }
        everyPositionIsCandidate = everyPosition
        edges = EdgeTable([EdgeFilter(union: byPrevious), EdgeFilter(union: byNext)]
            + compiled.flatMap { [$0.before.edge, $0.after.edge, $0.before.secondEdge, $0.after.secondEdge] })
    }

    /// How many rules the segmenter evaluates, and how many of them run in ICU rather than
    /// in the native matcher (for diagnostics and benchmarks).
    public var ruleCounts: (rules: Int, runInICU: Int) {
        let icu = rules.filter { !$0.before.runsNatively || !$0.after.runsNatively }.count
        return (rules.count, icu)
    }

    /// Splits a text into segments.
    public func segment(_ text: String) -> [Segment] {
        var text = text
        var scratch = MatchScratch()
        return text.withUTF8 { segment(utf8: $0, scratch: &scratch) }
    }

    /// Segments a text and counts, per rule, how often it was evaluated and how often
    /// it decided: to see what a rule set costs (a rule evaluated at most positions is
    /// one whose patterns can start or end with too many characters).
    public func profile(_ text: String) -> (segments: [Segment], profile: SegmentationProfile) {
        var text = text
        var scratch = MatchScratch()
        scratch.profile = SegmentationProfile(rules: rules.map(\.source))
        let segments = text.withUTF8 { segment(utf8: $0, scratch: &scratch) }
        return (segments, scratch.profile!)
    }

    /// Splits UTF-8 text that is known to be valid (as a `String`'s storage is).
    private func segment(utf8 bytes: UnsafeBufferPointer<UInt8>, scratch: inout MatchScratch) -> [Segment] {
        var segments: [Segment] = []
        segments.reserveCapacity(bytes.count / 128)
        var breaks: [Int] = []
        // One paragraph's scalars and the byte offset of each (plus one past the end),
        // reused from paragraph to paragraph.
        var capacity = 0
        var scalars = UnsafeMutablePointer<UInt32>.allocate(capacity: 0)
        var byteOffsets = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        defer {
            scalars.deallocate()
            byteOffsets.deallocate()
        }
        var paragraphIndex = 0
        var paragraphStart = 0  // in scalars, from the start of the text
        var index = 0
        let count = bytes.count

        while true {
            let (end, separatorBytes, separatorScalars) = Self.paragraphEnd(in: bytes, from: index)
            if end - index > capacity {
                capacity = max(end - index, 2 * capacity)
                scalars.deallocate()
                byteOffsets.deallocate()
                scalars = .allocate(capacity: capacity)
                byteOffsets = .allocate(capacity: capacity + 1)
            }
            var length = 0
            while index < end {
                let (value, width) = Self.decode(bytes, at: index)
                scalars[length] = value
                byteOffsets[length] = index
                length += 1
                index += width
            }
            byteOffsets[length] = index

            if length > 0 {
                let buffer = UnsafeBufferPointer(start: scalars, count: length)
                let paragraph = Paragraph(scalars: buffer, serial: paragraphIndex)
                breaks.removeAll(keepingCapacity: true)
                findBreaks(in: paragraph, into: &breaks, scratch: &scratch)
                breaks.append(length)
                var start = 0
                for end in breaks {
                    var low = start
                    var high = end
                    while low < high, isWhiteSpace(buffer[low]) { low += 1 }
                    while high > low, isWhiteSpace(buffer[high - 1]) { high -= 1 }
                    if low < high {
                        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[byteOffsets[low]..<byteOffsets[high]]), as: UTF8.self)
                        segments.append(Segment(
                            paragraph: paragraphIndex, index: segments.count,
                            range: (paragraphStart + low)..<(paragraphStart + high), text: text
                        ))
                    }
                    start = end
                }
            }
            guard index < count else { break }
            paragraphStart += length + separatorScalars
            paragraphIndex += 1
            index += separatorBytes
        }
        return segments
    }

    /// Where the paragraph starting at byte `start` ends: at a line feed, a carriage
    /// return (with its line feed), U+2028 or U+2029, or the end of the text. Returns the
    /// end and the separator's length in bytes and in scalars.
    @inline(__always)
    private static func paragraphEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Int, Int) {
        var index = start
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 0x0A { return (index, 1, 1) }
            if byte == 0x0D {
                return index + 1 < count && bytes[index + 1] == 0x0A ? (index, 2, 2) : (index, 1, 1)
            }
            if byte == 0xE2, index + 2 < count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                return (index, 3, 1)
            }
            index += 1
        }
        return (count, 0, 0)
    }

    /// The break positions inside one paragraph, in order.
    private func findBreaks(in paragraph: Paragraph, into breaks: inout [Int], scratch: inout MatchScratch) {
        let text = paragraph.scalars
        guard text.count > 1, !rules.isEmpty else { return }
        let edges = edges
        let everyPosition = everyPositionIsCandidate
        // Anchored rules this paragraph cannot hold are skipped; the anchored break
        // rules it can hold are scanned for by both their edges.
        if scratch.skipped.count != rules.count { scratch.skipped = Array(repeating: false, count: rules.count) }
        var activeAnchoredBreaks: [Int] = []
        for index in anchoredRules {
            let possible = rules[index].before.mayMatch(in: paragraph, scratch: &scratch)
            scratch.skipped[index] = !possible
            if possible, rules[index].isBreak { activeAnchoredBreaks.append(index) }
        }
        for position in 1..<text.count {
            let previous = text[position - 1]
            let next = text[position]
            guard everyPosition || edges.allows(0, previous) || edges.allows(1, next)
                || activeAnchoredBreaks.contains(where: { edges.allows(2 + 4 * $0, previous) && edges.allows(3 + 4 * $0, next) })
            else { continue }
            if isBreak(in: paragraph, at: position, previous: previous, next: next, scratch: &scratch) {
                breaks.append(position)
            }
        }
    }

    /// SRX's decision at one position: the first rule that applies.
    private func isBreak(in paragraph: Paragraph, at position: Int, previous: UInt32, next: UInt32, scratch: inout MatchScratch) -> Bool {
        // Only rules up to the last break rule that could apply here matter.
        let edges = edges
        let text = paragraph.scalars
        // The scalars one further away; a missing one (paragraph edge) rules nothing out.
        let farPrevious = position >= 2 ? text[position - 2] : nil
        let farNext = position + 1 < text.count ? text[position + 1] : nil
        @inline(__always) func edgesAllow(_ index: Int) -> Bool {
            let base = 2 + 4 * index
            return edges.allows(base, previous) && edges.allows(base + 1, next)
                && (farPrevious.map { edges.allows(base + 2, $0) } ?? true)
                && (farNext.map { edges.allows(base + 3, $0) } ?? true)
        }
        var last = -1
        for index in breakRules.reversed() where !scratch.skipped[index] && edgesAllow(index) {
            last = index
            break
        }
        guard last >= 0 else { return false }
        scratch.profile?.candidates += 1
        for index in 0...last where !scratch.skipped[index] && edgesAllow(index) {
            let rule = rules[index]
            scratch.profile?.rules[index].evaluations += 1
            if rule.applies(in: paragraph, at: position, scratch: &scratch) {
                scratch.profile?.rules[index].decisions += 1
                return rule.isBreak
            }
        }
        return false
    }

    /// Decodes the scalar at `index` of valid UTF-8.
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let b0 = UInt32(bytes[index])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
        }
        return ((b0 & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                    | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F), 4)
    }
}

/// The Unicode `White_Space` property: what is trimmed from segments.
@inline(__always)
func isWhiteSpace(_ value: UInt32) -> Bool {
    if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
    switch value {
    case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
    default: return false
    }
}

/// What segmenting a text cost, rule by rule (``SentenceSegmenter/profile(_:)``).
public struct SegmentationProfile: Sendable {
    public struct RuleCounts: Sendable {
        /// The rule as written.
        public var rule: SRXRule
        /// Positions where its patterns were run.
        public var evaluations = 0
        /// Positions it decided (it was the first rule to match).
        public var decisions = 0
    }

    /// Positions where some break rule could apply and the rules were consulted.
    public var candidates = 0
    /// The rules the segmenter evaluates, in order (no-break rules after the last break
    /// rule are dropped: they can never change a decision).
    public var rules: [RuleCounts]

    init(rules: [SRXRule]) {
        self.rules = rules.map { RuleCounts(rule: $0) }
    }
}
