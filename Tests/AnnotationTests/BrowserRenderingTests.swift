import Foundation
import Testing
@testable import Annotation

/// Headless Chromium (Debian's `chromium`; `make test` installs it), found on the PATH
/// or at `TANDEM_CHROMIUM`.
enum Chromium {
    static let executable: URL? = {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["TANDEM_CHROMIUM"], FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return URL(fileURLWithPath: "\(directory)/\(name)")
            }
        }
        return nil
    }()

    static var isInstalled: Bool { executable != nil }

    /// Runs the browser headless on a page and returns what it wrote to stdout.
    static func run(_ arguments: [String], page: URL, profile: URL) throws -> String {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                             "--disable-extensions", "--user-data-dir=\(profile.path)"] + arguments + [page.absoluteString]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Width and height from a PNG's IHDR chunk; `nil` if the data is not a PNG.
func pngSize(_ data: Data) -> (width: Int, height: Int)? {
    let bytes = [UInt8](data.prefix(24))
    guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], bytes[12..<16] == [0x49, 0x48, 0x44, 0x52] else {
        return nil
    }
    func int(_ offset: Int) -> Int { bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
    return (int(16), int(20))
}

@Suite(.enabled(if: Chromium.isInstalled, "needs headless Chromium (apt-get install chromium; make test installs it)"), .serialized)
struct BrowserRenderingTests {
    /// Renders the seed report (plus a claim of every status, with `<script>` in the
    /// text) at phone and desktop widths. Set `TANDEM_REPORT_DIR` to keep the page
    /// and the screenshots there.
    @Test(.timeLimit(.minutes(2)))
    func theReportRendersAtPhoneAndDesktopWidths() throws {
        var articles = PackagePaths.seedAnnotationsAvailable ? try SeedAnnotations.load().map(\.annotations) : []
        var every = try CoverageFixture().annotations()
        every.article.text = every.article.text.replacingOccurrences(of: "Iota", with: "<script>document.title='pwned'</script> Iota")
        every.article.segments = sentenceSegments(every.article.text)
        every.claims = every.article.reanchor(every.claims).map(\.claim)
        articles.insert(every, at: 0)
        let html = CoverageHTMLReport(articles, caption: "Rendering test").render()

        let keep = ProcessInfo.processInfo.environment["TANDEM_REPORT_DIR"].map { URL(fileURLWithPath: $0) }
        let directory = keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("tandem-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-chromium-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: profile)
            if keep == nil { try? FileManager.default.removeItem(at: directory) }
        }
        let page = directory.appendingPathComponent("coverage.html")
        try Data(html.utf8).write(to: page)

        for (width, name) in [(390, "phone"), (1280, "desktop")] {
            let screenshot = directory.appendingPathComponent("coverage-\(name).png")
            try? FileManager.default.removeItem(at: screenshot)
            _ = try Chromium.run(["--screenshot=\(screenshot.path)", "--window-size=\(width),2400"], page: page, profile: profile)
            let data = try Data(contentsOf: screenshot)
            let size = try #require(pngSize(data), "\(name) screenshot is not a PNG")
            #expect(size.width == width)
            // A blank page compresses to a few kilobytes; text, colours and badges do not.
            #expect(data.count > 40_000, "\(name) screenshot is only \(data.count) bytes")
        }

        let dom = try Chromium.run(["--dump-dom"], page: page, profile: profile)
        #expect(dom.contains("<title>Citation coverage</title>")) // the injected script did not run
        #expect(dom.contains("&lt;script&gt;document.title="))
        #expect(!dom.contains("pwned</title>"))
        for claim in articles.flatMap(\.claims) where claim.isAnchored {
            #expect(dom.contains("href=\"#article-\(claim.articleID.rawValue)-c"), "badges of \(claim.articleID)")
        }
        if PackagePaths.seedAnnotationsAvailable {
            #expect(dom.contains("Aurélien Taché"))
            #expect(dom.contains("C1 ? unresolved"))
        }
    }
}
