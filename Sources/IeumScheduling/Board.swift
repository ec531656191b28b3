/// The mutable state of a schedule: which slot each request is in, who sits where, how many tables
/// are used; with an undo log so that tentative changes can be rolled back exactly.
struct Board {
    let slots: Int
    let tables: [Int]
    let available: [UInt64]
    let first: [Int32]
    let second: [Int32]
    let weight: [Int]
    var locked: [Bool]

    /// `seat[p * slots + s]`: the request participant `p` meets in slot `s`, or −1.
    private(set) var seat: [Int32]
    /// Slots in which each participant has a meeting.
    private(set) var busy: [UInt64]
    /// Slot of each request, or −1.
    private(set) var slotOf: [Int32]
    private(set) var used: [Int]
    /// Slots with at least one free table.
    private(set) var room: UInt64
    /// Requests placed in each slot (unordered) and each request's position in that list.
    private(set) var members: [[Int32]]
    private var position: [Int32]
    private(set) var total = 0
    /// (request, previous slot) for every change since the log was last cleared.
    private var log: [(Int32, Int32)] = []
    /// Scratch buffer for alternating chains.
    private var chain: [Int32] = []

    init(_ c: CompiledProblem) {
        slots = c.slotCount
        tables = c.tables
        available = c.available
        first = c.first
        second = c.second
        weight = c.weight
        locked = Array(repeating: false, count: c.requestCount)
        seat = Array(repeating: -1, count: c.participantCount * c.slotCount)
        busy = Array(repeating: 0, count: c.participantCount)
        slotOf = Array(repeating: -1, count: c.requestCount)
        used = Array(repeating: 0, count: c.slotCount)
        var r: UInt64 = 0
        for s in 0..<c.slotCount where c.tables[s] > 0 { r |= bit(s) }
        room = r
        members = Array(repeating: [], count: c.slotCount)
        position = Array(repeating: -1, count: c.requestCount)
    }

    @inline(__always) func other(_ r: Int, _ p: Int) -> Int { Int(first[r]) == p ? Int(second[r]) : Int(first[r]) }
    @inline(__always) func at(_ p: Int, _ s: Int) -> Int { Int(seat[p * slots + s]) }

    var mark: Int { log.count }

    mutating func clearLog() { log.removeAll(keepingCapacity: true) }

    /// Rolls back every change made after `mark`.
    mutating func undo(to mark: Int) {
        while log.count > mark {
            let (r, s) = log.removeLast()
            setRaw(Int(r), Int(s))
        }
    }

    /// Puts request `r` in slot `s` (−1: unplaced), logging the change. The caller guarantees validity.
    mutating func set(_ r: Int, _ s: Int) {
        let old = Int(slotOf[r])
        guard old != s else { return }
        log.append((Int32(r), Int32(old)))
        setRaw(r, s)
    }

    private mutating func setRaw(_ r: Int, _ s: Int) {
        let u = Int(first[r]), v = Int(second[r])
        let old = Int(slotOf[r])
        if old >= 0 {
            seat[u * slots + old] = -1
            seat[v * slots + old] = -1
            busy[u] &= ~bit(old)
            busy[v] &= ~bit(old)
            used[old] -= 1
            room |= bit(old)
            let i = Int(position[r])
            let last = members[old].removeLast()
            if Int(last) != r { members[old][i] = last; position[Int(last)] = Int32(i) }
            position[r] = -1
            total -= weight[r]
        }
        slotOf[r] = Int32(s)
        if s >= 0 {
            seat[u * slots + s] = Int32(r)
            seat[v * slots + s] = Int32(r)
            busy[u] |= bit(s)
            busy[v] |= bit(s)
            used[s] += 1
            if used[s] >= tables[s] { room &= ~bit(s) }
            position[r] = Int32(members[s].count)
            members[s].append(Int32(r))
            total += weight[r]
        }
    }

    /// Total idle gaps over all participants.
    var idleGaps: Int { busy.reduce(0) { $0 + gapCount($1) } }

    // MARK: Alternating chains (Kempe chains)

