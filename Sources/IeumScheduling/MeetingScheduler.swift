/// Places meeting requests into (slot, table) pairs.
///
/// Hard rules: nobody has two meetings in one slot, both participants can attend the slot, at most
/// `tables[s]` meetings in slot `s`, each request at most once, kept confirmed placements stay put.
/// Objective: the largest total priority weight, then the fewest idle gaps. Deterministic: the same
/// problem (same order of participants, requests and confirmed placements) gives the same schedule.
///
/// Method: an exact upper bound (max-weight b-matching by min-cost flow) chooses which requests to
/// aim for; they are put into slots one by one, moving earlier meetings along alternating
/// (Kempe) chains when needed; the remaining requests are inserted the same way, then exchanges
/// that evict lighter meetings and re-insert them elsewhere; then moves that lower idle gaps
/// without changing which requests are placed. See docs/scheduling.md.
public enum MeetingScheduler {
    public struct Options: Sendable, Hashable {
        /// Keep the problem's confirmed placements (when still valid) at their slot and table.
        /// False: full rebuild, confirmed placements are ignored.
        public var keepConfirmed: Bool
        /// Run the idle-gap reduction after the weight is settled.
        public var minimiseIdleGaps: Bool

        public init(keepConfirmed: Bool = true, minimiseIdleGaps: Bool = true) {
            self.keepConfirmed = keepConfirmed
            self.minimiseIdleGaps = minimiseIdleGaps
        }
    }

    /// Schedules `problem`. Throws only for problems that cannot be read (no slots, more than
    /// ``MeetingProblem/maxSlots`` slots, negative table counts, duplicate ids); invalid requests
    /// are reported in ``MeetingSchedule/unplaced``.
    public static func schedule(_ problem: MeetingProblem, options: Options = Options()) throws(MeetingProblemError) -> MeetingSchedule {
        let compiled = try CompiledProblem(problem)
        var board = Board(compiled)
        var tableOf = Array(repeating: -1, count: compiled.requestCount)
        let rejected = options.keepConfirmed ? lockConfirmed(problem, compiled, &board, &tableOf) : []
        board.clearLog()
        let relaxation = relax(compiled, board)

        // 1. The requests the relaxation picked, heaviest first.
        let candidates = (0..<compiled.requestCount).filter { compiled.issue[$0] == nil && !board.locked[$0] }
        let order = candidates.sorted { a, b in
            if relaxation.level[a] != relaxation.level[b] { return relaxation.level[a] > relaxation.level[b] }
            if compiled.weight[a] != compiled.weight[b] { return compiled.weight[a] > compiled.weight[b] }
            return a < b
        }
        for r in order {
            _ = board.insert(r)
            board.clearLog()
        }
        // 2. Everything else, then exchanges, heaviest first.
        let byWeight = candidates.sorted { a, b in
            if compiled.weight[a] != compiled.weight[b] { return compiled.weight[a] > compiled.weight[b] }
            if relaxation.level[a] != relaxation.level[b] { return relaxation.level[a] > relaxation.level[b] }
            return a < b
        }
        for _ in 0..<4 {
            var gained = false
            for r in byWeight where board.slotOf[r] < 0 {
                if board.insert(r) || board.exchange(r) > 0 { gained = true }
                board.clearLog()
            }
            if !gained { break }
        }
        // 3. Idle gaps, then a last chance for the unplaced.
        if options.minimiseIdleGaps {
            for _ in 0..<3 {
                for _ in 0..<40 {
                    let moves = board.reduceGaps(order: candidates)
                    board.clearLog()
                    if moves == 0 { break }
                }
                board.clearLog()
                var added = false
                for r in byWeight where board.slotOf[r] < 0 && board.insert(r) { added = true }
                board.clearLog()
                if !added { break }
            }
        }
        // Maximal: no unplaced request fits without moving something.
        for r in byWeight where board.slotOf[r] < 0 {
            let direct = board.directSlots(r)
            if direct != 0 { board.placeBest(r, in: direct) }
        }
        board.clearLog()
        return finish(problem, compiled, board, tableOf, rejected, bound: relaxation.bound)
    }

