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
                if let row = denseImpacts[t], row.count == n {
                    let evidence = evidenceRow(t, mask: mask)
                    row.withUnsafeBufferPointer { row in
                        evidence.withUnsafeBufferPointer { BM25FIndex.addScaled(factor, row, factor * boost, $0, to: acc) }
                    }
                    continue
                }
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

    /// The dense row of a frequent term restricted to the documents whose `mask` fields contain
    /// it (0 elsewhere), built on first use and dropped with the term's scores.
    func evidenceRow(_ t: Int, mask: UInt32) -> [Float] {
        if denseEvidenceMask != mask { denseEvidence.removeAll(); denseEvidenceMask = mask }
        if let row = denseEvidence[t], row.count == externalIds.count { return row }
        var row = [Float](repeating: 0, count: externalIds.count)
        postingDocs[t].withUnsafeBufferPointer { docs in
        postingTFs[t].withUnsafeBufferPointer { tfs in
        impacts[t].withUnsafeBufferPointer { imp in
            row.withUnsafeMutableBufferPointer { row in
                for j in 0..<docs.count where tfs[j] & mask != 0 { row[Int(docs[j])] = imp[j] }
            }
        }}}
        denseEvidence[t] = row
        return row
    }

    /// `acc[i] += a * x[i] + b * y[i]` for every document, 16 at a time.
    static func addScaled(_ a: Float, _ x: UnsafeBufferPointer<Float>, _ b: Float, _ y: UnsafeBufferPointer<Float>, to acc: UnsafeMutableBufferPointer<Float>) {
        let n = min(x.count, y.count, acc.count)
        let xs = UnsafeRawPointer(x.baseAddress!), ys = UnsafeRawPointer(y.baseAddress!), target = UnsafeMutableRawPointer(acc.baseAddress!)
        let va = SIMD16<Float>(repeating: a), vb = SIMD16<Float>(repeating: b)
        var i = 0
        while i + 16 <= n {
            let s = target.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            let u = xs.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            let v = ys.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            target.storeBytes(of: s + (va * u + vb * v), toByteOffset: i * 4, as: SIMD16<Float>.self)
            i += 16
        }
        while i < n { acc[i] += a * x[i] + b * y[i]; i += 1 }
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
