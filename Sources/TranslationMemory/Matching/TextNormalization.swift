import Foundation

/// The normalisation every match score is computed on (`../shared/data/tm/README.md`,
/// "Similarity"): Unicode NFC, every maximal run of Unicode White_Space characters
/// replaced by one U+0020, leading and trailing spaces removed. Case and punctuation
/// are kept. Inline codes are left out before (see ``SegmentText/plainText``).
public enum TextNormalization {
    /// Whether a scalar is in the Unicode White_Space set.
    @inlinable
    public static func isWhiteSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            true
        default:
            false
        }
    }

    /// The normalised form of `text`.
    public static func normalize(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        let composed = isComposedForSure(text) ? text : text.precomposedStringWithCanonicalMapping
        var pendingSpace = false
        for scalar in composed.unicodeScalars {
            if isWhiteSpace(scalar.value) {
                pendingSpace = !scalars.isEmpty
            } else {
                if pendingSpace { scalars.append(" ") }
                pendingSpace = false
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Whether `text` is certainly NFC already: every scalar is below U+0300 (no
    /// combining marks, no decompositions to undo) or common punctuation or currency
    /// (U+2010–2027, U+2030–205E, U+20A0–20C0), none of which compose or decompose.
    static func isComposedForSure(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0..<0x300, 0x2010...0x2027, 0x2030...0x205E, 0x20A0...0x20C0: true
            default: false
            }
        }
    }

    /// The normalised form of `text` as Unicode scalar values, the units lengths and
    /// edits are counted in.
    public static func normalizedScalars(_ text: String) -> [UInt32] {
        normalize(text).unicodeScalars.map(\.value)
    }
}

/// The reference similarity of two segments.
public enum Similarity {
    /// `1 − lev(N(a), N(b)) / max(len N(a), len N(b))` over Unicode scalars, 1 when both
    /// are empty: exactly rapidfuzz's `Levenshtein.normalized_similarity` of the
    /// normalised texts.
    public static func score(_ a: String, _ b: String) -> Double {
        let x = TextNormalization.normalizedScalars(a)
        let y = TextNormalization.normalizedScalars(b)
        return score(distance: EditDistance.levenshtein(x, y), longest: max(x.count, y.count))
    }

    /// The score for a distance between strings whose longer one has `longest` scalars.
    @inlinable
    public static func score(distance: Int, longest: Int) -> Double {
        longest == 0 ? 1 : 1 - Double(distance) / Double(longest)
    }

    /// The largest distance that still scores at least `threshold` for strings whose
    /// longer one has `longest` scalars (-1 when none does), computed with the same
    /// floating-point expression as ``score(distance:longest:)`` so that the two agree.
    @inlinable
    public static func maximumDistance(scoringAtLeast threshold: Double, longest: Int) -> Int {
        if longest == 0 { return threshold <= 1 ? 0 : -1 }
        var d = Int(((1 - threshold) * Double(longest)).rounded(.down))
        d = min(max(d, 0), longest)
        while d < longest, score(distance: d + 1, longest: longest) >= threshold { d += 1 }
        while d >= 0, score(distance: d, longest: longest) < threshold { d -= 1 }
        return d
    }
}
