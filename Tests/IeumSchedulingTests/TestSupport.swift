import IeumScheduling

/// SplitMix64 for seeded test instances.
struct TestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 0x1234_5678 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
}

/// A random problem: `bipartite` puts startups on one side and hosts on the other; otherwise any
/// two participants may ask for a meeting (duplicate pairs included).
func randomProblem(seed: UInt64, participants n: Int, requests m: Int, slots: Int,
                   bipartite: Bool, holes: Double, tightTables: Bool) -> MeetingProblem {
    var rng = TestRandom(seed: seed)
    let hostKinds: [ParticipantKind] = [.buyer, .investor, .demandOrganisation]
    var people: [MeetingParticipant] = []
    for i in 0..<n {
        let startup = bipartite ? i < n / 2 : rng.chance(0.5)
        var blocked = Set<Int>()
        if rng.chance(holes) {
            let k = 1 + rng.below(max(1, slots / 2))
            for _ in 0..<k { blocked.insert(rng.below(slots)) }
        }
        people.append(MeetingParticipant(id: "p\(i)", kind: startup ? .startup : hostKinds[rng.below(3)], blockedSlots: blocked))
    }
    var requests: [MeetingRequest] = []
    let half = max(1, n / 2)
    while requests.count < m {
        var a: Int, b: Int
        if bipartite {
            a = rng.below(half)
            // Uneven popularity on the host side.
            b = half + min(n - half - 1, rng.below(n - half) * rng.below(n - half) / max(1, n - half))
        } else {
            a = rng.below(n)
            b = rng.below(n)
        }
        if a == b { continue }
        if rng.chance(0.5) { swap(&a, &b) }
        requests.append(MeetingRequest(id: "r\(requests.count)", first: "p\(a)", second: "p\(b)", weight: 1 + rng.below(3)))
    }
    var tables: [Int] = []
    for _ in 0..<slots {
        let base = max(1, m / slots)
        tables.append(tightTables ? max(0, base / 2 + rng.below(base + 1)) : n)
    }
    return MeetingProblem(tables: tables, participants: people, requests: requests)
}

/// Exhaustive optimum of the total weight (tables are interchangeable, so slots suffice).
func bruteForceOptimum(_ problem: MeetingProblem) -> Int {
    let slots = problem.slotCount
    var index: [String: Int] = [:]
    for (i, p) in problem.participants.enumerated() { index[p.id] = i }
    struct R { var a: Int, b: Int, w: Int, options: [Int] }
    var rs: [R] = []
    for r in problem.requests {
        guard let a = index[r.first], let b = index[r.second], a != b, r.weight >= 1 else { continue }
        let options = (0..<slots).filter {
            problem.tables[$0] > 0 && !problem.participants[a].blockedSlots.contains($0) && !problem.participants[b].blockedSlots.contains($0)
        }
        if !options.isEmpty { rs.append(R(a: a, b: b, w: r.weight, options: options)) }
    }
    rs.sort { $0.w > $1.w }
    var suffix = Array(repeating: 0, count: rs.count + 1)
    for i in stride(from: rs.count - 1, through: 0, by: -1) { suffix[i] = suffix[i + 1] + rs[i].w }
    var busy = Array(repeating: false, count: problem.participants.count * slots)
    var used = Array(repeating: 0, count: slots)
    var best = 0
    func go(_ i: Int, _ value: Int) {
        if value > best { best = value }
        if i == rs.count || value + suffix[i] <= best { return }
        let r = rs[i]
        for s in r.options where !busy[r.a * slots + s] && !busy[r.b * slots + s] && used[s] < problem.tables[s] {
            busy[r.a * slots + s] = true; busy[r.b * slots + s] = true; used[s] += 1
            go(i + 1, value + r.w)
            busy[r.a * slots + s] = false; busy[r.b * slots + s] = false; used[s] -= 1
        }
        go(i + 1, value)
    }
    go(0, 0)
    return best
}

func participant(_ id: String, _ kind: ParticipantKind = .startup, blocked: Set<Int> = []) -> MeetingParticipant {
    MeetingParticipant(id: id, kind: kind, blockedSlots: blocked)
}

func request(_ id: String, _ a: String, _ b: String, _ w: Int = 1) -> MeetingRequest {
    MeetingRequest(id: id, first: a, second: b, weight: w)
}
