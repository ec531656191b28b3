/// Min-cost flow by the primal–dual method: Dijkstra on reduced costs from every node that still
/// has excess, then a maximum flow (Dinic: BFS levels, blocking flow with current arcs) on the
/// residual edges of zero reduced cost, repeated until all supply has reached the sink. Potentials
/// are fixed during the maximum flow, so each phase first lists the edges of reduced cost 0 (few)
/// and the Dinic rounds scan only those.
///
/// Used by the judge assignment, whose networks are dense (every application linked to every
/// judge it may have) and whose costs are small integers: one Dijkstra then routes every unit
/// that can go at the same price, instead of one Dijkstra per unit as `MinCostFlow` does.
///
/// Exactness: costs are integers; reduced costs `cost + π(u) − π(v)` stay ≥ 0 on every residual
/// edge (Dijkstra distances keep them so, and flow is only pushed along edges of reduced cost 0,
/// whose reverse then also has reduced cost 0). A flow meeting every supply with such potentials is
/// a minimum-cost flow. When the sink cannot be reached from the nodes left with excess, no flow
/// meets the supplies: the nodes those can reach form a cut that all flow leaves saturated, and
/// `Outcome.sourceSide` returns it so that callers can explain the shortage.
struct PrimalDualFlow {
    let nodeCount: Int
    private var tails: [Int32] = []
    private var heads: [Int32] = []
    private var capacities: [Int32] = []
    private var costs: [Int64] = []

    init(nodeCount: Int, edgeCapacity: Int = 0) {
        self.nodeCount = nodeCount
        tails.reserveCapacity(edgeCapacity); heads.reserveCapacity(edgeCapacity)
        capacities.reserveCapacity(edgeCapacity); costs.reserveCapacity(edgeCapacity)
    }

    var edgeCount: Int { tails.count }

    /// Adds an edge `u → v`; returns its index. Costs must be ≥ 0 (shift them: the flow value is fixed).
    @discardableResult
    mutating func addEdge(_ u: Int, _ v: Int, capacity: Int, cost: Int64) -> Int {
        precondition(cost >= 0 && capacity >= 0 && u != v)
        tails.append(Int32(u)); heads.append(Int32(v)); capacities.append(Int32(capacity)); costs.append(cost)
        return tails.count - 1
    }

    struct Outcome {
        /// Flow on each edge, in the order they were added.
        var flow: [Int32]
        /// Supply that could not reach the sink, per node (all zero when the flow is feasible).
        var excess: [Int]
        /// Units that could not reach the sink.
        var shortfall: Int
        /// When `shortfall > 0`: the nodes reachable in the final residual network from the nodes
        /// left with excess. No residual edge leaves this set (every edge out of it is saturated,
        /// every edge into it is empty), and its supply exceeds what can leave it by `shortfall`.
        var sourceSide: [Bool]
        /// Dijkstra runs (each followed by a maximum flow on zero-reduced-cost edges).
        var phases: Int
    }

