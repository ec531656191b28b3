import Crypto
import Fluent
import Foundation
import IeumCore
import SQLKit

enum GrievanceError: Error, Sendable, Equatable {
    /// Too many submissions from one address (or member) in the last hour.
    case rateLimited
    /// The address is busy: the next submission needs the answer to a question.
    case challengeRequired
    /// The receipt channel took its most for this minute from everyone together.
    case channelBusy
}

/// Everything that changes a grievance: intake, class and due date, assignment, transfer, the
/// status steps and comments. Each change is one transaction with its history line and audit entry.
enum GrievanceService {
    static let zone = SeoulTime.zone

    // MARK: Intake

    /// Stores a new case and returns it with the follow token (shown once; only its hash is kept).
    static func submit(_ valid: ValidGrievance, uploads: [GrievanceUpload], actor: Principal?, address: String, challenged: Bool = false,
                       on db: any Database, files: FileStore, now: Date) async throws -> (Grievance, String) {
        // Counted once before the files are written, and again in the transaction (exact there).
        try await checkRate(actor: actor, address: address, challenged: challenged, on: db, now: now)

        let token = [UInt8].random(count: 32).base64URLEncoded()  // 43 characters, 256 bits
        // The files are written in the case's transaction (shared `FileStore`, folder `grievances`).
        var stored: [(GrievanceUpload, DocumentKind, String)] = []
        for upload in uploads {
            guard let kind = DocumentKind.detect(upload.bytes) else { continue }
            stored.append((upload, kind, FileStore.newName(extension: kind.extensions.first ?? "bin")))
        }
        let attachments = stored
        let year = CalendarDay.of(now, in: zone).year
        let grievance: Grievance
        do {
            grievance = try await NotificationJobs.retryingWhenLocked { try await db.transaction { tx in
                // The year's counter row is held until commit, so submissions take their
                // numbers one after another (no two alike, none skipped: a rollback gives its
                // number back), and the hourly limit counted after it is exact.
                let sequence = try await OnceOnly.next("grievance-receipt-\(year)",
                                                      seed: "SELECT MAX(receipt_seq) FROM grievances WHERE receipt_year = \(bind: year)", on: tx)
                try await checkRate(actor: actor, address: address, challenged: challenged, on: tx, now: now)
                let g = Grievance()
                g.receiptYear = year
                g.receiptSequence = sequence
                g.receiptNumber = GrievanceReceipt.number(year: year, sequence: sequence)
                g.tokenHash = APITokens.hash(token)
                g.title = valid.title
                g.description = valid.description
                g.category = valid.category
                g.relatedLaw = valid.relatedLaw
                g.regionCode = valid.regionCode
                g.facilityKind = valid.facility?.kind.rawValue
                g.facilityCode = valid.facility?.code
                g.facilityName = valid.facility?.name
                g.contactEmail = valid.contactEmail
                g.submitterID = actor?.userID
                g.submitterAddress = String(address.prefix(64))
                g.status = .received
                g.businessDays = false
                g.agency = try await route(scope: "district", code: valid.regionCode, on: tx)?.agency ?? "서울지방중소벤처기업청"
                g.receivedAt = now
                g.version = 1
                try await g.create(on: tx)
                let id = try g.requireID()
                for (upload, kind, name) in attachments {
                    try await files.save(upload.bytes, folder: .grievances, name: name, on: tx, now: now)
                    let a = GrievanceAttachment()
                    a.$grievance.id = id
                    a.originalName = String(upload.name.prefix(200))
                    a.kind = kind.rawValue
                    a.byteCount = upload.bytes.count
                    a.storageName = name
                    a.createdAt = now
                    try await a.create(on: tx)
                }
                try await GrievanceEvent(grievanceID: id, kind: "received", to: .received, actor: actor, note: g.receiptNumber, at: now).create(on: tx)
                try await Notifier.notify(users: try await Notifier.operators(on: tx), Notifier.Message(
                    kind: .grievance,
                    title: Localized("규제·애로 접수 \(g.receiptNumber)", "Grievance received \(g.receiptNumber)"),
                    body: Localized("'\(g.title)' 건이 접수되었습니다. 분류하고 담당자를 정하세요.", "'\(g.title)' was received. Classify and assign it."),
                    link: SiteURL.grievance(id).path), on: tx, now: now)
                return g
            } }
        } catch {
            // Nothing was recorded: the files written for it go too.
            await files.discardUnrecorded(folder: .grievances, names: attachments.map(\.2))
            throw error
        }
        return (grievance, token)
    }

