import Fluent
import Foundation
import IeumCore
import IeumScheduling
import SQLKit

/// A consultation-meeting event as typed into the operator's form.
public struct MeetingEventInput: Sendable, Equatable {
    public var programID = ""
    public var name = ""
    public var nameEn = ""
    public var kind = MeetingEventKind.mixed.rawValue
    public var mode = MeetingMode.offline.rawValue
    public var venue = ""
    public var startsAt = ""
    public var days = "1"
    public var slotsPerDay = "16"
    public var slotMinutes = "20"
    public var breakMinutes = "5"
    public var registrationOpensAt = ""
    public var registrationClosesAt = ""
    public var requestExpiryHours = "72"
    public var requestCap = "10"

    public init() {}
}

/// Consultation meetings (상담회): events, participants, mutual-consent requests, the schedule,
/// agendas, calendar files, the day itself and the follow-up.
public enum MeetingService {
    // MARK: Access

    public static func find(_ id: UUID?, on db: any Database) async throws -> MeetingEvent {
        guard let id, let event = try await MeetingEvent.find(id, on: db) else { throw IeumError.notFound }
        return event
    }

    /// An operator of the event's program's agency (or a platform operator).
    public static func manages(_ actor: Principal?, _ event: MeetingEvent, on db: any Database) async throws -> Bool {
        guard actor?.isOperator ?? false else { return false }
        let program = try await ProgramService.access(event.$program.id, on: db)
        return MeetingPolicy.can(actor, .manage(MeetingEventAccess(program: program, takesPart: false)))
    }

    static func requireManager(_ actor: Principal, _ event: MeetingEvent, on db: any Database) async throws {
        guard try await manages(actor, event, on: db) else { throw IeumError.notFound }
    }

    /// The actor's organisation's place in the event, if any.
    public static func participant(for actor: Principal?, _ event: MeetingEvent, on db: any Database) async throws -> EventParticipant? {
        // Only an approved organisation takes part: a pending or rejected one gives its people nothing.
        guard let actor, !actor.approvedOrganizationIDs.isEmpty else { return nil }
        return try await EventParticipant.query(on: db).filter(\.$event.$id == event.requireID())
            .filter(\.$organization.$id ~~ actor.approvedOrganizationIDs).with(\.$organization).first()
    }

    static func requireParticipant(_ actor: Principal, _ event: MeetingEvent, on db: any Database) async throws -> EventParticipant {
        let (access, me) = try await access(actor, event, on: db)
        guard MeetingPolicy.can(actor, .takePart(access)), let me else { throw IeumError.notFound }
        return me
    }

    // MARK: Setting up

