import Fluent
import Foundation
import IeumCore
import NIOCore
import NIOHTTP1
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// The JSON API through the real HTTP server on 127.0.0.1 (a free port per request).
@Suite("JSON API /api/v1")
struct APITests {
    struct Fixture {
        let app: Application
        let operatorToken: String
        let startupToken: String
        let investorToken: String
        let ownStartup: Organization
        let otherStartup: Organization
        let closedStartup: Organization
        let demand: Organization
    }

    static func fixture(_ app: Application) async throws -> Fixture {
        let own = try await TestApp.organization(app, name: "스마트공장랩", description: "중소기업의 스마트공장을 구축하는 MES", businessNumber: TestApp.businessNumber(1))
        let other = try await TestApp.organization(app, name: "바이오랩", description: "항체 신약", businessNumber: TestApp.businessNumber(2))
        let closed = try await TestApp.organization(app, name: "비공개랩", openToPartners: false, description: "비공개 스타트업", businessNumber: TestApp.businessNumber(3))
        let demand = try await TestApp.organization(app, name: "한결전자", kind: .demand, businessNumber: TestApp.businessNumber(4))
        let investorOrg = try await TestApp.organization(app, name: "이음벤처스", kind: .investor, businessNumber: TestApp.businessNumber(5))
        let op = try await TestApp.user(app, email: "op@ieum.test", role: .operator)
        let founder = try await TestApp.user(app, email: "founder@ieum.test", organization: own)
        let investor = try await TestApp.user(app, email: "vc@ieum.test", organization: investorOrg, membership: .member)
        func token(_ user: User) async throws -> String {
            try await APITokens.issue(for: user.requireID(), name: "test", on: app.db, actor: nil, now: TestApp.now).1
        }
        return Fixture(app: app, operatorToken: try await token(op), startupToken: try await token(founder), investorToken: try await token(investor),
                       ownStartup: own, otherStartup: other, closedStartup: closed, demand: demand)
    }

    struct Reply {
        let status: HTTPStatus
        let contentType: String
        let json: [String: Any]
        let array: [[String: Any]]
    }

    static func call(_ app: Application, _ method: HTTPMethod, _ path: String, token: String?, json: String? = nil, language: String? = nil) async throws -> Reply {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = .init(token: token) }
        if json != nil { headers.contentType = .json }
        if let language { headers.replaceOrAdd(name: .acceptLanguage, value: language) }
        let response = try await app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            .sendRequest(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
        let data = Data(response.body.readableBytesView)
        let object = (try? JSONSerialization.jsonObject(with: data)) ?? [:]
        return Reply(status: response.status, contentType: response.headers.first(name: .contentType) ?? "",
                     json: object as? [String: Any] ?? [:], array: object as? [[String: Any]] ?? [])
    }

    @Test("without a token every protected endpoint answers 401 problem JSON; the taxonomy is public")
    func unauthenticated() async throws {
        try await TestApp.with { app in
            let f = try await Self.fixture(app)
            // when / then
            for path in ["/api/v1/organizations", "/api/v1/organizations/\(try f.ownStartup.requireID())", "/api/v1/people", "/api/v1/people/me"] {
                let reply = try await Self.call(app, .GET, path, token: nil)
                #expect(reply.status == .unauthorized, "\(path)")
                #expect(reply.contentType.hasPrefix("application/problem+json"))
                #expect(reply.json["status"] as? Int == 401)
            }
            let bad = try await Self.call(app, .GET, "/api/v1/organizations", token: "ieum_not-a-token")
            #expect(bad.status == .unauthorized)
            let taxonomy = try await Self.call(app, .GET, "/api/v1/taxonomy", token: nil)
            #expect(taxonomy.status == .ok)
            let fields = try #require(taxonomy.json["fields"] as? [[String: Any]])
            #expect(fields.contains { $0["nameKo"] as? String == "스마트제조" && $0["nameEn"] as? String != nil })
        }
    }

