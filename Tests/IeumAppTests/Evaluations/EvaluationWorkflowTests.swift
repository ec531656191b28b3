import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

@Suite("Evaluation rounds: preparation, exact assignment, pledge, scoring, results and selection")
struct EvaluationWorkflowTests {
    @Test("a bad round form answers 422 with Korean messages next to the fields, keeps the typed values and writes nothing")
    func badRoundForm() async throws {
        try await TestApp.with { app in
            let f = try await EvaluationFixture.make(app)
            let before = try await EvaluationRound.query(on: app.db).count()
            let client = try await f.client(app, EvaluationFixture.operatorEmail)
            _ = try await client.get("/rounds/new")
            let page = try await client.post("/rounds", [("programID", f.programID.uuidString), ("scope", "call:\(UUID().uuidString)"),
                                                          ("kind", "document"), ("title", "입력한 평가명"), ("opensAt", "2026-12-10 09:00"),
                                                          ("closesAt", "2026-12-01 09:00"), ("judgesPerEntry", "0"), ("minLoad", "5"), ("maxLoad", "2"),
                                                          ("method", "trimmedMean"), ("trimMinimum", "3"), ("disagreementRange", "120")])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("심사 마감은 시작보다 뒤여야 합니다"))
            #expect(page.body.contains("건당 심사위원 수는 1~15명"))
            #expect(page.body.contains("최대 배정 건수는 최소 배정 건수 이상"))
            #expect(page.body.contains("편차 경고 기준은 0~100점"))
            #expect(page.body.contains("입력한 평가명"))
            #expect(try await EvaluationRound.query(on: app.db).count() == before)
            // A call of another program is refused once the form itself is valid.
            let scoped = try await client.post("/rounds", [("programID", f.programID.uuidString), ("scope", "call:\(UUID().uuidString)"),
                                                            ("kind", "document"), ("title", "다른 공모"), ("opensAt", "2026-12-01 09:00"),
                                                            ("closesAt", "2026-12-10 09:00"), ("judgesPerEntry", "3"), ("minLoad", "0"), ("maxLoad", "5"),
                                                            ("method", "mean"), ("trimMinimum", "5"), ("disagreementRange", "20")])
            #expect(scoped.status == .unprocessableEntity)
            #expect(scoped.body.contains("이 사업의 공모를 고르세요"))
            #expect(try await EvaluationRound.query(on: app.db).count() == before)
            // A rubric criterion out of range: 422 with messages, nothing written.
            let id = try f.round.requireID().uuidString
            _ = try await client.get("/rounds/\(id)")
            let bad = try await client.post("/rounds/\(id)/criteria", [("title", ""), ("titleEn", "Tech"), ("weight", "0"), ("maxScore", "abc")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("평가항목 이름을 입력하세요"))
            #expect(bad.body.contains("가중치는 0보다 크고 100 이하"))
            #expect(bad.body.contains("배점은 1~1,000점"))
            #expect(try await f.criteria(app).isEmpty)
        }
    }

