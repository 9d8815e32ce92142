import Foundation
import Interchange
import Testing
@Test func scratch() throws {
  guard ProcessInfo.processInfo.environment["XLF_INV"] != nil else { return }
  for entry in XLIFFSamples.entries where !entry.expectValid {
    do { _ = try XLIFFReader.read(contentsOfFile: entry.url.path, documentName: entry.path); print("ACCEPTED \(entry.path)") }
    catch { print("REJECTED \(error)") }
  }
}
