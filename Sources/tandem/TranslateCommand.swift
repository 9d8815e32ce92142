import Annotation
import ArgumentParser
import Foundation
import TeamStore
import TranslationMemory
import Workbench

/// `tandem translate ARTICLE`: the translator's session, segment by segment.
struct TranslateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Translate an article segment by segment, with the memory's matches, its claims and progress.",
        discussion: """
            Opens the article at its first untranslated segment. Type the translation and press Enter to \
            confirm: it is stored in the memory at once (Ctrl-C, a closed terminal or kill -9 lose nothing \
            confirmed). Enter on an empty line takes match 1 when it is 100 % or in-context; 1–9 on an empty \
            line puts that match on the line to edit. Commands: :skip, :back, :goto N, :find TEXT, \
            :note TEXT, :claim [fact|figure|quotation|attribution], :help, :quit.

            When standard input is not a terminal, each line is a translation or a command (a line \
            holding only N takes match N as it is), and the output is plain lines.

            Several translators may work on one article at once (a shared postgres:// memory, or one \
            file): a segment confirmed in another session shows as taken, with who and when, and two \
            confirmations of one segment are both kept (the newer is current, the other an alternative). \
            When the memory cannot take a confirmation (server down, file locked), it is saved in a local \
            journal (beside the memory file, or under $XDG_STATE_HOME/tandem/pending/ for a server) and \
            sent at the next confirmation that gets through, at the next start, or by `tandem memory flush`.
            """)

    @OptionGroup var memory: MemoryOptions

    @Argument(help: "The article's id (see `tandem article list`).")
    var article: String

    @Option(name: .customLong("target-lang"), help: "The language to translate into.")
    var targetLanguage: String = "en"

    @Option(name: .customLong("from"), help: "Start at segment N instead of the first untranslated one.")
    var start: Int?

    @Option(name: .customLong("min"), help: "The lowest fuzzy match shown, 0–1.")
    var minimumScore: Double = 0.7

    @Option(help: "Your name, recorded with each confirmation (default: $TANDEM_TRANSLATOR, else your user name).")
    var translator: String?

    func run() throws {
        let target = try languageTag(targetLanguage, option: "--target-lang")
        guard (0...1).contains(minimumScore) else { throw ValidationError("--min: \(minimumScore) is not between 0 and 1") }
        let database = try memory.openDatabase(missing: "no database at \(memory.url.path): add the article first with `tandem article add`")
        let (store, repository, glossary) = (database.memory, database.annotations, database.glossary)
        let session: TranslationSession
        do {
            let sourceLanguage = try repository.read { try $0.article(ArticleID(unchecked: article)) }
                .flatMap { LanguageTag($0.language) } ?? .french
            let terms = try glossary.terms(sourceLanguage: sourceLanguage, targetLanguage: target)
            let advisor = QualityAdvisor(glossary: terms, sourceLanguage: sourceLanguage, targetLanguage: target)
            session = try TranslationSession(
                article: article, memory: store, annotations: repository, targetLanguage: target,
                translator: translatorName, advisor: advisor, start: start, minimumScore: minimumScore,
                journal: memory.journal)
        } catch let error as TranslationSessionError {
            throw CommandFailure(error.description)
        } catch let error as AnnotationDatabaseError {
            throw CommandFailure(error.description)
        } catch let error as GlossaryStoreError {
            throw CommandFailure(error.description)
        } catch let error as PostgresStoreError {
            throw CommandFailure(error.description)
        } catch let error as ConfirmationJournalError {
            throw CommandFailure(error.description)
        }
        let interactive = RawTerminal.isInteractive
        var loop = TranslateLoop(session: session, interactive: interactive, languages: "\(session.sourceLanguage) → \(target)")
        if let replay = session.openingReplay { loop.report(replay, atStart: true) }
        if session.isComplete, start == nil {
            loop.say("all \(session.progress.segmentsToTranslate) segments of \(article) are translated; use --from N to revise")
            return
        }
        if interactive { try RawTerminal.enable() }
        defer { if interactive { RawTerminal.restore() } }
        try loop.run()
    }

    /// --translator, else $TANDEM_TRANSLATOR, else the user's name.
    var translatorName: String {
        if let translator, !translator.trimmingWhitespace.isEmpty { return translator }
        if let name = ProcessInfo.processInfo.environment["TANDEM_TRANSLATOR"], !name.isEmpty { return name }
        return ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? NSUserName()
    }
}

