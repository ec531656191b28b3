import Fluent
import Foundation
import IeumCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// `ieum move-to-postgres` (issue 19, item 2): the demo data from an SQLite file into a new
/// PostgreSQL schema. Needs the PostgreSQL server of IEUM_TEST_DATABASE_URL.
@Suite("Move to PostgreSQL")
struct MoveToPostgresTests {
    @Test("The demo data moves from SQLite to PostgreSQL with every table's rows and checksums equal",
          .enabled(if: TestApp.postgresURL != nil, "set IEUM_TEST_DATABASE_URL to run the move to PostgreSQL (skipped: no PostgreSQL)"))
    func movesDemoData() async throws {
        let url = try #require(TestApp.postgresURL)
        let folder = NSTemporaryDirectory() + "ieum-move-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sqlitePath = folder + "/demo.sqlite"

        // The SQLite deployment: migrated, with the demo loaded, as `ieum serve --demo` leaves it.
        let source = try await Application.make(.testing)
        var sourceConfig = Configuration(database: .sqliteFile(path: sqlitePath), bcryptCost: 4)
        sourceConfig.dataDirectory = folder
        var demoOrganizations = 0
        var sourceTables = 0
        do {
            try await configure(source, sourceConfig)
            try await source.autoMigrate()
            _ = try await DemoData.load(on: source.db, hasher: source.password.async, now: TestApp.now)
            demoOrganizations = try await Organization.query(on: source.db).count()
            sourceTables = try SQLiteFile(path: sqlitePath, readOnly: true).tableNames().count
        } catch {
            try? await source.asyncShutdown()
            throw error
        }
        try await source.asyncShutdown()
        #expect(demoOrganizations > 10)

        // The PostgreSQL target: a new, empty schema.
        let target = try await Application.make(.testing)
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        target.postgresSchema = schema
        var targetConfig = Configuration(database: .postgres(url: url), bcryptCost: 4)
        targetConfig.dataDirectory = folder
        do {
            try await configure(target, targetConfig)
            let sql = target.db as! any SQLDatabase
            try await sql.raw("CREATE SCHEMA \(ident: schema)").run()
            let report = try await MoveToPostgres.run(sqlitePath: sqlitePath, target: target.db, fileRoots: [FileRoot(label: "data", path: folder)]) {
                try await target.autoMigrate()
            }
            #expect(report.succeeded)
            #expect(report.tables.count == sourceTables)
            let mismatched = report.tables.filter { !$0.matches }.map(\.name)
            #expect(mismatched.isEmpty, "\(mismatched)")
            #expect(report.totalRows > 500)
            let described = OperationsTasks.describe(report, target: "postgres://…")
            #expect(described.contains("옮기기 완료 / move complete: 표 \(sourceTables)/\(sourceTables)"))

            // Independently of the report: the organisations through Fluent, and a page served.
            #expect(try await Organization.query(on: target.db).count() == demoOrganizations)
            let users = try await User.query(on: target.db).all()
            #expect(!users.isEmpty)
            let page = try await target.testing().sendRequest(.GET, "/")
            #expect(page.status == .ok)
            // A second move into the now full database is refused.
            do {
                _ = try await MoveToPostgres.run(sqlitePath: sqlitePath, target: target.db, fileRoots: []) {}
                Issue.record("a move into a database with data was not refused")
            } catch let problem as OperationsProblem {
                #expect(problem.message.en.contains("not empty"))
            }
        } catch {
            try? await (target.db as! any SQLDatabase).raw("DROP SCHEMA \(ident: schema) CASCADE").run()
            try? await target.asyncShutdown()
            throw error
        }
        try? await (target.db as! any SQLDatabase).raw("DROP SCHEMA \(ident: schema) CASCADE").run()
        try await target.asyncShutdown()
    }
}
