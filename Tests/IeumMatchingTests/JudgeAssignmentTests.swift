import Testing
@testable import IeumMatching

/// Judge assignment (심사위원 배정): exactness against exhaustive search, validity and greedy bound on
/// larger random instances, every infeasibility and its certificate, the checker's warnings,
/// determinism. `SeededGenerator` is the SplitMix64 generator of AssignmentTests.swift.
@Suite("Judge assignment")
struct JudgeAssignmentTests {
    // MARK: Helpers

    /// A random problem; `tiny` keeps it small enough for exhaustive search.
    func randomProblem(_ g: inout SeededGenerator, tiny: Bool) -> JudgeAssignmentProblem {
        let nA = tiny ? Int.random(in: 1...4, using: &g) : Int.random(in: 5...60, using: &g)
        let nJ = tiny ? Int.random(in: 1...5, using: &g) : Int.random(in: 3...15, using: &g)
        let k = tiny && Int.random(in: 0..<20, using: &g) == 0 ? 0 : Int.random(in: 1...min(3, nJ), using: &g)
        let average = Double(k * nA) / Double(nJ)
        let judges: [JudgeAssignmentProblem.Judge] = (0..<nJ).map { j in
            if tiny {
                let minimum = Int.random(in: 0...3, using: &g) / 2  // 0 half of the time
                return .init(id: "J\(j)", minimumLoad: minimum, maximumLoad: Int.random(in: max(1, minimum)...4, using: &g))
            }
            let minimum = Int.random(in: 0...Int(average), using: &g)
            let maximum = Int.random(in: Int(average.rounded(.up))...Int(average * 1.6) + 2, using: &g)
            return .init(id: "J\(j)", minimumLoad: minimum, maximumLoad: max(minimum, maximum))
        }
        var p = try! JudgeAssignmentProblem(applications: (0..<nA).map { "A\($0)" }, judges: judges, judgesPerApplication: k)
        // Scattered conflicts, and one time in three a block (a group of applications in conflict with
        // a group of judges, as with one organisation), which is what produces Hall-type shortages.
        let conflictRate = Double.random(in: 0...(tiny ? 0.3 : 0.25), using: &g)
        let block = Int.random(in: 0..<3, using: &g) == 0
        let blockApplications = Set((0..<nA).filter { _ in Bool.random(using: &g) })
        let blockJudges = Set((0..<nJ).filter { _ in Double.random(in: 0..<1, using: &g) < 0.7 })
        for a in 0..<nA {
            for j in 0..<nJ {
                let inBlock = block && blockApplications.contains(a) && blockJudges.contains(j)
                if inBlock || Double.random(in: 0..<1, using: &g) < conflictRate { p.addConflict(applicationIndex: a, judgeIndex: j) }
                try! p.setFit(applicationIndex: a, judgeIndex: j, tiny ? Int.random(in: -3...9, using: &g) : Int.random(in: 0...12, using: &g))
            }
        }
        return p
    }

    /// Best total fit over every valid assignment, nil when there is none.
    func exhaustiveOptimum(_ p: JudgeAssignmentProblem) -> Int? {
        let k = p.judgesPerApplication
        func subsets(_ items: [Int], _ size: Int) -> [[Int]] {
            if size == 0 { return [[]] }
            guard items.count >= size else { return [] }
            let rest = Array(items.dropFirst())
            return subsets(rest, size - 1).map { [items[0]] + $0 } + subsets(rest, size)
        }
        let choices = (0..<p.applicationCount).map { a in
            subsets((0..<p.judgeCount).filter { !p.isConflicted(applicationIndex: a, judgeIndex: $0) }, k)
        }
        var loads = [Int](repeating: 0, count: p.judgeCount)
        var best: Int?
        func search(_ a: Int, _ total: Int) {
            if a == p.applicationCount {
                if p.judges.indices.allSatisfy({ loads[$0] >= p.judges[$0].minimumLoad }) { best = max(best ?? .min, total) }
                return
            }
            for set in choices[a] where set.allSatisfy({ loads[$0] < p.judges[$0].maximumLoad }) {
                for j in set { loads[j] += 1 }
                search(a + 1, total + set.reduce(0) { $0 + p.fit(applicationIndex: a, judgeIndex: $1) })
                for j in set { loads[j] -= 1 }
            }
        }
        search(0, 0)
        return best
    }

