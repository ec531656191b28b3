import Fluent
import Foundation
import SQLKit

/// What an entry of the matching change feed is about: the engine reloads that row by id.
public enum MatchingChangeKind: String, Sendable, CaseIterable {
    /// An organisation (only startups are indexed; any other kind is dropped on reload).
    case startup
    case need
    /// A `match_feedback` row.
    case feedback
    /// A field, region or cluster added or edited (written by the taxonomy editor; the seed migration
    /// runs before the feed exists): the engine reads the taxonomy again.
    case taxonomy
}

/// One entry of the feed as the engine reads it.
struct MatchingChange: Sendable {
    let id: Int64
    let kind: MatchingChangeKind
    let subject: UUID
    let createdAt: Date
}

/// Where an engine stands in the change feed.
///
/// **Commit order, not id order.** The feed's ids come from a sequence, taken when a row is
/// inserted, not when its transaction commits: on PostgreSQL a long import may hold id 5 while
/// id 6 commits and is read, so "everything after the highest id read" would skip 5 for good.
///
/// - SQLite has one writer at a time (`SerializedSQLiteConfiguration`, `BEGIN IMMEDIATE`, and
///   SQLite's own lock across processes), and a writer takes its ids while it holds that lock, so
///   ids commit in order: every id below one that is visible is visible too. `lastID` suffices.
/// - PostgreSQL: each entry also stores its writer's transaction id (`writer_xid`, the column's
///   default `pg_current_xact_id()`: the top-level transaction, 64 bits, never wrapping). A read
///   runs in one repeatable-read transaction, so the entries it reads and `pg_current_snapshot()`
///   describe the same moment. That snapshot names what it did not see: transactions still
///   running (`xip`) and those not begun (from `xmax` on); every other transaction had ended and
///   its entries were read. The next read takes exactly the entries of those unseen transactions
///   that have committed since — each entry once, whatever its id, its `created_at` or its rows'
///   `updated_at`. A transaction open for an hour costs one number in the list, not a re-read.
struct FeedPosition: Sendable {
    /// SQLite: the highest id applied.
    var lastID: Int64 = 0
    /// PostgreSQL: the snapshot of the last read.
    var snapshot: FeedSnapshot?
}

/// A PostgreSQL snapshot as `pg_current_snapshot()` prints it, `xmin:xmax:xip,…`.
struct FeedSnapshot: Sendable, Equatable {
    /// The first transaction not begun when it was taken.
    var xmax: Int64
    /// Transactions running when it was taken.
    var running: [Int64]

    init(xmax: Int64, running: [Int64]) {
        self.xmax = xmax
        self.running = running
    }

    init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let xmax = Int64(parts[1]) else { return nil }
        let running = parts[2].split(separator: ",").compactMap { Int64($0) }
        guard running.count == parts[2].split(separator: ",").count else { return nil }
        self.init(xmax: xmax, running: running)
    }

    /// The entries this snapshot did not see.
    var unseen: SQLQueryString {
        running.isEmpty ? "writer_xid >= \(bind: xmax)" : "(writer_xid >= \(bind: xmax) OR writer_xid IN (\(binds: running)))"
    }
}

/// The matching engine's change feed (issue 18, item 3): the table `matching_changes`, one row per
/// change to what the engine indexes, written in the same transaction as the change by
/// `MatchingFeedMiddleware` (every model save, create and delete of the four models) and by
/// `MatchingFeed.record` where rows change without a model (a field list replaced by a query).
public enum MatchingFeed {
    static let table = "matching_changes"

    /// Records changes on `db`: pass the writer's transaction, so the entries commit with it.
    public static func record(_ kind: MatchingChangeKind, _ subjects: [UUID], on db: any Database) async throws {
        guard !subjects.isEmpty, let sql = db as? any SQLDatabase else { return }
        let now = Date()
        for chunk in subjects.chunked(500) {
            var insert = sql.insert(into: table).columns("kind", "subject_id", "created_at")
            for id in chunk { insert = insert.values(SQLBind(kind.rawValue), SQLBind(id), SQLBind(now)) }
            try await insert.run()
        }
    }

    /// How long entries are kept. An engine that has not read the feed for half of it builds its
    /// index again instead (`RecommendationEngine`), so pruning never takes an entry it still
    /// needs — unless a transaction ran for most of a day between writing and committing it.
    static let retention: TimeInterval = 86_400

