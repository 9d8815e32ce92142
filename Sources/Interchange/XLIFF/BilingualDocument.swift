import TranslationMemory
import XMLSupport

// A format-neutral bilingual document: what an XLIFF 1.2 or 2.x file says, as Tandem
// understands it. ``XLIFFReader`` yields it, ``XLIFFWriter`` writes it. Elements and
// attributes Tandem does not interpret (other modules, extensions) are kept as they were
// written so a re-export carries them.

/// A bilingual document: one or more files of units in a source and a target language.
public struct BilingualDocument: Hashable, Sendable {
    /// The XLIFF version the document was read from (`1.2`, `2.0`, `2.1`, `2.2`); `nil`
    /// for a document built in memory. Writers choose their own version.
    public var version: String?
    /// The source language, as written (BCP 47).
    public var sourceLanguage: String
    /// The target language, as written; `nil` when the document has none yet.
    public var targetLanguage: String?
    public var files: [BilingualFile]
    /// Notes on the whole document (XLIFF 2.2 `<notes>` in `<xliff>`; written by 2.2 only).
    public var notes: [BilingualNote] = []
    /// Namespace prefixes used by preserved attributes (`fs`, `its`, `okp`...), so a
    /// writer can declare them. Elements kept whole (``BilingualFile/extensions``)
    /// declare their own.
    public var namespaces: [XMLNamespace]
    /// Attributes of the root `<xliff>` element Tandem does not interpret, as written.
    public var attributes: [XMLAttribute]

    public init(version: String? = nil, sourceLanguage: String, targetLanguage: String?, files: [BilingualFile] = [], namespaces: [XMLNamespace] = [], attributes: [XMLAttribute] = []) {
        self.version = version
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.files = files
        self.namespaces = namespaces
        self.attributes = attributes
    }

    /// Every unit of every file, groups flattened, in document order.
    public var allUnits: [BilingualUnit] { files.flatMap(\.allUnits) }
}

/// A namespace declaration: a prefix and its URI.
public struct XMLNamespace: Hashable, Sendable {
    public var prefix: String
    public var uri: String
    public init(prefix: String, uri: String) {
        self.prefix = prefix
        self.uri = uri
    }
}

/// One `<file>`: an original document (an article) and its units.
public struct BilingualFile: Hashable, Sendable {
    /// XLIFF 2 `id` (required there); XLIFF 1.2 has none and the writer numbers files.
    public var id: String?
    /// The original document's name (XLIFF `original`), e.g. the article's identifier.
    public var original: String?
    /// `translate` as written on the file (`nil`: not said, which means yes).
    public var translate: Bool?
    public var notes: [BilingualNote]
    /// Metadata groups (XLIFF 2 Metadata module; XLIFF 1.2 header `<tool>` and `<phase>`):
    /// where provenance goes.
    public var metadata: [BilingualMetadataGroup]
    /// Units and groups, in document order.
    public var children: [BilingualNode]
    /// Attributes Tandem does not interpret, as written (XLIFF 1.2 `datatype`, `tool-id`...).
    public var attributes: [XMLAttribute]
    /// Elements Tandem does not interpret, kept whole (XLIFF 2 `<skeleton>`, other modules
    /// and extensions; XLIFF 1.2 header elements such as `<skl>`, `<glossary>`).
    public var extensions: [XMLElement]
    /// Where the `<file>` starts in the document read (0 when built in memory).
    public var line: Int

    public init(id: String? = nil, original: String? = nil, translate: Bool? = nil, notes: [BilingualNote] = [], metadata: [BilingualMetadataGroup] = [], children: [BilingualNode] = [], attributes: [XMLAttribute] = [], extensions: [XMLElement] = [], line: Int = 0) {
        self.id = id
        self.original = original
        self.translate = translate
        self.notes = notes
        self.metadata = metadata
        self.children = children
        self.attributes = attributes
        self.extensions = extensions
        self.line = line
    }

    /// Every unit, groups flattened, in document order.
    public var allUnits: [BilingualUnit] { children.flatMap(\.allUnits) }
}

/// A unit or a group of units in a file.
public indirect enum BilingualNode: Hashable, Sendable {
    case unit(BilingualUnit)
    case group(BilingualGroup)

    /// The unit itself, or every unit of the group, in document order.
    public var allUnits: [BilingualUnit] {
        switch self {
        case .unit(let unit): [unit]
        case .group(let group): group.children.flatMap(\.allUnits)
        }
    }
}

/// A `<group>`: Tandem writes one per paragraph.
public struct BilingualGroup: Hashable, Sendable {
    public var id: String?
    /// XLIFF `name` (2.x) or `resname` (1.2).
    public var name: String?
    public var translate: Bool?
    public var notes: [BilingualNote]
    public var metadata: [BilingualMetadataGroup]
    public var children: [BilingualNode]
    public var attributes: [XMLAttribute]
    public var extensions: [XMLElement]
    public var line: Int

