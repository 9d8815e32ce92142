import TranslationMemory
import XMLSupport

/// Writes a ``BilingualDocument`` as XLIFF 2.0, 2.1 or 2.2 (see ``XLIFFWriter``).
struct XLIFF2Writer {
    let version: String
    let xml: IndentingXMLWriter
    private let core: String
    /// Elements read from a document of the same version are written back as they were.
    private let sameFamily: Bool

    init(version: String, xml: XMLStreamWriter, document: BilingualDocument) {
        self.version = version
        self.xml = IndentingXMLWriter(xml)
        core = version == "2.2" ? XLIFFNamespace.xliff22 : XLIFFNamespace.xliff20
        sameFamily = document.version?.hasPrefix("2.") ?? true
    }

    func write(_ document: BilingualDocument) throws {
        let units = document.allUnits
        let hasTarget = units.contains { $0.segments.contains { $0.target != nil } }
        if hasTarget, document.targetLanguage == nil {
            throw XLIFFWriteError.noTargetLanguage
        }
        try xml.xml.startDocument()
        try xml.start("xliff")
        try xml.attribute("xmlns", core)
        try xml.attribute("version", version)
        try xml.attribute("srcLang", document.sourceLanguage)
        try xml.attribute("trgLang", ifPresent: document.targetLanguage)
        var namespaces = NamespaceCollector(known: document.namespaces, reserved: ["mtc", "mda", "tandem"])
        try xml.attribute("xmlns:mtc", XLIFFNamespace.matches)
        try xml.attribute("xmlns:mda", XLIFFNamespace.metadata)
        if units.contains(where: { $0.notes.contains { $0.author != nil } }) || document.files.contains(where: { $0.notes.contains { $0.author != nil } }) {
            try xml.attribute("xmlns:tandem", XLIFFNamespace.tandem)
        }
        let rootAttributes = sameFamily ? document.attributes : []
        namespaces.note(rootAttributes)
        for file in document.files { collect(file, into: &namespaces) }
        for declaration in namespaces.declarations { try xml.attribute("xmlns:\(declaration.prefix)", declaration.uri) }
        for attribute in rootAttributes { try xml.attribute(attribute.qualifiedName, attribute.value) }
        if version == "2.2" { try notes(document.notes) }
        var fileIDs = IDAllocator(used: Set(document.files.compactMap(\.id)), prefix: "f")
        for file in document.files { try write(file, id: file.id ?? fileIDs.next()) }
        try xml.end()
    }

    private func collect(_ file: BilingualFile, into namespaces: inout NamespaceCollector) {
        if sameFamily { namespaces.note(file) }
    }

    // MARK: - Structure

    private func write(_ file: BilingualFile, id: String) throws {
        try xml.start("file")
        try xml.attribute("id", id)
        try xml.attribute("original", ifPresent: file.original)
        try translate(file.translate)
        if sameFamily { for attribute in file.attributes { try xml.attribute(attribute.qualifiedName, attribute.value) } }
        let extensions = sameFamily ? file.extensions : []
        // <skeleton> comes first.
        for element in extensions where element.namespaceURI == core && element.localName == "skeleton" { try xml.element(element) }
        try metadata(file.metadata)
        for element in extensions where !(element.namespaceURI == core && element.localName == "skeleton") { try xml.element(element) }
        try notes(file.notes)
        var groupIDs = IDAllocator(used: groupIDsUsed(file.children), prefix: "g")
        var unitIDs = Set<String>()
        for child in file.children { try write(child, groupIDs: &groupIDs, unitIDs: &unitIDs) }
        try xml.end()
    }

    private func groupIDsUsed(_ nodes: [BilingualNode]) -> Set<String> {
        var ids: Set<String> = []
        for node in nodes {
            if case .group(let group) = node {
                if let id = group.id { ids.insert(id) }
                ids.formUnion(groupIDsUsed(group.children))
            }
        }
        return ids
    }

    private func write(_ node: BilingualNode, groupIDs: inout IDAllocator, unitIDs: inout Set<String>) throws {
        switch node {
        case .group(let group):
            try xml.start("group")
            try xml.attribute("id", group.id ?? groupIDs.next())
            try xml.attribute("name", ifPresent: group.name)
            try translate(group.translate)
            if sameFamily { for attribute in group.attributes { try xml.attribute(attribute.qualifiedName, attribute.value) } }
            try metadata(group.metadata)
            if sameFamily { for element in group.extensions { try xml.element(element) } }
            try notes(group.notes)
            for child in group.children { try write(child, groupIDs: &groupIDs, unitIDs: &unitIDs) }
            try xml.end()
        case .unit(let unit):
            guard unitIDs.insert(unit.id).inserted else { throw XLIFFWriteError.duplicateUnit(unit.id) }
            try write(unit)
        }
    }

