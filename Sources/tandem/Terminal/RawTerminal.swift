#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal settings to put back when the program ends in any way. A signal
/// handler cannot capture context, so this one value is process-wide; it is written
/// only while no signal handler can run (before the handlers are installed) and read
/// by the handlers and ``RawTerminal/restore()``.
nonisolated(unsafe) private var savedSettings = termios()
nonisolated(unsafe) private var settingsSaved = false

/// Standard input switched to raw mode (no echo, one key at a time, no signal keys)
/// for the line editor, and always switched back: on ``restore()``, on exit, and on
/// SIGTERM, SIGHUP, SIGQUIT (the handlers restore the settings, then let the signal
/// kill the process). A `kill -9` cannot be caught: the shell's `reset` fixes the
/// terminal, and nothing confirmed is lost since each confirmation is committed at once.
struct RawTerminal {
    /// Whether standard input and output are both terminals.
    static var isInteractive: Bool { isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0 }

    /// The terminal's width in columns (80 when unknown).
    static var columns: Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// The terminal's height in rows (24 when unknown).
    static var rows: Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 { return Int(size.ws_row) }
        return 24
    }

    /// Switches standard input to raw mode.
    /// - Throws: ``CommandFailure`` when the settings cannot be read or set.
    static func enable() throws {
        var settings = termios()
        guard tcgetattr(STDIN_FILENO, &settings) == 0 else { throw CommandFailure("cannot read the terminal settings") }
        if !settingsSaved {
            savedSettings = settings
            settingsSaved = true
            for signal in [SIGTERM, SIGHUP, SIGQUIT] { installRestoringHandler(signal) }
            atexit { RawTerminal.restore() }
        }
        // Like cfmakeraw, but keep output processing (\n → \r\n) so printing stays simple.
        settings.c_iflag &= ~tcflag_t(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON)
        settings.c_lflag &= ~tcflag_t(ECHO | ECHONL | ICANON | ISIG | IEXTEN)
        settings.c_cflag &= ~tcflag_t(CSIZE | PARENB)
        settings.c_cflag |= tcflag_t(CS8)
        withUnsafeMutableBytes(of: &settings.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &settings) == 0 else { throw CommandFailure("cannot switch the terminal to raw mode") }
    }

    /// Puts the terminal settings back as they were before ``enable()``.
    static func restore() {
        guard settingsSaved else { return }
        _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &savedSettings)
    }

    private static func installRestoringHandler(_ number: Int32) {
        _ = signal(number) { received in
            // Only async-signal-safe calls here.
            if settingsSaved { _ = tcsetattr(STDIN_FILENO, TCSANOW, &savedSettings) }
            _ = signal(received, SIG_DFL)
            _ = raise(received)
        }
    }
}
