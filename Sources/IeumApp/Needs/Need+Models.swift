import Fluent
import Foundation
import IeumCore

/// Where a need is in its life: a demand organisation drafts and submits it, an operator publishes
/// it in a call, it closes, and ends awarded or cancelled.
public enum NeedStatus: String, Sendable, CaseIterable, Codable {
    case draft, submitted, published, closed, awarded, cancelled

    public var label: Localized {
        switch self {
        case .draft: Localized("작성 중", "Draft")
        case .submitted: Localized("검토 요청", "Submitted")
        case .published: Localized("공개", "Published")
        case .closed: Localized("마감", "Closed")
        case .awarded: Localized("선정 완료", "Awarded")
        case .cancelled: Localized("취소", "Cancelled")
        }
    }

    /// Visible to the public (teaser) once published.
    public var isPublic: Bool { self == .published || self == .closed || self == .awarded }
    public var isFinal: Bool { self == .awarded || self == .cancelled }
}

/// What may be offered to the selected startups.
public enum NeedSupport: String, Sendable, CaseIterable, Codable {
    case pocFunds, testBed, dataAccess, cvcInvestment, other

    public var label: Localized {
        switch self {
        case .pocFunds: Localized("PoC 자금", "PoC funds")
        case .testBed: Localized("테스트베드", "Test bed")
        case .dataAccess: Localized("데이터 제공", "Data access")
        case .cvcInvestment: Localized("CVC 투자 검토", "CVC investment")
        case .other: Localized("기타 지원", "Other support")
        }
    }
}

/// 수요기술 / 협업과제: what a demand organisation needs. The teaser is public once published; the
/// detail only for its people, operators and startups that accepted the confidentiality pledge.
public final class Need: Model, @unchecked Sendable {
    public static let schema = "needs"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "organization_id") public var organization: Organization
    @OptionalParent(key: "call_id") public var call: Call?
    @Field(key: "title") public var title: String
    @OptionalField(key: "title_en") public var titleEn: String?
    @Field(key: "teaser") public var teaser: String
    @Field(key: "detail") public var detail: String
    @Field(key: "field_codes") public var fieldCodes: [String]
    @OptionalEnum(key: "min_stage") public var minStage: Stage?
    @OptionalField(key: "min_trl") public var minTRL: Int?
    @Field(key: "support") public var support: [String]
    @OptionalField(key: "poc_funds_krw") public var pocFundsKRW: Int64?
    @OptionalField(key: "support_other") public var supportOther: String?
    @Field(key: "startups_sought") public var startupsSought: Int
    @Field(key: "contact_name") public var contactName: String
    @Field(key: "contact_email") public var contactEmail: String
    @OptionalField(key: "contact_phone") public var contactPhone: String?
    @OptionalField(key: "deadline") public var deadline: Date?
    /// The organisation's name stays hidden from startups until it accepts an applicant.
    @Field(key: "anonymous") public var anonymous: Bool
    @Enum(key: "status") public var status: NeedStatus
    /// Raised by one on every change; a form or API client sends the version it read.
    @Field(key: "version") public var version: Int
    /// Folded title and teaser (never the confidential detail) for the public search.
    @Field(key: "search_text") public var searchText: String
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @OptionalField(key: "published_at") public var publishedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var supports: [NeedSupport] { support.compactMap(NeedSupport.init(rawValue:)) }

    /// The last moment to submit: the need's own deadline or its call's closing time, whichever is first.
    public func applicationDeadline(call: Call?) -> Date? {
        applicationDeadline(callClosesAt: call?.closesAt)
    }

    /// The same, from the call's closing time alone (lists that load only that column).
    public func applicationDeadline(callClosesAt: Date?) -> Date? {
        switch (deadline, callClosesAt) {
        case let (own?, closes?): min(own, closes)
        case let (own?, nil): own
        case let (nil, closes?): closes
        case (nil, nil): nil
        }
    }
}

/// One dated, attributed change of a need: a status change or an edit.
public final class NeedEvent: Model, @unchecked Sendable {
    public static let schema = "need_events"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "need_id") public var need: Need
    @OptionalEnum(key: "from_status") public var fromStatus: NeedStatus?
    @Enum(key: "to_status") public var toStatus: NeedStatus
    @OptionalField(key: "actor_id") public var actorID: UUID?
    @Field(key: "actor_name") public var actorName: String
    @Field(key: "note") public var note: String
    @Field(key: "at") public var at: Date

    public init() {}

    public init(needID: UUID, from: NeedStatus?, to: NeedStatus, actor: Principal?, note: String, at: Date) {
        $need.id = needID
        fromStatus = from
        toStatus = to
        actorID = actor?.userID
        actorName = actor?.name ?? ActorName.system
        self.note = note
        self.at = at
    }
}

/// A signed-in startup member's acceptance of the confidentiality pledge for one need.
public final class NeedPledge: Model, @unchecked Sendable {
    public static let schema = "need_pledges"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "need_id") public var need: Need
    @Field(key: "user_id") public var userID: UUID
    @OptionalField(key: "organization_id") public var organizationID: UUID?
    @Field(key: "accepted_at") public var acceptedAt: Date

    public init() {}
}

/// A demand organisation's or operator's invitation to a startup to apply to a need.
public final class Invitation: Model, @unchecked Sendable {
    public static let schema = "invitations"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "need_id") public var need: Need
    @Parent(key: "startup_id") public var startup: Organization
    @OptionalField(key: "invited_by") public var invitedBy: UUID?
    @Field(key: "inviter_name") public var inviterName: String
    @Field(key: "message") public var message: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
