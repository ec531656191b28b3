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

        /// /organizations/:orgID/…: the routes of one organization.
        static let organization: [PathComponent] = ["organizations", ":orgID"]

        var spec: RouteSpec {
            switch self {
            case .joinPage: RouteSpec(.GET, ["organizations", "join"], .signedIn)
            case .requestToJoin: RouteSpec(.POST, Self.organization + ["join-requests"], .signedIn)
            case .decide: RouteSpec(.POST, Self.organization + ["join-requests", ":requestID"], .partiesAndAllOperators)
            case .withdraw: RouteSpec(.POST, ["join-requests", ":requestID", "withdraw"], .parties)
            case .membersPage: RouteSpec(.GET, Self.organization + ["members"], .partiesAndAllOperators)
            case .setRole: RouteSpec(.POST, Self.organization + ["members", ":userID", "role"], .partiesAndAllOperators)
            case .remove: RouteSpec(.POST, Self.organization + ["members", ":userID", "remove"], .partiesAndAllOperators)
            case .invite: RouteSpec(.POST, Self.organization + ["invitations"], .partiesAndAllOperators)
            case .revokeInvitation: RouteSpec(.POST, Self.organization + ["invitations", ":invitationID", "revoke"], .partiesAndAllOperators)
            case .invitationPage: RouteSpec(.GET, ["invitations", ":token"], .everyone)
            case .acceptInvitation: RouteSpec(.POST, ["invitations", ":token"], .everyone)
            case .switchOrganization: RouteSpec(.POST, ["account", "organization"], .signedIn)
            }
        }
    }
}
