import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

extension CollaborationService {
    // MARK: Funding, milestones, outcomes

    /// Sets the amounts of one stage (won); a party or an operator.
    public static func setFunding(_ id: UUID, stage: CollaborationStage, government: Int64, demand: Int64, spent: Int64, by actor: Principal, on db: any Database, now: Date) async throws {
        let (collaboration, access) = try await visible(id, for: actor, on: db)
        guard CollaborationPolicy.can(actor, .work(access)) else { throw IeumError.forbidden }
        var errors = FieldErrors()
        let negative = Localized("금액은 0원 이상이어야 합니다.", "Amounts cannot be negative.")
        if government < 0 { errors.add("government", negative) }
        if demand < 0 { errors.add("demand", negative) }
        if spent < 0 { errors.add("spent", negative) }
        if errors.isEmpty, government.addingReportingOverflow(demand).overflow || spent > government + demand {
            errors.add("spent", Localized("집행액이 지원금과 수요기관 분담금의 합보다 큽니다.", "Spending exceeds the support and the contribution together."))
        }
        if stage.isFinal {
            errors.add("stage", Localized("재원은 진행 단계(매칭~해외진출)에만 기록합니다.", "Funding is recorded for the working stages only."))
        }
        guard errors.isEmpty else { throw IeumError.invalid(errors) }
        try await db.transaction { db in
            let row = try await StageFunding.query(on: db).filter(\.$collaboration.$id == id).filter(\.$stage == stage).first() ?? {
                let created = StageFunding()
                created.$collaboration.id = id
                created.stage = stage
                return created
            }()
            row.governmentKRW = government
            row.demandKRW = demand
            row.spentKRW = spent
            row.updatedAt = now
            try await row.save(on: db)
            try await Audit.record(on: db, actor: actor, action: "collaboration.funding", entityType: "collaboration", entityID: id.uuidString,
                                   summary: "\(collaboration.title) \(stage.label.ko) 재원: 지원금 \(KRW.koreanText(government)), 분담금 \(KRW.koreanText(demand)), 집행 \(KRW.koreanText(spent))", at: now)
        }
    }

