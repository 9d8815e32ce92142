/// A bilingual glossary: terms of the source language and their translations. Each entry adds
/// an anchor: a source sentence containing the term and a target sentence containing its
/// translation are more likely to be translations of each other.
public struct Glossary: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var source: String
        public var target: String
        public init(source: String, target: String) {
            self.source = source
            self.target = target
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// Parses tab-separated lines `source term<TAB>target term`. Empty lines and lines starting
    /// with `#` are skipped; further columns are ignored.
    /// - Parameter file: the name used in error messages.
    public init(tsv text: String, file: String = "glossary") throws(GlossaryError) {
        var entries: [Entry] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let content = trimmingWhitespace(line)
            if content.isEmpty || content.hasPrefix("#") { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 2 else {
                throw GlossaryError(file: file, line: lineNumber, reason: "expected `source<TAB>target`, found no tab")
            }
            let source = trimmingWhitespace(columns[0])
            let target = trimmingWhitespace(columns[1])
            guard !source.isEmpty, !target.isEmpty else {
                throw GlossaryError(file: file, line: lineNumber, reason: "a term is empty")
            }
            entries.append(Entry(source: source, target: target))
        }
        self.entries = entries
    }
}

/// A glossary line that cannot be read.
public struct GlossaryError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String
    public var description: String { "\(file):\(line): \(reason)" }
}

/// `text` without leading and trailing white space (including a CR left by CRLF line ends).
private func trimmingWhitespace(_ text: Substring) -> String {
    var view = text.unicodeScalars[...]
    while let first = view.first, first.properties.isWhitespace { view = view.dropFirst() }
    while let last = view.last, last.properties.isWhitespace { view = view.dropLast() }
    return String(String.UnicodeScalarView(view))
}
