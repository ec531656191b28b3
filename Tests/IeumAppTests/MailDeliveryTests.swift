import Fluent
import Foundation
import IeumCore
import NIOCore
import Testing
import Vapor
@testable import IeumApp

/// Issue 16, item 7: e-mail that works with a real provider. Mails go through a real SMTP server
/// (aiosmtpd, see `MailPeer`) over STARTTLS or implicit TLS with the certificate checked against a
/// throw-away CA; links are absolute on `IEUM_BASE_URL`; each person reads their own language; the
/// log never holds an address or a body.
@Suite("Mail delivery: TLS to a real SMTP server, absolute links, the recipient's language")
struct MailDeliveryTests {
    static let base = "https://ieum.example.kr"

    // MARK: Through the real server

    @Test("a notice goes out over STARTTLS, certificate checked against the test CA, AUTH only after TLS, link absolute",
          .enabled(if: MailPeer.isAvailable))
    func deliveredOverStartTLS() async throws {
        let certificates = try TestCertificates.shared.get()
        try await MailPeer.with(.starttls, certificate: certificates.server.certificate, key: certificates.server.key) { peer in
            try await TestApp.with { app in
                // given
                try Self.configure(app, port: peer.port, tls: "starttls", caFile: certificates.caFile, login: true)
                let kim = try await TestApp.user(app, email: "kim@startup.example")
                let needID = UUID()
                try await Self.notice(app, to: kim, link: SiteURL.need(needID).path + "#apply")
                // when
                let report = try await Self.deliver(app)
                // then
                #expect(report == .init(sent: 1, logged: 0, retrying: 0, failed: 0))
                let mail = try #require(peer.mails.first)
                #expect(peer.mails.count == 1)
                #expect(mail.to == ["kim@startup.example"] && mail.from == "noreply@ieum.example")
                #expect(mail.tls && mail.authenticated)
                #expect(peer.authAttempts.map(\.tls) == [true] && peer.authAttempts.first?.login == "ieum")
                #expect(mail.subject == "[이음] 지원서 접수")
                #expect(mail.body.contains("새 지원서가 들어왔습니다."))
                #expect(Self.lines(mail.body).contains("\(Self.base)/needs/\(needID.uuidString)#apply"))
                #expect(try await OutboxMail.query(on: app.db).first()?.status == .sent)
            }
        }
    }

    @Test("a notice goes out over implicit TLS (port 465 style), the certificate checked", .enabled(if: MailPeer.isAvailable))
    func deliveredOverImplicitTLS() async throws {
        let certificates = try TestCertificates.shared.get()
        try await MailPeer.with(.tls, certificate: certificates.server.certificate, key: certificates.server.key) { peer in
            try await TestApp.with { app in
                // given
                try Self.configure(app, port: peer.port, tls: "tls", caFile: certificates.caFile, login: true)
                let kim = try await TestApp.user(app, email: "kim@startup.example")
                try await Self.notice(app, to: kim, link: SiteURL.inbox.path)
                // when
                let report = try await Self.deliver(app)
                // then
                #expect(report.sent == 1)
                let mail = try #require(peer.mails.first)
                #expect(mail.tls && mail.authenticated && mail.to == ["kim@startup.example"])
                #expect(Self.lines(mail.body).contains("\(Self.base)/inbox"))
            }
        }
    }

    @Test("a certificate the CA did not sign, or one for another host name, stops the mail; it is kept for a retry",
          .enabled(if: MailPeer.isAvailable), arguments: [("starttls", "untrusted"), ("tls", "untrusted"), ("starttls", "wrong host"), ("tls", "wrong host")])
    func untrustedServerGetsNothing(_ setup: (tls: String, certificate: String)) async throws {
        let certificates = try TestCertificates.shared.get()
        let served = setup.certificate == "untrusted" ? certificates.untrusted : certificates.wrongHost
        try await MailPeer.with(setup.tls == "tls" ? .tls : .starttls, certificate: served.certificate, key: served.key) { peer in
            try await TestApp.with { app in
                // given
                try Self.configure(app, port: peer.port, tls: setup.tls, caFile: certificates.caFile, login: true)
                let kim = try await TestApp.user(app, email: "kim@startup.example")
                try await Self.notice(app, to: kim, link: SiteURL.inbox.path)
                // when
                let report = try await Self.deliver(app)
                // then: not sent, no password offered, recorded as the job records any failure
                #expect(report == .init(sent: 0, logged: 0, retrying: 1, failed: 0))
                #expect(peer.mails.isEmpty && peer.authAttempts.isEmpty)
                let mail = try #require(try await OutboxMail.query(on: app.db).first())
                #expect(mail.status == .pending && mail.attempts == 1)
                #expect(mail.nextAttemptAt == TestApp.now.addingTimeInterval(NotificationJobs.backoff[0]))
                #expect(mail.lastError?.contains("TLS with the SMTP server failed") == true, "\(mail.lastError ?? "")")
            }
        }
    }

