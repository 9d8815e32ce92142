import Foundation
#if canImport(_FoundationICU)
import _FoundationICU
#endif

/// Why ICU refused a pattern.
struct PatternSyntaxError: Error, Sendable {
    /// ICU's error name, e.g. `U_REGEX_MISMATCHED_PAREN`, or the platform's message.
    var reason: String
    /// UTF-16 offset in the pattern where ICU stopped, when known.
    var offset: Int?

    var isLookBehindLimit: Bool { reason.contains("LOOK_BEHIND") }
}

#if canImport(_FoundationICU)

/// A compiled ICU regular expression (the engine behind `NSRegularExpression`; Foundation
/// exports its ICU with `swift_`-prefixed C names), used
/// directly: matching at a position of a UTF-16 buffer costs well under a microsecond,
/// where `NSRegularExpression` spends several on bridging and copying.
///
/// Immutable once built; each matching session takes its own ``PatternMatcher`` clone,
/// as ICU allows.
final class CompiledPattern: @unchecked Sendable {
    private let regex: OpaquePointer

    init(_ pattern: String) throws(PatternSyntaxError) {
        let units = Array(pattern.utf16)
        var status = U_ZERO_ERROR
        var parseError = UParseError()
        let regex = units.withUnsafeBufferPointer {
            swift_uregex_open($0.baseAddress, Int32($0.count), 0, &parseError, &status)
        }
        guard status.rawValue <= U_ZERO_ERROR.rawValue, let regex else {
            let name = String(cString: swift_u_errorName(status))
            throw PatternSyntaxError(reason: name, offset: parseError.offset >= 0 ? Int(parseError.offset) : nil)
        }
        self.regex = regex
    }

    deinit { swift_uregex_close(regex) }

    /// The number of capturing groups.
    var groupCount: Int {
        var status = U_ZERO_ERROR
        return Int(swift_uregex_groupCount(regex, &status))
    }

    func makeMatcher() -> PatternMatcher {
        var status = U_ZERO_ERROR
        return PatternMatcher(swift_uregex_clone(regex, &status)!)
    }
}

/// One session's handle on a ``CompiledPattern``, bound to a text buffer.
/// Not thread-safe; the buffer must outlive its use.
final class PatternMatcher {
    private let regex: OpaquePointer
    private var length = 0

    fileprivate init(_ regex: OpaquePointer) {
        self.regex = regex
        var status = U_ZERO_ERROR
        swift_uregex_useTransparentBounds(regex, 1, &status)
        // `^` and `\z` mean the paragraph's start and end, not the region's.
        swift_uregex_useAnchoringBounds(regex, 0, &status)
    }

    deinit { swift_uregex_close(regex) }

    /// Binds the matcher to `text` (not copied).
    func setText(_ text: UnsafeBufferPointer<UInt16>) {
        var status = U_ZERO_ERROR
        length = text.count
        // ICU wants a non-null pointer even for an empty text.
        withUnsafePointer(to: UInt16(0)) { empty in
            swift_uregex_setText(regex, text.baseAddress ?? empty, Int32(text.count), &status)
        }
    }

    /// Whether the pattern matches starting exactly at `position` (look-behinds see the text before it).
    func matches(at position: Int) -> Bool {
        var status = U_ZERO_ERROR
        swift_uregex_setRegion(regex, Int32(position), Int32(length), &status)
        return swift_uregex_lookingAt(regex, -1, &status) != 0
    }

    /// Whether the pattern matches all of `0..<end` exactly (look-aheads see past `end`).
    func matchesPrefix(upTo end: Int) -> Bool {
        var status = U_ZERO_ERROR
        swift_uregex_setRegion(regex, 0, Int32(end), &status)
        return swift_uregex_matches(regex, -1, &status) != 0
    }

    /// Whether the pattern matches the whole text.
    func matchesWholeText() -> Bool {
        var status = U_ZERO_ERROR
        return swift_uregex_matches(regex, -1, &status) != 0
    }

    /// Calls `body` with the end of every match found scanning forwards (after an empty
    /// match the scan moves on by one unit, as ICU does).
    func forEachMatchEnd(_ body: (Int) -> Void) {
        var status = U_ZERO_ERROR
        swift_uregex_reset(regex, 0, &status)
        while swift_uregex_findNext(regex, &status) != 0 {
            body(Int(swift_uregex_end(regex, 0, &status)))
        }
    }
}

#else

/// `NSRegularExpression` stand-in for platforms whose Foundation does not expose ICU.
final class CompiledPattern: @unchecked Sendable {
    fileprivate let regex: NSRegularExpression

    init(_ pattern: String) throws(PatternSyntaxError) {
        do {
            regex = try NSRegularExpression(pattern: pattern)
        } catch {
            let reason = pattern.contains("(?<") ? "invalid pattern (U_REGEX_LOOK_BEHIND_LIMIT or syntax)" : "invalid pattern"
            throw PatternSyntaxError(reason: reason, offset: nil)
        }
    }

    var groupCount: Int { regex.numberOfCaptureGroups }

    func makeMatcher() -> PatternMatcher { PatternMatcher(regex) }
}

final class PatternMatcher {
    private let regex: NSRegularExpression
    private var text = NSString()

    fileprivate init(_ regex: NSRegularExpression) { self.regex = regex }

    func setText(_ buffer: UnsafeBufferPointer<UInt16>) {
        text = buffer.baseAddress.map { NSString(characters: $0, length: buffer.count) } ?? NSString()
    }

    func matches(at position: Int) -> Bool {
        regex.firstMatch(in: text as String, options: [.anchored, .withTransparentBounds],
                         range: NSRange(location: position, length: text.length - position)) != nil
    }

    func matchesPrefix(upTo end: Int) -> Bool {
        guard let match = regex.firstMatch(in: text as String, options: [.anchored, .withTransparentBounds], range: NSRange(location: 0, length: end)) else { return false }
        return match.range.length == end
    }

    func matchesWholeText() -> Bool {
        guard let match = regex.firstMatch(in: text as String, options: [.anchored], range: NSRange(location: 0, length: text.length)) else { return false }
        return match.range.length == text.length
    }

    func forEachMatchEnd(_ body: (Int) -> Void) {
        regex.enumerateMatches(in: text as String, options: [], range: NSRange(location: 0, length: text.length)) { match, _, _ in
            if let match { body(match.range.location + match.range.length) }
        }
    }
}

#endif

extension PatternMatcher {
    /// Whether the pattern matches the whole of `string`.
    func matchesWhole(_ string: String) -> Bool {
        let units = Array(string.utf16)
        return units.withUnsafeBufferPointer { buffer in
            setText(buffer)
            return matchesWholeText()
        }
    }
}
