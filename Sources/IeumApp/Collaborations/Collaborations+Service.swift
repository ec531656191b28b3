import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// Collaborations: creation on selection or by direct match, stage changes through the one state
/// machine with operator approval at the gates, evidence, funding, milestones and outcomes. Each
/// change is one transaction with its audit entry and notices.
public enum CollaborationService {
    public static func access(_ collaboration: Collaboration, on db: any Database) async throws -> CollaborationAccess {
        let id = try collaboration.requireID()
        let parties = try await CollaborationParty.query(on: db).filter(\.$collaboration.$id == id).all()
        var operatorID: UUID?
        if let programID = collaboration.$program.id {
            operatorID = try await Program.find(programID, on: db)?.$operatorOrganization.id
        }
        return CollaborationAccess(partyOrganizationIDs: Set(parties.map { $0.$organization.id }), programOperatorID: operatorID)
    }

    static func sqlDatabase(_ db: any Database) throws -> any SQLDatabase {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "collaborations need an SQL database") }
        return sql
    }

    /// A collaboration the actor may see; 404 for everyone else.
    public static func visible(_ id: UUID?, for actor: Principal?, on db: any Database) async throws -> (Collaboration, CollaborationAccess) {
        guard let id, let collaboration = try await Collaboration.find(id, on: db) else { throw IeumError.notFound }
        let access = try await access(collaboration, on: db)
        guard CollaborationPolicy.can(actor, .view(access)) else { throw IeumError.notFound }
        return (collaboration, access)
    }

    /// Called in the transaction that selects an application: the pair becomes a collaboration
    /// at 매칭 (once per application).
    static func createFromSelection(_ application: NeedApplication, need: Need, by actor: Principal, on db: any Database, now: Date) async throws -> Collaboration {
        let applicationID = try application.requireID()
        if let existing = try await Collaboration.query(on: db).filter(\.$applicationID == applicationID).first() { return existing }
        let programID = try await need.$call.get(on: db)?.$program.id
        let startup = try await application.$startup.get(on: db)
        return try await insert(title: "\(startup.name) × \(need.title)", programID: programID, needID: try need.requireID(), applicationID: applicationID,
                                startupID: startup.requireID(), demandID: need.$organization.id, investorID: nil, by: actor, on: db, now: now)
    }

    /// An operator's direct match, outside any call.
    public static func createDirect(title: String, programID: UUID?, startupID: UUID, demandID: UUID?, investorID: UUID?,
                                    by actor: Principal, on db: any Database, now: Date) async throws -> Collaboration {
        guard CollaborationPolicy.can(actor, .createDirect) else { throw IeumError.forbidden }
        var errors = FieldErrors()
        let title = title.trimmed
        if title.isEmpty || title.count > 300 { errors.add("title", Localized("협업 과제명을 300자 이내로 입력하세요.", "Enter a title of at most 300 characters.")) }
        let startup = try await Organization.find(startupID, on: db)
        if startup?.kind != .startup || startup?.status != .approved {
            errors.add("startupID", Localized("승인된 스타트업을 고르세요.", "Choose an approved startup."))
        }
        if let demandID {
            let demand = try await Organization.find(demandID, on: db)
            if demand?.kind != .demand { errors.add("demandID", Localized("수요기관을 고르세요.", "Choose a demand organisation.")) }
        }
        if let investorID {
            let investor = try await Organization.find(investorID, on: db)
            if investor?.kind != .investor { errors.add("investorID", Localized("투자기관을 고르세요.", "Choose an investor.")) }
        }
        if let programID {
            if let program = try await Program.find(programID, on: db) {
                // An agency's operator matches only inside the programs their agency runs.
                let scope = CollaborationAccess(partyOrganizationIDs: [], programOperatorID: program.$operatorOrganization.id)
                if !CollaborationPolicy.operates(actor, scope) {
                    errors.add("programID", Localized("운영하는 사업만 고를 수 있습니다.", "Choose a program your agency runs."))
                }
            } else {
                errors.add("programID", Localized("사업을 찾을 수 없습니다.", "The program was not found."))
            }
        }
        guard errors.isEmpty, let startupID = try startup?.requireID() else { throw IeumError.invalid(errors) }
        return try await db.transaction { db in
            try await insert(title: title, programID: programID, needID: nil, applicationID: nil, startupID: startupID,
                             demandID: demandID, investorID: investorID, by: actor, on: db, now: now)
        }
    }

    static func insert(title: String, programID: UUID?, needID: UUID?, applicationID: UUID?, startupID: UUID, demandID: UUID?, investorID: UUID?,
                       by actor: Principal, on db: any Database, now: Date) async throws -> Collaboration {
        let collaboration = Collaboration()
        collaboration.title = String(title.prefix(300))
        collaboration.$program.id = programID
        collaboration.$need.id = needID
        collaboration.applicationID = applicationID
        collaboration.$startup.id = startupID
        collaboration.$demand.id = demandID
        collaboration.stage = .matched
        collaboration.stageSince = now
        collaboration.startedAt = now
        collaboration.version = 1
        collaboration.createdBy = actor.userID
        try await collaboration.create(on: db)
        let id = try collaboration.requireID()
        try await CollaborationParty(collaborationID: id, organizationID: startupID, role: .startup).create(on: db)
        if let demandID { try await CollaborationParty(collaborationID: id, organizationID: demandID, role: .demand).create(on: db) }
        if let investorID { try await CollaborationParty(collaborationID: id, organizationID: investorID, role: .investor).create(on: db) }
        let change = StageChange()
        change.$collaboration.id = id
        change.fromStage = nil
        change.toStage = .matched
        change.status = .approved
        change.note = applicationID == nil ? "운영기관 직접 매칭" : "지원서 최종 선정"
        change.requestedBy = actor.userID
        change.requestedByName = actor.name
        change.requestedAt = now
        change.decidedBy = actor.userID
        change.decidedByName = actor.name
        change.decidedAt = now
        try await change.create(on: db)
        try await Audit.record(on: db, actor: actor, action: "collaboration.create", entityType: "collaboration", entityID: id.uuidString,
                               summary: "협업 시작: \(collaboration.title)", at: now)
        return collaboration
    }

    /// Asks for (or, for an operator or where no gate applies, makes) a stage change.
    @discardableResult
    public static func requestStage(_ id: UUID, to stage: CollaborationStage, note: String, override: String = "", by actor: Principal,
                                    on db: any Database, now: Date) async throws -> StageChange {
        let (collaboration, access) = try await visible(id, for: actor, on: db)
        guard CollaborationPolicy.can(actor, .work(access)) else { throw IeumError.forbidden }
        let note = String(note.trimmed.prefix(4_000))
        let gate: Bool
        switch CollaborationFlow.check(from: collaboration.stage, to: stage) {
        case .refused(let message): throw IeumError.refused(message)
        case .allowed(let isGate): gate = isGate
        }
        let isOperator = CollaborationPolicy.can(actor, .approve(access))
        // A party asks for the next step only, whatever the form sent; skipping a stage is the operator's call.
        if !isOperator, !CollaborationFlow.nextForParty(collaboration.stage).contains(stage) { throw IeumError.forbidden }
        if stage == .dropped && note.isEmpty {
            var errors = FieldErrors()
            errors.add("note", Localized("중단 사유를 입력하세요.", "Give the reason for dropping the collaboration."))
            throw IeumError.invalid(errors)
        }
        let pending = try await StageChange.query(on: db).filter(\.$collaboration.$id == id).filter(\.$status == .pending).first()
        if let pending, stage != .dropped {
            throw IeumError.refused(Localized("'\(pending.toStage.label.ko)' 전환이 이미 운영기관 승인을 기다리고 있습니다.",
                                              "A change to \(pending.toStage.label.en) is already awaiting the operator's approval."))
        }
        let overrideReason = gate ? try await gateOverride(collaboration, to: stage, override: override, operator: isOperator, on: db, now: now) : nil
        let decideNow = !gate || isOperator
        return try await db.transaction { db in
            let change = StageChange()
            change.$collaboration.id = id
            change.fromStage = collaboration.stage
            change.toStage = stage
            change.status = decideNow ? .approved : .pending
            change.note = note
            change.overrideReason = overrideReason
            change.requestedBy = actor.userID
            change.requestedByName = actor.name
            change.requestedAt = now
            if decideNow {
                change.decidedBy = actor.userID
                change.decidedByName = actor.name
                change.decidedAt = now
            }
            try await change.create(on: db)
            if decideNow {
                try await apply(change, to: collaboration, by: actor, on: db, now: now)
            } else {
                try await Audit.record(on: db, actor: actor, action: "collaboration.request_stage", entityType: "collaboration", entityID: id.uuidString,
                                       summary: "단계 전환 요청: \(collaboration.stage.label.ko) → \(stage.label.ko)", at: now)
                // The program's agency decides; a collaboration outside an agency's program goes to every operator.
                let operators: [UUID]
                if let agency = access.programOperatorID {
                    operators = try await Notifier.members(of: agency, on: db)
                } else {
                    operators = try await Notifier.operators(on: db)
                }
                try await Notifier.notify(users: operators, .init(
                    kind: .collaboration,
                    title: Localized("단계 전환 승인 요청: \(stage.label.ko)", "Stage change to approve: \(stage.label.en)"),
                    body: Localized("'\(collaboration.title)' 협업의 '\(collaboration.stage.label.ko)' → '\(stage.label.ko)' 전환을 \(actor.name) 님이 요청했습니다.",
                                    "\(actor.name) asks to move '\(collaboration.title)' from \(collaboration.stage.label.en) to \(stage.label.en)."),
                    link: SiteURL.collaboration(id).path(anchor: "timeline")), on: db, now: now)
            }
            if stage == .dropped, let pending {
                pending.status = .refused
                pending.decidedAt = now
                pending.decidedBy = actor.userID
                pending.decidedByName = actor.name
                pending.decisionNote = "협업 중단"
                try await pending.save(on: db)
            }
            return change
        }
    }

    /// The operator approves or refuses a pending stage change.
    public static func decide(_ changeID: UUID, approve: Bool, note: String, override: String = "", by actor: Principal, on db: any Database, now: Date) async throws {
        guard let change = try await StageChange.find(changeID, on: db) else { throw IeumError.notFound }
        let (collaboration, access) = try await visible(change.$collaboration.id, for: actor, on: db)
        guard CollaborationPolicy.can(actor, .approve(access)) else { throw IeumError.forbidden }
        guard change.status == .pending else {
            throw IeumError.refused(Localized("이미 처리된 요청입니다.", "This request has already been decided."))
        }
        if approve, case .refused(let message) = CollaborationFlow.check(from: collaboration.stage, to: change.toStage) {
            throw IeumError.refused(message)
        }
        // Approving is the gate change: the evidence is checked now (a milestone may have passed its day since the request).
        let overrideReason = approve ? try await gateOverride(collaboration, to: change.toStage, override: override, operator: true, on: db, now: now) : nil
        let note = String(note.trimmed.prefix(2_000))
        if !approve && note.isEmpty {
            var errors = FieldErrors()
            errors.add("note", Localized("반려 사유를 입력하세요.", "Give the reason for refusing."))
            throw IeumError.invalid(errors)
        }
        try await db.transaction { db in
            // Claimed with one conditional update: of two operators deciding the same request at
            // once, exactly one finds it still pending (the other is told it was decided).
            let claimed = try await sqlDatabase(db).update(StageChange.schema)
                .set("status", to: (approve ? StageChangeStatus.approved : .refused).rawValue)
                .set("decided_by", to: actor.userID)
                .set("decided_by_name", to: actor.name)
                .set("decided_at", to: now)
                .set("decision_note", to: note.isEmpty ? nil : note)
                .set("override_reason", to: overrideReason)
                .where("id", .equal, changeID)
                .where("status", .equal, StageChangeStatus.pending.rawValue)
                .returning("id")
                .all()
            guard !claimed.isEmpty else { throw IeumError.refused(Localized("이미 처리된 요청입니다.", "This request has already been decided.")) }
            change.status = approve ? .approved : .refused
            change.decidedBy = actor.userID
            change.decidedByName = actor.name
            change.decidedAt = now
            change.decisionNote = note.isEmpty ? nil : note
            change.overrideReason = overrideReason
            if approve {
                try await apply(change, to: collaboration, by: actor, on: db, now: now)
            } else {
                try await Audit.record(on: db, actor: actor, action: "collaboration.refuse_stage", entityType: "collaboration",
                                       entityID: collaboration.id?.uuidString, summary: "단계 전환 반려: \(change.toStage.label.ko) — \(note)", at: now)
                if let requester = change.requestedBy {
                    try await Notifier.notify(users: [requester], .init(
                        kind: .collaboration,
                        title: Localized("단계 전환 반려: \(change.toStage.label.ko)", "Stage change refused: \(change.toStage.label.en)"),
                        body: Localized("'\(collaboration.title)' 협업의 '\(change.toStage.label.ko)' 전환 요청이 반려되었습니다. 사유: \(note)",
                                        "The change of '\(collaboration.title)' to \(change.toStage.label.en) was refused. Reason: \(note)"),
                        link: SiteURL.collaboration(try collaboration.requireID()).path(anchor: "timeline")), on: db, now: now)
                }
            }
        }
    }

    static func apply(_ change: StageChange, to collaboration: Collaboration, by actor: Principal, on db: any Database, now: Date) async throws {
        let id = try collaboration.requireID()
        try await NeedService.claimVersion(table: Collaboration.schema, id: id, version: collaboration.version, on: db)
        let from = collaboration.stage
        collaboration.stage = change.toStage
        collaboration.stageSince = now
        collaboration.version += 1
        if change.toStage == .dropped { collaboration.dropReason = change.note }
        try await collaboration.save(on: db)
        try await Audit.record(on: db, actor: actor, action: "collaboration.stage", entityType: "collaboration", entityID: id.uuidString,
                               summary: "협업 단계: \(from.label.ko) → \(change.toStage.label.ko)", at: now)
        if let reason = change.overrideReason {
            try await Audit.record(on: db, actor: actor, action: "collaboration.gate_override", entityType: "collaboration", entityID: id.uuidString,
                                   summary: "예외 승인 (\(from.label.ko) → \(change.toStage.label.ko)): \(reason)", at: now)
        }
        var users: [UUID] = []
        for party in try await CollaborationParty.query(on: db).filter(\.$collaboration.$id == id).all() {
            users += try await Notifier.members(of: party.$organization.id, on: db)
        }
        try await Notifier.notify(users: users, .init(
            kind: .collaboration,
            title: Localized("협업 단계 변경: \(change.toStage.label.ko)", "Collaboration stage: \(change.toStage.label.en)"),
            body: Localized("'\(collaboration.title)' 협업이 '\(from.label.ko)'에서 '\(change.toStage.label.ko)' 단계로 바뀌었습니다.",
                            "'\(collaboration.title)' moved from \(from.label.en) to \(change.toStage.label.en)."),
            link: SiteURL.collaboration(id).path), on: db, now: now)
    }
}
