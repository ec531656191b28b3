import Fluent
import Foundation
import Vapor

extension NotificationJobs {
    /// The background loop `ieum serve` runs: every duty once per round, a round every `interval`.
    public final class Loop: Sendable {
        let task: Task<Void, Never>
        public let worker: String

        init(task: Task<Void, Never>, worker: String) {
            self.task = task
            self.worker = worker
        }

        /// Lets the current round finish (a mail half-sent would be left `sending`), then ends.
        public func stop() async {
            task.cancel()
            await task.value
        }
    }

    /// Starts the loop; call `stop()` on shutdown.
    public static func start(_ app: Application, interval: Duration = .seconds(30)) -> Loop {
        let worker = workerID()
        let task = Task {
            app.logger.info("notification jobs started (worker \(worker), every \(interval))")
            while !Task.isCancelled {
                // A round runs in its own task, so stopping waits for it instead of cutting it short.
                await Task { await runOnce(app, worker: worker) }.value
                do { try await Task.sleep(for: interval) } catch { break }
            }
            app.logger.info("notification jobs stopped")
        }
        return Loop(task: task, worker: worker)
    }

    /// One round: abandoned mails, reminders, then delivery. A failing duty is logged and the
    /// others still run; the next round tries again.
    public static func runOnce(_ app: Application, worker: String) async {
        let now = app.clock.now()
        // Each duty's last run and success go to the heartbeat (`/metrics`, `/readyz`).
        await duty("sessions", app, now: now) {
            try await DatabaseSessionDriver.purgeExpired(on: app.db, now: now)
            // Sign-in attempts matter for the throttling window only; a day is kept for the log.
            try await LoginAttempt.query(on: app.db).filter(\.$attemptedAt < now.addingTimeInterval(-86_400)).delete()
        }
        await duty("abandoned_mails", app, now: now) {
            let abandoned = try await failAbandonedMails(on: app.db, now: now)
            if abandoned > 0 { app.logger.error("\(abandoned) mail(s) left in sending were marked failed") }
        }
        await duty("deadline_reminders", app, now: now) {
            try await remindDeadlines(on: app.db, now: now)
        }
        await duty("milestone_reminders", app, now: now) {
            try await remindMilestones(on: app.db, now: now)
        }
        await duty("meetings", app, now: now) {
            try await MeetingService.expire(now: now, on: app.db)
            try await MeetingService.remindUpcoming(now: now, on: app.db)
        }
        await duty("grievance_deadlines", app, now: now) {
            try await GrievanceJobs.runDeadlines(on: app.db, now: now)
        }
        await duty("account_retention", app, now: now) {
            // Inactive accounts: notices, then deletion (issue 16, item 6); a round removes at most 20.
            _ = try await PersonalDataRetention.run(on: app.db, now: now, retentionDays: app.ieumConfiguration.accountRetentionDays,
                                                    base: app.ieumConfiguration.baseURL, limit: 20)
        }
        await duty("files", app, now: now) {
            // Stored files no row points to, a day after they were stored (issue 19, item 5).
            let removed = try await FileStore.housekeeping(app, now: now)
            if removed.files + removed.strays > 0 { app.logger.notice("removed \(removed.files) unreferenced stored file(s), \(removed.strays) stray file(s)") }
        }
        await duty("housekeeping", app, now: now) {
            // Expired invitation links, grievance contacts past their period (issue 19, item 5).
            _ = try await Housekeeping.run(on: app.db, now: now, settings: app.ieumConfiguration.operations)
        }
        await duty("matching_feed", app, now: now) {
            // The index catches up between requests too, and the feed keeps a day (issue 18, item 3).
            try await app.recommendations.sync(on: app.db)
            await app.recommendations.refreshSnapshot(on: app.db, now: now)
            try await MatchingFeed.prune(on: app.db, now: now)
        }
        await duty("outbox", app, now: now) {
            try await deliverOutbox(on: app.db, now: now, worker: worker, transport: app.mailTransport,
                                    links: app.ieumConfiguration.baseURL, logger: app.logger)
        }
        app.loopHeartbeat.roundFinished(at: now)
    }

    /// Names this instance in `claimed_by`: host, process and a random part.
    static func workerID() -> String {
        let host = ProcessInfo.processInfo.hostName.prefix(40)
        return "\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}

struct MailTransportKey: StorageKey {
    typealias Value = any MailTransport
}

extension Application {
    /// How mail leaves: the SMTP client when `IEUM_SMTP_HOST` is set, else nil (mails are kept
    /// in the outbox as logged).
    /// Tests put a recorder here.
    public var mailTransport: (any MailTransport)? {
        get {
            if let transport = storage[MailTransportKey.self] { return transport }
            return ieumConfiguration.smtp.map { SMTPClient(settings: $0, group: eventLoopGroup) }
        }
        set { storage[MailTransportKey.self] = newValue }
    }
}
