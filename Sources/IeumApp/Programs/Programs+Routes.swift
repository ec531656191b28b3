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

        var spec: RouteSpec {
            switch self {
            case .list: RouteSpec(.GET, ["programs"], .everyone)
            case .create: RouteSpec(.POST, ["programs"], .operators)
            case .show: RouteSpec(.GET, ["programs", ":programID"], .everyone)
            case .update: RouteSpec(.POST, ["programs", ":programID"], .runningOperators)
            case .editForm: RouteSpec(.GET, ["programs", ":programID", "edit"], .runningOperators)
            case .addCall: RouteSpec(.POST, ["programs", ":programID", "calls"], .runningOperators)
            case .callForm: RouteSpec(.GET, ["programs", ":programID", "calls", ":callID"], .runningOperators)
            case .updateCall: RouteSpec(.POST, ["programs", ":programID", "calls", ":callID"], .runningOperators)
            case .addParticipant: RouteSpec(.POST, ["programs", ":programID", "participants"], .runningOperators)
            case .setTarget: RouteSpec(.POST, ["programs", ":programID", "targets"], .runningOperators)
            }
        }
    }
}
