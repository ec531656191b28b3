import Foundation

/// An inverted index with BM25F scoring and incremental add, update and remove.
///
/// Storage is integer-only: term keys map to dense `Int32` term ids, each term has a postings
/// array of document numbers and a parallel array of per-field frequencies packed 8 bits per
/// field. Removed documents are tombstoned and skipped; postings are compacted once a quarter
/// of them are dead. Not thread-safe for concurrent writes or queries (it reuses a score buffer).
///
/// Hot loops work on local arrays and buffer pointers, not on the class's stored properties,
/// so they pay no dynamic exclusivity checks.
public final class BM25FIndex {
    public let fieldCount: Int
    public var parameters: BM25FParameters { didSet { invalidate() } }

    var termIds = TermTable()
    public internal(set) var termKeys: [UInt64] = []
    var postingDocs: [[Int32]] = []
    var postingTFs: [[UInt32]] = []
    /// Per-posting BM25F term scores without idf (bm25s-style eager scoring), recomputed per term
    /// lazily when collection statistics changed since (`generation`). Dead documents score 0.
    var impacts: [[Float]] = []
    var impactGeneration: [UInt32] = []
    var generation: UInt32 = 1
    var documentFrequency: [Int32] = []

    public internal(set) var externalIds: [String] = []
    var docNumber: [String: Int32] = [:]
    var alive: [Bool] = []
    var fieldLengths: [Float] = []
    /// Unique term ids of every document, flat, so a removal can lower document frequencies.
    var docTerms: [Int32] = []
    var docTermRange: [Range<Int>] = []
    var lengthSums: [Double]
    public internal(set) var liveCount = 0
    var deadPostings = 0
    var totalPostings = 0

    var norms: [Float] = []
    var normsValid = false
    var scratch: [Float] = []
    /// Per-document slots for re-scoring a candidate list (`addScores`), all 0 between calls.
    var candidateSlots: [Int32] = []
    /// Terms in more than a quarter of the documents also keep their scores as one dense row per
    /// document (0 where absent): a query adds such a row with vector instructions instead of
    /// scattering its postings one by one. On the 100k benchmark corpus 61 terms are dense
    /// (24 MB) and carry three quarters of a query's postings. Adding 0 leaves a score as it is,
    /// so the sums are bit for bit those of the postings.
    var denseImpacts: [Int: [Float]] = [:]
    /// For the capability evidence: dense rows of frequent terms restricted to documents whose
    /// `denseEvidenceMask` fields contain them (`evidenceRow`).
    var denseEvidence: [Int: [Float]] = [:]
    var denseEvidenceMask: UInt32 = 0

    func invalidate() {
        normsValid = false
        generation &+= 1
    }

    public init(parameters: BM25FParameters) {
        self.parameters = parameters
        self.fieldCount = parameters.weights.count
        self.lengthSums = Array(repeating: 0, count: parameters.weights.count)
    }

    public var termCount: Int { termKeys.count }
    public var documentCount: Int { liveCount }
    public func contains(_ id: String) -> Bool { docNumber[id] != nil }
    public func number(of id: String) -> Int32? { docNumber[id] }
    public func isAlive(_ doc: Int32) -> Bool { alive[Int(doc)] }

    public func termId(_ key: UInt64) -> Int32? { termIds[key] }
    public func documentFrequency(of key: UInt64) -> Int { termIds[key].map { Int(documentFrequency[Int($0)]) } ?? 0 }

    /// Adds a document (or replaces the one with the same id). `fields[f]` holds the term keys of field f.
    @discardableResult
    public func add(id: String, fields: [[UInt64]]) -> Int32 {
        var batch = DocumentBatch(fieldCount: fieldCount, documents: 1, keys: fields.reduce(0) { $0 + $1.count })
        batch.append(id: id, fields: fields)
        add(contentsOf: [batch])
        return Int32(externalIds.count - 1)
    }

    /// Removes a document; its postings are skipped until the next compaction.
    public func remove(id: String) {
        guard let doc = docNumber.removeValue(forKey: id) else { return }
        tombstone(doc)
    }

