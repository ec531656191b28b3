import Fluent
import SQLKit

/// Once-only rules kept by the database (see `OnceOnly`): the counters sequence numbers come from,
/// the record of confirmed imports, and unique indexes for the rules that were only checked before
/// writing. Partial indexes (`WHERE …`) work the same on SQLite and PostgreSQL.
struct CreateOnceOnlyRules: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sequence_counters")
            .field("name", .string, .required)
            .field("issued", .int64, .required)
            .unique(on: "name")
            .create()
        try await database.schema("import_confirmations")
            .id()
            .field("token", .string, .required)
            .field("confirmed_by", .uuid)
            .field("confirmed_at", .datetime, .required)
            .unique(on: "token")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        // One chair per network.
        try await sql.raw("CREATE UNIQUE INDEX network_members_one_chair ON network_members (network_id) WHERE role = 'chair'").run()
        // One pending join request per organisation and network.
        try await sql.raw("""
            CREATE UNIQUE INDEX network_join_requests_one_pending ON network_join_requests (network_id, organization_id) \
            WHERE status = 'pending'
            """).run()
        // One open (pending or agreed) meeting request between two participants, whoever asked.
        let (low, high) = sql.dialect.name == "postgresql" ? ("LEAST", "GREATEST") : ("min", "max")
        try await sql.raw("""
            CREATE UNIQUE INDEX meeting_requests_one_open_pair ON meeting_requests \
            (event_id, \(unsafeRaw: low)(from_id, to_id), \(unsafeRaw: high)(from_id, to_id)) \
            WHERE status IN ('pending', 'accepted')
            """).run()
        // Receipt numbers: one sequence number per year.
        try await sql.raw("CREATE UNIQUE INDEX grievances_receipt_sequence ON grievances (receipt_year, receipt_seq)").run()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            for index in ["grievances_receipt_sequence", "meeting_requests_one_open_pair", "network_join_requests_one_pending", "network_members_one_chair"] {
                try await sql.raw("DROP INDEX \(ident: index)").run()
            }
        }
        try await database.schema("import_confirmations").delete()
        try await database.schema("sequence_counters").delete()
    }
}
