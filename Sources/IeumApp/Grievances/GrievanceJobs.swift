import Fluent
import Foundation
import IeumCore
import SQLKit

/// The grievance deadlines' background duty, safe on several app instances: each reminder and each
/// escalation first claims its key (`<case>:<due day>:<kind>`) with ON CONFLICT DO NOTHING, in the
/// transaction that notifies and writes the history, so it happens once per case and deadline.
/// A new class (a new due day) gets new keys.
public enum GrievanceJobs {
    /// The assignee is reminded when the due time is at most this far ahead.
    static let reminderWindow: TimeInterval = 2 * 24 * 60 * 60

    public enum Duty: String, Sendable { case remind, escalate }

    /// Returns how many duties this run performed (0 on a second run at the same time).
    @discardableResult
    public static func runDeadlines(on db: any Database, now: Date) async throws -> Int {
        let open = try await Grievance.query(on: db)
            .filter(\.$status ~~ [.classified, .inProgress])
            .filter(\.$dueAt != nil)
            .filter(\.$dueAt <= now.addingTimeInterval(reminderWindow))
            .sort(\.$dueAt)
            .all()
        var done = 0
        for g in open {
            guard let dueAt = g.dueAt else { continue }
            let duty: Duty = now > dueAt ? .escalate : .remind
            let acted = try await NotificationJobs.retryingWhenLocked {
                try await db.transaction { tx in try await act(duty, on: g, dueAt: dueAt, on: tx, now: now) }
            }
            if acted { done += 1 }
        }
        return done
    }

    static func key(_ g: Grievance, _ duty: Duty) throws -> String {
        "grievance:\(try g.requireID().uuidString):\(g.dueDay ?? "-"):\(duty.rawValue)"
    }

    /// Claims the duty's key; false when another run already did it.
    static func claim(_ key: String, grievanceID: UUID, on db: any Database, now: Date) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else {
            if try await GrievanceDeadlineAction.query(on: db).filter(\.$key == key).first() != nil { return false }
            let action = GrievanceDeadlineAction()
            action.key = key
            action.grievanceID = grievanceID
            action.doneAt = now
            try await action.create(on: db)
            return true
        }
        let rows = try await sql.insert(into: GrievanceDeadlineAction.schema)
            .columns("id", "key", "grievance_id", "done_at")
            .values(SQLBind(UUID()), SQLBind(key), SQLBind(grievanceID), SQLBind(now))
            .ignoringConflicts(with: "key")
            .returning("id")
            .all()
        return !rows.isEmpty
    }

    static func act(_ duty: Duty, on g: Grievance, dueAt: Date, on db: any Database, now: Date) async throws -> Bool {
        let id = try g.requireID()
        guard try await claim(try key(g, duty), grievanceID: id, on: db, now: now) else { return false }
        let due = g.dueDay ?? SeoulTime.date(dueAt)
        let link = SiteURL.grievance(id).path
        switch duty {
        case .remind:
            var users: [UUID] = []
            if let assignee = g.assigneeID { users = [assignee] } else { users = try await Notifier.operators(on: db) }
            try await Notifier.notify(users: users, Notifier.Message(
                kind: .grievance,
                title: Localized("규제·애로 처리기한 임박 \(g.receiptNumber)", "Grievance due soon \(g.receiptNumber)"),
                body: Localized("'\(g.title)' 건의 처리기한은 \(due)입니다.", "'\(g.title)' is due on \(due)."),
                link: link), on: db, now: now)
            try await GrievanceEvent(grievanceID: id, kind: "reminded", actor: nil, note: "처리기한 \(due) 알림 → \(g.assigneeName ?? "운영자")", at: now).create(on: db)
        case .escalate:
            let supervisors = try await supervisors(for: g, on: db)
            try await Notifier.notify(users: supervisors, Notifier.Message(
                kind: .grievance,
                title: Localized("규제·애로 처리기한 경과 \(g.receiptNumber)", "Grievance overdue \(g.receiptNumber)"),
                body: Localized("'\(g.title)' 건(담당: \(g.assigneeName ?? "미배정"))의 처리기한 \(due)이 지났습니다.",
                                "'\(g.title)' (held by \(g.assigneeName ?? "nobody")) was due on \(due)."),
                link: link), on: db, now: now)
            try await GrievanceEvent(grievanceID: id, kind: "escalated", actor: nil, note: "처리기한 \(due) 경과 → 상급자 보고", at: now).create(on: db)
        }
        return true
    }

    static func supervisors(for g: Grievance, on db: any Database) async throws -> [UUID] {
        try await GrievanceService.supervisors(for: g, on: db)
    }
}
