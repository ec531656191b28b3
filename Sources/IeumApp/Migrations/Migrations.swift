import Fluent
import SQLKit

/// Every migration, in order. Landed migrations are never edited: add a new one.
public enum Migrations {
    public static var all: [any AsyncMigration] {
        [
            CreateTaxonomy(),
            CreateOrganizations(),
            CreateAccounts(),
            CreateAuditEntries(),
            SeedTaxonomy(),
            AddSessionsValidAfterToUsers(),
            CreateProgramsNeedsApplications(),
            CreateCollaborations(),
            CreateGrievances(),
            CreateExpertsAndEvaluations(),
            CreateMeetings(),
            CreateNetworks(),
            CreateNetworkEventMaterials(),
            CreateWebSessionsAndTokenLimits(),
            CreateOnceOnlyRules(),
            AddLanguageToUsers(),
            CreatePasswordResets(),
            AddEraseBodyAfterSendToOutbox(),
            AddAccountLifecycleToUsers(),
            CreateSignupTables(),
            CreateTwoFactor(),
            AddPersonalDataToUsers(),
            // Shared file store (issue 18).
            CreateStoredFiles(),
            // Collaboration gates (issue 17, item 5).
            AddCollaborationGateEvidence(),
            // Bulk reminders (issue 17, item 6).
            CreateSentReminders(),
            // Matching engine's change feed (issue 18, item 3).
            CreateMatchingChanges(),
            // Read paths of the scale goals (issue 18, item 6).
            AddReadPathIndexes(),
            CreateMatchingSnapshots(),
            // Idempotency-Key on API POSTs (issue 20).
            CreateAPIIdempotencyKeys(),
        ]
    }
}

struct CreateTaxonomy: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(TechField.schema)
            .id()
            .field("code", .string, .required)
            .field("name_ko", .string, .required)
            .field("name_en", .string, .required)
            .field("sort_order", .int, .required)
            .field("active", .bool, .required)
            .field("aliases", .array(of: .string), .required)
            .unique(on: "code")
            .create()
        try await database.schema(Region.schema)
            .id()
            .field("code", .string, .required)
            .field("name_ko", .string, .required)
            .field("name_en", .string, .required)
            .field("group_code", .string, .required)
            .field("sort_order", .int, .required)
            .field("active", .bool, .required)
            .field("aliases", .array(of: .string), .required)
            .unique(on: "code")
            .create()
        try await database.schema(Cluster.schema)
            .id()
            .field("code", .string, .required)
            .field("name_ko", .string, .required)
            .field("name_en", .string, .required)
            .field("region_code", .string)
            .field("sort_order", .int, .required)
            .field("active", .bool, .required)
            .field("aliases", .array(of: .string), .required)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Cluster.schema).delete()
        try await database.schema(Region.schema).delete()
        try await database.schema(TechField.schema).delete()
    }
}

struct CreateOrganizations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // Enums are stored as plain strings so that adding a case needs no database enum change.
        try await database.schema(Organization.schema)
            .id()
            .field("external_id", .string)
            .field("kind", .string, .required)
            .field("demand_size", .string)
            .field("investor_type", .string)
            .field("name", .string, .required)
            .field("name_en", .string)
            .field("business_number", .string)
            .field("status", .string, .required)
            .field("status_reason", .string)
            .field("stage", .string)
            .field("region_code", .string)
            .field("cluster_code", .string)
            .field("founded_year", .int)
            .field("employees", .int)
            .field("investment_krw", .int64)
            .field("revenue_krw", .int64)
            .field("certifications", .array(of: .string), .required)
            .field("summary", .string, .required)
            .field("summary_en", .string)
            .field("description", .string, .required)
            .field("description_en", .string)
            .field("keywords", .array(of: .string), .required)
            .field("website", .string)
            .field("contact_name", .string)
            .field("contact_email", .string)
            .field("contact_phone", .string)
            .field("open_to_partners", .bool, .required)
            .field("search_text", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "business_number")
            .unique(on: "external_id")
            .create()
        try await database.schema(OrganizationTechField.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id", onDelete: .cascade))
            .field("tech_field_id", .uuid, .required, .references(TechField.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .unique(on: "organization_id", "tech_field_id")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "organizations_kind_status").on(Organization.schema).column("kind").column("status").run()
            try await sql.create(index: "organization_tech_fields_field").on(OrganizationTechField.schema).column("tech_field_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OrganizationTechField.schema).delete()
        try await database.schema(Organization.schema).delete()
    }
}

struct CreateAccounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .id()
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("password_hash", .string, .required)
            .field("platform_role", .string, .required)
            .field("title", .string)
            .field("phone", .string)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "email")
            .create()
        try await database.schema(Membership.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "user_id", "organization_id")
            .create()
        try await database.schema(APIToken.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("last_used_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema(LoginAttempt.schema)
            .id()
            .field("email", .string, .required)
            .field("address", .string, .required)
            .field("succeeded", .bool, .required)
            .field("attempted_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoginAttempt.schema).delete()
        try await database.schema(APIToken.schema).delete()
        try await database.schema(Membership.schema).delete()
        try await database.schema(User.schema).delete()
    }
}

struct CreateAuditEntries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema)
            .id()
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .string)
            .field("summary", .string, .required)
            .field("changes", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema).delete()
    }
}

struct AddSessionsValidAfterToUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("sessions_valid_after", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("sessions_valid_after").update()
    }
}
