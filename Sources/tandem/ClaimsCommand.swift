import Annotation
import ArgumentParser
import Foundation
import TranslationMemory
import Workbench

/// `tandem claims ARTICLE`: the article with its claims marked and their status.
struct ClaimsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claims",
        abstract: "Show an article with its claims marked, and each claim's status.",
        discussion: """
            Each claim is marked in the text as ⟦C3 ? … C3⟧: its number and its status, ✓ covered \
            (a linked source), ◷ promised, ? unresolved, ✗ uncovered. Then one line per claim with \
            its id, segments and citations. With --target, the translation in the memory is shown \
            too, with the claims carried over (✓ link kept, ✗ link lost). Colours only on a \
            terminal, never with NO_COLOR set.
            """)

    @Argument(help: "The article's id (see tandem article list).")
    var article: String

    @Option(help: "Also show the article's translation into this language from the memory (e.g. en).")
    var target: String?

    @OptionGroup var memory: MemoryOptions

    func run() throws {
        let articleID = try identifier(article, as: ArticleID.self)
        let targetLanguage = try target.map { try languageTag($0, option: "--target") }
        let annotations = try memory.openAnnotations().annotations(of: articleID)
        let palette = Palette.standardOutput
        print(colour(annotations.claimsListing(), palette), terminator: "")
        guard let targetLanguage else { return }
        let projection = try ArticleTranslationProjection(article: annotations.article, language: targetLanguage, memory: memory.openStore())
        print("")
        guard projection.translatedSegments > 0 else {
            print("no translation of \(articleID) into \(targetLanguage) in the memory (tandem align --into-memory stores one)")
            return
        }
        let coverage = projection.coverage(of: annotations)
        print(colour(coverage.markedTranslation(projection.translation.article), palette), terminator: "")
    }

    /// Colours the claim markers by status.
    private func colour(_ text: String, _ palette: Palette) -> String {
        guard palette.enabled else { return text }
        let codes: [Character: String] = ["✓": "32", "◷": "34", "?": "33", "✗": "31"]
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            // An opening "⟦C12 ✓ " or a closing " C12⟧".
            if text[index] == "⟦", let end = text[index...].firstIndex(of: " "),
               let symbolIndex = text.index(end, offsetBy: 1, limitedBy: text.endIndex), symbolIndex < text.endIndex,
               let code = codes[text[symbolIndex]] {
                let after = text.index(after: symbolIndex)
                out += palette.paint(String(text[index..<after]), "1;\(code)")
                index = after
                continue
            }
            if text[index] == "⟦" || text[index] == "⟧" {
                out += palette.paint(String(text[index]), "1")
            } else {
                out.append(text[index])
            }
            index = text.index(after: index)
        }
        return out
    }
}
