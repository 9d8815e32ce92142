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
struct RegexProgram: Sendable {
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

    private(set) var units: [Unit] = []
    private(set) var classes: [ScalarClass] = []
    private(set) var tries: [LiteralTrie] = []
    private let word: ScalarClass
    private let boundaryTransparent: ScalarClass

    /// The largest program the compiler produces before leaving a pattern to ICU.
    static let instructionLimit = 40_000

    /// Compiles a parsed pattern to run in `direction` from its anchor position.
    /// - Throws: ``RegexParseFailure/unsupported(_:)`` for constructs the matcher does not
    ///   run in that direction, or a program that would be too large.
    init(_ root: RegexNode, direction: Direction) throws(RegexParseFailure) {
        word = ScalarClass(.word)
        boundaryTransparent = ScalarClass(ClassSpec([.property(.boundaryTransparent)]))
        var compiler = Compiler()
        _ = try compiler.compileUnit(root, direction: direction)
        units = compiler.units
        classes = compiler.classes
        tries = compiler.tries
    }

    // MARK: Matching

    /// Whether the program matches starting (forward) or ending (backward) at `position`.
    func matches(in text: UnsafeBufferPointer<UInt32>, at position: Int, stack: inout [Int]) -> Bool {
        run(unit: 0, from: position, in: text, stack: &stack) != nil
    }

    /// Runs one unit from `start`; returns where the first successful path (in ICU's
    /// order of preference) ends, or `nil`.
    private func run(unit unitIndex: Int, from start: Int, in text: UnsafeBufferPointer<UInt32>, stack: inout [Int]) -> Int? {
        if !units[unitIndex].hasEmptyLoop, let end = run(unit: unitIndex, from: start, in: text, stack: &stack, memoizing: false) {
            return end >= 0 ? end : nil
        }
        // The step budget ran out: explore again, never revisiting a state.
        let end = run(unit: unitIndex, from: start, in: text, stack: &stack, memoizing: true)
        return end.flatMap { $0 >= 0 ? $0 : nil }
    }

    private static let stepBudget = 20_000

    /// Returns the end of the match, -1 when there is none, or `nil` when the step budget
    /// of a non-memoising run is spent.
    private func run(
        unit unitIndex: Int, from start: Int, in text: UnsafeBufferPointer<UInt32>,
        stack: inout [Int], memoizing: Bool
    ) -> Int? {
        let unit = units[unitIndex]
        let forward = unit.direction == .forward
        let count = text.count
        let base = stack.count
        defer { stack.removeSubrange(base...) }
        var visited = Set<Int>()
        var steps = 0
        var pc = 0
        var position = start

        return unit.instructions.withUnsafeBufferPointer { code -> Int? in
            while true {
                var failed = false
                if memoizing {
                    if !visited.insert(pc &* (count &+ 1) &+ position).inserted { failed = true }
                } else {
                    steps &+= 1
                    if steps > Self.stepBudget { return nil }
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
                            if position < count, classes[index].contains(text[position]) { position += 1; pc += 1 } else { failed = true }
                        } else {
                            if position > 0, classes[index].contains(text[position - 1]) { position -= 1; pc += 1 } else { failed = true }
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
                        if holds(assertion, in: text, at: position) { pc += 1 } else { failed = true }
                    case .lookaround(let body, let negative):
                        let found = run(unit: body, from: position, in: text, stack: &stack) != nil
                        if found != negative { pc += 1 } else { failed = true }
                    case .atomic(let body):
                        if let end = run(unit: body, from: position, in: text, stack: &stack) {
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
    }

    private func holds(_ assertion: RegexAssertion, in text: UnsafeBufferPointer<UInt32>, at position: Int) -> Bool {
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
    private func isWordBoundary(in text: UnsafeBufferPointer<UInt32>, at position: Int) -> Bool {
        var currentIsWord = false
        if position < text.count {
            let scalar = text[position]
            if boundaryTransparent.contains(scalar) { return false }
            currentIsWord = word.contains(scalar)
        }
        var previousIsWord = false
        var index = position
        while index > 0 {
            index -= 1
            let scalar = text[index]
            if !boundaryTransparent.contains(scalar) {
                previousIsWord = word.contains(scalar)
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
    mutating func compileUnit(_ node: RegexNode, direction: RegexProgram.Direction) throws(RegexParseFailure) -> Int {
        let index = units.count
        units.append(RegexProgram.Unit(instructions: [], direction: direction))
        let outerLoop = emptyLoop
        emptyLoop = false
        var code: [RegexProgram.Instruction] = []
        try compile(node, direction: direction, into: &code)
        code.append(.succeed)
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
                let unit = try compileUnit(.repetition(body, min: min, max: max, mode: .greedy), direction: direction)
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
            let unit = try compileUnit(body, direction: direction)
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
struct LiteralTrie: Sendable {
    private struct Node: Sendable {
        var keys: [UInt32] = []
        var children: [Int] = []
        /// The earliest branch that ends here (ICU tries branches in order).
        var branch: Int?
    }

    private var nodes = [Node()]

    init(_ strings: [[UInt32]], reversed: Bool) {
        for (branch, string) in strings.enumerated() {
            var node = 0
            for scalar in reversed ? string.reversed() : string {
                if let slot = nodes[node].keys.firstIndex(of: scalar) {
                    node = nodes[node].children[slot]
                } else {
                    nodes.append(Node())
                    nodes[node].keys.append(scalar)
                    nodes[node].children.append(nodes.count - 1)
                    node = nodes.count - 1
                }
            }
            if nodes[node].branch == nil { nodes[node].branch = branch }
            depth = max(depth, string.count)
        }
    }

    /// The length of the longest string.
    private var depth = 0

    /// Pushes a (continuation, end position) pair for every string that matches at
    /// `position` (starting there, or ending there when matching backwards), so that the
    /// earliest branch ends up on top of the stack.
    func pushMatches(in text: UnsafeBufferPointer<UInt32>, at position: Int, forward: Bool, continuation: Int, onto stack: inout [Int]) {
        withUnsafeTemporaryAllocation(of: (branch: Int, length: Int).self, capacity: depth + 1) { found in
            var count = 0
            var node = 0
            var length = 0
            while true {
                if let branch = nodes[node].branch {
                    found[count] = (branch, length)
                    count += 1
                }
                let index = forward ? position + length : position - length - 1
                guard index >= 0, index < text.count,
                      let slot = nodes[node].keys.firstIndex(of: text[index]) else { break }
                node = nodes[node].children[slot]
                length += 1
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
