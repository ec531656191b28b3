import Fluent
import Foundation
import IeumCore
import NIOConcurrencyHelpers
import NIOPosix
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// The inbox page, deadline reminders, outbox delivery and the SMTP client.
@Suite("Notifications")
struct NotificationTests {
    static let day: TimeInterval = 24 * 60 * 60

    // MARK: inbox page

    @Test("the inbox lists only the person's own messages, newest first, in the page language, unread ones marked")
    func inboxShowsOwnMessages() async throws {
        try await TestApp.with { app in
            // given
            let kim = try await TestApp.user(app, email: "kim@ieum.example")
            let lee = try await TestApp.user(app, email: "lee@ieum.example")
            let older = try await Self.message(app, to: kim, title: ("오래된 알림", "Older message"), at: TestApp.now.addingTimeInterval(-Self.day), read: true)
            let newer = try await Self.message(app, to: kim, title: ("새 지원서 접수", "New application"), at: TestApp.now)
            try await Self.message(app, to: lee, title: ("다른 사람 알림", "Someone else's"), at: TestApp.now)
            let web = WebClient(app)
            try await web.login("kim@ieum.example")
            // when
            let korean = try await web.get("/inbox")
            let english = try await web.get("/inbox?lang=en")
            // then
            #expect(korean.status == .ok)
            let body = korean.body
            let newerAt = try #require(body.range(of: "새 지원서 접수"))
            let olderAt = try #require(body.range(of: "오래된 알림"))
            #expect(newerAt.lowerBound < olderAt.lowerBound)
            #expect(!body.contains("다른 사람 알림"))
            #expect(body.contains("읽지 않은 알림 1건"))
            #expect(body.contains("2026-03-02 10:00 (한국시간)"))
            #expect(body.contains("2026-03-01 10:00 (한국시간)"))
            #expect(body.contains("href=\"/needs/"))
            // only the unread message carries the badge and its own mark-as-read form
            let newerItem = try Self.item(newer, in: body)
            let olderItem = try Self.item(older, in: body)
            #expect(body.contains("class=\"card inbox-item unread\" id=\"message-\(newer.id!.uuidString)\""))
            #expect(body.contains("class=\"card inbox-item\" id=\"message-\(older.id!.uuidString)\""))
            #expect(newerItem.contains("새 알림"))
            #expect(newerItem.contains("name=\"id\" value=\"\(newer.id!.uuidString)\""))
            #expect(!olderItem.contains("새 알림"))
            #expect(!olderItem.contains("name=\"id\""))
            #expect(english.body.contains("New application"))
            #expect(english.body.contains("(Seoul)"))
            #expect(!english.body.contains("새 지원서 접수"))
        }
    }

    @Test("a visitor is not shown any inbox")
    func inboxNeedsSignIn() async throws {
        try await TestApp.with { app in
            // given
            let kim = try await TestApp.user(app, email: "kim@ieum.example")
            try await Self.message(app, to: kim, title: ("비밀 알림", "Secret"), at: TestApp.now)
            // when
            let page = try await WebClient(app).get("/inbox")
            // then
            #expect(page.status != .ok)
            #expect(!page.body.contains("비밀 알림"))
        }
    }

