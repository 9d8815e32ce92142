import Annotation
import Foundation
import TranslationMemory

/// A translator's session on one article: where they are, what the memory, the claims
/// and the glossary say about the segment, and the confirmations, each committed to the
/// memory at once.
///
/// The memory is the only record of the work (see ``ArticleTranslations``): a segment
/// is translated when the memory holds a unit located at it, so a session reopened after
/// a crash starts where the translator stopped. The session knows no terminal; the
/// command line shows ``view()`` and calls ``confirm(_:)``, ``skip()``, ``back()``...
///
/// Segments the article marks not translatable (page furniture,
/// ``Annotation/ArticleSegment/isTranslatable``) are passed over: the session does not
/// start on them, moving skips them, propagation leaves them alone, and progress does not
/// count them (``go(to:)`` still shows one when asked by number).
///
/// Several sessions may work on one article and memory at once. Each screen reads the
/// article's translations again, so a segment confirmed in another session shows as
/// taken (``SegmentView/taken``, with who and when) and counts in the progress; two
/// confirmations of one segment are both kept (the memory keeps alternatives, the newest
/// is current) and ``Confirmation/concurrent`` says so.
///
/// When the memory cannot take a confirmation (its server down, its file locked), a
/// session given a ``ConfirmationJournal`` saves it there (``Confirmation/savedLocally``)
/// and goes on; the waiting confirmations are sent at the next write that succeeds and
/// when a session opens (``openingReplay``).
///
/// ```swift
/// let session = try TranslationSession(article: "004_8a092bc0b89f6462", memory: store,
///                                      annotations: repository, translator: "ana")
/// let view = try session.view()
/// try session.confirm(view.readyMatch?.suggestion ?? "My translation.")
/// ```
public final class TranslationSession {
    public let article: Article
    public let sourceLanguage: LanguageTag
    public let targetLanguage: LanguageTag
    /// Who confirms (recorded as the units' creator).
    public let translator: String
    /// The segment shown, 1-based.
    public private(set) var position: Int

    /// The segments' texts, index 0 = segment 1.
    public let sources: [String]
    /// Whether each segment is to be translated, index 0 = segment 1.
    private let translatable: [Bool]
    private let wordCounts: [Int]
    private let memory: any MemoryStore
    private let annotations: any AnnotationRepository
    private let advisor: any SessionAdvisor
    private let clock: @Sendable () -> Date
    private let tool = "tandem translate"
    /// The current unit of each translated segment.
    private var current: [Int: TranslationUnit] = [:]
    private var claims: [Claim] = []
    private var citations: [ClaimID: [CitationStatus]] = [:]
    private var linkedURLs: [ClaimID: [URL]] = [:]
    /// Notes typed before a segment is confirmed, attached to its confirmation.
    private var pendingNotes: [Int: [String]] = [:]
    /// The matches and terms of the segment shown last (the memory's lookup is the costly part).
    private var cachedView: SegmentView?
    /// Where confirmations go when the memory cannot take them.
    public let journal: ConfirmationJournal?
    /// What replaying the journal did when the session opened (nil without a journal or
    /// when nothing waited).
    public private(set) var openingReplay: JournalReplay?
    /// Every unit of each segment, oldest first, as last read.
    private var unitsBySegment: [Int: [TranslationUnit]] = [:]
    /// The units this session wrote (or merged into).
    private var written: Set<Int64> = []
    /// The units there when the session opened.
    private var initialIDs: Set<Int64> = []
    /// The segment's units when it was last shown.
    private var shownIDs: [Int: Set<Int64>] = [:]
    /// This session's confirmations saved in the journal and not yet in the memory.
    private var savedLocally: [Int: TranslationUnit] = [:]
    /// Why the memory could not be read last time, when it could not.
    public private(set) var memoryTrouble: String?

