import XMLSupport

extension XLIFF2ConstraintDocument {
    /// Every element of the document in a namespace, in document order.
    func elements(in namespace: String) -> [XMLElement] {
        Self.descendants(root).filter { $0.namespaceURI == namespace }
    }

    /// Every element of the document.
    var allElements: [XMLElement] { Self.descendants(root) }
}

/// Module vocabularies: an element or attribute in a module's namespace is one the module
/// defines (the schemas accept unknown ones where core allows "other" content).
enum XLIFF2ModuleVocabulary {
    static let elements: [String: Set<String>] = [
        XLIFF2ModuleNamespace.matches: ["matches", "match"],
        XLIFF2ModuleNamespace.glossary: ["glossary", "glossEntry", "term", "translation", "definition"],
        XLIFF2ModuleNamespace.formatStyle: [],
        XLIFF2ModuleNamespace.metadata: ["metadata", "metaGroup", "meta"],
        XLIFF2ModuleNamespace.resourceData: ["resourceData", "resourceItemRef", "resourceItem", "source", "target", "reference"],
        XLIFF2ModuleNamespace.changeTracking: ["changeTrack", "revisions", "revision", "item"],
        XLIFF2ModuleNamespace.sizeRestriction: ["profiles", "normalization", "data"],
        XLIFF2ModuleNamespace.validation: ["validation", "rule"],
    ]

    /// The module attributes that may stand on elements of other namespaces.
    static let attributes: [String: Set<String>] = [
        XLIFF2ModuleNamespace.formatStyle: ["fs", "subFs"],
        XLIFF2ModuleNamespace.sizeRestriction: ["storageRestriction", "sizeRestriction", "equivStorage", "sizeInfo", "sizeInfoRef"],
    ]
}

/// Matches module (`mtc`): a match's `ref` is a fragment identifier (checked with the
/// core's), it has no `xml:lang` (its languages are the document's), a `subType` needs a
/// `type`, and match ids are unique in their `<mtc:matches>`. Also checks that every
/// element and attribute in a module namespace is one the module defines.
enum XLIFF2MatchesRules: XLIFF2ConstraintRule {
    static let section = "modules"

    static func check(_ document: XLIFF2ConstraintDocument) throws {
        for element in document.allElements {
            if let namespace = element.namespaceURI, let known = XLIFF2ModuleVocabulary.elements[namespace], !known.contains(element.localName) {
                throw violation(document, element, "<\(element.qualifiedName)> is not an element of the module \(namespace)")
            }
            for attribute in element.attributes {
                guard let namespace = attribute.namespaceURI, let known = XLIFF2ModuleVocabulary.attributes[namespace] else { continue }
                if !known.contains(attribute.localName) {
                    throw violation(document, element, "\(attribute.qualifiedName) is not an attribute of the module \(namespace)")
                }
            }
        }
        for matches in document.elements(in: XLIFF2ModuleNamespace.matches) where matches.localName == "matches" {
            var ids: Set<String> = []
            for match in matches.elements where match.localName == "match" {
                if let id = match.attribute("id"), !ids.insert(id).inserted {
                    throw violation(document, match, "<mtc:match> id=\"\(id)\" is not unique in its <mtc:matches>")
                }
                if match.attribute("lang", namespaceURI: XLIFF2LanguageRules.xml) != nil {
                    throw violation(document, match, "<mtc:match> has xml:lang (a match is in the document's source and target languages)")
                }
                if match.attribute("subType") != nil, match.attribute("type") == nil {
                    throw violation(document, match, "<mtc:match> has subType but no type")
                }
            }
        }
    }
}

/// Glossary module (`gls`): an entry has a `<gls:translation>` or a `<gls:definition>`,
/// and the ids of entries and translations are unique in their `<gls:glossary>`.
enum XLIFF2GlossaryRules: XLIFF2ConstraintRule {
    static let section = "Glossary module"