    @Test("POST /inbox/read marks one message by id, then all; someone else's or an unknown id answers 404")
    func markRead() async throws {
        try await TestApp.with { app in
            // given
            let kim = try await TestApp.user(app, email: "kim@ieum.example")
            let lee = try await TestApp.user(app, email: "lee@ieum.example")
            let first = try await Self.message(app, to: kim, title: ("하나", "One"), at: TestApp.now)
            let second = try await Self.message(app, to: kim, title: ("둘", "Two"), at: TestApp.now.addingTimeInterval(-60))
            let third = try await Self.message(app, to: kim, title: ("셋", "Three"), at: TestApp.now.addingTimeInterval(-120))
            let lees = try await Self.message(app, to: lee, title: ("이씨 알림", "Lee's"), at: TestApp.now)
            let web = WebClient(app)
            try await web.login("kim@ieum.example")
            try await web.get("/inbox")
            // when
            let one = try await web.post("/inbox/read", [("id", first.id!.uuidString)])
            let foreign = try await web.post("/inbox/read", [("id", lees.id!.uuidString)])
            let unknown = try await web.post("/inbox/read", [("id", UUID().uuidString)])
            let garbage = try await web.post("/inbox/read", [("id", "not-a-uuid")])
            // then
            #expect(one.status == .seeOther)
            #expect(one.headers.first(name: .location) == "/inbox")
            #expect(foreign.status == .notFound)
            #expect(unknown.status == .notFound)
            #expect(garbage.status == .notFound)
            #expect(try await Self.readAt(first, app) == TestApp.now)
            #expect(try await Self.readAt(second, app) == nil)
            #expect(try await Self.readAt(lees, app) == nil)
            #expect(try await web.get("/inbox").body.contains("읽지 않은 알림 2건"))

            // when
            let all = try await web.post("/inbox/read", [])
            // then
            #expect(all.status == .seeOther)
            #expect(try await Self.readAt(second, app) == TestApp.now)
            #expect(try await Self.readAt(third, app) == TestApp.now)
            #expect(try await Self.readAt(lees, app) == nil)
            let page = try await web.get("/inbox")
            #expect(page.body.contains("읽지 않은 알림 0건"))
            #expect(page.body.contains("모든 알림을 읽음으로 표시했습니다."))
        }
    }

    @Test("marking read without the CSRF token is refused")
    func markReadNeedsCSRF() async throws {
        try await TestApp.with { app in
            // given
            let kim = try await TestApp.user(app, email: "kim@ieum.example")
            let message = try await Self.message(app, to: kim, title: ("하나", "One"), at: TestApp.now)
            let web = WebClient(app)
            try await web.login("kim@ieum.example")
            // when
            let response = try await web.post("/inbox/read", [], csrf: false)
            // then
            #expect(response.status == .forbidden)
            #expect(try await Self.readAt(message, app) == nil)
        }
    }

    // MARK: deadline reminders