    /// Opens an article for translation.
    /// - Parameters:
    ///   - start: the segment to start at (1-based); by default the first untranslated one.
    ///   - minimumScore: the lowest fuzzy match shown, 0–1 (70 % by default: lower ones
    ///     rarely help and cost more to find).
    ///   - clock: the date recorded on confirmations.
    ///   - journal: where to save confirmations the memory cannot take; its waiting
    ///     confirmations are replayed into the memory first (see ``openingReplay``).
    /// - Throws: ``TranslationSessionError``, and the stores' errors.
    public init(
        article id: String,
        memory: any MemoryStore,
        annotations: any AnnotationRepository,
        targetLanguage: LanguageTag = .english,
        translator: String,
        advisor: any SessionAdvisor = NoAdvice(),
        start: Int? = nil,
        minimumScore: Double = 0.7,
        clock: @escaping @Sendable () -> Date = { Date() },
        journal: ConfirmationJournal? = nil
    ) throws {
        guard let article = try annotations.read({ try $0.article(ArticleID(unchecked: id)) }) else {
            throw TranslationSessionError.unknownArticle(id)
        }
        guard article.segments.contains(where: \.isTranslatable) else { throw TranslationSessionError.emptyArticle(id) }
        guard let sourceLanguage = LanguageTag(article.language) else { throw TranslationSessionError.unknownArticle(id) }
        guard !sourceLanguage.matches(targetLanguage) else { throw TranslationSessionError.sameLanguage(targetLanguage.identifier) }
        self.article = article
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.translator = translator
        self.memory = memory
        self.annotations = annotations
        self.advisor = advisor
        self.clock = clock
        self.minimumScore = minimumScore
        self.journal = journal
        let scalars = Array(article.text.unicodeScalars)
        sources = article.segments.map { String(String.UnicodeScalarView(scalars[$0.range])) }
        wordCounts = sources.map(Self.wordCount)
        translatable = article.segments.map(\.isTranslatable)
        position = 1
        if let journal {
            let replay = try journal.replay(into: memory)
            if !replay.replayed.isEmpty || replay.waiting > 0 { openingReplay = replay }
            for entry in try journal.entries() {
                let unit = entry.translationUnit
                guard let location = unit.location, location.article == article.id.rawValue,
                      unit.sourceLanguage.matches(sourceLanguage), unit.targetLanguage.matches(targetLanguage) else { continue }
                savedLocally[location.segment] = unit
            }
        }
        try reloadTranslations()
        initialIDs = Set(unitsBySegment.values.joined().compactMap(\.id))
        try reloadClaims()
        if let start {
            try checkRange(start)
            position = start
        } else {
            position = firstUntranslated(after: 0) ?? translatableNumber(after: 0) ?? 1
        }
    }

    private let minimumScore: Double

    /// The number of segments.
    public var segmentCount: Int { sources.count }

    /// Whether every segment to translate has a translation.
    public var isComplete: Bool { firstUntranslated(after: 0) == nil }

    /// Whether segment `number` (1-based) is to be translated (not page furniture).
    public func isTranslatable(_ number: Int) -> Bool {
        number >= 1 && number <= translatable.count && translatable[number - 1]
    }

    /// The current translation of a segment.
    public func translation(of segment: Int) -> TranslationUnit? { current[segment] }

    /// How far the article has come.
    public var progress: SessionProgress {
        let toTranslate = translatable.indices.filter { translatable[$0] }
        let done = current.keys.filter(isTranslatable)
        return SessionProgress(
            segment: position, segmentCount: sources.count, segmentsDone: done.count,
            wordsDone: done.reduce(0) { $0 + wordCounts[$1 - 1] }, wordCount: toTranslate.reduce(0) { $0 + wordCounts[$1] },
            segmentsToTranslate: toTranslate.count)
    }

    // MARK: What the translator sees

