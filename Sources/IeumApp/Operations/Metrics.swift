import CoreMetrics
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Prometheus
import SQLKit
import Vapor

/// This instance's figures in the Prometheus text format (`/metrics`). Requests are counted by
/// route pattern and status as they finish; the rest (database, backlogs, loop, matching index) is
/// read when scraped, so it is current and costs nothing between scrapes.
public final class IeumMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    /// Latency buckets from 5 ms (a cached page) to 10 s (an export of the whole registry).
    static let buckets: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                                      .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10)]

    static func name(_ metric: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "ieum", metricName: metric, unitName: unit, helpText: help)
    }

    let inFlight: Prometheus.Gauge

    init() {
        inFlight = registry.makeGauge(descriptor: Self.name("http_requests_in_flight", help: "Requests being answered now."))
    }

    func requestStarted() { inFlight.increment() }

    func requestFinished(method: HTTPMethod, route: String, status: Int, duration: Duration) {
        inFlight.decrement()
        registry.makeCounter(descriptor: Self.name("http_requests", unit: "total", help: "Requests answered, by method, route pattern and status."),
                             labels: [("method", method.rawValue), ("route", route), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: Self.name("http_request_duration", unit: "seconds", help: "Time to answer, by method and route pattern."),
                                       labels: [("method", method.rawValue), ("route", route)], buckets: Self.buckets).record(duration)
    }

    func gauge(_ metric: String, unit: String = "", help: String, labels: [(String, String)] = [], _ value: Double) {
        registry.makeGauge(descriptor: Self.name(metric, unit: unit, help: help), labels: labels).set(value)
    }

    /// Reads the current state into the gauges, then renders everything.
    func scrape(_ app: Application) async -> String {
        let now = app.clock.now()
        await readDatabase(app)
        await readBacklogs(app, now: now)
        readLoop(app)
        await readMatching(app)
        return registry.emitToString()
    }

    /// Database pool use. What can be measured honestly: the round trip of `SELECT 1` now; on
    /// PostgreSQL the server's count of connections to this database by state (every instance's,
    /// and other clients'); on SQLite the single write lane (`SerializedSQLiteDatabase`): whether a
    /// writer holds it and how many wait. Fluent's pool itself exposes no counts.
    func readDatabase(_ app: Application) async {
        guard let sql = app.db as? any SQLDatabase else { return }
        let started = ContinuousClock.now
        let up = (try? await sql.raw("SELECT 1 AS one").run()) != nil
        let elapsed = ContinuousClock.now - started
        gauge("database_up", help: "1 when the database answered SELECT 1 during this scrape.", up ? 1 : 0)
        gauge("database_probe", unit: "seconds", help: "Round trip of SELECT 1 during this scrape.",
              Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        if sql.dialect.name == "postgresql" {
            let rows = (try? await sql.raw("""
                SELECT COALESCE(state, 'unknown') AS state, COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() GROUP BY 1
                """).all()) ?? []
            var counts: [String: Int] = ["active": 0, "idle": 0, "idle in transaction": 0]
            for row in rows {
                if let state = try? row.decode(column: "state", as: String.self), let n = try? row.decode(column: "n", as: Int.self) { counts[state] = n }
            }
            for (state, n) in counts {
                gauge("database_connections", help: "Connections to this PostgreSQL database by state (pg_stat_activity, all clients).",
                      labels: [("state", state)], Double(n))
            }
        } else if let serialized = app.db as? SerializedSQLiteDatabase {
            let usage = await serialized.lock.usage()
            gauge("database_sqlite_writer_busy", help: "1 while a write holds SQLite's single write lane.", usage.held ? 1 : 0)
            gauge("database_sqlite_writers_waiting", help: "Writes queued for SQLite's write lane.", Double(usage.waiting))
        }
    }

    /// Mail not yet handed to the mail server, and reminders due but not yet written.
    func readBacklogs(_ app: Application, now: Date) async {
        guard let sql = app.db as? any SQLDatabase else { return }
        let outbox = (try? await sql.raw("""
            SELECT status, COUNT(*) AS n, MIN(created_at) AS oldest FROM mail_outbox WHERE status IN ('pending', 'sending', 'failed') GROUP BY status
            """).all()) ?? []
        var counts = ["pending": 0, "sending": 0, "failed": 0]
        var oldestUnsent: Date?
        for row in outbox {
            guard let status = try? row.decode(column: "status", as: String.self), let n = try? row.decode(column: "n", as: Int.self) else { continue }
            counts[status] = n
            if status != "failed", let oldest = try? row.decode(column: "oldest", as: Date?.self) {
                oldestUnsent = min(oldestUnsent ?? oldest, oldest)
            }
        }
        for (status, n) in counts {
            gauge("outbox_mails", help: "Mails in the outbox not sent: pending (waiting or retrying), sending (claimed), failed (given up).",
                  labels: [("status", status)], Double(n))
        }
        gauge("outbox_oldest_unsent_age", unit: "seconds", help: "Age of the oldest pending or sending mail (0 when none).",
              oldestUnsent.map { max(0, now.timeIntervalSince($0)) } ?? 0)
        let reminders = (try? await ReminderBacklog.count(on: app.db, now: now)) ?? -1
        gauge("reminder_backlog", help: "Deadline reminders due now that the loop has not written yet (-1 when it could not be read).", Double(reminders))
    }

    func readLoop(_ app: Application) {
        let beat = app.loopHeartbeat
        gauge("jobs_rounds", unit: "total", help: "Rounds of the background loop finished by this instance.", Double(beat.roundsFinished))
        gauge("jobs_last_round", unit: "timestamp_seconds", help: "When this instance's loop last finished a round (0: not yet).",
              beat.lastRoundFinished?.timeIntervalSince1970 ?? 0)
        for (name, duty) in beat.duties {
            gauge("jobs_duty_last_run", unit: "timestamp_seconds", help: "When each duty of the loop last ran.", labels: [("duty", name)],
                  duty.lastRun?.timeIntervalSince1970 ?? 0)
            gauge("jobs_duty_last_success", unit: "timestamp_seconds", help: "When each duty of the loop last succeeded (0: never).",
                  labels: [("duty", name)], duty.lastSuccess?.timeIntervalSince1970 ?? 0)
            gauge("jobs_duty_failures", unit: "total", help: "Failed runs of each duty since start.", labels: [("duty", name)], Double(duty.failures))
        }
    }

    func readMatching(_ app: Application) async {
        let status = app.recommendations.indexStatus()
        gauge("matching_index_documents", help: "Documents in the matching index (approved startups, published needs).",
              labels: [("index", "startups")], Double(status.startups))
        gauge("matching_index_documents", help: "Documents in the matching index (approved startups, published needs).",
              labels: [("index", "needs")], Double(status.needs))
        let unknown = MatchingIndexStatus.Behind(entries: -1, seconds: -1)
        let behind = (try? await status.behind(on: app.db)) ?? (startups: unknown, needs: unknown)
        for (index, value) in [("startups", behind.startups), ("needs", behind.needs)] {
            gauge("matching_feed_unapplied", help: "Entries of the change feed committed but not yet applied to this instance's index (0: up to date; -1: not built yet).",
                  labels: [("index", index)], Double(value.entries))
            gauge("matching_index_lag", unit: "seconds", help: "How far the index is behind the change feed: time of the newest entry not yet applied minus the newest applied (0: up to date; -1: not built yet).",
                  labels: [("index", index)], value.seconds)
        }
    }
}

extension Application {
    private struct IeumMetricsKey: StorageKey { typealias Value = IeumMetrics }

    public var ieumMetrics: IeumMetrics {
        if let metrics = storage[IeumMetricsKey.self] { return metrics }
        let metrics = IeumMetrics()
        storage[IeumMetricsKey.self] = metrics
        return metrics
    }
}

extension IeumMetrics {
    private static let bootstrapped = NIOLockedValueBox(false)

    /// Points swift-metrics (process-wide, once) at the serving app's registry, so whatever a
    /// library reports through it lands in `/metrics` too. Vapor's own request metrics stay off:
    /// `RequestLogMiddleware` counts requests by route pattern already.
    static func bootstrapMetricsSystem(_ app: Application) {
        let first = bootstrapped.withLockedValue { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        app.http.server.configuration.reportMetrics = false
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: app.ieumMetrics.registry))
    }
}
