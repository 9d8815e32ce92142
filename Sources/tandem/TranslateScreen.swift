import Annotation
import Foundation
import TranslationMemory
import Workbench

/// Lays out what `tandem translate` shows for a segment: on a terminal, a screen
/// (colours unless `NO_COLOR`); in a pipe, the same facts as plain `key: value` lines.
struct TranslateScreen {
    var style: TextStyle
    var width: Int
    /// Whether this is for a terminal (a full screen) or for a pipe (plain lines).
    var interactive: Bool
    /// The rows the screen may take (the prompt and messages come after).
    var height: Int = 24

    static let dateFormat = Date.ISO8601FormatStyle().year().month().day()

    func render(_ view: SegmentView, article: String, languages: String) -> [String] {
        interactive ? screen(view, article: article, languages: languages) : plain(view)
    }

    // MARK: Terminal

    private func screen(_ view: SegmentView, article: String, languages: String) -> [String] {
        var lines: [String] = []
        let p = view.progress
        // Header: article, languages, position.
        let left = " \(article) · \(languages) "
        let right = " segment \(view.number) of \(p.segmentCount) "
        let fill = max(1, width - 1 - TextStyle.visibleWidth(left) - TextStyle.visibleWidth(right) - 2)
        lines.append(style.apply(.dim, "──") + style.apply(.bold, left) + style.apply(.dim, String(repeating: "─", count: fill)) + style.apply(.bold, right))
        // Progress bar and words.
        let words = "\(p.segmentsDone)/\(p.segmentsToTranslate) segments · \(p.wordsDone) words done, \(p.wordsLeft) left"
        let barWidth = max(10, width - TextStyle.visibleWidth(words) - 8)
        let filled = Int((p.fraction * Double(barWidth)).rounded(.down))
        let percent = String(format: "%3d%%", Int((p.fraction * 100).rounded(.down)))
        lines.append(" " + style.apply(.green, String(repeating: "█", count: filled)) + style.apply(.dim, String(repeating: "░", count: barWidth - filled)) + " \(percent) " + words)
        lines.append("")

        if let previous = view.previous {
            lines += clip(TextStyle.wrap("\(pad(view.number - 1))  " + previous, width: width, indent: 6), 2).map { style.apply(.dim, $0) }
        }
        lines += TextStyle.wrap(style.apply(.boldCyan, "▶" + pad(view.number, width: 3) + "  ") + highlightClaims(view), width: width, indent: 6)
        for claim in view.claims {
            let kind = claim.claim.kind.rawValue
            let status = claim.status
            let statusStyled = style.apply(claim.status == "linked" ? .green : claim.status == "uncited" ? .red : .yellow, status)
            lines += clip(TextStyle.wrap("      " + style.apply(.yellow, "◆ claim") + " \(kind), \(statusStyled): “\(claim.claim.text)”", width: width, indent: 8), 1)
        }
        if let next = view.next {
            lines += clip(TextStyle.wrap("\(pad(view.number + 1))  " + next, width: width, indent: 6), 2).map { style.apply(.dim, $0) }
        }
        if let translation = view.translation {
            lines.append("")
            let origin = translation.provenance.origin
            lines += TextStyle.wrap("  " + style.apply(.boldGreen, "✔ ") + translation.target.plainText, width: width, indent: 4)
            lines.append(style.apply(.dim, "    " + describe(origin: origin, creator: translation.provenance.changedBy ?? translation.provenance.creator,
                                                           date: translation.provenance.changedAt ?? translation.provenance.createdAt)))
        }
        for line in status(view) {
            lines += TextStyle.wrap("  " + style.apply(.yellow, line), width: width, indent: 4)
        }
        for note in view.notes {
            lines += TextStyle.wrap("  " + style.apply(.magenta, "✎ note") + " " + note, width: width, indent: 4)
        }
        if !view.terms.isEmpty {
            lines.append("")
            lines.append(style.apply(.bold, " Terms"))
            for term in view.terms {
                var line = "   \(term.term) → " + style.apply(.green, term.translations.joined(separator: " | "))
                if let note = term.note { line += style.apply(.dim, " (\(note))") }
                lines += TextStyle.wrap(line, width: width, indent: 5)
            }
        }
        lines.append("")
        var matchLines: [[String]] = []
        if view.matches.isEmpty {
            lines.append(style.apply(.dim, view.translation == nil ? " No match in the memory." : " No other match in the memory."))
        } else {
            lines.append(style.apply(.bold, " Matches"))
            for (index, match) in view.matches.enumerated() {
                var lines: [String] = []
                let percent = String(format: "%3d%%", match.percentage)
                let color: TextStyle.Kind = match.kind == .fuzzy ? (match.percentage >= 85 ? .yellow : .red) : .green
                let head = " \(index + 1) " + style.apply(color, percent) + " " + style.apply(color, kindName(match.kind))
                    + style.apply(.dim, " · " + describe(origin: match.origin, creator: match.creator, date: match.date))
                lines.append(head)
                if match.kind == .fuzzy {
                    lines += clip(TextStyle.wrap("   " + style.apply(.dim, "src ") + diffText(match.diff), width: width, indent: 7), 3)
                }
                lines += clip(TextStyle.wrap("       " + match.suggestion, width: width, indent: 7), 3)
                if !match.adaptations.isEmpty {
                    lines.append("       " + style.apply(.cyan, "numbers adapted: " + adaptations(match)))
                }
                matchLines.append(lines)
            }
        }
        // As many matches as the screen holds (the first always).
        var room = height - lines.count - 2
        for (index, block) in matchLines.enumerated() {
            if index > 0, block.count > room - (index < matchLines.count - 1 ? 1 : 0) {
                let rest = matchLines.count - index
                lines.append(style.apply(.dim, "   … \(rest) more match\(rest == 1 ? "" : "es"): \(index + 1)–\(matchLines.count) or :use N puts one on the line"))
                break
            }
            lines += block
            room -= block.count
        }
        lines.append("")
        var help = " Enter confirms"
        if view.translation != nil { help += " · empty Enter keeps ✔" } else if view.readyMatch != nil { help += " · empty Enter takes match 1" }
        if !view.matches.isEmpty { help += view.matches.count == 1 ? " · 1 edits the match" : " · 1–\(view.matches.count) edits a match" }
        help += " · :help"
        lines.append(style.apply(.dim, String(help.prefix(width))))
        return lines
    }

