import Annotation
import ArgumentParser
import Foundation
import TeamStore

extension MemoryOptions {
    /// Opens the articles, claims and sources kept in the memory's database file.
    /// - Parameter create: make the file when it is missing (commands that add
    ///   records); otherwise fail saying how to start.
    func openAnnotations(create: Bool = false) throws -> any AnnotationRepository {
        guard create || exists else {
            throw CommandFailure("\(url.path): no memory here yet; add an article first (tandem article add FILE --lang fr) or give --memory PATH")
        }
        if isPostgres {
            do {
                return try PostgresAnnotationRepository(address: address)
            } catch let error as PostgresStoreError {
                throw CommandFailure(description: error.description)
            }
        }
        return try SQLiteAnnotationRepository(path: url.path)
    }
}

/// Parses an annotation id option or argument, failing with one line.
func identifier<ID: AnnotationIdentifier>(_ value: String, as type: ID.Type) throws -> ID {
    try ID(validating: value)
}

/// Parses a value of a string enum (`--kind fact`), failing with one line that lists
/// the accepted values (exit 1, like every bad input, rather than a usage screen).
func choice<Value: RawRepresentable & CaseIterable>(_ raw: String, option: String) throws -> Value where Value.RawValue == String {
    if let value = Value(rawValue: raw) { return value }
    throw CommandFailure("\(option): “\(raw)” is not one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
}

/// Runs `parse` on an option's value; an annotation error names the option.
func option<Value>(_ name: String, _ parse: () throws -> Value) throws -> Value {
    do {
        return try parse()
    } catch let error as AnnotationError {
        throw CommandFailure("\(name): \(error.description)")
    }
}

/// Writes `data` to `path`, or to standard output when `path` is nil or `-`.
func writeOutput(_ data: Data, to path: String?) throws {
    guard let path, path != "-" else {
        FileHandle.standardOutput.write(data)
        return
    }
    let url = URL(fileURLWithPath: path)
    do {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    } catch {
        throw CommandFailure("\(path): cannot write the file (\(error.localizedDescription))")
    }
}

/// Terminal colours (SGR), used only when standard output is a terminal and NO_COLOR is unset.
struct Palette {
    var enabled: Bool

    static var standardOutput: Palette { Palette(enabled: standardOutputWantsColor) }

    func paint(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
