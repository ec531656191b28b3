import ArgumentParser
import Foundation
import IeumMatching

/// Writes every need's ranking with exact scores (and explanations) so that two builds of the
/// engine can be compared byte for byte: `diff` of two dumps must be empty after a speed change.
/// `--incremental` adds the profiles one by one instead of in bulk, with an update and a removal
/// pass on the side, to check that both paths give the same index.
struct Dump: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Rankings with exact scores and explanations, for comparing builds of the engine.")
    @Option var startups: String
    @Option var needs: String
    @Option var top = 20
    @Option(help: "Only the first N needs (0: all).") var limit = 0
    @Flag var baseline = false
    @Flag var explain = false
    @Flag(help: "Add profiles one at a time, with decoys removed again and a few updates.") var incremental = false

    @Flag(help: "Instead of rankings: per profile and need, a hash of its analysed term keys (per field), and the analysed words of the needs.") var keys = false

    func run() throws {
        let profiles = try JSONLines.read(StartupProfile.self, path: startups).records
        var needList = try JSONLines.read(NeedProfile.self, path: needs).records
        if limit > 0 { needList = Array(needList.prefix(limit)) }
        let matcher = Matcher(configuration: baseline ? .baseline : .engine)
        if keys {
            func hash(_ keys: [UInt64]) -> String {
                var h: UInt64 = 0xcbf2_9ce4_8422_2325
                for k in keys { h = (h ^ k) &* 0x0000_0100_0000_01B3 }
                return "\(keys.count):" + String(h, radix: 16)
            }
            var out = ""
            for p in profiles { out += p.id + "\t" + matcher.fieldTerms(p).map(hash).joined(separator: " ") + "\n" }
            for n in needList {
                let words = matcher.analyzer.words(n.title + "\n" + n.description)
                out += n.id + "\t" + words.map { "\($0.text)/\($0.kind)/\(hash($0.keys))" }.joined(separator: " ") + "\n"
            }
            FileHandle.standardOutput.write(Data(out.utf8))
            return
        }
        if incremental {
            // Decoys (copies under other ids, so term ids come out as in a bulk build) that are
            // removed again, and updates, must leave no trace in the results.
            for p in profiles.prefix(50) {
                var decoy = p
                decoy.id = "decoy-" + p.id
                matcher.add(decoy)
            }
            for p in profiles { matcher.add(p) }
            for p in profiles.prefix(50) { matcher.remove(id: "decoy-" + p.id) }
            for p in profiles.prefix(10) { matcher.update(p) }
        } else {
            matcher.add(contentsOf: profiles)
        }
        var out = ""
        for need in needList {
            for (i, m) in matcher.rank(need, top: top, explain: explain).enumerated() {
                out += "\(need.id)\t\(m.startupId)\t\(i + 1)\t\(String(m.score.bitPattern, radix: 16))\t\(m.score)"
                if explain, let e = m.explanation { out += "\t\(e.korean)\t\(e.english)" }
                out += "\n"
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}
