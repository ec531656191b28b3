import Fluent
import Foundation
import SQLKit

/// Deadline reminders the loop owes: published needs whose application deadline (the need's own
/// or its call's) falls in the reminder window, with someone to remind (a startup with a draft, or
/// invited and not applied), and no reminder written yet. Milestone and meeting reminders are not
/// counted; their duties' heartbeats show whether they run.
enum ReminderBacklog {
    static func count(on db: any Database, now: Date) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let horizon = now.addingTimeInterval(NotificationJobs.reminderWindow)
        let closingCalls = try await Call.query(on: db).filter(\.$closesAt > now).filter(\.$closesAt <= horizon).all().compactMap(\.id)
        let needs = try await Need.query(on: db)
            .filter(\.$status == .published)
            .group(.or) { group in
                group.group(.and) { $0.filter(\.$deadline > now).filter(\.$deadline <= horizon) }
                if !closingCalls.isEmpty { group.filter(\.$call.$id ~~ closingCalls) }
            }
            .with(\.$call)
            .all()
        var owed = 0
        for need in needs {
            guard let deadline = need.applicationDeadline(call: need.call), now < deadline, deadline <= horizon, let id = need.id else { continue }
            let applications = try await NeedApplication.query(on: db).filter(\.$need.$id == id).all()
            let applied = Set(applications.map { $0.$startup.id })
            let drafting = applications.filter { $0.status == .draft }.map { $0.$startup.id }
            let invitedOnly = try await Invitation.query(on: db).filter(\.$need.$id == id).all().map { $0.$startup.id }.filter { !applied.contains($0) }
            let startups = Array(Set(drafting + invitedOnly))
            // As the duty does: a startup without members has no one to remind.
            guard !startups.isEmpty, try await Membership.query(on: db).filter(\.$organization.$id ~~ startups).count() > 0 else { continue }
            let written = try await sql.raw("SELECT COUNT(*) AS n FROM inbox_messages WHERE dedupe_key LIKE \(bind: "deadline3:\(id.uuidString):%")")
                .first()?.decode(column: "n", as: Int.self) ?? 0
            if written == 0 { owed += 1 }
        }
        return owed
    }
}
