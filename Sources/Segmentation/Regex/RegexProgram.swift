/// A regular expression compiled for Tandem's own backtracking matcher.
///
/// The matcher answers one question only, the one SRX asks: *is there a match that
/// starts* (forward program) *or ends* (backward program) *exactly here?* No captures are
/// kept, so the answer does not depend on greedy or lazy preferences, and a program can
/// run backwards: a `beforebreak` pattern, however unbounded, is matched leftwards from
/// the break candidate. Runs that take many steps switch to memoising the (instruction,
/// position) states already explored, which bounds them by program size × text length.
///
/// Direction matters for atomic groups and possessive quantifiers (they cut
/// backtracking), so those are only compiled in forward direction; a pattern that needs
/// them backwards is left to ICU.
final class RegexProgram: Sendable {
    enum Direction: Sendable {
        case forward, backward
    }

    enum Instruction: Sendable {
        case scalar(UInt32)
        case set(Int)
        case trie(Int)
        /// Try `preferred`, and `alternative` if that fails.
        case split(preferred: Int, alternative: Int)
        case jump(Int)
        case assert(RegexAssertion)
        case lookaround(unit: Int, negative: Bool)
        case atomic(unit: Int)
        case succeed
    }

    /// A sequence of instructions run in one direction: the main pattern, or the body of
    /// a lookaround or atomic group.
    struct Unit: Sendable {
        var instructions: [Instruction]
        var direction: Direction
        /// The unit loops over something that can match empty (`(?:a*)*`, `(?=x)*`):
        /// memoise from the first step, which also ends the empty iterations.
        var hasEmptyLoop = false
    }

    /// Every unit's instructions, one after another (jumps are absolute).
    private let code: [Instruction]
    private let unitStart: [Int]
    private let unitForward: [Bool]
    private let unitMemoizes: [Bool]
    private let classes: ScalarClassTable
    private let tries: [LiteralTrie]

    /// The largest program the compiler produces before leaving a pattern to ICU.
    static let instructionLimit = 40_000

    /// Compiles a parsed pattern to run in `direction` from its anchor position.
    /// - Throws: ``RegexParseFailure/unsupported(_:)`` for constructs the matcher does not
    ///   run in that direction, or a program that would be too large.
    init(_ root: RegexNode, direction: Direction) throws(RegexParseFailure) {
        var compiler = Compiler()
        _ = try compiler.compileUnit(root, direction: direction)
        var code: [Instruction] = []
        var starts: [Int] = []
        for unit in compiler.units {
            let offset = code.count
            starts.append(offset)
            code += unit.instructions.map { instruction in
                switch instruction {
                case .split(let preferred, let alternative): .split(preferred: preferred + offset, alternative: alternative + offset)
                case .jump(let target): .jump(target + offset)
                default: instruction
                }
            }
        }
        self.code = code
        unitStart = starts
        unitForward = compiler.units.map { $0.direction == .forward }
        unitMemoizes = compiler.units.map(\.hasEmptyLoop)
        classes = ScalarClassTable(compiler.classes)
        tries = compiler.tries
    }

    // MARK: Matching

    /// Whether the program matches starting (forward) or ending (backward) at `position`.
    func matches(in text: UnsafeBufferPointer<UInt32>, at position: Int, stack: inout [Int]) -> Bool {
        code.withUnsafeBufferPointer { code in
            run(unit: 0, from: position, in: text, code: code, stack: &stack) != nil
        }
    }

    /// Runs one unit from `start`; returns where the first successful path (in ICU's
    /// order of preference) ends, or `nil`.
    private func run(unit: Int, from start: Int, in text: UnsafeBufferPointer<UInt32>, code: UnsafeBufferPointer<Instruction>, stack: inout [Int]) -> Int? {
        let entry = unitStart[unit]
        let forward = unitForward[unit]
        if !unitMemoizes[unit], let end = run(entry: entry, forward: forward, from: start, in: text, code: code, stack: &stack, memoizing: false) {
            return end >= 0 ? end : nil
        }
        // The step budget ran out: explore again, never revisiting a state.
        let end = run(entry: entry, forward: forward, from: start, in: text, code: code, stack: &stack, memoizing: true)
        return end.flatMap { $0 >= 0 ? $0 : nil }
    }

    /// Steps a run may take before it starts memoising: generous enough that runs linear
    /// in the text never switch (memoising is much slower per step), small enough to stop
    /// exponential backtracking early.
    private static func stepBudget(forLength length: Int) -> Int { 100_000 + 64 * length }