    @Test("IEUM_SMTP_TLS=starttls and a server without STARTTLS: nothing is sent, no AUTH in plain text", .enabled(if: MailPeer.isAvailable))
    func noDowngradeWithoutStartTLS() async throws {
        let certificates = try TestCertificates.shared.get()
        try await MailPeer.with(.plain) { peer in
            try await TestApp.with { app in
                // given
                try Self.configure(app, port: peer.port, tls: "starttls", caFile: certificates.caFile, login: true)
                let kim = try await TestApp.user(app, email: "kim@startup.example")
                try await Self.notice(app, to: kim, link: SiteURL.inbox.path)
                // when
                let report = try await Self.deliver(app)
                // then
                #expect(report.retrying == 1)
                #expect(peer.mails.isEmpty && peer.authAttempts.isEmpty)
                #expect(try await OutboxMail.query(on: app.db).first()?.lastError == SMTPError.startTLSNotOffered.description)
            }
        }
    }

    @Test("IEUM_SMTP_TLS=none reaches a relay on this machine without TLS", .enabled(if: MailPeer.isAvailable))
    func plainToLocalRelay() async throws {
        try await MailPeer.with(.plain) { peer in
            try await TestApp.with { app in
                // given
                try Self.configure(app, port: peer.port, tls: "none", caFile: nil, login: false)
                let kim = try await TestApp.user(app, email: "kim@startup.example")
                try await Self.notice(app, to: kim, link: SiteURL.inbox.path)
                // when
                let report = try await Self.deliver(app)
                // then
                #expect(report.sent == 1)
                let mail = try #require(peer.mails.first)
                #expect(!mail.tls && !mail.authenticated)
                #expect(Self.lines(mail.body).contains("\(Self.base)/inbox"))
            }
        }
    }

    @Test("a Korean reader gets a Korean mail, an English reader an English one", .enabled(if: MailPeer.isAvailable))
    func mailInTheRecipientsLanguage() async throws {
        let certificates = try TestCertificates.shared.get()
        try await MailPeer.with(.starttls, certificate: certificates.server.certificate, key: certificates.server.key) { peer in
            try await TestApp.with { app in
                // given
                try Self.configure(app, port: peer.port, tls: "starttls", caFile: certificates.caFile, login: false)
                let kim = try await TestApp.user(app, email: "kim@startup.example")
                let smith = try await TestApp.user(app, email: "smith@investor.example")
                smith.language = .en
                try await smith.save(on: app.db)
                try await Notifier.notify(users: [kim.id!, smith.id!], Self.message(link: SiteURL.dashboard.path), on: app.db, now: TestApp.now)
                // when
                let report = try await Self.deliver(app)
                // then
                #expect(report.sent == 2)
                let korean = try #require(peer.mails.first { $0.to == ["kim@startup.example"] })
                let english = try #require(peer.mails.first { $0.to == ["smith@investor.example"] })
                #expect(korean.subject == "[이음] 지원서 접수")
                #expect(korean.body.contains("새 지원서가 들어왔습니다.") && !korean.body.contains("A new application"))
                #expect(english.subject == "[Ieum] Application received")
                #expect(english.body.contains("A new application arrived.") && !english.body.contains("지원서"))
                for mail in [korean, english] {
                    #expect(mail.headers["content-type"]?.contains("charset") == true)
                    #expect(Self.lines(mail.body).contains("\(Self.base)/dashboard"))
                }
            }
        }
    }

