import Fluent
import Foundation
import IeumCore
import Vapor

/// Two-factor sign-in (issue 16, item 5): the code step of signing in, setting it up on the
/// account, new recovery codes, turning it off, and a platform operator turning it off for
/// someone who lost their phone and codes.
struct TwoFactorController {
    func register(_ app: Application) {
        app.on(.twoFactor(.codePage), use: codePage)
        app.on(.twoFactor(.submitCode), use: submitCode)
        app.on(.twoFactor(.setupPage), use: setupPage)
        app.on(.twoFactor(.confirmSetup), use: confirmSetup)
        app.on(.twoFactor(.regenerateRecoveryCodes), use: regenerateRecoveryCodes)
        app.on(.twoFactor(.disable), use: disable)
        app.on(.twoFactor(.disableForUser), use: disableForUser)
        // Last in the chain, so it sees the actor that the session or token middleware loaded.
        app.middleware.use(OperatorTwoFactorMiddleware())
    }

    struct CodeForm: Content {
        var code: String?
    }

    struct ConfirmedForm: Content {
        var currentPassword: String?
        var code: String?
    }

    static let expired = Localized("로그인 시간이 지났습니다. 이메일과 비밀번호를 다시 입력하세요.",
                                   "Your sign-in has timed out. Enter your e-mail and password again.")
    static let wrongCode = Localized("인증 코드가 맞지 않습니다. 앱에 보이는 현재 코드나 사용하지 않은 복구 코드를 입력하세요.",
                                     "The code is not correct. Enter the current code from your app, or a recovery code you have not used.")

    // MARK: The second step of signing in

    func codePage(req: Request) async throws -> Response {
        if req.actor != nil { return req.redirect(to: SiteURL.home.path) }
        guard try await TwoFactorSignIn.pending(req) != nil else { return restart(req) }
        return SignInCodePage(message: nil).response(req)
    }

