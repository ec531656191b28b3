import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Issue 14, 3(b): an agency's operator stays inside the programs their agency runs. The need of
/// `NeedFixture` (with its submitted application) is moved into a program of agency B; the operator
/// of agency A tries everything that belongs to B, the platform operator does the same and succeeds.
@Suite("Access: agency-scoped operators stay in their scope")
struct AgencyOperatorScopeTests {
    struct World {
        let fixture: NeedFixture
        let agencyA: Organization
        let agencyB: Organization
        let programA: Program
        let programB: Program
        var programBID: UUID { programB.id! }
        static let operatorA = "operator-a@test.example"
        static let platform = NeedFixture.Person.operator.email!
    }

    static func world(_ app: Application) async throws -> World {
        let fixture = try await NeedFixture.make(app)
        let agencyA = try await TestApp.organization(app, name: "서울경제진흥원", kind: .agency)
        let agencyB = try await TestApp.organization(app, name: "부산창조경제혁신센터", kind: .agency)
        try await TestApp.user(app, email: World.operatorA, role: .operator, organization: agencyA)
        let programB = try #require(try await Program.find(fixture.call.$program.id, on: app.db))
        programB.$operatorOrganization.id = try agencyB.requireID()
        try await programB.save(on: app.db)
        let programA = try await Access.program(app, name: "2026 서울 오픈이노베이션 A", agency: agencyA)
        return World(fixture: fixture, agencyA: agencyA, agencyB: agencyB, programA: programA, programB: programB)
    }

    static func programForm(name: String, agency: Organization) -> [(String, String)] {
        [("name", name), ("year", "2026"), ("operatorID", agency.id!.uuidString), ("description", "설명"), ("tracks", "")]
    }

    /// One forbidden request of the operator of agency A.
    struct Attempt: CustomTestStringConvertible, Sendable {
        let name: String
        var testDescription: String { name }
    }

    @Test("another agency's program: edit, agency, calls, participants and targets answer 403 and change nothing")
    func programManagement() async throws {
        try await TestApp.with { app in
            // given
            let w = try await Self.world(app)
            let web = try await Access.browser(app, World.operatorA)
            let path = "/programs/\(w.programBID)"
            try await web.get(path)
            let calls = try await Call.query(on: app.db).count()
            // when
            let editForm = try await web.get(path + "/edit")
            let edit = try await web.post(path, Self.programForm(name: "탈취한 사업", agency: w.agencyA))
            let call = try await web.post(path + "/calls", [("title", "가짜 공모"), ("description", ""), ("opensAt", "2026-03-10 09:00"), ("closesAt", "2026-04-10 18:00")])
            let callForm = try await web.get(path + "/calls/\(try w.fixture.call.requireID())")
            let participant = try await web.post(path + "/participants", [("organizationID", try w.fixture.demandOrg.requireID().uuidString)])
            let target = try await web.post(path + "/targets", [("metric", "startupsFound"), ("period", "2026"), ("value", "10")])
            let page = try await web.get(path)
            // then
            for (name, response) in [("edit form", editForm), ("edit", edit), ("call", call), ("call form", callForm), ("participant", participant), ("target", target)] {
                #expect(response.status == .forbidden, "\(name)")
            }
            let program = try #require(try await Program.find(w.programBID, on: app.db))
            #expect(program.name == w.programB.name)
            #expect(program.$operatorOrganization.id == w.agencyB.id)
            #expect(try await Call.query(on: app.db).count() == calls)
            #expect(try await ProgramParticipant.query(on: app.db).count() == 0)
            #expect(try await ProgramTarget.query(on: app.db).count() == 0)
            #expect(page.status == .ok)
            #expect(!page.body.contains("action=\"\(path)/targets\""))
        }
    }

