import Foundation
import Testing
@testable import IeumMatching

@Suite("BM25 dense rows for frequent terms")
struct DenseRowTests {
    /// 400 documents over 12 terms: term 1 in every document, term 2 in about half, terms 3… rarer.
    func corpus() -> (BM25FIndex, [[UInt64]]) {
        var state: UInt64 = 42
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        let index = BM25FIndex(parameters: .singleField)
        var docs: [[UInt64]] = []
        for d in 0..<400 {
            var keys: [UInt64] = [1]
            if next() % 2 == 0 { keys.append(2) }
            for t in 3...12 where next() % UInt64(t * 3) == 0 { keys.append(UInt64(t)) }
            keys += Array(repeating: 1, count: Int(next() % 3))
            docs.append(keys)
            index.add(id: "d\(d)", fields: [keys])
        }
        index.prepare()
        return (index, docs)
    }

    @Test("frequent terms are kept as dense rows, rare ones are not")
    func which() {
        let (index, _) = corpus()
        let frequent = index.termId(1)!, rare = index.termId(12)!
        _ = index.search([(frequent, 1), (rare, 1)], k: 1)
        #expect(index.denseImpacts[Int(frequent)]?.count == 400)
        #expect(index.denseImpacts[Int(rare)] == nil)
    }

    @Test("scores with dense rows equal Lucene BM25 computed from the documents")
    func equalsFormula() {
        // given
        let (index, docs) = corpus()
        let queryKeys: [UInt64] = [1, 2, 5, 9]
        let query = queryKeys.map { (index.termId($0)!, Float(1)) }
        // when
        let found = index.search(query, k: 400)
        // then: every document with a query term, scored by the formula in Double
        let n = Double(docs.count)
        let avg = docs.reduce(0.0) { $0 + Double($1.count) } / n
        var expected: [String: Double] = [:]
        for (d, keys) in docs.enumerated() {
            var score = 0.0
            for key in queryKeys {
                let df = Double(docs.filter { $0.contains(key) }.count)
                let tf = Double(keys.filter { $0 == key }.count)
                guard tf > 0 else { continue }
                let idf = log(1 + (n - df + 0.5) / (df + 0.5))
                score += idf * tf / (tf + 1.5 * (1 - 0.75 + 0.75 * Double(keys.count) / avg))
            }
            if score > 0 { expected["d\(d)"] = score }
        }
        #expect(found.count == expected.count)
        for (doc, score) in found {
            let id = index.externalIds[Int(doc)]
            #expect(abs(Double(score) - expected[id]!) < 1e-4, "\(id)")
        }
        // Best first, ties by document number.
        for (a, b) in zip(found, found.dropFirst()) { #expect(a.score > b.score || (a.score == b.score && a.doc < b.doc)) }
    }
}

@Suite("Capability evidence scoring")
struct EvidenceScoringTests {
    @Test("a term's score counts 1 + boost times exactly where the summary or keywords contain it, dense or not")
    func boostOnlyWithEvidence() {
        // given: term 7 in every description (a dense row), term 8 in ten descriptions (postings);
        // both also in the summary of even documents
        let index = BM25FIndex(parameters: MatchingConfiguration.engine.fields)
        for d in 0..<200 {
            let rare: [UInt64] = d % 20 == 0 || d % 20 == 1 ? [8] : []
            let summary: [UInt64] = d % 2 == 0 ? [7] + rare : [99]
            index.add(id: "d\(d)", fields: [[], summary, [], [7, 5] + rare + Array(repeating: 5, count: d % 7)])
        }
        index.prepare()
        for key: UInt64 in [7, 8] {
            let query = [(index.termId(key)!, Float(1))]
            // when
            let plain = Dictionary(uniqueKeysWithValues: index.search(query, k: 200).map { ($0.doc, $0.score) })
            let boosted = index.search(query, k: 200, evidenceFields: [.summary, .keywords], boost: 0.5)
            // then
            #expect(boosted.count == plain.count)
            for (doc, score) in boosted {
                let expected = plain[doc]! * (doc % 2 == 0 ? 1.5 : 1)
                #expect(abs(score - expected) <= expected * 1e-5, "term \(key), document \(doc)")
            }
        }
        #expect(index.denseImpacts[Int(index.termId(7)!)] != nil)
        #expect(index.denseImpacts[Int(index.termId(8)!)] == nil)
    }
}
