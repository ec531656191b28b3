import ArgumentParser
import Foundation
import IeumMatching

/// Scores the engine on the public dev sets with the sets' own rules (README: nDCG@10, Recall@10
/// over grade ≥ 2, MRR), with each generalisation method switched off in turn, and the bigram
/// BM25 baseline. `scripts/evaluate-matching.sh` checks the same runs with `score.py`.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Dev-set quality: engine, each method switched off in turn, bigram baseline (markdown table).")
    @Option(help: "Dev set directories (startups.jsonl, needs.jsonl, qrels.tsv).") var data: [String] = []
    @Option(help: "Write the engine's run (need, startup, rank) for each set to DIR/NAME.tsv.") var runs = ""
    @Flag(help: "Engine only, no ablation rows.") var quick = false
    @Flag(help: "Per-need nDCG@10 of the engine.") var perNeed = false
    @Flag(help: "Rows with the methods' constants moved either way, to see how sharp each is.") var sensitivity = false

    func run() throws {
        let sets = data.isEmpty ? ["../shared/data/matching-dev", "../shared/data/matching-dev2"] : data
        let loaded = try sets.map { try DevSet(path: $0) }
        var variants: [(String, MatchingConfiguration)] = [("Ieum engine (all methods)", .engine)]
        if !quick {
            for method in GeneralisationMethod.allCases {
                var c = MatchingConfiguration.engine
                c.methods.remove(method)
                variants.append(("without \(method.label)", c))
            }
            var none = MatchingConfiguration.engine
            none.methods = []
            variants.append(("none of the methods (thesaurus + BM25F only)", none))
            variants.append(("bigram BM25 baseline", .baseline))
        }
        if sensitivity {
            func variant(_ label: String, _ change: (inout MatchingConfiguration) -> Void) {
                var c = MatchingConfiguration.engine
                change(&c)
                variants.append((label, c))
            }
            for t: Float in [0.75, 0.85, 0.9] { variant("loanword threshold \(t) (0.8)") { $0.loanwordThreshold = t } }
            for b: Float in [0.25, 1.0] { variant("capability boost \(b) (0.5)") { $0.capabilityBoost = b } }
            for f: Float in [0.1, 0.4] { variant("feedback share \(f) (0.2)") { $0.feedbackShare = f } }
            for e: Float in [0.5, 0.9] { variant("expansion weight \(e) (0.7)") { $0.expansionWeight = e } }
            let coverage = MatchingConfiguration.engine.scriptCoverageExponent
            for e: Float in [0.25, 0.5, 0.75, 1] where e != coverage { variant("script coverage exponent \(e) (\(coverage))") { $0.scriptCoverageExponent = e } }
        }
        var header = "| run |"
        var rule = "|---|"
        for set in loaded {
            header += " \(set.name) nDCG@10 | R@10 | MRR | EN need | EN partner |"
            rule += "---|---|---|---|---|"
        }
        print(header)
        print(rule)
        for (label, configuration) in variants {
            var line = "| \(label) |"
            for set in loaded {
                let ranking = set.rank(configuration)
                let s = set.score(ranking)
                line += String(format: " %.4f | %.4f | %.4f | %.3f (%d) | %.3f (%d) |", s.ndcg, s.recall, s.mrr,
                               s.englishNeedNDCG, s.englishNeeds, s.englishPartnerNDCG, s.englishPartnerNeeds)
                if label.hasPrefix("Ieum engine") {
                    if !runs.isEmpty { try set.write(ranking, to: runs + "/" + set.name + ".tsv") }
                    if perNeed {
                        for (need, value) in s.perNeed.sorted(by: { $0.key < $1.key }) {
                            FileHandle.standardError.write(Data(String(format: "%@\t%.4f\n", need, value).utf8))
                        }
                    }
                }
            }
            print(line)
        }
    }
}

/// One public dev set: profiles, needs, graded judgements.
struct DevSet {
    var name: String
    var startups: [StartupProfile]
    var needs: [NeedProfile]
    var grades: [String: [String: Int]] = [:]

