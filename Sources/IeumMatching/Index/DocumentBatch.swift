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
