import Fluent
import Foundation

/// Who changed what, when. Written in the same transaction as the change it records.
public final class AuditEntry: Model, @unchecked Sendable {
    public static let schema = "audit_entries"

    @ID(key: .id) public var id: UUID?
    @OptionalField(key: "actor_id") public var actorID: UUID?
    @Field(key: "actor_name") public var actorName: String
    /// e.g. `organization.create`, `organization.approve`, `user.login`, `import.startups`.
    @Field(key: "action") public var action: String
    @Field(key: "entity_type") public var entityType: String
    @OptionalField(key: "entity_id") public var entityID: String?
    @Field(key: "summary") public var summary: String
    /// Changed fields as `field: old → new` lines.
    @Field(key: "changes") public var changes: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public init(actorID: UUID?, actorName: String, action: String, entityType: String, entityID: String?, summary: String, changes: String = "", at date: Date) {
        self.actorID = actorID
        self.actorName = actorName
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.summary = summary
        self.changes = changes
        self.createdAt = date
    }
}
