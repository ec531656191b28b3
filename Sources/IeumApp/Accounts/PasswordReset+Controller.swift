import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// "비밀번호 찾기": a single-use link, valid one hour, mailed to an active account's address. The
/// answer to a request is the same page whether or not the e-mail has an account, and costs about
/// the same: every request makes a token, hashes it, counts recent requests and writes one
/// `password_resets` row in a transaction (with no user when no mail goes out); only a mail to an
/// active account adds the outbox row and the audit entry. Neither the token nor the address is logged.
struct PasswordResetController {
    static let lifetime: TimeInterval = 60 * 60
    static let throttleWindow: TimeInterval = 60 * 60
    /// Mails one account gets in an hour; further requests answer the same and send nothing.
    static let maxMailsPerAccount = 3
    /// Requests one client address makes in an hour, for any e-mail, before it gets 429.
    static let maxRequestsPerAddress = 10

    func register(_ app: Application) {
        app.on(.passwordReset(.forgotPage), use: forgotPage)
        app.on(.passwordReset(.requestLink), use: requestLink)
        app.on(.passwordReset(.resetPage), use: resetPage)
        app.on(.passwordReset(.reset), use: reset)
    }

    struct ForgotForm: Content { var email: String? }

    struct ResetForm: Content {
        var newPassword: String?
        var confirmPassword: String?
    }

    func forgotPage(req: Request) async throws -> Response {
        ForgotPasswordPage(email: "", errors: FieldErrors(), notice: nil).response(req)
    }

    func requestLink(req: Request) async throws -> Response {
        let form = try req.content.decode(ForgotForm.self)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard !email.isEmpty, email.count <= 320, email.contains("@") else {
            var errors = FieldErrors()
            errors.add("email", Localized("이메일 주소를 입력하세요.", "Enter an e-mail address."))
            return ForgotPasswordPage(email: String(email.prefix(320)), errors: errors, notice: nil).response(req, status: .unprocessableEntity)
        }
        let address = AccountsController.clientAddress(req)
        let now = req.now
        let since = now.addingTimeInterval(-Self.throttleWindow)
        let plain = PasswordResets.newToken()
        let link = SiteURL.passwordReset(token: plain).absolute(base: req.application.ieumConfiguration.baseURL)
        let user = try await User.query(on: req.db).filter(\.$email == email).first()
        let throttled = try await req.db.transaction { db -> Bool in
            let fromAddress = try await PasswordReset.query(on: db)
                .filter(\.$requestedFrom == address).filter(\.$createdAt > since).count()
            // An unknown account is counted by an id no row has, so both paths run the same query.
            let candidateID = user.flatMap { $0.active ? $0.id : nil } ?? UUID()
            let forAccount = try await PasswordReset.query(on: db)
                .filter(\.$user.$id == candidateID).filter(\.$createdAt > since).count()
            let throttled = fromAddress >= Self.maxRequestsPerAddress
            let recipient = (user?.active ?? false) && !throttled && forAccount < Self.maxMailsPerAccount ? user : nil
            // Written before the answer either way, so repeated requests count against each other.
            let reset = PasswordReset(userID: recipient?.id, tokenHash: APITokens.hash(plain), expiresAt: now.addingTimeInterval(Self.lifetime),
                                      createdAt: now, requestedFrom: address)
            try await reset.create(on: db)
            if let recipient {
                try await PasswordResets.queueMail(to: recipient, link: link, on: db, now: now)
                try await Audit.record(on: db, actor: nil, action: "user.password-reset-request", entityType: "user", entityID: recipient.id?.uuidString,
                                       summary: "비밀번호 재설정 링크 발송", at: now)
            }
            return throttled
        }
        if throttled {
            let notice = Localized("요청이 너무 많습니다. 한 시간 뒤에 다시 시도하세요.", "Too many requests. Try again in an hour.")
            let response = ForgotPasswordPage(email: "", errors: FieldErrors(), notice: notice).response(req, status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(Self.throttleWindow)))
            return response
        }
        return ForgotPasswordPage(email: "", errors: FieldErrors(), notice: PasswordResets.sentNotice).response(req)
    }

    func resetPage(req: Request) async throws -> Response {
        switch try await PasswordResets.find(req.parameters.get("token") ?? "", on: req.db, now: req.now) {
        case .usable:
            return ResetPasswordPage(token: req.parameters.get("token") ?? "", errors: FieldErrors()).response(req)
        case .refused(let refusal):
            return ResetLinkRefusedPage(refusal: refusal).response(req, status: refusal.status)
        }
    }

    func reset(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let form = try req.content.decode(ResetForm.self)
        guard case .usable(let reset, let user) = try await PasswordResets.find(token, on: req.db, now: req.now) else {
            return try await resetPage(req: req)
        }
        let new = form.newPassword ?? ""
        var errors = FieldErrors()
        if let problem = PasswordRules.problem(new, email: user.email) { errors.add("newPassword", problem) }
        if new != (form.confirmPassword ?? "") {
            errors.add("confirmPassword", Localized("새 비밀번호와 확인이 다릅니다.", "The new password and its confirmation differ."))
        }
        guard errors.isEmpty else {
            return ResetPasswordPage(token: token, errors: errors).response(req, status: .unprocessableEntity)
        }
        let digest = try await req.passwordHasher.hash(new)
        let now = req.now
        let second = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let applied = try await req.db.transaction { db -> Bool in
            // The one statement that spends the link: a second use, even at the same moment, matches nothing.
            guard try await PasswordResets.spend(try reset.requireID(), on: db, now: now) else { return false }
            let userID = try user.requireID()
            user.passwordHash = digest
            try await SignIns.endAll(of: user, before: second, deletingSessions: true, on: db)
            // Any other link still out for this account is spent too: the password it would change is gone.
            try await PasswordReset.query(on: db).filter(\.$user.$id == userID).filter(\.$usedAt == nil).set(\.$usedAt, to: now).update()
            try await Audit.record(on: db, actor: try await user.actor(on: db), action: "user.password-reset", entityType: "user", entityID: userID.uuidString,
                                   summary: "비밀번호 재설정 (세션 종료, API 토큰 모두 폐기)", at: now)
            return true
        }
        guard applied else {
            return ResetLinkRefusedPage(refusal: .used).response(req, status: ResetLinkRefusal.used.status)
        }
        req.flash(Localized("비밀번호를 다시 설정했습니다. 새 비밀번호로 로그인하세요.", "Your password was reset. Sign in with the new password."))
        return req.redirect(to: SiteURL.login(next: nil).path)
    }
}

