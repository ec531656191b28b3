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

/// Term keys of many documents, analysed ahead (in parallel, say) for `BM25FIndex.add(contentsOf:)`:
/// one flat key array and each field's end in it, so a bulk build allocates nothing per document.
///
/// `group()` turns the keys into each document's unique terms with packed per-field frequencies,
/// terms numbered locally in order of first appearance. It is the per-token part of indexing and
/// needs no index, so it can run on the thread that analysed the batch; the index then only maps
/// the batch's distinct keys to its term ids.
public struct DocumentBatch: Sendable {
    public let fieldCount: Int
    public private(set) var ids: [String] = []
    /// Every document's keys, field after field, document after document (empty once grouped).
    public internal(set) var keys: [UInt64] = []
    /// `fieldEnds[d * fieldCount + f]`: where field f of document d ends in `keys` (it starts
    /// where the previous field ended); field lengths stay available after grouping.
    public private(set) var fieldEnds: [Int] = []

    public private(set) var isGrouped = false
    /// Grouped form: the batch's distinct keys (local term `l` is `distinctKeys[l]`), and per
    /// document (ending at `postingEnds[d]`) its unique local terms and packed frequencies.
    private(set) var distinctKeys: [UInt64] = []
    private(set) var postingTerms: [Int32] = []
    private(set) var postingTFs: [UInt32] = []
    private(set) var postingEnds: [Int] = []

    public init(fieldCount: Int, documents: Int = 0, keys: Int = 0) {
        self.fieldCount = fieldCount
        ids.reserveCapacity(documents)
        fieldEnds.reserveCapacity(documents * fieldCount)
        self.keys.reserveCapacity(keys)
    }

    public var count: Int { ids.count }

    /// Appends the next field of the document being built: `write` appends its keys.
    public mutating func appendField(_ write: (inout [UInt64]) -> Void) {
        precondition(!isGrouped, "batch already grouped")
        precondition(fieldEnds.count < (ids.count + 1) * fieldCount, "all fields given; call endDocument(id:)")
        write(&keys)
        fieldEnds.append(keys.count)
    }

    /// Ends the document whose fields were appended.
    public mutating func endDocument(id: String) {
        precondition(fieldEnds.count == (ids.count + 1) * fieldCount, "a document needs one key list per field")
        ids.append(id)
    }

    public mutating func append(id: String, fields: [[UInt64]]) {
        precondition(fields.count == fieldCount)
        for keys in fields { appendField { $0.append(contentsOf: keys) } }
        endDocument(id: id)
    }

