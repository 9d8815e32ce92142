import Foundation

/// The lexical view of one text side: every sentence as a list of token ids, plus the statistics
/// the aligner needs (character lengths, token frequencies).
///
/// Tokens are folded (lower case, no diacritics, `œ` → `oe`), so `Ouïghours` and `ouighours` are one
/// type. Words, numbers and a few punctuation classes that survive translation (`?`, `!`, `:`, `;`,
/// parentheses, quotation marks, dashes, ellipses) become tokens; commas and full stops do not.
struct TokenizedText: Sendable {
    /// Token ids per sentence, in order.
    var sentences: [[Int32]]
    /// Characters per sentence (Unicode scalars, whitespace excluded), at least 1.
    var lengths: [Double]
    /// The folded spelling of every token type, indexed by id.
    var types: [String]
    /// Occurrences of every token type in the whole text.
    var counts: [Int]
    /// All token occurrences.
    var tokenCount: Int
    /// The id of every folded spelling.
    private(set) var index: [String: Int32]

    init(sentences texts: [String]) {
        var interner: [String: Int32] = [:]
        var rawTypes: [String] = []
        var rawCounts: [Int] = []
        var sentences: [[Int32]] = []
        var lengths: [Double] = []
        sentences.reserveCapacity(texts.count)
        lengths.reserveCapacity(texts.count)
        var total = 0
        for text in texts {
            var ids: [Int32] = []
            var length = 0
            for scalar in text.unicodeScalars where !(scalar.isASCII ? scalar == " " || scalar == "\t" : scalar.properties.isWhitespace) {
                length += 1
            }
            Self.forEachToken(in: text) { raw in
                let id: Int32
                if let known = interner[raw] {
                    id = known
                } else {
                    id = Int32(rawTypes.count)
                    interner[raw] = id
                    rawTypes.append(raw)
                    rawCounts.append(0)
                }
                rawCounts[Int(id)] += 1
                ids.append(id)
            }
            total += ids.count
            sentences.append(ids)
            lengths.append(Double(max(length, 1)))
        }
        // Different raw spellings can fold to one type: merge them.
        var byFolded: [String: Int32] = [:]
        var remap = [Int32](repeating: 0, count: rawTypes.count)
        var types: [String] = []
        var counts: [Int] = []
        for (id, raw) in rawTypes.enumerated() {
            let folded = Self.fold(raw)
            if let existing = byFolded[folded] {
                remap[id] = existing
                counts[Int(existing)] += rawCounts[id]
            } else {
                let new = Int32(types.count)
                byFolded[folded] = new
                remap[id] = new
                types.append(folded)
                counts.append(rawCounts[id])
            }
        }
        self.sentences = sentences.map { $0.map { remap[Int($0)] } }
        self.lengths = lengths
        self.types = types
        self.counts = counts
        self.tokenCount = total
        self.index = byFolded
    }

    /// Units made of consecutive sentences (e.g. paragraphs): their tokens and lengths put together.
    func grouped(_ ranges: [Range<Int>]) -> TokenizedText {
        var grouped = self
        grouped.sentences = ranges.map { range in range.flatMap { sentences[$0] } }
        grouped.lengths = ranges.map { range in range.reduce(0) { $0 + lengths[$1] } }
        return grouped
    }

    /// Adds a token of a new type (named `name`, never a real spelling) to each of `sentences`;
    /// returns its id.
    @discardableResult
    mutating func addSyntheticToken(_ name: String, to sentences: [Int]) -> Int32 {
        let key = "\u{1}" + name
        let id: Int32
        if let known = index[key] {
            id = known
        } else {
            id = Int32(types.count)
            index[key] = id
            types.append(key)
            counts.append(0)
        }
        for sentence in sentences {
            self.sentences[sentence].append(id)
            counts[Int(id)] += 1
            tokenCount += 1
        }
        return id
    }

    /// The sentences that contain the folded tokens of `phrase` consecutively.
    func sentences(containing phrase: String) -> [Int] {
        var ids: [Int32] = []
        var known = true
        Self.forEachToken(in: phrase) { raw in
            if let id = index[Self.fold(raw)] { ids.append(id) } else { known = false }
        }
        guard known, let first = ids.first else { return [] }
        return sentences.indices.filter { sentence in
            let tokens = sentences[sentence]
            guard tokens.count >= ids.count else { return false }
            return (0...(tokens.count - ids.count)).contains { start in
                tokens[start] == first && tokens[start..<(start + ids.count)].elementsEqual(ids)
            }
        }
    }

    /// A sentence's folded tokens joined by spaces: equal keys mean the same words in the same order.
    func key(ofSentence sentence: Int) -> String {
        sentences[sentence].map { types[Int($0)] }.joined(separator: " ")
    }

    /// The unigram probability of a type in this text, add-half smoothed.
    func unigram(_ type: Int32) -> Double {
        (Double(counts[Int(type)]) + 0.5) / (Double(tokenCount) + 0.5 * Double(types.count))
    }

    /// Calls `body` with every raw (lower-cased, unfolded) token of `text`.
    static func forEachToken(in text: String, _ body: (String) -> Void) {
        var word = String.UnicodeScalarView()
        var number = String.UnicodeScalarView()
        var previous: Unicode.Scalar = " "
        func flush() {
            if !word.isEmpty { body(String(word).lowercased()); word.removeAll(keepingCapacity: true) }
            if !number.isEmpty { body(String(number)); number.removeAll(keepingCapacity: true) }
        }
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            let isDigit: Bool, isLetter: Bool
            if scalar.isASCII {
                isDigit = ("0"..."9").contains(scalar)
                isLetter = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            } else {
                let properties = scalar.properties
                isDigit = properties.numericType == .decimal
                isLetter = properties.isAlphabetic || properties.generalCategory == .nonspacingMark
            }
            if isDigit {
                if !word.isEmpty { flush() }
                number.append(scalar)
                continue
            }
            if isLetter {
                if !number.isEmpty { flush() }
                word.append(scalar)
                continue
            }
            flush()
            switch scalar {
            case "?", "!", ";", ":", "(", ")":
                body(String(scalar))
            case "\"", "«", "»", "“", "”", "„", "‹", "›":
                body("\"")
            case "—", "–":
                body("—")
            case "-" where previous == "-":
                body("—")  // `--` is a dash; a single hyphen only joins words
            case "…":
                body("…")
            default:
                break
            }
        }
        flush()
    }

    /// Lower case without diacritics; ligatures spelled out.
    static func fold(_ token: String) -> String {
        var folded = token.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        if folded.unicodeScalars.contains(where: { $0.value > 0x7F }) {
            folded = folded
                .replacingOccurrences(of: "œ", with: "oe")
                .replacingOccurrences(of: "æ", with: "ae")
                .replacingOccurrences(of: "ß", with: "ss")
        }
        return folded
    }
}