    /// An upper bound on the total weight of any schedule of `problem` (with the confirmed
    /// placements kept when `options.keepConfirmed`): each participant can have at most as many
    /// meetings as slots they can attend with a free table, each slot at most its tables and at most
    /// as many meetings as it has available pairs; the best weight under these counts is a
    /// max-weight b-matching, found exactly by min-cost flow when the request graph is bipartite
    /// (and as its linear relaxation, rounded down, when it is not). Time slots themselves are
    /// relaxed, so the bound can be above the true optimum.
    public static func upperBound(_ problem: MeetingProblem, options: Options = Options()) throws(MeetingProblemError) -> MeetingUpperBound {
        let compiled = try CompiledProblem(problem)
        var board = Board(compiled)
        var tableOf = Array(repeating: -1, count: compiled.requestCount)
        if options.keepConfirmed { _ = lockConfirmed(problem, compiled, &board, &tableOf) }
        let r = relax(compiled, board)
        return MeetingUpperBound(value: r.bound, bipartite: r.bipartite)
    }

    /// Idle gaps of `placements` (each participant's empty slots between their first and last
    /// meeting, summed). Placements of unknown requests and unknown participants are ignored.
    public static func idleGaps(of placements: [MeetingPlacement], in problem: MeetingProblem) -> Int {
        var requests: [String: MeetingRequest] = [:]
        for r in problem.requests where requests[r.id] == nil { requests[r.id] = r }
        var slotsOf: [String: Set<Int>] = [:]
        for p in placements {
            guard let r = requests[p.requestId] else { continue }
            slotsOf[r.first, default: []].insert(p.slot)
            slotsOf[r.second, default: []].insert(p.slot)
        }
        var total = 0
        for p in problem.participants {
            guard let s = slotsOf[p.id], let lo = s.min(), let hi = s.max() else { continue }
            total += hi - lo + 1 - s.count
        }
        return total
    }

    // MARK: Confirmed placements

    private static func lockConfirmed(_ problem: MeetingProblem, _ c: CompiledProblem, _ board: inout Board, _ tableOf: inout [Int]) -> [RejectedConfirmation] {
        var rejected: [RejectedConfirmation] = []
        var atTable: [Int: Int] = [:]  // slot * 65536 + table -> request
        let names = problem.participants.map(\.id)
        for p in problem.confirmed {
            func reject(_ issue: ScheduleIssue) { rejected.append(RejectedConfirmation(placement: p, issue: issue)) }
            guard let r = c.requestIndex[p.requestId] else { reject(.unknownRequest(requestId: p.requestId)); continue }
            if let issue = c.issue[r] { reject(.invalidRequest(requestId: p.requestId, issue: issue)); continue }
            if board.slotOf[r] >= 0 { reject(.requestPlacedTwice(requestId: p.requestId, count: 2)); continue }
            guard p.slot >= 0, p.slot < c.slotCount else { reject(.slotOutOfRange(requestId: p.requestId, slot: p.slot)); continue }
            guard p.table >= 0, p.table < c.tables[p.slot] else {
                reject(.tableOutOfRange(requestId: p.requestId, slot: p.slot, table: p.table, tables: c.tables[p.slot]))
                continue
            }
            let u = Int(c.first[r]), v = Int(c.second[r])
            var issue: ScheduleIssue?
            for x in [u, v] where issue == nil {
                if c.available[x] & bit(p.slot) == 0 {
                    issue = .participantUnavailable(participantId: names[x], slot: p.slot, requestId: p.requestId)
                } else if board.busy[x] & bit(p.slot) != 0 {
                    let earlier = problem.requests[board.at(x, p.slot)].id
                    issue = .participantDoubleBooked(participantId: names[x], slot: p.slot, requestIds: [earlier, p.requestId])
                }
            }
            if issue == nil, let earlier = atTable[p.slot * 65536 + p.table] {
                issue = .tableCollision(slot: p.slot, table: p.table, requestIds: [problem.requests[earlier].id, p.requestId])
            }
            if let issue { reject(issue); continue }
            board.set(r, p.slot)
            board.locked[r] = true
            tableOf[r] = p.table
            atTable[p.slot * 65536 + p.table] = r
        }
        return rejected
    }

    // MARK: Relaxation (upper bound and guidance)

    struct Relaxation {
        var bound: Int
        var bipartite: Bool
        /// Per request: 2 chosen by the relaxation, 1 half chosen (non-bipartite), 0 not.
        var level: [Int]
    }

