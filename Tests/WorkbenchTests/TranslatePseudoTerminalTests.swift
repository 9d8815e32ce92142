#if os(Linux)
import Glibc
import Foundation
import Testing
import TranslationMemory
@testable import Workbench

/// `tandem translate` on a pseudo-terminal: the line editor's keys, as a translator types them.
final class PseudoTerminalSession {
    let process = Process()
    let master: Int32
    let slave: Int32
    private(set) var screen = ""

    init(_ arguments: [String]) throws {
        // posix_openpt and friends are not in Swift's Glibc module: the Linux ioctls they wrap.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0, number: UInt32 = 0
        guard master >= 0,
              ioctl(master, UInt(0x4004_5431) /* TIOCSPTLCK */, &unlock) == 0,
              ioctl(master, UInt(0x8004_5430) /* TIOCGPTN */, &number) == 0
        else { throw CocoaError(.fileReadUnknown) }
        slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw CocoaError(.fileReadUnknown) }
        var size = winsize(ws_row: 30, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(slave, UInt(TIOCSWINSZ), &size)
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.executableURL = TandemBinary.url!
        process.arguments = ["translate"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.removeValue(forKey: "TANDEM_TRANSLATOR")
        process.environment = environment
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    deinit {
        close(master)
        close(slave)
    }

    func type(_ keys: String) {
        _ = keys.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
    }

    /// Reads the terminal's output until it contains `marker` (at most `seconds`).
    @discardableResult
    func wait(for marker: String, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !screen.contains(marker), Date() < deadline {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 200) > 0 else { continue }
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { break }
            screen += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        return screen.contains(marker)
    }

    /// Whether the terminal echoes again (the settings were put back).
    var echoes: Bool {
        var settings = termios()
        tcgetattr(slave, &settings)
        return settings.c_lflag & tcflag_t(ECHO) != 0 && settings.c_lflag & tcflag_t(ICANON) != 0
    }
}

@Suite(
    .enabled(if: TandemBinary.isAvailable, "needs the built tandem executable (swift build)"),
    .enabled(if: FileManager.default.fileExists(atPath: "/dev/ptmx"), "needs pseudo-terminals (/dev/ptmx)"),
    .serialized)
struct TranslatePseudoTerminalTests {
    @Test func editingAMatchAndTypingATranslationOnATerminal() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("old", text: "Le ministère a versé 12 millions d'euros en 2019.")
        try project.addArticle("new", text: "Le ministère a versé 15 millions d'euros en 2021. Huawei a démenti.")
        let old = try project.session("old")
        try old.confirm("The ministry paid 12 million euros in 2019.")

        let terminal = try PseudoTerminalSession(["new", "--translator", "ana", "--memory", project.url.path])
        #expect(terminal.wait(for: "1›"))
        #expect(terminal.screen.contains("numbers adapted: 12 → 15, 2019 → 2021"))
        #expect(terminal.screen.contains("[-12-] {+15+}"))
        #expect(!terminal.echoes)
        // 1 puts the match on the line; End, Backspace, "!" and Home, Delete edit it.
        terminal.type("1")
        #expect(terminal.wait(for: "The ministry paid 15 million euros in 2021."))
        terminal.type("\u{1B}[F\u{7F}!\u{1B}[H\u{1B}[3~T\r")
        #expect(terminal.wait(for: "2›"))
        // ↑ brings back the last line; Ctrl-U clears it; then a translation.
        terminal.type("\u{1B}[A")
        #expect(terminal.wait(for: "2› The ministry paid 15 million euros in 2021!"))
        terminal.type("\u{15}Huawei denied it.\r")
        #expect(terminal.wait(for: "all 2 segments translated"))
        terminal.type(":quit\r")
        terminal.process.waitUntilExit()
        #expect(terminal.process.terminationStatus == 0)
        #expect(terminal.echoes)

        let translations = try ArticleTranslations(article: "new", sourceLanguage: .french, targetLanguage: .english, in: project.reopenedMemory())
        #expect(translations.current(segment: 1)?.target.plainText == "The ministry paid 15 million euros in 2021!")
        #expect(translations.current(segment: 2)?.target.plainText == "Huawei denied it.")
    }

    @Test func ctrlCQuitsAndPutsTheTerminalBack() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: threeSentences)
        let terminal = try PseudoTerminalSession(["a1", "--memory", project.url.path])
        #expect(terminal.wait(for: "1›"))
        terminal.type("The department suspended the partnership in August 2020.\r")
        #expect(terminal.wait(for: "2›"))
        terminal.type("half a transl\u{03}")
        #expect(terminal.wait(for: "stopped at segment 2 of 3"))
        terminal.process.waitUntilExit()
        #expect(terminal.echoes)
        let units = try project.reopenedMemory().units(inArticle: "a1", sourceLanguage: nil, targetLanguage: nil)
        #expect(units.map(\.target.plainText) == ["The department suspended the partnership in August 2020."])
    }
}
#endif
