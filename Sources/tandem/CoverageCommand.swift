import Annotation
import ArgumentParser
import Foundation
import TranslationMemory
import Workbench

/// `tandem coverage [ARTICLE]`: how many claims have sources, and which do not.
struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Report citation coverage: claims covered by linked sources, promises outstanding, claims to source.",
        discussion: """
            A claim is covered when at least one citation is linked (a source with a URL); coverage \
            is counted by claims and by the words of the claims. The table and the JSON list every \
            claim that is not covered (uncovered, unresolved, promised, orphaned) with its text and \
            segment numbers. The HTML report is one self-contained page (no network, no script): the \
            article text with claims highlighted by status, a summary, and the sources with their \
            links. With --target, reports instead which sourced claims kept their link in the \
            translation held in the memory.
            """)

    enum Format: String, CaseIterable {
        case table, json, html
    }

    @Argument(help: "An article id (default: every article).")
    var article: String?

    @Option(name: .customLong("format"), help: "table, json or html.")
    var formatName = Format.table.rawValue

    private var format: Format { Format(rawValue: formatName) ?? .table }

    @Option(name: [.customShort("o"), .long], help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(help: "Check the translation into this language (from the memory) instead: which sourced claims lost their link.")
    var target: String?

    @OptionGroup var memory: MemoryOptions

    func run() throws {
        let _: Format = try choice(formatName, option: "--format")
        let repository = try memory.openAnnotations()
        let ids = try article.map { [try identifier($0, as: ArticleID.self)] }
        if let target {
            try translationCoverage(repository: repository, ids: ids, language: try languageTag(target, option: "--target"))
            return
        }
        let annotations: [ArticleAnnotations] = try repository.read { store in
            try (ids ?? store.articles().map(\.id)).map { try store.annotations(of: $0) }
        }
        if annotations.isEmpty, format == .table {
            print("no articles; add one with: tandem article add FILE --lang fr")
            return
        }
        let data: Data
        switch format {
        case .table: data = Data(CoverageReport(annotations).textTable().utf8)
        case .json: data = try CoverageReport(annotations).jsonData() + Data("\n".utf8)
        case .html: data = CoverageHTMLReport(annotations).data()
        }
        try writeOutput(data, to: output)
        if let output, output != "-" { print("wrote \(output)") }
    }

    private func translationCoverage(repository: some AnnotationRepository, ids: [ArticleID]?, language: LanguageTag) throws {
        guard format != .html else { throw CommandFailure("--target reports as a table or JSON, not HTML") }
        let store = try memory.openStore()
        let originals: [ArticleAnnotations] = try repository.read { reader in
            try (ids ?? reader.articles().map(\.id)).map { try reader.annotations(of: $0) }
        }
        var reports: [TranslationCoverage] = []
        var text = ""
        for original in originals where !AnnotationValidation.sameLanguage(original.article.language, language.identifier) {
            let projection = try ArticleTranslationProjection(article: original.article, language: language, memory: store)
            let coverage = projection.coverage(of: original)
            reports.append(coverage)
            text += coverage.textTable()
            text += "  \(projection.translatedSegments) of \(projection.translatableSegments) segment(s) translated in the memory"
                + (projection.translatableSegments < original.article.segments.count
                    ? " (\(original.article.segments.count - projection.translatableSegments) page furniture, not counted)" : "") + "\n"
            for claim in coverage.missingLinks {
                text += "  link missing: C\(claim.number) \(claim.claimID) [\(claim.link?.rawValue ?? "")] segment \(claim.sourceSegments.map(String.init).joined(separator: ","))\n"
            }
            text += "\n"
        }
        let data: Data
        switch format {
        case .json: data = try AnnotationJSON.encoder().encode(reports) + Data("\n".utf8)
        default: data = Data((text.isEmpty ? "no article to check against \(language)\n" : text).utf8)
        }
        try writeOutput(data, to: output)
        if let output, output != "-" { print("wrote \(output)") }
    }
}