    /// Walks the chain of meetings coloured `a`, `c`, `a`, … starting at participant `x` (which must
    /// be free in `c`) and stores it in `chain`. Returns false when the colours cannot be swapped
    /// along it: a locked meeting, a participant unable to attend the new slot, `avoid` on the chain,
    /// or no free table for the slot that gains a meeting. `limit` bounds the length.
    private mutating func walk(from x: Int, a: Int, c: Int, avoid: Int, avoid2: Int = -1, limit: Int = 1 << 30) -> Bool {
        chain.removeAll(keepingCapacity: true)
        var p = x
        var colour = a
        while true {
            let r = Int(seat[p * slots + colour])
            if r < 0 { break }
            if locked[r] { return false }
            let q = other(r, p)
            if q == avoid || q == avoid2 { return false }
            let target = colour == a ? c : a
            if available[p] & available[q] & bit(target) == 0 { return false }
            chain.append(Int32(r))
            if chain.count > limit { return false }
            p = q
            colour = target
        }
        // Odd length: slot `a` loses a meeting, slot `c` gains one.
        if chain.count & 1 == 1 && used[c] >= tables[c] { return false }
        return true
    }

    /// Swaps the two slots of every meeting in `chain`.
    private mutating func swapChain(a: Int, c: Int) {
        let moved = chain
        for r in moved { set(Int(r), -1) }
        var colour = a
        for r in moved {
            colour = colour == a ? c : a
            set(Int(r), colour)
        }
    }

    /// Frees participant `x` in slot `a` by moving its meeting there to a slot where `x` is free
    /// and swapping along the alternating chain that follows. Never touches `partner`.
    mutating func free(_ x: Int, in a: Int, partner: Int, limit: Int = 1 << 30) -> Bool {
        guard busy[x] & bit(a) != 0 else { return true }
        var candidates = available[x] & ~busy[x]
        var bestColour = -1, bestLength = Int.max
        while candidates != 0 {
            let c = candidates.trailingZeroBitCount
            candidates &= candidates - 1
            if walk(from: x, a: a, c: c, avoid: partner, limit: min(limit, bestLength - 1)) && chain.count < bestLength {
                bestLength = chain.count
                bestColour = c
                if bestLength == 1 { break }
            }
        }
        guard bestColour >= 0 else { return false }
        _ = walk(from: x, a: a, c: bestColour, avoid: partner)
        swapChain(a: a, c: bestColour)
        return true
    }

    /// Makes a table free in slot `a` without touching participants `u` and `v`: moves one meeting
    /// of the slot elsewhere, directly or along an alternating chain of odd length.
    mutating func freeTable(in a: Int, avoiding u: Int, _ v: Int) -> Bool {
        guard used[a] >= tables[a] else { return true }
        let targets = room & ~bit(a)
        guard targets != 0 else { return false }
        var bestLength = Int.max
        var best: (start: Int, colour: Int) = (-1, -1)
        let list = members[a].sorted()
        for r32 in list {
            let r = Int(r32)
            if locked[r] { continue }
            for x in [Int(first[r]), Int(second[r])] {
                var candidates = targets & ~busy[x] & available[x]
                while candidates != 0 {
                    let c = candidates.trailingZeroBitCount
                    candidates &= candidates - 1
                    if walk(from: x, a: a, c: c, avoid: u, avoid2: v, limit: min(64, bestLength - 1)),
                       chain.count & 1 == 1, chain.count < bestLength {
                        bestLength = chain.count
                        best = (x, c)
                        if bestLength == 1 { break }
                    }
                }
                if bestLength == 1 { break }
            }
            if bestLength == 1 { break }
        }
        guard best.start >= 0 else { return false }
        _ = walk(from: best.start, a: a, c: best.colour, avoid: u, avoid2: v)
        swapChain(a: a, c: best.colour)
        return true
    }

    /// Slots where request `r` can go without moving anything.
    @inline(__always) func directSlots(_ r: Int) -> UInt64 {
        let u = Int(first[r]), v = Int(second[r])
        return available[u] & available[v] & ~busy[u] & ~busy[v] & room
    }

    /// Increase of the idle gaps of `r`'s participants if it were put in slot `s` (both free there).
    @inline(__always) func gapIncrease(_ r: Int, _ s: Int) -> Int {
        let u = Int(first[r]), v = Int(second[r])
        return gapCount(busy[u] | bit(s)) - gapCount(busy[u]) + gapCount(busy[v] | bit(s)) - gapCount(busy[v])
    }