    @Test("conflicts are found and excluded, the assignment is exact and within loads, a manual change warns")
    func assignment() async throws {
        try await TestApp.with { app in
            let f = try await EvaluationFixture.make(app)
            let summary = try await f.prepare(app, open: false)
            let entries = try await f.entries(app)
            let assignments = try await f.assignments(app)
            #expect(entries.count == 4)
            #expect(summary.assignments == 8)
            let s1 = try await f.entry(for: f.startups[0], app)
            // J4 works at S1: a conflict found from the affiliation history, never assigned.
            let conflicts = try await EvaluationConflict.query(on: app.db).filter(\.$entry.$id == s1.requireID()).all()
            #expect(conflicts.contains { $0.$expert.id == f.experts[3].id && $0.reason.hasPrefix("employment.current") })
            #expect(!assignments.contains { $0.$entry.id == s1.id && $0.$expert.id == f.experts[3].id })
            // Exactly k per entry, loads within 1…3.
            for entry in entries { #expect(assignments.filter { $0.$entry.id == entry.id }.count == 2) }
            for expert in f.experts {
                let load = assignments.filter { $0.$expert.id == expert.id }.count
                #expect((1...3).contains(load))
            }
            // The objective is the best possible: compare with every feasible assignment (C(4,2)^4 = 1,296 choices).
            let judges = f.experts
            let pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
            var best = Int.min
            for choice in 0..<1_296 {
                var c = choice, total = 0, loads = [0, 0, 0, 0], ok = true
                for entry in entries {
                    let (a, b) = pairs[c % 6]; c /= 6
                    for j in [a, b] {
                        if entry.id == s1.id && j == 3 { ok = false }
                        loads[j] += 1
                        total += EvaluationService.fit(entry: entry, expert: judges[j])
                    }
                }
                if ok && loads.allSatisfy({ (1...3).contains($0) }) { best = max(best, total) }
            }
            #expect(summary.objective == best)

            // By hand: J4 onto S1 is refused with the conflict; the count and loads are checked.
            let op = try await f.operatorActor(app)
            await #expect(throws: IeumError.self) {
                _ = try await EvaluationService.setAssignment(f.round, entryID: s1.id, expertID: f.experts[3].id, add: true, by: op, on: app.db, now: TestApp.now)
            }
            let removed = try #require(assignments.first { $0.$entry.id == s1.id })
            let warnings = try await EvaluationService.setAssignment(f.round, entryID: s1.id, expertID: removed.$expert.id, add: false, by: op, on: app.db, now: TestApp.now)
            #expect(warnings.contains { $0.ko.contains("심사위원이 1명입니다 (필요 2명)") })
            let client = try await f.client(app, EvaluationFixture.operatorEmail)
            let page = try await client.get("/rounds/\(try f.round.requireID().uuidString)")
            #expect(page.status == .ok)
            #expect(page.body.contains("심사위원이 1명입니다"))
            #expect(page.body.contains("재직 중"))
            // An infeasible round says why, in people's words, and keeps the assignment it had.
            let count = try await f.assignments(app).count
            f.round.minLoad = 3
            try await f.round.save(on: app.db)
            do {
                _ = try await EvaluationService.autoAssign(f.round, by: op, on: app.db, now: TestApp.now)
                Issue.record("a minimum of 3 × 4 judges above 8 assignments must be refused")
            } catch IeumError.refused(let message) {
                #expect(message.ko.contains("최소 배정 수의 합 12건"))
            }
            #expect(try await f.assignments(app).count == count)
        }
    }

