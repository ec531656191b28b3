import Fluent
import SQLKit

/// When a person proved their e-mail address and when they last signed in (issue 16, items 1
/// and 6). Accounts made before self sign-up were made by an operator or the shell for a known
/// address: they count as verified from their creation.
struct AddAccountLifecycleToUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one column at a time.
        try await database.schema("users").field("email_verified_at", .datetime).update()
        try await database.schema("users").field("last_signed_in_at", .datetime).update()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("UPDATE users SET email_verified_at = created_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("last_signed_in_at").update()
        try await database.schema("users").deleteField("email_verified_at").update()
    }
}
