import Fluent
import IeumCore
import Foundation
import SQLKit
import Testing
import Vapor
@testable import IeumApp

/// Issue 18, item 4: the background loops of three instances run at once against one PostgreSQL
/// database and a real SMTP server; every mail goes out once, every reminder and escalation happens once.
@Suite("Background work once across instances")
struct JobsAcrossInstancesTests {
    /// Waits until the outbox has nothing pending or being sent, then lets the loops run on a while
    /// (several rounds of every instance in the same state).
    static func settle(_ app: Application, rounds: Duration = .milliseconds(800)) async throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let busy = try await OutboxMail.query(on: app.db).filter(\.$status ~~ [.pending, .sending]).count()
            if busy == 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: rounds)
    }

    @Test("three instances' loops: each mail is sent exactly once over SMTP, each reminder and escalation happens once")
    func threeLoopsOneDatabase() async throws {
        guard TestApp.postgresURL != nil else {
            print("JobsAcrossInstancesTests skipped: three instances on one database need PostgreSQL; set IEUM_TEST_DATABASE_URL")
            return
        }
        let clock = Instances.SharedClock()
        try await SMTPTestServer.with { server in
            try await Instances.with(3, clock: clock) { apps, _ in
                let a = apps[0]
                // given a need closing in two days with a startup drafting (a deadline reminder is due)
                let fixture = try await NeedFixture.make(a, deadline: TestApp.now.addingTimeInterval(2 * 86_400))
                let other = try await NeedFixture.actor(a, .otherStartup)
                try await NeedService.pledge(fixture.need.requireID(), by: other, on: a.db, now: TestApp.now)
                _ = try await ApplicationService.start(needID: fixture.need.requireID(), by: other, on: a.db, now: TestApp.now)
                // and a grievance classified 단순 애로, due 2026-03-09 23:59
                let (grievance, kim, chief) = try await GrievanceJobTests.classifiedCase(a)
                // and 30 notices waiting to be mailed to ten people
                for n in 0..<10 {
                    let user = try await TestApp.user(a, email: "person\(n)@jobs.example")
                    for k in 0..<3 {
                        try await Notifier.notify(users: [user.requireID()], .init(kind: .applicationReceived, title: Localized("알림 \(n)-\(k)", "Notice \(n)-\(k)"),
                                                                                  body: Localized("본문", "Body"), link: "/needs"), on: a.db, now: TestApp.now)
                    }
                }
                for app in apps {
                    app.mailTransport = SMTPClient(settings: .init(host: "127.0.0.1", port: server.port, from: "noreply@ieum.example", tls: .plain),
                                                   group: app.eventLoopGroup)
                }
                // when the three instances run their loops at once, while time moves past the
                // grievance's reminder window and then its due time
                let loops = apps.map { NotificationJobs.start($0, interval: .milliseconds(50)) }
                do {
                    try await Self.settle(a)
                    clock.advance(SeoulTime.parse("2026-03-09T00:00")!.timeIntervalSince(clock.now))
                    try await Self.settle(a)
                    clock.advance(SeoulTime.parse("2026-03-10T09:00")!.timeIntervalSince(clock.now))
                    try await Self.settle(a)
                } catch {
                    for loop in loops { await loop.stop() }
                    throw error
                }
                for loop in loops { await loop.stop() }

                // then every mail in the outbox was sent, once, and the server got each exactly once
                let outbox = try await OutboxMail.query(on: a.db).all()
                #expect(outbox.count >= 30 + 3, "the notices, the deadline reminder and the grievance's mails")
                #expect(outbox.allSatisfy { $0.status == .sent }, "\(outbox.map(\.status))")
                #expect(outbox.allSatisfy { $0.attempts == 1 })
                let received = server.mails.compactMap { $0.headers["message-id"] }
                #expect(received.count == outbox.count)
                #expect(Set(received).count == received.count, "no mail was sent twice")
                #expect(Set(received) == Set(outbox.map { "<\(try! $0.requireID().uuidString.lowercased())@ieum>" }))
                let workers = Set(outbox.compactMap(\.claimedBy))
                print("jobs across instances: \(outbox.count) mails sent by \(workers.count) instance(s), \(received.count) received")
                // and the deadline reminder was written once for the drafting startup's person
                let otherID = try #require(other.userID as UUID?)
                let reminders = try await InboxMessage.query(on: a.db).filter(\.$userID == otherID).all().filter { ($0.dedupeKey ?? "").hasPrefix("deadline3:") }
                #expect(reminders.count == 1)
                // and the grievance was reminded once and escalated once, the supervisor told once
                let events = try await GrievanceEvent.query(on: a.db).filter(\.$grievance.$id == grievance.requireID()).all().map(\.kind)
                #expect(events.filter { $0 == "reminded" }.count == 1)
                #expect(events.filter { $0 == "escalated" }.count == 1)
                #expect(try await GrievanceJobTests.inbox(a, kim, containing: "처리기한 임박") == 1)
                #expect(try await GrievanceJobTests.inbox(a, chief, containing: "처리기한 경과") == 1)
                #expect(try await GrievanceDeadlineAction.query(on: a.db).count() == 2)
            }
        }
    }
}
