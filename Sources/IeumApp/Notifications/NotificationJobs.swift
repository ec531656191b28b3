import Fluent
import FluentSQLiteDriver
import Foundation
import IeumCore
import SQLKit
import Vapor

/// The notification duties that run in the background, one function each, every one safe to run
/// on several app instances at once: deadline reminders are written once per person by their
/// dedupe key, and each outbox mail is claimed by one conditional update before it is sent.
public enum NotificationJobs {
    /// Reminders go out when the application deadline is at most this far ahead.
    static let reminderWindow: TimeInterval = 3 * 24 * 60 * 60
    /// A mail still `sending` this long after its claim belonged to an instance that stopped.
    static let abandonedAfter: TimeInterval = 15 * 60
    static let maxAttempts = 5
    /// Wait after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure is final.
    static let backoff: [TimeInterval] = [60, 5 * 60, 30 * 60, 2 * 60 * 60]

    // MARK: Deadline reminders

    /// For every published need whose application deadline falls in (now, now + 3 days], tells the
    /// members of each startup with a draft application and of each invited startup that has not
    /// applied. Returns how many inbox messages were written (0 on a second run).
    @discardableResult
    public static func remindDeadlines(on db: any Database, now: Date) async throws -> Int {
        let horizon = now.addingTimeInterval(reminderWindow)
        let closingCalls = try await Call.query(on: db).filter(\.$closesAt > now).filter(\.$closesAt <= horizon).all().compactMap(\.id)
        let needs = try await Need.query(on: db)
            .filter(\.$status == .published)
            .group(.or) { group in
                group.group(.and) { $0.filter(\.$deadline > now).filter(\.$deadline <= horizon) }
                if !closingCalls.isEmpty { group.filter(\.$call.$id ~~ closingCalls) }
            }
            .with(\.$call)
            .sort(\.$createdAt)
            .all()
        var written = 0
        for need in needs {
            guard let deadline = need.applicationDeadline(call: need.call), now < deadline, deadline <= horizon else { continue }
            let needID = try need.requireID()
            let applications = try await NeedApplication.query(on: db).filter(\.$need.$id == needID).all()
            let applied = Set(applications.map { $0.$startup.id })
            let drafting = applications.filter { $0.status == .draft }.map { $0.$startup.id }
            let invitedOnly = try await Invitation.query(on: db).filter(\.$need.$id == needID).all()
                .map { $0.$startup.id }.filter { !applied.contains($0) }
            let startups = Array(Set(drafting + invitedOnly))
            guard !startups.isEmpty else { continue }
            let users = try await Membership.query(on: db).filter(\.$organization.$id ~~ startups).all().map { $0.$user.id }
            let message = reminder(for: need, id: needID, deadline: deadline)
            written += try await retryingWhenLocked {
                try await db.transaction { tx in
                    try await Notifier.notify(users: users, message, on: tx, now: now)
                }
            }
        }
        return written
    }

    // MARK: Milestone reminders

    /// Overdue milestones are looked at for this long after their due time; each gets its one
    /// overdue notice in the first round after it is missed, so older ones need no more visits.
    static let overdueLookBack: TimeInterval = 14 * 24 * 60 * 60

    /// For every open milestone of a collaboration still under way that falls due in (now, now + 3
    /// days], tells the members of the collaboration's parties once; and once more when it is
    /// overdue. Returns how many inbox messages were written (0 on a second run).
    @discardableResult
    public static func remindMilestones(on db: any Database, now: Date) async throws -> Int {
        let milestones = try await Milestone.query(on: db)
            .filter(\.$doneAt == nil)
            .filter(\.$dueAt > now.addingTimeInterval(-overdueLookBack))
            .filter(\.$dueAt <= now.addingTimeInterval(reminderWindow))
            .sort(\.$dueAt)
            .all()
        guard !milestones.isEmpty else { return 0 }
        let collaborations = try await Collaboration.query(on: db).filter(\.$id ~~ Array(Set(milestones.map { $0.$collaboration.id }))).all()
        let open = Dictionary(uniqueKeysWithValues: collaborations.filter { !$0.stage.isFinal }.compactMap { c in c.id.map { ($0, c) } })
        var members: [UUID: [UUID]] = [:]
        var written = 0
        for milestone in milestones {
            let collaborationID = milestone.$collaboration.id
            guard let collaboration = open[collaborationID] else { continue }
            if members[collaborationID] == nil {
                let parties = try await CollaborationParty.query(on: db).filter(\.$collaboration.$id == collaborationID).all().map { $0.$organization.id }
                members[collaborationID] = parties.isEmpty ? [] : try await Membership.query(on: db).filter(\.$organization.$id ~~ parties).all().map { $0.$user.id }
            }
            guard let users = members[collaborationID], !users.isEmpty else { continue }
            let message = try milestoneReminder(milestone, collaboration: collaboration, overdue: milestone.dueAt <= now)
            written += try await retryingWhenLocked {
                try await db.transaction { tx in
                    try await Notifier.notify(users: users, message, on: tx, now: now)
                }
            }
        }
        return written
    }

