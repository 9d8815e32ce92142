/// An SRX rule with both patterns compiled. A class, so the segmenter's loops share it
/// rather than copy it.
final class CompiledRule: Sendable {
    let isBreak: Bool
    let before: RulePattern
    let after: RulePattern
    let source: SRXRule

    /// - Throws: ``SRXError`` of kind `invalidPattern`, naming the rule, its line, the
    ///   pattern and why it does not compile.
    init(_ rule: SRXRule, validatedPatterns: Set<String> = []) throws(SRXError) {
        func compile(_ pattern: String, side: RulePattern.Side) throws(SRXError) -> RulePattern {
            do {
                return try RulePattern(pattern, side: side, validated: validatedPatterns.contains(pattern))
            } catch {
                let element = side == .before ? "beforebreak" : "afterbreak"
                throw SRXError(
                    kind: .invalidPattern, file: rule.location.file, line: rule.location.line,
                    message: "\(rule.location): the \(element) pattern '\(pattern)' does not compile: \(error.message)"
                )
            }
        }
        isBreak = rule.isBreak
        before = try compile(rule.beforeBreak, side: .before)
        after = try compile(rule.afterBreak, side: .after)
        source = rule
    }

    /// Whether the scalars around the position leave the rule a chance (cheap).
    @inline(__always)
    func edgesAllow(previous: UInt32, next: UInt32) -> Bool {
        before.edge.allows(previous) && after.edge.allows(next)
    }

    /// Whether the rule applies at `position`, where its edge filters passed:
    /// `afterbreak` matches from there and `beforebreak` matches up to there.
    func applies(in paragraph: Paragraph, at position: Int, scratch: inout MatchScratch) -> Bool {
        (after.edgeDecides || after.matches(paragraph, at: position, scratch: &scratch))
            && (before.edgeDecides || before.matches(paragraph, at: position, scratch: &scratch))
    }
}
