import Foundation
import TranslationMemory

/// Maps TMX `<tu>`s to the memory's ``TranslationUnit``s and back.
///
/// **TMX → memory.** A `<tu>` gives one unit per pair of its source `<tuv>` with each
/// `<tuv>` in another language (three units for a `<tu>` in `en`, `fr`, `de` and `es`
/// whose source is `en`). The source language is the `<tu>`'s `srclang`, else the
/// header's, else ``TMXImportOptions/defaultSourceLanguage``; the source `<tuv>` is the
/// one with that tag, else the first one with the same primary language (`en` finds
/// `en-US`). With `srclang="*all*"` every `<tuv>` is a source in turn (both directions).
///
/// Where things go:
/// - `creationid`, `creationdate`, `changeid`, `changedate`, `creationtool` make the
///   ``Provenance`` (origin `imported`): the `<tu>`'s value, else the target `<tuv>`'s,
///   else the source `<tuv>`'s; the tool falls back to the header's `creationtool`.
/// - The other `<tu>` attributes (`tuid`, `usagecount`, `lastusagedate`, `datatype`,
///   `segtype`, `o-tmf`, `o-encoding`, `creationtoolversion`) become properties of the
///   unit named `tmx:` + the attribute (`tmx:tuid`); `<tuv>` attributes become
///   properties of the source or target part, except a provenance attribute whose value
///   the provenance already holds.
/// - `<prop>`s and `<note>`s keep their part (``UnitPart/unit``, `.source`, `.target`);
///   `<prop type="prev">` and `<prop type="next">` on the `<tu>` (OmegaT's context) make
///   the ``SegmentContext``, `x-tandem-article` and `x-tandem-segment` the location.
/// - `<seg>` content becomes ``SegmentText`` with ``InlineCode``s, losslessly: `bpt`,
///   `ept`, `it`, `ph`, `ut` with their attributes, native data and `<sub>`s, and `hi`
///   as a highlight begin/end pair around its content.
///
/// - The header's other attributes (`creationdate`, `datatype`, `o-tmf`...), `<prop>`s
///   and `<note>`s describe the document, not its units: they stay in ``TMXHeader``
///   (and ``TMXImportSummary/header``). A `<prop>`'s or `<note>`'s `o-encoding` is
///   not kept.
///
/// The reverse mapping (``tmxUnit(for:)``, which ``TMXWriter`` uses) writes each of
/// these back where it came from, so that import → export → import gives the same
/// units.
///
/// **Rejections.** A `<tu>` is rejected as a whole, with a reason, when the reader
/// found an issue in it, when a `<tuv>` has no language, a malformed language tag or no
/// `<seg>`, when a date is not `YYYYMMDDThhmmssZ` or `segtype` is not one of TMX's, when
/// no `<tuv>` is in the source language, or when it has no `<tuv>` in another
/// language. A pair whose source segment is blank (no code, no text but ASCII
/// whitespace) is rejected alone.
public final class TMXUnitMapper {
    /// The document's header (source language and tool defaults).
    public let header: TMXHeader
    public let options: TMXImportOptions
    /// Language tags parsed so far: a file uses a handful, so a short list searched in
    /// order is faster than hashing.
    private var tags: [(string: String, tag: LanguageTag?)] = []

    public init(header: TMXHeader, options: TMXImportOptions = TMXImportOptions()) {
        self.header = header
        self.options = options
    }

    /// The property type that stands for a TMX attribute (`tmx:tuid`).
    public static func propertyType(forAttribute name: String) -> String { "tmx:" + name }

    /// Property types that carry a unit's context and location.
    public enum PropertyType {
        public static let previous = "prev"
        public static let next = "next"
        public static let article = "x-tandem-article"
        public static let segment = "x-tandem-segment"
    }

    // MARK: - TMX → memory

    /// The units one `<tu>` gives, the rejections it causes, and how many pairs the
    /// language filter left out.
    public func units(from tu: TMXTranslationUnit) -> TMXMapping {
        var mapping = TMXMapping()
        mapping.skipped = map(tu, unit: { mapping.units.append($0) }, rejection: { mapping.rejections.append($0) })
        return mapping
    }

