import Foundation

extension BM25FIndex {
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
}
