import Fluent
import Foundation
import IeumCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// Inactive accounts (issue 16, item 6): one notice 30 days before the end of
/// `IEUM_ACCOUNT_RETENTION_DAYS` (default 1095), removal at the end as with 회원 탈퇴, and a sign-in
/// in between starting the period anew. Time moves with a test clock.
@Suite("Personal data: retention of inactive accounts")
struct PersonalDataRetentionTests {
    /// A clock the test moves.
    final class MovingClock: @unchecked Sendable {
        private let lock = NSLock()
        private var current = TestApp.now
        var now: Date {
            get { lock.withLock { current } }
            set { lock.withLock { current = newValue } }
        }

        func day(_ n: Double) { now = TestApp.now.addingTimeInterval(n * 86_400) }
    }

    static let day: TimeInterval = 86_400

    /// An account created and last signed in at `TestApp.now` (day 0).
    static func account(_ app: Application, _ email: String, language: Lang? = nil) async throws -> User {
        let user = try await TestApp.user(app, email: email)
        user.language = language
        try await user.save(on: app.db)
        let sql = try #require(app.db as? any SQLDatabase)
        try await sql.update("users").set("created_at", to: TestApp.now).set("last_signed_in_at", to: TestApp.now)
            .where("id", .equal, user.requireID()).run()
        return user
    }

    static func run(_ app: Application, _ clock: MovingClock) async throws -> PersonalDataRetention.Report {
        try await PersonalDataRetention.run(on: app.db, now: clock.now, retentionDays: app.ieumConfiguration.accountRetentionDays,
                                            base: app.ieumConfiguration.baseURL)
    }

    static func notices(_ app: Application, to email: String) async throws -> [OutboxMail] {
        try await OutboxMail.query(on: app.db).filter(\.$toAddress == email).all().filter { $0.subject.contains("장기 미사용") || $0.subject.contains("unused") }
    }

    static func isDeleted(_ app: Application, _ user: User) async throws -> Bool {
        let sql = try #require(app.db as? any SQLDatabase)
        let row = try #require(try await sql.raw("SELECT deleted_at FROM users WHERE id = \(bind: user.requireID())").first())
        return try !row.decodeNil(column: "deleted_at")
    }

    @Test("the default retention is 1095 days; IEUM_ACCOUNT_RETENTION_DAYS is read and checked by name")
    func configuration() throws {
        #expect(try Configuration.fromEnvironment([:]).accountRetentionDays == 1095)
        #expect(try Configuration.fromEnvironment(["IEUM_ACCOUNT_RETENTION_DAYS": "730"]).accountRetentionDays == 730)
        for bad in ["0", "30", "three years", "-5", "99999"] {
            #expect(throws: Configuration.ProblemList.self) { try Configuration.fromEnvironment(["IEUM_ACCOUNT_RETENTION_DAYS": bad]) }
            do { _ = try Configuration.fromEnvironment(["IEUM_ACCOUNT_RETENTION_DAYS": bad]) } catch {
                #expect(error.problems.map(\.variable) == ["IEUM_ACCOUNT_RETENTION_DAYS"])
            }
        }
    }

    @Test("one notice at the 30-day mark, in the person's language with an absolute sign-in link; removal at the end")
    func noticeOnceThenRemoval() async throws {
        try await TestApp.with { app in
            // given
            let clock = MovingClock()
            app.clock = AppClock { clock.now }
            let korean = try await Self.account(app, "quiet@ieum.example")
            let english = try await Self.account(app, "still@ieum.example", language: .en)
            // when a day before the mark
            clock.day(1064)
            #expect(try await Self.run(app, clock).notices == 0)
            // then at the mark, once however often the job runs
            clock.day(1065)
            #expect(try await Self.run(app, clock).notices == 2)
            clock.day(1066)
            #expect(try await Self.run(app, clock).notices == 0)
            clock.day(1094)
            #expect(try await Self.run(app, clock) == PersonalDataRetention.Report())
            let ko = try await Self.notices(app, to: "quiet@ieum.example")
            #expect(ko.count == 1)
            #expect(ko.first?.subject == "[이음] 장기 미사용 계정 삭제 예정 안내")
            #expect(ko.first?.body.contains("2029-03-01에 계정과 개인정보를 삭제합니다") == true)
            #expect(ko.first?.body.hasSuffix(app.ieumConfiguration.baseURL.origin + "/login") == true)
            let en = try await Self.notices(app, to: "still@ieum.example")
            #expect(en.first?.subject == "[Ieum] Your unused account will be deleted")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "user.inactivity-notice").count() == 2)
            #expect(try await !Self.isDeleted(app, korean))
            // when the period ends
            clock.day(1095)
            let report = try await Self.run(app, clock)
            // then both accounts go as with 회원 탈퇴
            #expect(report.removed == 2)
            #expect(try await Self.isDeleted(app, korean))
            #expect(try await Self.isDeleted(app, english))
            #expect(try await User.query(on: app.db).filter(\.$email == "quiet@ieum.example").count() == 0)
            #expect(try await OutboxMail.query(on: app.db).filter(\.$toAddress == "quiet@ieum.example").count() == 0)
            let audit = try await AuditEntry.query(on: app.db).filter(\.$action == "user.purge-inactive").all()
            #expect(audit.count == 2)
            #expect(audit.allSatisfy { $0.actorName == "system" && $0.summary.contains("1095일") })
        }
    }

