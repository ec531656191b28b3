import Fluent

/// The language a person reads Ieum's e-mails in (issue 16, item 7). Nullable: accounts made
/// before it, and people who never chose, get Korean.
struct AddLanguageToUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("language", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("language").update()
    }
}
