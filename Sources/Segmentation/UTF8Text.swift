/// Turning bytes from a file or a pipe into text, with an error that says where the
/// bytes stop being UTF-8.
public enum UTF8Text {
    /// Decodes UTF-8 bytes.
    /// - Throws: ``SegmentationError/invalidUTF8(byteOffset:)`` with the 0-based offset of
    ///   the first byte that is not part of a valid UTF-8 sequence.
    public static func decode(_ bytes: [UInt8]) throws(SegmentationError) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        throw .invalidUTF8(byteOffset: firstInvalidByte(in: bytes) ?? 0)
    }

    /// The offset of the byte where the first ill-formed UTF-8 sequence starts (a stray
    /// continuation byte, a lead byte not followed by its continuation bytes, an overlong
    /// form, a surrogate, a value beyond U+10FFFF), or `nil` when all is well-formed.
    public static func firstInvalidByte(in bytes: [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let b0 = bytes[index]
            if b0 < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return index
            }
            for offset in 1..<length {
                guard index + offset < count else { return index }
                let byte = bytes[index + offset]
                let (min, max) = offset == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
                guard byte >= min, byte <= max else { return index }
            }
            index += length
        }
        return nil
    }
}
