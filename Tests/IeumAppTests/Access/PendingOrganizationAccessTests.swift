import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Issue 14, 3(a): a membership gives its organisation's kind rights only while the organisation is
/// approved. Each test tries the forbidden thing as the member of a pending and of a rejected
/// organisation, checks nothing changed, and checks the allowed thing still works.
@Suite("Access: pending and rejected organisations give no rights of their kind")
struct PendingOrganizationAccessTests {
    static let dual = "dual@test.example"

    /// A member of an approved demand organisation who registers a startup through the form; the
    /// operator rejects it when `status` is `.rejected`.
    static func selfRegisteredStartup(_ app: Application, status: ApprovalStatus) async throws -> (WebClient, Organization) {
        let demand = try await TestApp.organization(app, name: "겸업수요기관", kind: .demand)
        try await TestApp.user(app, email: dual, organization: demand)
        let web = try await Access.browser(app, dual)
        try await web.get("/organizations/new")
        let created = try await web.post("/organizations", Access.startupForm(name: "셀프스타트업", businessNumber: TestApp.businessNumber(77)))
        #expect(created.status == .seeOther)
        let startup = try #require(try await Organization.query(on: app.db).filter(\.$name == "셀프스타트업").first())
        #expect(startup.status == .pending)
        if status == .rejected {
            _ = try await RegistryService.setStatus(startup.requireID(), to: .rejected, reason: "서류 미비", by: .shell, on: app.db, now: TestApp.now)
        }
        return (web, startup)
    }