    static func relax(_ c: CompiledProblem, _ board: Board) -> Relaxation {
        let n = c.participantCount, slots = c.slotCount
        var free = [UInt64](repeating: 0, count: n)
        for p in 0..<n { free[p] = c.available[p] & ~board.busy[p] & board.room }
        var edges: [Int] = []
        var involved = [Bool](repeating: false, count: n)
        for r in 0..<c.requestCount where c.issue[r] == nil && !board.locked[r] {
            let u = Int(c.first[r]), v = Int(c.second[r])
            if free[u] & free[v] != 0 { edges.append(r); involved[u] = true; involved[v] = true }
        }
        // Two-colour the request graph (breadth first, in participant order).
        var adjacency = [[Int32]](repeating: [], count: n)
        for r in edges {
            adjacency[Int(c.first[r])].append(Int32(c.second[r]))
            adjacency[Int(c.second[r])].append(Int32(c.first[r]))
        }
        var side = [Int8](repeating: -1, count: n)
        var bipartite = true
        var queue: [Int] = []
        for start in 0..<n where side[start] < 0 && involved[start] {
            side[start] = 0
            queue.removeAll(keepingCapacity: true)
            queue.append(start)
            var qi = 0
            while qi < queue.count {
                let u = queue[qi]; qi += 1
                for v32 in adjacency[u] {
                    let v = Int(v32)
                    if side[v] < 0 { side[v] = 1 - side[u]; queue.append(v) } else if side[v] == side[u] { bipartite = false }
                }
            }
        }
        // Meetings per slot: free tables, and no more than the pairs that could sit there.
        var totalLimit = 0
        for s in 0..<slots {
            let tablesLeft = max(0, c.tables[s] - board.used[s])
            var count = [0, 0]
            for p in 0..<n where involved[p] && free[p] & bit(s) != 0 { count[bipartite ? Int(side[p]) : 0] += 1 }
            totalLimit += min(tablesLeft, bipartite ? min(count[0], count[1]) : count[0] / 2)
        }
        var level = [Int](repeating: 0, count: c.requestCount)
        let copies = bipartite ? 1 : 2
        // Nodes: source, sink, gate, then participants (left copy; right copy for the double cover).
        let source = 0, sink = 1, gate = 2
        var flow = SchedulingFlow(nodes: 3 + n * copies)
        func left(_ p: Int) -> Int { 3 + p }
        func right(_ p: Int) -> Int { bipartite ? 3 + p : 3 + n + p }
        for p in 0..<n where involved[p] {
            let capacity = free[p].nonzeroBitCount
            if bipartite {
                if side[p] == 0 { flow.addArc(from: source, to: left(p), capacity: capacity, cost: 0) } else { flow.addArc(from: right(p), to: gate, capacity: capacity, cost: 0) }
            } else {
                flow.addArc(from: source, to: left(p), capacity: capacity, cost: 0)
                flow.addArc(from: right(p), to: gate, capacity: capacity, cost: 0)
            }
        }
        flow.addArc(from: gate, to: sink, capacity: totalLimit * copies, cost: 0)
        var arcs: [(Int, Int)] = []
        for r in edges {
            var u = Int(c.first[r]), v = Int(c.second[r])
            if bipartite && side[u] == 1 { swap(&u, &v) }
            let cost = -Int64(c.weight[r])
            let a = flow.addArc(from: left(u), to: right(v), capacity: 1, cost: cost)
            let b = bipartite ? -1 : flow.addArc(from: left(v), to: right(u), capacity: 1, cost: cost)
            arcs.append((a, b))
        }
        let profit = -flow.minimiseCost(source: source, sink: sink)
        for (i, r) in edges.enumerated() {
            let (a, b) = arcs[i]
            level[r] = bipartite ? 2 * flow.flow(a) : flow.flow(a) + flow.flow(b)
        }
        let bound = board.total + Int(bipartite ? profit : profit / 2)
        return Relaxation(bound: bound, bipartite: bipartite, level: level)
    }

    // MARK: Result

