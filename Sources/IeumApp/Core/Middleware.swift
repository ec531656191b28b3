import Crypto
import Fluent
import Foundation
import IeumCore
import NIOCore
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
        // Served over HTTPS (an https IEUM_BASE_URL): browsers keep to HTTPS for a year (issue 19).
        if request.application.ieumConfiguration.baseURL.isHTTPS {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        return response
    }
}

/// The stylesheet, script and icons: only a short plain file name is looked up on disk, so a
/// path too long for the file system (or with odd bytes) goes to the router and gets its 404.
struct StaticFilesMiddleware: AsyncMiddleware {
    let files: FileMiddleware

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard request.method == .GET || request.method == .HEAD, path.utf8.count <= 200,
              path.split(separator: "/").count <= 3,
              path.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0 != "%" && $0 != "\\" })
        else {
            return try await next.respond(to: request)
        }
        return try await files.respond(to: request, chainingTo: next)
    }
}

/// A NUL character has no place in any text a person sends, and PostgreSQL refuses to store one:
/// a path, query or form (url-encoded or JSON) carrying it is answered 400 before any handler.
/// Files in multipart bodies are not looked at (their bytes are checked by content elsewhere).
struct NulRefusalMiddleware: AsyncMiddleware {
    static let message = Localized("입력에 허용되지 않는 문자(NUL)가 있습니다.", "The input contains a character that is not allowed (NUL).")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let target = request.url.path + "?" + (request.url.query ?? "")
        if target.contains("%00") || target.utf8.contains(0) {
            throw IeumError.badRequest(Self.message)
        }
        guard let type = request.headers.contentType else { return try await next.respond(to: request) }
        let isForm = type == .urlEncodedForm
        let isJSON = type == .json || type.subType.hasSuffix("+json")
        let boundary = type.type == "multipart" && type.subType == "form-data" ? type.parameters["boundary"] : nil
        guard isForm || isJSON || !(boundary ?? "").isEmpty else { return try await next.respond(to: request) }
        if request.body.data == nil, request.method != .GET, request.method != .HEAD {
            _ = try await request.body.collect(max: RouteLimits.maxBodyBytes(of: request)).get()
        }
        if let buffer = request.body.data {
            let body = Data(buffer.readableBytesView)
            let refused: Bool
            if let boundary, !boundary.isEmpty {
                refused = Self.textPartHasNul(body, boundary: boundary)
            } else {
                // The NUL itself, or its escaped form: `%00` in a url-encoded form, `\u0000` in JSON.
                let escaped = Data((isForm ? "%00" : "\\u0000").utf8)
                refused = body.contains(0) || body.range(of: escaped) != nil
            }
            if refused { throw IeumError.badRequest(Self.message) }
        }
        return try await next.respond(to: request)
    }

    /// Whether a multipart part that is not a file (no `filename=` in its headers) holds a NUL.
    static func textPartHasNul(_ body: Data, boundary: String) -> Bool {
        let separator = Data(("--" + boundary).utf8)
        let blank = Data([13, 10, 13, 10])
        var rest = body.startIndex..<body.endIndex
        while let found = body.range(of: separator, in: rest) {
            let next = body.range(of: separator, in: found.upperBound..<body.endIndex)
            let part = found.upperBound..<(next?.lowerBound ?? body.endIndex)
            if let split = body.range(of: blank, in: part) {
                let headers = String(decoding: body[part.lowerBound..<split.lowerBound], as: UTF8.self).lowercased()
                if !headers.contains("filename="), body[split.upperBound..<part.upperBound].contains(0) { return true }
            }
            rest = part.upperBound..<body.endIndex
        }
        return false
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
    /// The organisation a person in several acts for (`MembersController.switchOrganization`).
    static let organizationKey = "org"
    /// A sign-in lasts as long as its cookie, also on the server, so a copied cookie stops working.
    static let lifetime: TimeInterval = 12 * 60 * 60

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.hasSession, let raw = request.session.data[Self.userKey], let id = UUID(uuidString: raw) {
            let since = request.session.data[Self.signedInKey].flatMap(Double.init).map(Date.init(timeIntervalSince1970:))
            if since.map({ request.now.timeIntervalSince($0) > Self.lifetime || request.now < $0.addingTimeInterval(-300) }) ?? true {
                request.session.destroy()
            } else if let user = try await User.find(id, on: request.db), user.active, user.emailVerifiedAt != nil,
                      since.map({ $0 >= (user.sessionsValidAfter ?? .distantPast) }) ?? false {
                let actor = try await user.actor(on: request.db)
                let chosen = request.session.data[Self.organizationKey].flatMap(UUID.init(uuidString:))
                request.actor = chosen.map { actor.acting(for: $0) } ?? actor
                // The header's unread badge: one indexed count, for pages only (not the API or forms).
                if request.method == .GET, !request.url.path.hasPrefix(BearerActorMiddleware.apiPrefix) {
                    request.storage[UnreadNoticesKey.self] = try await InboxMessage.query(on: request.db)
                        .filter(\.$userID == actor.userID).filter(\.$readAt == nil).count()
                }
            } else {
                request.session.destroy()
            }
        }
        return try await next.respond(to: request)
    }
}

