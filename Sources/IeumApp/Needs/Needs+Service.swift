import Fluent
import Foundation
import IeumCore
import SQLKit

/// Needs: writing, the status workflow, the pledge and invitations. Each change is one transaction
/// with its history entry, audit entry and notifications.
public enum NeedService {
    static let staleMessage = Localized(
        "다른 사람이 먼저 이 내용을 바꿨습니다. 변경 내용을 확인한 뒤 다시 저장하세요. (입력한 내용은 아래에 남아 있습니다.)",
        "Someone else changed this in the meantime. Check their changes and save again. (What you typed is kept below.)"
    )

    /// Access facts for `need` as seen by `actor`.
    public static func access(_ need: Need, for actor: Principal?, on db: any Database) async throws -> NeedAccess {
        let needID = try need.requireID()
        var pledged = false
        var own: ApplicationStatus?
        if let actor {
            pledged = try await NeedPledge.query(on: db).filter(\.$need.$id == needID).filter(\.$userID == actor.userID).count() > 0
            let startups = actor.memberships.filter { $0.kind == .startup }.map(\.organizationID)
            if !startups.isEmpty {
                own = try await NeedApplication.query(on: db).filter(\.$need.$id == needID).filter(\.$startup.$id ~~ startups).first()?.status
            }
        }
        return NeedAccess(id: needID, organizationID: need.$organization.id, status: need.status, anonymous: need.anonymous, pledged: pledged, ownApplication: own,
                          programAgency: try await programAgency(of: need, on: db))
    }

    /// The agency running the program of the need's call, which scopes its operators.
    static func programAgency(of need: Need, on db: any Database) async throws -> UUID? {
        guard let callID = need.$call.id, let call = try await Call.find(callID, on: db) else { return nil }
        return try await Program.find(call.$program.id, on: db)?.$operatorOrganization.id
    }

    /// Loads a need the actor may at least see the teaser of; 404 otherwise (its existence is not told).
    public static func visible(_ id: UUID?, for actor: Principal?, on db: any Database) async throws -> (Need, NeedAccess) {
        guard let id, let need = try await Need.find(id, on: db) else { throw IeumError.notFound }
        let access = try await access(need, for: actor, on: db)
        guard NeedPolicy.can(actor, .viewTeaser(access)) else { throw IeumError.notFound }
        return (need, access)
    }

    static func apply(_ valid: ValidNeed, to need: Need, organization: Organization, taxonomy: TaxonomySnapshot) {
        need.title = valid.title
        need.titleEn = valid.titleEn
        need.teaser = valid.teaser
        need.detail = valid.detail
        need.fieldCodes = valid.fieldCodes
        need.minStage = valid.minStage
        need.minTRL = valid.minTRL
        need.support = valid.support.map(\.rawValue)
        need.pocFundsKRW = valid.pocFundsKRW
        need.supportOther = valid.supportOther
        need.startupsSought = valid.startupsSought
        need.contactName = valid.contactName
        need.contactEmail = valid.contactEmail
        need.contactPhone = valid.contactPhone
        need.deadline = valid.deadline
        need.anonymous = valid.anonymous
        let fieldNames = valid.fieldCodes.compactMap { taxonomy.field(code: $0) }.flatMap { [$0.name.ko, $0.name.en] + $0.aliases }
        // The public search sees the title and the teaser, never the confidential detail; the
        // organisation's name only when it is not hidden.
        need.searchText = KoreanSearch.document(
            [need.title, need.titleEn, need.teaser, valid.anonymous ? nil : organization.name, valid.anonymous ? nil : organization.nameEn]
                + fieldNames.map(Optional.some)
        )
    }

    /// A new draft need of `organizationID`.
    public static func create(_ input: NeedInput, organizationID: UUID, by actor: Principal, on db: any Database, now: Date) async throws -> Need {
        guard NeedPolicy.can(actor, .create(organizationID: organizationID)) else { throw IeumError.forbidden }
        guard let organization = try await Organization.find(organizationID, on: db), organization.kind == .demand else {
            throw IeumError.refused(Localized("수요과제는 수요기관만 등록할 수 있습니다.", "Only demand organisations post needs."))
        }
        let taxonomy = try await TaxonomySnapshot.load(on: db)
        let valid: ValidNeed
        switch input.validate(taxonomy: taxonomy, now: now) {
        case .success(let value): valid = value
        case .failure(let error): throw IeumError.invalid(error.errors)
        }
        return try await db.transaction { db in
            let need = Need()
            need.$organization.id = organizationID
            need.status = .draft
            need.version = 1
            need.createdBy = actor.userID
            apply(valid, to: need, organization: organization, taxonomy: taxonomy)
            try await need.create(on: db)
            let id = try need.requireID()
            try await NeedEvent(needID: id, from: nil, to: .draft, actor: actor, note: "작성", at: now).create(on: db)
            try await Audit.record(on: db, actor: actor, action: "need.create", entityType: "need", entityID: id.uuidString,
                                   summary: "수요과제 등록: \(need.title)", at: now)
            return need
        }
    }