    public static func createEvent(_ input: MeetingEventInput, by actor: Principal, on db: any Database, now: Date) async throws -> MeetingEvent {
        guard MeetingPolicy.can(actor, .create) else { throw IeumError.forbidden }
        var errors = FieldErrors()
        var programID: UUID?
        if !input.programID.trimmed.isEmpty {
            programID = UUID(uuidString: input.programID.trimmed)
            let program = try await Program.find(programID, on: db)
            if programID == nil || program == nil {
                errors.add("programID", Localized("사업을 목록에서 고르세요.", "Choose the program from the list."))
            } else if let program, !MeetingPolicy.can(actor, .createFor(program.access)) {
                // An agency's operator holds events only for the programs their agency runs.
                errors.add("programID", Localized("운영하는 사업만 고를 수 있습니다.", "Choose a program your agency runs."))
            }
        }
        let name = input.name.trimmed
        if name.isEmpty || name.count > 200 { errors.add("name", Localized("상담회 이름을 200자 이내로 입력하세요.", "Enter a name of at most 200 characters.")) }
        let kind = MeetingEventKind(rawValue: input.kind), mode = MeetingMode(rawValue: input.mode)
        if kind == nil { errors.add("kind", Localized("상담회 종류를 고르세요.", "Choose the kind.")) }
        if mode == nil { errors.add("mode", Localized("진행 방식을 고르세요.", "Choose on site, online or hybrid.")) }
        if mode != .online && input.venue.trimmed.isEmpty { errors.add("venue", Localized("오프라인 상담회는 장소를 입력하세요.", "Enter the venue.")) }
        let startsAt = SeoulTime.parse(input.startsAt)
        if startsAt == nil { errors.add("startsAt", Localized("첫 상담 시작 시각을 2026-12-10 10:00 형식으로 입력하세요.", "Enter the first slot's start as 2026-12-10 10:00.")) }
        func integer(_ field: String, _ text: String, _ range: ClosedRange<Int>, _ message: Localized) -> Int? {
            guard let v = Bounded.int(text, in: range) else { errors.add(field, message); return nil }
            return v
        }
        let days = integer("days", input.days, 1...5, Localized("일수는 1~5일입니다.", "Days must be 1 to 5."))
        let perDay = integer("slotsPerDay", input.slotsPerDay, 1...32, Localized("하루 상담 슬롯은 1~32개입니다.", "Slots per day must be 1 to 32."))
        let minutes = integer("slotMinutes", input.slotMinutes, 10...120, Localized("상담 시간은 10~120분입니다.", "A slot lasts 10 to 120 minutes."))
        let pause = integer("breakMinutes", input.breakMinutes, 0...60, Localized("쉬는 시간은 0~60분입니다.", "Breaks last 0 to 60 minutes."))
        if let days, let perDay, days * perDay > MeetingProblem.maxSlots {
            errors.add("slotsPerDay", Localized("전체 슬롯은 \(MeetingProblem.maxSlots)개까지입니다.", "At most \(MeetingProblem.maxSlots) slots in all."))
        }
        if let perDay, let minutes, let pause, perDay * (minutes + pause) > 16 * 60 {
            errors.add("slotsPerDay", Localized("하루 일정이 16시간을 넘습니다.", "A day's slots run past 16 hours."))
        }
        let opens = SeoulTime.parse(input.registrationOpensAt), closes = SeoulTime.parse(input.registrationClosesAt)
        if opens == nil { errors.add("registrationOpensAt", Localized("신청 시작 시각을 입력하세요.", "Enter when requests open.")) }
        if closes == nil { errors.add("registrationClosesAt", Localized("신청 마감 시각을 입력하세요.", "Enter when requests close.")) }
        else if let opens, let closes, closes <= opens { errors.add("registrationClosesAt", Localized("신청 마감은 시작보다 뒤여야 합니다.", "Requests must close after they open.")) }
        else if let closes, let startsAt, closes > startsAt { errors.add("registrationClosesAt", Localized("신청은 상담 시작 전에 마감해야 합니다.", "Requests must close before the meetings start.")) }
        let expiry = integer("requestExpiryHours", input.requestExpiryHours, 1...336, Localized("응답 기한은 1~336시간입니다.", "The reply window is 1 to 336 hours."))
        let cap = integer("requestCap", input.requestCap, 1...100, Localized("신청 한도는 1~100건입니다.", "The request cap is 1 to 100."))
        guard errors.isEmpty, let kind, let mode, let startsAt, let days, let perDay, let minutes, let pause, let opens, let closes, let expiry, let cap else {
            throw IeumError.invalid(errors)
        }
        let event = MeetingEvent()
        event.$program.id = programID
        event.name = name
        event.nameEn = input.nameEn.trimmed.isEmpty ? nil : input.nameEn.trimmed
        event.kind = kind
        event.mode = mode
        event.venue = input.venue.trimmed
        event.startsAt = startsAt
        event.days = days
        event.slotsPerDay = perDay
        event.slotMinutes = minutes
        event.breakMinutes = pause
        event.registrationOpensAt = opens
        event.registrationClosesAt = closes
        event.requestExpiryHours = expiry
        event.requestCap = cap
        let policy = MeetingPriorityPolicy.standard
        event.weightMutual = policy.mutual
        event.weightBuyer = policy.buyer
        event.weightStartup = policy.startup
        event.createdBy = actor.userID
        try await db.transaction { db in
            try await event.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "meetings.create", entityType: "meeting_event", entityID: event.id?.uuidString,
                                   summary: "상담회 등록: \(name)", at: now)
        }
        return event
    }

    public static func setPriorities(_ event: MeetingEvent, mutual: Int, buyer: Int, startup: Int, by actor: Principal, on db: any Database, now: Date) async throws {
        try await requireManager(actor, event, on: db)
        guard (1...100).contains(mutual), (1...100).contains(buyer), (1...100).contains(startup) else {
            throw IeumError.refused(Localized("우선순위 가중치는 1~100입니다.", "Priority weights are 1 to 100."))
        }
        event.weightMutual = mutual
        event.weightBuyer = buyer
        event.weightStartup = startup
        try await db.transaction { db in
            try await event.save(on: db)
            try await Audit.record(on: db, actor: actor, action: "meetings.priorities", entityType: "meeting_event", entityID: event.id?.uuidString,
                                   summary: "우선순위: 상호 \(mutual), 바이어·투자자 \(buyer), 스타트업 \(startup)", at: now)
        }
    }

    public static func addTable(_ event: MeetingEvent, name: String, seats: Int, videoLink: String, by actor: Principal, on db: any Database, now: Date) async throws -> MeetingTable {
        try await requireManager(actor, event, on: db)
        let name = name.trimmed
        guard !name.isEmpty, name.count <= 50 else { throw IeumError.refused(Localized("테이블 이름을 50자 이내로 입력하세요.", "Name the table in at most 50 characters.")) }
        guard (2...20).contains(seats) else { throw IeumError.refused(Localized("좌석은 2~20석입니다.", "Seats must be 2 to 20.")) }
        let link = videoLink.trimmed
        guard link.isEmpty || WebLink.parse(link) != nil else {
            throw IeumError.refused(Localized("화상 링크: " + WebLink.problem.ko, "Video link: " + WebLink.problem.en))
        }
        let eventID = try event.requireID()
        if try await MeetingTable.query(on: db).filter(\.$event.$id == eventID).filter(\.$name == name).first() != nil {
            throw IeumError.refused(Localized("같은 이름의 테이블이 있습니다.", "A table has this name already."))
        }
        let table = MeetingTable()
        table.$event.id = eventID
        table.name = name
        table.position = try await MeetingTable.query(on: db).filter(\.$event.$id == eventID).count() + 1
        table.seats = seats
        table.videoLink = link.isEmpty ? nil : link
        table.blockedSlots = []
        try await table.create(on: db)
        return table
    }

    /// `role` nil: none was chosen (refused once the actor is known to run the event, so an
    /// outsider learns nothing of it).
    public static func addParticipant(_ event: MeetingEvent, organizationID: UUID?, role: MeetingRole?, by actor: Principal, on db: any Database, now: Date) async throws -> EventParticipant {
        try await requireManager(actor, event, on: db)
        guard let role else { throw IeumError.refused(Localized("참가 구분을 고르세요.", "Choose the role.")) }
        guard let organizationID, let org = try await Organization.find(organizationID, on: db), org.status == .approved else {
            throw IeumError.refused(Localized("승인된 기관을 목록에서 고르세요.", "Choose an approved organisation."))
        }
        let eventID = try event.requireID()
        if try await EventParticipant.query(on: db).filter(\.$event.$id == eventID).filter(\.$organization.$id == organizationID).first() != nil {
            throw IeumError.refused(Localized("이미 참가 중인 기관입니다.", "Already taking part."))
        }
        let p = EventParticipant()
        p.$event.id = eventID
        p.$organization.id = organizationID
        p.role = role
        p.blockedSlots = []
        p.interests = ""
        try await db.transaction { db in
            try await p.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "meetings.participant", entityType: "meeting_event", entityID: eventID.uuidString,
                                   summary: "참가 기관 추가: \(org.name) (\(role.label.ko))", at: now)
        }
        return p
    }

    /// The slots a participant cannot attend (its own members or an operator).
    public static func setAvailability(_ event: MeetingEvent, participantID: UUID?, blocked: [Int], interests: String?, by actor: Principal, on db: any Database, now: Date) async throws {
        guard let participantID, let p = try await EventParticipant.query(on: db).filter(\.$id == participantID).filter(\.$event.$id == event.requireID()).first() else {
            throw IeumError.notFound
        }
        let operates = try await manages(actor, event, on: db)
        guard actor.isMember(of: p.$organization.id) || operates else { throw IeumError.notFound }
        let valid = Array(Set(blocked.filter { (0..<event.slotCount).contains($0) })).sorted()
        p.blockedSlots = valid
        if let interests { p.interests = String(interests.trimmed.prefix(1_000)) }
        try await p.save(on: db)
    }

    // MARK: Requests

    static func weight(_ event: MeetingEvent, mutual: Bool, from role: MeetingRole) -> Int {
        if mutual { return event.weightMutual }
        return role == .startup ? event.weightStartup : event.weightBuyer
    }

    /// Pending requests past their time become expired, freeing the sender's quota. Returns how many.
    @discardableResult
    public static func expire(now: Date, on db: any Database) async throws -> Int {
        let due = try await EventRequest.query(on: db).filter(\.$status == .pending).filter(\.$expiresAt <= now).all()
        guard !due.isEmpty else { return 0 }
        try await EventRequest.query(on: db).filter(\.$id ~~ due.compactMap(\.id)).filter(\.$status == .pending)
            .set(\.$status, to: .expired).set(\.$decidedAt, to: now).update()
        return due.count
    }

    public static func sendRequest(_ event: MeetingEvent, to targetID: UUID?, message: String, by actor: Principal, on db: any Database, now: Date) async throws -> EventRequest {
        let me = try await requireParticipant(actor, event, on: db)
        let eventID = try event.requireID()
        guard event.isRegistrationOpen(at: now) else {
            throw IeumError.refused(Localized("상담 신청 기간이 아닙니다 (\(SeoulTime.dateTime(event.registrationOpensAt)) ~ \(SeoulTime.dateTime(event.registrationClosesAt))).",
                                              "Requests are not open now."))
        }
        guard let targetID, let target = try await EventParticipant.query(on: db).filter(\.$id == targetID).filter(\.$event.$id == eventID).with(\.$organization).first(),
              target.id != me.id else {
            throw IeumError.refused(Localized("상담할 참가 기관을 고르세요.", "Choose a participant to meet."))
        }
        let message = String(message.trimmed.prefix(1_000))
        try await expire(now: now, on: db)
        let pairTaken = Localized("이미 진행 중인 신청이 있습니다.", "There is already a request between you.")
        do {
            return try await sendRequest(event, me: me, target: target, message: message, pairTaken: pairTaken, on: db, now: now)
        } catch let error where error.isUniqueViolation {
            throw IeumError.refused(pairTaken)  // the index on open pairs decided between two requests at once
        }
    }

    static func sendRequest(_ event: MeetingEvent, me: EventParticipant, target: EventParticipant, message: String, pairTaken: Localized,
                            on db: any Database, now: Date) async throws -> EventRequest {
        let eventID = try event.requireID()
        let myID = try me.requireID()
        let targetID = try target.requireID()
        return try await db.transaction { db in
            // Both sides held: the sender's cap and the pair are checked one request at a time.
            try await OnceOnly.lock(EventParticipant.schema, [myID, targetID], on: db)
            let between = try await EventRequest.query(on: db).filter(\.$event.$id == eventID)
                .group(.or) { or in
                    or.group(.and) { $0.filter(\.$from.$id == myID).filter(\.$to.$id == targetID) }
                    or.group(.and) { $0.filter(\.$from.$id == targetID).filter(\.$to.$id == myID) }
                }
                .filter(\.$status ~~ [.pending, .accepted]).all()
            if let reverse = between.first(where: { $0.$from.id == targetID && $0.status == .pending }) {
                // They asked us too: mutual interest, accepted at once, first in priority.
                reverse.status = .accepted
                reverse.mutual = true
                reverse.decidedAt = now
                try await reverse.save(on: db)
                try await createMeeting(event, reverse, from: target, to: me, on: db, now: now)
                try await Notifier.notify(users: try await Notifier.members(of: target.$organization.id, on: db), .init(
                    kind: .meeting, title: Localized("상담 성사: \(me.organization.name)", "Meeting agreed: \(me.organization.name)"),
                    body: Localized("서로 상담을 신청해 1:1 상담이 확정되었습니다. 일정은 편성 후 알려 드립니다.", "You both asked to meet; the meeting is agreed and will be scheduled."),
                    link: SiteURL.meetingEvent(eventID).path), on: db, now: now)
                return reverse
            }
            guard between.isEmpty else { throw IeumError.refused(pairTaken) }
            let active = try await EventRequest.query(on: db).filter(\.$from.$id == myID).filter(\.$status ~~ [.pending, .accepted]).count()
            guard active < event.requestCap else {
                throw IeumError.refused(Localized("신청 한도(\(event.requestCap)건)에 이르렀습니다. 응답이 없는 신청은 기한이 지나면 풀립니다.",
                                                  "You have reached the cap of \(event.requestCap) requests; pending ones free up when they expire."))
            }
            let request = EventRequest()
            request.$event.id = eventID
            request.$from.id = myID
            request.$to.id = targetID
            request.message = message
            request.status = .pending
            request.mutual = false
            request.expiresAt = now.addingTimeInterval(Double(event.requestExpiryHours) * 3_600)
            request.createdAt = now
            try await request.create(on: db)
            try await Notifier.notify(users: try await Notifier.members(of: target.$organization.id, on: db), .init(
                kind: .meeting, title: Localized("상담 신청: \(me.organization.name)", "Meeting request: \(me.organization.name)"),
                body: Localized("'\(event.name)'에서 1:1 상담 신청이 왔습니다. \(SeoulTime.dateTime(request.expiresAt))까지 응답하세요. \(message)",
                                "A meeting request for '\(event.nameEn ?? event.name)'; reply by \(SeoulTime.dateTime(request.expiresAt)) (Seoul). \(message)"),
                link: SiteURL.meetingEvent(eventID).path), on: db, now: now)
            return request
        }
    }

    static func createMeeting(_ event: MeetingEvent, _ request: EventRequest, from: EventParticipant, to: EventParticipant, on db: any Database, now: Date) async throws {
        let meeting = Meeting()
        meeting.$event.id = try event.requireID()
        meeting.$request.id = try request.requireID()
        meeting.$first.id = try from.requireID()
        meeting.$second.id = try to.requireID()
        meeting.weight = weight(event, mutual: request.mutual, from: from.role)
        meeting.status = .unplaced
        meeting.unplacedReason = "notScheduled"
        meeting.sequence = 0
        meeting.attendance = .unknown
        meeting.changedAt = now
        try await meeting.create(on: db)
    }

    /// The receiver accepts or declines a pending request before it expires.
    public static func respond(_ event: MeetingEvent, requestID: UUID?, accept: Bool, by actor: Principal, on db: any Database, now: Date) async throws {
        let me = try await requireParticipant(actor, event, on: db)
        guard let requestID, let request = try await EventRequest.query(on: db).filter(\.$id == requestID).filter(\.$to.$id == me.requireID()).first() else {
            throw IeumError.notFound
        }
        if request.status == .pending && request.expiresAt <= now { try await expire(now: now, on: db); request.status = .expired }
        guard request.status == .pending else {
            throw IeumError.refused(Localized("이미 '\(request.status.label.ko)' 상태인 신청입니다.", "The request is already \(request.status.label.en.lowercased())."))
        }
        guard let from = try await EventParticipant.query(on: db).filter(\.$id == request.$from.id).with(\.$organization).first() else {
            throw IeumError.notFound
        }
        try await db.transaction { db in
            guard let sql = db as? any SQLDatabase else { throw IeumError.notFound }
            // Only a request still pending changes: two answers at once decide once.
            let rows = try await sql.update(EventRequest.schema).set("status", to: SQLBind((accept ? EventRequestStatus.accepted : .declined).rawValue))
                .where("id", .equal, SQLBind(requestID)).where("status", .equal, SQLBind(EventRequestStatus.pending.rawValue)).returning("id").all()
            guard !rows.isEmpty else { throw IeumError.refused(Localized("이미 응답한 신청입니다.", "Already answered.")) }
            request.status = accept ? .accepted : .declined
            request.decidedAt = now
            try await request.save(on: db)
            if accept { try await createMeeting(event, request, from: from, to: me, on: db, now: now) }
            try await Notifier.notify(users: try await Notifier.members(of: from.$organization.id, on: db), .init(
                kind: .meeting,
                title: accept ? Localized("상담 수락: \(me.organization.name)", "Meeting accepted: \(me.organization.name)")
                              : Localized("상담 거절: \(me.organization.name)", "Meeting declined: \(me.organization.name)"),
                body: Localized("'\(event.name)' 상담 신청에 응답했습니다.", "Your request for '\(event.nameEn ?? event.name)' was answered."),
                link: SiteURL.meetingEvent(try event.requireID()).path), on: db, now: now)
        }
    }

    public static func withdraw(_ event: MeetingEvent, requestID: UUID?, by actor: Principal, on db: any Database, now: Date) async throws {
        let me = try await requireParticipant(actor, event, on: db)
        guard let requestID, let request = try await EventRequest.query(on: db).filter(\.$id == requestID).filter(\.$from.$id == me.requireID()).first() else {
            throw IeumError.notFound
        }
        let onlyPending = Localized("응답 대기 중인 신청만 철회할 수 있습니다.", "Only a pending request can be withdrawn.")
        guard request.status == .pending else { throw IeumError.refused(onlyPending) }
        try await db.transaction { db in
            // Only while still pending: a withdrawal and an acceptance at the same moment, one wins.
            let withdrawn = try await OnceOnly.update(EventRequest.schema, id: requestID, on: db) {
                $0.set("status", to: SQLBind(EventRequestStatus.withdrawn.rawValue))
                    .where("status", .equal, SQLBind(EventRequestStatus.pending.rawValue))
            }
            guard withdrawn else { throw IeumError.refused(onlyPending) }
            request.status = .withdrawn
            request.decidedAt = now
            try await request.save(on: db)
        }
    }
}

extension MeetingEventInput: FormInput {}
