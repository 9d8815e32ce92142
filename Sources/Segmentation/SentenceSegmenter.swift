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
                        text: String(decoding: piece, as: UTF16.self)
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
final class RuleProgram: Sendable {
    enum Evaluation: Sendable {
        /// Matched at each candidate position as `(?<=before)(?=after)`.
        case atPosition(CompiledPattern)
        /// Matched over the whole paragraph once; the positions are kept.
        case scan(CompiledPattern)
        /// Both patterns empty: matches everywhere.
        case always
    }

    struct Rule: Sendable {
        var isBreak: Bool
        var evaluation: Evaluation
        /// Index in `characterSets` of the characters `beforebreak` can end with (nil: any).
        var last: Int?
        /// Index in `characterSets` of the characters `afterbreak` can start with (nil: any).
        var first: Int?
        var source: SRXRule
    }

    let rules: [Rule]
    /// Patterns matching one character of each set the rules need.
    let characterSets: [CompiledPattern]
    /// The union of every break rule's `last` set, when all have one.
    let breakLastUnion: Int?
    let breakRuleIndices: [Int]

    init(_ sources: [SRXRule], file: String) throws(SRXError) {
        var sets: [String: Int] = [:]
        var setPatterns: [CompiledPattern] = []
        func setIndex(_ atoms: [String], caseInsensitive: Bool) -> Int? {
            let pattern = (caseInsensitive ? "(?i)" : "") + "(?:" + Set(atoms).sorted().joined(separator: "|") + ")"
            if let index = sets[pattern] { return index }
            guard let compiled = try? CompiledPattern(pattern) else { return nil }
            sets[pattern] = setPatterns.count
            setPatterns.append(compiled)
            return setPatterns.count - 1
        }
        var rules: [Rule] = []
        var unionAtoms: [String]? = []
        var unionCaseInsensitive = false
        for source in sources {
            let before = PatternDialect.icuPattern(fromJava: source.beforeBreak)
            let after = PatternDialect.icuPattern(fromJava: source.afterBreak)
            func fail(_ message: String) -> SRXError {
                SRXError(file: file, line: source.line, message: "rule \(source.number) of languagerule '\(source.ruleSetName)': \(message)")
            }
            var evaluation: Evaluation
            var last: Int? = nil, first: Int? = nil
            if before.isEmpty && after.isEmpty {
                evaluation = .always
            } else {
                let ahead = after.isEmpty ? "" : "(?=" + after + ")"
                do {
                    evaluation = .atPosition(try CompiledPattern((before.isEmpty ? "" : "(?<=" + before + ")") + ahead))
                } catch where error.isLookBehindLimit {
                    if let bounded = try? CompiledPattern("(?<=" + PatternAnalysis.bounded(before) + ")" + ahead) {
                        evaluation = .atPosition(bounded)
                    } else {
                        do {
                            evaluation = .scan(try CompiledPattern("(?:" + before + ")" + ahead))
                        } catch {
                            throw fail("cannot compile \"\(source.beforeBreak)\" / \"\(source.afterBreak)\": \(error.reason)")
                        }
                    }
                } catch {
                    throw fail("cannot compile \"\(source.beforeBreak)\" / \"\(source.afterBreak)\": \(error.reason)")
                }
                if case .atPosition = evaluation {
                    if !before.isEmpty {
                        let analysis = PatternAnalysis(before)
                        if let atoms = analysis.last { last = setIndex(atoms, caseInsensitive: analysis.isCaseInsensitive) }
                        if source.isBreak {
                            if let atoms = analysis.last, last != nil, unionAtoms != nil {
                                unionAtoms! += atoms
                                unionCaseInsensitive = unionCaseInsensitive || analysis.isCaseInsensitive
                            } else { unionAtoms = nil }
                        }
                    } else if source.isBreak { unionAtoms = nil }
                    if !after.isEmpty {
                        let analysis = PatternAnalysis(after)
                        if let atoms = analysis.first { first = setIndex(atoms, caseInsensitive: analysis.isCaseInsensitive) }
                    }
                    if last == nil && first == nil, case .atPosition(let pattern) = evaluation {
                        evaluation = .scan(pattern)
                    }
                }
            }
            if source.isBreak, case .scan = evaluation { unionAtoms = nil }
            if source.isBreak, case .always = evaluation { unionAtoms = nil }
            rules.append(Rule(isBreak: source.isBreak, evaluation: evaluation, last: last, first: first, source: source))
        }
        breakLastUnion = unionAtoms.flatMap { $0.isEmpty ? nil : setIndex($0, caseInsensitive: unionCaseInsensitive) }
        characterSets = setPatterns
        self.rules = rules
        breakRuleIndices = rules.indices.filter { rules[$0].isBreak }
    }
}