    /// Saves an edit when `input.version` is still the stored version; otherwise `.conflict`.
    public static func update(_ id: UUID, with input: NeedInput, by actor: Principal, on db: any Database, now: Date) async throws -> Need {
        guard let need = try await Need.find(id, on: db) else { throw IeumError.notFound }
        let access = try await access(need, for: actor, on: db)
        guard NeedPolicy.can(actor, .viewTeaser(access)) else { throw IeumError.notFound }
        guard NeedPolicy.can(actor, .edit(access)) else { throw IeumError.forbidden }
        let taxonomy = try await TaxonomySnapshot.load(on: db)
        let valid: ValidNeed
        switch input.validate(taxonomy: taxonomy, now: now) {
        case .success(let value): valid = value
        case .failure(let error): throw IeumError.invalid(error.errors)
        }
        guard let readVersion = Int(input.version.trimmed) else {
            throw IeumError.badRequest(Localized("편집한 버전 정보가 없습니다. 페이지를 새로 고치세요.", "The edited version is missing; reload the page."))
        }
        let organization = try await need.$organization.get(on: db)
        return try await db.transaction { db in
            try await claimVersion(table: Need.schema, id: id, version: readVersion, on: db)
            guard let fresh = try await Need.find(id, on: db) else { throw IeumError.notFound }
            let before = InputSnapshot(NeedInput(fresh))
            apply(valid, to: fresh, organization: organization, taxonomy: taxonomy)
            fresh.version = readVersion + 1
            try await fresh.save(on: db)
            let changes = before.diff(InputSnapshot(NeedInput(fresh)))
            try await NeedEvent(needID: id, from: fresh.status, to: fresh.status, actor: actor, note: "수정: " + changes.map(\.field).joined(separator: ", "), at: now).create(on: db)
            try await Audit.record(on: db, actor: actor, action: "need.update", entityType: "need", entityID: id.uuidString,
                                   summary: "수요과제 수정: \(fresh.title)", changes: changes.map(\.line), at: now)
            return fresh
        }
    }

