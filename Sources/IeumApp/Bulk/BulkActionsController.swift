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
        app.post("rounds", ":roundID", "reminders", use: ReminderBulk.preview(JudgeReminderBulk.self))
        app.post("rounds", ":roundID", "reminders", "confirm", use: ReminderBulk.confirm(JudgeReminderBulk.self))
        app.post("meetings", ":eventID", "reminders", use: ReminderBulk.preview(ParticipantReminderBulk.self))
        app.post("meetings", ":eventID", "reminders", "confirm", use: ReminderBulk.confirm(ParticipantReminderBulk.self))
        app.post("networks", ":networkID", "events", ":eventID", "reminders", use: ReminderBulk.preview(RegistrantReminderBulk.self))
        app.post("networks", ":networkID", "events", ":eventID", "reminders", "confirm", use: ReminderBulk.confirm(RegistrantReminderBulk.self))
    }
}
