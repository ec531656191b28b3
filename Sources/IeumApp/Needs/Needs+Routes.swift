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

        /// /needs/:needID/…: the routes of one need.
        static let need: [PathComponent] = ["needs", ":needID"]

        var spec: RouteSpec {
            switch self {
            case .publicList: RouteSpec(.GET, ["calls"], .everyone)
            case .dashboard: RouteSpec(.GET, ["dashboard"], .signedIn)
            case .myNeeds: RouteSpec(.GET, ["needs"], .signedIn)
            case .newForm: RouteSpec(.GET, ["needs", "new"], .signedIn)
            case .create: RouteSpec(.POST, ["needs"], .signedIn)
            case .show: RouteSpec(.GET, Self.need, .everyone)
            case .editForm: RouteSpec(.GET, Self.need + ["edit"], .parties)
            case .update: RouteSpec(.POST, Self.need, .parties)
            case .status: RouteSpec(.POST, Self.need + ["status"], .parties)
            case .pledge: RouteSpec(.POST, Self.need + ["pledge"], .startups)
            case .invite: RouteSpec(.POST, Self.need + ["invitations"], .parties)
            case .apply: RouteSpec(.POST, Self.need + ["apply"], .startups)
            case .applications: RouteSpec(.GET, Self.need + ["applications"], .parties)
            case .feedback: RouteSpec(.POST, Self.need + ["feedback"], .parties)
            }
        }
    }
}