    private func translate(_ value: Bool?) throws {
        if let value { try xml.attribute("translate", value ? "yes" : "no") }
    }

    private func notes(_ notes: [BilingualNote]) throws {
        guard !notes.isEmpty else { return }
        try xml.start("notes")
        for note in notes {
            try xml.start("note", mixed: true)
            try xml.attribute("id", ifPresent: note.id)
            try xml.attribute("category", ifPresent: note.category)
            try xml.attribute("priority", ifPresent: note.priority.map { String(min(max($0, 1), 10)) })
            if let appliesTo = note.appliesTo, appliesTo == "source" || appliesTo == "target" { try xml.attribute("appliesTo", appliesTo) }
            try xml.attribute("tandem:author", ifPresent: note.author)
            if sameFamily { for attribute in note.attributes { try xml.attribute(attribute.qualifiedName, attribute.value) } }
            try text(note.text)
            try xml.end()
        }
        try xml.end()
    }

    private func metadata(_ groups: [BilingualMetadataGroup]) throws {
        let groups = groups.filter { !$0.entries.isEmpty }
        guard !groups.isEmpty else { return }
        try xml.start("mda:metadata")
        for group in groups {
            try xml.start("mda:metaGroup")
            try xml.attribute("category", ifPresent: group.category)
            for entry in group.entries {
                try xml.start("mda:meta", mixed: true)
                try xml.attribute("type", entry.type)
                try text(entry.value)
                try xml.end()
            }
            try xml.end()
        }
        try xml.end()
    }

    // MARK: - Units