    @Test("conflicts come from accounts, past employers by name, investments and the employer's investment in the startup")
    func conflictSources() async throws {
        try await TestApp.with { app in
            let f = try await EvaluationFixture.make(app)
            let op = try await f.operatorActor(app)
            let now = TestApp.now
            // J1 once worked at the demand organisation (typed by name, not linked): every entry of its need.
            var past = AffiliationInput()
            past.organizationName = "(주) " + NeedFixture.orgName
            past.kind = ExpertTieKind.employment.rawValue
            past.fromYear = "2015"
            past.toYear = "2020"
            _ = try await ExpertService.addAffiliation(past, to: f.experts[0], by: op, on: app.db, now: now)
            // J2's account belongs to S2.
            let j2User = try #require(try await User.query(on: app.db).filter(\.$email == EvaluationFixture.judgeEmails[1]).first())
            try await Membership(userID: j2User.requireID(), organizationID: f.startups[1].requireID(), role: .member).create(on: app.db)
            // J3 invested in S3.
            var invested = AffiliationInput()
            invested.organizationID = try f.startups[2].requireID().uuidString
            invested.kind = ExpertTieKind.investment.rawValue
            _ = try await ExpertService.addAffiliation(invested, to: f.experts[2], by: op, on: app.db, now: now)
            // J2 works at a fund that is an investor party of S4's collaboration.
            let fund = try await TestApp.organization(app, name: "한강투자파트너스", kind: .investor)
            var employer = AffiliationInput()
            employer.organizationID = try fund.requireID().uuidString
            employer.kind = ExpertTieKind.employment.rawValue
            employer.current = true
            _ = try await ExpertService.addAffiliation(employer, to: f.experts[1], by: op, on: app.db, now: now)
            _ = try await CollaborationService.createDirect(title: "S4 투자 협업", programID: f.programID, startupID: f.startups[3].requireID(), demandID: nil,
                                                             investorID: fund.id, by: op, on: app.db, now: now)
            try await EvaluationService.applyTemplate(f.round, by: op, on: app.db, now: now)
            for expert in f.experts { _ = try await EvaluationService.addJudge(expert.id, to: f.round, by: op, on: app.db, now: now) }
            _ = try await EvaluationService.loadEntries(f.round, by: op, on: app.db, now: now)
            try await ConflictFinder.refresh(f.round, on: app.db)
            let entries = try await f.entries(app)
            let conflicts = try await EvaluationConflict.query(on: app.db).filter(\.$round.$id == f.round.requireID()).all()
            func has(_ expert: Int, _ startup: Int, _ prefix: String) -> Bool {
                let entry = entries.first { $0.$startup.id == f.startups[startup].id }!
                return conflicts.contains { $0.$entry.id == entry.id && $0.$expert.id == f.experts[expert].id && $0.reason.hasPrefix(prefix) }
            }
            for s in 0..<4 { #expect(has(0, s, "employment.past")) }
            #expect(has(1, 1, "member:"))
            #expect(has(2, 2, "investment:"))
            #expect(has(1, 3, "employer-invested:"))
            #expect(!has(2, 0, "investment:"))
            // J1 conflicts with everything, yet must judge at least one: the assignment says who and why.
            do {
                _ = try await EvaluationService.autoAssign(f.round, by: op, on: app.db, now: now)
                Issue.record("J1 cannot reach its minimum load")
            } catch IeumError.refused(let message) {
                #expect(message.ko.contains("가심사(가능 0건, 최소 1건)"))
            }
            #expect(try await f.assignments(app).isEmpty)
        }
    }

    @Test("pledge, draft, submit and lock, progress, operator reopening with a reason, all logged")
    func scoring() async throws {
        try await TestApp.with { app in
            let f = try await EvaluationFixture.make(app)
            try await f.prepare(app)
            let roundID = try f.round.requireID().uuidString
            let judge = try await f.client(app, EvaluationFixture.judgeEmails[0])
            let first = try await judge.get("/rounds/\(roundID)")
            #expect(first.status == .ok)
            #expect(first.body.contains("이해충돌 서약"))
            // Without agreeing: 422, nothing recorded.
            let refused = try await judge.post("/rounds/\(roundID)/pledge", [])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("이해충돌 서약에 동의해야"))
            let mine = try await f.assignments(app).filter { $0.$expert.id == f.experts[0].id }
            #expect(mine.count >= 1)
            // Declaring a conflict takes that entry off the judge's list.
            let declared = mine[0].$entry.id
            _ = try await judge.post("/rounds/\(roundID)/pledge", [("agree", "1"), ("conflicts[]", declared.uuidString)])
            #expect(try await RoundJudge.query(on: app.db).filter(\.$expert.$id == f.experts[0].requireID()).first()?.pledgedAt != nil)
            #expect(try await EvaluationConflict.query(on: app.db).filter(\.$entry.$id == declared).filter(\.$source == "declared").count() == 1)
            #expect(try await f.assignments(app).contains { $0.$entry.id == declared && $0.$expert.id == f.experts[0].id } == false)
            #expect(try await judge.get("/rounds/\(roundID)/entries/\(declared.uuidString)").status == .notFound)

            let left = try await f.assignments(app).filter { $0.$expert.id == f.experts[0].id }
            let list = try await judge.get("/rounds/\(roundID)")
            #expect(list.body.contains("0 / \(left.count) 완료"))
            let target = try #require(left.first).$entry.id
            let path = "/rounds/\(roundID)/entries/\(target.uuidString)"
            let sheetPage = try await judge.get(path)
            #expect(sheetPage.status == .ok)
            #expect(sheetPage.body.contains("기술성"))
            let criteria = try await f.criteria(app)
            // Out of range: 422 with the message, nothing stored.
            let over = try await judge.post(path, [("score-\(criteria[0].id!.uuidString)", "31"), ("action", "save")])
            #expect(over.status == .unprocessableEntity)
            #expect(over.body.contains("점수는 0~30점입니다"))
            #expect(try await ScoreSheet.query(on: app.db).count() == 0)
            // A draft with two scores, then a submit missing two: 422.
            _ = try await judge.post(path, [("score-\(criteria[0].id!.uuidString)", "25"), ("score-\(criteria[1].id!.uuidString)", "24.5"), ("action", "save")])
            let draft = try #require(try await ScoreSheet.query(on: app.db).first())
            #expect(draft.status == .draft)
            #expect(draft.scores[criteria[1].id!.uuidString] == 24.5)
            _ = try await judge.get(path)
            let incomplete = try await judge.post(path, [("score-\(criteria[0].id!.uuidString)", "25"), ("action", "submit")])
            #expect(incomplete.status == .unprocessableEntity)
            #expect(incomplete.body.contains("'수행 역량' 점수를 입력하세요"))
            // Complete: submitted and locked.
            let all = criteria.map { ("score-\($0.id!.uuidString)", "10") } + [("comment-\(criteria[0].id!.uuidString)", "공정 데이터 확보 방안이 구체적"), ("action", "submit")]
            _ = try await judge.get(path)
            let submitted = try await judge.post(path, all)
            #expect(submitted.status == .seeOther)
            let stored = try #require(try await ScoreSheet.find(draft.requireID(), on: app.db))
            #expect(stored.status == .submitted)
            #expect(stored.comments[criteria[0].id!.uuidString] == "공정 데이터 확보 방안이 구체적")
            _ = try await judge.get(path)
            let again = try await judge.post(path, all)
            #expect(again.status == .conflict)
            #expect(again.body.contains("제출한 평가표는 잠겨 있습니다"))
            #expect(try await judge.get("/rounds/\(roundID)").body.contains("1 / \(left.count) 완료"))

            // A judge cannot reopen; the operator can, with a reason, and the history keeps it.
            let reopenPath = "/rounds/\(roundID)/sheets/\(try stored.requireID().uuidString)/reopen"
            _ = try await judge.get("/rounds/\(roundID)")
            #expect(try await judge.post(reopenPath, [("reason", "다시")]).status == .notFound)
            #expect(try await ScoreSheet.find(stored.requireID(), on: app.db)?.status == .submitted)
            let op = try await f.client(app, EvaluationFixture.operatorEmail)
            _ = try await op.get("/rounds/\(roundID)")
            _ = try await op.post(reopenPath, [("reason", "")])
            #expect(try await ScoreSheet.find(stored.requireID(), on: app.db)?.status == .submitted)
            _ = try await op.get("/rounds/\(roundID)")
            _ = try await op.post(reopenPath, [("reason", "사업성 점수 입력 오류 확인 요청")])
            #expect(try await ScoreSheet.find(stored.requireID(), on: app.db)?.status == .draft)
            let events = try await ScoreEvent.query(on: app.db).filter(\.$sheet.$id == stored.requireID()).sort(\.$at).all()
            #expect(events.map(\.action) == ["saved", "submitted", "reopened"])
            #expect(events.last?.note == "사업성 점수 입력 오류 확인 요청")
            let audit = try await AuditEntry.query(on: app.db).filter(\.$action ~~ ["score.save", "score.submit", "score.reopen"]).count()
            #expect(audit == 3)
            let history = try await op.get(path + "?judge=\(f.experts[0].id!.uuidString)")
            #expect(history.status == .ok)
            #expect(history.body.contains("사업성 점수 입력 오류 확인 요청"))
        }
    }

