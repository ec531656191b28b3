import Vapor

extension SiteRoute {
    /// The routes of Collaborations: each path, its method and who may use it.
    enum Collaborations: Hashable, Sendable, CaseIterable {
        case list
        case createDirect
        case show
        case requestStage
        case decide
        case upload
        case download
        case setFunding
        case addMilestone
        case completeMilestone
        case addOutcome
        case decideOutcome

        /// /collaborations/:collabID/…: the routes of one collaboration.
        static let collaboration: [PathComponent] = ["collaborations", ":collabID"]

        var spec: RouteSpec {
            switch self {
            case .list: RouteSpec(.GET, ["collaborations"], .signedIn)
            case .createDirect: RouteSpec(.POST, ["collaborations"], .operators)
            case .show: RouteSpec(.GET, Self.collaboration, .parties)
            case .requestStage: RouteSpec(.POST, Self.collaboration + ["stage"], .parties)
            case .decide: RouteSpec(.POST, Self.collaboration + ["changes", ":changeID"], .parties)
            case .upload: RouteSpec(.POST, Self.collaboration + ["files"], .parties)
            case .download: RouteSpec(.GET, Self.collaboration + ["files", ":fileID"], .parties)
            case .setFunding: RouteSpec(.POST, Self.collaboration + ["funding"], .parties)
            case .addMilestone: RouteSpec(.POST, Self.collaboration + ["milestones"], .parties)
            case .completeMilestone: RouteSpec(.POST, Self.collaboration + ["milestones", ":milestoneID", "done"], .parties)
            case .addOutcome: RouteSpec(.POST, Self.collaboration + ["outcomes"], .parties)
            case .decideOutcome: RouteSpec(.POST, Self.collaboration + ["outcomes", ":outcomeID"], .parties)
            }
        }
    }
}