    /// Calls `unit` with each unit one `<tu>` gives and `rejection` with each
    /// rejection, in order; returns how many pairs the language filter left out. The
    /// same as ``units(from:)`` without collecting (what ``TMXImporter`` uses).
    public func map(
        _ tu: TMXTranslationUnit,
        unit: (TranslationUnit) throws -> Void,
        rejection: (TMXRejection) throws -> Void
    ) rethrows -> Int {
        func reject(_ reason: String, line: Int? = nil) throws {
            try rejection(TMXRejection(line: line ?? tu.line, identifier: tu.identifier, reason: reason))
        }
        if let issue = tu.issues.first { try reject(issue.message, line: issue.line); return 0 }
        if let problem = Self.invalidAttribute(in: tu.attributes, element: "tu") { try reject(problem); return 0 }
        guard !tu.variants.isEmpty else { try reject("<tu> has no <tuv>"); return 0 }

        var variantTags: [LanguageTag] = []
        variantTags.reserveCapacity(tu.variants.count)
        for variant in tu.variants {
            guard let language = variant.language else {
                try reject("<tuv> has no xml:lang", line: variant.line)
                return 0
            }
            guard let tag = languageTag(language) else {
                try reject("<tuv xml:lang=\"\(language)\">: not a language tag", line: variant.line)
                return 0
            }
            guard variant.segment != nil else {
                try reject("<tuv xml:lang=\"\(language)\"> has no <seg>", line: variant.line)
                return 0
            }
            if let problem = Self.invalidAttribute(in: variant.attributes, element: "tuv") {
                try reject(problem, line: variant.line)
                return 0
            }
            variantTags.append(tag)
        }

        guard let sourceLanguage = tu.attributes["srclang"] ?? header.sourceLanguage ?? options.defaultSourceLanguage?.identifier else {
            try reject("no source language: neither the <tu> nor the <header> has srclang")
            return 0
        }
        let sources: Range<Int>
        if sourceLanguage == "*all*" {
            sources = tu.variants.indices
        } else {
            guard let sourceTag = languageTag(sourceLanguage) else {
                try reject("srclang \"\(sourceLanguage)\" is not a language tag")
                return 0
            }
            guard let index = variantTags.firstIndex(where: { $0 == sourceTag })
                ?? variantTags.firstIndex(where: { $0.matches(sourceTag) })
            else {
                let found = tu.variants.compactMap(\.language).joined(separator: ", ")
                try reject("no <tuv> in the source language \(sourceLanguage) (the <tu> has: \(found))")
                return 0
            }
            sources = index..<(index + 1)
        }

        var hasPair = false
        var skipped = 0
        for source in sources {
            for target in tu.variants.indices where variantTags[target] != variantTags[source] {
                hasPair = true
                if let wanted = options.sourceLanguage, !variantTags[source].matches(wanted, includingRegion: options.matchRegion) {
                    skipped += 1
                    continue
                }
                if let wanted = options.targetLanguage, !variantTags[target].matches(wanted, includingRegion: options.matchRegion) {
                    skipped += 1
                    continue
                }
                if Self.isBlank(tu.variants[source].segment!) {
                    try rejection(TMXRejection(line: tu.variants[source].line, identifier: tu.identifier, reason: "the source segment is empty"))
                    break
                }
                try unit(self.unit(tu, source: source, target: target, tags: variantTags))
            }
        }
        if !hasPair {
            try reject("<tu> has no <tuv> in a language other than its source language")
        }
        return skipped
    }

