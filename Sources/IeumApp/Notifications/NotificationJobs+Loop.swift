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
        do {
            try await DatabaseSessionDriver.purgeExpired(on: app.db, now: now)
            // Sign-in attempts matter for the throttling window only; a day is kept for the log.
            try await LoginAttempt.query(on: app.db).filter(\.$attemptedAt < now.addingTimeInterval(-86_400)).delete()
        } catch {
            app.logger.error("session and sign-in attempt clean-up failed: \(String(reflecting: error))")
        }
        do {
            let abandoned = try await failAbandonedMails(on: app.db, now: now)
            if abandoned > 0 { app.logger.error("\(abandoned) mail(s) left in sending were marked failed") }
        } catch {
            app.logger.error("abandoned-mail sweep failed: \(String(reflecting: error))")
        }
        do {
            try await remindDeadlines(on: app.db, now: now)
        } catch {
            app.logger.error("deadline reminders failed: \(String(reflecting: error))")
        }
        do {
            try await remindMilestones(on: app.db, now: now)
        } catch {
            app.logger.error("milestone reminders failed: \(String(reflecting: error))")
        }
        do {
            try await MeetingService.expire(now: now, on: app.db)
            try await MeetingService.remindUpcoming(now: now, on: app.db)
        } catch {
            app.logger.error("meeting requests and reminders failed: \(String(reflecting: error))")
        }
        do {
            try await GrievanceJobs.runDeadlines(on: app.db, now: now)
        } catch {
            app.logger.error("grievance deadlines failed: \(String(reflecting: error))")
        }
        do {
            // Inactive accounts: notices, then deletion (issue 16, item 6); a round removes at most 20.
            _ = try await PersonalDataRetention.run(on: app.db, now: now, retentionDays: app.ieumConfiguration.accountRetentionDays,
                                                    base: app.ieumConfiguration.baseURL, limit: 20)
        } catch {
            app.logger.error("account retention failed: \(String(reflecting: error))")
        }
        do {
            // Stored files no row points to, a day after they were stored (issue 19, item 5).
            let cleaned = try await FileStore.housekeeping(app, now: now)
            if cleaned.files + cleaned.strays > 0 {
                app.logger.info("file store: removed \(cleaned.files) file(s) no record refers to, \(cleaned.strays) stray file(s) on disk")
            }
        } catch {
            app.logger.error("file store clean-up failed: \(String(reflecting: error))")
        }
        do {
            try await deliverOutbox(on: app.db, now: now, worker: worker, transport: app.mailTransport,
                                    links: app.ieumConfiguration.baseURL, logger: app.logger)
        } catch {
            app.logger.error("outbox delivery failed: \(String(reflecting: error))")
        }
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
