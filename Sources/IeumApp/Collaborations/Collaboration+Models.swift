import Fluent
import Foundation
import IeumCore

/// Where a collaboration stands: 매칭 → 기술검증(PoC) → 시장검증 → 사업화 / 투자 / 해외진출 → 완료,
/// or 중단 at any stage.
public enum CollaborationStage: String, Sendable, CaseIterable, Codable {
    case matched, technologyVerification, marketVerification, commercialization, investment, globalExpansion, completed, dropped

    public var label: Localized {
        switch self {
        case .matched: Localized("매칭", "Matched")
        case .technologyVerification: Localized("기술검증(PoC)", "Technology verification (PoC)")
        case .marketVerification: Localized("시장검증", "Market verification")
        case .commercialization: Localized("사업화", "Commercialisation")
        case .investment: Localized("투자", "Investment")
        case .globalExpansion: Localized("해외진출", "Global expansion")
        case .completed: Localized("완료", "Completed")
        case .dropped: Localized("중단", "Dropped")
        }
    }

    /// The order of the funnel; the three outcome stages share a rank.
    public var rank: Int {
        switch self {
        case .matched: 0
        case .technologyVerification: 1
        case .marketVerification: 2
        case .commercialization, .investment, .globalExpansion: 3
        case .completed: 4
        case .dropped: -1
        }
    }

    public var isFinal: Bool { self == .completed || self == .dropped }
}

/// The part an organisation plays in a collaboration.
public enum CollaborationRole: String, Sendable, CaseIterable, Codable {
    case startup, demand, investor

    public var label: Localized {
        switch self {
        case .startup: Localized("스타트업", "Startup")
        case .demand: Localized("수요기관", "Demand organisation")
        case .investor: Localized("투자기관", "Investor")
        }
    }
}

/// 협업 프로젝트: a matched pair (and sometimes an investor) followed through the stages.
public final class Collaboration: Model, @unchecked Sendable {
    public static let schema = "collaborations"

    @ID(key: .id) public var id: UUID?
    @Field(key: "title") public var title: String
    @OptionalParent(key: "program_id") public var program: Program?
    @OptionalParent(key: "need_id") public var need: Need?
    /// The selected application it came from; nil for an operator's direct match.
    @OptionalField(key: "application_id") public var applicationID: UUID?
    @Parent(key: "startup_id") public var startup: Organization
    @OptionalParent(key: "demand_id") public var demand: Organization?
    @Enum(key: "stage") public var stage: CollaborationStage
    @Field(key: "stage_since") public var stageSince: Date
    @OptionalField(key: "drop_reason") public var dropReason: String?
    @Field(key: "version") public var version: Int
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Field(key: "started_at") public var startedAt: Date
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}

/// An organisation taking part in a collaboration (the startup, the demand organisation, investors).
public final class CollaborationParty: Model, @unchecked Sendable {
    public static let schema = "collaboration_parties"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "collaboration_id") public var collaboration: Collaboration
    @Parent(key: "organization_id") public var organization: Organization
    @Enum(key: "role") public var role: CollaborationRole

    public init() {}

    public init(collaborationID: UUID, organizationID: UUID, role: CollaborationRole) {
        $collaboration.id = collaborationID
        $organization.id = organizationID
        self.role = role
    }
}

/// Whether a stage change is waiting for the operator.
public enum StageChangeStatus: String, Sendable, CaseIterable, Codable {
    case pending, approved, refused

    public var label: Localized {
        switch self {
        case .pending: Localized("승인 대기", "Awaiting approval")
        case .approved: Localized("승인", "Approved")
        case .refused: Localized("반려", "Refused")
        }
    }
}

/// One step of the timeline: a stage change asked for or made, with its evidence and, at a
/// stage gate, the operator's approval.
public final class StageChange: Model, @unchecked Sendable {
    public static let schema = "collaboration_stage_changes"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "collaboration_id") public var collaboration: Collaboration
    @OptionalEnum(key: "from_stage") public var fromStage: CollaborationStage?
    @Enum(key: "to_stage") public var toStage: CollaborationStage
    @Enum(key: "status") public var status: StageChangeStatus
    @Field(key: "note") public var note: String
    @OptionalField(key: "requested_by") public var requestedBy: UUID?
    @Field(key: "requested_by_name") public var requestedByName: String
    @Field(key: "requested_at") public var requestedAt: Date
    @OptionalField(key: "decided_by") public var decidedBy: UUID?
    @OptionalField(key: "decided_by_name") public var decidedByName: String?
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @OptionalField(key: "decision_note") public var decisionNote: String?
    /// The operator's written reason for passing a gate without its evidence (예외 승인).
    @OptionalField(key: "override_reason") public var overrideReason: String?

    public init() {}
}

