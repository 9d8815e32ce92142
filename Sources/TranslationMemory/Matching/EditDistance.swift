/// Levenshtein distances over Unicode scalar values.
public enum EditDistance {
    /// The plain dynamic-programming distance (the reference the fast one is tested against).
    public static func levenshtein(_ a: [UInt32], _ b: [UInt32]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// A query prepared for the bit-parallel edit distance of Myers (1999), in the
/// multi-word form of Hyyrö (2003): one bit per query symbol, 64 symbols a word.
///
/// Symbols are the match index's alphabet identifiers (small integers). Symbol 0 means
/// "in no indexed source": it never matches. The mask table has a power-of-two number
/// of rows and text symbols are masked into it, so a symbol read from a damaged index
/// file cannot reach outside the table.
///
/// The distance is abandoned as soon as it must exceed the bound: the cell on the
/// diagonal that ends in the final corner never decreases along that diagonal, and for
/// long queries only the words that can still hold a value within the bound are
/// computed (Myers' block cut-off, his section 4).
struct BitParallelPattern {
    let length: Int
    /// 64-bit words per column.
    let words: Int
    /// The number of mask rows minus one.
    private let symbolMask: Int
    /// `masks[symbol * words + w]`: bit `i` is set when query symbol `64 w + i` is `symbol`.
    private var masks: [UInt64]

    /// A pattern over `symbols`, each below `alphabetSize`.
    init(symbols: [UInt16], alphabetSize: Int) {
        length = symbols.count
        words = max(1, (symbols.count + 63) / 64)
        var rows = 1
        while rows < alphabetSize { rows <<= 1 }
        symbolMask = rows - 1
        masks = [UInt64](repeating: 0, count: rows * words)
        for (i, symbol) in symbols.enumerated() where symbol != 0 && Int(symbol) <= symbolMask {
            masks[Int(symbol) * words + i / 64] |= 1 << UInt64(i % 64)
        }
    }

    /// The Levenshtein distance from the pattern to `text`, or `nil` when it is greater
    /// than `bound`.
    func distance(to text: UnsafeBufferPointer<UInt16>, bound: Int) -> Int? {
        let n = text.count
        if length == 0 { return n <= bound ? n : nil }
        if n == 0 { return length <= bound ? length : nil }
        if abs(n - length) > bound { return nil }
        return masks.withUnsafeBufferPointer { masks in
            words == 1 ? singleWord(masks, text, bound) : multiWord(masks, text, bound)
        }
    }

    private func singleWord(_ masks: UnsafeBufferPointer<UInt64>, _ text: UnsafeBufferPointer<UInt16>, _ bound: Int) -> Int? {
        var vp: UInt64 = ~0
        var vn: UInt64 = 0
        var distance = length
        let last: UInt64 = 1 << UInt64(length - 1)
        let n = text.count
        // D[m][n] can fall by at most one per remaining text symbol.
        var slack = bound + n
        // Cell (j + shift, j) lies on the diagonal that ends at (m, n).
        let shift = length - n
        for j in 0..<n {
            if j & 3 == 3, let value = Self.diagonalValue(vp, vn, row: j + shift, column: j), value > bound { return nil }
            let x = masks[Int(text[j]) & symbolMask]
            let d0 = (((x & vp) &+ vp) ^ vp) | x | vn
            var hp = vn | ~(d0 | vp)
            var hn = d0 & vp
            if hp & last != 0 { distance += 1 }
            if hn & last != 0 { distance -= 1 }
            slack -= 1
            if distance > slack { return nil }
            hp = (hp << 1) | 1
            hn <<= 1
            vp = hn | ~(d0 | hp)
            vn = hp & d0
        }
        return distance <= bound ? distance : nil
    }

    /// D[row][column] from one word of vertical deltas (rows 1...64); `nil` above the matrix.
    @inline(__always)
    private static func diagonalValue(_ vp: UInt64, _ vn: UInt64, row: Int, column: Int) -> Int? {
        guard row >= 0 else { return nil }
        let mask: UInt64 = row >= 64 ? ~0 : (1 << UInt64(row)) &- 1
        return column + (vp & mask).nonzeroBitCount - (vn & mask).nonzeroBitCount
    }

    /// Words are computed only from the column where they may hold a value within the
    /// bound (rows i > j + bound cannot at column j); a word joins with every vertical
    /// delta +1, an overestimate of cells that all exceed the bound, so every cell whose
    /// true value is within the bound is still exact, which is all the answer needs.
    private func multiWord(_ masks: UnsafeBufferPointer<UInt64>, _ text: UnsafeBufferPointer<UInt16>, _ bound: Int) -> Int? {
        let words = self.words
        let n = text.count
        let shift = length - n
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * words) { state -> Int? in
            let vp = state.baseAddress!, vn = state.baseAddress! + words
            for w in 0..<words { vp[w] = ~0; vn[w] = 0 }
            var active = 0
            for j in 0..<n {
                if j & 3 == 3 {
                    // The cell on the final diagonal (see singleWord).
                    let row = j + shift
                    if row >= 0 {
                        var value = j
                        let full = row / 64
                        for w in 0..<min(full, words) { value += vp[w].nonzeroBitCount - vn[w].nonzeroBitCount }
                        if full < words {
                            let mask: UInt64 = (1 << UInt64(row % 64)) &- 1
                            value += (vp[full] & mask).nonzeroBitCount - (vn[full] & mask).nonzeroBitCount
                        }
                        if value > bound { return nil }
                    }
                }
                // Rows 1 ... j + 1 + bound can stay within the bound at column j + 1.
                active = min(words, (j + bound + 64) / 64)
                let base = (Int(text[j]) & symbolMask) &* words
                var hpCarry: UInt64 = 1
                var hnCarry: UInt64 = 0
                var addCarry: UInt64 = 0
                for w in 0..<active {
                    let x = masks[base &+ w]
                    let vpw = vp[w], vnw = vn[w]
                    let (sum1, overflow1) = (x & vpw).addingReportingOverflow(vpw)
                    let (sum2, overflow2) = sum1.addingReportingOverflow(addCarry)
                    addCarry = (overflow1 || overflow2) ? 1 : 0
                    let d0 = (sum2 ^ vpw) | x | vnw
                    let hp = vnw | ~(d0 | vpw)
                    let hn = d0 & vpw
                    let hpShifted = (hp << 1) | hpCarry
                    let hnShifted = (hn << 1) | hnCarry
                    hpCarry = hp >> 63
                    hnCarry = hn >> 63
                    vp[w] = hnShifted | ~(d0 | hpShifted)
                    vn[w] = hpShifted & d0
                }
            }
            // D[m][n] from the last column (every word is active by now: m ≤ n + bound).
            guard active == words else { return nil }
            var distance = n
            for w in 0..<(words - 1) { distance += vp[w].nonzeroBitCount - vn[w].nonzeroBitCount }
            let lastRows = length - 64 * (words - 1)
            let mask: UInt64 = lastRows == 64 ? ~0 : (1 << UInt64(lastRows)) &- 1
            distance += (vp[words - 1] & mask).nonzeroBitCount - (vn[words - 1] & mask).nonzeroBitCount
            return distance <= bound ? distance : nil
        }
    }
}
