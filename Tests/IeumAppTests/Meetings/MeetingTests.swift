import Fluent
import Foundation
import IeumCore
import IeumScheduling
import Testing
import Vapor
@testable import IeumApp

/// An event three days ahead (6 slots of 30 minutes, 2 tables), requests open until two days
/// ahead, and four participants: startups S1 and S2, buyer B1 (a demand organisation) and
/// investor I1, each with one member.
struct MeetingFixture {
    let event: MeetingEvent
    let s1: EventParticipant, s2: EventParticipant, b1: EventParticipant, i1: EventParticipant
    let tables: [MeetingTable]

    static let now = TestApp.now
    static let opEmail = "meet-op@test.example"

    static func make(_ app: Application, cap: Int = 2, expiryHours: Int = 72) async throws -> MeetingFixture {
        try await TestApp.user(app, email: opEmail, role: .operator)
        let op = try await actor(app, opEmail)
        var input = MeetingEventInput()
        input.name = "2026 투자·판로 상담회"
        input.kind = MeetingEventKind.mixed.rawValue
        input.mode = MeetingMode.hybrid.rawValue
        input.venue = "서울창업허브 10층"
        input.startsAt = SeoulTime.inputValue(now.addingTimeInterval(3 * 86_400))
        input.days = "1"
        input.slotsPerDay = "6"
        input.slotMinutes = "30"
        input.breakMinutes = "0"
        input.registrationOpensAt = SeoulTime.inputValue(now.addingTimeInterval(-86_400))
        input.registrationClosesAt = SeoulTime.inputValue(now.addingTimeInterval(2 * 86_400))
        input.requestExpiryHours = String(expiryHours)
        input.requestCap = String(cap)
        let event = try await MeetingService.createEvent(input, by: op, on: app.db, now: now)
        var tables: [MeetingTable] = []
        for (n, link) in [("A-1", "https://meet.example/a1"), ("A-2", "")] {
            tables.append(try await MeetingService.addTable(event, name: n, seats: 4, videoLink: link, by: op, on: app.db, now: now))
        }
        var made: [EventParticipant] = []
        for (name, kind, role) in [("상담스타트업1", OrganizationKind.startup, MeetingRole.startup), ("상담스타트업2", .startup, .startup),
                                   ("상담바이어", .demand, .buyer), ("상담투자사", .investor, .investor)] {
            let org = try await TestApp.organization(app, name: name, kind: kind)
            try await TestApp.user(app, email: "\(role.rawValue)-\(made.count)@meet.example", organization: org)
            made.append(try await MeetingService.addParticipant(event, organizationID: org.id, role: role, by: op, on: app.db, now: now))
        }
        return MeetingFixture(event: event, s1: made[0], s2: made[1], b1: made[2], i1: made[3], tables: tables)
    }

    static func actor(_ app: Application, _ email: String) async throws -> IeumApp.Principal {
        guard let user = try await User.query(on: app.db).filter(\.$email == email).first() else { throw Abort(.notFound) }
        return try await user.actor(on: app.db)
    }

    func email(_ p: EventParticipant) -> String {
        let index = [s1, s2, b1, i1].firstIndex { $0.id == p.id }!
        return "\(p.role.rawValue)-\(index)@meet.example"
    }

    func actor(_ app: Application, _ p: EventParticipant) async throws -> IeumApp.Principal { try await Self.actor(app, email(p)) }
    func op(_ app: Application) async throws -> IeumApp.Principal { try await Self.actor(app, Self.opEmail) }

    func client(_ app: Application, _ email: String?) async throws -> WebClient {
        let c = WebClient(app)
        if let email { try await c.login(email) }
        return c
    }

    func meetings(_ app: Application) async throws -> [Meeting] {
        try await Meeting.query(on: app.db).filter(\.$event.$id == event.requireID()).all()
    }
}

@Suite("Consultation meetings")
struct MeetingTests {
    typealias F = MeetingFixture

