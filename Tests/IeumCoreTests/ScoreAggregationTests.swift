import Foundation
import IeumCore
import Testing

/// Aggregation maths against values computed by hand (the comments show the arithmetic).
@Suite("Score aggregation")
struct ScoreAggregationTests {
    /// 기술성 40% out of 20 points, 사업성 60% out of 10 points.
    let rubric = [RubricItem(id: "tech", weight: 40, maxScore: 20), RubricItem(id: "biz", weight: 60, maxScore: 10)]

    func sheet(_ judge: String, _ tech: Double?, _ biz: Double?) -> JudgeSheetScores {
        var scores: [String: Double] = [:]
        scores["tech"] = tech
        scores["biz"] = biz
        return JudgeSheetScores(judge: judge, scores: scores)
    }

    func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) < tolerance
    }

    @Test("weighted total out of 100")
    func weightedTotal() {
        // 40 × 15/20 + 60 × 8/10 = 30 + 48 = 78
        #expect(close(ScoreMaths.weightedTotal(["tech": 15, "biz": 8], rubric: rubric), 78))
        // 40 × 20/20 + 60 × 10/10 = 100
        #expect(close(ScoreMaths.weightedTotal(["tech": 20, "biz": 10], rubric: rubric), 100))
        // A criterion without a score: no total.
        #expect(ScoreMaths.weightedTotal(["tech": 15], rubric: rubric) == nil)
        // Weights summing to zero: no total.
        #expect(ScoreMaths.weightedTotal(["x": 1], rubric: [RubricItem(id: "x", weight: 0, maxScore: 5)]) == nil)
    }

    /// Totals: j1 78, j2 50, j3 100, j4 78, j5 22.
    var fiveJudges: EntrySheets {
        EntrySheets(id: "E1", assignedJudges: 5, sheets: [
            sheet("j1", 15, 8), sheet("j2", 10, 5), sheet("j3", 20, 10), sheet("j4", 18, 7), sheet("j5", 5, 2),
        ])
    }

    @Test("mean, trimmed mean and the disagreement flag")
    func meanAndTrimmed() throws {
        let mean = try #require(ScoreMaths.aggregate([fiveJudges], rubric: rubric, rule: AggregationRule(method: .mean)).first)
        // (78 + 50 + 100 + 78 + 22) / 5 = 328 / 5 = 65.6
        #expect(close(mean.score, 65.6))
        #expect(close(mean.totals["j4"], 78))
        #expect(mean.dropped.isEmpty)
        // spread 100 − 22 = 78 > 20
        #expect(close(mean.spread, 78))
        #expect(mean.disagreement)
        #expect(mean.rank == 1)

        let trimmed = try #require(ScoreMaths.aggregate([fiveJudges], rubric: rubric, rule: AggregationRule(method: .trimmedMean, trimMinimumJudges: 5)).first)
        // Drop j5 (22) and j3 (100): (78 + 50 + 78) / 3 = 206 / 3
        #expect(close(trimmed.score, 206.0 / 3))
        #expect(Set(trimmed.dropped) == ["j5", "j3"])
        #expect(close(trimmed.mean, 65.6))
    }

    @Test("fewer judges than trimming needs: the plain mean")
    func tooFewToTrim() throws {
        let entry = EntrySheets(id: "E2", assignedJudges: 4, sheets: [sheet("j1", 15, 8), sheet("j2", 10, 5), sheet("j3", 20, 10), sheet("j4", 18, 7)])
        let result = try #require(ScoreMaths.aggregate([entry], rubric: rubric, rule: AggregationRule(method: .trimmedMean, trimMinimumJudges: 5)).first)
        // (78 + 50 + 100 + 78) / 4 = 76.5, nothing dropped
        #expect(close(result.score, 76.5))
        #expect(result.dropped.isEmpty)
        // The minimum is never below 3: two totals are never trimmed away.
        let two = EntrySheets(id: "E", assignedJudges: 2, sheets: [sheet("j1", 15, 8), sheet("j2", 10, 5)])
        let r2 = try #require(ScoreMaths.aggregate([two], rubric: rubric, rule: AggregationRule(method: .trimmedMean, trimMinimumJudges: 1)).first)
        #expect(close(r2.score, 64))
        // Equal extreme totals: the judge id decides which one goes, so the result is stable.
        let ties = ScoreMaths.trim([("b", 78), ("a", 78), ("c", 50), ("d", 100)], minimum: 3)
        #expect(ties.dropped == ["c", "d"])
        #expect(ties.kept.map(\.judge) == ["a", "b"])
    }

    @Test("missing and incomplete sheets")
    func missingScores() throws {
        // Three judges assigned; one complete sheet (78), one without 사업성, one not submitted.
        let entry = EntrySheets(id: "E3", assignedJudges: 3, sheets: [sheet("j1", 15, 8), sheet("j2", 12, nil)])
        let nothing = EntrySheets(id: "E4", assignedJudges: 2, sheets: [])
        let results = ScoreMaths.aggregate([nothing, entry], rubric: rubric, rule: AggregationRule(method: .trimmedMean, trimMinimumJudges: 3))
        #expect(results.map(\.id) == ["E3", "E4"])
        #expect(close(results[0].score, 78))
        #expect(results[0].missing == 2)
        #expect(results[0].rank == 1)
        #expect(!results[0].disagreement)
        #expect(results[1].score == nil)
        #expect(results[1].rank == nil)
        #expect(results[1].missing == 2)
        #expect(results[1].spread == nil)
    }

    @Test("ties: the tie-break criterion, then a shared rank")
    func ties() throws {
        // A: j1 tech 20 biz 5 → 40 + 30 = 70; B: j1 tech 5 biz 10 → 10 + 60 = 70; C: tech 5 biz 10 → 70 as well;
        // D: tech 10 biz 9 → 20 + 54 = 74.
        let entries = [
            EntrySheets(id: "A", assignedJudges: 1, sheets: [sheet("j1", 20, 5)]),
            EntrySheets(id: "B", assignedJudges: 1, sheets: [sheet("j1", 5, 10)]),
            EntrySheets(id: "C", assignedJudges: 1, sheets: [sheet("j2", 5, 10)]),
            EntrySheets(id: "D", assignedJudges: 1, sheets: [sheet("j2", 10, 9)]),
        ]
        let byBiz = ScoreMaths.aggregate(entries, rubric: rubric, rule: AggregationRule(tieBreakCriterion: "biz"))
        // D first (74); B and C tie on 70 and on 사업성 100 → both rank 2, listed by id; A (사업성 50) is 4th.
        #expect(byBiz.map(\.id) == ["D", "B", "C", "A"])
        #expect(byBiz.map(\.rank) == [1, 2, 2, 4])
        #expect(close(byBiz[3].tieBreak, 50))
        let byTech = ScoreMaths.aggregate(entries, rubric: rubric, rule: AggregationRule(tieBreakCriterion: "tech"))
        // 기술성 as tie-break: A (100) before B and C (25 each).
        #expect(byTech.map(\.id) == ["D", "A", "B", "C"])
        #expect(byTech.map(\.rank) == [1, 2, 3, 3])
        let none = ScoreMaths.aggregate(entries, rubric: rubric, rule: AggregationRule())
        #expect(none.map(\.rank) == [1, 2, 2, 2])
    }

    @Test("per-judge z-scores")
    func zScores() throws {
        let single = [RubricItem(id: "s", weight: 1, maxScore: 100)]
        func s(_ judge: String, _ value: Double) -> JudgeSheetScores { JudgeSheetScores(judge: judge, scores: ["s": value]) }
        // J1 is lenient (80, 70, 60: mean 70, sd √(200/3)); J2 spreads wide (50, 90, 40: mean 60, sd √(1400/3));
        // J3 scored only W (one total: sd 0, so its z is 0).
        let entries = [
            EntrySheets(id: "X", assignedJudges: 2, sheets: [s("J1", 80), s("J2", 50)]),
            EntrySheets(id: "Y", assignedJudges: 2, sheets: [s("J1", 70), s("J2", 90)]),
            EntrySheets(id: "Z", assignedJudges: 2, sheets: [s("J1", 60), s("J2", 40)]),
            EntrySheets(id: "W", assignedJudges: 1, sheets: [s("J3", 99)]),
        ]
        let results = ScoreMaths.aggregate(entries, rubric: single, rule: AggregationRule(method: .zScore))
        let sd1 = (200.0 / 3).squareRoot(), sd2 = (1400.0 / 3).squareRoot()
        let score = Dictionary(uniqueKeysWithValues: results.map { ($0.id, $0.score) })
        #expect(close(score["X"]!, ((80 - 70) / sd1 + (50 - 60) / sd2) / 2))
        #expect(close(score["Y"]!, ((70 - 70) / sd1 + (90 - 60) / sd2) / 2))
        #expect(close(score["Z"]!, ((60 - 70) / sd1 + (40 - 60) / sd2) / 2))
        #expect(close(score["W"]!, 0))
        // Y (0.694) > X (0.381) > W (0) > Z (−1.075); by the plain mean W (99) would lead.
        #expect(results.map(\.id) == ["Y", "X", "W", "Z"])
        #expect(ScoreMaths.aggregate(entries, rubric: single, rule: AggregationRule(method: .mean)).first?.id == "W")
    }

    @Test("scores outside 0…max are clamped in the maths")
    func clamped() {
        #expect(close(ScoreMaths.weightedTotal(["tech": 25, "biz": -3], rubric: rubric), 40))
    }
}
