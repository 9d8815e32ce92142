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
    /// Candidates by the scalar before the position: the last scalars of break rules'
    /// `beforebreak` patterns.
    private let candidatesByPrevious: EdgeFilter
    /// Candidates by the scalar after the position, for break rules whose `beforebreak`
    /// can end anywhere.
    private let candidatesByNext: EdgeFilter
    private let everyPositionIsCandidate: Bool

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
        try self.init(rules: selected, language: language)
    }

    /// Prepares an explicit, ordered list of rules.
    /// - Throws: ``SRXError`` when a rule does not compile.
    public init(rules: [SRXRule], language: String) throws(SRXError) {
        var compiled: [CompiledRule] = []
        for rule in rules {
            compiled.append(try CompiledRule(rule))
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
        let anchoredBefore = breakRules.filter { !compiled[$0].before.edge.allowsEverything }
        let floatingBefore = breakRules.filter { compiled[$0].before.edge.allowsEverything }
        candidatesByPrevious = EdgeFilter(union: anchoredBefore.map { compiled[$0].before.edge })
        candidatesByNext = EdgeFilter(union: floatingBefore.map { compiled[$0].after.edge })
        everyPositionIsCandidate = floatingBefore.contains { compiled[$0].after.edge.allowsEverything }
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
        return text.withUTF8 { segment(utf8: $0) }
    }

    /// Splits UTF-8 text that is known to be valid (as a `String`'s storage is).
    private func segment(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [Segment] {
        var segments: [Segment] = []
        var scalars: [UInt32] = []
        var byteOffsets: [Int] = []
        var breaks: [Int] = []
        var scratch = MatchScratch()
        var paragraphIndex = 0
        var paragraphStart = 0  // in scalars, from the start of the text
        var index = 0
        let count = bytes.count

        while true {
            scalars.removeAll(keepingCapacity: true)
            byteOffsets.removeAll(keepingCapacity: true)
            var separatorScalars = 0
            var separatorBytes = 0
            while index < count {
                let (value, length) = Self.decode(bytes, at: index)
                if value == 0x0A || value == 0x0D || value == 0x2028 || value == 0x2029 {
                    separatorScalars = 1
                    separatorBytes = length
                    if value == 0x0D, index + 1 < count, bytes[index + 1] == 0x0A {
                        separatorScalars = 2
                        separatorBytes = 2
                    }
                    break
                }
                scalars.append(value)
                byteOffsets.append(index)
                index += length
            }
            byteOffsets.append(index)

            if !scalars.isEmpty {
                scalars.withUnsafeBufferPointer { buffer in
                    let paragraph = Paragraph(scalars: buffer, serial: paragraphIndex)
                    breaks.removeAll(keepingCapacity: true)
                    findBreaks(in: paragraph, into: &breaks, scratch: &scratch)
                    breaks.append(buffer.count)
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
            }
            guard index < count else { break }
            paragraphStart += scalars.count + separatorScalars
            paragraphIndex += 1
            index += separatorBytes
        }
        return segments
    }

    /// The break positions inside one paragraph, in order.
    private func findBreaks(in paragraph: Paragraph, into breaks: inout [Int], scratch: inout MatchScratch) {
        let text = paragraph.scalars
        guard text.count > 1, !rules.isEmpty else { return }
        for position in 1..<text.count {
            let previous = text[position - 1]
            let next = text[position]
            guard everyPositionIsCandidate
                || candidatesByPrevious.allows(previous)
                || candidatesByNext.allows(next) else { continue }
            if isBreak(in: paragraph, at: position, previous: previous, next: next, scratch: &scratch) {
                breaks.append(position)
            }
        }
    }

    /// SRX's decision at one position: the first rule that applies.
    private func isBreak(in paragraph: Paragraph, at position: Int, previous: UInt32, next: UInt32, scratch: inout MatchScratch) -> Bool {
        // Only rules up to the last break rule that could apply here matter.
        var last = -1
        for index in breakRules.reversed() where rules[index].edgesAllow(previous: previous, next: next) {
            last = index
            break
        }
        guard last >= 0 else { return false }
        for index in 0...last {
            let rule = rules[index]
            if rule.edgesAllow(previous: previous, next: next), rule.applies(in: paragraph, at: position, scratch: &scratch) {
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