    /// Returns the end of the match, -1 when there is none, or `nil` when the step budget
    /// of a non-memoising run is spent.
    private func run(
        entry: Int, forward: Bool, from start: Int, in text: UnsafeBufferPointer<UInt32>,
        code: UnsafeBufferPointer<Instruction>, stack: inout [Int], memoizing: Bool
    ) -> Int? {
        let count = text.count
        let base = stack.count
        defer { stack.removeSubrange(base...) }
        var visited = Set<Int>()
        var steps = 0
        let budget = Self.stepBudget(forLength: count)
        var pc = entry
        var position = start
        let classes = classes

        while true {
            var failed = false
            if memoizing {
                if !visited.insert(pc &* (count &+ 1) &+ position).inserted { failed = true }
            } else {
                steps &+= 1
                if steps > budget { return nil }
            }
            if !failed {
                switch code[pc] {
                case .scalar(let scalar):
                    if forward {
                        if position < count, text[position] == scalar { position += 1; pc += 1 } else { failed = true }
                    } else {
                        if position > 0, text[position - 1] == scalar { position -= 1; pc += 1 } else { failed = true }
                    }
                case .set(let index):
                    if forward {
                        if position < count, classes.contains(index, text[position]) { position += 1; pc += 1 } else { failed = true }
                    } else {
                        if position > 0, classes.contains(index, text[position - 1]) { position -= 1; pc += 1 } else { failed = true }
                    }
                case .trie(let index):
                    // Every literal that matches becomes a pending path, the preferred
                    // one on top; failing now resumes with it.
                    tries[index].pushMatches(in: text, at: position, forward: forward, continuation: pc + 1, onto: &stack)
                    failed = true
                case .split(let preferred, let alternative):
                    stack.append(alternative)
                    stack.append(position)
                    pc = preferred
                case .jump(let target):
                    pc = target
                case .assert(let assertion):
                    if Self.holds(assertion, in: text, at: position) { pc += 1 } else { failed = true }
                case .lookaround(let body, let negative):
                    let found = run(unit: body, from: position, in: text, code: code, stack: &stack) != nil
                    if found != negative { pc += 1 } else { failed = true }
                case .atomic(let body):
                    if let end = run(unit: body, from: position, in: text, code: code, stack: &stack) {
                        position = end
                        pc += 1
                    } else {
                        failed = true
                    }
                case .succeed:
                    return position
                }
            }
            if failed {
                guard stack.count > base else { return -1 }
                position = stack.removeLast()
                pc = stack.removeLast()
            }
        }
    }

    private static func holds(_ assertion: RegexAssertion, in text: UnsafeBufferPointer<UInt32>, at position: Int) -> Bool {
        let count = text.count
        switch assertion {
        case .startOfInput:
            return position == 0
        case .startOfLine:
            if position == 0 { return true }
            if position >= count { return false }
            let previous = text[position - 1]
            return ScalarProperty.lineTerminator.contains(previous) && !(previous == 0x0D && text[position] == 0x0A)
        case .endOfInput:
            return position == count
        case .endOfInputOrFinalTerminator:
            if position == count { return true }
            if position == count - 1 { return ScalarProperty.lineTerminator.contains(text[position]) }
            return position == count - 2 && text[position] == 0x0D && text[position + 1] == 0x0A
        case .endOfLine:
            if position == count { return true }
            return ScalarProperty.lineTerminator.contains(text[position])
                && !(text[position] == 0x0A && position > 0 && text[position - 1] == 0x0D)
        case .wordBoundary:
            return isWordBoundary(in: text, at: position)
        case .notWordBoundary:
            return !isWordBoundary(in: text, at: position)
        }
    }

    /// ICU's `\b`: a word character on one side only, looking through combining marks
    /// and format characters; never inside a combining sequence.
    private static func isWordBoundary(in text: UnsafeBufferPointer<UInt32>, at position: Int) -> Bool {
        var currentIsWord = false
        if position < text.count {
            let scalar = text[position]
            if ScalarClass.boundaryTransparent.contains(scalar) { return false }
            currentIsWord = ScalarClass.word.contains(scalar)
        }
        var previousIsWord = false
        var index = position
        while index > 0 {
            index -= 1
            let scalar = text[index]
            if !ScalarClass.boundaryTransparent.contains(scalar) {
                previousIsWord = ScalarClass.word.contains(scalar)
                break
            }
        }
        return currentIsWord != previousIsWord
    }
}

// MARK: - Compilation

private struct Compiler {
    var units: [RegexProgram.Unit] = []
    var classes: [ScalarClass] = []
    var tries: [LiteralTrie] = []
    private var classIndex: [ClassSpec: Int] = [:]
    private var size = 0

