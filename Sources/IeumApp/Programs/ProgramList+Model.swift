import Fluent
import Foundation
import IeumCore
import Vapor

/// What `/programs` shows: plain values (issue 15, item 2). `ProgramQuery.list` loads the rows;
/// `ProgramListPage` renders only this.
struct ProgramListModel: Sendable {
    struct Row: Sendable, Equatable {
        let id: UUID
        let name: String
        let nameEn: String?
        let year: Int
        let operatorName: String?
        let openCalls: Int
        let tracks: [String]
        let description: String
    }

    /// The form to create a program, for operators only.
    struct Form: Sendable {
        var input: ProgramInput
        var errors: FieldErrors
        var agencies: [AgencyOption]
    }

    enum Sort: String, CaseIterable, Sendable {
        case year, name
    }

    /// The list's year, name search and order, kept in the URL.
    struct Filter: Sendable {
        var year: Int?
        var query = ""
        var sort = ListSort<Sort>(key: .year, descending: true)

        init() {}

        init(_ req: Request) {
            year = req.query[Int.self, at: "year"].flatMap { (2000...2100).contains($0) ? $0 : nil }
            query = String((req.query[String.self, at: "q"] ?? "").trimmed.prefix(100))
            sort = ListSort(req, default: .year) { $0 == .year }
        }

        func link(page: Int = 1, sort order: ListSort<Sort>? = nil) -> String {
            SiteURL.programs.path + SiteURL.query([("year", year.map(String.init)), ("q", query)] + (order ?? sort).items
                                                  + [("page", page > 1 ? String(page) : nil)])
        }
    }

    var rows: [Row]
    var paging: Paging
    var form: Form?
    var filter = Filter()
    /// The years programs exist for, newest first (the year filter's choices).
    var years: [Int] = []

    static let perPage = 30
}

extension ProgramListModel {
    /// One page of the programs for `filter`, and the create form (`form`, or a blank one) when `canCreate`.
    static func load(page: Int, filter: Filter, canCreate: Bool, form: (ProgramInput, FieldErrors)?, now: Date, on db: any Database) async throws -> ProgramListModel {
        let (rows, paging) = try await ProgramQuery.list(page: page, filter: filter, now: now, on: db)
        let years = try await Program.query(on: db).field(\.$year).unique().all().map(\.year).sorted(by: >)
        var formState: Form?
        if canCreate {
            var blank = ProgramInput()
            blank.year = String(RegistryService.currentYear(now))
            let (input, errors) = form ?? (blank, FieldErrors())
            formState = Form(input: input, errors: errors, agencies: try await ProgramService.agencies(on: db).map(AgencyOption.init))
        }
        return ProgramListModel(rows: rows, paging: paging, form: formState, filter: filter, years: years)
    }
}

/// An agency a program may name as its operator, as the program form's select shows it.
struct AgencyOption: Sendable, Equatable {
    let id: UUID
    let name: String
    let nameEn: String?
}

extension AgencyOption {
    init(_ org: Organization) {
        self.init(id: org.storedID, name: org.name, nameEn: org.nameEn)
    }
}
