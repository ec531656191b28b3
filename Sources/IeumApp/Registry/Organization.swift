import Fluent
import Foundation
import IeumCore

/// Any organisation in a program: startup, demand organisation, investor, agency, university.
public final class Organization: Model, @unchecked Sendable {
    public static let schema = "organizations"

    @ID(key: .id) public var id: UUID?
    /// The id used by the file that imported it (e.g. the interchange format's `id`), if any.
    @OptionalField(key: "external_id") public var externalID: String?
    @Enum(key: "kind") public var kind: OrganizationKind
    @OptionalEnum(key: "demand_size") public var demandSize: DemandSize?
    @OptionalEnum(key: "investor_type") public var investorType: InvestorType?
    @Field(key: "name") public var name: String
    @OptionalField(key: "name_en") public var nameEn: String?
    /// Ten digits without hyphens; unique.
    @OptionalField(key: "business_number") public var businessNumber: String?
    @Enum(key: "status") public var status: ApprovalStatus
    @OptionalField(key: "status_reason") public var statusReason: String?
    @OptionalEnum(key: "stage") public var stage: Stage?
    @OptionalField(key: "region_code") public var regionCode: String?
    @OptionalField(key: "cluster_code") public var clusterCode: String?
    @OptionalField(key: "founded_year") public var foundedYear: Int?
    @OptionalField(key: "employees") public var employees: Int?
    /// 누적 투자유치, in won.
    @OptionalField(key: "investment_krw") public var investmentKRW: Int64?
    /// 최근 연매출, in won.
    @OptionalField(key: "revenue_krw") public var revenueKRW: Int64?
    @Field(key: "certifications") public var certifications: [String]
    @Field(key: "summary") public var summary: String
    @OptionalField(key: "summary_en") public var summaryEn: String?
    @Field(key: "description") public var description: String
    @OptionalField(key: "description_en") public var descriptionEn: String?
    @Field(key: "keywords") public var keywords: [String]
    @OptionalField(key: "website") public var website: String?
    @OptionalField(key: "contact_name") public var contactName: String?
    @OptionalField(key: "contact_email") public var contactEmail: String?
    @OptionalField(key: "contact_phone") public var contactPhone: String?
    /// Startups choose whether investors and buyers may see their profile.
    @Field(key: "open_to_partners") public var openToPartners: Bool
    /// Folded text for Korean-aware search (see `KoreanSearch`).
    @Field(key: "search_text") public var searchText: String
    @Siblings(through: OrganizationTechField.self, from: \.$organization, to: \.$techField)
    public var techFields: [TechField]
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public func refreshSearchText(fieldNames: [String]) {
        searchText = KoreanSearch.document(
            [name, nameEn, summary, summaryEn, description, descriptionEn, keywords.joined(separator: " ")]
                + fieldNames.map(Optional.some)
        )
    }
}

/// Which tech fields an organisation works in (the first is its main field).
public final class OrganizationTechField: Model, @unchecked Sendable {
    public static let schema = "organization_tech_fields"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "organization_id") public var organization: Organization
    @Parent(key: "tech_field_id") public var techField: TechField
    @Field(key: "position") public var position: Int

    public init() {}

    public init(organizationID: UUID, techFieldID: UUID, position: Int) {
        self.$organization.id = organizationID
        self.$techField.id = techFieldID
        self.position = position
    }
}
