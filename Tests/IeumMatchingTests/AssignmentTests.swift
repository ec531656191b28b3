import Testing
@testable import IeumMatching

/// SplitMix64: a small seeded generator so that property tests are repeatable.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Program-wide assignment")
struct AssignmentTests {
    /// Best total weight over every subset of candidates that respects capacities, limits and floors.
    func bruteForce(_ p: AssignmentProblem) -> Int64 {
        let c = p.candidates
        var best: Int64 = 0
        for mask in 0..<(1 << c.count) {
            var needUse = [Int](repeating: 0, count: p.needIds.count)
            var startupUse = [Int](repeating: 0, count: p.startupIds.count)
            var pairs = Set<Int>()
            var total: Int64 = 0
            var ok = true
            for i in 0..<c.count where mask & (1 << i) != 0 {
                let pair = c[i].need * 100 + c[i].startup
                if c[i].score < p.needFloor[c[i].need] || !pairs.insert(pair).inserted { ok = false; break }
                needUse[c[i].need] += 1; startupUse[c[i].startup] += 1
                if needUse[c[i].need] > p.needCapacity[c[i].need] || startupUse[c[i].startup] > p.startupLimit[c[i].startup] { ok = false; break }
                total += p.weight(c[i])
            }
            if ok { best = max(best, total) }
        }
        return best
    }

    func randomProblem(_ g: inout SeededGenerator) -> AssignmentProblem {
        var p = AssignmentProblem()
        let needs = Int.random(in: 1...4, using: &g), startups = Int.random(in: 1...5, using: &g)
        for n in 0..<needs {
            let floor = Bool.random(using: &g) ? Double.random(in: 0...0.5, using: &g) : -.infinity
            p.addNeed(id: "n\(n)", capacity: Int.random(in: 0...3, using: &g), floor: floor)
        }
        for s in 0..<startups { p.addStartup(id: "s\(s)", limit: Int.random(in: 0...2, using: &g)) }
        for _ in 0..<Int.random(in: 0...12, using: &g) {
            p.addCandidate(need: Int.random(in: 0..<needs, using: &g), startup: Int.random(in: 0..<startups, using: &g),
                           score: (Double.random(in: 0...1, using: &g) * 100).rounded() / 100)
        }
        return p
    }

    @Test("the solver's optimum equals brute force on 300 random small instances")
    func optimalAgainstBruteForce() {
        var g = SeededGenerator(seed: 2026)
        for _ in 0..<300 {
            // given
            let p = randomProblem(&g)
            // when
            let result = p.solve()
            // then: optimal, and feasible
            #expect(result.objective == bruteForce(p))
            var needUse = [Int: Int](), startupUse = [Int: Int]()
            for pair in result.pairs {
                needUse[pair.need, default: 0] += 1; startupUse[pair.startup, default: 0] += 1
                #expect(pair.score >= p.needFloor[pair.need])
            }
            #expect(needUse.allSatisfy { $0.value <= p.needCapacity[$0.key] })
            #expect(startupUse.allSatisfy { $0.value <= p.startupLimit[$0.key] })
            #expect(Set(result.pairs.map { $0.need * 100 + $0.startup }).count == result.pairs.count)
        }
    }

    @Test("maximum weight, not maximum size: one strong pair beats two weak ones")
    func weightOverSize() {
        var p = AssignmentProblem()
        p.addNeed(id: "A", capacity: 1); p.addNeed(id: "B", capacity: 1)
        p.addStartup(id: "x", limit: 1); p.addStartup(id: "y", limit: 1)
        p.addCandidate(need: 0, startup: 0, score: 0.9)
        p.addCandidate(need: 0, startup: 1, score: 0.5)
        p.addCandidate(need: 1, startup: 0, score: 0.5)
        let r = p.solve()
        // 0.9 alone vs 0.5 + 0.5 = 1.0: the pair of weak ones wins here
        #expect(r.pairs.map { "\(p.needIds[$0.need])-\(p.startupIds[$0.startup])" }.sorted() == ["A-y", "B-x"])
        #expect(abs(r.total - 1.0) < 1e-9)
        // with a floor on B of 0.6, A-x alone is best
        var q = AssignmentProblem()
        q.addNeed(id: "A", capacity: 1); q.addNeed(id: "B", capacity: 1, floor: 0.6)
        q.addStartup(id: "x", limit: 1); q.addStartup(id: "y", limit: 1)
        q.addCandidate(need: 0, startup: 0, score: 0.9)
        q.addCandidate(need: 0, startup: 1, score: 0.5)
        q.addCandidate(need: 1, startup: 0, score: 0.5)
        let s = q.solve()
        #expect(s.pairs.count == 1 && s.pairs[0].score == 0.9)
    }

    @Test("capacities and limits above one")
    func capacities() {
        var p = AssignmentProblem()
        p.addNeed(id: "A", capacity: 2)
        for s in 0..<3 { p.addStartup(id: "s\(s)", limit: 1) }
        for (s, score) in [0.3, 0.8, 0.6].enumerated() { p.addCandidate(need: 0, startup: s, score: score) }
        let r = p.solve()
        #expect(r.pairs.map(\.startup) == [1, 2])
        #expect(abs(r.total - 1.4) < 1e-9)
        #expect(r.objective == 14_000)
    }
}
