/// A word-level difference between two texts: what a memory match's source has that
/// the segment being translated lacks, and the reverse.
///
/// Words are runs of letters and digits (with inner apostrophes, hyphens, dots and
/// commas, so that `aujourd'hui`, `Jean-Pierre` and `3,5` are one word); every other
/// non-space character is a word of its own. Words compare exactly (case and accents
/// count: they change the translation).
public struct WordDiff: Hashable, Sendable {
    /// One step from the old text to the new one.
    public enum Operation: Hashable, Sendable {
        /// Words both texts have.
        case same([String])
        /// Words only the new text has.
        case added([String])
        /// Words only the old text has.
        case removed([String])
        /// Words of the old text replaced by words of the new one at the same place.
        case changed(from: [String], to: [String])
    }

    public var operations: [Operation]

    /// The operations that turn `old` (a match's source) into `new` (the segment).
    public init(from old: String, to new: String) {
        self.init(from: Self.words(of: old), to: Self.words(of: new))
    }

    /// The operations that turn one word list into another (longest common subsequence).
    public init(from old: [String], to new: [String]) {
        // Common prefix and suffix first: matches usually differ in a few words.
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
              old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let a = Array(old[prefix..<(old.count - suffix)])
        let b = Array(new[prefix..<(new.count - suffix)])

        // LCS table over the middle parts.
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        if !a.isEmpty, !b.isEmpty {
            for i in stride(from: a.count - 1, through: 0, by: -1) {
                for j in stride(from: b.count - 1, through: 0, by: -1) {
                    table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
                }
            }
        }
        enum Step { case same(String), removed(String), added(String) }
        var steps: [Step] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                steps.append(.same(a[i])); i += 1; j += 1
            } else if j == b.count || (i < a.count && table[i + 1][j] >= table[i][j + 1]) {
                steps.append(.removed(a[i])); i += 1
            } else {
                steps.append(.added(b[j])); j += 1
            }
        }

        var operations: [Operation] = []
        if prefix > 0 { operations.append(.same(Array(old[..<prefix]))) }
        var index = 0
        while index < steps.count {
            if case .same = steps[index] {
                var run: [String] = []
                while index < steps.count, case .same(let word) = steps[index] { run.append(word); index += 1 }
                operations.append(.same(run))
                continue
            }
            var removed: [String] = [], added: [String] = []
            while index < steps.count {
                if case .removed(let word) = steps[index] { removed.append(word) }
                else if case .added(let word) = steps[index] { added.append(word) }
                else { break }
                index += 1
            }
            switch (removed.isEmpty, added.isEmpty) {
            case (false, false): operations.append(.changed(from: removed, to: added))
            case (false, true): operations.append(.removed(removed))
            case (true, false): operations.append(.added(added))
            case (true, true): break
            }
        }
        if suffix > 0 { operations.append(.same(Array(old[(old.count - suffix)...]))) }
        self.operations = operations
    }

    /// Whether the texts have the same words.
    public var isIdentical: Bool {
        operations.allSatisfy { if case .same = $0 { true } else { false } }
    }

    /// The differences only, for a one-line summary.
    public var changes: [Operation] {
        operations.filter { if case .same = $0 { false } else { true } }
    }

    /// The words of a text, as the diff compares them.
    public static func words(of text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        func isWordScalar(_ s: Unicode.Scalar) -> Bool {
            s.properties.isAlphabetic || s.properties.numericType != nil || s.properties.generalCategory == .nonspacingMark
        }
        for (index, scalar) in scalars.enumerated() {
            if isWordScalar(scalar) {
                current.append(scalar)
                continue
            }
            // Joiners inside a word: l'homme, Jean-Pierre, 3,5, 1.000, U.S.
            let joiners: Set<Unicode.Scalar> = ["'", "\u{2019}", "-", "\u{2011}", ".", ","]
            if joiners.contains(scalar), !current.isEmpty, index + 1 < scalars.count, isWordScalar(scalars[index + 1]) {
                let numeric = scalar == "." || scalar == ","
                if !numeric || (current.last!.properties.numericType != nil && scalars[index + 1].properties.numericType != nil) {
                    current.append(scalar)
                    continue
                }
            }
            if !current.isEmpty { words.append(String(current)); current = String.UnicodeScalarView() }
            if !scalar.properties.isWhitespace { words.append(String(scalar)) }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }
}
