import ArgumentParser
import Foundation
import IeumMatching

/// Program assignment at 10,000 startups × 1,000 needs with each need's top-100 candidates;
/// exports the instance (integer weights) so that OR-Tools solves exactly the same problem.
struct Assign: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Assignment benchmark; exports the instance for OR-Tools SimpleMinCostFlow.")
    @Option var corpus = ".bench/corpus"
    @Option var startups = 10_000
    @Option var candidates = 100
    @Option(help: "Startups per need.") var capacity = 3
    @Option(help: "Collaborations per startup.") var limit = 2
    @Option var runs = 3
    @Option var export = ".bench/assignment.txt"

    func run() throws {
        let profiles = Array(try JSONLines.read(StartupProfile.self, path: corpus + "/startups.jsonl").records.prefix(startups))
        let needs = try JSONLines.read(NeedProfile.self, path: corpus + "/needs.jsonl").records
        let matcher = Matcher()
        matcher.add(contentsOf: profiles)
        var problem = AssignmentProblem()
        var index: [String: Int] = [:]
        for s in profiles { index[s.id] = problem.addStartup(id: s.id, limit: limit) }
        let tr = Clock.now
        for need in needs {
            let n = problem.addNeed(id: need.id, capacity: capacity)
            for m in matcher.rank(need, top: candidates, explain: false) { problem.addCandidate(need: n, startup: index[m.startupId]!, score: m.score) }
        }
        print("instance: \(needs.count) needs × \(profiles.count) startups, \(problem.candidates.count) candidate pairs (ranking took \(Clock.format(Clock.since(tr))))")
        var times: [Double] = []
        var result = problem.solve()
        for _ in 0..<runs {
            let t = Clock.now
            result = problem.solve()
            times.append(Clock.since(t))
        }
        print("ieum assignment: objective \(result.objective) (total score \(String(format: "%.4f", result.total)), \(result.pairs.count) pairs), solve median \(Clock.format(Stats.median(times))) (runs: \(times.map(Clock.format).joined(separator: ", ")))")
        print("RESULT assign_objective=\(result.objective) assign_s=\(Stats.median(times))")
        guard !export.isEmpty else { return }
        var out = "\(needs.count) \(profiles.count) \(capacity) \(limit)\n"
        for c in problem.candidates { out += "\(c.need) \(c.startup) \(problem.weight(c))\n" }
        try out.write(toFile: export, atomically: true, encoding: .utf8)
    }
}
