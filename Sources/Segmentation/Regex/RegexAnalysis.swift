/// What can be said about a pattern without running it: whether it can match the empty
/// string, and which scalars it can consume first or last. The segmenter uses this to
/// rule out, with one bitmap lookup, the positions where a rule cannot apply.
///
/// The sets over-approximate: a scalar outside them can never be the first (last) one a
/// match consumes, which is all the segmenter relies on.
extension RegexNode {
    /// Whether some match of the node consumes nothing.
    var isNullable: Bool {
        switch self {
        case .empty, .assertion, .lookaround: true
        case .scalar, .set: false
        case .concat(let items): items.allSatisfy(\.isNullable)
        case .alternation(let branches): branches.contains(where: \.isNullable)
        case .repetition(let body, let min, _, _): min == 0 || body.isNullable
        case .atomic(let body): body.isNullable
        }
    }

    /// The classes the first consumed scalar belongs to (forward matching).
    var firstScalars: [ClassSpec] { edgeScalars(first: true) }

    /// The classes the last consumed scalar belongs to.
    var lastScalars: [ClassSpec] { edgeScalars(first: false) }

    private func edgeScalars(first: Bool) -> [ClassSpec] {
        switch self {
        case .empty, .assertion, .lookaround:
            return []
        case .scalar(let scalar):
            return [ClassSpec([.scalar(scalar)])]
        case .set(let spec):
            return [spec]
        case .concat(let items):
            var result: [ClassSpec] = []
            for item in first ? items : items.reversed() {
                result += item.edgeScalars(first: first)
                if !item.isNullable { break }
            }
            return result
        case .alternation(let branches):
            return branches.flatMap { $0.edgeScalars(first: first) }
        case .repetition(let body, _, let max, _):
            return max == 0 ? [] : body.edgeScalars(first: first)
        case .atomic(let body):
            return body.edgeScalars(first: first)
        }
    }
}

/// A precomputed test of the scalar next to a candidate position.
struct EdgeFilter: Sendable {
    /// `nil`: any scalar may be there (the pattern can match empty, or is opaque).
    private let allowed: ScalarClass?

    static let anything = EdgeFilter(allowed: nil)

    private init(allowed: ScalarClass?) {
        self.allowed = allowed
    }

    /// The filter for the scalars a pattern can consume first (`first`) or last.
    init(_ node: RegexNode, first: Bool) {
        if node.isNullable {
            self.init(allowed: nil)
        } else {
            let specs = first ? node.firstScalars : node.lastScalars
            self.init(allowed: ScalarClass(ClassSpec(specs.map { ClassItem.set($0) })))
        }
    }

    /// Unions of filters (for the candidate scan over all break rules).
    init(union filters: [EdgeFilter]) {
        var specs: [ClassItem] = []
        for filter in filters {
            guard let allowed = filter.allowed else {
                self.init(allowed: nil)
                return
            }
            specs.append(.set(allowed.spec))
        }
        self.init(allowed: ScalarClass(ClassSpec(specs)))
    }

    var allowsEverything: Bool { allowed == nil }

    @inline(__always)
    func allows(_ scalar: UInt32) -> Bool {
        allowed?.contains(scalar) ?? true
    }
}
