import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// Two-factor sign-in on the account (issue 16, item 5): turning it off and new recovery codes ask
/// for the password and a code; operators can be required to use it; a platform operator may turn
/// it off for someone who lost their phone.
@Suite("Two-factor sign-in on the account")
struct TwoFactorAccountTests {
    static let email = TwoFactorTests.email

    /// Signs in through both steps with the code of the step `seconds` after `TestApp.now`.
    static func signIn(_ app: Application, _ totp: OneTimePassword, at seconds: TimeInterval, email: String = Self.email) async throws -> WebClient {
        let now = TwoFactorTests.later(app, seconds)
        let web = WebClient(app)
        try await TwoFactorTests.password(web, email)
        let done = try await TwoFactorTests.code(web, totp.code(at: now))
        #expect(done.status == .seeOther, "second step of \(email): \(done.status)")
        try await web.get(done.headers.first(name: .location) ?? "/")
        return web
    }

    @Test("turning it off needs the current password and a right code; after that the password alone signs in")
    func disablingNeedsPasswordAndCode() async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: Self.email)
            let (totp, _) = try await TwoFactorTests.givenTwoFactor(app, user)
            let web = try await Self.signIn(app, totp, at: 30)
            try await web.get("/account/two-factor")
            let now = TwoFactorTests.later(app, 60)
            // when
            let noPassword = try await web.post("/account/two-factor/disable", [("currentPassword", "wrong-password-here"), ("code", totp.code(at: now))])
            let noCode = try await web.post("/account/two-factor/disable", [("currentPassword", TestApp.password), ("code", "12345")])
            let stillOn = try await TwoFactor.isEnabled(try user.requireID(), on: app.db)
            let off = try await web.post("/account/two-factor/disable", [("currentPassword", TestApp.password), ("code", totp.code(at: now))])
            let plain = WebClient(app)
            let signIn = try await TwoFactorTests.password(plain)
            // then
            #expect(noPassword.status == .unprocessableEntity)
            #expect(noPassword.body.contains("현재 비밀번호가 맞지 않습니다"))
            #expect(noCode.status == .unprocessableEntity)
            #expect(noCode.body.contains("인증 코드가 맞지 않습니다"))
            #expect(stillOn)
            #expect(off.status == .seeOther)
            #expect(off.headers.first(name: .location) == "/account")
            #expect(!(try await TwoFactor.isEnabled(try user.requireID(), on: app.db)))
            #expect(try await StoredRecoveryCode.query(on: app.db).count() == 0)
            #expect(signIn.headers.first(name: .location) == "/")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "user.two-factor.disable").count() == 1)
        }
    }

    @Test("new recovery codes need the password and a code; the earlier codes stop working and a new one signs in")
    func regeneratingReplacesCodes() async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: Self.email)
            let (totp, old) = try await TwoFactorTests.givenTwoFactor(app, user)
            let web = try await Self.signIn(app, totp, at: 30)
            try await web.get("/account/two-factor")
            // when
            let refused = try await web.post("/account/two-factor/recovery-codes", [("currentPassword", ""), ("code", old[0])])
            let page = try await web.post("/account/two-factor/recovery-codes", [("currentPassword", TestApp.password), ("code", old[0])])
            let fresh = TwoFactorTests.recoveryCodes(in: page.body)
            let withOld = WebClient(app)
            try await TwoFactorTests.password(withOld)
            let oldAnswer = try await TwoFactorTests.code(withOld, old[1])
            let withNew = WebClient(app)
            try await TwoFactorTests.password(withNew)
            let newAnswer = try await TwoFactorTests.code(withNew, try #require(fresh.first))
            // then
            #expect(refused.status == .unprocessableEntity)
            #expect(page.status == .ok)
            #expect(fresh.count == 10)
            #expect(Set(fresh).isDisjoint(with: old))
            #expect(oldAnswer.status == .unauthorized)
            #expect(newAnswer.status == .seeOther)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "user.two-factor.recovery-codes").count() == 1)
        }
    }

    @Test("required for operators: an operator without 2FA reaches only the setup page and sign-out until it is on; members are not affected")
    func requiredForOperators() async throws {
        try await TestApp.with { app in
            // given the requirement, an operator and a member, neither with 2FA
            app.ieumConfiguration.requireOperatorTwoFactor = true
            try await TestApp.user(app, email: "op@ieum.example", role: .operator)
            try await TestApp.user(app, email: Self.email)
            let member = WebClient(app)
            try await member.login(Self.email)
            let web = WebClient(app)
            try await TwoFactorTests.password(web, "op@ieum.example")
            // when
            var sent: [String: String] = [:]
            for path in ["/organizations", "/admin/users", "/account", "/kpi", "/dashboard"] {
                let page = try await web.get(path)
                sent[path] = page.status == .seeOther ? page.headers.first(name: .location) ?? "" : "\(page.status.code)"
            }
            let setup = try await web.get("/account/two-factor")
            let posted = try await web.post("/account/language", [("language", "en")])
            let grouped = try #require(TwoFactorTests.text(in: setup.body, after: "id=\"two-factor-secret\">", until: "<"))
            let totp = OneTimePassword(secret: try #require(Base32.decode(grouped)))
            let enabled = try await web.post("/account/two-factor", [("code", totp.code(at: TestApp.now))])
            let afterwards = try await web.get("/organizations")
            let memberPage = try await member.get("/organizations")
            // then
            #expect(sent == Dictionary(uniqueKeysWithValues: ["/organizations", "/admin/users", "/account", "/kpi", "/dashboard"].map { ($0, "/account/two-factor") }))
            #expect(posted.status == .seeOther && posted.headers.first(name: .location) == "/account/two-factor")
            #expect(setup.status == .ok)
            #expect(setup.body.contains("운영자 계정은 2단계 인증을 설정해야"))
            #expect(enabled.status == .ok)
            #expect(afterwards.status == .ok)
            #expect(memberPage.status == .ok)
        }
    }

    @Test("required for operators: an operator's API token works only once the operator uses 2FA")
    func requiredForOperatorTokens() async throws {
        try await TestApp.with { app in
            // given the requirement and an operator's token
            app.ieumConfiguration.requireOperatorTwoFactor = true
            let user = try await TestApp.user(app, email: "op@ieum.example", role: .operator)
            let (_, token) = try await APITokens.issue(for: try user.requireID(), name: "ci", scope: .read, on: app.db, actor: nil, now: TestApp.now)
            let headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            // when
            let refused = try await app.testing().sendRequest(.GET, "/api/v1/people/me", headers: headers)
            _ = try await TwoFactorTests.givenTwoFactor(app, user)
            let allowed = try await app.testing().sendRequest(.GET, "/api/v1/people/me", headers: headers)
            // then
            #expect(refused.status == .forbidden)
            #expect(refused.headers.contentType?.subType == "problem+json")
            #expect(allowed.status == .ok)
        }
    }

    @Test("without the requirement an operator without 2FA works as before")
    func notRequiredByDefault() async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: "op@ieum.example", role: .operator)
            let web = WebClient(app)
            try await web.login("op@ieum.example")
            // when
            let page = try await web.get("/organizations")
            // then
            #expect(app.ieumConfiguration.requireOperatorTwoFactor == false)
            #expect(page.status == .ok)
        }
    }

    @Test("an operator held at setup may still sign out")
    func heldOperatorSignsOut() async throws {
        try await TestApp.with { app in
            // given
            app.ieumConfiguration.requireOperatorTwoFactor = true
            try await TestApp.user(app, email: "op@ieum.example", role: .operator)
            let web = WebClient(app)
            try await web.login("op@ieum.example")
            let held = try await web.get("/account/two-factor")
            // when
            let out = try await web.post("/logout", [])
            let after = try await web.get("/organizations")
            // then
            #expect(held.body.contains("action=\"/logout\""))
            #expect(out.status == .seeOther)
            #expect(out.headers.first(name: .location) == "/login")
            #expect(after.headers.first(name: .location)?.hasPrefix("/login") == true)
        }
    }

    @Test("a platform operator turns off a person's 2FA (audited); the person then signs in with the password; nobody else may")
    func operatorTurnsOffForSomeone() async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: Self.email)
            _ = try await TwoFactorTests.givenTwoFactor(app, user)
            try await TestApp.user(app, email: "platform@ieum.example", role: .operator)
            try await TestApp.user(app, email: "other@ieum.example")
            let platform = WebClient(app)
            try await platform.login("platform@ieum.example")
            let other = WebClient(app)
            try await other.login("other@ieum.example")
            let path = "/admin/users/\(try user.requireID())/two-factor/disable"
            // when
            let refused = try await other.post(path, [])
            let stillOn = try await TwoFactor.isEnabled(try user.requireID(), on: app.db)
            let done = try await platform.post(path, [])
            let again = try await platform.post(path, [])
            let signIn = try await TwoFactorTests.password(WebClient(app))
            // then
            #expect(refused.status == .forbidden)
            #expect(stillOn)
            #expect(done.status == .seeOther)
            #expect(done.headers.first(name: .location) == "/admin/users")
            #expect(again.status == .seeOther)
            #expect(!(try await TwoFactor.isEnabled(try user.requireID(), on: app.db)))
            #expect(signIn.headers.first(name: .location) == "/")
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "user.two-factor.reset").first())
            #expect(audit.entityID == user.id?.uuidString)
            #expect(audit.actorName.contains("platform@ieum.example"))
        }
    }

    @Test("IEUM_REQUIRE_OPERATOR_2FA takes 1 or 0, and anything else is reported by name")
    func configurationVariable() throws {
        // when
        let on = try Configuration.fromEnvironment(["IEUM_REQUIRE_OPERATOR_2FA": "1"])
        let off = try Configuration.fromEnvironment(["IEUM_REQUIRE_OPERATOR_2FA": "0"])
        let unset = try Configuration.fromEnvironment([:])
        var problem: Configuration.ProblemList?
        do { _ = try Configuration.fromEnvironment(["IEUM_REQUIRE_OPERATOR_2FA": "maybe"]) } catch { problem = error }
        // then
        #expect(on.requireOperatorTwoFactor)
        #expect(!off.requireOperatorTwoFactor)
        #expect(!unset.requireOperatorTwoFactor)
        #expect(problem?.problems.map(\.variable) == ["IEUM_REQUIRE_OPERATOR_2FA"])
    }
}
