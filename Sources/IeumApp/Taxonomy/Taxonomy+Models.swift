import Fluent
import Foundation

/// A technology field (기술분야) with Korean and English names. Kept as data, editable by operators.
public final class TechField: Model, @unchecked Sendable {
    public static let schema = "tech_fields"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "name_ko") public var nameKo: String
    @Field(key: "name_en") public var nameEn: String
    @Field(key: "sort_order") public var sortOrder: Int
    @Field(key: "active") public var active: Bool
    /// Other spellings found in spreadsheets (스마트공장 for 스마트제조, 성수동 for 성동구, …).
    @Field(key: "aliases") public var aliases: [String]

    public init() {}

    public init(id: UUID? = nil, code: String, nameKo: String, nameEn: String, sortOrder: Int, active: Bool = true, aliases: [String] = []) {
        self.id = id
        self.code = code
        self.nameKo = nameKo
        self.nameEn = nameEn
        self.sortOrder = sortOrder
        self.active = active
        self.aliases = aliases
    }
}

/// Regions: Seoul's 25 자치구 and other cities.
public final class Region: Model, @unchecked Sendable {
    public static let schema = "regions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "name_ko") public var nameKo: String
    @Field(key: "name_en") public var nameEn: String
    /// `seoul` for a 자치구 of Seoul, `city` for another city or province.
    @Field(key: "group_code") public var groupCode: String
    @Field(key: "sort_order") public var sortOrder: Int
    @Field(key: "active") public var active: Bool
    /// Other spellings found in spreadsheets (스마트공장 for 스마트제조, 성수동 for 성동구, …).
    @Field(key: "aliases") public var aliases: [String]

    public init() {}

    public init(id: UUID? = nil, code: String, nameKo: String, nameEn: String, groupCode: String, sortOrder: Int, active: Bool = true, aliases: [String] = []) {
        self.id = id
        self.code = code
        self.nameKo = nameKo
        self.nameEn = nameEn
        self.groupCode = groupCode
        self.sortOrder = sortOrder
        self.active = active
        self.aliases = aliases
    }
}

/// Innovation clusters (G밸리, 마곡, 양재 AI허브, …), each in a region.
public final class Cluster: Model, @unchecked Sendable {
    public static let schema = "clusters"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "name_ko") public var nameKo: String
    @Field(key: "name_en") public var nameEn: String
    @OptionalField(key: "region_code") public var regionCode: String?
    @Field(key: "sort_order") public var sortOrder: Int
    @Field(key: "active") public var active: Bool
    /// Other spellings found in spreadsheets (스마트공장 for 스마트제조, 성수동 for 성동구, …).
    @Field(key: "aliases") public var aliases: [String]

    public init() {}

    public init(id: UUID? = nil, code: String, nameKo: String, nameEn: String, regionCode: String?, sortOrder: Int, active: Bool = true, aliases: [String] = []) {
        self.id = id
        self.code = code
        self.nameKo = nameKo
        self.nameEn = nameEn
        self.regionCode = regionCode
        self.sortOrder = sortOrder
        self.active = active
        self.aliases = aliases
    }
}
