import Vapor

extension SiteRoute {
    /// The routes of Audit: each path, its method and who may use it.
    enum Audit: Hashable, Sendable, CaseIterable {
        case page

        var spec: RouteSpec {
            switch self {
            case .page: RouteSpec(.GET, ["admin", "audit"], .operators)
            }
        }
    }
}
