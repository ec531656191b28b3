/// Min-cost flow of any value (maximum profit): primal-dual with Dijkstra on reduced costs and a
/// Dinic blocking flow on the zero-reduced-cost arcs per phase. Integer capacities and costs;
/// negative arc costs are allowed as long as the network has no negative cycle.
/// Iterative throughout (no recursion), deterministic (arc order decides ties).
struct SchedulingFlow {
    private(set) var head: [Int32]
    private var next: [Int32] = []
    private var to: [Int32] = []
    private(set) var capacity: [Int32] = []
    private var cost: [Int64] = []

    init(nodes: Int) { head = Array(repeating: -1, count: nodes) }

    var nodeCount: Int { head.count }

    /// Adds an arc and its residual twin; returns the arc's index (the twin is `index ^ 1`).
    @discardableResult
    mutating func addArc(from u: Int, to v: Int, capacity c: Int, cost k: Int64) -> Int {
        let index = to.count
        to.append(Int32(v)); capacity.append(Int32(clamping: c)); cost.append(k); next.append(head[u]); head[u] = Int32(index)
        to.append(Int32(u)); capacity.append(0); cost.append(-k); next.append(head[v]); head[v] = Int32(index + 1)
        return index
    }

    /// Flow on an arc added by `addArc`.
    func flow(_ arc: Int) -> Int { Int(capacity[arc ^ 1]) }

    /// Sends flow from `source` to `sink` while a path of negative cost exists; returns the total
    /// cost (≤ 0). This is the minimum cost over all flow values.
    mutating func minimiseCost(source: Int, sink: Int) -> Int64 {
        let n = head.count
        let unreachable = Int64.max / 4
        // Initial potentials: Bellman-Ford (queue based) from the source over arcs with capacity.
        var pi = Array(repeating: unreachable, count: n)
        pi[source] = 0
        var inQueue = Array(repeating: false, count: n)
        var queue: [Int32] = [Int32(source)]
        inQueue[source] = true
        var qi = 0
        while qi < queue.count {
            let u = Int(queue[qi]); qi += 1
            inQueue[u] = false
            var a = head[u]
            while a >= 0 {
                let ai = Int(a)
                if capacity[ai] > 0 {
                    let v = Int(to[ai])
                    let d = pi[u] + cost[ai]
                    if d < pi[v] {
                        pi[v] = d
                        if !inQueue[v] { inQueue[v] = true; queue.append(Int32(v)) }
                    }
                }
                a = next[ai]
            }
            if qi > 4096 && qi * 2 > queue.count { queue.removeFirst(qi); qi = 0 }
        }
        for v in 0..<n where pi[v] == unreachable { pi[v] = 0 }
        // Nodes the source cannot reach never carry flow; their potentials stay untouched.
        var reachable = Array(repeating: false, count: n)
        do {
            var stack = [source]
            var seen = Array(repeating: false, count: n)
            seen[source] = true
            while let u = stack.popLast() {
                var a = head[u]
                while a >= 0 {
                    let ai = Int(a)
                    let v = Int(to[ai])
                    if capacity[ai] > 0 && !seen[v] { seen[v] = true; stack.append(v) }
                    a = next[ai]
                }
            }
            reachable = seen
        }

        var total: Int64 = 0
        var dist = Array(repeating: Int64.max, count: n)
        var done = Array(repeating: false, count: n)
        var heap = SchedulingHeap()
        var level = Array(repeating: Int32(-1), count: n)
        var current = head
        var bfs: [Int32] = []
        var path: [Int32] = []
        while true {
            // Dijkstra on reduced costs.
            for v in 0..<n { dist[v] = Int64.max; done[v] = false }
            dist[source] = 0
            heap.removeAll()
            heap.push(0, Int32(source))
            while let (d, u32) = heap.pop() {
                let u = Int(u32)
                if done[u] || d != dist[u] { continue }
                done[u] = true
                if u == sink { break }
                var a = head[u]
                while a >= 0 {
                    let ai = Int(a)
                    if capacity[ai] > 0 {
                        let v = Int(to[ai])
                        let nd = d + cost[ai] + pi[u] - pi[v]
                        if nd < dist[v] { dist[v] = nd; heap.push(nd, Int32(v)) }
                    }
                    a = next[ai]
                }
            }
            guard done[sink] else { break }
            let limit = dist[sink]
            for v in 0..<n where reachable[v] { pi[v] += done[v] ? min(dist[v], limit) : limit }
            if pi[sink] - pi[source] >= 0 { break }  // no more profitable path
            // Blocking flows on admissible arcs (reduced cost 0) until the sink is cut off.
            while true {
                for v in 0..<n { level[v] = -1 }
                level[source] = 0
                bfs.removeAll(keepingCapacity: true)
                bfs.append(Int32(source))
                var bi = 0
                while bi < bfs.count {
                    let u = Int(bfs[bi]); bi += 1
                    var a = head[u]
                    while a >= 0 {
                        let ai = Int(a)
                        let v = Int(to[ai])
                        if capacity[ai] > 0 && level[v] < 0 && cost[ai] + pi[u] - pi[v] == 0 {
                            level[v] = level[u] + 1
                            bfs.append(Int32(v))
                        }
                        a = next[ai]
                    }
                }
                if level[sink] < 0 { break }
                for v in 0..<n { current[v] = head[v] }
                path.removeAll(keepingCapacity: true)
                var u = source
                while true {
                    if u == sink {
                        var f = Int32.max
                        for a in path { f = min(f, capacity[Int(a)]) }
                        for a in path {
                            capacity[Int(a)] -= f
                            capacity[Int(a) ^ 1] += f
                            total += Int64(f) * cost[Int(a)]
                        }
                        path.removeAll(keepingCapacity: true)
                        u = source
                        continue
                    }
                    var advanced = false
                    while current[u] >= 0 {
                        let ai = Int(current[u])
                        let v = Int(to[ai])
                        if capacity[ai] > 0 && level[v] == level[u] + 1 && cost[ai] + pi[u] - pi[v] == 0 {
                            path.append(Int32(ai))
                            u = v
                            advanced = true
                            break
                        }
                        current[u] = next[ai]
                    }
                    if advanced { continue }
                    if u == source { break }
                    level[u] = -1
                    let back = Int(path.removeLast())
                    u = Int(to[back ^ 1])
                    current[u] = next[back]
                }
            }
        }
        return total
    }
}

/// Binary min-heap of (key, node); ties by node number, so pops are deterministic.
struct SchedulingHeap {
    private var keys: [Int64] = []
    private var nodes: [Int32] = []

    mutating func removeAll() { keys.removeAll(keepingCapacity: true); nodes.removeAll(keepingCapacity: true) }

    private func less(_ i: Int, _ j: Int) -> Bool { keys[i] < keys[j] || (keys[i] == keys[j] && nodes[i] < nodes[j]) }

    mutating func push(_ key: Int64, _ node: Int32) {
        keys.append(key); nodes.append(node)
        var i = keys.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if !less(i, p) { break }
            keys.swapAt(i, p); nodes.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() -> (Int64, Int32)? {
        guard let k = keys.first else { return nil }
        let n = nodes[0]
        let lastK = keys.removeLast(), lastN = nodes.removeLast()
        if !keys.isEmpty {
            keys[0] = lastK; nodes[0] = lastN
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < keys.count && less(l, m) { m = l }
                if r < keys.count && less(r, m) { m = r }
                if m == i { break }
                keys.swapAt(i, m); nodes.swapAt(i, m)
                i = m
            }
        }
        return (k, n)
    }
}
