import Fluent
import Foundation
import Logging
import NIOConcurrencyHelpers
import SQLKit
import Vapor
@testable import IeumApp

/// `TestApp` with a configuration the test shapes first (base URL, metrics token, retention),
/// since some settings are read while the app is configured (the session cookie's `Secure`).
enum OperationsTestApp {
    static func with(_ adjust: (inout Configuration) -> Void, _ body: (Application) async throws -> Void) async throws {
        await TestApp.gate.enter()
        do {
            try await open(adjust, body)
        } catch {
            await TestApp.gate.leave()
            throw error
        }
        await TestApp.gate.leave()
    }

    private static func open(_ adjust: (inout Configuration) -> Void, _ body: (Application) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        var config = Configuration(database: .sqliteMemory, bcryptCost: 4)
        config.dataDirectory = NSTemporaryDirectory() + "ieum-test-" + UUID().uuidString
        var schema: String?
        if let url = TestApp.postgresURL {
            config.database = .postgres(url: url)
            let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            app.postgresSchema = name
            schema = name
        }
        adjust(&config)
        do {
            try await configure(app, config)
            app.clock = AppClock { TestApp.now }
            if let schema, let sql = app.db as? any SQLDatabase {
                try await sql.raw("CREATE SCHEMA \(ident: schema)").run()
            }
            try await app.autoMigrate()
            try await body(app)
        } catch {
            await TestApp.cleanUp(app, schema: schema, dataDirectory: config.dataDirectory)
            throw error
        }
        await TestApp.cleanUp(app, schema: schema, dataDirectory: config.dataDirectory)
    }
}

/// Keeps every log line a test's app writes, as the text format would print it.
final class CapturedLogs: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])

    var all: [String] { lines.withLockedValue { $0 } }
    var text: String { all.joined(separator: "\n") }

    func handler(level: Logger.Level = .trace, format: OperationsSettings.LogFormat = .text) -> @Sendable (String) -> any LogHandler {
        { label in IeumLogHandler(label: label, level: level, format: format) { [self] line in self.lines.withLockedValue { $0.append(line) } } }
    }
}
