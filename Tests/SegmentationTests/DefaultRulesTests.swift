import Foundation
import Testing
@testable import Segmentation

/// Tandem's own rules (`Rules/tandem.srx`) on real text: the seed articles segmented as a
/// careful reader would, typical traps of French and English news, and the public gold
/// sets of ../shared.
@Suite struct DefaultRulesTests {
    static func segments(_ text: String, _ language: String) throws -> [String] {
        try SentenceSegmenter(language: language).segment(text).map { normalized($0.text) }
    }

    /// Runs of whitespace (no-break spaces included) as one space: the seed articles mix
    /// U+00A0 and spaces, the expectations below are written with plain spaces.
    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    @Test func theDefaultRulesLoadAndRunNatively() throws {
        #expect(SRXDocument.default.cascade)
        for language in ["fr", "en", "fr-FR", "en-GB"] {
            let segmenter = try SentenceSegmenter(language: language)
            #expect(segmenter.ruleCounts.rules > 10)
            #expect(segmenter.ruleCounts.runInICU == 0, "every default rule runs in the native matcher")
        }
        #expect(throws: SegmentationError.self) { try SentenceSegmenter(language: "de") }
    }

    // MARK: Seed articles

    @Test func seedArticle000() throws {
        let article = try SeedArticle.named("000_9519520b1cfbc68e.txt")
        #expect(try Self.segments(article.text, "fr") == Self.expected000)
    }

    @Test func seedArticle004() throws {
        let article = try SeedArticle.named("004_8a092bc0b89f6462.txt")
        #expect(try Self.segments(article.text, "fr") == Self.expected004)
    }