    @Test("the list is paginated, filtered, searched in Korean and limited to what the caller may see")
    func list() async throws {
        try await TestApp.with { app in
            let f = try await Self.fixture(app)
            // when the operator lists startups, two per page
            let page1 = try await Self.call(app, .GET, "/api/v1/organizations?kind=startup&perPage=2", token: f.operatorToken)
            // then
            #expect(page1.status == .ok)
            #expect(page1.json["total"] as? Int == 3)
            #expect(page1.json["pageCount"] as? Int == 2)
            #expect((page1.json["items"] as? [Any])?.count == 2)
            // when searching in Korean with a particle
            let search = try await Self.call(app, .GET, "/api/v1/organizations?q=%EC%8A%A4%EB%A7%88%ED%8A%B8%EA%B3%B5%EC%9E%A5%EC%9D%84", token: f.operatorToken)
            let names = (search.json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names == ["스마트공장랩"])
            // when an investor lists startups: only those open to partners
            let investor = try await Self.call(app, .GET, "/api/v1/organizations?kind=startup", token: f.investorToken)
            let seen = Set((investor.json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
            #expect(seen == ["스마트공장랩", "바이오랩"])
            // when a startup member lists: its own startup but no other startup
            let founder = try await Self.call(app, .GET, "/api/v1/organizations?kind=startup", token: f.startupToken)
            #expect((founder.json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } == ["스마트공장랩"])
        }
    }

    @Test("bad query values are 400 problem JSON, never 500", arguments: [
        "?page=0", "?perPage=500", "?kind=spaceship", "?stage=seriesZ", "?page=abc",
    ])
    func badQueries(query: String) async throws {
        try await TestApp.with { app in
            let f = try await Self.fixture(app)
            let reply = try await Self.call(app, .GET, "/api/v1/organizations" + query, token: f.operatorToken)
            #expect(reply.status == .badRequest)
            #expect(reply.contentType.hasPrefix("application/problem+json"))
            #expect((reply.json["detail"] as? String)?.isEmpty == false)
        }
    }

    @Test("contacts are only in the answer for the organisation's members and operators; others get 404 for hidden records")
    func visibility() async throws {
        try await TestApp.with { app in
            let f = try await Self.fixture(app)
            let own = try f.ownStartup.requireID()
            let other = try f.otherStartup.requireID()
            let closed = try f.closedStartup.requireID()
            // the founder sees its own contact
            #expect(try await Self.call(app, .GET, "/api/v1/organizations/\(own)", token: f.startupToken).json["contact"] != nil)
            // another startup is not visible to a startup member at all
            #expect(try await Self.call(app, .GET, "/api/v1/organizations/\(other)", token: f.startupToken).status == .notFound)
            // an investor sees an open startup but not its contact, and not a closed one
            let open = try await Self.call(app, .GET, "/api/v1/organizations/\(other)", token: f.investorToken)
            #expect(open.status == .ok)
            #expect(open.json["contact"] == nil)
            #expect(try await Self.call(app, .GET, "/api/v1/organizations/\(closed)", token: f.investorToken).status == .notFound)
            // an operator sees the contact, and that access is written to the audit log
            #expect(try await Self.call(app, .GET, "/api/v1/organizations/\(other)", token: f.operatorToken).json["contact"] != nil)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "organization.view_contact").count() == 1)
            // a malformed id is a 400, an unknown one a 404
            #expect(try await Self.call(app, .GET, "/api/v1/organizations/nope", token: f.operatorToken).status == .badRequest)
            #expect(try await Self.call(app, .GET, "/api/v1/organizations/\(UUID())", token: f.operatorToken).status == .notFound)
        }
    }

    @Test("create validates like the form: field errors in Korean or English, 201 when right")
    func create() async throws {
        try await TestApp.with { app in
            let f = try await Self.fixture(app)
            // when the business number's check digit is wrong
            let bad = #"{"kind":"startup","name":"새기업","businessNumber":"123-45-67890","stage":"seed","fields":["ai"]}"#
            let refused = try await Self.call(app, .POST, "/api/v1/organizations", token: f.startupToken, json: bad)
            // then
            #expect(refused.status == .unprocessableEntity)
            let errors = try #require(refused.json["errors"] as? [[String: String]])
            #expect(errors.contains { $0["field"] == "businessNumber" && $0["message"]!.contains("검증번호") })
            let english = try await Self.call(app, .POST, "/api/v1/organizations", token: f.startupToken, json: bad, language: "en")
            #expect((english.json["errors"] as? [[String: String]])?.first?["message"]?.contains("check digit") == true)
            // when it is right
            let good = #"{"kind":"startup","name":"새기업","businessNumber":"\#(TestApp.businessNumber(9))","stage":"seed","fields":["ai"],"investmentKrw":500000000}"#
            let created = try await Self.call(app, .POST, "/api/v1/organizations", token: f.startupToken, json: good)
            // then it waits for approval and its creator administers it
            #expect(created.status == .created)
            #expect(created.json["status"] as? String == "pending")
            #expect(created.json["investmentKrw"] as? Int == 500_000_000)
            let id = try #require((created.json["id"] as? String).flatMap(UUID.init(uuidString:)))
            let membership = try await Membership.query(on: app.db).filter(\.$organization.$id == id).first()
            #expect(membership?.role == .admin)
            // a body that does not fit the schema is a 400
            #expect(try await Self.call(app, .POST, "/api/v1/organizations", token: f.startupToken, json: "{\"kind\":1}").status == .badRequest)
            #expect(try await Self.call(app, .POST, "/api/v1/organizations", token: f.startupToken, json: "not json").status == .badRequest)
        }
    }

    @Test("patch changes only the given fields, by the organisation's admin or an operator")
    func patch() async throws {
        try await TestApp.with { app in
            let f = try await Self.fixture(app)
            let own = try f.ownStartup.requireID()
            let demand = try f.demand.requireID()
            // when the founder changes the headcount
            let ok = try await Self.call(app, .PATCH, "/api/v1/organizations/\(own)", token: f.startupToken, json: #"{"employees":55,"fields":["smart-manufacturing"]}"#)
            // then
            #expect(ok.status == .ok)
            #expect(ok.json["employees"] as? Int == 55)
            #expect(ok.json["name"] as? String == "스마트공장랩")
            // someone else's visible organisation: 403; an invisible one: 404
            #expect(try await Self.call(app, .PATCH, "/api/v1/organizations/\(demand)", token: f.startupToken, json: #"{"name":"탈취"}"#).status == .forbidden)
            #expect(try await Self.call(app, .PATCH, "/api/v1/organizations/\(try f.otherStartup.requireID())", token: f.startupToken, json: #"{"name":"탈취"}"#).status == .notFound)
            #expect(try await Organization.find(demand, on: app.db)?.name == "한결전자")
            // an invalid value is refused and nothing changes
            let invalid = try await Self.call(app, .PATCH, "/api/v1/organizations/\(own)", token: f.startupToken, json: #"{"website":"ftp://x"}"#)
            #expect(invalid.status == .unprocessableEntity)
            #expect(try await Organization.find(own, on: app.db)?.website == nil)
        }
    }

    @Test("approval, people and members are for operators and the organisation's own people")
    func operatorsOnly() async throws {
        try await TestApp.with { app in
            let f = try await Self.fixture(app)
            let pending = try await TestApp.organization(app, name: "대기중", status: .pending, businessNumber: TestApp.businessNumber(7))
            let id = try pending.requireID()
            // approval
            #expect(try await Self.call(app, .POST, "/api/v1/organizations/\(id)/status", token: f.startupToken, json: #"{"status":"approved"}"#).status == .forbidden)
            let rejectWithoutReason = try await Self.call(app, .POST, "/api/v1/organizations/\(id)/status", token: f.operatorToken, json: #"{"status":"rejected"}"#)
            #expect(rejectWithoutReason.status == .unprocessableEntity)
            let approved = try await Self.call(app, .POST, "/api/v1/organizations/\(id)/status", token: f.operatorToken, json: #"{"status":"approved"}"#)
            #expect(approved.json["status"] as? String == "approved")
            // people
            #expect(try await Self.call(app, .GET, "/api/v1/people", token: f.startupToken).status == .forbidden)
            let people = try await Self.call(app, .GET, "/api/v1/people", token: f.operatorToken)
            #expect(people.json["total"] as? Int == 3)
            let me = try await Self.call(app, .GET, "/api/v1/people/me", token: f.startupToken)
            #expect(me.json["email"] as? String == "founder@ieum.test")
            #expect((me.json["memberships"] as? [[String: Any]])?.first?["organizationName"] as? String == "스마트공장랩")
            // members of an organisation
            let own = try f.ownStartup.requireID()
            #expect(try await Self.call(app, .GET, "/api/v1/organizations/\(own)/members", token: f.startupToken).array.count == 1)
            // contacts one may not see answer 404, like every other thing one may not see (issue 14, 3(e))
            #expect(try await Self.call(app, .GET, "/api/v1/organizations/\(try f.demand.requireID())/members", token: f.startupToken).status == .notFound)
            #expect(try await Self.call(app, .GET, "/api/v1/organizations/\(own)/members", token: f.investorToken).status == .notFound)
        }
    }

    @Test("the OpenAPI document and the health check are served")
    func documents() async throws {
        try await TestApp.with { app in
            let response = try await app.testing(method: .running(hostname: "127.0.0.1", port: 0)).sendRequest(.GET, "/openapi.yaml")
            #expect(response.status == .ok)
            #expect(response.body.string.hasPrefix("openapi: \"3.1.0\""))
            #expect(response.body.string.contains("/organizations/{id}"))
            let health = try await Self.call(app, .GET, "/healthz", token: nil)
            #expect(health.status == .ok)
            // /healthz says it is alive and nothing about internals (issue 19); /readyz checks them
            #expect(health.json["status"] as? String == "ok")
            #expect(health.json["database"] == nil)
        }
    }
}

extension APITests {
    @Test("query values longer than the document allows are refused", arguments: ["field", "region", "cluster"])
    func overlongFilters(name: String) async throws {
        try await TestApp.with { app in
            let f = try await Self.fixture(app)
            let reply = try await Self.call(app, .GET, "/api/v1/organizations?\(name)=" + String(repeating: "0", count: 65), token: f.operatorToken)
            #expect(reply.status == .badRequest)
        }
    }
}

extension APITests {
    @Test("a method the document does not declare on a path is 405 with Allow")
    func methodNotAllowed() async throws {
        try await TestApp.with { app in
            let f = try await Self.fixture(app)
            let response = try await app.testing(method: .running(hostname: "127.0.0.1", port: 0))
                .sendRequest(.DELETE, "/api/v1/organizations/\(try f.ownStartup.requireID())", headers: ["Authorization": "Bearer \(f.operatorToken)"])
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers.first(name: .allow) == "GET, PATCH, HEAD")
            // and the organisation is still there
            #expect(try await Organization.find(f.ownStartup.requireID(), on: app.db) != nil)
        }
    }
}