    func tombstone(_ doc: Int32) {
        let d = Int(doc)
        guard alive[d] else { return }
        alive[d] = false
        liveCount -= 1
        for f in 0..<fieldCount { lengthSums[f] -= Double(fieldLengths[d * fieldCount + f]) }
        let range = docTermRange[d]
        for t in docTerms[range] { documentFrequency[Int(t)] -= 1 }
        deadPostings += range.count
        invalidate()
        if deadPostings > 1024 && deadPostings * 4 > totalPostings { compact() }
    }

    /// Drops tombstoned postings; document numbers stay stable.
    public func compact() {
        for t in 0..<postingDocs.count {
            var docs: [Int32] = [], tfs: [UInt32] = []
            let pd = postingDocs[t], pt = postingTFs[t]
            docs.reserveCapacity(pd.count); tfs.reserveCapacity(pd.count)
            for (j, d) in pd.enumerated() where alive[Int(d)] { docs.append(d); tfs.append(pt[j]) }
            postingDocs[t] = docs; postingTFs[t] = tfs
            impactGeneration[t] = 0
        }
        totalPostings -= deadPostings
        deadPostings = 0
    }

    func refreshNorms() {
        let n = externalIds.count
        let fc = fieldCount
        let live = Float(max(liveCount, 1))
        var out = norms; norms = []
        if out.count != n * fc { out = Array(repeating: 0, count: n * fc) }
        out.withUnsafeMutableBufferPointer { norm in
            fieldLengths.withUnsafeBufferPointer { lengths in
                for f in 0..<fc {
                    let avg = max(Float(lengthSums[f]) / live, 1e-6)
                    let b = parameters.b[f], w = parameters.weights[f]
                    for d in 0..<n { norm[d * fc + f] = w / (1 - b + b * lengths[d * fc + f] / avg) }
                }
            }
        }
        norms = out
        normsValid = true
    }

    /// Lucene's idf, never negative.
    public func idf(_ term: Int32) -> Float {
        let df = Float(documentFrequency[Int(term)])
        return logf(1 + (Float(liveCount) - df + 0.5) / (df + 0.5))
    }

    /// Brings the per-posting scores of `term` up to date with the collection statistics.
    func refreshImpacts(_ t: Int) {
        if impactGeneration[t] == generation { return }
        if !normsValid { refreshNorms() }
        impacts[t] = BM25FIndex.impacts(docs: postingDocs[t], tfs: postingTFs[t], alive: alive, norms: norms,
                                        k1: parameters.k1, fieldCount: fieldCount)
        impactGeneration[t] = generation
        refreshDenseRow(t)
    }

    /// Keeps the dense row of a frequent term in step with its postings' scores.
    func refreshDenseRow(_ t: Int) {
        denseEvidence[t] = nil
        let n = externalIds.count
        guard postingDocs[t].count * 4 > n, n > 0 else { denseImpacts[t] = nil; return }
        var row = [Float](repeating: 0, count: n)
        postingDocs[t].withUnsafeBufferPointer { docs in
            impacts[t].withUnsafeBufferPointer { imp in
                row.withUnsafeMutableBufferPointer { row in
                    for j in 0..<docs.count { row[Int(docs[j])] = imp[j] }
                }
            }
        }
        denseImpacts[t] = row
    }