    @Test("reminders reach drafting and invited-but-not-applied startups of needs closing within 3 days, once per person")
    func deadlineReminders() async throws {
        try await TestApp.with { app in
            // given
            let world = try await ReminderWorld.make(app)
            // when
            let first = try await NotificationJobs.remindDeadlines(on: app.db, now: TestApp.now)
            let second = try await NotificationJobs.remindDeadlines(on: app.db, now: TestApp.now.addingTimeInterval(30))
            // then
            let messages = try await InboxMessage.query(on: app.db).filter(\.$kind == .deadlineSoon).all()
            let byUser = Dictionary(grouping: messages, by: \.userID).mapValues { $0.map(\.link).sorted() }
            let soon = SiteURL.need(world.closingSoon.id!).path
            let viaCall = SiteURL.need(world.closingWithCall.id!).path
            #expect(byUser[world.drafter.id!] == [soon, viaCall].sorted())
            #expect(byUser[world.drafterColleague.id!] == [soon, viaCall].sorted())
            #expect(byUser[world.invitee.id!] == [soon])
            #expect(byUser[world.submitter.id!] == nil)
            #expect(byUser[world.outsider.id!] == nil)
            #expect(first == 5)
            #expect(second == 0)
            let reminder = try #require(messages.first { $0.userID == world.invitee.id! })
            #expect(reminder.titleKo == "마감 임박: 스마트공장 예지보전")
            #expect(reminder.titleEn == "Deadline soon: Predictive maintenance")
            #expect(reminder.bodyKo.contains("2026-03-04 10:00 (한국시간)"))
            #expect(reminder.dedupeKey == "deadline3:\(world.closingSoon.id!.uuidString):\(world.invitee.id!.uuidString)")
            #expect(try await OutboxMail.query(on: app.db).count() == 5)

            // when: an hour later the need closing in 3 days and 1 minute enters the window
            let later = try await NotificationJobs.remindDeadlines(on: app.db, now: TestApp.now.addingTimeInterval(3600))
            // then
            #expect(later == 3)
            let laterLink = SiteURL.need(world.closingLater.id!).path
            #expect(try await InboxMessage.query(on: app.db).filter(\.$link == laterLink).all().map(\.userID).sorted { $0.uuidString < $1.uuidString }
                == [world.drafter.id!, world.drafterColleague.id!, world.invitee.id!].sorted { $0.uuidString < $1.uuidString })
        }
    }

    @Test("two instances reminding at the same moment still write one message and one mail per person and need")
    func deadlineRemindersConcurrently() async throws {
        try await TestApp.with { app in
            // given
            _ = try await ReminderWorld.make(app)
            // when
            let (first, second) = await TestApp.atOnce(
                { await Self.outcome { try await NotificationJobs.remindDeadlines(on: app.db, now: TestApp.now) } },
                { await Self.outcome { try await NotificationJobs.remindDeadlines(on: app.db, now: TestApp.now) } })
            // then: whichever way the two interleaved, both finish and nothing is doubled or lost
            #expect(try first.get() + second.get() == 5)
            let messages = try await InboxMessage.query(on: app.db).filter(\.$kind == .deadlineSoon).all()
            #expect(messages.count == 5)
            #expect(Set(messages.compactMap(\.dedupeKey)).count == 5)
            #expect(try await OutboxMail.query(on: app.db).count() == 5)
            #expect(try await NotificationJobs.remindDeadlines(on: app.db, now: TestApp.now) == 0)
        }
    }

    // MARK: outbox delivery

    @Test("with no SMTP server configured, a due mail is marked logged and written to the log")
    func deliveryWithoutSMTPLogs() async throws {
        try await TestApp.with { app in
            // given
            let kim = try await TestApp.user(app, email: "kim@ieum.example")
            try await Notifier.notify(users: [kim.id!], .init(kind: .invitation, title: Localized("지원 초대", "Invited"),
                                                               body: Localized("초대합니다", "You are invited"), link: "/needs"), on: app.db, now: TestApp.now)
            let log = LogRecorder()
            #expect(app.mailTransport == nil)
            // when
            let report = try await NotificationJobs.deliverOutbox(on: app.db, now: TestApp.now, worker: "w1", transport: app.mailTransport, links: app.ieumConfiguration.baseURL, logger: log.logger)
            let again = try await NotificationJobs.deliverOutbox(on: app.db, now: TestApp.now, worker: "w1", transport: nil, links: app.ieumConfiguration.baseURL, logger: log.logger)
            // then
            #expect(report == .init(sent: 0, logged: 1, retrying: 0, failed: 0))
            #expect(again == .init())
            let mail = try #require(try await OutboxMail.query(on: app.db).first())
            #expect(mail.status == .logged)
            #expect(mail.sentAt == TestApp.now)
            #expect(mail.attempts == 1)
            #expect(mail.claimedBy == "w1")
            // The mail stays in the outbox; the log names it by id, never by address or body.
            #expect(log.messages.contains { $0.contains(mail.id!.uuidString) })
            #expect(!log.messages.contains { $0.contains("kim@ieum.example") || $0.contains("초대합니다") })
        }
    }

    @Test("two workers delivering at once send every mail exactly once")
    func concurrentWorkersDeliverOnce() async throws {
        try await TestApp.with { app in
            // given
            let ids = try await Self.pendingMails(app, count: 30)
            let transport = RecordingTransport()
            let log = LogRecorder()
            // when
            let results = try await TestApp.atOnce(2) { n in
                try await NotificationJobs.deliverOutbox(on: app.db, now: TestApp.now, worker: n == 0 ? "worker-a" : "worker-b", transport: transport, links: app.ieumConfiguration.baseURL, logger: log.logger)
            }
            let (ra, rb) = (results[0], results[1])
            // then
            let counts = Dictionary(grouping: transport.sent.map(\.id), by: { $0 }).mapValues(\.count)
            #expect(Set(counts.keys) == Set(ids))
            #expect(counts.values.allSatisfy { $0 == 1 })
            #expect(ra.sent + rb.sent == 30)
            let mails = try await OutboxMail.query(on: app.db).all()
            #expect(mails.allSatisfy { $0.status == .sent && $0.attempts == 1 })
            #expect(Set(mails.compactMap(\.claimedBy)).isSubset(of: ["worker-a", "worker-b"]))
        }
    }

    @Test("a failing send is retried later with growing waits and marked failed after the 5th attempt")
    func failuresBackOffThenFail() async throws {
        try await TestApp.with { app in
            // given
            let id = try #require(try await Self.pendingMails(app, count: 1).first)
            let transport = RecordingTransport(failure: SMTPError.rejected(command: "MAIL", code: 451, text: "try later"))
            let log = LogRecorder()
            var now = TestApp.now
            var waits: [TimeInterval] = []
            // when
            for _ in 1...4 {
                let report = try await NotificationJobs.deliverOutbox(on: app.db, now: now, worker: "w", transport: transport, links: app.ieumConfiguration.baseURL, logger: log.logger)
                #expect(report.retrying == 1)
                let mail = try #require(try await OutboxMail.find(id, on: app.db))
                #expect(mail.status == .pending)
                let next = try #require(mail.nextAttemptAt)
                waits.append(next.timeIntervalSince(now))
                // not due yet: nothing happens
                #expect(try await NotificationJobs.deliverOutbox(on: app.db, now: next.addingTimeInterval(-1), worker: "w", transport: transport, links: app.ieumConfiguration.baseURL, logger: log.logger) == .init())
                now = next
            }
            let last = try await NotificationJobs.deliverOutbox(on: app.db, now: now, worker: "w", transport: transport, links: app.ieumConfiguration.baseURL, logger: log.logger)
            // then
            #expect(waits == [60, 300, 1800, 7200])
            #expect(last.failed == 1)
            let mail = try #require(try await OutboxMail.find(id, on: app.db))
            #expect(mail.status == .failed)
            #expect(mail.attempts == 5)
            #expect(mail.lastError?.contains("451 try later") == true)
            #expect(transport.sent.count == 5)
            #expect(try await NotificationJobs.deliverOutbox(on: app.db, now: now.addingTimeInterval(Self.day), worker: "w", transport: transport, links: app.ieumConfiguration.baseURL, logger: log.logger) == .init())
        }
    }

    @Test("a permanent refusal (5xx) fails the mail at once")
    func permanentFailure() async throws {
        try await TestApp.with { app in
            // given
            let id = try #require(try await Self.pendingMails(app, count: 1).first)
            let transport = RecordingTransport(failure: SMTPError.rejected(command: "RCPT", code: 550, text: "no such user"))
            // when
            let report = try await NotificationJobs.deliverOutbox(on: app.db, now: TestApp.now, worker: "w", transport: transport, links: app.ieumConfiguration.baseURL, logger: LogRecorder().logger)
            // then
            #expect(report.failed == 1)
            let mail = try #require(try await OutboxMail.find(id, on: app.db))
            #expect(mail.status == .failed)
            #expect(mail.attempts == 1)
        }
    }

    @Test("a mail left in sending for over 15 minutes is marked failed, not sent again")
    func abandonedMailsFail() async throws {
        try await TestApp.with { app in
            // given
            let ids = try await Self.pendingMails(app, count: 2)
            for (id, minutesAgo) in zip(ids, [16.0, 5.0]) {
                let mail = try #require(try await OutboxMail.find(id, on: app.db))
                mail.status = .sending
                mail.claimedBy = "crashed"
                mail.claimedAt = TestApp.now.addingTimeInterval(-minutesAgo * 60)
                try await mail.save(on: app.db)
            }
            let transport = RecordingTransport()
            // when
            let swept = try await NotificationJobs.failAbandonedMails(on: app.db, now: TestApp.now)
            let report = try await NotificationJobs.deliverOutbox(on: app.db, now: TestApp.now, worker: "w", transport: transport, links: app.ieumConfiguration.baseURL, logger: LogRecorder().logger)
            // then
            #expect(swept == 1)
            #expect(report == .init())
            #expect(transport.sent.isEmpty)
            let old = try #require(try await OutboxMail.find(ids[0], on: app.db))
            let recent = try #require(try await OutboxMail.find(ids[1], on: app.db))
            #expect(old.status == .failed)
            #expect(old.lastError?.contains("more than 15 minutes") == true)
            #expect(recent.status == .sending)
        }
    }

    @Test("one round of the loop's work delivers through the app's transport")
    func runOnceUsesAppTransport() async throws {
        try await TestApp.with { app in
            // given
            _ = try await ReminderWorld.make(app)
            let transport = RecordingTransport()
            app.mailTransport = transport
            // when
            await NotificationJobs.runOnce(app, worker: "loop")
            // then
            #expect(transport.sent.count == 5)
            #expect(try await OutboxMail.query(on: app.db).filter(\.$status == .sent).count() == 5)
        }
    }

    @Test("the background loop runs rounds until stopped, and stopping waits for the round in progress")
    func loopStartsAndStops() async throws {
        try await TestApp.with { app in
            // given
            _ = try await Self.pendingMails(app, count: 3)
            let transport = RecordingTransport()
            app.mailTransport = transport
            // when
            let loop = NotificationJobs.start(app, interval: .milliseconds(20))
            for _ in 0..<250 where transport.sent.count < 3 { try await Task.sleep(for: .milliseconds(20)) }
            await loop.stop()
            _ = try await Self.pendingMails(app, count: 1)
            try await Task.sleep(for: .milliseconds(100))
            // then: three sent while running, none after the stop
            #expect(transport.sent.count == 3)
            #expect(try await OutboxMail.query(on: app.db).filter(\.$status == .sending).count() == 0)
            #expect(try await OutboxMail.query(on: app.db).filter(\.$status == .pending).count() == 1)
        }
    }

    // MARK: SMTP

    @Test("the SMTP client sends the envelope, an RFC 2047 Korean subject and a dot-stuffed 8bit UTF-8 body")
    func smtpSendsEightBit() async throws {
        try await SMTPTestServer.with { server in
            // given
            let client = SMTPClient(settings: .init(host: "127.0.0.1", port: server.port, from: "noreply@ieum.example", tls: .plain), group: MultiThreadedEventLoopGroup.singleton)
            let subject = "[이음] 마감 임박: 스마트공장 예지보전 수요과제 — 지원서를 제출하세요 (2026-03-04)"
            let body = "안녕하세요.\n.숨은 줄\n.\n..두 점\r\n마지막 줄"
            // when
            try await client.send(MailEnvelope(id: UUID(), to: "kim@startup.example", subject: subject, body: body, date: TestApp.now))
            // then
            let mail = try #require(server.mails.first)
            #expect(server.mails.count == 1)
            #expect(mail.from == "noreply@ieum.example")
            #expect(mail.recipients == ["kim@startup.example"])
            #expect(server.commands.contains("MAIL FROM:<noreply@ieum.example> BODY=8BITMIME"))
            #expect(server.commands.first == "EHLO ieum.localhost")
            #expect(server.commands.last == "QUIT")
            #expect(!server.commands.contains { $0.hasPrefix("AUTH") })
            let headers = mail.headers
            #expect(headers["subject"]?.hasPrefix("=?UTF-8?B?") == true)
            #expect(SMTPTestServer.decodeEncodedWords(headers["subject"] ?? "") == subject)
            #expect(mail.rawDataLines.filter { $0.hasPrefix("Subject:") || $0.hasPrefix(" =?UTF-8?B?") }.allSatisfy { $0.utf8.count <= 76 })
            #expect(headers["content-type"] == "text/plain; charset=UTF-8")
            #expect(headers["content-transfer-encoding"] == "8bit")
            #expect(headers["to"] == "kim@startup.example")
            #expect(headers["date"] == "Mon, 2 Mar 2026 10:00:00 +0900")
            #expect(mail.rawDataLines.contains("..숨은 줄"))
            #expect(mail.rawDataLines.contains(".."))
            #expect(mail.rawDataLines.contains("...두 점"))
            #expect(mail.bodyLines == ["안녕하세요.", ".숨은 줄", ".", "..두 점", "마지막 줄"])
        }
    }

    @Test("without 8BITMIME the body goes base64; offered AUTH PLAIN is used with the configured account")
    func smtpBase64AndAuth() async throws {
        try await SMTPTestServer.with(.init(eightBitMIME: false, auth: ["LOGIN", "PLAIN"])) { server in
            // given
            let settings = SMTPSettings(host: "127.0.0.1", port: server.port, from: "noreply@ieum.example", username: "ieum", password: "s3cret", tls: .plain)
            let client = SMTPClient(settings: settings, group: MultiThreadedEventLoopGroup.singleton)
            // when
            try await client.send(MailEnvelope(id: UUID(), to: "lee@demand.example", subject: "Plain subject", body: "한글 본문\n.점", date: TestApp.now))
            // then
            let mail = try #require(server.mails.first)
            #expect(server.commands.contains("AUTH PLAIN " + Data("\0ieum\0s3cret".utf8).base64EncodedString()))
            #expect(server.commands.contains("MAIL FROM:<noreply@ieum.example>"))
            #expect(mail.headers["content-transfer-encoding"] == "base64")
            #expect(mail.headers["subject"] == "Plain subject")
            let decoded = Data(base64Encoded: mail.bodyLines.joined())
            #expect(decoded.map { String(decoding: $0, as: UTF8.self) } == "한글 본문\r\n.점")
        }
    }

    @Test("AUTH LOGIN when it is the only mechanism; no AUTH when the server offers none")
    func smtpAuthLoginAndNone() async throws {
        let settings = { (port: Int) in
            SMTPSettings(host: "127.0.0.1", port: port, from: "noreply@ieum.example", username: "ieum", password: "s3cret", tls: .plain)
        }
        try await SMTPTestServer.with(.init(auth: ["LOGIN"])) { server in
            try await SMTPClient(settings: settings(server.port), group: MultiThreadedEventLoopGroup.singleton)
                .send(MailEnvelope(id: UUID(), to: "a@b.example", subject: "s", body: "b", date: TestApp.now))
            #expect(server.commands.contains("AUTH LOGIN"))
            #expect(server.commands.contains(Data("ieum".utf8).base64EncodedString()))
            #expect(server.commands.contains(Data("s3cret".utf8).base64EncodedString()))
            #expect(server.mails.count == 1)
        }
        try await SMTPTestServer.with { server in
            try await SMTPClient(settings: settings(server.port), group: MultiThreadedEventLoopGroup.singleton)
                .send(MailEnvelope(id: UUID(), to: "a@b.example", subject: "s", body: "b", date: TestApp.now))
            #expect(!server.commands.contains { $0.hasPrefix("AUTH") })
            #expect(server.mails.count == 1)
        }
    }

    @Test("a refused recipient is a permanent error; a silent server times out")
    func smtpErrors() async throws {
        try await SMTPTestServer.with(.init(rejectRecipients: true)) { server in
            let client = SMTPClient(settings: .init(host: "127.0.0.1", port: server.port, from: "noreply@ieum.example", tls: .plain), group: MultiThreadedEventLoopGroup.singleton)
            await #expect(throws: SMTPError.rejected(command: "RCPT", code: 550, text: "5.1.1 no such user")) {
                try await client.send(MailEnvelope(id: UUID(), to: "ghost@b.example", subject: "s", body: "b", date: TestApp.now))
            }
            #expect(server.mails.isEmpty)
        }
        try await SMTPTestServer.with(.init(silent: true)) { server in
            let client = SMTPClient(settings: .init(host: "127.0.0.1", port: server.port, from: "noreply@ieum.example", timeout: .milliseconds(300), tls: .plain),
                                    group: MultiThreadedEventLoopGroup.singleton)
            let started = Date()
            await #expect(throws: SMTPError.timeout) {
                try await client.send(MailEnvelope(id: UUID(), to: "a@b.example", subject: "s", body: "b", date: TestApp.now))
            }
            #expect(Date().timeIntervalSince(started) < 5)
        }
    }

    @Test("end to end: a notice becomes a mail, the job sends it over SMTP and marks it sent")
    func endToEndOverSMTP() async throws {
        try await SMTPTestServer.with { server in
            try await TestApp.with { app in
                // given
                let kim = try await TestApp.user(app, email: "kim@ieum.example")
                try await Notifier.notify(users: [kim.id!], .init(kind: .applicationReceived, title: Localized("지원서 접수", "Application received"),
                                                                   body: Localized("새 지원서가 들어왔습니다.", "A new application arrived."), link: "/needs"),
                                          on: app.db, now: TestApp.now)
                app.mailTransport = SMTPClient(settings: .init(host: "127.0.0.1", port: server.port, from: "noreply@ieum.example", tls: .plain), group: app.eventLoopGroup)
                // when
                let report = try await NotificationJobs.deliverOutbox(on: app.db, now: TestApp.now, worker: "w", transport: app.mailTransport, links: app.ieumConfiguration.baseURL, logger: app.logger)
                // then
                #expect(report.sent == 1)
                let mail = try #require(try await OutboxMail.query(on: app.db).first())
                #expect(mail.status == .sent)
                #expect(mail.sentAt == TestApp.now)
                let received = try #require(server.mails.first)
                #expect(received.recipients == ["kim@ieum.example"])
                #expect(SMTPTestServer.decodeEncodedWords(received.headers["subject"] ?? "") == "[이음] 지원서 접수")
                #expect(received.bodyLines.contains("새 지원서가 들어왔습니다."))
            }
        }
    }

    @Test("subjects fold into encoded words that never split a character")
    func encodedWordsKeepCharactersWhole() {
        let subject = String(repeating: "가나다라마바사아자차카타파하", count: 5)
        let encoded = MIMEText.encodedWords(subject)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        for word in words {
            #expect(word.utf8.count <= 75)
            let payload = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))
            #expect(payload.flatMap { String(data: $0, encoding: .utf8) } != nil)
        }
        #expect(SMTPTestServer.decodeEncodedWords(encoded.replacingOccurrences(of: "\r\n", with: "")) == subject)
        #expect(MIMEText.encodedWords("Plain") == "Plain")
    }
}

