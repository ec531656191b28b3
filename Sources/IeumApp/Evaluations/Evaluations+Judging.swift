import Fluent
import Foundation
import IeumCore
import SQLKit

extension EvaluationService {
    // MARK: The judge's side

    /// The pledge (이해충돌 서약) a judge makes on first opening a round: the entries they declare a
    /// conflict with lose them at once (their drafts for those entries are dropped), and the
    /// operator sees those entries short of judges.
    public static func pledge(_ round: EvaluationRound, declared: [UUID], agreed: Bool, by actor: Principal, on db: any Database, now: Date) async throws {
        let (expert, judge) = try await requireJudge(actor, round, on: db)
        guard round.isJudging(at: now) else { throw IeumError.refused(notJudgingMessage) }
        guard judge.pledgedAt == nil else { throw IeumError.refused(Localized("이미 서약했습니다.", "You have already made the pledge.")) }
        guard agreed else {
            var errors = FieldErrors()
            errors.add("agree", Localized("이해충돌 서약에 동의해야 평가를 시작할 수 있습니다.", "Agree to the conflict-of-interest pledge to start judging."))
            throw IeumError.invalid(errors)
        }
        let roundID = try round.requireID()
        let expertID = try expert.requireID()
        let assigned = try await RoundAssignment.query(on: db).filter(\.$round.$id == roundID).filter(\.$expert.$id == expertID).all()
        let assignedEntries = Set(assigned.map { $0.$entry.id })
        let declaredSet = Set(declared).intersection(assignedEntries)
        try await db.transaction { db in
            // Once per judge and round: only the request that finds no pledge yet records one.
            let first = try await OnceOnly.update(RoundJudge.schema, id: try judge.requireID(), on: db) {
                $0.set("pledged_at", to: SQLBind(now)).where("pledged_at", .is, SQLLiteral.null)
            }
            guard first else { throw IeumError.refused(Localized("이미 서약했습니다.", "You have already made the pledge.")) }
            judge.pledgedAt = now
            try await judge.save(on: db)
            for entryID in declaredSet.sorted(by: { $0.uuidString < $1.uuidString }) {
                let c = EvaluationConflict()
                c.$round.id = roundID
                c.$entry.id = entryID
                c.$expert.id = expertID
                c.source = "declared"
                c.reason = "declared"
                try await c.create(on: db)
                try await RoundAssignment.query(on: db).filter(\.$entry.$id == entryID).filter(\.$expert.$id == expertID).delete()
                try await ScoreSheet.query(on: db).filter(\.$entry.$id == entryID).filter(\.$expert.$id == expertID).delete()
            }
            try await Audit.record(on: db, actor: actor, action: "round.pledge", entityType: "evaluation_round", entityID: roundID.uuidString,
                                   summary: "이해충돌 서약: \(expert.name), 신고 \(declaredSet.count)건", at: now)
        }
    }

    /// An entry the judge is assigned to, with their sheet; 404 when it is not theirs, 403 (refused)
    /// outside the judging window.
    static func judgeEntry(_ round: EvaluationRound, entryID: UUID?, by actor: Principal, on db: any Database, now: Date) async throws -> (Expert, RoundJudge, RoundEntry, ScoreSheet?) {
        let (expert, judge) = try await requireJudge(actor, round, on: db)
        guard let entryID,
              try await RoundAssignment.query(on: db).filter(\.$entry.$id == entryID).filter(\.$expert.$id == expert.requireID()).first() != nil,
              let entry = try await RoundEntry.query(on: db).filter(\.$id == entryID).filter(\.$round.$id == round.requireID()).with(\.$startup).first()
        else { throw IeumError.notFound }
        guard round.isJudging(at: now) else { throw IeumError.forbidden }
        let sheet = try await ScoreSheet.query(on: db).filter(\.$entry.$id == entryID).filter(\.$expert.$id == expert.requireID()).first()
        return (expert, judge, entry, sheet)
    }