    static func check(_ document: XLIFF2ConstraintDocument) throws {
        for glossary in document.elements(in: XLIFF2ModuleNamespace.glossary) where glossary.localName == "glossary" {
            var ids: Set<String> = []
            for entry in glossary.elements where entry.localName == "glossEntry" {
                let children = entry.elements.filter { $0.namespaceURI == XLIFF2ModuleNamespace.glossary }
                if !children.contains(where: { $0.localName == "translation" || $0.localName == "definition" }) {
                    throw violation(document, entry, "<gls:glossEntry> has neither a <gls:translation> nor a <gls:definition>")
                }
                for element in [entry] + children.filter({ $0.localName == "translation" }) {
                    if let id = element.attribute("id"), !ids.insert(id).inserted {
                        throw violation(document, element, "<\(element.qualifiedName)> id=\"\(id)\" is not unique among the entries and translations of its <gls:glossary>")
                    }
                }
            }
        }
    }
}

/// Format Style module (`fs`): `subFs` needs `fs`, and neither stands on an `<ec>` that
/// closes an `<sc>` (the `<sc>` carries them).
enum XLIFF2FormatStyleRules: XLIFF2ConstraintRule {
    static let section = "Format Style module"

    static func check(_ document: XLIFF2ConstraintDocument) throws {
        let fs = XLIFF2ModuleNamespace.formatStyle
        for element in document.allElements {
            let hasFS = element.attribute("fs", namespaceURI: fs) != nil
            if element.attribute("subFs", namespaceURI: fs) != nil, !hasFS {
                throw violation(document, element, "<\(element.qualifiedName)> has fs:subFs but no fs:fs")
            }
            if hasFS, document.isCore(element, "ec"), element.attribute("isolated") != "yes" {
                throw violation(document, element, "<ec> that closes an <sc> has fs:fs (format style goes on the <sc>; only an isolated <ec> has its own)")
            }
        }
    }
}

/// Metadata module (`mda`): ids of `<mda:metaGroup>` are unique in their `<mda:metadata>`.
enum XLIFF2MetadataRules: XLIFF2ConstraintRule {
    static let section = "Metadata module"

    static func check(_ document: XLIFF2ConstraintDocument) throws {
        for metadata in document.elements(in: XLIFF2ModuleNamespace.metadata) where metadata.localName == "metadata" {
            var ids: Set<String> = []
            for group in XLIFF2ConstraintDocument.descendants(metadata) where group.localName == "metaGroup" && group.namespaceURI == XLIFF2ModuleNamespace.metadata {
                if let id = group.attribute("id"), !ids.insert(id).inserted {
                    throw violation(document, group, "<mda:metaGroup> id=\"\(id)\" is not unique in its <mda:metadata>")
                }
            }
        }
    }
}

/// Resource Data module (`res`): a `<res:source>` or `<res:target>` has either `href` or
/// content, not both; `resourceItem` ids are unique in their `<res:resourceData>`.
enum XLIFF2ResourceDataRules: XLIFF2ConstraintRule {
    static let section = "Resource Data module"

    static func check(_ document: XLIFF2ConstraintDocument) throws {
        for data in document.elements(in: XLIFF2ModuleNamespace.resourceData) where data.localName == "resourceData" {
            var ids: Set<String> = []
            for item in data.elements where item.localName == "resourceItem" || item.localName == "resourceItemRef" {
                if let id = item.attribute("id"), !ids.insert(id).inserted {
                    throw violation(document, item, "<\(item.qualifiedName)> id=\"\(id)\" is not unique in its <res:resourceData>")
                }
                for part in item.elements where part.localName == "source" || part.localName == "target" {
                    let hasContent = !part.elements.isEmpty || !part.textContent.allSatisfy(\.isWhitespace)
                    if part.attribute("href") != nil, hasContent {
                        throw violation(document, part, "<\(part.qualifiedName)> has both href and content")
                    }
                }
            }
        }
    }
}

