import Vapor

extension SiteRoute {
    /// The routes of Accounts: each path, its method and who may use it.
    enum Accounts: Hashable, Sendable, CaseIterable {
        case loginPage
        case login
        case logout
        case accountPage
        case changePassword
        case setMailLanguage
        case createToken
        case deleteToken
        case usersPage
        case createUser
        case revokeUserTokens
        case setUserActive
        case sendUserResetLink
        case setUserRole

        var spec: RouteSpec {
            switch self {
            case .loginPage: RouteSpec(.GET, ["login"], .everyone)
            case .login: RouteSpec(.POST, ["login"], .everyone)
            case .logout: RouteSpec(.POST, ["logout"], .everyone)
            case .accountPage: RouteSpec(.GET, ["account"], .signedIn)
            case .changePassword: RouteSpec(.POST, ["account", "password"], .signedIn)
            case .setMailLanguage: RouteSpec(.POST, ["account", "language"], .signedIn)
            case .createToken: RouteSpec(.POST, ["account", "tokens"], .signedIn)
            case .deleteToken: RouteSpec(.POST, ["account", "tokens", ":tokenID", "delete"], .parties)
            case .usersPage: RouteSpec(.GET, ["admin", "users"], .platformOperators)
            case .createUser: RouteSpec(.POST, ["admin", "users"], .platformOperators)
            case .revokeUserTokens: RouteSpec(.POST, ["admin", "users", ":userID", "tokens", "revoke"], .platformOperators)
            case .setUserActive: RouteSpec(.POST, ["admin", "users", ":userID", "active"], .platformOperators)
            case .sendUserResetLink: RouteSpec(.POST, ["admin", "users", ":userID", "reset-link"], .platformOperators)
            case .setUserRole: RouteSpec(.POST, ["admin", "users", ":userID", "role"], .platformOperators)
            }
        }
    }
}
