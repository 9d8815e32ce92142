/// A problem found while reading an XML document, located in its file.
///
/// The description reads like a compiler diagnostic, `FILE:LINE:COLUMN: message`, so a
/// user can jump to it in an editor.
public struct XMLParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The document's name as the user gave it (usually a path).
    public var file: String
    /// 1-based line of the problem, 0 when unknown.
    public var line: Int
    /// 1-based column of the problem, 0 when unknown.
    public var column: Int
    /// What is wrong, in plain words.
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = file
        if line > 0 {
            location += ":\(line)"
            if column > 0 { location += ":\(column)" }
        }
        return "\(location): \(message)"
    }
}

/// A failure of libxml2's writer (out of memory, an unwritable file, misuse).
public struct XMLWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What the writer was doing when it failed.
    public var operation: String
    /// Where it was writing, when it writes a file.
    public var destination: String?

    public init(operation: String, destination: String? = nil) {
        self.operation = operation
        self.destination = destination
    }

    public var description: String {
        if let destination { return "\(destination): cannot write XML (\(operation) failed)" }
        return "cannot write XML (\(operation) failed)"
    }
}
