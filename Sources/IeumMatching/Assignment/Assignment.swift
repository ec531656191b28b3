/// Program-wide assignment: needs with capacities, startups with a limit on simultaneous
/// collaborations, candidate pairs with scores; finds the set of pairs with the largest total.
///
/// Scores are scaled to integers (`scale`, default 10⁴) and solved exactly as a min-cost flow:
/// each need supplies its capacity; need → startup (one unit, cost −score) → sink (limit), and
/// need → sink at cost 0 for units left unassigned. Successive shortest paths with potentials,
/// one need unit at a time, each Dijkstra stopping at the sink.
public struct AssignmentProblem: Sendable {
    public private(set) var needIds: [String] = []
    public private(set) var needCapacity: [Int] = []
    public private(set) var needFloor: [Double] = []
    public private(set) var startupIds: [String] = []
    public private(set) var startupLimit: [Int] = []
    public private(set) var candidates: [Candidate] = []
    public var scale: Double = 10_000

    public struct Candidate: Sendable, Hashable {
        public var need: Int, startup: Int, score: Double
    }

    public init() {}

    @discardableResult
    public mutating func addNeed(id: String, capacity: Int, floor: Double = -Double.infinity) -> Int {
        needIds.append(id); needCapacity.append(max(0, capacity)); needFloor.append(floor)
        return needIds.count - 1
    }

    @discardableResult
    public mutating func addStartup(id: String, limit: Int) -> Int {
        startupIds.append(id); startupLimit.append(max(0, limit))
        return startupIds.count - 1
    }

    public mutating func addCandidate(need: Int, startup: Int, score: Double) {
        candidates.append(Candidate(need: need, startup: startup, score: score))
    }

    /// The integer weight the solver maximises for a candidate (0 when it is not usable).
    public func weight(_ c: Candidate) -> Int64 {
        guard c.score >= needFloor[c.need], c.score.isFinite else { return 0 }
        return Int64((c.score * scale).rounded())
    }

    public func solve() -> AssignmentResult {
        let nNeeds = needIds.count, nStartups = startupIds.count
        // Nodes: needs, then startups, then the sink. A need's units that stay unassigned go
        // straight to the sink at no cost, so every unit flows and the minimum cost is the
        // maximum total score (maximum weight, not maximum size).
        let sink = nNeeds + nStartups
        var flow = MinCostFlow(nodeCount: nNeeds + nStartups + 1)
        // A pair listed twice counts once, with its best score.
        var best: [Int64: Int] = [:]
        for (i, c) in candidates.enumerated() where weight(c) > 0 {  // a pair adding nothing is never needed
            let key = Int64(c.need) << 32 | Int64(c.startup)
            if let j = best[key], weight(candidates[j]) >= weight(c) { continue }
            best[key] = i
        }
        var pairEdge: [(edge: Int, candidate: Int)] = []
        for i in best.values.sorted() {
            let c = candidates[i]
            let e = flow.addEdge(c.need, nNeeds + c.startup, capacity: 1, cost: -weight(c))
            pairEdge.append((e, i))
        }
        for n in 0..<nNeeds where needCapacity[n] > 0 { flow.addEdge(n, sink, capacity: needCapacity[n], cost: 0) }
        for s in 0..<nStartups where startupLimit[s] > 0 { flow.addEdge(nNeeds + s, sink, capacity: startupLimit[s], cost: 0) }
        flow.run(supply: (0..<nNeeds).map { ($0, needCapacity[$0]) }, sink: sink)
        var pairs: [AssignmentResult.Pair] = []
        var objective: Int64 = 0
        for (e, i) in pairEdge where flow.flow(on: e) > 0 {
            let c = candidates[i]
            pairs.append(.init(need: c.need, startup: c.startup, score: c.score))
            objective += weight(c)
        }
        pairs.sort { $0.need != $1.need ? $0.need < $1.need : ($0.score != $1.score ? $0.score > $1.score : $0.startup < $1.startup) }
        return AssignmentResult(pairs: pairs, total: pairs.reduce(0) { $0 + $1.score }, objective: objective)
    }
}

public struct AssignmentResult: Sendable, Hashable {
    public struct Pair: Sendable, Hashable {
        public var need: Int, startup: Int, score: Double
    }
    public var pairs: [Pair]
    /// Sum of the assigned pairs' scores.
    public var total: Double
    /// Sum of the integer weights the solver maximised (scores × scale, rounded).
    public var objective: Int64
}
