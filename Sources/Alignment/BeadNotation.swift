/// Vecalign's one-line notation for beads, 0-based: `[0, 1]:[0]` (2-1), `[2]:[]` (1-0), `[]:[3]` (0-1),
/// optionally followed by `:score`.
public enum BeadNotation {
    /// `[0, 1]:[0]` for a bead.
    public static func format(_ bead: Bead) -> String {
        format(source: Array(bead.source), target: Array(bead.target))
    }

    /// `[0, 1]:[0]` for two lists of sentence indices.
    public static func format(source: [Int], target: [Int]) -> String {
        "[" + source.map(String.init).joined(separator: ", ") + "]:["
            + target.map(String.init).joined(separator: ", ") + "]"
    }

    /// Parses one bead line (a trailing `:score` is ignored).
    public static func parse(_ line: Substring) throws(BeadNotationError) -> IndexBead {
        var rest = line.drop { $0 == " " || $0 == "\t" }
        func list() throws(BeadNotationError) -> [Int] {
            guard rest.first == "[", let close = rest.firstIndex(of: "]") else { throw BeadNotationError(line: String(line)) }
            let inside = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
            var indices: [Int] = []
            for item in inside.split(separator: ",") {
                let trimmed = item.filter { $0 != " " }
                guard let value = Int(trimmed), value >= 0 else { throw BeadNotationError(line: String(line)) }
                indices.append(value)
            }
            return indices
        }
        let source = try list()
        rest = rest.drop { $0 == " " }
        guard rest.first == ":" else { throw BeadNotationError(line: String(line)) }
        rest = rest.dropFirst().drop { $0 == " " }
        let target = try list()
        let tail = rest.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard tail.isEmpty || tail.first == ":" else { throw BeadNotationError(line: String(line)) }
        return IndexBead(source: source, target: target)
    }

    /// Parses a file of bead lines; blank lines and `#` comments are skipped.
    public static func parseFile(_ text: String) throws(BeadNotationError) -> [IndexBead] {
        var beads: [IndexBead] = []
        for line in text.split(separator: "\n") {
            let content = line.drop { $0 == " " || $0 == "\t" }
            if content.isEmpty || content.first == "#" || content == "\r" { continue }
            beads.append(try parse(content))
        }
        return beads
    }
}

/// A bead as lists of sentence indices (a gold bead need not be contiguous).
public struct IndexBead: Hashable, Sendable {
    public var source: [Int]
    public var target: [Int]
    public init(source: [Int], target: [Int]) {
        self.source = source
        self.target = target
    }
    public init(_ bead: Bead) {
        self.init(source: Array(bead.source), target: Array(bead.target))
    }
    public var isNull: Bool { source.isEmpty || target.isEmpty }
}

/// A line that is not a bead.
public struct BeadNotationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: String
    public var description: String { "not a bead: \(line)" }
}
