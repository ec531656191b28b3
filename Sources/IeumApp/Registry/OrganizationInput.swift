import Foundation
import IeumCore

/// Field-level validation errors, keyed by the input's field name, in both languages.
public struct FieldErrors: Sendable, Equatable {
    public private(set) var messages: [String: Localized] = [:]
    public private(set) var order: [String] = []

    public init() {}

    public mutating func add(_ field: String, _ message: Localized) {
        if messages[field] == nil { order.append(field) }
        messages[field] = message
    }

    public var isEmpty: Bool { messages.isEmpty }
    public subscript(field: String) -> Localized? { messages[field] }
}

/// What a person (form), a program (API) or a file row (import) supplies for an organisation.
/// Everything is text as typed, so a form can show it back unchanged next to its errors.
public struct OrganizationInput: Sendable, Equatable, Codable {
    public var kind: String = OrganizationKind.startup.rawValue
    public var demandSize: String = ""
    public var investorType: String = ""
    public var name: String = ""
    public var nameEn: String = ""
    public var businessNumber: String = ""
    public var externalID: String = ""
    public var stage: String = ""
    public var fields: [String] = []
    public var region: String = ""
    public var cluster: String = ""
    public var foundedYear: String = ""
    public var employees: String = ""
    /// In won, or with the unit 억 / 억원 (`12.5억`).
    public var investment: String = ""
    public var revenue: String = ""
    public var certifications: [String] = []
    public var summary: String = ""
    public var summaryEn: String = ""
    public var description: String = ""
    public var descriptionEn: String = ""
    public var keywords: String = ""
    public var website: String = ""
    public var contactName: String = ""
    public var contactEmail: String = ""
    public var contactPhone: String = ""
    public var openToPartners: Bool = true

    public init() {}
}

/// A validated organisation, ready to store.
public struct ValidOrganization: Sendable, Equatable {
    public var kind: OrganizationKind
    public var demandSize: DemandSize?
    public var investorType: InvestorType?
    public var name: String
    public var nameEn: String?
    public var businessNumber: BusinessNumber?
    public var externalID: String?
    public var stage: Stage?
    public var fieldCodes: [String]
    public var regionCode: String?
    public var clusterCode: String?
    public var foundedYear: Int?
    public var employees: Int?
    public var investmentKRW: Int64?
    public var revenueKRW: Int64?
    public var certifications: [Certification]
    public var summary: String
    public var summaryEn: String?
    public var description: String
    public var descriptionEn: String?
    public var keywords: [String]
    public var website: String?
    public var contactName: String?
    public var contactEmail: String?
    public var contactPhone: String?
    public var openToPartners: Bool
}