    // Written by reading the articles: headings and the related-article teaser glued to
    // the next sentence are segments of their own; "Nvidia.En" and "nationale.Si" split;
    // in 004 the ASCII quotes open the sentence after a full stop ("(nord-ouest)." Ces),
    // and a quotation followed by its attribution (" ... ", justifie le ministère) stays
    // one sentence.
    static let expected000 = [
        "Menu Fermer",
        "Double victoire contre Huawei",
        "Première victoire de la mobilisation pour les Ouïghour-e-s contre Huawei : le syndicat mixte Val-d’Oise Numérique (VONum) suspend son partenariat avec l’entreprise chinoise.",
        "Les deux parties avaient au préalable signé un contrat pour le développement du concept de « smart département » au sein du département du Val d’Oise (95).",
        "L’idée, d’après un article de la presse d’Etat chinoise CGTN, était de « développer des services urbains pour la population, en s’appuyant sur des technologies numériques qui ont fait leurs preuves en Chine ».",
        "Dans les faits cela revenait à l’installation de caméras de vidéosurveillance et capteurs intelligents, des formations numériques et l’installation de la 5G, entre autres.",
        "Cependant, à la suite de pressions du grand public ainsi qu’après des interpellations de nombreux élus, dont le député Aurélien Taché (membre du Groupe de solidarité avec le peuple ouïghour à l’Assemblée nationale) et le sénateur de gauche Rachid Temal, le département a suspendu le partenariat en août 2020.",
        "Pour plus d’informations sur cette rupture, et sur l’historique de l’implantation de Huawei en Europe, nous vous conseillons cet article, accessible et complet.",
        "Deuxième victoire : Antoine Greizmann, le footballeur français, a rompu son contrat avec Huawei le jeudi 10 décembre 2020.",
        "Ambassadeur de la marque depuis 2017, il a décidé de mettre fin à leur collaboration après la révélation de l’implication de Huawei dans la surveillance numérique des Ouïghour-e-s, et de ses recherches sur un logiciel qui pourrait fournir des « alertes à la présence d’Ouïghours ».",
        "L’attaquant, joueur du FC Barcelone, a publié la nouvelle sur son compte Instagram :",
        "« Suite aux forts soupçons selon lesquels l’entreprise Huawei aurait contribué au développement d’une “alerte ouïghoure” grâce à un logiciel de reconnaissance faciale, j’annonce que je mets un terme immédiat à mon partenariat me liant à cette société. »",
        "Il invite de plus l’entreprise en question à « ne pas se contenter de nier ces accusations mais à engager au plus vite des actions concrètes pour condamner cette répression de masse », et à « user de son influence pour contribuer au respect des droits de l’homme et de la femme au sein de la société ».",
        "Nous vous conseillons également cet article du Washington Post ainsi que celui du Guardian, qui expliquent ce qui permet de lier Huawei à la surveillance numérique en Région ouïghoure (des liens vers les traductions françaises de ces articles seront ajoutés sous-peu).",
        "Laisser un commentaire",
        "Votre adresse e-mail ne sera pas publiée.",
        "Les champs obligatoires sont indiqués avec *",
    ]
    static let expected004 = [
        "Le département américain du Commerce veut sanctionner la participation de ces entreprises, spécialistes de la vidéosurveillance et de l'intelligence artificielle, à la répression des Ouïghours.",
        "Une tension supplémentaire alors que les négociations commerciales entre Washington et Pékin doivent reprendre cette semaine.",
        "A quelques jours de la reprise des négociations commerciales entre Pékin et Washington, le département américain du Commerce a annoncé lundi placer sur liste noire huit entreprises et une vingtaine d'organismes publics chinois, afin de sanctionner leur participation à la répression des Ouïghours dans la région du Xinjiang (nord-ouest).",
        "\" Ces entités sont impliquées dans des violations des droits de l'homme et des abus […], des détentions arbitraires massives et la surveillance high-tech mise en place contre les Ouïghours, les Kazahks et d'autres membres des minorités musulmanes \", justifie le ministère américain.",
        "\" Le gouvernement américain et le département du Commerce ne peuvent pas tolérer et ne toléreront pas la suppression brutale des minorités ethniques à travers la Chine \", défend dans le communiqué le secrétaire américain au Commerce, Wilbur Ross.",
        "Des ONG dénoncent depuis des années l'internement massif -jusqu'à un million de personnes- de cette population majoritairement musulmane.",
        "Importations interdites",
        "Parmi les entreprises visées par concernées Dahua, un autre spécialiste des systèmes de surveillance également coté, ainsi que les experts de l'intelligence artificielle MegviiTechnology, SenseTime, iFlytek et Yitu Technologies.",
        "Comment Pékin utilise une appli mobile pour traquer les musulmans ouïghours",
        "En étant placées sur liste noire, ces entreprises ne pourront plus importer de produits depuis les Etats-Unis, sauf obtention d'une licence spéciale.",
        "\" Cette mesure permettra que nos technologies […] ne soient pas utilisées pour réprimer des populations minoritaires sans défense \", a expliqué Wilbur Ross.",
        "Le placement sur liste noire pourrait de fait compliquer la vie de plusieurs de ces groupes.",
        "MegviiTechnology a prévu de se coter prochainement à Hong Kong, tandis que SenseTime est partenaire de Qualcomm et de Nvidia.",
        "En août dernier, un décret interdisait déjà à Hikvision, Huawei et à plusieurs autres entreprises chinoises d'équiper les agences fédéralesaméricaines (FBI, Nasa…).",
        "Le Sénat américain vient également d'adopter une proposition de loi pour accroître la pression sur la Chine, avec une menace de sanctions à la clé, pour qu'elle mette fin aux \" violations de droits humains \".",
        "Sérieux froid",
        "Avec la guerre commerciale que se mènent Washington et Pékin à coups de droits de douane, les Etats-Unis ont engagé un bras de fer autour des entreprises technologiques, au premier rang desquelles Huawei .",
        "Mais es actions engagées étaient jusqu'à présent justifiées par la volonté de préserver la propriété intellectuelle américaine et ainsi d'assurer la sécurité nationale.",
        "Si l'administration américaine a assuré lundi que l'annonce était indépendante des réunions prévues avec le vice-Premier ministre Liu He à Washington cette semaine, elle devrait jeter un sérieux froid.",
        "A plusieurs reprises ces dernières semaines, Donald Trump a aussi exprimé son souhait de voir la crise politique à Hong Kong, dont la population défie Pékin depuis plusieurs mois, se résoudre pacifiquement.",
    ]

    // MARK: Traps of French and English news

