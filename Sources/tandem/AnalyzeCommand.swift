import ArgumentParser
import Foundation
import TranslationMemory
import Workbench

/// `tandem analyze ARTICLE...`: what the memory already covers, before work starts.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse articles against the memory: repetitions, in-context, exact and fuzzy matches, new words.",
        discussion: """
            As CAT tools (Trados, memoQ) analyse a job: segments are taken in order, article after \
            article; a segment whose text already occurred earlier (in the same or an earlier \
            article) is a repetition; any other is counted by its best memory match, with its \
            neighbouring segments as context: in context, 100 %, fuzzy 95–99, 85–94, 75–84, \
            50–74 % (score rounded down), or new. Words: runs of letters and digits; a hyphen \
            between letters joins (porte-parole is one word), an apostrophe separates (l'homme is \
            two), digits joined by . , or a non-breaking space are one word (1 000,5). Segments \
            marked not translatable (page furniture, see `tandem article add --metadata`) are left \
            out of the total and shown apart.
            """)

    @OptionGroup var memory: MemoryOptions

    @Argument(help: "The articles' ids (as `tandem article add` stored them).")
    var articles: [String]

    @Option(help: "The language to translate into.")
    var targetLang = "en"

    @Option(help: "table or json.")
    var format = "table"

    func validate() throws {
        guard ["table", "json"].contains(format) else { throw ValidationError("--format: “\(format)” is not table or json") }
        guard !articles.isEmpty else { throw ValidationError("name at least one article") }
    }

    func run() throws {
        let targetLanguage = try languageTag(targetLang, option: "--target-lang")
        let stores = try memory.openDatabase(missing: "no database at \(memory.url.path); add articles with `tandem article add` first")
        let analysis: TranslationAnalysis
        do {
            analysis = try TranslationAnalyzer.analyze(
                articles: articles, targetLanguage: targetLanguage, memory: stores.memory, annotations: stores.annotations)
        } catch let error as ArticleLookupError {
            throw CommandFailure(description: error.description)
        }
        if format == "json" {
            printJSON(analysis)
        } else {
            for entry in analysis.documents {
                printTable(title: entry.document, entry.table)
                print()
            }
            if analysis.documents.count > 1 { printTable(title: "Total (\(analysis.documents.count) articles)", analysis.total) }
        }
    }

    private func printTable(title: String, _ table: AnalysisTable) {
        print(title)
        let header = "  " + "Match".padding(toLength: 13, withPad: " ", startingAt: 0) + pad("Segments", 9) + pad("Words", 8) + pad("Words %", 9)
        print(header)
        let totalWords = table.total.words
        for category in AnalysisCategory.allCases {
            let count = table[category]
            print("  " + category.label.padding(toLength: 13, withPad: " ", startingAt: 0)
                  + pad(String(count.segments), 9) + pad(String(count.words), 8) + pad(percent(count.words, of: totalWords), 9))
        }
        print("  " + "Total".padding(toLength: 13, withPad: " ", startingAt: 0)
              + pad(String(table.total.segments), 9) + pad(String(totalWords), 8) + pad(totalWords > 0 ? "100.0" : "–", 9))
        if table.notTranslatable.segments > 0 {
            print("  " + "Not translat.".padding(toLength: 13, withPad: " ", startingAt: 0)
                  + pad(String(table.notTranslatable.segments), 9) + pad(String(table.notTranslatable.words), 8) + pad("–", 9)
                  + "  (page furniture, not counted)")
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(1, width - text.count)) + text
    }

    private func percent(_ part: Int, of whole: Int) -> String {
        whole > 0 ? String(format: "%.1f", Double(part) * 100 / Double(whole)) : "–"
    }

    private func printJSON(_ analysis: TranslationAnalysis) {
        func table(_ table: AnalysisTable, indent: String) -> String {
            var lines = AnalysisCategory.allCases.map { category in
                "\(indent)  \(jsonString(category.rawValue)): {\"segments\": \(table[category].segments), \"words\": \(table[category].words)}"
            }
            lines.append("\(indent)  \"total\": {\"segments\": \(table.total.segments), \"words\": \(table.total.words)}")
            lines.append("\(indent)  \"notTranslatable\": {\"segments\": \(table.notTranslatable.segments), \"words\": \(table.notTranslatable.words)}")
            return "{\n" + lines.joined(separator: ",\n") + "\n\(indent)}"
        }
        let documents = analysis.documents.map { entry in
            "    {\"article\": \(jsonString(entry.document)), \"counts\": \(table(entry.table, indent: "    "))}"
        }
        print("""
            {
              "targetLanguage": \(jsonString(targetLang)),
              "articles": [
            \(documents.joined(separator: ",\n"))
              ],
              "total": \(table(analysis.total, indent: "  "))
            }
            """)
    }
}