    @Test("an agency's operator edits their own program but may not hand it to another agency or create one for it")
    func ownProgram() async throws {
        try await TestApp.with { app in
            // given
            let w = try await Self.world(app)
            let web = try await Access.browser(app, World.operatorA)
            let path = "/programs/\(try w.programA.requireID())"
            try await web.get(path + "/edit")
            // when
            let rename = try await web.post(path, Self.programForm(name: "2026 서울 오픈이노베이션 (개정)", agency: w.agencyA))
            try await web.get(path + "/edit")
            let handOver = try await web.post(path, Self.programForm(name: "넘긴 사업", agency: w.agencyB))
            try await web.get("/programs")
            let createForB = try await web.post("/programs", Self.programForm(name: "남의 사업", agency: w.agencyB))
            try await web.get("/programs")
            let createOwn = try await web.post("/programs", Self.programForm(name: "우리 새 사업", agency: w.agencyA))
            // then
            #expect(rename.status == .seeOther)
            #expect(handOver.status == .unprocessableEntity)
            #expect(handOver.body.contains("플랫폼 운영자만"))
            let program = try #require(try await Program.find(w.programA.id, on: app.db))
            #expect(program.name == "2026 서울 오픈이노베이션 (개정)")
            #expect(program.$operatorOrganization.id == w.agencyA.id)
            #expect(createForB.status == .unprocessableEntity)
            #expect(try await Program.query(on: app.db).filter(\.$name == "남의 사업").count() == 0)
            #expect(createOwn.status == .seeOther)
        }
    }

    @Test("the platform operator changes a program's agency and creates an operator")
    func platformOperator() async throws {
        try await TestApp.with { app in
            // given
            let w = try await Self.world(app)
            let web = try await Access.browser(app, World.platform)
            try await web.get("/programs/\(w.programBID)/edit")
            // when
            let move = try await web.post("/programs/\(w.programBID)", Self.programForm(name: w.programB.name, agency: w.agencyA))
            try await web.get("/admin/users")
            let create = try await web.post("/admin/users", [("email", "newop@test.example"), ("name", "새운영"), ("password", "initial-pass-2026"),
                                                             ("platformRole", "operator"), ("organization", ""), ("membershipRole", "member")])
            // then
            #expect(move.status == .seeOther)
            #expect(try await Program.find(w.programBID, on: app.db)?.$operatorOrganization.id == w.agencyA.id)
            #expect(create.status == .seeOther)
            #expect(try await User.query(on: app.db).filter(\.$email == "newop@test.example").first()?.platformRole == .operator)
        }
    }

    @Test("another agency's need and its application: no detail, no list, no proposal, no review, no step; the platform operator has them")
    func needsAndApplications() async throws {
        try await TestApp.with { app in
            // given
            let w = try await Self.world(app)
            let web = try await Access.browser(app, World.operatorA)
            let needID = try w.fixture.need.requireID()
            let appID = try w.fixture.application.requireID()
            let before = try #require(try await NeedApplication.find(appID, on: app.db)).status
            // when
            let needPage = try await web.get("/needs/\(needID)")
            let list = try await web.get("/needs/\(needID)/applications")
            let proposal = try await web.get("/applications/\(appID)")
            let file = try await web.get("/applications/\(appID)/attachments/\(try w.fixture.attachment.requireID())")
            let review = try await web.post("/applications/\(appID)/review", [("status", "screening"), ("reason", "")])
            let close = try await web.post("/needs/\(needID)/status", [("step", "close"), ("reason", "")])
            let myNeeds = try await web.get("/needs")
            // then
            #expect(needPage.status == .ok)
            #expect(!needPage.body.contains(NeedFixture.detailText))
            #expect(list.status == .notFound)
            #expect(proposal.status == .notFound)
            #expect(file.status == .notFound)
            #expect(review.status == .notFound)
            #expect(close.status == .forbidden)
            #expect(!myNeeds.body.contains(w.fixture.need.title))
            #expect(try await NeedApplication.find(appID, on: app.db)?.status == before)
            #expect(try await Need.find(needID, on: app.db)?.status == .published)
            #expect(!NeedPolicy.can(try await Access.actor(app, World.operatorA), .viewDetail(try await NeedService.access(w.fixture.need, for: nil, on: app.db))))
            // the platform operator and the program's own agency operator do see them
            let platform = try await Access.browser(app, World.platform)
            #expect(try await platform.get("/applications/\(appID)").body.contains(NeedFixture.proposalText))
            try await TestApp.user(app, email: "operator-b@test.example", role: .operator, organization: w.agencyB)
            let operatorB = try await Access.browser(app, "operator-b@test.example")
            #expect(try await operatorB.get("/applications/\(appID)").status == .ok)
            #expect(try await operatorB.get("/needs/\(needID)").body.contains(NeedFixture.detailText))
        }
    }

