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

        /// /organizations/:orgID/…: the routes of one organization.
        static let organization: [PathComponent] = ["organizations", ":orgID"]

        var spec: RouteSpec {
            switch self {
            case .list: RouteSpec(.GET, ["organizations"], .signedIn)
            case .newForm: RouteSpec(.GET, ["organizations", "new"], .signedIn)
            case .create: RouteSpec(.POST, ["organizations"], .signedIn)
            case .show: RouteSpec(.GET, Self.organization, .signedIn)
            case .editForm: RouteSpec(.GET, Self.organization + ["edit"], .partiesAndAllOperators)
            case .update: RouteSpec(.POST, Self.organization, .partiesAndAllOperators)
            case .setStatus: RouteSpec(.POST, Self.organization + ["status"], .operators)
            case .approvals: RouteSpec(.GET, ["admin", "approvals"], .operators)
            }
        }
    }
}
