import Testing
@testable import IeumMatching

@Suite("Bulk builds equal one-by-one builds")
struct BulkBuildTests {
    /// Pseudo-random documents over a small vocabulary, two fields.
    static func documents(_ count: Int, seed: UInt64) -> [(id: String, fields: [[UInt64]])] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<count).map { i in
            let name = (0..<(1 + next(3))).map { _ in UInt64(1 + next(40)) }
            let body = (0..<next(30)).map { _ in UInt64(1 + next(200)) }
            return ("d\(i)", [name, body])
        }
    }

    func results(_ index: BM25FIndex, _ queries: [[UInt64]]) -> [[String]] {
        queries.map { keys in
            let q = keys.compactMap { index.termId($0) }.sorted().map { (term: $0, weight: Float(1)) }
            return index.search(q, k: 10).map { "\(index.externalIds[Int($0.doc)])=\($0.score.bitPattern)" }
        }
    }

    @Test("batches (with replaced ids, inside a batch and from before) give the same scores, statistics and term ids")
    func bulkEqualsSequential() {
        // given: 300 documents, some ids repeated later (updates), added to an index holding a few already
        var docs = Self.documents(300, seed: 7)
        for k in stride(from: 0, to: 60, by: 7) { docs.append((docs[k].id, Self.documents(1, seed: UInt64(k)).first!.fields)) }
        let before = Self.documents(20, seed: 99).map { (id: "d\($0.id.dropFirst())", fields: $0.fields) }
        let parameters = BM25FParameters(k1: 1.2, weights: [2, 1], b: [0.5, 0.75])
        let sequential = BM25FIndex(parameters: parameters)
        let bulk = BM25FIndex(parameters: parameters)
        for d in before { sequential.add(id: d.id, fields: d.fields); bulk.add(id: d.id, fields: d.fields) }

        // when
        for d in docs { sequential.add(id: d.id, fields: d.fields) }
        var batches: [DocumentBatch] = []
        for chunk in stride(from: 0, to: docs.count, by: 70) {
            var batch = DocumentBatch(fieldCount: 2)
            for d in docs[chunk..<min(chunk + 70, docs.count)] { batch.append(id: d.id, fields: d.fields) }
            batches.append(batch)
        }
        bulk.add(contentsOf: batches)
        sequential.prepare(); bulk.prepare()

        // then
        #expect(bulk.documentCount == sequential.documentCount)
        #expect(bulk.termKeys == sequential.termKeys)
        for key in 1...200 { #expect(bulk.documentFrequency(of: UInt64(key)) == sequential.documentFrequency(of: UInt64(key))) }
        let queries: [[UInt64]] = (1...40).map { (i: Int) -> [UInt64] in
            let a = UInt64(i), b = UInt64(40 + i * 3), c = UInt64(100 + i)
            return [a, b, c]
        }
        #expect(results(bulk, queries) == results(sequential, queries))
        // and both keep working incrementally
        for index in [bulk, sequential] {
            index.remove(id: "d5")
            index.add(id: "d7", fields: [[1, 2], [3, 3, 3]])
        }
        #expect(results(bulk, queries) == results(sequential, queries))
        #expect(bulk.fieldFrequencies(term: bulk.termId(3)!, doc: bulk.number(of: "d7")!) == [0, 3])
    }

    @Test("Matcher.add(contentsOf:) ranks exactly like adding profiles one by one")
    func matcherBulk() {
        let profiles = RankingTests.profiles + RankingTests.profiles.prefix(2).map { p in
            var copy = p
            copy.id += "-copy"
            copy.description += " 스마트공장 구축"
            return copy
        }
        let one = Matcher(), many = Matcher()
        for p in profiles { one.add(p) }
        many.add(contentsOf: profiles)
        let needs = [
            NeedProfile(id: "a", title: "Predictive maintenance", description: "펌프 진동 예지보전", fields: ["스마트제조"], minStage: "시리즈A"),
            NeedProfile(id: "b", title: "치매 선별", description: "dementia screening app", preferredRegion: "서울"),
        ]
        for need in needs {
            let a = one.rank(need, top: 10), b = many.rank(need, top: 10)
            #expect(a.map(\.startupId) == b.map(\.startupId))
            #expect(a.map(\.score) == b.map(\.score))
            #expect(a.map { $0.explanation?.korean } == b.map { $0.explanation?.korean })
        }
    }

    @Test("analysis with a reused scratch buffer equals fresh analysis, across fast and slow (NFKC) texts")
    func scratchReuse() {
        let analyzer = Analyzer()
        let texts = ["스마트공장을 구축하는 센터에서는 smart-factory 솔루션",
                     "\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF} 처리와 Café",
                     "ＡＩ　Ｖｉｓｉｏｎ", "", "AI를 활용한 이음5G 특화망", "batteries 2차전지 배터리 예지보전(PdM)"]
        var scratch = AnalysisScratch()
        for text in texts + texts.reversed() {
            var keys: [UInt64] = [99]
            analyzer.terms(text, into: &keys, scratch: &scratch)
            #expect(keys == [99] + analyzer.terms(text))
        }
    }

    @Test("thesaurus lookups by phrase still find their groups")
    func thesaurusGroups() {
        let t = Lexicon.standard.thesaurus
        #expect(t.group(of: "스마트공장") != nil)
        #expect(t.group(of: "스마트 팩토리") == t.group(of: "smart factory"))
        #expect(t.group(of: "스마트공") == nil)
        #expect(t.group(of: "") == nil)
    }
}
