/// A BCP 47 language tag as memories use it: `fr`, `fr-FR`, `en-GB`, `pt-BR`.
///
/// Tags are kept as written but compared case-insensitively. By default two tags with the
/// same primary language match (`fr-FR`, `fr`, `FR` are one language); ask for the region
/// with ``matches(_:includingRegion:)``.
public struct LanguageTag: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The tag in canonical case: language lowercase, region uppercase, script titlecase.
    public let identifier: String

    /// Parses a tag. Accepts `_` as a separator (`fr_FR`, as some tools write it).
    /// Returns `nil` for anything that is not a plausible BCP 47 tag.
    public init?(_ string: String) {
        let parts = string.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        guard let first = parts.first, (2...8).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            return nil
        }
        var canonical = [first.lowercased()]
        for part in parts.dropFirst() {
            guard (1...8).contains(part.count), part.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                return nil
            }
            if part.count == 2, part.allSatisfy(\.isLetter) {
                canonical.append(part.uppercased())
            } else if part.count == 4, part.allSatisfy(\.isLetter) {
                canonical.append(part.prefix(1).uppercased() + part.dropFirst().lowercased())
            } else {
                canonical.append(part.lowercased())
            }
        }
        identifier = canonical.joined(separator: "-")
    }

    /// The primary language subtag, lowercase (`fr` for `fr-FR`).
    public var language: String {
        String(identifier.prefix { $0 != "-" })
    }

    /// Whether two tags name the same language; with `includingRegion`, the whole tags
    /// must be equal.
    public func matches(_ other: LanguageTag, includingRegion: Bool = false) -> Bool {
        includingRegion ? identifier == other.identifier : language == other.language
    }

    public var description: String { identifier }

    public static let french = LanguageTag("fr")!
    public static let english = LanguageTag("en")!
}
