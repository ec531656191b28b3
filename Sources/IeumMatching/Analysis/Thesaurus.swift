/// Ko/en synonym groups ("스마트공장 = 스마트팩토리 = smart factory") as concepts.
///
/// Each phrase is matched on the normalised text with spaces and hyphens removed, so spacing
/// variants (스마트 공장, smart-factory) meet. A match adds the group's concept term, which
/// links a need and a profile written with different members of the same group.
public struct Thesaurus: Sendable {
    /// Members of each group as written in the file; the first is the canonical name.
    public let groups: [[String]]
    /// The trie, nodes numbered breadth first so that a node's children are consecutive records,
    /// sorted by scalar: a step scans one run of 16-byte records that also hold the child's own
    /// terminal group and children (one cache line per step, usually). Node 0 is the root.
    private let nodes: [TrieNode]
    /// Root edges for BMP scalars as a flat table, and a bitmap of the scalars that have one
    /// (8 KB, stays in cache): most positions start no phrase and are rejected by one bit.
    private let rootEdge: [Int32]
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
        // Breadth-first renumbering: children of one node get consecutive numbers.
        var byNode = [[(scalar: UInt32, child: Int32)]](repeating: [], count: terminal.count)
        for (edge, child) in edges { byNode[Int(edge >> 32)].append((UInt32(edge & 0xFFFF_FFFF), child)) }
        var order: [Int32] = [0]
        var number = [Int32](repeating: -1, count: terminal.count)
        number[0] = 0
        var records = [TrieNode(scalar: 0, terminal: terminal[0], firstChild: 0, childCount: 0)]
        var head = 0
        while head < order.count {
            let old = Int(order[head])
            let kids = byNode[old].sorted { $0.scalar < $1.scalar }
            records[head].firstChild = Int32(records.count)
            records[head].childCount = Int32(kids.count)
            for kid in kids {
                number[Int(kid.child)] = Int32(records.count)
                order.append(kid.child)
                records.append(TrieNode(scalar: kid.scalar, terminal: terminal[Int(kid.child)], firstChild: 0, childCount: 0))
            }
            head += 1
        }
        self.nodes = records
        var root = [Int32](repeating: -1, count: 0x10000)
        var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
        for (edge, node) in edges where edge >> 32 == 0 && edge & 0xFFFF_FFFF < 0x10000 {
            let v = Int(edge & 0xFFFF)
            root[v] = number[Int(node)]
            bits[v >> 6] |= 1 << UInt64(v & 63)
        }
        self.rootEdge = root
        self.rootBits = bits
        self.singleBits = single
        self.pairBits = pairs
    }

    public var count: Int { groups.count }

    public func conceptKey(_ group: Int) -> UInt64 { TermKey.make(.concept, UInt64(group)) }

    /// The child of `node` along `scalar`, if any.
    @inline(__always) private static func child(_ node: Int32, _ scalar: UInt32, _ nodes: UnsafeBufferPointer<TrieNode>) -> Int32? {
        let parent = nodes[Int(node)]
        var lo = Int(parent.firstChild), hi = lo + Int(parent.childCount)
        // Most nodes have one or a few children; the root and a few others have many.
        while hi - lo > 8 {
            let mid = (lo + hi) / 2
            if nodes[mid].scalar <= scalar { lo = mid } else { hi = mid }
        }
        while lo < hi {
            let v = nodes[lo].scalar
            if v == scalar { return Int32(lo) }
            if v > scalar { return nil }
            lo += 1
        }
        return nil
    }

    /// The group a phrase belongs to, if the whole phrase is a member.
    public func group(of phrase: String) -> Int? {
        nodes.withUnsafeBufferPointer { nodes in
            var node: Int32 = 0
            for v in Normalizer.scalars(phrase) where !Normalizer.isJoiner(v) {
                guard let next = Thesaurus.child(node, v, nodes) else { return nil }
                node = next
            }
            let g = nodes[Int(node)].terminal
            return g >= 0 ? Int(g) : nil
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
        rootEdge.withUnsafeBufferPointer { rootEdge in
        rootBits.withUnsafeBufferPointer { rootBits in
        singleBits.withUnsafeBufferPointer { singleBits in
        pairBits.withUnsafeBufferPointer { pairBits in
        nodes.withUnsafeBufferPointer { nodes in
            for start in 0..<n {
                let first = compact[start]
                if first == 0 { continue }
                if first < 0x10000 {
                    let bit: UInt64 = 1 << UInt64(first & 63), word = Int(first >> 6)
                    if rootBits[word] & bit == 0 { continue }
                    if singleBits[word] & bit == 0 {
                        // Only phrases of two or more scalars start here.
                        guard start + 1 < n else { continue }
                        let pair = Thesaurus.pairBit(first, compact[start + 1])
                        if pairBits[pair >> 6] & (1 << UInt64(pair & 63)) == 0 { continue }
                    }
                }
                let o = Int(origin[start])
                let prev: UInt32 = o > 0 ? s[o - 1] : 0x20
                let firstIsHangul = Normalizer.isHangul(first)
                if !firstIsHangul && Normalizer.isLatin(prev) { continue }  // Latin phrases start at a word start
                let hangulWordStart = !Normalizer.isHangul(prev)
                var node: Int32 = 0
                var j = start
                var best: (group: Int32, end: Int)? = nil
                while j < n, let next = (j == start && first < 0x10000) ? rootEdge[Int(first)] : Thesaurus.child(node, compact[j], nodes) {
                    node = next
                    let g = nodes[Int(node)].terminal
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
        }}}}}}}
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

/// One trie node: the scalar on the edge into it, the group it ends (or -1) and its children.
struct TrieNode: Sendable {
    var scalar: UInt32
    var terminal: Int32
    var firstChild: Int32
    var childCount: Int32
}
