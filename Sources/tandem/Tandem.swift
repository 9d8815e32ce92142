import ArgumentParser

/// `tandem`: the translator's, editor's and reviewer's command line.
/// Each subcommand lives in its own file and only parses, calls a library, and prints.
@main
struct Tandem: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "A bilingual translation-memory and article-annotation workbench.",
        subcommands: [
            SegmentCommand.self,
            ImportCommand.self,
            ExportCommand.self,
            LookupCommand.self,
            ConcordanceCommand.self,
            StatsCommand.self,
            AlignCommand.self,
            ArticleCommand.self,
            ClaimCommand.self,
            SourceCommand.self,
            CiteCommand.self,
            ClaimsCommand.self,
            CoverageCommand.self,
            AnnotationsCommand.self,
            GlossaryCommand.self,
            CheckCommand.self,
            AnalyzeCommand.self,
            TranslateCommand.self,
            MemoryCommand.self,
        ]
    )
}
