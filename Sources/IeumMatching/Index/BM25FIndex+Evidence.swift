extension BM25FIndex {
    /// Top `k` like `search`, except that a term's score in a document counts `1 + boost` times
    /// when the term occurs in one of `evidenceFields` of that document (a summary or keywords
    /// say what a company does; a description also mentions what it does not).
    public func search(_ query: [(term: Int32, weight: Float)], k: Int, evidenceFields: [ProfileField], boost: Float) -> [(doc: Int32, score: Float)] {
        guard boost != 0, !evidenceFields.isEmpty, fieldCount > 1 else { return search(query, k: k) }
        let mask = evidenceFields.reduce(UInt32(0)) { $0 | (0xFF << UInt32($1.rawValue * 8)) }
        let n = externalIds.count
        if scratch.count < n { scratch = Array(repeating: 0, count: n) }
        for (term, _) in query { refreshImpacts(Int(term)) }
        var local: [Float] = []
        swap(&local, &scratch)
        local.withUnsafeMutableBufferPointer { acc in
            for (term, weight) in query {
                let t = Int(term)
                let factor = idf(term) * weight
                guard factor > 0 else { continue }
                let boosted = factor * (1 + boost)
                postingDocs[t].withUnsafeBufferPointer { docs in
                postingTFs[t].withUnsafeBufferPointer { tfs in
                impacts[t].withUnsafeBufferPointer { imp in
                    for j in 0..<docs.count {
                        let f = tfs[j] & mask != 0 ? boosted : factor
                        acc[Int(docs[j])] += f * imp[j]
                    }
                }}}
            }
        }
        let result = local.withUnsafeBufferPointer { TopK.select(k, from: UnsafeBufferPointer(rebasing: $0[0..<n])) }
        local.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        swap(&local, &scratch)
        return result
    }

    /// Adds the scores of `terms` to the documents of `candidates` (and to no other document),
    /// then orders them best first again. Cost: the postings of `terms`, which should be rare.
    public func addScores(of terms: [(term: Int32, weight: Float)], to candidates: inout [(doc: Int32, score: Float)]) {
        // Candidate slots in a dense array (1-based, 0: not a candidate), cleared again after:
        // one load per posting, no hashing.
        if candidateSlots.count < externalIds.count { candidateSlots = Array(repeating: 0, count: externalIds.count) }
        var slots: [Int32] = []
        swap(&slots, &candidateSlots)
        slots.withUnsafeMutableBufferPointer { slot in
            for (i, c) in candidates.enumerated() { slot[Int(c.doc)] = Int32(i + 1) }
            candidates.withUnsafeMutableBufferPointer { out in
                for (term, weight) in terms {
                    let t = Int(term)
                    refreshImpacts(t)
                    let factor = idf(term) * weight
                    guard factor > 0 else { continue }
                    postingDocs[t].withUnsafeBufferPointer { docs in
                    impacts[t].withUnsafeBufferPointer { imp in
                        for j in 0..<docs.count {
                            let i = Int(slot[Int(docs[j])])
                            if i != 0 { out[i - 1].score += factor * imp[j] }
                        }
                    }}
                }
            }
            for c in candidates { slot[Int(c.doc)] = 0 }
        }
        swap(&slots, &candidateSlots)
        candidates.sort { $0.score > $1.score || ($0.score == $1.score && $0.doc < $1.doc) }
    }
}