    /// The segment at ``position`` with its context, claims, matches and terms.
    ///
    /// Reads the article's translations from the memory again first, so that what other
    /// sessions confirmed meanwhile shows. When the memory cannot be read, the screen
    /// says why (``SegmentView/memoryTrouble``) and shows what the session last knew.
    public func view() throws -> SegmentView {
        let number = position
        let source = sources[number - 1]
        let context = context(of: number)
        refresh()
        var trouble = memoryTrouble
        var found: [TranslationMatch] = []
        var terms: [TermSuggestion]
        if let cachedView, cachedView.number == number {
            found = cachedView.matches.map(\.match)
            terms = cachedView.terms
        } else {
            do {
                found = try memory.lookup(MatchQuery(
                    source: source, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage,
                    context: context, minimumScore: minimumScore, limit: 9))
            } catch {
                trouble = String(describing: error)
            }
            terms = try advisor.terms(in: source)
            // In-context, then exact, then fuzzy; the store's order within each.
            let rank: [TranslationMatch.Kind: Int] = [.inContext: 0, .exact: 1, .fuzzy: 2]
            found = found.enumerated().sorted { a, b in
                (rank[a.element.kind]!, a.offset) < (rank[b.element.kind]!, b.offset)
            }.map(\.element)
        }
        // One match per translation: the same target from elsewhere adds nothing, and
        // the segment's own translation is shown as such, not as a match.
        let translation = current[number]
        var seen = Set<String>()
        let shown = found.filter { $0.unit.id == nil || $0.unit.id != translation?.id }
            .filter { seen.insert($0.unit.target.plainText).inserted }
        var view = SegmentView(
            number: number, source: source, previous: context.previous, next: context.next,
            translation: translation,
            claims: segmentClaims(number),
            matches: shown.map { SessionMatch(match: $0, segmentSource: source) },
            terms: terms,
            notes: (translation?.notes.map(\.text) ?? []) + (pendingNotes[number] ?? []),
            progress: progress)
        view.taken = translation.flatMap(takenElsewhere)
        view.isSavedLocallyOnly = translation != nil && translation == savedLocally[number]
        view.memoryTrouble = trouble
        shownIDs[number] = ids(at: number)
        // Keep every match found (the filter depends on the translation, which may change).
        if trouble == nil {
            var cached = view
            cached.matches = found.map { SessionMatch(match: $0, segmentSource: source) }
            cachedView = cached
        }
        return view
    }

    /// Reads the article's translations from the memory again (what other sessions
    /// confirmed); when the memory cannot be read, keeps what the session knew and
    /// records why in ``memoryTrouble``.
    public func refresh() {
        do {
            try reloadTranslations()
            memoryTrouble = nil
        } catch {
            memoryTrouble = String(describing: error)
        }
    }

    /// Whether a segment's current translation was confirmed elsewhere: a translator's
    /// confirmation this session did not write, by someone else or made since it opened.
    public func takenElsewhere(_ unit: TranslationUnit) -> TakenElsewhere? {
        guard unit.provenance.origin == .human, let id = unit.id, !written.contains(id) else { return nil }
        let who = unit.provenance.changedBy ?? unit.provenance.creator
        let byAnother = who != translator
        let duringSession = !initialIDs.contains(id)
        guard byAnother || duringSession else { return nil }
        return TakenElsewhere(
            translator: who, date: unit.provenance.changedAt ?? unit.provenance.createdAt,
            duringSession: duringSession, byAnotherTranslator: byAnother)
    }

    /// The ids of a segment's units, as last read.
    private func ids(at number: Int) -> Set<Int64> {
        Set((unitsBySegment[number] ?? []).compactMap(\.id))
    }

    /// The claims that touch a segment.
    public func segmentClaims(_ number: Int) -> [SegmentClaim] {
        let range = article.segments[number - 1].range
        return claims.compactMap { claim in
            guard claim.isAnchored else { return nil }
            let lower = max(claim.span.lowerBound, range.lowerBound), upper = min(claim.span.upperBound, range.upperBound)
            guard lower < upper else { return nil }
            return SegmentClaim(
                claim: claim, range: (lower - range.lowerBound)..<(upper - range.lowerBound),
                citations: citations[claim.id] ?? [], linkedURLs: linkedURLs[claim.id] ?? [])
        }
    }

    // MARK: Confirming

    /// What the checks say of a translation of the current segment, before confirming it.
    public func review(_ text: String) throws -> [SessionFinding] {
        let view = try view()
        let candidate = SessionCandidate(
            article: article.id.rawValue, segment: position, source: view.source, target: text,
            terms: view.terms, claims: view.claims)
        return try advisor.review(candidate)
    }

