/// A set of Unicode scalars as an ICU regular expression denotes it: `[a-z]`, `\p{Lu}`,
/// `\s`, `.`, and unions and negations of these.
///
/// The definitions follow ICU, the engine SRX rules are written for (Java's dialect with
/// ICU's Unicode-aware shorthands): `\s` is the Unicode `White_Space` property, so it
/// includes the no-break space U+00A0 and the narrow no-break space U+202F; `\w` is
/// `[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\u200C\u200D]`; `\d` is `\p{Nd}`.
indirect enum ClassItem: Hashable, Sendable {
    case scalar(UInt32)
    case range(UInt32, UInt32)
    case categories(CategoryMask)
    case property(ScalarProperty)
    case set(ClassSpec)

    func contains(_ value: UInt32) -> Bool {
        switch self {
        case .scalar(let scalar): return value == scalar
        case .range(let low, let high): return value >= low && value <= high
        case .categories(let mask):
            if let index = UnicodeTable.index(value) { return mask.contains(UnicodeTable.shared.categories[index]) }
            guard let scalar = Unicode.Scalar(value) else { return mask.contains(.surrogate) }
            return mask.contains(CategoryMask(scalar.properties.generalCategory))
        case .property(let property): return property.contains(value)
        case .set(let spec): return spec.contains(value)
        }
    }
}

/// A union of class items, possibly negated: the parsed form of `[...]` and of shorthands.
struct ClassSpec: Hashable, Sendable {
    var items: [ClassItem]
    var isNegated: Bool

    init(_ items: [ClassItem], negated: Bool = false) {
        self.items = items
        self.isNegated = negated
    }

    func contains(_ value: UInt32) -> Bool {
        var found = false
        for item in items where item.contains(value) {
            found = true
            break
        }
        return found != isNegated
    }

    /// Every scalar.
    static let any = ClassSpec([.range(0, 0x10FFFF)])
    /// `.` outside dot-all mode: anything but the line terminators ICU knows.
    static let dot = ClassSpec([.property(.lineTerminator)], negated: true)
    static let digit = ClassSpec([.categories(.decimalNumber)])
    static let space = ClassSpec([.property(.whiteSpace)])
    static let word = ClassSpec([.property(.word)])
    static let horizontalSpace = ClassSpec([.property(.horizontalSpace)])
    static let verticalSpace = ClassSpec([.property(.verticalSpace)])
}

/// Binary character properties the native matcher evaluates itself.
enum ScalarProperty: Hashable, Sendable {
    case whiteSpace
    case alphabetic
    case uppercase
    case lowercase
    /// ICU's `\w`: `[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\u200C\u200D]`.
    case word
    /// ICU's `\h`: `[\p{Zs}\t]`.
    case horizontalSpace
    /// ICU's `\v`: `[\n\u000B\f\r\u0085\u2028\u2029]`.
    case verticalSpace
    /// The characters ICU's `.` does not match and `^`/`$` treat as line ends.
    case lineTerminator
    /// The characters ICU's `\b` looks through: `Grapheme_Extend` and format characters.
    case boundaryTransparent

    func contains(_ value: UInt32) -> Bool {
        if let index = UnicodeTable.index(value) { return UnicodeTable.shared.properties[index].contains(self) }
        return computed(value)
    }

    /// The property from the Unicode data itself (slow: tens of nanoseconds).
    fileprivate func computed(_ value: UInt32) -> Bool {
        switch self {
        case .lineTerminator, .verticalSpace:
            return (value >= 0x0A && value <= 0x0D) || value == 0x85 || value == 0x2028 || value == 0x2029
        case .horizontalSpace:
            if value == 0x09 { return true }
            guard let scalar = Unicode.Scalar(value) else { return false }
            return scalar.properties.generalCategory == .spaceSeparator
        default:
            break
        }
        guard let scalar = Unicode.Scalar(value) else { return false }
        let properties = scalar.properties
        switch self {
        case .whiteSpace: return properties.isWhitespace
        case .alphabetic: return properties.isAlphabetic
        case .uppercase: return properties.isUppercase
        case .lowercase: return properties.isLowercase
        case .boundaryTransparent:
            return properties.isGraphemeExtend || properties.generalCategory == .format
        case .word:
            if properties.isAlphabetic || value == 0x200C || value == 0x200D { return true }
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
            default: return false
            }
        case .horizontalSpace, .verticalSpace, .lineTerminator: return false
        }
    }
}