    /// Sends `supply[v]` units from every node (supplies ≥ 0) to `sink` at minimum total cost.
    /// Routes as much as can be routed; `Outcome.shortfall` is what could not be.
    func solve(supply: [Int], sink: Int) -> Outcome {
        let n = nodeCount
        precondition(supply.count == n && supply.allSatisfy { $0 >= 0 } && supply[sink] == 0)
        let m = tails.count
        // Compressed adjacency: both directions of every edge grouped by tail; at each node the edges
        // it was given come first (in the order added), then the reverses of the edges into it.
        let start = Buffer<Int32>(n + 1, 0)
        for i in 0..<m { start[Int(tails[i]) + 1] += 1; start[Int(heads[i]) + 1] += 1 }
        for v in 0..<n { start[v + 1] += start[v] }
        let fill = Buffer<Int32>(n + 1, 0)
        for v in 0...n { fill[v] = start[v] }
        let to = Buffer<Int32>(2 * m, 0), residual = Buffer<Int32>(2 * m, 0)
        let cost = Buffer<Int64>(2 * m, 0), reverse = Buffer<Int32>(2 * m, 0)
        let slot = Buffer<Int32>(m, 0)
        for i in 0..<m {
            let u = Int(tails[i]), a = Int(fill[u])
            fill[u] += 1
            to[a] = heads[i]; residual[a] = capacities[i]; cost[a] = costs[i]; slot[i] = Int32(a)
        }
        for i in 0..<m {
            let v = Int(heads[i]), a = Int(slot[i]), b = Int(fill[v])
            fill[v] += 1
            to[b] = tails[i]; residual[b] = 0; cost[b] = -costs[i]
            reverse[a] = Int32(b); reverse[b] = Int32(a)
        }
        defer { for b in [start, fill, to, residual, reverse, slot] { b.free() }; cost.free() }

        var excess = supply
        var remaining = supply.reduce(0, +)
        let potential = Buffer<Int64>(n, 0), dist = Buffer<Int64>(n, 0)
        let settled = Buffer<Bool>(n, false)
        let level = Buffer<Int32>(n, -1), queue = Buffer<Int32>(n, 0), current = Buffer<Int32>(n, 0)
        let tightStart = Buffer<Int32>(n + 1, 0), tight = Buffer<Int32>(2 * m, 0)
        defer { potential.free(); dist.free(); settled.free(); level.free(); queue.free(); current.free(); tightStart.free(); tight.free() }
        let unreached = Int64.max / 4
        var heap = IndexedMinHeap(nodeCount: n)
        var path: [Int32] = []
        var phases = 0
        var sourceSide: [Bool] = []

        while remaining > 0 {
            // 1. Dijkstra on reduced costs from every node with excess, stopping at the sink.
            phases += 1
            for v in 0..<n { dist[v] = unreached; settled[v] = false }
            heap.removeAll()
            for v in 0..<n where excess[v] > 0 { dist[v] = 0; heap.update(Int32(v), 0) }
            var reached = false
            while let (u32, du) = heap.popMin() {
                let u = Int(u32)
                settled[u] = true
                if u == sink { reached = true; break }
                let pu = potential[u]
                for e in Int(start[u])..<Int(start[u + 1]) where residual[e] > 0 {
                    let v = Int(to[e])
                    if settled[v] { continue }
                    let nd = du + cost[e] + pu - potential[v]
                    if nd < dist[v] { dist[v] = nd; heap.update(Int32(v), nd) }
                }
            }
            guard reached else {
                sourceSide = (0..<n).map { dist[$0] < unreached }
                break
            }
            // Settled nodes move by their distance less the sink's, the others stay: reduced costs stay
            // ≥ 0 and every shortest path to the sink now has reduced cost 0.
            let dSink = dist[sink]
            for v in 0..<n where settled[v] { potential[v] += dist[v] - dSink }

            // 2. Maximum flow on the residual edges of reduced cost 0 (Dinic). Potentials stay fixed
            // meanwhile, so the edges of reduced cost 0 (in either direction: an edge and its reverse
            // have opposite reduced costs) are listed once; the rounds scan only those.
            var count = 0
            for u in 0..<n {
                tightStart[u] = Int32(count)
                let pu = potential[u]
                for e in Int(start[u])..<Int(start[u + 1]) where cost[e] + pu == potential[Int(to[e])] {
                    tight[count] = Int32(e); count += 1
                }
            }
            tightStart[n] = Int32(count)
            while remaining > 0 {
                for v in 0..<n { level[v] = -1 }
                var head = 0, tail = 0
                for v in 0..<n where excess[v] > 0 { level[v] = 0; queue[tail] = Int32(v); tail += 1 }
                var sinkLevel = Int32.max
                while head < tail {
                    let u = Int(queue[head]); head += 1
                    let lu = level[u]
                    if lu + 1 > sinkLevel { break }
                    for i in Int(tightStart[u])..<Int(tightStart[u + 1]) {
                        let e = Int(tight[i])
                        let v = Int(to[e])
                        if level[v] >= 0 || residual[e] <= 0 { continue }
                        level[v] = lu + 1
                        if v == sink { sinkLevel = lu + 1 } else { queue[tail] = Int32(v); tail += 1 }
                    }
                }
                if sinkLevel == Int32.max { break }
                for v in 0..<n { current[v] = tightStart[v] }
                for s in 0..<n where excess[s] > 0 && level[s] == 0 {
                    // Blocking flow from s: advance along current arcs, retreat from dead ends.
                    sourceLoop: while excess[s] > 0 {
                        path.removeAll(keepingCapacity: true)
                        var v = s
                        while v != sink {
                            var advanced = false
                            let lv = level[v]
                            let end = Int(tightStart[v + 1])
                            var i = Int(current[v])
                            var e = 0
                            while i < end {
                                e = Int(tight[i])
                                if residual[e] > 0 && level[Int(to[e])] == lv + 1 {
                                    path.append(Int32(e)); advanced = true
                                    break
                                }
                                i += 1
                            }
                            current[v] = Int32(i)
                            if advanced { v = Int(to[e]); continue }
                            level[v] = -2  // dead end for the rest of this round
                            guard let last = path.popLast() else { break sourceLoop }
                            v = Int(to[Int(reverse[Int(last)])])
                            current[v] += 1
                        }
                        var bottleneck = Int32(clamping: excess[s])
                        for e in path { bottleneck = min(bottleneck, residual[Int(e)]) }
                        for e in path {
                            residual[Int(e)] -= bottleneck
                            residual[Int(reverse[Int(e)])] += bottleneck
                        }
                        excess[s] -= Int(bottleneck)
                        remaining -= Int(bottleneck)
                    }
                }
            }
        }
        var flow = [Int32](repeating: 0, count: m)
        for i in 0..<m { flow[i] = capacities[i] - residual[Int(slot[i])] }
        return Outcome(flow: flow, excess: excess, shortfall: remaining, sourceSide: remaining > 0 ? sourceSide : [], phases: phases)
    }
}