    @Test("a bad event form answers 422 with Korean messages and writes nothing")
    func badEventForm() async throws {
        try await TestApp.with { app in
            let f = try await F.make(app)
            let before = try await MeetingEvent.query(on: app.db).count()
            let client = try await f.client(app, F.opEmail)
            _ = try await client.get("/meetings/new")
            let page = try await client.post("/meetings", [("name", "입력한 상담회"), ("kind", "mixed"), ("mode", "offline"), ("venue", ""),
                                                           ("startsAt", "2026-12-10 10:00"), ("days", "3"), ("slotsPerDay", "30"), ("slotMinutes", "5"),
                                                           ("breakMinutes", "0"), ("registrationOpensAt", "2026-12-01 09:00"),
                                                           ("registrationClosesAt", "2026-12-11 09:00"), ("requestExpiryHours", "0"), ("requestCap", "10")])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("오프라인 상담회는 장소를 입력하세요"))
            #expect(page.body.contains("상담 시간은 10~120분"))
            #expect(page.body.contains("전체 슬롯은 64개까지"))
            #expect(page.body.contains("신청은 상담 시작 전에 마감해야"))
            #expect(page.body.contains("응답 기한은 1~336시간"))
            #expect(page.body.contains("입력한 상담회"))
            #expect(try await MeetingEvent.query(on: app.db).count() == before)
            let startup = try await f.client(app, f.email(f.s1))
            #expect(try await startup.get("/meetings/new").status == .forbidden)
        }
    }

    @Test("requests: consent, the cap, mutual interest first, expiry frees the quota, only the receiver answers")
    func requests() async throws {
        try await TestApp.with { app in
            let f = try await F.make(app, cap: 2, expiryHours: 24)
            let now = F.now
            let s1 = try await f.actor(app, f.s1), s2 = try await f.actor(app, f.s2), b1 = try await f.actor(app, f.b1), i1 = try await f.actor(app, f.i1)
            let toBuyer = try await MeetingService.sendRequest(f.event, to: f.b1.id, message: "공정 AI 소개", by: s1, on: app.db, now: now)
            let toInvestor = try await MeetingService.sendRequest(f.event, to: f.i1.id, message: "시리즈A", by: s1, on: app.db, now: now)
            #expect(toBuyer.status == .pending && toBuyer.expiresAt == now.addingTimeInterval(24 * 3_600))
            // The cap (2 pending or accepted) and a second request to the same pair are refused.
            do {
                _ = try await MeetingService.sendRequest(f.event, to: f.s2.id, message: "", by: s1, on: app.db, now: now)
                Issue.record("a third request above the cap must be refused")
            } catch IeumError.refused(let message) { #expect(message.ko.contains("신청 한도(2건)")) }
            await #expect(throws: IeumError.self) { _ = try await MeetingService.sendRequest(f.event, to: f.b1.id, message: "", by: s1, on: app.db, now: now) }
            // Only the receiver answers; anyone else gets 404.
            do {
                try await MeetingService.respond(f.event, requestID: toBuyer.id, accept: true, by: s2, on: app.db, now: now)
                Issue.record("a third party must not answer")
            } catch IeumError.notFound {}
            try await MeetingService.respond(f.event, requestID: toBuyer.id, accept: true, by: b1, on: app.db, now: now)
            await #expect(throws: IeumError.self) { try await MeetingService.respond(f.event, requestID: toBuyer.id, accept: false, by: b1, on: app.db, now: now) }
            #expect(try await f.meetings(app).count == 1)
            // Unanswered for 24 hours: expired, the quota freed, a late answer refused.
            let later = now.addingTimeInterval(25 * 3_600)
            #expect(try await MeetingService.expire(now: later, on: app.db) == 1)
            #expect(try await EventRequest.find(toInvestor.requireID(), on: app.db)?.status == .expired)
            await #expect(throws: IeumError.self) { try await MeetingService.respond(f.event, requestID: toInvestor.id, accept: true, by: i1, on: app.db, now: later) }
            _ = try await MeetingService.sendRequest(f.event, to: f.s2.id, message: "", by: s1, on: app.db, now: later)
            // Both sides asking: accepted at once, mutual, weighted first.
            _ = try await MeetingService.sendRequest(f.event, to: f.s2.id, message: "", by: b1, on: app.db, now: now)
            let mutual = try await MeetingService.sendRequest(f.event, to: f.b1.id, message: "", by: s2, on: app.db, now: now)
            #expect(mutual.status == .accepted && mutual.mutual)
            let meetings = try await f.meetings(app)
            #expect(meetings.count == 2)
            #expect(meetings.first { $0.$request.id == mutual.id }?.weight == f.event.weightMutual)
            #expect(meetings.first { $0.$request.id == toBuyer.id }?.weight == f.event.weightStartup)
            // Outside the request window: refused.
            await #expect(throws: IeumError.self) {
                _ = try await MeetingService.sendRequest(f.event, to: f.i1.id, message: "", by: s2, on: app.db, now: now.addingTimeInterval(2.5 * 86_400))
            }
            // The receiver is told.
            let bUser = try #require(try await User.query(on: app.db).filter(\.$email == f.email(f.b1)).first())
            #expect(try await InboxMessage.query(on: app.db).filter(\.$userID == bUser.requireID()).count() >= 1)
        }
    }

    /// S1–B1, S1–I1, S2–B1, S2–I1 accepted; S1 cannot attend slot 0; table A-2 is closed in slot 1.
    func agreed(_ app: Application, _ f: F) async throws {
        let now = F.now
        let s1 = try await f.actor(app, f.s1), s2 = try await f.actor(app, f.s2), b1 = try await f.actor(app, f.b1), i1 = try await f.actor(app, f.i1)
        for (from, to, answer) in [(s1, f.b1, b1), (s1, f.i1, i1), (s2, f.b1, b1), (s2, f.i1, i1)] {
            let r = try await MeetingService.sendRequest(f.event, to: to.id, message: "", by: from, on: app.db, now: now)
            try await MeetingService.respond(f.event, requestID: r.id, accept: true, by: answer, on: app.db, now: now)
        }
        try await MeetingService.setAvailability(f.event, participantID: f.s1.id, blocked: [0], interests: "배터리 공정", by: s1, on: app.db, now: now)
        f.tables[1].blockedSlots = [1]
        try await f.tables[1].save(on: app.db)
    }

    @Test("scheduling: nobody double-booked, blocked slots and table counts kept, re-runs keep placements, moves are checked, calendars keep the UID")
    func scheduling() async throws {
        try await TestApp.with { app in
            let f = try await F.make(app, cap: 5)
            try await agreed(app, f)
            let op = try await f.op(app)
            let report = try await MeetingService.schedule(f.event, keepConfirmed: true, by: op, on: app.db, now: F.now)
            #expect(report.placed == 4 && report.unplaced == 0 && report.totalWeight == report.upperBound)
            let (problem, _, _) = try await MeetingService.problem(f.event, on: app.db)
            #expect(problem.validate(problem.confirmed).isEmpty)
            var meetings = try await f.meetings(app)
            #expect(meetings.allSatisfy { $0.status == .scheduled && $0.slot != nil && $0.$table.id != nil })
            for m in meetings where m.$first.id == f.s1.id || m.$second.id == f.s1.id { #expect(m.slot != 0) }
            for m in meetings where m.slot == 1 { #expect(m.$table.id == f.tables[0].id) }
            // Again, keeping: nothing moves, no sequence changes.
            let again = try await MeetingService.schedule(f.event, keepConfirmed: true, by: op, on: app.db, now: F.now)
            #expect(again.moved == 0)
            let after = try await f.meetings(app)
            for m in after { #expect(m.sequence == 0 && m.slot == meetings.first { $0.id == m.id }?.slot) }

            // A move onto a slot where one side is busy is refused with the reason; a valid one bumps SEQUENCE.
            let target = try #require(meetings.first { $0.$first.id == f.s1.id && $0.$second.id == f.b1.id })
            let clash = try #require(meetings.first { $0.id != target.id && ($0.$first.id == f.b1.id || $0.$second.id == f.b1.id) })
            do {
                try await MeetingService.move(f.event, meetingID: target.id, slot: clash.slot!, tableID: f.tables[0].id, by: op, on: app.db, now: F.now)
                Issue.record("a double booking must be refused")
            } catch IeumError.refused(let message) {
                #expect(message.ko.contains("다른 상담이 있습니다") || message.ko.contains("이미 사용 중"))
            }
            do {
                try await MeetingService.move(f.event, meetingID: target.id, slot: 0, tableID: f.tables[0].id, by: op, on: app.db, now: F.now)
                Issue.record("S1 blocked slot 0")
            } catch IeumError.refused(let message) { #expect(message.ko.contains("참석할 수 없습니다")) }
            let before = try await MeetingService.calendar(f.event, for: f.s1, links: app.ieumConfiguration.baseURL, now: F.now, on: app.db)
            // A slot and table where neither S1 nor B1 meets and the table is open and free.
            var free: (slot: Int, table: MeetingTable)?
            for slot in 1..<6 where slot != target.slot {
                let inSlot = meetings.filter { $0.slot == slot && $0.id != target.id }
                if inSlot.contains(where: { [$0.$first.id, $0.$second.id].contains(f.s1.id) || [$0.$first.id, $0.$second.id].contains(f.b1.id) }) { continue }
                if let table = f.tables.first(where: { t in !t.blockedSlots.contains(slot) && !inSlot.contains { $0.$table.id == t.id } }) { free = (slot, table); break }
            }
            let (freeSlot, freeTable) = try #require(free)
            try await MeetingService.move(f.event, meetingID: target.id, slot: freeSlot, tableID: freeTable.id, by: op, on: app.db, now: F.now)
            let moved = try #require(try await Meeting.find(target.requireID(), on: app.db))
            #expect(moved.sequence == 1 && moved.slot == freeSlot)
            let calendar = try await MeetingService.calendar(f.event, for: f.s1, links: app.ieumConfiguration.baseURL, now: F.now, on: app.db)
            #expect(before.contains("UID:\(moved.uid)\r\nSEQUENCE:0"))
            #expect(calendar.contains("UID:\(moved.uid)\r\nSEQUENCE:1"))
            #expect(calendar.contains("DTSTART;TZID=Asia/Seoul:" + ICalendar.seoul(f.event.slotStart(freeSlot))))
            #expect(calendar.components(separatedBy: "BEGIN:VEVENT").count - 1 == 2)
            // Cancelling keeps the UID, raises SEQUENCE and says CANCELLED.
            try await MeetingService.cancel(f.event, meetingID: target.id, by: try await f.actor(app, f.s1), on: app.db, now: F.now)
            let cancelled = try await MeetingService.calendar(f.event, for: f.s1, links: app.ieumConfiguration.baseURL, now: F.now, on: app.db)
            #expect(cancelled.contains("UID:\(moved.uid)\r\nSEQUENCE:2"))
            #expect(cancelled.contains("STATUS:CANCELLED"))
            meetings = try await f.meetings(app)
            #expect(meetings.filter { $0.status == .scheduled }.count == 3)
        }
    }

    @Test("what the scheduler cannot place is reported with its reason")
    func unplaced() async throws {
        try await TestApp.with { app in
            let f = try await F.make(app, cap: 5)
            let s1 = try await f.actor(app, f.s1), b1 = try await f.actor(app, f.b1)
            let r = try await MeetingService.sendRequest(f.event, to: f.b1.id, message: "", by: s1, on: app.db, now: F.now)
            try await MeetingService.respond(f.event, requestID: r.id, accept: true, by: b1, on: app.db, now: F.now)
            try await MeetingService.setAvailability(f.event, participantID: f.s1.id, blocked: [0, 1, 2], interests: nil, by: s1, on: app.db, now: F.now)
            try await MeetingService.setAvailability(f.event, participantID: f.b1.id, blocked: [3, 4, 5], interests: nil, by: b1, on: app.db, now: F.now)
            let report = try await MeetingService.schedule(f.event, keepConfirmed: true, by: try await f.op(app), on: app.db, now: F.now)
            #expect(report.unplaced == 1)
            let m = try #require(try await f.meetings(app).first)
            #expect(m.status == .unplaced && m.unplacedReason == "noCommonSlot")
            let grid = try await f.client(app, F.opEmail).get("/meetings/\(f.event.id!.uuidString)/grid")
            #expect(grid.body.contains("함께 참석할 수 있는 시간"))
        }
    }

    @Test("access: a participant sees only its own agenda, requests and calendar; outsiders get 404; only the organiser schedules")
    func access() async throws {
        try await TestApp.with { app in
            let f = try await F.make(app, cap: 5)
            try await agreed(app, f)
            _ = try await MeetingService.schedule(f.event, keepConfirmed: true, by: try await f.op(app), on: app.db, now: F.now)
            let id = f.event.id!.uuidString
            let s2 = try await f.client(app, f.email(f.s2))
            #expect(try await s2.get("/meetings/\(id)/agenda").status == .ok)
            #expect(try await s2.get("/meetings/\(id)/agenda?participant=\(f.s1.id!.uuidString)").status == .notFound)
            let s1Meeting = try #require(try await f.meetings(app).first { $0.$first.id == f.s1.id && $0.$second.id == f.b1.id })
            #expect(try await s2.get("/meetings/\(id)/meetings/\(s1Meeting.id!.uuidString)/calendar.ics").status == .notFound)
            _ = try await s2.get("/meetings/\(id)")
            #expect(try await s2.post("/meetings/\(id)/meetings/\(s1Meeting.id!.uuidString)/cancel", []).status == .notFound)
            #expect(try await Meeting.find(s1Meeting.requireID(), on: app.db)?.status == .scheduled)
            #expect(try await s2.post("/meetings/\(id)/schedule", []).status == .notFound)
            #expect(try await s2.get("/meetings/\(id)/grid").status == .notFound)
            let own = try await s2.get("/meetings/\(id)/calendar.ics")
            #expect(own.status == .ok && own.headers.first(name: .contentType)?.hasPrefix("text/calendar") == true)
            #expect(own.body.contains("상담스타트업2") && !own.body.contains("상담스타트업1"))
            let s1 = try await f.client(app, f.email(f.s1))
            #expect(try await s1.get("/meetings/\(id)/meetings/\(s1Meeting.id!.uuidString)/calendar.ics").status == .ok)
            // Somebody not taking part: 404 everywhere; a visitor is sent to sign in.
            let outsiderOrg = try await TestApp.organization(app, name: "참가안한기관", kind: .startup)
            try await TestApp.user(app, email: "outsider@meet.example", organization: outsiderOrg)
            let outsider = try await f.client(app, "outsider@meet.example")
            for path in ["/meetings/\(id)", "/meetings/\(id)/agenda", "/meetings/\(id)/calendar.ics", "/meetings/\(id)/grid"] {
                #expect(try await outsider.get(path).status == .notFound, "\(path)")
            }
            #expect(try await WebClient(app).get("/meetings/\(id)").status == .seeOther)
            // The agenda shows the slot in Seoul time and the table's video link.
            let agenda = try await s1.get("/meetings/\(id)/agenda")
            let slot = try #require(s1Meeting.slot)
            #expect(agenda.body.contains(MeetingService.slotLabel(f.event, slot)))
        }
    }

    @Test("a follow-up asking for an invitation lets the organiser invite the startup to the buyer's published need")
    func invitationFromFollowUp() async throws {
        try await TestApp.with { app in
            let f = try await F.make(app, cap: 5)
            try await agreed(app, f)
            let op = try await f.op(app)
            _ = try await MeetingService.schedule(f.event, keepConfirmed: true, by: op, on: app.db, now: F.now)
            let m = try #require(try await f.meetings(app).first { $0.$first.id == f.s1.id && $0.$second.id == f.b1.id })
            let need = Need()
            need.$organization.id = f.b1.$organization.id
            need.title = "물류센터 AI 비전 검수"
            need.teaser = "입고 검수 자동화"
            need.detail = "상세"
            need.fieldCodes = ["ai"]
            need.support = []
            need.startupsSought = 1
            need.contactName = "담당"
            need.contactEmail = "need@meet.example"
            need.anonymous = false
            need.status = .published
            need.version = 1
            need.searchText = ""
            need.publishedAt = F.now
            try await need.create(on: app.db)
            let during = f.event.slotStart(m.slot!).addingTimeInterval(600)
            await #expect(throws: IeumError.self) { _ = try await MeetingService.inviteFromFollowUp(f.event, meetingID: m.id, needID: need.id, by: op, on: app.db, now: during) }
            do { try await MeetingService.followUp(f.event, meetingID: m.id, interest: "some", nextStep: "invitation", note: "", by: try await f.actor(app, f.b1), on: app.db, now: during) }
            catch { Issue.record("the buyer's follow-up failed: \(error)"); return }
            let grid = try await f.client(app, F.opEmail).get("/meetings/\(f.event.id!.uuidString)/grid")
            #expect(grid.body.contains("물류센터 AI 비전 검수"))
            let invitation: Invitation
            do { invitation = try await MeetingService.inviteFromFollowUp(f.event, meetingID: m.id, needID: need.id, by: op, on: app.db, now: during) }
            catch { Issue.record("the invitation failed: \(error)"); return }
            #expect(invitation.$startup.id == f.s1.$organization.id && invitation.$need.id == need.id)
            // A need of someone else is refused.
            let other = try await f.meetings(app).first { $0.$first.id == f.s1.id && $0.$second.id == f.i1.id }
            if let other {
                try await MeetingService.followUp(f.event, meetingID: other.id, interest: "some", nextStep: "invitation", note: "", by: try await f.actor(app, f.i1), on: app.db,
                                                  now: f.event.slotStart(other.slot!).addingTimeInterval(60))
                await #expect(throws: IeumError.self) {
                    _ = try await MeetingService.inviteFromFollowUp(f.event, meetingID: other.id, needID: need.id, by: op, on: app.db, now: during)
                }
            }
        }
    }

    @Test("the day and after: attendance from the start, follow-ups, a collaboration from a positive one, one reminder per meeting")
    func theDay() async throws {
        try await TestApp.with { app in
            let f = try await F.make(app, cap: 5)
            try await agreed(app, f)
            let op = try await f.op(app)
            _ = try await MeetingService.schedule(f.event, keepConfirmed: true, by: op, on: app.db, now: F.now)
            let m = try #require(try await f.meetings(app).first { $0.$first.id == f.s1.id && $0.$second.id == f.b1.id })
            let s1 = try await f.actor(app, f.s1), b1 = try await f.actor(app, f.b1)
            await #expect(throws: IeumError.self) { try await MeetingService.markAttendance(f.event, meetingID: m.id, .attended, by: s1, on: app.db, now: F.now) }
            // Reminders: the day before, once per meeting even when the job runs twice.
            let dayBefore = f.event.slotStart(m.slot!).addingTimeInterval(-3_600 * 20)
            let first = try await MeetingService.remindUpcoming(now: dayBefore, on: app.db)
            let second = try await MeetingService.remindUpcoming(now: dayBefore.addingTimeInterval(60), on: app.db)
            #expect(first >= 2 && second == 0)
            let during = f.event.slotStart(m.slot!).addingTimeInterval(600)
            try await MeetingService.checkIn(f.event, participantID: f.s1.id, by: op, on: app.db, now: during)
            try await MeetingService.markAttendance(f.event, meetingID: m.id, .attended, by: b1, on: app.db, now: during)
            #expect(try await Meeting.find(m.requireID(), on: app.db)?.attendance == .attended)
            await #expect(throws: IeumError.self) { _ = try await MeetingService.startCollaboration(f.event, meetingID: m.id, by: op, on: app.db, now: during) }
            try await MeetingService.followUp(f.event, meetingID: m.id, interest: "high", nextStep: "collaboration", note: "PoC 제안서 교환", by: b1, on: app.db, now: during)
            try await MeetingService.followUp(f.event, meetingID: m.id, interest: "high", nextStep: "collaboration", note: "", by: s1, on: app.db, now: during)
            #expect(try await MeetingFollowUp.query(on: app.db).count() == 2)
            await #expect(throws: IeumError.self) {
                try await MeetingService.followUp(f.event, meetingID: m.id, interest: "high", nextStep: "x", note: "", by: s1, on: app.db, now: during)
            }
            let c = try await MeetingService.startCollaboration(f.event, meetingID: m.id, by: op, on: app.db, now: during)
            #expect(c.title.contains("상담스타트업1") && c.$startup.id == f.s1.$organization.id && c.$demand.id == f.b1.$organization.id)
            #expect(try await EventParticipant.find(f.s1.requireID(), on: app.db)?.checkedInAt == during)
        }
    }
}

@Suite("Consultation meetings: demo data")
struct MeetingDemoTests {
    @Test("the demo has an event open for requests with the demo startup, 한결전자 and 이음벤처스 taking part and a valid schedule")
    func demo() async throws {
        try await TestApp.with(demo: true) { app in
            let event = try #require(try await MeetingEvent.query(on: app.db).first())
            #expect(event.isRegistrationOpen(at: TestApp.now))
            let names = try await EventParticipant.query(on: app.db).filter(\.$event.$id == event.requireID()).with(\.$organization).all().map(\.organization.name)
            #expect(names.contains(DemoData.flagshipStartup) && names.contains("한결전자") && names.contains("이음벤처스"))
            let (problem, meetings, _) = try await MeetingService.problem(event, on: app.db)
            #expect(meetings.count >= 5)
            #expect(problem.validate(problem.confirmed).isEmpty)
            #expect(meetings.filter { $0.status == .scheduled }.count >= 5)
        }
    }
}
