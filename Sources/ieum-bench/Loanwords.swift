import ArgumentParser
import Foundation
import IeumMatching

/// Shows what the learned vocabulary finds for the needs of a set: sound-alike words across
/// scripts with their confidences, and the abbreviation pairs learned from the profiles. For
/// reading by a person (false friends stand out), not a score.
struct Loanwords: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Sound-alike and abbreviation expansions the engine learns on a set, for inspection.")
    @Option var data = "../shared/data/matching-dev2"

    func run() throws {
        let set = try DevSet(path: data)
        let matcher = Matcher()
        let t = Clock.now
        matcher.add(contentsOf: set.startups)
        print("indexed \(set.startups.count) profiles in \(Clock.format(Clock.since(t))); vocabulary \(matcher.vocabulary.words.count) words, \(matcher.vocabulary.abbreviationCount) abbreviation keys")
        var shown = Set<String>()
        for need in set.needs {
            for word in matcher.analyzer.words(need.title + "\n" + need.description) where shown.insert(word.text).inserted {
                let hangul: Bool
                switch word.kind {
                case .hangul: hangul = true
                case .latin: hangul = false
                case .concept: continue
                }
                let found = matcher.vocabulary.soundAlikes(of: word.text, hangul: hangul, limit: 3)
                guard !found.isEmpty else { continue }
                print("\(need.id)\t\(word.text)\t" + found.map { String(format: "%@ %.2f", $0.word.text, $0.confidence) }.joined(separator: ", "))
            }
        }
    }
}
