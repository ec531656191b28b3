import Vapor

extension SiteRoute {
    /// The routes of KPI: each path, its method and who may use it.
    enum KPI: Hashable, Sendable {
        case dashboard
        case export(TableFileFormat)
        case exportCollaborations(TableFileFormat)

        static var allCases: [Self] {
            [.dashboard] + TableFileFormat.allCases.flatMap { [.export($0), .exportCollaborations($0)] }
        }

        var spec: RouteSpec {
            switch self {
            case .dashboard: RouteSpec(.GET, ["kpi"], .operators)
            case .export(let format): RouteSpec(.GET, ["kpi", .constant("export.\(format.rawValue)")], .operators)
            case .exportCollaborations(let format): RouteSpec(.GET, ["collaborations", .constant("export.\(format.rawValue)")], .signedIn)
            }
        }
    }
}