    /// Raises a row's version by one if it is still `version`; inside a transaction this also
    /// holds the row until commit, so of two simultaneous saves exactly one passes.
    static func claimVersion(table: String, id: UUID, version: Int, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw IeumError.conflict(staleMessage) }
        let rows = try await sql.update(table)
            .set("version", to: SQLBinaryExpression(SQLColumn("version"), .add, SQLLiteral.numeric("1")))
            .where("id", .equal, SQLBind(id))
            .where("version", .equal, SQLBind(version))
            .returning("id")
            .all()
        if rows.isEmpty { throw IeumError.conflict(staleMessage) }
    }

    /// The workflow steps a person can ask for.
    public enum Step: String, Sendable, CaseIterable {
        case submit, publish, returnToDraft, close, award, cancel

        var target: NeedStatus {
            switch self {
            case .submit: .submitted
            case .publish: .published
            case .returnToDraft: .draft
            case .close: .closed
            case .award: .awarded
            case .cancel: .cancelled
            }
        }

        public var label: Localized {
            switch self {
            case .submit: Localized("검토 요청", "Submit for review")
            case .publish: Localized("공개", "Publish")
            case .returnToDraft: Localized("보완 요청(작성 중으로)", "Return for changes")
            case .close: Localized("마감", "Close")
            case .award: Localized("선정 완료", "Mark awarded")
            case .cancel: Localized("취소", "Cancel")
            }
        }

        func allowed(_ actor: Principal, _ access: NeedAccess) -> Bool {
            switch self {
            case .submit: NeedPolicy.can(actor, .submit(access))
            case .publish: NeedPolicy.can(actor, .publish(access))
            case .returnToDraft: NeedPolicy.can(actor, .returnToDraft(access))
            case .close: NeedPolicy.can(actor, .close(access))
            case .award: NeedPolicy.can(actor, .award(access))
            case .cancel: NeedPolicy.can(actor, .cancel(access))
            }
        }
    }

    /// Moves a need one step. Publishing needs a call; returning and cancelling need a reason.
    public static func perform(_ step: Step, on id: UUID, callID: UUID? = nil, reason: String = "", by actor: Principal, on db: any Database, now: Date) async throws -> Need {
        guard let need = try await Need.find(id, on: db) else { throw IeumError.notFound }
        let access = try await access(need, for: actor, on: db)
        guard NeedPolicy.can(actor, .viewTeaser(access)) else { throw IeumError.notFound }
        guard step.allowed(actor, access) else {
            if NeedPolicy.isOwnerOrOperator(actor, access) {
                throw IeumError.refused(Localized("지금 상태(\(need.status.label.ko))에서는 '\(step.label.ko)'을(를) 할 수 없습니다.",
                                                  "'\(step.label.en)' is not possible while the need is \(need.status.label.en.lowercased())."))
            }
            throw IeumError.forbidden
        }
        let reason = reason.trimmed
        if (step == .returnToDraft || step == .cancel) && reason.isEmpty {
            throw IeumError.refused(Localized("사유를 입력하세요.", "Give a reason."))
        }
        var call: Call?
        if step == .publish {
            guard let callID, let found = try await Call.find(callID, on: db) else {
                throw IeumError.refused(Localized("공개할 공모를 선택하세요.", "Choose the call to publish it in."))
            }
            guard found.closesAt > now else {
                throw IeumError.refused(Localized("이미 마감된 공모에는 공개할 수 없습니다.", "The call has already closed."))
            }
            // An agency's operator publishes only in the calls of the programs their agency runs.
            guard try await ProgramService.isRun(by: actor, programID: found.$program.id, on: db) else {
                throw IeumError.refused(Localized("운영하는 사업의 공모만 고를 수 있습니다.", "Choose a call of a program your agency runs."))
            }
            call = found
        }
        let from = need.status
        let chosenCall = call
        return try await db.transaction { db in
            // Only from the status read: of two steps asked at the same moment one goes on.
            let moved = try await OnceOnly.update(Need.schema, id: id, on: db) {
                $0.set("status", to: SQLBind(step.target.rawValue))
                    .set("version", to: SQLBinaryExpression(SQLColumn("version"), .add, SQLLiteral.numeric("1")))
                    .where("status", .equal, SQLBind(from.rawValue))
            }
            guard moved else {
                throw IeumError.conflict(Localized("이 수요과제의 상태가 방금 바뀌었습니다. 페이지를 새로 고쳐 지금 상태를 확인하세요.",
                                                   "The need's status has just changed. Reload the page to see where it stands."))
            }
            need.status = step.target
            if let call = chosenCall {
                need.$call.id = try call.requireID()
                need.publishedAt = now
            }
            try await need.save(on: db)
            need.version += 1  // raised by the update above
            try await NeedEvent(needID: id, from: from, to: step.target, actor: actor, note: reason, at: now).create(on: db)
            try await Audit.record(on: db, actor: actor, action: "need.\(step.rawValue)", entityType: "need", entityID: id.uuidString,
                                   summary: "수요과제 \(step.label.ko): \(need.title)", changes: reason.isEmpty ? [] : ["사유: \(reason)"], at: now)
            if step == .publish {
                let link = SiteURL.need(id).path
                try await Notifier.notify(users: try await Notifier.members(of: need.$organization.id, on: db), .init(
                    kind: .needPublished,
                    title: Localized("수요과제가 공개되었습니다: \(need.title)", "Your need was published: \(need.titleEn ?? need.title)"),
                    body: Localized("운영기관이 '\(need.title)'을(를) 공모에 공개했습니다. 이제 스타트업이 지원할 수 있습니다.",
                                    "The operator published '\(need.titleEn ?? need.title)' in a call; startups can now apply."),
                    link: link), on: db, now: now)
            }
            return need
        }
    }

    /// Records the actor's acceptance of the confidentiality pledge (once; later calls keep the first time).
    public static func pledge(_ id: UUID, by actor: Principal, on db: any Database, now: Date) async throws {
        let (need, access) = try await visible(id, for: actor, on: db)
        guard NeedPolicy.can(actor, .pledge(access)) else { throw IeumError.forbidden }
        if access.pledged { return }
        do {
            try await recordPledge(need, by: actor, on: db, now: now)
        } catch where error.isUniqueViolation {
            return  // the same person pledged at the same moment (a double click): the first one stands
        }
    }

    static func recordPledge(_ need: Need, by actor: Principal, on db: any Database, now: Date) async throws {
        let id = try need.requireID()
        try await db.transaction { db in
            let pledge = NeedPledge()
            pledge.$need.id = id
            pledge.userID = actor.userID
            pledge.organizationID = actor.memberships.first { $0.kind == .startup }?.organizationID
            pledge.acceptedAt = now
            try await pledge.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "need.pledge", entityType: "need", entityID: id.uuidString,
                                   summary: "비밀유지 서약: \(need.title)", at: now)
        }
    }

    /// Invites an approved startup to apply; the startup's people get a message.
    public static func invite(_ id: UUID, startupID: UUID, message: String, by actor: Principal, on db: any Database, now: Date) async throws -> Invitation {
        let (need, access) = try await visible(id, for: actor, on: db)
        guard NeedPolicy.can(actor, .invite(access)) else {
            if NeedPolicy.isOwnerOrOperator(actor, access) {
                throw IeumError.refused(Localized("공개된 수요과제에만 초대할 수 있습니다.", "Only a published need can invite startups."))
            }
            throw IeumError.forbidden
        }
        guard let startup = try await Organization.find(startupID, on: db), startup.kind == .startup, startup.status == .approved else {
            throw IeumError.refused(Localized("초대할 스타트업을 찾을 수 없습니다.", "The startup to invite was not found."))
        }
        if try await Invitation.query(on: db).filter(\.$need.$id == id).filter(\.$startup.$id == startupID).count() > 0 {
            throw IeumError.refused(Localized("\(startup.name)은(는) 이미 초대했습니다.", "\(startup.nameEn ?? startup.name) was already invited."))
        }
        let text = String(message.trimmed.prefix(2_000))
        return try await db.transaction { db in
            let invitation = Invitation()
            invitation.$need.id = id
            invitation.$startup.id = startupID
            invitation.invitedBy = actor.userID
            invitation.inviterName = actor.name
            invitation.message = text
            invitation.createdAt = now
            try await invitation.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "need.invite", entityType: "need", entityID: id.uuidString,
                                   summary: "지원 초대: \(startup.name) → \(need.title)", at: now)
            let orgName = need.anonymous ? "비공개 수요기관" : (try await need.$organization.get(on: db)).name
            try await Notifier.notify(users: try await Notifier.members(of: startupID, on: db), .init(
                kind: .invitation,
                title: Localized("지원 초대: \(need.title)", "Invitation to apply: \(need.titleEn ?? need.title)"),
                body: Localized("\(orgName)의 수요과제 '\(need.title)'에 지원해 달라는 초대가 왔습니다. \(text)",
                                "You are invited to apply to the need '\(need.titleEn ?? need.title)'. \(text)"),
                link: SiteURL.need(id).path), on: db, now: now)
            return invitation
        }
    }
}