    @Test("a sign-in after the notice starts a new period: no removal at the old end, a new notice and removal later")
    func signInResetsThePeriod() async throws {
        try await TestApp.with { app in
            // given a notice
            let clock = MovingClock()
            app.clock = AppClock { clock.now }
            let user = try await Self.account(app, "back@ieum.example")
            clock.day(1065)
            #expect(try await Self.run(app, clock).notices == 1)
            // when the person signs in five days later
            clock.day(1070)
            try await WebClient(app).login("back@ieum.example")
            // then the old end passes without removal or a second notice
            clock.day(1095)
            #expect(try await Self.run(app, clock) == PersonalDataRetention.Report())
            #expect(try await !Self.isDeleted(app, user))
            // and the new period has its own notice and end
            clock.day(1070 + 1064)
            #expect(try await Self.run(app, clock).notices == 0)
            clock.day(1070 + 1065)
            #expect(try await Self.run(app, clock).notices == 1)
            #expect(try await Self.notices(app, to: "back@ieum.example").count == 2)
            clock.day(1070 + 1095)
            #expect(try await Self.run(app, clock).removed == 1)
            #expect(try await Self.isDeleted(app, user))
        }
    }

    @Test("an account that got no notice is told first and removed 30 days later; a deactivated or never verified one goes at the end untold")
    func noRemovalWithoutNotice() async throws {
        try await TestApp.with { app in
            // given the job never ran before the end
            let clock = MovingClock()
            app.clock = AppClock { clock.now }
            let told = try await Self.account(app, "late@ieum.example")
            let off = try await Self.account(app, "off@ieum.example")
            off.active = false
            try await off.save(on: app.db)
            let unverified = try await Self.account(app, "never-verified@ieum.example")
            unverified.emailVerifiedAt = nil
            try await unverified.save(on: app.db)
            // when it runs long after
            clock.day(1200)
            let first = try await Self.run(app, clock)
            // then
            #expect(first.notices == 1)
            #expect(first.removed == 2)
            #expect(try await Self.isDeleted(app, off))
            #expect(try await Self.isDeleted(app, unverified))
            #expect(try await Self.notices(app, to: "never-verified@ieum.example").isEmpty)
            #expect(try await !Self.isDeleted(app, told))
            clock.day(1229)
            #expect(try await Self.run(app, clock).removed == 0)
            clock.day(1230)
            #expect(try await Self.run(app, clock).removed == 1)
            #expect(try await Self.isDeleted(app, told))
        }
    }

    @Test("the background loop runs it, keeps the last platform operator, and purges reset rows a day after use or expiry")
    func loopRunsRetention() async throws {
        try await TestApp.with { app in
            // given an inactive operator (the only one), an inactive member, and old and fresh reset rows
            let clock = MovingClock()
            app.clock = AppClock { clock.now }
            let op = try await Self.account(app, "lone-operator@ieum.example")
            op.platformRole = .operator
            try await op.save(on: app.db)
            let member = try await Self.account(app, "gone@ieum.example")
            clock.day(1065)
            await NotificationJobs.runOnce(app, worker: "test")
            let old = PasswordReset(userID: nil, tokenHash: "old", expiresAt: clock.now.addingTimeInterval(3_600), createdAt: clock.now, requestedFrom: "1.2.3.4")
            try await old.create(on: app.db)
            // when
            clock.day(1095)
            let fresh = PasswordReset(userID: nil, tokenHash: "fresh", expiresAt: clock.now.addingTimeInterval(3_600), createdAt: clock.now, requestedFrom: "1.2.3.4")
            try await fresh.create(on: app.db)
            await NotificationJobs.runOnce(app, worker: "test")
            // then
            #expect(try await Self.isDeleted(app, member))
            #expect(try await !Self.isDeleted(app, op))
            #expect(try await PasswordReset.query(on: app.db).all().map(\.tokenHash) == ["fresh"])
        }
    }

    @Test("ieum accounts purge-inactive runs the same job on a SQLite file and says what it did")
    func shellCommand() async throws {
        // given an account told 40 days ago and unused for 1,100 days, and a fresh one
        let dir = NSTemporaryDirectory() + "ieum-purge-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var config = Configuration(database: .sqliteFile(path: dir + "/ieum.sqlite"), bcryptCost: 4)
        config.dataDirectory = dir + "/data"
        for email in ["old@shell.test", "new@shell.test"] {
            _ = try await CommandTasks.createUser(config, NewUserInput(email: email, name: "셸 사용자", password: "봄날의 양극재 공정 데이터", platformRole: .member))
        }
        try await CommandTasks.withApplication(config) { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let now = Date()
            try await sql.update("users").set("last_signed_in_at", to: now.addingTimeInterval(-1_100 * Self.day))
                .set("inactivity_notice_at", to: now.addingTimeInterval(-40 * Self.day)).where("email", .equal, "old@shell.test").run()
        }
        // when
        let output = try await CommandTasks.purgeInactiveAccounts(config)
        // then
        #expect(output.contains("accounts deleted: 1"))
        #expect(output.contains("retention 1095 days"))
        let left = try await CommandTasks.withApplication(config) { app in
            try await User.query(on: app.db).filter(\.$active == true).all().map(\.email)
        }
        #expect(left == ["new@shell.test"])
    }
}
