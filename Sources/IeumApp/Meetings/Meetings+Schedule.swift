import Fluent
import Foundation
import IeumCore
import IeumScheduling

/// What a scheduling run did, for the organiser.
public struct ScheduleReport: Sendable {
    public let placed: Int
    public let unplaced: Int
    public let totalWeight: Int
    public let upperBound: Int
    public let idleGaps: Int
    public let moved: Int
}

extension MeetingService {
    /// The scheduler's problem for the event: tables free in each slot, participants' blocked
    /// slots, one request per live meeting, the scheduled meetings as confirmed placements.
    static func problem(_ event: MeetingEvent, on db: any Database) async throws
        -> (problem: MeetingProblem, meetings: [Meeting], tablesBySlot: [[MeetingTable]]) {
        let eventID = try event.requireID()
        let tables = try await MeetingTable.query(on: db).filter(\.$event.$id == eventID).sort(\.$position).all()
        let tablesBySlot = (0..<event.slotCount).map { s in tables.filter { !$0.blockedSlots.contains(s) } }
        let participants = try await EventParticipant.query(on: db).filter(\.$event.$id == eventID).all()
        let meetings = try await Meeting.query(on: db).filter(\.$event.$id == eventID).filter(\.$status != .cancelled).all()
            .sorted { $0.storedID.uuidString < $1.storedID.uuidString }
        let kinds: [MeetingRole: ParticipantKind] = [.startup: .startup, .buyer: .buyer, .investor: .investor, .demandOrganization: .demandOrganisation]
        var confirmed: [MeetingPlacement] = []
        for m in meetings where m.status == .scheduled {
            if let slot = m.slot, tablesBySlot.indices.contains(slot), let index = tablesBySlot[slot].firstIndex(where: { $0.id == m.$table.id }) {
                confirmed.append(MeetingPlacement(requestId: m.storedID.uuidString, slot: slot, table: index))
            }
        }
        let problem = MeetingProblem(
            tables: tablesBySlot.map(\.count),
            participants: participants.map { IeumScheduling.MeetingParticipant(id: $0.storedID.uuidString, kind: kinds[$0.role]!, blockedSlots: Set($0.blockedSlots)) },
            requests: meetings.map { IeumScheduling.MeetingRequest(id: $0.storedID.uuidString, first: $0.$first.id.uuidString, second: $0.$second.id.uuidString,
                                                         // Stored weights come from 1…100 priorities; held to a bound so the scheduler's sums cannot overflow.
                                                         weight: min(max(1, $0.weight), 1_000_000)) },
            confirmed: confirmed)
        return (problem, meetings, tablesBySlot)
    }

    static func reasonCode(_ reason: UnplacedReason) -> String {
        switch reason {
        case .invalid: "invalid"
        case .noCommonSlot: "noCommonSlot"
        case .participantFullyBooked(let p): "fullyBooked:\(p)"
        case .bothFullyBooked: "bothFullyBooked"
        case .calendarsConflict: "calendarsConflict"
        case .noFreeTable: "noFreeTable"
        }
    }

    /// How a stored reason reads (`names` maps participant ids to organisation names).
    static func reasonText(_ code: String?, names: [String: String]) -> Localized {
        let code = code ?? ""
        if code.hasPrefix("fullyBooked:") {
            let name = names[String(code.dropFirst(12))] ?? ""
            return Localized("\(name)의 가능한 시간이 모두 우선순위가 더 높은 상담으로 찼습니다.", "\(name)'s free slots are all taken by higher-priority meetings.")
        }
        switch code {
        case "noCommonSlot": return Localized("두 기관이 함께 참석할 수 있는 시간(테이블 포함)이 없습니다.", "There is no slot both can attend with a free table.")
        case "bothFullyBooked": return Localized("두 기관의 가능한 시간이 모두 다른 상담으로 찼습니다.", "Both sides' free slots are taken by other meetings.")
        case "calendarsConflict": return Localized("함께 가능한 시간마다 한쪽에 다른 상담이 있습니다.", "In every common slot one side has another meeting.")
        case "noFreeTable": return Localized("함께 가능한 시간에 빈 테이블이 없습니다.", "No table is free in the slots both can attend.")
        case "invalid": return Localized("참가 정보가 올바르지 않습니다.", "The participants' details are invalid.")
        default: return Localized("아직 편성되지 않았습니다.", "Not scheduled yet.")
        }
    }