    private func write(_ unit: BilingualUnit) throws {
        guard unit.segments.contains(where: { !$0.isIgnorable }) else { throw XLIFFWriteError.noSegment(unit.id) }
        var segments = unit.segments
        // Ids of the unit's segments and source inline elements share one space.
        var ids = IDAllocator(used: Set(segments.compactMap(\.id)), prefix: "t")
        for segment in segments { reserveInlineIDs(segment.source, in: &ids) }
        // A candidate without a reference points at the first segment, which needs an id.
        let firstSegment = segments.firstIndex { !$0.isIgnorable }!
        if unit.candidates.contains(where: { $0.reference == nil }), segments[firstSegment].id == nil {
            var segmentIDs = IDAllocator(used: ids.used, prefix: "s")
            segments[firstSegment].id = segmentIDs.next()
            ids.reserve(segments[firstSegment].id!)
        }
        // Annotations: a note each, and a marker on their span.
        var notes = unit.notes
        var noteIDs = IDAllocator(used: Set(notes.compactMap(\.id)), prefix: "n")
        for (index, segment) in segments.enumerated() {
            let annotations = unit.annotations.filter { $0.segment == index }
            guard !annotations.isEmpty else { continue }
            let hasContainers = segment.source.elements.contains { if case .code(let code) = $0 { ["pc", "mrk"].contains(code.xliffElement ?? "") } else { false } }
            let useMarkers = hasContainers || !AnnotationPlacer.nest(annotations.map(\.range))
            var markerIDs: [String: String] = [:]
            for annotation in annotations {
                let noteID = noteIDs.reserveOrNext("a-\(annotation.id)")
                notes.append(BilingualNote(id: noteID, text: annotation.comment, category: annotation.kind, appliesTo: "source"))
                markerIDs[annotation.id] = noteID
            }
            var mrkIDs: [String: String] = [:]
            for annotation in annotations { mrkIDs[annotation.id] = ids.reserveOrNext("m-\(annotation.id)") }
            segments[index].source = AnnotationPlacer.place(annotations, in: segment.source, begin: { annotation in
                InlineCode(kind: .highlightBegin, attributes: [
                    .init(name: xliffElementAttribute, value: useMarkers ? "sm" : "mrk"),
                    .init(name: "id", value: mrkIDs[annotation.id]!),
                    .init(name: "type", value: "comment"),
                    .init(name: "ref", value: "#n=\(markerIDs[annotation.id]!)"),
                ])
            }, end: { annotation in
                useMarkers
                    ? InlineCode(kind: .highlightEnd, attributes: [.init(name: xliffElementAttribute, value: "em"), .init(name: "startRef", value: mrkIDs[annotation.id]!)])
                    : InlineCode(kind: .highlightEnd, attributes: [.init(name: xliffElementAttribute, value: "mrk")])
            })
        }

        // Inline content: plan both sides, collecting original data.
        var data = DataTable()
        for segment in segments {
            reserveDataIDs(segment.source, in: &data)
            if let target = segment.target { reserveDataIDs(target, in: &data) }
        }
        var sourcePlan = InlinePlan2(sameFamily: sameFamily)
        let sources = try segments.map { try sourcePlan.plan($0.source, ids: &ids, data: &data) }
        try sourcePlan.finish()
        var targetIDs = ids
        var targetPlan = InlinePlan2(sameFamily: sameFamily)
        let targets = try segments.map { try $0.target.map { try targetPlan.plan($0, ids: &targetIDs, data: &data) } }
        try targetPlan.finish()

        try xml.start("unit")
        try xml.attribute("id", unit.id)
        try xml.attribute("name", ifPresent: unit.name)
        try translate(unit.translate)
        if sameFamily { for attribute in unit.attributes { try xml.attribute(attribute.qualifiedName, attribute.value) } }
        try metadata(unit.metadata)
        if sameFamily { for element in unit.extensions { try xml.element(element) } }
        try candidates(unit.candidates, defaultReference: segments[firstSegment].id ?? "")
        try self.notes(notes)
        if !data.isEmpty {
            try xml.start("originalData")
            for entry in data.entries {
                try xml.start("data", mixed: true)
                try xml.attribute("id", entry.id)
                try text(entry.text)
                try xml.end()
            }
            try xml.end()
        }
        for (index, segment) in segments.enumerated() {
            try xml.start(segment.isIgnorable ? "ignorable" : "segment")
            try xml.attribute("id", ifPresent: segment.id)
            if !segment.isIgnorable, let state = segment.state, state == .initial || segment.target != nil {
                try xml.attribute("state", state.rawValue)
                if let subState = segment.subState, subState.contains(":") { try xml.attribute("subState", subState) }
            }
            if sameFamily { for attribute in segment.attributes { try xml.attribute(attribute.qualifiedName, attribute.value) } }
            try xml.start("source", mixed: true)
            if sameFamily { for attribute in segment.sourceAttributes { try xml.attribute(attribute.qualifiedName, attribute.value) } }
            try write(sources[index])
            try xml.fullEnd()
            if let target = targets[index] {
                try xml.start("target", mixed: true)
                if sameFamily { for attribute in segment.targetAttributes { try xml.attribute(attribute.qualifiedName, attribute.value) } }
                try write(target)
                try xml.fullEnd()
            }
            try xml.end()
        }
        try xml.end()
    }

    private func reserveInlineIDs(_ text: SegmentText, in ids: inout IDAllocator) {
        for case .code(let code) in text.elements where sameFamily && InlinePlan2.elements.contains(code.xliffElement ?? "") {
            if let id = code.attribute("id") { ids.reserve(id) }
        }
    }

    private func reserveDataIDs(_ text: SegmentText, in data: inout DataTable) {
        for case .code(let code) in text.elements where sameFamily {
            for name in ["dataRef", "dataRefStart", "dataRefEnd"] { if let id = code.attribute(name) { data.reserve(id) } }
        }
    }

