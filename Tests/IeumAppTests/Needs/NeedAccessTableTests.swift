import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// The confidentiality table of the needs issue: for every person the product names, each
/// confidential thing — the proposal, its attachment, the need's confidential detail and an
/// anonymous need's organisation name — is shown or refused (403/404, or a sign-in redirect for a
/// visitor), through the real pages.
@Suite("Needs: who sees proposals, attachments, confidential detail and hidden names")
struct NeedAccessTableTests {
    typealias Person = NeedFixture.Person

    enum Thing: String, CaseIterable, Sendable { case proposal, attachment, needDetail, hiddenOrganizationName }

    /// Who may see what (PRODUCT.md "Users and what each may see"; the applicant accepted the pledge
    /// and submitted; the organisation has not yet accepted the applicant).
    static func allowed(_ person: Person, _ thing: Thing) -> Bool {
        switch (person, thing) {
        case (.applicant, .proposal), (.applicant, .attachment), (.applicant, .needDetail): true
        case (.needOrganization, _), (.operator, _): true
        default: false
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let person: Person
        let thing: Thing
        var testDescription: String { "\(person.rawValue) · \(thing.rawValue) → \(NeedAccessTableTests.allowed(person, thing) ? "shown" : "refused")" }
    }

    static let cases: [Case] = Person.allCases.flatMap { person in Thing.allCases.map { Case(person: person, thing: $0) } }

    @Test("access table", arguments: cases)
    func access(_ c: Case) async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let client = try await NeedFixture.client(app, c.person)
            let appID = try fixture.application.requireID()
            let expected = Self.allowed(c.person, c.thing)
            switch c.thing {
            case .proposal, .attachment:
                let path = c.thing == .proposal ? "/applications/\(appID)" : "/applications/\(appID)/attachments/\(try fixture.attachment.requireID())"
                let before = try await AuditEntry.query(on: app.db).filter(\.$action ~~ ["application.view", "attachment.view"]).count()
                let page = try await client.get(path)
                let after = try await AuditEntry.query(on: app.db).filter(\.$action ~~ ["application.view", "attachment.view"]).count()
                if expected {
                    #expect(page.status == .ok)
                    if c.thing == .proposal { #expect(page.body.contains(NeedFixture.proposalText)) }
                    else { #expect(Array(page.body.utf8) == NeedFixture.pdf) }
                    #expect(after == before + 1, "each view of a proposal or attachment is audited")
                } else if c.person == .visitor {
                    #expect(page.status == .seeOther)
                    #expect(page.headers.first(name: .location)?.hasPrefix("/login") == true)
                } else {
                    #expect(page.status == .notFound || page.status == .forbidden)
                    #expect(!page.body.contains(NeedFixture.proposalText))
                    #expect(after == before)
                }
            case .needDetail:
                let page = try await client.get("/needs/\(try fixture.need.requireID())")
                #expect(page.status == .ok, "the teaser is public")
                #expect(page.body.contains(fixture.need.teaser))
                #expect(page.body.contains(NeedFixture.detailText) == expected)
            case .hiddenOrganizationName:
                let page = try await client.get("/needs/\(try fixture.need.requireID())")
                #expect(page.body.contains(NeedFixture.orgName) == expected)
                let list = try await client.get("/calls")
                #expect(!list.body.contains(NeedFixture.orgName), "the public list never names an anonymous need's organisation")
            }
        }
    }

    @Test("another startup sees the detail only after accepting the pledge, which is recorded with its time")
    func pledgeUnlocksDetail() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let needID = try fixture.need.requireID()
            let other = try await NeedFixture.client(app, .otherStartup)
            var page = try await other.get("/needs/\(needID)")
            #expect(!page.body.contains(NeedFixture.detailText))
            #expect(page.body.contains("비밀유지 서약"))
            // Without ticking the box nothing is recorded.
            page = try await other.post("/needs/\(needID)/pledge", [])
            #expect(try await NeedPledge.query(on: app.db).count() == 1)
            page = try await other.post("/needs/\(needID)/pledge", [("agree", "1")])
            #expect(page.status == .seeOther)
            let pledges = try await NeedPledge.query(on: app.db).all()
            #expect(pledges.count == 2)
            #expect(pledges.allSatisfy { $0.acceptedAt == TestApp.now })
            page = try await other.get("/needs/\(needID)")
            #expect(page.body.contains(NeedFixture.detailText))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "need.view_detail").count() >= 1)
            // A demand organisation cannot sign the pledge to get in.
            let demand = try await NeedFixture.client(app, .otherDemand)
            _ = try await demand.get("/needs/\(needID)")
            let refused = try await demand.post("/needs/\(needID)/pledge", [("agree", "1")])
            #expect(refused.status == .forbidden)
        }
    }

    @Test("an anonymous need's organisation is named to the applicant once shortlisted")
    func nameRevealedOnAcceptance() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let applicant = try await NeedFixture.client(app, .applicant)
            let needPath = "/needs/\(try fixture.need.requireID())"
            #expect(!(try await applicant.get(needPath)).body.contains(NeedFixture.orgName))
            let owner = try await NeedFixture.actor(app, .needOrganization)
            _ = try await ApplicationService.review(fixture.application.requireID(), to: .shortlisted, reason: "", by: owner, on: app.db, now: TestApp.now)
            #expect((try await applicant.get(needPath)).body.contains(NeedFixture.orgName))
            // Still hidden from everyone else.
            let other = try await NeedFixture.client(app, .otherStartup)
            #expect(!(try await other.get(needPath)).body.contains(NeedFixture.orgName))
        }
    }

    @Test("a need that is not published is invisible (404) to all but its organisation and operators")
    func draftNeedIsHidden() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let owner = try await NeedFixture.actor(app, .needOrganization)
            var input = NeedInput(fixture.need)
            input.title = "초안 과제"
            input.version = ""
            let draft = try await NeedService.create(input, organizationID: fixture.demandOrg.requireID(), by: owner, on: app.db, now: TestApp.now)
            for person in Person.allCases {
                let client = try await NeedFixture.client(app, person)
                let page = try await client.get("/needs/\(try draft.requireID())")
                let maysee = person == .needOrganization || person == .operator
                #expect(page.status == (maysee ? .ok : .notFound), "\(person)")
            }
        }
    }

    @Test("only the need's organisation and operators list its applications and decide on them")
    func applicationListAndReview() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let needID = try fixture.need.requireID()
            let appID = try fixture.application.requireID()
            for person in Person.allCases where person != .visitor {
                let client = try await NeedFixture.client(app, person)
                let list = try await client.get("/needs/\(needID)/applications")
                let mayList = person == .needOrganization || person == .operator
                #expect(list.status == (mayList ? .ok : .notFound), "\(person) list")
                if !mayList {
                    _ = try await client.get("/dashboard")
                    let review = try await client.post("/applications/\(appID)/review", [("status", "shortlisted")])
                    #expect(review.status == .notFound || review.status == .forbidden, "\(person) review")
                }
            }
            #expect(try await NeedApplication.find(appID, on: app.db)?.status == .submitted)
        }
    }
}