/// Why a reset link does not work: unknown (404), or used or expired (410).
enum ResetLinkRefusal: Equatable {
    case unknown, used, expired

    var status: HTTPResponseStatus { self == .unknown ? .notFound : .gone }

    var message: Localized {
        switch self {
        case .unknown:
            Localized("비밀번호 재설정 링크가 올바르지 않습니다. 메일의 링크를 그대로 열었는지 확인하거나 새 링크를 요청하세요.",
                      "This password reset link is not valid. Check that you opened the link from the mail as it is, or ask for a new one.")
        case .used:
            Localized("이미 사용한 비밀번호 재설정 링크입니다. 링크는 한 번만 쓸 수 있습니다. 필요하면 새 링크를 요청하세요.",
                      "This password reset link was already used; a link works once. Ask for a new one if you need it.")
        case .expired:
            Localized("비밀번호 재설정 링크의 유효 시간(1시간)이 지났습니다. 새 링크를 요청하세요.",
                      "This password reset link has expired (links last one hour). Ask for a new one.")
        }
    }
}

/// Tokens, look-ups and the mail of a forgotten password.
enum PasswordResets {
    enum Lookup {
        case usable(PasswordReset, User)
        case refused(ResetLinkRefusal)
    }

    static let sentNotice = Localized(
        "입력한 이메일로 가입된 계정이 있으면 비밀번호 재설정 링크를 보냈습니다. 링크는 1시간 동안 한 번 쓸 수 있습니다. 메일이 오지 않으면 스팸함을 확인하세요.",
        "If an account uses that e-mail, a password reset link is on its way. The link works once within one hour. If no mail arrives, check your spam folder.")

    /// 32 random bytes, URL-safe; only its SHA-256 (`APITokens.hash`) is stored.
    static func newToken() -> String {
        [UInt8].random(count: 32).base64URLEncoded()
    }

    static func find(_ token: String, on db: any Database, now: Date) async throws -> Lookup {
        guard !token.isEmpty, token.count <= 200,
              let reset = try await PasswordReset.query(on: db).filter(\.$tokenHash == APITokens.hash(token)).first(),
              let userID = reset.$user.id, let user = try await User.find(userID, on: db)
        else { return .refused(.unknown) }
        if reset.usedAt != nil { return .refused(.used) }
        if reset.expiresAt <= now || !user.active { return .refused(.expired) }
        return .usable(reset, user)
    }

    /// Marks the link used if it still is unused and unexpired; false when another request got there first.
    static func spend(_ id: UUID, on db: any Database, now: Date) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "password resets need an SQL database") }
        return try await !sql.update(PasswordReset.schema)
            .set("used_at", to: now)
            .where("id", .equal, id)
            .where("used_at", .is, SQLLiteral.null)
            .where("expires_at", .greaterThan, now)
            .returning("id")
            .all()
            .isEmpty
    }

    /// Queued like every notice (`mail_outbox`, sent by `NotificationJobs.deliverOutbox`), in the
    /// recipient's language, but with no inbox message: the link is for the mailbox only. It goes
    /// to every active account that asks, whatever else the person receives, as a requested account mail.
    static func queueMail(to user: User, link: String, on db: any Database, now: Date) async throws {
        let language = user.mailLanguage
        let body = Localized(
            "\(user.name)님, 이음 비밀번호 재설정을 요청하셨습니다. 아래 링크를 열어 새 비밀번호를 정하세요. 링크는 1시간 동안 한 번만 쓸 수 있습니다.\n요청하지 않았다면 이 메일을 무시하세요. 비밀번호는 바뀌지 않습니다.",
            "\(user.name), someone asked to reset your Ieum password. Open the link below to choose a new one. It works once within one hour.\nIf you did not ask, ignore this mail; your password stays as it is.")
        try await OutboxMail.queueAccountMail(to: user.email, subject: Localized("비밀번호 재설정", "Reset your password").text(language),
                                              body: body.text(language) + "\n\n" + link, language: language, on: db, now: now)
    }
}
