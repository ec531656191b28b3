import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Needs through `/api/v1` (issue 20): the need page's rules (NeedPolicy) for every role.
@Suite("JSON API needs")
struct APINeedsTests {
    @Test("every role against a draft and a published anonymous need: 404 or 200, the detail only with the pledge, the name only for its own")
    func accessTable() async throws {
        try await TestApp.with { app in
            // given: both needs in a call of the first agency's program; the startup signed the pledge
            let f = try await APIProgramsTests.fixture(app)
            let draft = try await TestRecords.need(app, f.demand, "비공개 초안 수요", status: .draft, call: f.calls[0])
            let published = try await TestRecords.need(app, f.demand, "AI 품질검사 실증", status: .published, call: f.calls[0])
            published.anonymous = true
            try await published.update(on: app.db)
            let pledge = NeedPledge()
            pledge.$need.id = try published.requireID()
            pledge.userID = try f.users["startup"]!.requireID()
            pledge.acceptedAt = TestApp.now
            try await pledge.create(on: app.db)
            // role: (draft status, published: detail visible, organisation name visible)
            let expected: [String: (HTTPStatus, Bool, Bool)] = [
                "visitor": (.notFound, false, false),
                "startup": (.notFound, true, false),
                "other startup": (.notFound, false, false),
                "demand": (.ok, true, true),
                "other demand": (.notFound, false, false),
                "investor": (.notFound, false, false),
                "judge": (.notFound, false, false),
                "operator of another agency": (.notFound, false, false),
                "platform operator": (.ok, true, true),
            ]
            #expect(expected.count == f.tokens.count)
            for (role, token) in f.tokens {
                let (draftStatus, detail, name) = try #require(expected[role])
                // when
                let draftReply = try await APIProgramsTests.get(app, "/api/v1/needs/\(try draft.requireID())", token: token)
                let reply = try await APIProgramsTests.get(app, "/api/v1/needs/\(try published.requireID())", token: token)
                let list = try await APIProgramsTests.get(app, "/api/v1/needs", token: token)
                // then
                #expect(draftReply.0 == draftStatus, "\(role): draft")
                #expect(reply.0 == .ok, "\(role): published")
                #expect(reply.1["teaser"] as? String == "요약", "\(role)")
                #expect((reply.1["detailVisible"] as? Bool) == detail, "\(role): detailVisible")
                #expect((reply.1["detail"] as? String == "상세") == detail, "\(role): detail")
                #expect((reply.1["contact"] != nil) == detail, "\(role): contact")
                #expect((reply.1["organizationName"] as? String == "한결전자") == name, "\(role): organisation name")
                let listed = (list.1["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }.map { $0.uppercased() }
                #expect(listed == [try published.requireID().uuidString.uppercased()], "\(role): list has the published need only")
            }
        }
    }
}
