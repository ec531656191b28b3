/// The problem with ids turned into numbers and slot sets into bit masks.
struct CompiledProblem {
    let slotCount: Int
    let tables: [Int]
    let kinds: [ParticipantKind]
    /// Per participant: slots they can attend that have at least one table.
    let available: [UInt64]
    /// Per request: participant numbers (−1 when invalid), weight, problem of an invalid request.
    let first: [Int32]
    let second: [Int32]
    let weight: [Int]
    let issue: [RequestIssue?]
    let requestIndex: [String: Int]

    var participantCount: Int { kinds.count }
    var requestCount: Int { weight.count }

    init(_ problem: MeetingProblem) throws(MeetingProblemError) {
        guard !problem.tables.isEmpty else { throw .noSlots }
        guard problem.tables.count <= MeetingProblem.maxSlots else { throw .tooManySlots(problem.tables.count) }
        for (s, t) in problem.tables.enumerated() where t < 0 { throw .negativeTables(slot: s) }
        slotCount = problem.tables.count
        tables = problem.tables
        var withTables: UInt64 = 0
        for (s, t) in tables.enumerated() where t > 0 { withTables |= 1 << UInt64(s) }
        var participantIndex: [String: Int] = [:]
        var kinds: [ParticipantKind] = []
        var available: [UInt64] = []
        for p in problem.participants {
            guard participantIndex[p.id] == nil else { throw .duplicateParticipant(p.id) }
            participantIndex[p.id] = kinds.count
            kinds.append(p.kind)
            var mask = withTables
            for s in p.blockedSlots where s >= 0 && s < slotCount { mask &= ~(1 << UInt64(s)) }
            available.append(mask)
        }
        self.kinds = kinds
        self.available = available
        var requestIndex: [String: Int] = [:]
        var first: [Int32] = [], second: [Int32] = [], weight: [Int] = [], issue: [RequestIssue?] = []
        for r in problem.requests {
            guard requestIndex[r.id] == nil else { throw .duplicateRequest(r.id) }
            requestIndex[r.id] = weight.count
            let a = participantIndex[r.first], b = participantIndex[r.second]
            var problemWithIt: RequestIssue?
            if a == nil { problemWithIt = .unknownParticipant(r.first) }
            else if b == nil { problemWithIt = .unknownParticipant(r.second) }
            else if a == b { problemWithIt = .sameParticipant }
            else if r.weight < 1 { problemWithIt = .nonPositiveWeight(r.weight) }
            issue.append(problemWithIt)
            first.append(problemWithIt == nil ? Int32(a!) : -1)
            second.append(problemWithIt == nil ? Int32(b!) : -1)
            weight.append(problemWithIt == nil ? r.weight : 0)
        }
        self.requestIndex = requestIndex
        self.first = first
        self.second = second
        self.weight = weight
        self.issue = issue
    }
}

@inline(__always) func bit(_ s: Int) -> UInt64 { 1 << UInt64(s) }

/// Idle slots between the first and the last meeting of a participant whose meetings are `mask`.
@inline(__always) func gapCount(_ mask: UInt64) -> Int {
    mask == 0 ? 0 : 64 - mask.leadingZeroBitCount - mask.trailingZeroBitCount - mask.nonzeroBitCount
}