    /// Applications in order, each taking its k best-fitting eligible judges with room left; nil
    /// when that leaves an application short or a judge under their minimum.
    func greedy(_ p: JudgeAssignmentProblem) -> Int? {
        var loads = [Int](repeating: 0, count: p.judgeCount)
        var total = 0
        for a in 0..<p.applicationCount {
            let ranked = (0..<p.judgeCount)
                .filter { !p.isConflicted(applicationIndex: a, judgeIndex: $0) && loads[$0] < p.judges[$0].maximumLoad }
                .sorted { (p.fit(applicationIndex: a, judgeIndex: $0), -$0) > (p.fit(applicationIndex: a, judgeIndex: $1), -$1) }
            guard ranked.count >= p.judgesPerApplication else { return nil }
            for j in ranked.prefix(p.judgesPerApplication) { loads[j] += 1; total += p.fit(applicationIndex: a, judgeIndex: j) }
        }
        return p.judges.indices.allSatisfy { loads[$0] >= p.judges[$0].minimumLoad } ? total : nil
    }

    /// Every application has exactly k distinct judges not in conflict, every load is in range, the
    /// reported loads and total are right, and the checker finds nothing.
    func expectValid(_ p: JudgeAssignmentProblem, _ r: JudgeAssignment, sourceLocation: SourceLocation = #_sourceLocation) {
        var loads = [Int](repeating: 0, count: p.judgeCount)
        var total = 0
        #expect(r.judgeIndices.count == p.applicationCount, sourceLocation: sourceLocation)
        for (a, judges) in r.judgeIndices.enumerated() {
            #expect(judges.count == p.judgesPerApplication && Set(judges).count == judges.count, sourceLocation: sourceLocation)
            for j in judges {
                #expect(!p.isConflicted(applicationIndex: a, judgeIndex: j), "conflicted pair assigned", sourceLocation: sourceLocation)
                loads[j] += 1
                total += p.fit(applicationIndex: a, judgeIndex: j)
            }
        }
        for (j, judge) in p.judges.enumerated() {
            #expect(loads[j] >= judge.minimumLoad && loads[j] <= judge.maximumLoad, sourceLocation: sourceLocation)
            #expect(r.loads[j].load == loads[j], sourceLocation: sourceLocation)
        }
        #expect(r.totalFit == total && p.totalFit(r.judgesByApplication) == total, sourceLocation: sourceLocation)
        #expect(p.check(r).isEmpty, sourceLocation: sourceLocation)
    }

    /// An infeasibility error must be a sound certificate: recomputed from the problem, its sets
    /// really need more than can be had, by exactly what the flow left unrouted.
    func expectSoundCertificate(_ p: JudgeAssignmentProblem, _ error: JudgeAssignmentError, sourceLocation: SourceLocation = #_sourceLocation) {
        let k = p.judgesPerApplication, demand = k * p.applicationCount
        func eligiblePairs(_ applications: [Int], _ judges: [Int]) -> Int {
            applications.reduce(0) { total, a in total + judges.filter { !p.isConflicted(applicationIndex: a, judgeIndex: $0) }.count }
        }
        #expect(error.isInfeasibility, sourceLocation: sourceLocation)
        switch error {
        case .capacityBelowDemand(let required, let total):
            #expect(required == demand && total == p.judges.reduce(0) { $0 + $1.maximumLoad } && required > total, sourceLocation: sourceLocation)
        case .minimumLoadsAboveDemand(let total, let available):
            #expect(available == demand && total == p.judges.reduce(0) { $0 + $1.minimumLoad } && total > available, sourceLocation: sourceLocation)
        case .tooFewEligibleJudges(let list):
            let expected = (0..<p.applicationCount).filter { a in
                (0..<p.judgeCount).filter { !p.isConflicted(applicationIndex: a, judgeIndex: $0) }.count < k
            }
            #expect(list.map(\.application) == expected.map { p.applicationIds[$0] }, sourceLocation: sourceLocation)
            #expect(list.allSatisfy { $0.eligibleJudges < $0.required }, sourceLocation: sourceLocation)
        case .tooFewEligibleApplications(let list):
            #expect(!list.isEmpty && list.allSatisfy { $0.eligibleApplications < $0.minimumLoad }, sourceLocation: sourceLocation)
        case .judgeCapacityShortage(let s):
            let xs = s.applications.map { p.applicationIndex($0)! }, ys = s.judges.map { p.judgeIndex($0)! }
            let others = (0..<p.judgeCount).filter { !ys.contains($0) }
            #expect(s.required == k * xs.count, sourceLocation: sourceLocation)
            #expect(s.available == eligiblePairs(xs, others) + ys.reduce(0) { $0 + min(p.judges[$1].maximumLoad, demand) }, sourceLocation: sourceLocation)
            #expect(s.required > s.available && s.applicationsLeftShort.reduce(0) { $0 + $1.missingJudges } == s.missing, sourceLocation: sourceLocation)
            #expect(s.applicationsLeftShort.allSatisfy { s.applications.contains($0.application) }, sourceLocation: sourceLocation)
        case .minimumLoadShortage(let s):
            let xs = s.applications.map { p.applicationIndex($0)! }, ys = s.judges.map { p.judgeIndex($0)! }
            let others = (0..<p.applicationCount).filter { !xs.contains($0) }
            #expect(s.required == ys.reduce(0) { $0 + p.judges[$1].minimumLoad }, sourceLocation: sourceLocation)
            #expect(s.available == k * xs.count + eligiblePairs(others, ys), sourceLocation: sourceLocation)
            #expect(s.required > s.available && s.applicationsLeftShort.reduce(0) { $0 + $1.missingJudges } == s.missing, sourceLocation: sourceLocation)
        default:
            Issue.record("not an infeasibility: \(error)", sourceLocation: sourceLocation)
        }
    }