    static func milestoneReminder(_ milestone: Milestone, collaboration: Collaboration, overdue: Bool) throws -> Notifier.Message {
        let id = try milestone.requireID()
        let due = SeoulTime.date(milestone.dueAt)
        let link = SiteURL.collaboration(try collaboration.requireID()).path(anchor: "milestones")
        if overdue {
            return Notifier.Message(
                kind: .milestoneOverdue,
                title: Localized("마일스톤 지연: \(milestone.title)", "Milestone overdue: \(milestone.title)"),
                body: Localized("'\(collaboration.title)' 협업의 마일스톤 '\(milestone.title)' 기한(\(due))이 지났습니다. 완료했다면 완료로 표시하세요.",
                                "The milestone '\(milestone.title)' of '\(collaboration.title)' was due on \(due). Mark it done if it is."),
                link: link, dedupeKey: "milestone-overdue:\(id.uuidString)")
        }
        return Notifier.Message(
            kind: .deadlineSoon,
            title: Localized("마일스톤 기한 임박: \(milestone.title)", "Milestone due soon: \(milestone.title)"),
            body: Localized("'\(collaboration.title)' 협업의 마일스톤 '\(milestone.title)' 기한은 \(due)입니다.",
                            "The milestone '\(milestone.title)' of '\(collaboration.title)' is due on \(due)."),
            link: link, dedupeKey: "milestone3:\(id.uuidString)")
    }

