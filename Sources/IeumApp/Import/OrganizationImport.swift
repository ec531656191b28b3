import Fluent
import Foundation
import IeumCore
import SQLKit

/// What kind of organisations a file holds when it has no kind column.
public enum ImportKind: String, Sendable, CaseIterable {
    case startups, demand, investors, agencies, research, organizations

    public var defaultKind: OrganizationKind? {
        switch self {
        case .startups: .startup
        case .demand: .demand
        case .investors: .investor
        case .agencies: .agency
        case .research: .research
        case .organizations: nil
        }
    }

    public var label: Localized {
        switch self {
        case .startups: Localized("스타트업", "Startups")
        case .demand: Localized("수요기관", "Demand organisations")
        case .investors: Localized("투자기관", "Investors")
        case .agencies: Localized("운영·지원기관", "Support agencies")
        case .research: Localized("대학·연구기관", "Universities and institutes")
        case .organizations: Localized("여러 유형 (유형 열 사용)", "Mixed kinds (uses the kind column)")
        }
    }

    public static func parse(_ raw: String) -> ImportKind? {
        let value = raw.lowercased()
        if let kind = ImportKind(rawValue: value) { return kind }
        switch value {
        case "startup": return .startups
        case "investor": return .investors
        case "agency": return .agencies
        case "organization", "orgs": return .organizations
        default: return nil
        }
    }
}

/// One problem in a file: the row a person sees in Excel (or the JSON line), the column and why.
public struct ImportProblem: Sendable, Equatable {
    public let row: Int
    public let column: String
    public let message: Localized
}

/// A row that passed every check, and what committing it will do.
public struct ImportRow: Sendable {
    public enum Action: String, Sendable { case create, update }
    public let row: Int
    public let action: Action
    public let existingID: UUID?
    public let valid: ValidOrganization
}

/// The result of reading and checking a whole file, before anything is written.
public struct ImportPreview: Sendable {
    public let fileName: String
    public let format: TabularFile.Format
    public let encoding: TextDecoding.Encoding
    public let recordCount: Int
    public let rows: [ImportRow]
    public let problems: [ImportProblem]
    /// Columns that were not recognised and are ignored.
    public let ignoredColumns: [String]
    /// Set when the file as a whole cannot be imported (no data, no name column, undecodable).
    public let fileProblem: Localized?

    public var canCommit: Bool { fileProblem == nil && problems.isEmpty && !rows.isEmpty }
    public var createCount: Int { rows.filter { $0.action == .create }.count }
    public var updateCount: Int { rows.filter { $0.action == .update }.count }
    /// Rows with at least one problem.
    public var badRowCount: Int { Set(problems.map(\.row)).count }
}

public struct ImportResult: Sendable, Equatable {
    public let created: Int
    public let updated: Int
}

public enum ImportError: Error, Sendable {
    /// Committing a preview that has problems is refused; nothing is written.
    case notCommittable
    case forbidden
    /// The same upload was confirmed already (a second click while the first was writing).
    case alreadyConfirmed
}

/// Bulk import of organisations from CSV (UTF-8, UTF-8 with BOM, CP949) or JSON Lines: every row
/// is checked first and reported by row and column; then all rows are written in one transaction
/// or none. Rows are matched to existing organisations by business number, else by `id`; only the
/// columns the file has overwrite an existing organisation.
public enum OrganizationImport {
    /// Rows per multi-row INSERT; keeps bound parameters under SQLite's and PostgreSQL's limits.
    static let batchSize = 400

