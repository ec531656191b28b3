import Fluent
import Foundation
import IeumCore
import IeumScheduling

extension MeetingService {
    // MARK: Calendars and reminders

    /// Each meeting's description ends with the event's agenda on Ieum as an absolute URL on `base`.
    static func calendarEvents(_ event: MeetingEvent, meetings: [Meeting], links base: BaseURL, now: Date, on db: any Database) async throws -> [CalendarEvent] {
        let agenda = SiteRoute.meetings(.agenda).absolute(event.storedID, base: base)
        let names = try await participantNames(event, on: db)
        let tableIDs = meetings.compactMap { $0.$table.id }
        let tables = tableIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await MeetingTable.query(on: db).filter(\.$id ~~ tableIDs).all().map { ($0.storedID, $0) })
        return meetings.compactMap { m -> CalendarEvent? in
            guard let slot = m.slot ?? (m.status == .cancelled ? 0 : nil) else { return nil }
            let table = m.$table.id.flatMap { tables[$0] }
            let link = m.videoLink ?? table?.videoLink
            let a = names[m.$first.id.uuidString] ?? "", b = names[m.$second.id.uuidString] ?? ""
            var description = "\(event.name) 1:1 상담 / 1:1 meeting: \(a) × \(b)"
            if let link { description += "\n화상 링크 / Video: \(link)" }
            description += "\n이음 일정 / Agenda on Ieum: \(agenda)"
            return CalendarEvent(uid: m.uid, sequence: m.sequence, start: event.slotStart(slot), end: event.slotEnd(slot),
                                 summary: "상담: \(a) × \(b)", description: description,
                                 location: [event.venue, table?.name ?? ""].filter { !$0.isEmpty }.joined(separator: " "),
                                 url: link, status: m.status == .cancelled ? .cancelled : .confirmed, alarmMinutesBefore: 15, stamp: m.changedAt)
        }
    }

    /// The participant's calendar: every scheduled meeting, and cancelled ones that had been placed.
    public static func calendar(_ event: MeetingEvent, for participant: EventParticipant, links base: BaseURL, now: Date, on db: any Database) async throws -> String {
        let pid = try participant.requireID()
        let meetings = try await Meeting.query(on: db).filter(\.$event.$id == event.requireID())
            .group(.or) { $0.filter(\.$first.$id == pid).filter(\.$second.$id == pid) }
            .filter(\.$status ~~ [.scheduled, .cancelled]).all()
            .filter { $0.status == .scheduled || $0.slot != nil }
            .sorted { ($0.slot ?? 0, $0.storedID.uuidString) < ($1.slot ?? 0, $1.storedID.uuidString) }
        return ICalendar.document(try await calendarEvents(event, meetings: meetings, links: base, now: now, on: db), name: event.name)
    }

    public static func calendar(_ event: MeetingEvent, meeting: Meeting, links base: BaseURL, now: Date, on db: any Database) async throws -> String {
        ICalendar.document(try await calendarEvents(event, meetings: [meeting], links: base, now: now, on: db), name: event.name)
    }

    /// Inbox reminders the day before each scheduled meeting, once per meeting and version.
    @discardableResult
    public static func remindUpcoming(now: Date, on db: any Database) async throws -> Int {
        let events = try await MeetingEvent.query(on: db).filter(\.$startsAt <= now.addingTimeInterval(6 * 86_400)).filter(\.$startsAt >= now.addingTimeInterval(-6 * 86_400)).all()
        var sent = 0
        for event in events {
            let meetings = try await Meeting.query(on: db).filter(\.$event.$id == event.requireID()).filter(\.$status == .scheduled).all()
            let names = try await participantNames(event, on: db)
            for m in meetings {
                guard let slot = m.slot else { continue }
                let start = event.slotStart(slot)
                guard start > now, start <= now.addingTimeInterval(86_400) else { continue }
                let sides = try await EventParticipant.query(on: db).filter(\.$id ~~ [m.$first.id, m.$second.id]).all()
                var users: [UUID] = []
                for side in sides { users += try await Notifier.members(of: side.$organization.id, on: db) }
                let a = names[m.$first.id.uuidString] ?? "", b = names[m.$second.id.uuidString] ?? ""
                sent += try await Notifier.notify(users: users, .init(
                    kind: .meeting,
                    title: Localized("상담 알림: \(SeoulTime.dateTime(start))", "Meeting reminder: \(SeoulTime.dateTime(start)) (Seoul)"),
                    body: Localized("\(a) × \(b) 1:1 상담이 \(slotLabel(event, slot))에 있습니다.", "Your meeting \(a) × \(b) is at \(slotLabel(event, slot)) (Seoul)."),
                    link: SiteRoute.meetings(.agenda).path(try event.requireID()),
                    dedupeKey: "meeting-reminder:\(m.storedID.uuidString):\(m.sequence)"), on: db, now: now)
            }
        }
        return sent
    }
}
