import Vapor

extension SiteRoute {
    /// The routes of Experts: each path, its method and who may use it.
    enum Experts: Hashable, Sendable, CaseIterable {
        case list
        case newForm
        case create
        case show
        case update
        case addAffiliation

        /// /experts/:expertID/…: the routes of one expert.
        static let expert: [PathComponent] = ["experts", ":expertID"]

        var spec: RouteSpec {
            switch self {
            case .list: RouteSpec(.GET, ["experts"], .operators)
            case .newForm: RouteSpec(.GET, ["experts", "new"], .operators)
            case .create: RouteSpec(.POST, ["experts"], .operators)
            case .show: RouteSpec(.GET, Self.expert, .operators)
            case .update: RouteSpec(.POST, Self.expert, .operators)
            case .addAffiliation: RouteSpec(.POST, Self.expert + ["affiliations"], .operators)
            }
        }
    }
}
