import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Swift stops the whole server on integer overflow: no number a person sends, and no number
/// already stored, may reach arithmetic unchecked. Each reported crash point is driven here through
/// the real application.
@Suite("Numbers from people and from the database cannot stop the server")
struct NumberBoundsTests {
    static let extremes = ["-9223372036854775808", "9223372036854775807", "9e18", "-1", "0", "", "NaN"]

    /// A platform operator (no agency) signed in through the login form.
    static func operatorClient(_ app: Application) async throws -> WebClient {
        try await TestApp.user(app, email: "numbers-op@ieum.test", role: .operator)
        let web = WebClient(app)
        try await web.login("numbers-op@ieum.test")
        return web
    }

    @Test("the meeting move's slot: extremes are refused with a message, never computed with")
    func meetingMoveSlot() async throws {
        try await TestApp.with(demo: true) { app in
            // given the demo event with a scheduled meeting and its operator
            let web = try await Self.operatorClient(app)
            let event = try #require(try await MeetingEvent.query(on: app.db).first())
            let eventID = try event.requireID()
            let meeting = try #require(try await Meeting.query(on: app.db).filter(\.$status == .scheduled).first())
            let meetingID = try meeting.requireID()
            let table = try #require(try await MeetingTable.query(on: app.db).filter(\.$event.$id == eventID).first())
            _ = try await web.get("/meetings/\(eventID)/grid")
            for slot in Self.extremes + ["65", String(repeating: "9", count: 10_000)] {
                // when
                let moved = try await web.post("/meetings/\(eventID)/meetings/\(meetingID)/move",
                                               [("slot", slot), ("tableID", table.id!.uuidString)])
                // then: refused with a message on the page, and the meeting did not move
                #expect(moved.status.code < 500, "slot \(slot.prefix(30)): \(moved.status)")
                let location = try #require(moved.headers.first(name: .location))
                let page = try await web.get(String(location.split(separator: "#")[0]))
                #expect(page.status == .ok)
                #expect(page.body.contains("시간을 목록에서 고르세요."), "slot \(slot.prefix(30))")
                #expect(try await Meeting.find(meetingID, on: app.db)?.slot == meeting.slot)
            }
            // and the server still answers
            #expect(try await web.get("/healthz").status == .ok)
        }
    }

    @Test("a participant's extreme slot is refused the same way, before anything else")
    func meetingMoveSlotByParticipant() async throws {
        try await TestApp.with(demo: true) { app in
            // given the demo startup, a participant of the demo event
            let web = WebClient(app)
            try await web.login("startup@ieum.demo", password: DemoData.password)
            let event = try #require(try await MeetingEvent.query(on: app.db).first())
            let meeting = try #require(try await Meeting.query(on: app.db).filter(\.$status == .scheduled).first())
            _ = try await web.get("/meetings/\(try event.requireID())")
            for slot in Self.extremes {
                // when
                let page = try await web.post("/meetings/\(try event.requireID())/meetings/\(try meeting.requireID())/move", [("slot", slot)])
                // then
                #expect(page.status.code < 500, "slot \(slot): \(page.status)")
            }
        }
    }

    @Test("the audit log's page: outside 1…100,000 is a 400 that says so, inside a page")
    func auditPage() async throws {
        try await TestApp.with(demo: true) { app in
            // given a platform operator
            let web = try await Self.operatorClient(app)
            for raw in ["9223372036854775807", "-9223372036854775808", "9e18", "0", "-1", "100001", "abc"] {
                // when
                let page = try await web.get("/admin/audit?page=" + WebClient.encode(raw))
                // then
                #expect(page.status == .badRequest, "page=\(raw): \(page.status)")
                #expect(page.body.contains("1부터 100,000 사이의 정수로 입력하세요."))
            }
            #expect(try await web.get("/admin/audit?page=2").status == .ok)
            #expect(try await web.get("/admin/audit?page=100000").status == .ok)
            #expect(try await web.get("/admin/audit").status == .ok)
        }
    }

