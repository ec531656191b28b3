import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Applications through `/api/v1` (issue 20): a startup's own, a need's incoming for its
/// organisation, one application; the application pages' rules (NeedPolicy.viewProposal).
@Suite("JSON API applications")
struct APIApplicationsTests {
    @Test("every role against a submitted and a draft application: what each list and item shows, 401/404 otherwise")
    func accessTable() async throws {
        try await TestApp.with { app in
            // given: a published need of 한결전자 in the first agency's call; the startup submitted one
            // application to it and keeps a draft to another need of the same call
            let f = try await APIProgramsTests.fixture(app)
            let need = try await TestRecords.need(app, f.demand, "AI 품질검사 실증", status: .published, call: f.calls[0])
            let second = try await TestRecords.need(app, f.demand, "물류 로봇 실증", status: .published, call: f.calls[0])
            let submitted = try await TestRecords.application(app, need: need, startup: f.startup, status: .submitted, submittedAt: TestApp.now)
            let draft = try await TestRecords.application(app, need: second, startup: f.startup, status: .draft, submittedAt: nil)
            let s = try submitted.requireID().uuidString.uppercased(), d = try draft.requireID().uuidString.uppercased()
            let both = [s, d].sorted()
            // role: (GET submitted, GET draft, the need's list, the startup's list); nil = 404, 401 for the visitor
            let expected: [String: (HTTPStatus, HTTPStatus, [String]?, [String]?)] = [
                "visitor": (.unauthorized, .unauthorized, nil, nil),
                "startup": (.ok, .ok, nil, both),
                "other startup": (.notFound, .notFound, nil, nil),
                "demand": (.ok, .notFound, [s], nil),
                "other demand": (.notFound, .notFound, nil, nil),
                "investor": (.notFound, .notFound, nil, nil),
                "judge": (.notFound, .notFound, nil, nil),
                "operator of another agency": (.notFound, .notFound, nil, []),
                "platform operator": (.ok, .ok, [s], both),
            ]
            #expect(expected.count == f.tokens.count)
            for (role, token) in f.tokens {
                let (one, two, needList, startupList) = try #require(expected[role])
                // when
                let a = try await APIProgramsTests.get(app, "/api/v1/applications/\(s)", token: token)
                let b = try await APIProgramsTests.get(app, "/api/v1/applications/\(d)", token: token)
                let incoming = try await APIProgramsTests.get(app, "/api/v1/needs/\(try need.requireID())/applications", token: token)
                let own = try await APIProgramsTests.get(app, "/api/v1/startups/\(try f.startup.requireID())/applications", token: token)
                // then
                #expect(a.0 == one, "\(role): submitted")
                #expect(b.0 == two, "\(role): draft")
                if one == .ok { #expect(a.1["solution"] as? String == "해결책", "\(role)") }
                let denied: HTTPStatus = token == nil ? .unauthorized : .notFound
                #expect(incoming.0 == (needList == nil ? denied : .ok), "\(role): the need's applications")
                #expect(own.0 == (startupList == nil ? denied : .ok), "\(role): the startup's applications")
                if let needList { #expect(incoming.2.compactMap { ($0["id"] as? String)?.uppercased() } == needList, "\(role)") }
                if let startupList { #expect(own.2.compactMap { ($0["id"] as? String)?.uppercased() } == startupList, "\(role)") }
            }
        }
    }
}
