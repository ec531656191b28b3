import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Issue 14, 3(d): the external id is the operators'; a new name or business number sends an
/// approved organisation back for approval (and so takes its kind's rights until approved again).
@Suite("Access: external id and re-approval on a new identity")
struct RegistryIdentityAccessTests {
    @Test("a member's external id is ignored on registration and on edit, through the API; an operator's is stored")
    func externalIDIsOperators() async throws {
        try await TestApp.with { app in
            // given
            let startup = try await TestApp.organization(app, name: "외부아이디기업", kind: .startup, businessNumber: TestApp.businessNumber(5))
            startup.externalID = "SBA-0001"
            try await startup.save(on: app.db)
            try await TestApp.user(app, email: "ceo@test.example", organization: startup)
            try await TestApp.user(app, email: "op@test.example", role: .operator)
            let member = try await Access.token(app, "ceo@test.example")
            let op = try await Access.token(app, "op@test.example")
            let id = try startup.requireID()
            // when
            let patch = try await APITests.call(app, .PATCH, "/api/v1/organizations/\(id)", token: member, json: #"{"externalId":"HIJACK-1","summary":"요약 수정","fields":["ai"]}"#)
            let created = try await APITests.call(app, .POST, "/api/v1/organizations", token: member, json: """
                {"kind":"startup","name":"새기업","businessNumber":"\(TestApp.businessNumber(6))","stage":"seed","fields":["ai"],"externalId":"SBA-0002"}
                """)
            let byOperator = try await APITests.call(app, .PATCH, "/api/v1/organizations/\(id)", token: op, json: #"{"externalId":"SBA-0099","fields":["ai"]}"#)
            // then
            #expect(patch.status == .ok)
            #expect(created.status == .created)
            let newOrg = try #require(try await Organization.query(on: app.db).filter(\.$name == "새기업").first())
            #expect(newOrg.externalID == nil)
            #expect(newOrg.status == .pending)
            #expect(byOperator.status == .ok)
            let stored = try #require(try await Organization.find(id, on: app.db))
            #expect(stored.externalID == "SBA-0099")
            #expect(stored.summary == "요약 수정")
            // a summary is no new identity: the organisation stays approved
            #expect(stored.status == .approved)
        }
    }

    @Test("renaming or a new business number sends an approved organisation back for approval; the member still sees and edits it")
    func identityChangeNeedsApproval() async throws {
        try await TestApp.with { app in
            for (n, change) in [("name", "개명한기업"), ("businessNumber", TestApp.businessNumber(21))].enumerated() {
                // given
                let startup = try await TestApp.organization(app, name: "승인기업\(n)", kind: .startup, businessNumber: TestApp.businessNumber(10 + n))
                try await TestApp.user(app, email: "ceo\(n)@test.example", organization: startup)
                let token = try await Access.token(app, "ceo\(n)@test.example")
                let id = try startup.requireID()
                // when
                let reply = try await APITests.call(app, .PATCH, "/api/v1/organizations/\(id)", token: token, json: "{\"\(change.0)\":\"\(change.1)\",\"fields\":[\"ai\"]}")
                // then
                #expect(reply.status == .ok, "\(change.0)")
                let stored = try #require(try await Organization.find(id, on: app.db))
                #expect(stored.status == .pending, "\(change.0)")
                let actor = try await Access.actor(app, "ceo\(n)@test.example")
                #expect(!actor.belongs(toKind: .startup))
                #expect(try await APITests.call(app, .GET, "/api/v1/organizations/\(id)", token: token).status == .ok)
                let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$entityID == id.uuidString).filter(\.$action == "organization.update").first())
                #expect(audit.changes.contains("status: approved → pending"))
            }
            // an operator's rename keeps the approval
            let org = try await TestApp.organization(app, name: "운영자수정기업", kind: .demand, businessNumber: TestApp.businessNumber(40))
            try await TestApp.user(app, email: "op@test.example", role: .operator)
            let op = try await Access.token(app, "op@test.example")
            #expect(try await APITests.call(app, .PATCH, "/api/v1/organizations/\(try org.requireID())", token: op, json: #"{"name":"운영자가 고친 이름","fields":["ai"]}"#).status == .ok)
            #expect(try await Organization.find(org.id, on: app.db)?.status == .approved)
        }
    }
}
