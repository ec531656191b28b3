import Fluent
import SQLKit

/// Personal data (issue 16, item 6): when an account was deleted (회원 탈퇴 or the retention of
/// inactive accounts) and when its inactivity notice went out. Both nullable: no account made
/// before this migration is deleted or has been told anything.
struct AddPersonalDataToUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one column at a time.
        try await database.schema("users").field("deleted_at", .datetime).update()
        try await database.schema("users").field("inactivity_notice_at", .datetime).update()
        if let sql = database as? any SQLDatabase {
            // The retention job reads accounts not yet deleted by their last activity.
            try await sql.raw("CREATE INDEX users_retention ON users (deleted_at, last_signed_in_at)").run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DROP INDEX users_retention").run()
        }
        try await database.schema("users").deleteField("inactivity_notice_at").update()
        try await database.schema("users").deleteField("deleted_at").update()
    }
}
