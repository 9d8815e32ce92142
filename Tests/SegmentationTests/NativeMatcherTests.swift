import Foundation
import Testing
@testable import Segmentation

/// The native matcher must agree with ICU, the engine SRX rules are written for, on
/// everything it claims to run. ICU is the oracle in every test here.
@Suite struct NativeMatcherTests {
    /// Every BMP scalar (no surrogates) and a few beyond, one string.
    static let allScalars: [UInt32] = Array(0x0000..<0xD800) + Array(0xE000...0xFFFD) + [0x10400, 0x10428, 0x1D400, 0x1F600, 0xE0001]

    static let classes = [
        #"\s"#, #"\S"#, #"\d"#, #"\D"#, #"\w"#, #"\W"#, #"\h"#, #"\v"#, ".", #"\p{L}"#, #"\p{Lu}"#,
        #"\p{Ll}"#, #"\p{Lt}"#, #"\p{Lo}"#, #"\p{M}"#, #"\p{Nd}"#, #"\p{N}"#, #"\p{P}"#, #"\p{Pi}"#, #"\p{Pf}"#,
        #"\p{Pe}"#, #"\p{Ps}"#, #"\p{Pd}"#, #"\p{Po}"#, #"\p{S}"#, #"\p{Sc}"#, #"\p{Z}"#, #"\p{Zs}"#, #"\p{Cf}"#,
        #"\p{Cn}"#, #"\p{Alphabetic}"#, #"\p{Uppercase}"#, #"\p{Lowercase}"#, #"\p{White_Space}"#, #"\p{IsLu}"#,
        #"\p{IsL}"#, #"\p{Letter}"#, #"\p{Uppercase_Letter}"#, #"\p{gc=Ll}"#, #"\P{L}"#, #"[^\p{Lu}\d]"#,
        #"[a-zà-ÿ&&]"#.replacingOccurrences(of: "&&", with: ""), #"[\u00A0\u202F\s]"#, #"[.!?…]"#, #"[^a-z]"#,
        #"[\x{2000}-\x{200A}]"#, #"[\p{Lu}[0-9]]"#, #"[]a]"#, #"[-a]"#, #"[a-]"#,
    ]

    @Test(arguments: classes)
    func classMembershipAgreesWithICU(_ pattern: String) throws {
        let view = Self.allScalars.map { Character(Unicode.Scalar($0)!) }
        let text = String(view)
        let regex = try NSRegularExpression(pattern: pattern)
        // UTF-16 offset of every scalar.
        var scalarAtUTF16: [Int: Int] = [:]
        var offset = 0
        for (index, value) in Self.allScalars.enumerated() {
            scalarAtUTF16[offset] = index
            offset += Unicode.Scalar(value)!.utf16.count
        }
        var icu = Set<UInt32>()
        for match in regex.matches(in: text, range: NSRange(location: 0, length: offset)) {
            if let index = scalarAtUTF16[match.range.location] { icu.insert(Self.allScalars[index]) }
        }
        let node = try RegexParser.parse(pattern)
        guard case .set(let spec) = node else {
            Issue.record("\(pattern) did not parse as one class")
            return
        }
        let compiled = ScalarClass(spec)
        // Swift's Unicode data is newer than Foundation's ICU: leave out what ICU does not
        // know yet (unassigned there) and U+0295, re-categorised (Ll → Lo) since.
        let icuUnassigned = try Self.icuUnassigned()
        icu.subtract(icuUnassigned)
        let native = Set(Self.allScalars.filter { compiled.contains($0) && !icuUnassigned.contains($0) })
        let missing = icu.subtracting(native).sorted().prefix(8).map { String($0, radix: 16) }
        let extra = native.subtracting(icu).sorted().prefix(8).map { String($0, radix: 16) }
        #expect(missing.isEmpty && extra.isEmpty, "\(pattern): ICU only \(missing), native only \(extra)")
    }