// MARK: helpers

extension NotificationTests {
    @discardableResult
    static func message(_ app: Application, to user: User, title: (String, String), at: Date, read: Bool = false) async throws -> InboxMessage {
        let message = InboxMessage()
        message.userID = try user.requireID()
        message.kind = .applicationReceived
        message.titleKo = title.0
        message.titleEn = title.1
        message.bodyKo = "본문 " + title.0
        message.bodyEn = "Body " + title.1
        message.link = SiteURL.need(UUID()).path
        message.createdAt = at
        message.readAt = read ? at : nil
        try await message.create(on: app.db)
        return message
    }

    static func outcome(_ body: () async throws -> Int) async -> Result<Int, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    static func readAt(_ message: InboxMessage, _ app: Application) async throws -> Date? {
        try await InboxMessage.find(message.id, on: app.db)?.readAt
    }

    /// The `<li>` of one message in the page.
    static func item(_ message: InboxMessage, in html: String) throws -> String {
        let start = try #require(html.range(of: "id=\"message-\(message.id!.uuidString)\""))
        let rest = html[start.lowerBound...]
        let end = rest.range(of: "</li>")?.upperBound ?? rest.endIndex
        return String(rest[..<end])
    }

    static func pendingMails(_ app: Application, count: Int) async throws -> [UUID] {
        var ids: [UUID] = []
        for n in 0..<count {
            let mail = OutboxMail()
            mail.toAddress = "person\(n)@ieum.example"
            mail.subject = "[이음] 알림 \(n)"
            mail.body = "본문 \(n)"
            mail.status = .pending
            mail.attempts = 0
            mail.createdAt = TestApp.now.addingTimeInterval(Double(n))
            try await mail.create(on: app.db)
            ids.append(try mail.requireID())
        }
        return ids
    }
}