    public static func preview(
        _ bytes: [UInt8], fileName: String, kind: ImportKind, on db: any Database, now: Date, language: Lang = .ko,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> ImportPreview {
        let table: TabularFile
        do {
            table = try TabularFile.parse(bytes, fileName: fileName)
        } catch {
            return ImportPreview(fileName: fileName, format: .csv, encoding: .utf8, recordCount: 0, rows: [], problems: [],
                                 ignoredColumns: [], fileProblem: error.message)
        }
        let map = ImportHeaderMap(header: table.header)
        func fileFailure(_ message: Localized) -> ImportPreview {
            ImportPreview(fileName: fileName, format: table.format, encoding: table.encoding, recordCount: table.records.count,
                          rows: [], problems: [], ignoredColumns: map.unknown, fileProblem: message)
        }
        if table.records.isEmpty { return fileFailure(TabularFile.Problem.empty.message) }
        if map.headers[.name] == nil {
            return fileFailure(Localized("기업명(기관명) 열이 없습니다. 첫 행에 열 제목이 있어야 합니다.",
                                         "There is no name column (기업명). The first row must hold the column headers."))
        }
        if kind == .organizations && map.headers[.kind] == nil {
            return fileFailure(Localized("여러 유형을 가져오려면 '유형' 열이 필요합니다.", "A mixed import needs a kind (유형) column."))
        }

        let taxonomy = try await TaxonomySnapshot.load(on: db)
        let year = RegistryService.currentYear(now)
        let existing = try await ExistingOrganizations.load(for: table.records, map: map, on: db)

        var rows: [ImportRow] = []
        var problems: [ImportProblem] = []
        var seenNumbers: [String: Int] = [:]
        var seenIDs: [String: Int] = [:]
        rows.reserveCapacity(table.records.count)
        for (index, record) in table.records.enumerated() {
            if index % 500 == 0 { progress?(index, table.records.count) }
            if let problem = record.problem {
                problems.append(ImportProblem(row: record.row, column: "-", message: problem))
                continue
            }
            let (number, externalID) = map.identity(record.values)
            let match = existing.match(number: number?.digits, externalID: externalID)

            var rowProblems: [ImportProblem] = []
            func add(_ column: ImportColumn, _ message: Localized) {
                rowProblems.append(ImportProblem(row: record.row, column: map.columnName(column.rawValue, language), message: message))
            }
            if case .conflict = match {
                add(.businessNumber, Localized("사업자등록번호와 id가 서로 다른 기존 기관을 가리킵니다.",
                                               "The business number and the id point to two different existing organisations."))
            }
            if let number, let first = seenNumbers[number.digits] {
                add(.businessNumber, Localized("파일 안에서 \(first)행과 사업자등록번호가 중복됩니다.", "Same business number as row \(first) of this file."))
            }
            if let externalID, let first = seenIDs[externalID] {
                add(.externalID, Localized("파일 안에서 \(first)행과 id가 중복됩니다.", "Same id as row \(first) of this file."))
            }
            if let number { seenNumbers[number.digits] = seenNumbers[number.digits] ?? record.row }
            if let externalID { seenIDs[externalID] = seenIDs[externalID] ?? record.row }

            // An existing organisation keeps what the file does not mention.
            var input: OrganizationInput
            var existingID: UUID?
            if case .found(let org, let codes) = match {
                input = OrganizationInput(org, fieldCodes: codes)
                existingID = org.id
            } else {
                input = OrganizationInput()
                input.kind = kind.defaultKind?.rawValue ?? ""
                input.openToPartners = true
            }
            map.apply(record.values, to: &input)
            if let existingOrg = match.organization, let newKind = OrganizationKind.parse(input.kind), newKind != existingOrg.kind {
                add(.kind, Localized("이미 '\(existingOrg.kind.label.ko)'(으)로 등록된 기관입니다.", "Already registered as \(existingOrg.kind.label.en)."))
            }
            if kind != .organizations, let expected = kind.defaultKind, let given = OrganizationKind.parse(input.kind), given != expected {
                add(.kind, Localized("'\(kind.label.ko)' 가져오기에는 \(given.label.ko) 행을 넣을 수 없습니다.",
                                     "A \(kind.label.en) import cannot hold a \(given.label.en) row."))
            }
            switch input.validate(taxonomy: taxonomy, currentYear: year) {
            case .success(let valid):
                if rowProblems.isEmpty {
                    rows.append(ImportRow(row: record.row, action: existingID == nil ? .create : .update, existingID: existingID, valid: valid))
                }
            case .failure(let failure):
                for field in failure.errors.order {
                    guard let message = failure.errors[field] else { continue }
                    rowProblems.append(ImportProblem(row: record.row, column: map.columnName(field, language), message: message))
                }
            }
            problems.append(contentsOf: rowProblems)
        }
        progress?(table.records.count, table.records.count)
        return ImportPreview(fileName: fileName, format: table.format, encoding: table.encoding, recordCount: table.records.count,
                             rows: rows, problems: problems, ignoredColumns: map.unknown, fileProblem: nil)
    }

    /// Writes every row of a clean preview in one transaction; a failure writes nothing.
    /// `confirmation` names the uploaded file being confirmed: it is recorded first in the same
    /// transaction under a unique index, so the same upload confirmed twice at once (a double
    /// click) is written once; the second gets `ImportError.alreadyConfirmed`.
    public static func commit(
        _ preview: ImportPreview, by actor: Principal?, on db: any Database, now: Date, confirmation: String? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> ImportResult {
        if let actor, !ImportPolicy.can(actor, .importData) { throw ImportError.forbidden }
        guard preview.canCommit else { throw ImportError.notCommittable }
        let taxonomy = try await TaxonomySnapshot.load(on: db)
        do {
            return try await write(preview, taxonomy: taxonomy, by: actor, on: db, now: now, confirmation: confirmation, progress: progress)
        } catch let error where confirmation != nil && UniqueViolation(error)?.columns == ["token"] {
            throw ImportError.alreadyConfirmed
        }
    }

    static func write(
        _ preview: ImportPreview, taxonomy: TaxonomySnapshot, by actor: Principal?, on db: any Database, now: Date, confirmation: String?,
        progress: (@Sendable (Int, Int) -> Void)?
    ) async throws -> ImportResult {
        let total = preview.rows.count
        return try await db.transaction { db in
            if let confirmation, let sql = db as? any SQLDatabase {
                try await sql.insert(into: "import_confirmations")
                    .columns("id", "token", "confirmed_by", "confirmed_at")
                    .values(SQLBind(UUID()), SQLBind(confirmation), SQLBind(actor?.userID), SQLBind(now))
                    .run()
            }
            var links: [OrganizationTechField] = []
            var done = 0
            let creates = preview.rows.filter { $0.action == .create }
            for chunk in creates.chunked(batchSize) {
                let models = chunk.map { row -> Organization in
                    let org = Organization()
                    org.id = UUID()
                    RegistryService.apply(row.valid, to: org, taxonomy: taxonomy)
                    org.status = .approved
                    org.createdAt = now
                    org.updatedAt = now
                    return org
                }
                try await models.create(on: db)
                for (org, row) in zip(models, chunk) {
                    links += try fieldLinks(row.valid.fieldCodes, for: org.requireID(), taxonomy: taxonomy)
                }
                done += chunk.count
                progress?(done, total)
            }
            let updates = preview.rows.filter { $0.action == .update }
            for chunk in updates.chunked(batchSize) {
                let ids = chunk.compactMap(\.existingID)
                let models = try await Organization.query(on: db).filter(\.$id ~~ ids).all()
                let byID = Dictionary(uniqueKeysWithValues: models.compactMap { org in org.id.map { ($0, org) } })
                try await OrganizationTechField.query(on: db).filter(\.$organization.$id ~~ ids).delete()
                for row in chunk {
                    guard let id = row.existingID, let org = byID[id] else { continue }
                    RegistryService.apply(row.valid, to: org, taxonomy: taxonomy)
                    try await org.update(on: db)
                    links += try fieldLinks(row.valid.fieldCodes, for: id, taxonomy: taxonomy)
                }
                done += chunk.count
                progress?(done, total)
            }
            for chunk in links.chunked(batchSize * 2) { try await chunk.create(on: db) }
            try await Audit.record(
                on: db, actor: actor, action: "organization.import", entityType: "organization", entityID: nil,
                summary: "일괄 가져오기 \(preview.fileName): 신규 \(creates.count)건, 갱신 \(updates.count)건",
                changes: updates.prefix(200).compactMap { row in row.existingID.map { "updated: \($0.uuidString) (\(row.valid.name))" } },
                at: now
            )
            return ImportResult(created: creates.count, updated: updates.count)
        }
    }

    static func fieldLinks(_ codes: [String], for orgID: UUID, taxonomy: TaxonomySnapshot) throws -> [OrganizationTechField] {
        codes.enumerated().compactMap { position, code in
            taxonomy.field(code: code).map {
                let link = OrganizationTechField(organizationID: orgID, techFieldID: $0.id, position: position)
                link.id = UUID()
                return link
            }
        }
    }
}

/// Existing organisations that rows of a file may update, loaded in a few `IN` queries.
struct ExistingOrganizations {
    enum Match {
        case none
        case found(Organization, [String])
        case conflict

        var organization: Organization? {
            if case .found(let org, _) = self { return org }
            return nil
        }
    }

    var byNumber: [String: Organization] = [:]
    var byExternalID: [String: Organization] = [:]
    var fieldCodes: [UUID: [String]] = [:]

    static func load(for records: [TabularFile.Record], map: ImportHeaderMap, on db: any Database) async throws -> ExistingOrganizations {
        var numbers = Set<String>()
        var externalIDs = Set<String>()
        for record in records {
            let (number, externalID) = map.identity(record.values)
            if let number { numbers.insert(number.digits) }
            if let externalID { externalIDs.insert(externalID) }
        }
        var result = ExistingOrganizations()
        var found: [UUID: Organization] = [:]
        for chunk in Array(numbers).chunked(500) {
            for org in try await Organization.query(on: db).filter(\.$businessNumber ~~ chunk).all() {
                if let number = org.businessNumber { result.byNumber[number] = org }
                if let id = org.id { found[id] = org }
            }
        }
        for chunk in Array(externalIDs).chunked(500) {
            for org in try await Organization.query(on: db).filter(\.$externalID ~~ chunk).all() {
                if let external = org.externalID { result.byExternalID[external] = org }
                if let id = org.id { found[id] = org }
            }
        }
        for chunk in Array(found.keys).chunked(500) {
            let links = try await OrganizationTechField.query(on: db).filter(\.$organization.$id ~~ chunk)
                .with(\.$techField).sort(\.$position).all()
            for link in links { result.fieldCodes[link.$organization.id, default: []].append(link.techField.code) }
        }
        return result
    }

    func match(number: String?, externalID: String?) -> Match {
        let a = number.flatMap { byNumber[$0] }
        let b = externalID.flatMap { byExternalID[$0] }
        switch (a, b) {
        case (nil, nil): return .none
        case (let org?, nil), (nil, let org?): return .found(org, fieldCodes[org.storedID] ?? [])
        case (let x?, let y?):
            return x.id == y.id ? .found(x, fieldCodes[x.storedID] ?? []) : .conflict
        }
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