    /// The limits of intake: the channel's per-minute total (public form or members), then a
    /// member's hourly count, or an address's: past `publicPerHour` each submission needs a right
    /// answer (`challenged`), past `addressCeilingPerHour` none is taken.
    static func checkRate(actor: Principal?, address: String, challenged: Bool = false, on db: any Database, now: Date) async throws {
        let minuteAgo = now.addingTimeInterval(-60)
        let channel = Grievance.query(on: db).filter(\.$receivedAt > minuteAgo)
        let inChannel = try await (actor == nil ? channel.filter(\.$submitterID == nil) : channel.filter(\.$submitterID != nil)).count()
        if inChannel >= (actor == nil ? GrievanceLimits.publicPerMinute : GrievanceLimits.memberPerMinute) { throw GrievanceError.channelBusy }
        let since = now.addingTimeInterval(-3600)
        if let actor {
            let recent = try await Grievance.query(on: db).filter(\.$submitterID == actor.userID).filter(\.$receivedAt > since).count()
            if recent >= GrievanceLimits.memberPerHour { throw GrievanceError.rateLimited }
            return
        }
        let recent = try await Grievance.query(on: db).filter(\.$submitterAddress == String(address.prefix(64))).filter(\.$receivedAt > since).count()
        if recent >= GrievanceLimits.addressCeilingPerHour { throw GrievanceError.rateLimited }
        if recent >= GrievanceLimits.publicPerHour, !challenged { throw GrievanceError.challengeRequired }
    }

    /// The case a follow token opens, or nil: nothing tells a wrong token from a missing case.
    static func track(token: String, on db: any Database) async throws -> Grievance? {
        guard token.count >= 32, token.count <= 128 else { return nil }
        return try await Grievance.query(on: db).filter(\.$tokenHash == APITokens.hash(token)).first()
    }

    /// The receipt number and follow link, mailed to the contact address given with the case
    /// (in the language of the form; the body, which holds the link, is erased once sent).
    static func mailReceipt(_ g: Grievance, link: String, to address: String, language: Lang, on db: any Database, now: Date) async throws {
        let body = Localized(
            "규제·애로 신고가 접수되었습니다.\n접수번호: \(g.receiptNumber)\n제목: \(g.title)\n\n아래 주소에서 진행 상황을 볼 수 있습니다. 주소를 아는 사람은 누구나 이 건을 볼 수 있으니 다른 사람과 나누지 마세요.",
            "Your report was received.\nReceipt number: \(g.receiptNumber)\nTitle: \(g.title)\n\nFollow the case at the address below. Anyone with the address can see the case, so do not share it.")
        try await OutboxMail.queueAccountMail(to: address, subject: Localized("규제·애로 접수 \(g.receiptNumber)", "Report received \(g.receiptNumber)").text(language),
                                           body: body.text(language) + "\n\n" + link, language: language, on: db, now: now)
    }

    // MARK: Routing

    static func route(scope: String, code: String, on db: any Database) async throws -> GrievanceRoute? {
        try await GrievanceRoute.query(on: db).filter(\.$scope == scope).filter(\.$code == code).first()
    }

    /// An active operator with this e-mail, else nil.
    static func staff(email: String, on db: any Database) async throws -> User? {
        let e = email.trimmed.lowercased()
        guard !e.isEmpty else { return nil }
        return try await User.query(on: db).filter(\.$email == e).filter(\.$active == true).filter(\.$platformRole == .operator).first()
    }

    /// Facility staff first (the agency that covers the place), else the district's 서울청 staff.
    static func automaticAssignee(for g: Grievance, on db: any Database) async throws -> (User?, String) {
        if let code = g.facilityCode, let r = try await route(scope: "facility", code: code, on: db),
           let user = try await staff(email: r.staffEmail, on: db) {
            return (user, r.agency)
        }
        let district = try await route(scope: "district", code: g.regionCode, on: db)
        return (try await staff(email: district?.staffEmail ?? "", on: db), district?.agency ?? g.agency)
    }

    /// The district supervisor told when the case is overdue, else every operator.
    static func supervisors(for g: Grievance, on db: any Database) async throws -> [UUID] {
        if let r = try await route(scope: "district", code: g.regionCode, on: db), let user = try await staff(email: r.supervisorEmail, on: db) {
            return [try user.requireID()]
        }
        return try await Notifier.operators(on: db)
    }

    // MARK: Staff actions

    static func load(_ id: UUID?, on db: any Database) async throws -> Grievance {
        guard let id, let g = try await Grievance.find(id, on: db) else { throw IeumError.notFound }
        return g
    }

    /// Raises the case's version if it is still the one just read (`UPDATE … WHERE version = ?`):
    /// of two staff changing the case at the same moment exactly one goes on; the other is told.
    static func claim(_ g: Grievance, on db: any Database) async throws {
        let read = g.version
        let changed = try await OnceOnly.update(Grievance.schema, id: try g.requireID(), on: db) {
            $0.set("version", to: SQLBinaryExpression(SQLColumn("version"), .add, SQLLiteral.numeric("1")))
                .where("version", .equal, SQLBind(read))
        }
        guard changed else { throw IeumError.conflict(staleMessage) }
    }

