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

    /// Whether a lookbehind has no maximum length (Java accepts some, ICU none).
    var hasUnboundedLookbehind: Bool {
        switch self {
        case .empty, .scalar, .set, .assertion: false
        case .concat(let items), .alternation(let items): items.contains(where: \.hasUnboundedLookbehind)
        case .repetition(let body, _, _, _), .atomic(let body): body.hasUnboundedLookbehind
        case .lookaround(let body, let behind, _): (behind && body.isUnbounded) || body.hasUnboundedLookbehind
        }
    }

    /// Whether matches can be arbitrarily long.
    var isUnbounded: Bool {
        switch self {
        case .empty, .scalar, .set, .assertion, .lookaround: false
        case .concat(let items), .alternation(let items): items.contains(where: \.isUnbounded)
        case .repetition(let body, _, let max, _): max == nil ? !body.isEmptyMatchOnly : body.isUnbounded
        case .atomic(let body): body.isUnbounded
        }
    }

    /// Whether the node only ever matches the empty string.
    private var isEmptyMatchOnly: Bool {
        switch self {
        case .empty, .assertion, .lookaround: true
        case .scalar, .set: false
        case .concat(let items), .alternation(let items): items.allSatisfy(\.isEmptyMatchOnly)
        case .repetition(let body, _, let max, _): max == 0 || body.isEmptyMatchOnly
        case .atomic(let body): body.isEmptyMatchOnly
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

extension RegexNode {
    /// The classes of the scalar one step further from the anchor than the edge (the
    /// second scalar of a forward match, or the one before the last of a backward one),
    /// or `nil` when it is unconstrained: some match is shorter than two scalars, or the
    /// pattern is too varied to tell.
    func secondScalars(fromStart: Bool) -> [ClassSpec]? {
        guard let prefixes = Self.prefixes(self, fromStart: fromStart) else { return nil }
        var specs: Set<ClassSpec> = []
        for prefix in prefixes {
            guard prefix.count == 2 else { return nil }
            specs.insert(prefix[1])
        }
        return Array(specs)
    }

    /// The first two scalars (as classes) of every match, truncated; `nil` beyond a
    /// size that is worth tracking. From the end when `fromStart` is false.
    private static func prefixes(_ node: RegexNode, fromStart: Bool) -> Set<[ClassSpec]>? {
        let limit = 256
        func combine(_ left: Set<[ClassSpec]>, _ right: Set<[ClassSpec]>) -> Set<[ClassSpec]>? {
            var result = Set<[ClassSpec]>()
            for head in left {
                if head.count >= 2 {
                    result.insert(head)
                } else {
                    for tail in right { result.insert(Array((head + tail).prefix(2))) }
                }
                if result.count > limit { return nil }
            }
            return result
        }
        switch node {
        case .empty, .assertion, .lookaround:
            return [[]]
        case .scalar(let scalar):
            return [[ClassSpec([.scalar(scalar)])]]
        case .set(let spec):
            return [[spec]]
        case .concat(let items):
            var result: Set<[ClassSpec]> = [[]]
            for item in fromStart ? items : items.reversed() {
                guard let next = prefixes(item, fromStart: fromStart), let combined = combine(result, next) else { return nil }
                result = combined
                if result.allSatisfy({ $0.count >= 2 }) { break }
            }
            return result
        case .alternation(let branches):
            var result = Set<[ClassSpec]>()
            for branch in branches {
                guard let next = prefixes(branch, fromStart: fromStart) else { return nil }
                result.formUnion(next)
                if result.count > limit { return nil }
            }
            return result
        case .repetition(let body, let min, let max, _):
            guard let once = prefixes(body, fromStart: fromStart) else { return nil }
            // Two non-empty iterations decide two scalars; empty ones change nothing.
            let low = Swift.min(min, 3)
            let high = Swift.min(max ?? (low + 2), low + 2)
            var copies: Set<[ClassSpec]> = [[]]
            for _ in 0..<low {
                guard let next = combine(copies, once) else { return nil }
                copies = next
            }
            var result = copies
            if high > low {
                for _ in low..<high {
                    guard let next = combine(copies, once) else { return nil }
                    copies = next
                    result.formUnion(copies)
                    if result.count > limit { return nil }
                }
            }
            return result
        case .atomic(let body):
            return prefixes(body, fromStart: fromStart)
        }
    }
}

/// A precomputed test of the scalar next to a candidate position.
struct EdgeFilter: Sendable {
    /// `nil`: any scalar may be there (the pattern can match empty, or is opaque).
    let allowed: ScalarClass?

    static let anything = EdgeFilter(allowed: nil)

    private init(allowed: ScalarClass?) {
        self.allowed = allowed
    }

    /// The filter for the scalars a pattern can consume first (`first`) or last.
    init(_ node: RegexNode, first: Bool) {
        if node.isNullable {
            self.init(allowed: nil)
        } else {
            self.init(allowed: ScalarClass(union: first ? node.firstScalars : node.lastScalars))
        }
    }

    /// The filter for the scalar after the first one (`first`) or before the last one.
    init(secondOf node: RegexNode, first: Bool) {
        self.init(allowed: node.secondScalars(fromStart: first).map { ScalarClass(union: $0) })
    }

    /// Unions of filters (for the candidate scan over all break rules).
    init(union filters: [EdgeFilter]) {
        var specs: [ClassSpec] = []
        for filter in filters {
            guard let allowed = filter.allowed else {
                self.init(allowed: nil)
                return
            }
            specs.append(allowed.spec)
        }
        self.init(allowed: ScalarClass(union: specs))
    }

    var allowsEverything: Bool { allowed == nil }

    /// How much of running text the filter lets through, roughly (see
    /// ``ScalarClass/estimatedFrequency``); `.infinity` when it lets everything through.
    var estimatedFrequency: Double { allowed?.estimatedFrequency ?? .infinity }

    @inline(__always)
    func allows(_ scalar: UInt32) -> Bool {
        allowed?.contains(scalar) ?? true
    }
}

/// Edge filters flattened for the segmenter's inner loop (see ``ScalarClassTable``).
typealias EdgeTable = ScalarClassTable

extension ScalarClassTable {
    convenience init(_ filters: [EdgeFilter]) {
        self.init(filters.map(\.allowed))
    }

    @inline(__always)
    func allows(_ filter: Int, _ scalar: UInt32) -> Bool {
        contains(filter, scalar)
    }
}
