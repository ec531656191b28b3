import Fluent
import Foundation
import SQLKit

/// Grievances (규제·애로), their history, comments, files, the routing table (seeded from
/// `Resources/Data/grievance-routes.json`) and the deadline duties already done.
struct CreateGrievances: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Grievance.schema)
            .id()
            .field("receipt_no", .string, .required)
            .field("receipt_year", .int, .required)
            .field("receipt_seq", .int, .required)
            .field("token_hash", .string, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("category", .string, .required)
            .field("related_law", .string)
            .field("region_code", .string, .required)
            .field("facility_kind", .string)
            .field("facility_code", .string)
            .field("facility_name", .string)
            .field("contact_email", .string)
            .field("submitter_id", .uuid)
            .field("submitter_address", .string, .required)
            .field("status", .string, .required)
            .field("class", .string)
            .field("business_days", .bool, .required)
            .field("target_day", .string)
            .field("due_day", .string)
            .field("due_at", .datetime)
            .field("assignee_id", .uuid)
            .field("assignee_name", .string)
            .field("agency", .string, .required)
            .field("resolution", .string)
            .field("received_at", .datetime, .required)
            .field("closed_at", .datetime)
            .field("version", .int, .required)
            .unique(on: "receipt_no")
            .unique(on: "token_hash")
            .create()
        try await database.schema(GrievanceEvent.schema)
            .id()
            .field("grievance_id", .uuid, .required, .references(Grievance.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("from_status", .string)
            .field("to_status", .string)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("note", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.schema(GrievanceComment.schema)
            .id()
            .field("grievance_id", .uuid, .required, .references(Grievance.schema, "id", onDelete: .cascade))
            .field("body", .string, .required)
            .field("visible_to_submitter", .bool, .required)
            .field("author_id", .uuid)
            .field("author_name", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(GrievanceAttachment.schema)
            .id()
            .field("grievance_id", .uuid, .required, .references(Grievance.schema, "id", onDelete: .cascade))
            .field("original_name", .string, .required)
            .field("kind", .string, .required)
            .field("byte_count", .int, .required)
            .field("storage_name", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(GrievanceRoute.schema)
            .id()
            .field("scope", .string, .required)
            .field("code", .string, .required)
            .field("agency", .string, .required)
            .field("staff_email", .string, .required)
            .field("supervisor_email", .string, .required)
            .unique(on: "scope", "code")
            .create()
        try await database.schema(GrievanceDeadlineAction.schema)
            .id()
            .field("key", .string, .required)
            .field("grievance_id", .uuid, .required)
            .field("done_at", .datetime, .required)
            .unique(on: "key")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "grievances_status_due").on(Grievance.schema).column("status").column("due_at").run()
            try await sql.create(index: "grievances_address_received").on(Grievance.schema).column("submitter_address").column("received_at").run()
        }
        let file = try GrievanceData.routesFile()
        try await database.transaction { db in
            for entry in file.routes {
                let route = GrievanceRoute()
                route.scope = entry.scope
                route.code = entry.code
                route.agency = entry.agency
                route.staffEmail = entry.staffEmail
                route.supervisorEmail = entry.supervisorEmail
                try await route.create(on: db)
            }
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [GrievanceDeadlineAction.schema, GrievanceRoute.schema, GrievanceAttachment.schema,
                       GrievanceComment.schema, GrievanceEvent.schema, Grievance.schema] {
            try await database.schema(schema).delete()
        }
    }
}