    @Test(arguments: [
        // Abbreviations and titles, initials.
        ("M. Macron a reçu MM. Dupont et Durand. Mme Le Pen et le Dr Martin aussi.",
         ["M. Macron a reçu MM. Dupont et Durand.", "Mme Le Pen et le Dr Martin aussi."]),
        ("Voir l'art. 12 du règlement, p. 4, et le n° 5. Cf. le rapport, p. ex. le chapitre II. Il est clair.",
         ["Voir l'art. 12 du règlement, p. 4, et le n° 5.", "Cf. le rapport, p. ex. le chapitre II.", "Il est clair."]),
        ("Elle sera examinée le 12 janv. 2021 à 14 h. Le texte, signé par J. Chirac et George W. Bush, est court.",
         ["Elle sera examinée le 12 janv. 2021 à 14 h.", "Le texte, signé par J. Chirac et George W. Bush, est court."]),
        ("On parle de pommes, de poires, etc. Les prix montent. Il est né en 52 av. J.-C. Les Romains l'ont dit.",
         ["On parle de pommes, de poires, etc.", "Les prix montent.", "Il est né en 52 av. J.-C.", "Les Romains l'ont dit."]),
        // Numbers, ellipses, brackets.
        ("L'amende est de 1 000,50 €. Elle hésita… Puis elle paya. Il a dit : « Des abus […], des détentions. »",
         ["L'amende est de 1 000,50 €.", "Elle hésita…", "Puis elle paya.", "Il a dit : « Des abus […], des détentions. »"]),
        ("Il hésita... puis se tut. Le prix (3,5 M€) est fixé.",
         ["Il hésita... puis se tut.", "Le prix (3,5 M€) est fixé."]),
        // Guillemets, with and without (narrow) no-break spaces; a final period inside.
        ("« Pourquoi\u{202F}? » demande-t-il. « Parce que c'est ainsi. » Il se tait\u{00A0}! Ensuite\u{00A0}: rien.",
         ["« Pourquoi ? » demande-t-il.", "« Parce que c'est ainsi. »", "Il se tait !", "Ensuite : rien."]),
        ("«\u{00A0}Nous avons gagné\u{00A0}», a-t-il déclaré. «Oui.» Elle rit.",
         ["« Nous avons gagné », a-t-il déclaré.", "«Oui.»", "Elle rit."]),
        // ASCII quotes used like guillemets.
        ("Il a parlé. \" Nous allons gagner \", a-t-il dit. \" C'est sûr. \" Puis il est parti.",
         ["Il a parlé.", "\" Nous allons gagner \", a-t-il dit.", "\" C'est sûr. \"", "Puis il est parti."]),
        // URLs, e-mail addresses, domains, a missing space.
        ("Écrivez à contact@ong.org ou voyez https://www.ong.org/Rapport.Html. Le site lemonde.fr en parle.Un autre aussi.",
         ["Écrivez à contact@ong.org ou voyez https://www.ong.org/Rapport.Html.", "Le site lemonde.fr en parle.", "Un autre aussi."]),
        // Headings glued to the next sentence.
        ("Le contexte Depuis 2017, la région est surveillée. Réactions Selon le ministre, tout va bien.",
         ["Le contexte", "Depuis 2017, la région est surveillée.", "Réactions", "Selon le ministre, tout va bien."]),
        // Not headings: a preposition before the capital, a pronoun starting the run.
        ("Il a lu un article sur Le Monde hier. Il a parlé de La défense du pays.",
         ["Il a lu un article sur Le Monde hier.", "Il a parlé de La défense du pays."]),
    ])
    func frenchTraps(_ text: String, _ expected: [String]) throws {
        #expect(try Self.segments(text, "fr") == expected)
    }

