import Annotation
import Foundation
import TranslationMemory

/// An article's translation as the memory holds it (each segment's current
/// translation, ``TranslationMemory/ArticleTranslations``), laid out as an article of
/// its own so that the original's claims can be projected onto it
/// (``Annotation/ArticleAnnotations/translationCoverage(into:alignment:)``).
///
/// The translation's text follows the original's paragraphs: the translations of the
/// segments of one paragraph joined by a space, one paragraph per line; untranslated
/// segments are left out. A unit that translates several segments at once (a 2-1 bead
/// of the aligner, stored at its first segment) covers every segment its source text
/// spans.
public struct ArticleTranslationProjection: Sendable {
    /// The translation as an article (id `<original>.<language>`), without claims.
    public var translation: ArticleAnnotations
    /// Original segment number → translation segment numbers.
    public var alignment: SegmentAlignment
    /// How many of the original's segments to translate (page furniture left out,
    /// ``Annotation/ArticleSegment/isTranslatable``) have a translation.
    public var translatedSegments: Int
    /// How many of the original's segments are to be translated.
    public var translatableSegments: Int

    /// Lays out the current translations of `article`'s segments.
    public init(article: Article, translations: ArticleTranslations, language: String) {
        let scalars = Array(article.text.unicodeScalars)
        func segmentText(_ number: Int) -> String {
            String(String.UnicodeScalarView(scalars[article.segments[number - 1].range]))
        }
        var text = ""
        var segments: [ArticleSegment] = []
        var targets: [Int: [Int]] = [:]
        var covered = Set<Int>()
        var paragraph: Int?
        var length = 0
        var number = 1
        while number <= article.segments.count {
            defer { number += 1 }
            guard let unit = translations.current(segment: number) else { continue }
            // The source segments the unit's source text spans, from this one on.
            let source = unit.source.plainText
            var spanned = [number]
            var joined = segmentText(number)
            while spanned.last! < article.segments.count {
                let next = spanned.last! + 1
                let longer = joined + " " + segmentText(next)
                guard translations.current(segment: next) == nil, source.hasPrefix(longer) else { break }
                joined = longer
                spanned.append(next)
            }
            let target = unit.target.plainText.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !target.isEmpty else { continue }
            let sourceParagraph = article.segments[number - 1].paragraph
            if let paragraph {
                let separator = paragraph == sourceParagraph ? " " : "\n"
                text += separator
                length += separator.unicodeScalars.count
            }
            paragraph = sourceParagraph
            let count = target.unicodeScalars.count
            segments.append(ArticleSegment(range: length..<(length + count), paragraph: sourceParagraph))
            text += target
            length += count
            for source in spanned {
                targets[source] = [segments.count]
                covered.insert(source)
            }
            number = spanned.last!
        }
        let tag = (try? AnnotationValidation.languageTag(language)) ?? language
        let id = ArticleID(unchecked: "\(article.id.rawValue).\(tag)")
        translation = ArticleAnnotations(article: Article(
            id: id.isWellFormed ? id : ArticleID(unchecked: "translation"), language: tag,
            title: article.title, publisher: article.publisher, date: article.date, url: nil,
            text: text, segments: segments))
        alignment = SegmentAlignment(targets)
        translatedSegments = covered.filter { article.segments[$0 - 1].isTranslatable }.count
        translatableSegments = article.translatableSegmentNumbers.count
    }

    /// Reads the translations of `article` into `language` from a memory.
    public init(article: Article, language: LanguageTag, memory: any MemoryStore) throws {
        let source = LanguageTag(article.language)
        let translations = try ArticleTranslations(article: article.id.rawValue, sourceLanguage: source, targetLanguage: language, in: memory)
        self.init(article: article, translations: translations, language: language.identifier)
    }

    /// The original's claims projected onto this translation, with what became of the
    /// sourced claims' links.
    public func coverage(of original: ArticleAnnotations) -> TranslationCoverage {
        original.translationCoverage(into: translation, alignment: alignment)
    }
}