    @Test("funding, outcomes and member amounts stored near Int64.max: pages and exports still answer, sums held at the bound")
    func storedAmountsNearMax() async throws {
        try await TestApp.with(demo: true) { app in
            // given a collaboration of a program, with funding and confirmed outcomes written straight to the database
            let web = try await Self.operatorClient(app)
            let collaboration = try #require(try await Collaboration.query(on: app.db).filter(\.$program.$id != nil).first())
            let id = try collaboration.requireID()
            try await StageFunding.query(on: app.db).filter(\.$collaboration.$id == id).delete()
            for stage in [CollaborationStage.matched, .technologyVerification, .marketVerification] {
                let row = StageFunding()
                row.$collaboration.id = id
                row.stage = stage
                row.governmentKRW = .max - 1
                row.demandKRW = .max
                row.spentKRW = .max / 2
                row.updatedAt = TestApp.now
                try await row.create(on: app.db)
            }
            for kind in [OutcomeKind.contract, .investment, .contract, .investment] {
                let outcome = Outcome()
                outcome.$collaboration.id = id
                outcome.kind = kind
                outcome.amountKRW = .max - 7
                outcome.note = ""
                outcome.occurredOn = TestApp.now
                outcome.status = .confirmed
                outcome.createdAt = TestApp.now
                try await outcome.create(on: app.db)
            }
            // and every member organisation of every network with investment and revenue near Int64.max
            let networks = try await Network.query(on: app.db).all()
            #expect(!networks.isEmpty)
            for member in try await NetworkMember.query(on: app.db).all() {
                guard let orgID = member.$organization.id, let org = try await Organization.find(orgID, on: app.db) else { continue }
                org.investmentKRW = .max - 3
                org.revenueKRW = .max
                try await org.save(on: app.db)
            }

            // when the collaboration page is read
            let page = try await web.get("/collaborations/\(id)")
            // then it answers, with the totals held at the largest amount
            #expect(page.status == .ok)
            #expect(page.body.contains(KRW.koreanText(.max)))

            // and the collaboration exports and the KPI dashboard and its exports answer
            for path in ["/collaborations/export.csv", "/collaborations/export.xlsx", "/kpi", "/kpi/export.csv", "/kpi/export.xlsx"] {
                let response = try await web.get(path)
                #expect(response.status == .ok, "\(path): \(response.status)")
            }
            let csv = try await web.get("/collaborations/export.csv")
            #expect(csv.body.contains(String(Int64.max)))

            // and each network's statistics page and its exports answer
            for network in networks {
                let networkID = try network.requireID()
                for path in ["/networks/\(networkID)/statistics", "/networks/\(networkID)/statistics.csv", "/networks/\(networkID)/statistics.xlsx"] {
                    let response = try await web.get(path)
                    #expect(response.status == .ok, "\(path): \(response.status)")
                }
            }
            #expect(try await web.get("/healthz").status == .ok)
        }
    }

    @Test("stored infinite and extreme meeting and round settings do not stop their pages")
    func storedOddSettings() async throws {
        try await TestApp.with(demo: true) { app in
            // given an event whose stored days × slots overflow, and a round whose threshold is infinite
            // (SQLite stores NaN as NULL, so infinity stands for the values `Int(_:)` traps on)
            let web = try await Self.operatorClient(app)
            let event = try #require(try await MeetingEvent.query(on: app.db).first())
            event.days = .max
            event.slotsPerDay = .max
            try await event.save(on: app.db)
            // and meetings and participants with slots no form would take
            let meetings = try await Meeting.query(on: app.db).filter(\.$event.$id == event.requireID()).filter(\.$status == .scheduled).all()
            for (meeting, slot) in zip(meetings, [Int.max, -5, Int.min]) {
                meeting.slot = slot
                try await meeting.save(on: app.db)
            }
            for participant in try await EventParticipant.query(on: app.db).filter(\.$event.$id == event.requireID()).all() {
                participant.blockedSlots = [.max, -1, .min]
                try await participant.save(on: app.db)
            }
            let round = try await EvaluationRound.query(on: app.db).first()
            if let round {
                round.disagreementRange = .infinity
                try await round.save(on: app.db)
            }
            // when / then
            #expect(event.slotCount <= 64)
            #expect(try await web.get("/meetings/\(try event.requireID())").status.code < 500)
            #expect(try await web.get("/meetings/\(try event.requireID())/grid").status.code < 500)
            #expect(try await web.get("/meetings/\(try event.requireID())/agenda").status.code < 500)
            #expect(try await web.get("/meetings/\(try event.requireID())/calendar.ics").status.code < 500)
            if let round {
                #expect(try await web.get("/rounds/\(try round.requireID())").status.code < 500)
            }
        }
    }

