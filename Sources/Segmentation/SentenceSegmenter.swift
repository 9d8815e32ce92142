/// A sentence (or other segment) of a text, located in it.
public struct Segment: Sendable, Hashable {
    /// 0-based number of the paragraph (non-empty line of the input) the segment is in.
    public var paragraph: Int
    /// 0-based number of the segment in the whole text.
    public var index: Int
    /// Where the segment is, in Unicode code points from the start of the text
    /// (end-exclusive); surrounding whitespace is not included.
    public var range: Range<Int>
    /// The segment's text, exactly `range` of the input.
    public var text: String

    public init(paragraph: Int, index: Int, range: Range<Int>, text: String) {
        self.paragraph = paragraph
        self.index = index
        self.range = range
        self.text = text
    }
}

/// Splits text into sentences with the rules of an SRX document for one language.
///
/// A line break always ends a segment (input is one paragraph per line); inside a
/// paragraph, every position where a rule matches is decided by the first rule that
/// matches there (SRX semantics: rules in order, break or no-break, no rule → no break).
///
/// Rules are evaluated only where they can match: each rule's `beforebreak` is analysed
/// for the characters it can end with, its `afterbreak` for those it can start with, and a
/// position is a candidate only if some break rule passes that cheap test. There the
/// rules run as ICU look-arounds (`(?<=before)(?=after)`) anchored at the position. Rules
/// that cannot be analysed are matched over the whole paragraph once instead, so any SRX
/// file works; Tandem's own rules are written to be analysable.
///
/// A segmenter is immutable and can be shared between threads; each call of
/// ``segment(_:)`` works with its own matchers.
public struct SentenceSegmenter: Sendable {
    /// The language the rules were chosen for.
    public let language: String
    let program: RuleProgram

    /// A segmenter with the rules `rules` maps to `language`.
    /// - Throws: ``SegmentationError/unknownLanguage(_:rules:known:)`` when no map matches,
    ///   ``SRXError`` when a rule cannot be compiled.
    public init(rules: SRXDocument, language: String) throws {
        self.language = language
        program = try RuleProgram(rules.rules(forLanguage: language), file: rules.name)
    }

    /// A segmenter with an explicit, ordered list of rules.
    public init(rules: [SRXRule], language: String = "") throws {
        self.language = language
        program = try RuleProgram(rules, file: "rules")
    }

    /// A segmenter with Tandem's own rules for `language` (`fr`, `en`).
    public init(language: String) throws {
        try self.init(rules: SRXDocument.tandemDefault, language: language)
    }

    /// The segments of `text`, in order.
    public func segment(_ text: String) -> [Segment] {
        var units = Array(text.utf16)
        return units.withUnsafeMutableBufferPointer { buffer in
            let all = UnsafeBufferPointer(buffer)
            let session = Session(program)
            let codePoints = CodePointIndex(all)
            var segments: [Segment] = []
            var paragraph = 0
            var start = 0
            while start <= all.count {
                var end = start
                while end < all.count, !isParagraphSeparator(all[end]) { end += 1 }
                let units = UnsafeBufferPointer(rebasing: all[start..<end])
                var pieceStart = 0
                var produced = false
                func emit(_ from: Int, _ to: Int) {
                    var lower = from, upper = to
                    while lower < upper, isSpace(units[lower]) { lower += 1 }
                    while upper > lower, isSpace(units[upper - 1]) { upper -= 1 }
                    guard lower < upper else { return }
                    let piece = UnsafeBufferPointer(rebasing: units[lower..<upper])
                    segments.append(Segment(
                        paragraph: paragraph, index: segments.count,
                        range: codePoints[start + lower]..<codePoints[start + upper],
                        text: makeString(piece)
                    ))
                    produced = true
                }
                if !units.isEmpty {
                    for position in session.breaks(in: units) {
                        emit(pieceStart, position)
                        pieceStart = position
                    }
                    emit(pieceStart, units.count)
                }
                if produced { paragraph += 1 }
                start = end + 1
            }
            return segments
        }
    }

