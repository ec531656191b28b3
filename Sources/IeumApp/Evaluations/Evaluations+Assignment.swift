import Fluent
import Foundation
import IeumCore
import IeumMatching

extension EvaluationService {
    /// What the automatic assignment did.
    public struct AssignmentSummary: Sendable {
        public let assignments: Int
        public let objective: Int
        public let conflicts: Int
    }

    /// Fit of a judge to an entry: 10 per shared tech field, plus up to 5 when words of the entry's
    /// title appear in the judge's expertise (Korean-aware folding).
    static func fit(entry: RoundEntry, expert: Expert) -> Int {
        let shared = JudgeAssignmentProblem.sharedFieldCount(Set(entry.fields), Set(expert.fields))
        let expertise = KoreanSearch.document([expert.expertise, expert.position])
        let words = KoreanSearch.terms(entry.title).filter { $0.count >= 2 }
        let hits = words.filter { KoreanSearch.matches(document: expertise, query: $0) }.count
        return 10 * shared + min(5, hits)
    }

    /// The round's problem: entries, judges with their load limits, conflicts and fits.
    static func problem(_ round: EvaluationRound, on db: any Database) async throws
        -> (JudgeAssignmentProblem, entries: [RoundEntry], experts: [UUID: Expert], conflicts: [UUID: Set<UUID>]) {
        let roundID = try round.requireID()
        let entries = try await RoundEntry.query(on: db).filter(\.$round.$id == roundID).sort(\.$title).all()
        let panel = try await RoundJudge.query(on: db).filter(\.$round.$id == roundID).with(\.$expert).all().sorted { $0.expert.name < $1.expert.name }
        let conflicts = try await ConflictFinder.conflicts(of: roundID, on: db)
        let judges = panel.map {
            JudgeAssignmentProblem.Judge(id: $0.$expert.id.uuidString, minimumLoad: $0.minLoad ?? round.minLoad, maximumLoad: $0.maxLoad ?? round.maxLoad)
        }
        do {
            var problem = try JudgeAssignmentProblem(applications: entries.map { $0.storedID.uuidString }, judges: judges,
                                                     judgesPerApplication: min(round.judgesPerEntry, max(panel.count, 0)))
            for (entryID, experts) in conflicts {
                for expertID in experts where problem.judgeIndex(expertID.uuidString) != nil && problem.applicationIndex(entryID.uuidString) != nil {
                    try problem.addConflict(application: entryID.uuidString, judge: expertID.uuidString)
                }
            }
            for (a, entry) in entries.enumerated() {
                for (j, judge) in panel.enumerated() {
                    try problem.setFit(applicationIndex: a, judgeIndex: j, fit(entry: entry, expert: judge.expert))
                }
            }
            return (problem, entries, Dictionary(uniqueKeysWithValues: panel.map { ($0.$expert.id, $0.expert) }), conflicts)
        } catch {
            throw IeumError.refused(Localized("배정 조건이 올바르지 않습니다: \(error.korean)", "The assignment settings are invalid: \(error.english)"))
        }
    }

    /// Ids in the solver's messages become names people know.
    static func named(_ text: String, entries: [RoundEntry], experts: [UUID: Expert]) -> String {
        var out = text
        for e in entries { out = out.replacingOccurrences(of: e.storedID.uuidString, with: "'\(e.title)'") }
        for (id, x) in experts { out = out.replacingOccurrences(of: id.uuidString, with: x.name) }
        return out
    }

