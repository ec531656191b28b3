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
/// - PostgreSQL: each entry also stores its writer's transaction id (`xid`, from
///   `pg_current_xact_id()`, 64-bit and never wrapping). Before reading, the engine asks for
///   `xmin` of its current snapshot: the oldest transaction still running. Every transaction below
///   it has ended, so its entries were visible to the read that follows; any entry not visible yet
///   belongs to a transaction at or above that `xmin` (still running, or given its id later). The
///   next read therefore takes every entry with `xid >= horizon` — nothing committed later can
///   fall below it — and skips by id the entries it has already applied from that window
///   (`appliedSinceHorizon`, dropped once the horizon passes their transaction). A long
///   transaction holds the horizon back, so the entries written beside it are read again (they are
///   small) but their rows are not reloaded; its own entries are read once it commits, whatever
///   its rows' `updated_at` say.
struct FeedPosition: Sendable {
    var lastID: Int64 = 0
    var horizon: Int64?
    var appliedSinceHorizon: [Int64: Int64] = [:]
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

    /// The oldest transaction still running (PostgreSQL), as a plain number.
    static func snapshotHorizon(_ sql: any SQLDatabase) async throws -> Int64 {
        try await sql.raw("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS h").first()?.decode(column: "h", as: Int64.self) ?? 0
    }

    /// The position of an engine about to load everything: taken before the load, so whatever
    /// commits during it is read again from the feed afterwards (applying twice is harmless).
    /// On PostgreSQL the entries already visible at or above the horizon count as applied: the
    /// load that follows reads their rows.
    static func start(on db: any Database) async throws -> FeedPosition {
        guard let sql = db as? any SQLDatabase else { return FeedPosition() }
        if isPostgres(db) {
            let horizon = try await snapshotHorizon(sql)
            var position = FeedPosition(horizon: horizon)
            for row in try await sql.raw("SELECT id, writer_xid FROM \(ident: table) WHERE writer_xid >= \(bind: horizon)").all() {
                position.appliedSinceHorizon[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "writer_xid", as: Int64.self)
            }
            return position
        }
        let last = try await sql.raw("SELECT MAX(id) AS m FROM \(ident: table)").first()?.decode(column: "m", as: Int64?.self) ?? nil
        return FeedPosition(lastID: last ?? 0)
    }

    /// The entries not applied yet at `position`, in id order, and the position once they are.
    static func read(after position: FeedPosition, on db: any Database) async throws -> ([MatchingChange], FeedPosition) {
        guard let sql = db as? any SQLDatabase else { return ([], position) }
        var next = position
        if let horizon = position.horizon {
            let newHorizon = try await snapshotHorizon(sql)
            let rows = try await sql.raw("""
                SELECT id, kind, subject_id, created_at, writer_xid FROM \(ident: table) WHERE writer_xid >= \(bind: horizon) ORDER BY id
                """).all()
            var changes: [MatchingChange] = []
            for row in rows {
                let id = try row.decode(column: "id", as: Int64.self)
                guard position.appliedSinceHorizon[id] == nil else { continue }
                next.appliedSinceHorizon[id] = try row.decode(column: "writer_xid", as: Int64.self)
                if let change = try change(row, id: id) { changes.append(change) }
            }
            next.horizon = max(horizon, newHorizon)
            next.appliedSinceHorizon = next.appliedSinceHorizon.filter { $0.value >= next.horizon! }
            next.lastID = max(position.lastID, changes.map(\.id).max() ?? 0)
            return (changes, next)
        }
        let rows = try await sql.raw("""
            SELECT id, kind, subject_id, created_at FROM \(ident: table) WHERE id > \(bind: position.lastID) ORDER BY id
            """).all()
        let changes = try rows.compactMap { try change($0, id: $0.decode(column: "id", as: Int64.self)) }
        next.lastID = max(position.lastID, changes.map(\.id).max() ?? position.lastID)
        return (changes, next)
    }

    private static func change(_ row: any SQLRow, id: Int64) throws -> MatchingChange? {
        guard let kind = MatchingChangeKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
        return MatchingChange(id: id, kind: kind, subject: try row.decode(column: "subject_id", as: UUID.self),
                              createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    /// Entries committed but not applied at `position`, per kind, with the newest one's time
    /// (for `/metrics`). Reads without changing the position.
    static func unapplied(after position: FeedPosition, on db: any Database) async throws -> [MatchingChangeKind: (count: Int, newest: Date)] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        let rows: [any SQLRow]
        if let horizon = position.horizon {
            rows = try await sql.raw("SELECT id, kind, created_at FROM \(ident: table) WHERE writer_xid >= \(bind: horizon)").all()
        } else {
            rows = try await sql.raw("SELECT id, kind, created_at FROM \(ident: table) WHERE id > \(bind: position.lastID)").all()
        }
        var result: [MatchingChangeKind: (count: Int, newest: Date)] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: Int64.self)
            guard position.appliedSinceHorizon[id] == nil, let kind = MatchingChangeKind(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
            let at = try row.decode(column: "created_at", as: Date.self)
            let old = result[kind] ?? (0, .distantPast)
            result[kind] = (old.count + 1, max(old.newest, at))
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