    public static func addMilestone(_ id: UUID, stage: CollaborationStage, title: String, dueAt: Date, by actor: Principal, on db: any Database, now: Date) async throws -> Milestone {
        let (_, access) = try await visible(id, for: actor, on: db)
        guard CollaborationPolicy.can(actor, .work(access)) else { throw IeumError.forbidden }
        let title = title.trimmed
        guard !title.isEmpty, title.count <= 300 else {
            throw IeumError.invalid({ var e = FieldErrors(); e.add("title", Localized("마일스톤 이름을 300자 이내로 입력하세요.", "Enter a milestone name of at most 300 characters.")); return e }())
        }
        return try await db.transaction { db in
            let milestone = Milestone()
            milestone.$collaboration.id = id
            milestone.stage = stage
            milestone.title = title
            milestone.dueAt = dueAt
            milestone.createdAt = now
            try await milestone.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "collaboration.milestone", entityType: "collaboration", entityID: id.uuidString,
                                   summary: "마일스톤 추가: \(title) (\(SeoulTime.date(dueAt)))", at: now)
            return milestone
        }
    }

    public static func completeMilestone(_ milestoneID: UUID, by actor: Principal, on db: any Database, now: Date) async throws {
        guard let milestone = try await Milestone.find(milestoneID, on: db) else { throw IeumError.notFound }
        let (_, access) = try await visible(milestone.$collaboration.id, for: actor, on: db)
        guard CollaborationPolicy.can(actor, .work(access)) else { throw IeumError.forbidden }
        guard milestone.doneAt == nil else { throw IeumError.refused(Localized("이미 완료한 마일스톤입니다.", "This milestone is already done.")) }
        try await db.transaction { db in
            milestone.doneAt = now
            try await milestone.save(on: db)
            try await Audit.record(on: db, actor: actor, action: "collaboration.milestone_done", entityType: "collaboration",
                                   entityID: milestone.$collaboration.id.uuidString, summary: "마일스톤 완료: \(milestone.title)", at: now)
        }
    }

    /// A party enters a result; it counts once the operator confirms it.
    public static func addOutcome(_ id: UUID, kind: OutcomeKind, amountKRW: Int64?, count: Int?, investorID: UUID?, note: String, occurredOn: Date,
                                  by actor: Principal, on db: any Database, now: Date) async throws -> Outcome {
        let (collaboration, access) = try await visible(id, for: actor, on: db)
        guard CollaborationPolicy.can(actor, .work(access)) else { throw IeumError.forbidden }
        var errors = FieldErrors()
        if kind.isMoney {
            if (amountKRW ?? 0) <= 0 { errors.add("amount", Localized("금액(원)을 입력하세요.", "Enter the amount in won.")) }
        } else if (count ?? 0) <= 0 {
            errors.add("count", Localized("건수(명)를 1 이상으로 입력하세요.", "Enter a count of at least 1."))
        }
        if kind == .investment, investorID == nil {
            errors.add("investorID", Localized("투자기관을 고르세요.", "Choose the investor."))
        }
        if kind == .investment, let investorID, try await Organization.find(investorID, on: db)?.kind != .investor {
            errors.add("investorID", Localized("투자기관을 고르세요.", "Choose the investor."))
        }
        guard errors.isEmpty else { throw IeumError.invalid(errors) }
        let confirmNow = CollaborationPolicy.can(actor, .approve(access))
        return try await db.transaction { db in
            let outcome = Outcome()
            outcome.$collaboration.id = id
            outcome.kind = kind
            outcome.amountKRW = kind.isMoney ? amountKRW : nil
            outcome.count = kind.isMoney ? nil : count
            outcome.$investor.id = kind == .investment ? investorID : nil
            outcome.note = String(note.trimmed.prefix(2_000))
            outcome.occurredOn = occurredOn
            outcome.status = confirmNow ? .confirmed : .pending
            outcome.enteredBy = actor.userID
            if confirmNow {
                outcome.decidedBy = actor.userID
                outcome.decidedAt = now
            }
            outcome.createdAt = now
            try await outcome.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "collaboration.outcome", entityType: "collaboration", entityID: id.uuidString,
                                   summary: "성과 입력: \(collaboration.title) — \(kind.label.ko)", at: now)
            return outcome
        }
    }

    public static func decideOutcome(_ outcomeID: UUID, confirm: Bool, by actor: Principal, on db: any Database, now: Date) async throws {
        guard let outcome = try await Outcome.find(outcomeID, on: db) else { throw IeumError.notFound }
        let (_, access) = try await visible(outcome.$collaboration.id, for: actor, on: db)
        guard CollaborationPolicy.can(actor, .approve(access)) else { throw IeumError.forbidden }
        let decided = IeumError.refused(Localized("이미 처리된 성과입니다.", "This outcome has already been decided."))
        guard outcome.status == .pending else { throw decided }
        try await db.transaction { db in
            let claimed = try await sqlDatabase(db).update(Outcome.schema)
                .set("status", to: (confirm ? OutcomeStatus.confirmed : .rejected).rawValue)
                .set("decided_by", to: actor.userID)
                .set("decided_at", to: now)
                .where("id", .equal, outcomeID)
                .where("status", .equal, OutcomeStatus.pending.rawValue)
                .returning("id")
                .all()
            guard !claimed.isEmpty else { throw decided }
            outcome.status = confirm ? .confirmed : .rejected
            outcome.decidedBy = actor.userID
            outcome.decidedAt = now
            try await Audit.record(on: db, actor: actor, action: confirm ? "collaboration.outcome_confirm" : "collaboration.outcome_reject",
                                   entityType: "collaboration", entityID: outcome.$collaboration.id.uuidString,
                                   summary: "성과 \(confirm ? "확인" : "반려"): \(outcome.kind.label.ko)", at: now)
        }
    }
}
