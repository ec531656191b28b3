import Fluent
import Foundation
import IeumCore
import Vapor

/// Sign in, sign out, password change, API tokens, and operators creating users.
struct AccountsController {
    static let throttleWindow: TimeInterval = 15 * 60
    static let maxFailuresPerEmail = 5
    static let maxFailuresPerAddress = 30

    func register(_ app: Application) {
        app.on(.accounts(.loginPage), use: loginPage)
        app.on(.accounts(.login), use: login)
        app.on(.accounts(.logout), use: logout)
        app.on(.accounts(.accountPage), use: accountPage)
        app.on(.accounts(.changePassword), use: changePassword)
        app.on(.accounts(.setMailLanguage), use: setMailLanguage)
        app.on(.accounts(.createToken), use: createToken)
        app.on(.accounts(.deleteToken), use: deleteToken)
        app.on(.accounts(.usersPage), use: usersPage)
        app.on(.accounts(.createUser), use: createUser)
        app.on(.accounts(.revokeUserTokens), use: revokeUserTokens)
        app.on(.accounts(.setUserActive), use: setUserActive)
        app.on(.accounts(.sendUserResetLink), use: sendUserResetLink)
        app.on(.accounts(.setUserRole), use: setUserRole)
        PasswordResetController().register(app)
    }

    struct LoginForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    func loginPage(req: Request) async throws -> Response {
        if req.actor != nil { return req.redirect(to: SiteURL.home.path) }
        return LoginPage(email: "", next: req.query[String.self, at: "next"], message: nil).response(req)
    }

    func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form.password ?? ""
        let address = Self.clientAddress(req)
        let now = req.now
        let since = now.addingTimeInterval(-Self.throttleWindow)

