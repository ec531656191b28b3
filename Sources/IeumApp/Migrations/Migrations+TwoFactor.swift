import Fluent
import SQLKit

/// Two-factor sign-in (issue 16, item 5), in tables of its own:
/// - `user_second_factors`: one authenticator secret per person; `enabled_at` stays empty while
///   the person has not yet typed a right code, so nothing is on until then; `last_used_step` is
///   the time step of the last code accepted, so a code works once.
/// - `recovery_codes`: the SHA-256 of each of ten single-use codes, and when it was used.
/// - `second_factor_challenges`: a sign-in whose password was right and whose code is awaited,
///   named by the SHA-256 of a random cookie value, valid a few minutes. It is no session: nothing
///   it holds lets a request act for the person.
struct CreateTwoFactor: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("user_second_factors")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("secret", .string, .required)
            .field("enabled_at", .datetime)
            .field("last_used_step", .int64)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id")
            .create()
        try await database.schema("recovery_codes")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id", "code_hash")
            .create()
        try await database.schema("second_factor_challenges")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("next", .string)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE INDEX second_factor_challenges_user_id ON second_factor_challenges (user_id)").run()
            try await sql.raw("CREATE INDEX second_factor_challenges_expires_at ON second_factor_challenges (expires_at)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("second_factor_challenges").delete()
        try await database.schema("recovery_codes").delete()
        try await database.schema("user_second_factors").delete()
    }
}
