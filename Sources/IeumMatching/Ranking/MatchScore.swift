import Foundation

/// The match score as people read it: 0–100, the share of the best possible score for the need,
/// printed with one decimal — more only where two different scores would otherwise print alike.
public enum MatchScore {
    /// Below this difference (on 0…100) two scores are the same score: the engine computes in
    /// `Float`, so smaller differences are rounding, not evidence.
    public static let tolerance = 0.0001

    /// `100 × score / bestPossible`, kept within 0…100.
    public static func percent(_ score: Double, of bestPossible: Double) -> Double {
        guard bestPossible > 0, score.isFinite else { return 0 }
        return min(100, max(0, 100 * score / bestPossible))
    }

    public static func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) < tolerance }

    /// Labels for scores listed best first: one decimal, or as many more (up to four) as it takes
    /// for a score to print differently from its neighbours whose scores differ. Scores that are
    /// the same print the same.
    public static func labels(_ scores: [Double]) -> [String] {
        func decimals(_ a: Double, _ b: Double) -> Int {
            guard !same(a, b) else { return 1 }
            for d in 1...4 where text(a, d) != text(b, d) { return d }
            return 4
        }
        return scores.indices.map { i in
            var d = 1
            if i > 0 { d = max(d, decimals(scores[i], scores[i - 1])) }
            if i + 1 < scores.count { d = max(d, decimals(scores[i], scores[i + 1])) }
            return text(scores[i], d)
        }
    }

    static func text(_ x: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", x) }

    /// Orders matches best first; among the same score, the one with more of the need's words
    /// found (key requirements first) comes first, then the one sharing the need's field, then by id.
    /// Returns, for each, whether its score equals its predecessor's (a tie the list should say it broke).
    public static func ordered(_ matches: [Match]) -> [(match: Match, tiedWithPrevious: Bool)] {
        func evidence(_ m: Match) -> (Int, Int, Int) {
            let e = m.explanation
            return (e?.quotes.filter(\.key).count ?? 0, e?.matchedTerms.count ?? 0, e?.fieldOverlap.isEmpty == false ? 1 : 0)
        }
        let sorted = matches.sorted { a, b in
            if !same(a.score100, b.score100) { return a.score100 > b.score100 }
            let ea = evidence(a), eb = evidence(b)
            if ea != eb { return ea > eb }
            return a.startupId < b.startupId
        }
        return sorted.indices.map { i in (sorted[i], i > 0 && same(sorted[i].score100, sorted[i - 1].score100)) }
    }
}