/// The general category and properties of the first scalars (Latin scripts, general
/// punctuation), computed once: building a class's bitmaps asks for each of them.
struct UnicodeTable: Sendable {
    /// U+0000..<U+0300 then U+2000..<U+2080: the scalars ``ScalarClass`` keeps bitmaps for.
    private static let ranges: [Range<UInt32>] = [0..<0x300, 0x2000..<0x2080]
    static let shared = UnicodeTable()

    /// Where a scalar is in the table, if it is there.
    @inline(__always)
    static func index(_ value: UInt32) -> Int? {
        if value < 0x300 { return Int(value) }
        if value >= 0x2000, value < 0x2080 { return Int(value - 0x2000) + 0x300 }
        return nil
    }

    let categories: [CategoryMask]
    let properties: [PropertySet]

    /// The binary properties of one scalar.
    struct PropertySet: Sendable {
        private var bits: UInt16 = 0
        private static let all: [ScalarProperty] = [
            .whiteSpace, .alphabetic, .uppercase, .lowercase, .word, .horizontalSpace,
            .verticalSpace, .lineTerminator, .boundaryTransparent,
        ]

        init(_ value: UInt32) {
            for (bit, property) in Self.all.enumerated() where property.computed(value) {
                bits |= 1 << UInt16(bit)
            }
        }

        func contains(_ property: ScalarProperty) -> Bool {
            let bit: UInt16 = switch property {
            case .whiteSpace: 0
            case .alphabetic: 1
            case .uppercase: 2
            case .lowercase: 3
            case .word: 4
            case .horizontalSpace: 5
            case .verticalSpace: 6
            case .lineTerminator: 7
            case .boundaryTransparent: 8
            }
            return bits & (1 << bit) != 0
        }
    }

    private init() {
        var categories: [CategoryMask] = []
        var properties: [PropertySet] = []
        for value in Self.ranges.joined() {
            categories.append(Unicode.Scalar(value).map { CategoryMask($0.properties.generalCategory) } ?? .surrogate)
            properties.append(PropertySet(value))
        }
        self.categories = categories
        self.properties = properties
    }
}

/// A set of Unicode general categories, one bit each.
struct CategoryMask: OptionSet, Hashable, Sendable {
    let rawValue: UInt32

    init(rawValue: UInt32) { self.rawValue = rawValue }

    init(_ category: Unicode.GeneralCategory) {
        self.init(rawValue: 1 << CategoryMask.bit(category))
    }

    private static func bit(_ category: Unicode.GeneralCategory) -> UInt32 {
        switch category {
        case .uppercaseLetter: 0
        case .lowercaseLetter: 1
        case .titlecaseLetter: 2
        case .modifierLetter: 3
        case .otherLetter: 4
        case .nonspacingMark: 5
        case .spacingMark: 6
        case .enclosingMark: 7
        case .decimalNumber: 8
        case .letterNumber: 9
        case .otherNumber: 10
        case .connectorPunctuation: 11
        case .dashPunctuation: 12
        case .openPunctuation: 13
        case .closePunctuation: 14
        case .initialPunctuation: 15
        case .finalPunctuation: 16
        case .otherPunctuation: 17
        case .mathSymbol: 18
        case .currencySymbol: 19
        case .modifierSymbol: 20
        case .otherSymbol: 21
        case .spaceSeparator: 22
        case .lineSeparator: 23
        case .paragraphSeparator: 24
        case .control: 25
        case .format: 26
        case .surrogate: 27
        case .privateUse: 28
        case .unassigned: 29
        @unknown default: 29
        }
    }

