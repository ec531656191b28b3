import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

@Suite("Bulk actions: assigning and classifying grievances")
struct BulkGrievanceTests {
    @Test("assigning several cases: the preview names the new assignee and skips a closed case; the confirmation writes history, audit and notice per case")
    func assign() async throws {
        try await TestApp.with { app in
            // given three cases, one of them closed, and two staff members
            let (g1, _) = try await GrievanceFixture.submit(app, title: "일괄 배정 하나")
            let (g2, _) = try await GrievanceFixture.submit(app, title: "일괄 배정 둘")
            let (g3, _) = try await GrievanceFixture.submit(app, title: "일괄 배정 셋")
            g3.status = .rejected
            try await g3.save(on: app.db)
            let op = try await GrievanceFixture.signedIn(app, "chief@bulk.test", role: .operator)
            let kim = try await TestApp.user(app, email: "kim@bulk.test", role: .operator)
            _ = try await op.get("/grievances")
            let ids = [try g1.requireID(), try g2.requireID(), try g3.requireID()]
            let fields = [("action", "assign"), ("assignee", try kim.requireID().uuidString)]

            // when the desk previews giving all three to kim
            let preview = try await op.post("/grievances/bulk", BulkPage.ids(ids) + fields)

            // then two change (kim is told) and the closed one is skipped
            #expect(preview.status == .ok)
            #expect(BulkPage.rows(preview.body, table: "bulk-changes") == ids.prefix(2).map(\.uuidString))
            #expect(BulkPage.rows(preview.body, table: "bulk-skips") == [ids[2].uuidString])
            #expect(BulkPage.rowText(preview.body, id: ids[0], table: "bulk-changes").contains("kim (새 담당자)"))
            #expect(BulkPage.rowText(preview.body, id: ids[2], table: "bulk-skips").contains("종결된 건"))
            #expect(try await GrievanceEvent.query(on: app.db).filter(\.$kind == "assigned").count() == 0)

            // when it confirms
            let result = try await op.post("/grievances/bulk/confirm", BulkPage.posted(BulkPage.confirmIDs(preview.body)) + fields)

            // then each open case is kim's, with its history event, audit entry and kim's notice
            #expect(BulkPage.results(result.body) == [ids[0]: "done", ids[1]: "done", ids[2]: "skipped"])
            for id in ids.prefix(2) {
                #expect(try await Grievance.find(id, on: app.db)?.assigneeID == kim.id)
                #expect(try await GrievanceEvent.query(on: app.db).filter(\.$grievance.$id == id).filter(\.$kind == "assigned").count() == 1)
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "grievance.assign").filter(\.$entityID == id.uuidString).count() == 1)
            }
            #expect(try await InboxMessage.query(on: app.db).filter(\.$userID == kim.requireID()).count() == 2)
            #expect(try await Grievance.find(ids[2], on: app.db)?.assigneeID == nil)
        }
    }

    @Test("classifying several cases sets each deadline through the service; a case changed after the preview is skipped")
    func classifyWithStaleRow() async throws {
        try await TestApp.with { app in
            // given two received cases
            let (g1, _) = try await GrievanceFixture.submit(app, title: "일괄 분류 하나")
            let (g2, _) = try await GrievanceFixture.submit(app, title: "일괄 분류 둘")
            let op = try await GrievanceFixture.signedIn(app, "chief@bulk.test", role: .operator)
            _ = try await op.get("/grievances")
            let ids = [try g1.requireID(), try g2.requireID()]
            let fields = [("action", "classify"), ("kind", "simple")]
            let preview = try await op.post("/grievances/bulk", BulkPage.ids(ids) + fields)
            #expect(BulkPage.rows(preview.body, table: "bulk-changes").count == 2)
            #expect(BulkPage.rowText(preview.body, id: ids[0], table: "bulk-changes").contains("미분류"))

            // when another staff member changes the second case meanwhile (its version moves on)
            let other = try #require(try await Grievance.find(ids[1], on: app.db))
            other.version += 1
            try await other.save(on: app.db)
            let result = try await op.post("/grievances/bulk/confirm", BulkPage.posted(BulkPage.confirmIDs(preview.body)) + fields)

            // then the first is classified with a due date and a history event; the second is skipped, untouched
            #expect(BulkPage.results(result.body) == [ids[0]: "done", ids[1]: "skipped"])
            let classified = try #require(try await Grievance.find(ids[0], on: app.db))
            #expect(classified.grievanceClass == .simple && classified.dueDay != nil && classified.status == .classified)
            #expect(try await GrievanceEvent.query(on: app.db).filter(\.$grievance.$id == ids[0]).filter(\.$kind == "classified").count() == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "grievance.classify").count() == 1)
            #expect(try await Grievance.find(ids[1], on: app.db)?.grievanceClass == nil)
        }
    }

    @Test("non-staff get 403 for the preview and the confirmation; an unknown case is 404; more than the cap is 400", arguments: [false, true])
    func refusals(confirm: Bool) async throws {
        try await TestApp.with { app in
            let (g, _) = try await GrievanceFixture.submit(app, title: "권한 확인")
            let id = try g.requireID()
            let path = confirm ? "/grievances/bulk/confirm" : "/grievances/bulk"
            let fields = [("action", "classify"), ("kind", "simple")]
            for (email, role) in [("founder@bulk.test", PlatformRole.member), ("judge@bulk.test", .judge)] {
                let client = try await GrievanceFixture.signedIn(app, email, role: role)
                _ = try await client.get("/grievances/new")
                #expect(try await client.post(path, BulkPage.ids([id]) + fields).status == .forbidden, "\(email)")
            }
            #expect(try await Grievance.find(id, on: app.db)?.grievanceClass == nil)
            let op = try await GrievanceFixture.signedIn(app, "desk@bulk.test", role: .operator)
            _ = try await op.get("/grievances")
            #expect(try await op.post(path, BulkPage.ids([id, UUID()]) + fields).status == .notFound)
            #expect(try await op.post(path, BulkPage.ids((0...Bulk.maxRows).map { _ in UUID() }) + fields).status == .badRequest)
            #expect(try await Grievance.find(id, on: app.db)?.grievanceClass == nil)
        }
    }
}
