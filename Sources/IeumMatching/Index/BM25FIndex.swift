import Foundation

/// BM25F parameters: one weight and one length normalisation per field.
public struct BM25FParameters: Sendable, Hashable {
    public var k1: Float
    public var weights: [Float]
    public var b: [Float]
    public init(k1: Float = 1.2, weights: [Float], b: [Float]) {
        precondition(weights.count == b.count && (1...4).contains(weights.count), "1 to 4 fields")
        self.k1 = k1; self.weights = weights; self.b = b
    }
    /// One field, Lucene BM25 (the bm25s default): used by the baseline and the bm25s comparison.
    public static let singleField = BM25FParameters(k1: 1.5, weights: [1], b: [0.75])
}

/// An inverted index with BM25F scoring and incremental add, update and remove.
///
/// Storage is integer-only: term keys map to dense `Int32` term ids, each term has a postings
/// array of document numbers and a parallel array of per-field frequencies packed 8 bits per
/// field. Removed documents are tombstoned and skipped; postings are compacted once a quarter
/// of them are dead. Not thread-safe for concurrent writes or queries (it reuses a score buffer).
public final class BM25FIndex {
    public let fieldCount: Int
    public var parameters: BM25FParameters { didSet { invalidate() } }

    private var termIds = TermTable()
    /// Per-term scratch for grouping a document's terms in linear time: the last document that
    /// used the term and where its frequencies are being counted.
    private var lastDoc: [Int32] = []
    private var slot: [Int32] = []
    public private(set) var termKeys: [UInt64] = []
    private var postingDocs: [[Int32]] = []
    private var postingTFs: [[UInt32]] = []
    /// Per-posting BM25F term scores without idf (bm25s-style eager scoring), recomputed per term
    /// lazily when collection statistics changed since (`generation`). Dead documents score 0.
    private var impacts: [[Float]] = []
    private var impactGeneration: [UInt32] = []
    private var generation: UInt32 = 1
    private var documentFrequency: [Int32] = []

    public private(set) var externalIds: [String] = []
    private var docNumber: [String: Int32] = [:]
    private var alive: [Bool] = []
    private var fieldLengths: [Float] = []
    /// Unique term ids of every document, flat, so a removal can lower document frequencies.
    private var docTerms: [Int32] = []
    private var docTermRange: [Range<Int>] = []
    private var lengthSums: [Double]
    public private(set) var liveCount = 0
    private var deadPostings = 0
    private var totalPostings = 0

    private var norms: [Float] = []
    private var normsValid = false
    private var scratch: [Float] = []

    private func invalidate() {
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
        precondition(fields.count == fieldCount)
        if docNumber[id] != nil { remove(id: id) }
        let doc = Int32(externalIds.count)
        externalIds.append(id)
        docNumber[id] = doc
        alive.append(true)
        liveCount += 1
        let start = docTerms.count
        var packed: [UInt32] = []
        for (f, keys) in fields.enumerated() {
            fieldLengths.append(Float(keys.count))
            lengthSums[f] += Double(keys.count)
            let shift = UInt32(f * 8)
            for key in keys {
                let t = Int(intern(key))
                if lastDoc[t] != doc {
                    lastDoc[t] = doc
                    slot[t] = Int32(packed.count)
                    docTerms.append(Int32(t))
                    packed.append(0)
                }
                let j = Int(slot[t])
                if (packed[j] >> shift) & 0xFF < 255 { packed[j] += 1 << shift }
            }
        }
        for (j, t32) in docTerms[start...].enumerated() {
            let t = Int(t32)
            postingDocs[t].append(doc)
            postingTFs[t].append(packed[j])
            documentFrequency[t] += 1
        }
        totalPostings += packed.count
        docTermRange.append(start..<docTerms.count)
        invalidate()
        return doc
    }

    /// Removes a document; its postings are skipped until the next compaction.
    public func remove(id: String) {
        guard let doc = docNumber.removeValue(forKey: id) else { return }
        let d = Int(doc)
        alive[d] = false
        liveCount -= 1
        for f in 0..<fieldCount { lengthSums[f] -= Double(fieldLengths[d * fieldCount + f]) }
        let range = docTermRange[d]
        for t in docTerms[range] { documentFrequency[Int(t)] -= 1 }
        deadPostings += range.count
        invalidate()
        if deadPostings > 1024 && deadPostings * 4 > totalPostings { compact() }
    }

