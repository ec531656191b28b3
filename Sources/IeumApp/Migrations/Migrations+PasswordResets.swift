import Fluent

/// Links for a forgotten password (issue 16, item 3): the SHA-256 of each token, unique, with its
/// end and the moment it was used. `user_id` is empty for requests that sent no mail.
struct CreatePasswordResets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("password_resets")
            .id()
            .field("user_id", .uuid, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("requested_from", .string, .required)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("password_resets").delete()
    }
}
