import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// The second step of signing in. Once the password is right for an account with two-factor
/// sign-in, no session starts: a challenge row records "password verified for this person at this
/// moment" for five minutes, and the browser gets a random value naming it in a cookie scoped to
/// `/login`. Only a right code (or recovery code) turns it into a session, through
/// `AccountsController.completeSignIn`. Session rows exist only for full sign-ins
/// (`DatabaseSessionDriver`), so a half-signed-in browser has no session at all and
/// `SessionActorMiddleware` finds no one to act for.
enum TwoFactorSignIn {
    static let cookieName = "ieum_signin"
    static let lifetime: TimeInterval = 5 * 60

    /// The answer to a right password: nil when the account has no second factor (sign in now),
    /// else the redirect to the code page with the challenge's cookie.
    static func challenge(_ user: User, req: Request, next: String?) async throws -> Response? {
        let userID = try user.requireID()
        guard try await TwoFactor.isEnabled(userID, on: req.db) else { return nil }
        let now = req.now
        let plain = [UInt8].random(count: 32).base64URLEncoded()
        let kept = next.flatMap { AccountsController.isSafeRedirect($0) ? $0 : nil }
        try await req.db.transaction { db in
            try await SecondFactorChallenge.query(on: db).filter(\.$expiresAt <= now).delete()
            try await SecondFactorChallenge(userID: userID, tokenHash: APITokens.hash(plain), next: kept,
                                            createdAt: now, expiresAt: now.addingTimeInterval(lifetime)).create(on: db)
        }
        let response = req.redirect(to: SiteURL.signInCode.path)
        response.cookies[cookieName] = HTTPCookies.Value(
            string: plain, expires: nil, maxAge: Int(lifetime), path: SiteURL.login(next: nil).path,
            isSecure: req.application.ieumConfiguration.secureCookies, isHTTPOnly: true, sameSite: .strict)
        return response
    }

    /// The challenge this browser holds, with its account, while it may still be completed: not
    /// expired, the account active, and no password change or reset since (which ends every sign-in).
    static func pending(_ req: Request) async throws -> (SecondFactorChallenge, User)? {
        guard let plain = req.cookies[cookieName]?.string, plain.count == 43,
              let challenge = try await SecondFactorChallenge.query(on: req.db).filter(\.$tokenHash == APITokens.hash(plain)).first(),
              challenge.expiresAt > req.now,
              let user = try await User.find(challenge.userID, on: req.db), user.active,
              challenge.createdAt >= (user.sessionsValidAfter ?? .distantPast)
        else { return nil }
        return (challenge, user)
    }

    /// Spends the challenge; false when another request already did.
    static func spend(_ challenge: SecondFactorChallenge, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "two-factor sign-in needs an SQL database") }
        return try await !sql.delete(from: SecondFactorChallenge.schema)
            .where("id", .equal, try challenge.requireID())
            .returning("id")
            .all()
            .isEmpty
    }

    static func clearCookie(_ response: Response) {
        response.cookies[cookieName] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0,
                                                         path: SiteURL.login(next: nil).path, isHTTPOnly: true)
    }
}

/// Codes typed on any two-factor form count against the same limits as passwords: one
/// `login_attempts` row per try, written before the code is checked, under the account's e-mail
/// and the client's address (`AccountsController.login`'s rule and numbers).
enum CodeAttempts {
    struct Throttled: Error {
        let retryAfterSeconds: Int
    }

    /// Records a try; throws `Throttled` when the account or the address has failed too often.
    static func begin(for email: String, req: Request) async throws -> LoginAttempt {
        let now = req.now
        let since = now.addingTimeInterval(-AccountsController.throttleWindow)
        let address = AccountsController.clientAddress(req)
        let attempt = LoginAttempt(email: String(email.prefix(320)), address: address, succeeded: false, attemptedAt: now)
        try await attempt.create(on: req.db)
        let forEmail = try await LoginAttempt.query(on: req.db)
            .filter(\.$email == attempt.email).filter(\.$succeeded == false).filter(\.$attemptedAt > since).count()
        let forAddress = try await LoginAttempt.query(on: req.db)
            .filter(\.$address == address).filter(\.$succeeded == false).filter(\.$attemptedAt > since).count()
        if forEmail > AccountsController.maxFailuresPerEmail || forAddress > AccountsController.maxFailuresPerAddress {
            throw Throttled(retryAfterSeconds: Int(AccountsController.throttleWindow))
        }
        return attempt
    }

    static func succeeded(_ attempt: LoginAttempt, on db: any Database) async throws {
        attempt.succeeded = true
        try await attempt.save(on: db)
    }

    /// A page answered 429 with Retry-After.
    static func refusal(_ page: some Page, _ throttled: Throttled, req: Request) -> Response {
        let response = page.response(req, status: .tooManyRequests)
        response.headers.replaceOrAdd(name: .retryAfter, value: String(throttled.retryAfterSeconds))
        return response
    }
}
