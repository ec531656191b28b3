import Foundation

/// A rubric criterion as the score maths sees it.
public struct RubricItem: Sendable, Hashable {
    public let id: String
    public let weight: Double
    public let maxScore: Double

    public init(id: String, weight: Double, maxScore: Double) {
        self.id = id
        self.weight = weight
        self.maxScore = maxScore
    }
}

/// One judge's submitted sheet for one entry: a score per criterion id.
public struct JudgeSheetScores: Sendable, Hashable {
    public let judge: String
    public let scores: [String: Double]

    public init(judge: String, scores: [String: Double]) {
        self.judge = judge
        self.scores = scores
    }
}

/// How a round turns its judges' totals into one score per entry.
public enum AggregationMethod: String, Sendable, CaseIterable, Codable {
    /// The mean of the judges' weighted totals.
    case mean
    /// The mean after dropping the highest and the lowest total (최고·최저점 제외), when at least
    /// `trimMinimumJudges` judges submitted; otherwise the plain mean.
    case trimmedMean
    /// Each judge's totals are standardised over everything that judge scored in the round
    /// ((total − judge mean) ÷ judge standard deviation), then averaged: a strict judge and a
    /// lenient one count the same.
    case zScore

    public var label: Localized {
        switch self {
        case .mean: Localized("평균", "Mean")
        case .trimmedMean: Localized("최고·최저점 제외 평균", "Mean without the highest and lowest")
        case .zScore: Localized("심사위원별 표준화(z점수) 평균", "Mean of per-judge z-scores")
        }
    }
}

/// The round's aggregation settings.
public struct AggregationRule: Sendable, Hashable {
    public var method: AggregationMethod
    /// Trimming needs at least this many submitted totals (never fewer than 3).
    public var trimMinimumJudges: Int
    /// Flag an entry when its judges' totals differ by more than this many points (of 100).
    public var disagreementRange: Double
    /// Equal scores are ordered by the judges' mean on this criterion (higher first).
    public var tieBreakCriterion: String?

    public init(method: AggregationMethod = .mean, trimMinimumJudges: Int = 5, disagreementRange: Double = 20, tieBreakCriterion: String? = nil) {
        self.method = method
        self.trimMinimumJudges = trimMinimumJudges
        self.disagreementRange = disagreementRange
        self.tieBreakCriterion = tieBreakCriterion
    }
}

/// An entry (an application or a collaboration) to aggregate: its submitted sheets and how many
/// judges it was assigned (the difference is reported as missing).
public struct EntrySheets: Sendable, Hashable {
    public let id: String
    public let assignedJudges: Int
    public let sheets: [JudgeSheetScores]

    public init(id: String, assignedJudges: Int, sheets: [JudgeSheetScores]) {
        self.id = id
        self.assignedJudges = assignedJudges
        self.sheets = sheets
    }
}

/// The aggregated result of one entry.
public struct EntryResult: Sendable, Hashable {
    public let id: String
    /// Each judge's weighted total (0–100), by judge id, for the complete sheets.
    public let totals: [String: Double]
    /// Judges whose totals were left out by trimming.
    public let dropped: [String]
    /// Assigned judges without a complete submitted sheet.
    public let missing: Int
    /// The score by the round's method (points of 100, or a mean z-score); nil without any sheet.
    public let score: Double?
    /// The plain mean of the totals, whatever the method.
    public let mean: Double?
    /// Highest minus lowest total.
    public let spread: Double?
    public let disagreement: Bool
    /// The judges' mean on the tie-break criterion, as points of 100.
    public let tieBreak: Double?
    /// 1-based; equal results share a rank (1, 2, 2, 4). Nil when there is no score.
    public let rank: Int?
}

/// Score arithmetic of evaluation rounds. Pure functions; every step is in the doc comments.
public enum ScoreMaths {
    /// Σ weightᵢ × scoreᵢ ÷ maxᵢ ÷ Σ weightᵢ × 100 — a total out of 100 whatever the rubric's
    /// maxima. Nil when a criterion has no score (an incomplete sheet) or the weights sum to 0.
    public static func weightedTotal(_ scores: [String: Double], rubric: [RubricItem]) -> Double? {
        let weightSum = rubric.reduce(0) { $0 + $1.weight }
        guard weightSum > 0 else { return nil }
        var sum = 0.0
        for item in rubric {
            guard let score = scores[item.id], item.maxScore > 0 else { return nil }
            sum += item.weight * min(max(score, 0), item.maxScore) / item.maxScore
        }
        return sum / weightSum * 100
    }

