import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// A reminder sent from a bulk action: who was reminded of what, and when, so a second reminder
/// within `Bulk.reminderInterval` is skipped (and shown as skipped) instead of mailed again.
final class SentReminder: Model, @unchecked Sendable {
    static let schema = "sent_reminders"

    @ID(key: .id) var id: UUID?
    /// `judge` (a round's judge, by expert id) or `participant` (a meeting event's organisation).
    @Field(key: "kind") var kind: String
    /// The round or the event.
    @Field(key: "scope_id") var scopeID: UUID
    /// The expert or the participant.
    @Field(key: "recipient_id") var recipientID: UUID
    @OptionalField(key: "sent_by") var sentBy: UUID?
    @Field(key: "sent_at") var sentAt: Date

    init() {}

    init(kind: String, scopeID: UUID, recipientID: UUID, sentBy: UUID?, sentAt: Date) {
        self.kind = kind
        self.scopeID = scopeID
        self.recipientID = recipientID
        self.sentBy = sentBy
        self.sentAt = sentAt
    }

    /// When each recipient of this round or event was last reminded, within the interval.
    static func recent(kind: String, scope: UUID, now: Date, on db: any Database) async throws -> [UUID: Date] {
        let rows = try await SentReminder.query(on: db).filter(\.$kind == kind).filter(\.$scopeID == scope)
            .filter(\.$sentAt > now.addingTimeInterval(-Bulk.reminderInterval)).all()
        return rows.reduce(into: [:]) { latest, row in latest[row.recipientID] = max(latest[row.recipientID] ?? .distantPast, row.sentAt) }
    }
}

struct CreateSentReminders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sent_reminders")
            .id()
            .field("kind", .string, .required)
            .field("scope_id", .uuid, .required)
            .field("recipient_id", .uuid, .required)
            .field("sent_by", .uuid)
            .field("sent_at", .datetime, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "sent_reminders_scope").on("sent_reminders").column("kind").column("scope_id").column("recipient_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sent_reminders").delete()
    }
}

/// Reminding people in bulk: one inbox message and one mail (through the outbox, sent by the
/// background loop) per person, written in one transaction per recipient together with the
/// reminder's log row and audit entry.
enum ReminderBulk {
    /// One reminder: who gets it (their accounts) and what it says.
    struct Letter: Sendable {
        let users: [UUID]
        let message: Notifier.Message
    }

    static func skipRecent(_ row: inout BulkRow, last: Date?) {
        guard row.skip == nil, let last else { return }
        row.skip = Localized("24시간 안에 이미 알림 (\(SeoulTime.dateTime(last)))", "Already reminded within 24 hours (\(SeoulTime.dateTime(last)))")
    }

    /// Sends one letter, logs it and audits it, in one transaction; a reminder sent meanwhile by
    /// someone else (inside the interval) makes this one a refusal.
    static func send(_ letter: Letter, kind: String, scope: UUID, recipient: UUID, summary: String, by actor: Actor,
                     on db: any Database, now: Date) async throws -> Int {
        try await db.transaction { tx in
            let recent = try await SentReminder.recent(kind: kind, scope: scope, now: now, on: tx)
            if let last = recent[recipient] {
                throw IeumError.refused(Localized("24시간 안에 이미 알림 (\(SeoulTime.dateTime(last)))", "Already reminded within 24 hours (\(SeoulTime.dateTime(last)))"))
            }
            let written = try await Notifier.notify(users: letter.users, letter.message, on: tx, now: now)
            try await SentReminder(kind: kind, scopeID: scope, recipientID: recipient, sentBy: actor.userID, sentAt: now).create(on: tx)
            try await Audit.record(on: tx, actor: actor, action: "reminder.\(kind)", entityType: kind == "judge" ? "round" : "meeting_event",
                                   entityID: scope.uuidString, summary: summary, at: now)
            return written
        }
    }
}