/// Change Tracking module (`ctr`): `<ctr:revisions ref>` names an element with that id in
/// the element that encloses the change track.
enum XLIFF2ChangeTrackingRules: XLIFF2ConstraintRule {
    static let section = "Change Tracking module"

    static func check(_ document: XLIFF2ConstraintDocument) throws {
        for container in document.containers {
            let own = document.ownDescendants(container.element)
            let ids = Set(own.filter { $0.namespaceURI != XLIFF2ModuleNamespace.changeTracking }.compactMap { $0.attribute("id") })
            for revisions in own where revisions.namespaceURI == XLIFF2ModuleNamespace.changeTracking && revisions.localName == "revisions" {
                if let reference = revisions.attribute("ref"), !ids.contains(reference) {
                    throw violation(document, revisions, "<ctr:revisions> ref=\"\(reference)\" names no element of the enclosing <\(container.element.localName)>")
                }
            }
        }
    }
}

/// Size and Length Restriction module (`slr`).
///
/// - `sizeInfo` and `sizeInfoRef` exclude each other; `sizeInfoRef` names an `<slr:data>`.
/// - On `<ec>`, the module's attributes stand only when it is isolated.
/// - With the standard profiles (`xliff:codepoints`; `xliff:utf8`/`utf16`/`utf32`), sizes
///   are integers and restrictions are `max`, `min,max` (`*` for none).
enum XLIFF2SizeRestrictionRules: XLIFF2ConstraintRule {
    static let section = "Size and Length Restriction module"
    static let standardGeneral: Set<String> = ["xliff:codepoints"]
    static let standardStorage: Set<String> = ["xliff:utf8", "xliff:utf16", "xliff:utf32"]

    static func check(_ document: XLIFF2ConstraintDocument) throws {
        let slr = XLIFF2ModuleNamespace.sizeRestriction
        for file in document.files {
            let elements = XLIFF2ConstraintDocument.descendants(file)
            let profiles = elements.first { $0.namespaceURI == slr && $0.localName == "profiles" }
            let generalStandard = profiles.flatMap { $0.attribute("generalProfile") }.map(standardGeneral.contains) ?? false
            let storageStandard = profiles.flatMap { $0.attribute("storageProfile") }.map(standardStorage.contains) ?? false
            // sizeInfoRef names an element inside an <slr:data> (or the data itself).
            let dataIDs = Set(elements.filter { $0.namespaceURI == slr && $0.localName == "data" }.flatMap(XLIFF2ConstraintDocument.descendants).compactMap { $0.attribute("id") })
            for element in elements {
                let sizeInfo = element.attribute("sizeInfo", namespaceURI: slr)
                let sizeInfoRef = element.attribute("sizeInfoRef", namespaceURI: slr)
                let equivStorage = element.attribute("equivStorage", namespaceURI: slr)
                if sizeInfo != nil, sizeInfoRef != nil {
                    throw violation(document, element, "<\(element.qualifiedName)> has both slr:sizeInfo and slr:sizeInfoRef")
                }
                if let sizeInfoRef, !dataIDs.contains(sizeInfoRef) {
                    throw violation(document, element, "slr:sizeInfoRef=\"\(sizeInfoRef)\" names nothing in an <slr:data> of the file")
                }
                if document.isCore(element, "ec"), element.attribute("isolated") != "yes", sizeInfo != nil || sizeInfoRef != nil || equivStorage != nil {
                    throw violation(document, element, "<ec> that closes an <sc> has size restriction attributes (they go on the <sc>; only an isolated <ec> has its own)")
                }
                if generalStandard, let sizeInfo, Int(sizeInfo) == nil {
                    throw violation(document, element, "slr:sizeInfo=\"\(sizeInfo)\" is not an integer (the profile xliff:codepoints counts code points)")
                }
                if storageStandard, let equivStorage, Int(equivStorage) == nil {
                    throw violation(document, element, "slr:equivStorage=\"\(equivStorage)\" is not an integer (the storage profile counts bytes)")
                }
                if generalStandard, let restriction = element.attribute("sizeRestriction", namespaceURI: slr), !isRestriction(restriction) {
                    throw violation(document, element, "slr:sizeRestriction=\"\(restriction)\" is not max or min,max (integers, * for none)")
                }
                if storageStandard, let restriction = element.attribute("storageRestriction", namespaceURI: slr), !isRestriction(restriction) {
                    throw violation(document, element, "slr:storageRestriction=\"\(restriction)\" is not max or min,max (integers, * for none)")
                }
            }
        }
    }

