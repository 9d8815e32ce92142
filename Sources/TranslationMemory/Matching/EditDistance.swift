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

/// A pattern prepared for the bit-parallel edit distance of Myers (1999), in the
/// multi-word form of Hyyrö (2003): the distance to any text costs
/// O(⌈m/64⌉·n) word operations and stops as soon as it must exceed a bound.
struct BitParallelPattern {
    /// Scalars below this limit (ASCII, Latin-1, Latin Extended) find their mask
    /// directly; the others through a dictionary.
    static let directLimit: UInt32 = 0x250
    let length: Int
    let blocks: Int
    /// The match masks, `blocks` words per symbol; symbol 0 matches nothing.
    private var masks: [UInt64]
    /// The symbol of each scalar below ``directLimit``.
    private var directSymbols: [UInt16]
    private var otherSymbols: [UInt32: Int] = [:]

    init(_ pattern: [UInt32]) {
        length = pattern.count
        blocks = max(1, (pattern.count + 63) / 64)
        masks = [UInt64](repeating: 0, count: blocks)
        directSymbols = [UInt16](repeating: 0, count: Int(Self.directLimit))
        var symbolCount = 1
        for (i, scalar) in pattern.enumerated() {
            var symbol: Int
            if scalar < Self.directLimit {
                symbol = Int(directSymbols[Int(scalar)])
                if symbol == 0 { symbol = symbolCount; directSymbols[Int(scalar)] = UInt16(symbol) }
            } else {
                symbol = otherSymbols[scalar] ?? symbolCount
                otherSymbols[scalar] = symbol
            }
            if symbol == symbolCount {
                symbolCount += 1
                masks.append(contentsOf: repeatElement(0, count: blocks))
            }
            masks[symbol * blocks + i / 64] |= UInt64(1) << UInt64(i % 64)
        }
    }

    /// The distance to `text`, or `nil` when it is greater than `bound`.
    func distance(to text: UnsafeBufferPointer<UInt32>, bound: Int) -> Int? {
        let n = text.count
        if length == 0 { return n <= bound ? n : nil }
        if abs(n - length) > bound { return nil }
        return masks.withUnsafeBufferPointer { masks in
            directSymbols.withUnsafeBufferPointer { direct in
                blocks == 1
                    ? singleWord(text, bound: bound, masks, direct)
                    : multiWord(text, bound: bound, masks, direct)
            }
        }
    }

    /// The offset of a scalar's masks.
    @inline(__always)
    private func base(_ scalar: UInt32, _ direct: UnsafeBufferPointer<UInt16>) -> Int {
        if scalar < Self.directLimit { return Int(direct[Int(scalar)]) &* blocks }
        return (otherSymbols[scalar] ?? 0) &* blocks
    }

    private func singleWord(_ text: UnsafeBufferPointer<UInt32>, bound: Int, _ masks: UnsafeBufferPointer<UInt64>, _ direct: UnsafeBufferPointer<UInt16>) -> Int? {
        var pv: UInt64 = ~0, mv: UInt64 = 0
        var score = length
        let high = UInt64(1) << UInt64(length - 1)
        let n = text.count
        for j in 0..<n {
            let eq = masks[base(text[j], direct)]
            let xv = eq | mv
            let xh = (((eq & pv) &+ pv) ^ pv) | eq
            var ph = mv | ~(xh | pv)
            var mh = pv & xh
            if ph & high != 0 { score += 1 } else if mh & high != 0 { score -= 1 }
            ph = (ph << 1) | 1
            mh <<= 1
            pv = mh | ~(xv | ph)
            mv = ph & xv
            if score - (n - j - 1) > bound { return nil }
        }
        return score <= bound ? score : nil
    }

    private func multiWord(_ text: UnsafeBufferPointer<UInt32>, bound: Int, _ masks: UnsafeBufferPointer<UInt64>, _ direct: UnsafeBufferPointer<UInt16>) -> Int? {
        let blocks = self.blocks
        let lastBits = length - (blocks - 1) * 64
        let high = UInt64(1) << UInt64(lastBits - 1)
        let n = text.count
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * blocks) { state -> Int? in
            let pv = state.baseAddress!, mv = state.baseAddress! + blocks
            for b in 0..<blocks { pv[b] = ~0; mv[b] = 0 }
            var score = length
            for j in 0..<n {
                let offset = base(text[j], direct)
                var phCarry: UInt64 = 1  // the top row: D[0][j] = j, horizontal delta +1
                var mhCarry: UInt64 = 0
                for b in 0..<blocks {
                    let eq = masks[offset &+ b]
                    let pvb = pv[b], mvb = mv[b]
                    let xv = eq | mvb
                    let eqc = eq | mhCarry
                    let xh = (((eqc & pvb) &+ pvb) ^ pvb) | eqc
                    var ph = mvb | ~(xh | pvb)
                    var mh = pvb & xh
                    let outP: UInt64, outM: UInt64
                    if b == blocks - 1 {
                        outP = ph & high != 0 ? 1 : 0
                        outM = mh & high != 0 ? 1 : 0
                    } else {
                        outP = ph >> 63
                        outM = mh >> 63
                    }
                    ph = (ph << 1) | phCarry
                    mh = (mh << 1) | mhCarry
                    pv[b] = mh | ~(xv | ph)
                    mv[b] = ph & xv
                    phCarry = outP
                    mhCarry = outM
                }
                score += Int(phCarry) - Int(mhCarry)
                if score - (n - j - 1) > bound { return nil }
            }
            return score <= bound ? score : nil
        }
    }
}