    static let uppercaseLetter = CategoryMask(.uppercaseLetter)
    static let lowercaseLetter = CategoryMask(.lowercaseLetter)
    static let titlecaseLetter = CategoryMask(.titlecaseLetter)
    static let modifierLetter = CategoryMask(.modifierLetter)
    static let otherLetter = CategoryMask(.otherLetter)
    static let nonspacingMark = CategoryMask(.nonspacingMark)
    static let spacingMark = CategoryMask(.spacingMark)
    static let enclosingMark = CategoryMask(.enclosingMark)
    static let decimalNumber = CategoryMask(.decimalNumber)
    static let letterNumber = CategoryMask(.letterNumber)
    static let otherNumber = CategoryMask(.otherNumber)
    static let connectorPunctuation = CategoryMask(.connectorPunctuation)
    static let dashPunctuation = CategoryMask(.dashPunctuation)
    static let openPunctuation = CategoryMask(.openPunctuation)
    static let closePunctuation = CategoryMask(.closePunctuation)
    static let initialPunctuation = CategoryMask(.initialPunctuation)
    static let finalPunctuation = CategoryMask(.finalPunctuation)
    static let otherPunctuation = CategoryMask(.otherPunctuation)
    static let mathSymbol = CategoryMask(.mathSymbol)
    static let currencySymbol = CategoryMask(.currencySymbol)
    static let modifierSymbol = CategoryMask(.modifierSymbol)
    static let otherSymbol = CategoryMask(.otherSymbol)
    static let spaceSeparator = CategoryMask(.spaceSeparator)
    static let lineSeparator = CategoryMask(.lineSeparator)
    static let paragraphSeparator = CategoryMask(.paragraphSeparator)
    static let control = CategoryMask(.control)
    static let format = CategoryMask(.format)
    static let surrogate = CategoryMask(.surrogate)
    static let privateUse = CategoryMask(.privateUse)
    static let unassigned = CategoryMask(.unassigned)

    static let letter: CategoryMask = [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]
    static let casedLetter: CategoryMask = [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter]
    static let mark: CategoryMask = [.nonspacingMark, .spacingMark, .enclosingMark]
    static let number: CategoryMask = [.decimalNumber, .letterNumber, .otherNumber]
    static let punctuation: CategoryMask = [
        .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
        .initialPunctuation, .finalPunctuation, .otherPunctuation,
    ]
    static let symbol: CategoryMask = [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol]
    static let separator: CategoryMask = [.spaceSeparator, .lineSeparator, .paragraphSeparator]
    static let other: CategoryMask = [.control, .format, .surrogate, .privateUse, .unassigned]

    /// The categories a `\p{...}` name denotes, by ICU's loose matching of names
    /// (case, spaces, `_` and `-` ignored; `gc=`, `General_Category=` and Java's `Is`
    /// prefix accepted). `nil` for anything else.
    static func named(_ looseName: String) -> CategoryMask? {
        byName[looseName]
    }

