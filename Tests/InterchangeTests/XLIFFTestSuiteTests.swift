import Foundation
import Interchange
import Testing
import XMLSupport

/// The OASIS XLIFF 2.1 and 2.2 test suites: every invalid file is refused (at least as
/// many as ``minimumRefused``) and every valid file imports.
///
/// The suites live in `../shared/interchange/samples/oasis-xliff-2.{1,2}-test-suite`
/// (`core/valid`, `core/in-out`, `modules/valid`, and, when they are there,
/// `core/invalid` and `modules/invalid`). The invalid half is held out of `../shared`;
/// point `XLIFF_TEST_SUITES` at one or more `test-suite` folders (colon-separated, e.g.
/// `xliff-21/test-suite:xliff-22/test-suite` of a checkout of oasis-tcs/xliff-xliff-22)
/// to use it.
enum XLIFFTestSuites {
    /// The test-suite folders found: those of `XLIFF_TEST_SUITES`, else the ones in ../shared.
    static var roots: [URL] {
        if let list = ProcessInfo.processInfo.environment["XLIFF_TEST_SUITES"], !list.isEmpty {
            return list.split(separator: ":").map { URL(fileURLWithPath: String($0)) }
        }
        return ["oasis-xliff-2.1-test-suite", "oasis-xliff-2.2-test-suite"].map { SharedData.samples.appendingPathComponent($0) }
    }

    /// The `.xlf` files of those folders of every suite, with their path as the samples'
    /// MANIFEST would name them (`oasis-xliff-2.1-test-suite/core/valid/NAME.xlf`).
    static func files(in folders: [String]) -> [(url: URL, path: String)] {
        roots.flatMap { root in
            let suite = root.path.contains("2.2") || root.path.contains("xliff-22") ? "oasis-xliff-2.2-test-suite" : "oasis-xliff-2.1-test-suite"
            return folders.flatMap { folder -> [(url: URL, path: String)] in
                let directory = root.appendingPathComponent(folder)
                let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
                return names.filter { $0.hasSuffix(".xlf") }.sorted().map { (directory.appendingPathComponent($0), "\(suite)/\(folder)/\($0)") }
            }
        }
    }

    static var invalidFiles: [(url: URL, path: String)] { files(in: ["core/invalid", "modules/invalid"]) }

    /// The valid files, less those the samples' MANIFEST lists as genuinely invalid
    /// (the defects of the suites' "valid" folders that its README explains).
    static var validFiles: [(url: URL, path: String)] {
        let manifest = (try? String(contentsOf: SharedData.samples.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)) ?? ""
        let defects = Set(manifest.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            return fields.count >= 3 && fields[2] == "invalid" ? String(fields[0]) : nil
        })
        return files(in: ["core/valid", "core/in-out", "modules/valid"]).filter { !defects.contains($0.path) }
    }

    /// The refusals measured when the invalid files were last counted (of 2 × 162 files;
    /// 180 with the schemas alone).
    static let minimumRefused = 318
}

@Suite(.enabled(if: !XLIFFTestSuites.invalidFiles.isEmpty, "needs the invalid files of the OASIS XLIFF test suites: ../shared/interchange/samples holds only their valid half; set XLIFF_TEST_SUITES to xliff-21/test-suite:xliff-22/test-suite of a checkout of oasis-tcs/xliff-xliff-22"))
struct XLIFFInvalidSuiteTests {
    @Test func invalidFilesAreRefused() {
        var refused = 0
        var accepted: [String] = []
        for (url, name) in XLIFFTestSuites.invalidFiles {
            do {
                _ = try XLIFFReader.read(contentsOfFile: url.path, documentName: name)
                accepted.append(name)
            } catch let error as XMLParseError {
                refused += 1
                #expect(error.file == name && !error.message.isEmpty)
                if ProcessInfo.processInfo.environment["XLIFF_SUITE_VERBOSE"] != nil { print("REFUSED \(error)") }
            } catch {
                Issue.record("\(name): \(error) is not an XMLParseError")
            }
        }
        print("XLIFF test suites: \(refused) of \(XLIFFTestSuites.invalidFiles.count) invalid files refused; accepted:\n" + accepted.joined(separator: "\n"))
        #expect(refused >= XLIFFTestSuites.minimumRefused)
    }
}

@Suite(.enabled(if: !XLIFFTestSuites.validFiles.isEmpty, "needs the OASIS XLIFF test suites in ../shared/interchange/samples (or XLIFF_TEST_SUITES)"))
struct XLIFFValidSuiteTests {
    @Test func validFilesImport() {
        for (url, name) in XLIFFTestSuites.validFiles {
            #expect(throws: Never.self, "\(name)") { _ = try XLIFFReader.read(contentsOfFile: url.path, documentName: name) }
        }
    }
}
