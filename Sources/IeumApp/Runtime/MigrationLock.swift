import Fluent
import FluentPostgresDriver
import Foundation
import Logging
import PostgresNIO
import Vapor

/// Migrations once (issue 18, item 2): on PostgreSQL every instance that starts migrates under one
/// advisory lock, so any number can start together against an empty or an old database; the
/// first migrates, the others wait and then find nothing left to do. The demo load of
/// `serve --demo` runs under the same lock, so it happens once.
///
/// The lock is `pg_advisory_lock(0x4945554D, h)`: a fixed first key ("IEUM") and, second, a hash of
/// the schema the application uses (`public` unless the tests give each case its own schema), so
/// deployments in different schemas of one server do not wait for each other. It is held on a
/// connection of its own, outside the pool the migrations use, and released when the work is done
/// (or, if the process dies, when that connection closes). On SQLite nothing changes: one process
/// owns the file.
enum MigrationLock {
    static let classKey: Int32 = 0x4945_554D

    /// The second key: FNV-1a of the schema name, as a signed 32-bit number.
    static func schemaKey(_ schema: String) -> Int32 {
        var hash: UInt32 = 2_166_136_261
        for byte in schema.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return Int32(bitPattern: hash)
    }

    /// Runs `body` holding the lock (PostgreSQL), or just runs it (SQLite).
    static func withLock<T: Sendable>(_ app: Application, _ body: () async throws -> T) async throws -> T {
        guard case .postgres(let url) = app.ieumConfiguration.database else { return try await body() }
        let configuration = try SQLPostgresConfiguration(url: url)
        let key = schemaKey(app.postgresSchema ?? "public")
        let logger = app.logger
        let connection = try await PostgresConnection.connect(on: app.eventLoopGroup.any(), configuration: configuration.coreConfiguration,
                                                              id: 0, logger: logger)
        let result: Result<T, any Error>
        do {
            let started = Date()
            _ = try await connection.query("SELECT pg_advisory_lock(\(classKey), \(key))", logger: logger)
            let waited = Date().timeIntervalSince(started)
            if waited > 0.5 { logger.notice("waited \(String(format: "%.1f", waited)) s for another instance's migrations") }
            do {
                result = .success(try await body())
            } catch {
                result = .failure(error)
            }
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(classKey), \(key))", logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
        return try result.get()
    }
}