    init(path: String) throws {
        name = URL(fileURLWithPath: path).lastPathComponent
        startups = try JSONLines.read(StartupProfile.self, path: path + "/startups.jsonl").records
        needs = try JSONLines.read(NeedProfile.self, path: path + "/needs.jsonl").records
        let qrels = try String(contentsOfFile: path + "/qrels.tsv", encoding: .utf8)
        for line in qrels.split(separator: "\n").dropFirst() {
            let cols = line.split(separator: "\t").map(String.init)
            guard cols.count >= 3, let g = Int(cols[2]) else { continue }
            grades[cols[0], default: [:]][cols[1]] = g
        }
    }

    func rank(_ configuration: MatchingConfiguration) -> [String: [String]] {
        let matcher = Matcher(configuration: configuration)
        matcher.add(contentsOf: startups)
        var out: [String: [String]] = [:]
        for need in needs { out[need.id] = matcher.rank(need, top: 50, explain: false).map(\.startupId) }
        return out
    }

    func write(_ ranking: [String: [String]], to path: String) throws {
        var text = ""
        for need in needs {
            for (i, s) in (ranking[need.id] ?? []).enumerated() { text += "\(need.id)\t\(s)\t\(i + 1)\n" }
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func hasHangul(_ text: String) -> Bool { text.unicodeScalars.contains { (0xAC00...0xD7A3).contains($0.value) } }

    struct Scores {
        var ndcg = 0.0, recall = 0.0, mrr = 0.0
        var englishNeedNDCG = 0.0, englishNeeds = 0
        var englishPartnerNDCG = 0.0, englishPartnerNeeds = 0
        var perNeed: [String: Double] = [:]
    }

    /// The README's metrics, averaged over the judged needs. "EN need": needs written without
    /// Hangul; "EN partner": needs whose grade-3 partners are all written without Hangul.
    func score(_ ranking: [String: [String]]) -> Scores {
        var s = Scores()
        let english = Set(startups.filter { !DevSet.hasHangul($0.summary + $0.description) }.map(\.id))
        var recallCount = 0, mrrCount = 0
        for need in needs {
            guard let judged = grades[need.id] else { continue }
            let list = ranking[need.id] ?? []
            var dcg = 0.0
            for (p, id) in list.prefix(10).enumerated() {
                let g = judged[id] ?? 0
                dcg += (pow(2, Double(g)) - 1) / log2(Double(p) + 2)
            }
            var ideal = 0.0
            for (p, g) in judged.values.sorted(by: >).prefix(10).enumerated() { ideal += (pow(2, Double(g)) - 1) / log2(Double(p) + 2) }
            let ndcg = ideal > 0 ? dcg / ideal : 0
            s.ndcg += ndcg
            s.perNeed[need.id] = ndcg
            let relevant = judged.filter { $0.value >= 2 }.map(\.key)
            if !relevant.isEmpty {
                let top = Set(list.prefix(10))
                s.recall += Double(relevant.filter(top.contains).count) / Double(relevant.count)
                recallCount += 1
                if let p = list.firstIndex(where: { (judged[$0] ?? 0) >= 2 }) { s.mrr += 1 / Double(p + 1) }
                mrrCount += 1
            }
            if !DevSet.hasHangul(need.title + need.description) { s.englishNeedNDCG += ndcg; s.englishNeeds += 1 }
            let best = judged.filter { $0.value == 3 }.map(\.key)
            if !best.isEmpty && best.allSatisfy(english.contains) { s.englishPartnerNDCG += ndcg; s.englishPartnerNeeds += 1 }
        }
        let judgedNeeds = Double(grades.count)
        s.ndcg /= judgedNeeds
        s.recall /= Double(max(1, recallCount))
        s.mrr /= Double(max(1, mrrCount))
        s.englishNeedNDCG /= Double(max(1, s.englishNeeds))
        s.englishPartnerNDCG /= Double(max(1, s.englishPartnerNeeds))
        return s
    }
}