    static let staleMessage = Localized("다른 담당자가 방금 이 건을 바꿨습니다. 페이지를 새로 고쳐 지금 상태를 확인하세요.",
                                        "Someone else just changed this case. Reload the page to see where it stands.")

    /// Sets the class and computes the due date from the day of receipt (Seoul); assigns by the
    /// routing table on the first classification when nobody holds the case yet.
    static func classify(_ id: UUID, as kind: GrievanceClass, businessDays: Bool, target: String, by actor: Principal,
                         on db: any Database, now: Date) async throws -> Grievance {
        try await db.transaction { tx in
            let g = try await load(id, on: tx)
            guard GrievanceStep.classify.allowed(from: g.status) else {
                throw IeumError.refused(Localized("종결된 건은 다시 분류할 수 없습니다.", "A closed case cannot be classified again."))
            }
            try await claim(g, on: tx)
            var targetDay: CalendarDay?
            if kind == .interagency {
                guard let day = CalendarDay(target) else {
                    throw IeumError.invalid(FieldErrors.single("target", Localized("목표일을 2026-05-29 형식으로 입력하세요.", "Enter the target date as 2026-05-29.")))
                }
                targetDay = day
            }
            let received = CalendarDay.of(g.receivedAt, in: zone)
            let due: CalendarDay
            switch DueDate.compute(kind, receivedOn: received, target: targetDay, businessDays: businessDays, holidays: GrievanceData.holidays) {
            case .success(let day): due = day
            case .failure(let error): throw IeumError.invalid(FieldErrors.single("target", error.message))
            }
            let from = g.status
            g.grievanceClass = kind
            g.businessDays = businessDays
            g.targetDay = targetDay?.description
            g.dueDay = due.description
            g.dueAt = due.end(in: zone)
            if g.status == .received { g.status = .classified }
            g.version += 1
            let gid = try g.requireID()
            try await GrievanceEvent(grievanceID: gid, kind: "classified", from: from, to: g.status, actor: actor,
                                     note: "\(kind.label.ko) · 처리기한 \(due)" + (businessDays ? " (영업일)" : ""), at: now).create(on: tx)
            if g.assigneeID == nil {
                let (user, agency) = try await automaticAssignee(for: g, on: tx)
                g.agency = agency
                if let user {
                    try await setAssignee(g, user, by: actor, note: "자동 배정 (\(agency))", on: tx, now: now)
                }
            }
            try await g.save(on: tx)
            try await Audit.record(on: tx, actor: actor, action: "grievance.classify", entityType: "grievance", entityID: gid.uuidString,
                                   summary: "규제·애로 분류: \(g.receiptNumber) \(kind.rawValue) due \(due)", at: now)
            return g
        }
    }

    static func setAssignee(_ g: Grievance, _ user: User, by actor: Principal, note: String, on db: any Database, now: Date) async throws {
        let previous = g.assigneeName
        g.assigneeID = try user.requireID()
        g.assigneeName = user.name
        try await GrievanceEvent(grievanceID: try g.requireID(), kind: "assigned", actor: actor,
                                 note: "\(previous ?? "-") → \(user.name) · \(note)", at: now).create(on: db)
        try await Notifier.notify(users: [try user.requireID()], Notifier.Message(
            kind: .grievance,
            title: Localized("규제·애로 배정 \(g.receiptNumber)", "Grievance assigned \(g.receiptNumber)"),
            body: Localized("'\(g.title)' 건의 담당자가 되었습니다. 처리기한: \(g.dueDay ?? "-")", "You now hold '\(g.title)'. Due: \(g.dueDay ?? "-")"),
            link: SiteURL.grievance(try g.requireID()).path), on: db, now: now)
    }

    /// Gives the case to another staff member (an operator).
    static func reassign(_ id: UUID, to userID: UUID, note: String, by actor: Principal, on db: any Database, now: Date) async throws {
        try await db.transaction { tx in
            let g = try await load(id, on: tx)
            guard !g.status.isFinal else { throw IeumError.refused(Localized("종결된 건입니다.", "The case is closed.")) }
            try await claim(g, on: tx)
            guard let user = try await User.find(userID, on: tx), user.active, user.platformRole == .operator else {
                throw IeumError.invalid(FieldErrors.single("assignee", Localized("담당자를 고르세요.", "Choose a staff member.")))
            }
            try await setAssignee(g, user, by: actor, note: note.trimmed.isEmpty ? "재배정" : note.trimmed, on: tx, now: now)
            g.version += 1
            try await g.save(on: tx)
            try await Audit.record(on: tx, actor: actor, action: "grievance.assign", entityType: "grievance", entityID: id.uuidString,
                                   summary: "규제·애로 담당자 지정: \(g.receiptNumber) → \(user.email)", at: now)
        }
    }