    @Test("results by mean, trimmed mean and z-score with the disagreement flag; selection within capacity starts collaborations; CSV and .xlsx")
    func resultsAndSelection() async throws {
        try await TestApp.with { app in
            let f = try await EvaluationFixture.make(app, judgesPerEntry: 2, method: .mean)
            try await f.prepare(app)
            let now = TestApp.now
            // Totals (weights equal maxima, so a total is the sum): S1 80, S2 100 and 30 (disagree), S3 90, S4 35.
            let plan: [Int: [[Double]]] = [0: [[25, 25, 20, 10]], 1: [[30, 30, 25, 15], [10, 10, 5, 5]], 2: [[28, 27, 22, 13]], 3: [[10, 10, 10, 5]]]
            for (i, startup) in f.startups.enumerated() {
                let entry = try await f.entry(for: startup, app)
                let judges = try await f.assignments(app).filter { $0.$entry.id == entry.id }.map { $0.$expert.id }
                    .sorted { a, b in f.experts.firstIndex { $0.id == a }! < f.experts.firstIndex { $0.id == b }! }
                for (n, expertID) in judges.enumerated() {
                    let index = f.experts.firstIndex { $0.id == expertID }!
                    let actor = try await f.judge(app, index)
                    if try await RoundJudge.query(on: app.db).filter(\.$expert.$id == expertID).first()?.pledgedAt == nil {
                        try await EvaluationService.pledge(f.round, declared: [], agreed: true, by: actor, on: app.db, now: now)
                    }
                    let scores = plan[i]![min(n, plan[i]!.count - 1)]
                    try await EvaluationService.saveSheet(f.round, entryID: entry.id, try await f.sheet(app, scores), submit: true, by: actor, on: app.db, now: now)
                }
            }
            let op = try await f.operatorActor(app)
            let results = try await EvaluationService.results(f.round, on: app.db)
            #expect(results.rows.map { $0.entry.$startup.id } == [f.startups[2].id, f.startups[0].id, f.startups[1].id, f.startups[3].id])
            #expect(results.rows.map { $0.result.score ?? -1 } == [90, 80, 65, 35])
            #expect(results.rows[2].result.disagreement)
            #expect(results.rows.filter(\.result.disagreement).count == 1)
            // z-scores: each judge's totals standardised over what that judge scored, then averaged per entry.
            let z = try await EvaluationService.results(f.round, method: .zScore, on: app.db)
            var byJudge: [UUID: [Double]] = [:]
            for row in results.rows { for (judge, total) in row.totals { byJudge[judge, default: []].append(total) } }
            for row in z.rows {
                let zs = row.totals.map { judge, total -> Double in
                    let values = byJudge[judge]!
                    let mean = values.reduce(0, +) / Double(values.count)
                    let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
                    return sd > 0 ? (total - mean) / sd : 0
                }
                #expect(abs((row.result.score ?? .nan) - zs.reduce(0, +) / Double(zs.count)) < 1e-9)
            }
            #expect(z.rule.method == .zScore && results.rule.method == .mean)

            let client = try await f.client(app, EvaluationFixture.operatorEmail)
            let roundID = try f.round.requireID().uuidString
            let page = try await client.get("/rounds/\(roundID)/results")
            #expect(page.status == .ok)
            #expect(page.body.contains("편차 큼"))
            let csv = try await client.get("/rounds/\(roundID)/results.csv")
            #expect(csv.status == .ok)
            #expect(csv.body.hasPrefix("\u{FEFF}순위,평가 대상,점수"))
            #expect(csv.body.contains("평가스타트업3"))
            let xlsx = try await client.get("/rounds/\(roundID)/results.xlsx")
            #expect(xlsx.status == .ok)
            #expect(xlsx.body.utf8.starts(with: Array("PK".utf8)))

            // Selecting needs a closed round and stays within the need's capacity (2).
            let top = results.rows.prefix(3).map { $0.entry.id! }
            await #expect(throws: IeumError.self) { _ = try await EvaluationService.select(f.round, entryIDs: Array(top.prefix(2)), by: op, on: app.db, now: now) }
            try await EvaluationService.close(f.round, by: op, on: app.db, now: now)
            let before = try await Collaboration.query(on: app.db).count()
            do {
                _ = try await EvaluationService.select(f.round, entryIDs: top, by: op, on: app.db, now: now)
                Issue.record("three selections above a capacity of two must be refused")
            } catch IeumError.refused(let message) {
                #expect(message.ko.contains("선정 규모는 2건"))
            }
            #expect(try await Collaboration.query(on: app.db).count() == before)
            _ = try await client.get("/rounds/\(roundID)/results")
            _ = try await client.post("/rounds/\(roundID)/select", top.prefix(2).map { ("entries[]", $0.uuidString) })
            #expect(try await Collaboration.query(on: app.db).count() == before + 2)
            for application in try await NeedApplication.query(on: app.db).filter(\.$startup.$id ~~ [f.startups[2].id!, f.startups[0].id!]).all() {
                #expect(application.status == .selected)
            }
            #expect(try await EvaluationRound.find(f.round.requireID(), on: app.db)?.status == .decided)
        }
    }