/// Needs, startups and people around the reminder rule.
struct ReminderWorld {
    let closingSoon: Need
    let closingWithCall: Need
    let closingLater: Need
    let drafter: User
    let drafterColleague: User
    let invitee: User
    let submitter: User
    let outsider: User

    static func make(_ app: Application) async throws -> ReminderWorld {
        let demand = try await TestApp.organization(app, name: "대한제조", kind: .demand)
        let drafting = try await TestApp.organization(app, name: "작성중스타트업")
        let invited = try await TestApp.organization(app, name: "초대스타트업")
        let submitted = try await TestApp.organization(app, name: "제출스타트업")
        let drafter = try await TestApp.user(app, email: "drafter@ieum.example", organization: drafting)
        let colleague = try await TestApp.user(app, email: "colleague@ieum.example", organization: drafting, membership: .member)
        let invitee = try await TestApp.user(app, email: "invitee@ieum.example", organization: invited)
        let submitter = try await TestApp.user(app, email: "submitter@ieum.example", organization: submitted)
        let outsider = try await TestApp.user(app, email: "outsider@ieum.example")
        let now = TestApp.now
        let day = NotificationTests.day

        let program = Program()
        program.name = "2026 개방형 혁신"
        program.year = 2026
        program.description = ""
        program.tracks = []
        try await program.create(on: app.db)
        let call = Call()
        call.$program.id = try program.requireID()
        call.title = "상반기 공모"
        call.description = ""
        call.opensAt = now.addingTimeInterval(-10 * day)
        call.closesAt = now.addingTimeInterval(1 * day)
        try await call.create(on: app.db)

        let soon = try await need(app, demand, "스마트공장 예지보전", en: "Predictive maintenance", deadline: now.addingTimeInterval(2 * day))
        // the need's own deadline is later, but its call closes tomorrow
        let viaCall = try await need(app, demand, "물류 최적화", deadline: now.addingTimeInterval(20 * day), call: call)
        let later = try await need(app, demand, "나중 과제", deadline: now.addingTimeInterval(3 * day + 60))
        let past = try await need(app, demand, "지난 과제", deadline: now.addingTimeInterval(-60))
        let notPublished = try await need(app, demand, "비공개 과제", status: .closed, deadline: now.addingTimeInterval(day))

        for target in [soon, viaCall, later, past, notPublished] {
            try await application(app, target, drafting, .draft)
        }
        try await application(app, soon, submitted, .submitted)
        for target in [soon, later, past, notPublished] {
            try await invite(app, target, invited)
        }
        // invited, but already applied: no reminder
        try await invite(app, soon, submitted)
        return ReminderWorld(closingSoon: soon, closingWithCall: viaCall, closingLater: later, drafter: drafter, drafterColleague: colleague,
                             invitee: invitee, submitter: submitter, outsider: outsider)
    }

