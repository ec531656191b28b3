import Vapor

/// Bulk actions (issue 17, item 6): each a preview (`POST …`, changes nothing) and a confirmation
/// (`POST …/confirm`). Paths mirror `BulkLink`.
struct BulkActionsController {
    func register(_ app: Application) {
        app.post("admin", "approvals", "bulk", use: OrganizationBulk.preview)
        app.post("admin", "approvals", "bulk", "confirm", use: OrganizationBulk.confirm)
        app.post("grievances", "bulk", use: GrievanceBulk.preview)
        app.post("grievances", "bulk", "confirm", use: GrievanceBulk.confirm)
        app.post("needs", ":needID", "applications", "bulk", use: ApplicationBulk.preview)
        app.post("needs", ":needID", "applications", "bulk", "confirm", use: ApplicationBulk.confirm)
        app.post("rounds", ":roundID", "reminders", use: JudgeReminderBulk.preview)
        app.post("rounds", ":roundID", "reminders", "confirm", use: JudgeReminderBulk.confirm)
        app.post("meetings", ":eventID", "reminders", use: ParticipantReminderBulk.preview)
        app.post("meetings", ":eventID", "reminders", "confirm", use: ParticipantReminderBulk.confirm)
    }
}
