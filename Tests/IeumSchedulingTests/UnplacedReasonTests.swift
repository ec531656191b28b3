import Testing
import IeumScheduling

@Suite("Unplaced reasons, confirmed placements, bounds and errors on hand-built cases")
struct UnplacedReasonTests {
    private func reason(_ schedule: MeetingSchedule, _ id: String) -> UnplacedRequest? {
        schedule.unplaced.first { $0.requestId == id }
    }

    @Test("no common slot: blocked slots do not overlap, or no tables where they do")
    func noCommonSlot() throws {
        let problem = MeetingProblem(
            tables: [2, 2, 0, 2],
            participants: [participant("a", blocked: [0, 1]), participant("b", .buyer, blocked: [3]), participant("c", .investor)],
            requests: [request("ab", "a", "b", 3), request("ac", "a", "c", 1)])
        let schedule = try MeetingScheduler.schedule(problem)
        #expect(reason(schedule, "ab") == UnplacedRequest(requestId: "ab", reason: .noCommonSlot, competing: [], outranked: false))
        #expect(schedule.placements.map(\.requestId) == ["ac"])
        #expect(schedule.placements.first?.slot == 3)
    }

    @Test("one participant fully booked by higher-priority meetings")
    func participantFullyBooked() throws {
        let problem = MeetingProblem(
            tables: [3, 3],
            participants: [participant("x"), participant("y", .buyer), participant("z", .investor), participant("w", .buyer)],
            requests: [request("xw", "x", "w", 1), request("xy", "x", "y", 3), request("xz", "x", "z", 2)])
        let schedule = try MeetingScheduler.schedule(problem)
        #expect(schedule.totalWeight == 5)
        #expect(reason(schedule, "xw") == UnplacedRequest(requestId: "xw", reason: .participantFullyBooked(participantId: "x"), competing: ["xy", "xz"], outranked: true))
    }

    @Test("both fully booked, and lost to a combination of lighter meetings (not outranked)")
    func bothFullyBooked() throws {
        // One slot: x–y (3) against x–a (2) + y–b (2): the pair of lighter meetings weighs more.
        let problem = MeetingProblem(
            tables: [5],
            participants: [participant("x"), participant("y", .buyer), participant("a", .investor), participant("b")],
            requests: [request("xy", "x", "y", 3), request("xa", "x", "a", 2), request("yb", "y", "b", 2)])
        let schedule = try MeetingScheduler.schedule(problem)
        #expect(schedule.totalWeight == 4)
        #expect(schedule.upperBound == 4)
        #expect(reason(schedule, "xy") == UnplacedRequest(requestId: "xy", reason: .bothFullyBooked, competing: ["xa", "yb"], outranked: false))
    }

    @Test("calendars conflict: each common slot taken by one of them, nothing can move")
    func calendarsConflict() throws {
        let problem = MeetingProblem(
            tables: [4, 4],
            participants: [participant("a"), participant("d"), participant("b", .buyer, blocked: [1]), participant("c", .buyer, blocked: [0])],
            requests: [request("ab", "a", "b", 2), request("dc", "d", "c", 2), request("ad", "a", "d", 1)])
        let schedule = try MeetingScheduler.schedule(problem)
        #expect(schedule.totalWeight == 4)
        #expect(reason(schedule, "ad") == UnplacedRequest(requestId: "ad", reason: .calendarsConflict, competing: ["ab", "dc"], outranked: true))
    }

    @Test("no free table in the slots both are free")
    func noFreeTable() throws {
        let problem = MeetingProblem(
            tables: [1],
            participants: [participant("a"), participant("b", .buyer), participant("c"), participant("d", .investor)],
            requests: [request("cd", "c", "d", 1), request("ab", "a", "b", 2)])
        let schedule = try MeetingScheduler.schedule(problem)
        #expect(schedule.placements == [MeetingPlacement(requestId: "ab", slot: 0, table: 0)])
        #expect(reason(schedule, "cd") == UnplacedRequest(requestId: "cd", reason: .noFreeTable(slots: [0]), competing: ["ab"], outranked: true))
    }

    @Test("invalid requests are reported, not placed")
    func invalidRequests() throws {
        let problem = MeetingProblem(
            tables: [2],
            participants: [participant("a"), participant("b", .buyer)],
            requests: [request("ghost", "a", "nobody"), request("self", "a", "a"), request("zero", "a", "b", 0), request("ok", "a", "b", 1)])
        let schedule = try MeetingScheduler.schedule(problem)
        #expect(schedule.unplaced.map(\.reason) == [.invalid(.unknownParticipant("nobody")), .invalid(.sameParticipant), .invalid(.nonPositiveWeight(0))])
        #expect(schedule.placements.map(\.requestId) == ["ok"])
    }

