import Foundation
import Plot
import IeumCore
import IeumMatching
import Vapor

extension RecommendationService {
    /// Matches as people read them: ordered with the tie rule (equal scores: more key requirements
    /// found first), scored 0–100 with labels that never show different scores as equal, and a
    /// sentence reason in both languages. `row` gives each match's id, title and feedback.
    static func present(_ matches: [Match], perspective: MatchReason.Perspective, app: Application,
                        row: (Match) -> (UUID, String, FeedbackKind?)) -> [Recommendation] {
        let ordered = MatchScore.ordered(matches)
        let labels = MatchScore.labels(ordered.map(\.match.score100))
        let engine = app.recommendations
        return zip(ordered, labels).map { item, label in
            let (id, name, feedback) = row(item.match)
            let explanation = item.match.explanation ?? MatchExplanation()
            let reason = MatchReason(explanation, perspective: perspective)
            return Recommendation(
                id: id, name: name, score: item.match.score, score100: item.match.score100, scoreLabel: label,
                tiedWithPrevious: item.tiedWithPrevious,
                reason: Localized(reason.korean(field: { engine.fieldName($0, .ko) }), reason.english(field: { engine.fieldName($0, .en) })),
                details: Localized(explanation.korean, explanation.english),
                feedback: feedback, learnedFromFeedback: reason.learnedFromFeedback
            )
        }
    }
}

/// How a recommendation's score, reason and details read on a page (the need's 추천 스타트업, the
/// startup's 추천 수요과제).
enum RecommendationView {
    static func score(_ rec: Recommendation, _ context: PageContext) -> Node<HTML.BodyContext> {
        .span(.class("match-score"),
              .text(context.t("일치도 \(rec.scoreLabel)", "Match \(rec.scoreLabel)")),
              .span(.class("sr-only"), .text(context.t(" / 100", " out of 100"))))
    }

    /// The reason, the tie note, 피드백 반영, 지원함 (the startup applied to the need), and the raw
    /// terms behind 자세히 for operators only.
    static func reason(_ rec: Recommendation, _ context: PageContext) -> Node<HTML.BodyContext> {
        .group(
            .p(.class("reason"), .text(context.t(rec.reason))),
            .if(rec.tiedWithPrevious,
                .p(.class("hint"), .text(context.t("바로 위와 같은 점수입니다. 수요과제의 핵심 표현이 더 많이 확인된 순서로 보여 줍니다.",
                                                   "Same score as the one above: listed by how many of the need's key words were found.")))),
            .if(rec.learnedFromFeedback, .span(.class("badge"), .text(context.t("피드백 반영", "Learned from feedback")))),
            .if(rec.applied, .span(.class("badge applied"), .text(context.t("지원함", "Applied")))),
            .if(context.actor?.isOperator == true,
                .details(.class("match-details"),
                    .summary(.text(context.t("자세히", "Details"))),
                    .p(.text(context.t(rec.details))),
                    .p(.class("hint"), .text(context.t("엔진 점수 \(String(format: "%.3f", rec.score))", "Engine score \(String(format: "%.3f", rec.score))")))))
        )
    }
}