    /// Places `r` in the best of `mask` (fewest new idle gaps, then most free tables, then earliest).
    mutating func placeBest(_ r: Int, in mask: UInt64) {
        var m = mask
        var best = -1, bestGap = Int.max, bestRoom = Int.min
        while m != 0 {
            let s = m.trailingZeroBitCount
            m &= m - 1
            let g = gapIncrease(r, s)
            let free = tables[s] - used[s]
            if g < bestGap || (g == bestGap && free > bestRoom) { best = s; bestGap = g; bestRoom = free }
        }
        set(r, best)
    }

    /// Tries to place request `r`, moving other (unlocked) meetings along alternating chains if
    /// needed; on failure the board is unchanged.
    mutating func insert(_ r: Int, chainLimit: Int = 1 << 30) -> Bool {
        guard slotOf[r] < 0 else { return true }
        let direct = directSlots(r)
        if direct != 0 { placeBest(r, in: direct); return true }
        let u = Int(first[r]), v = Int(second[r])
        let common = available[u] & available[v]
        // Slots by number of obstacles (u busy, v busy, no table), fewest first.
        for obstacles in 1...3 {
            var m = common
            while m != 0 {
                let s = m.trailingZeroBitCount
                m &= m - 1
                let busyU = busy[u] & bit(s) != 0, busyV = busy[v] & bit(s) != 0
                let full = room & bit(s) == 0
                if (busyU ? 1 : 0) + (busyV ? 1 : 0) + (full ? 1 : 0) != obstacles { continue }
                if busyU, locked[at(u, s)] { continue }
                if busyV, locked[at(v, s)] { continue }
                let start = mark
                var ok = true
                if busyU { ok = free(u, in: s, partner: v, limit: chainLimit) }
                if ok && busy[v] & bit(s) != 0 { ok = free(v, in: s, partner: u, limit: chainLimit) }
                if ok && room & bit(s) == 0 { ok = freeTable(in: s, avoiding: u, v) }
                if ok && busy[u] & bit(s) == 0 && busy[v] & bit(s) == 0 && room & bit(s) != 0 {
                    set(r, s)
                    return true
                }
                undo(to: start)
            }
        }
        return false
    }

    /// Tries to place unplaced `r` in one of its slots by evicting the meetings in its way there
    /// (its participants' meetings and, if the slot is full, its lightest meeting), then
    /// re-inserting the evicted ones elsewhere. Keeps the best strictly positive
    /// gain in total weight; returns the gain (0: board unchanged).
    mutating func exchange(_ r: Int) -> Int {
        let u = Int(first[r]), v = Int(second[r])
        let common = available[u] & available[v]
        var bestGain = 0, bestSlot = -1
        var m = common
        while m != 0 {
            let s = m.trailingZeroBitCount
            m &= m - 1
            let gain = tryExchange(r, s, keep: false)
            if gain > bestGain { bestGain = gain; bestSlot = s }
        }
        guard bestSlot >= 0 else { return 0 }
        return tryExchange(r, bestSlot, keep: true)
    }

    private mutating func tryExchange(_ r: Int, _ s: Int, keep: Bool) -> Int {
        let u = Int(first[r]), v = Int(second[r])
        let before = total
        let start = mark
        var evicted: [Int] = []
        for x in [u, v] {
            let f = at(x, s)
            if f >= 0 && !evicted.contains(f) {
                if locked[f] { return 0 }
                evicted.append(f)
                set(f, -1)
            }
        }
        if room & bit(s) == 0 {
            // Evict the lightest movable meeting of the slot (ties: the later request).
            var lightest = -1
            for f32 in members[s] {
                let f = Int(f32)
                if locked[f] { continue }
                if lightest < 0 || weight[f] < weight[lightest] || (weight[f] == weight[lightest] && f > lightest) { lightest = f }
            }
            if lightest < 0 { undo(to: start); return 0 }
            evicted.append(lightest)
            set(lightest, -1)
        }
        set(r, s)
        evicted.sort { weight[$0] != weight[$1] ? weight[$0] > weight[$1] : $0 < $1 }
        for f in evicted { _ = insert(f, chainLimit: 64) }
        let gain = total - before
        if !keep || gain <= 0 { undo(to: start) }
        return gain
    }