    static func need(_ app: Application, _ org: Organization, _ title: String, en: String? = nil, status: NeedStatus = .published,
                     deadline: Date?, call: Call? = nil) async throws -> Need {
        try await TestRecords.need(app, org, title, en: en, status: status, deadline: deadline, call: call)
    }

    static func application(_ app: Application, _ need: Need, _ startup: Organization, _ status: ApplicationStatus) async throws {
        let application = NeedApplication()
        application.$need.id = try need.requireID()
        application.$startup.id = try startup.requireID()
        application.status = status
        application.solution = ""
        application.differentiation = ""
        application.pocPlan = ""
        application.expectedResults = ""
        application.budgetDetail = ""
        application.version = 1
        try await application.create(on: app.db)
    }

    static func invite(_ app: Application, _ need: Need, _ startup: Organization) async throws {
        let invitation = Invitation()
        invitation.$need.id = try need.requireID()
        invitation.$startup.id = try startup.requireID()
        invitation.inviterName = "담당자"
        invitation.message = ""
        invitation.createdAt = TestApp.now
        try await invitation.create(on: app.db)
    }
}

/// Counts what would have gone out; fails every send when given a failure.
final class RecordingTransport: MailTransport {
    private let box = NIOLockedValueBox<[MailEnvelope]>([])
    let failure: SMTPError?

    init(failure: SMTPError? = nil) { self.failure = failure }

    var sent: [MailEnvelope] { box.withLockedValue { $0 } }

    func send(_ mail: MailEnvelope) async throws {
        box.withLockedValue { $0.append(mail) }
        // A little time on the wire, so concurrent workers really overlap.
        try await Task.sleep(for: .milliseconds(2))
        if let failure { throw failure }
    }
}

/// A logger whose messages the test can read.
final class LogRecorder: Sendable {
    private let box = NIOLockedValueBox<[String]>([])
    var messages: [String] { box.withLockedValue { $0 } }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(recorder: self) }
    }

    struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.box.withLockedValue { $0.append(event.message.description) }
        }
    }
}
