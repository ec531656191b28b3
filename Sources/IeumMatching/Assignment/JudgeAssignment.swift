/// Judge assignment for an evaluation round (심사위원 배정).
///
/// Every application gets exactly `judgesPerApplication` (k) distinct judges, never one in
/// conflict with it (same organisation, prior relationship …); every judge reviews between their
/// minimum and maximum number of applications; among all such assignments the one with the largest
/// total fit is returned. Fits are integers (see `scaledFit(_:scale:)` for scores), so the optimum
/// is exact, not approximate.
///
/// Model: a min-cost flow. Each application supplies k units; application → judge edges (capacity
/// 1, one per pair not in conflict) cost `maxFit − fit`; judge loads have lower bounds, handled by
/// the usual exact transformation: the judge's minimum goes straight to the final sink, the rest of
/// its range to an intermediate node whose edge to the final sink carries `k·A − Σ minimum`. The
/// capacities into the final sink add up to the total supply, so a flow that routes all of it
/// saturates every minimum. See `docs/judge-assignment.md`.
///
/// ```swift
/// var problem = try JudgeAssignmentProblem(
///     applications: ["A1", "A2"], judges: [.init(id: "J1", maximumLoad: 2), .init(id: "J2", maximumLoad: 2)],
///     judgesPerApplication: 1)
/// try problem.addConflict(application: "A1", judge: "J1")
/// try problem.setFit(application: "A2", judge: "J1", 3)
/// let assignment = try problem.solve()          // A1 → J2, A2 → J1, total fit 3
/// let warnings = problem.check(["A1": ["J1"]])  // conflict, A2 without judges, …
/// ```
public struct JudgeAssignmentProblem: Sendable, Hashable {
    /// A judge and the range of applications they review (inclusive).
    public struct Judge: Sendable, Hashable, Codable {
        public var id: String
        public var minimumLoad: Int
        public var maximumLoad: Int

        public init(id: String, minimumLoad: Int = 0, maximumLoad: Int) {
            self.id = id
            self.minimumLoad = minimumLoad
            self.maximumLoad = maximumLoad
        }
    }

    /// Largest allowed |fit| of one pair, so that totals and the solver's potentials never overflow.
    public static let maximumFitMagnitude = 1_000_000_000

    /// Application ids, in the order results are reported.
    public let applicationIds: [String]
    /// Judges, in the order results are reported.
    public let judges: [Judge]
    /// k: the number of distinct judges every application gets.
    public let judgesPerApplication: Int

    private let applicationIndexById: [String: Int]
    private let judgeIndexById: [String: Int]
    /// Row-major application × judge matrices.
    private var fits: [Int32]
    private var conflicted: [Bool]
    public private(set) var conflictCount = 0

    /// Validates ids and load ranges; fits start at 0 and no pair is in conflict.
    /// - Throws: `.duplicateApplication`, `.duplicateJudge`, `.invalidLoadRange`,
    ///   `.invalidJudgesPerApplication`.
    public init(applications: [String], judges: [Judge], judgesPerApplication k: Int) throws(JudgeAssignmentError) {
        guard k >= 0 else { throw .invalidJudgesPerApplication(k) }
        var applicationIndex: [String: Int] = [:]
        for (i, id) in applications.enumerated() {
            guard applicationIndex.updateValue(i, forKey: id) == nil else { throw .duplicateApplication(id) }
        }
        var judgeIndex: [String: Int] = [:]
        for (j, judge) in judges.enumerated() {
            guard judgeIndex.updateValue(j, forKey: judge.id) == nil else { throw .duplicateJudge(judge.id) }
            guard judge.minimumLoad >= 0, judge.minimumLoad <= judge.maximumLoad else {
                throw .invalidLoadRange(judge: judge.id, minimum: judge.minimumLoad, maximum: judge.maximumLoad)
            }
        }
        applicationIds = applications
        self.judges = judges
        judgesPerApplication = k
        applicationIndexById = applicationIndex
        judgeIndexById = judgeIndex
        fits = [Int32](repeating: 0, count: applications.count * judges.count)
        conflicted = [Bool](repeating: false, count: applications.count * judges.count)
    }

    public var applicationCount: Int { applicationIds.count }
    public var judgeCount: Int { judges.count }
    public func applicationIndex(_ id: String) -> Int? { applicationIndexById[id] }
    public func judgeIndex(_ id: String) -> Int? { judgeIndexById[id] }

    private func indices(_ application: String, _ judge: String) throws(JudgeAssignmentError) -> Int {
        guard let a = applicationIndexById[application] else { throw .unknownApplication(application) }
        guard let j = judgeIndexById[judge] else { throw .unknownJudge(judge) }
        return a * judges.count + j
    }

    // MARK: Conflicts

