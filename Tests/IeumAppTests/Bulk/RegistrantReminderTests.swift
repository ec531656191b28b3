import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Reminding a network event's registered people (issue 17, item 6: "remind judges and
/// participants"): the same preview and confirmation as the judges' and meeting participants'
/// reminders, through the shared `ReminderBulk` flow.
@Suite("Bulk actions: reminding a network event's registered people")
struct RegistrantReminderTests {
    typealias F = NetworkFixture

    /// An event with two seats: S1 and S2 registered, S3 waiting.
    static func event(_ app: Application) async throws -> (F, NetworkEvent, [EventRegistration]) {
        let f = try await F.make(app)
        let event = try await f.event(app, capacity: 2)
        var registrations: [EventRegistration] = []
        for n in 1...3 {
            registrations.append(try await NetworkService.register(f.network, eventID: event.id, by: try await F.actor(app, F.email(n)), on: app.db,
                                                                   now: F.now.addingTimeInterval(Double(n))))
        }
        #expect(registrations.map(\.status) == [.registered, .registered, .waitlisted])
        return (f, event, registrations)
    }

    static func path(_ f: F, _ event: NetworkEvent) throws -> String {
        "/networks/\(try f.network.requireID())/events/\(try event.requireID())"
    }

    @Test("the registered get one notice and mail each with the time and place; the waitlisted are skipped; not repeated within 24 hours")
    func remind() async throws {
        try await TestApp.with { app in
            let (f, event, registrations) = try await Self.event(app)
            let path = try Self.path(f, event)
            let op = try await f.client(app, F.op)
            let page = try await op.get(path)
            #expect(page.body.contains("bulk-registrant-reminders"))
            let ids = try registrations.map { try $0.requireID() }
            // when previewed
            let preview = try await op.post(path + "/reminders", BulkPage.ids(ids))
            // then the two registered change and the waiting one is skipped with the reason
            #expect(preview.status == .ok)
            #expect(Set(BulkPage.rows(preview.body, table: "bulk-changes")) == Set(ids.prefix(2).map(\.uuidString)))
            #expect(BulkPage.rowText(preview.body, id: ids[2], table: "bulk-skips").contains("대기자"))
            #expect(preview.body.contains("서울창업허브"))
            #expect(try await OutboxMail.query(on: app.db).filter(\.$toAddress ~~ [F.email(1), F.email(2)]).count() == 0)

            // when confirmed
            let result = try await op.post(path + "/reminders/confirm", BulkPage.posted(BulkPage.confirmIDs(preview.body)))
            #expect(result.status == .ok)
            let outcomes = BulkPage.results(result.body)
            #expect(outcomes[ids[0]] == "done" && outcomes[ids[1]] == "done" && outcomes[ids[2]] == "skipped")
            // then one mail each, an inbox message, a log row and an audit entry per person
            for n in 1...2 {
                let mails = try await OutboxMail.query(on: app.db).filter(\.$toAddress == F.email(n)).all()
                #expect(mails.count == 1)
                #expect(mails.first?.subject.contains("AI 반도체 세미나") == true)
            }
            #expect(try await OutboxMail.query(on: app.db).filter(\.$toAddress == F.email(3)).count() == 0)
            #expect(try await SentReminder.query(on: app.db).filter(\.$kind == "registrant").count() == 2)
            let audits = try await AuditEntry.query(on: app.db).filter(\.$action == "reminder.registrant").all()
            #expect(audits.count == 2 && audits.allSatisfy { $0.entityType == "network_event" })

            // a second reminder within 24 hours is skipped, also when posted straight to the confirmation
            let again = try await op.post(path + "/reminders", BulkPage.ids(ids))
            #expect(BulkPage.rows(again.body, table: "bulk-changes").isEmpty)
            let repeated = try await op.post(path + "/reminders/confirm", BulkPage.posted(BulkPage.confirmIDs(preview.body)))
            #expect(BulkPage.results(repeated.body).values.allSatisfy { $0 == "skipped" })
            #expect(try await OutboxMail.query(on: app.db).filter(\.$toAddress ~~ [F.email(1), F.email(2)]).count() == 2)
        }
    }

    @Test("a plain member gets 403, an outsider, a visitor's session and another event's registration 404; nothing is sent", arguments: [false, true])
    func refusals(confirm: Bool) async throws {
        try await TestApp.with { app in
            let (f, event, registrations) = try await Self.event(app)
            let path = try Self.path(f, event)
            let ids = try registrations.map { try $0.requireID() }
            let suffix = confirm ? "/confirm" : ""
            let member = try await f.client(app, F.email(4))
            _ = try await member.get(path)
            #expect(try await member.post(path + "/reminders" + suffix, BulkPage.ids(ids)).status == .forbidden)
            let outsider = try await f.client(app, "net-outsider@test.example")
            _ = try await outsider.get("/")
            #expect(try await outsider.post(path + "/reminders" + suffix, BulkPage.ids(ids)).status == .notFound)
            // the operator, with a registration of another event of the same network
            let other = try await f.event(app, capacity: 5)
            let stranger = try await NetworkService.register(f.network, eventID: other.id, by: try await F.actor(app, F.email(4)), on: app.db, now: F.now)
            let op = try await f.client(app, F.op)
            _ = try await op.get(path)
            #expect(try await op.post(path + "/reminders" + suffix, BulkPage.ids([ids[0], try stranger.requireID()])).status == .notFound)
            #expect(try await SentReminder.query(on: app.db).count() == 0)
        }
    }
}
