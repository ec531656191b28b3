import Fluent
import Foundation
import IeumCore

/// What the registry list shows: plain values (issue 15, item 2). `RegistryListPage` renders only this.
struct RegistryListModel: Sendable {
    struct Row: Sendable, Equatable {
        let id: UUID
        let name: String
        let kind: OrganizationKind
        let stage: Stage?
        let status: ApprovalStatus
        /// The region's and the cluster's names, when the organisation has a known one.
        let region: Localized?
        let cluster: Localized?
        let summary: String
        /// Its tech fields in order, Korean and English.
        let fields: [Localized]
    }

    /// A choice of a filter's select.
    struct Option: Sendable, Equatable {
        let code: String
        let name: Localized
    }

    var filter: RegistryFilter
    var rows: [Row]
    var total: Int
    var page: Int
    var pageCount: Int
    /// The active tech fields, regions and clusters, for the filter.
    var fieldOptions: [Option]
    var regionOptions: [Option]
    var clusterOptions: [Option]
}

extension RegistryListModel {
    /// One page of the organisations `actor` may see that pass `filter`.
    static func load(_ filter: RegistryFilter, for actor: Principal, on db: any Database) async throws -> RegistryListModel {
        let page = try await RegistryQuery.list(filter, for: actor, on: db)
        let taxonomy = try await TaxonomySnapshot.load(on: db)
        let fieldsByOrg = try await RegistryController.fieldNames(for: page.organizations, on: db)
        let rows = page.organizations.map { org in
            Row(id: org.storedID, name: org.name, kind: org.kind, stage: org.stage, status: org.status,
                region: org.regionCode.flatMap(taxonomy.region(code:))?.name, cluster: org.clusterCode.flatMap(taxonomy.cluster(code:))?.name,
                summary: org.summary, fields: (fieldsByOrg[org.storedID] ?? []).map { Localized($0.nameKo, $0.nameEn) })
        }
        func options(_ items: [TaxonomySnapshot.Item]) -> [Option] { items.filter(\.active).map { Option(code: $0.code, name: $0.name) } }
        return RegistryListModel(filter: filter, rows: rows, total: page.total, page: page.page, pageCount: page.pageCount,
                                 fieldOptions: options(taxonomy.fields), regionOptions: options(taxonomy.regions), clusterOptions: options(taxonomy.clusters))
    }
}
