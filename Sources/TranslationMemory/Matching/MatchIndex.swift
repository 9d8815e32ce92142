import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One unit as the match index sees it.
struct IndexEntry: Sendable {
    var unitID: Int64
    var sourcePrimary: String
    var targetPrimary: String
    var sourceTag: String
    var targetTag: String
    /// The normalised source (see ``TextNormalization``).
    var normalizedSource: String
    var origin: UnitOrigin
}

/// A match found by the index: the unit and its exact distance to the query.
struct IndexMatch: Sendable, Hashable {
    var unitID: Int64
    var distance: Int
    var longest: Int
    var origin: UnitOrigin
    var inContext: Bool
    var similarity: Double { Similarity.score(distance: distance, longest: longest) }
}

/// The candidate index of a memory's sources: padded character trigrams with their
/// postings, over units ordered by (language pair, length, id), persisted as one
/// binary file that is memory-mapped (derived data: rebuilt from the database when
/// its generation is stale).
///
/// Lookup is exact. With padding (two sentinels each side), strings at distance `d`
/// whose longer one has `m` scalars share at least `m + 2 − 3d` trigrams (counting
/// multiplicity), and `d ≥ |len a − len b|`. Every unit whose bound allows the
/// threshold is a candidate; candidates are verified by decreasing upper bound with a
/// bit-parallel edit distance cut off at the distance the current k-th best allows,
/// and the scan stops when no remaining bound can reach it.
final class MatchIndex: @unchecked Sendable {
    static let magic: UInt64 = 0x3130_5844_4E49_4D54  // "TMINDX01"
    private static let q = 3
    private static let startSentinel: UInt64 = 0x1F_FFFE
    private static let endSentinel: UInt64 = 0x1F_FFFF

    struct PairRange: Codable {
        var source: String
        var target: String
        var start: Int
        var end: Int
    }

    private struct Metadata: Codable {
        var pairs: [PairRange]
        var tagPairs: [[String]]
    }

    let generation: UInt64
    let unitCount: Int
    /// The largest unit id indexed (0 when empty): units above it were stored later.
    private(set) lazy var largestUnitID: Int64 = (0..<unitCount).reduce(0) { max($0, unitIDs[$1]) }
    private let storage: Storage
    private let unitIDs: UnsafePointer<Int64>
    private let textOffsets: UnsafePointer<UInt64>
    private let gramKeys: UnsafePointer<UInt64>
    private let gramCount: Int
    private let gramOffsets: UnsafePointer<UInt64>
    private let postings: UnsafePointer<UInt32>
    private let lengths: UnsafePointer<UInt32>
    private let tagPairs: UnsafePointer<UInt16>
    private let origins: UnsafePointer<UInt8>
    private let text: UnsafePointer<UInt8>
    private let pairs: [PairRange]
    private let tagPairNames: [[String]]

    /// The bytes of an index: allocated or memory-mapped.
    private final class Storage: @unchecked Sendable {
        let base: UnsafeRawPointer
        let count: Int
        private let release: () -> Void
        init(base: UnsafeRawPointer, count: Int, release: @escaping () -> Void) {
            self.base = base
            self.count = count
            self.release = release
        }
        deinit { release() }
    }

    // MARK: Layout

    private struct Layout {
        var unitCount: Int, gramCount: Int, postingCount: Int, textBytes: Int
        static let headerSize = 80
        private static func align(_ x: Int) -> Int { (x + 7) & ~7 }
        var unitIDs: Int { Self.headerSize }
        var textOffsets: Int { unitIDs + 8 * unitCount }
        var gramKeys: Int { textOffsets + 8 * (unitCount + 1) }
        var gramOffsets: Int { gramKeys + 8 * gramCount }
        var postings: Int { gramOffsets + 8 * (gramCount + 1) }
        var lengths: Int { Self.align(postings + 4 * postingCount) }
        var tagPairs: Int { Self.align(lengths + 4 * unitCount) }
        var origins: Int { Self.align(tagPairs + 2 * unitCount) }
        var text: Int { Self.align(origins + unitCount) }
        var metadata: Int { Self.align(text + textBytes) }
    }