    /// SQLite lets one writer in at a time, and a transaction that would deadlock with another
    /// gets SQLITE_BUSY at once (its busy handler is not asked), so the whole transaction is tried
    /// again. PostgreSQL waits on the other transaction's row instead and never gets here.
    static func retryingWhenLocked<T>(attempts: Int = 5, _ body: () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch let error as SQLiteError where attempt < attempts && isLockConflict(error) {
                try await Task.sleep(for: .milliseconds(10 * attempt * attempt))
                attempt += 1
            }
        }
    }

    static func isLockConflict(_ error: SQLiteError) -> Bool {
        switch error.reason {
        case .busy, .locked, .busyTimeout, .busyInRecovery, .busyInSnapshot, .lockedBySharedCache: true
        default: false
        }
    }

    static func reminder(for need: Need, id: UUID, deadline: Date) -> Notifier.Message {
        let titleEn = need.titleEn.flatMap { $0.isEmpty ? nil : $0 } ?? need.title
        let when = SeoulTime.dateTime(deadline)
        return Notifier.Message(
            kind: .deadlineSoon,
            title: Localized("마감 임박: \(need.title)", "Deadline soon: \(titleEn)"),
            body: Localized(
                "'\(need.title)' 지원 마감은 \(when) (한국시간)입니다. 작성 중인 지원서는 마감 전에 제출하세요. 초대를 받았다면 지원을 검토해 주세요.",
                "Applications to '\(titleEn)' close at \(when) (Seoul time). Submit your draft before then, or consider applying if you were invited."
            ),
            link: SiteURL.need(id).path,
            dedupeKey: "deadline3:\(id.uuidString)"
        )
    }

    // MARK: Outbox delivery

    public struct DeliveryReport: Sendable, Equatable {
        public var sent = 0
        public var logged = 0
        public var retrying = 0
        public var failed = 0
    }

    /// Claims each pending mail that is due with one conditional update (so of several instances
    /// exactly one gets it), then sends it through `transport`, or, with no transport, keeps it in
    /// the outbox marked `logged`. A failure is retried later with growing waits; a permanent
    /// refusal or the 5th failure marks it `failed`. The link of a notice goes out as an absolute
    /// URL on `base`. The log names mails by their id only: never an address or a body.
    @discardableResult
    public static func deliverOutbox(
        on db: any Database, now: Date, worker: String, transport: (any MailTransport)?, links base: BaseURL, logger: Logger, limit: Int = 50
    ) async throws -> DeliveryReport {
        let sql = try sqlDatabase(db)
        let due = try await OutboxMail.query(on: db)
            .filter(\.$status == .pending)
            .group(.or) { $0.filter(\.$nextAttemptAt == nil).filter(\.$nextAttemptAt <= now) }
            .sort(\.$createdAt)
            .limit(limit)
            .all()
        let messageIDs = due.compactMap(\.messageID)
        let links = messageIDs.isEmpty ? [:] : Dictionary(
            try await InboxMessage.query(on: db).filter(\.$id ~~ messageIDs).all().map { ($0.storedID, $0.link) },
            uniquingKeysWith: { first, _ in first })
        var report = DeliveryReport()
        for mail in due {
            let id = try mail.requireID()
            // The one statement that decides who sends this mail: it matches only while the row is
            // still pending (and due), and returns the attempts count as the winner saw it.
            let claimed = try await sql.update(OutboxMail.schema)
                .set("status", to: MailStatus.sending.rawValue)
                .set("claimed_by", to: worker)
                .set("claimed_at", to: now)
                .where("id", .equal, id)
                .where("status", .equal, MailStatus.pending.rawValue)
                .where { $0.where("next_attempt_at", .is, SQLLiteral.null).orWhere("next_attempt_at", .lessThanOrEqual, now) }
                .returning("attempts")
                .all()
            guard let row = claimed.first else { continue }
            let attempts = try row.decode(column: "attempts", as: Int.self) + 1
            let envelope = Self.envelope(mail, id: id, link: mail.messageID.flatMap { links[$0] }, base: base, now: now)
            guard let transport else {
                logger.info("mail \(id.uuidString) kept in the outbox as logged (no SMTP server configured)", metadata: ["mail": .string(id.uuidString)])
                report.logged += 1
                try await finish(id, worker: worker, on: sql, status: .logged, attempts: attempts, now: now)
                continue
            }
            do {
                try await transport.send(envelope)
            } catch {
                // The stored reason may quote the server's answer, which can echo the address; the
                // log gets the kind of failure only. Other errors come from connecting (no mail in them).
                let reason = String(String(describing: error).prefix(1000))
                let logged = (error as? SMTPError)?.logDescription ?? String(String(describing: error).prefix(300))
                let permanent = (error as? SMTPError)?.isPermanent ?? false
                if permanent || attempts >= maxAttempts {
                    report.failed += 1
                    logger.error("mail \(id.uuidString) failed for good after \(attempts) attempt(s): \(logged)", metadata: ["mail": .string(id.uuidString)])
                    try await sql.update(OutboxMail.schema)
                        .set("status", to: MailStatus.failed.rawValue)
                        .set("attempts", to: attempts)
                        .set("last_error", to: reason)
                        .where("id", .equal, id).where("claimed_by", .equal, worker)
                        .run()
                } else {
                    report.retrying += 1
                    let wait = backoff[min(attempts, backoff.count) - 1]
                    logger.warning("mail \(id.uuidString) failed (attempt \(attempts)), retrying in \(Int(wait)) s: \(logged)", metadata: ["mail": .string(id.uuidString)])
                    try await sql.update(OutboxMail.schema)
                        .set("status", to: MailStatus.pending.rawValue)
                        .set("attempts", to: attempts)
                        .set("last_error", to: reason)
                        .set("next_attempt_at", to: now.addingTimeInterval(wait))
                        .set("claimed_by", to: SQLLiteral.null)
                        .set("claimed_at", to: SQLLiteral.null)
                        .where("id", .equal, id).where("claimed_by", .equal, worker).where("status", .equal, MailStatus.sending.rawValue)
                        .run()
                }
                continue
            }
            // Outside the send's error handling: if only this bookkeeping fails, the mail stays
            // `sending` and the sweep marks it failed later, rather than sending it twice.
            report.sent += 1
            logger.info("mail \(id.uuidString) sent", metadata: ["mail": .string(id.uuidString), "notification": .string(mail.messageID?.uuidString ?? "-")])
            try await finish(id, worker: worker, on: sql, status: .sent, attempts: attempts, now: now, erasingBody: mail.eraseBodyAfterSend == true)
        }
        return report
    }

    /// The mail as it leaves: the stored text, then the notice's link as an absolute URL.
    static func envelope(_ mail: OutboxMail, id: UUID, link: String?, base: BaseURL, now: Date) -> MailEnvelope {
        var body = mail.body
        if let link, !link.isEmpty { body += "\n\n" + base.absolute(link) }
        return MailEnvelope(id: id, to: mail.toAddress, subject: mail.subject, body: body, date: now)
    }

    /// Recorded even if the abandoned-mail sweep got there first: the mail did go out.
    /// `erasingBody`: the mail held a single-use link; its body is replaced in the same update.
    static func finish(_ id: UUID, worker: String, on sql: any SQLDatabase, status: MailStatus, attempts: Int, now: Date,
                       erasingBody: Bool = false) async throws {
        let update = sql.update(OutboxMail.schema)
        if erasingBody { update.set("body", to: OutboxMail.erasedBody) }
        try await update
            .set("status", to: status.rawValue)
            .set("attempts", to: attempts)
            .set("sent_at", to: now)
            .set("last_error", to: SQLLiteral.null)
            .where("id", .equal, id).where("claimed_by", .equal, worker)
            .run()
    }

    static let abandonedReason = "claimed for sending more than 15 minutes ago and never finished (the app instance probably stopped); not retried, since it may already have gone out — check the mail server's log before sending it again"

    /// Mails an instance claimed and never finished (it crashed or was killed mid-send) are marked
    /// `failed` rather than sent again: the SMTP server may have accepted them already.
    @discardableResult
    public static func failAbandonedMails(on db: any Database, now: Date) async throws -> Int {
        let sql = try sqlDatabase(db)
        return try await sql.update(OutboxMail.schema)
            .set("status", to: MailStatus.failed.rawValue)
            .set("last_error", to: abandonedReason)
            .where("status", .equal, MailStatus.sending.rawValue)
            .where("claimed_at", .lessThan, now.addingTimeInterval(-abandonedAfter))
            .returning("id")
            .all()
            .count
    }

    static func sqlDatabase(_ db: any Database) throws -> any SQLDatabase {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "notification jobs need an SQL database") }
        return sql
    }
}
