import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

@Suite("Bulk actions: changing the statuses of a need's applications")
struct BulkApplicationTests {
    typealias Role = AccessMatrixTests.Role

    /// The demo's 한결전자 need with the most applications under review, and those applications.
    static func need(_ app: Application) async throws -> (Need, [NeedApplication]) {
        let org = try #require(try await Organization.query(on: app.db).filter(\.$name == "한결전자").first())
        let needs = try await Need.query(on: app.db).filter(\.$organization.$id == org.requireID()).all()
        var best: (Need, [NeedApplication])?
        for need in needs {
            let open = try await NeedApplication.query(on: app.db).filter(\.$need.$id == need.requireID())
                .filter(\.$status ~~ [.submitted, .screening]).sort(\.$id).all()
            if open.count > (best?.1.count ?? 0) { best = (need, open) }
        }
        return try #require(best)
    }

    /// A second application to `need`, already decided, by another startup.
    static func decided(_ app: Application, need: Need) async throws -> NeedApplication {
        let startup = try await TestApp.organization(app, name: "이미결정스타트업")
        let application = NeedApplication()
        application.$need.id = try need.requireID()
        application.$startup.id = try startup.requireID()
        application.status = .rejected
        application.solution = "-"
        application.differentiation = "-"
        application.pocPlan = "-"
        application.expectedResults = "-"
        application.budgetDetail = "-"
        application.version = 1
        application.submittedAt = TestApp.now
        try await application.create(on: app.db)
        return application
    }

    @Test("the demand organisation previews 'shortlisted' for its applications: allowed rows change, a decided one is skipped; confirming writes history, audit and the startups' notices")
    func shortlist() async throws {
        try await TestApp.with(demo: true) { app in
            // given the need's open applications and a decided one
            let (need, open) = try await Self.need(app)
            let rejected = try await Self.decided(app, need: need)
            let needID = try need.requireID()
            let ids = try open.map { try $0.requireID() } + [try rejected.requireID()]
            let demand = try await AccessMatrixTests.client(app, .demand)
            let list = try await demand.get("/needs/\(needID)/applications")
            // the list's decision select starts empty
            #expect(list.body.contains("bulk-applications"))
            #expect(!list.body.contains("<option value=\"shortlisted\" selected"))

            // when it previews shortlisting them all
            let preview = try await demand.post("/needs/\(needID)/applications/bulk", BulkPage.ids(ids) + [("action", "shortlisted")])

            // then the open ones change and the decided one is skipped as decided
            #expect(preview.status == .ok)
            #expect(BulkPage.rows(preview.body, table: "bulk-changes") == ids.dropLast().map(\.uuidString))
            #expect(BulkPage.rows(preview.body, table: "bulk-skips") == [ids.last!.uuidString])
            #expect(BulkPage.rowText(preview.body, id: ids.last!, table: "bulk-skips").contains("이미 결정됨"))
            let events = try await ApplicationEvent.query(on: app.db).count()

            // when it confirms
            let result = try await demand.post("/needs/\(needID)/applications/bulk/confirm",
                                               BulkPage.posted(BulkPage.confirmIDs(preview.body)) + [("action", "shortlisted")])

            // then every open one is shortlisted through the service
            let outcomes = BulkPage.results(result.body)
            for application in open {
                let id = try application.requireID()
                #expect(outcomes[id] == "done")
                #expect(try await NeedApplication.find(id, on: app.db)?.status == .shortlisted)
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "application.status").filter(\.$entityID == id.uuidString).count() == 1)
            }
            #expect(outcomes[ids.last!] == "skipped")
            #expect(try await ApplicationEvent.query(on: app.db).count() == events + open.count)
            #expect(try await InboxMessage.query(on: app.db).filter(\.$kind == .applicationStatusChanged).count() >= open.count)
            #expect(try await NeedApplication.find(ids.last!, on: app.db)?.status == .rejected)
        }
    }

    @Test("an application changed after the preview is skipped; 'not selected' needs its reason")
    func staleAndReason() async throws {
        try await TestApp.with(demo: true) { app in
            let (need, open) = try await Self.need(app)
            let needID = try need.requireID()
            let ids = try open.map { try $0.requireID() }
            let demand = try await AccessMatrixTests.client(app, .demand)
            _ = try await demand.get("/needs/\(needID)/applications")
            #expect(try await demand.post("/needs/\(needID)/applications/bulk", BulkPage.ids(ids) + [("action", "rejected")]).status == .seeOther)
            let preview = try await demand.post("/needs/\(needID)/applications/bulk", BulkPage.ids(ids) + [("action", "rejected"), ("reason", "예산 범위 초과")])
            // when the first one is moved on one by one meanwhile
            _ = try await ApplicationService.review(ids[0], to: .shortlisted, reason: "", by: try await Self.actor(app, "demand@ieum.demo"), on: app.db, now: TestApp.now)
            let result = try await demand.post("/needs/\(needID)/applications/bulk/confirm",
                                               BulkPage.posted(BulkPage.confirmIDs(preview.body)) + [("action", "rejected"), ("reason", "예산 범위 초과")])
            // then it is skipped and stays shortlisted
            #expect(BulkPage.results(result.body)[ids[0]] == "skipped")
            #expect(try await NeedApplication.find(ids[0], on: app.db)?.status == .shortlisted)
            for id in ids.dropFirst() {
                let stored = try #require(try await NeedApplication.find(id, on: app.db))
                #expect(stored.status == .rejected && stored.decisionReason == "예산 범위 초과")
            }
        }
    }

    static func actor(_ app: Application, _ email: String) async throws -> IeumApp.Principal {
        let user = try #require(try await User.query(on: app.db).filter(\.$email == email).first())
        return try await user.actor(on: app.db)
    }

    @Test("another organisation's member, a startup, a judge and another agency's operator get 403 or 404 for the preview and the confirmation; an application of another need is 404", arguments: [false, true])
    func refusals(confirm: Bool) async throws {
        try await TestApp.with(demo: true) { app in
            let (need, open) = try await Self.need(app)
            let needID = try need.requireID()
            let ids = try open.map { try $0.requireID() }
            let path = "/needs/\(needID)/applications/bulk" + (confirm ? "/confirm" : "")
            for role in [Role.otherDemand, .startup, .otherStartup, .judge, .investor, .otherAgencyOperator] {
                let client = try await AccessMatrixTests.client(app, role)
                let page = try await client.post(path, BulkPage.ids(ids) + [("action", "screening")])
                #expect(page.status == .notFound || page.status == .forbidden, "\(role): \(page.status)")
            }
            let other = try #require(try await NeedApplication.query(on: app.db).filter(\.$need.$id != needID).filter(\.$status != .draft).first())
            let demand = try await AccessMatrixTests.client(app, .demand)
            #expect(try await demand.post(path, BulkPage.ids(ids + [try other.requireID()]) + [("action", "screening")]).status == .notFound)
            #expect(try await demand.post(path, BulkPage.ids((0...Bulk.maxRows).map { _ in UUID() }) + [("action", "screening")]).status == .badRequest)
            for application in open {
                #expect(try await NeedApplication.find(application.requireID(), on: app.db)?.status == application.status)
            }
        }
    }
}
