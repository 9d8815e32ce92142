/// A calendar date as articles and sources give it: a year, a month, or a day
/// (`2020`, `2020-08`, `2020-12-10`). No time and no time zone: "August 2020" is a
/// month, not an instant. Encodes as that ISO 8601 string.
public struct AnnotationDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int?
    public let day: Int?

    /// - Throws: ``AnnotationError/invalidDate(_:)`` for an impossible date.
    public init(year: Int, month: Int? = nil, day: Int? = nil) throws {
        let text = Self.format(year: year, month: month, day: day)
        guard (1...9999).contains(year) else { throw AnnotationError.invalidDate(text) }
        if let month, !(1...12).contains(month) { throw AnnotationError.invalidDate(text) }
        if let day {
            guard let month, (1...Self.days(inMonth: month, year: year)).contains(day) else {
                throw AnnotationError.invalidDate(text)
            }
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    public init(_ string: String) throws {
        let parts = string.split(separator: "-", omittingEmptySubsequences: false)
        let widths = [4, 2, 2]
        guard (1...3).contains(parts.count),
              zip(parts, widths).allSatisfy({ $0.count == $1 && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { throw AnnotationError.invalidDate(string) }
        let numbers = parts.map { Int($0)! }
        try self.init(year: numbers[0], month: numbers.count > 1 ? numbers[1] : nil, day: numbers.count > 2 ? numbers[2] : nil)
    }

    public var description: String { Self.format(year: year, month: month, day: day) }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month ?? 0, lhs.day ?? 0) < (rhs.year, rhs.month ?? 0, rhs.day ?? 0)
    }

    public init(from decoder: any Decoder) throws {
        let string = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(string)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func format(year: Int, month: Int?, day: Int?) -> String {
        func pad(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text = pad(year, 4)
        if let month { text += "-" + pad(month, 2) }
        if let day { text += "-" + pad(day, 2) }
        return text
    }

    private static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
