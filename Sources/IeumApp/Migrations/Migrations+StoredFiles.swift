import Fluent
import SQLKit

/// The shared file store (issue 18, item 1; see `FileStore`): `stored_files`, one row per file, and
/// `stored_file_chunks`, its bytes in pieces of at most 256 KiB (BLOB on SQLite, bytea on
/// PostgreSQL). Indexes on the records' `storage_name` keep the orphan clean-up's look-ups cheap.
struct CreateStoredFiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StoredFile.schema)
            .id()
            .field("folder", .string, .required)
            .field("name", .string, .required)
            .field("byte_count", .int64, .required)
            .field("sha256", .string, .required)
            .field("chunk_count", .int, .required)
            .field("location", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "folder", "name")
            .create()
        try await database.schema(StoredFile.chunkSchema)
            .field("file_id", .uuid, .required, .references(StoredFile.schema, "id", onDelete: .cascade))
            .field("seq", .int, .required)
            .field("data", .data, .required)
            .compositeIdentifier(over: "file_id", "seq")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX stored_files_created_at ON stored_files (folder, created_at)").run()
        for folder in StoredFolder.allCases {
            guard let table = folder.referencedBy else { continue }
            try await sql.raw("CREATE INDEX \(ident: table + "_storage_name") ON \(ident: table) (storage_name)").run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            for folder in StoredFolder.allCases {
                guard let table = folder.referencedBy else { continue }
                try await sql.raw("DROP INDEX IF EXISTS \(ident: table + "_storage_name")").run()
            }
        }
        try await database.schema(StoredFile.chunkSchema).delete()
        try await database.schema(StoredFile.schema).delete()
    }
}