    // MARK: Idle gaps

    /// One pass of moves that lower the idle gaps without changing which requests are placed:
    /// a meeting to a free slot, or swapping two slots along the alternating path through a meeting.
    /// Returns the number of moves made.
    mutating func reduceGaps(order: [Int]) -> Int {
        var moves = 0
        for r in order {
            let a = Int(slotOf[r])
            if a < 0 || locked[r] { continue }
            let u = Int(first[r]), v = Int(second[r])
            let gu = gapCount(busy[u]), gv = gapCount(busy[v])
            var bestDelta = 0, bestSlot = -1, bestChain = false
            var direct = directSlots(r)
            while direct != 0 {
                let c = direct.trailingZeroBitCount
                direct &= direct - 1
                let mu = (busy[u] & ~bit(a)) | bit(c), mv = (busy[v] & ~bit(a)) | bit(c)
                let d = gapCount(mu) - gu + gapCount(mv) - gv
                if d < bestDelta { bestDelta = d; bestSlot = c; bestChain = false }
            }
            var swaps = available[u] & available[v] & ~bit(a) & ~directSlots(r)
            while swaps != 0 {
                let c = swaps.trailingZeroBitCount
                swaps &= swaps - 1
                if let d = pathDelta(r, a, c), d < bestDelta { bestDelta = d; bestSlot = c; bestChain = true }
            }
            guard bestSlot >= 0 else { continue }
            if bestChain {
                _ = collectPath(r, a, bestSlot, collect: true)
                swapPath(a, bestSlot)
            } else {
                set(r, bestSlot)
            }
            moves += 1
        }
        return moves
    }

    /// The a/c component through meeting `r` (in slot `a`) if it is a path whose two slots can be
    /// swapped (no cycle, nothing locked, everyone can attend their new slot, tables suffice).
    /// Returns its two end participants; with `collect`, leaves its meetings in `chain`.
    private mutating func collectPath(_ r: Int, _ a: Int, _ c: Int, collect: Bool) -> (Int, Int)? {
        let u = Int(first[r]), v = Int(second[r])
        if available[u] & available[v] & bit(c) == 0 { return nil }
        if collect { chain.removeAll(keepingCapacity: true); chain.append(Int32(r)) }
        var gainC = 1  // meetings slot c gains (slot a gains the opposite); r moves a -> c
        var length = 1
        var ends = (u, v)
        for side in 0..<2 {
            var p = side == 0 ? u : v
            var colour = c  // p already has r in slot a; look for its meeting in c, and so on
            while true {
                let f = Int(seat[p * slots + colour])
                if f < 0 { break }
                if f == r || locked[f] { return nil }  // a cycle changes nobody's busy slots
                let q = other(f, p)
                let target = colour == a ? c : a
                if available[p] & available[q] & bit(target) == 0 { return nil }
                if collect { chain.append(Int32(f)) }
                gainC += colour == a ? 1 : -1
                length += 1
                if length > 4 * slots + 64 { return nil }
                p = q
                colour = target
            }
            if side == 0 { ends.0 = p } else { ends.1 = p }
        }
        if used[a] - gainC > tables[a] || used[c] + gainC > tables[c] { return nil }
        return ends
    }

    private mutating func pathDelta(_ r: Int, _ a: Int, _ c: Int) -> Int? {
        guard let (e0, e1) = collectPath(r, a, c, collect: false) else { return nil }
        // Only the two end participants change their set of busy slots: a ↔ c toggles.
        let flip = bit(a) | bit(c)
        if e0 == e1 { return 0 }
        return gapCount(busy[e0] ^ flip) - gapCount(busy[e0]) + gapCount(busy[e1] ^ flip) - gapCount(busy[e1])
    }

    private mutating func swapPath(_ a: Int, _ c: Int) {
        let moved = chain
        let from = moved.map { Int(slotOf[Int($0)]) }
        for r in moved { set(Int(r), -1) }
        for (i, r) in moved.enumerated() { set(Int(r), from[i] == a ? c : a) }
    }
}
