import Foundation

/// One `beforebreak` or `afterbreak` pattern, ready to be tested at a break candidate.
///
/// ICU (Foundation's `NSRegularExpression`) is the judge of what is a valid pattern. A
/// pattern Tandem's own matcher understands runs natively, anchored at the candidate
/// (backwards for `beforebreak`); anything else runs in ICU, over the paragraph:
/// `(?:before)\z` searched in the region that ends at the candidate, and `after` anchored
/// at the candidate, both with transparent bounds so lookarounds and `\b` see the text
/// on the other side. The region's edge at the candidate would otherwise satisfy `$`
/// (before) or `^` (after): those anchors are rewritten as lookarounds that only hold at
/// the paragraph's real edges.
struct RulePattern: Sendable {
    enum Side: Sendable {
        /// `beforebreak`: must match text that ends at the break.
        case before
        /// `afterbreak`: must match text that starts at the break.
        case after
    }

    enum Engine: Sendable {
        /// The empty pattern: matches everywhere.
        case always
        case native(RegexProgram)
        case icu(NSRegularExpression)
    }

    /// The pattern as written in the rules.
    let source: String
    let side: Side
    let engine: Engine
    /// The scalar next to the candidate (before it for `before`, after it for `after`)
    /// that a match must consume, when that can be known.
    let edge: EdgeFilter
    /// The same for the scalar one further from the candidate.
    let secondEdge: EdgeFilter

    /// Why the native matcher does not run the pattern, for diagnostics and tests.
    let icuReason: String?

    /// The pattern is a single character or class (`\\s`, `[.!?]`): the edge test,
    /// which the segmenter makes first, is the whole match.
    let edgeDecides: Bool

    /// For a `beforebreak` anchored at the paragraph start (`^...`): the part of it a
    /// paragraph must begin with, compiled to run forward from the start. A paragraph
    /// that does not begin so can never see the rule match: it is skipped there.
    private(set) var paragraphPrefix: RegexProgram?

    /// Compiles a pattern written in the Java/ICU dialect of SRX files.
    /// - Throws: ``RulePattern/InvalidPattern`` when ICU rejects it.
    /// `native: false` runs the pattern in ICU even if the native matcher could (tests
    /// compare both).
    /// `validated`: ICU has already accepted the pattern (the SRX document was checked
    /// when read).
    init(_ source: String, side: Side, native: Bool = true, validated: Bool = false) throws(InvalidPattern) {
        self.source = source
        self.side = side
        let pattern = JavaRegexDialect.translate(source)
        if pattern.isEmpty {
            engine = .always
            edge = .anything
            secondEdge = .anything
            icuReason = nil
            edgeDecides = true
            return
        }
        if !validated { try Self.validate(translatedPattern: pattern) }
        let tree: RegexNode
        do {
            tree = try RegexParser.parse(pattern)
        } catch {
            // Valid for ICU, beyond the native matcher.
            engine = .icu(try Self.icuRegex(pattern, side: side))
            edge = .anything
            secondEdge = .anything
            icuReason = Self.describe(error)
            edgeDecides = false
            return
        }
        edge = EdgeFilter(tree, first: side == .after)
        secondEdge = EdgeFilter(secondOf: tree, first: side == .after)
        switch tree {
        case .scalar, .set: edgeDecides = native
        default: edgeDecides = false
        }
        if side == .before { paragraphPrefix = Self.paragraphPrefix(of: tree) }
        guard native else {
            engine = .icu(try Self.icuRegex(pattern, side: side))
            icuReason = "ICU requested"
            return
        }
        do {
            engine = .native(try RegexProgram(tree, direction: side == .before ? .backward : .forward))
            icuReason = nil
        } catch {
            engine = .icu(try Self.icuRegex(pattern, side: side))
            icuReason = Self.describe(error)
        }
    }

    /// `^` followed by the items up to the first unbounded repetition of something that
    /// matches most text (`.*`, `[^"]*`), when the pattern starts with `^` (or `\\A`).
    private static func paragraphPrefix(of tree: RegexNode) -> RegexProgram? {
        guard case .concat(let items) = tree, case .assertion(.startOfInput) = items.first else { return nil }
        var prefix: [RegexNode] = []
        for item in items {
            if case .repetition(let body, _, nil, _) = item {
                if body.isNullable || ScalarClass(union: body.firstScalars).estimatedFrequency > 40 { break }
            }
            prefix.append(item)
        }
        guard prefix.count > 1 else { return nil }
        return try? RegexProgram(.concat(prefix), direction: .forward)
    }

    /// Whether a paragraph can hold a match at all (see ``paragraphPrefix``).
    func mayMatch(in paragraph: Paragraph, scratch: inout MatchScratch) -> Bool {
        guard let paragraphPrefix else { return true }
        return paragraphPrefix.matches(in: paragraph.scalars, at: 0, stack: &scratch.stack)
    }

