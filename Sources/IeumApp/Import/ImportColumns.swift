import Foundation
import IeumCore

/// Which `OrganizationInput` field a column of an uploaded file fills. Programs receive lists with
/// Korean headers as Excel users type them (`기업명`, `사업자등록번호`, `누적투자(억원)`) and the
/// interchange format's English keys (`name`, `investment_krw_100m`); both are recognised.
enum ImportColumn: String, CaseIterable, Sendable {
    case kind, demandSize, investorType, name, nameEn, businessNumber, externalID, stage, fields
    case region, cluster, foundedYear, employees, investment, revenue, certifications
    case summary, summaryEn, description, descriptionEn, keywords, website
    case contactName, contactEmail, contactPhone, openToPartners

    /// Header spellings, compared after `ImportColumn.key(_:)` folding.
    var aliases: [String] {
        switch self {
        case .kind: ["유형", "기관유형", "기관구분", "구분", "kind", "type", "orgtype"]
        case .demandSize: ["규모", "기업규모", "기관규모", "demandsize", "size"]
        case .investorType: ["투자기관유형", "투자사유형", "investortype"]
        case .name: ["기업명", "기관명", "회사명", "업체명", "상호", "name"]
        case .nameEn: ["영문명", "영문기업명", "영문기관명", "nameen", "englishname"]
        case .businessNumber: ["사업자등록번호", "사업자번호", "businessnumber", "brn"]
        case .externalID: ["id", "관리번호", "externalid"]
        case .stage: ["투자단계", "단계", "성장단계", "stage"]
        case .fields: ["기술분야", "분야", "산업분야", "field", "fields", "techfield", "techfields"]
        case .region: ["지역", "소재지", "region"]
        case .cluster: ["클러스터", "cluster"]
        case .foundedYear: ["설립연도", "설립년도", "설립년", "founded", "foundedyear"]
        case .employees: ["임직원수", "직원수", "종업원수", "employees"]
        case .investment: ["누적투자", "누적투자액", "누적투자유치", "투자유치", "investment", "investmentkrw", "investmentkrw100m"]
        case .revenue: ["매출", "매출액", "연매출", "revenue", "revenuekrw", "revenuekrw100m"]
        case .certifications: ["인증", "보유인증", "certifications"]
        case .summary: ["한줄소개", "요약", "summary"]
        case .summaryEn: ["영문한줄소개", "summaryen"]
        case .description: ["상세소개", "소개", "기업소개", "사업내용", "description"]
        case .descriptionEn: ["영문소개", "descriptionen"]
        case .keywords: ["키워드", "keywords"]
        case .website: ["홈페이지", "웹사이트", "website", "homepage"]
        case .contactName: ["담당자", "담당자명", "contactname"]
        case .contactEmail: ["이메일", "담당자이메일", "email", "contactemail"]
        case .contactPhone: ["전화", "전화번호", "연락처", "contactphone", "phone"]
        case .openToPartners: ["프로필공개", "파트너공개", "opentopartners"]
        }
    }

    /// Korean label of the field, used in a report when the file has no such column.
    var label: Localized {
        switch self {
        case .kind: Localized("유형", "kind")
        case .demandSize: Localized("규모", "size")
        case .investorType: Localized("투자기관 유형", "investor type")
        case .name: Localized("기업명", "name")
        case .nameEn: Localized("영문명", "English name")
        case .businessNumber: Localized("사업자등록번호", "business number")
        case .externalID: Localized("id", "id")
        case .stage: Localized("투자단계", "stage")
        case .fields: Localized("기술분야", "tech field")
        case .region: Localized("지역", "region")
        case .cluster: Localized("클러스터", "cluster")
        case .foundedYear: Localized("설립연도", "founding year")
        case .employees: Localized("임직원수", "employees")
        case .investment: Localized("누적투자", "investment")
        case .revenue: Localized("매출", "revenue")
        case .certifications: Localized("인증", "certifications")
        case .summary: Localized("한줄소개", "summary")
        case .summaryEn: Localized("영문 한줄소개", "English summary")
        case .description: Localized("상세소개", "description")
        case .descriptionEn: Localized("영문 소개", "English description")
        case .keywords: Localized("키워드", "keywords")
        case .website: Localized("홈페이지", "website")
        case .contactName: Localized("담당자", "contact name")
        case .contactEmail: Localized("이메일", "e-mail")
        case .contactPhone: Localized("전화번호", "phone")
        case .openToPartners: Localized("프로필공개", "open to partners")
        }
    }

    /// Header text folded for matching: case, spaces, brackets, `_`, `-`, `.` and the unit `원` ignored.
    static func key(_ header: String) -> String {
        var folded = header.precomposedStringWithCompatibilityMapping.lowercased()
        for unit in ["(억원)", "(억)", "(원)", "(만원)", "(명)", "(년)"] { folded = folded.replacingOccurrences(of: unit, with: "") }
        folded.removeAll { $0.isWhitespace || "_-.()[]/*".contains($0) }
        if folded.hasSuffix("액") && folded.count > 2 { folded.removeLast() }
        return folded
    }