    /// Commits a translation of the current segment to the memory (one unit, committed
    /// before this returns), fills the later identical segments that have no
    /// translation of a translator's own, and moves to the next untranslated segment.
    /// - Throws: ``TranslationSessionError/emptyTranslation(segment:)``, the memory's errors
    ///   (then nothing is stored and the session stays where it was).
    ///
    /// When the memory cannot take it and the session has a journal, the translation is
    /// saved there instead (``Confirmation/savedLocally``) and the session goes on.
    /// - Throws: ``TranslationSessionError/notSaved(segment:memory:journal:)`` when the
    ///   journal cannot take it either.
    @discardableResult
    public func confirm(_ text: String) throws -> Confirmation {
        let target = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let number = position
        guard !target.isEmpty else { throw TranslationSessionError.emptyTranslation(segment: number) }
        // What the translator saw: confirmations that arrive after it are concurrent.
        let seen = shownIDs[number]
        let findings = try review(target)
        let before = seen ?? ids(at: number)
        let now = clock()
        var notes = current[number].map { unit in unit.target.plainText == target ? unit.notes : [] } ?? []
        notes += (pendingNotes[number] ?? []).map { UnitNote(text: $0) }
        var unit = TranslationUnit(
            sourceLanguage: sourceLanguage, targetLanguage: targetLanguage,
            source: SegmentText(sources[number - 1]), target: SegmentText(target),
            provenance: provenance(confirming: target, at: number, now: now),
            context: context(of: number),
            location: SegmentLocation(article: article.id.rawValue, segment: number),
            notes: notes)
        var failure: String?
        (unit.id, failure) = try write(unit)
        current[number] = unit
        pendingNotes[number] = nil
        var confirmation = Confirmation(segment: number, unit: unit, propagated: [], findings: findings)
        confirmation.savedLocally = failure
        if failure == nil {
            // What others confirmed meanwhile, and which translation is current now.
            refresh()
            let others = (unitsBySegment[number] ?? []).filter {
                $0.provenance.origin == .human && $0.id != unit.id && !written.contains($0.id ?? -1)
            }
            confirmation.concurrent = others.filter { !before.contains($0.id ?? -1) }
            confirmation.keptAsAlternatives = others.filter {
                before.contains($0.id ?? -1) && ($0.provenance.changedBy ?? $0.provenance.creator) != translator
            }
            confirmation.isCurrent = current[number]?.id == unit.id
        }

        // Auto-propagation to later identical segments not translated by hand.
        var propagated: [Int] = []
        let source = sources[number - 1]
        for other in stride(from: number + 1, through: sources.count, by: 1) where sources[other - 1] == source && translatable[other - 1] {
            if let existing = current[other], existing.provenance.origin != .propagated { continue }
            var copy = TranslationUnit(
                sourceLanguage: sourceLanguage, targetLanguage: targetLanguage,
                source: SegmentText(source), target: SegmentText(target),
                provenance: Provenance(origin: .propagated, creator: translator, createdAt: now, changedBy: translator, changedAt: now, tool: tool),
                context: context(of: other),
                location: SegmentLocation(article: article.id.rawValue, segment: other),
                properties: [UnitProperty(type: "x-tandem-propagated-from", value: String(number))])
            copy.id = try write(copy).id
            current[other] = copy
            propagated.append(other)
        }
        confirmation.propagated = propagated
        if failure == nil, let journal {
            // The memory takes writes again: send what waits.
            if let replay = try? journal.replay(into: memory) {
                confirmation.replayed = replay.replayed
                absorb(replay)
            }
        }
        confirmation.waiting = (try? journal?.count()) ?? 0
        cachedView = nil
        position = firstUntranslated(after: number) ?? firstUntranslated(after: 0) ?? min(number + 1, sources.count)
        return confirmation
    }

