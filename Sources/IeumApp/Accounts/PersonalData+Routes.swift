import Vapor

extension SiteRoute {
    /// The routes of PersonalData: each path, its method and who may use it.
    enum PersonalData: Hashable, Sendable, CaseIterable {
        case exportLink
        case export
        case deletionPage
        case delete

        var spec: RouteSpec {
            switch self {
            // Personal data export, deletion and retention.
            // Each person acts on their own account only (the handler reads the signed-in actor).
            case .exportLink: RouteSpec(.GET, ["account", "export"], .signedIn)
            case .export: RouteSpec(.POST, ["account", "export"], .signedIn)
            case .deletionPage: RouteSpec(.GET, ["account", "delete"], .signedIn)
            case .delete: RouteSpec(.POST, ["account", "delete"], .signedIn)
            }
        }
    }
}
