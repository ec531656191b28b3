import Fluent
import Foundation
import IeumCore
import SQLKit
import Testing
import Vapor
@testable import IeumApp

/// Issue 19, item 5: the background loop purges expired links and erases grievance contacts a
/// set time after the case closed. Time is the pinned test clock.
@Suite("Housekeeping")
struct HousekeepingTests {
    static let day: TimeInterval = 86_400

    @Test("a round of the loop purges expired e-mail verification, password reset and invitation links, and keeps live or recent ones")
    func expiredLinksPurged() async throws {
        try await TestApp.with { app in
            // given
            let now = TestApp.now
            let admin = try await TestApp.user(app, email: "admin@links.example")
            let adminID = try admin.requireID()
            let org = try await TestApp.organization(app, name: "링크기관")
            let orgID = try org.requireID()
            func invitation(_ label: String, expires: TimeInterval, accepted: Bool = false, revoked: TimeInterval? = nil) async throws -> UUID {
                let row = OrganizationInvitation(organizationID: orgID, email: "\(label)@invitee.example", role: .member, tokenHash: "hash-\(label)",
                                                 invitedBy: adminID, expiresAt: now.addingTimeInterval(expires), createdAt: now.addingTimeInterval(-10 * Self.day))
                if accepted { row.acceptedAt = now.addingTimeInterval(-9 * Self.day) }
                if let revoked { row.revokedAt = now.addingTimeInterval(revoked) }
                try await row.create(on: app.db)
                return try row.requireID()
            }
            let expiredLong = try await invitation("expired-long", expires: -2 * Self.day)
            let expiredJust = try await invitation("expired-just", expires: -3600)
            let acceptedOld = try await invitation("accepted-old", expires: -2 * Self.day, accepted: true)
            let revokedOld = try await invitation("revoked-old", expires: 3 * Self.day, revoked: -2 * Self.day)
            let open = try await invitation("open", expires: 5 * Self.day)

            let oldVerification = EmailVerification(userID: adminID, tokenHash: "v-old", expiresAt: now.addingTimeInterval(-2 * Self.day),
                                                    createdAt: now.addingTimeInterval(-3 * Self.day), requestedFrom: "127.0.0.1")
            let liveVerification = EmailVerification(userID: adminID, tokenHash: "v-live", expiresAt: now.addingTimeInterval(Self.day),
                                                     createdAt: now, requestedFrom: "127.0.0.1")
            let oldReset = PasswordReset(userID: adminID, tokenHash: "r-old", expiresAt: now.addingTimeInterval(-2 * Self.day),
                                         createdAt: now.addingTimeInterval(-3 * Self.day), requestedFrom: "127.0.0.1")
            let liveReset = PasswordReset(userID: adminID, tokenHash: "r-live", expiresAt: now.addingTimeInterval(3600), createdAt: now, requestedFrom: "127.0.0.1")
            for row in [oldVerification, liveVerification] as [EmailVerification] { try await row.create(on: app.db) }
            for row in [oldReset, liveReset] as [PasswordReset] { try await row.create(on: app.db) }

            // when
            await NotificationJobs.runOnce(app, worker: "housekeeping-test")

            // then
            let invitations = Set(try await OrganizationInvitation.query(on: app.db).all().compactMap(\.id))
            #expect(invitations == [expiredJust, acceptedOld, open])
            #expect(!invitations.contains(expiredLong) && !invitations.contains(revokedOld))
            #expect(try await EmailVerification.query(on: app.db).all().map(\.tokenHash) == ["v-live"])
            #expect(try await PasswordReset.query(on: app.db).all().map(\.tokenHash) == ["r-live"])
            #expect(app.loopHeartbeat.duties["housekeeping"]?.lastSuccess == now)
        }
    }

