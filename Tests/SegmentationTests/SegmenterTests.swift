import Foundation
import Testing
@testable import Segmentation

/// The segmenter's contract: paragraphs, whitespace, offsets, input decoding.
@Suite struct SegmenterTests {
    static let simpleRules = [SRXRule(isBreak: true, beforeBreak: #"[.!?]"#, afterBreak: #"\s+\p{Lu}"#)]

    @Test func lineBreaksAlwaysEndASegmentAndBlankLinesHoldNone() throws {
        let segmenter = try SentenceSegmenter(rules: Self.simpleRules, language: "xx")
        let text = "Title\n\nFirst one. Second one\ncontinues here.\r\nLast.\r\n\n   \n"
        let segments = segmenter.segment(text)
        #expect(segments.map(\.text) == ["Title", "First one.", "Second one", "continues here.", "Last."])
        #expect(segments.map(\.paragraph) == [0, 2, 2, 3, 4])
        #expect(segments.map(\.index) == [0, 1, 2, 3, 4])
    }

    @Test func segmentsAreTrimmedAndTheirOffsetsPointAtTheTrimmedText() throws {
        let segmenter = try SentenceSegmenter(rules: Self.simpleRules, language: "xx")
        let text = "  \u{00A0}Un. \u{202F} Deux.\t"
        let segments = segmenter.segment(text)
        #expect(segments.map(\.text) == ["Un.", "Deux."])
        #expect(segments.map(\.range) == [3..<6, 9..<14])
    }

    @Test func offsetsAreCodePointsAndSliceBackToTheText() throws {
        let segmenter = try SentenceSegmenter(rules: Self.simpleRules, language: "xx")
        // Scalars of 1 to 4 UTF-8 bytes, combining marks, emoji, CRLF, U+2028.
        let text = "Ça va ? Oui. 😀 Très bien.\r\ne\u{0301}tude. 𝒜lpha! Ωmega.\u{2028}Fin."
        let segments = segmenter.segment(text)
        #expect(segments.map(\.text) == ["Ça va ?", "Oui. 😀 Très bien.", "e\u{0301}tude.", "𝒜lpha!", "Ωmega.", "Fin."])
        let scalars = Array(text.unicodeScalars)
        for segment in segments {
            var slice = String.UnicodeScalarView()
            slice.append(contentsOf: scalars[segment.range])
            #expect(String(slice) == segment.text)
        }
    }

    @Test func offsetsSliceBackOnTheSeedArticles() throws {
        let segmenter = try SentenceSegmenter(language: "fr")
        for article in try SeedArticle.all() {
            let scalars = Array(article.text.unicodeScalars)
            let segments = segmenter.segment(article.text)
            #expect(!segments.isEmpty)
            var previousEnd = 0
            for segment in segments {
                var slice = String.UnicodeScalarView()
                slice.append(contentsOf: scalars[segment.range])
                #expect(String(slice) == segment.text, "\(article.name) \(segment.range)")
                #expect(segment.range.lowerBound >= previousEnd)
                previousEnd = segment.range.upperBound
                // Only whitespace between segments, and nothing is lost.
                #expect(!segment.text.unicodeScalars.first!.properties.isWhitespace)
                #expect(!segment.text.unicodeScalars.last!.properties.isWhitespace)
            }
            let covered = segments.map(\.text).joined().unicodeScalars.filter { !$0.properties.isWhitespace }.count
            let total = scalars.filter { !$0.properties.isWhitespace }.count
            #expect(covered == total, "\(article.name)")
        }
    }

    @Test func emptyAndBlankTextsHaveNoSegments() throws {
        let segmenter = try SentenceSegmenter(language: "en")
        #expect(segmenter.segment("").isEmpty)
        #expect(segmenter.segment("\n\n \t\n\u{00A0}").isEmpty)
    }

    @Test func invalidUTF8IsReportedWithTheOffsetOfTheBadByte() throws {
        let cases: [([UInt8], Int)] = [
            (Array("abc".utf8) + [0xE9] + Array("t".utf8), 3),   // Latin-1 é
            (Array("ok ".utf8) + [0x80], 3),                    // stray continuation byte
            ([0xC3, 0xA9, 0xE2, 0x80], 2),                      // truncated 3-byte sequence
            ([0x41, 0xC0, 0xAF], 1),                            // overlong "/"
            ([0xED, 0xA0, 0x80], 0),                            // UTF-16 surrogate
            ([0xF4, 0x90, 0x80, 0x80], 0),                      // beyond U+10FFFF
        ]
        for (bytes, offset) in cases {
            let error = #expect(throws: SegmentationError.self) { try UTF8Text.decode(bytes) }
            #expect(error == .invalidUTF8(byteOffset: offset), "\(bytes)")
            #expect(error?.description == "the text is not valid UTF-8: bad byte at offset \(offset)")
        }
        #expect(try UTF8Text.decode(Array("Ça marche — 😀".utf8)) == "Ça marche — 😀")
    }

    @Test func rulesThatCouldMatchAroundAnyCharacterAreStillExact() throws {
        // The break rule's beforebreak can end with almost anything: candidates come from
        // its afterbreak.
        let floating = try SentenceSegmenter(rules: [
            SRXRule(isBreak: false, beforeBreak: #"\d"#, afterBreak: ""),
            SRXRule(isBreak: true, beforeBreak: #"\w"#, afterBreak: #"\W*\d"#),
        ], language: "xx")
        #expect(floating.segment("ab12 c-3").map(\.text) == ["ab", "12 c", "-3"])
        // Both patterns empty: every position is a candidate.
        let everywhere = try SentenceSegmenter(rules: [
            SRXRule(isBreak: false, beforeBreak: #"\w"#, afterBreak: #"\w"#),
            SRXRule(isBreak: true, beforeBreak: "", afterBreak: ""),
        ], language: "xx")
        #expect(everywhere.segment("ab cd,e").map(\.text) == ["ab", "cd", ",", "e"])
    }

    @Test func profilesCountEvaluationsAndDecisions() throws {
        let segmenter = try SentenceSegmenter(rules: [
            SRXRule(isBreak: false, beforeBreak: #"\bDr\."#, afterBreak: #"\s"#),
            SRXRule(isBreak: true, beforeBreak: #"\."#, afterBreak: #"\s"#),
        ], language: "xx")
        let (segments, profile) = segmenter.profile("See Dr. Who. Now. Bye")
        #expect(segments.count == 3)
        #expect(profile.candidates == 3)
        #expect(profile.rules.map(\.decisions) == [1, 2])
    }
}

/// The seed articles of the package (`seeds/*.txt`).
struct SeedArticle {
    let name: String
    let text: String

    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("seeds")

    static func named(_ name: String) throws -> SeedArticle {
        SeedArticle(name: name, text: try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
    }

    static func all() throws -> [SeedArticle] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".txt") }.sorted().map(named)
    }
}