/// A fixed-size scratch array without bounds checks or copy-on-write, freed explicitly: the
/// flow's inner loops run on these.
private struct Buffer<Element> {
    let base: UnsafeMutablePointer<Element>
    init(_ count: Int, _ value: Element) {
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: value, count: max(count, 1))
    }
    subscript(i: Int) -> Element {
        @inline(__always) get { base[i] }
        @inline(__always) nonmutating set { base[i] = newValue }
    }
    func free() { base.deallocate() }
}

/// Binary min-heap of nodes keyed by distance, with decrease-key (at most one entry per node).
/// Equal keys pop in node order, so runs are deterministic.
struct IndexedMinHeap {
    private var nodes: [Int32] = []
    private var keys: [Int64] = []
    private var position: [Int32]

    init(nodeCount: Int) { position = [Int32](repeating: -1, count: nodeCount) }

    mutating func removeAll() {
        for v in nodes { position[Int(v)] = -1 }
        nodes.removeAll(keepingCapacity: true); keys.removeAll(keepingCapacity: true)
    }

    @inline(__always) private func less(_ i: Int, _ j: Int) -> Bool {
        keys[i] < keys[j] || (keys[i] == keys[j] && nodes[i] < nodes[j])
    }

    private mutating func exchange(_ i: Int, _ j: Int) {
        nodes.swapAt(i, j); keys.swapAt(i, j)
        position[Int(nodes[i])] = Int32(i); position[Int(nodes[j])] = Int32(j)
    }

    /// Inserts `node` or lowers its key.
    mutating func update(_ node: Int32, _ key: Int64) {
        var i = Int(position[Int(node)])
        if i < 0 {
            i = nodes.count
            nodes.append(node); keys.append(key); position[Int(node)] = Int32(i)
        } else {
            keys[i] = key
        }
        while i > 0 {
            let p = (i - 1) >> 1
            if less(i, p) { exchange(i, p); i = p } else { break }
        }
    }

    mutating func popMin() -> (Int32, Int64)? {
        guard let top = nodes.first else { return nil }
        let key = keys[0]
        exchange(0, nodes.count - 1)
        nodes.removeLast(); keys.removeLast()
        position[Int(top)] = -1
        var i = 0
        let count = nodes.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < count && less(l, best) { best = l }
            if r < count && less(r, best) { best = r }
            if best == i { break }
            exchange(i, best); i = best
        }
        return (top, key)
    }
}