        // The attempt is written before anything is checked, so parallel guesses count against
        // each other; a throttled attempt counts too.
        let attempt = LoginAttempt(email: String(email.prefix(320)), address: address, succeeded: false, attemptedAt: now)
        try await attempt.create(on: req.db)
        let failuresForEmail = try await LoginAttempt.query(on: req.db)
            .filter(\.$email == attempt.email).filter(\.$succeeded == false).filter(\.$attemptedAt > since).count()
        let failuresForAddress = try await LoginAttempt.query(on: req.db)
            .filter(\.$address == address).filter(\.$succeeded == false).filter(\.$attemptedAt > since).count()
        if failuresForEmail > Self.maxFailuresPerEmail || failuresForAddress > Self.maxFailuresPerAddress {
            let message = IeumError.throttled(retryAfterSeconds: Int(Self.throttleWindow)).message
            let response = LoginPage(email: email, next: form.next, message: message).response(req, status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(Self.throttleWindow)))
            return response
        }

        let user = try await User.query(on: req.db).filter(\.$email == email).first()
        // An unknown or inactive account costs the same bcrypt as a known one, so the answer's
        // timing does not tell which e-mails exist.
        var digest = user.flatMap { $0.active ? $0.passwordHash : nil } ?? ""
        if digest.isEmpty { digest = try await Self.decoyHash(req) }
        let matches = (try? await req.passwordHasher.verify(password, created: digest)) ?? false
        let verified = matches && (user?.active ?? false)
        if verified {
            attempt.succeeded = true
            try await attempt.save(on: req.db)
        }
        guard verified, let user else {
            let message = Localized("이메일 또는 비밀번호가 올바르지 않습니다.", "The e-mail or password is not correct.")
            return LoginPage(email: email, next: form.next, message: message).response(req, status: .unauthorized)
        }
        // A digest of the earlier form (bcrypt of the raw password) is stored anew, pre-hashed.
        if PrehashingBcryptHasher.needsUpgrade(user.passwordHash) {
            user.passwordHash = try await req.passwordHasher.hash(password)
            try await user.save(on: req.db)
        }
        // With two-factor sign-in on, a right password only opens the code step: no session yet.
        if let codeStep = try await TwoFactorSignIn.challenge(user, req: req, next: form.next) { return codeStep }
        return try await Self.completeSignIn(of: user, req: req, next: form.next)
    }

    /// Starts the session of a person whose every factor has been checked: a new session id (so
    /// a session fixed before it is worthless), the sign-in moment, `last_signed_in_at`, the audit
    /// entry, and a redirect to `next` when it is a safe path on this site.
    static func completeSignIn(of user: User, req: Request, next: String?) async throws -> Response {
        // A self-registered account is usable once its e-mail link was followed. Said only to
        // someone who typed the right password, so it tells nobody else the address exists.
        guard user.emailVerifiedAt != nil else {
            let message = Localized("이메일 인증을 마치지 않은 계정입니다. 가입할 때 받은 메일의 링크를 여세요. 메일이 없으면 아래에서 다시 받으세요.",
                                    "This account's e-mail address is not verified yet. Open the link in the mail you got when you signed up, or ask for a new one below.")
            return LoginPage(email: user.email, next: next, message: message, unverifiedEmail: user.email).response(req, status: .forbidden)
        }
        let now = req.now
        if let oldID = req.session.id {
            try await req.application.sessions.driver.deleteSession(oldID, for: req).get()
        }
        req.session.id = nil
        req.session.data = SessionData()
        req.session.data[SessionActorMiddleware.userKey] = try user.requireID().uuidString
        req.session.data[SessionActorMiddleware.signedInKey] = String(Int(now.timeIntervalSince1970))
        user.lastSignedInAt = now
        try await user.save(on: req.db)
        let actor = try await user.actor(on: req.db)
        try await Audit.record(on: req.db, actor: actor, action: "user.login", entityType: "user", entityID: actor.userID.uuidString, summary: "로그인", at: now)
        var target = SiteURL.home.path
        if let next, isSafeRedirect(next) { target = next }
        return req.redirect(to: target)
    }

    func logout(req: Request) async throws -> Response {
        req.session.destroy()
        return req.redirect(to: SiteURL.login(next: nil).path)
    }

    func accountPage(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        return AccountPage(model: try await AccountModel.load(req: req, actor: actor, errors: FieldErrors(), newToken: nil)).response(req)
    }

    struct LanguageForm: Content { var language: String? }

    /// The language Ieum's e-mails to this person are written in.
    func setMailLanguage(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let language = (try req.content.decode(LanguageForm.self).language).flatMap(Lang.init(rawValue:)),
              let user = try await User.find(actor.userID, on: req.db) else {
            throw IeumError.badRequest(Localized("언어를 고르세요.", "Choose a language."))
        }
        user.language = language
        try await user.save(on: req.db)
        req.flash(Localized("메일 언어를 저장했습니다.", "The language of your e-mails was saved."))
        return req.redirect(to: SiteURL.account.path)
    }

    struct PasswordForm: Content {
        var currentPassword: String?
        var newPassword: String?
        var confirmPassword: String?
    }

    func changePassword(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode(PasswordForm.self)
        guard let user = try await User.find(actor.userID, on: req.db) else { throw IeumError.unauthorized }
        var errors = FieldErrors()
        let current = form.currentPassword ?? ""
        let new = form.newPassword ?? ""
        if !((try? await req.passwordHasher.verify(current, created: user.passwordHash)) ?? false) {
            errors.add("currentPassword", Localized("현재 비밀번호가 맞지 않습니다.", "The current password is not correct."))
        }
        if let problem = PasswordRules.problem(new, email: user.email) { errors.add("newPassword", problem) }
        if new != (form.confirmPassword ?? "") {
            errors.add("confirmPassword", Localized("새 비밀번호와 확인이 다릅니다.", "The new password and its confirmation differ."))
        }
        guard errors.isEmpty else {
            return AccountPage(model: try await AccountModel.load(req: req, actor: actor, errors: errors, newToken: nil)).response(req, status: .unprocessableEntity)
        }
        user.passwordHash = try await req.passwordHasher.hash(new)
        // Every other sign-in of this account ends (a changed password often means a leaked one);
        // this session starts anew at the same moment and stays.
        let second = Date(timeIntervalSince1970: req.now.timeIntervalSince1970.rounded(.down))
        req.session.data[SessionActorMiddleware.signedInKey] = String(Int(second.timeIntervalSince1970))
        try await req.db.transaction { db in
            try await SignIns.endAll(of: user, before: second, deletingSessions: false, on: db)
            try await Audit.record(on: db, actor: actor, action: "user.password", entityType: "user", entityID: actor.userID.uuidString, summary: "비밀번호 변경 (API 토큰 모두 폐기)", at: req.now)
        }
        req.flash(Localized("비밀번호를 바꿨습니다. API 토큰은 모두 폐기되었습니다.", "Your password was changed. Every API token was revoked."))
        return req.redirect(to: SiteURL.account.path)
    }

    struct TokenForm: Content {
        var tokenName: String?
        var scope: String?
        var days: String?
    }

    func createToken(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode(TokenForm.self)
        let name = (form.tokenName ?? "").trimmingCharacters(in: .whitespaces)
        var errors = FieldErrors()
        if name.isEmpty || name.count > 100 {
            errors.add("tokenName", Localized("토큰 이름을 100자 이내로 입력하세요.", "Enter a token name of at most 100 characters."))
        }
        let scope = APITokenScope(rawValue: form.scope ?? APITokenScope.read.rawValue)
        if scope == nil { errors.add("scope", Localized("권한을 고르세요.", "Choose what the token may do.")) }
        let days = Int(form.days ?? "90").flatMap { APITokens.lifetimes.contains($0) ? $0 : nil }
        if days == nil { errors.add("days", Localized("유효 기간을 고르세요.", "Choose how long the token lasts.")) }
        guard errors.isEmpty, let scope, let days else {
            return AccountPage(model: try await AccountModel.load(req: req, actor: actor, errors: errors, newToken: nil)).response(req, status: .unprocessableEntity)
        }
        let (_, plain) = try await APITokens.issue(for: actor.userID, name: name, scope: scope, days: days, on: req.db, actor: actor, now: req.now)
        return AccountPage(model: try await AccountModel.load(req: req, actor: actor, errors: FieldErrors(), newToken: plain)).response(req)
    }

    func deleteToken(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let id = req.parameters.get("tokenID", as: UUID.self),
              let token = try await APIToken.find(id, on: req.db), token.$user.id == actor.userID
        else { throw IeumError.notFound }
        try await req.db.transaction { db in
            try await token.delete(on: db)
            try await Audit.record(on: db, actor: actor, action: "token.delete", entityType: "user", entityID: actor.userID.uuidString, summary: "API 토큰 폐기: \(token.name)", at: req.now)
        }
        req.flash(Localized("토큰을 폐기했습니다.", "The token was revoked."))
        return req.redirect(to: SiteURL.account.path)
    }

    func usersPage(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard AccountPolicy.can(actor, .manageUsers) else { throw IeumError.forbidden }
        return UsersPage(model: try await UsersModel.load(req: req, input: NewUserInput(), errors: FieldErrors())).response(req)
    }

    func createUser(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard AccountPolicy.can(actor, .manageUsers) else { throw IeumError.forbidden }
        let input = try req.content.decode(NewUserInput.self)
        do {
            _ = try await UserService.create(input, by: actor, on: req.db, hasher: req.passwordHasher, now: req.now)
        } catch let IeumError.invalid(errors) {
            return UsersPage(model: try await UsersModel.load(req: req, input: input, errors: errors)).response(req, status: .unprocessableEntity)
        }
        req.flash(Localized("사용자를 만들었습니다.", "The user was created."))
        return req.redirect(to: SiteURL.users.path)
    }
}

