import Fluent
import Foundation
import IeumCore

/// A round's aggregated result as the operator sees it.
struct RoundResults: Sendable {
    struct Row: Sendable {
        let entry: RoundEntry
        let result: EntryResult
        /// Submitted totals by expert id.
        let totals: [UUID: Double]
    }

    let criteria: [RubricCriterion]
    let judges: [Expert]
    let rows: [Row]
    let rule: AggregationRule
}

extension EvaluationService {
    static let awards = ["대상", "최우수상", "우수상", "장려상"]

    static func awardLabel(_ award: String) -> Localized {
        switch award {
        case "대상": Localized("대상", "Grand prize")
        case "최우수상": Localized("최우수상", "Gold prize")
        case "우수상": Localized("우수상", "Silver prize")
        case "장려상": Localized("장려상", "Honourable mention")
        default: Localized(award, award)
        }
    }

    /// Aggregates the submitted sheets by the round's rule (or `method` to compare another one).
    static func results(_ round: EvaluationRound, method: AggregationMethod? = nil, on db: any Database) async throws -> RoundResults {
        let roundID = try round.requireID()
        let criteria = try await RubricCriterion.query(on: db).filter(\.$round.$id == roundID).sort(\.$position).all()
        let entries = try await RoundEntry.query(on: db).filter(\.$round.$id == roundID).with(\.$startup).all()
        let sheets = try await ScoreSheet.query(on: db).filter(\.$round.$id == roundID).filter(\.$status == .submitted).all()
        let assignments = try await RoundAssignment.query(on: db).filter(\.$round.$id == roundID).all()
        let judges = try await RoundJudge.query(on: db).filter(\.$round.$id == roundID).with(\.$expert).all().map(\.expert)
            .sorted { $0.name < $1.name }
        let assignedCount = Dictionary(grouping: assignments, by: { $0.$entry.id }).mapValues(\.count)
        let sheetsByEntry = Dictionary(grouping: sheets, by: { $0.$entry.id })
        var rule = round.rule
        if let method { rule.method = method }
        let rubric = criteria.map(\.item)
        let inputs = entries.map { entry in
            EntrySheets(id: entry.storedID.uuidString, assignedJudges: assignedCount[entry.storedID] ?? 0,
                        sheets: (sheetsByEntry[entry.storedID] ?? []).map { JudgeSheetScores(judge: $0.$expert.id.uuidString, scores: $0.scores) })
        }
        let byID = Dictionary(uniqueKeysWithValues: entries.map { ($0.storedID.uuidString, $0) })
        let rows = ScoreMaths.aggregate(inputs, rubric: rubric, rule: rule).compactMap { result -> RoundResults.Row? in
            guard let entry = byID[result.id] else { return nil }
            var totals: [UUID: Double] = [:]
            for (judge, total) in result.totals { if let id = UUID(uuidString: judge) { totals[id] = total } }
            return RoundResults.Row(entry: entry, result: result, totals: totals)
        }
        return RoundResults(criteria: criteria, judges: judges, rows: rows, rule: rule)
    }

    /// Selects entries of a closed document or pitch round, up to its capacity: each application
    /// goes to 최종 선정 (through 후보 선정 when needed), which starts its collaboration; all in one
    /// transaction. The round's result is then decided.
    public static func select(_ round: EvaluationRound, entryIDs: [UUID], by actor: Principal, on db: any Database, now: Date) async throws -> Int {
        try await requireManager(actor, round, on: db)
        guard round.kind != .competition else {
            throw IeumError.refused(Localized("경진대회는 선정 대신 시상을 기록합니다.", "A competition records awards instead of selections."))
        }
        guard round.status == .closed else {
            throw IeumError.refused(Localized("심사를 마감한 뒤에 선정할 수 있습니다.", "Close judging before selecting."))
        }
        let chosen = Array(Set(entryIDs))
        guard !chosen.isEmpty else { throw IeumError.refused(Localized("선정할 대상을 고르세요.", "Choose what to select.")) }
        guard chosen.count <= round.capacity else {
            throw IeumError.refused(Localized("선정 규모는 \(round.capacity)건입니다. \(chosen.count)건을 고를 수 없습니다.",
                                              "At most \(round.capacity) can be selected; \(chosen.count) were chosen."))
        }
        let roundID = try round.requireID()
        let entries = try await RoundEntry.query(on: db).filter(\.$round.$id == roundID).filter(\.$id ~~ chosen).all()
        guard entries.count == chosen.count else { throw IeumError.notFound }
        try await db.transaction { db in
            for entry in entries.sorted(by: { $0.title < $1.title }) {
                guard let applicationID = entry.$application.id, let application = try await NeedApplication.find(applicationID, on: db) else {
                    throw IeumError.notFound
                }
                switch application.status {
                case .submitted, .screening:
                    _ = try await ApplicationService.review(applicationID, to: .shortlisted, reason: "", by: actor, on: db, now: now)
                    _ = try await ApplicationService.review(applicationID, to: .selected, reason: "평가 결과 선정: \(round.title)", by: actor, on: db, now: now)
                case .shortlisted:
                    _ = try await ApplicationService.review(applicationID, to: .selected, reason: "평가 결과 선정: \(round.title)", by: actor, on: db, now: now)
                case .selected:
                    break
                case .draft, .rejected, .withdrawn:
                    throw IeumError.refused(Localized("'\(entry.title)' 지원서는 '\(application.status.label.ko)' 상태라 선정할 수 없습니다.",
                                                      "'\(entry.title)' is \(application.status.label.en.lowercased()) and cannot be selected."))
                }
                entry.selected = true
                try await entry.save(on: db)
            }
            round.status = .decided
            try await round.save(on: db)
            try await Audit.record(on: db, actor: actor, action: "round.select", entityType: "evaluation_round", entityID: roundID.uuidString,
                                   summary: "평가 결과 선정 \(entries.count)건: \(entries.map(\.title).sorted().joined(separator: ", "))", at: now)
        }
        return entries.count
    }