    public init(id: String? = nil, name: String? = nil, translate: Bool? = nil, notes: [BilingualNote] = [], metadata: [BilingualMetadataGroup] = [], children: [BilingualNode] = [], attributes: [XMLAttribute] = [], extensions: [XMLElement] = [], line: Int = 0) {
        self.id = id
        self.name = name
        self.translate = translate
        self.notes = notes
        self.metadata = metadata
        self.children = children
        self.attributes = attributes
        self.extensions = extensions
        self.line = line
    }
}

/// A translation unit: Tandem writes one per sentence segment (one ``BilingualSegment``);
/// units read from other tools may hold several segments and ignorable parts.
public struct BilingualUnit: Hashable, Sendable {
    /// `id` (XLIFF 2 `<unit>`, XLIFF 1.2 `<trans-unit>`), unique in its file.
    public var id: String
    /// XLIFF 2 `name`, XLIFF 1.2 `resname`.
    public var name: String?
    /// `translate` as written (`false`: page furniture, not to be translated; `nil`:
    /// inherited from the group or file).
    public var translate: Bool?
    /// The unit's segments and ignorable parts, in order.
    public var segments: [BilingualSegment]
    public var notes: [BilingualNote]
    /// Translation candidates (XLIFF 2 `mtc:match`, XLIFF 1.2 `alt-trans`).
    public var candidates: [TranslationCandidate]
    /// Annotations to write on spans of the source (claims): see ``SourceAnnotation``.
    /// Annotations read from a file stay in the text as highlight codes (`<mrk>`) instead,
    /// so they round-trip as written; this list is empty after reading.
    public var annotations: [SourceAnnotation]
    public var metadata: [BilingualMetadataGroup]
    /// Attributes Tandem does not interpret, as written (`fs:fs`, `approved`, `restype`...).
    public var attributes: [XMLAttribute]
    /// Elements Tandem does not interpret, kept whole (other modules and extensions;
    /// XLIFF 1.2 `<seg-source>`, `<context-group>`...).
    public var extensions: [XMLElement]
    public var line: Int

    public init(id: String, name: String? = nil, translate: Bool? = nil, segments: [BilingualSegment], notes: [BilingualNote] = [], candidates: [TranslationCandidate] = [], annotations: [SourceAnnotation] = [], metadata: [BilingualMetadataGroup] = [], attributes: [XMLAttribute] = [], extensions: [XMLElement] = [], line: Int = 0) {
        self.id = id
        self.name = name
        self.translate = translate
        self.segments = segments
        self.notes = notes
        self.candidates = candidates
        self.annotations = annotations
        self.metadata = metadata
        self.attributes = attributes
        self.extensions = extensions
        self.line = line
    }

    /// A unit of one segment, the form Tandem writes.
    public init(id: String, source: SegmentText, target: SegmentText? = nil, state: BilingualState? = nil, translate: Bool? = nil, notes: [BilingualNote] = [], candidates: [TranslationCandidate] = [], annotations: [SourceAnnotation] = [], metadata: [BilingualMetadataGroup] = []) {
        self.init(id: id, translate: translate, segments: [BilingualSegment(source: source, target: target, state: state)], notes: notes, candidates: candidates, annotations: annotations, metadata: metadata)
    }

    /// The source of every part (segments and ignorables), in order.
    public var source: SegmentText { SegmentText(elements: segments.flatMap(\.source.elements)) }
    /// The target of every part, in order; `nil` when no segment has a target.
    public var target: SegmentText? {
        guard segments.contains(where: { $0.target != nil && !$0.isIgnorable }) else { return nil }
        return SegmentText(elements: segments.flatMap { ($0.target ?? ($0.isIgnorable ? $0.source : SegmentText(elements: []))).elements })
    }
}

/// A segment (or an XLIFF 2 `<ignorable>`): source, target and the target's state.
public struct BilingualSegment: Hashable, Sendable {
    /// XLIFF 2 segment `id` (optional there); 1.2 has none.
    public var id: String?
    /// An XLIFF 2 `<ignorable>`: text between segments (spaces), never translated.
    public var isIgnorable: Bool
    public var source: SegmentText
    public var target: SegmentText?
    public var state: BilingualState?
    /// XLIFF 2 `subState` (`prefix:value`). XLIFF 1.2 `state` values are kept here as
    /// `xliff12:VALUE` (`xliff12:needs-review-translation`), which is also valid XLIFF 2.
    public var subState: String?
    /// `<segment>` (or `<ignorable>`) attributes Tandem does not interpret (`canResegment`).
    public var attributes: [XMLAttribute]
    /// `<source>` attributes, as written (`xml:lang`, `xml:space`...).
    public var sourceAttributes: [XMLAttribute]
    /// `<target>` attributes Tandem does not interpret (`xml:lang`, `order`, 1.2 `phase-name`...).
    public var targetAttributes: [XMLAttribute]