/// One segmentation call's mutable state: ICU matchers and character-set lookup tables.
private final class Session {
    let program: RuleProgram
    var matchers: [PatternMatcher?]
    var boundParagraph: [Int]
    var paragraphNumber = 0
    var scanned: [Set<Int>?]
    let setMatchers: [PatternMatcher]
    /// Per set, per UTF-16 unit: 0 unknown, 1 member, 2 not a member.
    var tables: [[UInt8]]
    var text = UnsafeBufferPointer<UInt16>(start: nil, count: 0)

    init(_ program: RuleProgram) {
        self.program = program
        matchers = program.rules.map {
            switch $0.evaluation {
            case .atPosition(let p), .scan(let p): p.makeMatcher()
            case .always: nil
            }
        }
        boundParagraph = Array(repeating: -1, count: program.rules.count)
        scanned = Array(repeating: nil, count: program.rules.count)
        setMatchers = program.characterSets.map { $0.makeMatcher() }
        tables = Array(repeating: [], count: program.characterSets.count)
    }

    @inline(__always)
    func contains(_ set: Int, _ unit: UInt16) -> Bool {
        if unit & 0xF800 == 0xD800 { return true } // surrogates: be conservative
        if tables[set].isEmpty { tables[set] = [UInt8](repeating: 0, count: 65536) }
        let known = tables[set][Int(unit)]
        if known != 0 { return known == 1 }
        var single = unit
        let member = withUnsafePointer(to: &single) { pointer in
            setMatchers[set].setText(UnsafeBufferPointer(start: pointer, count: 1))
            return setMatchers[set].matchesWholeText()
        }
        tables[set][Int(unit)] = member ? 1 : 2
        return member
    }

    @inline(__always)
    func passesFilter(_ rule: RuleProgram.Rule, at position: Int) -> Bool {
        if let last = rule.last, !contains(last, text[position - 1]) { return false }
        if let first = rule.first, !contains(first, text[position]) { return false }
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
        let rule = program.rules[index]
        switch rule.evaluation {
        case .always: return true
        case .scan: return scannedPositions(index).contains(position)
        case .atPosition:
            guard passesFilter(rule, at: position) else { return false }
            return matcher(index).matches(at: position)
        }
    }

    /// The break positions (UTF-16 offsets, strictly inside) of one paragraph.
    func breaks(in paragraph: UnsafeBufferPointer<UInt16>) -> [Int] {
        text = paragraph
        paragraphNumber += 1
        for i in scanned.indices { scanned[i] = nil }
        let count = paragraph.count
        guard count > 1 else { return [] }

        var candidates: [Int] = []
        var needsSort = false
        let breakRules = program.breakRuleIndices
        if let union = program.breakLastUnion {
            for position in 1..<count where contains(union, paragraph[position - 1]) {
                for index in breakRules where passesFilter(program.rules[index], at: position) {
                    candidates.append(position)
                    break
                }
            }
        } else {
            for index in breakRules {
                switch program.rules[index].evaluation {
                case .always:
                    candidates = Array(1..<count)
                case .scan:
                    candidates += scannedPositions(index).filter { $0 > 0 && $0 < count }
                    needsSort = true
                case .atPosition:
                    for position in 1..<count where passesFilter(program.rules[index], at: position) {
                        candidates.append(position)
                    }
                    needsSort = true
                }
            }
        }
        if needsSort { candidates = Array(Set(candidates)).sorted() }

        var result: [Int] = []
        for position in candidates {
            for index in program.rules.indices where matches(index, at: position) {
                if program.rules[index].isBreak { result.append(position) }
                break
            }
        }
        return result
    }
}
