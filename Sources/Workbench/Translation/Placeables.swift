/// Numbers in a segment (placeables) and their adaptation in a fuzzy match's
/// translation: when the match's source says `12` where the new segment says `15`, and
/// the match's translation has the `12`, the suggestion gets `15` instead.
///
/// Numbers compare by value, so `2 000`, `2000` and `2,000` are one number, and `3,5`
/// (French) is `3.5` (English); an adapted number is written the way the translation
/// wrote the one it replaces (its decimal mark and group separator).
public enum Placeables {
    /// A number found in a text.
    public struct Number: Hashable, Sendable {
        /// Where it is, in Unicode scalar offsets.
        public var range: Range<Int>
        /// As written.
        public var text: String
        /// Its digits before the decimal mark, without group separators.
        public var integerDigits: String
        /// Its digits after the decimal mark (empty for a whole number).
        public var fractionDigits: String
        /// The decimal mark used, if any.
        public var decimalMark: Character?
        /// The group separator used, if any (space, no-break space, `,`, `.`).
        public var groupSeparator: Character?

        /// The value as a comparable key (`3.5`, `2000`).
        public var value: String { fractionDigits.isEmpty ? integerDigits : integerDigits + "." + fractionDigits }
    }

    /// One number adapted in a suggestion.
    public struct Adaptation: Hashable, Sendable {
        /// The number in the match's translation.
        public var original: String
        /// What it became in the suggestion.
        public var adapted: String
    }

    /// The numbers of a text, in order.
    ///
    /// Digits with group separators (`2 000`, `2,000`, `1.000.000`: groups of exactly
    /// three digits) and one decimal mark (`,` or `.`) make one number. Digits glued to
    /// letters (`G20`, `12b`) are not numbers. A lone `3,500` reads as a decimal.
    public static func numbers(in text: String) -> [Number] {
        let scalars = Array(text.unicodeScalars)
        var numbers: [Number] = []
        var index = 0
        func isDigit(_ i: Int) -> Bool { i < scalars.count && ("0"..."9").contains(scalars[i]) }
        func digitRun(from i: Int) -> Int { var j = i; while isDigit(j) { j += 1 }; return j - i }
        while index < scalars.count {
            guard isDigit(index), index == 0 || !(scalars[index - 1].properties.isAlphabetic) else {
                index += 1
                continue
            }
            let start = index
            var integer = String(String.UnicodeScalarView(scalars[index..<(index + digitRun(from: index))]))
            index += integer.count
            var group: Character?
            // Groups of three after a separator, when the first run is 1–3 digits.
            if integer.count <= 3 {
                while index < scalars.count {
                    let separator = Character(scalars[index])
                    guard [" ", "\u{00A0}", "\u{202F}", ",", "."].contains(separator),
                          group == nil || group == separator,
                          digitRun(from: index + 1) == 3 else { break }
                    // `3,500` could be a decimal: a group only if more follows or the mark is a space,
                    // or if it is followed by another group; otherwise decide below.
                    if separator == "," || separator == "." {
                        let after = index + 4
                        let continues = after < scalars.count && Character(scalars[after]) == separator && digitRun(from: after + 1) == 3
                        let decimalFollows = after < scalars.count && [",", "."].contains(Character(scalars[after])) && Character(scalars[after]) != separator
                        guard continues || decimalFollows || group == separator else { break }
                    }
                    group = separator
                    integer += String(String.UnicodeScalarView(scalars[(index + 1)..<(index + 4)]))
                    index += 4
                }
            }
            var fraction = ""
            var mark: Character?
            if index + 1 < scalars.count, [",", "."].contains(Character(scalars[index])), Character(scalars[index]) != group, isDigit(index + 1) {
                mark = Character(scalars[index])
                let run = digitRun(from: index + 1)
                fraction = String(String.UnicodeScalarView(scalars[(index + 1)..<(index + 1 + run)]))
                index += 1 + run
            }
            // Digits glued to letters (12b, 3D, 12e) are a code or an ordinal, not a number.
            if index < scalars.count, scalars[index].properties.isAlphabetic { continue }
            numbers.append(Number(
                range: start..<index,
                text: String(String.UnicodeScalarView(scalars[start..<index])),
                integerDigits: integer, fractionDigits: fraction, decimalMark: mark, groupSeparator: group))
        }
        return numbers
    }

    /// Adapts a match's translation to a new source: pairs the numbers of the match's
    /// source and of the new source in order (when both have as many), and for each pair
    /// that differs, replaces the translation's number of the old value by the new one.
    ///
    /// - Returns: the adapted translation and what was changed; the translation
    ///   unchanged and no adaptation when the numbers cannot be paired or the
    ///   translation does not have the old number.
    public static func adapt(
        translation: String, matchSource: String, newSource: String
    ) -> (text: String, adaptations: [Adaptation]) {
        let old = numbers(in: matchSource), new = numbers(in: newSource)
        guard old.count == new.count, !old.isEmpty else { return (translation, []) }
        var targetNumbers = numbers(in: translation)
        var used = Set<Int>()
        var replacements: [(index: Int, text: String)] = []
        var adaptations: [Adaptation] = []
        for (before, after) in zip(old, new) where before.value != after.value {
            guard let position = targetNumbers.indices.first(where: { !used.contains($0) && targetNumbers[$0].value == before.value }) else { continue }
            used.insert(position)
            let written = format(after, like: targetNumbers[position])
            replacements.append((position, written))
            adaptations.append(Adaptation(original: targetNumbers[position].text, adapted: written))
        }
        guard !replacements.isEmpty else { return (translation, []) }
        var scalars = Array(translation.unicodeScalars)
        for replacement in replacements.sorted(by: { targetNumbers[$0.index].range.lowerBound > targetNumbers[$1.index].range.lowerBound }) {
            scalars.replaceSubrange(targetNumbers[replacement.index].range, with: replacement.text.unicodeScalars)
        }
        targetNumbers.removeAll()
        return (String(String.UnicodeScalarView(scalars)), adaptations)
    }

    /// `number` written with the decimal mark and group separator of `model` (the
    /// number it replaces); where `model` shows neither, as `number` was written.
    static func format(_ number: Number, like model: Number) -> String {
        var integer = number.integerDigits
        if let separator = model.groupSeparator ?? (model.integerDigits.count > 3 ? nil : number.groupSeparator), integer.count > 3 {
            var grouped = ""
            for (offset, digit) in integer.enumerated() {
                if offset > 0, (integer.count - offset) % 3 == 0 { grouped.append(separator) }
                grouped.append(digit)
            }
            integer = grouped
        }
        guard !number.fractionDigits.isEmpty else { return integer }
        let mark = model.decimalMark
            ?? (model.groupSeparator == "," ? "." : model.groupSeparator == "." ? "," : number.decimalMark ?? ".")
        return integer + String(mark) + number.fractionDigits
    }
}
