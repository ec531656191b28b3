import Fluent
import Foundation
import IeumCore
import NIOCore
import SQLKit
import Vapor

/// `/healthz` (the process answers), `/readyz` (it can do its work: database, file store,
/// background loop) and `/metrics`. Their answers name no internals: no error text, no version,
/// no path; the server's own log has the detail.
struct OperationsController {
    func register(_ app: Application) {
        app.on(.operations(.alive), use: alive)
        app.on(.operations(.ready), use: ready)
        app.on(.operations(.metrics), use: metrics)
    }

    /// 200 as long as the process answers requests; for a supervisor's liveness probe.
    func alive(req: Request) async throws -> Response {
        try Self.json(["status": "ok"], status: .ok)
    }

    /// 200 when every check passes, else 503; for a load balancer's readiness probe.
    func ready(req: Request) async throws -> Response {
        let report = await Readiness.check(req.application, logger: req.logger)
        return try Self.json(report.body, status: report.ready ? .ok : .serviceUnavailable)
    }

    func metrics(req: Request) async throws -> Response {
        guard MetricsAccess.allows(req) else {
            let response = Response(status: .forbidden, body: .init(string: MetricsAccess.refusal.text(req.language) + "\n"))
            response.headers.contentType = .plainText
            return response
        }
        let text = await req.application.ieumMetrics.scrape(req.application)
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func json(_ body: some Encodable, status: HTTPResponseStatus) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let response = Response(status: status, body: .init(data: try encoder.encode(body)))
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

/// The checks of `/readyz`, each `ok` or a short word; what went wrong goes to the log only.
enum Readiness {
    struct Report {
        var checks: [String: String]
        var ready: Bool { checks.values.allSatisfy { $0 == "ok" } }
        var body: [String: [String: String]] {
            ["status": ["ready": ready ? "yes" : "no"], "checks": checks]
        }
    }

    static func check(_ app: Application, logger: Logger) async -> Report {
        var checks: [String: String] = [:]
        do {
            guard let sql = app.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await sql.raw("SELECT 1 AS one").run()
            checks["database"] = "ok"
        } catch {
            logger.error("readiness: database check failed: \(SafeError.describe(error))")
            checks["database"] = "unavailable"
        }
        do {
            try await FileStoreProbe.check(app)
            checks["files"] = "ok"
        } catch {
            logger.error("readiness: file store check failed: \(SafeError.describe(error))")
            checks["files"] = "unavailable"
        }
        // Only while the matching index loads at start (a request needing it would wait).
        if app.recommendations.isLoadingAtStart { checks["matching"] = "loading" }
        let verdict = app.loopHeartbeat.verdict(now: app.clock.now(), intervalSeconds: app.ieumConfiguration.jobsIntervalSeconds)
        checks["jobs"] = verdict == .stale ? "stale" : "ok"
        if verdict == .stale { logger.error("readiness: the background loop has not finished a round for too long") }
        return Report(checks: checks)
    }
}

/// Who may read `/metrics`. The figures say how busy the service is and which routes fail, which
/// is nobody else's business: with `IEUM_METRICS_TOKEN` set, whoever sends it as a bearer token;
/// without it, only a client on this machine that came straight in (a request relayed by a proxy
/// on this machine carries `X-Forwarded-For` or `Forwarded` and is refused).
enum MetricsAccess {
    static let refusal = Localized(
        "지표는 이 서버 안에서, 또는 IEUM_METRICS_TOKEN을 Bearer 토큰으로 보내야 볼 수 있습니다.",
        "Metrics are served to this machine only, or to requests carrying IEUM_METRICS_TOKEN as a bearer token.")

    static func allows(_ request: Request) -> Bool {
        allows(token: request.application.ieumConfiguration.operations.metricsToken, sent: request.headers.bearerAuthorization?.token,
               peer: request.remoteAddress, headers: request.headers)
    }

    static func allows(token: String?, sent: String?, peer: SocketAddress?, headers: HTTPHeaders) -> Bool {
        if let token {
            return sent.map { CSRFMiddleware.constantTimeEquals($0, token) } ?? false
        }
        guard headers.first(name: "X-Forwarded-For") == nil, headers.first(name: "Forwarded") == nil, let ip = peer?.ipAddress else { return false }
        return ip == "127.0.0.1" || ip == "::1" || ip == "::ffff:127.0.0.1"
    }
}

/// Whether uploaded files can be stored: the configured file store (database or shared
/// directory) writes, reads back and removes a probe file.
enum FileStoreProbe {
    static func check(_ app: Application) async throws {
        try await app.fileStore.checkWritable()
    }
}