    /// Marks a pair that must never be assigned (conflict of interest). Adding it twice is harmless.
    public mutating func addConflict(application: String, judge: String) throws(JudgeAssignmentError) {
        let p = try indices(application, judge)
        if !conflicted[p] { conflicted[p] = true; conflictCount += 1 }
    }

    /// Index form of `addConflict(application:judge:)` (indices into `applicationIds` and `judges`).
    public mutating func addConflict(applicationIndex a: Int, judgeIndex j: Int) {
        precondition(applicationIds.indices.contains(a) && judges.indices.contains(j), "application or judge index out of range")
        let p = a * judges.count + j
        if !conflicted[p] { conflicted[p] = true; conflictCount += 1 }
    }

    public func isConflicted(applicationIndex a: Int, judgeIndex j: Int) -> Bool { conflicted[a * judges.count + j] }

    private func conflicts(applicationIndex a: Int) -> Int {
        (0..<judges.count).reduce(0) { $0 + (conflicted[a * judges.count + $1] ? 1 : 0) }
    }

    /// False as well for unknown ids.
    public func isConflicted(application: String, judge: String) -> Bool {
        guard let p = try? indices(application, judge) else { return false }
        return conflicted[p]
    }

    // MARK: Fit

    /// Sets the fit of one pair explicitly (higher is better; may be negative).
    /// - Throws: `.unknownApplication`, `.unknownJudge`, `.fitOutOfRange` (|fit| > `maximumFitMagnitude`).
    public mutating func setFit(application: String, judge: String, _ fit: Int) throws(JudgeAssignmentError) {
        let p = try indices(application, judge)
        guard abs(fit) <= Self.maximumFitMagnitude else { throw .fitOutOfRange(application: application, judge: judge, fit: fit) }
        fits[p] = Int32(fit)
    }

    /// Index form of `setFit(application:judge:_:)`.
    public mutating func setFit(applicationIndex a: Int, judgeIndex j: Int, _ fit: Int) throws(JudgeAssignmentError) {
        precondition(applicationIds.indices.contains(a) && judges.indices.contains(j), "application or judge index out of range")
        guard abs(fit) <= Self.maximumFitMagnitude else {
            throw .fitOutOfRange(application: applicationIds[a], judge: judges[j].id, fit: fit)
        }
        fits[a * judges.count + j] = Int32(fit)
    }

    public func fit(applicationIndex a: Int, judgeIndex j: Int) -> Int { Int(fits[a * judges.count + j]) }

    /// Nil for unknown ids.
    public func fit(application: String, judge: String) -> Int? {
        guard let p = try? indices(application, judge) else { return nil }
        return Int(fits[p])
    }

    /// Number of tech fields two profiles share.
    public static func sharedFieldCount(_ a: Set<String>, _ b: Set<String>) -> Int {
        a.count <= b.count ? a.reduce(0) { $0 + (b.contains($1) ? 1 : 0) } : sharedFieldCount(b, a)
    }

    /// A score (e.g. a text-match similarity in 0…1) as an integer fit: `(score × scale).rounded()`.
    public static func scaledFit(_ score: Double, scale: Double = 100) -> Int {
        guard score.isFinite else { return 0 }
        return Int((score * scale).rounded())
    }

    /// Sets every pair's fit to `fieldWeight × shared tech fields + extra(application, judge)`;
    /// `extra` can add e.g. a text-fit bucket (`scaledFit`). Ids missing from either dictionary have
    /// no fields.
    /// - Throws: `.unknownApplication` / `.unknownJudge` for a dictionary key that is not in the
    ///   problem (the smallest such id), `.fitOutOfRange`.
    public mutating func setFits(
        applicationFields: [String: Set<String>],
        judgeFields: [String: Set<String>],
        fieldWeight: Int = 1,
        extra: (_ application: String, _ judge: String) -> Int = { _, _ in 0 }
    ) throws(JudgeAssignmentError) {
        if let unknown = applicationFields.keys.filter({ applicationIndexById[$0] == nil }).min() { throw .unknownApplication(unknown) }
        if let unknown = judgeFields.keys.filter({ judgeIndexById[$0] == nil }).min() { throw .unknownJudge(unknown) }
        let judgeSets = judges.map { judgeFields[$0.id] ?? [] }
        for (a, application) in applicationIds.enumerated() {
            let fields = applicationFields[application] ?? []
            for (j, judge) in judges.enumerated() {
                let fit = fieldWeight * Self.sharedFieldCount(fields, judgeSets[j]) + extra(application, judge.id)
                try setFit(applicationIndex: a, judgeIndex: j, fit)
            }
        }
    }

    // MARK: Solving

