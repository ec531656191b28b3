import Fluent
import Foundation
import IeumCore

/// What the expert pool page shows: plain values, no database types (issue 15, item 2). The
/// query below loads it; `ExpertListPage` renders only this.
struct ExpertListModel: Sendable, Equatable {
    struct Row: Sendable, Equatable {
        let id: UUID
        let name: String
        let sector: ExpertSector
        /// Current affiliation and position, as one line.
        let affiliation: String
        /// The tech fields' names in the page's language.
        let fields: [String]
        let available: Bool
        let availabilityNote: String
    }

    struct FieldOption: Sendable, Equatable {
        let code: String
        let name: String
    }

    var rows: [Row]
    var paging: Paging
    var query: String
    var field: String
    var fields: [FieldOption]
}

extension ExpertListModel {
    static let perPage = 30

    /// One page of the pool for `query` and `field`, with the active tech fields named in `language`.
    static func load(query: String, field: String?, page: Int, language: Lang, on db: any Database) async throws -> ExpertListModel {
        let taxonomy = try await TechField.query(on: db).filter(\.$active == true).sort(\.$sortOrder).all()
        let options = taxonomy.map { FieldOption(code: $0.code, name: language == .en ? $0.nameEn : $0.nameKo) }
        let names = Dictionary(options.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let (experts, paging) = try await ExpertService.search(query, field: field, page: page, perPage: perPage, on: db)
        let rows = experts.map { e in
            Row(id: e.storedID, name: e.name, sector: e.sector,
                affiliation: [e.affiliation, e.position].filter { !$0.isEmpty }.joined(separator: " "),
                fields: e.fields.map { names[$0] ?? $0 }, available: e.available, availabilityNote: e.availabilityNote)
        }
        return ExpertListModel(rows: rows, paging: paging, query: query, field: field ?? "", fields: options)
    }
}
