import Fluent
import Foundation
import IeumCore
import NIOCore
import SQLKit
import Testing
import Vapor
import VaporTesting
import ZIPFoundation
@testable import IeumApp

/// Personal data (issue 16, item 6): "내 정보 내려받기" answers a ZIP of JSON files with the
/// person's own records and nobody else's; "회원 탈퇴" leaves their name, e-mail and phone in no
/// table while score sheets and grievance histories stay under a pseudonym.
@Suite("Personal data: export and 회원 탈퇴")
struct PersonalDataTests {
    static let phone = "010-2345-6789"

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
                                                               dataDirectory: app.ieumConfiguration.dataDirectory, now: now)
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
        return History(fixture: fixture, subject: subject, expert: expert, application: application, sheet: sheet, grievance: grievance, token: token)
    }

    /// The response's bytes as sent.
    static func post(_ web: WebClient, _ path: String) async throws -> (status: HTTPStatus, headers: HTTPHeaders, bytes: [UInt8]) {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .cookie, value: web.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        headers.contentType = .urlEncodedForm
        let body = ByteBuffer(string: "_csrf=" + WebClient.encode(web.csrf ?? ""))
        let response = try await web.app.testing().sendRequest(.POST, path, headers: headers, body: body)
        return (response.status, response.headers, Array(response.body.readableBytesView))
    }

    /// The files of a ZIP, by name.
    static func files(_ bytes: [UInt8]) throws -> [String: Data] {
        let archive = try Archive(data: Data(bytes), accessMode: .read)
        var files: [String: Data] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            files[entry.path] = data
        }
        return files
    }

    static func json(_ files: [String: Data], _ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: try #require(files[name], "\(name) missing"))
    }

    @Test("내 정보 내려받기: a ZIP of JSON files with their account, application, score sheet, notifications, mails and sign-ins; no hash and nobody else's e-mail")
    func exportHoldsOwnDataOnly() async throws {
        try await TestApp.with { app in
            // given
            let history = try await Self.history(app)
            let web = WebClient(app)
            try await web.login(history.subject.email)
            try await web.get("/account")
            // when
            let download = try await Self.post(web, "/account/export")
            // then
            #expect(download.status == .ok)
            #expect(download.headers.first(name: .contentType) == "application/zip")
            let disposition = try #require(download.headers.first(name: .contentDisposition))
            #expect(disposition.hasPrefix("attachment; filename=\"ieum-my-data-20260302.zip\""))
            #expect(disposition.contains("filename*=UTF-8''%EC%9D%B4%EC%9D%8C-"))
            let files = try Self.files(download.bytes)
            #expect(Set(files.keys).isSuperset(of: ["README.txt", "account.json", "memberships.json", "consents.json", "expert.json", "scores.json",
                                                    "applications.json", "grievances.json", "notifications.json", "mails.json", "audit.json",
                                                    "sign-ins.json", "activity.json"]))
            let account = try #require(try Self.json(files, "account.json") as? [String: Any])
            #expect(account["email"] as? String == history.subject.email)
            #expect(account["phone"] as? String == Self.phone)
            let applications = try #require(try Self.json(files, "applications.json") as? [[String: Any]])
            #expect(applications.map { $0["id"] as? String } == [history.application.id?.uuidString])
            #expect(applications.first?["solution"] as? String == "탈퇴 시험용 제안: 소성 공정 예측")
            let scores = try #require(try Self.json(files, "scores.json") as? [[String: Any]])
            #expect(scores.count == 1)
            #expect(scores.first?["status"] as? String == history.sheet.status.rawValue)
            let notifications = try #require(try Self.json(files, "notifications.json") as? [[String: Any]])
            #expect(notifications.contains { $0["title"] as? String == "가심사 위원님 심사 배정" })
            let mails = try #require(try Self.json(files, "mails.json") as? [[String: Any]])
            #expect(!mails.isEmpty && mails.allSatisfy { $0["to"] as? String == history.subject.email })
            let grievances = try #require(try Self.json(files, "grievances.json") as? [[String: Any]])
            #expect(grievances.map { $0["receipt_no"] as? String } == [history.grievance.receiptNumber])
            let signIns = try #require(try Self.json(files, "sign-ins.json") as? [String: Any])
            #expect((signIns["api_tokens"] as? [[String: Any]])?.first?["name"] as? String == "내 스크립트")
            #expect((signIns["sign_in_attempts"] as? [[String: Any]])?.count == 2)
            // nothing secret, nobody else
            let everything = files.values.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
            #expect(!everything.contains(history.subject.passwordHash))
            #expect(!everything.contains(history.token.tokenHash))
            #expect(!everything.contains("$2"))
            for session in try await WebSession.query(on: app.db).all() { #expect(!everything.contains(session.key)) }
            for reset in try await PasswordReset.query(on: app.db).all() { #expect(!everything.contains(reset.tokenHash)) }
            let others = try await User.query(on: app.db).filter(\.$id != history.subject.id!).all().map(\.email)
            #expect(others.count > 5)
            for email in others { #expect(!everything.contains(email), "\(email) is in the export") }
            #expect(!everything.contains(EvaluationFixture.judgeNames[1]))
            // audited
            let audit = try await AuditEntry.query(on: app.db).filter(\.$action == "user.export").all()
            #expect(audit.map(\.entityID) == [history.subject.id?.uuidString])
        }
    }

    @Test("the export needs a signed-in person and a form token; its address opened directly shows the account card")
    func exportNeedsSignIn() async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: "member@ieum.example")
            let visitor = WebClient(app)
            let member = WebClient(app)
            try await member.login("member@ieum.example")
            // when
            let anonymous = try await visitor.post("/account/export", [], csrf: false)
            let link = try await member.get("/account/export")
            let card = try await member.get("/account")
            // then
            #expect(anonymous.status == .forbidden || anonymous.status == .unauthorized || anonymous.status == .seeOther)
            #expect(link.status == .seeOther)
            #expect(link.headers.first(name: .location) == "/account#personal-data")
            #expect(card.body.contains("action=\"/account/export\""))
            #expect(card.body.contains("href=\"/account/delete\""))
        }
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

    /// Posts the 회원 탈퇴 form as the signed-in `web`.
    @discardableResult
    static func leave(_ web: WebClient, password: String = TestApp.password, confirm: Bool = true) async throws -> WebClient.Page {
        try await web.get("/account/delete")
        return try await web.post("/account/delete", [("currentPassword", password)] + (confirm ? [("confirm", "1")] : []))
    }

    @Test("회원 탈퇴 leaves the name, e-mail and phone in no text of any table; score sheets and the grievance history stay under the pseudonym")
    func deletionLeavesNoPersonalData() async throws {
        try await TestApp.with { app in
            // given a rich history, signed in
            let history = try await Self.history(app)
            for needle in history.personal { #expect(try await !Self.scan(app, for: needle).isEmpty, "\(needle) was never written") }
            let web = WebClient(app)
            try await web.login(history.subject.email)
            let userID = try history.subject.requireID()
            // when
            let page = try await Self.leave(web)
            // then the person is signed out and told
            #expect(page.status == .seeOther)
            #expect(page.headers.first(name: .location) == "/login")
            #expect(try await web.get("/account").status != .ok)
            // nothing personal is left anywhere
            for needle in history.personal {
                let hits = try await Self.scan(app, for: needle)
                #expect(hits.isEmpty, "\(needle) is still in \(hits)")
            }
            // the account row is the pseudonym
            let pseudonym = PersonalData.Pseudonym(userID: userID)
            let user = try #require(try await User.find(userID, on: app.db))
            #expect(user.name == pseudonym.name)
            #expect(user.name.hasPrefix("탈퇴한 회원 #"))
            #expect(user.email == pseudonym.email)
            #expect(user.phone == nil)
            #expect(!user.active)
            #expect(user.platformRole == .member)
            // sign-ins, tokens, memberships, inbox and mails are gone
            #expect(try await WebSession.query(on: app.db).filter(\.$userID == userID).count() == 0)
            #expect(try await APIToken.query(on: app.db).filter(\.$user.$id == userID).count() == 0)
            #expect(try await PasswordReset.query(on: app.db).filter(\.$user.$id == userID).count() == 0)
            #expect(try await Membership.query(on: app.db).filter(\.$user.$id == userID).count() == 0)
            #expect(try await InboxMessage.query(on: app.db).filter(\.$userID == userID).count() == 0)
            #expect(try await ExpertAffiliation.query(on: app.db).filter(\.$expert.$id == history.expert.id!).count() == 0)
            // the score sheet keeps its pseudonymous judge, the application its author id, the grievance its history
            let sheet = try #require(try await ScoreSheet.find(history.sheet.id, on: app.db))
            #expect(sheet.$expert.id == history.expert.id)
            #expect(try await Expert.find(history.expert.id, on: app.db)?.name == pseudonym.name)
            #expect(try await ScoreEvent.query(on: app.db).filter(\.$sheet.$id == sheet.id!).all().allSatisfy { $0.actorName == pseudonym.name })
            #expect(try await NeedApplication.find(history.application.id, on: app.db)?.createdBy == userID)
            let grievance = try #require(try await Grievance.find(history.grievance.id, on: app.db))
            #expect(grievance.submitterID == userID)
            #expect(grievance.contactEmail == nil)
            let events = try await GrievanceEvent.query(on: app.db).filter(\.$grievance.$id == grievance.id!).all()
            #expect(events.contains { $0.actorName == pseudonym.name })
            #expect(try await GrievanceComment.query(on: app.db).filter(\.$grievance.$id == grievance.id!).count() == 1)
            // audited without the person's name or e-mail
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "user.delete").first())
            #expect(audit.entityID == userID.uuidString)
            #expect(audit.actorName == pseudonym.name)
            // and nobody signs in as them again, with the old e-mail or the pseudonymous one
            for email in [history.subject.email, pseudonym.email] {
                let again = WebClient(app)
                try await again.get("/login")
                let answer = try await again.post("/login", [("email", email), ("password", TestApp.password)])
                #expect(answer.status == .unauthorized)
            }
        }
    }

    @Test("a wrong password or a missing tick changes nothing")
    func wrongPasswordRefused() async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: "stay@ieum.example")
            let web = WebClient(app)
            try await web.login("stay@ieum.example")
            // when
            let wrong = try await Self.leave(web, password: "not-the-password-1")
            let unticked = try await Self.leave(web, confirm: false)
            // then
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.contains("현재 비밀번호가 맞지 않습니다."))
            #expect(unticked.status == .unprocessableEntity)
            #expect(unticked.body.contains("확인란에 표시하세요"))
            let row = try #require(try await User.find(user.id, on: app.db))
            #expect(row.email == "stay@ieum.example")
            #expect(row.active)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "user.delete").count() == 0)
            #expect(try await web.get("/account").status == .ok)
        }
    }

    @Test("the last admin of an organisation with other members is refused until they hand the role over")
    func lastAdminRefused() async throws {
        try await TestApp.with { app in
            // given
            let org = try await TestApp.organization(app, name: "혼자관리스타트업")
            try await TestApp.user(app, email: "admin@solo.example", organization: org, membership: .admin)
            let colleague = try await TestApp.user(app, email: "colleague@solo.example", organization: org, membership: .member)
            let web = WebClient(app)
            try await web.login("admin@solo.example")
            // when
            let page = try await web.get("/account/delete")
            let refused = try await Self.leave(web)
            // then
            #expect(page.body.contains("혼자관리스타트업의 마지막 관리자입니다"))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("혼자관리스타트업의 마지막 관리자입니다"))
            #expect(try await User.query(on: app.db).filter(\.$email == "admin@solo.example").count() == 1)
            // when the colleague becomes an admin
            let membership = try #require(try await Membership.query(on: app.db).filter(\.$user.$id == colleague.id!).first())
            membership.role = .admin
            try await membership.save(on: app.db)
            let left = try await Self.leave(web)
            // then
            #expect(left.status == .seeOther)
            #expect(try await User.query(on: app.db).filter(\.$email == "admin@solo.example").count() == 0)
        }
    }

    @Test("the last platform operator is refused; one of two may leave")
    func lastPlatformOperatorRefused() async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: "op1@ieum.example", role: .operator)
            let web = WebClient(app)
            try await web.login("op1@ieum.example")
            // when
            let refused = try await Self.leave(web)
            // then
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("마지막 플랫폼 운영자"))
            // when another platform operator exists
            try await TestApp.user(app, email: "op2@ieum.example", role: .operator)
            let left = try await Self.leave(web)
            // then
            #expect(left.status == .seeOther)
            #expect(try await User.query(on: app.db).filter(\.$email == "op1@ieum.example").count() == 0)
        }
    }

    @Test("an e-mail address is replaced only where it stands as itself, a phone number only outside longer numbers")
    func phrasesStandAlone() {
        let email = PersonalData.Phrase(.email, "kim@x.kr", replacement: "deleted@invalid")
        #expect(email.apply(to: "담당: kim@x.kr.") == "담당: deleted@invalid.")
        #expect(email.apply(to: "A <kim@x.kr>") == "A <deleted@invalid>")
        #expect(email.apply(to: "jkim@x.kr, kim@x.kr.example, kim@x.kr") == "jkim@x.kr, kim@x.kr.example, deleted@invalid")
        let phone = PersonalData.Phrase(.phone, "010-1234-5678", replacement: "(삭제됨)")
        #expect(phone.apply(to: "전화 010-1234-5678로") == "전화 (삭제됨)로")
        #expect(phone.apply(to: "9010-1234-56789") == "9010-1234-56789")
        let name = PersonalData.Phrase(.name, "김민수", replacement: "탈퇴한 회원 #abc")
        #expect(name.apply(to: "김민수님이 김민수에게") == "탈퇴한 회원 #abc님이 탈퇴한 회원 #abc에게")
    }
}
