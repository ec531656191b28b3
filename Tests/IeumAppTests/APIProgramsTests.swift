import Foundation
import IeumCore
import NIOCore
import NIOHTTP1
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// Programs and calls through `/api/v1` (issue 20): public to read, as the pages are.
@Suite("JSON API programs and calls")
struct APIProgramsTests {
    struct Fixture {
        let tokens: [(role: String, token: String?)]
        let program: Program
        let calls: [Call]
        /// By role name, as in `tokens`.
        let users: [String: User]
        let demand: Organization
        let startup: Organization
    }

    static func fixture(_ app: Application) async throws -> Fixture {
        let agency = try await TestApp.organization(app, name: "서울경제진흥원", kind: .agency, businessNumber: TestApp.businessNumber(11))
        let otherAgency = try await TestApp.organization(app, name: "부산창업진흥원", kind: .agency, businessNumber: TestApp.businessNumber(12))
        let startup = try await TestApp.organization(app, name: "스마트공장랩", businessNumber: TestApp.businessNumber(13))
        let otherStartup = try await TestApp.organization(app, name: "바이오랩", businessNumber: TestApp.businessNumber(14))
        let demand = try await TestApp.organization(app, name: "한결전자", kind: .demand, businessNumber: TestApp.businessNumber(15))
        let otherDemand = try await TestApp.organization(app, name: "누리공사", kind: .demand, businessNumber: TestApp.businessNumber(16))
        let investor = try await TestApp.organization(app, name: "이음벤처스", kind: .investor, businessNumber: TestApp.businessNumber(17))
        let people: [(String, PlatformRole, Organization?)] = [
            ("startup", .member, startup), ("other startup", .member, otherStartup), ("demand", .member, demand),
            ("other demand", .member, otherDemand), ("investor", .member, investor), ("judge", .judge, nil),
            ("operator of another agency", .operator, otherAgency), ("platform operator", .operator, nil),
        ]
        var tokens: [(String, String?)] = [("visitor", nil)]
        var users: [String: User] = [:]
        for (index, (role, platformRole, org)) in people.enumerated() {
            let user = try await TestApp.user(app, email: "p\(index)@ieum.test", role: platformRole, organization: org)
            users[role] = user
            tokens.append((role, try await APITokens.issue(for: user.requireID(), name: "t", on: app.db, actor: nil, now: TestApp.now).1))
        }
        var programs: [Program] = []
        for (name, year) in [("2026 서울 오픈이노베이션", 2026), ("2025 서울 오픈이노베이션", 2025), ("2026 공공 실증", 2026)] {
            let program = Program()
            program.name = name
            program.year = year
            program.description = "시험 사업"
            program.tracks = ["대기업 협업"]
            program.$operatorOrganization.id = try agency.requireID()
            try await program.create(on: app.db)
            programs.append(program)
        }
        // Five calls, two of them opening at the same instant (the id breaks the tie).
        var calls: [Call] = []
        for (index, days) in [-10.0, -3, -3, 5, -40].enumerated() {
            let call = Call()
            call.$program.id = try programs[index % 2].requireID()
            call.title = "공모 \(index + 1)"
            call.description = ""
            call.opensAt = TestApp.now.addingTimeInterval(days * 86_400)
            call.closesAt = call.opensAt.addingTimeInterval(20 * 86_400)
            try await call.create(on: app.db)
            calls.append(call)
        }
        return Fixture(tokens: tokens, program: programs[0], calls: calls, users: users, demand: demand, startup: startup)
    }

    static func get(_ app: Application, _ path: String, token: String?) async throws -> (HTTPStatus, [String: Any], [[String: Any]], HTTPHeaders) {
        let response = try await APIConventionsTests.send(app, .GET, path, token: token)
        let object = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
        return (response.status, object as? [String: Any] ?? [:], object as? [[String: Any]] ?? [], response.headers)
    }

