import Foundation

/// A set of gold sentence alignments in the layout of `shared/data/alignment/<set>/`:
/// `manifest.tsv` (first column `doc`), and per document `src.txt`, `tgt.txt` (one sentence per
/// line) and `gold.beads` (Vecalign notation).
public struct GoldAlignmentSet: Sendable {
    public struct Document: Sendable {
        public var name: String
        public var source: [String]
        public var target: [String]
        public var gold: [IndexBead]
    }

    public var name: String
    public var documents: [Document]

    /// Reads the set in `directory`.
    public init(directory: URL) throws {
        name = directory.lastPathComponent
        let manifest = try String(contentsOf: directory.appendingPathComponent("manifest.tsv"), encoding: .utf8)
        let names = manifest.split(separator: "\n").dropFirst().compactMap { line in
            line.split(separator: "\t").first.map(String.init)
        }
        documents = try names.map { name in
            let folder = directory.appendingPathComponent(name)
            func lines(_ file: String) throws -> [String] {
                try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                    .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    .reversed().drop { $0.isEmpty }.reversed()
            }
            let gold = try BeadNotation.parseFile(String(contentsOf: folder.appendingPathComponent("gold.beads"), encoding: .utf8))
            return Document(name: name, source: try lines("src.txt"), target: try lines("tgt.txt"), gold: gold)
        }
    }

    /// Aligns every document and scores it; `reversed` aligns target to source (gold swapped).
    public func evaluate(
        with aligner: SentenceAligner, reversed: Bool = false
    ) throws -> (total: AlignmentEvaluation, perDocument: [(String, AlignmentEvaluation)]) {
        var perDocument: [(String, AlignmentEvaluation)] = []
        for document in documents {
            let (source, target) = reversed ? (document.target, document.source) : (document.source, document.target)
            let gold = reversed ? document.gold.map { IndexBead(source: $0.target, target: $0.source) } : document.gold
            let alignment = try aligner.align(AlignableText(sentences: source), AlignableText(sentences: target))
            perDocument.append((document.name, AlignmentEvaluation(gold: gold, predicted: alignment.beads.map(IndexBead.init))))
        }
        return (perDocument.reduce(AlignmentEvaluation()) { $0 + $1.1 }, perDocument)
    }
}