/// The read–show–act loop of a session.
struct TranslateLoop {
    let session: TranslationSession
    let interactive: Bool
    let languages: String
    var editor = LineEditor()
    /// Messages shown under the next screen.
    var messages: [String] = []
    /// Text to put back on the editing line (a match chosen, a translation warned about).
    var editing = ""
    /// The translation the checks last warned about: Enter on it again confirms it.
    var warned: String?
    /// Whether a segment was printed already (plain output).
    var shownBefore = false
    let style: TextStyle

    init(session: TranslationSession, interactive: Bool, languages: String) {
        self.session = session
        self.interactive = interactive
        self.languages = languages
        style = TextStyle(color: interactive && standardOutputWantsColor)
    }

    /// Prints a line (plain mode) or keeps it for the next screen (terminal).
    mutating func say(_ message: String) {
        if interactive { messages.append(message) } else { writeFlushed(message + "\n") }
    }

    mutating func run() throws {
        while true {
            let view = try session.view()
            show(view)
            let prompt = style.apply(.boldCyan, "\(view.number)› ")
            let input = editor.readLine(
                prompt: prompt, promptWidth: TextStyle.visibleWidth(prompt), initial: editing, interactive: interactive,
                shortcut: { character in
                    guard let digit = character.wholeNumberValue else { return false }
                    return digit >= 1 && digit <= view.matches.count
                })
            editing = ""
            switch input {
            case .end, .interrupt:
                quit()
                return
            case .shortcut(let character):
                editing = view.matches[character.wholeNumberValue! - 1].suggestion
            case .line(let line):
                do {
                    if try !handle(line, view: view) { quit(); return }
                } catch {
                    // Nothing was stored: say why, and give the translator their text back.
                    say(style.apply(.red, "not saved: \(error)"))
                    let text = line.trimmingWhitespace
                    if interactive, !text.hasPrefix(":") { editing = text }
                }
            }
        }
    }

    private mutating func show(_ view: SegmentView) {
        let width = min(RawTerminal.columns, 120)
        let messageLines = messages.flatMap { TextStyle.wrap(" " + $0, width: width, indent: 3) }
        let screen = TranslateScreen(
            style: style, width: width, interactive: interactive,
            height: max(12, RawTerminal.rows - 1 - messageLines.count))
        var lines = screen.render(view, article: session.article.id.rawValue, languages: languages)
        if interactive {
            lines += messageLines
            messages = []
            writeFlushed("\u{1B}[H\u{1B}[2J" + lines.joined(separator: "\n") + "\n")
        } else {
            // A blank line between segments; each block starts with "segment N of M".
            writeFlushed((shownBefore ? "\n" : "") + lines.joined(separator: "\n") + "\n")
            shownBefore = true
        }
    }

    private mutating func quit() {
        session.refresh()
        let waiting = session.waitingCount
        if waiting > 0 {
            writeFlushed("\(waiting) confirmation\(waiting == 1 ? "" : "s") saved locally, not yet in the memory: they are sent when a session starts, or with `tandem memory flush`\n")
        }
        let p = session.progress
        let message = "stopped at segment \(session.position) of \(p.segmentCount); \(p.segmentsDone) translated, \(p.wordsLeft) words left"
        writeFlushed(message + "\n")
    }