    private func candidates(_ candidates: [TranslationCandidate], defaultReference: String) throws {
        guard !candidates.isEmpty else { return }
        try xml.start("mtc:matches")
        var matchIDs = IDAllocator(used: Set(candidates.compactMap(\.id)), prefix: "mt")
        for candidate in candidates {
            var data = DataTable()
            var ids = IDAllocator(prefix: "t")
            reserveInlineIDs(candidate.source, in: &ids)
            reserveDataIDs(candidate.source, in: &data)
            reserveDataIDs(candidate.target, in: &data)
            var sourcePlan = InlinePlan2(sameFamily: sameFamily)
            let source = try sourcePlan.plan(candidate.source, ids: &ids, data: &data)
            try sourcePlan.finish()
            var targetPlan = InlinePlan2(sameFamily: sameFamily)
            let target = try targetPlan.plan(candidate.target, ids: &ids, data: &data)
            try targetPlan.finish()

            try xml.start("mtc:match")
            try xml.attribute("id", candidate.id ?? matchIDs.next())
            let reference = candidate.reference ?? defaultReference
            try xml.attribute("ref", reference.hasPrefix("#") || reference.contains(":") ? reference : "#\(reference)")
            try xml.attribute("similarity", ifPresent: candidate.similarity.map { formatNumber(min(max($0, 0), 1) * 100) })
            try xml.attribute("matchQuality", ifPresent: candidate.matchQuality.map { formatNumber(min(max($0, 0), 1) * 100) })
            try xml.attribute("origin", ifPresent: candidate.origin)
            try xml.attribute("type", ifPresent: candidate.type)
            if sameFamily { for attribute in candidate.attributes { try xml.attribute(attribute.qualifiedName, attribute.value) } }
            let extensions = sameFamily ? candidate.extensions.filter { $0.namespaceURI != core } : []
            for element in extensions where element.namespaceURI == XLIFFNamespace.metadata { try xml.element(element) }
            if !data.isEmpty {
                try xml.start("originalData")
                for entry in data.entries {
                    try xml.start("data", mixed: true)
                try xml.attribute("id", entry.id)
                    try text(entry.text)
                    try xml.end()
                }
                try xml.end()
            }
            try xml.start("source", mixed: true)
            try write(source)
            try xml.fullEnd()
            try xml.start("target", mixed: true)
            try write(target)
            try xml.fullEnd()
            for element in extensions where element.namespaceURI != XLIFFNamespace.metadata { try xml.element(element) }
            try xml.end()
        }
        try xml.end()
    }

    // MARK: - Text

    private func write(_ tokens: [InlineToken]) throws {
        for token in tokens {
            switch token {
            case .text(let string), .data(let string): try text(string)
            case .empty(let name, let attributes):
                try xml.start(name)
                for (attribute, value) in attributes { try xml.attribute(attribute, value) }
                try xml.end()
            case .start(let name, let attributes):
                try xml.start(name)
                for (attribute, value) in attributes { try xml.attribute(attribute, value) }
            case .end:
                try xml.fullEnd()
            }
        }
    }

    /// A code point as `xs:hexBinary` (an even number of digits, at least four).
    static func hex(_ scalar: Unicode.Scalar) -> String {
        var digits = String(scalar.value, radix: 16, uppercase: true)
        while digits.count < 4 || digits.count % 2 == 1 { digits = "0" + digits }
        return digits
    }

    /// Writes text; characters XML cannot carry become `<cp hex="..."/>`.
    private func text(_ string: String) throws {
        guard string.unicodeScalars.contains(where: { !XMLStreamWriter.isXMLCharacter($0) }) else {
            try xml.text(string)
            return
        }
        var run = ""
        for scalar in string.unicodeScalars {
            if XMLStreamWriter.isXMLCharacter(scalar) {
                run.unicodeScalars.append(scalar)
            } else {
                if !run.isEmpty { try xml.text(run); run = "" }
                try xml.start("cp")
                try xml.attribute("hex", Self.hex(scalar))
                try xml.end()
            }
        }
        if !run.isEmpty { try xml.text(run) }
    }
}

extension IDAllocator {
    /// `preferred` when it is free, otherwise a fresh id.
    mutating func reserveOrNext(_ preferred: String) -> String {
        let clean = String(preferred.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
        if !used.contains(clean), let first = clean.first, first.isLetter || first == "_" {
            reserve(clean)
            return clean
        }
        return next()
    }
}

/// Turns one side's inline codes into XLIFF 2 elements: codes read from XLIFF 2 as they
/// were written; others (from TMX, XLIFF 1.2 or built in memory) as `ph`, `sc`/`ec`
/// and `sm`/`em` with fresh ids, their native data in `<originalData>`.
struct InlinePlan2 {
    static let elements: Set<String> = ["ph", "pc", "sc", "ec", "mrk", "sm", "em"]
    let sameFamily: Bool
    /// Open generic begins (their `i`/`id`/`rid` key, their written id).
    private var openCodes: [(key: String?, id: String)] = []
    private var openMarkers: [String] = []
    /// Open `pc`/`mrk` containers.
    private var containers: [String] = []

    init(sameFamily: Bool) { self.sameFamily = sameFamily }

