import Fluent
import Foundation
import IeumCore
import SQLKit

/// Filters of the registry list, shared by the page, the API and the export.
public struct RegistryFilter: Sendable, Equatable {
    public var kind: OrganizationKind?
    public var fieldCode: String?
    public var stage: Stage?
    public var regionCode: String?
    public var clusterCode: String?
    public var status: ApprovalStatus?
    public var query: String = ""
    public var page: Int = 1
    public var perPage: Int = 25
    /// The order (`?sort=&dir=`, issue 17 item 7); the default is by name, A to Z / 가나다.
    public var sort: RegistrySort = .name
    public var descending = false
    public var sortNamed = false

    public init() {}
}

/// The registry's sort keys, as they appear in `?sort=`.
public enum RegistrySort: String, CaseIterable, Sendable {
    case name, founded, registered
}

public struct RegistryPage: Sendable {
    public let organizations: [Organization]
    public let total: Int
    public let page: Int
    public let perPage: Int

    public var pageCount: Int { max(1, (total + perPage - 1) / perPage) }
}

public enum RegistryQuery {
    /// The organisations an actor may see that pass the filter, newest first within name order.
    public static func list(_ filter: RegistryFilter, for actor: Principal, on db: any Database) async throws -> RegistryPage {
        let query = try await base(filter, for: actor, on: db)
        let total = try await query.copy().count()
        let page = max(1, filter.page)
        let perPage = min(max(1, filter.perPage), 200)
        let rows = try await ordered(query, filter)
            .offset((page - 1) * perPage).limit(perPage)
            .all()
        return RegistryPage(organizations: rows, total: total, page: page, perPage: perPage)
    }

    /// All matching rows, for export.
    public static func all(_ filter: RegistryFilter, for actor: Principal, on db: any Database) async throws -> [Organization] {
        try await base(filter, for: actor, on: db).sort(\.$name).all()
    }

    static func ordered(_ query: QueryBuilder<Organization>, _ filter: RegistryFilter) -> QueryBuilder<Organization> {
        let direction: DatabaseQuery.Sort.Direction = filter.descending ? .descending : .ascending
        switch filter.sort {
        case .name: query.sort(\.$name, direction)
        case .founded: query.sort(\.$foundedYear, direction).sort(\.$name)
        case .registered: query.sort(\.$createdAt, direction).sort(\.$name)
        }
        return query.sort(\.$id)
    }

    static func base(_ filter: RegistryFilter, for actor: Principal, on db: any Database) async throws -> QueryBuilder<Organization> {
        let query = Organization.query(on: db)
        if !actor.isOperator {
            // Others see approved organisations they may view, plus their own whatever the status.
            let visible = RegistryPolicy.visibleKinds(for: actor)
            let own = actor.memberships.map(\.organizationID)
            query.group(.or) { or in
                or.group(.and) { and in
                    and.filter(\.$status == .approved)
                    and.filter(\.$kind ~~ visible.kinds)
                    if visible.startupsOnlyIfOpen {
                        and.group(.or) { inner in
                            inner.filter(\.$kind != .startup)
                            inner.filter(\.$openToPartners == true)
                        }
                    }
                }
                if !own.isEmpty { or.filter(\.$id ~~ own) }
            }
        } else if let status = filter.status {
            query.filter(\.$status == status)
        }
        if let kind = filter.kind { query.filter(\.$kind == kind) }
        if let stage = filter.stage { query.filter(\.$stage == stage) }
        if let region = filter.regionCode { query.filter(\.$regionCode == region) }
        if let cluster = filter.clusterCode { query.filter(\.$clusterCode == cluster) }
        if let fieldCode = filter.fieldCode {
            guard let field = try await TechField.query(on: db).filter(\.$code == fieldCode).first() else {
                return query.filter(\.$id == UUID())  // unknown field: nothing matches
            }
            let ids = try await OrganizationTechField.query(on: db)
                .filter(\.$techField.$id == field.requireID())
                .all(\.$organization.$id)
            query.filter(\.$id ~~ ids)
        }
        let terms = KoreanSearch.terms(filter.query)
        if !terms.isEmpty {
            // Every word must occur; the words joined also count ("스마트 공장" → "스마트공장").
            query.group(.or) { or in
                or.group(.and) { and in
                    for term in terms { and.filter(.sql(likeClause(term))) }
                }
                if terms.count > 1 { or.filter(.sql(likeClause(terms.joined()))) }
            }
        }
        return query
    }

    static func likeClause(_ term: String) -> SQLQueryString {
        let pattern = KoreanSearch.likePattern(for: term)
        return "\(ident: "search_text") LIKE \(bind: pattern) ESCAPE '\\'"
    }
}
