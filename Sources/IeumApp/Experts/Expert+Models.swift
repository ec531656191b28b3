import Fluent
import Foundation
import IeumCore

/// Where an expert works: 산업계, 학계, 연구계 or 공공.
public enum ExpertSector: String, Sendable, CaseIterable, Codable {
    case industry, academia, research, publicSector

    public var label: Localized {
        switch self {
        case .industry: Localized("산업계", "Industry")
        case .academia: Localized("학계", "Academia")
        case .research: Localized("연구계", "Research")
        case .publicSector: Localized("공공", "Public sector")
        }
    }
}

/// A member of the expert pool (전문가 풀): judges evaluation rounds and advises needs and
/// collaborations. Linked to an account when the expert signs in to score.
public final class Expert: Model, @unchecked Sendable {
    public static let schema = "experts"

    @ID(key: .id) public var id: UUID?
    @OptionalParent(key: "user_id") public var user: User?
    @Field(key: "name") public var name: String
    @Field(key: "email") public var email: String
    @Enum(key: "sector") public var sector: ExpertSector
    /// Current affiliation as shown (소속), e.g. "한양대학교 기계공학부".
    @Field(key: "affiliation") public var affiliation: String
    @Field(key: "position") public var position: String
    /// Tech field codes from the taxonomy.
    @Field(key: "fields") public var fields: [String]
    /// Free text of expertise (Korean and English terms), searched and matched.
    @Field(key: "expertise") public var expertise: String
    @Field(key: "available") public var available: Bool
    @Field(key: "availability_note") public var availabilityNote: String
    /// The expert agreed to be contacted by program operators (개인정보 제3자 제공 동의).
    @Field(key: "consent_contact") public var consentContact: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}

/// How an expert is or was tied to an organisation; every tie to a party of an entry is a
/// conflict of interest in evaluation rounds.
public enum ExpertTieKind: String, Sendable, CaseIterable, Codable {
    case employment, investment, advisory, family

    public var label: Localized {
        switch self {
        case .employment: Localized("재직", "Employment")
        case .investment: Localized("투자", "Investment")
        case .advisory: Localized("자문·겸직", "Advisory role")
        case .family: Localized("특수관계", "Related person")
        }
    }
}

/// An expert's present or past affiliation or other tie (소속 이력).
public final class ExpertAffiliation: Model, @unchecked Sendable {
    public static let schema = "expert_affiliations"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "expert_id") public var expert: Expert
    /// The registry organisation, when it is there.
    @OptionalParent(key: "organization_id") public var organization: Organization?
    @Field(key: "organization_name") public var organizationName: String
    @Enum(key: "kind") public var kind: ExpertTieKind
    @Field(key: "current") public var current: Bool
    @OptionalField(key: "from_year") public var fromYear: Int?
    @OptionalField(key: "to_year") public var toYear: Int?

    public init() {}
}