    private func unit(_ tu: TMXTranslationUnit, source sourceIndex: Int, target targetIndex: Int, tags: [LanguageTag]) -> TranslationUnit {
        let source = tu.variants[sourceIndex], target = tu.variants[targetIndex]
        // Most units carry no attribute but srclang: skip the lookups then.
        let unitHasAttributes = tu.attributes.count > (tu.attributes["srclang"] == nil ? 0 : 1)
        let anyAttributes = unitHasAttributes || !source.attributes.isEmpty || !target.attributes.isEmpty
        func provenanceValue(_ name: String) -> String? {
            guard anyAttributes else { return nil }
            return tu.attributes[name] ?? target.attributes[name] ?? source.attributes[name]
        }
        let tool = provenanceValue("creationtool") ?? header.creationTool
        let provenance = Provenance(
            origin: .imported,
            creator: provenanceValue("creationid"),
            createdAt: provenanceValue("creationdate").flatMap(TMXDate.parse),
            changedBy: provenanceValue("changeid"),
            changedAt: provenanceValue("changedate").flatMap(TMXDate.parse),
            tool: tool
        )

        var properties: [UnitProperty] = []
        if unitHasAttributes {
            for name in TMXAttributeNames.unitProperties {
                if let value = tu.attributes[name] {
                    properties.append(UnitProperty(part: .unit, type: Self.propertyType(forAttribute: name), value: value))
                }
            }
        }
        var context = SegmentContext()
        var article: String?, segmentNumber: Int?
        var unitProperties = tu.properties
        if let index = unitProperties.firstIndex(where: { $0.type == PropertyType.previous }) {
            context.previous = unitProperties.remove(at: index).value
        }
        if let index = unitProperties.firstIndex(where: { $0.type == PropertyType.next }) {
            context.next = unitProperties.remove(at: index).value
        }
        if let articleIndex = unitProperties.firstIndex(where: { $0.type == PropertyType.article }),
           let segmentIndex = unitProperties.firstIndex(where: { $0.type == PropertyType.segment }),
           let number = Int(unitProperties[segmentIndex].value) {
            article = unitProperties[articleIndex].value
            segmentNumber = number
            unitProperties.remove(at: max(articleIndex, segmentIndex))
            unitProperties.remove(at: min(articleIndex, segmentIndex))
        }
        properties += unitProperties.map { UnitProperty(part: .unit, type: $0.type, value: $0.value, language: canonical($0.language)) }
        func addVariantProperties(of variant: TMXVariant, part: UnitPart) {
            for name in TMXAttributeNames.variantAttributeOrder where !variant.attributes.isEmpty {
                guard let value = variant.attributes[name] else { continue }
                // A provenance attribute whose value the provenance holds is not kept twice.
                switch name {
                case "creationtool" where value == tool,
                     "creationid" where value == provenance.creator,
                     "changeid" where value == provenance.changedBy,
                     "creationdate" where value == provenanceValue(name),
                     "changedate" where value == provenanceValue(name):
                    continue
                default:
                    properties.append(UnitProperty(part: part, type: Self.propertyType(forAttribute: name), value: value))
                }
            }
            for property in variant.properties {
                properties.append(UnitProperty(part: part, type: property.type, value: property.value, language: canonical(property.language)))
            }
        }
        addVariantProperties(of: source, part: .source)
        addVariantProperties(of: target, part: .target)

        var notes = tu.notes.map { UnitNote(part: .unit, text: $0.text, language: canonical($0.language)) }
        notes += source.notes.map { UnitNote(part: .source, text: $0.text, language: canonical($0.language)) }
        notes += target.notes.map { UnitNote(part: .target, text: $0.text, language: canonical($0.language)) }

        return TranslationUnit(
            sourceLanguage: tags[sourceIndex],
            targetLanguage: tags[targetIndex],
            source: source.segment ?? SegmentText(elements: []),
            target: target.segment ?? SegmentText(elements: []),
            provenance: provenance,
            context: context,
            location: article.map { SegmentLocation(article: $0, segment: segmentNumber ?? 0) },
            properties: properties,
            notes: notes
        )
    }

    /// A note's or property's language in canonical form (`en-US` for `EN_us`); kept
    /// as written when it is not a language tag.
    private func canonical(_ language: String?) -> String? {
        guard let language else { return nil }
        return languageTag(language)?.identifier ?? language
    }

    /// Whether a segment has neither a code nor any text but ASCII whitespace.
    static func isBlank(_ segment: SegmentText) -> Bool {
        for element in segment.elements {
            switch element {
            case .code: return false
            case .text(let text): if text.utf8.contains(where: { $0 > 0x20 }) { return false }
            }
        }
        return true
    }

    private func languageTag(_ string: String) -> LanguageTag? {
        for entry in tags where entry.string == string { return entry.tag }
        let tag = LanguageTag(string)
        if tags.count < 64 { tags.append((string, tag)) }
        return tag
    }

