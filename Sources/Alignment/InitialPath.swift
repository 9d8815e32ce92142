/// Where the first search looks: near the longest chain of words that occur once in each text.
enum InitialPath {
    /// Sentence pairs that share a word occurring once in each text (a name, a number, a rare
    /// cognate), from the prior correspondences.
    static func rareMatches(
        _ source: TokenizedText, _ target: TokenizedText, prior: [(source: Int32, target: Int32, weight: Double)]
    ) -> [(i: Int, j: Int)] {
        func unitsOfHapaxes(_ text: TokenizedText) -> [Int32: Int] {
            var units: [Int32: Int] = [:]
            for (unit, tokens) in text.sentences.enumerated() {
                for token in tokens where text.counts[Int(token)] == 1 { units[token] = unit }
            }
            return units
        }
        let sourceUnits = unitsOfHapaxes(source), targetUnits = unitsOfHapaxes(target)
        return prior.compactMap { pair in
            guard pair.weight >= 0.5, let i = sourceUnits[pair.source], let j = targetUnits[pair.target] else { return nil }
            return (i, j)
        }
    }

    /// A monotone path through the block from (0, 0) to (n, m), through the longest chain of
    /// `matches` near the diagonal, with a point on every row (block coordinates).
    static func through(_ matches: [(i: Int, j: Int)], block: (source: Range<Int>, target: Range<Int>)) -> [(i: Int, j: Int)] {
        let n = block.source.count, m = block.target.count
        guard n > 0, m > 0 else { return [(0, 0), (n, m)] }
        var points = matches.compactMap { match -> (i: Int, j: Int)? in
            guard block.source.contains(match.i), block.target.contains(match.j) else { return nil }
            let i = match.i - block.source.lowerBound, j = match.j - block.target.lowerBound
            // A match far from the diagonal is more likely a coincidence than a landmark.
            guard abs(Double(j) / Double(m) - Double(i) / Double(n)) <= 0.2 else { return nil }
            return (i, j)
        }
        points.sort { $0.i != $1.i ? $0.i < $1.i : $0.j > $1.j }
        // Longest chain increasing in both coordinates (patience sorting).
        var tails: [Int] = [], previous = [Int](repeating: -1, count: points.count)
        for (index, point) in points.enumerated() {
            var low = 0, high = tails.count
            while low < high {
                let middle = (low + high) / 2
                if points[tails[middle]].j < point.j { low = middle + 1 } else { high = middle }
            }
            if low > 0 { previous[index] = tails[low - 1] }
            if low == tails.count { tails.append(index) } else { tails[low] = index }
        }
        var chain: [(i: Int, j: Int)] = []
        var cursor = tails.last ?? -1
        while cursor >= 0 {
            chain.append(points[cursor])
            cursor = previous[cursor]
        }
        var knots: [(i: Int, j: Int)] = [(0, 0)]
        for point in chain.reversed() where point.i > knots.last!.i && point.j > knots.last!.j && point.i < n && point.j < m {
            knots.append(point)
        }
        knots.append((n, m))
        // One point per row, interpolated between the knots.
        var path: [(i: Int, j: Int)] = []
        for (a, b) in zip(knots, knots.dropFirst()) {
            for i in a.i..<b.i {
                path.append((i, a.j + Int((Double(i - a.i) * Double(b.j - a.j) / Double(b.i - a.i)).rounded())))
            }
        }
        path.append((n, m))
        return path
    }
}
