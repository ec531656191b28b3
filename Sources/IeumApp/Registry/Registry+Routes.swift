import Vapor

extension SiteRoute {
    /// The routes of Registry: each path, its method and who may use it.
    enum Registry: Hashable, Sendable, CaseIterable {
        case list
        case newForm
        case create
        case show
        case editForm
        case update
        case setStatus
        case approvals

        var spec: RouteSpec {
            switch self {
            case .list: RouteSpec(.GET, ["organizations"], .signedIn)
            case .newForm: RouteSpec(.GET, ["organizations", "new"], .signedIn)
            case .create: RouteSpec(.POST, ["organizations"], .signedIn)
            case .show: RouteSpec(.GET, ["organizations", ":orgID"], .signedIn)
            case .editForm: RouteSpec(.GET, ["organizations", ":orgID", "edit"], .partiesAndAllOperators)
            case .update: RouteSpec(.POST, ["organizations", ":orgID"], .partiesAndAllOperators)
            case .setStatus: RouteSpec(.POST, ["organizations", ":orgID", "status"], .operators)
            case .approvals: RouteSpec(.GET, ["admin", "approvals"], .operators)
            }
        }
    }
}