/// `Authorization: Bearer <token>` with a personal API token. A token authenticates only under
/// `/api/v1` (never a web form), only until it expires, and a read-only token only reads.
struct BearerActorMiddleware: AsyncMiddleware {
    static let apiPrefix = "/api/v1/"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization {
            // `/metrics` checks its own bearer (IEUM_METRICS_TOKEN, `MetricsAccess`), not an API token.
            if request.url.path == "/metrics" { return try await next.respond(to: request) }
            guard request.url.path.hasPrefix(Self.apiPrefix) else {
                throw Abort(.unauthorized, reason: "API tokens are accepted only under /api/v1")
            }
            request.actor = nil
            let hash = APITokens.hash(bearer.token)
            guard bearer.token.count < 200,
                  let token = try await APIToken.query(on: request.db).filter(\.$tokenHash == hash).with(\.$user).first(),
                  token.user.active, let expiresAt = token.expiresAt, expiresAt > request.now
            else {
                throw Abort(.unauthorized, reason: "invalid or expired API token")
            }
            let safe: [HTTPMethod] = [.GET, .HEAD, .OPTIONS]
            if token.scope != APITokenScope.readWrite.rawValue, !safe.contains(request.method) {
                throw Abort(.forbidden, reason: "this API token may only read")
            }
            request.actor = try await token.user.actor(on: request.db)
            request.storage[BearerAuthenticatedKey.self] = true
            // The last use is kept to the minute, so reading with a token is not a write per request.
            if token.lastUsedAt.map({ request.now.timeIntervalSince($0) > 60 }) ?? true {
                token.lastUsedAt = request.now
                try await token.save(on: request.db)
            }
        }
        return try await next.respond(to: request)
    }
}

struct BearerAuthenticatedKey: StorageKey {
    typealias Value = Bool
}

/// Every state-changing form carries a CSRF token: the session's for a signed-in person, the
/// signed visitor token (`AnonymousFormToken`) otherwise. A request that cannot carry a valid one
/// (no session, no visitor cookie) is refused before its body is read; a body is read only up to
/// its route's limit (`RouteLimits`). Requests authenticated by a bearer token carry no cookies a
/// browser would send on its own, so they need none.
struct CSRFMiddleware: AsyncMiddleware {
    static let sessionKey = "csrf"
    static let fieldName = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let safe: [HTTPMethod] = [.GET, .HEAD, .OPTIONS]
        if safe.contains(where: { $0 == request.method }) || request.storage[BearerAuthenticatedKey.self] == true {
            return try await next.respond(to: request)
        }
        let limit = RouteLimits.maxBodyBytes(of: request)
        // An API call with neither session nor token carries no ambient authority: it gets its 401
        // from the handler instead of a CSRF refusal.
        if request.url.path.hasPrefix("/api/") && request.actor == nil {
            try Self.refuseDeclaredLength(of: request, above: limit)
            return try await next.respond(to: request)
        }
        let expected: String?
        if request.actor != nil, request.hasSession {
            expected = request.session.data[Self.sessionKey]
        } else {
            let secret = request.application.ieumConfiguration.secret
            let cookie = request.cookies[AnonymousFormToken.cookieName]?.string
            expected = cookie.flatMap { (token: String) -> String? in AnonymousFormToken.isValid(token, secret: secret) ? token : nil }
        }
        guard let expected else { throw IeumError.csrf }
        try Self.refuseDeclaredLength(of: request, above: limit)
        var sent = request.headers.first(name: "X-CSRF-Token")
        if sent == nil {
            if request.body.data == nil {
                _ = try await request.body.collect(max: limit).get()
            }
            sent = try? request.content.get(String.self, at: Self.fieldName)
        }
        guard let sent, Self.constantTimeEquals(expected, sent) else {
            throw IeumError.csrf
        }
        return try await next.respond(to: request)
    }

    /// 413 for a body whose declared length is past the limit, before any of it is read.
    static func refuseDeclaredLength(of request: Request, above limit: Int) throws {
        if let length = request.headers.first(name: .contentLength).flatMap(Int.init), length > limit {
            throw Abort(.payloadTooLarge)
        }
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// Request bodies: 1 MB by default; upload routes declare their own limit when registered.
enum RouteLimits {
    static let defaultMaxBodyBytes = 1024 * 1024
    static let key = "ieum.maxBodyBytes"

    static func maxBodyBytes(of request: Request) -> Int {
        (request.route?.userInfo[AnySendableHashable(key)] as? Int) ?? defaultMaxBodyBytes
    }
}

extension Request {
    /// The CSRF token for this request's forms: the session's for a signed-in person (made on
    /// first use), the visitor token otherwise (no session is created for a visitor).
    var csrfToken: String {
        if actor != nil, hasSession {
            if let token = session.data[CSRFMiddleware.sessionKey] { return token }
            let token = [UInt8].random(count: 24).base64URLEncoded()
            session.data[CSRFMiddleware.sessionKey] = token
            return token
        }
        return AnonymousFormToken.current(for: self)
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
