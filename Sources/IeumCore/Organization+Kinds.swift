/// Kinds of organisation in a program (PRODUCT.md, Registry).
public enum OrganizationKind: String, Sendable, CaseIterable, Codable {
    case startup
    case demand        // 수요기관: 대기업, 중견기업, 중소기업, 공공기관
    case investor      // VC, CVC, AC
    case agency        // 운영기관 / 지원기관
    case research      // 대학·연구기관

    public var label: Localized {
        switch self {
        case .startup: Localized("스타트업", "Startup")
        case .demand: Localized("수요기관", "Demand organisation")
        case .investor: Localized("투자기관", "Investor")
        case .agency: Localized("운영·지원기관", "Support agency")
        case .research: Localized("대학·연구기관", "University / research institute")
        }
    }

    /// Korean names as they appear in spreadsheets programs receive.
    public static func parse(_ raw: String) -> OrganizationKind? {
        let value = raw.trimmingCharacters(in: .whitespaces).lowercased()
        if let kind = OrganizationKind(rawValue: value) { return kind }
        for kind in allCases where kind.label.ko == value || kind.label.en.lowercased() == value { return kind }
        switch value {
        case "수요기업", "수요처": return .demand
        case "벤처캐피탈", "투자사", "vc", "cvc", "ac": return .investor
        case "운영기관", "지원기관": return .agency
        case "대학", "연구기관", "연구소", "university": return .research
        default: return nil
        }
    }
}

/// Size of a demand organisation.
public enum DemandSize: String, Sendable, CaseIterable, Codable {
    case large, midsize, sme, publicInstitution

    public var label: Localized {
        switch self {
        case .large: Localized("대기업", "Large enterprise")
        case .midsize: Localized("중견기업", "Mid-sized enterprise")
        case .sme: Localized("중소기업", "SME")
        case .publicInstitution: Localized("공공기관", "Public institution")
        }
    }

    public static func parse(_ raw: String) -> DemandSize? {
        let value = raw.trimmingCharacters(in: .whitespaces)
        if let size = DemandSize(rawValue: value) { return size }
        return allCases.first { $0.label.ko == value || $0.label.en.lowercased() == value.lowercased() }
    }
}

/// Type of an investor organisation.
public enum InvestorType: String, Sendable, CaseIterable, Codable {
    case vc, cvc, ac

    public var label: Localized {
        switch self {
        case .vc: Localized("벤처캐피탈(VC)", "Venture capital (VC)")
        case .cvc: Localized("기업형 벤처캐피탈(CVC)", "Corporate VC (CVC)")
        case .ac: Localized("액셀러레이터(AC)", "Accelerator (AC)")
        }
    }

    public static func parse(_ raw: String) -> InvestorType? {
        InvestorType(rawValue: raw.trimmingCharacters(in: .whitespaces).lowercased())
    }
}

/// Investment stage, in order (PRODUCT.md interchange format).
public enum Stage: String, Sendable, CaseIterable, Codable, Comparable {
    case preStartup, seed, preA, seriesA, seriesB, seriesC, preIPO

    public var label: Localized {
        switch self {
        case .preStartup: Localized("예비창업", "Pre-startup")
        case .seed: Localized("시드", "Seed")
        case .preA: Localized("프리A", "Pre-A")
        case .seriesA: Localized("시리즈A", "Series A")
        case .seriesB: Localized("시리즈B", "Series B")
        case .seriesC: Localized("시리즈C", "Series C")
        case .preIPO: Localized("IPO준비", "Pre-IPO")
        }
    }

    public var order: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Stage, rhs: Stage) -> Bool { lhs.order < rhs.order }

    /// Korean names (the interchange format), English names and the raw codes are all accepted.
    public static func parse(_ raw: String) -> Stage? {
        let value = raw.trimmingCharacters(in: .whitespaces)
        if let stage = Stage(rawValue: value) { return stage }
        let compact = value.replacingOccurrences(of: " ", with: "").lowercased()
        return allCases.first {
            $0.label.ko == value || $0.label.ko.lowercased() == compact
                || $0.label.en.replacingOccurrences(of: " ", with: "").lowercased() == compact
        }
    }
}

/// Certifications programs ask about.
public enum Certification: String, Sendable, CaseIterable, Codable {
    case venture, innobiz, mainbiz, researchLab, tips, socialVenture

    public var label: Localized {
        switch self {
        case .venture: Localized("벤처기업", "Venture company")
        case .innobiz: Localized("이노비즈", "Inno-Biz")
        case .mainbiz: Localized("메인비즈", "Main-Biz")
        case .researchLab: Localized("기업부설연구소", "Corporate R&D centre")
        case .tips: Localized("TIPS 선정", "TIPS selected")
        case .socialVenture: Localized("소셜벤처", "Social venture")
        }
    }

    public static func parse(_ raw: String) -> Certification? {
        let value = raw.trimmingCharacters(in: .whitespaces)
        if let cert = Certification(rawValue: value) { return cert }
        let compact = value.replacingOccurrences(of: " ", with: "").lowercased()
        return allCases.first {
            $0.label.ko.replacingOccurrences(of: " ", with: "").lowercased() == compact
                || $0.label.en.replacingOccurrences(of: " ", with: "").lowercased() == compact
                || (compact == "tips" && $0 == .tips)
        }
    }
}

/// Approval state: organisations are shown to others only once an operator approves them.
public enum ApprovalStatus: String, Sendable, CaseIterable, Codable {
    case pending, approved, rejected

    public var label: Localized {
        switch self {
        case .pending: Localized("승인 대기", "Pending approval")
        case .approved: Localized("승인됨", "Approved")
        case .rejected: Localized("반려됨", "Rejected")
        }
    }
}