    /// Finds conflicts from the records, then the exact best assignment (each entry k judges, each
    /// judge within their load limits, no conflicted pair, largest total fit) and stores it in place
    /// of the previous one. Only before scoring starts.
    public static func autoAssign(_ round: EvaluationRound, by actor: Principal, on db: any Database, now: Date) async throws -> AssignmentSummary {
        try await requireManager(actor, round, on: db)
        guard round.status == .draft || round.status == .open else {
            throw IeumError.refused(Localized("마감된 평가는 배정을 바꿀 수 없습니다.", "A closed round's assignment cannot change."))
        }
        let roundID = try round.requireID()
        guard try await ScoreSheet.query(on: db).filter(\.$round.$id == roundID).count() == 0 else {
            throw IeumError.refused(Localized("채점이 시작된 뒤에는 자동 배정을 다시 할 수 없습니다. 수동으로 바꾸세요.",
                                              "Scoring has started; change the assignment by hand."))
        }
        return try await db.transaction { db in
            try await ConflictFinder.refresh(round, on: db)
            let (problem, entries, experts, conflicts) = try await problem(round, on: db)
            guard !entries.isEmpty else { throw IeumError.refused(Localized("평가 대상이 없습니다.", "There is no entry to assign.")) }
            guard !experts.isEmpty else { throw IeumError.refused(Localized("심사위원이 없습니다.", "There is no judge.")) }
            if problem.judgesPerApplication < round.judgesPerEntry {
                throw IeumError.refused(Localized("심사위원이 \(experts.count)명뿐이라 건당 \(round.judgesPerEntry)명을 배정할 수 없습니다.",
                                                  "Only \(experts.count) judges for \(round.judgesPerEntry) per entry."))
            }
            var judgesByEntry: [String: [String]] = [:]
            var totalFit = 0
            do {
                let result = try problem.solve()
                judgesByEntry = result.judgesByApplication
                totalFit = result.totalFit
            } catch let error as JudgeAssignmentError {
                throw IeumError.refused(Localized("배정할 수 없습니다: " + named(error.korean, entries: entries, experts: experts),
                                                  "No assignment is possible: " + named(error.english, entries: entries, experts: experts)))
            } catch {
                throw error
            }
            try await RoundAssignment.query(on: db).filter(\.$round.$id == roundID).delete()
            var count = 0
            for (entryID, judgeIDs) in judgesByEntry.sorted(by: { $0.key < $1.key }) {
                for judgeID in judgeIDs.sorted() {
                    // The solver hands back the ids it was given; a request never makes this trap.
                    guard let entry = UUID(uuidString: entryID), let expert = UUID(uuidString: judgeID) else { continue }
                    let a = RoundAssignment()
                    a.$round.id = roundID
                    a.$entry.id = entry
                    a.$expert.id = expert
                    a.manual = false
                    try await a.create(on: db)
                    count += 1
                }
            }
            let conflictPairs = conflicts.values.reduce(0) { $0 + $1.count }
            try await Audit.record(on: db, actor: actor, action: "round.assign", entityType: "evaluation_round", entityID: roundID.uuidString,
                                   summary: "자동 배정: \(count)건, 적합도 합계 \(totalFit), 이해충돌 \(conflictPairs)쌍 제외", at: now)
            return AssignmentSummary(assignments: count, objective: totalFit, conflicts: conflictPairs)
        }
    }

    /// The current assignment as the solver's checker sees it, in people's words.
    static func assignmentWarnings(_ round: EvaluationRound, on db: any Database) async throws -> [Localized] {
        let roundID = try round.requireID()
        let (problem, entries, experts, _) = try await problem(round, on: db)
        guard !entries.isEmpty, !experts.isEmpty else { return [] }
        let assignments = try await RoundAssignment.query(on: db).filter(\.$round.$id == roundID).all()
        guard !assignments.isEmpty else { return [] }
        var map: [String: [String]] = [:]
        for a in assignments { map[a.$entry.id.uuidString, default: []].append(a.$expert.id.uuidString) }
        let titles = Dictionary(uniqueKeysWithValues: entries.map { ($0.storedID.uuidString, $0.title) })
        let names = Dictionary(uniqueKeysWithValues: experts.map { ($0.key.uuidString, $0.value.name) })
        return problem.check(map).map { warning in
            switch warning {
            case .conflict(let a, let j):
                Localized("'\(titles[a] ?? a)'에 이해충돌이 있는 \(names[j] ?? j) 심사위원이 배정되어 있습니다.", "\(names[j] ?? j) has a conflict of interest with '\(titles[a] ?? a)'.")
            case .tooFewJudges(let a, let n, let k):
                Localized("'\(titles[a] ?? a)'의 심사위원이 \(n)명입니다 (필요 \(k)명).", "'\(titles[a] ?? a)' has \(n) judges (needs \(k)).")
            case .tooManyJudges(let a, let n, let k):
                Localized("'\(titles[a] ?? a)'의 심사위원이 \(n)명으로 \(k)명보다 많습니다.", "'\(titles[a] ?? a)' has \(n) judges, more than \(k).")
            case .judgeUnderMinimum(let j, let load, let minimum):
                Localized("\(names[j] ?? j) 심사위원 배정 \(load)건 — 최소 \(minimum)건보다 적습니다.", "\(names[j] ?? j) has \(load), below the minimum of \(minimum).")
            case .judgeOverMaximum(let j, let load, let maximum):
                Localized("\(names[j] ?? j) 심사위원 배정 \(load)건 — 최대 \(maximum)건을 넘습니다.", "\(names[j] ?? j) has \(load), above the maximum of \(maximum).")
            case .duplicateJudge(let a, let j, _):
                Localized("'\(titles[a] ?? a)'에 \(names[j] ?? j) 심사위원이 두 번 배정되어 있습니다.", "\(names[j] ?? j) is listed twice on '\(titles[a] ?? a)'.")
            case .unknownApplication(let a):
                Localized("알 수 없는 평가 대상: \(a)", "Unknown entry: \(a)")
            case .unknownJudge(_, let j):
                Localized("위촉되지 않은 심사위원이 배정되어 있습니다: \(names[j] ?? j)", "A judge not on the panel is assigned: \(names[j] ?? j)")
            }
        }
    }