    /// The assignment with the largest total fit among all that give every application exactly k
    /// distinct judges not in conflict with it and keep every judge's load within range.
    /// Deterministic: the same problem always gives the same assignment.
    /// - Throws: an infeasibility (`.capacityBelowDemand`, `.minimumLoadsAboveDemand`,
    ///   `.tooFewEligibleJudges`, `.tooFewEligibleApplications`, `.judgeCapacityShortage`,
    ///   `.minimumLoadShortage`), never traps.
    public func solve() throws(JudgeAssignmentError) -> JudgeAssignment {
        try solveReportingPhases().assignment
    }

    /// `solve()` plus the number of Dijkstra phases the flow took (for benchmarks).
    public func solveReportingPhases() throws(JudgeAssignmentError) -> (assignment: JudgeAssignment, phases: Int) {
        let nA = applicationIds.count, nJ = judges.count, k = judgesPerApplication
        guard k <= nJ || nA == 0 else {
            throw .tooFewEligibleJudges(applicationIds.indices.map {
                ApplicationEligibility(application: applicationIds[$0], eligibleJudges: nJ - conflicts(applicationIndex: $0), required: k)
            })
        }
        let demand = k * nA
        // Clamped at the demand, so that huge maximums cannot overflow (the comparison is unchanged).
        let totalMaximum = judges.reduce(0) { $0 + min($1.maximumLoad, demand) }
        let totalMinimum = judges.reduce(0) { total, judge in
            let (sum, overflow) = total.addingReportingOverflow(judge.minimumLoad)
            return overflow ? Int.max : sum
        }
        guard demand <= totalMaximum else { throw .capacityBelowDemand(required: demand, totalMaximumLoad: totalMaximum) }
        guard totalMinimum <= demand else { throw .minimumLoadsAboveDemand(totalMinimumLoad: totalMinimum, available: demand) }

        var eligibleJudges = [Int](repeating: nJ, count: nA)
        var eligibleApplications = [Int](repeating: nA, count: nJ)
        for a in 0..<nA {
            for j in 0..<nJ where conflicted[a * nJ + j] { eligibleJudges[a] -= 1; eligibleApplications[j] -= 1 }
        }
        let fewJudges = (0..<nA).filter { eligibleJudges[$0] < k }.map {
            ApplicationEligibility(application: applicationIds[$0], eligibleJudges: eligibleJudges[$0], required: k)
        }
        guard fewJudges.isEmpty else { throw .tooFewEligibleJudges(fewJudges) }
        let fewApplications = (0..<nJ).filter { eligibleApplications[$0] < judges[$0].minimumLoad }.map {
            JudgeEligibility(judge: judges[$0].id, eligibleApplications: eligibleApplications[$0], minimumLoad: judges[$0].minimumLoad)
        }
        guard fewApplications.isEmpty else { throw .tooFewEligibleApplications(fewApplications) }

        // Nodes: applications, judges, the range node, the sink. Costs maxFit − fit ≥ 0: every
        // application sends exactly k units, so the shift changes all totals alike.
        let rangeNode = nA + nJ, sink = nA + nJ + 1
        var maxFit = Int64.min
        for a in 0..<nA {
            for j in 0..<nJ where !conflicted[a * nJ + j] { maxFit = max(maxFit, Int64(fits[a * nJ + j])) }
        }
        var flow = PrimalDualFlow(nodeCount: nA + nJ + 2, edgeCapacity: (k > 0 ? nA * nJ - conflictCount : 0) + 2 * nJ + 1)
        var pairEdges = [Int32](repeating: -1, count: nA * nJ)
        if k > 0 {
            for a in 0..<nA {
                for j in 0..<nJ where !conflicted[a * nJ + j] {
                    pairEdges[a * nJ + j] = Int32(flow.addEdge(a, nA + j, capacity: 1, cost: maxFit - Int64(fits[a * nJ + j])))
                }
            }
        }
        // Lower bounds: a judge's minimum goes straight to the sink, the rest of its range through the
        // range node, whose edge to the sink takes what the minimums leave. Into the sink: exactly the
        // demand, so routing all of it fills every minimum.
        for (j, judge) in judges.enumerated() {
            if judge.minimumLoad > 0 { flow.addEdge(nA + j, sink, capacity: judge.minimumLoad, cost: 0) }
            let extra = min(judge.maximumLoad, demand) - judge.minimumLoad
            if extra > 0 { flow.addEdge(nA + j, rangeNode, capacity: extra, cost: 0) }
        }
        if demand - totalMinimum > 0 { flow.addEdge(rangeNode, sink, capacity: demand - totalMinimum, cost: 0) }
        var supply = [Int](repeating: 0, count: nA + nJ + 2)
        for a in 0..<nA { supply[a] = k }
        let outcome = flow.solve(supply: supply, sink: sink)

        if outcome.shortfall > 0 {
            throw shortage(outcome, eligible: { a, j in !conflicted[a * nJ + j] })
        }
        var judgeIndices = [[Int]](repeating: [], count: nA)
        for a in 0..<nA {
            for j in 0..<nJ where pairEdges[a * nJ + j] >= 0 && outcome.flow[Int(pairEdges[a * nJ + j])] > 0 {
                judgeIndices[a].append(j)
            }
        }
        return (JudgeAssignment(problem: self, judgeIndices: judgeIndices), outcome.phases)
    }

