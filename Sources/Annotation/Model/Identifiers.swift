import Foundation

/// A stable string identifier of one kind of annotation record.
///
/// Identifiers are what stores key records by and what JSON-LD exports put into
/// `urn:tandem:…` URNs, so they are restricted to URI-unreserved characters:
/// ASCII letters, digits, `-`, `.`, `_` and `~`, 1 to 128 of them. They encode as a
/// plain JSON string.
public protocol AnnotationIdentifier: RawRepresentable, Hashable, Comparable, Codable, Sendable,
    ExpressibleByStringLiteral, CustomStringConvertible where RawValue == String
{
    /// The record kind, as used in messages and URNs (`article`, `claim`…).
    static var kind: String { get }
    /// Wraps a raw value without checking it; see ``AnnotationIdentifier/init(validating:)``.
    init(unchecked rawValue: String)
}

extension AnnotationIdentifier {
    public init(rawValue: String) { self.init(unchecked: rawValue) }

    public init(stringLiteral value: String) { self.init(unchecked: value) }

    /// Checks that `string` is a well-formed identifier.
    /// - Throws: ``AnnotationError/invalidIdentifier(kind:value:)``.
    public init(validating string: String) throws {
        guard Self.isWellFormed(string) else {
            throw AnnotationError.invalidIdentifier(kind: Self.kind, value: string)
        }
        self.init(unchecked: string)
    }

    /// A new random identifier such as `claim-3f9a0c1d2b4e`.
    public static func generate() -> Self {
        let hex = UUID().uuidString.lowercased().filter { $0 != "-" }
        return Self(unchecked: "\(kind)-\(hex.prefix(12))")
    }

    /// Whether the identifier is well formed (see ``AnnotationIdentifier``).
    public var isWellFormed: Bool { Self.isWellFormed(rawValue) }

    /// Throws ``AnnotationError/invalidIdentifier(kind:value:)`` unless well formed.
    public func validate() throws {
        guard isWellFormed else { throw AnnotationError.invalidIdentifier(kind: Self.kind, value: rawValue) }
    }

    /// The identifier as a URN, `urn:tandem:<kind>:<id>`.
    public var urn: String { "urn:tandem:\(Self.kind):\(rawValue)" }

    /// Reads `urn:tandem:<kind>:<id>`; `nil` for anything else.
    public init?(urn: String) {
        let prefix = "urn:tandem:\(Self.kind):"
        guard urn.hasPrefix(prefix) else { return nil }
        let raw = String(urn.dropFirst(prefix.count))
        guard Self.isWellFormed(raw) else { return nil }
        self.init(unchecked: raw)
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard Self.isWellFormed(raw) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: AnnotationError.invalidIdentifier(kind: Self.kind, value: raw).description
            ))
        }
        self.init(unchecked: raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    static func isWellFormed(_ string: String) -> Bool {
        let scalars = string.unicodeScalars
        guard (1...128).contains(scalars.count) else { return false }
        return scalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", ".", "_", "~": true
            default: false
            }
        }
    }
}

/// Identifies an ``Article``.
public struct ArticleID: AnnotationIdentifier {
    public static let kind = "article"
    public let rawValue: String
    public init(unchecked rawValue: String) { self.rawValue = rawValue }
}

/// Identifies a ``Claim``.
public struct ClaimID: AnnotationIdentifier {
    public static let kind = "claim"
    public let rawValue: String
    public init(unchecked rawValue: String) { self.rawValue = rawValue }
}

/// Identifies a ``Source``.
public struct SourceID: AnnotationIdentifier {
    public static let kind = "source"
    public let rawValue: String
    public init(unchecked rawValue: String) { self.rawValue = rawValue }
}

/// Identifies a ``Citation``.
public struct CitationID: AnnotationIdentifier {
    public static let kind = "citation"
    public let rawValue: String
    public init(unchecked rawValue: String) { self.rawValue = rawValue }
}

/// Identifies a ``TranslationLink``.
public struct TranslationLinkID: AnnotationIdentifier {
    public static let kind = "translation"
    public let rawValue: String
    public init(unchecked rawValue: String) { self.rawValue = rawValue }
}

extension AnnotationIdentifier {
    /// A readable identifier made from the first words of `text` (ASCII, lowercase,
    /// words joined by `-`, at most `words` words and 48 characters), with `-2`, `-3`…
    /// appended while `isTaken` says it is in use; a generated one
    /// (``generate()``) when the text has no letters or digits.
    ///
    /// `"le syndicat mixte Val-d’Oise Numérique"` → `le-syndicat-mixte-val-d-oise`.
    public static func readable(from text: String, words: Int = 6, isTaken: (Self) throws -> Bool) rethrows -> Self {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var parts: [String] = []
        var current = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                parts.append(current)
                current = ""
            }
        }
        if !current.isEmpty { parts.append(current) }
        var base = ""
        for part in parts.prefix(words) {
            let candidate = base.isEmpty ? part : base + "-" + part
            if candidate.count > 48 { break }
            base = candidate
        }
        if base.isEmpty { base = String(parts.first?.prefix(48) ?? "") }
        if base.isEmpty { return try generate().ensuringUnique(isTaken) }
        var id = Self(unchecked: base)
        var number = 2
        while try isTaken(id) {
            id = Self(unchecked: "\(base)-\(number)")
            number += 1
        }
        return id
    }

    private func ensuringUnique(_ isTaken: (Self) throws -> Bool) rethrows -> Self {
        var id = self
        while try isTaken(id) { id = Self.generate() }
        return id
    }
}