    /// Mean of `values`; nil when empty.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Population standard deviation; nil when empty.
    public static func standardDeviation(_ values: [Double]) -> Double? {
        guard let m = mean(values) else { return nil }
        return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count)).squareRoot()
    }

    /// The totals left after trimming: the highest and the lowest are dropped when there are at
    /// least `max(3, minimum)` of them (among equal totals the judge id decides which goes).
    public static func trim(_ totals: [(judge: String, total: Double)], minimum: Int) -> (kept: [(judge: String, total: Double)], dropped: [String]) {
        guard totals.count >= max(3, minimum) else { return (totals, []) }
        let ordered = totals.sorted { $0.total != $1.total ? $0.total < $1.total : $0.judge < $1.judge }
        return (Array(ordered.dropFirst().dropLast()), [ordered.first!.judge, ordered.last!.judge])
    }

    /// Aggregates every entry and ranks them: by score (higher first), then by the tie-break
    /// criterion; entries still equal share a rank and are listed by id. Entries without any
    /// complete sheet come last, unranked.
    public static func aggregate(_ entries: [EntrySheets], rubric: [RubricItem], rule: AggregationRule) -> [EntryResult] {
        // Each judge's totals over the whole round, for z-scores.
        var totalsByEntry: [String: [(judge: String, total: Double)]] = [:]
        var byJudge: [String: [Double]] = [:]
        for entry in entries {
            var list: [(judge: String, total: Double)] = []
            for sheet in entry.sheets {
                guard let total = weightedTotal(sheet.scores, rubric: rubric) else { continue }
                list.append((sheet.judge, total))
                byJudge[sheet.judge, default: []].append(total)
            }
            totalsByEntry[entry.id] = list.sorted { $0.judge < $1.judge }
        }
        let judgeScale: [String: (mean: Double, sd: Double)] = byJudge.mapValues { (mean($0) ?? 0, standardDeviation($0) ?? 0) }
        let tieItem = rule.tieBreakCriterion.flatMap { id in rubric.first { $0.id == id } }

        var results: [EntryResult] = entries.map { entry in
            let totals = totalsByEntry[entry.id] ?? []
            let values = totals.map(\.total)
            var dropped: [String] = []
            let score: Double?
            switch rule.method {
            case .mean:
                score = mean(values)
            case .trimmedMean:
                let trimmed = trim(totals, minimum: rule.trimMinimumJudges)
                dropped = trimmed.dropped
                score = mean(trimmed.kept.map(\.total))
            case .zScore:
                score = mean(totals.map { item in
                    let scale = judgeScale[item.judge] ?? (item.total, 0)
                    return scale.sd > 0 ? (item.total - scale.mean) / scale.sd : 0
                })
            }
            let spread = values.isEmpty ? nil : values.max()! - values.min()!
            let tieBreak: Double? = tieItem.flatMap { item in
                mean(entry.sheets.filter { weightedTotal($0.scores, rubric: rubric) != nil }
                    .compactMap { $0.scores[item.id] }.map { min(max($0, 0), item.maxScore) / item.maxScore * 100 })
            }
            return EntryResult(id: entry.id, totals: Dictionary(uniqueKeysWithValues: totals.map { ($0.judge, $0.total) }),
                               dropped: dropped, missing: max(0, entry.assignedJudges - totals.count), score: score,
                               mean: mean(values), spread: spread,
                               disagreement: values.count >= 2 && (spread ?? 0) > rule.disagreementRange + 1e-9,
                               tieBreak: tieBreak, rank: nil)
        }

        // Scores are compared after rounding to 1e-9 so that sums in another order tie.
        func key(_ value: Double?) -> Double? { value.map { ($0 * 1e9).rounded() / 1e9 } }
        func before(_ a: EntryResult, _ b: EntryResult) -> Bool {
            switch (key(a.score), key(b.score)) {
            case (nil, nil): return a.id < b.id
            case (nil, _): return false
            case (_, nil): return true
            case let (x?, y?) where x != y: return x > y
            default:
                let ta = key(a.tieBreak) ?? -1, tb = key(b.tieBreak) ?? -1
                return ta != tb ? ta > tb : a.id < b.id
            }
        }
        results.sort(by: before)
        var ranked: [EntryResult] = []
        for (index, result) in results.enumerated() {
            var rank: Int? = nil
            if result.score != nil {
                if let previous = ranked.last, let previousRank = previous.rank,
                   key(previous.score) == key(result.score), key(previous.tieBreak) == key(result.tieBreak) {
                    rank = previousRank
                } else {
                    rank = index + 1
                }
            }
            ranked.append(EntryResult(id: result.id, totals: result.totals, dropped: result.dropped, missing: result.missing,
                                      score: result.score, mean: result.mean, spread: result.spread,
                                      disagreement: result.disagreement, tieBreak: result.tieBreak, rank: rank))
        }
        return ranked
    }
}
