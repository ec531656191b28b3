import Fluent
import Foundation
import IeumCore

/// 협의체 (a council such as 서울테크밋업) or a tech-field network (such as i-CON).
public enum NetworkKind: String, Sendable, CaseIterable, Codable {
    case council, techNetwork

    public var label: Localized {
        switch self {
        case .council: Localized("협의체", "Council")
        case .techNetwork: Localized("기술분야 네트워크", "Tech-field network")
        }
    }
}

public final class Network: Model, @unchecked Sendable {
    public static let schema = "networks"

    @ID(key: .id) public var id: UUID?
    @OptionalParent(key: "program_id") public var program: Program?
    @Enum(key: "kind") public var kind: NetworkKind
    @Field(key: "name") public var name: String
    @OptionalField(key: "name_en") public var nameEn: String?
    @Field(key: "description") public var description: String
    @Field(key: "fields") public var fields: [String]
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

public enum NetworkRole: String, Sendable, CaseIterable, Codable {
    case chair, viceChair, steering, member

    public var label: Localized {
        switch self {
        case .chair: Localized("운영위원장", "Chair")
        case .viceChair: Localized("부위원장", "Vice-chair")
        case .steering: Localized("운영위원", "Steering member")
        case .member: Localized("회원", "Member")
        }
    }

    public var isOfficer: Bool { self == .chair || self == .viceChair }
}

/// A member organisation (and its representative) or an individual expert, with a role and term.
public final class NetworkMember: Model, @unchecked Sendable {
    public static let schema = "network_members"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "network_id") public var network: Network
    @OptionalParent(key: "organization_id") public var organization: Organization?
    @OptionalParent(key: "expert_id") public var expert: Expert?
    /// The person holding the role (the organisation's representative or the expert's account).
    @OptionalParent(key: "user_id") public var user: User?
    @Enum(key: "role") public var role: NetworkRole
    @OptionalField(key: "term_start") public var termStart: Date?
    @OptionalField(key: "term_end") public var termEnd: Date?
    @Field(key: "joined_at") public var joinedAt: Date

    public init() {}
}

/// 분과: 사업개발, 기술교류, 동행/나눔, 법률/규제, 교육/인재 …
public final class Subcommittee: Model, @unchecked Sendable {
    public static let schema = "subcommittees"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "network_id") public var network: Network
    @Field(key: "name") public var name: String
    @OptionalField(key: "name_en") public var nameEn: String?
    @OptionalParent(key: "chair_id") public var chair: NetworkMember?
    @Field(key: "member_ids") public var memberIDs: [UUID]

    public init() {}
}

public enum JoinStatus: String, Sendable, CaseIterable, Codable {
    case pending, approved, rejected

    public var label: Localized {
        switch self {
        case .pending: Localized("승인 대기", "Pending")
        case .approved: Localized("승인", "Approved")
        case .rejected: Localized("반려", "Rejected")
        }
    }
}

public final class NetworkJoinRequest: Model, @unchecked Sendable {
    public static let schema = "network_join_requests"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "network_id") public var network: Network
    @Parent(key: "organization_id") public var organization: Organization
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "message") public var message: String
    @Enum(key: "status") public var status: JoinStatus
    @OptionalField(key: "decided_by") public var decidedBy: UUID?
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

public enum NetworkEventKind: String, Sendable, CaseIterable, Codable {
    case seminar, forum, talkShow, irDay, networking

    public var label: Localized {
        switch self {
        case .seminar: Localized("세미나", "Seminar")
        case .forum: Localized("포럼", "Forum")
        case .talkShow: Localized("토크쇼", "Talk show")
        case .irDay: Localized("IR 데이", "IR day")
        case .networking: Localized("네트워킹", "Networking")
        }
    }
}

/// A network's event; `held` once it took place (counted in the KPI 행사 개최).
public final class NetworkEvent: Model, @unchecked Sendable {
    public static let schema = "network_events"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "network_id") public var network: Network
    @Enum(key: "kind") public var kind: NetworkEventKind
    @Field(key: "title") public var title: String
    @Field(key: "starts_at") public var startsAt: Date
    @Field(key: "ends_at") public var endsAt: Date
    @Field(key: "place") public var place: String
    @OptionalField(key: "online_link") public var onlineLink: String?
    @Field(key: "capacity") public var capacity: Int
    /// Only members see and register.
    @Field(key: "members_only") public var membersOnly: Bool
    @Field(key: "minutes") public var minutes: String
    @Field(key: "held") public var held: Bool
    @Field(key: "cancelled") public var cancelled: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

public enum RegistrationStatus: String, Sendable, CaseIterable, Codable {
    case registered, waitlisted, cancelled

    public var label: Localized {
        switch self {
        case .registered: Localized("참가 확정", "Registered")
        case .waitlisted: Localized("대기", "Waitlisted")
        case .cancelled: Localized("취소", "Cancelled")
        }
    }
}

public final class EventRegistration: Model, @unchecked Sendable {
    public static let schema = "event_registrations"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "event_id") public var event: NetworkEvent
    @Parent(key: "user_id") public var user: User
    @Enum(key: "status") public var status: RegistrationStatus
    /// Order of arrival: the waitlist is promoted in this order.
    @Field(key: "registered_at") public var registeredAt: Date
    @OptionalField(key: "attended_at") public var attendedAt: Date?

    public init() {}
}

public enum JointTaskStatus: String, Sendable, CaseIterable, Codable {
    case proposed, endorsed, reviewed, recognised, rejected

    public var label: Localized {
        switch self {
        case .proposed: Localized("제안", "Proposed")
        case .endorsed: Localized("분과장 추천", "Endorsed by the subcommittee chair")
        case .reviewed: Localized("운영기관 검토 완료", "Reviewed by the operator")
        case .recognised: Localized("우수과제 선정", "Recognised")
        case .rejected: Localized("반려", "Rejected")
        }
    }
}

/// 우수과제 발굴: a joint task members propose (joint R&D bid, pilot, …).
public final class JointTask: Model, @unchecked Sendable {
    public static let schema = "joint_tasks"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "network_id") public var network: Network
    @OptionalParent(key: "subcommittee_id") public var subcommittee: Subcommittee?
    @Parent(key: "proposer_id") public var proposer: NetworkMember
    @Field(key: "title") public var title: String
    @Field(key: "summary") public var summary: String
    @Field(key: "partners") public var partners: String
    @Enum(key: "status") public var status: JointTaskStatus
    @OptionalField(key: "incentive") public var incentive: String?
    @OptionalParent(key: "collaboration_id") public var collaboration: Collaboration?
    @Field(key: "history") public var history: [String]
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// A file shared with the members after an event (slides, minutes as a document).
public final class NetworkEventMaterial: Model, @unchecked Sendable {
    public static let schema = "network_event_materials"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "event_id") public var event: NetworkEvent
    @Field(key: "original_name") public var originalName: String
    @Field(key: "kind") public var kind: String
    @Field(key: "byte_count") public var byteCount: Int
    @Field(key: "storage_name") public var storageName: String
    @OptionalField(key: "uploaded_by") public var uploadedBy: UUID?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