    /// Adds or removes one judge on one entry by hand. A conflicted judge is refused; load and count
    /// problems are allowed and returned as warnings. A judge with a submitted sheet stays.
    public static func setAssignment(_ round: EvaluationRound, entryID: UUID?, expertID: UUID?, add: Bool, by actor: Principal, on db: any Database, now: Date) async throws -> [Localized] {
        try await requireManager(actor, round, on: db)
        guard round.status == .draft || round.status == .open else {
            throw IeumError.refused(Localized("마감된 평가는 배정을 바꿀 수 없습니다.", "A closed round's assignment cannot change."))
        }
        let roundID = try round.requireID()
        guard let entryID, let entry = try await RoundEntry.query(on: db).filter(\.$id == entryID).filter(\.$round.$id == roundID).first(),
              let expertID, let expert = try await Expert.find(expertID, on: db),
              try await RoundJudge.query(on: db).filter(\.$round.$id == roundID).filter(\.$expert.$id == expertID).first() != nil
        else { throw IeumError.refused(Localized("평가 대상과 이 평가의 심사위원을 고르세요.", "Choose an entry and one of this round's judges.")) }
        let existing = try await RoundAssignment.query(on: db).filter(\.$entry.$id == entryID).filter(\.$expert.$id == expertID).first()
        try await db.transaction { db in
            if add {
                guard existing == nil else { throw IeumError.refused(Localized("이미 배정되어 있습니다.", "Already assigned.")) }
                try await ConflictFinder.refresh(round, on: db)
                let conflicts = try await EvaluationConflict.query(on: db).filter(\.$entry.$id == entryID).filter(\.$expert.$id == expertID).all()
                if let c = conflicts.first {
                    throw IeumError.refused(Localized("이해충돌로 배정할 수 없습니다: \(expert.name) — \(ConflictFinder.text(c.reason).ko)",
                                                      "Not allowed, conflict of interest: \(expert.name) — \(ConflictFinder.text(c.reason).en)"))
                }
                let a = RoundAssignment()
                a.$round.id = roundID
                a.$entry.id = entryID
                a.$expert.id = expertID
                a.manual = true
                try await a.create(on: db)
            } else {
                guard let existing else { throw IeumError.refused(Localized("배정되어 있지 않습니다.", "Not assigned.")) }
                if try await ScoreSheet.query(on: db).filter(\.$entry.$id == entryID).filter(\.$expert.$id == expertID).filter(\.$status == .submitted).first() != nil {
                    throw IeumError.refused(Localized("제출된 평가표가 있는 배정은 뺄 수 없습니다.", "The judge has submitted a sheet for this entry."))
                }
                try await ScoreSheet.query(on: db).filter(\.$entry.$id == entryID).filter(\.$expert.$id == expertID).delete()
                try await existing.delete(on: db)
            }
            try await Audit.record(on: db, actor: actor, action: "round.assign.manual", entityType: "evaluation_round", entityID: roundID.uuidString,
                                   summary: "수동 배정 \(add ? "추가" : "제외"): \(entry.title) — \(expert.name)", at: now)
        }
        return try await assignmentWarnings(round, on: db)
    }
}
