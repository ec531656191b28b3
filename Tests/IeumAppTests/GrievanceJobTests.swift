import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

@Suite("Grievances: reminders and escalation happen once per case and deadline")
struct GrievanceJobTests {
    /// A case classified 단순 애로 (due 2026-03-09 23:59 Seoul), held by kim, supervised by chief.
    static func classifiedCase(_ app: Application) async throws -> (Grievance, kim: UUID, chief: UUID) {
        let kim = try await TestApp.user(app, email: "kim@sbiz.example", role: .operator)
        let chief = try await TestApp.user(app, email: "chief@sbiz.example", role: .operator)
        let route = try #require(try await GrievanceRoute.query(on: app.db).filter(\.$scope == "district").filter(\.$code == "geumcheon").first())
        route.staffEmail = "kim@sbiz.example"
        route.supervisorEmail = "chief@sbiz.example"
        try await route.save(on: app.db)
        let (g, _) = try await GrievanceFixture.submit(app)
        let actor = try await kim.actor(on: app.db)
        let classified = try await GrievanceService.classify(try g.requireID(), as: .simple, businessDays: false, target: "", by: actor, on: app.db, now: TestApp.now)
        #expect(classified.assigneeID == kim.id)
        return (classified, try kim.requireID(), try chief.requireID())
    }

    static func inbox(_ app: Application, _ user: UUID, containing text: String) async throws -> Int {
        try await InboxMessage.query(on: app.db).filter(\.$userID == user).all().filter { $0.titleKo.contains(text) }.count
    }

    @Test("two concurrent runs remind the assignee once before the due date and escalate to the supervisor once after it")
    func concurrentRuns() async throws {
        try await TestApp.with { app in
            // given a case due 2026-03-09 23:59
            let (g, kim, chief) = try await Self.classifiedCase(app)
            let id = try g.requireID()

            // when nothing is near, nothing happens
            #expect(try await GrievanceJobs.runDeadlines(on: app.db, now: TestApp.now) == 0)

            // when two instances run at once a day before the due time
            let soon = SeoulTime.parse("2026-03-09T00:00")!
            let reminded = try await TestApp.atOnce(2) { _ in try await GrievanceJobs.runDeadlines(on: app.db, now: soon) }.reduce(0, +)
            // then exactly one reminded the assignee
            #expect(reminded == 1)
            #expect(try await Self.inbox(app, kim, containing: "처리기한 임박") == 1)
            #expect(try await GrievanceJobs.runDeadlines(on: app.db, now: soon.addingTimeInterval(600)) == 0)

            // when two instances run at once after the due time, several times
            let late = SeoulTime.parse("2026-03-10T09:00")!
            let escalated = try await TestApp.atOnce(2) { _ in try await GrievanceJobs.runDeadlines(on: app.db, now: late) }.reduce(0, +)
            #expect(escalated == 1)
            #expect(try await GrievanceJobs.runDeadlines(on: app.db, now: late.addingTimeInterval(3600)) == 0)
            // then the supervisor is told once, the history says so once, one mail is queued
            #expect(try await Self.inbox(app, chief, containing: "처리기한 경과") == 1)
            #expect(try await Self.inbox(app, kim, containing: "처리기한 경과") == 0)
            let events = try await GrievanceEvent.query(on: app.db).filter(\.$grievance.$id == id).all().map(\.kind)
            #expect(events.filter { $0 == "escalated" }.count == 1)
            #expect(events.filter { $0 == "reminded" }.count == 1)
            #expect(try await OutboxMail.query(on: app.db).filter(\.$toAddress == "chief@sbiz.example").all().filter { $0.subject.contains("처리기한 경과") }.count == 1)
        }
    }

    @Test("many concurrent runs over many cases still act once per case")
    func manyRuns() async throws {
        try await TestApp.with { app in
            let (_, _, chief) = try await Self.classifiedCase(app)
            let op = try await TestApp.user(app, email: "op2@sbiz.example", role: .operator).actor(on: app.db)
            for n in 1...4 {
                let (g, _) = try await GrievanceFixture.submit(app, title: "건 \(n)")
                _ = try await GrievanceService.classify(try g.requireID(), as: .simple, businessDays: false, target: "", by: op, on: app.db, now: TestApp.now)
            }
            let late = SeoulTime.parse("2026-03-12T09:00")!
            let total = try await TestApp.atOnce(4) { _ in try await GrievanceJobs.runDeadlines(on: app.db, now: late) }.reduce(0, +)
            #expect(total == 5)
            #expect(try await GrievanceDeadlineAction.query(on: app.db).count() == 5)
            #expect(try await Self.inbox(app, chief, containing: "처리기한 경과") == 5)
        }
    }

    @Test("a new class gives a new deadline and so a new reminder; closed cases are left alone")
    func newDeadline() async throws {
        try await TestApp.with { app in
            let (g, kim, _) = try await Self.classifiedCase(app)
            let id = try g.requireID()
            let actor = try await #require(try await User.find(kim, on: app.db)).actor(on: app.db)
            let soon = SeoulTime.parse("2026-03-09T00:00")!
            #expect(try await GrievanceJobs.runDeadlines(on: app.db, now: soon) == 1)
            // reclassified to a month: due 2026-04-02, reminded again near it
            _ = try await GrievanceService.classify(id, as: .regional, businessDays: false, target: "", by: actor, on: app.db, now: soon)
            #expect(try await GrievanceJobs.runDeadlines(on: app.db, now: soon) == 0)
            #expect(try await GrievanceJobs.runDeadlines(on: app.db, now: SeoulTime.parse("2026-04-01T09:00")!) == 1)
            // resolved: no escalation later
            _ = try await GrievanceService.perform(.resolve, on: id, note: "해결", agency: "", by: actor, on: app.db, now: soon)
            #expect(try await GrievanceJobs.runDeadlines(on: app.db, now: SeoulTime.parse("2026-04-10T09:00")!) == 0)
        }
    }

    @Test("concurrent submissions each get their own receipt number, in sequence")
    func concurrentReceipts() async throws {
        try await TestApp.with { app in
            let valid = try #require(try? GrievanceFixture.input().validate(districts: ["geumcheon"], emailRequired: false).get())
            let dir = app.fileStore
            let numbers = try await TestApp.atOnce(6) { n in
                try await GrievanceService.submit(valid, uploads: [], actor: nil, address: "10.0.0.\(n)", on: app.db, files: dir, now: TestApp.now).0.receiptNumber
            }
            #expect(numbers.sorted() == (1...6).map { GrievanceReceipt.number(year: 2026, sequence: $0) })
        }
    }
}
