import Fluent
import SQLKit

/// The matching engine's change feed (issue 18, item 3; see `MatchingFeed`): `matching_changes`,
/// ids from an auto-increment (SQLite: `AUTOINCREMENT`, so an id is never handed out twice;
/// PostgreSQL: an identity). On PostgreSQL every entry also keeps its writer's transaction id
/// (`writer_xid`, filled by the column's default) and an index on it, for reading in commit order.
/// The column exists on SQLite too, always empty, so both databases have the same columns and
/// `ieum move-to-postgres` copies the table as it is (moved entries are old: they need no xid).
struct CreateMatchingChanges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("matching_changes")
            .field("id", .int64, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("writer_xid", .int64)
            .create()
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("ALTER TABLE matching_changes ALTER COLUMN writer_xid SET DEFAULT (pg_current_xact_id()::text::bigint)").run()
        try await sql.raw("CREATE INDEX matching_changes_writer_xid ON matching_changes (writer_xid)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("matching_changes").delete()
    }
}
