import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// "비밀번호 찾기" (issue 16, item 3): the same answer for every e-mail, a single-use link valid one
/// hour, only its hash stored, and a reset that ends every session and API token of the account.
@Suite("Password reset")
struct PasswordResetTests {
    static let email = "founder@ieum.example"
    static let newPassword = "봄에 여는 첫 공모 접수를 준비합니다"

    /// Asks for a link through the form, as a visitor would.
    @discardableResult
    static func request(_ web: WebClient, email: String) async throws -> WebClient.Page {
        try await web.get("/password/forgot")
        return try await web.post("/password/forgot", [("email", email)])
    }

    /// The reset link in the one mail queued for `email`.
    static func link(_ app: Application, to email: String) async throws -> String {
        let mails = try await OutboxMail.query(on: app.db).filter(\.$toAddress == email).all()
        try #require(mails.count == 1)
        let body = mails[0].body
        let start = try #require(body.range(of: "http"))
        return String(body[start.lowerBound...].prefix { !$0.isWhitespace })
    }

    /// The site path of an absolute link (what the test client sends).
    static func path(of link: String) throws -> String {
        let url = try #require(URL(string: link))
        return url.path
    }

    @Test("the sign-in page links to 비밀번호 찾기, whose form asks for the e-mail")
    func forgotPageIsLinked() async throws {
        try await TestApp.with { app in
            // given
            let web = WebClient(app)
            // when
            let login = try await web.get("/login")
            let forgot = try await web.get("/password/forgot")
            // then
            #expect(login.body.contains("href=\"/password/forgot\""))
            #expect(forgot.status == .ok)
            #expect(forgot.body.contains("<h1>비밀번호 찾기</h1>"))
            #expect(forgot.body.contains("name=\"email\""))
        }
    }

