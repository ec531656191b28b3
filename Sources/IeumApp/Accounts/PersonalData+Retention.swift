import Fluent
import Foundation
import IeumCore
import SQLKit

/// Inactive accounts (`IEUM_ACCOUNT_RETENTION_DAYS`, default 1095 = 3 years). An account's last
/// activity is its last sign-in (`users.last_signed_in_at`), or its creation when it never signed
/// in. `noticeDays` before the end, an active account gets one mail saying it will be removed
/// unless the person signs in; `users.inactivity_notice_at` records it, so the notice goes once
/// per period of inactivity (a sign-in starts a new period, and a later notice). At the end the
/// account goes as with 회원 탈퇴 (`PersonalDataErasure`), but never sooner than `noticeDays` after
/// its notice: an account that got no notice (the job was not running, the period was shortened)
/// is told first. An account that cannot sign in (deactivated by an operator, or its address never
/// verified) gets no notice and goes at the end. The same job deletes password reset rows a day after they were used or expired.
enum PersonalDataRetention {
    static let noticeDays = 30

    struct Report: Equatable, Sendable {
        var notices = 0
        var removed = 0
        /// Accounts whose time is up but that may not go (the last admin of an organisation with
        /// other members, the last platform operator): an operator settles them by hand.
        var kept: [UUID] = []
        var resetsPurged = 0
        /// Sign-ups whose address was never verified within `unverifiedDays`: deleted outright.
        var unverifiedRemoved = 0
        var verificationsPurged = 0
    }

    /// A sign-up whose e-mail link was not followed within this many days is deleted, with its
    /// consents, links and mails: the person never had an account they could use.
    static let unverifiedDays = 7

