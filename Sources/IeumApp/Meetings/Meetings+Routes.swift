import Vapor

extension SiteRoute {
    /// The routes of Meetings: each path, its method and who may use it.
    enum Meetings: Hashable, Sendable, CaseIterable {
        case list
        case newForm
        case create
        case show
        case addTable
        case addParticipant
        case priorities
        case availability
        case sendRequest
        case answer
        case schedule
        case grid
        case agenda
        case participantCalendar
        case meetingCalendar
        case meetingAction
        case checkIn

        /// /meetings/:eventID/…: the routes of one event.
        static let event: [PathComponent] = ["meetings", ":eventID"]

        var spec: RouteSpec {
            switch self {
            // Meetings: an event answers 404 to whoever neither runs it nor takes part.
            case .list: RouteSpec(.GET, ["meetings"], .signedIn)
            case .newForm: RouteSpec(.GET, ["meetings", "new"], .operators)
            case .create: RouteSpec(.POST, ["meetings"], .operators)
            case .show: RouteSpec(.GET, Self.event, .parties)
            case .addTable: RouteSpec(.POST, Self.event + ["tables"], .parties)
            case .addParticipant: RouteSpec(.POST, Self.event + ["participants"], .parties)
            case .priorities: RouteSpec(.POST, Self.event + ["priorities"], .parties)
            case .availability: RouteSpec(.POST, Self.event + ["availability"], .parties)
            case .sendRequest: RouteSpec(.POST, Self.event + ["requests"], .parties)
            case .answer: RouteSpec(.POST, Self.event + ["requests", ":requestID", ":answer"], .parties)
            case .schedule: RouteSpec(.POST, Self.event + ["schedule"], .parties)
            case .grid: RouteSpec(.GET, Self.event + ["grid"], .parties)
            case .agenda: RouteSpec(.GET, Self.event + ["agenda"], .parties)
            case .participantCalendar: RouteSpec(.GET, Self.event + ["calendar.ics"], .parties)
            case .meetingCalendar: RouteSpec(.GET, Self.event + ["meetings", ":meetingID", "calendar.ics"], .parties)
            case .meetingAction: RouteSpec(.POST, Self.event + ["meetings", ":meetingID", ":action"], .parties)
            case .checkIn: RouteSpec(.POST, Self.event + ["participants", ":participantID", "check-in"], .parties)
            }
        }
    }
}