    private static func finish(_ problem: MeetingProblem, _ c: CompiledProblem, _ board: Board, _ lockedTables: [Int], _ rejected: [RejectedConfirmation], bound: Int) -> MeetingSchedule {
        var tableOf = lockedTables
        let n = c.participantCount
        // Tables: a meeting's host (the side that is not a startup) keeps its previous table if free.
        var lastTable = [Int](repeating: -1, count: n)
        func host(_ r: Int) -> Int {
            let u = Int(c.first[r]), v = Int(c.second[r])
            if (c.kinds[u] == .startup) != (c.kinds[v] == .startup) { return c.kinds[u] == .startup ? v : u }
            return u
        }
        for s in 0..<c.slotCount {
            let here = board.members[s].map(Int.init).sorted()
            var taken = [Bool](repeating: false, count: c.tables[s])
            for r in here where board.locked[r] { taken[tableOf[r]] = true }
            var pending: [Int] = []
            for r in here where !board.locked[r] {
                let t = lastTable[host(r)]
                if t >= 0 && t < taken.count && !taken[t] { tableOf[r] = t; taken[t] = true } else { pending.append(r) }
            }
            var nextFree = 0
            for r in pending {
                while taken[nextFree] { nextFree += 1 }
                tableOf[r] = nextFree
                taken[nextFree] = true
            }
            for r in here { lastTable[host(r)] = tableOf[r] }
        }
        var placements: [MeetingPlacement] = []
        for s in 0..<c.slotCount {
            for r in board.members[s].map(Int.init).sorted(by: { tableOf[$0] < tableOf[$1] }) {
                placements.append(MeetingPlacement(requestId: problem.requests[r].id, slot: s, table: tableOf[r]))
            }
        }
        var unplaced: [UnplacedRequest] = []
        let names = problem.participants.map(\.id)
        // Per slot: kept confirmed meetings, and the lightest meeting (ties: the earlier request).
        var lockedCount = [Int](repeating: 0, count: c.slotCount)
        var lightest = [Int](repeating: -1, count: c.slotCount)
        for s in 0..<c.slotCount {
            for f32 in board.members[s] {
                let f = Int(f32)
                if board.locked[f] { lockedCount[s] += 1 }
                let l = lightest[s]
                if l < 0 || c.weight[f] < c.weight[l] || (c.weight[f] == c.weight[l] && f < l) { lightest[s] = f }
            }
        }
        for r in 0..<c.requestCount where board.slotOf[r] < 0 {
            let id = problem.requests[r].id
            if let issue = c.issue[r] {
                unplaced.append(UnplacedRequest(requestId: id, reason: .invalid(issue), competing: [], outranked: false))
                continue
            }
            let u = Int(c.first[r]), v = Int(c.second[r])
            // Slots both can attend that kept confirmed placements leave open: a table not taken
            // by one, and neither participant in one.
            var common = c.available[u] & c.available[v]
            for s in 0..<c.slotCount where common & bit(s) != 0 {
                let lockedSeat = [u, v].contains { x in board.busy[x] & bit(s) != 0 && board.locked[board.at(x, s)] }
                if lockedCount[s] >= c.tables[s] || lockedSeat { common &= ~bit(s) }
            }
            var reason: UnplacedReason
            var competing = Set<Int>()
            if common == 0 {
                reason = .noCommonSlot
            } else {
                let busyU = board.busy[u] & common, busyV = board.busy[v] & common
                let bothFree = common & ~board.busy[u] & ~board.busy[v]
                if bothFree != 0 {
                    var slots: [Int] = []
                    for s in 0..<c.slotCount where bothFree & bit(s) != 0 {
                        slots.append(s)
                        if lightest[s] >= 0 { competing.insert(lightest[s]) }
                    }
                    reason = .noFreeTable(slots: slots)
                } else {
                    if busyU == common && busyV == common { reason = .bothFullyBooked }
                    else if busyU == common { reason = .participantFullyBooked(participantId: names[u]) }
                    else if busyV == common { reason = .participantFullyBooked(participantId: names[v]) }
                    else { reason = .calendarsConflict }
                    let counted: [Int]
                    switch reason {
                    case .participantFullyBooked(let who): counted = who == names[u] ? [u] : [v]
                    default: counted = [u, v]
                    }
                    for x in counted {
                        for s in 0..<c.slotCount where common & bit(s) != 0 && board.busy[x] & bit(s) != 0 { competing.insert(board.at(x, s)) }
                    }
                }
            }
            let list = competing.sorted()
            let outranked = !list.isEmpty && list.allSatisfy { c.weight[$0] >= c.weight[r] }
            unplaced.append(UnplacedRequest(requestId: id, reason: reason, competing: list.map { problem.requests[$0].id }, outranked: outranked))
        }
        return MeetingSchedule(
            placements: placements, unplaced: unplaced, rejectedConfirmations: rejected,
            totalWeight: board.total, idleGaps: board.idleGaps, upperBound: bound)
    }
}