    /// A date that is not a TMX date, or a `segtype` TMX does not know.
    static func invalidAttribute(in attributes: TMXAttributes, element: String) -> String? {
        if attributes.isEmpty { return nil }
        for name in TMXAttributeNames.dates {
            if let value = attributes[name], TMXDate.parse(value) == nil {
                return "<\(element) \(name)=\"\(value)\">: not a TMX date (YYYYMMDDThhmmssZ)"
            }
        }
        if let value = attributes["segtype"], !TMXAttributeNames.segmentTypes.contains(value) {
            return "<\(element) segtype=\"\(value)\">: not one of block, paragraph, sentence, phrase"
        }
        return nil
    }

    // MARK: - Memory → TMX

    /// The `<tu>` that stands for a unit: two `<tuv>`s (source, then target), the
    /// provenance as `<tu>` attributes, properties and notes where they came from.
    /// `srclang` is left to the writer, which knows the header.
    public static func tmxUnit(for unit: TranslationUnit) -> TMXTranslationUnit {
        var tu = TMXTranslationUnit()
        let provenance = unit.provenance
        tu.attributes["creationtool"] = provenance.tool
        tu.attributes["creationid"] = provenance.creator
        tu.attributes["creationdate"] = provenance.createdAt.map(TMXDate.format)
        tu.attributes["changeid"] = provenance.changedBy
        tu.attributes["changedate"] = provenance.changedAt.map(TMXDate.format)
        if let previous = unit.context.previous {
            tu.properties.append(TMXProperty(type: PropertyType.previous, value: previous))
        }
        if let next = unit.context.next {
            tu.properties.append(TMXProperty(type: PropertyType.next, value: next))
        }
        if let location = unit.location {
            tu.properties.append(TMXProperty(type: PropertyType.article, value: location.article))
            tu.properties.append(TMXProperty(type: PropertyType.segment, value: String(location.segment)))
        }
        var source = TMXVariant(language: unit.sourceLanguage.identifier, segment: unit.source)
        var target = TMXVariant(language: unit.targetLanguage.identifier, segment: unit.target)
        for property in unit.properties {
            switch property.part {
            case .unit: place(property, attributes: &tu.attributes, properties: &tu.properties, allowed: TMXAttributeNames.unit.subtracting(["srclang"]))
            case .source: place(property, attributes: &source.attributes, properties: &source.properties, allowed: TMXAttributeNames.variant)
            case .target: place(property, attributes: &target.attributes, properties: &target.properties, allowed: TMXAttributeNames.variant)
            }
        }
        for note in unit.notes {
            let tmxNote = TMXNote(text: note.text, language: note.language)
            switch note.part {
            case .unit: tu.notes.append(tmxNote)
            case .source: source.notes.append(tmxNote)
            case .target: target.notes.append(tmxNote)
            }
        }
        tu.variants = [source, target]
        return tu
    }

    /// A `tmx:` property becomes the attribute it stands for (unless that attribute is
    /// already set); any other property stays a `<prop>`.
    private static func place(_ property: UnitProperty, attributes: inout TMXAttributes, properties: inout [TMXProperty], allowed: Set<String>) {
        if property.type.hasPrefix("tmx:"), property.language == nil {
            let name = String(property.type.dropFirst(4))
            if allowed.contains(name), attributes[name] == nil {
                attributes[name] = property.value
                return
            }
        }
        properties.append(TMXProperty(type: property.type, value: property.value, language: property.language))
    }
}

/// What one `<tu>` gives.
public struct TMXMapping: Sendable {
    /// The units to store, one per source → target pair.
    public var units: [TranslationUnit] = []
    /// Why the `<tu>` (or a pair of it) was left out.
    public var rejections: [TMXRejection] = []
    /// Pairs the language filter of ``TMXImportOptions`` left out.
    public var skipped = 0

    public init() {}
}

/// A `<tu>` (or one pair of it) left out of an import, and why.
public struct TMXRejection: Hashable, Sendable, CustomStringConvertible {
    /// The line of the `<tu>` or of the `<tuv>` at fault.
    public var line: Int
    /// The `<tu>`'s `tuid`, when it has one.
    public var identifier: String?
    public var reason: String

    public init(line: Int, identifier: String?, reason: String) {
        self.line = line
        self.identifier = identifier
        self.reason = reason
    }

    public var description: String {
        "line \(line)\(identifier.map { " (tuid \($0))" } ?? ""): \(reason)"
    }
}