    /// Sends the confirmations waiting in the journal to the memory now.
    /// - Throws: the journal's errors (the memory's refusal is in ``JournalReplay/failure``).
    @discardableResult
    public func sendWaiting() throws -> JournalReplay {
        guard let journal else { return JournalReplay(replayed: [], waiting: 0, failure: nil) }
        let replay = try journal.replay(into: memory)
        absorb(replay)
        return replay
    }

    /// How many confirmations wait in the journal (of any session on this machine).
    public var waitingCount: Int { (try? journal?.count()) ?? 0 }

    /// Commits a unit to the memory, or, when the memory refuses it and there is a
    /// journal, saves it there. Returns the unit's id (nil when saved locally) and why
    /// the memory refused it.
    private func write(_ unit: TranslationUnit) throws -> (id: Int64?, failure: String?) {
        do {
            let id = Self.id(of: try memory.add(unit, policy: .keepAlternatives))
            written.insert(id)
            return (id, nil)
        } catch {
            guard let journal else { throw error }
            let reason = String(describing: error)
            do {
                try journal.append(PendingConfirmation(unit: unit, savedAt: clock(), reason: reason))
            } catch let journalError {
                throw TranslationSessionError.notSaved(
                    segment: unit.location?.segment ?? position, memory: reason, journal: String(describing: journalError))
            }
            if let location = unit.location { savedLocally[location.segment] = unit }
            return (nil, reason)
        }
    }

    /// Takes note of journal entries now in the memory.
    private func absorb(_ replay: JournalReplay) {
        for unit in replay.replayed {
            if let id = unit.id { written.insert(id) }
            guard let location = unit.location, location.article == article.id.rawValue,
                  let saved = savedLocally[location.segment], saved.target == unit.target,
                  ArticleTranslations.date(of: saved) == ArticleTranslations.date(of: unit) else { continue }
            savedLocally[location.segment] = nil
        }
        if !replay.replayed.isEmpty { refresh() }
    }

    /// A translator's provenance; approving the segment's current translation as it is
    /// keeps who made it and when (the translator becomes who changed it last).
    private func provenance(confirming target: String, at number: Int, now: Date) -> Provenance {
        var provenance = Provenance(origin: .human, creator: translator, createdAt: now, changedBy: translator, changedAt: now, tool: tool)
        if let existing = current[number], existing.target.plainText == target {
            provenance.creator = existing.provenance.creator ?? translator
            provenance.createdAt = existing.provenance.createdAt ?? now
        }
        return provenance
    }

    private static func id(of outcome: AddOutcome) -> Int64 {
        switch outcome {
        case let .added(id), let .merged(id), let .replaced(id): id
        }
    }

    // MARK: Moving

    /// Moves to the next segment to translate (translated or not), passing over page
    /// furniture. Returns false at the last one.
    @discardableResult
    public func skip() -> Bool { translatableNumber(after: position).map(move(to:)) ?? false }

    /// Moves to the previous segment to translate. Returns false at the first one.
    @discardableResult
    public func back() -> Bool { translatableNumber(before: position).map(move(to:)) ?? false }

    /// Moves to segment `number` (1-based).
    /// - Throws: ``TranslationSessionError/segmentOutOfRange(segment:count:)``.
    public func go(to number: Int) throws {
        try checkRange(number)
        _ = move(to: number)
    }

    /// Moves to the next segment without a translation (from the start when none follows).
    /// Returns false when every segment is translated.
    @discardableResult
    public func nextUntranslated() -> Bool {
        refresh()
        guard let next = firstUntranslated(after: position) ?? firstUntranslated(after: 0) else { return false }
        return move(to: next) || next == position
    }

    private func move(to number: Int) -> Bool {
        guard number >= 1, number <= sources.count else { return false }
        if number != position { cachedView = nil }
        position = number
        return true
    }

    // MARK: Notes, claims, concordance

    /// Adds a note to the current segment: to its translation when it has one (stored at
    /// once), else to the translation it will be confirmed with.
    public func addNote(_ text: String) throws {
        let note = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { return }
        cachedView = nil
        guard var unit = current[position] else {
            pendingNotes[position, default: []].append(note)
            return
        }
        unit.notes.append(UnitNote(text: note))
        // The same unit again: the memory merges it with the stored one, adding the note.
        unit.id = try write(unit).id ?? unit.id
        current[position] = unit
    }