    static let byKey: [String: ImportColumn] = {
        var map: [String: ImportColumn] = [:]
        for column in allCases {
            for alias in column.aliases { map[key(alias)] = column }
            map[key(column.rawValue)] = column
        }
        return map
    }()

    /// Money columns whose header says the unit is 억원 (`누적투자(억원)`, `investment_krw_100m`).
    static func isInEok(_ header: String) -> Bool {
        header.contains("억") || header.lowercased().hasSuffix("_100m") || header.lowercased().hasSuffix("100m")
    }
}

/// How the headers of one file map onto fields.
struct ImportHeaderMap: Sendable {
    /// Field → the header exactly as in the file.
    let headers: [ImportColumn: String]
    let unknown: [String]
    let moneyInEok: Set<ImportColumn>

    init(header: [String]) {
        var headers: [ImportColumn: String] = [:]
        var unknown: [String] = []
        var eok = Set<ImportColumn>()
        for name in header where !name.isEmpty {
            guard let column = ImportColumn.byKey[ImportColumn.key(name)], headers[column] == nil else {
                unknown.append(name)
                continue
            }
            headers[column] = name
            if (column == .investment || column == .revenue) && ImportColumn.isInEok(name) { eok.insert(column) }
        }
        self.headers = headers
        self.unknown = unknown
        self.moneyInEok = eok
    }

    /// The column name a person recognises for a field: the file's header, else its label.
    func columnName(_ field: String, _ language: Lang) -> String {
        guard let column = ImportColumn(rawValue: field) else { return field }
        return headers[column] ?? column.label.text(language)
    }

    /// What matches a record to an existing organisation: its business number, else its `id`.
    func identity(_ values: [String: String]) -> (number: BusinessNumber?, externalID: String?) {
        let number = headers[.businessNumber].flatMap { values[$0] }.flatMap { BusinessNumber($0) }
        let externalID = headers[.externalID].flatMap { values[$0] }.map(\.trimmed)
        return (number, externalID?.isEmpty == false ? externalID : nil)
    }

    /// Writes a record's present columns over `input` (absent columns keep what `input` had).
    func apply(_ values: [String: String], to input: inout OrganizationInput) {
        func value(_ column: ImportColumn) -> String? {
            headers[column].flatMap { values[$0] }.map(\.trimmed)
        }
        func list(_ raw: String) -> [String] {
            raw.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "|" })
                .map(\.trimmed).filter { !$0.isEmpty }
        }
        if let v = value(.kind) { input.kind = v }
        if let v = value(.demandSize) { input.demandSize = v }
        if let v = value(.investorType) { input.investorType = v }
        if let v = value(.name) { input.name = v }
        if let v = value(.nameEn) { input.nameEn = v }
        if let v = value(.businessNumber) { input.businessNumber = v }
        if let v = value(.externalID) { input.externalID = v }
        if let v = value(.stage) { input.stage = v }
        // A field name may itself contain '/', as in 핀테크/블록체인, so only , ; | separate fields.
        if let v = value(.fields) { input.fields = list(v) }
        if let v = value(.region) { input.region = v }
        if let v = value(.cluster) { input.cluster = v }
        if let v = value(.foundedYear) { input.foundedYear = v }
        if let v = value(.employees) { input.employees = v }
        if let v = value(.investment) { input.investment = money(v, inEok: moneyInEok.contains(.investment)) }
        if let v = value(.revenue) { input.revenue = money(v, inEok: moneyInEok.contains(.revenue)) }
        if let v = value(.certifications) { input.certifications = list(v) }
        if let v = value(.summary) { input.summary = v }
        if let v = value(.summaryEn) { input.summaryEn = v }
        if let v = value(.description) { input.description = v }
        if let v = value(.descriptionEn) { input.descriptionEn = v }
        if let v = value(.keywords) { input.keywords = v }
        if let v = value(.website) { input.website = v }
        if let v = value(.contactName) { input.contactName = v }
        if let v = value(.contactEmail) { input.contactEmail = v }
        if let v = value(.contactPhone) { input.contactPhone = v }
        if let v = value(.openToPartners) {
            input.openToPartners = ["1", "true", "yes", "y", "o", "예", "공개"].contains(v.lowercased())
        }
    }

    /// A bare number in a 억원 column gets its unit; a value with its own unit is left alone.
    func money(_ raw: String, inEok: Bool) -> String {
        guard inEok, !raw.isEmpty, Double(raw.replacingOccurrences(of: ",", with: "")) != nil else { return raw }
        return raw + "억"
    }
}