    /// Runs the scheduler and stores the result. Scheduled meetings keep their slot and table
    /// unless `keepConfirmed` is false; every moved, newly placed or unplaced meeting gets a higher
    /// calendar SEQUENCE.
    public static func schedule(_ event: MeetingEvent, keepConfirmed: Bool, by actor: Principal, on db: any Database, now: Date) async throws -> ScheduleReport {
        try await requireManager(actor, event, on: db)
        try await expire(now: now, on: db)
        let (problem, meetings, tablesBySlot) = try await problem(event, on: db)
        guard tablesBySlot.contains(where: { !$0.isEmpty }) else {
            throw IeumError.refused(Localized("테이블을 먼저 등록하세요.", "Add tables first."))
        }
        let result: MeetingSchedule
        do {
            result = try MeetingScheduler.schedule(problem, options: .init(keepConfirmed: keepConfirmed, minimiseIdleGaps: true))
        } catch {
            throw IeumError.refused(Localized("편성할 수 없습니다: \(error)", "Cannot schedule: \(error)"))
        }
        let placements = Dictionary(uniqueKeysWithValues: result.placements.map { ($0.requestId, $0) })
        let unplaced = Dictionary(uniqueKeysWithValues: result.unplaced.map { ($0.requestId, $0) })
        let names = try await participantNames(event, on: db)
        let moved = try await db.transaction { db -> Int in
            var moved = 0
            for m in meetings {
                let key = m.storedID.uuidString
                let before = (m.status, m.slot, m.$table.id)
                if let p = placements[key] {
                    m.status = .scheduled
                    m.slot = p.slot
                    m.$table.id = tablesBySlot[p.slot][p.table].id
                    m.unplacedReason = nil
                } else {
                    m.status = .unplaced
                    m.slot = nil
                    m.$table.id = nil
                    m.unplacedReason = unplaced[key].map { reasonCode($0.reason) } ?? "notScheduled"
                }
                let changed = before.0 != m.status || before.1 != m.slot || before.2 != m.$table.id
                if changed {
                    // A calendar entry that existed is replaced: the sequence goes up.
                    if before.0 == .scheduled || m.sequence > 0 { m.sequence += 1 }
                    m.changedAt = now
                    if before.0 == .scheduled { moved += 1 }
                }
                try await m.save(on: db)
                // Both sides hear of a new slot, a moved one, or a slot lost (issue 17, item 8).
                if changed {
                    let change: PlacementChange? = m.status == .scheduled ? (before.0 == .scheduled ? .moved : .placed)
                                                                           : (before.0 == .scheduled ? .unplaced : nil)
                    if let change { try await notifySides(m, of: event, change, names: names, on: db, now: now) }
                }
            }
            try await Audit.record(on: db, actor: actor, action: "meetings.schedule", entityType: "meeting_event", entityID: event.id?.uuidString,
                                   summary: "상담 편성: \(result.placements.count)건 배치, \(result.unplaced.count)건 미배치, 가중치 \(result.totalWeight) / 상한 \(result.upperBound), 이동 \(moved)건"
                                       + (keepConfirmed ? "" : " (전체 재편성)"), at: now)
            return moved
        }
        return ScheduleReport(placed: result.placements.count, unplaced: result.unplaced.count, totalWeight: result.totalWeight,
                              upperBound: result.upperBound, idleGaps: result.idleGaps, moved: moved)
    }

