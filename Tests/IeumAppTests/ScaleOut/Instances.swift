import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// Several application instances on one database, as behind a load balancer (issue 18): each its own
/// `Application` with its own connection pool, all on one new PostgreSQL schema, or (without
/// `IEUM_TEST_DATABASE_URL`) on one SQLite file. Time comes from one shared clock the test moves.
enum Instances {
    /// A clock the instances share; tests move it (`advance`).
    final class SharedClock: Sendable {
        private let box = NIOLockedValueBox(TestApp.now)
        var now: Date { box.withLockedValue { $0 } }
        func advance(_ seconds: TimeInterval) { box.withLockedValue { $0 = $0.addingTimeInterval(seconds) } }
        var appClock: AppClock { AppClock { [box] in box.withLockedValue { $0 } } }
    }

    /// `count` instances; the first migrates unless `migrate` is false (the schema then is empty).
    static func with(
        _ count: Int, fileStore: FileStoreSetting = .database, migrate: Bool = true, clock: SharedClock = SharedClock(),
        _ body: ([Application], Configuration) async throws -> Void
    ) async throws {
        await TestApp.gate.enter()
        let directory = NSTemporaryDirectory() + "ieum-instances-" + UUID().uuidString
        var apps: [Application] = []
        var schema: String?
        do {
            try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
            var config = Configuration(database: .sqliteFile(path: directory + "/ieum.sqlite"), bcryptCost: 4)
            config.dataDirectory = directory + "/data"
            config.fileStore = fileStore
            if let url = TestApp.postgresURL {
                config.database = .postgres(url: url)
                schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            }
            for _ in 0..<count {
                let app = try await Application.make(.testing)
                apps.append(app)
                if let schema { app.postgresSchema = schema }
                try await configure(app, config)
                app.clock = clock.appClock
            }
            if let schema, let sql = apps[0].db as? any SQLDatabase {
                try await sql.raw("CREATE SCHEMA \(ident: schema)").run()
            }
            if migrate { try await IeumRuntime.migrate(apps[0]) }
            try await body(apps, config)
        } catch {
            await cleanUp(apps, schema: schema, directory: directory)
            await TestApp.gate.leave()
            throw error
        }
        await cleanUp(apps, schema: schema, directory: directory)
        await TestApp.gate.leave()
    }

    static func cleanUp(_ apps: [Application], schema: String?, directory: String) async {
        if let schema, let sql = apps.first?.db as? any SQLDatabase {
            try? await sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run()
        }
        for app in apps { try? await app.asyncShutdown() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A browser that moves to another instance with its cookies (the load balancer sends its next
    /// request elsewhere).
    static func client(_ from: WebClient, on app: Application) -> WebClient {
        let moved = WebClient(app)
        moved.cookies = from.cookies
        moved.csrf = from.csrf
        return moved
    }
}

enum TestFiles {
    /// Stores `bytes` in the file store in a transaction of its own; returns the storage name.
    static func put(_ bytes: [UInt8], folder: StoredFolder, name: String = FileStore.newName(), in files: FileStore, on db: any Database,
                    now: Date = TestApp.now) async throws -> String {
        try await db.transaction { tx in try await files.save(bytes, folder: folder, name: name, on: tx, now: now) }
        return name
    }
}
