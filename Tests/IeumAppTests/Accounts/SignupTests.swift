import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// Self sign-up (issue 16, item 1): each consent shown in full and ticked on its own, its version
/// and time recorded; a single-use 24-hour link makes the account usable; the same answer whether
/// the address is new or taken; operators publish new versions of the texts.
@Suite("Sign-up")
struct SignupTests {
    static let email = "founder@newstartup.example"
    static let password = "우리 팀은 봄마다 새 공정을 시험합니다"

    /// The form's fields for a complete sign-up; `consents` ticks the named documents.
    static func fields(email: String = email, kind: String = "startup", consents: [LegalDocumentKind] = [.terms, .collection],
                       versions: [LegalDocumentKind: Int] = [.terms: 1, .collection: 1, .notices: 1]) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("kind", kind), ("name", "김하늘"), ("email", email), ("password", password), ("confirmPassword", password),
            ("phone", "010-1234-5678"), ("language", "ko"),
        ]
        for (kind, version) in versions {
            fields.append(("version" + kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst(), String(version)))
        }
        for kind in consents { fields.append(("consent" + kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst(), "yes")) }
        return fields
    }

    @discardableResult
    static func signUp(_ web: WebClient, _ fields: [(String, String)] = fields()) async throws -> WebClient.Page {
        try await web.get("/signup")
        return try await web.post("/signup", fields)
    }

    /// The first absolute link in the one mail to `address` whose subject contains `subject`.
    static func link(_ app: Application, to address: String, subject: String) async throws -> String {
        let mails = try await OutboxMail.query(on: app.db).filter(\.$toAddress == address).all().filter { $0.subject.contains(subject) }
        try #require(mails.count == 1)
        let body = mails[0].body
        let start = try #require(body.range(of: "http"))
        return String(body[start.lowerBound...].prefix { !$0.isWhitespace })
    }

    static func path(of link: String) throws -> String { try #require(URL(string: link)).path }

    @Test("the sign-in page and every public page link to /signup; the form shows each consent in full with its own box and links the policies")
    func formShowsConsentsInFull() async throws {
        try await TestApp.with { app in
            // given
            let web = WebClient(app)
            // when
            let login = try await web.get("/login")
            let calls = try await web.get("/calls")
            let form = try await web.get("/signup")
            // then
            #expect(login.body.contains("href=\"/signup\""))
            #expect(calls.body.contains("href=\"/signup\""))
            #expect(calls.body.contains("href=\"/legal/privacy\""))
            #expect(form.status == .ok)
            for text in ["수집·이용 항목", "수집·이용 목적", "보유·이용 기간", "제1조 (목적)", "프로그램 소식·행사 안내"] {
                #expect(form.body.contains(text), "\(text)")
            }
            for box in ["consentTerms", "consentCollection", "consentNotices"] {
                #expect(form.body.contains("name=\"\(box)\""), "\(box)")
            }
            #expect(form.body.contains("(선택)"))
            #expect(form.body.contains("href=\"/legal/privacy\""))
            #expect(form.body.contains("href=\"/legal/terms\""))
            for kind in SignupKind.allCases { #expect(form.body.contains("value=\"\(kind.rawValue)\"")) }
        }
    }

    @Test("without a required consent nothing is created, the form comes back 422 with what was typed (not the password)")
    func missingConsentKeepsInput() async throws {
        try await TestApp.with { app in
            // given
            let web = WebClient(app)
            // when: the collection consent is not ticked
            let page = try await Self.signUp(web, Self.fields(consents: [.terms]))
            // then
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("개인정보 수집·이용 동의에 동의해야 가입할 수 있습니다"))
            #expect(page.body.contains("value=\"김하늘\""))
            #expect(page.body.contains("value=\"\(Self.email)\""))
            #expect(page.body.contains("value=\"010-1234-5678\""))
            #expect(!page.body.contains(Self.password))
            #expect(try await User.query(on: app.db).filter(\.$email == Self.email).count() == 0)
            #expect(try await OutboxMail.query(on: app.db).count() == 0)
        }
    }

    @Test("a sign-up records each consent with its version and time, sends one absolute single-use link, and the account cannot sign in before it is followed")
    func signupRecordsConsentsAndWaitsForVerification() async throws {
        try await TestApp.with { app in
            // given
            let web = WebClient(app)
            // when
            let sent = try await Self.signUp(web)
            // then
            #expect(sent.status == .ok)
            #expect(sent.body.contains("id=\"signup-sent\""))
            let user = try #require(try await User.query(on: app.db).filter(\.$email == Self.email).first())
            #expect(user.emailVerifiedAt == nil)
            #expect(user.platformRole == .member)
            #expect(user.joinedAs == "startup")
            #expect(user.phone == "010-1234-5678")
            let consents = try await UserConsent.query(on: app.db).filter(\.$user.$id == user.requireID()).all()
            let byKind = Dictionary(uniqueKeysWithValues: consents.map { ($0.documentKind, $0) })
            #expect(byKind[.terms]?.accepted == true)
            #expect(byKind[.collection]?.accepted == true)
            #expect(byKind[.notices]?.accepted == false)
            #expect(consents.allSatisfy { $0.documentVersion == 1 && $0.decidedAt == TestApp.now })
            let link = try await Self.link(app, to: Self.email, subject: "이메일 주소 인증")
            #expect(link.hasPrefix(app.ieumConfiguration.baseURL.origin + "/signup/verify/"))
            let stored = try #require(try await EmailVerification.query(on: app.db).first())
            #expect(stored.expiresAt == TestApp.now.addingTimeInterval(24 * 3600))
            #expect(!link.contains(stored.tokenHash))

            // when the right password is typed before the link is followed
            let signIn = WebClient(app)
            try await signIn.get("/login")
            let refused = try await signIn.post("/login", [("email", Self.email), ("password", Self.password)])
            // then no session: the page says why and offers a new mail
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("이메일 인증을 마치지 않은 계정입니다"))
            #expect(refused.body.contains("id=\"resend-form\""))
            let account = try await signIn.get("/account")
            #expect(account.status != .ok)
            // a wrong password says nothing about verification
            let wrong = try await signIn.post("/login", [("email", Self.email), ("password", "not the password at all")])
            #expect(wrong.status == .unauthorized)
            #expect(!wrong.body.contains("이메일 인증"))
        }
    }

    @Test("opening the link spends nothing; its button verifies, signs in and leads to the next step; a second use gets 410")
    func linkVerifiesOnce() async throws {
        try await TestApp.with { app in
            // given
            let web = WebClient(app)
            try await Self.signUp(web)
            let path = try Self.path(of: try await Self.link(app, to: Self.email, subject: "이메일 주소 인증"))
            // when
            let opened = try await web.get(path)
            let openedAgain = try await web.get(path)
            let verified = try await web.post(path, [])
            // then
            #expect(opened.status == .ok)
            #expect(openedAgain.status == .ok)
            #expect(opened.body.contains("id=\"verify-form\""))
            #expect(verified.status == .seeOther)
            #expect(verified.headers.first(name: .location) == "/welcome")
            let welcome = try await web.get("/welcome")
            #expect(welcome.status == .ok)
            #expect(welcome.body.contains("id=\"register-organization\""))
            #expect(welcome.body.contains("href=\"/organizations/new?kind=startup\""))
            let user = try #require(try await User.query(on: app.db).filter(\.$email == Self.email).first())
            #expect(user.emailVerifiedAt == TestApp.now)
            // a second use of the same link
            let again = WebClient(app)
            let reused = try await again.get(path)
            #expect(reused.status == .gone)
            let reposted = try await web.post(path, [])
            #expect(reposted.status == .gone)
            // and the password now signs in
            let signIn = WebClient(app)
            try await signIn.login(Self.email, password: Self.password)
            #expect(try await signIn.get("/account").status == .ok)
        }
    }

    @Test("after 24 hours the link is refused with 410 and a form for a new one; the new link works")
    func expiredLinkOffersANewOne() async throws {
        try await TestApp.with { app in
            // given
            let web = WebClient(app)
            try await Self.signUp(web)
            let path = try Self.path(of: try await Self.link(app, to: Self.email, subject: "이메일 주소 인증"))
            // when a day and a minute pass
            let later = TestApp.now.addingTimeInterval(24 * 3600 + 60)
            app.clock = AppClock { later }
            let expired = try await web.get(path)
            let post = try await web.post(path, [])
            // then
            #expect(expired.status == .gone)
            #expect(post.status == .gone)
            #expect(expired.body.contains("/signup/resend"))
            #expect(try await User.query(on: app.db).filter(\.$email == Self.email).first()?.emailVerifiedAt == nil)
            // when a new link is asked for
            let resent = try await web.post("/signup/resend", [("email", Self.email)])
            #expect(resent.status == .ok)
            let mails = try await OutboxMail.query(on: app.db).filter(\.$toAddress == Self.email).sort(\.$createdAt).all()
            #expect(mails.count == 2)
            let body = try #require(mails.last?.body)
            let start = try #require(body.range(of: "http"))
            let fresh = try Self.path(of: String(body[start.lowerBound...].prefix { !$0.isWhitespace }))
            #expect(fresh != path)
            let verified = try await web.post(fresh, [])
            #expect(verified.status == .seeOther)
        }
    }

    @Test("an address that already has an account gets the same answer as a new one; no second account; its owner is told by mail")
    func takenAddressLooksTheSame() async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: "taken@ieum.example")
            // when
            let fresh = try await Self.signUp(WebClient(app), Self.fields(email: "new@ieum.example"))
            let taken = try await Self.signUp(WebClient(app), Self.fields(email: "taken@ieum.example"))
            // then
            #expect(fresh.status == taken.status)
            let masked = { (page: WebClient.Page, email: String) in
                page.body.replacingOccurrences(of: email, with: "X")
                    .replacingOccurrences(of: #"name="_csrf" value="[^"]*""#, with: "", options: .regularExpression)
            }
            #expect(masked(fresh, "new@ieum.example") == masked(taken, "taken@ieum.example"))
            #expect(try await User.query(on: app.db).filter(\.$email == "taken@ieum.example").count() == 1)
            let mail = try #require(try await OutboxMail.query(on: app.db).filter(\.$toAddress == "taken@ieum.example").first())
            #expect(mail.subject.contains("이미 가입된 이메일입니다"))
            #expect(mail.body.contains(app.ieumConfiguration.baseURL.origin + "/login"))
            #expect(try await EmailVerification.query(on: app.db).count() == 2)
        }
    }

    @Test("the eleventh sign-up from one address within an hour gets 429 with Retry-After")
    func signupsAreLimitedPerAddress() async throws {
        try await TestApp.with { app in
            // given ten sign-ups
            for n in 0..<Signups.maxPerAddress {
                let page = try await Self.signUp(WebClient(app), Self.fields(email: "person\(n)@ieum.example"))
                #expect(page.status == .ok)
            }
            // when
            let page = try await Self.signUp(WebClient(app), Self.fields(email: "one-more@ieum.example"))
            // then
            #expect(page.status == .tooManyRequests)
            #expect(page.headers.first(name: .retryAfter) == "3600")
            #expect(try await User.query(on: app.db).filter(\.$email == "one-more@ieum.example").count() == 0)
        }
    }

    @Test("a platform operator publishes a new version; the old one stays readable, earlier consents keep their version, and a form showing the old text is refused")
    func operatorsPublishVersions() async throws {
        try await TestApp.with { app in
            // given a form read before the new version
            try await TestApp.user(app, email: "platform@ieum.example", role: .operator)
            let visitor = WebClient(app)
            try await visitor.get("/signup")
            let op = WebClient(app)
            try await op.login("platform@ieum.example")
            try await op.get("/admin/legal")
            // when
            let published = try await op.post("/admin/legal/collection", [("bodyKo", "개인정보 수집·이용 동의 (필수) 2판\n- 수집·이용 항목: 이름, 이메일"),
                                                                         ("bodyEn", "Consent, version 2"), ("basedOn", "1")])
            // then
            #expect(published.status == .seeOther)
            let current = try await visitor.get("/legal/collection")
            #expect(current.body.contains("2판"))
            #expect(current.body.contains("/legal/collection?version=1"))
            let first = try await visitor.get("/legal/collection?version=1")
            #expect(first.body.contains("수집·이용 목적"))
            #expect(try await visitor.get("/legal/collection?version=9").status == .notFound)
            // the form filled with version 1 is refused and shows version 2
            let stale = try await visitor.post("/signup", Self.fields())
            #expect(stale.status == .unprocessableEntity)
            #expect(stale.body.contains("동의서가 새로 게시되었습니다"))
            #expect(stale.body.contains("개인정보 수집·이용 동의 (필수) 2판"))
            // with version 2 it goes through and records version 2
            let ok = try await visitor.post("/signup", Self.fields(versions: [.terms: 1, .collection: 2, .notices: 1]))
            #expect(ok.status == .ok)
            let user = try #require(try await User.query(on: app.db).filter(\.$email == Self.email).first())
            let consent = try #require(try await UserConsent.query(on: app.db).filter(\.$user.$id == user.requireID()).filter(\.$documentKind == .collection).first())
            #expect(consent.documentVersion == 2)
            // a stale publish (based on version 1 again) is refused, keeping the typed text
            let stalePublish = try await op.post("/admin/legal/collection", [("bodyKo", "3판 초안"), ("bodyEn", "draft 3"), ("basedOn", "1")])
            #expect(stalePublish.status == .unprocessableEntity)
            #expect(stalePublish.body.contains("3판 초안"))
            #expect(try await LegalDocument.query(on: app.db).filter(\.$kind == .collection).count() == 2)
        }
    }

    @Test("only platform operators manage the texts: an agency operator, a member and a visitor are refused")
    func onlyPlatformOperatorsPublish() async throws {
        try await TestApp.with { app in
            // given
            let agency = try await TestApp.organization(app, name: "서울경제진흥원", kind: .agency)
            try await TestApp.user(app, email: "agency-op@ieum.example", role: .operator, organization: agency)
            try await TestApp.user(app, email: "member@ieum.example")
            for email in ["agency-op@ieum.example", "member@ieum.example"] {
                let web = WebClient(app)
                try await web.login(email)
                // when
                let page = try await web.get("/admin/legal")
                let post = try await web.post("/admin/legal/terms", [("bodyKo", "바꾼 약관"), ("bodyEn", "changed"), ("basedOn", "1")])
                // then
                #expect(page.status == .forbidden, "\(email)")
                #expect(post.status == .forbidden, "\(email)")
            }
            let visitor = WebClient(app)
            try await visitor.get("/login")
            #expect(try await visitor.get("/admin/legal").status != .ok)
            #expect(try await LegalDocument.query(on: app.db).filter(\.$kind == .terms).count() == 1)
        }
    }

    @Test("a sign-up never verified within 7 days is deleted with its consents, links and mails; a verified one stays")
    func unverifiedSignupsArePurged() async throws {
        try await TestApp.with { app in
            // given one sign-up left unverified and one verified
            try await Self.signUp(WebClient(app), Self.fields(email: "never@ieum.example"))
            let web = WebClient(app)
            try await Self.signUp(web, Self.fields(email: "kept@ieum.example"))
            try await web.post(try Self.path(of: try await Self.link(app, to: "kept@ieum.example", subject: "이메일 주소 인증")), [])
            let never = try #require(try await User.query(on: app.db).filter(\.$email == "never@ieum.example").first())
            // when the job runs six days after the sign-up, then eight days after (`created_at` is the database's own clock)
            let base = app.ieumConfiguration.baseURL
            let created = try #require(never.createdAt)
            let early = try await PersonalDataRetention.run(on: app.db, now: created.addingTimeInterval(6 * 86_400), retentionDays: 1095, base: base)
            let late = try await PersonalDataRetention.run(on: app.db, now: created.addingTimeInterval(8 * 86_400), retentionDays: 1095, base: base)
            // then
            #expect(early.unverifiedRemoved == 0)
            #expect(late.unverifiedRemoved == 1)
            #expect(try await User.find(never.requireID(), on: app.db) == nil)
            #expect(try await UserConsent.query(on: app.db).filter(\.$user.$id == never.requireID()).count() == 0)
            #expect(try await EmailVerification.query(on: app.db).filter(\.$user.$id == never.requireID()).count() == 0)
            #expect(try await OutboxMail.query(on: app.db).filter(\.$toAddress == "never@ieum.example").count() == 0)
            #expect(try await User.query(on: app.db).filter(\.$email == "kept@ieum.example").count() == 1)
            // used verification links are gone a day later too
            #expect(try await EmailVerification.query(on: app.db).count() == 0)
        }
    }
}