    @Test("an agency's operator publishes only in their own programs' calls and holds meetings only for them")
    func publishAndMeetings() async throws {
        try await TestApp.with { app in
            // given
            let w = try await Self.world(app)
            let operatorA = try await Access.actor(app, World.operatorA)
            let owner = try await NeedFixture.actor(app, .needOrganization)
            var input = NeedInput()
            input.title = "물류 로봇 실증"
            input.teaser = "물류센터 자동화"
            input.detail = "기밀"
            input.fields = ["robot"]
            input.startupsSought = "1"
            input.contactName = "담당"
            input.contactEmail = "buyer@hanbit.example"
            let need = try await NeedService.create(input, organizationID: w.fixture.demandOrg.requireID(), by: owner, on: app.db, now: TestApp.now)
            _ = try await NeedService.perform(.submit, on: need.requireID(), by: owner, on: app.db, now: TestApp.now)
            let callA = try await Access.call(app, program: w.programA, title: "A 공모")
            // when: publish in B's call
            await #expect(throws: IeumError.self) {
                _ = try await NeedService.perform(.publish, on: need.requireID(), callID: w.fixture.call.requireID(), by: operatorA, on: app.db, now: TestApp.now)
            }
            #expect(try await Need.find(need.id, on: app.db)?.status == .submitted)
            // and in their own call
            let published = try await NeedService.perform(.publish, on: need.requireID(), callID: callA.requireID(), by: operatorA, on: app.db, now: TestApp.now)
            #expect(published.status == .published)
            // meetings: B's program refused, A's accepted
            var event = MeetingEventInput()
            event.programID = w.programBID.uuidString
            event.name = "부산 상담회"
            event.kind = MeetingEventKind.allCases[0].rawValue
            event.mode = MeetingMode.online.rawValue
            event.startsAt = "2026-03-20 10:00"
            event.days = "1"; event.slotsPerDay = "4"; event.slotMinutes = "30"; event.breakMinutes = "0"
            event.registrationOpensAt = "2026-03-02 09:00"; event.registrationClosesAt = "2026-03-15 18:00"
            event.requestExpiryHours = "48"; event.requestCap = "5"
            do {
                _ = try await MeetingService.createEvent(event, by: operatorA, on: app.db, now: TestApp.now)
                Issue.record("an event in another agency's program was created")
            } catch IeumError.invalid(let errors) {
                #expect(errors["programID"] != nil)
            }
            #expect(try await MeetingEvent.query(on: app.db).count() == 0)
            event.programID = try w.programA.requireID().uuidString
            _ = try await MeetingService.createEvent(event, by: operatorA, on: app.db, now: TestApp.now)
            #expect(try await MeetingEvent.query(on: app.db).count() == 1)
        }
    }

    @Test("user administration, taxonomy editing, registry export and the whole audit log are the platform operator's")
    func platformOnly() async throws {
        try await TestApp.with { app in
            // given
            let w = try await Self.world(app)
            let web = try await Access.browser(app, World.operatorA)
            let token = try await Access.token(app, World.operatorA)
            let users = try await User.query(on: app.db).count()
            let fields = try await TechField.query(on: app.db).count()
            // the platform operator leaves an entry that is not agency A's
            let platform = try await Access.browser(app, World.platform)
            try await platform.get("/programs/\(w.programBID)/edit")
            _ = try await platform.post("/programs/\(w.programBID)", Self.programForm(name: "플랫폼이 고친 사업", agency: w.agencyB))
            // when
            let usersPage = try await web.get("/admin/users")
            try await web.get("/admin/taxonomy")
            let createUser = try await web.post("/admin/users", [("email", "root@test.example"), ("name", "루트"), ("password", "initial-pass-2026"),
                                                                 ("platformRole", "operator"), ("organization", ""), ("membershipRole", "member")])
            let taxonomy = try await web.post("/admin/taxonomy/fields", [("code", "quantum"), ("nameKo", "양자"), ("nameEn", "Quantum"), ("aliases", "")])
            let export = try await web.get("/admin/export.csv")
            let people = try await APITests.call(app, .GET, "/api/v1/people", token: token)
            _ = try await web.post("/programs/\(try w.programA.requireID())", Self.programForm(name: "A가 고친 사업", agency: w.agencyA))
            let audit = try await web.get("/admin/audit")
            // then
            #expect(usersPage.status == .forbidden)
            #expect(createUser.status == .forbidden)
            #expect(try await User.query(on: app.db).count() == users)
            #expect(taxonomy.status == .forbidden)
            #expect(try await TechField.query(on: app.db).count() == fields)
            #expect(export.status == .forbidden)
            #expect(people.status == .forbidden)
            // the agency's audit view: what its own people did, not the platform operator's entries
            #expect(audit.status == .ok)
            #expect(audit.body.contains("A가 고친 사업"))
            #expect(!audit.body.contains("플랫폼이 고친 사업"))
            let whole = try await platform.get("/admin/audit")
            #expect(whole.body.contains("플랫폼이 고친 사업") && whole.body.contains("A가 고친 사업"))
        }
    }

    @Test("contacts: an agency's operator sees those of organisations in their programs only, on the page and in the API")
    func contacts() async throws {
        try await TestApp.with { app in
            // given: the applicant takes part in B's program; the need's organisation also in A's
            let w = try await Self.world(app)
            try await ProgramParticipant(programID: w.programA.requireID(), organizationID: w.fixture.demandOrg.requireID()).create(on: app.db)
            let web = try await Access.browser(app, World.operatorA)
            let token = try await Access.token(app, World.operatorA)
            let applicant = try #require(try await Organization.find(w.fixture.applicantOrg.id, on: app.db))
            let demand = try #require(try await Organization.find(w.fixture.demandOrg.id, on: app.db))
            let audits = try await AuditEntry.query(on: app.db).filter(\.$action == "organization.view_contact").count()
            // when
            let hidden = try await web.get("/organizations/\(try applicant.requireID())")
            let hiddenAPI = try await APITests.call(app, .GET, "/api/v1/organizations/\(try applicant.requireID())", token: token)
            let members = try await APITests.call(app, .GET, "/api/v1/organizations/\(try applicant.requireID())/members", token: token)
            let shown = try await web.get("/organizations/\(try demand.requireID())")
            // then
            #expect(hidden.status == .ok)
            #expect(!hidden.body.contains(try #require(applicant.contactEmail)))
            #expect(hiddenAPI.status == .ok)
            #expect(hiddenAPI.json["contact"] == nil)
            #expect(members.status == .notFound)
            #expect(shown.body.contains(try #require(demand.contactEmail)))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "organization.view_contact").count() == audits + 1)
        }
    }

    @Test("an agency's operator may not unscope anyone by changing an agency's kind; the platform operator may")
    func agencyKind() async throws {
        try await TestApp.with { app in
            // given
            let w = try await Self.world(app)
            let token = try await Access.token(app, World.operatorA)
            // when
            let own = try await APITests.call(app, .PATCH, "/api/v1/organizations/\(try w.agencyA.requireID())", token: token, json: #"{"kind":"research"}"#)
            let other = try await APITests.call(app, .PATCH, "/api/v1/organizations/\(try w.agencyB.requireID())", token: token, json: #"{"kind":"research"}"#)
            // then
            #expect(own.status == .unprocessableEntity)
            #expect(other.status == .unprocessableEntity)
            #expect(try await Organization.find(w.agencyA.id, on: app.db)?.kind == .agency)
            #expect(try await Organization.find(w.agencyB.id, on: app.db)?.kind == .agency)
            let actor = try await Access.actor(app, World.operatorA)
            #expect(actor.operatorScope == [try w.agencyA.requireID()])
            // the platform operator changes it
            let platform = try await Access.token(app, World.platform)
            #expect(try await APITests.call(app, .PATCH, "/api/v1/organizations/\(try w.agencyB.requireID())", token: platform, json: #"{"kind":"research"}"#).status == .ok)
            #expect(try await Organization.find(w.agencyB.id, on: app.db)?.kind == .research)
        }
    }
}
