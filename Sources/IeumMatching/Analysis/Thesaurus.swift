/// Ko/en synonym groups ("스마트공장 = 스마트팩토리 = smart factory") as concepts.
///
/// Each phrase is matched on the normalised text with spaces and hyphens removed, so spacing
/// variants (스마트 공장, smart-factory) meet. A match adds the group's concept term, which
/// links a need and a profile written with different members of the same group.
public struct Thesaurus: Sendable {
    /// Members of each group as written in the file; the first is the canonical name.
    public let groups: [[String]]
    /// Trie edges keyed by `node << 32 | scalar`.
    private let edges: TermTable
    /// Group id for nodes that end a phrase, else -1.
    private let terminal: [Int32]
    /// Root edges for BMP scalars as a flat table: most positions start no phrase, and this
    /// rejects them without hashing.
    private let rootEdge: [Int32]

    public init(tsv: String) {
        var groups: [[String]] = []
        var edges: [UInt64: Int32] = [:]
        var terminal: [Int32] = [-1]
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
            }
        }
        self.groups = groups
        self.edges = TermTable(edges)
        self.terminal = terminal
        var root = [Int32](repeating: -1, count: 0x10000)
        for (edge, node) in edges where edge >> 32 == 0 && edge & 0xFFFF_FFFF < 0x10000 { root[Int(edge & 0xFFFF)] = node }
        self.rootEdge = root
    }

    public var count: Int { groups.count }

    public func conceptKey(_ group: Int) -> UInt64 { TermKey.make(.concept, UInt64(group)) }

    /// The group a phrase belongs to, if the whole phrase is a member.
    public func group(of phrase: String) -> Int? {
        var node: Int32 = 0
        for v in Normalizer.scalars(phrase) where !Normalizer.isJoiner(v) {
            guard let next = edges[UInt64(node) << 32 | UInt64(v)] else { return nil }
            node = next
        }
        let g = terminal[Int(node)]
        return g >= 0 ? Int(g) : nil
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
        terminal.withUnsafeBufferPointer { terminal in
            for start in 0..<n {
                let first = compact[start]
                if first == 0 { continue }
                if first < 0x10000 && rootEdge[Int(first)] < 0 { continue }
                let o = Int(origin[start])
                let prev: UInt32 = o > 0 ? s[o - 1] : 0x20
                let firstIsHangul = Normalizer.isHangul(first)
                if !firstIsHangul && Normalizer.isLatin(prev) { continue }  // Latin phrases start at a word start
                let hangulWordStart = !Normalizer.isHangul(prev)
                var node: Int32 = 0
                var j = start
                var best: (group: Int32, end: Int)? = nil
                while j < n, let next = edges[UInt64(node) << 32 | UInt64(compact[j])] {
                    node = next
                    let g = terminal[Int(node)]
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
        }}}}
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
