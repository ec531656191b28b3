/// Min-cost flow by successive shortest paths with potentials (Dijkstra on reduced costs).
///
/// Supplies are routed one node at a time: each augmentation runs Dijkstra from one node with
/// excess to the sink and stops as soon as the sink is settled (Ahuja–Magnanti–Orlin's SSP for
/// flows with several supply nodes: any excess node may be chosen). Started from a single need,
/// the search stays local — its candidates and the needs competing for them — which is what
/// makes the program assignment fast. Integer costs, so the result is exact. Initial potentials
/// come from the layered (acyclic) network, so negative costs are fine at the start.
struct MinCostFlow {
    private(set) var to: [Int32] = []
    private(set) var capacity: [Int32] = []
    private(set) var cost: [Int64] = []
    private var from: [Int32] = []
    private var originalCapacity: [Int32] = []
    let nodeCount: Int

    init(nodeCount: Int) { self.nodeCount = nodeCount }

    /// Adds an edge and its residual twin (index ^ 1); returns the edge index.
    @discardableResult
    mutating func addEdge(_ u: Int, _ v: Int, capacity c: Int, cost w: Int64) -> Int {
        let e = to.count
        from.append(Int32(u)); to.append(Int32(v)); capacity.append(Int32(c)); cost.append(w); originalCapacity.append(Int32(c))
        from.append(Int32(v)); to.append(Int32(u)); capacity.append(0); cost.append(-w); originalCapacity.append(0)
        return e
    }

    func flow(on e: Int) -> Int { Int(originalCapacity[e] - capacity[e]) }

    /// Sends `supply[i]` units from each node to `sink` at minimum total cost. Nodes must be
    /// numbered so that every edge goes from a lower to a higher number (a layered network), and
    /// the sink must be reachable from every supply node.
    mutating func run(supply: [(node: Int, amount: Int)], sink: Int) {
        let n = nodeCount
        var start = [Int32](repeating: 0, count: n + 1)
        for u in from { start[Int(u) + 1] += 1 }
        for i in 0..<n { start[i + 1] += start[i] }
        var adjacency = [Int32](repeating: 0, count: from.count)
        var fill = start
        for (e, u) in from.enumerated() { adjacency[Int(fill[Int(u)])] = Int32(e); fill[Int(u)] += 1 }

        // Potentials: shortest distances from "any node" in the acyclic network, in node order.
        let inf = Int64.max / 4
        var potential = [Int64](repeating: 0, count: n)
        for u in 0..<n {
            for k in Int(start[u])..<Int(start[u + 1]) {
                let e = Int(adjacency[k])
                guard capacity[e] > 0 else { continue }
                let v = Int(to[e])
                if potential[u] + cost[e] < potential[v] { potential[v] = potential[u] + cost[e] }
            }
        }

        var dist = [Int64](repeating: inf, count: n)
        var parentEdge = [Int32](repeating: -1, count: n)
        var done = [Bool](repeating: false, count: n)
        var visited: [Int32] = []
        var heap = DijkstraHeap()
        for (origin, amount) in supply {
            var remaining = amount
            while remaining > 0 {
                for v in visited { dist[Int(v)] = inf; done[Int(v)] = false; parentEdge[Int(v)] = -1 }
                visited.removeAll(keepingCapacity: true)
                heap.clear()
                dist[origin] = 0
                visited.append(Int32(origin))
                heap.push(0, Int32(origin))
                var reached = false
                while let (d, u32) = heap.pop() {
                    let u = Int(u32)
                    if done[u] || d > dist[u] { continue }
                    done[u] = true
                    if u == sink { reached = true; break }
                    let pu = potential[u]
                    for k in Int(start[u])..<Int(start[u + 1]) {
                        let e = Int(adjacency[k])
                        guard capacity[e] > 0 else { continue }
                        let v = Int(to[e])
                        if done[v] { continue }
                        let nd = d + cost[e] + pu - potential[v]
                        if nd < dist[v] {
                            if dist[v] == inf { visited.append(Int32(v)) }
                            dist[v] = nd
                            parentEdge[v] = Int32(e)
                            heap.push(nd, Int32(v))
                        }
                    }
                }
                guard reached else { return }
                // Settled nodes move by their distance, the others by the sink's: reduced costs stay ≥ 0
                // on every residual edge, and untouched nodes need no update (a common shift is harmless).
                let dSink = dist[sink]
                for v in visited {
                    let i = Int(v)
                    potential[i] += done[i] ? dist[i] - dSink : 0
                }
                var bottleneck = Int32(remaining)
                var v = sink
                while v != origin {
                    let e = Int(parentEdge[v])
                    bottleneck = min(bottleneck, capacity[e])
                    v = Int(from[e])
                }
                v = sink
                while v != origin {
                    let e = Int(parentEdge[v])
                    capacity[e] -= bottleneck
                    capacity[e ^ 1] += bottleneck
                    v = Int(from[e])
                }
                remaining -= Int(bottleneck)
            }
        }
    }
}

/// Binary heap on (distance, node); among equal distances the latest pushed comes first, so the
/// search runs deep along zero-cost edges and reaches the sink early.
struct DijkstraHeap {
    private var keys: [Int64] = []
    private var seqs: [Int32] = []
    private var nodes: [Int32] = []
    private var counter: Int32 = 0

    mutating func clear() { keys.removeAll(keepingCapacity: true); seqs.removeAll(keepingCapacity: true); nodes.removeAll(keepingCapacity: true); counter = 0 }

    @inline(__always) private func less(_ i: Int, _ j: Int) -> Bool {
        keys[i] < keys[j] || (keys[i] == keys[j] && seqs[i] > seqs[j])
    }

    private mutating func swap(_ i: Int, _ j: Int) { keys.swapAt(i, j); seqs.swapAt(i, j); nodes.swapAt(i, j) }

    mutating func push(_ key: Int64, _ node: Int32) {
        counter &+= 1
        keys.append(key); seqs.append(counter); nodes.append(node)
        var i = keys.count - 1
        while i > 0 {
            let p = (i - 1) >> 1
            if less(i, p) { swap(i, p); i = p } else { break }
        }
    }

    mutating func pop() -> (Int64, Int32)? {
        guard !keys.isEmpty else { return nil }
        let top = (keys[0], nodes[0])
        let last = keys.count - 1
        swap(0, last)
        keys.removeLast(); seqs.removeLast(); nodes.removeLast()
        var i = 0
        let n = keys.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n && less(l, m) { m = l }
            if r < n && less(r, m) { m = r }
            if m == i { break }
            swap(i, m); i = m
        }
        return top
    }
}
