import FluentKit
import FluentSQLiteDriver
import Foundation
import NIOCore
import SQLKit

/// SQLite lets one writer in at a time. Fluent's driver opens a connection per event loop and starts
/// transactions with a deferred `BEGIN`, so two people saving at once collide: the second
/// transaction's first write finds the other's lock and fails with "database is locked" (SQLite
/// cannot wait there without risking a deadlock). This wrapper makes writers queue instead:
///
/// - every write — a transaction, or a single insert, update, delete or schema change outside one —
///   first takes this process's write lock (waiting asynchronously, holding no thread);
/// - a transaction then starts with `BEGIN IMMEDIATE`, so it owns SQLite's write lock from its
///   first statement;
/// - each writing connection sleeps on a busy database (`busy_timeout`) instead of spinning, which
///   covers another process (`ieum import` beside `ieum serve`);
/// - reads never wait: the journal is WAL, so readers and the one writer do not block each other.
///
/// Writes made while the lock is held by the same task (a nested call) do not wait for themselves.
struct SerializedSQLiteConfiguration: DatabaseConfiguration {
    var base: any DatabaseConfiguration
    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    init(_ factory: DatabaseConfigurationFactory) {
        base = factory.make()
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        SerializedSQLiteDriver(base: base.makeDriver(for: databases), lock: WriteLock())
    }
}

struct SerializedSQLiteDriver: DatabaseDriver {
    let base: any DatabaseDriver
    let lock: WriteLock

    func makeDatabase(with context: DatabaseContext) -> any Database {
        SerializedSQLiteDatabase(base: base.makeDatabase(with: context), lock: lock, inTransaction: false)
    }

    func shutdown() { base.shutdown() }
    func shutdownAsync() async { await base.shutdownAsync() }
}

/// A first-in, first-out asynchronous lock, re-entrant within the task that holds it.
final class WriteLock: Sendable {
    @TaskLocal static var heldBy: ObjectIdentifier?

    private let state = LockState()

    func withLock<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if Self.heldBy == ObjectIdentifier(self) { return try await body() }
        await state.acquire()
        do {
            let result = try await Self.$heldBy.withValue(ObjectIdentifier(self)) { try await body() }
            await state.release()
            return result
        } catch {
            await state.release()
            throw error
        }
    }

    /// Whether a writer holds the lock and how many wait, for `/metrics`.
    func usage() async -> (held: Bool, waiting: Int) {
        await state.usage()
    }

    private actor LockState {
        var locked = false
        var waiting: [CheckedContinuation<Void, Never>] = []

        func usage() -> (held: Bool, waiting: Int) { (locked, waiting.count) }

        func acquire() async {
            if !locked {
                locked = true
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        func release() {
            if waiting.isEmpty {
                locked = false
            } else {
                // The lock passes straight to the first in line.
                waiting.removeFirst().resume()
            }
        }
    }
}

struct SerializedSQLiteDatabase: Database, SQLDatabase {
    let base: any Database
    let lock: WriteLock
    let inTransaction: Bool

    /// How long a writer sleeps on a database another process is writing before giving up.
    static let busyTimeoutMilliseconds = 10_000

    var context: DatabaseContext { base.context }

    private var sql: any SQLDatabase {
        // The driver's databases are always SQL databases.
        base as! any SQLDatabase  // swiftlint:disable:this force_cast
    }

    private func wrap(_ db: any Database, inTransaction: Bool) -> SerializedSQLiteDatabase {
        SerializedSQLiteDatabase(base: db, lock: lock, inTransaction: inTransaction)
    }

    /// Runs a single write on one connection, with the lock, after setting the busy timeout.
    private func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await lock.withLock {
            try await base.withConnection { conn in
                try await (conn as! any SQLDatabase).raw("PRAGMA busy_timeout = \(unsafeRaw: String(Self.busyTimeoutMilliseconds))").run()  // swiftlint:disable:this force_cast
                return try await body(conn)
            }
        }
    }

    // MARK: Database

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        switch query.action {
        case .read, .aggregate:
            return base.execute(query: query, onOutput: onOutput)
        default:
            if inTransaction { return base.execute(query: query, onOutput: onOutput) }
            return eventLoop.makeFutureWithTask {
                try await write { try await $0.execute(query: query, onOutput: onOutput).get() }
            }
        }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        if inTransaction { return base.execute(schema: schema) }
        return eventLoop.makeFutureWithTask { try await write { try await $0.execute(schema: schema).get() } }
    }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> {
        base.execute(enum: `enum`)
    }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        if inTransaction { return closure(self) }
        let box = UncheckedBox(closure)
        return eventLoop.makeFutureWithTask {
            let result = try await lock.withLock {
                try await base.withConnection { conn in
                    let raw = conn as! any SQLDatabase  // swiftlint:disable:this force_cast
                    try await raw.raw("PRAGMA busy_timeout = \(unsafeRaw: String(Self.busyTimeoutMilliseconds))").run()
                    try await raw.raw("BEGIN IMMEDIATE TRANSACTION").run()
                    do {
                        let value = UncheckedBox(try await box.value(wrap(conn, inTransaction: true)).get())
                        try await raw.raw("COMMIT TRANSACTION").run()
                        return value
                    } catch {
                        try? await raw.raw("ROLLBACK TRANSACTION").run()
                        throw error
                    }
                }
            }
            return result.value
        }
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.withConnection { closure(wrap($0, inTransaction: inTransaction)) }
    }

    // MARK: SQLDatabase

    var logger: Logger { base.context.logger }
    var eventLoop: any EventLoop { base.context.eventLoop }
    var dialect: any SQLDialect { sql.dialect }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        guard !inTransaction, isWrite(query) else { return sql.execute(sql: query, onRow) }
        return eventLoop.makeFutureWithTask {
            try await write { try await ($0 as! any SQLDatabase).execute(sql: query, onRow) }  // swiftlint:disable:this force_cast
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        guard !inTransaction, isWrite(query) else { return try await sql.execute(sql: query, onRow) }
        try await write { try await ($0 as! any SQLDatabase).execute(sql: query, onRow) }  // swiftlint:disable:this force_cast
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await sql.withSession(closure)
    }

    /// Whether a raw statement may write: anything but a plain `SELECT` / `EXPLAIN` / `PRAGMA` read.
    private func isWrite(_ query: any SQLExpression) -> Bool {
        let text = sql.serialize(query).sql.drop { $0.isWhitespace || $0 == "(" }.prefix(8).uppercased()
        return !(text.hasPrefix("SELECT") || text.hasPrefix("EXPLAIN") || text.hasPrefix("PRAGMA") || text.hasPrefix("VALUES"))
    }
}

/// Carries a non-Sendable value across the task boundary of an event-loop future; the value is
/// only ever touched by one task at a time.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
