/// The engine's stage, by a name that does not clash with the app's own `Stage`.
public typealias MatchingStage = Stage

/// Investment stages in increasing order (PRODUCT.md).
public enum Stage: Int, Sendable, Comparable, CaseIterable, Codable {
    case preStartup = 0, seed, preA, seriesA, seriesB, seriesC, preIPO

    public static func < (a: Stage, b: Stage) -> Bool { a.rawValue < b.rawValue }

    public var korean: String { ["예비창업", "시드", "프리A", "시리즈A", "시리즈B", "시리즈C", "IPO준비"][rawValue] }
    public var english: String { ["pre-startup", "seed", "pre-A", "Series A", "Series B", "Series C", "pre-IPO"][rawValue] }

    /// Parses the interchange values and common spellings ("Series A", "시리즈 A", "pre-IPO").
    public init?(label: String) {
        let k = Normalizer.string(Normalizer.scalars(label).filter { !Normalizer.isJoiner($0) }[...])
        switch k {
        case "예비창업", "예비", "prestartup", "idea": self = .preStartup
        case "시드", "seed", "엔젤", "angel": self = .seed
        case "프리a", "프리시리즈a", "prea", "preseriesa": self = .preA
        case "시리즈a", "seriesa", "a": self = .seriesA
        case "시리즈b", "seriesb", "b": self = .seriesB
        case "시리즈c", "seriesc", "c", "시리즈d", "seriesd": self = .seriesC
        case "ipo준비", "ipo", "preipo", "상장준비", "프리ipo": self = .preIPO
        default: return nil
        }
    }
}

/// A startup profile in the interchange format; only `id` is required.
public struct StartupProfile: Sendable, Hashable, Codable {
    public var id: String
    public var name: String = ""
    public var summary: String = ""
    public var description: String = ""
    public var keywords: [String] = []
    public var field: String = ""
    public var stage: String = ""
    public var founded: Int? = nil
    public var region: String = ""
    public var employees: Int? = nil
    public var investmentKRW100M: Double? = nil
    public var revenueKRW100M: Double? = nil
    /// Organisation status in the registry (e.g. "active", "inactive", "휴업", "폐업"); absent means active.
    public var status: String? = nil

    public init(id: String, name: String = "", summary: String = "", description: String = "", keywords: [String] = [],
                field: String = "", stage: String = "", region: String = "", status: String? = nil) {
        self.id = id; self.name = name; self.summary = summary; self.description = description
        self.keywords = keywords; self.field = field; self.stage = stage; self.region = region; self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case id, name, summary, description, keywords, field, stage, founded, region, employees, status
        case investmentKRW100M = "investment_krw_100m", revenueKRW100M = "revenue_krw_100m"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        summary = try c.decodeIfPresent(String.self, forKey: .summary) ?? ""
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        keywords = try c.decodeIfPresent([String].self, forKey: .keywords) ?? []
        field = try c.decodeIfPresent(String.self, forKey: .field) ?? ""
        stage = try c.decodeIfPresent(String.self, forKey: .stage) ?? ""
        founded = try c.decodeIfPresent(Int.self, forKey: .founded)
        region = try c.decodeIfPresent(String.self, forKey: .region) ?? ""
        employees = try c.decodeIfPresent(Int.self, forKey: .employees)
        investmentKRW100M = try c.decodeIfPresent(Double.self, forKey: .investmentKRW100M)
        revenueKRW100M = try c.decodeIfPresent(Double.self, forKey: .revenueKRW100M)
        status = try c.decodeIfPresent(String.self, forKey: .status)
    }

    public var parsedStage: Stage? { Stage(label: stage) }

    /// Inactive organisations (휴업, 폐업, inactive, closed) are not proposed.
    public var isActive: Bool {
        guard let s = status?.lowercased(), !s.isEmpty else { return true }
        return !["inactive", "closed", "dissolved", "휴업", "폐업", "해산", "비활성"].contains(s)
    }
}

/// A technology need in the interchange format; only `id` is required.
public struct NeedProfile: Sendable, Hashable, Codable {
    public var id: String
    public var org: String = ""
    public var orgType: String = ""
    public var title: String = ""
    public var description: String = ""
    public var fields: [String] = []
    public var minStage: String? = nil
    public var preferredRegion: String? = nil
    public var support: [String] = []

    public init(id: String, title: String = "", description: String = "", fields: [String] = [],
                minStage: String? = nil, preferredRegion: String? = nil) {
        self.id = id; self.title = title; self.description = description; self.fields = fields
        self.minStage = minStage; self.preferredRegion = preferredRegion
    }

    enum CodingKeys: String, CodingKey {
        case id, org, title, description, fields, support
        case orgType = "org_type", minStage = "min_stage", preferredRegion = "preferred_region"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        org = try c.decodeIfPresent(String.self, forKey: .org) ?? ""
        orgType = try c.decodeIfPresent(String.self, forKey: .orgType) ?? ""
        title = try c.decodeIfPresent(String.self, forKey: .title) ?? ""
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        fields = try c.decodeIfPresent([String].self, forKey: .fields) ?? []
        minStage = try c.decodeIfPresent(String.self, forKey: .minStage)
        preferredRegion = try c.decodeIfPresent(String.self, forKey: .preferredRegion)
        // `support` is a list in the format; a single string is accepted too.
        if let list = try? c.decodeIfPresent([String].self, forKey: .support) { support = list }
        else if let one = try? c.decodeIfPresent(String.self, forKey: .support) { support = [one] }
    }
}