    private static let byName: [String: CategoryMask] = {
        let table: [([String], CategoryMask)] = [
            (["l", "letter"], .letter),
            (["lc", "casedletter"], .casedLetter),
            (["lu", "uppercaseletter"], .uppercaseLetter),
            (["ll", "lowercaseletter"], .lowercaseLetter),
            (["lt", "titlecaseletter"], .titlecaseLetter),
            (["lm", "modifierletter"], .modifierLetter),
            (["lo", "otherletter"], .otherLetter),
            (["m", "mark", "combiningmark"], .mark),
            (["mn", "nonspacingmark"], .nonspacingMark),
            (["mc", "spacingmark"], .spacingMark),
            (["me", "enclosingmark"], .enclosingMark),
            (["n", "number"], .number),
            (["nd", "decimalnumber"], .decimalNumber),
            (["nl", "letternumber"], .letterNumber),
            (["no", "othernumber"], .otherNumber),
            (["p", "punctuation"], .punctuation),
            (["pc", "connectorpunctuation"], .connectorPunctuation),
            (["pd", "dashpunctuation"], .dashPunctuation),
            (["ps", "openpunctuation"], .openPunctuation),
            (["pe", "closepunctuation"], .closePunctuation),
            (["pi", "initialpunctuation"], .initialPunctuation),
            (["pf", "finalpunctuation"], .finalPunctuation),
            (["po", "otherpunctuation"], .otherPunctuation),
            (["s", "symbol"], .symbol),
            (["sm", "mathsymbol"], .mathSymbol),
            (["sc", "currencysymbol"], .currencySymbol),
            (["sk", "modifiersymbol"], .modifierSymbol),
            (["so", "othersymbol"], .otherSymbol),
            (["z", "separator"], .separator),
            (["zs", "spaceseparator"], .spaceSeparator),
            (["zl", "lineseparator"], .lineSeparator),
            (["zp", "paragraphseparator"], .paragraphSeparator),
            (["c", "other"], .other),
            (["cc", "control"], .control),
            (["cf", "format"], .format),
            (["cs", "surrogate"], .surrogate),
            (["co", "privateuse"], .privateUse),
            (["cn", "unassigned"], .unassigned),
        ]
        var result: [String: CategoryMask] = [:]
        for (names, mask) in table {
            for name in names { result[name] = mask }
        }
        return result
    }()
}

/// A character class compiled for speed: exact membership for the scalars of Latin
/// scripts and general punctuation is precomputed in bitmaps, the rest is evaluated
/// from the Unicode properties. A class (not a struct) so that sharing it costs nothing
/// in the segmenter's inner loops. Immutable once built (the bitmap is written in `init`
/// only), hence `@unchecked Sendable`.
final class ScalarClass: @unchecked Sendable {
    let spec: ClassSpec
    /// Membership of U+0000..<U+0300 (ASCII, Latin-1, Latin Extended-A/B, IPA), 12 words.
    private let low: UnsafeMutablePointer<UInt64>
    /// Membership of U+2000..<U+2080 (spaces, dashes, quotes, ellipsis, NNBSP).
    private let punctuation: (UInt64, UInt64)

    private static let lowLimit: UInt32 = 0x300
    private static let punctuationStart: UInt32 = 0x2000

    init(_ spec: ClassSpec) {
        self.spec = spec
        let words = Int(Self.lowLimit) / 64
        low = .allocate(capacity: words)
        low.initialize(repeating: 0, count: words)
        for value in 0..<Self.lowLimit where spec.contains(value) {
            low[Int(value >> 6)] |= 1 << UInt64(value & 63)
        }
        var bits: (UInt64, UInt64) = (0, 0)
        for offset: UInt32 in 0..<128 where spec.contains(Self.punctuationStart + offset) {
            if offset < 64 { bits.0 |= 1 << UInt64(offset) } else { bits.1 |= 1 << UInt64(offset - 64) }
        }
        punctuation = bits
    }

    /// The union of several classes, its bitmaps OR-ed from theirs (much cheaper than
    /// evaluating the union scalar by scalar).
    init(union specs: [ClassSpec]) {
        spec = ClassSpec(specs.map { .set($0) })
        let words = Int(Self.lowLimit) / 64
        low = .allocate(capacity: words)
        low.initialize(repeating: 0, count: words)
        var bits: (UInt64, UInt64) = (0, 0)
        var seen = Set<ClassSpec>()
        for part in specs where seen.insert(part).inserted {
            if !part.isNegated, part.items.count == 1, case .scalar(let value) = part.items[0] {
                if value < Self.lowLimit {
                    low[Int(value >> 6)] |= 1 << UInt64(value & 63)
                } else if value &- Self.punctuationStart < 128 {
                    let offset = value - Self.punctuationStart
                    if offset < 64 { bits.0 |= 1 << UInt64(offset) } else { bits.1 |= 1 << UInt64(offset - 64) }
                }
                continue
            }
            let component = ScalarClass(part)
            for index in 0..<words { low[index] |= component.low[index] }
            bits.0 |= component.punctuation.0
            bits.1 |= component.punctuation.1
        }
        punctuation = bits
    }

