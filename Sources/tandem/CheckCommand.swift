import Annotation
import ArgumentParser
import Foundation
import TranslationMemory
import Workbench

/// `tandem check ARTICLE`: quality checks over an article's current translations.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the quality of an article's translation.",
        discussion: """
            Checks the current translation of every segment (the newest unit of each segment in \
            the memory): untranslated or empty segments, source copied as target, numbers that \
            differ (French 1 000,5 and 10,5 % read as 1,000.5 and 10.5%), unbalanced quotation \
            marks and parentheses, approved glossary terms not used, claims citing a linked \
            source whose URL is missing from the translation, French typography left in English \
            (« », a space before ; : ! ?, non-breaking spaces). Each finding names the segment \
            (1-based; 3–4 when one translation covers several segments, as an aligner's 2-1 \
            bead does), the check and what is wrong.

            Exit status: 0 when no finding is an error (warnings only, or none); 2 when at least \
            one finding is an error (untranslated, numbers, citation-link); 1 when the check could \
            not run (unknown article, no database).
            """)

    @OptionGroup var memory: MemoryOptions

    @Argument(help: "The article's id (as `tandem article add` stored it: the file name without extension).")
    var article: String

    @Option(help: "The language of the translation to check.")
    var targetLang = "en"

    @Option(help: "table or json.")
    var format = "table"

    func validate() throws {
        guard ["table", "json"].contains(format) else { throw ValidationError("--format: “\(format)” is not table or json") }
    }

    func run() throws {
        let targetLanguage = try languageTag(targetLang, option: "--target-lang")
        let stores = try memory.openDatabase(missing: "no database at \(memory.url.path); add articles with `tandem article add` first")
        let report: ArticleQualityReport
        do {
            report = try ArticleQualityReport.check(
                article: article, targetLanguage: targetLanguage,
                memory: stores.memory, annotations: stores.annotations, glossary: stores.glossary)
        } catch let error as ArticleLookupError {
            throw CommandFailure(description: error.description)
        }
        if format == "json" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(CheckJSON(report)), as: UTF8.self))
        } else {
            printTable(report)
        }
        if report.hasErrors { throw ExitCode(2) }
    }

    private func printTable(_ report: ArticleQualityReport) {
        let color = standardOutputWantsColor
        print("\(report.article) (\(report.sourceLanguage) → \(report.targetLanguage)): \(report.translatedSegments) of \(report.segments) segments translated")
        if !report.skippedSegments.isEmpty {
            print("  not translatable (page furniture), not checked: segment\(report.skippedSegments.count == 1 ? "" : "s") \(SegmentNumberList.describe(report.skippedSegments))")
        }
        for finding in report.findings {
            var severity = finding.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            if color { severity = (finding.severity == .error ? "\u{1B}[31m" : "\u{1B}[33m") + severity + "\u{1B}[0m" }
            let segment = finding.lastSegment.map { "\(finding.segment)–\($0)" } ?? String(finding.segment)
            print(String(repeating: " ", count: max(0, 5 - segment.count)) + segment + "  " + severity + "  "
                  + finding.check.padding(toLength: 13, withPad: " ", startingAt: 0) + "  " + finding.message)
        }
        let errors = report.errors.count, warnings = report.warnings.count
        print("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
    }
}

/// The JSON `tandem check --format json` prints.
private struct CheckJSON: Encodable {
    var article: String
    var sourceLanguage: String
    var targetLanguage: String
    var segments: Int
    var translatedSegments: Int
    var notTranslatableSegments: [Int]
    var errors: Int
    var warnings: Int
    var findings: [QualityFinding]

    init(_ report: ArticleQualityReport) {
        article = report.article
        sourceLanguage = report.sourceLanguage.identifier
        targetLanguage = report.targetLanguage.identifier
        segments = report.segments
        translatedSegments = report.translatedSegments
        notTranslatableSegments = report.skippedSegments
        errors = report.errors.count
        warnings = report.warnings.count
        findings = report.findings
    }
}
