import Foundation
import Interchange
import TranslationMemory

/// Imports a TMX document held in a string into a fresh store.
func importTMX(_ document: String, name: String = "test.tmx", options: TMXImportOptions = TMXImportOptions()) throws -> (store: ArrayMemoryStore, summary: TMXImportSummary) {
    let store = ArrayMemoryStore()
    let summary = try TMXImporter(options).importDocument(TMXReader(string: document, documentName: name), into: store)
    return (store, summary)
}

/// A TMX 1.4 document with a standard header around `body` (the content of `<body>`).
func tmx14(srclang: String = "fr", headerExtras: String = "", _ body: String) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <!DOCTYPE tmx SYSTEM "tmx14.dtd">
    <tmx version="1.4">
      <header creationtool="TestTool" creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en" srclang="\(srclang)" datatype="plaintext"\(headerExtras)/>
      <body>
    \(body)
      </body>
    </tmx>
    """
}

/// A `<tu>` with a French and an English variant.
func frenchEnglishTU(_ french: String, _ english: String, attributes: String = "") -> String {
    """
        <tu\(attributes)>
          <tuv xml:lang="fr"><seg>\(french)</seg></tuv>
          <tuv xml:lang="en"><seg>\(english)</seg></tuv>
        </tu>
    """
}

extension TranslationUnit {
    /// The unit without its store identifier, to compare units across stores.
    var withoutIdentifier: TranslationUnit { with(id: nil) }
}

/// Encodes text as UTF-16 with a byte-order mark.
func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
    var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
    for unit in text.utf16 {
        let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
        bytes += bigEndian ? [high, low] : [low, high]
    }
    return bytes
}

/// Sentences of the seed article `seeds/000_9519520b1cfbc68e.txt` with the team's
/// English translation (`seeds/en/`), one pair a line: a small French→English memory.
/// The last four are page furniture, which the seed translation leaves out; they are
/// translated here.
let seedSentencePairs: [(french: String, english: String)] = [
    ("Double victoire contre Huawei", "A double victory over Huawei"),
    ("Première victoire de la mobilisation pour les Ouïghour-e-s contre Huawei : le syndicat mixte Val-d’Oise Numérique (VONum) suspend son partenariat avec l’entreprise chinoise.",
     "First victory in the campaign against Huawei in support of the Uyghurs: the joint public body Val-d’Oise Numérique (VONum) has suspended its partnership with the Chinese company."),
    ("Les deux parties avaient au préalable signé un contrat pour le développement du concept de « smart département » au sein du département du Val d’Oise (95).",
     "The two parties had previously signed a contract to develop the concept of a “smart département” within the Val-d’Oise département (95)."),
    ("L’idée, d’après un article de la presse d’Etat chinoise CGTN, était de « développer des services urbains pour la population, en s’appuyant sur des technologies numériques qui ont fait leurs preuves en Chine ».",
     "The idea, according to an article in the Chinese state media outlet CGTN, was to “develop urban services for the population, drawing on digital technologies that have proven themselves in China”."),
    ("Dans les faits cela revenait à l’installation de caméras de vidéosurveillance et capteurs intelligents, des formations numériques et l’installation de la 5G, entre autres.",
     "In practice, this meant installing CCTV cameras and smart sensors, providing digital training and rolling out 5G, among other things."),
    ("Pour plus d’informations sur cette rupture, et sur l’historique de l’implantation de Huawei en Europe, nous vous conseillons cet article, accessible et complet.",
     "For more information on this break, and on the history of Huawei’s expansion in Europe, we recommend this accessible and comprehensive article."),
    ("Deuxième victoire : Antoine Greizmann, le footballeur français, a rompu son contrat avec Huawei le jeudi 10 décembre 2020.",
     "Second victory: Antoine Greizmann, the French footballer, ended his contract with Huawei on Thursday 10 December 2020."),
    ("L’attaquant, joueur du FC Barcelone, a publié la nouvelle sur son compte Instagram :",
     "The FC Barcelona forward announced the news on his Instagram account:"),
    ("Laisser un commentaire", "Leave a comment"),
    ("Votre adresse e-mail ne sera pas publiée.", "Your email address will not be published."),
    ("Les champs obligatoires sont indiqués avec *", "Required fields are marked with *"),
    ("Menu Fermer", "Menu Close"),
]