    @Test("the log names mails by id: no address, subject or body when a mail is sent, refused or kept", .enabled(if: MailPeer.isAvailable))
    func logHoldsNoAddressOrBody() async throws {
        let certificates = try TestCertificates.shared.get()
        let log = CapturedLog()
        var ids: [UUID] = []
        for outcome in ["sent", "refused", "kept"] {
            let served = outcome == "refused" ? certificates.untrusted : certificates.server
            try await MailPeer.with(.starttls, certificate: served.certificate, key: served.key) { peer in
                try await TestApp.with { app in
                    // given
                    if outcome != "kept" {
                        try Self.configure(app, port: peer.port, tls: "starttls", caFile: certificates.caFile, login: true)
                    }
                    let kim = try await TestApp.user(app, email: "kim.secret@startup.example")
                    try await Self.notice(app, to: kim, link: SiteURL.inbox.path)
                    // when
                    let report = try await NotificationJobs.deliverOutbox(on: app.db, now: TestApp.now, worker: "w", transport: app.mailTransport,
                                                                          links: app.ieumConfiguration.baseURL, logger: log.logger)
                    // then
                    #expect(report.sent + report.retrying + report.logged == 1)
                    #expect(outcome != "sent" || peer.mails.count == 1)
                    ids += try await OutboxMail.query(on: app.db).all().map { try $0.requireID() }
                }
            }
        }
        #expect(ids.count == 3)
        for id in ids { #expect(log.lines.contains { $0.contains(id.uuidString) }, "mail \(id) is named in the log") }
        for secret in ["kim.secret", "startup.example", "새 지원서", "지원서 접수", "Subject:"] {
            #expect(!log.lines.contains { $0.contains(secret) }, "the log holds '\(secret)': \(log.lines)")
        }
    }

    // MARK: Configuration

    @Test("IEUM_BASE_URL must be an absolute http(s) URL with a host and nothing after it; the start stops with its name", arguments: [
        "ieum.example.kr", "ftp://ieum.example.kr", "https://", "https://ieum.example.kr/?next=/", "https://ieum.example.kr/#top",
        "https://admin:pw@ieum.example.kr", "https://ieum.example.kr/ieum", "https://ieum example.kr", "https://이음.kr", "/needs",
    ])
    func invalidBaseURLStops(_ raw: String) {
        // when
        let result = Result { () throws(Configuration.ProblemList) -> Configuration in try Configuration.fromEnvironment(["IEUM_BASE_URL": raw]) }
        // then
        guard case .failure(let list) = result else {
            Issue.record("'\(raw)' was accepted")
            return
        }
        #expect(list.problems.map(\.variable) == ["IEUM_BASE_URL"])
        #expect(list.description.contains("IEUM_BASE_URL: "))
    }

    @Test("a valid IEUM_BASE_URL is kept as scheme, host and port; without it links name the local address", arguments: [
        ("https://ieum.example.kr", "https://ieum.example.kr"), ("https://ieum.example.kr/", "https://ieum.example.kr"),
        ("HTTPS://Ieum.Example.KR:8443/", "https://ieum.example.kr:8443"), ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ])
    func validBaseURL(_ pair: (String, String)) throws {
        // when
        let config = try Configuration.fromEnvironment(["IEUM_BASE_URL": pair.0])
        // then
        #expect(config.baseURL.origin == pair.1 && !config.baseURLIsDefault)
        #expect(SiteURL.need(UUID(uuidString: "00000000-0000-0000-0000-000000000001")!).absolute(base: config.baseURL)
                == pair.1 + "/needs/00000000-0000-0000-0000-000000000001")
    }

    @Test("without IEUM_BASE_URL: http://127.0.0.1:PORT, enough for a demo but not for serving mail to people")
    func defaultBaseURL() throws {
        // given
        let local = try Configuration.fromEnvironment(["HOST": "0.0.0.0", "PORT": "9090"])
        let mailing = try Configuration.fromEnvironment(["IEUM_SMTP_HOST": "smtp.example", "IEUM_SMTP_FROM": "noreply@ieum.example"])
        let configured = try Configuration.fromEnvironment(["IEUM_SMTP_HOST": "smtp.example", "IEUM_SMTP_FROM": "noreply@ieum.example",
                                                            "IEUM_BASE_URL": Self.base])
        // then
        #expect(local.baseURL.origin == "http://127.0.0.1:9090" && local.baseURLIsDefault)
        #expect(local.servingProblems(demo: false).isEmpty)
        #expect(mailing.servingProblems(demo: false).map(\.variable) == ["IEUM_BASE_URL"])
        #expect(mailing.servingProblems(demo: true).isEmpty)
        #expect(configured.servingProblems(demo: false).isEmpty)
    }

    @Test("IEUM_SMTP_TLS and IEUM_SMTP_CA_FILE: starttls by default, a password never in plain text to another machine")
    func tlsSettings() throws {
        let smtp = ["IEUM_SMTP_HOST": "smtp.example", "IEUM_SMTP_FROM": "noreply@ieum.example"]
        let login = ["IEUM_SMTP_USERNAME": "ieum", "IEUM_SMTP_PASSWORD": "secret"]
        func problems(_ env: [String: String]) -> [String] {
            do {
                _ = try Configuration.fromEnvironment(env)
                return []
            } catch {
                return error.problems.map(\.variable)
            }
        }
        #expect(try Configuration.fromEnvironment(smtp).smtp?.tls == .starttls)
        #expect(try Configuration.fromEnvironment(smtp.merging(["IEUM_SMTP_TLS": "TLS"]) { $1 }).smtp?.tls == .tls)
        #expect(problems(smtp.merging(["IEUM_SMTP_TLS": "ssl"]) { $1 }) == ["IEUM_SMTP_TLS"])
        #expect(problems(smtp.merging(login) { $1 }.merging(["IEUM_SMTP_TLS": "none"]) { $1 }) == ["IEUM_SMTP_TLS"])
        let local = ["IEUM_SMTP_HOST": "127.0.0.1", "IEUM_SMTP_FROM": "noreply@ieum.example", "IEUM_SMTP_TLS": "none"]
        #expect(try Configuration.fromEnvironment(local.merging(login) { $1 }).smtp?.tls == .plain)
        #expect(problems(smtp.merging(["IEUM_SMTP_CA_FILE": "/nonexistent/ca.pem"]) { $1 }) == ["IEUM_SMTP_CA_FILE"])
        #expect(problems(["IEUM_SMTP_TLS": "tls"]) == ["IEUM_SMTP_HOST"])
    }

