import Fluent
import Foundation
import IeumCore

/// A startup's application to a need: a draft until submitted, then judged by the need's organisation.
public enum ApplicationStatus: String, Sendable, CaseIterable, Codable {
    case draft, submitted, screening, shortlisted, selected, rejected, withdrawn

    public var label: Localized {
        switch self {
        case .draft: Localized("작성 중", "Draft")
        case .submitted: Localized("제출", "Submitted")
        case .screening: Localized("검토 중", "Screening")
        case .shortlisted: Localized("후보 선정", "Shortlisted")
        case .selected: Localized("최종 선정", "Selected")
        case .rejected: Localized("미선정", "Not selected")
        case .withdrawn: Localized("철회", "Withdrawn")
        }
    }

    /// Statuses the need's organisation or an operator may set, from each status.
    public var reviewTransitions: [ApplicationStatus] {
        switch self {
        case .submitted: [.screening, .shortlisted, .rejected]
        case .screening: [.shortlisted, .rejected]
        case .shortlisted: [.selected, .rejected]
        case .draft, .selected, .rejected, .withdrawn: []
        }
    }

    /// The organisation has taken the applicant on: from here the startup may learn an anonymous
    /// need's organisation.
    public var isAccepted: Bool { self == .shortlisted || self == .selected }
    /// Seen by the need's organisation (a draft or a withdrawn application is the startup's own).
    public var isVisibleToReviewers: Bool { self != .draft && self != .withdrawn }
}

/// 지원서 / 제안서. One per startup per need.
public final class NeedApplication: Model, @unchecked Sendable {
    public static let schema = "applications"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "need_id") public var need: Need
    @Parent(key: "startup_id") public var startup: Organization
    @Enum(key: "status") public var status: ApplicationStatus
    @Field(key: "solution") public var solution: String
    @Field(key: "differentiation") public var differentiation: String
    @Field(key: "poc_plan") public var pocPlan: String
    @Field(key: "expected_results") public var expectedResults: String
    @OptionalField(key: "budget_krw") public var budgetKRW: Int64?
    @Field(key: "budget_detail") public var budgetDetail: String
    /// Why the organisation decided as it did; the startup reads it.
    @OptionalField(key: "decision_reason") public var decisionReason: String?
    @Field(key: "version") public var version: Int
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @OptionalField(key: "submitted_at") public var submittedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}

/// One dated, attributed status change of an application.
public final class ApplicationEvent: Model, @unchecked Sendable {
    public static let schema = "application_events"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "application_id") public var application: NeedApplication
    @OptionalEnum(key: "from_status") public var fromStatus: ApplicationStatus?
    @Enum(key: "to_status") public var toStatus: ApplicationStatus
    @OptionalField(key: "actor_id") public var actorID: UUID?
    @Field(key: "actor_name") public var actorName: String
    @Field(key: "note") public var note: String
    @Field(key: "at") public var at: Date

    public init() {}

    public init(applicationID: UUID, from: ApplicationStatus?, to: ApplicationStatus, actor: Principal?, note: String, at: Date) {
        $application.id = applicationID
        fromStatus = from
        toStatus = to
        actorID = actor?.userID
        actorName = actor?.name ?? ActorName.system
        self.note = note
        self.at = at
    }
}

/// A file attached to an application, stored under the data directory (never the web root) by a
/// random name; its kind was read from its bytes.
public final class ProposalAttachment: Model, @unchecked Sendable {
    public static let schema = "attachments"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "application_id") public var application: NeedApplication
    @Field(key: "original_name") public var originalName: String
    @Field(key: "kind") public var kind: String
    @Field(key: "byte_count") public var byteCount: Int
    @Field(key: "sha256") public var sha256: String
    @Field(key: "storage_name") public var storageName: String
    @OptionalField(key: "uploaded_by") public var uploadedBy: UUID?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
