import Vapor

/// Bulk actions (issue 17, item 6): each a preview (`POST …`, changes nothing) and a confirmation
/// (`POST …/confirm`). Paths mirror `BulkLink`.
struct BulkActionsController {
    func register(_ app: Application) {
        app.on(.bulk(.organizationsPreview), use: OrganizationBulk.preview)
        app.on(.bulk(.organizationsConfirm), use: OrganizationBulk.confirm)
        app.on(.bulk(.grievancesPreview), use: GrievanceBulk.preview)
        app.on(.bulk(.grievancesConfirm), use: GrievanceBulk.confirm)
        app.on(.bulk(.applicationsPreview), use: ApplicationBulk.preview)
        app.on(.bulk(.applicationsConfirm), use: ApplicationBulk.confirm)
        app.on(.bulk(.judgeRemindersPreview), use: ReminderBulk.preview(JudgeReminderBulk.self))
        app.on(.bulk(.judgeRemindersConfirm), use: ReminderBulk.confirm(JudgeReminderBulk.self))
        app.on(.bulk(.participantRemindersPreview), use: ReminderBulk.preview(ParticipantReminderBulk.self))
        app.on(.bulk(.participantRemindersConfirm), use: ReminderBulk.confirm(ParticipantReminderBulk.self))
        app.on(.bulk(.registrantRemindersPreview), use: ReminderBulk.preview(RegistrantReminderBulk.self))
        app.on(.bulk(.registrantRemindersConfirm), use: ReminderBulk.confirm(RegistrantReminderBulk.self))
    }
}
