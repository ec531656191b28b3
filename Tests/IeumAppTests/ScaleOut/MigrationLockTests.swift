import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import IeumApp

/// Issue 18, item 2: any number of instances start together against an empty or an old PostgreSQL
/// database; migrations (and the demo load of `serve --demo`) happen once, under an advisory lock.
@Suite("Migrations once across instances")
struct MigrationLockTests {
    static var skipReason: String? {
        TestApp.postgresURL == nil
            ? "MigrationLockTests skipped: the advisory lock is PostgreSQL's; set IEUM_TEST_DATABASE_URL to run them (SQLite keeps one process per file)"
            : nil
    }

    /// Every recorded migration with its batch.
    static func recorded(_ app: Application) async throws -> [(name: String, batch: Int)] {
        let sql = try #require(app.db as? any SQLDatabase)
        return try await sql.raw("SELECT name, batch FROM _fluent_migrations").all()
            .map { (try $0.decode(column: "name", as: String.self), try $0.decode(column: "batch", as: Int.self)) }
    }

    static func atOnce<T: Sendable>(_ apps: [Application], _ body: @escaping @Sendable (Application) async throws -> T) async throws -> [T] {
        try await withThrowingTaskGroup(of: T.self) { group in
            for app in apps { group.addTask { try await body(app) } }
            return try await group.reduce(into: [T]()) { $0.append($1) }
        }
    }

    @Test("three instances starting at once on an empty schema all come up, and it is migrated once; again on the migrated schema")
    func threeInstancesAtOnce() async throws {
        if let reason = Self.skipReason { print(reason); return }
        try await Instances.with(3, migrate: false) { apps, _ in
            // when three instances migrate the empty schema at the same moment
            try await Self.atOnce(apps) { try await IeumRuntime.migrate($0) }
            // then every migration is recorded once, all in the first batch (one instance did them)
            let first = try await Self.recorded(apps[0])
            #expect(first.count == Migrations.all.count + 1, "the app's migrations and the sessions table")
            #expect(Set(first.map(\.name)).count == first.count)
            #expect(Set(first.map(\.batch)) == [1])
            #expect(first.contains { $0.name.hasSuffix("CreateStoredFiles") })
            // and every instance serves from it
            for app in apps { #expect(try await app.testing().sendRequest(.GET, "/calls").status == .ok) }
            // when they start again together on the migrated schema
            try await Self.atOnce(apps) { try await IeumRuntime.migrate($0) }
            // then nothing more was run
            let again = try await Self.recorded(apps[1])
            #expect(again.count == first.count && Set(again.map(\.batch)) == [1])
        }
    }

    @Test("three instances started with --demo at once load the demo once; the others say it was skipped")
    func demoOnce() async throws {
        if let reason = Self.skipReason { print(reason); return }
        try await Instances.with(3, migrate: false) { apps, _ in
            let reports = try await Self.atOnce(apps) { try await IeumRuntime.migrateAndLoadDemo($0) }
            #expect(reports.filter(\.loaded).count == 1)
            #expect(reports.filter { !$0.loaded }.count == 2)
            #expect(reports.filter { !$0.loaded }.allSatisfy { $0.describe().contains("demo data skipped") })
            let loaded = try #require(reports.first { $0.loaded })
            #expect(try await Organization.query(on: apps[0].db).count() == loaded.organizations)
            #expect(try await User.query(on: apps[0].db).filter(\.$email == "operator@ieum.demo").count() == 1)
            let migrations = try await Self.recorded(apps[2])
            #expect(Set(migrations.map(\.name)).count == migrations.count && Set(migrations.map(\.batch)) == [1])
        }
    }

    @Test("the lock's keys: a fixed first key and a stable hash of the schema")
    func keys() {
        #expect(MigrationLock.classKey == 0x4945_554D)
        #expect(MigrationLock.schemaKey("public") == MigrationLock.schemaKey("public"))
        #expect(MigrationLock.schemaKey("public") != MigrationLock.schemaKey("t_other"))
    }
}
