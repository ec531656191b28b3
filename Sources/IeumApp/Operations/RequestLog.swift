import Foundation
import Logging
import NIOConcurrencyHelpers
import Vapor

/// One log line per request, and the request's figures for `/metrics`. Outermost middleware, so it
/// sees the final status of every request, error pages included. The line holds the request id,
/// method, route pattern (`/needs/:needID`, never the path: paths carry reset and receipt tokens),
/// status and duration; never a header, a query or a body.
struct RequestLogMiddleware: AsyncMiddleware {
    static let header = "X-Request-Id"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let id = Self.acceptedID(request.headers.first(name: Self.header)) ?? Self.newID()
        var logger = request.application.requestLoggers.make()
        logger[metadataKey: "request_id"] = .string(id)
        request.logger = logger
        let metrics = request.application.ieumMetrics
        let started = ContinuousClock.now
        metrics.requestStarted()
        let status: HTTPResponseStatus
        let response: Response
        do {
            response = try await next.respond(to: request)
            status = response.status
        } catch {
            // Only what escapes both error middlewares gets here (the server then answers 500).
            metrics.requestFinished(method: request.method, route: Self.routePattern(request), status: 500, duration: ContinuousClock.now - started)
            log(request, status: .internalServerError, duration: ContinuousClock.now - started)
            throw error
        }
        let duration = ContinuousClock.now - started
        response.headers.replaceOrAdd(name: Self.header, value: id)
        metrics.requestFinished(method: request.method, route: Self.routePattern(request), status: Int(status.code), duration: duration)
        log(request, status: status, duration: duration)
        return response
    }

    func log(_ request: Request, status: HTTPResponseStatus, duration: Duration) {
        let route = Self.routePattern(request)
        let milliseconds = (Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
        let rounded = (milliseconds * 10).rounded() / 10
        let metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue),
            "route": .string(route),
            "status": .stringConvertible(Int(status.code)),
            "duration_ms": .stringConvertible(rounded),
        ]
        let level: Logger.Level = status.code >= 500 ? .error : .info
        request.logger.log(level: level, "\(request.method.rawValue) \(route) \(status.code) \(rounded) ms", metadata: metadata)
    }

    /// The route as declared (`/needs/:needID`); a request no route matched (a static file, a 404)
    /// is named by a fixed word, so neither a log nor the metrics learn the path it asked for.
    static func routePattern(_ request: Request) -> String {
        guard let route = request.route else { return "(no route)" }
        return "/" + route.path.string
    }

    /// A caller's id is kept when it is short and plain (letters, digits, `-`, `_`, `.`), so it can
    /// neither forge log lines nor smuggle data into them.
    static func acceptedID(_ raw: String?) -> String? {
        guard let raw, (1...128).contains(raw.utf8.count),
              raw.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) })
        else { return nil }
        return raw
    }

    static func newID() -> String {
        UUID().uuidString.lowercased()
    }
}

/// Where request loggers write: the process's logging system, or what a test puts here.
public final class RequestLoggers: Sendable {
    private let factory: NIOLockedValueBox<(@Sendable (String) -> any LogHandler)?>

    init() { factory = NIOLockedValueBox(nil) }

    /// Tests capture request logs with their own handler.
    public func use(_ make: @escaping @Sendable (String) -> any LogHandler) {
        factory.withLockedValue { $0 = make }
    }

    func make() -> Logger {
        let label = "ieum.request"
        if let make = factory.withLockedValue({ $0 }) { return Logger(label: label, factory: make) }
        return Logger(label: label)
    }
}

extension Application {
    private struct RequestLoggersKey: StorageKey { typealias Value = RequestLoggers }

    public var requestLoggers: RequestLoggers {
        storage[RequestLoggersKey.self] ?? RequestLoggers()
    }

    /// Creates the per-instance operations state before the server runs (storage is not for
    /// lazy creation from concurrent requests).
    func installOperations() {
        storage[RequestLoggersKey.self] = RequestLoggers()
        _ = loopHeartbeat
        _ = ieumMetrics
    }
}