    /// The break positions inside one paragraph, in UTF-16 units (for tests and tools).
    func breakPositions(inParagraph text: String) -> [Int] {
        let units = Array(text.utf16)
        return units.withUnsafeBufferPointer { Session(program).breaks(in: $0) }
    }
}

/// A string from UTF-16 (well-formed: it comes from a `String`), transcoded by hand:
/// `String(decoding:as: UTF16.self)` is several times slower.
func makeString(_ units: UnsafeBufferPointer<UInt16>) -> String {
    String(unsafeUninitializedCapacity: units.count * 3) { buffer in
        var out = 0
        var i = 0
        while i < units.count {
            let u = UInt32(units[i])
            i += 1
            if u < 0x80 {
                buffer[out] = UInt8(u); out += 1
            } else if u < 0x800 {
                buffer[out] = UInt8(0xC0 | (u >> 6)); buffer[out + 1] = UInt8(0x80 | (u & 0x3F)); out += 2
            } else if u & 0xFC00 == 0xD800, i < units.count, units[i] & 0xFC00 == 0xDC00 {
                let c = 0x10000 + ((u - 0xD800) << 10) + (UInt32(units[i]) - 0xDC00)
                i += 1
                buffer[out] = UInt8(0xF0 | (c >> 18)); buffer[out + 1] = UInt8(0x80 | ((c >> 12) & 0x3F))
                buffer[out + 2] = UInt8(0x80 | ((c >> 6) & 0x3F)); buffer[out + 3] = UInt8(0x80 | (c & 0x3F)); out += 4
            } else {
                let c = u & 0xF800 == 0xD800 ? 0xFFFD : u
                buffer[out] = UInt8(0xE0 | (c >> 12)); buffer[out + 1] = UInt8(0x80 | ((c >> 6) & 0x3F))
                buffer[out + 2] = UInt8(0x80 | (c & 0x3F)); out += 3
            }
        }
        return out
    }
}

@inline(__always)
func isParagraphSeparator(_ unit: UInt16) -> Bool {
    unit == 0x0A || unit == 0x0D || unit == 0x2029
}

@inline(__always)
func isSpace(_ unit: UInt16) -> Bool {
    switch unit {
    case 0x20, 0x09...0x0D, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: true
    default: false
    }
}

/// UTF-16 offsets to code-point offsets (the identity unless the text has surrogate pairs).
private struct CodePointIndex {
    private var prefix: [Int32]?

    init(_ units: UnsafeBufferPointer<UInt16>) {
        guard units.contains(where: { $0 & 0xFC00 == 0xDC00 }) else { return }
        var table = [Int32](repeating: 0, count: units.count + 1)
        var lows: Int32 = 0
        for (i, unit) in units.enumerated() {
            table[i] = Int32(i) - lows
            if unit & 0xFC00 == 0xDC00 { lows += 1 }
        }
        table[units.count] = Int32(units.count) - lows
        prefix = table
    }

    subscript(_ utf16Offset: Int) -> Int {
        prefix.map { Int($0[utf16Offset]) } ?? utf16Offset
    }
}

/// The compiled form of an ordered rule list.
///
/// Consecutive rules with the same decision are merged into one ICU pattern
/// (`(?<=b1)(?=a1)|(?<=b2)(?=a2)|…`): among rules that decide alike, which one matches
/// first does not change the outcome, and one call replaces several.
final class RuleProgram: Sendable {
    enum Evaluation: Sendable {
        /// Matched at each candidate position as `(?<=before)(?=after)`.
        case atPosition(CompiledPattern)
        /// `beforebreak` starts with `^` and is long: matched forwards as
        /// `(?:before)(?=after)` over all of the text before the position (ICU look-behinds
        /// try every length, which is slow for long ones).
        case fromStart(CompiledPattern)
        /// Not analysable: matched over the whole paragraph once; the positions are kept.
        case scan(CompiledPattern)
        /// Both patterns empty: matches everywhere.
        case always
    }

