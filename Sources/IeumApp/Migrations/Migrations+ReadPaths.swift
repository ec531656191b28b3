import Fluent
import SQLKit

/// Indexes for the hot read paths (issue 18, item 6), written out by name: the change feed by kind
/// (the taxonomy's version is the count and newest id of its entries, read on every page that
/// names fields), the public calls list's default order (published needs, newest first) and a
/// need's applications by status (the 지원함 marks and a need's counts).
struct AddReadPathIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "matching_changes_kind").on("matching_changes").column("kind").column("id").run()
        try await sql.create(index: "needs_status_published").on("needs").column("status").column("published_at").column("id").run()
        try await sql.create(index: "applications_need_status").on("applications").column("need_id").column("status").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for name in ["matching_changes_kind", "needs_status_published", "applications_need_status"] {
            try await sql.drop(index: name).run()
        }
    }
}
