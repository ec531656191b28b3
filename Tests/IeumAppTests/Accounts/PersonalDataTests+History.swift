import Fluent
import Foundation
import IeumCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// The person of `PersonalDataTests` and the scan of every table for what identifies them.
extension PersonalDataTests {
    /// A judge with everything a person leaves behind: an expert profile with an affiliation, a
    /// membership, an application they wrote, a submitted score sheet, a grievance they filed with
    /// an operator's comment, notifications and mails, an API token, a session, a failed sign-in,
    /// a reset link and audit entries. Judge 1 of `EvaluationFixture`: 가심사, judge1@test.example,
    /// expert1@pool.example in the pool.
    struct History {
        let fixture: EvaluationFixture
        let subject: User
        let expert: Expert
        let application: NeedApplication
        let sheet: ScoreSheet
        let grievance: Grievance
        let token: APIToken

        var personal: [String] { ["가심사", "judge1@test.example", "expert1@pool.example", PersonalDataTests.phone] }
    }

    static func history(_ app: Application) async throws -> History {
        let fixture = try await EvaluationFixture.make(app)
        try await fixture.prepare(app)
        let now = TestApp.now
        let subject = try #require(try await User.query(on: app.db).filter(\.$email == EvaluationFixture.judgeEmails[0]).first())
        subject.phone = phone
        try await subject.save(on: app.db)
        // a startup where they are a member (its founder stays admin), and an application they wrote
        let startup = try await TestApp.organization(app, name: "탈퇴시험스타트업", kind: .startup)
        startup.contactName = subject.name  // the organisation's contact is the person, under its own address
        try await startup.save(on: app.db)
        try await TestApp.user(app, email: "founder@leaving.example", organization: startup, membership: .admin)
        try await Membership(userID: try subject.requireID(), organizationID: try startup.requireID(), role: .member).create(on: app.db)
        let actor = try await subject.actor(on: app.db)
        let needID = try fixture.base.need.requireID()
        try await NeedService.pledge(needID, by: actor, on: app.db, now: now)
        let started = try await ApplicationService.start(needID: needID, by: actor, on: app.db, now: now)
        var proposal = ProposalInput()
        proposal.solution = "탈퇴 시험용 제안: 소성 공정 예측"
        proposal.differentiation = "차별성"
        proposal.pocPlan = "PoC"
        proposal.expectedResults = "효과"
        proposal.budget = "1000만원"
        proposal.version = "1"
        let application = try await ApplicationService.save(try started.requireID(), proposal, submit: true, by: actor, on: app.db, now: now)
        // a submitted score sheet for one of their assignments
        let expert = fixture.experts[0]
        let assignment = try #require(try await fixture.assignments(app).first { $0.$expert.id == expert.id })
        try await EvaluationService.pledge(fixture.round, declared: [], agreed: true, by: actor, on: app.db, now: now)
        let sheet = try await EvaluationService.saveSheet(fixture.round, entryID: assignment.$entry.id, try await fixture.sheet(app, [20, 20, 12, 10]),
                                                         submit: true, by: actor, on: app.db, now: now)
        // a grievance they filed signed in, with an operator's comment to them
        var input = GrievanceFixture.input()
        input.contactEmail = subject.email
        let valid = try #require(try? input.validate(districts: ["geumcheon"], emailRequired: false).get())
        let (grievance, _) = try await GrievanceService.submit(valid, uploads: [], actor: actor, address: "10.9.8.7", on: app.db,
                                                               files: app.fileStore, now: now)
        try await GrievanceService.comment(try grievance.requireID(), body: "접수했습니다. 담당 부서를 확인하고 있습니다.", visible: true,
                                           by: try await fixture.operatorActor(app), on: app.db, now: now)
        try await Notifier.notify(users: [try subject.requireID()], Notifier.Message(
            kind: .judgingAssigned, title: Localized("가심사 위원님 심사 배정", "Judging assigned"), body: Localized("평가표를 작성하세요.", "Score your entries."),
            link: SiteURL.round(try fixture.round.requireID()).path), on: app.db, now: now)
        let (token, _) = try await APITokens.issue(for: try subject.requireID(), name: "내 스크립트", on: app.db, actor: actor, now: now)
        // a failed sign-in, a reset link and a signed-in session
        let web = WebClient(app)
        try await web.get("/login")
        try await web.post("/login", [("email", subject.email), ("password", "wrong-password-123")])
        try await PasswordResetTests.request(WebClient(app), email: subject.email)
        try await signUpAndTwoFactorRows(app, subject)
        return History(fixture: fixture, subject: subject, expert: expert, application: application, sheet: sheet, grievance: grievance, token: token)
    }