    /// One run. `limit` caps the accounts removed in one go (the background loop's round stays
    /// short; the shell command passes nil and removes them all).
    static func run(on db: any Database, now: Date, retentionDays: Int, base: BaseURL, limit: Int? = nil) async throws -> Report {
        guard let sql = db as? any SQLDatabase else { return Report() }
        var report = Report()
        report.resetsPurged = try await purgeResets(sql, now: now)
        (report.unverifiedRemoved, report.verificationsPurged) = try await purgeUnverified(db, now: now)
        let day: TimeInterval = 86_400
        let noticeFrom = now.addingTimeInterval(-Double(retentionDays - noticeDays) * day)
        let removeFrom = now.addingTimeInterval(-Double(retentionDays) * day)
        let toldBefore = now.addingTimeInterval(-Double(noticeDays) * day)

        let due = try await sql.raw("""
            SELECT id FROM users WHERE deleted_at IS NULL AND active = \(bind: true) AND email_verified_at IS NOT NULL \
            AND COALESCE(last_signed_in_at, created_at) <= \(bind: noticeFrom) \
            AND (inactivity_notice_at IS NULL OR inactivity_notice_at < COALESCE(last_signed_in_at, created_at))
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        for userID in due {
            if try await notify(userID, now: now, retentionDays: retentionDays, base: base, on: db) { report.notices += 1 }
        }

        let expired = try await sql.raw("""
            SELECT id FROM users WHERE deleted_at IS NULL AND COALESCE(last_signed_in_at, created_at) <= \(bind: removeFrom) \
            AND (active = \(bind: false) OR email_verified_at IS NULL OR (inactivity_notice_at >= COALESCE(last_signed_in_at, created_at) \
            AND inactivity_notice_at <= \(bind: toldBefore))) ORDER BY id
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        for userID in expired {
            if let limit, report.removed >= limit { break }
            guard let user = try await User.find(userID, on: db) else { continue }
            do {
                try await PersonalDataErasure.erase(user, reason: .retention(days: retentionDays), on: db, now: now)
                report.removed += 1
            } catch PersonalData.Refusal.alreadyDeleted {
                continue  // another instance's round got there first
            } catch is PersonalData.Refusal {
                report.kept.append(userID)
            }
        }
        return report
    }

    /// Sends the notice if this instance is the first to mark it for the current period.
    static func notify(_ userID: UUID, now: Date, retentionDays: Int, base: BaseURL, on db: any Database) async throws -> Bool {
        try await db.transaction { db in
            guard let sql = db as? any SQLDatabase else { return false }
            let marked = try await sql.raw("""
                UPDATE users SET inactivity_notice_at = \(bind: now) WHERE id = \(bind: userID) AND deleted_at IS NULL \
                AND (inactivity_notice_at IS NULL OR inactivity_notice_at < COALESCE(last_signed_in_at, created_at)) RETURNING id
                """).all()
            guard !marked.isEmpty, let user = try await User.find(userID, on: db) else { return false }
            let removal = now.addingTimeInterval(Double(noticeDays) * 86_400)
            try await queueNotice(to: user, removal: removal, retentionDays: retentionDays, base: base, on: db, now: now)
            try await Audit.record(on: db, actor: nil, action: "user.inactivity-notice", entityType: "user", entityID: userID.uuidString,
                                   summary: "장기 미사용 계정 삭제 예정 안내 (\(SeoulTime.date(removal)) 삭제 예정)", at: now)
            return true
        }
    }

    /// A mail in the person's language with an absolute sign-in link; no inbox message (a person
    /// who reads the inbox has signed in). Queued through the outbox like every mail.
    static func queueNotice(to user: User, removal: Date, retentionDays: Int, base: BaseURL, on db: any Database, now: Date) async throws {
        let language = user.mailLanguage
        let link = SiteURL.login(next: nil).absolute(base: base)
        let years = retentionDays % 365 == 0 ? Localized("\(retentionDays / 365)년", "\(retentionDays / 365) year(s)") : Localized("\(retentionDays)일", "\(retentionDays) days")
        let text = Localized(
            "\(user.name)님, 이음 계정을 \(years.ko) 가까이 사용하지 않으셨습니다. 개인정보 보호를 위해 \(SeoulTime.date(removal))에 계정과 개인정보를 삭제합니다. 심사·민원처럼 감사에 필요한 기록은 가명으로 남습니다.\n계속 사용하시려면 그 전에 아래 링크에서 로그인하세요. 로그인하면 삭제되지 않습니다.",
            "\(user.name), your Ieum account has not been used for almost \(years.en). To protect your personal data, the account and its personal data will be deleted on \(SeoulTime.date(removal)). Records that audits need, such as judging and grievances, stay under a pseudonym.\nTo keep using Ieum, sign in before then with the link below; signing in keeps the account.")
        // A sign-in link only: the body stays for the outbox's record.
        try await OutboxMail.queueAccountMail(to: user.email, subject: Localized("장기 미사용 계정 삭제 예정 안내", "Your unused account will be deleted").text(language),
                                              body: text.text(language) + "\n\n" + link, language: language, erasingBody: false, on: db, now: now)
    }

    /// Deletes sign-ups never verified within `unverifiedDays` (their consents and links go with
    /// them by the foreign keys; their mails are deleted here), and verification links a day
    /// after they were used or expired.
    static func purgeUnverified(_ db: any Database, now: Date) async throws -> (users: Int, links: Int) {
        guard let sql = db as? any SQLDatabase else { return (0, 0) }
        let cutoff = now.addingTimeInterval(-Double(unverifiedDays) * 86_400)
        let stale = try await sql.raw("""
            SELECT id, email FROM users WHERE email_verified_at IS NULL AND deleted_at IS NULL AND last_signed_in_at IS NULL \
            AND created_at < \(bind: cutoff) ORDER BY id LIMIT 500
            """).all()
        var removed = 0
        for row in stale {
            let id = try row.decode(column: "id", as: UUID.self)
            let email = try row.decode(column: "email", as: String.self)
            removed += try await db.transaction { db -> Int in
                guard let sql = db as? any SQLDatabase else { return 0 }
                try await sql.raw("DELETE FROM mail_outbox WHERE to_address = \(bind: email)").run()
                return try await sql.raw("""
                    DELETE FROM users WHERE id = \(bind: id) AND email_verified_at IS NULL AND last_signed_in_at IS NULL RETURNING id
                    """).all().count
            }
        }
        let dayAgo = now.addingTimeInterval(-86_400)
        let links = try await sql.raw("""
            DELETE FROM email_verifications WHERE (used_at IS NOT NULL AND used_at < \(bind: dayAgo)) OR expires_at < \(bind: dayAgo) RETURNING id
            """).all().count
        return (removed, links)
    }

    /// Reset rows count requests for the hourly limits only; a day after use or expiry they go.
    static func purgeResets(_ sql: any SQLDatabase, now: Date) async throws -> Int {
        let dayAgo = now.addingTimeInterval(-86_400)
        return try await sql.raw("""
            DELETE FROM password_resets WHERE (used_at IS NOT NULL AND used_at < \(bind: dayAgo)) OR expires_at < \(bind: dayAgo) RETURNING id
            """).all().count
    }
}
