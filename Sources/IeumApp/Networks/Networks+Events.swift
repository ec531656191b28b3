import Fluent
import Foundation
import IeumCore
import SQLKit

extension NetworkService {
    // MARK: Events

    public static func createEvent(_ network: Network, kind: NetworkEventKind, title: String, startsAt: Date?, endsAt: Date?, place: String,
                                   onlineLink: String, capacity: Int, membersOnly: Bool, by actor: Principal, on db: any Database, now: Date) async throws -> NetworkEvent {
        try await requireOfficerOrOperator(actor, network, on: db)
        var errors = FieldErrors()
        let title = title.trimmed
        if title.isEmpty || title.count > 200 { errors.add("title", Localized("행사 이름을 200자 이내로 입력하세요.", "Enter a title of at most 200 characters.")) }
        if startsAt == nil { errors.add("startsAt", Localized("시작 시각을 2026-12-10 14:00 형식으로 입력하세요.", "Enter the start as 2026-12-10 14:00.")) }
        if endsAt == nil { errors.add("endsAt", Localized("종료 시각을 입력하세요.", "Enter the end.")) }
        else if let startsAt, let endsAt, endsAt <= startsAt { errors.add("endsAt", Localized("종료는 시작보다 뒤여야 합니다.", "The end must be after the start.")) }
        if place.trimmed.isEmpty && onlineLink.trimmed.isEmpty { errors.add("place", Localized("장소나 온라인 링크를 입력하세요.", "Enter a place or an online link.")) }
        if !onlineLink.trimmed.isEmpty && WebLink.parse(onlineLink) == nil { errors.add("onlineLink", WebLink.problem) }
        if !(1...5_000).contains(capacity) { errors.add("capacity", Localized("정원은 1~5,000명입니다.", "Capacity must be 1 to 5,000.")) }
        guard errors.isEmpty, let startsAt, let endsAt else { throw IeumError.invalid(errors) }
        let event = NetworkEvent()
        event.$network.id = try network.requireID()
        event.kind = kind
        event.title = title
        event.startsAt = startsAt
        event.endsAt = endsAt
        event.place = place.trimmed
        event.onlineLink = onlineLink.trimmed.isEmpty ? nil : onlineLink.trimmed
        event.capacity = capacity
        event.membersOnly = membersOnly
        event.minutes = ""
        event.held = false
        event.cancelled = false
        try await db.transaction { db in
            try await event.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "network.event", entityType: "network", entityID: network.id?.uuidString,
                                   summary: "행사 등록: \(title) (정원 \(capacity))", at: now)
        }
        return event
    }

    static func event(_ network: Network, _ eventID: UUID?, on db: any Database) async throws -> NetworkEvent {
        guard let eventID, let event = try await NetworkEvent.query(on: db).filter(\.$id == eventID).filter(\.$network.$id == network.requireID()).first() else {
            throw IeumError.notFound
        }
        return event
    }

    /// Who may see and join an event: members for a members-only one, anyone signed in otherwise.
    static func requireEventAccess(_ actor: Principal, _ network: Network, _ event: NetworkEvent, on db: any Database) async throws {
        let access = try await access(actor, network, on: db)
        try NetworkPolicy.require(actor, .attend(access, membersOnly: event.membersOnly), access)
    }

    /// Locks the event row so registrations and cancellations of one event run one at a time
    /// (PostgreSQL `FOR UPDATE`; SQLite writes are serialised by the database itself).
    static func lock(_ eventID: UUID, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT id FROM network_events WHERE id = \(bind: eventID) FOR UPDATE").run()
    }

    /// Registers the actor: a seat while there is one, otherwise the waitlist (in order of arrival).
    public static func register(_ network: Network, eventID: UUID?, by actor: Principal, on db: any Database, now: Date) async throws -> EventRegistration {
        let event = try await event(network, eventID, on: db)
        try await requireEventAccess(actor, network, event, on: db)
        guard !event.cancelled, !event.held, now < event.startsAt else {
            throw IeumError.refused(Localized("신청할 수 없는 행사입니다 (종료 또는 취소).", "Registration is closed for this event."))
        }
        let id = try event.requireID()
        return try await db.transaction { db in
            try await lock(id, on: db)
            let existing = try await EventRegistration.query(on: db).filter(\.$event.$id == id).filter(\.$user.$id == actor.userID).first()
            if let existing, existing.status != .cancelled {
                throw IeumError.refused(Localized("이미 신청했습니다 (\(existing.status.label.ko)).", "Already registered (\(existing.status.label.en.lowercased()))."))
            }
            let taken = try await EventRegistration.query(on: db).filter(\.$event.$id == id).filter(\.$status == .registered).count()
            let registration = existing ?? EventRegistration()
            registration.$event.id = id
            registration.$user.id = actor.userID
            registration.status = taken < event.capacity ? .registered : .waitlisted
            registration.registeredAt = now
            try await registration.save(on: db)
            return registration
        }
    }

    /// Cancels the actor's registration; a freed seat goes to the first person on the waitlist,
    /// who is told at once.
    @discardableResult
    public static func cancelRegistration(_ network: Network, eventID: UUID?, by actor: Principal, on db: any Database, now: Date) async throws -> EventRegistration? {
        let event = try await event(network, eventID, on: db)
        let id = try event.requireID()
        return try await db.transaction { db in
            try await lock(id, on: db)
            guard let mine = try await EventRegistration.query(on: db).filter(\.$event.$id == id).filter(\.$user.$id == actor.userID)
                .filter(\.$status != .cancelled).first() else { throw IeumError.refused(Localized("신청 내역이 없습니다.", "You are not registered.")) }
            let freed = mine.status == .registered
            mine.status = .cancelled
            try await mine.save(on: db)
            guard freed else { return nil }
            let taken = try await EventRegistration.query(on: db).filter(\.$event.$id == id).filter(\.$status == .registered).count()
            guard taken < event.capacity,
                  let next = try await EventRegistration.query(on: db).filter(\.$event.$id == id).filter(\.$status == .waitlisted)
                    .sort(\.$registeredAt).sort(\.$id).first() else { return nil }
            next.status = .registered
            try await next.save(on: db)
            try await Notifier.notify(users: [next.$user.id], .init(
                kind: .network, title: Localized("참가 확정: \(event.title)", "You have a seat: \(event.title)"),
                body: Localized("대기 중이던 '\(event.title)' 행사에 자리가 생겨 참가가 확정되었습니다. \(SeoulTime.dateTime(event.startsAt))",
                                "A seat became free at '\(event.title)'; you are registered. \(SeoulTime.dateTime(event.startsAt)) (Seoul)"),
                link: SiteURL.network(try network.requireID()).path(anchor: "events")), on: db, now: now)
            return next
        }
    }

    /// Marks the event held with its minutes (counted in 행사 개최), and who attended.
    public static func markHeld(_ network: Network, eventID: UUID?, minutes: String, attended: [UUID], by actor: Principal, on db: any Database, now: Date) async throws {
        try await requireOfficerOrOperator(actor, network, on: db)
        let event = try await event(network, eventID, on: db)
        guard now >= event.startsAt, !event.cancelled else { throw IeumError.refused(Localized("행사가 시작된 뒤에 개최 기록을 남길 수 있습니다.", "Record the event once it has started.")) }
        try await db.transaction { db in
            event.held = true
            event.minutes = String(minutes.trimmed.prefix(20_000))
            try await event.save(on: db)
            for r in try await EventRegistration.query(on: db).filter(\.$event.$id == event.requireID()).filter(\.$status == .registered).all() {
                r.attendedAt = attended.contains(r.storedID) ? (r.attendedAt ?? now) : nil
                try await r.save(on: db)
            }
            try await Audit.record(on: db, actor: actor, action: "network.event.held", entityType: "network", entityID: network.id?.uuidString,
                                   summary: "행사 개최 기록: \(event.title), 참석 \(attended.count)명", at: now)
        }
    }

    /// Checks a registered person in at the door (officers and operators), from an hour before the start.
    public static func checkIn(_ network: Network, eventID: UUID?, registrationID: UUID?, by actor: Principal, on db: any Database, now: Date) async throws {
        try await requireOfficerOrOperator(actor, network, on: db)
        let event = try await event(network, eventID, on: db)
        guard let registrationID, let r = try await EventRegistration.query(on: db).filter(\.$id == registrationID).filter(\.$event.$id == event.requireID()).first() else {
            throw IeumError.notFound
        }
        guard r.status == .registered else { throw IeumError.refused(Localized("참가 확정된 사람만 체크인합니다.", "Only registered people check in.")) }
        guard now >= event.startsAt.addingTimeInterval(-3_600), !event.cancelled else {
            throw IeumError.refused(Localized("체크인은 행사 시작 1시간 전부터 할 수 있습니다.", "Check-in opens an hour before the start."))
        }
        r.attendedAt = r.attendedAt ?? now
        try await r.save(on: db)
    }

    // MARK: Joint tasks (우수과제 발굴)

    public static func proposeTask(_ network: Network, title: String, summary: String, partners: String, subcommitteeID: UUID?, by actor: Principal, on db: any Database, now: Date) async throws -> JointTask {
        let mine = try await memberships(of: actor, in: network, on: db)
        let access = NetworkAccess(program: try await ProgramService.access(network.$program.id, on: db), roles: mine.map(\.role))
        guard NetworkPolicy.can(actor, .proposeTask(access)), let member = mine.first else { throw IeumError.notFound }
        var errors = FieldErrors()
        if title.trimmed.isEmpty || title.count > 200 { errors.add("title", Localized("과제명을 200자 이내로 입력하세요.", "Enter a title of at most 200 characters.")) }
        if summary.trimmed.isEmpty { errors.add("summary", Localized("과제 내용을 입력하세요.", "Describe the task.")) }
        if let subcommitteeID, try await Subcommittee.query(on: db).filter(\.$id == subcommitteeID).filter(\.$network.$id == network.requireID()).first() == nil {
            errors.add("subcommitteeID", Localized("분과를 목록에서 고르세요.", "Choose a subcommittee from the list."))
        }
        guard errors.isEmpty else { throw IeumError.invalid(errors) }
        let task = JointTask()
        task.$network.id = try network.requireID()
        task.$subcommittee.id = subcommitteeID
        task.$proposer.id = try member.requireID()
        task.title = title.trimmed
        task.summary = String(summary.trimmed.prefix(5_000))
        task.partners = String(partners.trimmed.prefix(1_000))
        task.status = .proposed
        task.history = ["\(SeoulTime.dateTime(now)) 제안 · \(actor.name)"]
        task.createdAt = now
        try await task.create(on: db)
        return task
    }

    /// proposal → the subcommittee chair's endorsement → the operator's review → recognised (with the
    /// incentive) or rejected (with the reason). Each step by its own person; 403 for anyone else.
    public static func advanceTask(_ network: Network, taskID: UUID?, to status: JointTaskStatus, note: String, by actor: Principal, on db: any Database, now: Date) async throws {
        guard let taskID, let task = try await JointTask.query(on: db).filter(\.$id == taskID).filter(\.$network.$id == network.requireID()).first() else {
            throw IeumError.notFound
        }
        try await requireMember(actor, network, on: db)
        let mine = try await memberships(of: actor, in: network, on: db)
        let access = NetworkAccess(program: try await ProgramService.access(network.$program.id, on: db), roles: mine.map(\.role))
        var chairID: UUID?
        if let subID = task.$subcommittee.id { chairID = try await Subcommittee.find(subID, on: db)?.$chair.id }
        let isChair = mine.contains { $0.id == chairID } || (chairID == nil && mine.contains { $0.role == .chair })
        switch (task.status, status) {
        case (.proposed, .endorsed), (.endorsed, .reviewed), (.reviewed, .recognised), (.proposed, .rejected), (.endorsed, .rejected), (.reviewed, .rejected):
            break
        default:
            throw IeumError.refused(Localized("'\(task.status.label.ko)'에서 '\(status.label.ko)'(으)로 갈 수 없습니다.", "Cannot go from \(task.status.label.en) to \(status.label.en)."))
        }
        guard NetworkPolicy.can(actor, .advanceTask(access, from: task.status, to: status, chairsTask: isChair)) else { throw IeumError.forbidden }
        let note = String(note.trimmed.prefix(1_000))
        if (status == .recognised || status == .rejected) && note.isEmpty {
            throw IeumError.refused(status == .recognised ? Localized("인센티브 내용을 입력하세요 (예: R&D 가점, 후속 투자 연계).", "Describe the incentive.")
                                                          : Localized("반려 사유를 입력하세요.", "Give the reason."))
        }
        task.status = status
        if status == .recognised { task.incentive = note }
        task.history.append("\(SeoulTime.dateTime(now)) \(status.label.ko) · \(actor.name)" + (note.isEmpty ? "" : " · \(note)"))
        try await db.transaction { db in
            try await task.save(on: db)
            try await Audit.record(on: db, actor: actor, action: "network.task", entityType: "joint_task", entityID: taskID.uuidString,
                                   summary: "우수과제 \(status.label.ko): \(task.title)", at: now)
        }
    }

    /// A recognised task's outcome: the collaboration it led to (operator).
    public static func linkCollaboration(_ network: Network, taskID: UUID?, collaborationID: UUID?, by actor: Principal, on db: any Database, now: Date) async throws {
        let access = try await access(actor, network, on: db)
        guard NetworkPolicy.can(actor, .operate(access)) else { throw IeumError.notFound }
        guard let taskID, let task = try await JointTask.query(on: db).filter(\.$id == taskID).filter(\.$network.$id == network.requireID()).first(),
              let collaborationID, try await Collaboration.find(collaborationID, on: db) != nil else { throw IeumError.notFound }
        guard task.status == .recognised else { throw IeumError.refused(Localized("선정된 과제만 협업과 연결합니다.", "Only a recognised task links to a collaboration.")) }
        task.$collaboration.id = collaborationID
        task.history.append("\(SeoulTime.dateTime(now)) 협업 연결 · \(actor.name)")
        try await task.save(on: db)
    }
}