    /// Per-posting BM25F term scores without idf: `tf / (k1 + tf)` with `tf` the weighted,
    /// length-normalised field frequencies; 0 for dead documents.
    static func impacts(docs: [Int32], tfs: [UInt32], alive: [Bool], norms: [Float], k1: Float, fieldCount fc: Int) -> [Float] {
        let count = docs.count
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            norms.withUnsafeBufferPointer { norm in
            alive.withUnsafeBufferPointer { alive in
            docs.withUnsafeBufferPointer { docs in
            tfs.withUnsafeBufferPointer { tfs in
                for j in 0..<count {
                    let d = Int(docs[j])
                    guard alive[d] else { out[j] = 0; continue }
                    let packed = tfs[j]
                    var tf: Float = 0
                    for f in 0..<fc {
                        let c = (packed >> UInt32(f * 8)) & 0xFF
                        if c != 0 { tf += Float(c) * norm[d * fc + f] }
                    }
                    out[j] = tf / (k1 + tf)
                }
            }}}}
            initialized = count
        }
    }

    /// Computes every term's per-posting scores now (after a bulk build), instead of at first
    /// use; on all cores when there are many postings.
    public func prepare() {
        let stale = (0..<postingDocs.count).filter { impactGeneration[$0] != generation }
        guard !stale.isEmpty else { return }
        if !normsValid { refreshNorms() }
        let postings = stale.reduce(0) { $0 + postingDocs[$1].count }
        guard postings >= 1 << 20 else {
            for t in stale { refreshImpacts(t) }
            return
        }
        let docs = postingDocs, tfs = postingTFs, alive = self.alive, norms = self.norms
        let k1 = parameters.k1, fc = fieldCount
        var results = [[Float]](repeating: [], count: stale.count)
        let chunks = min(64, stale.count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in stride(from: c, to: stale.count, by: chunks) {
                    let t = stale[i]
                    out[i] = BM25FIndex.impacts(docs: docs[t], tfs: tfs[t], alive: alive, norms: norms, k1: k1, fieldCount: fc)
                }
            }
        }
        for (i, t) in stale.enumerated() {
            impacts[t] = results[i]
            impactGeneration[t] = generation
            refreshDenseRow(t)
        }
    }

    /// Accumulates the BM25F score of every document for the query (query weights multiply each
    /// term's score) and calls `body` with the dense score buffer, zero for unmatched documents.
    public func withScores<R>(_ query: [(term: Int32, weight: Float)], _ body: (UnsafeBufferPointer<Float>) -> R) -> R {
        let n = externalIds.count
        if scratch.count < n { scratch = Array(repeating: 0, count: n) }
        for (term, _) in query { refreshImpacts(Int(term)) }
        scratch.withUnsafeMutableBufferPointer { acc in
            for (term, weight) in query {
                let t = Int(term)
                let factor = idf(term) * weight
                guard factor > 0 else { continue }
                if let row = denseImpacts[t], row.count == n {
                    row.withUnsafeBufferPointer { BM25FIndex.addScaled(factor, $0, to: acc) }
                    continue
                }
                postingDocs[t].withUnsafeBufferPointer { docs in
                    impacts[t].withUnsafeBufferPointer { imp in
                        for j in 0..<docs.count {
                            acc[Int(docs[j])] += factor * imp[j]
                        }
                    }
                }
            }
        }
        let result = scratch.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<n])) }
        scratch.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        return result
    }

    /// `acc[i] += factor * row[i]` for every document, 16 at a time.
    @inline(__always) static func addScaled(_ factor: Float, _ row: UnsafeBufferPointer<Float>, to acc: UnsafeMutableBufferPointer<Float>) {
        let n = min(row.count, acc.count)
        let source = UnsafeRawPointer(row.baseAddress!), target = UnsafeMutableRawPointer(acc.baseAddress!)
        let f = SIMD16<Float>(repeating: factor)
        var i = 0
        while i + 16 <= n {
            let a = target.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            let r = source.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            target.storeBytes(of: a + f * r, toByteOffset: i * 4, as: SIMD16<Float>.self)
            i += 16
        }
        while i < n { acc[i] += factor * row[i]; i += 1 }
    }

    /// The `k` best documents for the query, best first (ties by document number).
    public func search(_ query: [(term: Int32, weight: Float)], k: Int) -> [(doc: Int32, score: Float)] {
        withScores(query) { TopK.select(k, from: $0) }
    }

    /// Per-field term frequencies of `term` in document `doc` (for explanations and tests).
    public func fieldFrequencies(term: Int32, doc: Int32) -> [Int] {
        let docs = postingDocs[Int(term)]
        guard let j = docs.firstIndex(of: doc) else { return Array(repeating: 0, count: fieldCount) }
        let packed = postingTFs[Int(term)][j]
        return (0..<fieldCount).map { Int((packed >> UInt32($0 * 8)) & 0xFF) }
    }

    /// Unique term ids of a live document.
    public func terms(of doc: Int32) -> ArraySlice<Int32> { docTerms[docTermRange[Int(doc)]] }

    /// Approximate bytes held by postings and per-document arrays.
    public var approximateBytes: Int {
        totalPostings * 8 + docTerms.count * 4 + fieldLengths.count * 8 + termKeys.count * 48
    }
}
