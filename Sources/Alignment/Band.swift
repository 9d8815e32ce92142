/// The cells of the alignment lattice the search visits: for every source position `i` (0...n), the
/// target positions `low[i]...high[i]`. Both bounds never decrease, so the band is one connected strip
/// from (0, 0) to (n, m).
struct Band: Sendable, Equatable {
    var low: [Int]
    var high: [Int]
    let targetCount: Int

    var sourceCount: Int { low.count - 1 }
    var cellCount: Int { zip(low, high).reduce(0) { $0 + $1.1 - $1.0 + 1 } }

    @inline(__always)
    func contains(_ i: Int, _ j: Int) -> Bool { i >= 0 && i < low.count && j >= low[i] && j <= high[i] }

    /// Cells within `width` of the straight line from (0, 0) to (n, m).
    static func diagonal(sourceCount n: Int, targetCount m: Int, width: Int) -> Band {
        let centres = (0...n).map { n == 0 ? m : Int((Double($0) * Double(m) / Double(n)).rounded()) }
        return Band(centres: centres.map { ($0, $0) }, targetCount: m, widths: [Int](repeating: width, count: n + 1))
    }

    /// Cells within `width` of a monotone path given as lattice points from (0, 0) to (n, m).
    static func around(path: [(i: Int, j: Int)], sourceCount n: Int, targetCount m: Int, width: Int) -> Band {
        around(path: path, sourceCount: n, targetCount: m, widths: [Int](repeating: width, count: n + 1))
    }

    /// Cells within `widths[i]` of a monotone path (lattice points from (0, 0) to (n, m)) on row `i`.
    static func around(path: [(i: Int, j: Int)], sourceCount n: Int, targetCount m: Int, widths: [Int]) -> Band {
        var ranges = [(Int, Int)](repeating: (Int.max, Int.min), count: n + 1)
        for (index, point) in path.enumerated() {
            ranges[point.i].0 = min(ranges[point.i].0, point.j)
            ranges[point.i].1 = max(ranges[point.i].1, point.j)
            // Rows a many-sentence bead jumps over lie between its two corners.
            if index > 0 {
                let previous = path[index - 1]
                if point.i > previous.i + 1 {
                    for row in (previous.i + 1)..<point.i {
                        ranges[row].0 = min(ranges[row].0, previous.j)
                        ranges[row].1 = max(ranges[row].1, point.j)
                    }
                }
            }
        }
        return Band(centres: ranges, targetCount: m, widths: widths)
    }

    private init(centres: [(Int, Int)], targetCount m: Int, widths: [Int]) {
        let n = centres.count - 1
        var low = [Int](repeating: 0, count: n + 1)
        var high = [Int](repeating: m, count: n + 1)
        for i in 0...n {
            // Widen along the target axis by the row's width, along the source axis by half of it.
            let width = widths[i]
            let from = max(0, i - width / 2), to = min(n, i + width / 2)
            low[i] = max(0, centres[from].0 - width)
            high[i] = min(m, centres[to].1 + width)
        }
        low[0] = 0
        high[n] = m
        for i in stride(from: n - 1, through: 0, by: -1) { low[i] = min(low[i], low[i + 1]) }
        for i in 1..<max(n + 1, 1) { high[i] = max(high[i], high[i - 1]) }
        for i in 1..<max(n + 1, 1) where low[i] > high[i - 1] { low[i] = high[i - 1] }
        self.low = low
        self.high = high
        self.targetCount = m
    }

    /// The rows where `path` passes within `margin` of an edge of the band that is not an edge of
    /// the lattice (a sign that the band was too narrow there).
    func crowdedRows(by path: [(i: Int, j: Int)], margin: Int) -> [Int] {
        path.filter { point in
            (low[point.i] > 0 && point.j - low[point.i] < margin)
                || (high[point.i] < targetCount && high[point.i] - point.j < margin)
        }.map(\.i)
    }

    var coversEverything: Bool { low.allSatisfy { $0 == 0 } && high.allSatisfy { $0 == targetCount } }
}
