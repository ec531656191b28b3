import Fluent
import Foundation
import IeumCore
import NIOCore
import Testing
import Vapor
@testable import IeumApp

/// Issue 14, items 3(c), 5 and 6: what a visitor costs, body limits, sessions that end, sign-in
/// throttling that parallel guesses cannot slip past, API tokens, and SQLite under many writers.
@Suite("Exhaustion, sessions, tokens and concurrent SQLite writers")
struct ExhaustionTests {
    static func signedIn(_ app: Application, _ user: User) async throws -> WebClient {
        let web = WebClient(app)
        try await web.login(user.email)
        return web
    }

    @Test("a visitor's page views write no session, even with a made-up cookie; their forms still work")
    func visitorsWriteNoSession() async throws {
        try await TestApp.with(demo: true) { app in
            let visitor = WebClient(app)
            for path in ["/", "/login", "/calls", "/grievances/new", "/programs", "/login?lang=en", "/nowhere"] {
                _ = try await visitor.get(path)
            }
            let forged = WebClient(app)
            forged.cookies["ieum_session"] = [UInt8].random(count: 32).base64URLEncoded()
            for _ in 0..<5 { _ = try await forged.get("/calls") }
            #expect(try await WebSession.query(on: app.db).count() == 0)
            // The sign-in form works with the visitor's signed form token; only then is a session stored.
            try await visitor.login("startup@ieum.demo", password: DemoData.password)
            #expect(try await WebSession.query(on: app.db).count() == 1)
            // A form token whose signature does not match is refused.
            let cheat = WebClient(app)
            _ = try await cheat.get("/login")
            let token = try #require(cheat.cookies[AnonymousFormToken.cookieName])
            let tampered = String(token.prefix(32)) + "." + String(repeating: "A", count: 43)
            cheat.cookies[AnonymousFormToken.cookieName] = tampered
            cheat.csrf = tampered
            let refused = try await cheat.post("/login", [("email", "startup@ieum.demo"), ("password", DemoData.password)])
            #expect(refused.status == .forbidden)
        }
    }