    /// Tables of sign-up and two-factor sign-in (issue 16, items 1, 2 and 5) that hold a person's rows,
    /// with one row each for the person when the table exists.
    static let signUpAndTwoFactorTables = ["user_consents", "user_second_factors", "recovery_codes"]

    static func signUpAndTwoFactorRows(_ app: Application, _ user: User) async throws {
        let sql = try #require(app.db as? any SQLDatabase)
        let tables = try await PersonalData.tables(on: sql)
        let id = try user.requireID()
        if tables.contains("user_consents") {
            try await sql.insert(into: "user_consents").columns("id", "user_id", "document_kind", "document_version", "accepted", "decided_at")
                .values(SQLBind(UUID()), SQLBind(id), SQLBind("privacy"), SQLBind(1), SQLBind(true), SQLBind(TestApp.now)).run()
        }
        if tables.contains("user_second_factors") {
            // Set up but not yet confirmed, so the tests sign in with the password alone.
            try await sql.insert(into: "user_second_factors").columns("id", "user_id", "secret", "created_at")
                .values(SQLBind(UUID()), SQLBind(id), SQLBind("JBSWY3DPEHPK3PXPSECRETSECRET"), SQLBind(TestApp.now)).run()
        }
        if tables.contains("recovery_codes") {
            try await sql.insert(into: "recovery_codes").columns("id", "user_id", "code_hash", "created_at")
                .values(SQLBind(UUID()), SQLBind(id), SQLBind("recovery-code-hash-of-the-subject"), SQLBind(TestApp.now)).run()
        }
    }

    /// How many rows of the person each sign-up and two-factor table holds (absent tables left out).
    static func signUpAndTwoFactorCounts(_ app: Application, _ userID: UUID) async throws -> [String: Int] {
        let sql = try #require(app.db as? any SQLDatabase)
        let tables = try await PersonalData.tables(on: sql)
        var counts: [String: Int] = [:]
        for table in signUpAndTwoFactorTables where tables.contains(table) {
            let row = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE user_id = \(bind: userID)").first()
            counts[table] = try row?.decode(column: "n", as: Int.self) ?? 0
        }
        return counts
    }

    /// Every text of every table: each column of every table read as text (SQLite), or every
    /// text, array and JSON column (PostgreSQL), searched for `needle`. Returns "table.column" hits.
    static func scan(_ app: Application, for needle: String) async throws -> [String] {
        let sql = try #require(app.db as? any SQLDatabase)
        var columns: [(String, String)] = []
        if sql.dialect.name == "sqlite" {
            let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all().map { try $0.decode(column: "name", as: String.self) }
            for table in tables {
                for row in try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all() {
                    columns.append((table, try row.decode(column: "name", as: String.self)))
                }
            }
        } else {
            columns = try await sql.raw("""
                SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() \
                AND data_type IN ('text', 'character varying', 'character', 'ARRAY', 'json', 'jsonb')
                """).all().map { (try $0.decode(column: "table_name", as: String.self), try $0.decode(column: "column_name", as: String.self)) }
        }
        #expect(columns.count > 200)
        let function = sql.dialect.name == "sqlite" ? "instr" : "strpos"
        var hits: [String] = []
        for (table, column) in columns {
            let row = try await sql.raw("""
                SELECT COUNT(*) AS n FROM \(ident: table) WHERE \(unsafeRaw: function)(CAST(\(ident: column) AS TEXT), \(bind: needle)) > 0
                """).first()
            if try row?.decode(column: "n", as: Int.self) ?? 0 > 0 { hits.append("\(table).\(column)") }
        }
        return hits
    }
}
