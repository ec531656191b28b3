import Fluent
import Foundation
import Logging
import Vapor

/// What the command line asks of the app: build it, migrate, serve. The executable only parses
/// arguments; everything it does lives here so tests and tools can do the same.
public enum IeumRuntime {
    /// Reads the environment once; a bad variable is reported by name and the process stops.
    public static func configuration() -> Configuration {
        do {
            return try Configuration.fromEnvironment()
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            exit(2)
        }
    }

    /// An application configured for `config`, not yet migrated or listening.
    public static func makeApplication(_ config: Configuration, environment: Environment = .production) async throws -> Application {
        var env = environment
        env.arguments = ["ieum"]
        let app = try await Application.make(env)
        do {
            try await configure(app, config)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    /// Runs pending migrations; on PostgreSQL under an advisory lock, so instances that start
    /// together migrate once (`MigrationLock`).
    public static func migrate(_ app: Application) async throws {
        try await MigrationLock.withLock(app) { try await app.autoMigrate() }
    }

    /// `serve --demo`: migrates and loads the demo data when the database is empty, both under the
    /// migration lock, so of instances started together with `--demo` one loads it and the others
    /// print that it was skipped.
    public static func migrateAndLoadDemo(_ app: Application) async throws -> DemoData.Report {
        try await MigrationLock.withLock(app) {
            try await app.autoMigrate()
            return try await DemoData.loadIfEmpty(on: app.db, hasher: app.password.async, now: app.clock.now(), files: app.fileStore)
        }
    }

    /// Migrates, loads the demo data when asked and the database is empty, then serves until stopped.
    public static func serve(_ config: Configuration, demo: Bool, output: @escaping @Sendable (String) -> Void) async throws {
        var config = config
        // --host and --port may have changed the address since the environment was read.
        if config.baseURLIsDefault { config.baseURL = .local(host: config.host, port: config.port) }
        let problems = config.servingProblems(demo: demo)
        if !problems.isEmpty { throw Configuration.ProblemList(problems: problems) }
        // LOG_LEVEL and IEUM_LOG_FORMAT, and swift-metrics into /metrics (issue 19).
        IeumLogging.bootstrap(config.operations)
        let app = try await makeApplication(config)
        IeumMetrics.bootstrapMetricsSystem(app)
        do {
            // Demo accounts (known passwords) never go into a database with real people's data.
            if demo { try await DemoGuard.check(on: app.db) }
            if demo {
                output(try await migrateAndLoadDemo(app).describe())
            } else {
                try await migrate(app)
            }
            let localFiles = await app.fileStore.localFilesLeft()
            if localFiles > 0 {
                app.logger.warning("\(localFiles) uploaded file(s) are still under IEUM_DATA_DIR (\(config.dataDirectory)), which only this instance reads: run `ieum files import-local` to move them into the shared file store (\(config.fileStore)).")
            }
            // The matching index loads (from the shared snapshot, or built from the tables) while the
            // server already answers: /readyz says 503 until it is in, and a request that needs it
            // waits for this load instead of starting its own.
            app.recommendations.warmUp(on: app.db, logger: app.logger) { [app] in
                // Learning from feedback trains once per instance on the labels (thousands of
                // features looked up in the index): done here, not by the first request.
                _ = try await app.feedbackLearning.model(forProgram: nil, engine: app.recommendations, on: app.db)
            }
            if config.usesDefaultSecret {
                app.logger.warning("IEUM_SECRET is not set: using the development secret. Set it in production.")
            }
            output("이음(Ieum) listening on http://\(config.host):\(config.port)  (database: \(config.databaseDescription))")
            if config.smtp == nil {
                app.logger.notice("IEUM_SMTP_HOST is not set: e-mails are kept in the outbox and written to the log.")
            }
            if config.baseURLIsDefault {
                app.logger.notice("IEUM_BASE_URL is not set: links in e-mails and calendar files start with \(config.baseURL).")
            }
            let jobs = NotificationJobs.start(app, interval: .seconds(config.jobsIntervalSeconds))
            do {
                try await app.execute()
            } catch {
                await jobs.stop()
                throw error
            }
            await jobs.stop()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

extension Configuration {
    /// The database for logs, with any password hidden.
    public var databaseDescription: String {
        switch database {
        case .sqliteFile(let path): "SQLite \(path)"
        case .sqliteMemory: "SQLite in memory"
        case .postgres(let url): "PostgreSQL \(Configuration.redacted(url))"
        }
    }
}
