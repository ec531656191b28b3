import Fluent
import Foundation
import SQLKit
import Vapor

/// The taxonomy as pages read it, kept per instance: three tables read in full on every page that
/// names fields (`/calls`, a need's page) cost more than the page itself. The editor writes a
/// `taxonomy` entry to the change feed in the edit's transaction, so the count and newest id of
/// those entries — one index-only statement — change with every committed edit; a page that
/// starts after an edit committed reads the taxonomy again, on any instance.
final class TaxonomyCache: @unchecked Sendable {
    private struct Version: Equatable {
        var entries: Int
        var newest: Int64?
    }

    private let lock = NSLock()
    private var kept: (version: Version, snapshot: TaxonomySnapshot)?

    func snapshot(on db: any Database) async throws -> TaxonomySnapshot {
        guard let sql = db as? any SQLDatabase else { return try await TaxonomySnapshot.load(on: db) }
        let row = try await sql.raw("""
            SELECT COUNT(*) AS entries, MAX(id) AS newest FROM \(ident: MatchingFeed.table) WHERE kind = \(bind: MatchingChangeKind.taxonomy.rawValue)
            """).first()
        let version = Version(entries: try row?.decode(column: "entries", as: Int.self) ?? 0,
                              newest: try row?.decode(column: "newest", as: Int64?.self) ?? nil)
        if let kept = lock.withLock({ kept }), kept.version == version { return kept.snapshot }
        let snapshot = try await TaxonomySnapshot.load(on: db)
        // Read inside a transaction, the taxonomy may hold an edit that still rolls back: not kept.
        if !db.inTransaction { lock.withLock { kept = (version, snapshot) } }
        return snapshot
    }
}

extension Application {
    private struct TaxonomyCacheKey: StorageKey { typealias Value = TaxonomyCache }

    /// The taxonomy pages read, per app instance.
    var taxonomyCache: TaxonomyCache {
        if let cache = storage[TaxonomyCacheKey.self] { return cache }
        let cache = TaxonomyCache()
        storage[TaxonomyCacheKey.self] = cache
        return cache
    }
}
