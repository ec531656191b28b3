import Fluent
import Foundation
import IeumCore

/// 서류 / 발표 / 경진대회.
public enum RoundKind: String, Sendable, CaseIterable, Codable {
    case document, pitch, competition

    public var label: Localized {
        switch self {
        case .document: Localized("서류평가", "Document review")
        case .pitch: Localized("발표평가", "Pitch")
        case .competition: Localized("경진대회", "Competition")
        }
    }
}

/// A round is prepared (draft), judged (open), closed to judges, then its result is decided.
public enum RoundStatus: String, Sendable, CaseIterable, Codable {
    case draft, open, closed, decided

    public var label: Localized {
        switch self {
        case .draft: Localized("준비 중", "Preparing")
        case .open: Localized("심사 중", "Judging")
        case .closed: Localized("심사 마감", "Closed")
        case .decided: Localized("결과 확정", "Decided")
        }
    }
}

/// An evaluation round (평가) over the applications of a need, a call or a program track, or —
/// for the year-end competition (통합경진대회) — over a program's collaborations.
public final class EvaluationRound: Model, @unchecked Sendable {
    public static let schema = "evaluation_rounds"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "program_id") public var program: Program
    @OptionalParent(key: "call_id") public var call: Call?
    @OptionalParent(key: "need_id") public var need: Need?
    @OptionalField(key: "track") public var track: String?
    @Enum(key: "kind") public var kind: RoundKind
    @Field(key: "title") public var title: String
    @OptionalField(key: "title_en") public var titleEn: String?
    @Field(key: "opens_at") public var opensAt: Date
    @Field(key: "closes_at") public var closesAt: Date
    /// Judges never see other judges' names or scores.
    @Field(key: "blind") public var blind: Bool
    @Field(key: "judges_per_entry") public var judgesPerEntry: Int
    @Field(key: "min_load") public var minLoad: Int
    @Field(key: "max_load") public var maxLoad: Int
    @Enum(key: "method") public var method: AggregationMethod
    @Field(key: "trim_minimum") public var trimMinimum: Int
    @Field(key: "disagreement_range") public var disagreementRange: Double
    /// The criterion that orders equal scores.
    @OptionalField(key: "tie_break_criterion_id") public var tieBreakCriterionID: UUID?
    /// How many entries may be selected (the need's 선정 규모, or the operator's choice).
    @Field(key: "capacity") public var capacity: Int
    @Enum(key: "status") public var status: RoundStatus
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    /// Judges may open and score their sheets now.
    public func isJudging(at now: Date) -> Bool { status == .open && opensAt <= now && now < closesAt }

    public var rule: AggregationRule {
        AggregationRule(method: method, trimMinimumJudges: trimMinimum, disagreementRange: disagreementRange,
                        tieBreakCriterion: tieBreakCriterionID?.uuidString)
    }
}

/// One criterion of a round's rubric (평가항목), e.g. 기술성 30점.
public final class RubricCriterion: Model, @unchecked Sendable {
    public static let schema = "rubric_criteria"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "round_id") public var round: EvaluationRound
    @Field(key: "position") public var position: Int
    @Field(key: "title") public var title: String
    @Field(key: "title_en") public var titleEn: String
    @Field(key: "description") public var description: String
    @Field(key: "description_en") public var descriptionEn: String
    @Field(key: "weight") public var weight: Double
    @Field(key: "max_score") public var maxScore: Int

    public init() {}

    var item: RubricItem { RubricItem(id: id?.uuidString ?? "", weight: weight, maxScore: Double(maxScore)) }
}

/// An expert judging a round, with their own load limits if set and the conflict-of-interest
/// pledge (이해충돌 서약) made on first opening the round.
public final class RoundJudge: Model, @unchecked Sendable {
    public static let schema = "round_judges"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "round_id") public var round: EvaluationRound
    @Parent(key: "expert_id") public var expert: Expert
    @OptionalField(key: "min_load") public var minLoad: Int?
    @OptionalField(key: "max_load") public var maxLoad: Int?
    @OptionalField(key: "pledged_at") public var pledgedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

/// What a round judges: an application (서류·발표) or a collaboration (경진대회).
public final class RoundEntry: Model, @unchecked Sendable {
    public static let schema = "round_entries"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "round_id") public var round: EvaluationRound
    @OptionalParent(key: "application_id") public var application: NeedApplication?
    @OptionalParent(key: "collaboration_id") public var collaboration: Collaboration?
    @Parent(key: "startup_id") public var startup: Organization
    /// The demand organisation on the other side (the need's or the collaboration's).
    @OptionalParent(key: "demand_id") public var demand: Organization?
    @Field(key: "title") public var title: String
    @Field(key: "fields") public var fields: [String]
    @Field(key: "selected") public var selected: Bool
    /// 대상, 최우수상, 우수상, 장려상 (competition rounds).
    @OptionalField(key: "award") public var award: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

/// Why an expert may not judge an entry: found automatically or declared by the judge.
public final class EvaluationConflict: Model, @unchecked Sendable {
    public static let schema = "evaluation_conflicts"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "round_id") public var round: EvaluationRound
    @Parent(key: "entry_id") public var entry: RoundEntry
    @Parent(key: "expert_id") public var expert: Expert
    /// `auto` or `declared`.
    @Field(key: "source") public var source: String
    @Field(key: "reason") public var reason: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

/// An expert assigned to judge an entry.
public final class RoundAssignment: Model, @unchecked Sendable {
    public static let schema = "judge_assignments"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "round_id") public var round: EvaluationRound
    @Parent(key: "entry_id") public var entry: RoundEntry
    @Parent(key: "expert_id") public var expert: Expert
    /// Set by an operator by hand rather than by the automatic assignment.
    @Field(key: "manual") public var manual: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

public enum SheetStatus: String, Sendable, CaseIterable, Codable {
    case draft, submitted

    public var label: Localized {
        switch self {
        case .draft: Localized("임시 저장", "Draft")
        case .submitted: Localized("제출 완료", "Submitted")
        }
    }
}

/// A judge's score sheet (평가표) for one entry: a score and a comment per criterion.
public final class ScoreSheet: Model, @unchecked Sendable {
    public static let schema = "score_sheets"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "round_id") public var round: EvaluationRound
    @Parent(key: "entry_id") public var entry: RoundEntry
    @Parent(key: "expert_id") public var expert: Expert
    @Enum(key: "status") public var status: SheetStatus
    /// JSON object: criterion id → score.
    @Field(key: "scores") public var scoresJSON: String
    /// JSON object: criterion id → comment.
    @Field(key: "comments") public var commentsJSON: String
    @Field(key: "overall_comment") public var overallComment: String
    @OptionalField(key: "submitted_at") public var submittedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    var scores: [String: Double] {
        (try? JSONDecoder().decode([String: Double].self, from: Data(scoresJSON.utf8))) ?? [:]
    }

    var comments: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(commentsJSON.utf8))) ?? [:]
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }
}

/// Every change of a score sheet: saved, submitted, reopened (with the operator's reason).
public final class ScoreEvent: Model, @unchecked Sendable {
    public static let schema = "score_events"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "sheet_id") public var sheet: ScoreSheet
    @OptionalField(key: "actor_id") public var actorID: UUID?
    @Field(key: "actor_name") public var actorName: String
    /// `saved`, `submitted` or `reopened`.
    @Field(key: "action") public var action: String
    /// The scores after the change (JSON), or before it for a reopening.
    @Field(key: "scores") public var scoresJSON: String
    @Field(key: "note") public var note: String
    @Field(key: "at") public var at: Date

    public init() {}
}
