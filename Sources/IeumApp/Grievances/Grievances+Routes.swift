import Vapor

extension SiteRoute {
    /// The routes of Grievances: each path, its method and who may use it.
    enum Grievances: Hashable, Sendable, CaseIterable {
        case newForm
        case submit
        case track
        case mine
        case mineOne
        case list
        case dashboard
        case export
        case routesPage
        case saveRoute
        case show
        case classify
        case assign
        case status
        case comment
        case download

        /// /grievances/:id/…: the routes of one grievance.
        static let grievance: [PathComponent] = ["grievances", ":id"]

        var spec: RouteSpec {
            switch self {
            // Grievances: public intake and receipt link; the desk is every operator's (one desk for all
            // agencies). A case answers 404 to everyone else (its existence is not theirs to learn).
            case .newForm: RouteSpec(.GET, ["grievances", "new"], .everyone)
            case .submit: RouteSpec(.POST, ["grievances"], .everyone)
            case .track: RouteSpec(.GET, ["grievances", "track", ":token"], .everyone)
            case .mine: RouteSpec(.GET, ["grievances", "mine"], .signedIn)
            case .mineOne: RouteSpec(.GET, ["grievances", "mine", ":id"], .parties)
            case .list: RouteSpec(.GET, ["grievances"], .operators)
            case .dashboard: RouteSpec(.GET, ["grievances", "dashboard"], .operators)
            case .export: RouteSpec(.GET, ["grievances", "dashboard.csv"], .operators)
            case .routesPage: RouteSpec(.GET, ["grievances", "routes"], .operators)
            case .saveRoute: RouteSpec(.POST, ["grievances", "routes"], .operators)
            case .show: RouteSpec(.GET, Self.grievance, .partiesAndAllOperators)
            case .classify: RouteSpec(.POST, Self.grievance + ["classify"], .partiesAndAllOperators)
            case .assign: RouteSpec(.POST, Self.grievance + ["assign"], .partiesAndAllOperators)
            case .status: RouteSpec(.POST, Self.grievance + ["status"], .partiesAndAllOperators)
            case .comment: RouteSpec(.POST, Self.grievance + ["comments"], .partiesAndAllOperators)
            case .download: RouteSpec(.GET, Self.grievance + ["files", ":fileID"], .partiesAndAllOperators)
            }
        }
    }
}
