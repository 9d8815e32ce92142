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

/// The candidate index of a memory's sources, persisted as one binary file that is
/// memory-mapped (derived data: rebuilt from the database when its generation is stale).
///
/// Layout: units ordered by (language pair, source length in scalars, id). Each source
/// is kept as 16-bit symbols of a corpus alphabet (frequent characters first) with a
/// 128-byte signature: how many characters of its first half and of its second half
/// fall in each of 64 buckets of that alphabet (buckets balanced by frequency).
///
/// Lookup is exact. For a query of length m at threshold t, with dmax(L) the largest
/// distance scoring at least t when the longer string has L scalars:
/// 1. only the lengths n with |m − n| ≤ dmax(max(m, n)) are visited, nearest first;
/// 2. a unit is dropped when the bag distance over buckets (half the L1 distance of its
///    signature to the query's plus half the length difference, a lower bound of the
///    edit distance) exceeds dmax;
/// 3. for longer queries, a unit is dropped when no split of the query into a prefix and
///    a suffix has bag distances to the unit's two halves summing to dmax or less (an
///    alignment maps the first half onto some prefix and the second onto the rest);
/// 4. the rest is verified with Myers' bit-parallel distance, abandoned as soon as it
///    must exceed dmax (``BitParallelPattern``);
/// 5. once `limit` matches are held, t rises to the worst of them, which narrows 1–4
///    for the rest (ties are still verified: they can rank higher by origin or id).
/// Every filter is a proven lower bound, so the answer is a brute-force scan's. Large
/// windows are shared by both cores, which publish their raised threshold to each other.
final class MatchIndex: @unchecked Sendable {
    static let magic: UInt64 = 0x3230_5844_4E49_4D54  // "TMINDX02"
    /// Bytes per signature: two halves of 64 counts.
    static let signatureSize = 2 * SignatureLanes.buckets
    /// Counts are bytes: longer sources skip the signature filters.
    static let longestFiltered = 2 * 255
    /// Query counts are 16-bit lanes: longer queries skip the signature filters.
    static let longestFilteredQuery = 1000
    /// Shorter queries skip the two-half filter (verifying them is as cheap).
    static let halfFilterMinimumLength = 24

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
    private let lengths: UnsafePointer<UInt32>
    private let tagPairs: UnsafePointer<UInt16>
    private let origins: UnsafePointer<UInt8>
    private let signatures: UnsafeRawPointer
    private let alphabetScalars: UnsafeBufferPointer<UInt32>
    private let alphabetSymbols: UnsafePointer<UInt16>
    private let bucketOfSymbol: UnsafePointer<UInt8>
    private let text: UnsafePointer<UInt16>
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
        var unitCount: Int, alphabetCount: Int, textCount: Int
        static let headerSize = 80
        private static func align(_ x: Int) -> Int { (x + 7) & ~7 }
        var unitIDs: Int { Self.headerSize }
        var textOffsets: Int { unitIDs + 8 * unitCount }
        var lengths: Int { textOffsets + 8 * (unitCount + 1) }
        var tagPairs: Int { Self.align(lengths + 4 * unitCount) }
        var origins: Int { Self.align(tagPairs + 2 * unitCount) }
        var signatures: Int { Self.align(origins + unitCount) }
        var alphabetScalars: Int { Self.align(signatures + MatchIndex.signatureSize * unitCount) }
        var alphabetSymbols: Int { Self.align(alphabetScalars + 4 * alphabetCount) }
        var bucketOfSymbol: Int { Self.align(alphabetSymbols + 2 * alphabetCount) }
        var text: Int { Self.align(bucketOfSymbol + alphabetCount + 1) }
        var metadata: Int { Self.align(text + 2 * textCount) }
    }

    private init(storage: Storage) throws {
        let base = storage.base
        func word(_ i: Int) -> UInt64 { base.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self) }
        guard storage.count >= Layout.headerSize, word(0) == Self.magic,
              word(2) < 1 << 40, word(3) < 1 << 16, word(4) < 1 << 40, word(5) < 1 << 40
        else { throw MatchIndexError.corrupt }
        generation = word(1)
        let layout = Layout(unitCount: Int(word(2)), alphabetCount: Int(word(3)), textCount: Int(word(4)))
        let metadataLength = Int(word(5))
        guard layout.metadata + metadataLength == storage.count else { throw MatchIndexError.corrupt }
        self.storage = storage
        let n = layout.unitCount
        unitCount = n
        unitIDs = (base + layout.unitIDs).assumingMemoryBound(to: Int64.self)
        textOffsets = (base + layout.textOffsets).assumingMemoryBound(to: UInt64.self)
        lengths = (base + layout.lengths).assumingMemoryBound(to: UInt32.self)
        tagPairs = (base + layout.tagPairs).assumingMemoryBound(to: UInt16.self)
        origins = (base + layout.origins).assumingMemoryBound(to: UInt8.self)
        signatures = base + layout.signatures
        alphabetScalars = UnsafeBufferPointer(
            start: (base + layout.alphabetScalars).assumingMemoryBound(to: UInt32.self), count: layout.alphabetCount)
        alphabetSymbols = (base + layout.alphabetSymbols).assumingMemoryBound(to: UInt16.self)
        bucketOfSymbol = (base + layout.bucketOfSymbol).assumingMemoryBound(to: UInt8.self)
        text = (base + layout.text).assumingMemoryBound(to: UInt16.self)
        let metadata = try JSONDecoder().decode(
            Metadata.self, from: Data(bytes: base + layout.metadata, count: metadataLength))
        pairs = metadata.pairs
        tagPairNames = metadata.tagPairs

        // Everything a search indexes with must lie within the file.
        let originCount = UnitOrigin.allCases.count
        guard textOffsets[0] == 0, Int(textOffsets[n]) <= layout.textCount else { throw MatchIndexError.corrupt }
        for i in 0..<n {
            guard textOffsets[i + 1] >= textOffsets[i], textOffsets[i + 1] - textOffsets[i] == UInt64(lengths[i]),
                  Int(tagPairs[i]) < tagPairNames.count, Int(origins[i]) < originCount
            else { throw MatchIndexError.corrupt }
        }
        for pair in pairs {
            guard 0 <= pair.start, pair.start <= pair.end, pair.end <= n else { throw MatchIndexError.corrupt }
            for i in pair.start..<max(pair.start, pair.end - 1) where lengths[i] > lengths[i + 1] { throw MatchIndexError.corrupt }
        }
        for i in 0..<layout.alphabetCount {
            guard alphabetSymbols[i] != 0, Int(alphabetSymbols[i]) <= layout.alphabetCount,
                  i == 0 || alphabetScalars[i - 1] < alphabetScalars[i]
            else { throw MatchIndexError.corrupt }
        }
        for s in 0...layout.alphabetCount where Int(bucketOfSymbol[s]) >= SignatureLanes.buckets { throw MatchIndexError.corrupt }
    }

    // MARK: Building

    /// Builds the index of `entries` (a memory's units, any order).
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

        // Scalars of every source, and how often each scalar occurs.
        var scalarStart = [Int](repeating: 0, count: n + 1)
        var scalars: [UInt32] = []
        scalars.reserveCapacity(entries.reduce(0) { $0 + $1.normalizedSource.utf8.count })
        var entryPair = [Int](repeating: 0, count: n)
        var basicCounts = [Int](repeating: 0, count: 0x10000)
        var otherCounts: [UInt32: Int] = [:]
        for (i, entry) in entries.enumerated() {
            for s in entry.normalizedSource.unicodeScalars {
                scalars.append(s.value)
                if s.value < 0x10000 { basicCounts[Int(s.value)] += 1 } else { otherCounts[s.value, default: 0] += 1 }
            }
            scalarStart[i + 1] = scalars.count
            entryPair[i] = pairIndex[entry.sourcePrimary + "\t" + entry.targetPrimary]!
        }

        // The alphabet, most frequent first, and buckets balanced by frequency.
        var frequencies: [(scalar: UInt32, count: Int)] = []
        for (value, count) in basicCounts.enumerated() where count > 0 { frequencies.append((UInt32(value), count)) }
        for (value, count) in otherCounts { frequencies.append((value, count)) }
        frequencies.sort { $0.count != $1.count ? $0.count > $1.count : $0.scalar < $1.scalar }
        guard frequencies.count < Int(UInt16.max) else { throw MatchIndexError.tooManyCharacters }
        var symbolOf = [UInt16](repeating: 0, count: 0x10000)
        var otherSymbols: [UInt32: UInt16] = [:]
        var bucketOfSymbol = [UInt8](repeating: 0, count: frequencies.count + 1)
        var load = [Int](repeating: 0, count: SignatureLanes.buckets)
        for (i, item) in frequencies.enumerated() {
            let symbol = UInt16(i + 1)
            if item.scalar < 0x10000 { symbolOf[Int(item.scalar)] = symbol } else { otherSymbols[item.scalar] = symbol }
            let bucket = load.indices.min { load[$0] < load[$1] }!
            bucketOfSymbol[Int(symbol)] = UInt8(bucket)
            load[bucket] += item.count
        }
        let byScalar = frequencies.enumerated().map { (scalar: $0.element.scalar, symbol: UInt16($0.offset + 1)) }
            .sorted { $0.scalar < $1.scalar }

        // The order: pair, length, id.
        let order = (0..<n).sorted { x, y in
            if entryPair[x] != entryPair[y] { return entryPair[x] < entryPair[y] }
            let lx = scalarStart[x + 1] - scalarStart[x], ly = scalarStart[y + 1] - scalarStart[y]
            if lx != ly { return lx < ly }
            return entries[x].unitID < entries[y].unitID
        }
        var pairRanges: [PairRange] = pairKeys.map { PairRange(source: $0[0], target: $0[1], start: 0, end: 0) }
        for (position, entry) in order.enumerated() {
            let p = entryPair[entry]
            if pairRanges[p].end == 0 { pairRanges[p].start = position }
            pairRanges[p].end = position + 1
        }

        let layout = Layout(unitCount: n, alphabetCount: frequencies.count, textCount: scalars.count)
        let metadata = try JSONEncoder().encode(Metadata(pairs: pairRanges, tagPairs: tagPairNames))
        let size = layout.metadata + metadata.count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        let header: [UInt64] = [magic, generation, UInt64(n), UInt64(frequencies.count), UInt64(scalars.count), UInt64(metadata.count), 0, 0, 0, 0]
        for (i, value) in header.enumerated() { raw.storeBytes(of: value, toByteOffset: 8 * i, as: UInt64.self) }
        let ids = (raw + layout.unitIDs).assumingMemoryBound(to: Int64.self)
        let textOffsets = (raw + layout.textOffsets).assumingMemoryBound(to: UInt64.self)
        let lengths = (raw + layout.lengths).assumingMemoryBound(to: UInt32.self)
        let tags = (raw + layout.tagPairs).assumingMemoryBound(to: UInt16.self)
        let origins = (raw + layout.origins).assumingMemoryBound(to: UInt8.self)
        let signatures = (raw + layout.signatures).assumingMemoryBound(to: UInt8.self)
        let text = (raw + layout.text).assumingMemoryBound(to: UInt16.self)
        let originIndex = Dictionary(uniqueKeysWithValues: UnitOrigin.allCases.enumerated().map { ($1, UInt8($0)) })
        var cursor = 0
        for (position, e) in order.enumerated() {
            let entry = entries[e]
            let length = scalarStart[e + 1] - scalarStart[e]
            ids[position] = entry.unitID
            lengths[position] = UInt32(length)
            tags[position] = UInt16(tagPairIndex[entry.sourceTag + "\t" + entry.targetTag]!)
            origins[position] = originIndex[entry.origin]!
            textOffsets[position] = UInt64(cursor)
            let middle = scalarStart[e] + length / 2
            let signature = signatures + position * signatureSize
            for p in scalarStart[e]..<scalarStart[e + 1] {
                let value = scalars[p]
                let symbol = value < 0x10000 ? symbolOf[Int(value)] : otherSymbols[value]!
                text[cursor] = symbol
                cursor += 1
                let slot = (p < middle ? 0 : SignatureLanes.buckets) + Int(bucketOfSymbol[Int(symbol)])
                if signature[slot] < 255 { signature[slot] += 1 }
            }
        }
        textOffsets[n] = UInt64(cursor)
        let alphabetScalars = (raw + layout.alphabetScalars).assumingMemoryBound(to: UInt32.self)
        let alphabetSymbols = (raw + layout.alphabetSymbols).assumingMemoryBound(to: UInt16.self)
        for (i, item) in byScalar.enumerated() {
            alphabetScalars[i] = item.scalar
            alphabetSymbols[i] = item.symbol
        }
        let buckets = (raw + layout.bucketOfSymbol).assumingMemoryBound(to: UInt8.self)
        for (i, bucket) in bucketOfSymbol.enumerated() { buckets[i] = bucket }
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

    /// The alphabet symbol of a scalar; 0 when no indexed source has it.
    private func symbol(of scalar: UInt32) -> UInt16 {
        var lo = 0, hi = alphabetScalars.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if alphabetScalars[mid] < scalar { lo = mid + 1 } else { hi = mid }
        }
        return lo < alphabetScalars.count && alphabetScalars[lo] == scalar ? alphabetSymbols[lo] : 0
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
        guard limit > 0, minimumScore <= 1,
              let pair = pairs.first(where: { $0.source == sourceLanguage.language && $0.target == targetLanguage.language }),
              pair.start < pair.end
        else { return [] }
        let allowedTags: [Bool]? = matchRegion
            ? tagPairNames.map { $0[0] == sourceLanguage.identifier && $0[1] == targetLanguage.identifier }
            : nil
        if let allowedTags, !allowedTags.contains(true) { return [] }
        let threshold = max(minimumScore, Double.leastNonzeroMagnitude)
        let m = query.count

        // The lengths that can reach the threshold, nearest to the query's first.
        var minLength = m, maxLength = m
        while minLength > 0, Similarity.score(distance: m - minLength + 1, longest: m) >= threshold { minLength -= 1 }
        let longestInPair = Int(lengths[pair.end - 1])
        while maxLength < longestInPair, Similarity.score(distance: maxLength + 1 - m, longest: maxLength + 1) >= threshold { maxLength += 1 }
        var blocks: [LengthBlock] = []
        var total = 0
        for step in 0...(2 * max(m - minLength, maxLength - m)) {
            let length = step & 1 == 0 ? m + step / 2 : m - (step + 1) / 2
            guard length >= minLength, length <= maxLength else { continue }
            let start = firstPosition(in: pair.start..<pair.end, lengthAtLeast: length)
            let end = firstPosition(in: start..<pair.end, lengthAtLeast: length + 1)
            if start < end {
                blocks.append(LengthBlock(length: length, start: start, end: end))
                total += end - start
            }
        }
        guard total > 0 else { return [] }

        // The query as alphabet symbols, their buckets, and the bucket counts of each
        // prefix query[..<p] in lane order (see ``SignatureLanes``).
        let symbols = query.map(symbol(of:))
        let buckets = symbols.map { bucketOfSymbol[Int($0)] }
        let lanes = SignatureLanes.buckets
        var prefixCounts = [Int16](repeating: 0, count: (m + 1) * lanes)
        let filtered = m <= Self.longestFilteredQuery
        if filtered {
            for p in 0..<m {
                for b in 0..<lanes { prefixCounts[(p + 1) * lanes + b] = prefixCounts[p * lanes + b] }
                prefixCounts[(p + 1) * lanes + SignatureLanes.lane(ofBucket: Int(buckets[p]))] += 1
            }
        }
        let pattern = BitParallelPattern(symbols: symbols, alphabetSize: alphabetScalars.count + 1)

        // Both cores when the work (entries × words of the query) pays for a thread.
        let workers = total * pattern.words >= 12_000 ? 2 : 1
        let floor = SharedFloor(threshold)
        var partials = [Partial](repeating: Partial(), count: workers)
        prefixCounts.withUnsafeBufferPointer { prefixCounts in
            buckets.withUnsafeBufferPointer { buckets in
                blocks.withUnsafeBufferPointer { blocks in
                    partials.withUnsafeMutableBufferPointer { partials in
                        let job = SearchJob(
                            index: self, blocks: blocks, pattern: pattern, queryBuckets: buckets, prefixCounts: prefixCounts,
                            queryLength: m, filtered: filtered, limit: limit, allowedTags: allowedTags, floor: floor, workers: workers)
                        nonisolated(unsafe) let partials = partials
                        if workers == 1 {
                            partials[0] = job.run(worker: 0)
                        } else {
                            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                                partials[worker] = job.run(worker: worker)
                            }
                        }
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

    /// The entries of one source length: positions `start ..< end`.
    private struct LengthBlock {
        var length: Int
        var start: Int
        var end: Int
    }

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

    /// One query's scan: each worker takes its share of every length block.
    private struct SearchJob: @unchecked Sendable {
        let index: MatchIndex
        let blocks: UnsafeBufferPointer<LengthBlock>
        let pattern: BitParallelPattern
        let queryBuckets: UnsafeBufferPointer<UInt8>
        let prefixCounts: UnsafeBufferPointer<Int16>
        let queryLength: Int
        /// Whether the signature filters apply to this query.
        let filtered: Bool
        let limit: Int
        let allowedTags: [Bool]?
        let floor: SharedFloor
        let workers: Int

        func run(worker: Int) -> Partial {
            var partial = Partial()
            let m = queryLength
            let whole = SignatureLanes(counts: UnsafeRawPointer(prefixCounts.baseAddress! + m * SignatureLanes.buckets))
            let useHalves = filtered && m >= MatchIndex.halfFilterMinimumLength
            let shared = workers > 1
            var threshold = floor.current
            var visited = 0
            for block in blocks {
                let n = block.length
                let count = block.end - block.start
                let start = block.start + count * worker / workers
                let end = block.start + count * (worker + 1) / workers
                if shared { threshold = max(threshold, floor.current) }
                var dmax = Similarity.maximumDistance(scoringAtLeast: threshold, longest: max(m, n))
                if abs(n - m) > dmax { continue }
                let useSignatures = filtered && n <= MatchIndex.longestFiltered
                var j = start
                while j < end {
                    defer { j += 1 }
                    visited += 1
                    if shared, visited & 63 == 0 {
                        let current = floor.current
                        if current > threshold {
                            threshold = current
                            dmax = Similarity.maximumDistance(scoringAtLeast: threshold, longest: max(m, n))
                            if abs(n - m) > dmax { break }
                        }
                    }
                    if let allowedTags, !allowedTags[Int(index.tagPairs[j])] { continue }
                    if useSignatures {
                        let signature = index.signatures + j * MatchIndex.signatureSize
                        if whole.wholeDifference(signature) + abs(n - m) > 2 * dmax { continue }
                        if useHalves && !halvesCanMatch(signature, n: n, dmax: dmax) { continue }
                    }
                    let candidate = UnsafeBufferPointer(start: index.text + Int(index.textOffsets[j]), count: n)
                    guard let distance = pattern.distance(to: candidate, bound: dmax) else { continue }
                    let match = IndexMatch(
                        unitID: index.unitIDs[j], distance: distance, longest: max(m, n),
                        origin: UnitOrigin.allCases[Int(index.origins[j])], inContext: false)
                    if distance == 0 { partial.exacts.append(match) }
                    if partial.best.count == limit {
                        guard MatchIndex.precedes(match, partial.best[limit - 1]) else { continue }
                        partial.best.removeLast()
                    }
                    let at = partial.best.firstIndex { MatchIndex.precedes(match, $0) } ?? partial.best.count
                    partial.best.insert(match, at: at)
                    if partial.best.count == limit {
                        let kth = partial.best[limit - 1].similarity
                        if kth > threshold {
                            threshold = kth
                            if shared { floor.raise(to: kth) }
                            dmax = Similarity.maximumDistance(scoringAtLeast: threshold, longest: max(m, n))
                            if abs(n - m) > dmax { break }
                        }
                    }
                }
            }
            return partial
        }

        /// Whether some split of the query into `query[..<p]` and `query[p...]` has bag
        /// distances to the unit's two halves summing to `dmax` or less.
        private func halvesCanMatch(_ signature: UnsafeRawPointer, n: Int, dmax: Int) -> Bool {
            let m = queryLength
            let lanes = SignatureLanes.buckets
            let h1 = n / 2, h2 = n - n / 2
            // The first half costs at least |h1 − p|, the second at least |h2 − (m − p)|.
            let low = max(0, h1 - dmax, m - h2 - dmax)
            let high = min(m, h1 + dmax, m - h2 + dmax)
            if low > high { return false }
            let first = signature, second = signature + lanes
            let counts = UnsafeRawPointer(prefixCounts.baseAddress!)
            let total = counts + 2 * m * lanes
            var split = low
            var s1 = 0, s2 = 0
            var fresh = true
            while true {
                if fresh {
                    s1 = SignatureLanes.halfDifference(first, counts + 2 * split * lanes, total: nil)
                    s2 = SignatureLanes.halfDifference(second, counts + 2 * split * lanes, total: total)
                    fresh = false
                }
                // Bag distances: (L1 + length difference) / 2, exact (the sum is even).
                let bound = (s1 + abs(h1 - split)) / 2 + (s2 + abs(h2 - (m - split))) / 2
                if bound <= dmax { return true }
                // Each bag distance moves by at most one per step: the bound cannot
                // reach dmax before ⌈gap / 2⌉ more steps, so jump there.
                let steps = (bound - dmax + 1) / 2
                if split + steps > high { return false }
                if steps >= 4 {
                    split += steps
                    fresh = true
                    continue
                }
                for _ in 0..<steps {
                    // Move query[split] from the suffix to the prefix.
                    let bucket = Int(queryBuckets[split])
                    let lane = SignatureLanes.lane(ofBucket: bucket)
                    let before = Int(prefixCounts[split * lanes + lane])
                    let after = Int(prefixCounts[m * lanes + lane]) - before
                    s1 += Int(first.load(fromByteOffset: bucket, as: UInt8.self)) > before ? -1 : 1
                    s2 += Int(second.load(fromByteOffset: bucket, as: UInt8.self)) < after ? -1 : 1
                    split += 1
                }
            }
        }
    }
}

/// Why an index file cannot be used or built.
enum MatchIndexError: Error {
    case corrupt
    case tooManyLanguages
    case tooManyCharacters
}
