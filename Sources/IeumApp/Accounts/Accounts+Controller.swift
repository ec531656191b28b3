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
        app.get("login", use: loginPage)
        app.post("login", use: login)
        app.post("logout", use: logout)
        app.get("account", use: accountPage)
        app.post("account", "password", use: changePassword)
        app.post("account", "tokens", use: createToken)
        app.post("account", "tokens", ":tokenID", "delete", use: deleteToken)
        app.get("admin", "users", use: usersPage)
        app.post("admin", "users", use: createUser)
    }

    struct LoginForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    func loginPage(req: Request) async throws -> Response {
        if req.actor != nil { return req.redirect(to: SiteURL.organizations(query: nil).path) }
        return LoginPage(email: "", next: req.query[String.self, at: "next"], message: nil).response(req)
    }

    func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form.password ?? ""
        let address = Self.clientAddress(req)
        let now = req.now
        let since = now.addingTimeInterval(-Self.throttleWindow)

        let failuresForEmail = try await LoginAttempt.query(on: req.db)
            .filter(\.$email == email).filter(\.$succeeded == false).filter(\.$attemptedAt > since).count()
        let failuresForAddress = try await LoginAttempt.query(on: req.db)
            .filter(\.$address == address).filter(\.$succeeded == false).filter(\.$attemptedAt > since).count()
        if failuresForEmail >= Self.maxFailuresPerEmail || failuresForAddress >= Self.maxFailuresPerAddress {
            let message = IeumError.throttled(retryAfterSeconds: Int(Self.throttleWindow)).message
            let response = LoginPage(email: email, next: form.next, message: message).response(req, status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(Self.throttleWindow)))
            return response
        }

        let user = try await User.query(on: req.db).filter(\.$email == email).first()
        var verified = false
        if let user, user.active {
            verified = (try? await req.password.async.verify(password, created: user.passwordHash)) ?? false
        }
        try await LoginAttempt(email: email, address: address, succeeded: verified, attemptedAt: now).create(on: req.db)
        guard verified, let user else {
            let message = Localized("이메일 또는 비밀번호가 올바르지 않습니다.", "The e-mail or password is not correct.")
            return LoginPage(email: email, next: form.next, message: message).response(req, status: .unauthorized)
        }
        // A new session id on sign-in, so a session fixed before it is worthless.
        if let oldID = req.session.id {
            try await req.application.sessions.driver.deleteSession(oldID, for: req).get()
        }
        req.session.id = nil
        req.session.data = SessionData()
        req.session.data[SessionActorMiddleware.userKey] = try user.requireID().uuidString
        req.session.data[SessionActorMiddleware.signedInKey] = String(Int(now.timeIntervalSince1970))
        let actor = try await user.actor(on: req.db)
        try await Audit.record(on: req.db, actor: actor, action: "user.login", entityType: "user", entityID: actor.userID.uuidString, summary: "로그인", at: now)
        var target = SiteURL.organizations(query: nil).path
        if let next = form.next, Self.isSafeRedirect(next) { target = next }
        return req.redirect(to: target)
    }

    func logout(req: Request) async throws -> Response {
        req.session.destroy()
        return req.redirect(to: SiteURL.login(next: nil).path)
    }

    func accountPage(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        return try await AccountPage.load(req: req, actor: actor, errors: FieldErrors(), newToken: nil).response(req)
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
        if !((try? await req.password.async.verify(current, created: user.passwordHash)) ?? false) {
            errors.add("currentPassword", Localized("현재 비밀번호가 맞지 않습니다.", "The current password is not correct."))
        }
        if let problem = PasswordRules.problem(new) { errors.add("newPassword", problem) }
        if new != (form.confirmPassword ?? "") {
            errors.add("confirmPassword", Localized("새 비밀번호와 확인이 다릅니다.", "The new password and its confirmation differ."))
        }
        guard errors.isEmpty else {
            return try await AccountPage.load(req: req, actor: actor, errors: errors, newToken: nil).response(req, status: .unprocessableEntity)
        }
        user.passwordHash = try await req.password.async.hash(new)
        // Every other sign-in of this account ends (a changed password often means a leaked one);
        // this session starts anew at the same moment and stays.
        let second = Date(timeIntervalSince1970: req.now.timeIntervalSince1970.rounded(.down))
        user.sessionsValidAfter = second
        req.session.data[SessionActorMiddleware.signedInKey] = String(Int(second.timeIntervalSince1970))
        try await req.db.transaction { db in
            try await user.save(on: db)
            try await Audit.record(on: db, actor: actor, action: "user.password", entityType: "user", entityID: actor.userID.uuidString, summary: "비밀번호 변경", at: req.now)
        }
        req.flash(Localized("비밀번호를 바꿨습니다.", "Your password was changed."))
        return req.redirect(to: SiteURL.account.path)
    }

    struct TokenForm: Content {
        var tokenName: String?
    }

    func createToken(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let name = (try req.content.decode(TokenForm.self).tokenName ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else {
            var errors = FieldErrors()
            errors.add("tokenName", Localized("토큰 이름을 100자 이내로 입력하세요.", "Enter a token name of at most 100 characters."))
            return try await AccountPage.load(req: req, actor: actor, errors: errors, newToken: nil).response(req, status: .unprocessableEntity)
        }
        let (_, plain) = try await APITokens.issue(for: actor.userID, name: name, on: req.db, actor: actor, now: req.now)
        return try await AccountPage.load(req: req, actor: actor, errors: FieldErrors(), newToken: plain).response(req)
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
        guard RegistryPolicy.can(actor, .manageUsers) else { throw IeumError.forbidden }
        return try await UsersPage.load(req: req, input: NewUserInput(), errors: FieldErrors()).response(req)
    }

    func createUser(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard RegistryPolicy.can(actor, .manageUsers) else { throw IeumError.forbidden }
        let input = try req.content.decode(NewUserInput.self)
        do {
            _ = try await UserService.create(input, by: actor, on: req.db, hasher: req.password.async, now: req.now)
        } catch let RegistryError.invalid(errors) {
            return try await UsersPage.load(req: req, input: input, errors: errors).response(req, status: .unprocessableEntity)
        }
        req.flash(Localized("사용자를 만들었습니다.", "The user was created."))
        return req.redirect(to: SiteURL.users.path)
    }
}

extension AccountsController {
    /// Only a path on this site: one leading slash, no scheme-relative `//` or `/\`, and nothing
    /// that could end the Location header or be read as a host (controls, spaces, backslashes).
    /// The address sign-in throttling counts by: the first `X-Forwarded-For` hop when the proxy is trusted.
    static func clientAddress(_ req: Request) -> String {
        if req.application.ieumConfiguration.trustProxy,
           let forwarded = req.headers.first(name: "X-Forwarded-For")?.split(separator: ",").first?.trimmingCharacters(in: .whitespaces),
           !forwarded.isEmpty {
            return String(forwarded.prefix(64))
        }
        return req.remoteAddress?.ipAddress ?? "unknown"
    }

    static func isSafeRedirect(_ next: String) -> Bool {
        guard next.hasPrefix("/"), !next.hasPrefix("//"), next.count <= 2_000 else { return false }
        return next.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && $0 != "\\" }
    }
}

enum PasswordRules {
    static func problem(_ password: String) -> Localized? {
        if password.count < 10 {
            return Localized("비밀번호는 10자 이상이어야 합니다.", "The password must be at least 10 characters.")
        }
        if password.count > 128 {
            return Localized("비밀번호는 128자 이하여야 합니다.", "The password must be at most 128 characters.")
        }
        return nil
    }
}
