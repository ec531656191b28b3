import Crypto
import Foundation
import IeumCore
import NIOConcurrencyHelpers
import Vapor

/// How many requests one caller (an API token, else a session, else an address) may make: a token
/// bucket of `burst` requests refilled at `perSecond`. Kept per instance, so behind N instances a
/// caller gets up to N times as much; the limit is there to stop a runaway script, not to meter.
public struct APIRateLimit: Sendable, Equatable {
    public var burst: Double
    public var perSecond: Double

    public init(burst: Double, perSecond: Double) {
        self.burst = burst
        self.perSecond = perSecond
    }

    /// 1,200 at once, then 20 a second (1,200 a minute).
    public static let standard = APIRateLimit(burst: 1200, perSecond: 20)
}

final class APIRateLimiter: Sendable {
    struct Bucket { var tokens: Double; var at: Date }
    let limit: APIRateLimit
    let buckets = NIOLockedValueBox<[String: Bucket]>([:])

    init(_ limit: APIRateLimit) { self.limit = limit }

    /// Takes one request from the caller's bucket; nil when allowed, else the seconds to wait.
    func take(_ key: String, now: Date) -> Int? {
        buckets.withLockedValue { buckets in
            // Forget callers whose bucket has refilled, so the table does not grow without bound.
            if buckets.count > 10_000 {
                buckets = buckets.filter { now.timeIntervalSince($0.value.at) * limit.perSecond < limit.burst }
            }
            var bucket = buckets[key] ?? Bucket(tokens: limit.burst, at: now)
            let elapsed = max(0, now.timeIntervalSince(bucket.at))
            bucket.tokens = min(limit.burst, bucket.tokens + elapsed * limit.perSecond)
            bucket.at = now
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                return max(1, Int(((1 - bucket.tokens) / limit.perSecond).rounded(.up)))
            }
            bucket.tokens -= 1
            buckets[key] = bucket
            return nil
        }
    }
}

extension Application {
    struct APIRateLimiterKey: StorageKey { typealias Value = APIRateLimiter }

    /// The API's rate limit; set it before the first request (tests set a small one).
    public var apiRateLimit: APIRateLimit {
        get { apiRateLimiter.limit }
        set { storage[APIRateLimiterKey.self] = APIRateLimiter(newValue) }
    }

    var apiRateLimiter: APIRateLimiter {
        if let limiter = storage[APIRateLimiterKey.self] { return limiter }
        let limiter = APIRateLimiter(.standard)
        storage[APIRateLimiterKey.self] = limiter
        return limiter
    }
}

extension Request {
    struct NextPageLinkKey: StorageKey { typealias Value = String }

    /// The `Link: <…>; rel="next"` of a list answer, set by its handler.
    var nextPageLink: String? {
        get { storage[NextPageLinkKey.self] }
        set { storage[NextPageLinkKey.self] = newValue }
    }
}

/// The conventions every `/api/v1` operation shares (issue 20): a rate limit per caller answered
/// with 429 and `Retry-After`, and an `ETag` on every successful GET, with `If-None-Match`
/// answered 304 and no body.
struct APIConventionsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let wait = request.application.apiRateLimiter.take(Self.callerKey(request), now: request.now) {
            throw IeumError.throttled(retryAfterSeconds: wait)
        }
        let response = try await next.respond(to: request)
        // Set here, not by the generated code, which would percent-encode the <…> and quotes.
        if let link = request.nextPageLink { response.headers.replaceOrAdd(name: .link, value: link) }
        guard request.method == .GET, response.status == .ok else { return response }
        // The generated handlers stream their bodies; an API answer is small enough to hold.
        guard let body = try await response.body.collect(on: request.eventLoop).get() else { return response }
        response.body = .init(buffer: body)
        let tag = Self.entityTag(Data(body.readableBytesView))
        response.headers.replaceOrAdd(name: .eTag, value: tag)
        if Self.matches(request.headers.first(name: .ifNoneMatch), tag) {
            let unchanged = Response(status: .notModified)
            unchanged.headers.replaceOrAdd(name: .eTag, value: tag)
            return unchanged
        }
        return response
    }

    /// The bearer token (by its hash: the plain token is never kept), else the session cookie's
    /// holder, else the address the request came from.
    static func callerKey(_ request: Request) -> String {
        if let bearer = request.headers.bearerAuthorization { return "token:" + APITokens.hash(bearer.token) }
        if let session = request.cookies[request.application.sessions.configuration.cookieName]?.string { return "session:" + APITokens.hash(session) }
        return "address:" + (request.remoteAddress?.ipAddress ?? "-")
    }

    /// A strong tag: the first 128 bits of the body's SHA-256, in quotes.
    static func entityTag(_ body: Data) -> String {
        "\"" + SHA256.hash(data: body).prefix(16).map { String(format: "%02x", $0) }.joined() + "\""
    }

    /// `If-None-Match` holds `*` or a list of tags, weak (`W/"…"`) or strong; GETs compare weakly.
    static func matches(_ header: String?, _ tag: String) -> Bool {
        guard let header else { return false }
        return header.split(separator: ",").contains { item in
            var candidate = item.trimmingCharacters(in: .whitespaces)
            if candidate == "*" { return true }
            if candidate.hasPrefix("W/") { candidate.removeFirst(2) }
            return candidate == tag
        }
    }
}