    deinit {
        low.deallocate()
    }

    /// ICU's word characters, for `\\b`.
    static let word = ScalarClass(.word)
    /// What ICU's `\\b` looks through.
    static let boundaryTransparent = ScalarClass(ClassSpec([.property(.boundaryTransparent)]))

    /// The bitmaps: 12 words for U+0000..<U+0300, then 2 for U+2000..<U+2080.
    var bitmapWords: [UInt64] {
        Array(UnsafeBufferPointer(start: low, count: Int(Self.lowLimit) / 64)) + [punctuation.0, punctuation.1]
    }

    /// A rough share of running European text the class covers (weights per scalar:
    /// space ≫ lowercase letters ≫ capitals, digits ≫ punctuation), to pick the more
    /// selective of two filters.
    var estimatedFrequency: Double {
        var total = 0.0
        for value in UInt32(0)..<Self.lowLimit where contains(value) {
            total += Self.weight(value)
        }
        return total
    }

    private static func weight(_ value: UInt32) -> Double {
        switch value {
        case 0x20: 16
        case 0x61...0x7A: 3
        case 0xC0...0x24F: 0.2
        case 0x41...0x5A, 0x30...0x39: 0.3
        case 0x2C, 0x2E, 0x27: 1
        case 0x21...0x7E: 0.1
        case 0x09, 0x0A, 0x0D, 0xA0: 0.5
        default: 0.01
        }
    }

    @inline(__always)
    func contains(_ value: UInt32) -> Bool {
        if value < Self.lowLimit {
            return low[Int(value >> 6)] & (1 << UInt64(value & 63)) != 0
        }
        let offset = value &- Self.punctuationStart
        if offset < 128 {
            return (offset < 64 ? punctuation.0 >> UInt64(offset) : punctuation.1 >> UInt64(offset - 64)) & 1 != 0
        }
        return spec.contains(value)
    }
}

/// Several classes flattened into one table for the inner loops: one bitmap lookup per
/// test for Latin and punctuation scalars and no reference counting; other scalars go to
/// the class itself. A `nil` class contains everything.
final class ScalarClassTable: @unchecked Sendable {
    private let classes: [ScalarClass?]
    /// Per class: 12 words for U+0000..<U+0300, 2 for U+2000..<U+2080, 1 flag word
    /// (all ones: contains everything). Written in `init` only.
    private let words: UnsafeMutablePointer<UInt64>
    private static let stride = 15

    init(_ classes: [ScalarClass?]) {
        self.classes = classes
        words = .allocate(capacity: max(1, classes.count * Self.stride))
        for (index, scalarClass) in classes.enumerated() {
            let base = words + index * Self.stride
            if let scalarClass {
                for (offset, word) in scalarClass.bitmapWords.enumerated() { base[offset] = word }
                base[14] = 0
            } else {
                base.initialize(repeating: ~0, count: Self.stride)
            }
        }
    }

    deinit {
        words.deallocate()
    }

    @inline(__always)
    func contains(_ index: Int, _ scalar: UInt32) -> Bool {
        let base = words + index &* Self.stride
        if scalar < 0x300 {
            return base[Int(scalar >> 6)] & (1 << UInt64(scalar & 63)) != 0
        }
        let offset = scalar &- 0x2000
        if offset < 128 {
            return base[12 + Int(offset >> 6)] & (1 << UInt64(offset & 63)) != 0
        }
        if base[14] != 0 { return true }
        return classes[index]!.contains(scalar)
    }
}