    /// Compiles `node` as a new unit and returns its index.
    /// Whether `target` leads to `succeed` without consuming or testing anything.
    private static func reachesSuccess(_ target: Int, in code: [RegexProgram.Instruction]) -> Bool {
        var pc = target
        for _ in 0..<8 {
            switch code[pc] {
            case .succeed: return true
            case .jump(let next): pc = next
            default: return false
            }
        }
        return false
    }

    /// `returnsEnd`: the unit's end position is used (atomic groups), so its order of
    /// preference must be ICU's; otherwise only whether it matches counts.
    mutating func compileUnit(_ node: RegexNode, direction: RegexProgram.Direction, returnsEnd: Bool = false) throws(RegexParseFailure) -> Int {
        let index = units.count
        units.append(RegexProgram.Unit(instructions: [], direction: direction))
        let outerLoop = emptyLoop
        emptyLoop = false
        var code: [RegexProgram.Instruction] = []
        try compile(node, direction: direction, into: &code)
        code.append(.succeed)
        if !returnsEnd {
            // Only whether the unit matches counts, not where the match ends: a loop that
            // may exit straight to success takes that exit first (a greedy `\\s+` or
            // `[.!?]+` at the edge of a pattern would otherwise run to the end of the text
            // before succeeding).
            for (offset, instruction) in code.enumerated() {
                if case .split(let preferred, let alternative) = instruction, Self.reachesSuccess(alternative, in: code) {
                    code[offset] = .split(preferred: alternative, alternative: preferred)
                }
            }
        }
        units[index].instructions = code
        units[index].hasEmptyLoop = emptyLoop
        emptyLoop = outerLoop
        return index
    }

    /// Whether the unit being compiled has a loop whose body can match empty.
    private var emptyLoop = false

    private mutating func emit(_ instruction: RegexProgram.Instruction, into code: inout [RegexProgram.Instruction]) throws(RegexParseFailure) {
        size += 1
        if size > RegexProgram.instructionLimit { throw .unsupported("a pattern this large (counted repetitions)") }
        code.append(instruction)
    }

    private mutating func compile(_ node: RegexNode, direction: RegexProgram.Direction, into code: inout [RegexProgram.Instruction]) throws(RegexParseFailure) {
        switch node {
        case .empty:
            break
        case .scalar(let scalar):
            try emit(.scalar(scalar), into: &code)
        case .set(let spec):
            try emit(.set(index(of: spec)), into: &code)
        case .concat(let items):
            for item in direction == .forward ? items : items.reversed() {
                try compile(item, direction: direction, into: &code)
            }
        case .alternation(let branches):
            if let literals = Self.literalStrings(branches) {
                tries.append(LiteralTrie(literals, reversed: direction == .backward))
                try emit(.trie(tries.count - 1), into: &code)
                return
            }
            var exits: [Int] = []
            for (offset, branch) in branches.enumerated() {
                if offset < branches.count - 1 {
                    let split = code.count
                    try emit(.split(preferred: split + 1, alternative: -1), into: &code)
                    try compile(branch, direction: direction, into: &code)
                    exits.append(code.count)
                    try emit(.jump(-1), into: &code)
                    code[split] = .split(preferred: split + 1, alternative: code.count)
                } else {
                    try compile(branch, direction: direction, into: &code)
                }
            }
            for exit in exits { code[exit] = .jump(code.count) }
        case .repetition(let body, let min, let max, let mode):
            if mode == .possessive {
                guard direction == .forward else { throw .unsupported("a possessive quantifier matched backwards") }
                let unit = try compileUnit(.repetition(body, min: min, max: max, mode: .greedy), direction: direction, returnsEnd: true)
                try emit(.atomic(unit: unit), into: &code)
                return
            }
            let greedy = mode == .greedy
            for _ in 0..<min {
                try compile(body, direction: direction, into: &code)
            }
            if let max {
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(code.count)
                    try emit(.jump(-1), into: &code)
                    try compile(body, direction: direction, into: &code)
                }
                let end = code.count
                for split in splits {
                    code[split] = greedy
                        ? .split(preferred: split + 1, alternative: end)
                        : .split(preferred: end, alternative: split + 1)
                }
            } else {
                if body.isNullable { emptyLoop = true }
                let loop = code.count
                try emit(.jump(-1), into: &code)
                try compile(body, direction: direction, into: &code)
                try emit(.jump(loop), into: &code)
                let end = code.count
                code[loop] = greedy
                    ? .split(preferred: loop + 1, alternative: end)
                    : .split(preferred: end, alternative: loop + 1)
            }
        case .atomic(let body):
            guard direction == .forward else { throw .unsupported("an atomic group matched backwards") }
            let unit = try compileUnit(body, direction: direction, returnsEnd: true)
            try emit(.atomic(unit: unit), into: &code)
        case .lookaround(let body, let behind, let negative):
            let unit = try compileUnit(body, direction: behind ? .backward : .forward)
            try emit(.lookaround(unit: unit, negative: negative), into: &code)
        case .assertion(let assertion):
            try emit(.assert(assertion), into: &code)
        }
    }

    private mutating func index(of spec: ClassSpec) -> Int {
        if let index = classIndex[spec] { return index }
        classes.append(ScalarClass(spec))
        classIndex[spec] = classes.count - 1
        return classes.count - 1
    }

    /// The branches as strings of scalars, if every branch is a plain literal.
    private static func literalStrings(_ branches: [RegexNode]) -> [[UInt32]]? {
        guard branches.count >= 2 else { return nil }
        var result: [[UInt32]] = []
        for branch in branches {
            guard let literal = literal(branch) else { return nil }
            result.append(literal)
        }
        return result
    }

    private static func literal(_ node: RegexNode) -> [UInt32]? {
        switch node {
        case .empty: return []
        case .scalar(let scalar): return [scalar]
        case .concat(let items):
            var result: [UInt32] = []
            for item in items {
                guard let part = literal(item) else { return nil }
                result += part
            }
            return result
        default: return nil
        }
    }
}

