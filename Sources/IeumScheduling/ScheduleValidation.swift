/// A rule a set of placements breaks. Structured so that the web app can word it in Korean and English.
public enum ScheduleIssue: Sendable, Hashable, Codable {
    /// The placement names a request the problem does not have.
    case unknownRequest(requestId: String)
    /// The request is placed more than once; `count` is how often.
    case requestPlacedTwice(requestId: String, count: Int)
    /// The request names a participant the problem does not have (or is otherwise invalid).
    case invalidRequest(requestId: String, issue: RequestIssue)
    case slotOutOfRange(requestId: String, slot: Int)
    /// `table` is not in `0..<tables` for that slot.
    case tableOutOfRange(requestId: String, slot: Int, table: Int, tables: Int)
    /// The participant has blocked this slot.
    case participantUnavailable(participantId: String, slot: Int, requestId: String)
    /// The participant has several meetings in the same slot.
    case participantDoubleBooked(participantId: String, slot: Int, requestIds: [String])
    /// More meetings than tables in a slot.
    case slotOverCapacity(slot: Int, meetings: Int, tables: Int)
    /// Several meetings at the same table in the same slot.
    case tableCollision(slot: Int, table: Int, requestIds: [String])
}

extension MeetingProblem {
    /// Every rule `placements` break, for schedules produced by ``MeetingScheduler`` (which breaks
    /// none) and for hand-edited ones. Issues about single placements come first, in placement
    /// order; then requests placed more than once (in problem order; only their first placement is
    /// checked further); then, slot by slot, double bookings, an over-full slot, table collisions.
    public func validate(_ placements: [MeetingPlacement]) -> [ScheduleIssue] {
        var issues: [ScheduleIssue] = []
        var requestIndex: [String: Int] = [:]
        for (i, r) in requests.enumerated() where requestIndex[r.id] == nil { requestIndex[r.id] = i }
        var participantIndex: [String: Int] = [:]
        for (i, p) in participants.enumerated() where participantIndex[p.id] == nil { participantIndex[p.id] = i }

        var timesPlaced: [Int: Int] = [:]
        var firstPlacement = Array(repeating: -1, count: requests.count)  // per request: placement number, or -1
        // (participant, slot) -> request ids; slot -> count; (slot, table) -> request ids
        var bySeat: [Int: [String]] = [:]
        var perSlot = Array(repeating: 0, count: max(0, tables.count))
        var byTable: [Int: [String]] = [:]
        var maxTables = 0
        for t in tables { maxTables = max(maxTables, t) }

        for (n, p) in placements.enumerated() {
            guard let ri = requestIndex[p.requestId] else {
                issues.append(.unknownRequest(requestId: p.requestId))
                continue
            }
            timesPlaced[ri, default: 0] += 1
            if firstPlacement[ri] >= 0 { continue }
            firstPlacement[ri] = n
            let request = requests[ri]
            guard p.slot >= 0, p.slot < tables.count else {
                issues.append(.slotOutOfRange(requestId: p.requestId, slot: p.slot))
                continue
            }
            let available = max(0, tables[p.slot])
            if p.table < 0 || p.table >= available {
                issues.append(.tableOutOfRange(requestId: p.requestId, slot: p.slot, table: p.table, tables: available))
            } else {
                byTable[p.slot * max(1, maxTables) + p.table, default: []].append(p.requestId)
            }
            perSlot[p.slot] += 1
            if request.first == request.second {
                issues.append(.invalidRequest(requestId: request.id, issue: .sameParticipant))
            }
            for pid in request.first == request.second ? [request.first] : [request.first, request.second] {
                guard let pi = participantIndex[pid] else {
                    issues.append(.invalidRequest(requestId: request.id, issue: .unknownParticipant(pid)))
                    continue
                }
                if participants[pi].blockedSlots.contains(p.slot) {
                    issues.append(.participantUnavailable(participantId: pid, slot: p.slot, requestId: request.id))
                }
                bySeat[p.slot * participants.count + pi, default: []].append(request.id)
            }
        }
        for (ri, count) in timesPlaced.sorted(by: { $0.key < $1.key }) where count > 1 {
            issues.append(.requestPlacedTwice(requestId: requests[ri].id, count: count))
        }
        for s in 0..<tables.count {
            for pi in participants.indices {
                if let ids = bySeat[s * participants.count + pi], ids.count > 1 {
                    issues.append(.participantDoubleBooked(participantId: participants[pi].id, slot: s, requestIds: ids))
                }
            }
            if perSlot[s] > max(0, tables[s]) {
                issues.append(.slotOverCapacity(slot: s, meetings: perSlot[s], tables: max(0, tables[s])))
            }
            for t in 0..<max(0, tables[s]) {
                if let ids = byTable[s * max(1, maxTables) + t], ids.count > 1 {
                    issues.append(.tableCollision(slot: s, table: t, requestIds: ids))
                }
            }
        }
        return issues
    }
}
