/// Ko/en synonym groups ("스마트공장 = 스마트팩토리 = smart factory") as concepts.
///
/// Each phrase is matched on the normalised text with spaces and hyphens removed, so spacing
/// variants (스마트 공장, smart-factory) meet. A match adds the group's concept term, which
/// links a need and a profile written with different members of the same group.
public struct Thesaurus: Sendable {
    /// Members of each group as written in the file; the first is the canonical name.
    public let groups: [[String]]
    /// The trie's edges in one open-addressing table (linear probing, at most half full) of
    /// 16-byte entries keyed by `node << 32 | scalar`, each holding the child and the group the
    /// child ends (or -1): a step is one hash and, usually, one cache line. Node 0 is the root.
    private let edges: [TrieEdge]
    private let edgeShift: UInt64
    /// Bitmap of the BMP scalars that start a phrase (8 KB, stays in cache): most positions
    /// start no phrase and are rejected by one bit.
    private let rootBits: [UInt64]
    /// BMP scalars that are a whole phrase on their own, and a 64-kbit filter of the first two
    /// scalars of every longer phrase (8 KB each): a position whose pair is not in the filter
    /// cannot start a phrase, which spares the trie walk's cache misses at most positions.
    private let singleBits: [UInt64]
    private let pairBits: [UInt64]

    @inline(__always) private static func pairBit(_ first: UInt32, _ second: UInt32) -> Int {
        Int(truncatingIfNeeded: ((UInt64(first) << 32 | UInt64(second)) &* 0x9E37_79B9_7F4A_7C15) >> 48)
    }