    @Test("JSON numbers past their bounds are problems, never traps", arguments: [
        #"{"investmentKrw": 9223372036854775807}"#, #"{"revenueKrw": 1000000000000001}"#, #"{"employees": -9223372036854775808}"#,
        #"{"foundedYear": 99999999999999999999999}"#, #"{"employees": 9e18}"#, #"{"investmentKrw": -1}"#, #"{"foundedYear": 1e400}"#,
    ])
    func apiNumbers(json: String) async throws {
        try await TestApp.with { app in
            // given an API operator and an organisation
            let fixture = try await APITests.fixture(app)
            let id = try fixture.ownStartup.requireID()
            // when
            let reply = try await APITests.call(app, .PATCH, "/api/v1/organizations/\(id)", token: fixture.operatorToken, json: json)
            // then: refused with a problem, and nothing was written
            #expect(reply.status == .badRequest || reply.status == .unprocessableEntity, "\(json): \(reply.status)")
            #expect(try await Organization.find(id, on: app.db)?.investmentKRW == nil)
            for query in ["page=9223372036854775807", "perPage=-9223372036854775808", "page=9e18"] {
                #expect(try await APITests.call(app, .GET, "/api/v1/organizations?\(query)", token: fixture.operatorToken).status == .badRequest)
            }
        }
    }

    @Test("out-of-range amounts and counts in forms are field errors in both languages")
    func formFieldErrors() async throws {
        try await TestApp.with(demo: true) { app in
            // given a platform operator on a collaboration page
            let web = try await Self.operatorClient(app)
            let collaboration = try #require(try await Collaboration.query(on: app.db).filter(\.$program.$id != nil).first())
            let id = try collaboration.requireID()
            _ = try await web.get("/collaborations/\(id)")
            for amount in ["9223372036854775807", "1,000,000,000,000,001", "9e18", "NaN", "-1"] {
                // when funding beyond 10¹⁵ won is sent
                let page = try await web.post("/collaborations/\(id)/funding", [("stage", "technologyVerification"), ("government", amount)])
                // then
                #expect(page.status.code < 500)
                #expect(page.body.contains("0원부터 1,000조원 사이의 금액"), "government \(amount)")
            }
            // when an outcome count beyond a million is sent
            let outcome = try await web.post("/collaborations/\(id)/outcomes", [("kind", "jobs"), ("count", "9223372036854775807"), ("occurredOn", "2026-03-01")])
            #expect(outcome.status.code < 500)
            #expect(outcome.body.contains("건수(명)를 1부터 1,000,000 사이로 입력하세요."))
            // when an organisation's investment beyond 10¹⁵ won is sent
            _ = try await web.get("/organizations/new")
            let org = try await web.post("/organizations", [
                ("kind", "startup"), ("name", "큰수랩"), ("businessNumber", TestApp.businessNumber(77)), ("stage", "seed"),
                ("investment", "99999999999999999999"), ("employees", "9223372036854775807"), ("foundedYear", "-9223372036854775808"),
            ])
            #expect(org.status.code < 500)
            #expect(org.body.contains("누적 투자액은"))
            #expect(org.body.contains("임직원 수는"))
            #expect(org.body.contains("설립연도는"))
            // when a program target past its bound is set, for a count and for won
            let program = try #require(try await Program.query(on: app.db).first())
            _ = try await web.get("/programs/\(try program.requireID())")
            let count = try await web.post("/programs/\(try program.requireID())/targets",
                                           [("metric", "startupsMatched"), ("period", "2026"), ("value", "9223372036854775807")])
            #expect(count.status == .unprocessableEntity)
            #expect(count.body.contains("최대 10,000,000입니다."))
            let won = try await web.post("/programs/\(try program.requireID())/targets",
                                         [("metric", "investmentKRW"), ("period", "2026"), ("value", "10000001억")])
            #expect(won.status == .unprocessableEntity)
            #expect(won.body.contains("0원부터 1,000조원 사이"))
            // when a meeting table with 9e18 seats is added, the flash says the range
            let event = try #require(try await MeetingEvent.query(on: app.db).first())
            _ = try await web.get("/meetings/\(try event.requireID())")
            let table = try await web.post("/meetings/\(try event.requireID())/tables", [("name", "큰 테이블"), ("seats", "9223372036854775807")])
            #expect(table.status.code < 500)
            let location = try #require(table.headers.first(name: .location))
            let shown = try await web.get(String(location.split(separator: "#")[0]))
            #expect(shown.body.contains("좌석은 2~20석입니다."))
        }
    }
}
