import Testing
import IeumScheduling

@Suite("Validator: each kind of issue on hand-built placements")
struct ValidatorTests {
    let problem = MeetingProblem(
        tables: [2, 1, 0],
        participants: [participant("a", blocked: [1]), participant("b", .buyer), participant("c", .investor), participant("d", .demandOrganisation)],
        requests: [request("ab", "a", "b"), request("cd", "c", "d"), request("ac", "a", "c"), request("bd", "b", "d"), request("ax", "a", "x")])

    private func place(_ id: String, _ slot: Int, _ table: Int) -> MeetingPlacement { MeetingPlacement(requestId: id, slot: slot, table: table) }

    @Test("a valid schedule has no issue")
    func valid() {
        #expect(problem.validate([place("ab", 0, 0), place("cd", 0, 1), place("bd", 1, 0)]).isEmpty)
    }

    @Test("unknown request") func unknown() {
        #expect(problem.validate([place("zz", 0, 0)]) == [.unknownRequest(requestId: "zz")])
    }

    @Test("request placed twice") func twice() {
        #expect(problem.validate([place("ab", 0, 0), place("ab", 0, 1)]) == [.requestPlacedTwice(requestId: "ab", count: 2)])
    }

    @Test("request with an unknown participant") func invalidRequest() {
        #expect(problem.validate([place("ax", 0, 0)]) == [.invalidRequest(requestId: "ax", issue: .unknownParticipant("x"))])
    }

    @Test("slot out of range") func slotRange() {
        #expect(problem.validate([place("ab", 3, 0), place("cd", -1, 0)]) == [.slotOutOfRange(requestId: "ab", slot: 3), .slotOutOfRange(requestId: "cd", slot: -1)])
    }

    @Test("table out of range, including a slot without tables") func tableRange() {
        #expect(problem.validate([place("ab", 0, 2), place("cd", 2, 0)]) == [
            .tableOutOfRange(requestId: "ab", slot: 0, table: 2, tables: 2),
            .tableOutOfRange(requestId: "cd", slot: 2, table: 0, tables: 0),
            .slotOverCapacity(slot: 2, meetings: 1, tables: 0),
        ])
    }

    @Test("blocked slot") func blocked() {
        #expect(problem.validate([place("ab", 1, 0)]) == [.participantUnavailable(participantId: "a", slot: 1, requestId: "ab")])
    }

    @Test("participant double-booked") func doubleBooked() {
        #expect(problem.validate([place("ab", 0, 0), place("ac", 0, 1)]) == [.participantDoubleBooked(participantId: "a", slot: 0, requestIds: ["ab", "ac"])])
    }

    @Test("slot over its table count, and two meetings at one table") func overCapacity() {
        #expect(problem.validate([place("cd", 1, 0), place("bd", 1, 0)]) == [
            .participantDoubleBooked(participantId: "d", slot: 1, requestIds: ["cd", "bd"]),
            .slotOverCapacity(slot: 1, meetings: 2, tables: 1),
            .tableCollision(slot: 1, table: 0, requestIds: ["cd", "bd"]),
        ])
    }

    @Test("table collision alone") func collision() {
        #expect(problem.validate([place("ab", 0, 1), place("cd", 0, 1)]) == [.tableCollision(slot: 0, table: 1, requestIds: ["ab", "cd"])])
    }
}

@Suite("Priority policy")
struct PriorityPolicyTests {
    @Test("standard: mutual first, then buyers, investors and demand organisations, then startups")
    func standard() {
        let policy = MeetingPriorityPolicy.standard
        #expect(policy.weight(mutual: true, sender: .startup) == 3)
        #expect(policy.weight(mutual: true, sender: .buyer) == 3)
        for kind in [ParticipantKind.buyer, .investor, .demandOrganisation] { #expect(policy.weight(mutual: false, sender: kind) == 2) }
        #expect(policy.weight(mutual: false, sender: .startup) == 1)
    }

    @Test("configurable, never below 1")
    func custom() {
        let policy = MeetingPriorityPolicy(mutual: 10, startup: 0, buyer: 5, investor: 7, demandOrganisation: 4)
        #expect(policy.weight(mutual: true, sender: .investor) == 10)
        #expect(policy.weight(mutual: false, sender: .investor) == 7)
        #expect(policy.weight(mutual: false, sender: .demandOrganisation) == 4)
        #expect(policy.weight(mutual: false, sender: .startup) == 1)
    }

    @Test("weights drive the schedule: the mutual meeting wins the contested slot")
    func drivesSchedule() throws {
        let policy = MeetingPriorityPolicy.standard
        let problem = MeetingProblem(
            tables: [5],
            participants: [participant("s"), participant("b", .buyer), participant("i", .investor)],
            requests: [request("s-b", "s", "b", policy.weight(mutual: false, sender: .buyer)),
                       request("s-i", "s", "i", policy.weight(mutual: true, sender: .startup))])
        let schedule = try MeetingScheduler.schedule(problem)
        #expect(schedule.placements.map(\.requestId) == ["s-i"])
        #expect(schedule.unplaced.first?.outranked == true)
    }

    @Test("idle gaps count empty slots between a participant's first and last meeting")
    func idleGaps() {
        let problem = MeetingProblem(
            tables: [2, 2, 2, 2],
            participants: [participant("a"), participant("b", .buyer), participant("c", .investor)],
            requests: [request("ab", "a", "b"), request("ac", "a", "c")])
        let placements = [MeetingPlacement(requestId: "ab", slot: 0, table: 0), MeetingPlacement(requestId: "ac", slot: 3, table: 0)]
        #expect(MeetingScheduler.idleGaps(of: placements, in: problem) == 2)
    }
}
