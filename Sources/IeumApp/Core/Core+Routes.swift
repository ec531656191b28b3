import Vapor

extension SiteRoute {
    /// The routes of Core: each path, its method and who may use it.
    enum Core: Hashable, Sendable, CaseIterable {
        case openAPI

        var spec: RouteSpec {
            switch self {
            case .openAPI: RouteSpec(.GET, ["openapi.yaml"], .everyone)
            }
        }
    }
}