    /// Explains a flow that could not route every unit from the cut it left (see `PrimalDualFlow`).
    private func shortage(_ outcome: PrimalDualFlow.Outcome, eligible: (Int, Int) -> Bool) -> JudgeAssignmentError {
        let nA = applicationIds.count, nJ = judges.count, k = judgesPerApplication
        let side = outcome.sourceSide
        let left = (0..<nA).filter { outcome.excess[$0] > 0 }.map {
            ShortApplication(application: applicationIds[$0], missingJudges: outcome.excess[$0])
        }
        let inX = (0..<nA).map { side[$0] }, inY = (0..<nJ).map { side[nA + $0] }
        if !side[nA + nJ] {
            // No residual path to the range node: applications X need k|X| judges; the judges they
            // reach (Y) are all full, and every other eligible pair of theirs is already used.
            let applications = (0..<nA).filter { inX[$0] }
            let crossing = applications.reduce(0) { total, a in total + (0..<nJ).filter { !inY[$0] && eligible(a, $0) }.count }
            let judgeSet = (0..<nJ).filter { inY[$0] }
            let available = crossing + judgeSet.reduce(0) { $0 + min(judges[$1].maximumLoad, k * nA) }
            return .judgeCapacityShortage(JudgeAssignmentShortage(
                applications: applications.map { applicationIds[$0] }, judges: judgeSet.map { judges[$0].id },
                required: k * applications.count, available: available, applicationsLeftShort: left))
        } else {
            // The range node is reached but full: judges outside Y cannot all reach their minimum. They
            // can only get k from each application outside X plus the eligible pairs from X.
            let judgeSet = (0..<nJ).filter { !inY[$0] }
            let applications = (0..<nA).filter { !inX[$0] }
            let crossing = (0..<nA).filter { inX[$0] }.reduce(0) { total, a in total + judgeSet.filter { eligible(a, $0) }.count }
            return .minimumLoadShortage(JudgeAssignmentShortage(
                applications: applications.map { applicationIds[$0] }, judges: judgeSet.map { judges[$0].id },
                required: judgeSet.reduce(0) { $0 + judges[$1].minimumLoad }, available: k * applications.count + crossing,
                applicationsLeftShort: left))
        }
    }

    /// Total fit of an assignment given by ids (unknown ids and repeated judges are not counted).
    public func totalFit(_ assignment: [String: [String]]) -> Int {
        var total = 0
        for (application, judgeIds) in assignment {
            guard let a = applicationIndexById[application] else { continue }
            for j in Set(judgeIds.compactMap { judgeIndexById[$0] }) { total += Int(fits[a * judges.count + j]) }
        }
        return total
    }
}

/// The solver's result, in the problem's order.
public struct JudgeAssignment: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var application: String
        /// In the problem's judge order.
        public var judges: [String]
        /// Sum of the fits of this application's pairs.
        public var fit: Int
    }

    public struct Load: Sendable, Hashable {
        public var judge: String
        public var load: Int
        public var minimumLoad: Int
        public var maximumLoad: Int
    }

    /// One entry per application, in `applicationIds` order.
    public var applications: [Entry]
    /// One entry per judge, in `judges` order.
    public var loads: [Load]
    /// The maximised objective: the sum of the fits of all assigned pairs.
    public var totalFit: Int
    /// For each application (by index), its judges' indices, ascending.
    public var judgeIndices: [[Int]]

    /// Application id → judge ids, the form `JudgeAssignmentProblem.check(_:)` takes.
    public var judgesByApplication: [String: [String]] {
        Dictionary(uniqueKeysWithValues: applications.map { ($0.application, $0.judges) })
    }

    /// Builds the result for given judge indices (used by the solver; also handy in tests).
    public init(problem: JudgeAssignmentProblem, judgeIndices: [[Int]]) {
        self.judgeIndices = judgeIndices
        var loads = [Int](repeating: 0, count: problem.judgeCount)
        var total = 0
        applications = judgeIndices.enumerated().map { a, js in
            var fit = 0
            for j in js { fit += problem.fit(applicationIndex: a, judgeIndex: j); loads[j] += 1 }
            total += fit
            return Entry(application: problem.applicationIds[a], judges: js.map { problem.judges[$0].id }, fit: fit)
        }
        self.loads = problem.judges.enumerated().map { j, judge in
            Load(judge: judge.id, load: loads[j], minimumLoad: judge.minimumLoad, maximumLoad: judge.maximumLoad)
        }
        totalFit = total
    }
}