    /// Moves one meeting by hand. Refused, with every conflict named, when it would double-book
    /// someone, use a slot they blocked, or a table already taken.
    public static func move(_ event: MeetingEvent, meetingID: UUID?, slot: Int, tableID: UUID?, by actor: Principal, on db: any Database, now: Date) async throws {
        try await requireManager(actor, event, on: db)
        let (problem, meetings, tablesBySlot) = try await problem(event, on: db)
        guard let meetingID, let meeting = meetings.first(where: { $0.id == meetingID }) else { throw IeumError.notFound }
        guard (0..<event.slotCount).contains(slot), let tableIndex = tablesBySlot[slot].firstIndex(where: { $0.id == tableID }) else {
            throw IeumError.refused(Localized("그 시간에 쓸 수 있는 테이블을 고르세요.", "Choose a table available in that slot."))
        }
        var placements = problem.confirmed.filter { $0.requestId != meetingID.uuidString }
        placements.append(MeetingPlacement(requestId: meetingID.uuidString, slot: slot, table: tableIndex))
        let issues = problem.validate(placements).filter { issue in
            // Only what this move causes matters here.
            String(describing: issue).contains(meetingID.uuidString) || { if case .slotOverCapacity(let s, _, _) = issue { return s == slot } else { return false } }()
        }
        if !issues.isEmpty {
            let names = try await participantNames(event, on: db)
            let text = issues.map { issueText($0, names: names, event: event) }
            throw IeumError.refused(Localized("옮길 수 없습니다: " + text.map(\.ko).joined(separator: " · "), "Cannot move: " + text.map(\.en).joined(separator: " · ")))
        }
        let wasScheduled = meeting.status == .scheduled
        try await db.transaction { db in
            if meeting.status == .scheduled { meeting.sequence += 1 }
            meeting.status = .scheduled
            meeting.slot = slot
            meeting.$table.id = tableID
            meeting.unplacedReason = nil
            meeting.changedAt = now
            try await meeting.save(on: db)
            try await notifySides(meeting, of: event, wasScheduled ? .moved : .placed, names: try await participantNames(event, on: db), on: db, now: now)
            try await Audit.record(on: db, actor: actor, action: "meetings.move", entityType: "meeting", entityID: meetingID.uuidString,
                                   summary: "상담 이동: 슬롯 \(slot + 1), \(tablesBySlot[slot][tableIndex].name)", at: now)
        }
    }

    /// What happened to a meeting's place in the schedule, for the notice to both sides.
    enum PlacementChange: String {
        case placed, moved, unplaced, cancelled
    }

    /// Tells the members of both sides what happened to their meeting, once per meeting and
    /// calendar version (a second scheduling run that changes nothing writes nothing).
    static func notifySides(_ meeting: Meeting, of event: MeetingEvent, _ change: PlacementChange, names: [String: String],
                            on db: any Database, now: Date) async throws {
        let sides = try await EventParticipant.query(on: db).filter(\.$id ~~ [meeting.$first.id, meeting.$second.id]).all()
        var users: [UUID] = []
        for side in sides { users += try await Notifier.members(of: side.$organization.id, on: db) }
        let a = names[meeting.$first.id.uuidString] ?? "", b = names[meeting.$second.id.uuidString] ?? ""
        let when = meeting.slot.map { slotLabel(event, $0) } ?? ""
        let (title, body): (Localized, Localized) = switch change {
        case .placed:
            (Localized("상담 확정: \(when)", "Meeting placed: \(when) (Seoul)"),
             Localized("\(event.name)에서 \(a) × \(b) 1:1 상담이 \(when)에 잡혔습니다.", "\(a) × \(b) meet at \(when) (Seoul) at \(event.nameEn ?? event.name)."))
        case .moved:
            (Localized("상담 시간 변경: \(when)", "Meeting moved: \(when) (Seoul)"),
             Localized("\(event.name)의 \(a) × \(b) 1:1 상담이 \(when)(으)로 옮겨졌습니다. 내 일정을 확인하세요.",
                       "\(a) × \(b) at \(event.nameEn ?? event.name) now meet at \(when) (Seoul). Check your agenda."))
        case .unplaced:
            (Localized("상담 시간 미정", "Meeting no longer scheduled"),
             Localized("\(event.name)의 \(a) × \(b) 1:1 상담이 다시 편성을 기다립니다. 시간이 정해지면 알려 드립니다.",
                       "\(a) × \(b) at \(event.nameEn ?? event.name) lost its slot and waits to be scheduled again. You will be told the new time."))
        case .cancelled:
            (Localized("상담 취소", "Meeting cancelled"),
             Localized("\(event.name)의 \(a) × \(b) 1:1 상담이 취소되었습니다.", "\(a) × \(b) at \(event.nameEn ?? event.name) was cancelled."))
        }
        try await Notifier.notify(users: users, .init(
            kind: .meeting, title: title, body: body, link: SiteRoute.meetings(.agenda).path(try event.requireID()),
            dedupeKey: "meeting-\(change.rawValue):\(meeting.storedID.uuidString):\(meeting.sequence)"), on: db, now: now)
    }

