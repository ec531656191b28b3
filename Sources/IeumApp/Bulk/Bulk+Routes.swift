import Vapor

extension SiteRoute {
    /// The routes of Bulk: each path, its method and who may use it.
    enum Bulk: Hashable, Sendable, CaseIterable {
        case organizationsPreview
        case organizationsConfirm
        case grievancesPreview
        case grievancesConfirm
        case applicationsPreview
        case applicationsConfirm
        case judgeRemindersPreview
        case judgeRemindersConfirm
        case participantRemindersPreview
        case participantRemindersConfirm
        case registrantRemindersPreview
        case registrantRemindersConfirm

        var spec: RouteSpec {
            switch self {
            // Approving organisations and the grievance desk are every operator's, as one by one.
            case .organizationsPreview: RouteSpec(.POST, ["admin", "approvals", "bulk"], .operators)
            case .organizationsConfirm: RouteSpec(.POST, ["admin", "approvals", "bulk", "confirm"], .operators)
            case .grievancesPreview: RouteSpec(.POST, ["grievances", "bulk"], .operators)
            case .grievancesConfirm: RouteSpec(.POST, ["grievances", "bulk", "confirm"], .operators)
            // A need's applications: its organisation's people and the operators running its program.
            case .applicationsPreview: RouteSpec(.POST, ["needs", ":needID", "applications", "bulk"], .parties)
            case .applicationsConfirm: RouteSpec(.POST, ["needs", ":needID", "applications", "bulk", "confirm"], .parties)
            // Reminders: the operators running the round or the event (404 to everyone else).
            case .judgeRemindersPreview: RouteSpec(.POST, ["rounds", ":roundID", "reminders"], .parties)
            case .judgeRemindersConfirm: RouteSpec(.POST, ["rounds", ":roundID", "reminders", "confirm"], .parties)
            case .participantRemindersPreview: RouteSpec(.POST, ["meetings", ":eventID", "reminders"], .parties)
            case .participantRemindersConfirm: RouteSpec(.POST, ["meetings", ":eventID", "reminders", "confirm"], .parties)
            // A network event's registered people: its officers and the operators running its program.
            case .registrantRemindersPreview: RouteSpec(.POST, ["networks", ":networkID", "events", ":eventID", "reminders"], .parties)
            case .registrantRemindersConfirm: RouteSpec(.POST, ["networks", ":networkID", "events", ":eventID", "reminders", "confirm"], .parties)
            }
        }
    }
}
