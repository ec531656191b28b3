import Vapor

extension SiteRoute {
    /// The routes of Programs: each path, its method and who may use it.
    enum Programs: Hashable, Sendable, CaseIterable {
        case list
        case create
        case show
        case update
        case editForm
        case addCall
        case callForm
        case updateCall
        case addParticipant
        case setTarget

        /// /programs/:programID/…: the routes of one program.
        static let program: [PathComponent] = ["programs", ":programID"]

        var spec: RouteSpec {
            switch self {
            case .list: RouteSpec(.GET, ["programs"], .everyone)
            case .create: RouteSpec(.POST, ["programs"], .operators)
            case .show: RouteSpec(.GET, Self.program, .everyone)
            case .update: RouteSpec(.POST, Self.program, .runningOperators)
            case .editForm: RouteSpec(.GET, Self.program + ["edit"], .runningOperators)
            case .addCall: RouteSpec(.POST, Self.program + ["calls"], .runningOperators)
            case .callForm: RouteSpec(.GET, Self.program + ["calls", ":callID"], .runningOperators)
            case .updateCall: RouteSpec(.POST, Self.program + ["calls", ":callID"], .runningOperators)
            case .addParticipant: RouteSpec(.POST, Self.program + ["participants"], .runningOperators)
            case .setTarget: RouteSpec(.POST, Self.program + ["targets"], .runningOperators)
            }
        }
    }
}