    static func participantNames(_ event: MeetingEvent, on db: any Database) async throws -> [String: String] {
        let ps = try await EventParticipant.query(on: db).filter(\.$event.$id == event.requireID()).with(\.$organization).all()
        return Dictionary(uniqueKeysWithValues: ps.map { ($0.storedID.uuidString, $0.organization.name) })
    }

    static func slotLabel(_ event: MeetingEvent, _ slot: Int) -> String {
        "\(SeoulTime.dateTime(event.slotStart(slot)))–\(SeoulTime.time(event.slotEnd(slot)))"
    }

    static func issueText(_ issue: ScheduleIssue, names: [String: String], event: MeetingEvent) -> Localized {
        switch issue {
        case .participantDoubleBooked(let p, let slot, _):
            return Localized("\(names[p] ?? p)은(는) \(slotLabel(event, slot))에 다른 상담이 있습니다", "\(names[p] ?? p) has another meeting at \(slotLabel(event, slot))")
        case .participantUnavailable(let p, let slot, _):
            return Localized("\(names[p] ?? p)은(는) \(slotLabel(event, slot))에 참석할 수 없습니다", "\(names[p] ?? p) cannot attend at \(slotLabel(event, slot))")
        case .tableCollision(let slot, _, _):
            return Localized("\(slotLabel(event, slot))에 그 테이블은 이미 사용 중입니다", "That table is taken at \(slotLabel(event, slot))")
        case .slotOverCapacity(let slot, let meetings, let tables):
            return Localized("\(slotLabel(event, slot))의 상담 \(meetings)건이 테이블 \(tables)개를 넘습니다", "\(meetings) meetings for \(tables) tables at \(slotLabel(event, slot))")
        default:
            return Localized("일정이 맞지 않습니다", "The schedule does not fit")
        }
    }

    /// Cancels a meeting (an operator or either side); calendars mark it cancelled.
    public static func cancel(_ event: MeetingEvent, meetingID: UUID?, by actor: Principal, on db: any Database, now: Date) async throws {
        let (meeting, _) = try await meetingForParty(event, meetingID: meetingID, by: actor, on: db)
        guard meeting.status != .cancelled else { return }
        try await db.transaction { db in
            if meeting.status == .scheduled { meeting.sequence += 1 }
            meeting.status = .cancelled
            meeting.changedAt = now
            try await meeting.save(on: db)
            try await notifySides(meeting, of: event, .cancelled, names: try await participantNames(event, on: db), on: db, now: now)
            try await Audit.record(on: db, actor: actor, action: "meetings.cancel", entityType: "meeting", entityID: meeting.id?.uuidString,
                                   summary: "상담 취소", at: now)
        }
    }