    /// Whether the pattern matches next to `position` in the paragraph.
    func matches(_ paragraph: Paragraph, at position: Int, scratch: inout MatchScratch) -> Bool {
        switch engine {
        case .always:
            return true
        case .native(let program):
            return program.matches(in: paragraph.scalars, at: position, stack: &scratch.stack)
        case .icu(let regex):
            let view = scratch.icuView(for: paragraph)
            let offset = view.utf16Offset(ofScalar: position)
            let range: NSRange
            let options: NSRegularExpression.MatchingOptions
            switch side {
            case .before:
                range = NSRange(location: 0, length: offset)
                options = [.withTransparentBounds]
            case .after:
                range = NSRange(location: offset, length: view.utf16Count - offset)
                options = [.anchored, .withTransparentBounds]
            }
            return regex.firstMatch(in: view.string, options: options, range: range) != nil
        }
    }

    var runsNatively: Bool {
        if case .icu = engine { return false }
        return true
    }

    // MARK: Compilation

    /// A pattern ICU refuses, with the reason in plain words.
    struct InvalidPattern: Error, Sendable, Equatable {
        var message: String
    }

    /// Checks a pattern written in the rules' dialect with ICU.
    static func validate(_ source: String) throws(InvalidPattern) {
        let pattern = JavaRegexDialect.translate(source)
        if !pattern.isEmpty { try validate(translatedPattern: pattern) }
    }

    /// ICU is the judge, with one exception: Java accepts lookbehinds of unbounded
    /// length (`(?<=[XVI]+)`, in LanguageTool's rules) and ICU does not. Tandem's matcher
    /// runs them (it matches lookbehinds backwards), so such patterns are accepted when
    /// it can compile them.
    private static func validate(translatedPattern pattern: String) throws(InvalidPattern) {
        do {
            _ = try NSRegularExpression(pattern: pattern)
        } catch {
            if let tree = try? RegexParser.parse(pattern), tree.hasUnboundedLookbehind,
               (try? RegexProgram(tree, direction: .forward)) != nil || (try? RegexProgram(tree, direction: .backward)) != nil {
                return
            }
            throw InvalidPattern(message: diagnose(pattern))
        }
    }

    /// Explains why ICU rejected a pattern, using Tandem's own parser to find the spot.
    private static func diagnose(_ pattern: String) -> String {
        do {
            _ = try RegexParser.parse(pattern)
        } catch .syntax(let offset, let message) {
            return "\(message) (at character \(offset + 1))"
        } catch {}
        return "ICU does not accept it as a regular expression"
    }

    private static func icuRegex(_ pattern: String, side: Side) throws(InvalidPattern) -> NSRegularExpression {
        let wrapped = side == .before
            ? "(?:\(JavaRegexDialect.pinningAnchors(pattern, atEnd: true)))\\z"
            : JavaRegexDialect.pinningAnchors(pattern, atEnd: false)
        do {
            return try NSRegularExpression(pattern: wrapped)
        } catch {
            if (try? NSRegularExpression(pattern: pattern)) == nil {
                throw InvalidPattern(message: "ICU does not accept it, and Tandem's matcher cannot run it as a \(side == .before ? "beforebreak" : "afterbreak")")
            }
            throw InvalidPattern(message: "ICU does not accept it once anchored at the break (\(wrapped))")
        }
    }

    private static func describe(_ failure: RegexParseFailure) -> String {
        switch failure {
        case .unsupported(let construct): construct
        case .syntax(_, let message): message
        }
    }
}

/// A paragraph's scalars, as the matchers see them (no line breaks inside).
struct Paragraph {
    let scalars: UnsafeBufferPointer<UInt32>
    /// Identifies the paragraph within one segmentation run, for caches.
    let serial: Int
}

/// Per-run working memory of the matchers (never shared between threads).
struct MatchScratch {
    var stack: [Int] = []
    private var view: ICUView?
    /// Counts kept when profiling (see ``SentenceSegmenter/profile(_:)``).
    var profile: SegmentationProfile?
    /// Rules that cannot match in the current paragraph (see `RulePattern.mayMatch`).
    var skipped: [Bool] = []

    init() {
        stack.reserveCapacity(256)
    }

    /// The paragraph as a String with UTF-16 offsets, built once per paragraph, only
    /// when an ICU pattern needs it.
    mutating func icuView(for paragraph: Paragraph) -> ICUView {
        if let view, view.serial == paragraph.serial { return view }
        let view = ICUView(paragraph)
        self.view = view
        return view
    }
}

/// A paragraph as ICU sees it: a String and the UTF-16 offset of every scalar.
final class ICUView {
    let serial: Int
    let string: String
    private let offsets: [Int]
    var utf16Count: Int { offsets[offsets.count - 1] }

    init(_ paragraph: Paragraph) {
        serial = paragraph.serial
        var view = String.UnicodeScalarView()
        var offsets = [0]
        offsets.reserveCapacity(paragraph.scalars.count + 1)
        var offset = 0
        for value in paragraph.scalars {
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            view.append(scalar)
            offset += scalar.utf16.count
            offsets.append(offset)
        }
        string = String(view)
        self.offsets = offsets
    }

    func utf16Offset(ofScalar index: Int) -> Int { offsets[index] }
}