extension OrganizationInput {
    /// Checks every field and collects every problem; `currentYear` is Seoul's year now.
    public func validate(taxonomy: TaxonomySnapshot, currentYear: Int) -> Result<ValidOrganization, FieldErrorsError> {
        var errors = FieldErrors()
        func trimmed(_ s: String) -> String { s.trimmed }
        func optional(_ s: String) -> String? { let t = trimmed(s); return t.isEmpty ? nil : t }

        let kind = OrganizationKind.parse(kind)
        if kind == nil { errors.add("kind", Localized("기관 유형을 선택하세요.", "Choose the kind of organisation.")) }

        var demandSize: DemandSize?
        if kind == .demand {
            demandSize = DemandSize.parse(self.demandSize)
            if demandSize == nil {
                errors.add("demandSize", Localized("수요기관의 규모(대기업·중견기업·중소기업·공공기관)를 선택하세요.", "Choose the size of the demand organisation (large, mid-sized, SME, public)."))
            }
        }
        var investorType: InvestorType?
        if kind == .investor {
            investorType = InvestorType.parse(self.investorType)
            if investorType == nil {
                errors.add("investorType", Localized("투자기관 유형(VC·CVC·AC)을 선택하세요.", "Choose the investor type (VC, CVC, AC)."))
            }
        }

        let name = trimmed(self.name)
        if name.isEmpty {
            errors.add("name", Localized("기관명을 입력하세요.", "Enter the organisation's name."))
        } else if name.count > 200 {
            errors.add("name", Localized("기관명은 200자 이내로 입력하세요.", "The name must be at most 200 characters."))
        }

        var businessNumber: BusinessNumber?
        if optional(self.businessNumber) != nil {
            do {
                businessNumber = try BusinessNumber(validating: self.businessNumber)
            } catch {
                errors.add("businessNumber", Self.message(for: error))
            }
        } else if optional(externalID) == nil && (kind == .startup || kind == .demand && demandSize != .publicInstitution || kind == .investor) {
            // Lists in the interchange format name startups by their own id and carry no number.
            errors.add("businessNumber", Localized("사업자등록번호를 입력하세요 (예: 123-45-67890).", "Enter the business registration number (e.g. 123-45-67890)."))
        }

        var stage: Stage?
        if let raw = optional(self.stage) {
            stage = Stage.parse(raw)
            if stage == nil {
                errors.add("stage", Localized("알 수 없는 투자 단계입니다: \(raw)", "Unknown investment stage: \(raw)"))
            }
        } else if kind == .startup {
            errors.add("stage", Localized("투자 단계를 선택하세요.", "Choose the investment stage."))
        }

        var fieldCodes: [String] = []
        for raw in fields.map(trimmed).filter({ !$0.isEmpty }) {
            if let field = taxonomy.resolveField(raw) {
                if !fieldCodes.contains(field.code) { fieldCodes.append(field.code) }
            } else {
                errors.add("fields", Localized("알 수 없는 기술분야입니다: \(raw)", "Unknown tech field: \(raw)"))
            }
        }
        if fieldCodes.isEmpty && errors["fields"] == nil && kind == .startup {
            errors.add("fields", Localized("기술분야를 하나 이상 선택하세요.", "Choose at least one tech field."))
        }

        var regionCode: String?
        var clusterCode: String?
        if let raw = optional(cluster) {
            if let item = taxonomy.resolveCluster(raw) {
                clusterCode = item.code
                regionCode = item.parentCode
            } else {
                errors.add("cluster", Localized("알 수 없는 클러스터입니다: \(raw)", "Unknown cluster: \(raw)"))
            }
        }
        if let raw = optional(region) {
            if let location = taxonomy.resolveLocation(raw) {
                regionCode = location.region ?? regionCode
                clusterCode = clusterCode ?? location.cluster
            } else {
                errors.add("region", Localized("알 수 없는 지역입니다: \(raw)", "Unknown region: \(raw)"))
            }
        }

        var foundedYear: Int?
        if let raw = optional(self.foundedYear) {
            if let year = Bounded.int(raw, in: 1900...max(1900, currentYear)) {
                foundedYear = year
            } else {
                errors.add("foundedYear", Localized("설립연도는 1900년부터 \(currentYear)년 사이의 숫자로 입력하세요.", "The founding year must be a number from 1900 to \(currentYear)."))
            }
        }
        var employees: Int?
        if let raw = optional(self.employees) {
            if let value = Bounded.int(raw, in: 0...1_000_000) {
                employees = value
            } else {
                errors.add("employees", Localized("임직원 수는 0 이상의 정수로 입력하세요.", "Employees must be a whole number, 0 or more."))
            }
        }
        var investmentKRW: Int64?
        if let raw = optional(investment) {
            if let value = Self.parseWon(raw) { investmentKRW = value } else {
                errors.add("investment", Localized("누적 투자액은 원 단위 숫자 또는 '12.5억' 형식으로 입력하세요.", "Cumulative investment must be a number of won or like '12.5억'."))
            }
        }
        var revenueKRW: Int64?
        if let raw = optional(revenue) {
            if let value = Self.parseWon(raw) { revenueKRW = value } else {
                errors.add("revenue", Localized("매출액은 원 단위 숫자 또는 '3억' 형식으로 입력하세요.", "Revenue must be a number of won or like '3억'."))
            }
        }

        var certs: [Certification] = []
        for raw in certifications.map(trimmed).filter({ !$0.isEmpty }) {
            if let cert = Certification.parse(raw) {
                if !certs.contains(cert) { certs.append(cert) }
            } else {
                errors.add("certifications", Localized("알 수 없는 인증입니다: \(raw)", "Unknown certification: \(raw)"))
            }
        }

        let summary = trimmed(self.summary)
        if summary.count > 300 {
            errors.add("summary", Localized("한 줄 소개는 300자 이내로 입력하세요.", "The summary must be at most 300 characters."))
        }
        let description = trimmed(self.description)
        if description.count > 10_000 {
            errors.add("description", Localized("소개는 10,000자 이내로 입력하세요.", "The description must be at most 10,000 characters."))
        }

        let website = optional(self.website)
        if let website, WebLink.parse(website) == nil {
            errors.add("website", WebLink.problem)
        }
        let contactEmail = optional(self.contactEmail)
        if let contactEmail, !Self.looksLikeEmail(contactEmail) {
            errors.add("contactEmail", Localized("올바른 이메일 주소를 입력하세요.", "Enter a valid e-mail address."))
        }
        let contactPhone = optional(self.contactPhone)
        if let contactPhone, !contactPhone.allSatisfy({ $0.isNumber || $0 == "-" || $0 == " " || $0 == "+" || $0 == "(" || $0 == ")" }) {
            errors.add("contactPhone", Localized("전화번호는 숫자와 '-'로 입력하세요.", "Enter the phone number with digits and '-'."))
        }

        guard errors.isEmpty, let kind else { return .failure(FieldErrorsError(errors: errors)) }
        let keywords = self.keywords
            .split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "|" || $0 == "\n" })
            .map { trimmed(String($0)) }
            .filter { !$0.isEmpty }
        return .success(ValidOrganization(
            kind: kind, demandSize: demandSize, investorType: investorType,
            name: name, nameEn: optional(nameEn), businessNumber: businessNumber,
            externalID: optional(externalID), stage: stage, fieldCodes: fieldCodes,
            regionCode: regionCode, clusterCode: clusterCode, foundedYear: foundedYear,
            employees: employees, investmentKRW: investmentKRW, revenueKRW: revenueKRW,
            certifications: certs, summary: summary, summaryEn: optional(summaryEn),
            description: description, descriptionEn: optional(descriptionEn),
            keywords: Array(NSOrderedSet(array: keywords).compactMap { $0 as? String }),
            website: website, contactName: optional(contactName), contactEmail: contactEmail?.lowercased(),
            contactPhone: contactPhone, openToPartners: openToPartners
        ))
    }

    static func message(for problem: BusinessNumber.Problem) -> Localized {
        switch problem {
        case .empty:
            Localized("사업자등록번호를 입력하세요.", "Enter the business registration number.")
        case .notDigits:
            Localized("사업자등록번호는 숫자 10자리입니다 (예: 123-45-67890).", "A business registration number is 10 digits (e.g. 123-45-67890).")
        case .wrongLength(let count):
            Localized("사업자등록번호는 10자리여야 합니다 (입력: \(count)자리).", "A business registration number has 10 digits (you entered \(count)).")
        case .badCheckDigit:
            Localized("사업자등록번호의 검증번호가 맞지 않습니다. 번호를 다시 확인하세요.", "The business registration number's check digit is wrong; check the number.")
        }
    }

    /// `1200000000`, `1,200,000,000`, `12억`, `12.5억원`, `3000만원`, within 0…10¹⁵ (`Bounded.wonAmounts`).
    static func parseWon(_ raw: String) -> Int64? { Bounded.won(raw) }

    static func looksLikeEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !s.contains(where: { $0.isWhitespace })
    }
}

public struct FieldErrorsError: Error, Sendable, Equatable {
    public let errors: FieldErrors
}

extension OrganizationInput: FormInput {
    /// Set by an import only.
    static var notFromForms: Set<String> { ["externalID"] }
}
