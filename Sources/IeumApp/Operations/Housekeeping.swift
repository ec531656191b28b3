import Fluent
import Foundation
import IeumCore
import SQLKit

/// The background loop's tidying (issue 19, item 5), beside the account retention of
/// `PersonalDataRetention` (which already purges used or expired e-mail verification and password
/// reset links a day after): organisation invitation links, and the contact details of grievance
/// cases closed longer ago than `IEUM_GRIEVANCE_CONTACT_RETENTION_DAYS`.
enum Housekeeping {
    struct Report: Equatable, Sendable {
        var invitationsPurged = 0
        var grievanceContactsErased = 0
    }

    /// Cases a round erases at most, so a first run on an old database keeps the round short.
    static let grievanceBatch = 200

    static func run(on db: any Database, now: Date, settings: OperationsSettings) async throws -> Report {
        var report = Report()
        report.invitationsPurged = try await purgeInvitations(on: db, now: now)
        report.grievanceContactsErased = try await eraseGrievanceContacts(on: db, now: now, days: settings.grievanceContactRetentionDays)
        return report
    }

    /// An invitation link that was never accepted goes a day after it expired or was revoked:
    /// its e-mail address has no more use. Accepted ones stay (the member's own address, and the
    /// admin's list shows who joined by invitation).
    static func purgeInvitations(on db: any Database, now: Date) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let dayAgo = now.addingTimeInterval(-86_400)
        return try await NotificationJobs.retryingWhenLocked {
            try await sql.raw("""
                DELETE FROM organization_invitations WHERE accepted_at IS NULL \
                AND (expires_at < \(bind: dayAgo) OR (revoked_at IS NOT NULL AND revoked_at < \(bind: dayAgo))) RETURNING id
                """).all().count
        }
    }

    /// A grievance's submitter contact (the e-mail given for replies and the network address kept
    /// against floods) is erased `days` after the case was closed; the case, its history and its
    /// figures stay. Each erasure is audited in the same transaction.
    static func eraseGrievanceContacts(on db: any Database, now: Date, days: Int) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let cutoff = now.addingTimeInterval(-Double(days) * 86_400)
        let finals = GrievanceStatus.allCases.filter(\.isFinal).map(\.rawValue)
        let due = try await sql.raw("""
            SELECT id, receipt_no FROM grievances WHERE closed_at IS NOT NULL AND closed_at < \(bind: cutoff) \
            AND status IN (\(binds: finals)) AND (contact_email IS NOT NULL OR submitter_address <> '') \
            ORDER BY closed_at LIMIT \(bind: grievanceBatch)
            """).all()
        var erased = 0
        for row in due {
            let id = try row.decode(column: "id", as: UUID.self)
            let receipt = try row.decode(column: "receipt_no", as: String.self)
            erased += try await NotificationJobs.retryingWhenLocked {
                try await db.transaction { tx -> Int in
                    guard let sql = tx as? any SQLDatabase else { return 0 }
                    // Matches only while the case is still closed and still holds a contact, so two
                    // instances never both audit it.
                    let changed = try await sql.raw("""
                        UPDATE grievances SET contact_email = NULL, submitter_address = '' WHERE id = \(bind: id) \
                        AND closed_at < \(bind: cutoff) AND status IN (\(binds: finals)) \
                        AND (contact_email IS NOT NULL OR submitter_address <> '') RETURNING id
                        """).all().count
                    guard changed == 1 else { return 0 }
                    try await Audit.record(on: tx, actor: nil, action: "grievance.contact-erased", entityType: "grievance", entityID: id.uuidString,
                                           summary: "보존 기간(\(days)일) 경과로 규제·애로 \(receipt) 신청인 연락처 삭제", at: now)
                    return 1
                }
            }
        }
        return erased
    }
}
