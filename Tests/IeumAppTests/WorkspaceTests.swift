import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// The workspace at `/` (issue 17, item 1): each role sees what waits for it, with counts that
/// equal the records behind them and only what it may open; visitors get a public home page.
@Suite("Workspace")
struct WorkspaceTests {
    /// The number a section shows (`data-count`), or nil when the section is not on the page.
    static func count(_ page: WebClient.Page, _ section: String) -> Int? {
        guard let start = page.body.range(of: "id=\"\(section)\"") else { return nil }
        let rest = page.body[start.upperBound...]
        guard let attribute = rest.range(of: "data-count=\"") else { return nil }
        return Int(rest[attribute.upperBound...].prefix { $0.isNumber })
    }

    static func demoClient(_ app: Application, _ email: String) async throws -> WebClient {
        let web = WebClient(app)
        try await web.login(email, password: DemoData.password)
        return web
    }

    @Test("a visitor gets the public home page: open calls with D-day, programs, the grievance desk, sign-up and sign-in")
    func visitorHome() async throws {
        try await TestApp.with(demo: true) { app in
            // when
            let home = try await WebClient(app).get("/")
            // then
            #expect(home.status == .ok)
            for id in ["open-calls", "programs", "report-difficulty", "home-signup"] { #expect(home.body.contains("id=\"\(id)\""), "\(id)") }
            #expect(home.body.contains("href=\"/signup\""))
            #expect(home.body.contains("href=\"/login\""))
            let open = try await Call.query(on: app.db).filter(\.$opensAt <= TestApp.now).filter(\.$closesAt > TestApp.now).all()
            for call in open.prefix(10) { #expect(home.body.contains(call.title), "\(call.title)") }
            #expect(open.isEmpty || home.body.contains("class=\"dday"))
        }
    }

    @Test("signing in lands on the workspace")
    func signInLandsOnWorkspace() async throws {
        try await TestApp.with(demo: true) { app in
            let web = WebClient(app)
            try await web.get("/login")
            let page = try await web.post("/login", [("email", "startup@ieum.demo"), ("password", DemoData.password)])
            #expect(page.headers.first(name: .location) == "/")
            let home = try await web.get("/")
            #expect(home.body.contains("id=\"workspace-summary\""))
        }
    }

    @Test("an agency's operator sees approvals, needs to review and the desk's grievances, counted as the records are, their programs only")
    func operatorWorkspace() async throws {
        try await TestApp.with(demo: true) { app in
            // given
            let web = try await Self.demoClient(app, "operator@ieum.demo")
            let actor = try await #require(try await User.query(on: app.db).filter(\.$email == "operator@ieum.demo").first()).actor(on: app.db)
            // when
            let page = try await web.get("/")
            // then
            #expect(page.status == .ok)
            let pending = try await Organization.query(on: app.db).filter(\.$status == .pending).count()
            #expect(Self.count(page, "approvals") == pending)
            let calls = try #require(try await ProgramService.callsRun(by: actor, on: app.db))
            let review = try await Need.query(on: app.db).filter(\.$status == .submitted).all()
                .filter { $0.$call.id == nil || calls.contains($0.$call.id!) }.count
            #expect(Self.count(page, "needs-to-review") == review)
            let open: [GrievanceStatus] = [.received, .classified, .inProgress]
            let unassigned = try await Grievance.query(on: app.db).filter(\.$status ~~ open).filter(\.$assigneeID == nil).count()
            #expect(Self.count(page, "grievances-unassigned") == unassigned)
            let overdue = try await Grievance.query(on: app.db).filter(\.$status ~~ open).filter(\.$dueAt < TestApp.now).count()
            #expect(Self.count(page, "grievances-overdue") == overdue)
            for id in ["gate-requests", "outcomes-to-confirm", "overdue-milestones", "meetings-today"] { #expect(Self.count(page, id) != nil, "\(id)") }
            // open rounds of its programs with sheets still owed
            let programs = try #require(try await ProgramService.programsRun(by: actor, on: app.db))
            var missing = 0
            for round in try await EvaluationRound.query(on: app.db).filter(\.$status == .open).filter(\.$program.$id ~~ programs).all() {
                let assigned = try await RoundAssignment.query(on: app.db).filter(\.$round.$id == round.requireID()).count()
                let submitted = try await ScoreSheet.query(on: app.db).filter(\.$round.$id == round.requireID()).filter(\.$status == .submitted).count()
                if assigned > submitted { missing += 1 }
            }
            #expect(Self.count(page, "rounds-missing-sheets") == missing)
        }
    }

    @Test("another agency's submitted need is not in this operator's count, and a platform operator's count has it")
    func operatorScope() async throws {
        try await TestApp.with(demo: true) { app in
            // given a need submitted into a call of another agency's program
            let other = try await TestApp.organization(app, name: "다른진흥원", kind: .agency)
            let program = Program()
            program.name = "다른 기관 사업"
            program.year = 2026
            program.$operatorOrganization.id = try other.requireID()
            program.description = ""
            program.tracks = []
            try await program.create(on: app.db)
            let call = Call()
            call.$program.id = try program.requireID()
            call.title = "다른 기관 공모"
            call.description = ""
            call.opensAt = TestApp.now.addingTimeInterval(-86_400)
            call.closesAt = TestApp.now.addingTimeInterval(30 * 86_400)
            try await call.create(on: app.db)
            let demand = try #require(try await Organization.query(on: app.db).filter(\.$name == "한결전자").first())
            let need = try await TestRecords.need(app, demand, "다른 기관 공모의 수요과제", status: .submitted)
            need.$call.id = try call.requireID()
            try await need.save(on: app.db)
            try await TestApp.user(app, email: "platform@ieum.example", role: .operator)
            // when
            let agencyPage = try await Self.demoClient(app, "operator@ieum.demo").get("/")
            let platform = WebClient(app)
            try await platform.login("platform@ieum.example")
            let platformPage = try await platform.get("/")
            // then
            #expect(!agencyPage.body.contains("다른 기관 공모의 수요과제"))
            let all = try await Need.query(on: app.db).filter(\.$status == .submitted).count()
            #expect(Self.count(platformPage, "needs-to-review") == all)
            #expect((Self.count(agencyPage, "needs-to-review") ?? 0) < all)
        }
    }

    @Test("a startup sees needs that match it, its drafts and its invitations with D-days; a demand organisation its new applications")
    func startupAndDemand() async throws {
        try await TestApp.with(demo: true) { app in
            // given
            let startup = try #require(try await Organization.query(on: app.db).filter(\.$name == DemoData.flagshipStartup).first())
            let demand = try #require(try await Organization.query(on: app.db).filter(\.$name == "한결전자").first())
            let need = try await TestRecords.need(app, demand, "워크스페이스 시험 수요과제", status: .published)
            need.deadline = TestApp.now.addingTimeInterval(3 * 86_400)
            try await need.save(on: app.db)
            let draft = try await TestRecords.application(app, need: need, startup: startup, status: .draft, submittedAt: nil)
            // when
            let startupPage = try await Self.demoClient(app, "startup@ieum.demo").get("/")
            let demandPage = try await Self.demoClient(app, "demand@ieum.demo").get("/")
            // then
            let drafts = try await NeedApplication.query(on: app.db).filter(\.$startup.$id == startup.requireID()).filter(\.$status == .draft).count()
            #expect(Self.count(startupPage, "drafts") == drafts)
            #expect(startupPage.body.contains("/applications/\(try draft.requireID().uuidString)/edit"))
            #expect(startupPage.body.contains(">D-3<"))
            #expect(Self.count(startupPage, "recommended-needs") != nil)
            #expect(Self.count(startupPage, "invitations") != nil)
            let needIDs = try await Need.query(on: app.db).filter(\.$organization.$id == demand.requireID()).all().compactMap(\.id)
            let submitted = try await NeedApplication.query(on: app.db).filter(\.$need.$id ~~ needIDs).filter(\.$status == .submitted).count()
            #expect(Self.count(demandPage, "new-applications") == submitted)
            // a startup sees no operator section
            #expect(Self.count(startupPage, "approvals") == nil)
            #expect(Self.count(demandPage, "approvals") == nil)
        }
    }

    @Test("a demand organisation sees which invited startups answered by applying in the last 30 days, not others' applications")
    func demandInvitationsAnswered() async throws {
        try await TestApp.with(demo: true) { app in
            // given: its need invites two startups; one applies now, one applied 40 days ago; an uninvited one applies too
            let demand = try #require(try await Organization.query(on: app.db).filter(\.$name == "한결전자").first())
            let need = try await TestRecords.need(app, demand, "초대 응답 시험 수요과제", status: .published)
            let answered = try await TestApp.organization(app, name: "초대응답기업")
            let late = try await TestApp.organization(app, name: "오래전응답기업")
            let uninvited = try await TestApp.organization(app, name: "초대안받은기업")
            let member = try #require(try await User.query(on: app.db).filter(\.$email == "demand@ieum.demo").first())
            let actor = try await member.actor(on: app.db)
            for startup in [answered, late] {
                _ = try await NeedService.invite(try need.requireID(), startupID: try startup.requireID(), message: "지원해 주세요",
                                                 by: actor, on: app.db, now: TestApp.now)
            }
            let application = try await TestRecords.application(app, need: need, startup: answered, submittedAt: TestApp.now.addingTimeInterval(-3600))
            try await TestRecords.application(app, need: need, startup: late, submittedAt: TestApp.now.addingTimeInterval(-40 * 86_400))
            try await TestRecords.application(app, need: need, startup: uninvited, submittedAt: TestApp.now.addingTimeInterval(-600))
            // when
            let page = try await Self.demoClient(app, "demand@ieum.demo").get("/")
            let startupPage = try await Self.demoClient(app, "startup@ieum.demo").get("/")
            // then
            let section = try #require(page.body.range(of: "id=\"invitations-answered\"")).lowerBound
            let rest = String(page.body[section...])
            #expect(rest.contains("초대응답기업"))
            #expect(rest.contains("/applications/\(try application.requireID().uuidString)"))
            #expect(!rest.prefix(4000).contains("오래전응답기업"))
            #expect(!rest.prefix(4000).contains("초대안받은기업"))
            let demoInvitations = try await Invitation.query(on: app.db).with(\.$need).all()
                .filter { $0.need.$organization.id == demand.id && $0.$need.id != need.id }
            var expected = 1
            for invitation in demoInvitations {
                expected += try await NeedApplication.query(on: app.db).filter(\.$need.$id == invitation.$need.id)
                    .filter(\.$startup.$id == invitation.$startup.id).filter(\.$status != .draft)
                    .filter(\.$submittedAt >= TestApp.now.addingTimeInterval(-30 * 86_400)).count()
            }
            #expect(Self.count(page, "invitations-answered") == expected)
            #expect(Self.count(startupPage, "invitations-answered") == nil)
        }
    }

    @Test("a judge sees the sheets left per open round with a link to the next entry")
    func judgeWorkspace() async throws {
        try await TestApp.with(demo: true) { app in
            // when
            let page = try await Self.demoClient(app, "judge@ieum.demo").get("/")
            // then
            let judge = try #require(try await User.query(on: app.db).filter(\.$email == "judge@ieum.demo").first())
            let experts = try await Expert.query(on: app.db).filter(\.$user.$id == judge.requireID()).all().compactMap(\.id)
            let assignments = try await RoundAssignment.query(on: app.db).filter(\.$expert.$id ~~ experts).with(\.$round).all().filter { $0.round.status == .open }
            let done = Set(try await ScoreSheet.query(on: app.db).filter(\.$expert.$id ~~ experts).filter(\.$status == .submitted).all().map { "\($0.$round.id)|\($0.$entry.id)" })
            let left = assignments.filter { !done.contains("\($0.$round.id)|\($0.$entry.id)") }
            #expect(Self.count(page, "sheets-left") == left.count)
            if let first = left.first {
                #expect(page.body.contains("/rounds/\(first.$round.id.uuidString)/entries/"))
            }
        }
    }

    @Test("D-day counts Seoul calendar days: later today is D-day, just after midnight in Seoul is D-1, yesterday is D+1")
    func dDayUsesSeoulDays() throws {
        // 2026-03-02 23:30 in Seoul (14:30 UTC)
        let now = try #require(ISO8601DateFormatter().date(from: "2026-03-02T14:30:00Z"))
        #expect(DDay.label(now.addingTimeInterval(20 * 60), now: now) == "D-day")
        #expect(DDay.label(now.addingTimeInterval(40 * 60), now: now) == "D-1")
        #expect(DDay.label(now.addingTimeInterval(-24 * 3600), now: now) == "D+1")
        #expect(DDay.label(now.addingTimeInterval(10 * 24 * 3600), now: now) == "D-10")
        #expect(DDay.urgency(now.addingTimeInterval(-60), now: now) == "overdue")
        #expect(DDay.urgency(now.addingTimeInterval(3600), now: now) == "soon")
        #expect(DDay.urgency(now.addingTimeInterval(5 * 86_400), now: now) == "later")
    }
}
