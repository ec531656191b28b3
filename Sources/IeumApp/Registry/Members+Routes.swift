import Vapor

extension SiteRoute {
    /// The routes of Members: each path, its method and who may use it.
    enum Members: Hashable, Sendable, CaseIterable {
        case joinPage
        case requestToJoin
        case decide
        case withdraw
        case membersPage
        case setRole
        case remove
        case invite
        case revokeInvitation
        case invitationPage
        case acceptInvitation
        case switchOrganization

        var spec: RouteSpec {
            switch self {
            case .joinPage: RouteSpec(.GET, ["organizations", "join"], .signedIn)
            case .requestToJoin: RouteSpec(.POST, ["organizations", ":orgID", "join-requests"], .signedIn)
            case .decide: RouteSpec(.POST, ["organizations", ":orgID", "join-requests", ":requestID"], .partiesAndAllOperators)
            case .withdraw: RouteSpec(.POST, ["join-requests", ":requestID", "withdraw"], .parties)
            case .membersPage: RouteSpec(.GET, ["organizations", ":orgID", "members"], .partiesAndAllOperators)
            case .setRole: RouteSpec(.POST, ["organizations", ":orgID", "members", ":userID", "role"], .partiesAndAllOperators)
            case .remove: RouteSpec(.POST, ["organizations", ":orgID", "members", ":userID", "remove"], .partiesAndAllOperators)
            case .invite: RouteSpec(.POST, ["organizations", ":orgID", "invitations"], .partiesAndAllOperators)
            case .revokeInvitation: RouteSpec(.POST, ["organizations", ":orgID", "invitations", ":invitationID", "revoke"], .partiesAndAllOperators)
            case .invitationPage: RouteSpec(.GET, ["invitations", ":token"], .everyone)
            case .acceptInvitation: RouteSpec(.POST, ["invitations", ":token"], .everyone)
            case .switchOrganization: RouteSpec(.POST, ["account", "organization"], .signedIn)
            }
        }
    }
}
