import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// Two-factor sign-in (issue 16, items 5 and 8): setting it up, the code step of signing in with a
/// wrong, right, replayed and recovery code, throttling, the operators' requirement, turning it off.
@Suite("Two-factor sign-in")
struct TwoFactorTests {
    static let email = "founder@ieum.example"

    /// Two-factor sign-in turned on through the service at `TestApp.now` (its step is then used).
    static func givenTwoFactor(_ app: Application, _ user: User) async throws -> (OneTimePassword, [String]) {
        let actor = try await user.actor(on: app.db)
        let factor = try #require(try await TwoFactor.pendingSetup(for: actor.userID, on: app.db, now: TestApp.now))
        let totp = try #require(TwoFactor.generator(for: factor))
        let codes = try #require(try await TwoFactor.enable(factor, code: totp.code(at: TestApp.now), actor: actor, on: app.db, now: TestApp.now))
        return (totp, codes)
    }

    /// Moves the application's clock `seconds` past `TestApp.now`.
    static func later(_ app: Application, _ seconds: TimeInterval) -> Date {
        let moment = TestApp.now.addingTimeInterval(seconds)
        app.clock = AppClock { moment }
        return moment
    }

    /// The first step: e-mail and password through the sign-in form.
    @discardableResult
    static func password(_ web: WebClient, _ email: String = Self.email, password: String = TestApp.password) async throws -> WebClient.Page {
        try await web.get("/login")
        return try await web.post("/login", [("email", email), ("password", password)])
    }

    static func code(_ web: WebClient, _ code: String) async throws -> WebClient.Page {
        try await web.post("/login/code", [("code", code)])
    }

    /// The text between `start` and the next `end` in `html`.
    static func text(in html: String, after start: String, until end: String) -> String? {
        guard let from = html.range(of: start) else { return nil }
        let rest = html[from.upperBound...]
        guard let to = rest.range(of: end) else { return nil }
        return String(rest[..<to.lowerBound])
    }

    static func recoveryCodes(in html: String) -> [String] {
        html.components(separatedBy: "<li><code>").dropFirst().compactMap { $0.components(separatedBy: "</code>").first }
    }

    // MARK: Setting it up