    /// Saves the judge's sheet as a draft, or submits it (all scores needed; it is then locked).
    @discardableResult
    public static func saveSheet(_ round: EvaluationRound, entryID: UUID?, _ input: SheetInput, submit: Bool, by actor: Principal, on db: any Database, now: Date) async throws -> ScoreSheet {
        let (expert, judge, entry, existing) = try await judgeEntry(round, entryID: entryID, by: actor, on: db, now: now)
        guard judge.pledgedAt != nil else {
            throw IeumError.refused(Localized("먼저 이해충돌 서약을 하세요.", "Make the conflict-of-interest pledge first."))
        }
        if let existing, existing.status == .submitted {
            throw IeumError.conflict(Localized("제출한 평가표는 잠겨 있습니다. 고치려면 운영기관에 재개를 요청하세요.",
                                               "A submitted sheet is locked; ask the operator to reopen it."))
        }
        let criteria = try await RubricCriterion.query(on: db).filter(\.$round.$id == round.requireID()).sort(\.$position).all()
        let scores: [String: Double]
        switch input.validate(criteria, complete: submit) {
        case .success(let s): scores = s
        case .failure(let failure): throw IeumError.invalid(failure.errors)
        }
        let known = Set(criteria.compactMap { $0.id?.uuidString })
        let comments = input.comments.filter { known.contains($0.key) && !$0.value.trimmed.isEmpty }.mapValues(\.trimmed)
        let sheet = existing ?? ScoreSheet()
        if existing == nil {
            sheet.$round.id = try round.requireID()
            sheet.$entry.id = try entry.requireID()
            sheet.$expert.id = try expert.requireID()
        }
        sheet.scoresJSON = ScoreSheet.json(scores)
        sheet.commentsJSON = ScoreSheet.json(comments)
        sheet.overallComment = input.overallComment.trimmed
        sheet.status = submit ? .submitted : .draft
        sheet.submittedAt = submit ? now : nil
        try await db.transaction { db in
            if existing == nil {
                try await sheet.create(on: db)
            } else {
                // Only a sheet still in draft is written: of two submits at once, one wins.
                guard let sql = db as? any SQLDatabase else { throw IeumError.notFound }
                let rows = try await sql.update(ScoreSheet.schema)
                    .set("scores", to: SQLBind(sheet.scoresJSON)).set("comments", to: SQLBind(sheet.commentsJSON))
                    .set("overall_comment", to: SQLBind(sheet.overallComment)).set("status", to: SQLBind(sheet.status.rawValue))
                    .where("id", .equal, SQLBind(try sheet.requireID()))
                    .where("status", .equal, SQLBind(SheetStatus.draft.rawValue))
                    .returning("id").all()
                if rows.isEmpty {
                    throw IeumError.conflict(Localized("제출한 평가표는 잠겨 있습니다. 고치려면 운영기관에 재개를 요청하세요.",
                                                       "A submitted sheet is locked; ask the operator to reopen it."))
                }
                // Dates go through the model so each database stores them its own way.
                try await sheet.save(on: db)
            }
            let event = ScoreEvent()
            event.$sheet.id = try sheet.requireID()
            event.actorID = actor.userID
            event.actorName = actor.name
            event.action = submit ? "submitted" : "saved"
            event.scoresJSON = sheet.scoresJSON
            event.note = ""
            event.at = now
            try await event.create(on: db)
            try await Audit.record(on: db, actor: actor, action: submit ? "score.submit" : "score.save", entityType: "score_sheet",
                                   entityID: sheet.id?.uuidString,
                                   summary: "\(submit ? "평가표 제출" : "평가표 임시 저장"): \(entry.title)", changes: [sheet.scoresJSON], at: now)
        }
        return sheet
    }

    /// An operator reopens a submitted sheet so its judge can change it; the reason is kept.
    public static func reopen(_ round: EvaluationRound, sheetID: UUID?, reason: String, by actor: Principal, on db: any Database, now: Date) async throws {
        try await requireManager(actor, round, on: db)
        guard let sheetID, let sheet = try await ScoreSheet.query(on: db).filter(\.$id == sheetID).filter(\.$round.$id == round.requireID()).first() else {
            throw IeumError.notFound
        }
        guard round.status == .open else {
            throw IeumError.refused(Localized("심사 중인 평가의 평가표만 재개할 수 있습니다.", "Sheets can be reopened only while the round is being judged."))
        }
        guard sheet.status == .submitted else { throw IeumError.refused(Localized("제출되지 않은 평가표입니다.", "The sheet is not submitted.")) }
        let reason = String(reason.trimmed.prefix(1_000))
        guard !reason.isEmpty else {
            var errors = FieldErrors()
            errors.add("reason", Localized("재개 사유를 입력하세요. 기록에 남습니다.", "Give the reason for reopening; it is kept in the record."))
            throw IeumError.invalid(errors)
        }
        try await db.transaction { db in
            sheet.status = .draft
            sheet.submittedAt = nil
            try await sheet.save(on: db)
            let event = ScoreEvent()
            event.$sheet.id = sheetID
            event.actorID = actor.userID
            event.actorName = actor.name
            event.action = "reopened"
            event.scoresJSON = sheet.scoresJSON
            event.note = reason
            event.at = now
            try await event.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "score.reopen", entityType: "score_sheet", entityID: sheetID.uuidString,
                                   summary: "평가표 재개: \(reason)", at: now)
        }
    }
}
