import Fluent

/// Mails whose text is a key (a password reset link) lose their body once sent (issue 16,
/// item 3): nullable, so every earlier mail keeps its body.
struct AddEraseBodyAfterSendToOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("mail_outbox").field("erase_body_after_send", .bool).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("mail_outbox").deleteField("erase_body_after_send").update()
    }
}