    @Test("setup shows the key in groups and its otpauth address; a wrong code turns nothing on, a right one does and shows ten recovery codes once")
    func enablingNeedsARightCode() async throws {
        try await TestApp.with { app in
            // given a signed-in person on the setup page
            let user = try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            try await web.login(Self.email)
            let setup = try await web.get("/account/two-factor")
            let grouped = try #require(Self.text(in: setup.body, after: "id=\"two-factor-secret\">", until: "<"))
            let secret = try #require(Base32.decode(grouped))
            let totp = OneTimePassword(secret: secret)
            // when
            let again = try await web.get("/account/two-factor")
            let wrong = try await web.post("/account/two-factor", [("code", totp.code(at: TestApp.now.addingTimeInterval(-120)))])
            let stillOff = try await TwoFactor.isEnabled(try user.requireID(), on: app.db)
            let right = try await web.post("/account/two-factor", [("code", totp.code(at: TestApp.now))])
            let account = try await web.get("/account")
            // then
            #expect(setup.status == .ok)
            #expect(secret.count == 20)
            #expect(grouped.split(separator: " ").count == 8)
            #expect(setup.body.contains("otpauth://totp/Ieum:founder@ieum.example?secret=\(Base32.encode(secret))&amp;issuer=Ieum"))
            #expect(again.body.contains(grouped), "a reloaded setup page keeps the key the app may already hold")
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.contains("코드가 맞지 않습니다"))
            #expect(!stillOff)
            #expect(right.status == .ok)
            let codes = Self.recoveryCodes(in: right.body)
            #expect(codes.count == 10)
            #expect(Set(codes).count == 10)
            #expect(try await TwoFactor.isEnabled(try user.requireID(), on: app.db))
            let stored = try await StoredRecoveryCode.query(on: app.db).filter(\.$userID == user.requireID()).all()
            #expect(stored.count == 10)
            #expect(Set(stored.map(\.codeHash)) == Set(codes.compactMap(RecoveryCode.normalized).map(RecoveryCode.hash)))
            #expect(stored.allSatisfy { hash in !codes.contains { hash.codeHash.contains($0.replacingOccurrences(of: "-", with: "")) } })
            #expect(account.body.contains("id=\"two-factor\""))
            #expect(account.body.contains("남은 복구 코드: 10개"))
            #expect(!account.body.contains(codes[0]), "the codes are shown once, never again")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "user.two-factor.enable").count() == 1)
        }
    }

    @Test("two confirmations of the same setup at once: one turns it on and gets codes, the other gets none")
    func enablingHappensOnce() async throws {
        try await TestApp.with { app in
            // given two reads of the same pending setup, as two requests would hold them
            let user = try await TestApp.user(app, email: Self.email)
            let actor = try await user.actor(on: app.db)
            let first = try #require(try await TwoFactor.pendingSetup(for: actor.userID, on: app.db, now: TestApp.now))
            let second = try #require(try await SecondFactor.find(first.requireID(), on: app.db))
            let code = try #require(TwoFactor.generator(for: first)).code(at: TestApp.now)
            // when
            let (a, b) = await TestApp.atOnce(
                { try? await TwoFactor.enable(first, code: code, actor: actor, on: app.db, now: TestApp.now) },
                { try? await TwoFactor.enable(second, code: code, actor: actor, on: app.db, now: TestApp.now) })
            // then
            #expect([a, b].compactMap { $0 }.count == 1)
            let issued = try #require(a ?? b)
            let stored = try await StoredRecoveryCode.query(on: app.db).all()
            #expect(Set(stored.map(\.codeHash)) == Set(issued.compactMap(RecoveryCode.normalized).map(RecoveryCode.hash)))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "user.two-factor.enable").count() == 1)
        }
    }

    // MARK: Signing in

    @Test("with 2FA on, the password alone starts no session; a wrong code is refused, the right one signs in, and the same code again is refused")
    func signInWithWrongRightAndReplayedCode() async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: Self.email)
            let (totp, _) = try await Self.givenTwoFactor(app, user)
            let now = Self.later(app, 30)
            let web = WebClient(app)
            // when
            let first = try await Self.password(web)
            let sessionsAfterPassword = try await WebSession.query(on: app.db).count()
            let page = try await web.get("/login/code")
            let wrong = try await Self.code(web, totp.code(at: now.addingTimeInterval(-90)))
            let right = try await Self.code(web, totp.code(at: now))
            let account = try await web.get("/account")
            let replay = WebClient(app)
            try await Self.password(replay)
            let replayed = try await Self.code(replay, totp.code(at: now))
            // then
            #expect(first.status == .seeOther)
            #expect(first.headers.first(name: .location) == "/login/code")
            #expect(sessionsAfterPassword == 0)
            #expect(page.status == .ok)
            #expect(page.body.contains("name=\"code\""))
            #expect(page.body.contains("autocomplete=\"one-time-code\""))
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.contains("인증 코드가 맞지 않습니다"))
            #expect(right.status == .seeOther)
            #expect(right.headers.first(name: .location) == "/")
            #expect(account.status == .ok)
            #expect(web.cookies[TwoFactorSignIn.cookieName] == nil, "the code step's cookie is cleared")
            #expect(replayed.status == .unauthorized)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "user.login").count() == 1)
            #expect(try await User.find(user.requireID(), on: app.db)?.lastSignedInAt == now)
        }
    }

    @Test("a code from the step before or after now is accepted (clock drift), two steps away is not")
    func clockDrift() async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: Self.email)
            let (totp, _) = try await Self.givenTwoFactor(app, user)
            let now = Self.later(app, 300)
            let tooOld = WebClient(app)
            let behind = WebClient(app)
            // when
            try await Self.password(tooOld)
            let refused = try await Self.code(tooOld, totp.code(at: now.addingTimeInterval(-60)))
            try await Self.password(behind)
            let accepted = try await Self.code(behind, totp.code(at: now.addingTimeInterval(-30)))
            // then
            #expect(refused.status == .unauthorized)
            #expect(accepted.status == .seeOther)
        }
    }

    @Test("a recovery code signs in once and says how many remain; the same code a second time is refused")
    func recoveryCodeWorksOnce() async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: Self.email)
            let (_, codes) = try await Self.givenTwoFactor(app, user)
            let web = WebClient(app)
            // when
            try await Self.password(web)
            let used = try await Self.code(web, codes[3].uppercased())
            let landing = try await web.get(used.headers.first(name: .location) ?? "/")
            let again = WebClient(app)
            try await Self.password(again)
            let reused = try await Self.code(again, codes[3])
            // then
            #expect(used.status == .seeOther)
            #expect(landing.status == .ok)
            #expect(landing.body.contains("남은 복구 코드: 9개"))
            #expect(reused.status == .unauthorized)
            #expect(try await TwoFactor.recoveryCodesLeft(try user.requireID(), on: app.db) == 9)
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "user.two-factor.recovery-use").first())
            #expect(audit.entityID == user.id?.uuidString)
            #expect(!audit.summary.contains(codes[3]))
        }
    }

    @Test("between the password and the code the browser is nobody: no page for the signed-in opens, and no form acts")
    func halfSignedInHasNoAccess() async throws {
        try await TestApp.with(demo: true) { app in
            // given an operator with 2FA, past the password
            let user = try #require(try await User.query(on: app.db).filter(\.$email == "operator@ieum.demo").first())
            _ = try await Self.givenTwoFactor(app, user)
            let web = WebClient(app)
            let first = try await Self.password(web, "operator@ieum.demo", password: DemoData.password)
            // when
            var answers: [String: (HTTPStatus, String)] = [:]
            for path in ["/account", "/organizations", "/dashboard", "/admin/approvals", "/kpi", "/account/two-factor"] {
                let page = try await web.get(path)
                answers[path] = (page.status, page.headers.first(name: .location) ?? "")
            }
            let disable = try await web.post("/account/two-factor/disable", [("currentPassword", DemoData.password), ("code", "000000")])
            // then
            #expect(first.headers.first(name: .location) == "/login/code")
            for (path, answer) in answers {
                #expect(answer.0 == .seeOther && answer.1.hasPrefix("/login?next="), "\(path): \(answer.0) \(answer.1)")
            }
            #expect(disable.status == .seeOther && (disable.headers.first(name: .location) ?? "").hasPrefix("/login"))
            #expect(try await TwoFactor.isEnabled(try user.requireID(), on: app.db))
        }
    }

    @Test("the code step lasts five minutes; after that, and without its cookie, it sends the person back to sign in")
    func codeStepExpires() async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: Self.email)
            let (totp, _) = try await Self.givenTwoFactor(app, user)
            let web = WebClient(app)
            try await Self.password(web)
            // when
            let now = Self.later(app, 301)
            let late = try await Self.code(web, totp.code(at: now))
            let stranger = WebClient(app)
            try await stranger.get("/login")
            let noCookie = try await Self.code(stranger, totp.code(at: now))
            let noCookiePage = try await stranger.get("/login/code")
            // then
            #expect(late.status == .seeOther)
            #expect(late.headers.first(name: .location) == "/login")
            #expect(noCookie.status == .seeOther)
            #expect(noCookiePage.headers.first(name: .location) == "/login")
            #expect(try await WebSession.query(on: app.db).count() == 0)
        }
    }

    @Test("wrong codes count against the sign-in limit: the sixth gets 429 with Retry-After, and then even the right code and the password form do")
    func wrongCodesAreThrottled() async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: Self.email)
            let (totp, _) = try await Self.givenTwoFactor(app, user)
            let now = Self.later(app, 30)
            let web = WebClient(app)
            try await Self.password(web)
            // when
            var statuses: [HTTPStatus] = []
            for guess in ["000000", "111111", "222222", "333333", "444444"] where guess != totp.code(at: now) {
                statuses.append(try await Self.code(web, guess).status)
            }
            while statuses.count < 5 { statuses.append(try await Self.code(web, "555555").status) }
            let sixth = try await Self.code(web, "666666")
            let right = try await Self.code(web, totp.code(at: now))
            let passwordAgain = try await Self.password(WebClient(app))
            // then
            #expect(statuses == Array(repeating: .unauthorized, count: 5))
            #expect(sixth.status == .tooManyRequests)
            #expect(sixth.headers.first(name: .retryAfter) == "900")
            #expect(sixth.body.contains("로그인 시도가 너무 많습니다"))
            #expect(right.status == .tooManyRequests)
            #expect(passwordAgain.status == .tooManyRequests)
            #expect(try await WebSession.query(on: app.db).count() == 0)
        }
    }

    @Test("a password reset does not bypass 2FA: the new password still asks for the code, and a code step begun before the reset is void")
    func passwordResetKeepsTwoFactor() async throws {
        try await TestApp.with { app in
            // given a code step begun with the old password, then a reset
            let user = try await TestApp.user(app, email: Self.email)
            let (totp, _) = try await Self.givenTwoFactor(app, user)
            let before = WebClient(app)
            try await Self.password(before)
            let now = Self.later(app, 30)
            let web = WebClient(app)
            try await PasswordResetTests.request(web, email: Self.email)
            let path = try PasswordResetTests.path(of: try await PasswordResetTests.link(app, to: Self.email))
            try await web.get(path)
            let reset = try await web.post(path, [("newPassword", PasswordResetTests.newPassword), ("confirmPassword", PasswordResetTests.newPassword)])
            // when
            let oldStep = try await Self.code(before, totp.code(at: now))
            let first = try await Self.password(web, password: PasswordResetTests.newPassword)
            let account = try await web.get("/account")
            let second = try await Self.code(web, totp.code(at: now))
            // then
            #expect(reset.status == .seeOther)
            #expect(oldStep.status == .seeOther)
            #expect(oldStep.headers.first(name: .location) == "/login")
            #expect(first.headers.first(name: .location) == "/login/code")
            #expect(account.status == .seeOther)
            #expect(second.status == .seeOther)
            #expect(second.headers.first(name: .location) == "/")
            #expect(try await web.get("/account").status == .ok)
        }
    }

    @Test("signing in keeps where the person was going through the code step")
    func nextSurvivesCodeStep() async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: Self.email)
            let (totp, _) = try await Self.givenTwoFactor(app, user)
            let now = Self.later(app, 30)
            let web = WebClient(app)
            try await web.get("/login?next=/inbox")
            // when
            let first = try await web.post("/login", [("email", Self.email), ("password", TestApp.password), ("next", "/inbox")])
            let done = try await Self.code(web, totp.code(at: now))
            // then
            #expect(first.headers.first(name: .location) == "/login/code")
            #expect(done.headers.first(name: .location) == "/inbox")
        }
    }
}
