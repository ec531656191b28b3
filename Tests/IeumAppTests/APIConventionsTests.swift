import Fluent
import Foundation
import IeumCore
import NIOCore
import NIOHTTP1
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// The conventions every `/api/v1` operation shares (issue 20), through the real HTTP server.
@Suite("JSON API conventions")
struct APIConventionsTests {
    static func send(_ app: Application, _ method: HTTPMethod, _ path: String, token: String?,
                     headers extra: [(String, String)] = [], json: String? = nil) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = .init(token: token) }
        if json != nil { headers.contentType = .json }
        for (name, value) in extra { headers.add(name: name, value: value) }
        return try await app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            .sendRequest(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    static func problem(_ response: TestingHTTPResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test("a GET answers with an ETag; the same tag in If-None-Match is 304 with no body, until the record changes")
    func entityTags() async throws {
        try await TestApp.with { app in
            // given
            let f = try await APITests.fixture(app)
            let path = "/api/v1/organizations/\(try f.ownStartup.requireID())"
            let first = try await Self.send(app, .GET, path, token: f.operatorToken)
            let tag = try #require(first.headers.first(name: .eTag))
            #expect(first.status == .ok)
            #expect(tag.hasPrefix("\"") && tag.count == 34)
            // when
            let again = try await Self.send(app, .GET, path, token: f.operatorToken, headers: [("If-None-Match", "W/\"other\", \(tag)")])
            let other = try await Self.send(app, .GET, path, token: f.operatorToken, headers: [("If-None-Match", "\"0000\"")])
            let edit = try await Self.send(app, .PATCH, path, token: f.operatorToken,
                                           json: #"{"summary":"스마트공장 MES와 예지보전","fields":["smart-manufacturing"]}"#)
            let changed = try await Self.send(app, .GET, path, token: f.operatorToken, headers: [("If-None-Match", tag)])
            // then
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            #expect(again.headers.first(name: .eTag) == tag)
            #expect(other.status == .ok)
            #expect(other.headers.first(name: .eTag) == tag)
            #expect(edit.status == .ok)
            #expect(changed.status == .ok)
            #expect(changed.headers.first(name: .eTag) != tag)
        }
    }

    @Test("each token has its own budget: past it, 429 problem JSON with Retry-After, and other tokens still pass")
    func rateLimit() async throws {
        try await TestApp.with { app in
            // given: 3 at once, then one every 10 seconds (the clock is pinned, so nothing refills)
            app.apiRateLimit = APIRateLimit(burst: 3, perSecond: 0.1)
            let f = try await APITests.fixture(app)
            // when
            var statuses: [HTTPStatus] = []
            for _ in 0..<4 { statuses.append(try await Self.send(app, .GET, "/api/v1/people/me", token: f.startupToken).status) }
            let refused = try await Self.send(app, .GET, "/api/v1/people/me", token: f.startupToken)
            let other = try await Self.send(app, .GET, "/api/v1/people/me", token: f.investorToken)
            // then
            #expect(statuses == [.ok, .ok, .ok, .tooManyRequests])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers.first(name: .retryAfter) == "10")
            #expect(refused.headers.contentType?.subType == "problem+json")
            #expect(try Self.problem(refused)["status"] as? Int == 429)
            #expect(other.status == .ok)
        }
    }

    @Test("null is not a value: 422 naming each field that holds one, and nothing changes")
    func nullRefused() async throws {
        try await TestApp.with { app in
            // given
            let f = try await APITests.fixture(app)
            let id = try f.ownStartup.requireID()
            // when
            let status = try await Self.send(app, .POST, "/api/v1/organizations/\(id)/status", token: f.operatorToken,
                                             json: #"{"status":"rejected","reason":null}"#)
            let patch = try await Self.send(app, .PATCH, "/api/v1/organizations/\(id)", token: f.operatorToken,
                                            json: #"{"summary":"바뀐 요약","contact":{"email":null},"keywords":["a",null]}"#)
            // then
            #expect(status.status == .unprocessableEntity)
            let fields = (try Self.problem(status)["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["reason"])
            #expect(patch.status == .unprocessableEntity)
            let patchFields = (try Self.problem(patch)["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(patchFields == ["contact.email", "keywords[1]"])
            let stored = try #require(try await Organization.find(id, on: app.db))
            #expect(stored.status == f.ownStartup.status)
            #expect(stored.summary == f.ownStartup.summary)
        }
    }

    @Test("QUERY, a method no path declares, is 405 with Allow like the others")
    func queryMethod() async throws {
        try await TestApp.with { app in
            let f = try await APITests.fixture(app)
            // when
            let response = try await Self.send(app, .RAW(value: "QUERY"), "/api/v1/taxonomy", token: f.operatorToken)
            // then
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers.first(name: .allow) == "GET, HEAD")
        }
    }

    @Test("Idempotency-Key on a POST: the same request again replays the stored answer and creates nothing; another body is 422")
    func idempotencyKey() async throws {
        try await TestApp.with { app in
            // given
            let f = try await APITests.fixture(app)
            let body = #"{"kind":"demand","name":"누리전력","demandSize":"publicInstitution","businessNumber":"\#(TestApp.businessNumber(40))","fields":["smart-manufacturing"]}"#
            let key = [("Idempotency-Key", "9f1c2a7e-create-nuri")]
            let before = try await Organization.query(on: app.db).count()
            // when
            let first = try await Self.send(app, .POST, "/api/v1/organizations", token: f.operatorToken, headers: key, json: body)
            let again = try await Self.send(app, .POST, "/api/v1/organizations", token: f.operatorToken, headers: key, json: body)
            let other = try await Self.send(app, .POST, "/api/v1/organizations", token: f.operatorToken, headers: key,
                                            json: body.replacingOccurrences(of: "누리전력", with: "다른기관"))
            let otherCaller = try await Self.send(app, .POST, "/api/v1/organizations", token: f.startupToken, headers: key,
                                                  json: body.replacingOccurrences(of: "누리전력", with: "스타트업이 등록").replacingOccurrences(of: TestApp.businessNumber(40), with: TestApp.businessNumber(41)))
            // then
            #expect(first.status == .created)
            #expect(again.status == .created)
            #expect(again.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(Data(again.body.readableBytesView) == Data(first.body.readableBytesView))
            #expect(other.status == .unprocessableEntity)
            #expect(otherCaller.status == .created, "a key belongs to its caller")
            #expect(try await Organization.query(on: app.db).count() == before + 2)
            #expect(try await Organization.query(on: app.db).filter(\.$name == "누리전력").count() == 1)
        }
    }

    @Test("a refused request leaves its Idempotency-Key free for the corrected one")
    func idempotencyAfterRefusal() async throws {
        try await TestApp.with { app in
            // given
            let f = try await APITests.fixture(app)
            let key = [("Idempotency-Key", "retry-after-fix")]
            let id = try f.ownStartup.requireID()
            // when
            let refused = try await Self.send(app, .POST, "/api/v1/organizations/\(id)/status", token: f.operatorToken, headers: key,
                                              json: #"{"status":"rejected"}"#)
            let fixed = try await Self.send(app, .POST, "/api/v1/organizations/\(id)/status", token: f.operatorToken, headers: key,
                                            json: #"{"status":"rejected","reason":"사업자등록번호 확인 필요"}"#)
            // then
            #expect(refused.status == .unprocessableEntity)
            #expect(fixed.status == .ok)
            #expect(try await Organization.find(id, on: app.db)?.status == .rejected)
        }
    }
}
