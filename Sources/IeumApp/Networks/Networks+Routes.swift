import Vapor

extension SiteRoute {
    /// The routes of Networks: each path, its method and who may use it.
    enum Networks: Hashable, Sendable, CaseIterable {
        case list
        case show
        case members
        case statistics
        case statisticsCSV
        case statisticsXLSX
        case eventPage
        case join
        case decideJoin
        case addMember
        case addSubcommittee
        case createEvent
        case uploadMaterial
        case downloadMaterial
        case eventAction
        case proposeTask
        case taskStep

        var spec: RouteSpec {
            switch self {
            // Networks: anyone signed in sees a network and its open events, asks to join and registers;
            // members, officers and the operators running it see the rest, as their policy decides.
            case .list: RouteSpec(.GET, ["networks"], .signedIn)
            case .show: RouteSpec(.GET, ["networks", ":networkID"], .signedIn)
            case .members: RouteSpec(.GET, ["networks", ":networkID", "members"], .parties)
            case .statistics: RouteSpec(.GET, ["networks", ":networkID", "statistics"], .parties)
            case .statisticsCSV: RouteSpec(.GET, ["networks", ":networkID", "statistics.csv"], .parties)
            case .statisticsXLSX: RouteSpec(.GET, ["networks", ":networkID", "statistics.xlsx"], .parties)
            case .eventPage: RouteSpec(.GET, ["networks", ":networkID", "events", ":eventID"], .signedIn)
            case .join: RouteSpec(.POST, ["networks", ":networkID", "join"], .signedIn)
            case .decideJoin: RouteSpec(.POST, ["networks", ":networkID", "join", ":requestID", ":decision"], .parties)
            case .addMember: RouteSpec(.POST, ["networks", ":networkID", "members"], .parties)
            case .addSubcommittee: RouteSpec(.POST, ["networks", ":networkID", "subcommittees"], .parties)
            case .createEvent: RouteSpec(.POST, ["networks", ":networkID", "events"], .parties)
            case .uploadMaterial: RouteSpec(.POST, ["networks", ":networkID", "events", ":eventID", "materials"], .parties)
            case .downloadMaterial: RouteSpec(.GET, ["networks", ":networkID", "events", ":eventID", "materials", ":materialID"], .parties)
            case .eventAction: RouteSpec(.POST, ["networks", ":networkID", "events", ":eventID", ":action"], .signedIn)
            case .proposeTask: RouteSpec(.POST, ["networks", ":networkID", "tasks"], .parties)
            case .taskStep: RouteSpec(.POST, ["networks", ":networkID", "tasks", ":taskID", ":step"], .parties)
            }
        }
    }
}