    @Test(arguments: [
        ("Mr. Smith met Dr. Jones at 5 p.m. on Jan. 3 in St. Louis. They spoke.",
         ["Mr. Smith met Dr. Jones at 5 p.m. on Jan. 3 in St. Louis.", "They spoke."]),
        ("The U.S. Commerce Department acted. It blamed the U.S. Then it stopped.",
         ["The U.S. Commerce Department acted.", "It blamed the U.S.", "Then it stopped."]),
        ("Shares of Acme Inc. rose 3.5 percent, e.g. in Asia. \"It's a signal.\" She added: \"Yes.\"",
         ["Shares of Acme Inc. rose 3.5 percent, e.g. in Asia.", "\"It's a signal.\"", "She added: \"Yes.\""]),
        ("\"Is this right?\" asked one aide. \"No,\" said another. See www.commerce.gov for details.",
         ["\"Is this right?\" asked one aide.", "\"No,\" said another.", "See www.commerce.gov for details."]),
        ("Banned imports Among the companies targeted are two firms. It was announced today.",
         ["Banned imports", "Among the companies targeted are two firms.", "It was announced today."]),
    ])
    func englishTraps(_ text: String, _ expected: [String]) throws {
        #expect(try Self.segments(text, "en") == expected)
    }

    // MARK: Public gold (../shared)

    @Test(.enabled(if: SharedData.isAvailable, "needs ../shared/data/segmentation (the team's shared data folder next to the checkout)"))
    func goldenRuleCases() throws {
        for (set, language, required) in [("golden-fr", "fr", 5), ("golden-en", "en", 50)] {
            let segmenter = try SentenceSegmenter(language: language)
            var failed: [String] = []
            let documents = try SharedData.documents(set)
            for document in documents {
                let scalars = Array(document.text.unicodeScalars)
                let expected = document.sentences.map { Self.normalized(String(String.UnicodeScalarView(scalars[$0[0]..<$0[1]]))) }
                let actual = segmenter.segment(document.text).map { Self.normalized($0.text) }
                if actual != expected { failed.append(document.id) }
            }
            #expect(documents.count - failed.count >= required, "\(set): failed \(failed)")
        }
    }

    @Test(.enabled(if: SharedData.isAvailable, "needs ../shared/data/segmentation (the team's shared data folder next to the checkout)"),
          arguments: [("fr-gsd-dev", "fr", 0.993), ("en-ewt-dev", "en", 0.979)])
    func treebankBoundaryF1(_ set: String, _ language: String, _ bar: Double) throws {
        let segmenter = try SentenceSegmenter(language: language)
        var counts = (truePositives: 0, falsePositives: 0, falseNegatives: 0)
        for document in try SharedData.documents(set) {
            let predicted = segmenter.segment(document.text).map(\.range.upperBound)
            let gold = document.boundaries
            let scored = { (boundaries: [Int]) in Set(boundaries.filter { !document.isParagraphEnd($0) }) }
            let (p, g) = (scored(predicted), scored(gold))
            counts.truePositives += p.intersection(g).count
            counts.falsePositives += p.subtracting(g).count
            counts.falseNegatives += g.subtracting(p).count
        }
        let precision = Double(counts.truePositives) / Double(counts.truePositives + counts.falsePositives)
        let recall = Double(counts.truePositives) / Double(counts.truePositives + counts.falseNegatives)
        let f1 = 2 * precision * recall / (precision + recall)
        #expect(f1 >= bar, "\(set): boundary F1 \(f1) (P \(precision), R \(recall), \(counts))")
    }
}

/// The shared gold sets, `../shared/data/segmentation` next to the package checkout.
enum SharedData {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/segmentation")

    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("fr-gsd-dev.jsonl").path)
    }

    /// One gold document (see the data README): offsets in code points.
    struct Document: Decodable {
        let id: String
        let text: String
        let boundaries: [Int]
        let paragraphEnds: [Int]
        let sentences: [[Int]]

        enum CodingKeys: String, CodingKey {
            case id, text, boundaries, sentences
            case paragraphEnds = "paragraph_ends"
        }

        /// Whether only whitespace lies between the offset and a line break or the end:
        /// such boundaries are given by the input and not scored.
        func isParagraphEnd(_ offset: Int) -> Bool {
            let scalars = Array(text.unicodeScalars)
            var index = offset
            while index < scalars.count, scalars[index] != "\n", scalars[index].properties.isWhitespace { index += 1 }
            return index == scalars.count || scalars[index] == "\n"
        }
    }

    static func documents(_ set: String) throws -> [Document] {
        let data = try String(contentsOf: directory.appendingPathComponent("\(set).jsonl"), encoding: .utf8)
        return try data.split(separator: "\n").map { try JSONDecoder().decode(Document.self, from: Data($0.utf8)) }
    }
}
