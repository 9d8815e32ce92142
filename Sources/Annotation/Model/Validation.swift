import Foundation

/// Checks and normalises the small values annotation records carry.
public enum AnnotationValidation {
    /// Parses an absolute `http` or `https` URL with a host and no whitespace.
    /// - Throws: ``AnnotationError/invalidURL(_:reason:)`` saying what is wrong.
    public static func webURL(_ string: String) throws -> URL {
        if string.isEmpty {
            throw AnnotationError.invalidURL(string, reason: "it is empty")
        }
        if string.unicodeScalars.contains(where: { CharacterSet.whitespacesAndNewlines.contains($0) || CharacterSet.controlCharacters.contains($0) }) {
            throw AnnotationError.invalidURL(string, reason: "it contains whitespace or control characters")
        }
        guard let colon = string.firstIndex(of: ":") else {
            throw AnnotationError.invalidURL(string, reason: "it has no scheme; write it in full, e.g. https://example.org/page")
        }
        let scheme = string[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw AnnotationError.invalidURL(string, reason: "the scheme must be http or https, not \(scheme.isEmpty ? "nothing" : scheme)")
        }
        guard string[string.index(after: colon)...].hasPrefix("//") else {
            throw AnnotationError.invalidURL(string, reason: "expected // after \(scheme):")
        }
        guard let url = URL(string: string), let components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            throw AnnotationError.invalidURL(string, reason: "it is not a well-formed URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw AnnotationError.invalidURL(string, reason: "it has no host")
        }
        guard host.contains(".") || host == "localhost" || host.hasPrefix("[") else {
            throw AnnotationError.invalidURL(string, reason: "the host \(host) is not a domain name")
        }
        return url
    }

    /// Checks a web URL that a record already holds.
    static func checkWebURL(_ url: URL?) throws {
        if let url { _ = try webURL(url.absoluteString) }
    }

    /// Canonicalises a BCP 47 language tag: `fr`, `fr-FR`, `zh-Hant-TW`. Accepts `_`
    /// as a separator.
    /// - Throws: ``AnnotationError/invalidLanguage(_:)``.
    public static func languageTag(_ string: String) throws -> String {
        let parts = string.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        guard let first = parts.first, (2...8).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw AnnotationError.invalidLanguage(string)
        }
        var canonical = [first.lowercased()]
        for part in parts.dropFirst() {
            guard (1...8).contains(part.count), part.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw AnnotationError.invalidLanguage(string)
            }
            if part.count == 2, part.allSatisfy(\.isLetter) {
                canonical.append(part.uppercased())
            } else if part.count == 4, part.allSatisfy(\.isLetter) {
                canonical.append(part.prefix(1).uppercased() + part.dropFirst().lowercased())
            } else {
                canonical.append(part.lowercased())
            }
        }
        return canonical.joined(separator: "-")
    }

    /// Whether two language tags name the same language (same primary subtag).
    public static func sameLanguage(_ a: String, _ b: String) -> Bool {
        func primary(_ tag: String) -> Substring { tag.prefix { $0 != "-" && $0 != "_" } }
        return primary(a).lowercased() == primary(b).lowercased()
    }

    static func checkLanguage(_ tag: String?) throws {
        if let tag { _ = try languageTag(tag) }
    }

    /// `nil` for `nil` or an all-whitespace string, the string otherwise.
    static func nonBlank(_ string: String?) -> String? {
        guard let string, !string.allSatisfy(\.isWhitespace) else { return nil }
        return string
    }

    /// A URL for comparisons: scheme and host lowercased, no fragment, no trailing `/`.
    static func comparable(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return url.absoluteString
        }
        components.scheme = components.scheme?.lowercased()
        components.host = components.host?.lowercased()
        components.fragment = nil
        var string = components.string ?? url.absoluteString
        while string.hasSuffix("/") { string.removeLast() }
        return string
    }
}
