import CSV
import Fluent
import Foundation
import IeumCore

/// Export of organisations: CSV in UTF-8 with a byte-order mark (so Korean Excel opens it
/// correctly) with the same Korean headers the import reads, or JSON Lines in the interchange format.
public enum OrganizationExport {
    public enum Format: String, Sendable, CaseIterable {
        case csv, jsonl

        public var contentType: String {
            switch self {
            case .csv: "text/csv; charset=utf-8"
            case .jsonl: "application/x-ndjson; charset=utf-8"
            }
        }
    }

    static let csvHeader = [
        "유형", "규모", "투자기관유형", "기업명", "영문명", "사업자등록번호", "id", "투자단계", "기술분야", "지역", "클러스터",
        "설립연도", "임직원수", "누적투자(원)", "매출(원)", "인증", "한줄소개", "상세소개", "키워드", "홈페이지",
        "담당자", "이메일", "전화번호", "프로필공개", "승인상태",
    ]

    /// The organisations matching `filter` that `actor` may see, as file bytes.
    public static func export(
        _ filter: RegistryFilter, format: Format, for actor: Principal, on db: any Database
    ) async throws -> [UInt8] {
        let orgs = try await RegistryQuery.all(filter, for: actor, on: db)
        let taxonomy = try await TaxonomySnapshot.load(on: db)
        var codes: [UUID: [String]] = [:]
        for chunk in orgs.compactMap(\.id).chunked(500) {
            let links = try await OrganizationTechField.query(on: db).filter(\.$organization.$id ~~ Array(chunk))
                .with(\.$techField).sort(\.$position).all()
            for link in links { codes[link.$organization.id, default: []].append(link.techField.code) }
        }
        switch format {
        case .csv: return try csv(orgs, codes: codes, taxonomy: taxonomy)
        case .jsonl: return try jsonLines(orgs, codes: codes, taxonomy: taxonomy)
        }
    }

    static func csv(_ orgs: [Organization], codes: [UUID: [String]], taxonomy: TaxonomySnapshot) throws -> [UInt8] {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream, delimiter: ",", newline: .crlf)
        try writer.write(row: csvHeader)
        for org in orgs {
            let fieldNames = (codes[org.storedID] ?? []).compactMap { taxonomy.field(code: $0)?.name.ko }
            // Text cells are neutralised (a name starting with "=" or "-" stays text); the number
            // columns (설립연도, 임직원수, 누적투자, 매출) are written as numbers.
            let t = SpreadsheetText.neutralised
            let row: [String] = [
                t(org.kind.label.ko), t(org.demandSize?.label.ko ?? ""), t(org.investorType?.rawValue.uppercased() ?? ""),
                t(org.name), t(org.nameEn ?? ""), t(org.businessNumber.flatMap { BusinessNumber($0)?.formatted } ?? ""), t(org.externalID ?? ""),
                t(org.stage?.label.ko ?? ""), t(fieldNames.joined(separator: ", ")),
                t(org.regionCode.flatMap { taxonomy.region(code: $0)?.name.ko } ?? ""),
                t(org.clusterCode.flatMap { taxonomy.cluster(code: $0)?.name.ko } ?? ""),
                org.foundedYear.map(String.init) ?? "", org.employees.map(String.init) ?? "",
                org.investmentKRW.map(String.init) ?? "", org.revenueKRW.map(String.init) ?? "",
                t(org.certifications.compactMap { Certification(rawValue: $0)?.label.ko }.joined(separator: ", ")),
                t(org.summary), t(org.description), t(org.keywords.joined(separator: ", ")), t(org.website ?? ""),
                t(org.contactName ?? ""), t(org.contactEmail ?? ""), t(org.contactPhone ?? ""),
                org.openToPartners ? "공개" : "비공개", t(org.status.label.ko),
            ]
            try writer.write(row: row)
        }
        writer.stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return [0xEF, 0xBB, 0xBF] + [UInt8](data)
    }

    /// The interchange format's keys (PRODUCT.md), plus the registry's own fields.
    struct Line: Encodable {
        let id: String
        let kind: String
        let name: String
        let name_en: String?
        let business_number: String?
        let summary: String
        let description: String
        let keywords: [String]
        let field: String?
        let fields: [String]
        let stage: String?
        let founded: Int?
        let region: String?
        let cluster: String?
        let employees: Int?
        let investment_krw_100m: Double?
        let revenue_krw_100m: Double?
        let certifications: [String]
        let website: String?
        let demand_size: String?
        let investor_type: String?
        let status: String
    }

    static func jsonLines(_ orgs: [Organization], codes: [UUID: [String]], taxonomy: TaxonomySnapshot) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out: [UInt8] = []
        for org in orgs {
            let names = (codes[org.storedID] ?? []).compactMap { taxonomy.field(code: $0)?.name.ko }
            let line = Line(
                id: org.externalID ?? org.id?.uuidString ?? "", kind: org.kind.rawValue, name: org.name, name_en: org.nameEn,
                business_number: org.businessNumber, summary: org.summary, description: org.description, keywords: org.keywords,
                field: names.first, fields: names, stage: org.stage?.label.ko, founded: org.foundedYear,
                region: org.regionCode.flatMap { taxonomy.region(code: $0)?.name.ko },
                cluster: org.clusterCode.flatMap { taxonomy.cluster(code: $0)?.name.ko },
                employees: org.employees,
                investment_krw_100m: org.investmentKRW.map { Double($0) / Double(KRW.eok) },
                revenue_krw_100m: org.revenueKRW.map { Double($0) / Double(KRW.eok) },
                certifications: org.certifications, website: org.website,
                demand_size: org.demandSize?.rawValue, investor_type: org.investorType?.rawValue, status: org.status.rawValue
            )
            out += try encoder.encode(line)
            out.append(0x0A)
        }
        return out
    }
}