    private init(storage: Storage) throws {
        let base = storage.base
        func word(_ i: Int) -> UInt64 { base.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self) }
        guard storage.count >= Layout.headerSize, word(0) == Self.magic else { throw MatchIndexError.corrupt }
        generation = word(1)
        let layout = Layout(unitCount: Int(word(2)), gramCount: Int(word(3)), postingCount: Int(word(4)), textBytes: Int(word(5)))
        let metadataLength = Int(word(6))
        guard layout.metadata + metadataLength == storage.count else { throw MatchIndexError.corrupt }
        self.storage = storage
        unitCount = layout.unitCount
        gramCount = layout.gramCount
        unitIDs = (base + layout.unitIDs).assumingMemoryBound(to: Int64.self)
        textOffsets = (base + layout.textOffsets).assumingMemoryBound(to: UInt64.self)
        gramKeys = (base + layout.gramKeys).assumingMemoryBound(to: UInt64.self)
        gramOffsets = (base + layout.gramOffsets).assumingMemoryBound(to: UInt64.self)
        postings = (base + layout.postings).assumingMemoryBound(to: UInt32.self)
        lengths = (base + layout.lengths).assumingMemoryBound(to: UInt32.self)
        tagPairs = (base + layout.tagPairs).assumingMemoryBound(to: UInt16.self)
        origins = (base + layout.origins).assumingMemoryBound(to: UInt8.self)
        text = (base + layout.text).assumingMemoryBound(to: UInt8.self)
        let metadata = try JSONDecoder().decode(
            Metadata.self, from: Data(bytes: base + layout.metadata, count: metadataLength))
        pairs = metadata.pairs
        tagPairNames = metadata.tagPairs
    }

    // MARK: Building

    private static func gramKey(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 { a << 42 | b << 21 | c }

    /// Calls `body` with each padded trigram key of `scalars` (none when empty).
    @inline(__always)
    private static func forEachGram(_ scalars: UnsafeBufferPointer<UInt32>, _ body: (UInt64) -> Void) {
        let n = scalars.count
        guard n > 0 else { return }
        var a = startSentinel, b = startSentinel
        for i in 0..<(n + 2) {
            let c = i < n ? UInt64(scalars[i]) : endSentinel
            body(gramKey(a, b, c))
            a = b
            b = c
        }
    }

    /// Builds the index bytes of `entries` (a memory's units, any order).
    static func build(_ entries: [IndexEntry], generation: UInt64) throws -> MatchIndex {
        let n = entries.count
        // Languages.
        var pairIndex: [String: Int] = [:]
        var tagPairIndex: [String: Int] = [:]
        var tagPairNames: [[String]] = []
        var pairKeys: [[String]] = []
        for entry in entries {
            let pairKey = entry.sourcePrimary + "\t" + entry.targetPrimary
            if pairIndex[pairKey] == nil { pairIndex[pairKey] = 0; pairKeys.append([entry.sourcePrimary, entry.targetPrimary]) }
            let tagKey = entry.sourceTag + "\t" + entry.targetTag
            if tagPairIndex[tagKey] == nil { tagPairIndex[tagKey] = tagPairNames.count; tagPairNames.append([entry.sourceTag, entry.targetTag]) }
        }
        pairKeys.sort { ($0[0], $0[1]) < ($1[0], $1[1]) }
        for (i, key) in pairKeys.enumerated() { pairIndex[key[0] + "\t" + key[1]] = i }
        guard tagPairNames.count <= Int(UInt16.max) else { throw MatchIndexError.tooManyLanguages }

        // Scalars of every source, and the order: pair, length, id.
        var scalarStart = [Int](repeating: 0, count: n + 1)
        var scalars: [UInt32] = []
        scalars.reserveCapacity(entries.reduce(0) { $0 + $1.normalizedSource.utf8.count })
        var entryPair = [Int](repeating: 0, count: n)
        for (i, entry) in entries.enumerated() {
            for s in entry.normalizedSource.unicodeScalars { scalars.append(s.value) }
            scalarStart[i + 1] = scalars.count
            entryPair[i] = pairIndex[entry.sourcePrimary + "\t" + entry.targetPrimary]!
        }
        let order = (0..<n).sorted { x, y in
            let lx = scalarStart[x + 1] - scalarStart[x], ly = scalarStart[y + 1] - scalarStart[y]
            if entryPair[x] != entryPair[y] { return entryPair[x] < entryPair[y] }
            if lx != ly { return lx < ly }
            return entries[x].unitID < entries[y].unitID
        }
        var pairRanges: [PairRange] = pairKeys.map { PairRange(source: $0[0], target: $0[1], start: 0, end: 0) }
        for (position, entry) in order.enumerated() {
            let p = entryPair[entry]
            if pairRanges[p].end == 0 { pairRanges[p].start = position }
            pairRanges[p].end = position + 1
        }

        // Trigrams: ids in first-seen order, then the postings by key order.
        var gramID: [UInt64: Int32] = [:]
        gramID.reserveCapacity(1 << 18)
        var keys: [UInt64] = []
        var gramCounts: [Int] = []
        var occurrence: [Int32] = []
        occurrence.reserveCapacity(scalars.count + 2 * n)
        scalars.withUnsafeBufferPointer { all in
            for entry in order {
                let slice = UnsafeBufferPointer(rebasing: all[scalarStart[entry]..<scalarStart[entry + 1]])
                forEachGram(slice) { key in
                    let id: Int32
                    if let known = gramID[key] {
                        id = known
                        gramCounts[Int(id)] += 1
                    } else {
                        id = Int32(keys.count)
                        gramID[key] = id
                        keys.append(key)
                        gramCounts.append(1)
                    }
                    occurrence.append(id)
                }
            }
        }
        gramID = [:]
        let gramOrder = keys.indices.sorted { keys[$0] < keys[$1] }
        var rank = [Int](repeating: 0, count: keys.count)
        for (r, g) in gramOrder.enumerated() { rank[g] = r }
        var offsets = [UInt64](repeating: 0, count: keys.count + 1)
        for (r, g) in gramOrder.enumerated() { offsets[r + 1] = offsets[r] + UInt64(gramCounts[g]) }

        var textBytes = 0
        for entry in entries { textBytes += entry.normalizedSource.utf8.count }
        let layout = Layout(unitCount: n, gramCount: keys.count, postingCount: occurrence.count, textBytes: textBytes)
        let metadata = try JSONEncoder().encode(Metadata(pairs: pairRanges, tagPairs: tagPairNames))
        let size = layout.metadata + metadata.count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        let header: [UInt64] = [magic, generation, UInt64(n), UInt64(keys.count), UInt64(occurrence.count), UInt64(textBytes), UInt64(metadata.count), 0, 0, 0]
        for (i, value) in header.enumerated() { raw.storeBytes(of: value, toByteOffset: 8 * i, as: UInt64.self) }
        let ids = (raw + layout.unitIDs).assumingMemoryBound(to: Int64.self)
        let textOffsets = (raw + layout.textOffsets).assumingMemoryBound(to: UInt64.self)
        let lengths = (raw + layout.lengths).assumingMemoryBound(to: UInt32.self)
        let tags = (raw + layout.tagPairs).assumingMemoryBound(to: UInt16.self)
        let origins = (raw + layout.origins).assumingMemoryBound(to: UInt8.self)
        let text = (raw + layout.text).assumingMemoryBound(to: UInt8.self)
        var textCursor = 0
        for (position, e) in order.enumerated() {
            let entry = entries[e]
            ids[position] = entry.unitID
            lengths[position] = UInt32(scalarStart[e + 1] - scalarStart[e])
            tags[position] = UInt16(tagPairIndex[entry.sourceTag + "\t" + entry.targetTag]!)
            origins[position] = UInt8(UnitOrigin.allCases.firstIndex(of: entry.origin)!)
            textOffsets[position] = UInt64(textCursor)
            for byte in entry.normalizedSource.utf8 {
                text[textCursor] = byte
                textCursor += 1
            }
        }
        textOffsets[n] = UInt64(textCursor)
        let keyOut = (raw + layout.gramKeys).assumingMemoryBound(to: UInt64.self)
        for (r, g) in gramOrder.enumerated() { keyOut[r] = keys[g] }
        let offsetOut = (raw + layout.gramOffsets).assumingMemoryBound(to: UInt64.self)
        for (i, value) in offsets.enumerated() { offsetOut[i] = value }
        let postingOut = (raw + layout.postings).assumingMemoryBound(to: UInt32.self)
        var cursor = offsets
        var k = 0
        for position in 0..<n {
            let e = order[position]
            let grams = scalarStart[e + 1] - scalarStart[e]
            let count = grams == 0 ? 0 : grams + 2
            for _ in 0..<count {
                let r = rank[Int(occurrence[k])]
                postingOut[Int(cursor[r])] = UInt32(position)
                cursor[r] += 1
                k += 1
            }
        }
        metadata.withUnsafeBytes { (raw + layout.metadata).copyMemory(from: $0.baseAddress!, byteCount: metadata.count) }
        let storage = Storage(base: UnsafeRawPointer(raw), count: size) { raw.deallocate() }
        return try MatchIndex(storage: storage)
    }

    // MARK: Files

    /// Writes the index to `url` atomically (a temporary file renamed into place).
    func write(to url: URL) throws {
        let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: storage.base), count: storage.count, deallocator: .none)
        try data.write(to: url, options: .atomic)
    }

    /// Maps an index file into memory; `nil` when it is absent or unreadable.
    static func map(_ url: URL) -> MatchIndex? {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= Layout.headerSize else { return nil }
        let size = Int(info.st_size)
        guard let pointer = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), pointer != MAP_FAILED else { return nil }
        let storage = Storage(base: UnsafeRawPointer(pointer), count: size) { munmap(pointer, size) }
        return try? MatchIndex(storage: storage)
    }

    /// The generation recorded in an index file, without mapping it.
    static func generation(of url: URL) -> UInt64? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 16), data.count == 16 else { return nil }
        let words = data.withUnsafeBytes { ($0.loadUnaligned(fromByteOffset: 0, as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
        return words.0 == magic ? words.1 : nil
    }

    // MARK: Search

    private struct Candidate {
        var position: Int32
        var bound: Float64
    }

    /// Decodes the UTF-8 source at `position` into `buffer` (large enough).
    @inline(__always)
    private func decode(_ position: Int, into buffer: UnsafeMutableBufferPointer<UInt32>) -> UnsafeBufferPointer<UInt32> {
        var i = Int(textOffsets[position])
        let end = Int(textOffsets[position + 1])
        var n = 0
        while i < end {
            let b0 = UInt32(text[i])
            if b0 < 0x80 {
                buffer[n] = b0; i += 1
            } else if b0 < 0xE0 {
                buffer[n] = (b0 & 0x1F) << 6 | UInt32(text[i + 1]) & 0x3F; i += 2
            } else if b0 < 0xF0 {
                buffer[n] = (b0 & 0x0F) << 12 | (UInt32(text[i + 1]) & 0x3F) << 6 | UInt32(text[i + 2]) & 0x3F; i += 3
            } else {
                buffer[n] = (b0 & 0x07) << 18 | (UInt32(text[i + 1]) & 0x3F) << 12 | (UInt32(text[i + 2]) & 0x3F) << 6 | UInt32(text[i + 3]) & 0x3F; i += 4
            }
            n += 1
        }
        return UnsafeBufferPointer(rebasing: buffer[0..<n])
    }

    /// The first position in `range` whose length is at least `length`.
    private func firstPosition(in range: Range<Int>, lengthAtLeast length: Int) -> Int {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(lengths[mid]) < length { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The first index in `postings[lo..<hi]` whose value is at least `value`.
    private func lowerBound(_ value: UInt32, _ lo: Int, _ hi: Int) -> Int {
        var lo = lo, hi = hi
        while lo < hi {
            let mid = (lo + hi) / 2
            if postings[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private func gramRange(_ key: UInt64) -> Range<Int>? {
        var lo = 0, hi = gramCount
        while lo < hi {
            let mid = (lo + hi) / 2
            if gramKeys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        guard lo < gramCount, gramKeys[lo] == key else { return nil }
        return Int(gramOffsets[lo])..<Int(gramOffsets[lo + 1])
    }

    /// The best matches for `query` (normalised scalars): exactly the units a brute-force
    /// scan of the pair would return, ranked by similarity, then in-context before exact,
    /// then by origin (human, aligned, imported, machine, propagated order of
    /// ``UnitOrigin``), then by id.
    func search(
        _ query: [UInt32],
        sourceLanguage: LanguageTag,
        targetLanguage: LanguageTag,
        matchRegion: Bool,
        minimumScore: Double,
        limit: Int,
        isInContext: (Int64) throws -> Bool
    ) rethrows -> [IndexMatch] {
        guard limit > 0,
              let pair = pairs.first(where: { $0.source == sourceLanguage.language && $0.target == targetLanguage.language })
        else { return [] }
        let allowedTags: [Bool]? = matchRegion
            ? tagPairNames.map { $0[0] == sourceLanguage.identifier && $0[1] == targetLanguage.identifier }
            : nil
        let threshold = max(minimumScore, Double.leastNonzeroMagnitude)
        let lq = query.count
        // The window of lengths that can reach the threshold.
        var minLength = lq, maxLength = lq
        while minLength > 0, Similarity.score(distance: lq - minLength + 1, longest: lq) >= threshold { minLength -= 1 }
        let longestInPair = Int(lengths[pair.end - 1])
        while maxLength < longestInPair, Similarity.score(distance: maxLength + 1 - lq, longest: maxLength + 1) >= threshold { maxLength += 1 }
        let windowLo = firstPosition(in: pair.start..<pair.end, lengthAtLeast: minLength)
        let windowHi = firstPosition(in: windowLo..<pair.end, lengthAtLeast: maxLength + 1)
        guard windowLo < windowHi else { return [] }

        // Shared padded trigrams (with multiplicity) of every unit in the window.
        var counts = [UInt16](repeating: 0, count: windowHi - windowLo)
        if lq > 0 {
            var queryGrams: [UInt64: Int] = [:]
            query.withUnsafeBufferPointer { Self.forEachGram($0) { queryGrams[$0, default: 0] += 1 } }
            counts.withUnsafeMutableBufferPointer { counts in
                for (key, multiplicity) in queryGrams {
                    guard let range = gramRange(key) else { continue }
                    var i = lowerBound(UInt32(windowLo), range.lowerBound, range.upperBound)
                    let end = lowerBound(UInt32(windowHi), i, range.upperBound)
                    var previous = UInt32.max, run = 0
                    while i < end {
                        let p = postings[i]
                        if p == previous { run += 1 } else { previous = p; run = 1 }
                        if run <= multiplicity { counts[Int(p) - windowLo] &+= 1 }
                        i += 1
                    }
                }
            }
        }

        // Candidates: every unit whose bounds allow the threshold.
        var needed = [Int](repeating: 0, count: maxLength - minLength + 1)
        for length in minLength...maxLength {
            let m = max(length, lq)
            let maxD = Similarity.maximumDistance(scoringAtLeast: threshold, longest: m)
            needed[length - minLength] = (length == 0 || lq == 0) ? 0 : max(0, m + 2 - 3 * maxD)
        }
        var candidates: [Candidate] = []
        for position in windowLo..<windowHi {
            let c = Int(counts[position - windowLo])
            let length = Int(lengths[position])
            guard c >= needed[length - minLength] else { continue }
            if let allowedTags, !allowedTags[Int(tagPairs[position])] { continue }
            let m = max(length, lq)
            var lowerD = abs(length - lq)
            if length > 0, lq > 0 { lowerD = max(lowerD, (max(0, m + 2 - c) + 2) / 3) }
            candidates.append(Candidate(position: Int32(position), bound: Similarity.score(distance: lowerD, longest: m)))
        }
        candidates.sort { $0.bound != $1.bound ? $0.bound > $1.bound : $0.position < $1.position }

        // Verification by decreasing bound, against the k-th best so far; long
        // candidate lists are shared by two workers (interleaved, so each sees the
        // best bounds first) that publish their k-th score to each other.
        let pattern = BitParallelPattern(query)
        let workers = candidates.count >= 3000 ? 2 : 1
        let floor = SharedFloor(threshold)
        var partials = [Partial](repeating: Partial(), count: workers)
        let longest = Int(lengths[windowHi - 1])
        candidates.withUnsafeBufferPointer { candidates in
            partials.withUnsafeMutableBufferPointer { partials in
                nonisolated(unsafe) let candidates = candidates
                nonisolated(unsafe) let partials = partials
                if workers == 1 {
                    partials[0] = verify(candidates, from: 0, stride: 1, pattern, lq, longest, limit, floor)
                } else {
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        partials[worker] = self.verify(candidates, from: worker, stride: workers, pattern, lq, longest, limit, floor)
                    }
                }
            }
        }
        // Exact matches are all kept, so that in-context ones can be ranked first.
        var merged: [IndexMatch] = []
        for partial in partials {
            for var exact in partial.exacts {
                exact.inContext = try isInContext(exact.unitID)
                merged.append(exact)
            }
            merged += partial.best.filter { $0.distance != 0 }
        }
        merged.sort(by: Self.precedes)
        return Array(merged.prefix(limit))
    }

    /// The ranking: similarity, then in-context first, then origin, then id.
    static func precedes(_ a: IndexMatch, _ b: IndexMatch) -> Bool {
        let sa = a.similarity, sb = b.similarity
        if sa != sb { return sa > sb }
        if a.inContext != b.inContext { return a.inContext }
        if a.origin != b.origin { return originRank[a.origin]! < originRank[b.origin]! }
        return a.unitID < b.unitID
    }

    private static let originRank = Dictionary(uniqueKeysWithValues: UnitOrigin.allCases.enumerated().map { ($1, $0) })

    /// What one worker found: its top k (exact ones not yet told in-context) and every exact match.
    private struct Partial {
        var best: [IndexMatch] = []
        var exacts: [IndexMatch] = []
    }

    /// The k-th best score any worker has reached (never above the true k-th best).
    private final class SharedFloor: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Double
        init(_ value: Double) { self.value = value }
        var current: Double {
            lock.lock(); defer { lock.unlock() }
            return value
        }
        func raise(to score: Double) {
            lock.lock(); defer { lock.unlock() }
            value = max(value, score)
        }
    }

    private func verify(
        _ candidates: UnsafeBufferPointer<Candidate>, from start: Int, stride: Int,
        _ pattern: BitParallelPattern, _ lq: Int, _ longest: Int, _ limit: Int, _ shared: SharedFloor
    ) -> Partial {
        var partial = Partial()
        let buffer = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: longest + 1)
        defer { buffer.deallocate() }
        var floor = shared.current
        var i = start, step = 0
        while i < candidates.count {
            let candidate = candidates[i]
            i += stride
            step += 1
            if stride > 1, step & 31 == 0 { floor = max(floor, shared.current) }
            if candidate.bound < floor { break }
            let position = Int(candidate.position)
            let length = Int(lengths[position])
            let m = max(length, lq)
            let bound = Similarity.maximumDistance(scoringAtLeast: floor, longest: m)
            guard bound >= 0 else { continue }
            let text = decode(position, into: buffer)
            guard let distance = pattern.distance(to: text, bound: bound) else { continue }
            let match = IndexMatch(
                unitID: unitIDs[position], distance: distance, longest: m,
                origin: UnitOrigin.allCases[Int(origins[position])], inContext: false)
            if distance == 0 { partial.exacts.append(match) }
            if partial.best.count == limit {
                guard Self.precedes(match, partial.best[limit - 1]) else { continue }
                partial.best.removeLast()
            }
            let at = partial.best.firstIndex { Self.precedes(match, $0) } ?? partial.best.count
            partial.best.insert(match, at: at)
            if partial.best.count == limit {
                let kth = partial.best[limit - 1].similarity
                if kth > floor {
                    floor = kth
                    if stride > 1 { shared.raise(to: kth) }
                }
            }
        }
        return partial
    }
}

/// Why an index file cannot be used.
enum MatchIndexError: Error {
    case corrupt
    case tooManyLanguages
}
