/// Strict UTF-8 decoding that says where the input goes wrong.
public enum UTF8Decoding {
    /// Decodes `bytes` as UTF-8 (a leading byte-order mark is dropped).
    /// - Throws: ``SegmentationError/invalidUTF8(byteOffset:)`` with the offset of the first
    ///   byte that is not part of a valid sequence.
    public static func decode(_ bytes: some Collection<UInt8>) throws(SegmentationError) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return text }
        throw .invalidUTF8(byteOffset: firstInvalidOffset(Array(bytes)) ?? 0)
    }

    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence.
    static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0x00...0x7F: i += 1; continue
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            for k in 1..<length {
                guard i + k < bytes.count else { return i }
                let c = bytes[i + k]
                let (lo, hi) = k == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
                guard c >= lo, c <= hi else { return k == 1 ? i : i + k }
            }
            i += length
        }
        return nil
    }
}
