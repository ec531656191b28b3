import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Issue 14, 3(e): the page and the API give the same answer — 404 for what one may not see.
@Suite("Access: the web and the API answer alike")
struct WebAPIParityTests {
    @Test("someone else's pending organisation: 404 on the page, its edit form, its save, and in the API read and patch")
    func pendingOrganization() async throws {
        try await TestApp.with { app in
            // given
            let pending = try await TestApp.organization(app, name: "대기기업", kind: .startup, status: .pending, businessNumber: TestApp.businessNumber(31))
            let demand = try await TestApp.organization(app, name: "수요기업", kind: .demand)
            try await TestApp.user(app, email: "buyer@test.example", organization: demand)
            let web = try await Access.browser(app, "buyer@test.example")
            let token = try await Access.token(app, "buyer@test.example")
            let id = try pending.requireID()
            try await web.get("/organizations")
            // when
            let page = try await web.get("/organizations/\(id)")
            let form = try await web.get("/organizations/\(id)/edit")
            let save = try await web.post("/organizations/\(id)", Access.startupForm(name: "탈취", businessNumber: TestApp.businessNumber(31)))
            let read = try await APITests.call(app, .GET, "/api/v1/organizations/\(id)", token: token)
            let patch = try await APITests.call(app, .PATCH, "/api/v1/organizations/\(id)", token: token, json: #"{"name":"탈취"}"#)
            // then
            for (name, status) in [("page", page.status), ("form", form.status), ("save", save.status), ("api read", read.status), ("api patch", patch.status)] {
                #expect(status == .notFound, "\(name)")
            }
            #expect(try await Organization.find(id, on: app.db)?.name == "대기기업")
            // a visible organisation that is not theirs: 403 on both
            let other = try await TestApp.organization(app, name: "남의수요기업", kind: .demand)
            try await web.get("/organizations")
            #expect(try await web.post("/organizations/\(try other.requireID())", Access.startupForm(name: "탈취", businessNumber: TestApp.businessNumber(32))).status == .forbidden)
            #expect(try await APITests.call(app, .PATCH, "/api/v1/organizations/\(try other.requireID())", token: token, json: #"{"name":"탈취"}"#).status == .forbidden)
        }
    }

    @Test("a need's recommendations and feedback: 404 on the page and in the API for someone who only sees the teaser")
    func recommendations() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await NeedFixture.make(app)
            let needID = try fixture.need.requireID()
            let startupID = try fixture.applicantOrg.requireID()
            let web = try await NeedFixture.client(app, .otherDemand)
            let token = try await Access.token(app, NeedFixture.Person.otherDemand.email!)
            try await web.get("/needs/\(needID)")
            // when
            let page = try await web.post("/needs/\(needID)/feedback", [("startupID", startupID.uuidString), ("kind", "interested")])
            let list = try await APITests.call(app, .GET, "/api/v1/needs/\(needID)/recommendations", token: token)
            let put = try await APITests.call(app, .PUT, "/api/v1/needs/\(needID)/feedback/\(startupID)", token: token, json: #"{"kind":"interested"}"#)
            // then
            #expect(page.status == .notFound)
            #expect(list.status == .notFound)
            #expect(put.status == .notFound)
            #expect(try await MatchFeedback.query(on: app.db).count() == 0)
        }
    }

    @Test("another agency's operator: contacts hidden on the page and in the API; members list 404")
    func agencyOperatorContacts() async throws {
        try await TestApp.with { app in
            // given
            let agency = try await TestApp.organization(app, name: "서울경제진흥원", kind: .agency)
            try await TestApp.user(app, email: "op@test.example", role: .operator, organization: agency)
            let startup = try await TestApp.organization(app, name: "무관스타트업", kind: .startup)
            let web = try await Access.browser(app, "op@test.example")
            let token = try await Access.token(app, "op@test.example")
            let id = try startup.requireID()
            // when
            let page = try await web.get("/organizations/\(id)")
            let read = try await APITests.call(app, .GET, "/api/v1/organizations/\(id)", token: token)
            let members = try await APITests.call(app, .GET, "/api/v1/organizations/\(id)/members", token: token)
            // then
            #expect(page.status == .ok && read.status == .ok)
            #expect(!page.body.contains(try #require(startup.contactEmail)))
            #expect(read.json["contact"] == nil)
            #expect(members.status == .notFound)
        }
    }
}
