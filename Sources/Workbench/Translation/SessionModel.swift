import Annotation
import Foundation
import TranslationMemory

/// A claim as a translation session shows it: where it is in the segment and how far
/// its sources are established.
public struct SegmentClaim: Hashable, Sendable {
    public var claim: Claim
    /// The part of the segment the claim covers, in Unicode scalar offsets of the
    /// segment's text (a claim that crosses the segment's edges is cut there).
    public var range: Range<Int>
    /// The status of each of its citations (none: the claim is not backed yet).
    public var citations: [CitationStatus]
    /// The URLs of the sources its `linked` citations cite (the translation should carry them).
    public var linkedURLs: [URL]

    public init(claim: Claim, range: Range<Int>, citations: [CitationStatus], linkedURLs: [URL] = []) {
        self.claim = claim
        self.range = range
        self.citations = citations
        self.linkedURLs = linkedURLs
    }

    /// One word for the claim's backing: the best status of its citations, or `uncited`.
    public var status: String {
        for status in [CitationStatus.linked, .promised, .unresolved] where citations.contains(status) {
            return status.rawValue
        }
        return "uncited"
    }
}

/// A memory match as a translation session offers it.
public struct SessionMatch: Hashable, Sendable {
    public var match: TranslationMatch
    /// From the match's source to the segment's: what the segment added, removed, changed.
    public var diff: WordDiff
    /// The match's translation with its numbers adapted to the segment (see ``Placeables``).
    public var suggestion: String
    /// The numbers changed in ``suggestion``.
    public var adaptations: [Placeables.Adaptation]

    public init(match: TranslationMatch, segmentSource: String) {
        self.match = match
        let matchSource = match.unit.source.plainText
        diff = WordDiff(from: matchSource, to: segmentSource)
        if match.kind == .fuzzy {
            (suggestion, adaptations) = Placeables.adapt(
                translation: match.unit.target.plainText, matchSource: matchSource, newSource: segmentSource)
        } else {
            (suggestion, adaptations) = (match.unit.target.plainText, [])
        }
    }

    public var kind: TranslationMatch.Kind { match.kind }
    /// The similarity in whole percent (a fuzzy match never shows 100).
    public var percentage: Int {
        let value = Int((match.similarity * 100).rounded(.down))
        return match.kind == .fuzzy ? min(value, 99) : 100
    }
    public var origin: UnitOrigin { match.unit.provenance.origin }
    public var creator: String? { match.unit.provenance.changedBy ?? match.unit.provenance.creator }
    public var date: Date? { match.unit.provenance.changedAt ?? match.unit.provenance.createdAt }
    /// Whether Enter on an empty line may take it: an in-context or exact match.
    public var isReadyToUse: Bool { match.kind != .fuzzy }
}

/// How far the translation of an article has come.
public struct SessionProgress: Hashable, Sendable {
    /// The segment shown, 1-based.
    public var segment: Int
    /// All the article's segments (``segment`` is one of them).
    public var segmentCount: Int
    /// Segments to translate with a translation (page furniture not counted).
    public var segmentsDone: Int
    /// Words of the segments done and of all segments to translate.
    public var wordsDone: Int
    public var wordCount: Int
    /// The segments to translate: all but page furniture.
    public var segmentsToTranslate: Int

    public init(segment: Int, segmentCount: Int, segmentsDone: Int, wordsDone: Int, wordCount: Int, segmentsToTranslate: Int? = nil) {
        self.segment = segment
        self.segmentCount = segmentCount
        self.segmentsDone = segmentsDone
        self.wordsDone = wordsDone
        self.wordCount = wordCount
        self.segmentsToTranslate = segmentsToTranslate ?? segmentCount
    }

    public var wordsLeft: Int { wordCount - wordsDone }
    /// Words done over all words (segments when the article has no word).
    public var fraction: Double {
        wordCount > 0 ? Double(wordsDone) / Double(wordCount) : segmentsToTranslate > 0 ? Double(segmentsDone) / Double(segmentsToTranslate) : 1
    }
}

