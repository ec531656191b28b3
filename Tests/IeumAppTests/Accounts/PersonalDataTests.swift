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
            let counts = try await Self.signUpAndTwoFactorCounts(app, history.subject.id!)
            if counts["user_consents"] != nil {
                let consents = try #require(try Self.json(files, "consents.json") as? [[String: Any]])
                #expect(consents.map { $0["document"] as? String } == ["privacy"])
            }
            if counts["user_second_factors"] != nil {
                #expect((signIns["two_factor"] as? [String: Any])?["recovery_codes_left"] as? Int == (counts["recovery_codes"] ?? 0))
            }
            // nothing secret, nobody else
            let everything = files.values.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
            #expect(!everything.contains(history.subject.passwordHash))
            #expect(!everything.contains(history.token.tokenHash))
            #expect(!everything.contains("$2"))
            #expect(!everything.contains("JBSWY3DPEHPK3PXPSECRETSECRET"))
            #expect(!everything.contains("recovery-code-hash-of-the-subject"))
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
            #expect(try await Self.signUpAndTwoFactorCounts(app, try history.subject.requireID()).values.allSatisfy { $0 == 1 })
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
            #expect(try await Self.signUpAndTwoFactorCounts(app, userID).values.allSatisfy { $0 == 0 })
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