    @Test("a year-end competition over collaborations records awards shown on the program page")
    func competition() async throws {
        try await TestApp.with { app in
            let f = try await EvaluationFixture.make(app)
            let op = try await f.operatorActor(app)
            let now = TestApp.now
            var made: [Collaboration] = []
            for (i, s) in f.startups.prefix(3).enumerated() {
                made.append(try await CollaborationService.createDirect(title: "협업과제 \(i + 1)", programID: f.programID, startupID: s.requireID(),
                                                                         demandID: f.base.demandOrg.id, investorID: nil, by: op, on: app.db, now: now))
            }
            var input = RoundInput()
            input.programID = f.programID.uuidString
            input.kind = RoundKind.competition.rawValue
            input.title = "2026 통합경진대회"
            input.opensAt = SeoulTime.inputValue(now.addingTimeInterval(-3_600))
            input.closesAt = SeoulTime.inputValue(now.addingTimeInterval(86_400))
            input.judgesPerEntry = "2"
            input.minLoad = "0"
            input.maxLoad = "3"
            input.method = AggregationMethod.mean.rawValue
            let round = try await EvaluationService.create(input, by: op, on: app.db, now: now)
            try await EvaluationService.applyTemplate(round, by: op, on: app.db, now: now)
            for expert in f.experts { _ = try await EvaluationService.addJudge(expert.id, to: round, by: op, on: app.db, now: now) }
            #expect(try await EvaluationService.loadEntries(round, by: op, on: app.db, now: now) == 3)
            _ = try await EvaluationService.autoAssign(round, by: op, on: app.db, now: now)
            try await EvaluationService.open(round, by: op, on: app.db, now: now)
            let entries = try await RoundEntry.query(on: app.db).filter(\.$round.$id == round.requireID()).all()
            #expect(entries.allSatisfy { $0.$collaboration.id != nil })
            try await EvaluationService.close(round, by: op, on: app.db, now: now)
            let winner = try #require(entries.first { $0.title == "협업과제 2" })
            let other = try #require(entries.first { $0.id != winner.id })
            do {
                try await EvaluationService.award(round, awards: [winner.id!: "대상", other.id!: "대상"], by: op, on: app.db, now: now)
                Issue.record("two grand prizes must be refused")
            } catch IeumError.refused(let message) {
                #expect(message.ko.contains("대상은 한 과제에만"))
            }
            try await EvaluationService.award(round, awards: [winner.id!: "대상"], by: op, on: app.db, now: now)
            let page = try await WebClient(app).get("/programs/\(f.programID.uuidString)")
            #expect(page.status == .ok)
            #expect(page.body.contains("2026 통합경진대회"))
            #expect(page.body.contains("협업과제 2"))
            #expect(page.body.contains("대상"))
        }
    }