// MARK: - Literal alternations

/// An alternation of literal strings (`Mme|MM|M|Dr|...`) as a trie, so an abbreviation
/// list costs a few lookups instead of one attempt per alternative. Built over the
/// reversed strings for backward matching.
final class LiteralTrie: Sendable {
    /// Node `n`'s children are `keys[childStart[n] ..< childStart[n] + childCount[n]]`,
    /// leading to `targets[...]`; `branch[n]` is the earliest branch ending there, or -1.
    private let childStart: [Int]
    private let childCount: [Int]
    private let keys: [UInt32]
    private let targets: [Int]
    private let branch: [Int]
    /// The length of the longest string.
    private let depth: Int

    init(_ strings: [[UInt32]], reversed: Bool) {
        // Build with dictionaries, then flatten.
        var children: [[UInt32: Int]] = [[:]]
        var ends: [Int] = [-1]
        var depth = 0
        for (index, string) in strings.enumerated() {
            var node = 0
            for scalar in reversed ? string.reversed() : string {
                if let next = children[node][scalar] {
                    node = next
                } else {
                    children.append([:])
                    ends.append(-1)
                    children[node][scalar] = children.count - 1
                    node = children.count - 1
                }
            }
            if ends[node] < 0 { ends[node] = index }
            depth = max(depth, string.count)
        }
        var childStart: [Int] = []
        var childCount: [Int] = []
        var keys: [UInt32] = []
        var targets: [Int] = []
        for node in children {
            childStart.append(keys.count)
            childCount.append(node.count)
            for (key, target) in node.sorted(by: { $0.key < $1.key }) {
                keys.append(key)
                targets.append(target)
            }
        }
        self.childStart = childStart
        self.childCount = childCount
        self.keys = keys
        self.targets = targets
        self.branch = ends
        self.depth = depth
    }

    /// Pushes a (continuation, end position) pair for every string that matches at
    /// `position` (starting there, or ending there when matching backwards), so that the
    /// earliest branch ends up on top of the stack.
    func pushMatches(in text: UnsafeBufferPointer<UInt32>, at position: Int, forward: Bool, continuation: Int, onto stack: inout [Int]) {
        withUnsafeTemporaryAllocation(of: (branch: Int, length: Int).self, capacity: depth + 1) { found in
            var count = 0
            var node = 0
            var length = 0
            keys.withUnsafeBufferPointer { keys in
                while true {
                    let ending = branch[node]
                    if ending >= 0 {
                        found[count] = (ending, length)
                        count += 1
                    }
                    let index = forward ? position + length : position - length - 1
                    guard index >= 0, index < text.count else { break }
                    let scalar = text[index]
                    // Binary search among the node's sorted keys.
                    var low = childStart[node]
                    var high = low + childCount[node]
                    while low < high {
                        let middle = (low + high) / 2
                        if keys[middle] < scalar { low = middle + 1 } else { high = middle }
                    }
                    guard low < childStart[node] + childCount[node], keys[low] == scalar else { break }
                    node = targets[low]
                    length += 1
                }
            }
            // Latest branch first, so the earliest is pushed last.
            if count > 1 {
                for i in 1..<count {
                    let item = found[i]
                    var j = i
                    while j > 0, found[j - 1].branch < item.branch {
                        found[j] = found[j - 1]
                        j -= 1
                    }
                    found[j] = item
                }
            }
            for i in 0..<count {
                stack.append(continuation)
                stack.append(forward ? position + found[i].length : position - found[i].length)
            }
        }
    }
}
