import Vapor

extension SiteRoute {
    /// The routes of Inbox: each path, its method and who may use it.
    enum Inbox: Hashable, Sendable, CaseIterable {
        case inbox
        case markRead

        var spec: RouteSpec {
            switch self {
            case .inbox: RouteSpec(.GET, ["inbox"], .signedIn)
            case .markRead: RouteSpec(.POST, ["inbox", "read"], .signedIn)
            }
        }
    }
}