    public init(tsv: String) {
        var groups: [[String]] = []
        var edges: [UInt64: Int32] = [:]
        var terminal: [Int32] = [-1]
        var single = [UInt64](repeating: 0, count: 0x10000 / 64)
        var pairs = [UInt64](repeating: 0, count: 0x10000 / 64)
        for line in tsv.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("#") { continue }
            let members = line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard members.count >= 2 else { continue }
            let id = Int32(groups.count)
            groups.append(members)
            for member in members {
                let key = Normalizer.scalars(member).filter { !Normalizer.isJoiner($0) }
                guard !key.isEmpty else { continue }
                var node: Int32 = 0
                for v in key {
                    let edge = UInt64(node) << 32 | UInt64(v)
                    if let next = edges[edge] { node = next } else {
                        let next = Int32(terminal.count)
                        terminal.append(-1)
                        edges[edge] = next
                        node = next
                    }
                }
                if terminal[Int(node)] < 0 { terminal[Int(node)] = id }
                if key.count == 1 {
                    if key[0] < 0x10000 { single[Int(key[0] >> 6)] |= 1 << UInt64(key[0] & 63) }
                } else {
                    let bit = Thesaurus.pairBit(key[0], key[1])
                    pairs[bit >> 6] |= 1 << UInt64(bit & 63)
                }
            }
        }
        self.groups = groups
        var size = 16, bits: UInt64 = 4
        while size < 2 * max(edges.count, 1) { size *= 2; bits += 1 }
        var table = [TrieEdge](repeating: TrieEdge(key: TrieEdge.empty, child: -1, terminal: -1), count: size)
        for (key, child) in edges {
            var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> (64 - bits))
            while table[i].key != TrieEdge.empty { i = (i + 1) & (size - 1) }
            table[i] = TrieEdge(key: key, child: child, terminal: terminal[Int(child)])
        }
        self.edges = table
        self.edgeShift = 64 - bits
        var root = [UInt64](repeating: 0, count: 0x10000 / 64)
        for key in edges.keys where key >> 32 == 0 && key & 0xFFFF_FFFF < 0x10000 {
            let v = Int(key & 0xFFFF)
            root[v >> 6] |= 1 << UInt64(v & 63)
        }
        root[0] &= ~1  // 0 marks a barrier in the compact stream, never a phrase start
        self.rootBits = root
        self.singleBits = single
        self.pairBits = pairs
    }

    public var count: Int { groups.count }

    public func conceptKey(_ group: Int) -> UInt64 { TermKey.make(.concept, UInt64(group)) }

    /// The edge from `node` along `scalar`, if any.
    @inline(__always) private static func edge(_ node: Int32, _ scalar: UInt32, _ edges: UnsafeBufferPointer<TrieEdge>, _ shift: UInt64) -> TrieEdge? {
        let key = UInt64(UInt32(bitPattern: node)) << 32 | UInt64(scalar)
        let mask = edges.count - 1
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let e = edges[i]
            if e.key == key { return e }
            if e.key == TrieEdge.empty { return nil }
            i = (i + 1) & mask
        }
    }

    /// The group a phrase belongs to, if the whole phrase is a member.
    public func group(of phrase: String) -> Int? {
        edges.withUnsafeBufferPointer { edges in
            var last: TrieEdge? = nil
            for v in Normalizer.scalars(phrase) where !Normalizer.isJoiner(v) {
                guard let e = Thesaurus.edge(last?.child ?? 0, v, edges, edgeShift) else { return nil }
                last = e
            }
            guard let g = last?.terminal, g >= 0 else { return nil }
            return Int(g)
        }
    }

    /// Adds a concept key for every phrase occurrence in `s` (normalised scalars).
    func findConcepts(in s: [UInt32], keys: inout [UInt64], words: inout [AnalyzedWord]?) {
        var compact: [UInt32] = [], origin: [Int32] = []
        findConcepts(in: s, keys: &keys, words: &words, compact: &compact, origin: &origin)
    }

    /// The same, with the compact stream built in reused buffers.
    func findConcepts(in s: [UInt32], keys: inout [UInt64], words: inout [AnalyzedWord]?, compact: inout [UInt32], origin: inout [Int32]) {
        guard !groups.isEmpty else { return }
        // Compact stream: joiners removed, other punctuation kept as a 0 barrier.
        var n = 0
        _ = compact.overwrite(upTo: s.count) { compact in
            origin.overwrite(upTo: s.count) { origin in
                s.withUnsafeBufferPointer { s in
                    for i in 0..<s.count {
                        let v = s[i]
                        if Normalizer.isJoiner(v) { continue }
                        let word = Normalizer.isHangul(v) || Normalizer.isLatin(v)
                        compact[n] = word ? v : 0
                        origin[n] = Int32(i)
                        n += 1
                    }
                }
                return n
            } ? n : nil
        }
        compact.withUnsafeBufferPointer { compact in
        origin.withUnsafeBufferPointer { origin in
        rootBits.withUnsafeBufferPointer { rootBits in
        singleBits.withUnsafeBufferPointer { singleBits in
        pairBits.withUnsafeBufferPointer { pairBits in
        edges.withUnsafeBufferPointer { edges in
            for start in 0..<n {
                let first = compact[start]
                if first < 0x10000 {
                    // One branch for the filters (their outcomes are hard to predict): a phrase
                    // starts with `first`, and either is that one scalar or its first pair
                    // passes the pair filter (a barrier 0 or the end never does, bar collisions,
                    // which only cost a walk). Barriers (0) have no root bit.
                    let word = Int(first >> 6), bit = UInt64(first & 63)
                    let second = start + 1 < n ? compact[start + 1] : 0
                    let pair = Thesaurus.pairBit(first, second)
                    let pairPasses = (pairBits[pair >> 6] >> UInt64(pair & 63)) & 1
                    if (rootBits[word] >> bit) & ((singleBits[word] >> bit) | pairPasses) & 1 == 0 { continue }
                }
                let o = Int(origin[start])
                let prev: UInt32 = o > 0 ? s[o - 1] : 0x20
                let firstIsHangul = Normalizer.isHangul(first)
                if !firstIsHangul && Normalizer.isLatin(prev) { continue }  // Latin phrases start at a word start
                let hangulWordStart = !Normalizer.isHangul(prev)
                var node: Int32 = 0
                var j = start
                var best: (group: Int32, end: Int)? = nil
                while j < n, let e = Thesaurus.edge(node, compact[j], edges, edgeShift) {
                    node = e.child
                    let g = e.terminal
                    if g >= 0 && acceptsEnd(s, origin: Int(origin[j]), last: compact[j], length: j - start + 1, hangulWordStart: hangulWordStart, firstIsHangul: firstIsHangul) {
                        best = (g, j)
                    }
                    j += 1
                }
                if let best {
                    keys.append(conceptKey(Int(best.group)))
                    if words != nil {
                        let text = Normalizer.string(s[Int(origin[start])...Int(origin[best.end])])
                        words!.append(AnalyzedWord(text: text, kind: .concept(Int(best.group)), keys: [conceptKey(Int(best.group))]))
                    }
                }
            }
        }}}}}}
    }

    private func acceptsEnd(_ s: [UInt32], origin o: Int, last: UInt32, length: Int, hangulWordStart: Bool, firstIsHangul: Bool) -> Bool {
        // Short Hangul phrases only at a word start, so 보안 does not fire inside 치안보안관제… by accident.
        if firstIsHangul && !hangulWordStart && length < 3 { return false }
        guard !Normalizer.isHangul(last) else { return true }  // particles may follow Hangul
        var k = o + 1
        // English plurals: sensors, batteries are still the phrase.
        if k < s.count && s[k] == 0x73 { k += 1 } else if k + 1 < s.count && s[k] == 0x65 && s[k + 1] == 0x73 { k += 2 }
        return k >= s.count || !Normalizer.isLatin(s[k]) || Normalizer.isHangul(s[k])
    }
}

/// One trie edge: key `node << 32 | scalar` (`empty` for a free slot), the child node and the
/// group the child ends (or -1).
struct TrieEdge: Sendable {
    static let empty = UInt64.max
    var key: UInt64
    var child: Int32
    var terminal: Int32
}
