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
    /// `judge` (a round's judge, by expert id), `participant` (a meeting event's organisation) or
    /// `registrant` (a network event's registration).
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

/// One kind of bulk reminder (a round's judges, a meeting event's participants, a network event's
/// registrants): where it is sent from, whom it may reach, what each recipient would get and its
/// words. `ReminderBulk.preview` and `confirm` run every kind the same way.
protocol ReminderFlow {
    /// The round or event the reminders are sent from.
    associatedtype Scope: Sendable
    /// `SentReminder.kind`, the audit action's suffix and the bulk form's name.
    static var kind: String { get }
    static var form: String { get }
    /// The audit entry's entity type (the scope's).
    static var entityType: String { get }
    static var words: ReminderBulk.Words { get }
    /// The scope when the actor may remind from it (404 for everyone else, as its page).
    static func scope(_ req: Request, _ actor: Principal) async throws -> Scope
    static func scopeID(_ scope: Scope) -> UUID
    /// A row per selected recipient (404 when one is not the scope's) and what they would get.
    static func plan(_ selected: [Bulk.Selected], _ scope: Scope, on db: any Database, now: Date) async throws -> [ReminderBulk.Planned]
    static func back(_ scope: Scope) -> (String, Localized)
    static func confirmAction(_ scope: Scope) -> String
    /// The audit entry's summary for one reminder sent.
    static func auditSummary(_ scope: Scope, _ row: BulkRow) -> String
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

    /// A recipient's row and their letter (none when there is nobody to write to).
    struct Planned: Sendable {
        let row: BulkRow
        let letter: Letter?
    }

    /// What a kind of reminder says on its preview and result pages.
    struct Words: Sendable {
        let previewHeading: Localized
        let summary: Localized
        let button: @Sendable (Int) -> Localized
        let question: @Sendable (Int) -> Localized
        let resultHeading: Localized
        /// The outcome of a row sent to `sent` accounts.
        let sent: @Sendable (BulkRow, Int) -> Localized
    }

    /// What a preview and its confirmation both start from: who acts, from where, the rows posted
    /// and the plan for them; nil when nothing was ticked (the caller goes back).
    private struct Selection<Flow: ReminderFlow> {
        let actor: Principal
        let selected: [Bulk.Selected]
        let planned: [Planned]
    }

    private static func selection<Flow: ReminderFlow>(_ req: Request, _ flow: Flow.Type) async throws -> (Flow.Scope, Selection<Flow>?) {
        let actor = try req.requireActor()
        let scope = try await Flow.scope(req, actor)
        let form = try req.content.decode(BulkForm.self)
        guard let selected = try form.requireSelection(req) else { return (scope, nil) }
        return (scope, Selection(actor: actor, selected: selected, planned: try await Flow.plan(selected, scope, on: req.db, now: req.now)))
    }

    /// `POST …/reminders`: the preview of what each ticked recipient would get; changes nothing.
    static func preview<Flow: ReminderFlow>(_ flow: Flow.Type) -> @Sendable (Request) async throws -> Response {
        { req in
            let (scope, chosen) = try await selection(req, Flow.self)
            guard let planned = chosen?.planned else { return req.redirect(to: Flow.back(scope).0) }
            let words = Flow.words
            return BulkPreviewPage(
                heading: words.previewHeading, summary: words.summary, rows: planned.map(\.row),
                confirmAction: Flow.confirmAction(scope), hidden: [],
                button: words.button, question: words.question, back: Flow.back(scope)
            ).response(req)
        }
    }

    /// `POST …/reminders/confirm`: plans again and sends each row still as previewed.
    static func confirm<Flow: ReminderFlow>(_ flow: Flow.Type) -> @Sendable (Request) async throws -> Response {
        { req in
            let (scope, chosen) = try await selection(req, Flow.self)
            guard let chosen else { return req.redirect(to: Flow.back(scope).0) }
            let (actor, selected, planned) = (chosen.actor, chosen.selected, chosen.planned)
            let letters = Dictionary(planned.compactMap { p in p.letter.map { (p.row.id, $0) } }, uniquingKeysWith: { first, _ in first })
            let outcomes = await Bulk.confirm(planned.map(\.row), posted: selected) { row in
                guard let letter = letters[row.id] else { throw IeumError.refused(Localized("알릴 계정이 없습니다.", "No account to notify.")) }
                let sent = try await send(letter, kind: Flow.kind, entityType: Flow.entityType, scope: Flow.scopeID(scope), recipient: row.id,
                                          summary: Flow.auditSummary(scope, row), by: actor, on: req.db, now: req.now)
                return Flow.words.sent(row, sent)
            }
            return BulkResultPage(heading: Flow.words.resultHeading, outcomes: outcomes, back: Flow.back(scope)).response(req)
        }
    }

    static func skipRecent(_ row: inout BulkRow, last: Date?) {
        guard row.skip == nil, let last else { return }
        row.skip = Localized("24시간 안에 이미 알림 (\(SeoulTime.dateTime(last)))", "Already reminded within 24 hours (\(SeoulTime.dateTime(last)))")
    }

    /// Sends one letter, logs it and audits it, in one transaction; a reminder sent meanwhile by
    /// someone else (inside the interval) makes this one a refusal.
    static func send(_ letter: Letter, kind: String, entityType: String, scope: UUID, recipient: UUID, summary: String, by actor: Principal,
                     on db: any Database, now: Date) async throws -> Int {
        try await db.transaction { tx in
            let recent = try await SentReminder.recent(kind: kind, scope: scope, now: now, on: tx)
            if let last = recent[recipient] {
                throw IeumError.refused(Localized("24시간 안에 이미 알림 (\(SeoulTime.dateTime(last)))", "Already reminded within 24 hours (\(SeoulTime.dateTime(last)))"))
            }
            let written = try await Notifier.notify(users: letter.users, letter.message, on: tx, now: now)
            try await SentReminder(kind: kind, scopeID: scope, recipientID: recipient, sentBy: actor.userID, sentAt: now).create(on: tx)
            try await Audit.record(on: tx, actor: actor, action: "reminder.\(kind)", entityType: entityType,
                                   entityID: scope.uuidString, summary: summary, at: now)
            return written
        }
    }
}