    private func intern(_ key: UInt64) -> Int32 {
        if let id = termIds[key] { return id }
        let id = Int32(termKeys.count)
        termIds.insert(key, id)
        lastDoc.append(-1)
        slot.append(0)
        termKeys.append(key)
        postingDocs.append([])
        postingTFs.append([])
        impacts.append([])
        impactGeneration.append(0)
        documentFrequency.append(0)
        return id
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

    private func refreshNorms() {
        let n = externalIds.count
        let live = Float(max(liveCount, 1))
        if norms.count != n * fieldCount { norms = Array(repeating: 0, count: n * fieldCount) }
        for f in 0..<fieldCount {
            let avg = max(Float(lengthSums[f]) / live, 1e-6)
            let b = parameters.b[f], w = parameters.weights[f]
            for d in 0..<n {
                norms[d * fieldCount + f] = w / (1 - b + b * fieldLengths[d * fieldCount + f] / avg)
            }
        }
        normsValid = true
    }

    /// Lucene's idf, never negative.
    public func idf(_ term: Int32) -> Float {
        let df = Float(documentFrequency[Int(term)])
        return logf(1 + (Float(liveCount) - df + 0.5) / (df + 0.5))
    }

    /// Brings the per-posting scores of `term` up to date with the collection statistics.
    private func refreshImpacts(_ t: Int) {
        if impactGeneration[t] == generation { return }
        if !normsValid { refreshNorms() }
        let k1 = parameters.k1
        let fc = fieldCount
        let docs = postingDocs[t], tfs = postingTFs[t]
        var out = [Float](repeating: 0, count: docs.count)
        norms.withUnsafeBufferPointer { norm in
            for j in 0..<docs.count {
                let d = Int(docs[j])
                guard alive[d] else { continue }
                let packed = tfs[j]
                var tf: Float = 0
                for f in 0..<fc {
                    let c = (packed >> UInt32(f * 8)) & 0xFF
                    if c != 0 { tf += Float(c) * norm[d * fc + f] }
                }
                out[j] = tf / (k1 + tf)
            }
        }
        impacts[t] = out
        impactGeneration[t] = generation
    }

    /// Computes every term's per-posting scores now (after a bulk build), instead of at first use.
    public func prepare() {
        for t in 0..<postingDocs.count { refreshImpacts(t) }
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

/// Partial selection of the best `k` positive scores with a binary min-heap: O(n + m log k).
enum TopK {
    static func select(_ k: Int, from scores: UnsafeBufferPointer<Float>) -> [(doc: Int32, score: Float)] {
        guard k > 0 else { return [] }
        var heap: [(doc: Int32, score: Float)] = []
        heap.reserveCapacity(k + 1)
        // "worse" = lower score, or equal score and larger doc number.
        @inline(__always) func worse(_ a: (doc: Int32, score: Float), _ b: (doc: Int32, score: Float)) -> Bool {
            a.score < b.score || (a.score == b.score && a.doc > b.doc)
        }
        var threshold: Float = 0
        for d in 0..<scores.count {
            let score = scores[d]
            // Documents come in increasing order, so an equal score never displaces an earlier one.
            guard score > threshold || (heap.count < k && score > 0) else { continue }
            let item = (doc: Int32(d), score: score)
            if heap.count < k {
                heap.append(item)
                var i = heap.count - 1
                while i > 0 {
                    let p = (i - 1) / 2
                    if worse(heap[i], heap[p]) { heap.swapAt(i, p); i = p } else { break }
                }
            } else {
                heap[0] = item
                var i = 0
                while true {
                    let l = 2 * i + 1, r = l + 1
                    var m = i
                    if l < heap.count && worse(heap[l], heap[m]) { m = l }
                    if r < heap.count && worse(heap[r], heap[m]) { m = r }
                    if m == i { break }
                    heap.swapAt(i, m); i = m
                }
            }
            if heap.count == k { threshold = heap[0].score }
        }
        return heap.sorted { worse($1, $0) }
    }
}

/// Open-addressing hash table from term keys to term ids (linear probing, power-of-two size,
/// at most half full): the hot lookup of index building, cheaper than a general Dictionary.
struct TermTable {
    private var keys: [UInt64] = Array(repeating: 0, count: 1024)
    private var values: [Int32] = Array(repeating: -1, count: 1024)
    private var count = 0

    @inline(__always) private func home(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    subscript(key: UInt64) -> Int32? {
        let mask = keys.count - 1
        var i = home(key, mask)
        while true {
            let v = values[i]
            if v < 0 { return nil }
            if keys[i] == key { return v }
            i = (i + 1) & mask
        }
    }

    mutating func insert(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var i = home(key, mask)
        while values[i] >= 0 && keys[i] != key { i = (i + 1) & mask }
        if values[i] < 0 { count += 1 }
        keys[i] = key
        values[i] = value
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        values = Array(repeating: -1, count: oldKeys.count * 2)
        count = 0
        for (i, v) in oldValues.enumerated() where v >= 0 { insert(oldKeys[i], v) }
    }
}
