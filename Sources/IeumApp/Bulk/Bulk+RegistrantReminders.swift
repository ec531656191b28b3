import Fluent
import Foundation
import IeumCore
import Vapor

/// Reminding a network event's registered people before it starts: one notice and one mail each,
/// with the time and the place, from the event page of the network's officers and the operators
/// running its program.
enum RegistrantReminderBulk: ReminderFlow {
    static let form = "bulk-registrant-reminders"
    static let kind = "registrant"
    static let entityType = "network_event"

    struct Scope: Sendable {
        let network: Network
        let event: NetworkEvent
    }

    /// The event when the actor runs its network (404 for outsiders, 403 for plain members, as
    /// the other officers' actions).
    static func scope(_ req: Request, _ actor: Principal) async throws -> Scope {
        let network = try await NetworkService.find(req.parameters.get("networkID", as: UUID.self), on: req.db)
        try await NetworkService.requireOfficerOrOperator(actor, network, on: req.db)
        let event = try await NetworkService.event(network, req.parameters.get("eventID", as: UUID.self), on: req.db)
        return Scope(network: network, event: event)
    }

    static func scopeID(_ scope: Scope) -> UUID { scope.event.storedID }

    static func plan(_ selected: [Bulk.Selected], _ scope: Scope, on db: any Database, now: Date) async throws -> [ReminderBulk.Planned] {
        let event = scope.event
        let eventID = event.storedID
        let ids = selected.map(\.id)
        let registrations = try await EventRegistration.query(on: db).filter(\.$event.$id == eventID).filter(\.$id ~~ ids).with(\.$user).all()
        let byID = Dictionary(uniqueKeysWithValues: registrations.map { ($0.storedID, $0) })
        // A registration for another event is not this page's: 404.
        guard byID.count == Set(ids).count else { throw IeumError.notFound }
        let recent = try await SentReminder.recent(kind: kind, scope: eventID, now: now, on: db)
        let place = [event.place.trimmed, event.onlineLink ?? ""].filter { !$0.isEmpty }.joined(separator: " · ")
        let when = SeoulTime.dateTime(event.startsAt)
        return ids.compactMap { id -> ReminderBulk.Planned? in
            guard let registration = byID[id] else { return nil }
            let user = registration.user
            var row = BulkRow(
                id: id, title: user.name, link: nil,
                current: registration.status.label,
                proposed: Localized("행사 안내 알림·메일 (\(when), \(place))", "Event reminder by notice and mail (\(when) Seoul, \(place))"),
                notified: Localized("\(user.name) (\(user.email))", "\(user.name) (\(user.email))"),
                stamp: registration.status.rawValue
            )
            if event.cancelled {
                row.skip = Localized("취소된 행사", "The event is cancelled")
            } else if now >= event.startsAt {
                row.skip = Localized("이미 시작된 행사", "The event has started")
            } else if registration.status == .waitlisted {
                row.skip = Localized("대기자 (자리가 나면 따로 알림을 받습니다)", "Waitlisted (told separately when a seat frees up)")
            } else if registration.status != .registered {
                row.skip = Localized("신청을 취소함", "Cancelled their registration")
            }
            ReminderBulk.skipRecent(&row, last: recent[id])
            let letter = ReminderBulk.Letter(users: [user.storedID], message: Notifier.Message(
                kind: .network,
                title: Localized("행사 안내: \(event.title)", "Event reminder: \(event.title)"),
                body: Localized("신청하신 ‘\(event.title)’ 행사가 \(when)에 열립니다. 장소: \(place)",
                                "‘\(event.title)’, which you registered for, starts at \(when) (Seoul). Place: \(place)"),
                link: SiteRoute.networks(.eventPage).path(scope.network.storedID, eventID)))
            return ReminderBulk.Planned(row: row, letter: letter)
        }
    }

    static func back(_ scope: Scope) -> (String, Localized) {
        (SiteRoute.networks(.eventPage).path(scope.network.storedID, scope.event.storedID, anchor: "reminders"),
         Localized("← 행사로 돌아가기", "← Back to the event"))
    }

    static func confirmAction(_ scope: Scope) -> String {
        SiteURL.bulk(.registrantRemindersConfirm(network: scope.network.storedID, event: scope.event.storedID)).path
    }

    static func auditSummary(_ scope: Scope, _ row: BulkRow) -> String { "행사 알림: \(scope.event.title) → \(row.title)" }

    static let words = ReminderBulk.Words(
        previewHeading: Localized("행사 참가자 알림 미리보기", "Preview: remind registered people"),
        summary: Localized("참가가 확정된 사람마다 행사 일시와 장소를 알리는 알림과 메일을 한 통씩 보냅니다. 대기자, 취소한 사람, 24시간 안에 알림을 받은 사람은 건너뜁니다.",
                           "Each registered person gets one notice and one mail with the event's time and place. Waitlisted people, cancellations and those reminded within 24 hours are skipped."),
        button: { n in Localized("\(n)명에게 알림 보내기", "Remind \(n) person(s)") },
        question: { n in Localized("\(n)명에게 알림과 메일을 보낼까요? 보낸 메일은 취소할 수 없습니다.",
                                   "Send a notice and a mail to \(n) person(s)? Sent mail cannot be called back.") },
        resultHeading: Localized("행사 참가자 알림 결과", "Registered people reminded"),
        sent: { _, sent in
            sent > 0 ? Localized("알림과 메일을 보냄", "Notice and mail queued") : Localized("비활성 계정이라 보내지 않음", "Not sent: the account is inactive")
        }
    )
}
