import Fluent
import SQLKit

/// Networks and councils: members, subcommittees, join requests, events with registrations, joint tasks.
struct CreateNetworks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Network.schema)
            .id()
            .field("program_id", .uuid, .references(Program.schema, "id", onDelete: .setNull))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("name_en", .string)
            .field("description", .string, .required)
            .field("fields", .array(of: .string), .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(NetworkMember.schema)
            .id()
            .field("network_id", .uuid, .required, .references(Network.schema, "id", onDelete: .cascade))
            .field("organization_id", .uuid, .references(Organization.schema, "id", onDelete: .cascade))
            .field("expert_id", .uuid, .references(Expert.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("role", .string, .required)
            .field("term_start", .datetime)
            .field("term_end", .datetime)
            .field("joined_at", .datetime, .required)
            .unique(on: "network_id", "organization_id")
            .unique(on: "network_id", "expert_id")
            .create()
        try await database.schema(Subcommittee.schema)
            .id()
            .field("network_id", .uuid, .required, .references(Network.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("name_en", .string)
            .field("chair_id", .uuid, .references(NetworkMember.schema, "id", onDelete: .setNull))
            .field("member_ids", .array(of: .uuid), .required)
            .create()
        try await database.schema(NetworkJoinRequest.schema)
            .id()
            .field("network_id", .uuid, .required, .references(Network.schema, "id", onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required)
            .field("message", .string, .required)
            .field("status", .string, .required)
            .field("decided_by", .uuid)
            .field("decided_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(NetworkEvent.schema)
            .id()
            .field("network_id", .uuid, .required, .references(Network.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("place", .string, .required)
            .field("online_link", .string)
            .field("capacity", .int, .required)
            .field("members_only", .bool, .required)
            .field("minutes", .string, .required)
            .field("held", .bool, .required)
            .field("cancelled", .bool, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(EventRegistration.schema)
            .id()
            .field("event_id", .uuid, .required, .references(NetworkEvent.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("registered_at", .datetime, .required)
            .field("attended_at", .datetime)
            // One registration per person per event, also when they click twice at once.
            .unique(on: "event_id", "user_id")
            .create()
        try await database.schema(JointTask.schema)
            .id()
            .field("network_id", .uuid, .required, .references(Network.schema, "id", onDelete: .cascade))
            .field("subcommittee_id", .uuid, .references(Subcommittee.schema, "id", onDelete: .setNull))
            .field("proposer_id", .uuid, .required, .references(NetworkMember.schema, "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("partners", .string, .required)
            .field("status", .string, .required)
            .field("incentive", .string)
            .field("collaboration_id", .uuid, .references(Collaboration.schema, "id", onDelete: .setNull))
            .field("history", .array(of: .string), .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [JointTask.schema, EventRegistration.schema, NetworkEvent.schema, NetworkJoinRequest.schema, Subcommittee.schema,
                       NetworkMember.schema, Network.schema] {
            try await database.schema(schema).delete()
        }
    }
}

/// Materials of network events (members only).
struct CreateNetworkEventMaterials: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(NetworkEventMaterial.schema)
            .id()
            .field("event_id", .uuid, .required, .references(NetworkEvent.schema, "id", onDelete: .cascade))
            .field("original_name", .string, .required)
            .field("kind", .string, .required)
            .field("byte_count", .int, .required)
            .field("storage_name", .string, .required)
            .field("uploaded_by", .uuid)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NetworkEventMaterial.schema).delete()
    }
}
