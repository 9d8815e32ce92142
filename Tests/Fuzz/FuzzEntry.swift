// libFuzzer entry point for Tandem's TMX and XLIFF readers (`make fuzz`).
//
// Built by the Makefile with `swiftc -sanitize=fuzzer,address` together with the
// sources of XMLSupport, the TranslationMemory model and Interchange (no SQLite).
// Every input goes through:
//   1. interchange format detection (root element);
//   2. the XLIFF reader; a document it accepts is written back as XLIFF 2.1 and 1.2 and
//      read again (the writers must accept what the reader accepts), and each unit is
//      archived and unarchived as `tandem import` does;
//   3. the TMX reader, streamed to the end, each <tu> mapped to memory units.
// Errors are expected (most inputs are broken); crashes, hangs and leaks are not.
import Interchange
import TranslationMemory
import XMLSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? InterchangeFormat.detect(bytes: bytes, documentName: "fuzz")
    if let document = try? XLIFFReader.read(bytes: bytes, documentName: "fuzz") {
        for format in [XLIFFWriter.Format.xliff21, .xliff12] {
            if let written = try? XLIFFWriter.data(document, format: format) {
                _ = try? XLIFFReader.read(bytes: written, documentName: "fuzz (written again)")
            }
        }
        for unit in document.allUnits.prefix(20) {
            if let archive = try? XLIFFUnitArchive.encode(unit, of: document) {
                _ = try? XLIFFUnitArchive.decode(archive)
            }
        }
    }
    if let reader = try? TMXReader(bytes: bytes, documentName: "fuzz") {
        let mapper = TMXUnitMapper(header: reader.header, options: TMXImportOptions())
        while let tu = try? reader.next() {
            _ = mapper.map(tu, unit: { _ in }, rejection: { _ in })
        }
    }
    return 0
}