    /// At most `count` lines, the last one ending in “…” when some were cut.
    private func clip(_ lines: [String], _ count: Int) -> [String] {
        guard lines.count > count else { return lines }
        var kept = Array(lines.prefix(count))
        kept[count - 1] += "…"
        return kept
    }

    private func pad(_ number: Int, width: Int = 4) -> String {
        let text = String(number)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// The source with its claims underlined (bracketed without colour).
    private func highlightClaims(_ view: SegmentView) -> String {
        let scalars = Array(view.source.unicodeScalars)
        var marks = [Bool](repeating: false, count: scalars.count)
        for claim in view.claims {
            for offset in claim.range where offset < marks.count { marks[offset] = true }
        }
        var out = ""
        var index = 0
        while index < scalars.count {
            var end = index
            while end < scalars.count, marks[end] == marks[index] { end += 1 }
            let run = String(String.UnicodeScalarView(scalars[index..<end]))
            if marks[index] {
                out += style.color ? run.split(separator: " ", omittingEmptySubsequences: false)
                    .map { style.apply(.yellowUnderline, String($0)) }.joined(separator: " ") : "⟦" + run + "⟧"
            } else {
                out += style.apply(.bold, run)
            }
            index = end
        }
        return out
    }

    // MARK: Pipe

    private func plain(_ view: SegmentView) -> [String] {
        let p = view.progress
        var lines = ["segment \(view.number) of \(p.segmentCount) · \(p.segmentsDone) done · words \(p.wordsDone) done, \(p.wordsLeft) left"]
        if let previous = view.previous { lines.append("previous: \(previous)") }
        lines.append("source: \(view.source)")
        if let next = view.next { lines.append("next: \(next)") }
        for claim in view.claims {
            lines.append("claim: \(claim.claim.kind.rawValue), \(claim.status): \(claim.claim.text)")
        }
        if let translation = view.translation {
            let p = translation.provenance
            lines.append("translation: \(translation.target.plainText) (\(describe(origin: p.origin, creator: p.changedBy ?? p.creator, date: p.changedAt ?? p.createdAt)))")
        }
        lines += status(view)
        for note in view.notes { lines.append("note: \(note)") }
        for term in view.terms {
            lines.append("term: \(term.term) = \(term.translations.joined(separator: " | "))")
        }
        for (index, match) in view.matches.enumerated() {
            lines.append("match \(index + 1): \(match.percentage)% \(kindName(match.kind)) · \(describe(origin: match.origin, creator: match.creator, date: match.date))")
            if match.kind == .fuzzy { lines.append("  diff: \(diffText(match.diff))") }
            lines.append("  target: \(match.suggestion)")
            if !match.adaptations.isEmpty { lines.append("  adapted: \(adaptations(match))") }
        }
        return lines
    }

    // MARK: Shared

    /// Who else has the segment, and what the memory could not do.
    func status(_ view: SegmentView) -> [String] {
        var lines: [String] = []
        if let taken = view.taken {
            var line = "taken: confirmed by \(taken.translator ?? "someone")"
            if let date = taken.date { line += " " + Self.when(date) }
            if taken.duringSession { line += " (another session)" }
            lines.append(line)
        }
        if view.isSavedLocallyOnly {
            lines.append("saved locally: not yet in the memory (sent when it is back)")
        }
        if let trouble = view.memoryTrouble {
            lines.append("memory unavailable: \(trouble); matches and others’ confirmations may be missing")
        }
        return lines
    }

    /// “at 21:04” today, else “on 2026-05-01 at 21:04” (local time).
    static func when(_ date: Date, now: Date = Date()) -> String {
        let parts = Calendar.current.dateComponents([.hour, .minute], from: date)
        let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        if Calendar.current.isDate(date, inSameDayAs: now) { return "at \(time)" }
        return "on \(date.formatted(dateFormat)) at \(time)"
    }

    func kindName(_ kind: TranslationMatch.Kind) -> String {
        switch kind {
        case .inContext: "in-context"
        case .exact: "exact"
        case .fuzzy: "fuzzy"
        }
    }

    func describe(origin: UnitOrigin, creator: String?, date: Date?) -> String {
        [origin.rawValue, creator, date.map { $0.formatted(Self.dateFormat) }].compactMap { $0 }.joined(separator: " · ")
    }

    func adaptations(_ match: SessionMatch) -> String {
        match.adaptations.map { "\($0.original) → \($0.adapted)" }.joined(separator: ", ")
    }

    /// The match's source with the segment's differences: `[-removed-]`, `{+added+}`
    /// (in red and green on a terminal).
    func diffText(_ diff: WordDiff) -> String {
        enum Mark { case same, removed, added }
        var words: [(String, Mark)] = []
        for operation in diff.operations {
            switch operation {
            case .same(let list): words += list.map { ($0, .same) }
            case .removed(let list): words += list.map { ($0, .removed) }
            case .added(let list): words += list.map { ($0, .added) }
            case let .changed(from, to): words += from.map { ($0, .removed) } + to.map { ($0, .added) }
            }
        }
        // Runs of one mark, joined like text; runs separated by a space unless punctuation follows.
        var out = ""
        var index = 0
        while index < words.count {
            let mark = words[index].1
            var run: [String] = []
            while index < words.count, words[index].1 == mark { run.append(words[index].0); index += 1 }
            let text = Self.join(run)
            if !out.isEmpty, !(mark == .same && Self.closing.contains(run[0])) { out += " " }
            switch mark {
            case .same: out += text
            case .removed: out += style.color ? style.apply(.red, "\u{1B}[9m" + text) : "[-" + text + "-]"
            case .added: out += style.color ? style.apply(.green, text) : "{+" + text + "+}"
            }
        }
        return out
    }

    static let closing: Set<String> = [",", ".", ")", "]", "…", "”"]

    /// Words joined by spaces, without a space before closing punctuation.
    static func join(_ words: [String]) -> String {
        var out = ""
        for word in words {
            if !out.isEmpty, !closing.contains(word), !out.hasSuffix("("), !out.hasSuffix("“") { out += " " }
            out += word
        }
        return out
    }
}