    /// Acts on a line. Returns false to end the session.
    private mutating func handle(_ line: String, view: SegmentView) throws -> Bool {
        let text = line.trimmingWhitespace
        if text.hasPrefix(":") { return try command(String(text.dropFirst()), view: view) }
        if !interactive, let digit = Int(text), digit >= 1, digit <= 9 {
            guard digit <= view.matches.count else { say("no match \(digit)"); return true }
            return try confirm(view.matches[digit - 1].suggestion)
        }
        if text.isEmpty {
            if let ready = view.readyText { return try confirm(ready) }
            say(style.apply(.yellow, "no 100 % match to take: type a translation (or :skip)"))
            return true
        }
        if interactive, warned != text {
            let findings = try session.review(text)
            if !findings.isEmpty {
                for finding in findings { say(style.apply(.yellow, "⚠ \(finding)")) }
                say("Enter again to confirm as it is, or edit it.")
                warned = text
                editing = text
                return true
            }
        }
        return try confirm(text)
    }

    private mutating func confirm(_ text: String) throws -> Bool {
        warned = nil
        let wasComplete = session.isComplete
        let confirmation = try session.confirm(text)
        say(style.apply(.green, "confirmed \(confirmation.segment)") + (interactive ? ": \(confirmation.unit.target.plainText)" : ""))
        if let reason = confirmation.savedLocally {
            say(style.apply(.yellow, "saved locally (\(reason)): \(Self.count(confirmation.waiting, "confirmation")) waiting; sent when the memory is back"))
        }
        for other in confirmation.concurrent {
            let who = other.provenance.changedBy ?? other.provenance.creator ?? "someone"
            let when = Self.when(ArticleTranslations.date(of: other))
            say(style.apply(.yellow, confirmation.isCurrent
                ? "\(who) confirmed this \(when) too: both kept, yours is current; the other is an alternative"
                : "\(who) confirmed this \(when) too: both kept, theirs is current (newer); yours is an alternative"))
        }
        for other in confirmation.keptAsAlternatives {
            let who = other.provenance.changedBy ?? other.provenance.creator ?? "someone"
            say("\(who)’s translation (confirmed \(Self.when(ArticleTranslations.date(of: other)))) is kept as an alternative")
        }
        if !confirmation.replayed.isEmpty {
            report(JournalReplay(replayed: confirmation.replayed, waiting: 0, failure: nil), atStart: false)
        }
        for segment in confirmation.propagated {
            say(style.apply(.green, "propagated \(segment)") + " (same source as \(confirmation.segment))")
        }
        if interactive, session.position > confirmation.segment + 1 {
            say("segments \(confirmation.segment + 1)–\(session.position - 1) are translated already: on to \(session.position) (:back to see them)")
        } else if interactive, session.position < confirmation.segment, !session.isComplete {
            say("on to segment \(session.position), the first one left")
        }
        if !interactive {
            for finding in confirmation.findings { say("warning \(confirmation.segment): \(finding)") }
        }
        if session.isComplete, !wasComplete {
            say(style.apply(.boldGreen, "all \(session.progress.segmentsToTranslate) segments translated"))
            if !interactive { return false }
        }
        return true
    }

