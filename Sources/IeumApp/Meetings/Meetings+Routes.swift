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

        var spec: RouteSpec {
            switch self {
            // Meetings: an event answers 404 to whoever neither runs it nor takes part.
            case .list: RouteSpec(.GET, ["meetings"], .signedIn)
            case .newForm: RouteSpec(.GET, ["meetings", "new"], .operators)
            case .create: RouteSpec(.POST, ["meetings"], .operators)
            case .show: RouteSpec(.GET, ["meetings", ":eventID"], .parties)
            case .addTable: RouteSpec(.POST, ["meetings", ":eventID", "tables"], .parties)
            case .addParticipant: RouteSpec(.POST, ["meetings", ":eventID", "participants"], .parties)
            case .priorities: RouteSpec(.POST, ["meetings", ":eventID", "priorities"], .parties)
            case .availability: RouteSpec(.POST, ["meetings", ":eventID", "availability"], .parties)
            case .sendRequest: RouteSpec(.POST, ["meetings", ":eventID", "requests"], .parties)
            case .answer: RouteSpec(.POST, ["meetings", ":eventID", "requests", ":requestID", ":answer"], .parties)
            case .schedule: RouteSpec(.POST, ["meetings", ":eventID", "schedule"], .parties)
            case .grid: RouteSpec(.GET, ["meetings", ":eventID", "grid"], .parties)
            case .agenda: RouteSpec(.GET, ["meetings", ":eventID", "agenda"], .parties)
            case .participantCalendar: RouteSpec(.GET, ["meetings", ":eventID", "calendar.ics"], .parties)
            case .meetingCalendar: RouteSpec(.GET, ["meetings", ":eventID", "meetings", ":meetingID", "calendar.ics"], .parties)
            case .meetingAction: RouteSpec(.POST, ["meetings", ":eventID", "meetings", ":meetingID", ":action"], .parties)
            case .checkIn: RouteSpec(.POST, ["meetings", ":eventID", "participants", ":participantID", "check-in"], .parties)
            }
        }
    }
}
