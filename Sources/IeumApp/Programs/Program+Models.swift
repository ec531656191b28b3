import Fluent
import Foundation
import IeumCore

/// An open-innovation program (사업) of an operator: tracks, participating demand organisations,
/// calls and the targets the KPI dashboards measure against.
public final class Program: Model, @unchecked Sendable {
    public static let schema = "programs"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @OptionalField(key: "name_en") public var nameEn: String?
    @Field(key: "year") public var year: Int
    /// The agency running it (운영기관), if it is in the registry.
    @OptionalParent(key: "operator_id") public var operatorOrganization: Organization?
    @Field(key: "description") public var description: String
    /// Tracks such as 대기업 협업, 중견기업 챌린지, 공공기관 실증.
    @Field(key: "tracks") public var tracks: [String]
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}

/// A demand organisation taking part in a program.
public final class ProgramParticipant: Model, @unchecked Sendable {
    public static let schema = "program_participants"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "program_id") public var program: Program
    @Parent(key: "organization_id") public var organization: Organization
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(programID: UUID, organizationID: UUID) {
        $program.id = programID
        $organization.id = organizationID
    }
}

/// What a program promises for a metric in a period (예: 2026년 스타트업 발굴 2,000개).
public final class ProgramTarget: Model, @unchecked Sendable {
    public static let schema = "program_targets"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "program_id") public var program: Program
    @Enum(key: "metric") public var metric: KPIMetric
    /// `2026`, `2026-H1` or `2026-Q3`.
    @Field(key: "period") public var period: String
    @Field(key: "value") public var value: Int64
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

/// The metrics a program sets targets for; counted from the records by the KPI capability.
public enum KPIMetric: String, Sendable, CaseIterable, Codable {
    case startupsFound, startupsMatched, demandOrganizations, partners, pocsCompleted, contractValueKRW, investmentKRW, eventsHeld

    public var label: Localized {
        switch self {
        case .startupsFound: Localized("스타트업 발굴", "Startups found")
        case .startupsMatched: Localized("스타트업 매칭", "Startups matched")
        case .demandOrganizations: Localized("참여 수요기관", "Demand organisations taking part")
        case .partners: Localized("민간협력 파트너", "Partners")
        case .pocsCompleted: Localized("PoC 완료", "PoCs completed")
        case .contractValueKRW: Localized("계약 금액(원)", "Contract value (KRW)")
        case .investmentKRW: Localized("투자 유치(원)", "Investment (KRW)")
        case .eventsHeld: Localized("행사 개최", "Events held")
        }
    }
}

/// A call (공모): a window, in Seoul time, in which startups apply to the needs published in it.
public final class Call: Model, @unchecked Sendable {
    public static let schema = "calls"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "program_id") public var program: Program
    @Field(key: "title") public var title: String
    @OptionalField(key: "title_en") public var titleEn: String?
    @OptionalField(key: "track") public var track: String?
    @Field(key: "description") public var description: String
    @Field(key: "opens_at") public var opensAt: Date
    @Field(key: "closes_at") public var closesAt: Date
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public func isOpen(at now: Date) -> Bool { opensAt <= now && now < closesAt }
}
