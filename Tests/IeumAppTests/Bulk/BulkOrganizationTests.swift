import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

@Suite("Bulk actions: approving and rejecting organisations")
struct BulkOrganizationTests {
    typealias Role = AccessMatrixTests.Role

    @Test("the preview lists the pending rows with their change and skips a decided one; the confirmation approves through the service and reports per row")
    func previewAndApprove() async throws {
        try await TestApp.with { app in
            // given three pending organisations and an approved one
            let pending = [try await TestApp.organization(app, name: "대기기업가", status: .pending),
                           try await TestApp.organization(app, name: "대기기업나", status: .pending),
                           try await TestApp.organization(app, name: "대기기업다", status: .pending)]
            let decided = try await TestApp.organization(app, name: "승인된기업", status: .approved)
            try await TestApp.user(app, email: "op@bulk.test", role: .operator)
            let op = WebClient(app)
            try await op.login("op@bulk.test")
            _ = try await op.get("/admin/approvals")
            let ids = try (pending + [decided]).map { try $0.requireID() }

            // when the operator previews approving all four
            let preview = try await op.post("/admin/approvals/bulk", BulkPage.ids(ids) + [("action", "approved")])

            // then three rows change, the approved one is skipped with its reason, and nothing changed yet
            #expect(preview.status == .ok)
            #expect(BulkPage.rows(preview.body, table: "bulk-changes") == ids.prefix(3).map(\.uuidString))
            #expect(BulkPage.rows(preview.body, table: "bulk-skips") == [ids[3].uuidString])
            #expect(BulkPage.rowText(preview.body, id: ids[3], table: "bulk-skips").contains("이미 처리됨"))
            #expect(BulkPage.rowText(preview.body, id: ids[0], table: "bulk-changes").contains("승인 대기"))
            #expect(preview.body.contains("3개 기관 승인"), "the button names the consequence and the count")
            #expect(preview.body.contains("data-confirm=\"3개 기관을 승인할까요?"))
            #expect(try await Organization.query(on: app.db).filter(\.$status == .pending).count() == 3)

            // when it confirms
            let result = try await op.post("/admin/approvals/bulk/confirm", BulkPage.posted(BulkPage.confirmIDs(preview.body)) + [("action", "approved")])

            // then each pending one is approved with its audit entry, the decided one reported skipped
            #expect(result.status == .ok)
            let outcomes = BulkPage.results(result.body)
            #expect(outcomes == [ids[0]: "done", ids[1]: "done", ids[2]: "done", ids[3]: "skipped"])
            for id in ids.prefix(3) {
                #expect(try await Organization.find(id, on: app.db)?.status == .approved)
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "organization.approved").filter(\.$entityID == id.uuidString).count() == 1)
            }
        }
    }

    @Test("a row decided by someone else between preview and confirmation is skipped and reported; a rejection needs its reason")
    func staleRowAndReason() async throws {
        try await TestApp.with { app in
            // given two pending organisations and two operators
            let a = try await TestApp.organization(app, name: "늦은기업가", status: .pending)
            let b = try await TestApp.organization(app, name: "늦은기업나", status: .pending)
            try await TestApp.user(app, email: "op1@bulk.test", role: .operator)
            let op = WebClient(app)
            try await op.login("op1@bulk.test")
            _ = try await op.get("/admin/approvals")
            let ids = [try a.requireID(), try b.requireID()]

            // when a rejection is previewed without a reason, it is refused back to the queue
            let noReason = try await op.post("/admin/approvals/bulk", BulkPage.ids(ids) + [("action", "rejected")])
            #expect(noReason.status == .seeOther)
            #expect(try await op.post("/admin/approvals/bulk/confirm", BulkPage.ids(ids) + [("action", "rejected")]).status == .badRequest)

            // when it is previewed with a reason, and meanwhile one organisation is edited (name changed)
            let preview = try await op.post("/admin/approvals/bulk", BulkPage.ids(ids) + [("action", "rejected"), ("reason", "사업자등록증 확인 불가")])
            #expect(BulkPage.rows(preview.body, table: "bulk-changes").count == 2)
            let changed = try #require(try await Organization.find(ids[1], on: app.db))
            changed.name = "늦은기업나(수정)"
            changed.updatedAt = TestApp.now.addingTimeInterval(3_600)
            try await changed.save(on: app.db)
            let result = try await op.post("/admin/approvals/bulk/confirm", BulkPage.posted(BulkPage.confirmIDs(preview.body))
                                            + [("action", "rejected"), ("reason", "사업자등록증 확인 불가")])

            // then the untouched one is rejected with the reason, the changed one is skipped and still pending
            #expect(BulkPage.results(result.body) == [ids[0]: "done", ids[1]: "skipped"])
            #expect(BulkPage.rowText(result.body, id: ids[1]).contains("미리보기 뒤에"))
            let rejected = try #require(try await Organization.find(ids[0], on: app.db))
            #expect(rejected.status == .rejected && rejected.statusReason == "사업자등록증 확인 불가")
            #expect(try await Organization.find(ids[1], on: app.db)?.status == .pending)
        }
    }

    @Test("startups, demand organisations, investors and judges get 403 for the preview and the confirmation; an unknown id is 404; more than the cap is 400", arguments: [false, true])
    func refusals(confirm: Bool) async throws {
        try await TestApp.with(demo: true) { app in
            let pending = try await Organization.query(on: app.db).filter(\.$status == .pending).all().map { try $0.requireID() }
            #expect(!pending.isEmpty)
            let path = confirm ? "/admin/approvals/bulk/confirm" : "/admin/approvals/bulk"
            for role in [Role.startup, .otherStartup, .demand, .investor, .judge] {
                let client = try await AccessMatrixTests.client(app, role)
                let page = try await client.post(path, BulkPage.ids(pending) + [("action", "approved")])
                #expect(page.status == .forbidden, "\(role): \(page.status)")
            }
            #expect(try await Organization.query(on: app.db).filter(\.$status == .pending).count() == pending.count)
            let op = try await AccessMatrixTests.client(app, .otherAgencyOperator)
            #expect(try await op.post(path, BulkPage.ids(pending + [UUID()]) + [("action", "approved")]).status == .notFound)
            let many = (0...Bulk.maxRows).map { _ in UUID() }
            #expect(try await op.post(path, BulkPage.ids(many) + [("action", "approved")]).status == .badRequest)
            #expect(try await Organization.query(on: app.db).filter(\.$status == .pending).count() == pending.count)
        }
    }
}