/// A file kept as evidence for a collaboration (a PoC report, a contract scan).
public final class CollaborationFile: Model, @unchecked Sendable {
    public static let schema = "collaboration_files"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "collaboration_id") public var collaboration: Collaboration
    @OptionalField(key: "stage_change_id") public var stageChangeID: UUID?
    /// The stage the collaboration was at when the file was uploaded (nil for older files).
    @OptionalEnum(key: "stage") public var stage: CollaborationStage?
    @Field(key: "original_name") public var originalName: String
    @Field(key: "kind") public var kind: String
    @Field(key: "byte_count") public var byteCount: Int
    @Field(key: "storage_name") public var storageName: String
    @OptionalField(key: "uploaded_by") public var uploadedBy: UUID?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// Money per stage: government support (지원금), the demand organisation's contribution, spent.
public final class StageFunding: Model, @unchecked Sendable {
    public static let schema = "collaboration_funding"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "collaboration_id") public var collaboration: Collaboration
    @Enum(key: "stage") public var stage: CollaborationStage
    @Field(key: "government_krw") public var governmentKRW: Int64
    @Field(key: "demand_krw") public var demandKRW: Int64
    @Field(key: "spent_krw") public var spentKRW: Int64
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}

/// A dated commitment inside a stage.
public final class Milestone: Model, @unchecked Sendable {
    public static let schema = "collaboration_milestones"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "collaboration_id") public var collaboration: Collaboration
    @Enum(key: "stage") public var stage: CollaborationStage
    @Field(key: "title") public var title: String
    @Field(key: "due_at") public var dueAt: Date
    @OptionalField(key: "done_at") public var doneAt: Date?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public func isOverdue(at now: Date) -> Bool { doneAt == nil && dueAt < now }
}

/// Kinds of result a collaboration produces.
public enum OutcomeKind: String, Sendable, CaseIterable, Codable {
    case contract, investment, jobs, patents, exports, followOn

    public var label: Localized {
        switch self {
        case .contract: Localized("구매·공급 계약", "Purchase / supply contract")
        case .investment: Localized("투자 유치", "Investment")
        case .jobs: Localized("일자리 창출", "Jobs created")
        case .patents: Localized("특허 출원", "Patents filed")
        case .exports: Localized("수출", "Exports")
        case .followOn: Localized("후속 협업", "Follow-on collaboration")
        }
    }

    /// Whether the kind is measured in won (otherwise in a count).
    public var isMoney: Bool { self == .contract || self == .investment || self == .exports }
}

public enum OutcomeStatus: String, Sendable, CaseIterable, Codable {
    case pending, confirmed, rejected

    public var label: Localized {
        switch self {
        case .pending: Localized("확인 대기", "Awaiting confirmation")
        case .confirmed: Localized("확인", "Confirmed")
        case .rejected: Localized("반려", "Rejected")
        }
    }
}

/// A result entered by a party and confirmed by the operator; only confirmed ones count.
public final class Outcome: Model, @unchecked Sendable {
    public static let schema = "collaboration_outcomes"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "collaboration_id") public var collaboration: Collaboration
    @Enum(key: "kind") public var kind: OutcomeKind
    @OptionalField(key: "amount_krw") public var amountKRW: Int64?
    @OptionalField(key: "count") public var count: Int?
    @OptionalParent(key: "investor_id") public var investor: Organization?
    @Field(key: "note") public var note: String
    @Field(key: "occurred_on") public var occurredOn: Date
    @Enum(key: "status") public var status: OutcomeStatus
    @OptionalField(key: "entered_by") public var enteredBy: UUID?
    @OptionalField(key: "decided_by") public var decidedBy: UUID?
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
