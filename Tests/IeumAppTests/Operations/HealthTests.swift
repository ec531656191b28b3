import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// Issue 19, item 3: `/healthz` says the process answers and nothing more; `/readyz` checks the
/// database, the file store and the loop's heartbeat, and answers 503 without error text.
@Suite("Health and readiness")
struct HealthTests {
    static func json(_ response: TestingHTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [String: Any])
    }

    /// Words that would give away internals (driver names, error text, paths).
    static let internals = ["SQLite", "PSQL", "Error", "error", "connection", "/tmp", "ieum-test", "refused", "errno"]

    @Test("/healthz answers {\"status\":\"ok\"} and nothing else, even with the database down")
    func alive() async throws {
        try await TestApp.with { app in
            let response = try await app.testing().sendRequest(.GET, "/healthz")
            #expect(response.status == .ok)
            #expect(response.body.string == #"{"status":"ok"}"#)
            try await Self.withDatabaseDown(app) {
                let down = try await app.testing().sendRequest(.GET, "/healthz")
                #expect(down.status == .ok)
                #expect(down.body.string == #"{"status":"ok"}"#)
            }
        }
    }

    @Test("/readyz is 200 when the database, the file store and the loop are fine")
    func ready() async throws {
        try await TestApp.with { app in
            await NotificationJobs.runOnce(app, worker: "health-test")
            let response = try await app.testing().sendRequest(.GET, "/readyz")
            #expect(response.status == .ok)
            let body = try Self.json(response)
            #expect((body["checks"] as? [String: String]) == ["database": "ok", "files": "ok", "jobs": "ok"])
            #expect((body["status"] as? [String: String])?["ready"] == "yes")
        }
    }

    @Test("/readyz is 503 with the database down, naming the check but no error text")
    func databaseDown() async throws {
        try await TestApp.with { app in
            try await Self.withDatabaseDown(app) {
                let response = try await app.testing().sendRequest(.GET, "/readyz")
                #expect(response.status == .serviceUnavailable)
                let checks = try #require(try Self.json(response)["checks"] as? [String: String])
                #expect(checks["database"] == "unavailable")
                for word in Self.internals { #expect(!response.body.string.contains(word), "\(word) in \(response.body.string)") }
            }
        }
    }

    @Test("/readyz is 503 when files cannot be stored")
    func filesUnwritable() async throws {
        try await OperationsTestApp.with({ $0.fileStore = .directory(path: "/dev/null/ieum-files") }) { app in
            let response = try await app.testing().sendRequest(.GET, "/readyz")
            #expect(response.status == .serviceUnavailable)
            #expect((try Self.json(response)["checks"] as? [String: String])?["files"] == "unavailable")
            #expect(!response.body.string.contains("/dev/null"))
        }
    }

    @Test("/readyz is 503 when the background loop's last round ended too long ago, 200 again after a round")
    func staleLoop() async throws {
        try await TestApp.with { app in
            // given: the last round ended an hour before the pinned now (interval 30 s: stale after 5 minutes)
            app.loopHeartbeat.roundFinished(at: TestApp.now.addingTimeInterval(-3600))
            // when
            let stale = try await app.testing().sendRequest(.GET, "/readyz")
            // then
            #expect(stale.status == .serviceUnavailable)
            #expect((try Self.json(stale)["checks"] as? [String: String])?["jobs"] == "stale")
            // when: a round runs
            await NotificationJobs.runOnce(app, worker: "health-test")
            // then
            #expect(try await app.testing().sendRequest(.GET, "/readyz").status == .ok)
            // and the staleness limit follows the interval, never under five minutes
            #expect(LoopHeartbeat.staleAfter(intervalSeconds: 30) == 300)
            #expect(LoopHeartbeat.staleAfter(intervalSeconds: 600) == 1800)
        }
    }

    /// Points the app's default database at a server that is not there, then back.
    static func withDatabaseDown(_ app: Application, _ body: () async throws -> Void) async throws {
        let original: DatabaseID = TestApp.postgresURL == nil ? .sqlite : .psql
        var broken = try SQLPostgresConfiguration(url: "postgres://nobody:nothing@127.0.0.1:1/none")
        broken.coreConfiguration.options.connectTimeout = .seconds(1)
        app.databases.use(.postgres(configuration: broken), as: DatabaseID(string: "broken"))
        app.databases.default(to: DatabaseID(string: "broken"))
        do {
            try await body()
        } catch {
            app.databases.default(to: original)
            throw error
        }
        app.databases.default(to: original)
    }
}