    @Test("the expert pool: operators only, Korean search with particles, a bad form keeps the input, adviser suggestions by field and text")
    func expertPool() async throws {
        try await TestApp.with { app in
            let f = try await EvaluationFixture.make(app)
            let op = try await f.client(app, EvaluationFixture.operatorEmail)
            let found = try await op.get("/experts?q=" + WebClient.encode("양극재를"))
            #expect(found.status == .ok)
            #expect(found.body.contains("가심사"))
            #expect(!found.body.contains("다심사"))
            let byField = try await op.get("/experts?field=ai")
            #expect(byField.body.contains("나심사") && byField.body.contains("다심사") && !byField.body.contains("가심사"))
            _ = try await op.get("/experts/new")
            let bad = try await op.post("/experts", [("name", "새 전문가"), ("email", "expert1@pool.example"), ("sector", "industry"), ("affiliation", "")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("이미 등록된 전문가의 이메일"))
            #expect(bad.body.contains("현재 소속을 입력하세요"))
            #expect(bad.body.contains("전문 기술분야를 하나 이상"))
            #expect(bad.body.contains("새 전문가"))
            #expect(try await Expert.query(on: app.db).count() == 4)
            // Advisers for the need, by field and text fit, for its organisation and operators only.
            let advisers = try await ExpertService.suggestAdvisers(fields: f.base.need.fieldCodes, text: f.base.need.title + " " + f.base.need.teaser, on: app.db)
            #expect(advisers.first?.expert.name == "가심사")   // battery field + 양극재 + 공정
            #expect(!advisers.contains { $0.expert.name == "다심사" })  // AI field only, no shared word
            let needPath = "/needs/\(f.base.need.id!.uuidString)"
            let ownerPage = try await (try await f.client(app, NeedFixture.Person.needOrganization.email!)).get(needPath)
            #expect(ownerPage.body.contains("추천 자문위원") && ownerPage.body.contains("가심사"))
            let applicantPage = try await (try await f.client(app, NeedFixture.Person.applicant.email!)).get(needPath)
            #expect(applicantPage.status == .ok && !applicantPage.body.contains("추천 자문위원"))
            for email in [NeedFixture.Person.applicant.email!, NeedFixture.Person.needOrganization.email!, EvaluationFixture.judgeEmails[0]] {
                let other = try await f.client(app, email)
                #expect(try await other.get("/experts").status == .forbidden)
                #expect(try await other.get("/experts/\(f.experts[0].id!.uuidString)").status == .forbidden)
            }
        }
    }
}

@Suite("Evaluation rounds: demo data")
struct EvaluationDemoTests {
    @Test("the demo has a round being judged with entries waiting for the demo judge, and a decided competition whose awards show")
    func demo() async throws {
        try await TestApp.with(demo: true) { app in
            let rounds = try await EvaluationRound.query(on: app.db).sort(\.$title).all()
            #expect(rounds.count == 2)
            let open = try #require(rounds.first { $0.status == .open })
            let judge = try #require(try await User.query(on: app.db).filter(\.$email == "judge@ieum.demo").first())
            let expert = try #require(try await Expert.query(on: app.db).filter(\.$user.$id == judge.requireID()).first())
            let mine = try await RoundAssignment.query(on: app.db).filter(\.$round.$id == open.requireID()).filter(\.$expert.$id == expert.requireID()).count()
            #expect(mine >= 2)
            #expect(try await ScoreSheet.query(on: app.db).filter(\.$round.$id == open.requireID()).filter(\.$status == .submitted).count() > 0)
            #expect(try await ScoreSheet.query(on: app.db).filter(\.$expert.$id == expert.requireID()).count() == 0)
            let decided = try #require(rounds.first { $0.status == .decided })
            #expect(decided.kind == .competition)
            let page = try await WebClient(app).get("/programs/\(decided.$program.id.uuidString)")
            #expect(page.body.contains("2026 통합경진대회") && page.body.contains("최우수상"))
            #expect(try await Expert.query(on: app.db).count() == 6)
        }
    }
}