    /// Groups every document's keys into unique terms with packed per-field frequencies (8 bits
    /// per field, saturating) and releases the keys. Documents keep their order; within a
    /// document, terms come in order of first appearance.
    public mutating func group() {
        guard !isGrouped else { return }
        precondition(fieldEnds.count == ids.count * fieldCount, "unfinished document")
        let n = keys.count, fc = fieldCount, docs = ids.count
        // 1. Local term ids, numbered by first appearance.
        var table = TermTable(minimumCapacity: min(n, 1 << 16))
        var distinct: [UInt64] = []
        var local = [Int32](repeating: 0, count: n)
        keys.withUnsafeBufferPointer { keys in
            local.withUnsafeMutableBufferPointer { out in
                for j in 0..<n {
                    let key = keys[j]
                    if let t = table[key] { out[j] = t; continue }
                    let t = Int32(distinct.count)
                    table.insert(key, t)
                    distinct.append(key)
                    out[j] = t
                }
            }
        }
        // 2. Each document's unique terms: `last[t]` is the last document that used term t and
        // `slot[t]` where its frequencies are being counted.
        var last = [Int32](repeating: -1, count: distinct.count)
        var slot = [Int32](repeating: 0, count: distinct.count)
        var terms = [Int32](repeating: 0, count: n)
        var tfs = [UInt32](repeating: 0, count: n)
        var ends = [Int](repeating: 0, count: docs)
        var grouped = 0
        fieldEnds.withUnsafeBufferPointer { fieldEnds in
        local.withUnsafeBufferPointer { tid in
        last.withUnsafeMutableBufferPointer { last in
        slot.withUnsafeMutableBufferPointer { slot in
        terms.withUnsafeMutableBufferPointer { gt in
        tfs.withUnsafeMutableBufferPointer { gp in
        ends.withUnsafeMutableBufferPointer { ends in
            var position = 0
            for d in 0..<docs {
                let doc = Int32(d)
                for f in 0..<fc {
                    let end = fieldEnds[d * fc + f]
                    let shift = UInt32(f * 8)
                    while position < end {
                        let t = Int(tid[position])
                        position += 1
                        if last[t] != doc {
                            last[t] = doc
                            slot[t] = Int32(grouped)
                            gt[grouped] = Int32(t)
                            gp[grouped] = 0
                            grouped += 1
                        }
                        let j = Int(slot[t])
                        if (gp[j] >> shift) & 0xFF < 255 { gp[j] += 1 << shift }
                    }
                }
                ends[d] = grouped
            }
        }}}}}}}
        terms.removeLast(n - grouped)
        tfs.removeLast(n - grouped)
        distinctKeys = distinct
        postingTerms = terms
        postingTFs = tfs
        postingEnds = ends
        keys = []
        isGrouped = true
    }
}

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

    private var termIds = TermTable()
    public private(set) var termKeys: [UInt64] = []
    var postingDocs: [[Int32]] = []
    var postingTFs: [[UInt32]] = []
    /// Per-posting BM25F term scores without idf (bm25s-style eager scoring), recomputed per term
    /// lazily when collection statistics changed since (`generation`). Dead documents score 0.
    var impacts: [[Float]] = []
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
        var batch = DocumentBatch(fieldCount: fieldCount, documents: 1, keys: fields.reduce(0) { $0 + $1.count })
        batch.append(id: id, fields: fields)
        add(contentsOf: [batch])
        return Int32(externalIds.count - 1)
    }

    /// Adds the documents of the batches in order, as many `add(id:fields:)` calls would (a
    /// document replaces an earlier one with the same id), but in bulk: batches not grouped yet
    /// are grouped here, each batch's distinct keys are mapped to term ids (new terms numbered
    /// in order of first appearance, as one by one), then the postings of each term are appended
    /// in one piece.
    public func add(contentsOf batches: consuming [DocumentBatch]) {
        let fc = fieldCount
        let total = batches.reduce(0) { $0 + $1.count }
        guard total > 0 else { return }
        let firstDoc = externalIds.count
        precondition(firstDoc + total <= Int(Int32.max), "too many documents")

        // Document numbers; an id seen before (in the index or earlier in the batches) is removed
        // after the insertion, which leaves the same state as removing it first.
        var replaced: [Int32] = []
        // (Exact reservations only for big batches: for single documents they would defeat the
        // arrays' geometric growth.)
        let bulk = total >= 64
        if bulk {
            externalIds.reserveCapacity(firstDoc + total)
            docNumber.reserveCapacity(docNumber.count + total)
        }
        for b in batches.indices {
            precondition(batches[b].fieldCount == fc, "batch field count")
            for id in batches[b].ids {
                let doc = Int32(externalIds.count)
                externalIds.append(id)
                if let old = docNumber.updateValue(doc, forKey: id) { replaced.append(old) }
            }
        }
        alive.append(contentsOf: repeatElement(true, count: total))
        liveCount += total

        // Local copies with the only reference, so the loops below run without exclusivity checks
        // or copy-on-write; written back at the end.
        var table = TermTable(); swap(&table, &termIds)
        var df: [Int32] = []; swap(&df, &documentFrequency)
        var terms: [Int32] = []; swap(&terms, &docTerms)
        var ranges: [Range<Int>] = []; swap(&ranges, &docTermRange)
        var lengths: [Float] = []; swap(&lengths, &fieldLengths)
        let firstPosting = terms.count
        if bulk {
            ranges.reserveCapacity(ranges.count + total)
            lengths.reserveCapacity(lengths.count + total * fc)
        }
        var sums = lengthSums
        var newKeys: [UInt64] = []
        /// Packed per-field frequencies of the new postings, parallel to `terms[firstPosting...]`.
        var packed: [UInt32] = []

        for b in batches.indices {
            // Each batch is released once its postings are taken (when the caller gave the
            // batches away), which keeps the peak memory of a bulk build down.
            var batch = batches[b]
            batches[b] = DocumentBatch(fieldCount: fc)
            guard batch.count > 0 else { continue }
            batch.group()
            // 1. The batch's terms as index term ids (new terms get the next ids).
            let map = batch.distinctKeys.map { key -> Int32 in
                if let t = table[key] { return t }
                let t = Int32(df.count)
                table.insert(key, t)
                df.append(0)
                newKeys.append(key)
                return t
            }
            // 2. Its postings, with document frequencies, ranges and field lengths.
            let base = terms.count
            terms.append(contentsOf: batch.postingTerms)
            packed.append(contentsOf: batch.postingTFs)
            map.withUnsafeBufferPointer { map in
                df.withUnsafeMutableBufferPointer { df in
                    terms.withUnsafeMutableBufferPointer { terms in
                        for j in base..<terms.count {
                            let t = map[Int(terms[j])]
                            terms[j] = t
                            df[Int(t)] += 1
                        }
                    }
                }
            }
            var start = 0, previousEnd = 0
            for d in 0..<batch.count {
                let end = batch.postingEnds[d]
                ranges.append((base + start)..<(base + end))
                start = end
                for f in 0..<fc {
                    let fieldEnd = batch.fieldEnds[d * fc + f]
                    lengths.append(Float(fieldEnd - previousEnd))
                    sums[f] += Double(fieldEnd - previousEnd)
                    previousEnd = fieldEnd
                }
            }
        }
        lengthSums = sums
        termIds = table; documentFrequency = df
        docTermRange = ranges; fieldLengths = lengths
        if !newKeys.isEmpty {
            termKeys.append(contentsOf: newKeys)
            postingDocs.append(contentsOf: repeatElement([], count: newKeys.count))
            postingTFs.append(contentsOf: repeatElement([], count: newKeys.count))
            impacts.append(contentsOf: repeatElement([], count: newKeys.count))
            impactGeneration.append(contentsOf: repeatElement(0, count: newKeys.count))
        }

        // 3. Postings: a few documents are appended term by term; many are first sorted by term
        // (counting sort, stable in document order) and each term's run is appended at once.
        let newPostings = terms.count - firstPosting
        totalPostings += newPostings
        if !bulk {
            for d in firstDoc..<(firstDoc + total) {
                for j in ranges[d] {
                    let t = Int(terms[j])
                    postingDocs[t].append(Int32(d))
                    postingTFs[t].append(packed[j - firstPosting])
                }
            }
        } else {
            let termCount = termKeys.count
            var offsets = [Int](repeating: 0, count: termCount + 1)
            terms.withUnsafeBufferPointer { all in
                offsets.withUnsafeMutableBufferPointer { off in
                    for j in firstPosting..<all.count { off[Int(all[j]) + 1] += 1 }
                    for t in 0..<termCount { off[t + 1] += off[t] }
                }
            }
            var sortedDocs = [Int32](repeating: 0, count: newPostings)
            var sortedTFs = [UInt32](repeating: 0, count: newPostings)
            var cursor = offsets
            terms.withUnsafeBufferPointer { all in
            packed.withUnsafeBufferPointer { tf in
            ranges.withUnsafeBufferPointer { ranges in
            cursor.withUnsafeMutableBufferPointer { cur in
            sortedDocs.withUnsafeMutableBufferPointer { sd in
            sortedTFs.withUnsafeMutableBufferPointer { st in
                for d in firstDoc..<(firstDoc + total) {
                    for j in ranges[d] {
                        let t = Int(all[j])
                        let p = cur[t]
                        cur[t] = p + 1
                        sd[p] = Int32(d)
                        st[p] = tf[j - firstPosting]
                    }
                }
            }}}}}}
            for t in 0..<termCount where offsets[t + 1] > offsets[t] {
                let run = offsets[t]..<offsets[t + 1]
                postingDocs[t].append(contentsOf: sortedDocs[run])
                postingTFs[t].append(contentsOf: sortedTFs[run])
            }
        }
        docTerms = terms
        invalidate()
        for old in replaced { tombstone(old) }
    }

    /// Removes a document; its postings are skipped until the next compaction.
    public func remove(id: String) {
        guard let doc = docNumber.removeValue(forKey: id) else { return }
        tombstone(doc)
    }

    private func tombstone(_ doc: Int32) {
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

    private func refreshNorms() {
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
    private func refreshDenseRow(_ t: Int) {
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
    private static func impacts(docs: [Int32], tfs: [UInt32], alive: [Bool], norms: [Float], k1: Float, fieldCount fc: Int) -> [Float] {
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

/// Partial selection of the best `k` positive scores with a binary min-heap: O(n + m log k).
enum TopK {
    static func select(_ k: Int, from scores: UnsafeBufferPointer<Float>) -> [(doc: Int32, score: Float)] {
        guard k > 0, !scores.isEmpty else { return [] }
        var heap: [(doc: Int32, score: Float)] = []
        heap.reserveCapacity(k + 1)
        // "worse" = lower score, or equal score and larger doc number.
        @inline(__always) func worse(_ a: (doc: Int32, score: Float), _ b: (doc: Int32, score: Float)) -> Bool {
            a.score < b.score || (a.score == b.score && a.doc > b.doc)
        }
        var threshold: Float = 0
        let base = UnsafeRawPointer(scores.baseAddress!)
        var d = 0
        while d < scores.count {
            // Once the heap is full, a block of 16 whose maximum is not above its floor is skipped
            // with one vector compare (most of a 100k-document buffer).
            if heap.count == k && d + 16 <= scores.count && d & 15 == 0 {
                let v = base.loadUnaligned(fromByteOffset: d * 4, as: SIMD16<Float>.self)
                if !any(v .> SIMD16<Float>(repeating: threshold)) { d += 16; continue }
            }
            let score = scores[d]
            d += 1
            // Documents come in increasing order, so an equal score never displaces an earlier one.
            guard score > threshold || (heap.count < k && score > 0) else { continue }
            let item = (doc: Int32(d - 1), score: score)
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

/// Open-addressing hash table from 64-bit keys to `Int32` values (linear probing, power-of-two
/// size, at most half full): term ids in the index, trie edges and word sets in the analyser,
/// cheaper than a general Dictionary. Fibonacci hashing takes the top bits of the product, which
/// depend on every bit of the key (keys such as `node << 32 | scalar` differ in high bits only).
struct TermTable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var count = 0
    /// 64 − log2(size).
    private var shift: UInt64

    @inline(__always) private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    subscript(key: UInt64) -> Int32? {
        keys.withUnsafeBufferPointer { keys in
            values.withUnsafeBufferPointer { values in
                let mask = keys.count - 1
                var i = home(key)
                while true {
                    let v = values[i]
                    if v < 0 { return nil }
                    if keys[i] == key { return v }
                    i = (i + 1) & mask
                }
            }
        }
    }

    init() { self.init(minimumCapacity: 512) }

    /// Room for `count` keys before the first growth.
    init(minimumCapacity count: Int) {
        var size = 16, bits: UInt64 = 4
        while size < 2 * count { size *= 2; bits += 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: -1, count: size)
        shift = 64 - bits
    }

    /// A set: every key maps to 0.
    init(keys: [UInt64]) {
        self.init()
        for key in keys { insert(key, 0) }
    }

    init(_ entries: [UInt64: Int32]) {
        self.init()
        for (key, value) in entries { insert(key, value) }
    }

    @inline(__always) func contains(_ key: UInt64) -> Bool { self[key] != nil }

    mutating func insert(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var i = home(key)
        while values[i] >= 0 && keys[i] != key { i = (i + 1) & mask }
        if values[i] < 0 { count += 1 }
        keys[i] = key
        values[i] = value
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        values = Array(repeating: -1, count: oldKeys.count * 2)
        shift -= 1
        count = 0
        for (i, v) in oldValues.enumerated() where v >= 0 { insert(oldKeys[i], v) }
    }
}
