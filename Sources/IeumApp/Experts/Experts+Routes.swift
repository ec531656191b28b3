import Vapor

extension SiteRoute {
    /// The routes of Experts: each path, its method and who may use it.
    enum Experts: Hashable, Sendable, CaseIterable {
        case list
        case newForm
        case create
        case show
        case update
        case addAffiliation

        var spec: RouteSpec {
            switch self {
            case .list: RouteSpec(.GET, ["experts"], .operators)
            case .newForm: RouteSpec(.GET, ["experts", "new"], .operators)
            case .create: RouteSpec(.POST, ["experts"], .operators)
            case .show: RouteSpec(.GET, ["experts", ":expertID"], .operators)
            case .update: RouteSpec(.POST, ["experts", ":expertID"], .operators)
            case .addAffiliation: RouteSpec(.POST, ["experts", ":expertID", "affiliations"], .operators)
            }
        }
    }
}