/// Form values as lines for the history and the audit log.
struct InputSnapshot {
    let values: [(field: String, value: String)]

    init(_ input: NeedInput) {
        values = [
            ("title", input.title), ("titleEn", input.titleEn), ("teaser", input.teaser), ("detail", input.detail),
            ("fields", input.fields.joined(separator: ",")), ("minStage", input.minStage), ("minTRL", input.minTRL),
            ("support", input.support.joined(separator: ",")), ("pocFunds", input.pocFunds), ("supportOther", input.supportOther),
            ("startupsSought", input.startupsSought), ("contactName", input.contactName), ("contactEmail", input.contactEmail),
            ("contactPhone", input.contactPhone), ("deadline", input.deadline), ("anonymous", String(input.anonymous)),
        ]
    }

    init(pairs: [(String, String)]) { values = pairs.map { (field: $0.0, value: $0.1) } }

    /// Changed fields; confidential text is named, not copied into the log.
    func diff(_ other: InputSnapshot) -> [(field: String, line: String)] {
        let confidential: Set<String> = ["detail", "solution", "differentiation", "pocPlan", "expectedResults", "budgetDetail"]
        return zip(values, other.values).compactMap { old, new in
            guard old.value != new.value else { return nil }
            if confidential.contains(old.field) { return (old.field, "\(old.field): (비공개 내용 변경)") }
            return (old.field, "\(old.field): \(old.value.prefix(80)) → \(new.value.prefix(80))")
        }
    }
}
