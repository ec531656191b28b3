import Vapor

extension SiteRoute {
    /// The routes of Signup: each path, its method and who may use it.
    enum Signup: Hashable, Sendable, CaseIterable {
        case signupPage
        case signup
        case verifyPage
        case verify
        case resend
        case welcome
        case legalPage
        case legalAdmin
        case publishLegal

        var spec: RouteSpec {
            switch self {
            // Sign-up, consents and organisations.
            case .signupPage: RouteSpec(.GET, ["signup"], .everyone)
            case .signup: RouteSpec(.POST, ["signup"], .everyone)
            case .verifyPage: RouteSpec(.GET, ["signup", "verify", ":token"], .everyone)
            case .verify: RouteSpec(.POST, ["signup", "verify", ":token"], .everyone)
            case .resend: RouteSpec(.POST, ["signup", "resend"], .everyone)
            case .welcome: RouteSpec(.GET, ["welcome"], .signedIn)
            case .legalPage: RouteSpec(.GET, ["legal", ":kind"], .everyone)
            case .legalAdmin: RouteSpec(.GET, ["admin", "legal"], .platformOperators)
            case .publishLegal: RouteSpec(.POST, ["admin", "legal", ":kind"], .platformOperators)
            }
        }
    }
}
