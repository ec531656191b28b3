import Fluent
import Foundation
import IeumCore

/// 규제·애로: a company's regulatory or business difficulty, from intake to its outcome.
public final class Grievance: Model, @unchecked Sendable {
    public static let schema = "grievances"

    @ID(key: .id) public var id: UUID?
    /// `2026-000123`, what the submitter quotes.
    @Field(key: "receipt_no") public var receiptNumber: String
    @Field(key: "receipt_year") public var receiptYear: Int
    @Field(key: "receipt_seq") public var receiptSequence: Int
    /// SHA-256 of the follow link's token; the token itself is shown once and never stored.
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "title") public var title: String
    @Field(key: "description") public var description: String
    @Enum(key: "category") public var category: GrievanceCategory
    @OptionalField(key: "related_law") public var relatedLaw: String?
    @Field(key: "region_code") public var regionCode: String
    @OptionalField(key: "facility_kind") public var facilityKind: String?
    @OptionalField(key: "facility_code") public var facilityCode: String?
    @OptionalField(key: "facility_name") public var facilityName: String?
    @OptionalField(key: "contact_email") public var contactEmail: String?
    @OptionalField(key: "submitter_id") public var submitterID: UUID?
    /// Where a public submission came from, for the hourly limit.
    @Field(key: "submitter_address") public var submitterAddress: String
    @Enum(key: "status") public var status: GrievanceStatus
    @OptionalEnum(key: "class") public var grievanceClass: GrievanceClass?
    @Field(key: "business_days") public var businessDays: Bool
    @OptionalField(key: "target_day") public var targetDay: String?
    /// The due day (Seoul) and its last second, from the class.
    @OptionalField(key: "due_day") public var dueDay: String?
    @OptionalField(key: "due_at") public var dueAt: Date?
    @OptionalField(key: "assignee_id") public var assigneeID: UUID?
    @OptionalField(key: "assignee_name") public var assigneeName: String?
    @Field(key: "agency") public var agency: String
    @OptionalField(key: "resolution") public var resolution: String?
    @Field(key: "received_at") public var receivedAt: Date
    @OptionalField(key: "closed_at") public var closedAt: Date?
    @Field(key: "version") public var version: Int

    public init() {}

    public func overdue(at now: Date) -> Bool {
        guard let dueAt else { return false }
        if let closedAt { return closedAt > dueAt }
        return status.hasRunningDeadline && now > dueAt
    }
}

/// One line of a case's history: intake, class, assignment, transfer, status, escalation.
public final class GrievanceEvent: Model, @unchecked Sendable {
    public static let schema = "grievance_events"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "grievance_id") public var grievance: Grievance
    @Field(key: "kind") public var kind: String
    @OptionalEnum(key: "from_status") public var fromStatus: GrievanceStatus?
    @OptionalEnum(key: "to_status") public var toStatus: GrievanceStatus?
    @OptionalField(key: "actor_id") public var actorID: UUID?
    @Field(key: "actor_name") public var actorName: String
    @Field(key: "note") public var note: String
    @Field(key: "at") public var at: Date

    public init() {}

    public init(grievanceID: UUID, kind: String, from: GrievanceStatus? = nil, to: GrievanceStatus? = nil, actor: Principal?, note: String, at: Date) {
        $grievance.id = grievanceID
        self.kind = kind
        fromStatus = from
        toStatus = to
        actorID = actor?.userID
        actorName = actor?.name ?? ActorName.system
        self.note = note
        self.at = at
    }
}

/// A comment on a case: internal (staff only) or visible to the submitter through the receipt link.
public final class GrievanceComment: Model, @unchecked Sendable {
    public static let schema = "grievance_comments"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "grievance_id") public var grievance: Grievance
    @Field(key: "body") public var body: String
    @Field(key: "visible_to_submitter") public var visibleToSubmitter: Bool
    @OptionalField(key: "author_id") public var authorID: UUID?
    @Field(key: "author_name") public var authorName: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// A file sent with the grievance, stored under the data directory; staff only.
public final class GrievanceAttachment: Model, @unchecked Sendable {
    public static let schema = "grievance_attachments"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "grievance_id") public var grievance: Grievance
    @Field(key: "original_name") public var originalName: String
    @Field(key: "kind") public var kind: String
    @Field(key: "byte_count") public var byteCount: Int
    @Field(key: "storage_name") public var storageName: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// Who takes a case: a district (자치구 → 서울청 staff) or a facility (→ agency staff), with the
/// supervisor told when a case is overdue. Seeded from `grievance-routes.json`, edited by operators.
public final class GrievanceRoute: Model, @unchecked Sendable {
    public static let schema = "grievance_routes"

    @ID(key: .id) public var id: UUID?
    /// `district` or `facility`.
    @Field(key: "scope") public var scope: String
    @Field(key: "code") public var code: String
    @Field(key: "agency") public var agency: String
    @Field(key: "staff_email") public var staffEmail: String
    @Field(key: "supervisor_email") public var supervisorEmail: String

    public init() {}
}

/// One deadline duty done: `<case>:<due day>:<remind|escalate>`. Inserted with ON CONFLICT DO
/// NOTHING in the transaction that acts, so several app instances act once per case and deadline.
public final class GrievanceDeadlineAction: Model, @unchecked Sendable {
    public static let schema = "grievance_deadline_actions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "key") public var key: String
    @Field(key: "grievance_id") public var grievanceID: UUID
    @Field(key: "done_at") public var doneAt: Date

    public init() {}
}