    static func isRestriction(_ value: String) -> Bool {
        let parts = value.split(separator: ",", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { $0 == "*" || (!$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber)) }
    }
}

/// Validation module (`val`): a rule has exactly one of `isPresent`, `isNotPresent`,
/// `startsWith`, `endsWith` or a custom (extension) rule; `existsInSource` goes only with
/// `isPresent`, `startsWith` or `endsWith`.
enum XLIFF2ValidationRules: XLIFF2ConstraintRule {
    static let section = "Validation module"
    static let kinds = ["isPresent", "isNotPresent", "startsWith", "endsWith"]

    static func check(_ document: XLIFF2ConstraintDocument) throws {
        for rule in document.elements(in: XLIFF2ModuleNamespace.validation) where rule.localName == "rule" {
            let custom = rule.attributes.filter { $0.namespaceURI != nil && $0.namespaceURI != XLIFF2ModuleNamespace.validation && !XLIFF2ModuleNamespace.isXLIFF($0.namespaceURI) && $0.namespaceURI != XLIFF2LanguageRules.xml }
            let present = kinds.filter { rule.attribute($0) != nil }
            if present.count + custom.count != 1 {
                throw violation(document, rule, "<val:rule> must have exactly one of isPresent, isNotPresent, startsWith, endsWith or a custom rule (it has \(present.count + custom.count))")
            }
            if rule.attribute("existsInSource") != nil, !(present.contains("isPresent") || present.contains("startsWith") || present.contains("endsWith")) {
                throw violation(document, rule, "<val:rule> has existsInSource without isPresent, startsWith or endsWith")
            }
        }
    }
}

/// Core §4.7 `type`/`subType`: a `subType` needs a `type`, and the
/// `xlf:` subtypes go with their type (`xlf:lb`, `xlf:pb`, `xlf:b`, `xlf:i`, `xlf:u`:
/// `fmt`; `xlf:var`: `ui`).
enum XLIFF2TypeRules: XLIFF2ConstraintRule {
    static let section = "core, type and subType"
    static let xlfSubTypes: [String: String] = ["xlf:lb": "fmt", "xlf:pb": "fmt", "xlf:b": "fmt", "xlf:i": "fmt", "xlf:u": "fmt", "xlf:var": "ui"]

    static func check(_ document: XLIFF2ConstraintDocument) throws {
        for element in document.allElements where document.isCore(element) {
            guard ["ph", "pc", "sc", "ec"].contains(element.localName), let subType = element.attribute("subType") else { continue }
            guard let type = element.attribute("type") else {
                throw violation(document, element, "<\(element.localName)> has subType=\"\(subType)\" but no type")
            }
            if subType.hasPrefix("xlf:"), xlfSubTypes[subType] == nil {
                throw violation(document, element, "<\(element.localName)> subType=\"\(subType)\" is not one of the xlf: subtypes (xlf:lb, xlf:pb, xlf:b, xlf:i, xlf:u, xlf:var)")
            }
            if let expected = xlfSubTypes[subType], expected != type {
                throw violation(document, element, "<\(element.localName)> subType=\"\(subType)\" goes with type=\"\(expected)\", not \"\(type)\"")
            }
        }
    }
}
