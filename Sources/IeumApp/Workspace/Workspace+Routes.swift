import Vapor

extension SiteRoute {
    /// The routes of Workspace: each path, its method and who may use it.
    enum Workspace: Hashable, Sendable, CaseIterable {
        case home

        var spec: RouteSpec {
            switch self {
            case .home: RouteSpec(.GET, [], .everyone)
            }
        }
    }
}
