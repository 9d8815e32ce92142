import Foundation
import TranslationMemory

/// The glossary and the quality checks of `tandem check`, as a translation session's
/// advisor: the terms found in each segment with their approved translations, and the
/// checks' findings on each confirmation (a warning, the translator decides).
public struct QualityAdvisor: SessionAdvisor {
    public var checker: QualityChecker

    /// - Parameter glossary: the glossary's terms (other language pairs are ignored).
    public init(glossary: [Term], sourceLanguage: LanguageTag, targetLanguage: LanguageTag) {
        checker = QualityChecker(glossary: glossary, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage)
    }

    public func terms(in source: String) -> [TermSuggestion] {
        checker.context.terms.terms(in: source).map { found in
            let offered = checker.context.terms.translations(of: found.term)
            let approved = offered.filter(\.isApproved)
            return TermSuggestion(
                term: found.text, range: found.range,
                translations: (approved.isEmpty ? offered : approved).map(\.target),
                note: found.term.note ?? (approved.isEmpty ? "not approved" : nil))
        }
    }

    public func review(_ candidate: SessionCandidate) -> [SessionFinding] {
        let cited = candidate.claims.filter { !$0.linkedURLs.isEmpty }.map {
            CitedClaim(claim: $0.claim.id.rawValue, quote: $0.claim.text, urls: $0.linkedURLs)
        }
        let segment = QualitySegment(number: candidate.segment, source: candidate.source, target: candidate.target, citedClaims: cited)
        return checker.check(segment).map {
            SessionFinding(check: $0.check, severity: $0.severity == .error ? .error : .warning, message: $0.message)
        }
    }
}
