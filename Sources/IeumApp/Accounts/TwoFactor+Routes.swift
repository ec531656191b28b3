import Vapor

extension SiteRoute {
    /// The routes of TwoFactor: each path, its method and who may use it.
    enum TwoFactor: Hashable, Sendable, CaseIterable {
        case codePage
        case submitCode
        case setupPage
        case confirmSetup
        case regenerateRecoveryCodes
        case disable
        case disableForUser

        var spec: RouteSpec {
            switch self {
            case .codePage: RouteSpec(.GET, ["login", "code"], .everyone)
            case .submitCode: RouteSpec(.POST, ["login", "code"], .everyone)
            case .setupPage: RouteSpec(.GET, ["account", "two-factor"], .signedIn)
            case .confirmSetup: RouteSpec(.POST, ["account", "two-factor"], .signedIn)
            case .regenerateRecoveryCodes: RouteSpec(.POST, ["account", "two-factor", "recovery-codes"], .signedIn)
            case .disable: RouteSpec(.POST, ["account", "two-factor", "disable"], .signedIn)
            case .disableForUser: RouteSpec(.POST, ["admin", "users", ":userID", "two-factor", "disable"], .platformOperators)
            }
        }
    }
}
