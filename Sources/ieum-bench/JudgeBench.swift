import ArgumentParser
import Foundation
import IeumMatching

/// Judge assignment (심사위원 배정) on a deterministic instance: 2,000 applications × 300 judges,
/// k = 3, 20 tech fields (applications favour some fields, so popular judges fill up while others
/// only just reach their minimum), ~1.5% of pairs in conflict, loads 15…25. Exports the instance
/// and our assignment for `scripts/bench-judges.py` (OR-Tools SimpleMinCostFlow on the same data).
struct Judges: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "judges",
        abstract: "Judge assignment benchmark; exports the instance for OR-Tools SimpleMinCostFlow."
    )
    @Option var applications = 2_000
    @Option var judges = 300
    @Option(help: "Judges per application.") var k = 3
    @Option(help: "Tech fields.") var fields = 20
    @Option var minLoad = 15
    @Option var maxLoad = 25
    @Option(help: "Share of (application, judge) pairs in conflict.") var conflictRate = 0.015
    @Option(help: "Weight of one shared tech field; a text-fit bucket 0…3 is added.") var fieldWeight = 4
    @Option var seed: UInt64 = 20_260_301
    @Option(help: "Solves; the median time is reported.") var runs = 5
    @Option(help: "Instance file (empty: no export); the assignment goes beside it as <name>.ieum.txt.") var export = ".bench/judges.txt"

    func run() throws {
        let tg = Clock.now
        let problem = try JudgeInstance.make(
            applications: applications, judges: judges, k: k, fields: fields, minLoad: minLoad, maxLoad: maxLoad,
            conflictRate: conflictRate, fieldWeight: fieldWeight, seed: seed)
        print("instance: \(applications) applications × \(judges) judges, k = \(k), loads \(minLoad)…\(maxLoad), "
              + "\(problem.conflictCount) conflicted pairs (\(String(format: "%.2f", 100 * Double(problem.conflictCount) / Double(applications * judges)))%), "
              + "fit = \(fieldWeight) × shared fields + text bucket 0…3 (generated in \(Clock.format(Clock.since(tg))))")

        var times: [Double] = []
        var result: (assignment: JudgeAssignment, phases: Int)?
        for _ in 0..<max(1, runs) {
            let t = Clock.now
            result = try problem.solveReportingPhases()
            times.append(Clock.since(t))
        }
        guard let (assignment, phases) = result else { return }
        let loads = assignment.loads.map(\.load).sorted()
        let atMinimum = assignment.loads.filter { $0.load == $0.minimumLoad }.count
        let atMaximum = assignment.loads.filter { $0.load == $0.maximumLoad }.count
        let warnings = problem.check(assignment)
        print("ieum judge assignment: objective \(assignment.totalFit), solve median \(Clock.format(Stats.median(times))) "
              + "(runs: \(times.map(Clock.format).joined(separator: ", "))), \(phases) Dijkstra phases")
        print("loads: min \(loads.first ?? 0), median \(loads.isEmpty ? 0 : loads[loads.count / 2]), max \(loads.last ?? 0); "
              + "\(atMinimum) judges at their minimum, \(atMaximum) at their maximum; checker warnings: \(warnings.count)")
        print("RESULT judges_objective=\(assignment.totalFit) judges_s=\(Stats.median(times))")
        guard !export.isEmpty else { return }
        try JudgeInstance.write(problem, to: export)
        let ours = assignment.judgeIndices.map { $0.map(String.init).joined(separator: " ") }.joined(separator: "\n") + "\n"
        try ours.write(toFile: JudgeInstance.assignmentPath(export), atomically: true, encoding: .utf8)
        print("exported the instance to \(export) and the assignment to \(JudgeInstance.assignmentPath(export))")
    }
}

/// The benchmark instance and its text form.
enum JudgeInstance {
    static func make(
        applications nA: Int, judges nJ: Int, k: Int, fields nF: Int, minLoad: Int, maxLoad: Int,
        conflictRate: Double, fieldWeight: Int, seed: UInt64
    ) throws -> JudgeAssignmentProblem {
        var random = JudgeBenchRandom(state: seed)
        let fieldNames = (0..<nF).map { "field-\($0)" }
        // Applications: 1–3 fields, Zipf-like popularity (field i weighs 1 / (i + 1)^0.7).
        let weights = (0..<nF).map { 1 / pow(Double($0 + 1), 0.7) }
        let totalWeight = weights.reduce(0, +)
        func popularField() -> String {
            var x = random.unit() * totalWeight
            for (i, w) in weights.enumerated() { x -= w; if x < 0 { return fieldNames[i] } }
            return fieldNames[nF - 1]
        }
        let applicationIds = (0..<nA).map { String(format: "A%05d", $0) }
        let judgeIds = (0..<nJ).map { String(format: "J%04d", $0) }
        var applicationFields: [String: Set<String>] = [:]
        for id in applicationIds {
            var set = Set<String>()
            let count = random.int(1...3)
            while set.count < count { set.insert(popularField()) }
            applicationFields[id] = set
        }
        // Judges: 2–5 fields, uniform.
        var judgeFields: [String: Set<String>] = [:]
        for id in judgeIds {
            var set = Set<String>()
            let count = random.int(2...5)
            while set.count < count { set.insert(fieldNames[random.int(0...(nF - 1))]) }
            judgeFields[id] = set
        }
        var problem = try JudgeAssignmentProblem(
            applications: applicationIds,
            judges: judgeIds.map { .init(id: $0, minimumLoad: minLoad, maximumLoad: maxLoad) },
            judgesPerApplication: k)
        // Text-fit bucket 0…3 per pair, drawn in row-major order.
        var bucket = [Int](repeating: 0, count: nA * nJ)
        for p in bucket.indices { bucket[p] = random.int(0...3) }
        let applicationIndex = Dictionary(uniqueKeysWithValues: applicationIds.enumerated().map { ($1, $0) })
        let judgeIndex = Dictionary(uniqueKeysWithValues: judgeIds.enumerated().map { ($1, $0) })
        try problem.setFits(applicationFields: applicationFields, judgeFields: judgeFields, fieldWeight: fieldWeight) { a, j in
            bucket[applicationIndex[a]! * nJ + judgeIndex[j]!]
        }
        for a in 0..<nA {
            for j in 0..<nJ where random.unit() < conflictRate { problem.addConflict(applicationIndex: a, judgeIndex: j) }
        }
        return problem
    }

    /// Text form: `judges-v1 A J k`, then one `minimum maximum` line per judge, then one line per
    /// application with its J fits in judge order, `x` for a pair in conflict.
    static func write(_ problem: JudgeAssignmentProblem, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        var out = "judges-v1 \(problem.applicationCount) \(problem.judgeCount) \(problem.judgesPerApplication)\n"
        for judge in problem.judges { out += "\(judge.minimumLoad) \(judge.maximumLoad)\n" }
        for a in 0..<problem.applicationCount {
            out += (0..<problem.judgeCount).map {
                problem.isConflicted(applicationIndex: a, judgeIndex: $0) ? "x" : String(problem.fit(applicationIndex: a, judgeIndex: $0))
            }.joined(separator: " ")
            out += "\n"
        }
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func assignmentPath(_ path: String) -> String {
        path.hasSuffix(".txt") ? String(path.dropLast(4)) + ".ieum.txt" : path + ".ieum.txt"
    }
}

/// SplitMix64, deterministic across runs and platforms (own name: the bench has its own generator).
struct JudgeBenchRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