/// Everything a translator sees for one segment.
public struct SegmentView: Hashable, Sendable {
    /// The segment's 1-based number.
    public var number: Int
    public var source: String
    public var previous: String?
    public var next: String?
    /// The segment's current translation, if it has one.
    public var translation: TranslationUnit?
    public var claims: [SegmentClaim]
    /// In-context and exact matches first, then fuzzy ones by score.
    public var matches: [SessionMatch]
    public var terms: [TermSuggestion]
    /// Notes on the segment's translation.
    public var notes: [String]
    public var progress: SessionProgress
    /// Set when the segment's current translation was confirmed elsewhere: by another
    /// translator, or in another session (see ``TakenElsewhere``).
    public var taken: TakenElsewhere? = nil
    /// Whether the current translation is this session's, saved locally and not yet in
    /// the memory (see ``ConfirmationJournal``).
    public var isSavedLocallyOnly = false
    /// Why the memory could not be read for this screen (its matches and the others'
    /// latest confirmations may be missing), when it could not.
    public var memoryTrouble: String? = nil

    /// The match Enter on an empty line takes: the first one, when in-context or exact.
    public var readyMatch: SessionMatch? {
        matches.first.flatMap { $0.isReadyToUse ? $0 : nil }
    }

    /// What Enter on an empty line confirms: the segment's current translation (to
    /// approve an aligned, imported or propagated one), else the ready match's.
    public var readyText: String? {
        translation?.target.plainText ?? readyMatch?.suggestion
    }
}

/// What a confirmation did.
public struct Confirmation: Hashable, Sendable {
    /// The segment confirmed.
    public var segment: Int
    /// The unit as stored (with its id).
    public var unit: TranslationUnit
    /// The later identical segments filled from it.
    public var propagated: [Int]
    /// What the checks found (the translation is stored all the same).
    public var findings: [SessionFinding]
    /// Confirmations of the same segment by others that reached the memory between the
    /// moment it was shown and this confirmation: both are kept (one is an alternative).
    public var concurrent: [TranslationUnit] = []
    /// Other translators' confirmations of the segment that this one made alternatives
    /// (those already there when it was shown; ``concurrent`` lists the others).
    public var keptAsAlternatives: [TranslationUnit] = []
    /// Whether this translation is the segment's current one (false when a concurrent
    /// confirmation is newer).
    public var isCurrent = true
    /// Set when the memory could not take the confirmation and it was saved in the
    /// session's ``ConfirmationJournal``: why the memory refused it.
    public var savedLocally: String? = nil
    /// Confirmations waiting in the journal after this one (this one included when saved locally).
    public var waiting = 0
    /// Confirmations from the journal that reached the memory with this one.
    public var replayed: [TranslationUnit] = []
}

/// A segment whose current translation was confirmed elsewhere: by another translator,
/// or by this one in another session, while this session was open.
public struct TakenElsewhere: Hashable, Sendable {
    /// Who confirmed it (the unit's last changer, else its creator).
    public var translator: String?
    /// When.
    public var date: Date?
    /// Whether the confirmation reached the memory after this session opened (a
    /// concurrent session), rather than before.
    public var duringSession: Bool
    /// Whether another translator confirmed it (false: the same name, another session).
    public var byAnotherTranslator: Bool

    public init(translator: String?, date: Date?, duringSession: Bool, byAnotherTranslator: Bool) {
        self.translator = translator
        self.date = date
        self.duringSession = duringSession
        self.byAnotherTranslator = byAnotherTranslator
    }
}

/// Why a session cannot do what it was asked.
public enum TranslationSessionError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownArticle(String)
    case emptyArticle(String)
    case segmentOutOfRange(segment: Int, count: Int)
    case emptyTranslation(segment: Int)
    case sameLanguage(String)
    /// The memory refused the confirmation and it could not be saved locally either.
    case notSaved(segment: Int, memory: String, journal: String)

    public var description: String {
        switch self {
        case let .unknownArticle(id):
            "no article “\(id)” in the database (add it with `tandem article add`)"
        case let .emptyArticle(id):
            "article “\(id)” has no segment to translate"
        case let .segmentOutOfRange(segment, count):
            "no segment \(segment): the article has segments 1 to \(count)"
        case let .emptyTranslation(segment):
            "segment \(segment): an empty translation cannot be confirmed"
        case let .sameLanguage(language):
            "the article is already in \(language): choose another --target-lang"
        case let .notSaved(segment, memory, journal):
            "segment \(segment) NOT saved: the memory refused it (\(memory)) and so did the local journal (\(journal))"
        }
    }
}