    @Test("every role, a visitor too, reads programs and calls; an unknown id is 404; writing is not offered (405)")
    func accessTable() async throws {
        try await TestApp.with { app in
            // given
            let f = try await Self.fixture(app)
            let program = try f.program.requireID(), call = try f.calls[0].requireID(), unknown = UUID()
            let reads = ["/api/v1/programs", "/api/v1/programs/\(program)", "/api/v1/programs/\(program)/calls", "/api/v1/calls", "/api/v1/calls/\(call)"]
            let missing = ["/api/v1/programs/\(unknown)", "/api/v1/programs/\(unknown)/calls", "/api/v1/calls/\(unknown)"]
            for (role, token) in f.tokens {
                // when / then
                for path in reads {
                    let (status, _, _, _) = try await Self.get(app, path, token: token)
                    #expect(status == .ok, "\(role) GET \(path)")
                }
                for path in missing {
                    let (status, _, _, _) = try await Self.get(app, path, token: token)
                    #expect(status == .notFound, "\(role) GET \(path)")
                }
                let write = try await APIConventionsTests.send(app, .POST, "/api/v1/programs", token: token, json: #"{"name":"새 사업"}"#)
                #expect(write.status == .methodNotAllowed, "\(role) POST /programs")
            }
            // and the body is the program's own
            let (_, body, _, _) = try await Self.get(app, "/api/v1/programs/\(program)", token: nil)
            #expect(body["name"] as? String == "2026 서울 오픈이노베이션")
            #expect(body["year"] as? Int == 2026)
        }
    }

    /// Follows `nextCursor` from the first page to the last; checks the Link header on the way.
    static func walk(_ app: Application, _ path: String, limit: Int) async throws -> [String] {
        var ids: [String] = []
        var cursor: String?
        repeat {
            let url = path + "?limit=\(limit)" + (cursor.map { "&cursor=\($0)" } ?? "")
            let (status, body, _, headers) = try await Self.get(app, url, token: nil)
            #expect(status == .ok)
            let items = try #require(body["items"] as? [[String: Any]])
            #expect(items.count <= limit)
            ids += items.compactMap { $0["id"] as? String }
            cursor = body["nextCursor"] as? String
            let link = headers.first(name: .link)
            if let cursor {
                #expect(link == "<\(path)?cursor=\(cursor)&limit=\(limit)>; rel=\"next\"")
            } else {
                #expect(link == nil)
            }
        } while cursor != nil && ids.count < 100
        return ids
    }

    @Test("cursor pages cover every item once in a stable order (newest first, then id), with next links")
    func cursorPagination() async throws {
        try await TestApp.with { app in
            // given
            let f = try await Self.fixture(app)
            // when
            let callIDs = try await Self.walk(app, "/api/v1/calls", limit: 2)
            let programIDs = try await Self.walk(app, "/api/v1/programs", limit: 2)
            let all = try await Self.get(app, "/api/v1/calls?limit=100", token: nil).1["items"] as? [[String: Any]]
            // then: the same items as one page, none twice
            #expect(callIDs.count == 5 && Set(callIDs).count == 5)
            #expect(callIDs == all?.compactMap { $0["id"] as? String })
            #expect(programIDs.count == 3 && Set(programIDs).count == 3)
            // newest opening first; the two calls opening together in id order (a uuid orders as its
            // hex text in both PostgreSQL and SQLite)
            let expected = try f.calls.sorted { a, b in
                a.opensAt != b.opensAt ? a.opensAt > b.opensAt : try a.requireID().uuidString < b.requireID().uuidString
            }.map { try $0.requireID().uuidString }
            #expect(callIDs.map { $0.uppercased() } == expected.map { $0.uppercased() })
            // a cursor that is no position is 400, a limit out of range too
            #expect(try await Self.get(app, "/api/v1/calls?cursor=oops", token: nil).0 == .badRequest)
            #expect(try await Self.get(app, "/api/v1/calls?limit=0", token: nil).0 == .badRequest)
        }
    }
}
