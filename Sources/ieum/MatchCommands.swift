import ArgumentParser
import Foundation
import IeumMatching

/// Offline batch mode: no database, files in, TSV out.
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Rank startups for every need from JSON Lines files; prints need_id<TAB>startup_id<TAB>rank.",
        discussion: "Reads the interchange format (PRODUCT.md). Unknown fields are ignored; a malformed line is reported on stderr with its number and the run goes on."
    )

    @Option(help: "Startups, one JSON object per line.") var startups: String
    @Option(help: "Needs, one JSON object per line.") var needs: String
    @Option(help: "Startups per need.") var top = 50
    @Flag(help: "Plain Hangul-bigram BM25 over all text (the evaluation baseline).") var baseline = false
    @Flag(help: "Add the Korean and English explanation as fourth and fifth columns.") var explain = false
    @Option(help: "Below the need's minimum stage: penalty (default) or filter.") var stageRule = "penalty"

    func run() throws {
        guard top > 0 else { throw ValidationError("--top must be positive") }
        var config: MatchingConfiguration = baseline ? .baseline : .engine
        switch stageRule {
        case "penalty": break
        case "filter": config.stageRule = .filter
        default: throw ValidationError("--stage-rule must be penalty or filter")
        }
        let (profiles, needList) = try BatchIO.load(startups: startups, needs: needs)
        let matcher = Matcher(configuration: config)
        matcher.add(contentsOf: profiles)
        var out = ""
        for need in needList {
            let matches = matcher.rank(need, top: top, explain: explain)
            for (i, m) in matches.enumerated() {
                out += "\(need.id)\t\(m.startupId)\t\(i + 1)"
                if explain, let e = m.explanation { out += "\t\(e.korean)\t\(e.english)" }
                out += "\n"
            }
            if out.utf8.count > 1 << 16 { BatchIO.write(out); out = "" }
        }
        BatchIO.write(out)
    }
}

/// Program-wide assignment under capacities.
struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Assign startups to needs with the largest total score; prints need_id<TAB>startup_id<TAB>score, then a # total line.",
        discussion: """
        Each need takes up to --capacity startups and each startup joins up to --limit needs at once. \
        Candidates are each need's top --candidates from the ranking; pairs below --floor (relative score, 0…1) are not used. \
        Output: one line per assigned pair, need_id<TAB>startup_id<TAB>score (4 decimals), ordered by need then score; \
        the last line is `# total<TAB>SCORE<TAB>PAIRS`.
        """
    )

    @Option(help: "Startups, one JSON object per line.") var startups: String
    @Option(help: "Needs, one JSON object per line.") var needs: String
    @Option(help: "Startups per need (a need's own `capacity` field, if present, wins).") var capacity = 3
    @Option(help: "Simultaneous collaborations per startup.") var limit = 2
    @Option(help: "Candidates per need taken from the ranking.") var candidates = 50
    @Option(help: "Minimum score of an assigned pair.") var floor = 0.0

    func run() throws {
        guard capacity >= 0, limit >= 0, candidates > 0 else { throw ValidationError("--capacity, --limit must be ≥ 0 and --candidates > 0") }
        let (profiles, needList) = try BatchIO.load(startups: startups, needs: needs)
        let capacities = BatchIO.capacities(path: needs)
        let matcher = Matcher()
        matcher.add(contentsOf: profiles)
        var problem = AssignmentProblem()
        var startupIndex: [String: Int] = [:]
        for s in profiles where startupIndex[s.id] == nil {
            startupIndex[s.id] = problem.addStartup(id: s.id, limit: limit)
        }
        for need in needList {
            let n = problem.addNeed(id: need.id, capacity: capacities[need.id] ?? capacity, floor: floor)
            for m in matcher.rank(need, top: candidates, explain: false) {
                if let s = startupIndex[m.startupId] { problem.addCandidate(need: n, startup: s, score: m.score) }
            }
        }
        let result = problem.solve()
        var out = ""
        for pair in result.pairs {
            out += "\(problem.needIds[pair.need])\t\(problem.startupIds[pair.startup])\t\(String(format: "%.4f", pair.score))\n"
        }
        out += "# total\t\(String(format: "%.4f", result.total))\t\(result.pairs.count)\n"
        BatchIO.write(out)
    }
}

enum BatchIO {
    static func load(startups: String, needs: String) throws -> ([StartupProfile], [NeedProfile]) {
        let s = try JSONLines.read(StartupProfile.self, path: startups)
        let n = try JSONLines.read(NeedProfile.self, path: needs)
        for e in s.errors + n.errors { FileHandle.standardError.write(Data("\(e)\n".utf8)) }
        return (s.records, n.records)
    }

    /// Optional per-need `capacity` field, read separately so the interchange type stays as specified.
    static func capacities(path: String) -> [String: Int] {
        struct Cap: Decodable { var id: String; var capacity: Int? }
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        var result: [String: Int] = [:]
        for c in JSONLines.decode(Cap.self, from: data).records { if let k = c.capacity { result[c.id] = k } }
        return result
    }

    static func write(_ s: String) { FileHandle.standardOutput.write(Data(s.utf8)) }
}
