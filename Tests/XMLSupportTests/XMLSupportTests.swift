import Foundation  // On purpose: libxml2 and Foundation's ICU must coexist in one module.
import Testing
@testable import XMLSupport

@Suite struct XMLSupportTests {
    @Test func readsAndWritesXMLInAModuleThatImportsFoundation() throws {
        let writer = try XMLStreamWriter()
        try writer.startDocument()
        try writer.startElement("tmx")
        try writer.attribute("version", "1.4")
        try writer.element("seg", text: "Huawei & « Ouïghours » <b>")
        try writer.endElement()
        let bytes = try writer.finish()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("&amp; « Ouïghours » &lt;b&gt;"))

        let root = try XMLElement.parse(string: text, documentName: "memory.tmx")
        #expect(root.localName == "tmx")
        #expect(root.attribute("version") == "1.4")
        #expect(root.firstElement(named: "seg")?.textContent == "Huawei & « Ouïghours » <b>")
        // Foundation is really in play here.
        #expect(Data(bytes).count == bytes.count)
    }

    @Test func malformedXMLNamesFileLineAndReason() throws {
        let error = #expect(throws: XMLParseError.self) {
            _ = try XMLElement.parse(string: "<a>\n<b>\n</a>", documentName: "broken.xml")
        }
        #expect(error?.file == "broken.xml")
        #expect(error?.line == 3)
        #expect(error?.description.hasPrefix("broken.xml:3") == true)
    }

    @Test func externalEntitiesAreNeverLoaded() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-xxe-\(UUID().uuidString).txt")
        try "TOP SECRET".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let document = """
        <?xml version="1.0"?>
        <!DOCTYPE r [<!ENTITY x SYSTEM "\(secret.path)">]>
        <r>&x;</r>
        """
        do {
            let root = try XMLElement.parse(string: document, documentName: "xxe.xml")
            #expect(!root.textContent.contains("TOP SECRET"))
        } catch let error as XMLParseError {
            #expect(error.file == "xxe.xml")
        }
    }

    @Test func entityExpansionIsBounded() throws {
        var entities = "<!ENTITY a0 \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\">"
        for level in 1...12 {
            entities += "<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">"
        }
        let document = "<?xml version=\"1.0\"?><!DOCTYPE r [\(entities)]><r>&a12;</r>"
        // Either refused, or left unexpanded: never 50 × 10¹² characters.
        do {
            let root = try XMLElement.parse(string: document, documentName: "bomb.xml")
            #expect(root.textContent.count < 1_000_000)
        } catch let error as XMLParseError {
            #expect(error.file == "bomb.xml")
        }
    }

    @Test func streamsAttributesWithNamespaces() throws {
        let reader = try XMLStreamReader(string: #"<tuv xml:lang="fr" lang="en"><seg>x</seg></tuv>"#, documentName: "t")
        #expect(try reader.read())
        #expect(reader.attribute("lang", namespaceURI: "http://www.w3.org/XML/1998/namespace") == "fr")
        #expect(reader.attribute("lang") == "en")
        #expect(reader.attributes().map(\.qualifiedName) == ["xml:lang", "lang"])
    }

    @Test func readsUTF16WithByteOrderMark() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "<?xml version=\"1.0\" encoding=\"UTF-16\"?><r>Ouïghours</r>".utf16 {
            bytes.append(UInt8(unit & 0xFF)); bytes.append(UInt8(unit >> 8))
        }
        let root = try XMLElement.build(fromBytes: bytes, documentName: "utf16.xml")
        #expect(root.textContent == "Ouïghours")
    }
}

extension XMLElement {
    fileprivate static func build(fromBytes bytes: [UInt8], documentName: String) throws -> XMLElement {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-\(UUID().uuidString).xml").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try parse(contentsOfFile: path, documentName: documentName)
    }
}
