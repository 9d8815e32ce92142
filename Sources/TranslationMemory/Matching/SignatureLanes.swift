/// Character-count signatures and their arithmetic, in plain SSE2-friendly vector
/// operations.
///
/// A signature half is 64 byte counts, one per bucket of the index's alphabet. Sixteen
/// bytes loaded as eight 16-bit lanes give the even buckets in their low bytes and the
/// odd ones in their high bytes, so counts compare as `Int16` lanes without widening.
/// Query counts are laid out to match ("lane order"): for each group of 16 buckets, the
/// 8 even then the 8 odd ones.
struct SignatureLanes {
    static let buckets = 64

    /// The query's whole counts, 8 vectors in lane order.
    private let q: (SIMD8<Int16>, SIMD8<Int16>, SIMD8<Int16>, SIMD8<Int16>, SIMD8<Int16>, SIMD8<Int16>, SIMD8<Int16>, SIMD8<Int16>)

    /// Where bucket `b`'s count sits in lane order.
    @inline(__always)
    static func lane(ofBucket b: Int) -> Int { (b & ~15) + (b & 1) * 8 + (b & 15) / 2 }

    /// The query counts at `counts`: 64 `Int16` in lane order.
    init(counts: UnsafeRawPointer) {
        func v(_ k: Int) -> SIMD8<Int16> { counts.loadUnaligned(fromByteOffset: 16 * k, as: SIMD8<Int16>.self) }
        q = (v(0), v(1), v(2), v(3), v(4), v(5), v(6), v(7))
    }

    /// The even and odd byte counts of 16 bytes at `offset`.
    @inline(__always)
    private static func split(_ p: UnsafeRawPointer, _ offset: Int) -> (SIMD8<Int16>, SIMD8<Int16>) {
        let raw = p.loadUnaligned(fromByteOffset: offset, as: SIMD8<UInt16>.self)
        return (unsafeBitCast(raw & 0x00FF, to: SIMD8<Int16>.self), unsafeBitCast(raw &>> 8, to: SIMD8<Int16>.self))
    }

    @inline(__always)
    private static func absolute(_ d: SIMD8<Int16>) -> SIMD8<Int16> {
        let sign = d &>> 15
        return (d ^ sign) &- sign
    }

    @inline(__always)
    private static func total(_ v: SIMD8<Int16>) -> Int {
        Int(v[0]) + Int(v[1]) + Int(v[2]) + Int(v[3]) + Int(v[4]) + Int(v[5]) + Int(v[6]) + Int(v[7])
    }

    /// Σ |first half + second half − query| over the 64 buckets of the signature at `p`.
    @inline(__always)
    func wholeDifference(_ p: UnsafeRawPointer) -> Int {
        let half = Self.buckets
        let (e0, o0) = Self.split(p, 0), (f0, p0) = Self.split(p, half)
        let (e1, o1) = Self.split(p, 16), (f1, p1) = Self.split(p, half + 16)
        let (e2, o2) = Self.split(p, 32), (f2, p2) = Self.split(p, half + 32)
        let (e3, o3) = Self.split(p, 48), (f3, p3) = Self.split(p, half + 48)
        var sum = Self.absolute(e0 &+ f0 &- q.0) &+ Self.absolute(o0 &+ p0 &- q.1)
        sum &+= Self.absolute(e1 &+ f1 &- q.2) &+ Self.absolute(o1 &+ p1 &- q.3)
        sum &+= Self.absolute(e2 &+ f2 &- q.4) &+ Self.absolute(o2 &+ p2 &- q.5)
        sum &+= Self.absolute(e3 &+ f3 &- q.6) &+ Self.absolute(o3 &+ p3 &- q.7)
        return Self.total(sum)
    }

    /// Σ |half − counts| over 64 buckets, `counts` in lane order (or `total − counts`
    /// when `total` is given).
    @inline(__always)
    static func halfDifference(_ half: UnsafeRawPointer, _ counts: UnsafeRawPointer, total: UnsafeRawPointer?) -> Int {
        var sum = SIMD8<Int16>()
        for k in 0..<4 {
            let (even, odd) = split(half, 16 * k)
            var ce = counts.loadUnaligned(fromByteOffset: 32 * k, as: SIMD8<Int16>.self)
            var co = counts.loadUnaligned(fromByteOffset: 32 * k + 16, as: SIMD8<Int16>.self)
            if let total {
                ce = total.loadUnaligned(fromByteOffset: 32 * k, as: SIMD8<Int16>.self) &- ce
                co = total.loadUnaligned(fromByteOffset: 32 * k + 16, as: SIMD8<Int16>.self) &- co
            }
            sum &+= absolute(even &- ce) &+ absolute(odd &- co)
        }
        return Self.total(sum)
    }
}