    static func grievance(_ app: Application, _ n: Int, status: GrievanceStatus, closedDaysAgo: Double?) async throws -> UUID {
        let g = Grievance()
        g.receiptYear = 2025
        g.receiptSequence = 900 + n
        g.receiptNumber = GrievanceReceipt.number(year: 2025, sequence: 900 + n)
        g.tokenHash = "housekeeping-\(n)"
        g.title = "보존기간민원-\(n)"
        g.description = "연락처 보존 확인"
        g.category = .regulation
        g.regionCode = "jongno"
        g.contactEmail = "citizen\(n)@mail.example"
        g.submitterAddress = "198.51.100.\(n)"
        g.status = status
        g.businessDays = false
        g.agency = "서울청"
        g.receivedAt = TestApp.now.addingTimeInterval(-800 * day)
        g.closedAt = closedDaysAgo.map { TestApp.now.addingTimeInterval(-$0 * day) }
        g.resolution = status.isFinal ? "처리했습니다" : nil
        g.version = 1
        try await g.create(on: app.db)
        return try g.requireID()
    }

    @Test("a closed grievance's contact is erased after the retention period (default 365 days); the case and open cases stay")
    func grievanceContactsDefault() async throws {
        try await TestApp.with { app in
            // given
            #expect(app.ieumConfiguration.operations.grievanceContactRetentionDays == 365)
            let old = try await Self.grievance(app, 1, status: .resolved, closedDaysAgo: 400)
            let rejectedOld = try await Self.grievance(app, 2, status: .rejected, closedDaysAgo: 366)
            let recent = try await Self.grievance(app, 3, status: .resolved, closedDaysAgo: 300)
            let open = try await Self.grievance(app, 4, status: .inProgress, closedDaysAgo: nil)
            // when
            await NotificationJobs.runOnce(app, worker: "housekeeping-test")
            // then
            for id in [old, rejectedOld] {
                let g = try #require(try await Grievance.find(id, on: app.db))
                #expect(g.contactEmail == nil && g.submitterAddress.isEmpty)
                #expect(g.title.hasPrefix("보존기간민원-") && g.resolution == "처리했습니다")
            }
            for id in [recent, open] {
                let g = try #require(try await Grievance.find(id, on: app.db))
                #expect(g.contactEmail != nil && !g.submitterAddress.isEmpty)
            }
            let audits = try await AuditEntry.query(on: app.db).filter(\.$action == "grievance.contact-erased").all()
            #expect(Set(audits.compactMap(\.entityID)) == [old.uuidString, rejectedOld.uuidString])
            // and a second round changes nothing more
            #expect(try await Housekeeping.run(on: app.db, now: TestApp.now, settings: app.ieumConfiguration.operations).grievanceContactsErased == 0)
        }
    }

    @Test("IEUM_GRIEVANCE_CONTACT_RETENTION_DAYS shortens the period, and a bad value is refused by name")
    func grievanceContactsConfigured() async throws {
        let config = try Configuration.fromEnvironment(["IEUM_GRIEVANCE_CONTACT_RETENTION_DAYS": "30"])
        #expect(config.operations.grievanceContactRetentionDays == 30)
        for bad in ["0", "-5", "forever", "3651"] {
            do {
                _ = try Configuration.fromEnvironment(["IEUM_GRIEVANCE_CONTACT_RETENTION_DAYS": bad])
                Issue.record("\(bad) was accepted")
            } catch {
                #expect(error.problems.map(\.variable) == ["IEUM_GRIEVANCE_CONTACT_RETENTION_DAYS"])
            }
        }
        try await OperationsTestApp.with({ $0.operations.grievanceContactRetentionDays = 30 }) { app in
            let month = try await Self.grievance(app, 5, status: .transferred, closedDaysAgo: 31)
            let week = try await Self.grievance(app, 6, status: .resolved, closedDaysAgo: 7)
            await NotificationJobs.runOnce(app, worker: "housekeeping-test")
            #expect(try await Grievance.find(month, on: app.db)?.contactEmail == nil)
            #expect(try await Grievance.find(week, on: app.db)?.contactEmail == "citizen6@mail.example")
        }
    }
}
