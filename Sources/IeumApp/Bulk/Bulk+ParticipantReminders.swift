import Fluent
import Foundation
import IeumCore
import Vapor

/// Reminding a meeting event's participants of the event and their scheduled meetings: one notice
/// and one mail per member of each participating organisation, from the event page of the operator
/// running it.
enum ParticipantReminderBulk: ReminderFlow {
    static let form = "bulk-participant-reminders"
    static let kind = "participant"
    static let entityType = "meeting_event"

    /// The event when the actor runs it (404 for everyone else, as the event page).
    static func scope(_ req: Request, _ actor: Principal) async throws -> MeetingEvent {
        let event = try await MeetingService.find(req.parameters.get("eventID", as: UUID.self), on: req.db)
        try await MeetingService.requireManager(actor, event, on: req.db)
        return event
    }

    static func scopeID(_ event: MeetingEvent) -> UUID { event.storedID }

    static func plan(_ selected: [Bulk.Selected], _ event: MeetingEvent, on db: any Database, now: Date) async throws -> [ReminderBulk.Planned] {
        let eventID = event.storedID
        let ids = selected.map(\.id)
        let participants = try await EventParticipant.query(on: db).filter(\.$event.$id == eventID).filter(\.$id ~~ ids).with(\.$organization).all()
        let byID = Dictionary(uniqueKeysWithValues: participants.map { ($0.storedID, $0) })
        // A participant of another event is not this page's: 404.
        guard byID.count == ids.count else { throw IeumError.notFound }
        let members = try await Membership.query(on: db).filter(\.$organization.$id ~~ participants.map { $0.$organization.id }).all()
        let membersByOrg = Dictionary(grouping: members, by: { $0.$organization.id }).mapValues { $0.map { $0.$user.id } }
        let meetings = try await Meeting.query(on: db).filter(\.$event.$id == eventID).filter(\.$status == .scheduled).all()
        let recent = try await SentReminder.recent(kind: kind, scope: eventID, now: now, on: db)
        let name = Localized(event.name, event.nameEn ?? event.name)
        return ids.compactMap { id -> ReminderBulk.Planned? in
            guard let participant = byID[id] else { return nil }
            let users = membersByOrg[participant.$organization.id] ?? []
            let count = meetings.filter { $0.$first.id == id || $0.$second.id == id }.count
            var row = BulkRow(
                id: id, title: participant.organization.name, link: nil,
                current: Localized("확정된 상담 \(count)건", "\(count) meeting(s) scheduled"),
                proposed: Localized("상담회 안내 알림·메일 (\(SeoulTime.dateTime(event.startsAt)), 상담 \(count)건)",
                                    "Event reminder by notice and mail (\(SeoulTime.dateTime(event.startsAt)), \(count) meeting(s))"),
                notified: Localized("구성원 \(users.count)명", "\(users.count) member(s)"),
                stamp: String(count)
            )
            if users.isEmpty { row.skip = Localized("알릴 구성원이 없음", "No member to tell") }
            ReminderBulk.skipRecent(&row, last: recent[id])
            let letter = ReminderBulk.Letter(users: users, message: Notifier.Message(
                kind: .meeting,
                title: Localized("상담회 안내: \(name.ko)", "Meeting event reminder: \(name.en)"),
                body: Localized("‘\(name.ko)’ 상담회가 \(SeoulTime.dateTime(event.startsAt))에 열립니다. 확정된 상담 \(count)건은 내 일정에서 확인하세요.",
                                "‘\(name.en)’ starts at \(SeoulTime.dateTime(event.startsAt)) (Seoul). See your \(count) scheduled meeting(s) on your agenda."),
                link: SiteURL.meetingEvent(eventID).path))
            return ReminderBulk.Planned(row: row, letter: letter)
        }
    }

    static func back(_ event: MeetingEvent) -> (String, Localized) {
        (SiteURL.meetingEvent(event.storedID).path, Localized("← 상담회로 돌아가기", "← Back to the event"))
    }

    static func confirmAction(_ event: MeetingEvent) -> String { SiteURL.bulk(.participantRemindersConfirm(event: event.storedID)).path }

    static func auditSummary(_ event: MeetingEvent, _ row: BulkRow) -> String { "상담회 알림: \(event.name) → \(row.title)" }

    static let words = ReminderBulk.Words(
        previewHeading: Localized("참가 기관 알림 미리보기", "Preview: remind participants"),
        summary: Localized("참가 기관의 구성원마다 상담회 일정 안내 알림과 메일을 한 통씩 보냅니다. 24시간 안에 알림을 받은 기관은 건너뜁니다.",
                           "Each member of each participant gets one notice and one mail about the event. Participants reminded within 24 hours are skipped."),
        button: { n in Localized("참가 기관 \(n)곳에 알림 보내기", "Remind \(n) participant(s)") },
        question: { n in Localized("참가 기관 \(n)곳의 구성원에게 알림과 메일을 보낼까요? 보낸 메일은 취소할 수 없습니다.",
                                   "Send a notice and a mail to the members of \(n) participant(s)? Sent mail cannot be called back.") },
        resultHeading: Localized("참가 기관 알림 결과", "Participants reminded"),
        sent: { _, sent in Localized("\(sent)명에게 알림과 메일을 보냄", "Notice and mail queued for \(sent) person(s)") }
    )
}