    func submitCode(req: Request) async throws -> Response {
        if req.actor != nil { return req.redirect(to: SiteURL.home.path) }
        let typed = (try req.content.decode(CodeForm.self).code ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let (challenge, user) = try await TwoFactorSignIn.pending(req) else { return restart(req) }
        let attempt: LoginAttempt
        do {
            attempt = try await CodeAttempts.begin(for: user.email, req: req)
        } catch let throttled as CodeAttempts.Throttled {
            return CodeAttempts.refusal(SignInCodePage(message: IeumError.throttled(retryAfterSeconds: throttled.retryAfterSeconds).message), throttled, req: req)
        }
        let userID = try user.requireID()
        guard let accepted = try await TwoFactor.accept(typed, for: userID, on: req.db, now: req.now) else {
            return SignInCodePage(message: Self.wrongCode).response(req, status: .unauthorized)
        }
        try await CodeAttempts.succeeded(attempt, on: req.db)
        guard try await TwoFactorSignIn.spend(challenge, on: req.db) else { return restart(req) }
        let response = try await AccountsController.completeSignIn(of: user, req: req, next: challenge.next)
        TwoFactorSignIn.clearCookie(response)
        if case .recoveryCode(let left) = accepted {
            try await Audit.record(on: req.db, actor: try await user.actor(on: req.db), action: "user.two-factor.recovery-use", entityType: "user",
                                   entityID: userID.uuidString, summary: "복구 코드로 로그인 (남은 코드 \(left)개)", at: req.now)
            // Written into the new session: `req.actor` is not set during this request, so
            // `req.flash` would put the message in a visitor's cookie the signed-in page never reads.
            let notice = Localized(
                "복구 코드로 로그인했습니다. 사용한 코드는 다시 쓸 수 없습니다. 남은 복구 코드: \(left)개." + (left <= 3 ? " 내 계정에서 새 복구 코드를 받으세요." : ""),
                "You signed in with a recovery code; it cannot be used again. Recovery codes left: \(left)." + (left <= 3 ? " Get new ones on your account page." : ""))
            req.session.data["flash"] = notice.text(req.language)
        }
        return response
    }

    /// Back to the first step, the stale cookie cleared.
    func restart(_ req: Request) -> Response {
        req.flash(Self.expired)
        let response = req.redirect(to: SiteURL.login(next: nil).path)
        TwoFactorSignIn.clearCookie(response)
        return response
    }

    // MARK: On the account

    /// Setup (a secret, its address and a code to confirm) while it is off; once it is on, the
    /// state and the forms for new recovery codes and for turning it off.
    func setupPage(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        return try await page(req, actor, errors: FieldErrors(), status: .ok)
    }

    func page(_ req: Request, _ actor: Principal, errors: FieldErrors, status: HTTPResponseStatus) async throws -> Response {
        if let pending = try await TwoFactor.pendingSetup(for: actor.userID, on: req.db, now: req.now) {
            return TwoFactorSetupPage(email: actor.email, secret: pending.secret, errors: errors, required: OperatorTwoFactorMiddleware.applies(to: actor, req)).response(req, status: status)
        }
        let summary = try await TwoFactor.summary(of: actor.userID, on: req.db)
        return TwoFactorManagePage(summary: summary, errors: errors).response(req, status: status)
    }

    func confirmSetup(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let typed = try req.content.decode(CodeForm.self).code ?? ""
        guard let factor = try await TwoFactor.pendingSetup(for: actor.userID, on: req.db, now: req.now) else {
            req.flash(Localized("2단계 인증이 이미 켜져 있습니다.", "Two-factor sign-in is already on."))
            return req.redirect(to: SiteURL.twoFactor.path)
        }
        let attempt: LoginAttempt
        do {
            attempt = try await CodeAttempts.begin(for: actor.email, req: req)
        } catch let throttled as CodeAttempts.Throttled {
            let page = TwoFactorSetupPage(email: actor.email, secret: factor.secret, errors: Self.throttledErrors("code", throttled))
            return CodeAttempts.refusal(page, throttled, req: req)
        }
        guard let codes = try await TwoFactor.enable(factor, code: typed, actor: actor, on: req.db, now: req.now) else {
            var errors = FieldErrors()
            errors.add("code", Localized("코드가 맞지 않습니다. 앱에 보이는 현재 6자리 코드를 입력하세요. 휴대폰 시간이 자동으로 맞춰져 있는지도 확인하세요.",
                                         "The code is not correct. Enter the current 6-digit code from the app, and check that the phone sets its time automatically."))
            return try await page(req, actor, errors: errors, status: .unprocessableEntity)
        }
        try await CodeAttempts.succeeded(attempt, on: req.db)
        return RecoveryCodesPage(codes: codes, justEnabled: true).response(req)
    }

    func regenerateRecoveryCodes(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        return try await confirmed(req, actor) { user in
            let codes = try await TwoFactor.regenerateRecoveryCodes(of: actor.userID, actor: actor, on: req.db, now: req.now)
            return RecoveryCodesPage(codes: codes, justEnabled: false).response(req)
        }
    }

    func disable(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        return try await confirmed(req, actor) { _ in
            try await TwoFactor.disable(actor.userID, actor: actor, byOperator: false, on: req.db, now: req.now)
            req.flash(OperatorTwoFactorMiddleware.applies(to: actor, req)
                ? Localized("2단계 인증을 껐습니다. 운영자는 2단계 인증이 필요하므로 새 휴대폰으로 다시 설정하세요.",
                            "Two-factor sign-in is off. Operators need it, so set it up again with your new phone.")
                : Localized("2단계 인증을 껐습니다. 이제 비밀번호만으로 로그인합니다.", "Two-factor sign-in is off; you now sign in with your password alone."))
            return req.redirect(to: OperatorTwoFactorMiddleware.applies(to: actor, req) ? SiteURL.twoFactor.path : SiteURL.account.path)
        }
    }

    /// Runs `change` once the current password and a code (or a recovery code) are right. Both
    /// wrong and right tries count against the sign-in limits, as on the sign-in page.
    func confirmed(_ req: Request, _ actor: Principal, _ change: (User) async throws -> Response) async throws -> Response {
        let form = try req.content.decode(ConfirmedForm.self)
        guard let user = try await User.find(actor.userID, on: req.db) else { throw IeumError.unauthorized }
        guard try await TwoFactor.isEnabled(actor.userID, on: req.db) else {
            req.flash(Localized("2단계 인증이 꺼져 있습니다.", "Two-factor sign-in is off."))
            return req.redirect(to: SiteURL.twoFactor.path)
        }
        let attempt: LoginAttempt
        do {
            attempt = try await CodeAttempts.begin(for: user.email, req: req)
        } catch let throttled as CodeAttempts.Throttled {
            let summary = try await TwoFactor.summary(of: actor.userID, on: req.db)
            return CodeAttempts.refusal(TwoFactorManagePage(summary: summary, errors: Self.throttledErrors("currentPassword", throttled)), throttled, req: req)
        }
        var errors = FieldErrors()
        let password = form.currentPassword ?? ""
        if !((try? await req.passwordHasher.verify(password, created: user.passwordHash)) ?? false) {
            errors.add("currentPassword", Localized("현재 비밀번호가 맞지 않습니다.", "The current password is not correct."))
        } else if try await TwoFactor.accept(form.code ?? "", for: actor.userID, on: req.db, now: req.now) == nil {
            // The code is checked only after the password, so a wrong password spends no recovery code.
            errors.add("code", Self.wrongCode)
        }
        guard errors.isEmpty else {
            return try await page(req, actor, errors: errors, status: .unprocessableEntity)
        }
        try await CodeAttempts.succeeded(attempt, on: req.db)
        return try await change(user)
    }

    static func throttledErrors(_ field: String, _ throttled: CodeAttempts.Throttled) -> FieldErrors {
        var errors = FieldErrors()
        errors.add(field, IeumError.throttled(retryAfterSeconds: throttled.retryAfterSeconds).message)
        return errors
    }

    // MARK: For a person who lost their phone

    /// A platform operator turns off another person's two-factor sign-in; the person then signs
    /// in with the password alone and may set it up again.
    func disableForUser(req: Request) async throws -> Response {
        try await AccountsController().administer(req, done: Localized("2단계 인증을 해제했습니다. 이 사용자는 비밀번호만으로 로그인한 뒤 다시 설정할 수 있습니다.",
                                                                     "Two-factor sign-in was turned off; the person signs in with the password and may set it up again.")) { user, actor in
            try UserAdministration.check(actor, on: user)
            let userID = try user.requireID()
            guard try await TwoFactor.isEnabled(userID, on: req.db) else {
                throw IeumError.refused(Localized("이 사용자는 2단계 인증을 쓰지 않습니다.", "This person does not use two-factor sign-in."))
            }
            try await TwoFactor.disable(userID, actor: actor, byOperator: true, on: req.db, now: req.now)
        }
    }
}
