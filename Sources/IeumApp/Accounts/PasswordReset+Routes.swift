import Vapor

extension SiteRoute {
    /// The routes of PasswordReset: each path, its method and who may use it.
    enum PasswordReset: Hashable, Sendable, CaseIterable {
        case forgotPage
        case requestLink
        case resetPage
        case reset

        var spec: RouteSpec {
            switch self {
            case .forgotPage: RouteSpec(.GET, ["password", "forgot"], .everyone)
            case .requestLink: RouteSpec(.POST, ["password", "forgot"], .everyone)
            case .resetPage: RouteSpec(.GET, ["password", "reset", ":token"], .everyone)
            case .reset: RouteSpec(.POST, ["password", "reset", ":token"], .everyone)
            }
        }
    }
}