extension AccountsController {
    /// The account an operator acts on from the user list, when their role lets them manage it.
    func managedUser(_ req: Request, _ actor: Principal) async throws -> User {
        guard AccountPolicy.can(actor, .manageUsers) else { throw IeumError.forbidden }
        guard let id = req.parameters.get("userID", as: UUID.self), let user = try await User.find(id, on: req.db) else { throw IeumError.notFound }
        // Only a platform operator acts on others' accounts (operators' included).
        guard AccountPolicy.can(actor, .manageUser(AccountAccess(userID: id, role: user.platformRole))) || id == actor.userID else { throw IeumError.notFound }
        return user
    }

    /// An operator revokes every API token of an account (a token seen in a log, a lost laptop).
    func revokeUserTokens(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let user = try await managedUser(req, actor)
        let userID = try user.requireID()
        let count = try await req.db.transaction { db in
            let count = try await APITokens.revokeAll(of: userID, on: db)
            try await Audit.record(on: db, actor: actor, action: "token.revoke-all", entityType: "user", entityID: userID.uuidString, summary: "API 토큰 \(count)개 폐기 (운영자)", at: req.now)
            return count
        }
        req.flash(Localized("API 토큰 \(count)개를 폐기했습니다.", "\(count) API token(s) were revoked."))
        return req.redirect(to: SiteURL.users.path)
    }

