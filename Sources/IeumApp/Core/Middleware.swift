import Crypto
import Fluent
import Foundation
import IeumCore
import Vapor

/// Security headers on every response: no inline script, no framing, no sniffing.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "font-src 'self'", "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'",
        "base-uri 'none'", "object-src 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Cross-Origin-Opener-Policy", value: "same-origin")
        return response
    }
}

struct LanguageKey: StorageKey {
    typealias Value = Lang
}

extension Request {
    /// The interface language: `?lang=` switches and is remembered in a cookie; Korean by default.
    public var language: Lang {
        get { storage[LanguageKey.self] ?? .ko }
        set { storage[LanguageKey.self] = newValue }
    }

    func t(_ text: Localized) -> String { text.text(language) }
}

struct LanguageMiddleware: AsyncMiddleware {
    static let cookieName = "ieum_lang"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var chosen: Lang?
        if let raw = request.query[String.self, at: "lang"], let lang = Lang(rawValue: raw) {
            chosen = lang
            request.language = lang
        } else if let raw = request.cookies[Self.cookieName]?.string, let lang = Lang(rawValue: raw) {
            request.language = lang
        } else if let accept = request.headers.first(name: .acceptLanguage)?.lowercased(), accept.hasPrefix("en") {
            // Programs calling the API ask for English with Accept-Language; Korean stays the default.
            request.language = .en
        }
        let response = try await next.respond(to: request)
        if let chosen {
            response.cookies[Self.cookieName] = HTTPCookies.Value(
                string: chosen.rawValue, expires: Date().addingTimeInterval(365 * 24 * 3600),
                path: "/", isSecure: request.application.ieumConfiguration.secureCookies, isHTTPOnly: true, sameSite: .lax
            )
        }
        return response
    }
}

/// Loads the actor of a signed-in session.
struct SessionActorMiddleware: AsyncMiddleware {
    static let userKey = "uid"
    static let signedInKey = "since"
    /// A sign-in lasts as long as its cookie, also on the server, so a copied cookie stops working.
    static let lifetime: TimeInterval = 12 * 60 * 60

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.hasSession, let raw = request.session.data[Self.userKey], let id = UUID(uuidString: raw) {
            let since = request.session.data[Self.signedInKey].flatMap(Double.init).map(Date.init(timeIntervalSince1970:))
            if since.map({ request.now.timeIntervalSince($0) > Self.lifetime || request.now < $0.addingTimeInterval(-300) }) ?? true {
                request.session.destroy()
            } else if let user = try await User.find(id, on: request.db), user.active,
                      since.map({ $0 >= (user.sessionsValidAfter ?? .distantPast) }) ?? false {
                request.actor = try await user.actor(on: request.db)
            } else {
                request.session.destroy()
            }
        }
        return try await next.respond(to: request)
    }
}

/// `Authorization: Bearer <token>` with a personal API token.
struct BearerActorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.actor == nil, let bearer = request.headers.bearerAuthorization {
            let hash = APITokens.hash(bearer.token)
            guard let token = try await APIToken.query(on: request.db).filter(\.$tokenHash == hash).with(\.$user).first(),
                  token.user.active
            else {
                throw Abort(.unauthorized, reason: "invalid API token")
            }
            request.actor = try await token.user.actor(on: request.db)
            request.storage[BearerAuthenticatedKey.self] = true
            token.lastUsedAt = request.now
            try await token.save(on: request.db)
        }
        return try await next.respond(to: request)
    }
}

struct BearerAuthenticatedKey: StorageKey {
    typealias Value = Bool
}

/// Every state-changing form carries the session's CSRF token. Requests authenticated by a bearer
/// token carry no cookies a browser would send on its own, so they need none.
struct CSRFMiddleware: AsyncMiddleware {
    static let sessionKey = "csrf"
    static let fieldName = "_csrf"
    /// The largest form body accepted anywhere (an import file of 10,000+ rows fits easily).
    static let maxBodyBytes = 20 * 1024 * 1024

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let safe: [HTTPMethod] = [.GET, .HEAD, .OPTIONS]
        // An API call with neither session nor token carries no ambient authority: it gets its 401
        // from the handler instead of a CSRF refusal.
        let anonymousAPI = request.url.path.hasPrefix("/api/") && request.actor == nil
        if !safe.contains(where: { $0 == request.method }), request.storage[BearerAuthenticatedKey.self] != true, !anonymousAPI {
            let expected = request.hasSession ? request.session.data[Self.sessionKey] : nil
            var sent = request.headers.first(name: "X-CSRF-Token")
            if sent == nil {
                // A large upload arrives as a stream; collect it (within the upload limit) to read the field.
                if request.body.data == nil {
                    _ = try await request.body.collect(max: Self.maxBodyBytes).get()
                }
                sent = try? request.content.get(String.self, at: Self.fieldName)
            }
            guard let expected, let sent, constantTimeEquals(expected, sent) else {
                throw IeumError.csrf
            }
        }
        return try await next.respond(to: request)
    }

    func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

extension Request {
    /// The session's CSRF token, made on first use.
    var csrfToken: String {
        if let token = session.data[CSRFMiddleware.sessionKey] { return token }
        let token = [UInt8].random(count: 24).base64URLEncoded()
        session.data[CSRFMiddleware.sessionKey] = token
        return token
    }
}

extension Array where Element == UInt8 {
    func base64URLEncoded() -> String {
        Data(self).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