    /// Records the awards of a closed competition round and decides it; the program page shows them.
    public static func award(_ round: EvaluationRound, awards given: [UUID: String], by actor: Principal, on db: any Database, now: Date) async throws {
        try await requireManager(actor, round, on: db)
        guard round.kind == .competition else { throw IeumError.refused(Localized("시상은 경진대회에서만 기록합니다.", "Awards are for competitions.")) }
        guard round.status == .closed else { throw IeumError.refused(Localized("심사를 마감한 뒤에 시상할 수 있습니다.", "Close judging before giving awards.")) }
        let roundID = try round.requireID()
        let entries = try await RoundEntry.query(on: db).filter(\.$round.$id == roundID).all()
        let cleaned = given.filter { !$0.value.trimmed.isEmpty }
        for value in cleaned.values where !awards.contains(value) {
            throw IeumError.refused(Localized("상 이름은 \(awards.joined(separator: ", ")) 중에서 고르세요.", "Choose an award from the list."))
        }
        guard !cleaned.isEmpty else { throw IeumError.refused(Localized("수상 과제를 하나 이상 고르세요.", "Give at least one award.")) }
        guard cleaned.values.filter({ $0 == "대상" }).count <= 1 else {
            throw IeumError.refused(Localized("대상은 한 과제에만 줄 수 있습니다.", "The grand prize goes to one entry only."))
        }
        try await db.transaction { db in
            for entry in entries {
                entry.award = cleaned[entry.storedID]
                try await entry.save(on: db)
            }
            round.status = .decided
            try await round.save(on: db)
            try await Audit.record(on: db, actor: actor, action: "round.award", entityType: "evaluation_round", entityID: roundID.uuidString,
                                   summary: "시상 확정 \(cleaned.count)건", at: now)
        }
    }

    /// The result sheet for export: rank, entry, score, mean, spread, flags, each judge's total.
    static func exportTable(_ round: EvaluationRound, _ results: RoundResults) -> ExportTable {
        var columns: [Localized] = [Localized("순위", "Rank"), Localized("평가 대상", "Entry"), Localized("점수", "Score"),
                                    Localized("평균", "Mean"), Localized("편차(최고-최저)", "Spread"), Localized("편차 경고", "Disagreement"),
                                    Localized("미제출", "Missing sheets"), Localized("결과", "Result")]
        columns += results.judges.map { Localized("\($0.name) 합계", "\($0.name) total") }
        let rows: [[ExportCell]] = results.rows.map { row in
            var cells: [ExportCell] = [
                row.result.rank.map { .count(Int64($0)) } ?? .none,
                .text(row.entry.title),
                row.result.score.map { .text(String(format: results.rule.method == .zScore ? "%.3f" : "%.2f", $0)) } ?? .none,
                row.result.mean.map { .text(String(format: "%.2f", $0)) } ?? .none,
                row.result.spread.map { .text(String(format: "%.2f", $0)) } ?? .none,
                .text(row.result.disagreement ? Localized("예", "Yes") : Localized("", "")),
                .count(Int64(row.result.missing)),
                .text(row.entry.award.map(awardLabel) ?? (row.entry.selected ? Localized("선정", "Selected") : Localized("", ""))),
            ]
            cells += results.judges.map { judge in row.totals[judge.storedID].map { .text(String(format: "%.2f", $0)) } ?? .none }
            return cells
        }
        return ExportTable(key: "results", title: Localized("평가 결과", "Round results"), columns: columns, rows: rows)
    }
}
