import Crypto
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// Signing in and out, sessions, password change, API tokens and operators creating users.
@Suite("Accounts")
struct AccountsTests {
    static let email = "member@ieum.example"

    // MARK: sign in

    @Test("a good password signs in: 303 to the registry, a new HttpOnly SameSite=Lax session cookie")
    func loginSucceeds() async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            let form = try await web.get("/login")
            let before = web.cookies["ieum_session"]
            // when
            let response = try await web.post("/login", [("email", Self.email), ("password", TestApp.password)])
            // then
            #expect(form.status == .ok)
            #expect(form.body.contains("<h1>로그인</h1>"))
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/")
            let cookie = try #require(response.headers[.setCookie].first { $0.hasPrefix("ieum_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Path=/"))
            #expect(web.cookies["ieum_session"] != nil)
            #expect(web.cookies["ieum_session"] != before)  // a session fixed before sign-in is worthless
            let registry = try await web.get("/organizations")
            #expect(registry.status == .ok)
            #expect(registry.body.contains("<h1>기관 목록</h1>"))
            let attempts = try await LoginAttempt.query(on: app.db).all()
            #expect(attempts.map(\.succeeded) == [true])
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "user.login").first()?.actorID == user.id)
        }
    }

    @Test("the e-mail is matched without regard to case or surrounding spaces")
    func loginIgnoresEmailCase() async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            _ = try await web.get("/login")
            // when
            let response = try await web.post("/login", [("email", "  Member@IEUM.example "), ("password", TestApp.password)])
            // then
            #expect(response.status == .seeOther)
            #expect(try await web.get("/account").body.contains(Self.email))
        }
    }

    @Test("the session lives in the database: a row in web_sessions holds the user's id and its end")
    func sessionIsStoredInDatabase() async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            // when
            try await web.login(Self.email)
            // then
            let cookie = try #require(web.cookies["ieum_session"])
            let record = try #require(try await WebSession.query(on: app.db).filter(\.$key == cookie).first())
            #expect(record.data[SessionActorMiddleware.userKey] == user.id?.uuidString)
            #expect(record.userID == user.id)
            #expect(record.expiresAt == TestApp.now.addingTimeInterval(SessionActorMiddleware.lifetime))
        }
    }

    @Test("a wrong password or an unknown e-mail gets 401 and the same message", arguments: [
        (AccountsTests.email, "wrong-password-123"),
        ("nobody@ieum.example", TestApp.password),
    ])
    func loginFails(email: String, password: String) async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            _ = try await web.get("/login")
            // when
            let response = try await web.post("/login", [("email", email), ("password", password)])
            // then
            #expect(response.status == .unauthorized)
            #expect(response.body.contains("이메일 또는 비밀번호가 올바르지 않습니다."))
            #expect(response.body.contains("name=\"email\" value=\"\(email)\""))  // the e-mail stays typed
            #expect(!response.body.contains(password))
            #expect(try await LoginAttempt.query(on: app.db).filter(\.$succeeded == false).count() == 1)
            let registry = try await web.get("/organizations")
            #expect(registry.status == .seeOther)
        }
    }

    @Test("a deactivated account cannot sign in")
    func inactiveUser() async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: Self.email)
            user.active = false
            try await user.save(on: app.db)
            let web = WebClient(app)
            _ = try await web.get("/login")
            // when
            let response = try await web.post("/login", [("email", Self.email), ("password", TestApp.password)])
            // then
            #expect(response.status == .unauthorized)
        }
    }

    @Test("after 5 failures for an e-mail within 15 minutes, sign-in is refused with 429 and Retry-After")
    func throttling() async throws {
        try await TestApp.with { app in
            // given five wrong passwords
            try await TestApp.user(app, email: Self.email)
            try await TestApp.user(app, email: "other@ieum.example")
            let web = WebClient(app)
            _ = try await web.get("/login")
            for _ in 1...5 {
                let failed = try await web.post("/login", [("email", Self.email), ("password", "wrong-password-123")])
                #expect(failed.status == .unauthorized)
            }
            // when: even the right password
            let refused = try await web.post("/login", [("email", Self.email), ("password", TestApp.password)])
            // then
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers.first(name: .retryAfter) == "900")
            #expect(refused.body.contains("로그인 시도가 너무 많습니다. 15분 후 다시 시도하세요."))
            #expect(try await web.get("/organizations").status == .seeOther)
            // the refused attempt is recorded too (before anything is checked), but its password is not tried
            #expect(try await LoginAttempt.query(on: app.db).count() == 6)
            #expect(try await LoginAttempt.query(on: app.db).filter(\.$succeeded == true).count() == 0)
            // another e-mail from the same place still signs in
            let other = WebClient(app)
            try await other.login("other@ieum.example")
        }
    }

    @Test("failures older than 15 minutes no longer count")
    func oldFailuresExpire() async throws {
        try await TestApp.with { app in
            // given five failures 16 minutes ago
            try await TestApp.user(app, email: Self.email)
            for _ in 1...5 {
                try await LoginAttempt(email: Self.email, address: "unknown", succeeded: false, attemptedAt: TestApp.now.addingTimeInterval(-16 * 60)).create(on: app.db)
            }
            let web = WebClient(app)
            _ = try await web.get("/login")
            // when
            let response = try await web.post("/login", [("email", Self.email), ("password", TestApp.password)])
            // then
            #expect(response.status == .seeOther)
        }
    }

    @Test("a signed-in person visiting /login goes to the registry")
    func loginPageWhenSignedIn() async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            try await web.login(Self.email)
            // when
            let page = try await web.get("/login")
            // then
            #expect(page.status == .seeOther)
            #expect(page.headers.first(name: .location) == "/")
        }
    }

    @Test("a visitor sent to sign in comes back to the page they asked for, query included")
    func nextKeepsQuery() async throws {
        try await TestApp.with { app in
            // given a shared link to a filtered list
            try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            // when
            let bounce = try await web.get("/organizations?kind=startup&q=" + "스마트공장".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            // then
            #expect(bounce.status == .seeOther)
            let location = try #require(bounce.headers.first(name: .location))
            #expect(location.hasPrefix("/login?next=/organizations"))
            #expect(location.contains("kind") && location.contains("startup"))
        }
    }

    @Test("deactivating an account ends its session and its API tokens")
    func deactivationEndsAccess() async throws {
        try await TestApp.with { app in
            // given a signed-in person with a token
            let plain = try await Self.issueToken(app)
            let web = WebClient(app)
            try await web.login(Self.email)
            #expect(try await web.get("/account").status == .ok)
            // when
            let user = try #require(try await User.query(on: app.db).filter(\.$email == Self.email).first())
            user.active = false
            try await user.save(on: app.db)
            // then
            let page = try await web.get("/account")
            #expect(page.status == .seeOther)
            #expect(page.headers.first(name: .location) == "/login?next=/account")
            let script = try await WebClient(app).get("/organizations", headers: ["Authorization": "Bearer \(plain)"])
            #expect(script.status == .unauthorized)
        }
    }

    @Test("a session ends on the server 12 hours after sign-in, as its cookie does")
    func sessionLifetime() async throws {
        try await TestApp.with { app in
            // given a person signed in at 10:00
            try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            try await web.login(Self.email)
            // when the same cookie comes back 13 hours later
            app.clock = AppClock { TestApp.now.addingTimeInterval(13 * 3600) }
            let page = try await web.get("/account")
            // then
            #expect(page.status == .seeOther)
            #expect(page.headers.first(name: .location) == "/login?next=/account")
        }
    }

    // MARK: sign out

    @Test("logout destroys the session: the next page asks to sign in again")
    func logout() async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            try await web.login(Self.email)
            _ = try await web.get("/organizations")
            let sessionID = try #require(web.cookies["ieum_session"])
            // when
            let response = try await web.post("/logout", [])
            // then
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/login")
            #expect(response.headers[.setCookie].contains { $0.hasPrefix("ieum_session=;") })
            #expect(try await SessionRecord.query(on: app.db).filter(\.$key == SessionID(string: sessionID)).count() == 0)
            let next = try await web.get("/organizations")
            #expect(next.status == .seeOther)
            #expect(next.headers.first(name: .location) == "/login?next=/organizations")
        }
    }

    // MARK: password

    struct PasswordCase: Sendable, CustomTestStringConvertible {
        let current: String, new: String, confirm: String, field: String, message: String
        var testDescription: String { message }
    }

    @Test("a password change with a problem is refused, with the message next to its field", arguments: [
        PasswordCase(current: "not-my-password", new: "new-password-2026", confirm: "new-password-2026", field: "currentPassword", message: "현재 비밀번호가 맞지 않습니다."),
        PasswordCase(current: TestApp.password, new: "short", confirm: "short", field: "newPassword", message: "비밀번호는 10자 이상이어야 합니다."),
        PasswordCase(current: TestApp.password, new: "new-password-2026", confirm: "new-password-2027", field: "confirmPassword", message: "새 비밀번호와 확인이 다릅니다."),
        PasswordCase(current: TestApp.password, new: "1Q2W3E4R5T", confirm: "1Q2W3E4R5T", field: "newPassword", message: "너무 흔한 비밀번호입니다. 다른 사람이 짐작하기 어려운 문장이나 단어 조합을 쓰세요."),
        PasswordCase(current: TestApp.password, new: "qwer1234!@", confirm: "qwer1234!@", field: "newPassword", message: "너무 흔한 비밀번호입니다. 다른 사람이 짐작하기 어려운 문장이나 단어 조합을 쓰세요."),
        PasswordCase(current: TestApp.password, new: "zzzzzzzzzzzz", confirm: "zzzzzzzzzzzz", field: "newPassword", message: "너무 흔한 비밀번호입니다. 다른 사람이 짐작하기 어려운 문장이나 단어 조합을 쓰세요."),
        PasswordCase(current: TestApp.password, new: AccountsTests.email.uppercased(), confirm: AccountsTests.email.uppercased(), field: "newPassword", message: "비밀번호에 이메일 주소를 쓰지 마세요."),
        PasswordCase(current: TestApp.password, new: "my-" + AccountsTests.email.split(separator: "@")[0] + "-2026", confirm: "my-" + AccountsTests.email.split(separator: "@")[0] + "-2026", field: "newPassword", message: "비밀번호에 이메일 주소를 쓰지 마세요."),
    ])
    func passwordChangeRefused(_ c: PasswordCase) async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            try await web.login(Self.email)
            _ = try await web.get("/account")
            // when
            let page = try await web.post("/account/password", [("currentPassword", c.current), ("newPassword", c.new), ("confirmPassword", c.confirm)])
            // then
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.element(id: "\(c.field)-error") == c.message)
            let stored = try #require(try await User.find(user.id, on: app.db))
            #expect(try app.password.verify(TestApp.password, created: stored.passwordHash))
        }
    }

    @Test("a good password change works: the new password signs in, the old one no longer does")
    func passwordChangeSucceeds() async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            try await web.login(Self.email)
            _ = try await web.get("/account")
            // when
            let response = try await web.post("/account/password", [("currentPassword", TestApp.password), ("newPassword", "new-password-2026"), ("confirmPassword", "new-password-2026")])
            // then
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/account")
            #expect(try await web.get("/account").body.contains("비밀번호를 바꿨습니다."))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "user.password").first()?.actorID == user.id)
            let fresh = WebClient(app)
            _ = try await fresh.get("/login")
            let old = try await fresh.post("/login", [("email", Self.email), ("password", TestApp.password)])
            #expect(old.status == .unauthorized)
            try await fresh.login(Self.email, password: "new-password-2026")
        }
    }

    // MARK: API tokens

    @Test("a new API token is shown once; only its SHA-256 is stored")
    func createToken() async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            try await web.login(Self.email)
            _ = try await web.get("/account")
            // when
            let page = try await web.post("/account/tokens", [("tokenName", "CI 스크립트")])
            // then
            #expect(page.status == .ok)
            let plain = try #require(page.body.element(id: "new-token"))
            #expect(plain.hasPrefix("ieum_"))
            #expect(plain.count > 40)
            let token = try #require(try await APIToken.query(on: app.db).first())
            #expect(token.$user.id == user.id)
            #expect(token.name == "CI 스크립트")
            #expect(token.tokenHash == SHA256.hash(data: Data(plain.utf8)).map { String(format: "%02x", $0) }.joined())
            #expect(token.tokenHash != plain)
            #expect(plain.hasPrefix(token.prefix) && token.prefix.count < 12)
            let again = try await web.get("/account")
            #expect(!again.body.contains(plain))
            #expect(again.body.contains("CI 스크립트"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "token.create").count() == 1)
        }
    }

    @Test("a token without a name is refused")
    func tokenNeedsName() async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            try await web.login(Self.email)
            _ = try await web.get("/account")
            // when
            let page = try await web.post("/account/tokens", [("tokenName", "  ")])
            // then
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.element(id: "tokenName-error") == "토큰 이름을 100자 이내로 입력하세요.")
            #expect(try await APIToken.query(on: app.db).count() == 0)
        }
    }

    @Test("Authorization: Bearer <token> acts for the token's owner under /api/v1 only, without cookies or CSRF")
    func bearerToken() async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.organization(app, name: "토큰으로보는기업", kind: .demand)
            let plain = try await Self.issueToken(app)
            let script = WebClient(app)
            // when
            let api = try await script.get("/api/v1/organizations", headers: ["Authorization": "Bearer \(plain)"])
            let web = try await script.get("/organizations", headers: ["Authorization": "Bearer \(plain)"])
            // then
            #expect(api.status == .ok)
            #expect(api.body.contains("토큰으로보는기업"))
            #expect(try await APIToken.query(on: app.db).first()?.lastUsedAt == TestApp.now)
            #expect(web.status == .unauthorized)
            #expect(!web.body.contains("토큰으로보는기업"))
        }
    }

    @Test("deleting a token revokes it")
    func revokeToken() async throws {
        try await TestApp.with { app in
            // given
            let plain = try await Self.issueToken(app)
            let web = WebClient(app)
            try await web.login(Self.email)
            let account = try await web.get("/account")
            let token = try #require(try await APIToken.query(on: app.db).first())
            #expect(account.body.contains("action=\"/account/tokens/\(try token.requireID().uuidString)/delete\""))
            // when
            let response = try await web.post("/account/tokens/\(try token.requireID().uuidString)/delete", [])
            // then
            #expect(response.status == .seeOther)
            #expect(try await APIToken.query(on: app.db).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "token.delete").count() == 1)
            let refused = try await WebClient(app).get("/organizations", headers: ["Authorization": "Bearer \(plain)"])
            #expect(refused.status != .ok)
            #expect(!refused.body.contains("기관 목록"))
        }
    }

    @Test("someone else's token cannot be deleted")
    func revokeOthersToken() async throws {
        try await TestApp.with { app in
            // given a token of another user
            _ = try await Self.issueToken(app)
            let token = try #require(try await APIToken.query(on: app.db).first())
            try await TestApp.user(app, email: "intruder@ieum.example")
            let web = WebClient(app)
            try await web.login("intruder@ieum.example")
            _ = try await web.get("/account")
            // when
            let response = try await web.post("/account/tokens/\(try token.requireID().uuidString)/delete", [])
            // then
            #expect(response.status == .notFound)
            #expect(try await APIToken.query(on: app.db).count() == 1)
        }
    }

    @Test("an invalid bearer token is answered with 401, not a login page")
    func invalidBearer() async throws {
        try await TestApp.with { app in
            // given
            let script = WebClient(app)
            // when
            let page = try await script.get("/organizations", headers: ["Authorization": "Bearer ieum_not-a-real-token"])
            // then
            #expect(page.status == .unauthorized)
        }
    }

    // MARK: operators create users

    @Test("an operator creates a user who joins an organisation and can sign in")
    func operatorCreatesUser() async throws {
        try await TestApp.with { app in
            // given
            let org = try await TestApp.organization(app, name: "한빛전자", kind: .demand, businessNumber: TestApp.businessNumber(40))
            try await TestApp.user(app, email: "op@ieum.example", role: .operator)
            let web = WebClient(app)
            try await web.login("op@ieum.example")
            let form = try await web.get("/admin/users")
            // when
            let response = try await web.post("/admin/users", [
                ("email", "Buyer@Hanbit.example"), ("name", "김구매"), ("password", "initial-pass-2026"),
                ("platformRole", "member"), ("organization", TestApp.businessNumber(40).hyphenatedNumber), ("membershipRole", "admin"),
            ])
            // then
            #expect(form.status == .ok)
            #expect(form.body.contains("<h1>사용자 관리</h1>"))
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/admin/users")
            let user = try #require(try await User.query(on: app.db).filter(\.$email == "buyer@hanbit.example").first())
            #expect(user.name == "김구매")
            #expect(user.platformRole == .member)
            #expect(user.passwordHash != "initial-pass-2026")
            let membership = try #require(try await Membership.query(on: app.db).filter(\.$user.$id == user.requireID()).first())
            #expect(membership.$organization.id == org.id)
            #expect(membership.role == .admin)
            let list = try await web.get("/admin/users")
            #expect(list.body.contains("사용자를 만들었습니다."))
            #expect(list.body.contains("buyer@hanbit.example"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "user.create").first()?.summary.contains("김구매") == true)
            try await WebClient(app).login("buyer@hanbit.example", password: "initial-pass-2026")
        }
    }

    struct NewUserCase: Sendable, CustomTestStringConvertible {
        let fields: [String: String]
        let field: String
        let message: String
        var testDescription: String { message }
    }

    @Test("bad input for a new user is refused with Korean messages next to the fields", arguments: [
        NewUserCase(fields: ["email": "not-an-email"], field: "email", message: "올바른 이메일 주소를 입력하세요."),
        NewUserCase(fields: ["email": "op@ieum.example"], field: "email", message: "이미 가입된 이메일입니다."),
        NewUserCase(fields: ["name": " "], field: "name", message: "이름을 입력하세요."),
        NewUserCase(fields: ["password": "short"], field: "password", message: "비밀번호는 10자 이상이어야 합니다."),
        NewUserCase(fields: ["platformRole": "superuser"], field: "platformRole", message: "역할을 선택하세요."),
        NewUserCase(fields: ["organization": "없는기관"], field: "organization", message: "해당 기관을 찾을 수 없습니다: 없는기관"),
    ])
    func operatorCreatesUserWithErrors(_ c: NewUserCase) async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: "op@ieum.example", role: .operator)
            let web = WebClient(app)
            try await web.login("op@ieum.example")
            _ = try await web.get("/admin/users")
            var fields = ["email": "new@ieum.example", "name": "새사용자", "password": "initial-pass-2026", "platformRole": "member", "organization": "", "membershipRole": "member"]
            fields.merge(c.fields) { $1 }
            // when
            let page = try await web.post("/admin/users", fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            // then
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.element(id: "\(c.field)-error") == c.message)
            #expect(try await User.query(on: app.db).count() == 1)
        }
    }

    @Test("anyone but an operator gets 403 on /admin/users and creates nobody", arguments: [PlatformRole.member, .judge])
    func nonOperatorUsersPage(role: PlatformRole) async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: Self.email, role: role)
            let web = WebClient(app)
            try await web.login(Self.email)
            _ = try await web.get("/account")
            // when
            let page = try await web.get("/admin/users")
            let post = try await web.post("/admin/users", [("email", "sneaky@ieum.example"), ("name", "몰래"), ("password", "initial-pass-2026"), ("platformRole", "operator")])
            // then
            #expect(page.status == .forbidden)
            #expect(page.body.contains("이 작업을 할 권한이 없습니다."))
            #expect(post.status == .forbidden)
            #expect(try await User.query(on: app.db).filter(\.$email == "sneaky@ieum.example").count() == 0)
        }
    }

    // MARK: helpers

    /// Signs in as a new user, makes a token through the account page and returns its plain value.
    static func issueToken(_ app: Application) async throws -> String {
        try await TestApp.user(app, email: Self.email, role: .operator)
        let web = WebClient(app)
        try await web.login(Self.email)
        _ = try await web.get("/account")
        let page = try await web.post("/account/tokens", [("tokenName", "script")])
        return try #require(page.body.element(id: "new-token"))
    }
}

private extension String {
    /// The text inside the element with this id (up to its closing tag), if any.
    func element(id: String) -> String? {
        guard let start = range(of: "id=\"\(id)\"") else { return nil }
        guard let open = self[start.upperBound...].firstIndex(of: ">") else { return nil }
        let rest = self[index(after: open)...]
        guard let close = rest.range(of: "</") else { return nil }
        return String(rest[..<close.lowerBound])
    }

    /// `1234567890` → `123-45-67890`.
    var hyphenatedNumber: String {
        let chars = Array(self)
        return String(chars[0..<3]) + "-" + String(chars[3..<5]) + "-" + String(chars[5...])
    }
}
