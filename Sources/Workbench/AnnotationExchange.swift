import Annotation
import Foundation

/// Reading annotation documents into a repository and writing them out: W3C Web
/// Annotation JSON-LD (``Annotation/WebAnnotationDocument``) and Tandem's own
/// annotation files (``Annotation/AnnotationFile``, `tandem-annotations/1`, e.g.
/// `seeds/annotations/*.json`).
///
/// An import is all or nothing: every annotation of the document is anchored and
/// checked before anything is stored, and everything is stored in one transaction.
public struct AnnotationExchange: Sendable {
    /// The formats a document can be in.
    public enum Format: String, Hashable, Sendable, CaseIterable {
        /// W3C Web Annotation JSON-LD.
        case jsonLD = "jsonld"
        /// Tandem's annotation file, `tandem-annotations/1`.
        case tandem
    }

    /// What an import stored for one article.
    public struct Imported: Hashable, Sendable {
        public var annotations: ArticleAnnotations
        /// Whether the article itself was added (from the text file an annotation file names).
        public var articleAdded: Bool
    }

    public var importer: ArticleImporter

    public init(importer: ArticleImporter = ArticleImporter()) {
        self.importer = importer
    }

    /// The format of a document: an object with a `format` member is a Tandem file,
    /// anything else JSON-LD.
    public static func format(of data: Data) -> Format {
        struct Probe: Decodable { var format: String? }
        if let probe = try? JSONDecoder().decode(Probe.self, from: data), probe.format != nil { return .tandem }
        return .jsonLD
    }

    /// Imports a document into the repository.
    ///
    /// A JSON-LD document may annotate several stored articles (its targets name them
    /// by URN or URL). A Tandem annotation file annotates one article: if that article
    /// is not stored yet and the file names its text (`article.file`, relative to the
    /// parent of the annotation file's folder, as `seeds/annotations/X.json` names
    /// `seeds/X.txt`), the text is imported and segmented too; the file's title,
    /// publisher, date and URL fill in what the stored article does not say.
    ///
    /// - Parameters:
    ///   - name: the document's path, for messages and to find an annotation file's text.
    /// - Throws: ``Annotation/AnnotationError`` (with the document's name and the
    ///   annotation at fault) or ``ArticleImportError``; nothing is stored then.
    public func importDocument(_ data: Data, name: String, into repository: any AnnotationRepository) throws -> [Imported] {
        switch Self.format(of: data) {
        case .jsonLD:
            let articles = try repository.read { try $0.articles() }
            let read = try WebAnnotationDocument.read(data, among: articles, name: name)
            try store(read.map { ($0, false) }, in: repository)
            return read.map { Imported(annotations: $0, articleAdded: false) }
        case .tandem:
            let file = try AnnotationFile.decode(data, name: name)
            let stored = try repository.read { try $0.article(file.article.id) }
            var article: Article
            let added = stored == nil
            if let stored {
                article = stored
            } else {
                guard let textFile = file.article.file else {
                    throw AnnotationError.inDocument(location: name, .unknownArticle(file.article.id))
                }
                let folder = URL(fileURLWithPath: name).deletingLastPathComponent().deletingLastPathComponent()
                let textURL = URL(fileURLWithPath: textFile, relativeTo: folder)
                // Its page furniture from the text's sidecar, as `tandem article add` reads it.
                article = try importer.article(fromFile: textURL, id: file.article.id.rawValue, language: file.article.language,
                                               furnitureFile: ArticleImporter.sidecarMetadataFile(for: textURL))
            }
            article = try filled(article, from: file, name: name)
            let annotations: ArticleAnnotations
            do {
                annotations = try file.resolve(in: article)
            } catch let error as AnnotationError {
                throw AnnotationError.inDocument(location: name, error)
            }
            try store([(annotations, true)], in: repository)
            return [Imported(annotations: annotations, articleAdded: added)]
        }
    }

    /// The article with the details the file gives where the article has none.
    private func filled(_ article: Article, from file: AnnotationFile, name: String) throws -> Article {
        var article = article
        do {
            article.title = article.title ?? nonBlank(file.article.title)
            article.publisher = article.publisher ?? nonBlank(file.article.publisher)
            article.date = article.date ?? file.article.date
            if article.url == nil, let url = file.article.url { article.url = try AnnotationValidation.webURL(url) }
        } catch let error as AnnotationError {
            throw AnnotationError.inDocument(location: "\(name), article \(article.id)", error)
        }
        return article
    }

    private func nonBlank(_ string: String?) -> String? {
        guard let string, !string.allSatisfy(\.isWhitespace) else { return nil }
        return string
    }

    /// Stores everything in one transaction; `saveArticle` also saves the article
    /// (new, or with details filled in). A stored article must still have the text
    /// the annotations were anchored in.
    private func store(_ items: [(ArticleAnnotations, saveArticle: Bool)], in repository: any AnnotationRepository) throws {
        for (annotations, _) in items { try annotations.validate() }
        try repository.write { store in
            for (annotations, saveArticle) in items {
                if let stored = try store.article(annotations.article.id) {
                    guard stored.text.unicodeScalars.elementsEqual(annotations.article.text.unicodeScalars) else {
                        throw AnnotationError.malformedDocument(
                            location: "article \(stored.id)", reason: "its text changed while the annotations were read; import again")
                    }
                    if saveArticle, stored != annotations.article { try store.save(annotations.article) }
                } else {
                    try store.save(annotations.article)
                }
                for source in annotations.sources { try store.save(source) }
                for claim in annotations.claims { try store.save(claim) }
                for citation in annotations.citations { try store.save(citation) }
                for link in annotations.translationLinks { try store.save(link) }
            }
        }
    }

    // MARK: Export

    /// The annotations of some articles (all of them for `nil`) as a JSON-LD
    /// collection, or, for one article, as a Tandem annotation file.
    /// - Throws: ``Annotation/AnnotationError/unknownArticle(_:)``; for the Tandem
    ///   format, an error unless exactly one article is asked for.
    public func export(_ ids: [ArticleID]?, format: Format, from repository: any AnnotationRepository) throws -> Data {
        let articles: [ArticleAnnotations] = try repository.read { store in
            try (ids ?? store.articles().map(\.id)).map { try store.annotations(of: $0) }
        }
        switch format {
        case .jsonLD:
            return try WebAnnotationDocument.export(articles)
        case .tandem:
            guard articles.count == 1 else {
                throw AnnotationError.malformedDocument(location: "export", reason: "a Tandem annotation file holds one article; name it")
            }
            return try AnnotationFile(articles[0]).encoded()
        }
    }
}