    @Test("a known and an unknown e-mail get the same status and the same page; only the known one gets one mail")
    func sameAnswerForKnownAndUnknown() async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            // when
            let known = try await Self.request(web, email: Self.email)
            let unknown = try await Self.request(web, email: "nobody@ieum.example")
            // then
            #expect(known.status == .ok)
            #expect(unknown.status == known.status)
            #expect(unknown.body == known.body)
            #expect(known.body.contains("비밀번호 재설정 링크를 보냈습니다"))
            #expect(!known.body.contains(Self.email))
            let mails = try await OutboxMail.query(on: app.db).all()
            #expect(mails.map(\.toAddress) == [Self.email])
            // both requests wrote a row (the same work); only the known one names a user
            let rows = try await PasswordReset.query(on: app.db).all()
            #expect(rows.count == 2)
            #expect(rows.filter { $0.$user.id != nil }.count == 1)
        }
    }

    @Test("the mail's link is absolute, carries a token, and the stored row holds only the token's SHA-256")
    func mailHoldsAbsoluteLinkAndRowOnlyTheHash() async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            // when
            try await Self.request(web, email: Self.email)
            // then
            let link = try await Self.link(app, to: Self.email)
            let base = app.ieumConfiguration.baseURL.origin
            #expect(link.hasPrefix(base + "/password/reset/"))
            let token = String(link.dropFirst((base + "/password/reset/").count))
            #expect(token.count >= 40)
            let mail = try #require(try await OutboxMail.query(on: app.db).first())
            #expect(mail.subject == "[이음] 비밀번호 재설정")
            #expect(mail.messageID == nil)  // no inbox message: the link stays in the mailbox
            #expect(try await InboxMessage.query(on: app.db).count() == 0)
            let row = try #require(try await PasswordReset.query(on: app.db).first())
            #expect(row.$user.id == user.id)
            #expect(row.tokenHash == APITokens.hash(token))
            #expect(row.tokenHash != token)
            #expect(row.expiresAt == TestApp.now.addingTimeInterval(3600))
            #expect(row.usedAt == nil)
            // the audit entry names the account, never the token
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "user.password-reset-request").first())
            #expect(audit.entityID == user.id?.uuidString)
            #expect(!audit.summary.contains(token))
        }
    }

    @Test("the queued mail goes out through the outbox job with its link once, and the log names neither token nor address")
    func mailIsDeliveredWithoutLoggingSecrets() async throws {
        try await TestApp.with { app in
            // given a queued reset mail
            try await TestApp.user(app, email: Self.email)
            try await Self.request(WebClient(app), email: Self.email)
            let link = try await Self.link(app, to: Self.email)
            let transport = RecordingTransport()
            let log = LogRecorder()
            // when the sender job runs
            let report = try await NotificationJobs.deliverOutbox(on: app.db, now: TestApp.now, worker: "w1", transport: transport,
                                                                  links: app.ieumConfiguration.baseURL, logger: log.logger)
            // then
            #expect(report.sent == 1)
            let envelope = try #require(transport.sent.first)
            #expect(envelope.to == Self.email)
            #expect(envelope.body.components(separatedBy: link).count == 2)  // the link once, nothing appended
            let token = String(link.split(separator: "/").last ?? "")
            #expect(!log.messages.isEmpty)
            #expect(log.messages.allSatisfy { !$0.contains(token) && !$0.contains(Self.email) })
            // Once sent, the outbox no longer holds the link.
            let stored = try #require(try await OutboxMail.query(on: app.db).first())
            #expect(stored.status == .sent)
            #expect(stored.body == OutboxMail.erasedBody)
            #expect(!stored.body.contains(token))
        }
    }

    @Test("the mail follows the recipient's language")
    func mailInRecipientsLanguage() async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: Self.email)
            user.language = .en
            try await user.save(on: app.db)
            // when
            try await Self.request(WebClient(app), email: Self.email)
            // then
            let mail = try #require(try await OutboxMail.query(on: app.db).first())
            #expect(mail.subject == "[Ieum] Reset your password")
            #expect(mail.body.contains("It works once within one hour."))
        }
    }

    @Test("following the link sets a new password: it signs in, the old one does not, other sessions end, API tokens are revoked")
    func resetChangesPasswordAndEndsEverything() async throws {
        try await TestApp.with { app in
            // given an account signed in elsewhere, with an API token
            let user = try await TestApp.user(app, email: Self.email)
            let elsewhere = WebClient(app)
            try await elsewhere.login(Self.email)
            #expect(try await elsewhere.get("/account").status == .ok)
            _ = try await APITokens.issue(for: try user.requireID(), name: "ci", on: app.db, actor: nil, now: TestApp.now)
            let web = WebClient(app)
            try await Self.request(web, email: Self.email)
            let path = try Self.path(of: try await Self.link(app, to: Self.email))
            // when
            let form = try await web.get(path)
            let done = try await web.post(path, [("newPassword", Self.newPassword), ("confirmPassword", Self.newPassword)])
            // then
            #expect(form.status == .ok)
            #expect(form.body.contains("name=\"newPassword\""))
            #expect(done.status == .seeOther)
            #expect(done.headers.first(name: .location) == "/login")
            let ended = try await elsewhere.get("/account")
            #expect(ended.status == .seeOther)
            #expect(try await APIToken.query(on: app.db).filter(\.$user.$id == user.requireID()).count() == 0)
            let oldLogin = WebClient(app)
            try await oldLogin.get("/login")
            #expect(try await oldLogin.post("/login", [("email", Self.email), ("password", TestApp.password)]).status == .unauthorized)
            let newLogin = WebClient(app)
            try await newLogin.login(Self.email, password: Self.newPassword)
            #expect(try await newLogin.get("/account").status == .ok)
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "user.password-reset").first())
            #expect(audit.actorID == user.id)
            #expect(!audit.summary.contains(Self.newPassword))
            #expect(try await PasswordReset.query(on: app.db).first()?.usedAt == TestApp.now)
        }
    }

    @Test("a link used twice is refused with 410 and a clear message")
    func linkWorksOnce() async throws {
        try await TestApp.with { app in
            // given a link already used
            try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            try await Self.request(web, email: Self.email)
            let path = try Self.path(of: try await Self.link(app, to: Self.email))
            try await web.get(path)
            #expect(try await web.post(path, [("newPassword", Self.newPassword), ("confirmPassword", Self.newPassword)]).status == .seeOther)
            // when
            let again = try await web.get(path)
            let postAgain = try await web.post(path, [("newPassword", "다른 새 비밀번호 문장입니다"), ("confirmPassword", "다른 새 비밀번호 문장입니다")])
            // then
            #expect(again.status == .gone)
            #expect(again.body.contains("이미 사용한 비밀번호 재설정 링크입니다"))
            #expect(postAgain.status == .gone)
            let web2 = WebClient(app)
            try await web2.login(Self.email, password: Self.newPassword)
        }
    }

    @Test("a link older than an hour is refused with 410; an unknown one with 404")
    func expiredAndUnknownLinks() async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            try await Self.request(web, email: Self.email)
            let path = try Self.path(of: try await Self.link(app, to: Self.email))
            // when an hour and a second have passed
            app.clock = AppClock { TestApp.now.addingTimeInterval(3601) }
            let expired = try await web.get(path)
            let postExpired = try await web.post(path, [("newPassword", Self.newPassword), ("confirmPassword", Self.newPassword)])
            let unknown = try await web.get("/password/reset/not-a-real-token")
            // then
            #expect(expired.status == .gone)
            #expect(expired.body.contains("유효 시간(1시간)이 지났습니다"))
            #expect(postExpired.status == .gone)
            #expect(unknown.status == .notFound)
            #expect(unknown.body.contains("비밀번호 재설정 링크가 올바르지 않습니다"))
            let old = WebClient(app)
            try await old.login(Self.email)  // the password did not change
        }
    }

    @Test("a weak new password gets 422 with the field's message, and the link still works")
    func weakPasswordKeepsLink() async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            try await Self.request(web, email: Self.email)
            let path = try Self.path(of: try await Self.link(app, to: Self.email))
            try await web.get(path)
            // when
            let weak = try await web.post(path, [("newPassword", "short"), ("confirmPassword", "short")])
            let strong = try await web.post(path, [("newPassword", Self.newPassword), ("confirmPassword", Self.newPassword)])
            // then
            #expect(weak.status == .unprocessableEntity)
            #expect(weak.body.contains("비밀번호는 10자 이상이어야 합니다."))
            #expect(!weak.body.contains("value=\"short\""))
            #expect(strong.status == .seeOther)
        }
    }

    @Test("an inactive account gets no mail, and the same answer")
    func inactiveAccountGetsNoMail() async throws {
        try await TestApp.with { app in
            // given
            let user = try await TestApp.user(app, email: Self.email)
            user.active = false
            try await user.save(on: app.db)
            let web = WebClient(app)
            // when
            let page = try await Self.request(web, email: Self.email)
            let unknown = try await Self.request(web, email: "nobody@ieum.example")
            // then
            #expect(page.status == .ok)
            #expect(page.body == unknown.body)
            #expect(try await OutboxMail.query(on: app.db).count() == 0)
            #expect(try await PasswordReset.query(on: app.db).filter(\.$user.$id != nil).count() == 0)
        }
    }

    @Test("an account gets at most 3 mails an hour; an address gets 429 after 10 requests")
    func throttling() async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: Self.email)
            let web = WebClient(app)
            // when 5 requests for one account
            var pages: [WebClient.Page] = []
            for _ in 0..<5 { pages.append(try await Self.request(web, email: Self.email)) }
            // then the answer never changes, and only 3 mails go out
            #expect(pages.allSatisfy { $0.status == .ok && $0.body == pages[0].body })
            #expect(try await OutboxMail.query(on: app.db).count() == PasswordResetController.maxMailsPerAccount)
            // when the same address asks 5 more times (10 in the hour), then once more
            for n in 0..<5 { #expect(try await Self.request(web, email: "n\(n)@ieum.example").status == .ok) }
            let refused = try await Self.request(web, email: "late@ieum.example")
            // then
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers.first(name: .retryAfter) == "3600")
            #expect(refused.body.contains("요청이 너무 많습니다"))
            // an hour later the account may ask again
            app.clock = AppClock { TestApp.now.addingTimeInterval(3601) }
            #expect(try await Self.request(web, email: Self.email).status == .ok)
            #expect(try await OutboxMail.query(on: app.db).count() == PasswordResetController.maxMailsPerAccount + 1)
        }
    }

    @Test("an invalid e-mail is refused with 422 and what was typed is kept")
    func invalidEmailKeepsInput() async throws {
        try await TestApp.with { app in
            // given
            let web = WebClient(app)
            // when
            let page = try await Self.request(web, email: "not-an-email")
            // then
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("value=\"not-an-email\""))
            #expect(page.body.contains("이메일 주소를 입력하세요."))
        }
    }
}
