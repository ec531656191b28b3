import Fluent
import Foundation
import Logging
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// Issue 19, item 3: one log line per request (id, method, route pattern, status, duration), the
/// level and format from the environment, and no personal data even when a request fails.
@Suite("Request logs")
struct RequestLogTests {
    @Test("each request gets one line with its id, method, route pattern, status and duration; a sane X-Request-Id is kept and sent back")
    func oneLinePerRequest() async throws {
        try await TestApp.with { app in
            // given
            let logs = CapturedLogs()
            app.requestLoggers.use(logs.handler(level: .info))
            let needID = UUID()
            // when
            let login = try await app.testing().sendRequest(.GET, "/login", headers: ["X-Request-Id": "lb-7f3a.2_x"])
            let need = try await app.testing().sendRequest(.GET, "/needs/\(needID.uuidString)")
            // then
            #expect(login.status == .ok)
            #expect(login.headers.first(name: "X-Request-Id") == "lb-7f3a.2_x")
            let generated = try #require(need.headers.first(name: "X-Request-Id"))
            #expect(UUID(uuidString: generated) != nil)
            let loginLines = logs.all.filter { $0.contains("request_id=lb-7f3a.2_x") }
            #expect(loginLines.count == 1, "\(logs.all)")
            let line = try #require(loginLines.first)
            #expect(line.contains("GET /login 200") && line.contains("method=GET") && line.contains("route=/login") && line.contains("status=200"))
            #expect(line.contains("duration_ms="))
            let needLines = logs.all.filter { $0.contains("request_id=\(generated)") }
            #expect(needLines.count == 1)
            #expect(needLines.first?.contains("route=/needs/:needID") == true)
            #expect(!logs.text.contains(needID.uuidString), "a raw path reached the log")
        }
    }

    @Test("an X-Request-Id that could forge a log line or carry data is replaced", arguments: [
        "two words", "line\nbreak", String(repeating: "a", count: 129), "ümlaut", "a;b=c",
    ])
    func insaneRequestIDReplaced(_ sent: String) async throws {
        try await TestApp.with { app in
            let response = try await app.testing().sendRequest(.GET, "/login", headers: ["X-Request-Id": sent])
            let answered = try #require(response.headers.first(name: "X-Request-Id"))
            #expect(answered != sent)
            #expect(UUID(uuidString: answered) != nil)
        }
    }

    static let token = "ieum_TOKEN-secret-value-for-the-log-test"
    static let password = "pw-Correct-Horse-9912"
    static let email = "leak.check@personal.example"
    static let phone = "010-9876-5432"