    struct Rule: Sendable {
        var isBreak: Bool
        var evaluation: Evaluation
        /// Index in `characterSets` of the characters `beforebreak` can end with (-1: any).
        var last: Int
        /// Index in `characterSets` of the characters `afterbreak` can start with (-1: any).
        var first: Int
        /// The SRX rules this rule stands for.
        var sources: [SRXRule]
    }

    let rules: [Rule]
    /// Patterns matching one character of each set the rules need.
    let characterSets: [CompiledPattern]
    /// The union of every break rule's `last` set, when all have one (-1 otherwise).
    let breakLastUnion: Int

    /// A rule on its way to compilation.
    private struct Draft {
        var source: SRXRule
        var lookaround: String?
        var evaluation: Evaluation
        var last: [String]?
        var first: [String]?
        var caseInsensitive: Bool
        var mergeable: Bool
    }

    init(_ sources: [SRXRule], file: String) throws(SRXError) {
        var drafts: [Draft] = []
        for source in sources {
            drafts.append(try Self.draft(source, file: file))
        }

        var sets: [String: Int] = [:]
        var setPatterns: [CompiledPattern] = []
        func setIndex(_ atoms: [String]?, caseInsensitive: Bool) -> Int {
            guard let atoms, !atoms.isEmpty else { return -1 }
            let pattern = (caseInsensitive ? "(?i)" : "") + "(?:" + Set(atoms).sorted().joined(separator: "|") + ")"
            if let index = sets[pattern] { return index }
            guard let compiled = try? CompiledPattern(pattern) else { return -1 }
            sets[pattern] = setPatterns.count
            setPatterns.append(compiled)
            return setPatterns.count - 1
        }

        // Merge runs of mergeable rules with the same decision.
        var rules: [Rule] = []
        var index = 0
        while index < drafts.count {
            var run = [drafts[index]]
            if drafts[index].mergeable {
                while index + run.count < drafts.count, drafts[index + run.count].mergeable,
                      drafts[index + run.count].source.isBreak == drafts[index].source.isBreak {
                    run.append(drafts[index + run.count])
                }
            }
            index += run.count
            var evaluation = run[0].evaluation
            if run.count > 1, let merged = try? CompiledPattern(run.map { $0.lookaround! }.joined(separator: "|")) {
                evaluation = .atPosition(merged)
            } else if run.count > 1 {
                index -= run.count - 1
                run = [run[0]]
            }
            func union(_ sets: [[String]?]) -> [String]? {
                var all: [String] = []
                for set in sets { guard let set else { return nil }; all += set }
                return all
            }
            let caseInsensitive = run.contains { $0.caseInsensitive }
            rules.append(Rule(
                isBreak: run[0].source.isBreak, evaluation: evaluation,
                last: setIndex(union(run.map(\.last)), caseInsensitive: caseInsensitive),
                first: setIndex(union(run.map(\.first)), caseInsensitive: caseInsensitive),
                sources: run.map(\.source)
            ))
        }

        var unionAtoms: [String]? = []
        var unionCaseInsensitive = false
        for draft in drafts where draft.source.isBreak {
            guard let last = draft.last else { unionAtoms = nil; break }
            switch draft.evaluation {
            case .atPosition, .fromStart: break
            default: unionAtoms = nil
            }
            if unionAtoms == nil { break }
            unionAtoms! += last
            unionCaseInsensitive = unionCaseInsensitive || draft.caseInsensitive
        }
        for rule in rules where rule.isBreak && rule.last < 0 { unionAtoms = nil }
        breakLastUnion = setIndex(unionAtoms, caseInsensitive: unionCaseInsensitive)
        characterSets = setPatterns
        self.rules = rules
    }