    mutating func plan(_ text: SegmentText, ids: inout IDAllocator, data: inout DataTable) throws -> [InlineToken] {
        var tokens: [InlineToken] = []
        // Generic begins without an end in this side become isolated.
        let unmatchedBegins = Self.unmatchedBegins(text)
        for (index, element) in text.elements.enumerated() {
            guard case .code(let code) = element else {
                if case .text(let string) = element { tokens.append(.text(string)) }
                continue
            }
            if sameFamily, let name = code.xliffElement, Self.elements.contains(name) {
                var attributes: [(String, String)] = []
                for attribute in code.xmlAttributes {
                    var value = attribute.value
                    if ["dataRef", "dataRefStart"].contains(attribute.name), let native = code.dataText {
                        value = data.id(for: native, preferred: value)
                    }
                    if attribute.name == "dataRefEnd", name == "pc", let native = Self.endData(of: index, in: text) {
                        value = data.id(for: native, preferred: value)
                    }
                    attributes.append((attribute.name, value))
                }
                switch (name, code.kind) {
                case ("pc", .begin), ("mrk", .highlightBegin):
                    containers.append(name)
                    tokens.append(.start(name, attributes))
                case ("pc", .end), ("mrk", .highlightEnd):
                    guard containers.last == name else { throw XLIFFWriteError.badNesting(name) }
                    containers.removeLast()
                    tokens.append(.end)
                default:
                    tokens.append(.empty(name, attributes))
                }
                continue
            }
            func dataAttribute(_ name: String) -> [(String, String)] {
                guard let native = code.dataText else { return [] }
                return [(name, data.id(for: native, preferred: nil))]
            }
            let key = code.attribute("i") ?? code.attribute("rid") ?? code.attribute("id")
            switch code.kind {
            case .begin where !unmatchedBegins.contains(index):
                let id = ids.next()
                openCodes.append((key, id))
                tokens.append(.empty("sc", [("id", id)] + dataAttribute("dataRef")))
            case .end:
                let match = openCodes.lastIndex { key != nil && $0.key == key } ?? (openCodes.isEmpty ? nil : openCodes.count - 1)
                if let match {
                    let start = openCodes.remove(at: match)
                    tokens.append(.empty("ec", [("startRef", start.id)] + dataAttribute("dataRef")))
                } else {
                    tokens.append(.empty("ec", [("id", ids.next()), ("isolated", "yes")] + dataAttribute("dataRef")))
                }
            case .begin, .isolated:
                let position = code.attribute("pos")
                let isEnd = code.kind == .isolated && (position == "end" || position == "close")
                if isEnd {
                    tokens.append(.empty("ec", [("id", ids.next()), ("isolated", "yes")] + dataAttribute("dataRef")))
                } else {
                    tokens.append(.empty("sc", [("id", ids.next()), ("isolated", "yes")] + dataAttribute("dataRef")))
                }
            case .placeholder, .unknown:
                tokens.append(.empty("ph", [("id", ids.next())] + dataAttribute("dataRef")))
            case .highlightBegin:
                let id = ids.next()
                openMarkers.append(id)
                tokens.append(.empty("sm", [("id", id), ("type", "generic")]))
            case .highlightEnd:
                if let start = openMarkers.popLast() { tokens.append(.empty("em", [("startRef", start)])) }
            }
        }
        return tokens
    }

    /// Closes what is still open at the end of a side: markers get their end, and a
    /// container left open is an error.
    mutating func finish() throws {
        if let open = containers.last { throw XLIFFWriteError.badNesting(open) }
        _ = openMarkers
    }

    /// The native data of the `pc` end that closes the `pc` begin at `index`.
    private static func endData(of index: Int, in text: SegmentText) -> String? {
        var depth = 0
        for element in text.elements[(index + 1)...] {
            guard case .code(let code) = element, code.xliffElement == "pc" else { continue }
            if code.kind == .begin { depth += 1 }
            if code.kind == .end {
                if depth == 0 { return code.dataText }
                depth -= 1
            }
        }
        return nil
    }

    /// Indexes of generic begin codes with no end after them in the text.
    private static func unmatchedBegins(_ text: SegmentText) -> Set<Int> {
        var open: [(index: Int, key: String?)] = []
        for (index, element) in text.elements.enumerated() {
            guard case .code(let code) = element, code.xliffElement == nil || !elements.contains(code.xliffElement!) else { continue }
            let key = code.attribute("i") ?? code.attribute("rid") ?? code.attribute("id")
            if code.kind == .begin { open.append((index, key)) }
            if code.kind == .end {
                if let match = open.lastIndex(where: { key != nil && $0.key == key }) ?? (open.isEmpty ? nil : open.count - 1) { open.remove(at: match) }
            }
        }
        return Set(open.map(\.index))
    }
}