    /// The meeting, when the actor is one of its two sides or runs the event; else 404.
    static func meetingForParty(_ event: MeetingEvent, meetingID: UUID?, by actor: Principal, on db: any Database) async throws -> (Meeting, EventParticipant?) {
        guard let meetingID, let meeting = try await Meeting.query(on: db).filter(\.$id == meetingID).filter(\.$event.$id == event.requireID()).first() else {
            throw IeumError.notFound
        }
        if try await manages(actor, event, on: db) { return (meeting, nil) }
        guard let me = try await participant(for: actor, event, on: db), me.id == meeting.$first.id || me.id == meeting.$second.id else { throw IeumError.notFound }
        return (meeting, me)
    }

    // MARK: The day and after

    public static func checkIn(_ event: MeetingEvent, participantID: UUID?, by actor: Principal, on db: any Database, now: Date) async throws {
        try await requireManager(actor, event, on: db)
        guard let participantID, let p = try await EventParticipant.query(on: db).filter(\.$id == participantID).filter(\.$event.$id == event.requireID()).first() else {
            throw IeumError.notFound
        }
        p.checkedInAt = p.checkedInAt ?? now
        try await p.save(on: db)
    }

    public static func markAttendance(_ event: MeetingEvent, meetingID: UUID?, _ attendance: Attendance, by actor: Principal, on db: any Database, now: Date) async throws {
        let (meeting, _) = try await meetingForParty(event, meetingID: meetingID, by: actor, on: db)
        guard meeting.status == .scheduled, let slot = meeting.slot, event.slotStart(slot) <= now else {
            throw IeumError.refused(Localized("상담 시작 후에 참석 여부를 기록할 수 있습니다.", "Attendance can be recorded once the meeting has started."))
        }
        meeting.attendance = attendance
        try await meeting.save(on: db)
        try await Audit.record(on: db, actor: actor, action: "meetings.attendance", entityType: "meeting", entityID: meeting.id?.uuidString,
                               summary: "참석 기록: \(attendance.label.ko)", at: now)
    }

    static let interests = ["high", "some", "none"]
    static let nextSteps = ["collaboration", "invitation", "investment", "none"]

    static func nextStepLabel(_ code: String) -> Localized {
        switch code {
        case "collaboration": Localized("협업(PoC) 추진", "Start a collaboration (PoC)")
        case "invitation": Localized("수요과제 지원 초대", "Invite to apply to a need")
        case "investment": Localized("투자 검토", "Investment review")
        default: Localized("후속 없음", "No next step")
        }
    }

    static func interestLabel(_ code: String) -> Localized {
        switch code {
        case "high": Localized("관심 높음", "Very interested")
        case "some": Localized("관심 있음", "Interested")
        default: Localized("관심 없음", "Not interested")
        }
    }

    /// Each side's short follow-up after the meeting (once; a second one replaces the first).
    public static func followUp(_ event: MeetingEvent, meetingID: UUID?, interest: String, nextStep: String, note: String, by actor: Principal, on db: any Database, now: Date) async throws {
        let (meeting, me) = try await meetingForParty(event, meetingID: meetingID, by: actor, on: db)
        guard let me else { throw IeumError.refused(Localized("후속 의견은 상담 당사자가 남깁니다.", "The two sides leave the follow-up.")) }
        guard meeting.status == .scheduled, let slot = meeting.slot, event.slotStart(slot) <= now else {
            throw IeumError.refused(Localized("상담이 열린 뒤에 후속 의견을 남길 수 있습니다.", "Leave the follow-up after the meeting."))
        }
        guard interests.contains(interest), nextSteps.contains(nextStep) else {
            throw IeumError.refused(Localized("관심도와 다음 단계를 고르세요.", "Choose the interest and the next step."))
        }
        let existing = try await MeetingFollowUp.query(on: db).filter(\.$meeting.$id == meeting.requireID()).filter(\.$participant.$id == me.requireID()).first()
        let f = existing ?? MeetingFollowUp()
        f.$meeting.id = try meeting.requireID()
        f.$participant.id = try me.requireID()
        f.interest = interest
        f.nextStep = nextStep
        f.note = String(note.trimmed.prefix(1_000))
        f.createdAt = now
        try await f.save(on: db)
    }