    @Test("a failing API request logs its failure without the bearer token, the password, the e-mail or the phone")
    func failingAPIRequestLeaksNothing() async throws {
        try await TestApp.with { app in
            // given: a valid token (so the request reaches the handler), and a database that fails
            let logs = CapturedLogs()
            app.requestLoggers.use(logs.handler(level: .debug))
            let user = try await TestApp.user(app, email: "ops@ieum.example", role: .operator)
            let (_, plain) = try await APITokens.issue(for: try user.requireID(), name: "log test", on: app.db, actor: nil, now: TestApp.now)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("ALTER TABLE organizations RENAME TO organizations_gone").run()
            let body: [String: Any] = [
                "kind": "startup", "name": "새는회사", "description": "password: \(Self.password)",
                "businessNumber": TestApp.businessNumber(77), "stage": "seed", "fields": ["ai"],
                "contact": ["name": "홍길동", "email": Self.email, "phone": Self.phone],
            ]
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: plain)
            headers.contentType = .json
            // when
            let response = try await app.testing().sendRequest(.POST, "/api/v1/organizations", headers: headers,
                                                                body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)))
            try await sql.raw("ALTER TABLE organizations_gone RENAME TO organizations").run()
            // then: it failed, and the failure was logged
            #expect(response.status == .internalServerError, "\(response.body.string)")
            let failure = logs.all.filter { $0.contains("ERROR") && $0.contains("createOrganization") }
            #expect(!failure.isEmpty, "no error line: \(logs.all)")
            // and nothing personal or secret is in any line
            for secret in [plain, Self.password, Self.email, Self.phone, "홍길동", "Bearer"] {
                #expect(!logs.text.contains(secret), "the log holds \(secret): \(logs.text.prefix(2000))")
            }
        }
    }

    @Test("a failing sign-up form logs its failure without the password, the e-mail or the phone")
    func failingFormLeaksNothing() async throws {
        try await TestApp.with { app in
            // given
            let logs = CapturedLogs()
            app.requestLoggers.use(logs.handler(level: .debug))
            let web = WebClient(app)
            try await web.get("/signup")
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("ALTER TABLE users RENAME TO users_gone").run()
            // when
            let page = try await web.post("/signup", [
                ("kind", "startup"), ("name", "홍길동"), ("email", Self.email), ("password", Self.password), ("confirmPassword", Self.password),
                ("phone", Self.phone), ("language", "ko"), ("versionTerms", "1"), ("versionCollection", "1"), ("versionNotices", "1"),
                ("consentTerms", "yes"), ("consentCollection", "yes"),
            ])
            try await sql.raw("ALTER TABLE users_gone RENAME TO users").run()
            // then
            #expect(page.status == .internalServerError)
            #expect(logs.all.contains { $0.contains("ERROR") && $0.contains("request failed") }, "\(logs.all)")
            for secret in [Self.password, Self.email, Self.phone, "홍길동"] {
                #expect(!logs.text.contains(secret), "the log holds \(secret): \(logs.text.prefix(2000))")
            }
        }
    }

    @Test("the error text kept for the log names the kind of failure, never the request inside it")
    func safeErrorDescription() {
        struct Carrier: Error, CustomStringConvertible { var description: String { "Authorization: Bearer \(RequestLogTests.token)" } }
        #expect(SafeError.describe(Carrier()).contains("Carrier"))
        #expect(!SafeError.describe(Carrier()).contains(Self.token))
        #expect(!SafeError.describe(Abort(.badRequest, reason: Self.email)).contains(Self.email))
    }

    @Test("LOG_LEVEL and IEUM_LOG_FORMAT are read, and a bad value is reported by name")
    func settingsFromEnvironment() throws {
        let config = try Configuration.fromEnvironment(["LOG_LEVEL": "warning", "IEUM_LOG_FORMAT": "JSON"])
        #expect(config.operations.logLevel == .warning)
        #expect(config.operations.logFormat == .json)
        #expect(try Configuration.fromEnvironment([:]).operations.logLevel == .info)
        do {
            _ = try Configuration.fromEnvironment(["LOG_LEVEL": "loud", "IEUM_LOG_FORMAT": "xml"])
            Issue.record("bad values were accepted")
        } catch {
            #expect(Set(error.problems.map(\.variable)) == ["LOG_LEVEL", "IEUM_LOG_FORMAT"])
        }
    }

    @Test("the level drops quieter lines; JSON lines parse, with status and duration as numbers")
    func levelAndJSON() throws {
        // given
        let logs = CapturedLogs()
        var logger = Logger(label: "ieum.request", factory: logs.handler(level: .warning, format: .json))
        logger[metadataKey: "request_id"] = "r-1"
        // when
        logger.info("GET /login 200 1.2 ms")
        logger.error("GET /needs/:needID 500 3.4 ms", metadata: ["route": "/needs/:needID", "status": .stringConvertible(500), "duration_ms": .stringConvertible(3.4)])
        // then
        #expect(logs.all.count == 1)
        let line = try #require(logs.all.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "error")
        #expect(object["request_id"] as? String == "r-1")
        #expect(object["route"] as? String == "/needs/:needID")
        #expect(object["status"] as? Int == 500)
        #expect(object["duration_ms"] as? Double == 3.4)
        #expect(object["time"] is String && object["message"] is String)
    }

    @Test("Vapor's own per-request debug line (with the raw path) stays below the floor even at LOG_LEVEL=debug")
    func vaporRequestLabelFloor() {
        #expect(IeumLogHandler(label: "codes.vapor.request", level: .debug, format: .text).logLevel == .info)
        #expect(IeumLogHandler(label: "ieum.request", level: .debug, format: .text).logLevel == .debug)
    }
}