    /// Tags the current segment as a claim in the annotation repository.
    @discardableResult
    public func tagClaim(kind: ClaimKind = .fact, note: String? = nil) throws -> Claim {
        let claim = try annotations.addClaim(to: article.id, at: .segment(position), kind: kind, note: note)
        try reloadClaims()
        cachedView = nil
        return claim
    }

    /// Units of the memory whose source or target contains a word or phrase.
    public func find(_ text: String, limit: Int = 20) throws -> [ConcordanceHit] {
        var seen = Set<[String]>()
        return try memory.concordance(ConcordanceQuery(text: text, limit: limit * 2)).filter {
            $0.unit.sourceLanguage.matches(sourceLanguage) && $0.unit.targetLanguage.matches(targetLanguage)
                && seen.insert([$0.part.rawValue, $0.unit.source.plainText, $0.unit.target.plainText]).inserted
        }.prefix(limit).map { $0 }
    }

    // MARK: Helpers

    /// The neighbouring segments' sources (the context stored with a unit and matched on).
    public func context(of number: Int) -> SegmentContext {
        SegmentContext(
            previous: number > 1 ? sources[number - 2] : nil,
            next: number < sources.count ? sources[number] : nil)
    }

    private func firstUntranslated(after number: Int) -> Int? {
        guard number < sources.count else { return nil }
        return ((number + 1)...sources.count).first { translatable[$0 - 1] && current[$0] == nil }
    }

    /// The first segment to translate after `number`.
    private func translatableNumber(after number: Int) -> Int? {
        guard number < sources.count else { return nil }
        return ((number + 1)...sources.count).first { translatable[$0 - 1] }
    }

    /// The last segment to translate before `number`.
    private func translatableNumber(before number: Int) -> Int? {
        guard number > 1 else { return nil }
        return (1..<number).last { translatable[$0 - 1] }
    }

    private func checkRange(_ number: Int) throws {
        guard number >= 1, number <= sources.count else {
            throw TranslationSessionError.segmentOutOfRange(segment: number, count: sources.count)
        }
    }

    /// Reads the article's translations; this session's confirmations saved locally stay
    /// current where nothing newer reached the memory.
    private func reloadTranslations() throws {
        let translations = try ArticleTranslations(
            article: article.id.rawValue, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage, in: memory)
        current = [:]
        unitsBySegment = [:]
        for segment in translations.translatedSegments where segment >= 1 && segment <= sources.count {
            current[segment] = translations.current(segment: segment)
            unitsBySegment[segment] = translations.unitsBySegment[segment]
        }
        for (segment, unit) in savedLocally where segment >= 1 && segment <= sources.count {
            let stored = unitsBySegment[segment] ?? []
            // Another session on this machine may have sent it already.
            if stored.contains(where: { $0.target == unit.target && ArticleTranslations.date(of: $0) == ArticleTranslations.date(of: unit) }) {
                savedLocally[segment] = nil
                continue
            }
            if current[segment].map({ ArticleTranslations.date(of: $0) <= ArticleTranslations.date(of: unit) }) ?? true {
                current[segment] = unit
            }
        }
    }

    private func reloadClaims() throws {
        (claims, citations, linkedURLs) = try annotations.read { reader in
            let claims = try reader.claims(of: article.id)
            var statuses: [ClaimID: [CitationStatus]] = [:]
            var urls: [ClaimID: [URL]] = [:]
            for citation in try reader.citations(ofArticle: article.id) {
                statuses[citation.claimID, default: []].append(citation.status)
                if citation.status == .linked, let url = try reader.source(citation.sourceID)?.url {
                    urls[citation.claimID, default: []].append(url)
                }
            }
            return (claims, statuses, urls)
        }
    }

    /// The words of a text, as progress counts them: as `tandem analyze` does (``WordCount``).
    public static func wordCount(_ text: String) -> Int {
        WordCount.words(in: text)
    }
}