    /// The case name of an error.
    func kind(_ error: JudgeAssignmentError) -> String { Mirror(reflecting: error).children.first?.label ?? "\(error)" }

    func solveResult(_ p: JudgeAssignmentProblem) -> Result<JudgeAssignment, JudgeAssignmentError> {
        do throws(JudgeAssignmentError) { return .success(try p.solve()) } catch { return .failure(error) }
    }

    // MARK: Exactness and validity

    @Test("the optimum equals exhaustive search on 300 tiny random instances, and infeasibility agrees")
    func optimalAgainstExhaustiveSearch() {
        var g = SeededGenerator(seed: 31)
        var feasible = 0
        var kinds: [String: Int] = [:]
        for _ in 0..<300 {
            // given
            let p = randomProblem(&g, tiny: true)
            // when
            let result = solveResult(p)
            // then
            switch (result, exhaustiveOptimum(p)) {
            case (.success(let r), .some(let best)):
                feasible += 1
                #expect(r.totalFit == best)
                expectValid(p, r)
            case (.failure(let error), .none):
                expectSoundCertificate(p, error)
                kinds[kind(error), default: 0] += 1
            case (let r, let best):
                Issue.record("solver \(r) but exhaustive search \(String(describing: best))")
            }
        }
        // Feasible and infeasible instances both occur, and every kind of infeasibility among the latter.
        #expect(feasible > 100 && feasible < 200)
        #expect(Set(kinds.keys) == ["capacityBelowDemand", "minimumLoadsAboveDemand", "tooFewEligibleJudges",
                                    "tooFewEligibleApplications", "judgeCapacityShortage", "minimumLoadShortage"])
    }

    @Test("200 larger random instances: valid, never below greedy, certificates sound")
    func validAndAtLeastGreedy() {
        var g = SeededGenerator(seed: 57)
        var feasible = 0, compared = 0
        var kinds: [String: Int] = [:]
        for _ in 0..<200 {
            let p = randomProblem(&g, tiny: false)
            switch solveResult(p) {
            case .success(let r):
                feasible += 1
                expectValid(p, r)
                if let greedyTotal = greedy(p) {
                    compared += 1
                    #expect(r.totalFit >= greedyTotal)
                }
            case .failure(let error):
                expectSoundCertificate(p, error)
                kinds[kind(error), default: 0] += 1
            }
        }
        #expect(kinds["judgeCapacityShortage", default: 0] > 0)
        #expect(feasible > 100 && compared > 30)
    }

    @Test("the flow engine agrees with the existing successive-shortest-path MinCostFlow on random networks")
    func flowEngineAgreesWithMinCostFlow() {
        var g = SeededGenerator(seed: 8)
        for _ in 0..<100 {
            // Layered network: sources 0..<s, middle nodes, sink last; a costly direct edge keeps it feasible.
            let s = Int.random(in: 1...4, using: &g), middle = Int.random(in: 1...6, using: &g)
            let sink = s + middle
            var ssp = MinCostFlow(nodeCount: sink + 1)
            var primalDual = PrimalDualFlow(nodeCount: sink + 1)
            var edges: [(u: Int, v: Int, capacity: Int, cost: Int64)] = []
            for u in 0..<sink {
                for v in max(u + 1, s)...sink where Double.random(in: 0..<1, using: &g) < 0.5 || v == sink {
                    let cost: Int64 = v == sink && u < s ? 100 : Int64.random(in: 0...9, using: &g)
                    edges.append((u, v, Int.random(in: 1...3, using: &g) + (v == sink && u < s ? 10 : 0), cost))
                }
            }
            for e in edges { ssp.addEdge(e.u, e.v, capacity: e.capacity, cost: e.cost); primalDual.addEdge(e.u, e.v, capacity: e.capacity, cost: e.cost) }
            let supply = (0..<s).map { _ in Int.random(in: 0...10, using: &g) }
            ssp.run(supply: supply.enumerated().map { ($0.offset, $0.element) }, sink: sink)
            let outcome = primalDual.solve(supply: supply + [Int](repeating: 0, count: middle + 1), sink: sink)
            #expect(outcome.shortfall == 0)
            let sspCost = edges.indices.reduce(Int64(0)) { $0 + Int64(ssp.flow(on: 2 * $1)) * edges[$1].cost }
            let pdCost = edges.indices.reduce(Int64(0)) { $0 + Int64(outcome.flow[$1]) * edges[$1].cost }
            #expect(sspCost == pdCost)
        }
    }

    @Test("fit from shared tech fields plus an extra score, and explicit fits")
    func fitHelpers() throws {
        #expect(JudgeAssignmentProblem.sharedFieldCount(["AI", "로봇", "바이오"], ["로봇", "AI", "핀테크"]) == 2)
        #expect(JudgeAssignmentProblem.scaledFit(0.456) == 46 && JudgeAssignmentProblem.scaledFit(0.5, scale: 10) == 5)
        var p = try JudgeAssignmentProblem(
            applications: ["A1", "A2"], judges: [.init(id: "J1", maximumLoad: 2), .init(id: "J2", maximumLoad: 2)], judgesPerApplication: 1)
        try p.setFits(applicationFields: ["A1": ["AI", "로봇"], "A2": ["바이오"]], judgeFields: ["J1": ["AI", "로봇"], "J2": ["바이오", "AI"]],
                      fieldWeight: 10) { a, j in a == "A2" && j == "J1" ? 3 : 0 }
        #expect(p.fit(application: "A1", judge: "J1") == 20 && p.fit(application: "A1", judge: "J2") == 10)
        #expect(p.fit(application: "A2", judge: "J1") == 3 && p.fit(application: "A2", judge: "J2") == 10)
        try p.setFit(application: "A2", judge: "J2", -5)
        #expect(p.fit(application: "A2", judge: "J2") == -5 && p.fit(application: "A9", judge: "J1") == nil)
        let r = try p.solve()
        #expect(r.judgesByApplication == ["A1": ["J1"], "A2": ["J1"]] && r.totalFit == 23)
        #expect(throws: JudgeAssignmentError.unknownJudge("J9")) { try p.setFit(application: "A1", judge: "J9", 1) }
        #expect(throws: JudgeAssignmentError.unknownApplication("A9")) { try p.addConflict(application: "A9", judge: "J1") }
        #expect(throws: JudgeAssignmentError.unknownApplication("A9")) { try p.setFits(applicationFields: ["A9": []], judgeFields: [:]) }
        #expect(throws: JudgeAssignmentError.fitOutOfRange(application: "A1", judge: "J1", fit: 2_000_000_000)) {
            try p.setFit(application: "A1", judge: "J1", 2_000_000_000)
        }
    }

    @Test("invalid input is rejected when the problem is built")
    func invalidInput() {
        let j = JudgeAssignmentProblem.Judge(id: "J1", maximumLoad: 3)
        #expect(throws: JudgeAssignmentError.invalidJudgesPerApplication(-1)) { try JudgeAssignmentProblem(applications: ["A"], judges: [j], judgesPerApplication: -1) }
        #expect(throws: JudgeAssignmentError.duplicateApplication("A")) { try JudgeAssignmentProblem(applications: ["A", "A"], judges: [j], judgesPerApplication: 1) }
        #expect(throws: JudgeAssignmentError.duplicateJudge("J1")) { try JudgeAssignmentProblem(applications: ["A"], judges: [j, j], judgesPerApplication: 1) }
        #expect(throws: JudgeAssignmentError.invalidLoadRange(judge: "J2", minimum: 4, maximum: 3)) {
            try JudgeAssignmentProblem(applications: ["A"], judges: [j, .init(id: "J2", minimumLoad: 4, maximumLoad: 3)], judgesPerApplication: 1)
        }
    }

    @Test("the documented example")
    func documentedExample() throws {
        var problem = try JudgeAssignmentProblem(
            applications: ["A1", "A2"], judges: [.init(id: "J1", maximumLoad: 2), .init(id: "J2", maximumLoad: 2)], judgesPerApplication: 1)
        try problem.addConflict(application: "A1", judge: "J1")
        try problem.setFit(application: "A2", judge: "J1", 3)
        let assignment = try problem.solve()
        #expect(assignment.applications.map(\.judges) == [["J2"], ["J1"]] && assignment.totalFit == 3)
        #expect(problem.check(["A1": ["J1"]]) == [
            .conflict(application: "A1", judge: "J1"), .tooFewJudges(application: "A2", assigned: 0, required: 1),
        ])
    }

    @Test("edge cases: no applications, k = 0, no judges")
    func edgeCases() throws {
        let none = try JudgeAssignmentProblem(applications: [], judges: [.init(id: "J1", maximumLoad: 2)], judgesPerApplication: 2)
        #expect(try none.solve().totalFit == 0)
        let zero = problem(2, [(0, 1)], k: 0)
        #expect(try zero.solve().applications.map(\.judges) == [[], []])
        let noJudges = try JudgeAssignmentProblem(applications: ["A1"], judges: [], judgesPerApplication: 1)
        #expect(throws: JudgeAssignmentError.tooFewEligibleJudges([.init(application: "A1", eligibleJudges: 0, required: 1)])) { try noJudges.solve() }
    }

    // MARK: Infeasibility, one case each

    func problem(_ apps: Int, _ judges: [(min: Int, max: Int)], k: Int, conflicts: [(Int, Int)] = []) -> JudgeAssignmentProblem {
        var p = try! JudgeAssignmentProblem(
            applications: (1...apps).map { "A\($0)" },
            judges: judges.enumerated().map { .init(id: "J\($0.offset + 1)", minimumLoad: $0.element.min, maximumLoad: $0.element.max) },
            judgesPerApplication: k)
        for (a, j) in conflicts { try! p.addConflict(application: "A\(a)", judge: "J\(j)") }
        return p
    }

    @Test("k × applications above the sum of maximum loads")
    func capacityBelowDemand() {
        let p = problem(3, [(0, 2), (0, 2)], k: 2)
        #expect(throws: JudgeAssignmentError.capacityBelowDemand(required: 6, totalMaximumLoad: 4)) { try p.solve() }
    }

    @Test("the sum of minimum loads above k × applications")
    func minimumsAboveDemand() {
        let p = problem(2, [(2, 3), (2, 3)], k: 1)
        #expect(throws: JudgeAssignmentError.minimumLoadsAboveDemand(totalMinimumLoad: 4, available: 2)) { try p.solve() }
    }

    @Test("applications with fewer than k judges outside their conflicts, all listed")
    func tooFewEligibleJudges() {
        let p = problem(3, [(0, 3), (0, 3), (0, 3)], k: 2, conflicts: [(1, 1), (1, 2), (3, 1), (3, 2), (3, 3)])
        #expect(throws: JudgeAssignmentError.tooFewEligibleJudges([
            .init(application: "A1", eligibleJudges: 1, required: 2), .init(application: "A3", eligibleJudges: 0, required: 2),
        ])) { try p.solve() }
        let q = problem(2, [(0, 3)], k: 2)  // k above the number of judges
        #expect(throws: JudgeAssignmentError.tooFewEligibleJudges([
            .init(application: "A1", eligibleJudges: 1, required: 2), .init(application: "A2", eligibleJudges: 1, required: 2),
        ])) { try q.solve() }
    }

    @Test("judges with fewer applications outside their conflicts than their minimum")
    func tooFewEligibleApplications() {
        let p = problem(3, [(2, 3), (0, 3)], k: 1, conflicts: [(1, 1), (2, 1)])
        #expect(throws: JudgeAssignmentError.tooFewEligibleApplications([.init(judge: "J1", eligibleApplications: 1, minimumLoad: 2)])) { try p.solve() }
    }

    @Test("Hall-type shortage on maximum loads names the applications and judges")
    func judgeCapacityShortage() {
        // A1 and A2 may only have J1, who takes one application.
        let p = problem(3, [(0, 1), (0, 5)], k: 1, conflicts: [(1, 2), (2, 2)])
        #expect(throws: JudgeAssignmentError.judgeCapacityShortage(JudgeAssignmentShortage(
            applications: ["A1", "A2"], judges: ["J1"], required: 2, available: 1,
            applicationsLeftShort: [.init(application: "A2", missingJudges: 1)]))) { try p.solve() }
        if case .failure(let error) = solveResult(p) { expectSoundCertificate(p, error) } else { Issue.record("expected a shortage") }
    }

    @Test("Hall-type shortage on minimum loads names the judges that cannot reach their minimum")
    func minimumLoadShortage() {
        // J1 and J3 need 2 each but only A1–A3 may have them; A4 may only have J2, who has no room
        // once the minimums take all four assignments.
        let p = problem(4, [(2, 4), (0, 4), (2, 4)], k: 1, conflicts: [(4, 1), (4, 3)])
        #expect(throws: JudgeAssignmentError.minimumLoadShortage(JudgeAssignmentShortage(
            applications: ["A1", "A2", "A3"], judges: ["J1", "J3"], required: 4, available: 3,
            applicationsLeftShort: [.init(application: "A4", missingJudges: 1)]))) { try p.solve() }
    }

    @Test("error messages in Korean and English")
    func messages() {
        let e = JudgeAssignmentError.capacityBelowDemand(required: 6, totalMaximumLoad: 4)
        #expect(e.korean.contains("6건") && e.english.contains("6 assignments") && "\(e)" == e.english)
        let many = JudgeAssignmentError.tooFewEligibleJudges((1...12).map { .init(application: "A\($0)", eligibleJudges: 0, required: 1) })
        #expect(many.korean.hasSuffix("외 2개") && many.english.hasSuffix("and 2 more"))
    }

    // MARK: Checker

    @Test("the checker reports every kind of warning on a hand-edited assignment")
    func checkerWarnings() {
        // J1 0…1, J2 1…2, J3 0…1, J4 1…3; k = 2; A1 in conflict with J3.
        let p = problem(3, [(0, 1), (1, 2), (0, 1), (1, 3)], k: 2, conflicts: [(1, 3)])
        let edited: [String: [String]] = [
            "A1": ["J1", "J3", "J9"],       // conflict J3, unknown J9
            "A2": ["J1", "J1"],             // J1 twice → one distinct judge: too few
            "A3": ["J1", "J3", "J4"],       // too many; J1 now over its maximum
            "B7": ["J2"],                   // unknown application
        ]
        #expect(p.check(edited) == [
            .unknownApplication("B7"),
            .unknownJudge(application: "A1", judge: "J9"),
            .conflict(application: "A1", judge: "J3"),
            .duplicateJudge(application: "A2", judge: "J1", times: 2),
            .tooFewJudges(application: "A2", assigned: 1, required: 2),
            .tooManyJudges(application: "A3", assigned: 3, required: 2),
            .judgeOverMaximum(judge: "J1", load: 3, maximum: 1),
            .judgeUnderMinimum(judge: "J2", load: 0, minimum: 1),
            .judgeOverMaximum(judge: "J3", load: 2, maximum: 1),
        ])
        // Every message exists in both languages.
        for w in p.check(edited) { #expect(!w.korean.isEmpty && !w.english.isEmpty && w.korean != w.english) }
        // A valid edit of the solver's result stays clean; moving a judge shows up.
        let solved = try! p.solve()
        #expect(p.check(solved).isEmpty)
        var moved = solved.judgesByApplication
        moved["A2"] = ["J2", "J3"]
        moved["A1"] = moved["A1"]!.filter { $0 != "J2" } + ["J3"]
        #expect(p.check(moved).contains(.conflict(application: "A1", judge: "J3")))
    }

    // MARK: Determinism

    @Test("the same input gives the same output")
    func deterministic() {
        var g1 = SeededGenerator(seed: 99), g2 = SeededGenerator(seed: 99)
        for _ in 0..<20 {
            let p = randomProblem(&g1, tiny: false), q = randomProblem(&g2, tiny: false)
            #expect(p == q)
            let first = solveResult(p), again = solveResult(p), rebuilt = solveResult(q)
            #expect(first == again && first == rebuilt)
        }
    }
}