    private mutating func command(_ command: String, view: SegmentView) throws -> Bool {
        let name = command.prefix { !$0.isWhitespace }
        let argument = String(command.dropFirst(name.count)).trimmingWhitespace
        switch name {
        case "q", "quit", "wq":
            return false
        case "s", "skip", "n", "next":
            if !session.skip() { say("this is the last segment") }
        case "b", "back", "p", "prev":
            if !session.back() { say("this is the first segment") }
        case "g", "goto":
            guard let number = Int(argument) else { say("usage: :goto N"); return true }
            do { try session.go(to: number) } catch let error as TranslationSessionError { say(error.description) }
        case "u", "untranslated":
            if !session.nextUntranslated() { say("every segment is translated") }
        case "use":
            guard let number = Int(argument), number >= 1, number <= view.matches.count else { say("usage: :use N (1–\(view.matches.count))"); return true }
            if interactive { editing = view.matches[number - 1].suggestion } else { return try confirm(view.matches[number - 1].suggestion) }
        case "f", "find":
            guard !argument.isEmpty else { say("usage: :find TEXT"); return true }
            let hits = try session.find(argument, limit: interactive ? 6 : 20)
            if hits.isEmpty { say("no unit contains “\(argument)”") }
            // On a terminal one line a hit, so the segment stays on the screen.
            let half = (min(RawTerminal.columns, 120) - 12) / 2
            for hit in hits {
                var text = hit.part == UnitPart.source ? hit.unit.source.plainText : hit.unit.target.plainText
                var other = hit.part == UnitPart.source ? hit.unit.target.plainText : hit.unit.source.plainText
                var ranges = hit.ranges
                if interactive {
                    // Start a little before the first hit, and cut both sides to half a line.
                    let start = max(0, (ranges.first?.lowerBound ?? 0) - 10)
                    let scalars = Array(text.unicodeScalars)
                    let end = min(scalars.count, start + half)
                    text = (start > 0 ? "…" : "") + String(String.UnicodeScalarView(scalars[start..<end])) + (end < scalars.count ? "…" : "")
                    let shift = start > 0 ? start - 1 : 0
                    ranges = ranges.map { ($0.lowerBound - shift)..<($0.upperBound - shift) }.filter { $0.lowerBound >= 0 }
                    if other.count > half { other = String(other.prefix(half - 1)) + "…" }
                }
                say((interactive ? "" : "find: ") + ConcordanceCommand.highlight(text, ranges, color: style.color) + " ⇄ " + other)
            }
        case "note":
            guard !argument.isEmpty else { say("usage: :note TEXT"); return true }
            try session.addNote(argument)
            say(view.translation == nil
                ? "note kept for segment \(view.number): stored with its translation when you confirm it"
                : "note stored with segment \(view.number)’s translation")
        case "claim":
            let kind = argument.isEmpty ? ClaimKind.fact : ClaimKind(rawValue: argument)
            guard let kind else { say("usage: :claim [\(ClaimKind.allCases.map(\.rawValue).joined(separator: "|"))]"); return true }
            let claim = try session.tagClaim(kind: kind)
            say("claim \(claim.id) (\(kind.rawValue)) tagged on segment \(view.number)")
        case "h", "help", "?":
            for line in Self.help { say(line) }
        default:
            say("unknown command :\(name) (see :help)")
        }
        return true
    }

    /// Says what a replay of the journal did.
    mutating func report(_ replay: JournalReplay, atStart: Bool) {
        if !replay.replayed.isEmpty {
            say(style.apply(.green, "sent \(Self.count(replay.replayed.count, "confirmation")) saved locally \(atStart ? "earlier " : "")to the memory"))
        }
        if replay.waiting > 0 {
            say(style.apply(.yellow, "\(Self.count(replay.waiting, "confirmation")) saved locally still waiting (\(replay.failure ?? "not sent yet"))"))
        }
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// “at 21:04” today, else “on 2026-05-01 at 21:04” (local time).
    static func when(_ date: Date) -> String {
        TranslateScreen.when(date)
    }

    static let help = [
        "Enter            confirm the line (stored at once)",
        "Enter on empty   take match 1 when it is 100 % or in-context",
        "1–9 on empty     put match N on the line to edit (:use N)",
        "←/→ Home/End     move; ↑/↓ history; Ctrl-U/K/W delete",
        ":skip :back      next / previous segment (:s :b)",
        ":goto N          go to segment N (:g N); :untranslated (:u)",
        ":find TEXT       search the memory (concordance)",
        ":note TEXT       note on this segment's translation",
        ":claim [KIND]    tag this segment as a claim (fact, figure, quotation, attribution)",
        ":quit            stop (Ctrl-C, Ctrl-D too); reopen to continue",
    ]
}
