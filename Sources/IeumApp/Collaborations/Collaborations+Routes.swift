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

        var spec: RouteSpec {
            switch self {
            case .list: RouteSpec(.GET, ["collaborations"], .signedIn)
            case .createDirect: RouteSpec(.POST, ["collaborations"], .operators)
            case .show: RouteSpec(.GET, ["collaborations", ":collabID"], .parties)
            case .requestStage: RouteSpec(.POST, ["collaborations", ":collabID", "stage"], .parties)
            case .decide: RouteSpec(.POST, ["collaborations", ":collabID", "changes", ":changeID"], .parties)
            case .upload: RouteSpec(.POST, ["collaborations", ":collabID", "files"], .parties)
            case .download: RouteSpec(.GET, ["collaborations", ":collabID", "files", ":fileID"], .parties)
            case .setFunding: RouteSpec(.POST, ["collaborations", ":collabID", "funding"], .parties)
            case .addMilestone: RouteSpec(.POST, ["collaborations", ":collabID", "milestones"], .parties)
            case .completeMilestone: RouteSpec(.POST, ["collaborations", ":collabID", "milestones", ":milestoneID", "done"], .parties)
            case .addOutcome: RouteSpec(.POST, ["collaborations", ":collabID", "outcomes"], .parties)
            case .decideOutcome: RouteSpec(.POST, ["collaborations", ":collabID", "outcomes", ":outcomeID"], .parties)
            }
        }
    }
}
