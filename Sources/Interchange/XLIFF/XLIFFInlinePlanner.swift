import TranslationMemory
import XMLSupport

/// One step of writing inline content: text, an empty element, or the start or end of
/// an element with content (`pc`, `mrk`, `g`).
enum InlineToken: Equatable {
    case text(String)
    case empty(String, [(String, String)])
    case start(String, [(String, String)])
    case end
    /// A `<sub>` inside a native-data element (XLIFF 1.2): attributes, then its tokens.
    case data(String)

    static func == (a: InlineToken, b: InlineToken) -> Bool {
        switch (a, b) {
        case (.text(let x), .text(let y)), (.data(let x), .data(let y)): x == y
        case (.end, .end): true
        case (.empty(let n, let p), .empty(let m, let q)), (.start(let n, let p), .start(let m, let q)):
            n == m && p.map(\.0) == q.map(\.0) && p.map(\.1) == q.map(\.1)
        default: false
        }
    }
}

/// Hands out ids that are not used yet in a scope (a unit).
struct IDAllocator {
    private(set) var used: Set<String>
    private var counter = 0
    let prefix: String

    init(used: Set<String> = [], prefix: String) {
        self.used = used
        self.prefix = prefix
    }

    mutating func reserve(_ id: String) { used.insert(id) }

    mutating func next() -> String {
        while true {
            counter += 1
            let id = "\(prefix)\(counter)"
            if used.insert(id).inserted { return id }
        }
    }
}

/// The `<originalData>` of an XLIFF 2 unit being written: ids to native data.
struct DataTable {
    private(set) var entries: [(id: String, text: String)] = []
    private var byID: [String: String] = [:]
    private var byText: [String: String] = [:]
    private var ids: IDAllocator

    init(prefix: String = "d") { ids = IDAllocator(prefix: prefix) }

    mutating func reserve(_ id: String) { ids.reserve(id) }

    /// The id to use for data that a code names `preferred`.
    mutating func id(for text: String, preferred: String?) -> String {
        if let preferred {
            if byID[preferred] == text { return preferred }
            if byID[preferred] == nil {
                add(preferred, text)
                return preferred
            }
        }
        if let existing = byText[text] { return existing }
        let id = ids.next()
        add(id, text)
        return id
    }

    private mutating func add(_ id: String, _ text: String) {
        ids.reserve(id)
        byID[id] = text
        if byText[text] == nil { byText[text] = id }
        entries.append((id, text))
    }

    var isEmpty: Bool { entries.isEmpty }
}

/// Places annotations (claims) on a segment's source as highlight codes.
enum AnnotationPlacer {
    /// Whether the ranges nest (any two are disjoint or one holds the other).
    static func nest(_ ranges: [Range<Int>]) -> Bool {
        for (i, a) in ranges.enumerated() {
            for b in ranges[(i + 1)...] {
                let disjoint = a.upperBound <= b.lowerBound || b.upperBound <= a.lowerBound
                let contains = (a.lowerBound <= b.lowerBound && b.upperBound <= a.upperBound) || (b.lowerBound <= a.lowerBound && a.upperBound <= b.upperBound)
                if !disjoint && !contains { return false }
            }
        }
        return true
    }

    /// Inserts `begin(annotation)` and `end(annotation)` codes into the text at the
    /// annotations' code-point offsets of its plain text. Ranges are clamped to the text.
    static func place(_ annotations: [SourceAnnotation], in text: SegmentText, begin: (SourceAnnotation) -> InlineCode, end: (SourceAnnotation) -> InlineCode) -> SegmentText {
        guard !annotations.isEmpty else { return text }
        let length = text.plainText.unicodeScalars.count
        struct Event { var offset: Int; var isEnd: Bool; var length: Int; var order: Int; var code: InlineCode }
        var events: [Event] = []
        for (order, annotation) in annotations.enumerated() {
            let lower = min(max(annotation.range.lowerBound, 0), length)
            let upper = min(max(annotation.range.upperBound, lower), length)
            events.append(Event(offset: lower, isEnd: false, length: upper - lower, order: order, code: begin(annotation)))
            events.append(Event(offset: upper, isEnd: true, length: upper - lower, order: order, code: end(annotation)))
        }
        // At one offset: ends first (shortest first), then begins (longest first).
        events.sort {
            if $0.offset != $1.offset { return $0.offset < $1.offset }
            if $0.isEnd != $1.isEnd { return $0.isEnd }
            if $0.isEnd { return $0.length != $1.length ? $0.length < $1.length : $0.order > $1.order }
            return $0.length != $1.length ? $0.length > $1.length : $0.order < $1.order
        }
        var result: [SegmentText.Element] = []
        var offset = 0
        var next = 0
        func flush(at position: Int, beforeText: Bool) {
            while next < events.count, events[next].offset == position, beforeText || events[next].isEnd {
                result.append(.code(events[next].code))
                next += 1
            }
        }
        for element in text.elements {
            switch element {
            case .code:
                flush(at: offset, beforeText: false)
                result.append(element)
            case .text(let string):
                var run = ""
                for scalar in string.unicodeScalars {
                    if next < events.count, events[next].offset == offset {
                        if !run.isEmpty { result.append(.text(run)); run = "" }
                        flush(at: offset, beforeText: true)
                    }
                    run.unicodeScalars.append(scalar)
                    offset += 1
                }
                if next < events.count, events[next].offset == offset, events[next].isEnd {
                    if !run.isEmpty { result.append(.text(run)); run = "" }
                    flush(at: offset, beforeText: false)
                }
                if !run.isEmpty { result.append(.text(run)) }
            }
        }
        flush(at: offset, beforeText: true)
        return SegmentText(elements: result)
    }
}
