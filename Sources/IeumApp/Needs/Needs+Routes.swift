import Vapor

extension SiteRoute {
    /// The routes of Needs: each path, its method and who may use it.
    enum Needs: Hashable, Sendable, CaseIterable {
        case publicList
        case dashboard
        case myNeeds
        case newForm
        case create
        case show
        case editForm
        case update
        case status
        case pledge
        case invite
        case apply
        case applications
        case feedback

        var spec: RouteSpec {
            switch self {
            case .publicList: RouteSpec(.GET, ["calls"], .everyone)
            case .dashboard: RouteSpec(.GET, ["dashboard"], .signedIn)
            case .myNeeds: RouteSpec(.GET, ["needs"], .signedIn)
            case .newForm: RouteSpec(.GET, ["needs", "new"], .signedIn)
            case .create: RouteSpec(.POST, ["needs"], .signedIn)
            case .show: RouteSpec(.GET, ["needs", ":needID"], .everyone)
            case .editForm: RouteSpec(.GET, ["needs", ":needID", "edit"], .parties)
            case .update: RouteSpec(.POST, ["needs", ":needID"], .parties)
            case .status: RouteSpec(.POST, ["needs", ":needID", "status"], .parties)
            case .pledge: RouteSpec(.POST, ["needs", ":needID", "pledge"], .startups)
            case .invite: RouteSpec(.POST, ["needs", ":needID", "invitations"], .parties)
            case .apply: RouteSpec(.POST, ["needs", ":needID", "apply"], .startups)
            case .applications: RouteSpec(.GET, ["needs", ":needID", "applications"], .parties)
            case .feedback: RouteSpec(.POST, ["needs", ":needID", "feedback"], .parties)
            }
        }
    }
}