    // MARK: Calendar files

    @Test(".ics files link to the agenda with an absolute URL on IEUM_BASE_URL; no relative path in them")
    func calendarLinksAbsolute() async throws {
        try await TestApp.with { app in
            // given: S1 and B1 agreed to meet, and the meeting is scheduled
            app.ieumConfiguration.baseURL = try BaseURL.parse(Self.base)
            let f = try await MeetingFixture.make(app, cap: 5)
            let s1 = try await f.actor(app, f.s1), b1 = try await f.actor(app, f.b1)
            let request = try await MeetingService.sendRequest(f.event, to: f.b1.id, message: "", by: s1, on: app.db, now: MeetingFixture.now)
            try await MeetingService.respond(f.event, requestID: request.id, accept: true, by: b1, on: app.db, now: MeetingFixture.now)
            _ = try await MeetingService.schedule(f.event, keepConfirmed: true, by: try await f.op(app), on: app.db, now: MeetingFixture.now)
            let meeting = try #require(try await f.meetings(app).first)
            let eventID = try f.event.requireID().uuidString
            let web = try await f.client(app, f.email(f.s1))
            for path in ["/meetings/\(eventID)/calendar.ics", "/meetings/\(eventID)/meetings/\(try meeting.requireID().uuidString)/calendar.ics"] {
                // when
                let ics = try await web.get(path)
                // then
                #expect(ics.status == .ok, "\(path)")
                let unfolded = ics.body.replacingOccurrences(of: "\r\n ", with: "")
                #expect(unfolded.contains("\(Self.base)/meetings/\(eventID)/agenda"), "\(path)")
                let urls = unfolded.matches(of: /https?:\/\/[^\s\\,;]+/).map { String($0.output) }
                #expect(!urls.isEmpty)
                #expect(urls.allSatisfy { $0.hasPrefix(Self.base + "/") || $0.hasPrefix("https://meet.example/") }, "\(urls)")
                // Every site path in the file is part of an absolute URL.
                let paths = unfolded.matches(of: /[^\/a-z.:]\/meetings\//).count
                #expect(paths == 0, "a relative /meetings/ path in \(path)")
            }
        }
    }

    // MARK: Helpers

    /// SMTP settings read from the environment as `ieum serve` reads them, put into the test app.
    static func configure(_ app: Application, port: Int, tls: String, caFile: String?, login: Bool) throws {
        var env = ["IEUM_SMTP_HOST": "127.0.0.1", "IEUM_SMTP_PORT": String(port), "IEUM_SMTP_FROM": "noreply@ieum.example",
                   "IEUM_SMTP_TLS": tls, "IEUM_BASE_URL": base]
        if let caFile { env["IEUM_SMTP_CA_FILE"] = caFile }
        if login {
            env["IEUM_SMTP_USERNAME"] = "ieum"
            env["IEUM_SMTP_PASSWORD"] = "secret"
        }
        let read = try Configuration.fromEnvironment(env)
        var smtp = try #require(read.smtp)
        smtp.timeout = .seconds(10)
        app.ieumConfiguration.smtp = smtp
        app.ieumConfiguration.baseURL = read.baseURL
    }

    static func message(link: String) -> Notifier.Message {
        Notifier.Message(kind: .applicationReceived, title: Localized("지원서 접수", "Application received"),
                         body: Localized("새 지원서가 들어왔습니다.", "A new application arrived."), link: link)
    }

    static func notice(_ app: Application, to user: User, link: String) async throws {
        try await Notifier.notify(users: [try user.requireID()], message(link: link), on: app.db, now: TestApp.now)
    }

    static func deliver(_ app: Application) async throws -> NotificationJobs.DeliveryReport {
        try await NotificationJobs.deliverOutbox(on: app.db, now: TestApp.now, worker: "w", transport: app.mailTransport,
                                                 links: app.ieumConfiguration.baseURL, logger: app.logger)
    }

    static func lines(_ body: String) -> [String] {
        // "\r\n" is one Character in Swift, so split on any line break rather than on "\n".
        body.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