    struct ActiveForm: Content { var active: String? }

    /// Runs an administration step and answers with its message on the user list; "not your own
    /// account" and other refusals are flashed, not thrown as errors.
    func administer(_ req: Request, done: Localized, _ step: (User, Principal) async throws -> Void) async throws -> Response {
        let actor = try req.requireActor()
        let user = try await managedUser(req, actor)
        do {
            try await step(user, actor)
            req.flash(done)
        } catch UserAdministration.Problem.ownAccount {
            req.flash(Localized("자기 계정에는 할 수 없습니다.", "You cannot do this to your own account."))
        } catch UserAdministration.Problem.notAllowed {
            throw IeumError.forbidden
        } catch IeumError.refused(let message) {
            req.flash(message)
        }
        return req.redirect(to: SiteURL.users.path)
    }

    /// Deactivating an account ends its sessions and revokes its tokens; reactivating lets it sign in again.
    func setUserActive(req: Request) async throws -> Response {
        let active = (try req.content.decode(ActiveForm.self).active ?? "") == "1"
        return try await administer(req, done: active ? Localized("계정을 다시 활성화했습니다.", "The account was activated again.")
                                                      : Localized("계정을 비활성화했습니다. 로그인과 API 토큰이 모두 끝났습니다.", "The account was deactivated; its sign-ins and API tokens ended.")) { user, actor in
            try await UserAdministration.setActive(user, active, by: actor, on: req.db, now: req.now)
        }
    }

    /// Mails the account a password reset link (the operator never sees the link).
    func sendUserResetLink(req: Request) async throws -> Response {
        try await administer(req, done: Localized("비밀번호 재설정 링크를 메일로 보냈습니다 (1시간 유효).", "A password reset link was mailed (valid for an hour).")) { user, actor in
            try await UserAdministration.sendResetLink(user, by: actor, base: req.application.ieumConfiguration.baseURL, on: req.db, now: req.now)
        }
    }

    struct RoleForm: Content { var platformRole: String? }

    func setUserRole(req: Request) async throws -> Response {
        // Who may is settled before the form is read.
        _ = try await managedUser(req, try req.requireActor())
        guard let role = (try req.content.decode(RoleForm.self).platformRole).flatMap(PlatformRole.init(rawValue:)) else {
            throw IeumError.badRequest(Localized("역할을 고르세요.", "Choose a role."))
        }
        return try await administer(req, done: Localized("역할을 '\(Labels.platformRole(role).ko)'(으)로 바꿨습니다.", "The role is now \(Labels.platformRole(role).en).")) { user, actor in
            try await UserAdministration.setRole(user, role, by: actor, on: req.db, now: req.now)
        }
    }

    /// Only a path on this site: one leading slash, no scheme-relative `//` or `/\`, and nothing
    /// that could end the Location header or be read as a host (controls, spaces, backslashes).
    /// The address sign-in throttling counts by: the first `X-Forwarded-For` hop when the proxy is trusted.
    /// Behind a trusted proxy, the right-most `X-Forwarded-For` hop: the address the proxy itself
    /// saw and appended. Hops to its left are whatever the client chose to send.
    static func clientAddress(_ req: Request) -> String {
        if req.application.ieumConfiguration.trustProxy {
            let hops = req.headers[.xForwardedFor].flatMap { $0.split(separator: ",") }
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let last = hops.last { return String(last.prefix(64)) }
        }
        return req.remoteAddress?.ipAddress ?? "unknown"
    }

    struct DecoyHashKey: StorageKey { typealias Value = String }

    /// A bcrypt digest at the configured cost that no password matches.
    /// Made once when the application is configured.
    static func decoyHash(_ req: Request) async throws -> String {
        if let hash = req.application.storage[DecoyHashKey.self] { return hash }
        return try await req.passwordHasher.hash([UInt8].random(count: 24).base64URLEncoded())
    }

    static func isSafeRedirect(_ next: String) -> Bool {
        guard next.hasPrefix("/"), !next.hasPrefix("//"), next.count <= 2_000 else { return false }
        return next.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && $0 != "\\" }
    }
}
