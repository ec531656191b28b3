import Testing
@testable import IeumMatching

@Suite("BM25F index")
struct BM25FIndexTests {
    // Term keys stand for words: 1 = apple, 2 = banana, 3 = cherry.
    func tiny() -> BM25FIndex {
        let index = BM25FIndex(parameters: BM25FParameters(k1: 1.2, weights: [1], b: [0.75]))
        index.add(id: "d1", fields: [[1, 2]])
        index.add(id: "d2", fields: [[1, 1, 3]])
        index.add(id: "d3", fields: [[3]])
        return index
    }
    func query(_ index: BM25FIndex, _ keys: [UInt64]) -> [(term: Int32, weight: Float)] {
        keys.compactMap { index.termId($0) }.map { ($0, 1) }
    }
    func scores(_ index: BM25FIndex, _ keys: [UInt64]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: index.search(query(index, keys), k: 10).map { (index.externalIds[Int($0.doc)], Double($0.score)) })
    }

    @Test("scores equal hand-computed BM25 (N=3, avgdl=2, k1=1.2, b=0.75)")
    func handComputed() {
        // idf(apple) = ln(1 + (3-2+0.5)/(2+0.5)) = ln 1.6; d2: tf 2, dl 3 → 2/1.375 = 1.4545 → 1.4545/2.6545
        let s = scores(tiny(), [1])
        #expect(abs(s["d1"]! - 0.213638) < 1e-4)
        #expect(abs(s["d2"]! - 0.257536) < 1e-4)
        #expect(s["d3"] == nil)
        let c = scores(tiny(), [3])
        #expect(abs(c["d2"]! - 0.177360) < 1e-4)
        #expect(abs(c["d3"]! - 0.268574) < 1e-4)
    }

    @Test("BM25F weights fields and normalises each by its own average length")
    func twoFields() {
        // weights name 2, description 1; b 0.5 both; 10 = x, 11 = y, 12 = z
        let index = BM25FIndex(parameters: BM25FParameters(k1: 1.2, weights: [2, 1], b: [0.5, 0.5]))
        index.add(id: "A", fields: [[10], [11, 11]])
        index.add(id: "B", fields: [[11], [10, 12, 12, 12]])
        let x = scores(index, [10])
        #expect(abs(x["A"]! - 0.113951) < 1e-4)
        #expect(abs(x["B"]! - 0.075967) < 1e-4)
        #expect(abs(scores(index, [12])["B"]! - 0.472600) < 1e-4)
        #expect(index.fieldFrequencies(term: index.termId(12)!, doc: 1) == [0, 3])
    }

    @Test("update and remove change results and statistics incrementally")
    func incremental() {
        // given
        let index = tiny()
        // when d3 is removed, cherry is only in d2: N=2, df=1, avgdl=2.5
        index.remove(id: "d3")
        // then
        #expect(index.documentCount == 2)
        #expect(index.documentFrequency(of: 3) == 1)
        #expect(Set(scores(index, [3]).keys) == ["d2"])
        // when d1 is updated to hold cherry instead of apple
        index.add(id: "d1", fields: [[3, 2]])
        #expect(index.documentCount == 2)
        #expect(Set(scores(index, [1]).keys) == ["d2"])
        #expect(Set(scores(index, [3]).keys) == ["d1", "d2"])
        // compaction keeps everything that is alive
        index.compact()
        #expect(Set(scores(index, [3]).keys) == ["d1", "d2"])
        #expect(index.documentFrequency(of: 1) == 1)
    }

    @Test("top-k returns the best k, best first, ties by insertion order")
    func topK() {
        let index = BM25FIndex(parameters: .singleField)
        for i in 0..<50 { index.add(id: "d\(i)", fields: [Array(repeating: 7, count: 1 + i % 5) + [8, 9]]) }
        let top = index.search(query(index, [7]), k: 5)
        #expect(top.count == 5)
        #expect(zip(top, top.dropFirst()).allSatisfy { $0.score >= $1.score })
        #expect(top.map { index.externalIds[Int($0.doc)] } == ["d4", "d9", "d14", "d19", "d24"])
    }
}