    private static func draft(_ source: SRXRule, file: String) throws(SRXError) -> Draft {
        let before = PatternDialect.icuPattern(fromJava: source.beforeBreak)
        let after = PatternDialect.icuPattern(fromJava: source.afterBreak)
        func fail(_ error: PatternSyntaxError) -> SRXError {
            SRXError(file: file, line: source.line, message: "rule \(source.number) of languagerule '\(source.ruleSetName)': cannot compile beforebreak \"\(source.beforeBreak)\" with afterbreak \"\(source.afterBreak)\": \(error.reason)")
        }
        if before.isEmpty && after.isEmpty {
            return Draft(source: source, lookaround: nil, evaluation: .always, last: nil, first: nil, caseInsensitive: false, mergeable: false)
        }
        let beforeAnalysis = PatternAnalysis(before)
        let afterAnalysis = PatternAnalysis(after)
        let ahead = after.isEmpty ? "" : "(?=" + after + ")"
        var lookaround = (before.isEmpty ? "" : "(?<=" + before + ")") + ahead
        var evaluation: Evaluation
        do {
            evaluation = .atPosition(try CompiledPattern(lookaround))
        } catch where error.isLookBehindLimit {
            let bounded = "(?<=" + PatternAnalysis.bounded(before) + ")" + ahead
            if let compiled = try? CompiledPattern(bounded) {
                lookaround = bounded
                evaluation = .atPosition(compiled)
            } else {
                do { evaluation = .scan(try CompiledPattern("(?:" + before + ")" + ahead)) } catch { throw fail(error) }
            }
        } catch {
            throw fail(error)
        }
        if beforeAnalysis.isAnchoredAtStart, !beforeAnalysis.hasBackReference, isLong(before),
           let forward = try? CompiledPattern("(?:" + before + ")" + ahead) {
            evaluation = .fromStart(forward)
        }
        let last = before.isEmpty ? nil : beforeAnalysis.last
        let first = after.isEmpty ? nil : afterAnalysis.first
        if last == nil && first == nil {
            switch evaluation {
            case .atPosition(let pattern), .fromStart(let pattern): evaluation = .scan(pattern)
            default: break
            }
        }
        var mergeable = false
        if case .atPosition = evaluation { mergeable = !beforeAnalysis.hasBackReference && !afterAnalysis.hasBackReference }
        return Draft(source: source, lookaround: lookaround, evaluation: evaluation, last: last, first: first,
                     caseInsensitive: beforeAnalysis.isCaseInsensitive || afterAnalysis.isCaseInsensitive, mergeable: mergeable)
    }

    /// Whether a pattern can match long stretches (`*`, `+`, or a repetition of 20 or more).
    private static func isLong(_ pattern: String) -> Bool {
        if pattern.contains("*") || pattern.contains("+") { return true }
        var digits = ""
        for character in pattern {
            if character.isASCII, character.isNumber { digits.append(character) }
            else {
                if character == "}", let n = Int(digits), n >= 20 { return true }
                digits = ""
            }
        }
        return false
    }
}

/// One segmentation call's mutable state: ICU matchers and character-set lookup tables.
private final class Session {
    let program: RuleProgram
    let count: Int
    // The rules, flattened for the hot loop.
    let isBreak: [Bool]
    let last: [Int]
    let first: [Int]
    /// 0 at position, 1 from start, 2 scan, 3 always.
    let kind: [UInt8]
    let breakRules: [Int]
    var matchers: [PatternMatcher?]
    var boundParagraph: [Int]
    var paragraphNumber = 0
    var scanned: [Set<Int>?]
    let setMatchers: [PatternMatcher]
    /// Per set, per UTF-16 unit: 0 unknown, 1 member, 2 not a member.
    let tables: UnsafeMutablePointer<UInt8>
    var text = UnsafeBufferPointer<UInt16>(start: nil, count: 0)