    @Test("a POST with no session and no form cookie is refused before its body is read; bodies are 1 MB but on upload routes")
    func bodyLimits() async throws {
        try await TestApp.with { app in
            let big = ByteBuffer(repeating: UInt8(ascii: "a"), count: 2 * 1024 * 1024)
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            // No cookie at all: 403 whatever the path, without reading 2 MB.
            for path in ["/login", "/organizations", "/no/such/path", "/grievances"] {
                let page = try await WebClient(app).send(.POST, path, headers: headers, body: big)
                #expect(page.status == .forbidden, "\(path): \(page.status)")
            }
            // With a valid visitor token, a 2 MB form is too large for an ordinary route …
            let visitor = WebClient(app)
            _ = try await visitor.get("/login")
            var sized = headers
            sized.replaceOrAdd(name: .contentLength, value: String(big.readableBytes))
            let tooLarge = try await visitor.send(.POST, "/login", headers: sized, body: big)
            #expect(tooLarge.status == .payloadTooLarge)
            // … and the declared limits are what the route table says.
            let limits = app.routes.all.compactMap { route -> (String, Int)? in
                (route.userInfo[AnySendableHashable(RouteLimits.key)] as? Int).map { (route.path.string, $0) }
            }
            // the upload routes: import, grievance intake, collaboration evidence, network materials,
            // a proposal's attachments, and (issue 17, item 2) the application form itself with its
            // file and its autosave
            #expect(Set(limits.map(\.0)) == ["admin/import", "grievances", "collaborations/:collabID/files",
                                              "networks/:networkID/events/:eventID/materials", "applications/:appID/attachments",
                                              "applications/:appID", "applications/:appID/draft"])
            #expect(limits.allSatisfy { $0.1 <= 20 * 1024 * 1024 })
            #expect(app.routes.defaultMaxBodySize.value == 1024 * 1024)
        }
    }

    @Test("sessions end 12 hours after sign-in and the background duty deletes them")
    func sessionsExpireAndArePurged() async throws {
        try await TestApp.with { app in
            try await TestApp.user(app, email: "s@ieum.test")
            let web = WebClient(app)
            try await web.login("s@ieum.test")
            #expect(try await WebSession.query(on: app.db).count() == 1)
            try await DatabaseSessionDriver.purgeExpired(on: app.db, now: TestApp.now.addingTimeInterval(60))
            #expect(try await WebSession.query(on: app.db).count() == 1)
            try await DatabaseSessionDriver.purgeExpired(on: app.db, now: TestApp.now.addingTimeInterval(SessionActorMiddleware.lifetime + 1))
            #expect(try await WebSession.query(on: app.db).count() == 0)
            #expect(try await web.get("/account").status == .seeOther)
            // Old sign-in attempts go in the same round.
            try await LoginAttempt(email: "x@ieum.test", address: "1.2.3.4", succeeded: false, attemptedAt: TestApp.now.addingTimeInterval(-2 * 86_400)).create(on: app.db)
            await NotificationJobs.runOnce(app, worker: "test")
            #expect(try await LoginAttempt.query(on: app.db).filter(\.$email == "x@ieum.test").count() == 0)
        }
    }

    @Test("40 guesses at once: at most five are checked, then even the right password waits")
    func parallelGuessesAreThrottled() async throws {
        try await TestApp.with { app in
            try await TestApp.user(app, email: "target@ieum.test")
            let web = WebClient(app)
            _ = try await web.get("/login")
            let token = try #require(web.csrf)
            let cookie = try #require(web.cookies[AnonymousFormToken.cookieName])
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for n in 0..<40 {
                    group.addTask {
                        let client = WebClient(app)
                        client.cookies[AnonymousFormToken.cookieName] = cookie
                        client.csrf = token
                        return try await client.post("/login", [("email", "target@ieum.test"), ("password", "wrong-guess-\(n)")]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .unauthorized || $0 == .tooManyRequests })
            #expect(statuses.filter { $0 == .unauthorized }.count <= AccountsController.maxFailuresPerEmail)
            #expect(try await LoginAttempt.query(on: app.db).count() == 40)
            let right = try await web.post("/login", [("email", "target@ieum.test"), ("password", TestApp.password)])
            #expect(right.status == .tooManyRequests)
        }
    }

    @Test("API tokens: a scope and an end, revoked by a password change, by an operator and by deactivation")
    func apiTokens() async throws {
        try await TestApp.with { app in
            let owner = try await TestApp.user(app, email: "dev@ieum.test", role: .operator)
            try await TestApp.user(app, email: "platform@ieum.test", role: .operator)
            let web = WebClient(app)
            try await web.login("dev@ieum.test")
            _ = try await web.get("/account")
            let made = try await web.post("/account/tokens", [("tokenName", "읽기"), ("scope", "read"), ("days", "30")])
            let readToken = try #require(made.body.range(of: "<code id=\"new-token\">").map { made.body[$0.upperBound...].prefix { $0 != "<" } }.map(String.init))
            let stored = try #require(try await APIToken.query(on: app.db).first())
            #expect(stored.scope == "read")
            #expect(stored.expiresAt == TestApp.now.addingTimeInterval(30 * 86_400))
            // A read token reads and may not write.
            var bearer = HTTPHeaders()
            bearer.replaceOrAdd(name: .authorization, value: "Bearer \(readToken)")
            #expect(try await WebClient(app).send(.GET, "/api/v1/people/me", headers: bearer, body: nil).status == .ok)
            var json = bearer
            json.contentType = .json
            let write = try await WebClient(app).send(.POST, "/api/v1/organizations", headers: json, body: ByteBuffer(string: "{}"))
            #expect(write.status == .forbidden)
            // Not on a web form, even with a valid token.
            #expect(try await WebClient(app).send(.POST, "/account/tokens", headers: bearer, body: nil).status == .unauthorized)
            // Past its end it no longer works.
            stored.expiresAt = TestApp.now.addingTimeInterval(-1)
            try await stored.save(on: app.db)
            #expect(try await WebClient(app).send(.GET, "/api/v1/people/me", headers: bearer, body: nil).status == .unauthorized)
            // A bad choice of scope or lifetime is a field error.
            _ = try await web.get("/account")
            let bad = try await web.post("/account/tokens", [("tokenName", "x"), ("scope", "admin"), ("days", "9999")])
            #expect(bad.status == .unprocessableEntity)
            // A password change revokes every token.
            _ = try await web.get("/account")
            _ = try await web.post("/account/tokens", [("tokenName", "둘째"), ("scope", "read-write"), ("days", "90")])
            #expect(try await APIToken.query(on: app.db).count() == 2)
            _ = try await web.get("/account")
            let changed = try await web.post("/account/password", [("currentPassword", TestApp.password), ("newPassword", "a-new-long-password"), ("confirmPassword", "a-new-long-password")])
            #expect(changed.status == .seeOther)
            #expect(try await APIToken.query(on: app.db).count() == 0)
            // An operator revokes someone's tokens; deactivation ends sessions and tokens.
            _ = try await APITokens.issue(for: owner.requireID(), name: "again", on: app.db, actor: nil, now: TestApp.now)
            let platform = WebClient(app)
            try await platform.login("platform@ieum.test")
            _ = try await platform.get("/admin/users")
            let revoked = try await platform.post("/admin/users/\(try owner.requireID())/tokens/revoke", [])
            #expect(revoked.status == .seeOther)
            #expect(try await APIToken.query(on: app.db).count() == 0)
            _ = try await APITokens.issue(for: owner.requireID(), name: "third", on: app.db, actor: nil, now: TestApp.now)
            _ = try await platform.get("/admin/users")
            let off = try await platform.post("/admin/users/\(try owner.requireID())/active", [("active", "0")])
            #expect(off.status == .seeOther)
            #expect(try await APIToken.query(on: app.db).count() == 0)
            #expect(try await WebSession.query(on: app.db).filter(\.$userID == owner.requireID()).count() == 0)
            #expect(try await web.get("/account").status == .seeOther)
            // Nobody else may do it.
            try await TestApp.user(app, email: "member@ieum.test")
            let member = WebClient(app)
            try await member.login("member@ieum.test")
            #expect(try await member.post("/admin/users/\(try owner.requireID())/tokens/revoke", []).status == .forbidden)
        }
    }

    @Test("an SQLite file with 20 people saving one profile, 20 registering for one event and judges saving 20 sheets at once: no 5xx, nothing lost")
    func sqliteFileUnderConcurrentWriters() async throws {
        try await TestApp.with(sqliteFile: true) { app in
            // 20 admins of one startup save its profile at the same moment.
            let org = try await TestApp.organization(app, name: "동시저장", kind: .startup)
            let number = TestApp.businessNumber(77)
            org.businessNumber = number
            try await org.save(on: app.db)
            var admins: [WebClient] = []
            for n in 0..<20 {
                let user = try await TestApp.user(app, email: "admin\(n)@ieum.test", organization: org)
                let client = try await Self.signedIn(app, user)
                _ = try await client.get("/organizations/\(try org.requireID())/edit")
                admins.append(client)
            }
            let orgPath = "/organizations/\(try org.requireID())"
            let saves = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for (n, client) in admins.enumerated() {
                    group.addTask {
                        try await client.post(orgPath, [("kind", "startup"), ("name", "동시저장"), ("businessNumber", number), ("stage", "seed"),
                                                        ("fields[]", "ai"), ("employees", String(n + 1)), ("description", "저장 \(n)")]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(saves.allSatisfy { $0.code < 500 }, "\(saves)")
            let saved = saves.filter { $0 == .seeOther }.count
            #expect(saved >= 1, "\(saves)")
            let audits = try await AuditEntry.query(on: app.db).filter(\.$action == "organization.update").count()
            #expect(audits == saved)

            // 20 people register at once for an event with 5 seats.
            let f = try await NetworkFixture.make(app)
            let event = NetworkEvent()
            event.$network.id = try f.network.requireID()
            event.kind = .seminar
            event.title = "동시 신청 세미나"
            event.startsAt = TestApp.now.addingTimeInterval(7 * 86_400)
            event.endsAt = TestApp.now.addingTimeInterval(7 * 86_400 + 7_200)
            event.place = "서울창업허브"
            event.capacity = 5
            event.membersOnly = false
            event.minutes = ""
            event.held = false
            event.cancelled = false
            try await event.create(on: app.db)
            var people: [WebClient] = []
            for n in 0..<20 {
                let user = try await TestApp.user(app, email: "guest\(n)@ieum.test")
                let client = try await Self.signedIn(app, user)
                _ = try await client.get("/networks/\(try f.network.requireID())/events/\(try event.requireID())")
                people.append(client)
            }
            let registerPath = "/networks/\(try f.network.requireID())/events/\(try event.requireID())/register"
            let registrations = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for client in people { group.addTask { try await client.post(registerPath, []).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(registrations.allSatisfy { $0 == .seeOther }, "\(registrations)")
            let rows = try await EventRegistration.query(on: app.db).filter(\.$event.$id == event.requireID()).all()
            #expect(rows.count == 20)
            #expect(rows.filter { $0.status == .registered }.count == 5)

            // Judges save 20 sheets at once.
            let e = try await EvaluationFixture.make(app)
            try await e.prepare(app)
            let roundID = try e.round.requireID().uuidString
            let criteria = try await e.criteria(app)
            var work: [(WebClient, String)] = []
            for (i, email) in EvaluationFixture.judgeEmails.enumerated() {
                let judge = try await e.client(app, email)
                _ = try await judge.get("/rounds/\(roundID)")
                _ = try await judge.post("/rounds/\(roundID)/pledge", [("agree", "1")])
                for assignment in try await e.assignments(app) where assignment.$expert.id == e.experts[i].id {
                    let path = "/rounds/\(roundID)/entries/\(assignment.$entry.id.uuidString)"
                    _ = try await judge.get(path)
                    work.append((judge, path))
                }
            }
            #expect(!work.isEmpty)
            let sheets = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for n in 0..<20 {
                    let (judge, path) = work[n % work.count]
                    group.addTask {
                        try await judge.post(path, criteria.map { ("score-\($0.id!.uuidString)", String(5 + n % 5)) } + [("action", "save")]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // Two saves of one sheet at the same moment: one is stored, the other is told to reload (409).
            #expect(sheets.allSatisfy { $0 == .seeOther || $0 == .conflict }, "\(sheets)")
            #expect(sheets.filter { $0 == .seeOther }.count >= work.count)
            let stored = try await ScoreSheet.query(on: app.db).filter(\.$round.$id == e.round.requireID()).all()
            #expect(stored.count == work.count)
            #expect(stored.allSatisfy { sheet in criteria.allSatisfy { (5.0...9.0).contains(sheet.scores[$0.id!.uuidString] ?? -1) } })
        }
    }

    @Test("the user list, the approval queue and the public calls load one page at a time")
    func listsArePaged() async throws {
        try await TestApp.with { app in
            try await TestApp.user(app, email: "platform@ieum.test", role: .operator)
            for n in 0..<119 { try await TestApp.user(app, email: "person\(String(format: "%03d", n))@ieum.test") }
            for n in 0..<35 { try await TestApp.organization(app, name: "대기기관\(String(format: "%02d", n))", kind: .startup, status: .pending) }
            let web = WebClient(app)
            try await web.login("platform@ieum.test")
            let first = try await web.get("/admin/users")
            #expect(first.body.components(separatedBy: "@ieum.test</td>").count - 1 == UsersPage.perPage)
            #expect(first.body.contains("/admin/users?page=2"))
            #expect(first.body.contains("1 / 3 페이지"))
            let last = try await web.get("/admin/users?page=3")
            #expect(last.body.components(separatedBy: "@ieum.test</td>").count - 1 == 20)
            #expect(try await web.get("/admin/users?page=9223372036854775807").status == .ok)
            let queue = try await web.get("/admin/approvals")
            #expect(queue.body.components(separatedBy: "class=\"org-card\"").count - 1 == ApprovalQueuePage.perPage)
            let rest = try await web.get("/admin/approvals?page=2")
            #expect(rest.body.components(separatedBy: "class=\"org-card\"").count - 1 == 5)
        }
    }

    @Test("a NUL in a path, query, form, JSON or multipart text field is a 400 (PostgreSQL cannot store one); in a file it is left to the file checks")
    func nulIsRefused() async throws {
        try await TestApp.with(demo: true) { app in
            let web = WebClient(app)
            try await web.login("operator@ieum.demo", password: DemoData.password)
            #expect(try await web.get("/organizations?q=a%00b").status == .badRequest)
            #expect(try await web.get("/organizations/%00").status == .badRequest)
            _ = try await web.get("/experts/new")
            #expect(try await web.post("/experts", [("name", "a\u{0}b")]).status == .badRequest)
            _ = try await web.get("/grievances/new")
            let text = try await web.upload("/grievances", fields: [("title", "민원\u{0}제목")], fileField: "attachments[]", fileName: "a.pdf", bytes: Array("%PDF-1.4".utf8))
            #expect(text.status == .badRequest)
            _ = try await web.get("/grievances/new")
            let file = try await web.upload("/grievances", fields: [("title", "민원")], fileField: "attachments[]", fileName: "a.pdf", bytes: Array("%PDF-1.4".utf8) + [0, 0, 1])
            #expect(file.status != .badRequest && file.status.code < 500)
            var json = HTTPHeaders()
            json.contentType = .json
            json.replaceOrAdd(name: "X-CSRF-Token", value: web.csrf ?? "")
            #expect(try await web.send(.POST, "/api/v1/organizations", headers: json, body: ByteBuffer(string: #"{"name":"a\u0000b"}"#)).status == .badRequest)
        }
    }
}
