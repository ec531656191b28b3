import Foundation
import IeumCore

/// A need as typed into the form or sent to the API: text, shown back unchanged next to errors.
public struct NeedInput: Sendable, Equatable, Codable {
    public var title = ""
    public var titleEn = ""
    public var teaser = ""
    public var detail = ""
    public var fields: [String] = []
    public var minStage = ""
    public var minTRL = ""
    public var support: [String] = []
    public var pocFunds = ""
    public var supportOther = ""
    public var startupsSought = "1"
    public var contactName = ""
    public var contactEmail = ""
    public var contactPhone = ""
    public var deadline = ""
    public var anonymous = false
    /// The version the editor read; empty for a new need.
    public var version = ""

    public init() {}
}

/// A need's values after validation.
public struct ValidNeed: Sendable, Equatable {
    public var title: String
    public var titleEn: String?
    public var teaser: String
    public var detail: String
    public var fieldCodes: [String]
    public var minStage: Stage?
    public var minTRL: Int?
    public var support: [NeedSupport]
    public var pocFundsKRW: Int64?
    public var supportOther: String?
    public var startupsSought: Int
    public var contactName: String
    public var contactEmail: String
    public var contactPhone: String?
    public var deadline: Date?
    public var anonymous: Bool
}

extension NeedInput {
    /// Checks every field and reports all problems at once, in both languages.
    public func validate(taxonomy: TaxonomySnapshot, now: Date) -> Result<ValidNeed, FieldErrorsError> {
        var errors = FieldErrors()
        func text(_ value: String) -> String { value.trimmed }
        func optional(_ value: String) -> String? { let t = value.trimmed; return t.isEmpty ? nil : t }

        let title = text(self.title)
        if title.isEmpty { errors.add("title", Localized("과제명을 입력하세요.", "Enter the need's title.")) }
        else if title.count > 200 { errors.add("title", Localized("과제명은 200자 이내로 입력하세요.", "The title must be at most 200 characters.")) }
        let teaser = text(self.teaser)
        if teaser.isEmpty { errors.add("teaser", Localized("공개 요약을 입력하세요. 로그인하지 않은 방문자도 보는 내용입니다.", "Enter the public teaser; visitors see it without signing in.")) }
        else if teaser.count > 1_000 { errors.add("teaser", Localized("공개 요약은 1,000자 이내로 입력하세요.", "The teaser must be at most 1,000 characters.")) }
        let detail = text(self.detail)
        if detail.isEmpty { errors.add("detail", Localized("상세 내용(비공개)을 입력하세요.", "Enter the confidential detail.")) }
        else if detail.count > 20_000 { errors.add("detail", Localized("상세 내용은 20,000자 이내로 입력하세요.", "The detail must be at most 20,000 characters.")) }

        var codes: [String] = []
        for raw in fields.map(\.trimmed) where !raw.isEmpty && !codes.contains(raw) {
            if taxonomy.field(code: raw) != nil { codes.append(raw) } else {
                errors.add("fields", Localized("알 수 없는 기술 분야입니다: \(raw)", "Unknown technology field: \(raw)"))
            }
        }
        if codes.isEmpty && errors["fields"] == nil {
            errors.add("fields", Localized("기술 분야를 하나 이상 고르세요.", "Choose at least one technology field."))
        }

        var minStage: Stage?
        if let raw = optional(self.minStage) {
            minStage = Stage.parse(raw)
            if minStage == nil { errors.add("minStage", Localized("알 수 없는 투자 단계입니다: \(raw)", "Unknown stage: \(raw)")) }
        }
        var minTRL: Int?
        if let raw = optional(self.minTRL) {
            if let value = Bounded.int(raw, in: 1...9) { minTRL = value } else {
                errors.add("minTRL", Localized("기술성숙도(TRL)는 1에서 9 사이의 숫자입니다.", "TRL is a number from 1 to 9."))
            }
        }

        var support: [NeedSupport] = []
        for raw in self.support where !raw.trimmed.isEmpty {
            if let value = NeedSupport(rawValue: raw.trimmed) { if !support.contains(value) { support.append(value) } } else {
                errors.add("support", Localized("알 수 없는 지원 내용입니다: \(raw)", "Unknown support: \(raw)"))
            }
        }
        var pocFundsKRW: Int64?
        if let raw = optional(pocFunds) {
            if let value = OrganizationInput.parseWon(raw) { pocFundsKRW = value } else {
                errors.add("pocFunds", Localized("PoC 자금은 원 단위 숫자 또는 '5000만원', '1.5억' 형식으로 입력하세요.", "PoC funds must be a number of won or like '5000만원' or '1.5억'."))
            }
        }
        if pocFundsKRW != nil && !support.contains(.pocFunds) { support.insert(.pocFunds, at: 0) }
        let supportOther = optional(self.supportOther)
        if support.contains(.other) && supportOther == nil {
            errors.add("supportOther", Localized("기타 지원 내용을 적어 주세요.", "Describe the other support."))
        }

        var sought = 1
        if let value = Bounded.int(startupsSought, in: 1...100) { sought = value } else {
            errors.add("startupsSought", Localized("모집 기업 수는 1에서 100 사이의 숫자입니다.", "The number of startups sought is from 1 to 100."))
        }

        let contactName = text(self.contactName)
        if contactName.isEmpty { errors.add("contactName", Localized("담당자 이름을 입력하세요.", "Enter the contact person's name.")) }
        let contactEmail = text(self.contactEmail)
        if !OrganizationInput.looksLikeEmail(contactEmail) {
            errors.add("contactEmail", Localized("담당자 이메일을 올바르게 입력하세요 (예: name@company.co.kr).", "Enter a valid contact e-mail (e.g. name@company.com)."))
        }

        var deadline: Date?
        if let raw = optional(self.deadline) {
            if let date = SeoulTime.parse(raw) {
                deadline = date
                if date <= now && version.trimmed.isEmpty {
                    errors.add("deadline", Localized("마감일은 현재 이후여야 합니다.", "The deadline must be in the future."))
                }
            } else {
                errors.add("deadline", Localized("마감일은 2026-03-31 또는 2026-03-31T18:00 형식으로 입력하세요.", "Write the deadline as 2026-03-31 or 2026-03-31T18:00."))
            }
        }

        guard errors.isEmpty else { return .failure(FieldErrorsError(errors: errors)) }
        return .success(ValidNeed(
            title: title, titleEn: optional(titleEn), teaser: teaser, detail: detail, fieldCodes: codes,
            minStage: minStage, minTRL: minTRL, support: support, pocFundsKRW: pocFundsKRW, supportOther: supportOther,
            startupsSought: sought, contactName: contactName, contactEmail: contactEmail, contactPhone: optional(contactPhone),
            deadline: deadline, anonymous: anonymous
        ))
    }

    /// The stored need as form text, for the edit page.
    init(_ need: Need) {
        self.init()
        title = need.title
        titleEn = need.titleEn ?? ""
        teaser = need.teaser
        detail = need.detail
        fields = need.fieldCodes
        minStage = need.minStage?.rawValue ?? ""
        minTRL = need.minTRL.map(String.init) ?? ""
        support = need.support
        pocFunds = need.pocFundsKRW.map(String.init) ?? ""
        supportOther = need.supportOther ?? ""
        startupsSought = String(need.startupsSought)
        contactName = need.contactName
        contactEmail = need.contactEmail
        contactPhone = need.contactPhone ?? ""
        deadline = SeoulTime.inputValue(need.deadline)
        anonymous = need.anonymous
        version = String(need.version)
    }
}

extension NeedInput: FormInput {
    /// A form without the field asks for one startup.
    static var whenNotSent: [String: String] { ["startupsSought": "1"] }
}
