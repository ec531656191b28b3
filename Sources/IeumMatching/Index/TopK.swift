import Foundation

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
