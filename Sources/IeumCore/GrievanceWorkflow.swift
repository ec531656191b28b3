import Foundation

/// Where a grievance is: 접수 → 분류 → 처리중 → 해결 / 이관 / 불수용.
public enum GrievanceStatus: String, Sendable, CaseIterable, Codable {
    case received, classified, inProgress, resolved, transferred, rejected

    public var label: Localized {
        switch self {
        case .received: Localized("접수", "Received")
        case .classified: Localized("분류", "Classified")
        case .inProgress: Localized("처리중", "In progress")
        case .resolved: Localized("해결", "Resolved")
        case .transferred: Localized("이관", "Transferred")
        case .rejected: Localized("불수용", "Not accepted")
        }
    }

    public var isFinal: Bool { self == .resolved || self == .transferred || self == .rejected }
    /// A deadline runs only while staff hold the case.
    public var hasRunningDeadline: Bool { self == .classified || self == .inProgress }
}

/// The one state machine of a grievance: each step, where it may start and where it leads.
public enum GrievanceStep: String, Sendable, CaseIterable, Codable {
    case classify, start, resolve, transfer, reject

    public var label: Localized {
        switch self {
        case .classify: Localized("분류", "Classify")
        case .start: Localized("처리 시작", "Start work")
        case .resolve: Localized("해결", "Resolve")
        case .transfer: Localized("이관", "Transfer")
        case .reject: Localized("불수용", "Decline")
        }
    }

    public var target: GrievanceStatus {
        switch self {
        case .classify: .classified
        case .start: .inProgress
        case .resolve: .resolved
        case .transfer: .transferred
        case .reject: .rejected
        }
    }

    /// Statuses the step may start from. Classifying again (a new class, a new deadline) is allowed
    /// until the case is closed; a case may be declined or transferred before it is classified.
    public var sources: Set<GrievanceStatus> {
        switch self {
        case .classify: [.received, .classified, .inProgress]
        case .start: [.classified]
        case .resolve: [.classified, .inProgress]
        case .transfer, .reject: [.received, .classified, .inProgress]
        }
    }

    /// Resolving, transferring and declining must say why or how; the submitter reads it.
    public var needsNote: Bool { self == .resolve || self == .transfer || self == .reject }

    public func allowed(from status: GrievanceStatus) -> Bool { sources.contains(status) }

    public static func available(from status: GrievanceStatus) -> [GrievanceStep] {
        allCases.filter { $0.allowed(from: status) }
    }
}

/// What a person may choose as the grievance's subject.
public enum GrievanceCategory: String, Sendable, CaseIterable, Codable {
    case regulation, finance, market, workforce, export, technology, other

    public var label: Localized {
        switch self {
        case .regulation: Localized("규제", "Regulation")
        case .finance: Localized("자금", "Finance")
        case .market: Localized("판로", "Sales channels")
        case .workforce: Localized("인력", "Workforce")
        case .export: Localized("수출", "Export")
        case .technology: Localized("기술", "Technology")
        case .other: Localized("기타", "Other")
        }
    }
}

/// The kinds of place the regional scrum's agency staff cover.
public enum FacilityKind: String, Sendable, CaseIterable, Codable {
    case knowledgeIndustryCenter, traditionalMarket, smallManufacturerArea

    public var label: Localized {
        switch self {
        case .knowledgeIndustryCenter: Localized("지식산업센터", "Knowledge industry centre")
        case .traditionalMarket: Localized("전통시장", "Traditional market")
        case .smallManufacturerArea: Localized("소공인 밀집지역", "Small-manufacturer area")
        }
    }
}

/// The receipt number a submitter quotes: year and a six-digit sequence, `2026-000123`.
public enum GrievanceReceipt {
    public static func number(year: Int, sequence: Int) -> String {
        String(format: "%04d-%06d", year, sequence)
    }
}
