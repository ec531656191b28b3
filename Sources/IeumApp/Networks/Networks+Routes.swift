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
        case register
        case cancelRegistration
        case checkIn
        case markHeld
        case proposeTask
        case taskStep

        /// /networks/:networkID/…: the routes of one network.
        static let network: [PathComponent] = ["networks", ":networkID"]

        var spec: RouteSpec {
            switch self {
            // Networks: anyone signed in sees a network and its open events, asks to join and registers;
            // members, officers and the operators running it see the rest, as their policy decides.
            case .list: RouteSpec(.GET, ["networks"], .signedIn)
            case .show: RouteSpec(.GET, Self.network, .signedIn)
            case .members: RouteSpec(.GET, Self.network + ["members"], .parties)
            case .statistics: RouteSpec(.GET, Self.network + ["statistics"], .parties)
            case .statisticsCSV: RouteSpec(.GET, Self.network + ["statistics.csv"], .parties)
            case .statisticsXLSX: RouteSpec(.GET, Self.network + ["statistics.xlsx"], .parties)
            case .eventPage: RouteSpec(.GET, Self.network + ["events", ":eventID"], .signedIn)
            case .join: RouteSpec(.POST, Self.network + ["join"], .signedIn)
            case .decideJoin: RouteSpec(.POST, Self.network + ["join", ":requestID", ":decision"], .parties)
            case .addMember: RouteSpec(.POST, Self.network + ["members"], .parties)
            case .addSubcommittee: RouteSpec(.POST, Self.network + ["subcommittees"], .parties)
            case .createEvent: RouteSpec(.POST, Self.network + ["events"], .parties)
            case .uploadMaterial: RouteSpec(.POST, Self.network + ["events", ":eventID", "materials"], .parties)
            case .downloadMaterial: RouteSpec(.GET, Self.network + ["events", ":eventID", "materials", ":materialID"], .parties)
            case .register: RouteSpec(.POST, Self.network + ["events", ":eventID", "register"], .signedIn)
            case .cancelRegistration: RouteSpec(.POST, Self.network + ["events", ":eventID", "cancel"], .signedIn)
            case .checkIn: RouteSpec(.POST, Self.network + ["events", ":eventID", "check-in"], .signedIn)
            case .markHeld: RouteSpec(.POST, Self.network + ["events", ":eventID", "held"], .signedIn)
            case .proposeTask: RouteSpec(.POST, Self.network + ["tasks"], .parties)
            case .taskStep: RouteSpec(.POST, Self.network + ["tasks", ":taskID", ":step"], .parties)
            }
        }
    }
}
