import Vapor

extension SiteRoute {
    /// The routes of Taxonomy: each path, its method and who may use it.
    enum Taxonomy: Hashable, Sendable {
        case page
        case create(TaxonomyKind)
        case update(TaxonomyKind)

        static var allCases: [Self] {
            [.page] + TaxonomyKind.allCases.flatMap { [.create($0), .update($0)] }
        }

        var spec: RouteSpec {
            switch self {
            case .page: RouteSpec(.GET, ["admin", "taxonomy"], .operators)
            case .create(let kind): RouteSpec(.POST, ["admin", "taxonomy", .constant(kind.rawValue)], .platformOperators)
            case .update(let kind): RouteSpec(.POST, ["admin", "taxonomy", .constant(kind.rawValue), ":entryID"], .platformOperators)
            }
        }
    }
}