    public init(id: String? = nil, isIgnorable: Bool = false, source: SegmentText, target: SegmentText? = nil, state: BilingualState? = nil, subState: String? = nil, attributes: [XMLAttribute] = [], sourceAttributes: [XMLAttribute] = [], targetAttributes: [XMLAttribute] = []) {
        self.id = id
        self.isIgnorable = isIgnorable
        self.source = source
        self.target = target
        self.state = state
        self.subState = subState
        self.attributes = attributes
        self.sourceAttributes = sourceAttributes
        self.targetAttributes = targetAttributes
    }
}

/// Where a translation stands (the XLIFF 2 `state` values).
public enum BilingualState: String, Hashable, Sendable, CaseIterable {
    case initial, translated, reviewed, final
}

/// A note for the translator or from them.
public struct BilingualNote: Hashable, Sendable {
    /// XLIFF 2 note `id` (needed to point at the note from an annotation).
    public var id: String?
    public var text: String
    /// XLIFF 2 `category` (Tandem: `claim`, `source`, `furniture`...).
    public var category: String?
    /// Who wrote it (XLIFF 1.2 `from`; XLIFF 2: Tandem's `tandem:author` extension attribute).
    public var author: String?
    /// 1 (highest) to 10.
    public var priority: Int?
    /// What the note is about: XLIFF 2 `appliesTo`, XLIFF 1.2 `annotates` (`source`, `target`).
    public var appliesTo: String?
    /// Other attributes, as written (`xml:lang`...).
    public var attributes: [XMLAttribute]

    public init(id: String? = nil, text: String, category: String? = nil, author: String? = nil, priority: Int? = nil, appliesTo: String? = nil, attributes: [XMLAttribute] = []) {
        self.id = id
        self.text = text
        self.category = category
        self.author = author
        self.priority = priority
        self.appliesTo = appliesTo
        self.attributes = attributes
    }
}

/// A translation candidate: a memory match or a machine translation.
public struct TranslationCandidate: Hashable, Sendable {
    /// XLIFF 2 match `id`.
    public var id: String?
    /// The span of the source it is for: XLIFF 2 `ref` without its `#` (a segment or
    /// `<mrk>` id; `nil`: the unit's first segment). XLIFF 1.2 `mid`.
    public var reference: String?
    public var source: SegmentText
    public var target: SegmentText
    /// How close the candidate's source is to the unit's, 0–1 (XLIFF 2 `similarity`/100,
    /// XLIFF 1.2 `match-quality`).
    public var similarity: Double?
    /// How good the candidate's translation is, 0–1 (XLIFF 2 `matchQuality`/100).
    public var matchQuality: Double?
    /// Where it comes from (a memory's name, an MT engine).
    public var origin: String?
    /// XLIFF 2 `type` (`tm`, `mt`, `am`, `ebm`, `idm`, `te`, `other`).
    public var type: String?
    public var attributes: [XMLAttribute]
    public var extensions: [XMLElement]

    public init(id: String? = nil, reference: String? = nil, source: SegmentText, target: SegmentText, similarity: Double? = nil, matchQuality: Double? = nil, origin: String? = nil, type: String? = nil, attributes: [XMLAttribute] = [], extensions: [XMLElement] = []) {
        self.id = id
        self.reference = reference
        self.source = source
        self.target = target
        self.similarity = similarity
        self.matchQuality = matchQuality
        self.origin = origin
        self.type = type
        self.attributes = attributes
        self.extensions = extensions
    }
}

/// A remark on a span of a segment's source, written as an annotation (`<mrk>`) with a
/// note the translator can read (a claim, with its citation status and its sources).
public struct SourceAnnotation: Hashable, Sendable {
    /// Unique in the unit; the `<mrk>` and note ids derive from it.
    public var id: String
    /// Which segment of the unit (index in ``BilingualUnit/segments``).
    public var segment: Int
    /// The annotated span, in Unicode scalars (code points) of the segment source's
    /// ``TranslationMemory/SegmentText/plainText``.
    public var range: Range<Int>
    /// What it is (`claim`), used as the note's category and in XLIFF 1.2 `mtype` (`x-tandem-claim`).
    public var kind: String
    /// The text of the note: for a claim, its citation status and its sources.
    public var comment: String

    public init(id: String, segment: Int = 0, range: Range<Int>, kind: String, comment: String) {
        self.id = id
        self.segment = segment
        self.range = range
        self.kind = kind
        self.comment = comment
    }
}

/// Named values under a category (XLIFF 2 `mda:metaGroup` of `mda:meta`).
public struct BilingualMetadataGroup: Hashable, Sendable {
    public var category: String?
    public var entries: [Entry]

    public struct Entry: Hashable, Sendable {
        public var type: String
        public var value: String
        public init(type: String, value: String) {
            self.type = type
            self.value = value
        }
    }

    public init(category: String?, entries: [Entry]) {
        self.category = category
        self.entries = entries
    }

    /// The first value of a type.
    public func value(_ type: String) -> String? { entries.first { $0.type == type }?.value }
}