    init(_ program: RuleProgram) {
        self.program = program
        let rules = program.rules
        count = rules.count
        isBreak = rules.map(\.isBreak)
        last = rules.map(\.last)
        first = rules.map(\.first)
        kind = rules.map {
            switch $0.evaluation {
            case .atPosition: 0
            case .fromStart: 1
            case .scan: 2
            case .always: 3
            }
        }
        breakRules = rules.indices.filter { rules[$0].isBreak }
        matchers = rules.map {
            switch $0.evaluation {
            case .atPosition(let p), .fromStart(let p), .scan(let p): p.makeMatcher()
            case .always: nil
            }
        }
        boundParagraph = Array(repeating: -1, count: rules.count)
        scanned = Array(repeating: nil, count: rules.count)
        setMatchers = program.characterSets.map { $0.makeMatcher() }
        tables = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, program.characterSets.count) << 16)
        tables.initialize(repeating: 0, count: max(1, program.characterSets.count) << 16)
    }

    deinit { tables.deallocate() }

    @inline(__always)
    func contains(_ set: Int, _ unit: UInt16) -> Bool {
        let known = tables[set << 16 | Int(unit)]
        if known != 0 { return known == 1 }
        return lookUp(set, unit)
    }

    private func lookUp(_ set: Int, _ unit: UInt16) -> Bool {
        // Surrogates: be conservative.
        var member = true
        if unit & 0xF800 != 0xD800 {
            var single = unit
            member = withUnsafePointer(to: &single) { pointer in
                setMatchers[set].setText(UnsafeBufferPointer(start: pointer, count: 1))
                return setMatchers[set].matchesWholeText()
            }
        }
        tables[set << 16 | Int(unit)] = member ? 1 : 2
        return member
    }

    @inline(__always)
    func passesFilter(_ rule: Int, at position: Int) -> Bool {
        let l = last[rule]
        if l >= 0, !contains(l, text[position - 1]) { return false }
        let f = first[rule]
        if f >= 0, !contains(f, text[position]) { return false }
        return true
    }

    func matcher(_ index: Int) -> PatternMatcher {
        let matcher = matchers[index]!
        if boundParagraph[index] != paragraphNumber {
            matcher.setText(text)
            boundParagraph[index] = paragraphNumber
        }
        return matcher
    }

    func scannedPositions(_ index: Int) -> Set<Int> {
        if let positions = scanned[index] { return positions }
        var positions = Set<Int>()
        matcher(index).forEachMatchEnd { positions.insert($0) }
        scanned[index] = positions
        return positions
    }

    func matches(_ index: Int, at position: Int) -> Bool {
        switch kind[index] {
        case 0:
            return passesFilter(index, at: position) && matcher(index).matches(at: position)
        case 1:
            return passesFilter(index, at: position) && matcher(index).matchesPrefix(upTo: position)
        case 2:
            return scannedPositions(index).contains(position)
        default:
            return true
        }
    }

    /// The break positions (UTF-16 offsets, strictly inside) of one paragraph.
    func breaks(in paragraph: UnsafeBufferPointer<UInt16>) -> [Int] {
        text = paragraph
        paragraphNumber += 1
        for i in scanned.indices where scanned[i] != nil { scanned[i] = nil }
        let length = paragraph.count
        guard length > 1 else { return [] }

        var candidates: [Int] = []
        var needsSort = false
        let union = program.breakLastUnion
        if union >= 0 {
            for position in 1..<length where contains(union, paragraph[position - 1]) {
                for index in breakRules where passesFilter(index, at: position) {
                    candidates.append(position)
                    break
                }
            }
        } else {
            for index in breakRules {
                switch kind[index] {
                case 3:
                    candidates = Array(1..<length)
                case 2:
                    candidates += scannedPositions(index).filter { $0 > 0 && $0 < length }
                default:
                    for position in 1..<length where passesFilter(index, at: position) {
                        candidates.append(position)
                    }
                }
                needsSort = true
            }
        }
        if needsSort { candidates = Array(Set(candidates)).sorted() }

        var result: [Int] = []
        for position in candidates {
            for index in 0..<count where matches(index, at: position) {
                if isBreak[index] { result.append(position) }
                break
            }
        }
        return result
    }
}