    @Test("a demand member whose own startup waits or was rejected may not pledge, read the detail or apply",
          arguments: [ApprovalStatus.pending, .rejected])
    func noStartupRights(status: ApprovalStatus) async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await NeedFixture.make(app)
            let (web, startup) = try await Self.selfRegisteredStartup(app, status: status)
            let needID = try fixture.need.requireID()
            let pledges = try await NeedPledge.query(on: app.db).count()
            let applications = try await NeedApplication.query(on: app.db).count()
            // when
            let page = try await web.get("/needs/\(needID)")
            let pledge = try await web.post("/needs/\(needID)/pledge", [("agree", "1")])
            let apply = try await web.post("/needs/\(needID)/apply", [])
            let after = try await web.get("/needs/\(needID)")
            // then
            #expect(page.status == .ok)
            #expect(!page.body.contains(NeedFixture.detailText))
            #expect(pledge.status == .forbidden)
            #expect(apply.status == .forbidden)
            #expect(!after.body.contains(NeedFixture.detailText))
            #expect(try await NeedPledge.query(on: app.db).count() == pledges)
            #expect(try await NeedApplication.query(on: app.db).count() == applications)
            // the policy sees no startup, and no other startup's closed profile either
            let actor = try await Access.actor(app, Self.dual)
            #expect(!actor.belongs(toKind: .startup))
            #expect(actor.belongs(toKind: .demand))
            // their own organisation stays theirs to see and edit
            #expect(try await web.get("/organizations/\(try startup.requireID())").status == .ok)
            #expect(try await web.get("/organizations/\(try startup.requireID())/edit").status == .ok)
        }
    }

    @Test("once an operator approves the startup, the same person pledges and reads the detail")
    func approvedStartupWorks() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await NeedFixture.make(app)
            let (web, startup) = try await Self.selfRegisteredStartup(app, status: .pending)
            _ = try await RegistryService.setStatus(startup.requireID(), to: .approved, reason: nil, by: .shell, on: app.db, now: TestApp.now)
            let needID = try fixture.need.requireID()
            // when
            try await web.get("/needs/\(needID)")
            let pledge = try await web.post("/needs/\(needID)/pledge", [("agree", "1")])
            let page = try await web.get("/needs/\(needID)")
            // then
            #expect(pledge.status == .seeOther)
            #expect(page.body.contains(NeedFixture.detailText))
        }
    }

    @Test("an investor whose agency registration waits or was rejected still sees no startup closed to partners",
          arguments: [ApprovalStatus.pending, .rejected])
    func noAgencyRights(status: ApprovalStatus) async throws {
        try await TestApp.with { app in
            // given
            let investor = try await TestApp.organization(app, name: "이음벤처스", kind: .investor)
            let closed = try await TestApp.organization(app, name: "비공개스타트업", kind: .startup, openToPartners: false)
            let open = try await TestApp.organization(app, name: "열린스타트업", kind: .startup, openToPartners: true)
            let user = try await TestApp.user(app, email: "vc@test.example", organization: investor)
            let agency = try await TestApp.organization(app, name: "셀프지원기관", kind: .agency, status: status)
            try await Membership(userID: user.requireID(), organizationID: agency.requireID(), role: .admin).create(on: app.db)
            let web = try await Access.browser(app, "vc@test.example")
            let token = try await Access.token(app, "vc@test.example")
            // when
            let profile = try await web.get("/organizations/\(try closed.requireID())")
            let list = try await web.get("/organizations?kind=startup")
            let api = try await APITests.call(app, .GET, "/api/v1/organizations/\(try closed.requireID())", token: token)
            // then
            #expect(profile.status == .notFound)
            #expect(api.status == .notFound)
            #expect(!list.body.contains("비공개스타트업"))
            #expect(list.body.contains("열린스타트업"))
            #expect(try await web.get("/organizations/\(try open.requireID())").status == .ok)
            #expect(try await web.get("/organizations/\(try agency.requireID())").status == .ok)
        }
    }

    @Test("an operator whose agency waits or was rejected stays scoped to it: no other agency's program, no user administration",
          arguments: [ApprovalStatus.pending, .rejected])
    func operatorScopeDoesNotWiden(status: ApprovalStatus) async throws {
        try await TestApp.with { app in
            // given
            let own = try await TestApp.organization(app, name: "신설지원기관", kind: .agency, status: status)
            let other = try await TestApp.organization(app, name: "부산창조경제혁신센터", kind: .agency)
            try await TestApp.user(app, email: "newop@test.example", role: .operator, organization: own)
            let program = try await Access.program(app, name: "2026 부산 실증사업", agency: other)
            let web = try await Access.browser(app, "newop@test.example")
            let users = try await User.query(on: app.db).count()
            // when
            let edit = try await web.post("/programs/\(try program.requireID())",
                                          [("name", "탈취한 사업"), ("year", "2026"), ("operatorID", try other.requireID().uuidString), ("description", ""), ("tracks", "")])
            try await web.get("/programs")
            let create = try await web.post("/admin/users", [("email", "root@test.example"), ("name", "루트"), ("password", "initial-pass-2026"),
                                                             ("platformRole", "operator")])
            // then
            let actor = try await Access.actor(app, "newop@test.example")
            #expect(actor.operatorScope == [try own.requireID()])
            #expect(!actor.isPlatformOperator)
            #expect(edit.status == .forbidden)
            #expect(try await Program.find(program.id, on: app.db)?.name == "2026 부산 실증사업")
            #expect(create.status == .forbidden)
            #expect(try await User.query(on: app.db).count() == users)
        }
    }

    @Test("a rejected demand organisation's member posts no new need")
    func noDemandRights() async throws {
        try await TestApp.with { app in
            // given
            let demand = try await TestApp.organization(app, name: "반려수요기관", kind: .demand, status: .rejected)
            try await TestApp.user(app, email: "buyer@test.example", organization: demand)
            let actor = try await Access.actor(app, "buyer@test.example")
            // when / then
            #expect(!NeedPolicy.can(actor, .create(organizationID: try demand.requireID())))
            let web = try await Access.browser(app, "buyer@test.example")
            #expect(try await web.get("/needs/new").status == .forbidden)
            #expect(try await Need.query(on: app.db).count() == 0)
        }
    }

    @Test("after rejection the demand organisation's people read their need but no longer change it; the startup's no longer write a proposal")
    func rejectionTakesWritingBack() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await NeedFixture.make(app)
            let owner = try await NeedFixture.client(app, .needOrganization)
            let needID = try fixture.need.requireID()
            try await owner.get("/needs/\(needID)/edit")
            for org in [fixture.demandOrg, fixture.applicantOrg] {
                _ = try await RegistryService.setStatus(org.requireID(), to: .rejected, reason: "허위 등록", by: .shell, on: app.db, now: TestApp.now)
            }
            let version = try #require(try await Need.find(needID, on: app.db)).version
            // when
            let page = try await owner.get("/needs/\(needID)")
            let edit = try await owner.get("/needs/\(needID)/edit")
            let save = try await owner.post("/needs/\(needID)", [("title", "바꾼 제목"), ("version", String(version))])
            // then
            #expect(page.status == .ok)
            #expect(page.body.contains(NeedFixture.detailText))
            #expect(edit.status == .forbidden)
            #expect(save.status == .forbidden)
            #expect(try await Need.find(needID, on: app.db)?.title == fixture.need.title)
            let applicant = try await NeedFixture.actor(app, .applicant)
            let draft = ApplicationAccess(startupID: try fixture.applicantOrg.requireID(), needOrganizationID: try fixture.demandOrg.requireID(), status: .draft)
            #expect(!NeedPolicy.can(applicant, .editProposal(draft)))
            #expect(NeedPolicy.can(applicant, .viewProposal(draft)))
        }
    }
}