    /// start / resolve / reject / transfer through the one state machine; resolve, reject and
    /// transfer need a note the submitter reads; a transfer names the agency.
    static func perform(_ step: GrievanceStep, on id: UUID, note rawNote: String, agency rawAgency: String, by actor: Principal,
                        on db: any Database, now: Date) async throws -> Grievance {
        try await db.transaction { tx in
            let g = try await load(id, on: tx)
            guard step != .classify else { throw IeumError.badRequest(Localized("분류는 분류 양식으로 하세요.", "Use the classification form.")) }
            guard step.allowed(from: g.status) else {
                throw IeumError.refused(Localized("지금 상태(\(g.status.label.ko))에서는 '\(step.label.ko)'을(를) 할 수 없습니다.",
                                                  "'\(step.label.en)' is not possible while the case is \(g.status.label.en)."))
            }
            let note = rawNote.trimmed, agency = rawAgency.trimmed
            if step.needsNote && note.isEmpty {
                throw IeumError.invalid(FieldErrors.single("note", Localized("처리 내용(신청인에게 보입니다)을 적어 주세요.", "Write the outcome; the submitter reads it.")))
            }
            if step == .transfer && agency.isEmpty {
                throw IeumError.invalid(FieldErrors.single("agency", Localized("이관할 기관을 적어 주세요.", "Name the agency the case goes to.")))
            }
            try await claim(g, on: tx)
            let from = g.status
            g.status = step.target
            if step.needsNote { g.resolution = note }
            if step == .transfer { g.agency = String(agency.prefix(100)) }
            if g.status.isFinal { g.closedAt = now }
            g.version += 1
            try await g.save(on: tx)
            try await GrievanceEvent(grievanceID: id, kind: step.rawValue, from: from, to: g.status, actor: actor,
                                     note: step == .transfer ? "→ \(agency): \(note)" : note, at: now).create(on: tx)
            try await Audit.record(on: tx, actor: actor, action: "grievance.\(step.rawValue)", entityType: "grievance", entityID: id.uuidString,
                                   summary: "규제·애로 \(g.receiptNumber): \(from.label.ko) → \(g.status.label.ko)", at: now)
            if g.status.isFinal, let email = g.contactEmail {
                // A public submitter has no inbox: the outcome goes to the contact e-mail (without
                // the follow link, which is not stored).
                let mail = OutboxMail()
                mail.toAddress = email
                mail.subject = "[이음] 규제·애로 \(g.receiptNumber) \(g.status.label.ko)"
                mail.body = "'\(g.title)' 건이 \(g.status.label.ko) 처리되었습니다.\n\n\(note)\n\n접수 때 받은 주소에서 자세한 내용을 볼 수 있습니다.\n\n"
                    + "Your grievance '\(g.title)' (\(g.receiptNumber)) is now \(g.status.label.en). See the link you received for details."
                mail.status = .pending
                mail.attempts = 0
                mail.createdAt = now
                try await mail.create(on: tx)
            }
            if let submitter = g.submitterID {
                try await Notifier.notify(users: [submitter], Notifier.Message(
                    kind: .grievance,
                    title: Localized("규제·애로 \(g.receiptNumber): \(g.status.label.ko)", "Grievance \(g.receiptNumber): \(g.status.label.en)"),
                    body: Localized("'\(g.title)' 건이 \(g.status.label.ko) 상태가 되었습니다.", "'\(g.title)' is now \(g.status.label.en)."),
                    link: SiteURL.inbox.path), on: tx, now: now)
            }
            return g
        }
    }

    static func comment(_ id: UUID, body rawBody: String, visible: Bool, by actor: Principal, on db: any Database, now: Date) async throws {
        let body = rawBody.trimmed
        guard !body.isEmpty else { throw IeumError.invalid(FieldErrors.single("body", Localized("의견을 입력하세요.", "Write a comment."))) }
        guard body.count <= 5_000 else { throw IeumError.invalid(FieldErrors.single("body", Localized("의견은 5,000자 이내로 입력하세요.", "At most 5,000 characters."))) }
        try await db.transaction { tx in
            let g = try await load(id, on: tx)
            let c = GrievanceComment()
            c.$grievance.id = try g.requireID()
            c.body = body
            c.visibleToSubmitter = visible
            c.authorID = actor.userID
            c.authorName = actor.name
            c.createdAt = now
            try await c.create(on: tx)
        }
    }
}