    @Test("confirmed placements are kept at their slot and table; broken ones are reported; full rebuild ignores them")
    func confirmed() throws {
        var problem = MeetingProblem(
            tables: [2, 2, 2],
            participants: [participant("a", blocked: [2]), participant("b", .buyer), participant("c", .investor), participant("d")],
            requests: [request("ab", "a", "b", 1), request("cd", "c", "d", 1), request("ac", "a", "c", 3), request("bd", "b", "d", 2)])
        problem.confirmed = [
            MeetingPlacement(requestId: "ab", slot: 1, table: 1),
            MeetingPlacement(requestId: "ac", slot: 2, table: 0),  // a cannot attend slot 2 any more
            MeetingPlacement(requestId: "cd", slot: 1, table: 1),  // table taken by ab
            MeetingPlacement(requestId: "bd", slot: 1, table: 0),  // b already meets a in slot 1
            MeetingPlacement(requestId: "ab", slot: 0, table: 0),  // placed twice
            MeetingPlacement(requestId: "xx", slot: 0, table: 0),
            MeetingPlacement(requestId: "cd", slot: 0, table: 5),
        ]
        let schedule = try MeetingScheduler.schedule(problem)
        #expect(schedule.placements.contains(MeetingPlacement(requestId: "ab", slot: 1, table: 1)))
        #expect(schedule.rejectedConfirmations.map(\.issue) == [
            .participantUnavailable(participantId: "a", slot: 2, requestId: "ac"),
            .tableCollision(slot: 1, table: 1, requestIds: ["ab", "cd"]),
            .participantDoubleBooked(participantId: "b", slot: 1, requestIds: ["ab", "bd"]),
            .requestPlacedTwice(requestId: "ab", count: 2),
            .unknownRequest(requestId: "xx"),
            .tableOutOfRange(requestId: "cd", slot: 0, table: 5, tables: 2),
        ])
        #expect(problem.validate(schedule.placements).isEmpty)
        #expect(schedule.totalWeight == 7)  // everything fits around the kept meeting
        let rebuilt = try MeetingScheduler.schedule(problem, options: .init(keepConfirmed: false))
        #expect(rebuilt.rejectedConfirmations.isEmpty)
        #expect(rebuilt.totalWeight == 7)
        #expect(try MeetingScheduler.upperBound(problem).value == 7)
    }

    @Test("a kept confirmed placement that fills a participant's only slot makes other requests impossible")
    func confirmedMakesImpossible() throws {
        let problem = MeetingProblem(
            tables: [3, 3],
            participants: [participant("a", blocked: [1]), participant("b", .buyer), participant("c", .buyer)],
            requests: [request("ab", "a", "b", 1), request("ac", "a", "c", 3)],
            confirmed: [MeetingPlacement(requestId: "ab", slot: 0, table: 2)])
        let kept = try MeetingScheduler.schedule(problem)
        #expect(kept.placements == [MeetingPlacement(requestId: "ab", slot: 0, table: 2)])
        #expect(kept.unplaced.map(\.reason) == [.noCommonSlot])
        #expect(kept.upperBound == 1)
        let rebuilt = try MeetingScheduler.schedule(problem, options: .init(keepConfirmed: false))
        #expect(rebuilt.placements.map(\.requestId) == ["ac"])
        #expect(rebuilt.unplaced.first?.reason == .participantFullyBooked(participantId: "a"))
    }

    @Test("odd cycle: the bound is the LP relaxation, the schedule the true optimum")
    func triangle() throws {
        let problem = MeetingProblem(
            tables: [3, 3],
            participants: [participant("a", .buyer), participant("b", .investor), participant("c", .demandOrganisation),
                           participant("d"), participant("e", .buyer)],
            requests: [request("ab", "a", "b"), request("bc", "b", "c"), request("ca", "c", "a"), request("de", "d", "e")])
        // Two slots cannot hold a triangle (it needs three colours): the optimum is 2 + 1. The
        // relaxation takes the whole triangle (each of a, b, c has two free slots) and d–e; at
        // most ⌊5/2⌋ = 2 meetings per slot allow those 4.
        let schedule = try MeetingScheduler.schedule(problem)
        #expect(schedule.totalWeight == 3)
        let bound = try MeetingScheduler.upperBound(problem)
        #expect(bound == MeetingUpperBound(value: 4, bipartite: false))
        #expect(schedule.upperBound == 4)
    }

    @Test("tables stay with the host across slots when free")
    func stickyTables() throws {
        let problem = MeetingProblem(
            tables: [3, 3],
            participants: [participant("h", .buyer), participant("s1"), participant("s2"), participant("g", .investor), participant("s3")],
            requests: [request("g-s3", "g", "s3", 3), request("h-s1", "h", "s1", 2), request("h-s2", "h", "s2", 2)])
        let schedule = try MeetingScheduler.schedule(problem)
        let tables = Set(schedule.placements.filter { $0.requestId.hasPrefix("h-") }.map(\.table))
        #expect(tables.count == 1)
        #expect(problem.validate(schedule.placements).isEmpty)
    }

    @Test("unreadable problems throw")
    func errors() {
        let people = [participant("a"), participant("b", .buyer)]
        #expect(throws: MeetingProblemError.noSlots) { try MeetingScheduler.schedule(MeetingProblem(tables: [], participants: people, requests: [])) }
        #expect(throws: MeetingProblemError.tooManySlots(65)) { try MeetingScheduler.schedule(MeetingProblem(tables: Array(repeating: 1, count: 65), participants: people, requests: [])) }
        #expect(throws: MeetingProblemError.negativeTables(slot: 1)) { try MeetingScheduler.schedule(MeetingProblem(tables: [1, -1], participants: people, requests: [])) }
        #expect(throws: MeetingProblemError.duplicateParticipant("a")) { try MeetingScheduler.schedule(MeetingProblem(tables: [1], participants: people + [participant("a")], requests: [])) }
        #expect(throws: MeetingProblemError.duplicateRequest("r")) {
            try MeetingScheduler.schedule(MeetingProblem(tables: [1], participants: people, requests: [request("r", "a", "b"), request("r", "b", "a")]))
        }
    }
}