    /// A positive follow-up becomes a collaboration (operator), at 매칭, in the event's program.
    public static func startCollaboration(_ event: MeetingEvent, meetingID: UUID?, by actor: Principal, on db: any Database, now: Date) async throws -> Collaboration {
        try await requireManager(actor, event, on: db)
        guard let meetingID, let meeting = try await Meeting.query(on: db).filter(\.$id == meetingID).filter(\.$event.$id == event.requireID()).first() else {
            throw IeumError.notFound
        }
        let followUps = try await MeetingFollowUp.query(on: db).filter(\.$meeting.$id == meetingID).all()
        guard followUps.contains(where: { $0.nextStep == "collaboration" && $0.interest != "none" }) else {
            throw IeumError.refused(Localized("한쪽 이상이 협업 추진 의견을 남겨야 합니다.", "At least one side must ask for a collaboration."))
        }
        let sides = try await EventParticipant.query(on: db).filter(\.$id ~~ [meeting.$first.id, meeting.$second.id]).with(\.$organization).all()
        guard let startup = sides.first(where: { $0.organization.kind == .startup }), let other = sides.first(where: { $0.id != startup.id }) else {
            throw IeumError.refused(Localized("스타트업과 상대 기관 사이의 상담만 협업으로 이어집니다.", "Only a startup's meeting with another organisation becomes a collaboration."))
        }
        let isInvestor = other.organization.kind == .investor
        return try await CollaborationService.createDirect(title: "상담회 후속: \(startup.organization.name) × \(other.organization.name)", programID: event.$program.id,
                                                           startupID: try startup.organization.requireID(),
                                                           demandID: isInvestor ? nil : other.organization.id, investorID: isInvestor ? other.organization.id : nil,
                                                           by: actor, on: db, now: now)
    }

    /// A follow-up asking for an invitation lets the organiser invite the startup to one of the
    /// other side's published needs (the usual invitation: inbox and dashboard).
    public static func inviteFromFollowUp(_ event: MeetingEvent, meetingID: UUID?, needID: UUID?, by actor: Principal, on db: any Database, now: Date) async throws -> Invitation {
        try await requireManager(actor, event, on: db)
        guard let meetingID, let meeting = try await Meeting.query(on: db).filter(\.$id == meetingID).filter(\.$event.$id == event.requireID()).first() else {
            throw IeumError.notFound
        }
        let followUps = try await MeetingFollowUp.query(on: db).filter(\.$meeting.$id == meetingID).all()
        guard followUps.contains(where: { $0.nextStep == "invitation" && $0.interest != "none" }) else {
            throw IeumError.refused(Localized("한쪽 이상이 수요과제 초대 의견을 남겨야 합니다.", "At least one side must ask for an invitation to a need."))
        }
        let sides = try await EventParticipant.query(on: db).filter(\.$id ~~ [meeting.$first.id, meeting.$second.id]).with(\.$organization).all()
        guard let startup = sides.first(where: { $0.organization.kind == .startup }), let other = sides.first(where: { $0.id != startup.id }),
              let needID, let need = try await Need.find(needID, on: db), need.$organization.id == other.$organization.id, need.status == .published else {
            throw IeumError.refused(Localized("상대 기관이 공개한 수요과제를 고르세요.", "Choose one of the other side's published needs."))
        }
        return try await NeedService.invite(try need.requireID(), startupID: try startup.organization.requireID(),
                                            message: "\(event.name) 상담 후속 초대", by: actor, on: db, now: now)
    }
}