    static func icuUnassigned() throws -> Set<UInt32> {
        let text = String(allScalars.map { Character(Unicode.Scalar($0)!) })
        let regex = try NSRegularExpression(pattern: #"\p{Cn}"#)
        var result: Set<UInt32> = [0x0295]
        var index = 0
        var offset = 0
        for match in regex.matches(in: text, range: NSRange(location: 0, length: text.utf16.count)) {
            while offset < match.range.location {
                offset += Unicode.Scalar(allScalars[index])!.utf16.count
                index += 1
            }
            result.insert(allScalars[index])
        }
        return result
    }

    /// Patterns written by hand to cover each construct, in both directions.
    static let handWritten = [
        #"\b(?:M|Mme|MM|Dr)\."#, #"\p{Lu}\p{Ll}+\."#, #"[.!?…]+["»”)]*"#, #"\s+\p{Lu}"#, #"(?:a|ab)c"#,
        #"a*?b"#, #"a{2,3}"#, #"^\p{Lu}"#, #"\.$"#, #"\Ba"#, #"(?<=\s)\p{Lu}"#, #"(?<!\d)\."#, #"a(?=b)"#,
        #"a(?!b)"#, #"(?m)^a"#, #"(?s).a"#, #"\Qa.b\E"#, #"x|"#, #"(a|b)+\z"#, #"\Aab"#, #"é\b"#, #"\w+\s\w+"#,
        #"(?:ab|a)(?:bc|c)"#, #"[^\s]{2}"#, #"(?<name>a)b"#, #"a(?#comment)b"#, #"\x41\u0042\x{43}"#, #"\tb"#,
    ]

    static let texts = [
        "M. Dupont est là. Mme Durand aussi.", "abc ab abbc aabbcc", "Il dit : « Oui. » Puis il partit…",
        "x Ba aB a.b AB", "éa é a", "a\u{00A0}b\u{202F}c", "abcabc ab", "",
    ]

    @Test(arguments: handWritten)
    func handWrittenPatternsAgreeWithICU(_ pattern: String) throws {
        try Self.compareEverywhere(pattern, texts: Self.texts)
    }

    /// Random patterns over a small alphabet, on random texts over the same alphabet.
    @Test func randomPatternsAgreeWithICU() throws {
        var random = SplitMix64(seed: 20_261_122)
        var compared = 0
        for _ in 0..<300 {
            let pattern = Self.randomPattern(depth: 3, random: &random)
            guard (try? NSRegularExpression(pattern: pattern)) != nil,
                  (try? NSRegularExpression(pattern: "(?:\(pattern))\\z")) != nil,
                  let tree = try? RegexParser.parse(pattern), !Self.loopsOverEmpty(tree) else { continue }
            let texts = (0..<6).map { _ in Self.randomText(random: &random) }
            try Self.compareEverywhere(pattern, texts: texts)
            compared += 1
        }
        #expect(compared > 150)
    }

    // MARK: Helpers

    /// Compares the native matcher and the ICU fallback with an oracle: ICU over the
    /// whole paragraph, the before pattern pinned to the position by a lookahead that
    /// counts the scalars left (the test texts are BMP-only, one UTF-16 unit each).
    static func compareEverywhere(_ pattern: String, texts: [String]) throws {
        for side in [RulePattern.Side.before, .after] {
            let native = try RulePattern(pattern, side: side)
            let fallback = try RulePattern(pattern, side: side, native: false)
            for text in texts {
                let scalars = text.unicodeScalars.map(\.value)
                precondition(text.utf16.count == scalars.count, "oracle needs BMP-only texts")
                var scratch = MatchScratch()
                scalars.withUnsafeBufferPointer { buffer in
                    let paragraph = Paragraph(scalars: buffer, serial: 0)
                    for position in 0...scalars.count {
                        let reference = oracle(pattern, side: side, text: text, position: position)
                        if native.runsNatively {
                            let result = native.matches(paragraph, at: position, scratch: &scratch)
                            #expect(result == reference, "native \(side) \(pattern) at \(position) of \(text.debugDescription)")
                        }
                        // Atomic groups and possessive quantifiers commit to one match; in a
                        // beforebreak, ICU sees the text as if it ended at the position, which
                        // the oracle (the whole text, the end pinned by a lookahead) does not.
                        if side == .after || !cutsBacktracking(pattern) {
                            let result = fallback.matches(paragraph, at: position, scratch: &scratch)
                            #expect(result == reference, "ICU fallback \(side) \(pattern) at \(position) of \(text.debugDescription)")
                        }
                    }
                }
            }
        }
    }

    /// Loops over something that can match empty: ICU ends such loops after an empty
    /// iteration, and its answers then depend on how the question is asked (the oracle's
    /// pinning lookahead changes them), so they make no oracle. The native matcher is
    /// checked on them below, against what must hold.
    static func loopsOverEmpty(_ node: RegexNode) -> Bool {
        switch node {
        case .empty, .scalar, .set, .assertion: false
        case .concat(let items), .alternation(let items): items.contains(where: loopsOverEmpty)
        case .repetition(let body, _, let max, _): (max == nil && body.isNullable) || loopsOverEmpty(body)
        case .atomic(let body), .lookaround(let body, _, _): loopsOverEmpty(body)
        }
    }

    @Test func loopsOverEmptyTerminateAndStillMatch() throws {
        let cases: [(String, RulePattern.Side, String, Int, Bool)] = [
            (#"(?:(?=[ab]))*b"#, .after, "xb", 1, true),
            (#"(?:(?:b)*(?<=..))*?a"#, .before, "xba", 3, true),
            (#"(?:(?!A\s))*?x"#, .before, "ax", 2, true),
            (#"(?:\b)*a"#, .after, "b a", 2, true),
            (#"(?:a*)*c"#, .after, "aaab", 0, false),
            (#"(?:a?)*b"#, .after, "aab", 0, true),
            (#"x(?:a?|(?=b))*+b"#, .after, "xaab", 0, true),
        ]
        for (pattern, side, text, position, expected) in cases {
            let compiled = try RulePattern(pattern, side: side)
            let scalars = text.unicodeScalars.map(\.value)
            var scratch = MatchScratch()
            let result = scalars.withUnsafeBufferPointer {
                compiled.matches(Paragraph(scalars: $0, serial: 0), at: position, scratch: &scratch)
            }
            #expect(result == expected, "\(pattern) at \(position) of \(text)")
        }
    }

    static func cutsBacktracking(_ pattern: String) -> Bool {
        ["(?>", "*+", "++", "?+", "}+"].contains { pattern.contains($0) }
    }

    static func oracle(_ pattern: String, side: RulePattern.Side, text: String, position: Int) -> Bool {
        let length = text.utf16.count
        switch side {
        case .before:
            let regex = try! NSRegularExpression(pattern: "(?:\(pattern))(?=[\\s\\S]{\(length - position)}\\z)")
            return regex.firstMatch(in: text, range: NSRange(location: 0, length: length)) != nil
        case .after:
            let regex = try! NSRegularExpression(pattern: "(?<=\\A[\\s\\S]{\(position)})(?:\(pattern))")
            return regex.firstMatch(in: text, range: NSRange(location: 0, length: length)) != nil
        }
    }

    static func utf16Offsets(_ text: String) -> [Int] {
        var result = [0]
        for scalar in text.unicodeScalars { result.append(result.last! + scalar.utf16.count) }
        return result
    }

    static let atoms = ["a", "b", "é", " ", ".", #"\s"#, #"\w"#, "[ab]", "[^a ]", #"\p{Lu}"#, "A", "."]
    static let assertions = [#"\b"#, #"\B"#, "^", "$", #"\z"#]

    static func randomPattern(depth: Int, random: inout SplitMix64) -> String {
        let choice = depth == 0 ? random.next(5) : random.next(13)
        switch choice {
        case 0, 1, 2: return atoms[random.next(atoms.count)]
        case 3: return assertions[random.next(assertions.count)]
        case 4: return atoms[random.next(atoms.count)] + atoms[random.next(atoms.count)]
        case 5, 6: return randomPattern(depth: depth - 1, random: &random) + randomPattern(depth: depth - 1, random: &random)
        case 7: return "(?:\(randomPattern(depth: depth - 1, random: &random))|\(randomPattern(depth: depth - 1, random: &random)))"
        case 8:
            let quantifiers = ["*", "+", "?", "{1,2}", "*?", "+?", "??", "{0,3}?", "*+", "++"]
            return "(?:\(randomPattern(depth: depth - 1, random: &random)))\(quantifiers[random.next(quantifiers.count)])"
        case 9: return "(?=\(randomPattern(depth: depth - 1, random: &random)))"
        case 10: return "(?!\(randomPattern(depth: depth - 1, random: &random)))"
        case 11:
            // Lookbehind bodies must be bounded for ICU: no loops.
            let body = atoms[random.next(atoms.count)] + (random.next(2) == 0 ? atoms[random.next(atoms.count)] : "")
            return random.next(2) == 0 ? "(?<=\(body))" : "(?<!\(body))"
        default: return "(?>\(randomPattern(depth: depth - 1, random: &random)))"
        }
    }

    static func randomText(random: inout SplitMix64) -> String {
        let alphabet: [Character] = ["a", "b", "A", "é", " ", ".", "\u{00A0}", "B"]
        return String((0..<random.next(10)).map { _ in alphabet[random.next(alphabet.count)] })
    }
}

/// A small deterministic generator, so failures reproduce.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