    /// Deletes the entries older than `retention` (the background loop's housekeeping).
    @discardableResult
    static func prune(on db: any Database, now: Date) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        return try await NotificationJobs.retryingWhenLocked {
            try await sql.raw("DELETE FROM \(ident: table) WHERE created_at < \(bind: now.addingTimeInterval(-retention)) RETURNING id").all().count
        }
    }

    static func isPostgres(_ db: any Database) -> Bool { (db as? any SQLDatabase)?.dialect.name == "postgresql" }

    /// Runs `body` in a read-only repeatable-read transaction (PostgreSQL) with the snapshot its
    /// reads see.
    static func onSnapshot<T: Sendable>(
        _ db: any Database, _ body: @escaping @Sendable (any SQLDatabase, FeedSnapshot) async throws -> T
    ) async throws -> T {
        try await db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw FluentError.missingField(name: "sql") }
            try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
            let text = try await sql.raw("SELECT pg_current_snapshot()::text AS s").first()?.decode(column: "s", as: String.self) ?? ""
            guard let snapshot = FeedSnapshot(text) else { throw FluentError.missingField(name: "pg_current_snapshot") }
            return try await body(sql, snapshot)
        }
    }

    /// The position of an engine about to load everything: taken before the load, so whatever
    /// commits during it is read again from the feed afterwards (applying twice is harmless).
    static func start(on db: any Database) async throws -> FeedPosition {
        guard let sql = db as? any SQLDatabase else { return FeedPosition() }
        if isPostgres(db) { return FeedPosition(snapshot: try await onSnapshot(db) { _, snapshot in snapshot }) }
        let last = try await sql.raw("SELECT MAX(id) AS m FROM \(ident: table)").first()?.decode(column: "m", as: Int64?.self) ?? nil
        return FeedPosition(lastID: last ?? 0)
    }

    /// The entries not applied yet at `position`, in id order, and the position once they are.
    static func read(after position: FeedPosition, on db: any Database) async throws -> ([MatchingChange], FeedPosition) {
        guard let sql = db as? any SQLDatabase else { return ([], position) }
        if let previous = position.snapshot {
            return try await onSnapshot(db) { sql, snapshot in
                // Every entry this snapshot sees was written by a transaction below its xmax; the
                // bound leaves out only entries restored from another server's transaction ids.
                let rows = try await sql.raw("""
                    SELECT id, kind, subject_id, created_at FROM \(ident: table) \
                    WHERE \(previous.unseen) AND writer_xid < \(bind: snapshot.xmax) ORDER BY id
                    """).all()
                let changes = try rows.compactMap { try change($0, id: $0.decode(column: "id", as: Int64.self)) }
                return (changes, FeedPosition(lastID: max(position.lastID, changes.map(\.id).max() ?? 0), snapshot: snapshot))
            }
        }
        let rows = try await sql.raw("""
            SELECT id, kind, subject_id, created_at FROM \(ident: table) WHERE id > \(bind: position.lastID) ORDER BY id
            """).all()
        let changes = try rows.compactMap { try change($0, id: $0.decode(column: "id", as: Int64.self)) }
        return (changes, FeedPosition(lastID: max(position.lastID, changes.map(\.id).max() ?? position.lastID)))
    }

    private static func change(_ row: any SQLRow, id: Int64) throws -> MatchingChange? {
        guard let kind = MatchingChangeKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
        return MatchingChange(id: id, kind: kind, subject: try row.decode(column: "subject_id", as: UUID.self),
                              createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    /// Entries committed but not applied at `position`, per kind, with the newest one's time
    /// (for `/metrics`). Reads without changing the position.
    static func unapplied(after position: FeedPosition, on db: any Database) async throws -> [MatchingChangeKind: (count: Int, newest: Date)] {
        let changes = try await read(after: position, on: db).0
        var result: [MatchingChangeKind: (count: Int, newest: Date)] = [:]
        for change in changes {
            let old = result[change.kind] ?? (0, .distantPast)
            result[change.kind] = (old.count + 1, max(old.newest, change.createdAt))
        }
        return result
    }
}

/// Writes a feed entry for every create, update, delete and restore of the models the matching
/// engine indexes, on the database the model is saved on — inside the writer's transaction when
/// there is one. Registered once for the app's databases, it reaches every writer that goes
/// through Fluent models (forms, API, bulk actions, import, demo data, tasks).
///
/// A batch `[Model].create(on:)` runs middleware before its one insert: the entry is then written
/// before the rows, which is only safe inside a transaction (the import and demo loader use one).
struct MatchingFeedMiddleware<M: Model>: AsyncModelMiddleware {
    typealias Model = M
    let kind: MatchingChangeKind
    let subject: @Sendable (M) -> UUID?

    func create(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.create(model, on: db)
        try await note(model, on: db)
    }

    func update(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.update(model, on: db)
        try await note(model, on: db)
    }

    func delete(model: M, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.delete(model, force: force, on: db)
        try await note(model, on: db)
    }

    func softDelete(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.softDelete(model, on: db)
        try await note(model, on: db)
    }

    func restore(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.restore(model, on: db)
        try await note(model, on: db)
    }

    private func note(_ model: M, on db: any Database) async throws {
        guard let id = subject(model) else { return }
        try await MatchingFeed.record(kind, [id], on: db)
    }
}

extension MatchingFeed {
    /// The middleware for the four models the engine reads; `configure` registers them.
    static var middleware: [any AnyModelMiddleware] {
        [
            MatchingFeedMiddleware<Organization>(kind: .startup) { $0.id },
            MatchingFeedMiddleware<OrganizationTechField>(kind: .startup) { $0.$organization.id },
            MatchingFeedMiddleware<Need>(kind: .need) { $0.id },
            MatchingFeedMiddleware<MatchFeedback>(kind: .feedback) { $0.id },
        ]
    }
}
