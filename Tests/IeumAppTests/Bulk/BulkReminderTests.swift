import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

@Suite("Bulk actions: reminding judges and meeting participants")
struct BulkReminderTests {
    typealias Role = AccessMatrixTests.Role

    /// The demo's open round and its panel.
    static func round(_ app: Application) async throws -> (EvaluationRound, [UUID]) {
        let round = try #require(try await EvaluationRound.query(on: app.db).filter(\.$status == .open).first())
        let panel = try await RoundJudge.query(on: app.db).filter(\.$round.$id == round.requireID()).all().map { $0.$expert.id }
        return (round, panel)
    }

    @Test("judges: the preview lists the judge with sheets left (with them) and skips those done; one mail per judge goes to the outbox; a second reminder within 24 hours is skipped")
    func judges() async throws {
        try await TestApp.with(demo: true) { app in
            // given the open round, whose demo judge has sheets left and whose other judges are done
            let (round, panel) = try await Self.round(app)
            let roundID = try round.requireID()
            let judgeUser = try #require(try await User.query(on: app.db).filter(\.$email == "judge@ieum.demo").first())
            let judge = try #require(try await Expert.query(on: app.db).filter(\.$user.$id == judgeUser.requireID()).first())
            let judgeID = try judge.requireID()
            let open = try await RoundAssignment.query(on: app.db).filter(\.$round.$id == roundID).filter(\.$expert.$id == judgeID).count()
            #expect(open > 0)
            let op = try await AccessMatrixTests.client(app, .agencyOperator)
            let page = try await op.get("/rounds/\(roundID)")
            #expect(page.body.contains("bulk-judge-reminders"), "the round page offers the reminder")

            // when the operator previews reminding the whole panel ("select all")
            let all = panel.map { ("page[]", $0.uuidString) } + [("all", "1")]
            let preview = try await op.post("/rounds/\(roundID)/reminders", all)

            // then only the demo judge gets one, listing the sheets left; the others are skipped as done
            #expect(preview.status == .ok)
            #expect(BulkPage.rows(preview.body, table: "bulk-changes") == [judgeID.uuidString])
            #expect(BulkPage.rowText(preview.body, id: judgeID, table: "bulk-changes").contains("남은 평가표 \(open)건"))
            #expect(BulkPage.rows(preview.body, table: "bulk-skips").count == panel.count - 1)
            #expect(preview.body.contains("남은 평가표 없음"))
            let mails = try await OutboxMail.query(on: app.db).filter(\.$toAddress == judgeUser.email).count()

            // when it confirms
            let result = try await op.post("/rounds/\(roundID)/reminders/confirm", BulkPage.posted(BulkPage.confirmIDs(preview.body)))

            // then one mail to the judge is queued in the outbox with an inbox message, logged and audited
            #expect(BulkPage.results(result.body)[judgeID] == "done")
            #expect(try await OutboxMail.query(on: app.db).filter(\.$toAddress == judgeUser.email).count() == mails + 1)
            let notice = try #require(try await InboxMessage.query(on: app.db).filter(\.$userID == judgeUser.requireID()).filter(\.$kind == .judgingAssigned)
                .sort(\.$createdAt, .descending).first())
            #expect(notice.titleKo.contains("평가표 제출 요청"))
            #expect(try await SentReminder.query(on: app.db).filter(\.$recipientID == judgeID).count() == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "reminder.judge").count() == 1)

            // and a second reminder within 24 hours is shown as skipped and, confirmed anyway, sends nothing
            let again = try await op.post("/rounds/\(roundID)/reminders", all)
            #expect(BulkPage.rows(again.body, table: "bulk-changes").isEmpty)
            #expect(BulkPage.rowText(again.body, id: judgeID, table: "bulk-skips").contains("24시간 안에 이미 알림"))
            let repeated = try await op.post("/rounds/\(roundID)/reminders/confirm", BulkPage.posted(BulkPage.confirmIDs(preview.body)))
            #expect(BulkPage.results(repeated.body)[judgeID] == "skipped")
            #expect(try await OutboxMail.query(on: app.db).filter(\.$toAddress == judgeUser.email).count() == mails + 1)
        }
    }

    @Test("meeting participants: one notice and mail per member of each participant, through the outbox; not repeated within 24 hours")
    func participants() async throws {
        try await TestApp.with(demo: true) { app in
            let event = try #require(try await MeetingEvent.query(on: app.db).sort(\.$startsAt).first())
            let eventID = try event.requireID()
            let participants = try await EventParticipant.query(on: app.db).filter(\.$event.$id == eventID).all()
            #expect(!participants.isEmpty)
            let members = try await Membership.query(on: app.db).filter(\.$organization.$id ~~ participants.map { $0.$organization.id }).all()
            let op = try await AccessMatrixTests.client(app, .agencyOperator)
            #expect(try await op.get("/meetings/\(eventID)").body.contains("bulk-participant-reminders"))
            let ids = try participants.map { try $0.requireID() }
            let preview = try await op.post("/meetings/\(eventID)/reminders", BulkPage.ids(ids))
            #expect(preview.status == .ok)
            let changing = BulkPage.rows(preview.body, table: "bulk-changes")
            #expect(!changing.isEmpty)
            let outbox = try await OutboxMail.query(on: app.db).count()
            let result = try await op.post("/meetings/\(eventID)/reminders/confirm", BulkPage.posted(BulkPage.confirmIDs(preview.body)))
            #expect(BulkPage.results(result.body).values.filter { $0 == "done" }.count == changing.count)
            let told = Set(members.filter { m in changing.contains { $0 == participants.first { $0.$organization.id == m.$organization.id }?.id?.uuidString } }.map { $0.$user.id })
            #expect(try await OutboxMail.query(on: app.db).count() == outbox + told.count)
            #expect(try await SentReminder.query(on: app.db).filter(\.$scopeID == eventID).count() == changing.count)
            let again = try await op.post("/meetings/\(eventID)/reminders", BulkPage.ids(ids))
            #expect(BulkPage.rows(again.body, table: "bulk-changes").isEmpty)
        }
    }

    @Test("a judge, a startup, a demand organisation's member and another agency's operator get 404 for the reminders' preview and confirmation; an expert off the panel is 404", arguments: [false, true])
    func refusals(confirm: Bool) async throws {
        try await TestApp.with(demo: true) { app in
            let (round, panel) = try await Self.round(app)
            let roundID = try round.requireID()
            let event = try #require(try await MeetingEvent.query(on: app.db).first())
            let participants = try await EventParticipant.query(on: app.db).filter(\.$event.$id == event.requireID()).all().map { try $0.requireID() }
            let suffix = confirm ? "/confirm" : ""
            for role in [Role.judge, .startup, .otherStartup, .demand, .otherDemand, .investor, .otherAgencyOperator] {
                let client = try await AccessMatrixTests.client(app, role)
                let judges = try await client.post("/rounds/\(roundID)/reminders\(suffix)", BulkPage.ids(panel))
                #expect(judges.status == .notFound || judges.status == .forbidden, "\(role): \(judges.status)")
                let people = try await client.post("/meetings/\(try event.requireID())/reminders\(suffix)", BulkPage.ids(participants))
                #expect(people.status == .notFound || people.status == .forbidden, "\(role): \(people.status)")
            }
            #expect(try await SentReminder.query(on: app.db).count() == 0)
            let op = try await AccessMatrixTests.client(app, .agencyOperator)
            #expect(try await op.post("/rounds/\(roundID)/reminders\(suffix)", BulkPage.ids(panel + [UUID()])).status == .notFound)
            #expect(try await op.post("/rounds/\(roundID)/reminders\(suffix)", BulkPage.ids((0...Bulk.maxRows).map { _ in UUID() })).status == .badRequest)
        }
    }
}
