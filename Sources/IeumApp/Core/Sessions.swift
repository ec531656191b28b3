import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// A signed-in person's session. Visitors have none: their forms carry a signed cookie token
/// (`AnonymousFormToken`), so looking at public pages writes nothing to the database.
final class WebSession: Model, @unchecked Sendable {
    static let schema = "web_sessions"

    @ID(key: .id) var id: UUID?
    /// The cookie's value: 32 random bytes, base64url.
    @Field(key: "key") var key: String
    @Field(key: "data") var data: [String: String]
    @OptionalField(key: "user_id") var userID: UUID?
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    init(key: String, data: [String: String], userID: UUID?, expiresAt: Date) {
        self.key = key
        self.data = data
        self.userID = userID
        self.expiresAt = expiresAt
    }
}

/// Stores sessions in `web_sessions`:
/// - only a session that carries a sign-in is ever written (a visitor's empty or flash-only
///   session is not: `createSession` hands back an id nobody stores);
/// - a session is rewritten only when its data changed during the request;
/// - a session ends with its sign-in (`SessionActorMiddleware.lifetime`); expired rows are not
///   read and the background loop deletes them (`purgeExpired`).
struct DatabaseSessionDriver: AsyncSessionDriver {
    struct ReadKey: StorageKey { typealias Value = [String: String] }
    struct MissingKey: StorageKey { typealias Value = Bool }

    func createSession(_ data: SessionData, for request: Request) async throws -> SessionID {
        let key = [UInt8].random(count: 32).base64URLEncoded()
        let values = data.snapshot
        guard let raw = values[SessionActorMiddleware.userKey], let userID = UUID(uuidString: raw) else {
            return SessionID(string: key)
        }
        let record = WebSession(key: key, data: values, userID: userID, expiresAt: request.now.addingTimeInterval(SessionActorMiddleware.lifetime))
        try await record.create(on: request.db)
        return SessionID(string: key)
    }

    func readSession(_ sessionID: SessionID, for request: Request) async throws -> SessionData? {
        // A cookie that cannot be one of ours is not looked up.
        guard sessionID.string.count == 43, sessionID.string.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }),
              let record = try await WebSession.query(on: request.db).filter(\.$key == sessionID.string).first(),
              record.expiresAt > request.now
        else {
            request.storage[MissingKey.self] = true
            return nil
        }
        request.storage[ReadKey.self] = record.data
        return SessionData(initialData: record.data)
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) async throws -> SessionID {
        let values = data.snapshot
        if request.storage[MissingKey.self] == true {
            // The cookie named no live session: a new one is stored only for a sign-in.
            return try await createSession(data, for: request)
        }
        guard request.storage[ReadKey.self] != values else { return sessionID }
        try await WebSession.query(on: request.db).filter(\.$key == sessionID.string).set(\.$data, to: values).update()
        return sessionID
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) async throws {
        guard request.storage[MissingKey.self] != true else { return }
        try await WebSession.query(on: request.db).filter(\.$key == sessionID.string).delete()
    }

    /// Deletes sessions past their end; the background loop calls it every round.
    static func purgeExpired(on db: any Database, now: Date) async throws {
        try await WebSession.query(on: db).filter(\.$expiresAt <= now).delete()
    }

    /// Ends every session of a person (password reset, deactivation).
    static func endAll(of userID: UUID, on db: any Database) async throws {
        try await WebSession.query(on: db).filter(\.$userID == userID).delete()
    }
}

/// The signed token a visitor's forms carry instead of a session: `random.mac`, where the MAC is
/// an HMAC-SHA256 of the random part under the deployment's secret. The same value goes in a
/// cookie and in the form (double submit), so another site can neither read nor forge it.
enum AnonymousFormToken {
    static let cookieName = "ieum_form"
    struct IssuedKey: StorageKey { typealias Value = String }

    static func mac(_ value: String, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Array(code).base64URLEncoded()
    }

    static func make(secret: String) -> String {
        let value = [UInt8].random(count: 24).base64URLEncoded()
        return value + "." + mac(value, secret: secret)
    }

    static func isValid(_ token: String, secret: String) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 32, token.count < 200 else { return false }
        return CSRFMiddleware.constantTimeEquals(mac(String(parts[0]), secret: secret), String(parts[1]))
    }

    /// The visitor's token: the cookie's when it is valid, else a new one set on the response.
    static func current(for request: Request) -> String {
        if let issued = request.storage[IssuedKey.self] { return issued }
        let secret = request.application.ieumConfiguration.secret
        if let cookie = request.cookies[cookieName]?.string, isValid(cookie, secret: secret) { return cookie }
        let token = make(secret: secret)
        request.storage[IssuedKey.self] = token
        return token
    }
}

/// Writes the cookies a request decided on (a visitor's form token, a visitor's flash message).
struct ResponseCookiesMiddleware: AsyncMiddleware {
    static let flashCookie = "ieum_flash"
    struct FlashKey: StorageKey { typealias Value = String? }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let secure = request.application.ieumConfiguration.secureCookies
        if let token = request.storage[AnonymousFormToken.IssuedKey.self] {
            response.cookies[AnonymousFormToken.cookieName] = HTTPCookies.Value(
                string: token, expires: nil, maxAge: nil, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
        }
        if let flash = request.storage[FlashKey.self] {
            if let flash {
                let encoded = Array(flash.prefix(300).utf8).base64URLEncoded()
                response.cookies[Self.flashCookie] = HTTPCookies.Value(
                    string: encoded, expires: nil, maxAge: 120, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
            } else {
                response.cookies[Self.flashCookie] = .expired
            }
        }
        return response
    }

    /// A visitor's flash message from its cookie, cleared once read.
    static func takeFlash(from request: Request) -> String? {
        guard let raw = request.cookies[flashCookie]?.string, !raw.isEmpty else { return nil }
        if request.storage[FlashKey.self] == nil { request.storage[FlashKey.self] = .some(nil) }
        var base64 = raw.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard raw.count <= 1_200, let data = Data(base64Encoded: base64) else { return nil }
        return String(data: data, encoding: .utf8)
    }
}

/// `web_sessions`; the expiry and scope of API tokens; indexes for sign-in throttling.
struct CreateWebSessionsAndTokenLimits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("web_sessions")
            .id()
            .field("key", .string, .required)
            .field("data", .dictionary(of: .string), .required)
            .field("user_id", .uuid)
            .field("expires_at", .datetime, .required)
            .unique(on: "key")
            .create()
        // Tokens made before scopes existed are read-only and expired: their owners issue new ones.
        try await database.schema("api_tokens")
            .field("scope", .string, .required, .sql(.default("read")))
            .update()
        try await database.schema("api_tokens")
            .field("expires_at", .datetime)
            .update()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE INDEX web_sessions_expires_at ON web_sessions (expires_at)").run()
            try await sql.raw("CREATE INDEX web_sessions_user_id ON web_sessions (user_id)").run()
            try await sql.raw("CREATE INDEX login_attempts_email_at ON login_attempts (email, attempted_at)").run()
            try await sql.raw("CREATE INDEX login_attempts_address_at ON login_attempts (address, attempted_at)").run()
            try await sql.raw("CREATE INDEX login_attempts_attempted_at ON login_attempts (attempted_at)").run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            for index in ["login_attempts_email_at", "login_attempts_address_at", "login_attempts_attempted_at"] {
                try await sql.raw("DROP INDEX \(ident: index)").run()
            }
        }
        try await database.schema("api_tokens").deleteField("expires_at").update()
        try await database.schema("api_tokens").deleteField("scope").update()
        try await database.schema("web_sessions").delete()
    }
}
