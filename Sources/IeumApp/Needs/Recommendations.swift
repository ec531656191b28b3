import Fluent
import Foundation
import IeumCore
import IeumMatching
import Vapor

/// A demand organisation's or operator's verdict on a suggested startup for a need.
public final class MatchFeedback: Model, @unchecked Sendable {
    public static let schema = "match_feedback"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "need_id") public var need: Need
    @Parent(key: "startup_id") public var startup: Organization
    /// `interested`, `notSuitable`, or nil once withdrawn.
    @OptionalField(key: "kind") public var kind: String?
    @OptionalField(key: "user_id") public var userID: UUID?
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}

/// One suggested startup for a need, or one suggested need for a startup, with its reasons.
public struct Recommendation: Sendable {
    public let id: UUID
    public let name: String
    /// The engine's own score (text relevance relative to the best text match, plus bonuses and
    /// feedback: may exceed 1). The API keeps it as `score`; people read `score100`.
    public let score: Double
    /// 0–100: the share of the best possible score for this need (docs/matching.md, "Match score").
    public let score100: Double
    /// `score100` as printed: one decimal, more where different scores would print alike.
    public let scoreLabel: String
    /// The same score as the one listed before it: the tie was broken by the evidence found.
    public let tiedWithPrevious: Bool
    /// One or two sentences quoting the profile (or the need, for a startup).
    public let reason: Localized
    /// The raw matched terms per field, behind 자세히 for operators.
    public let details: Localized
    public let feedback: FeedbackKind?
    /// Feedback on this need or on similar needs, or the model learned from the program's
    /// feedback, moved the score.
    public let learnedFromFeedback: Bool
    /// The startup has applied to the need (지원함; a need's suggestions only).
    public var applied = false
}

extension Application {    private struct RecommendationEngineKey: StorageKey { typealias Value = RecommendationEngine }

    /// The app's matching engine (one per app instance).
    public var recommendations: RecommendationEngine {
        if let engine = storage[RecommendationEngineKey.self] { return engine }
        let engine = RecommendationEngine()
        storage[RecommendationEngineKey.self] = engine
        return engine
    }
}

/// Recommendations as the pages and the API show them.
public enum RecommendationService {
    public static func forNeed(_ need: Need, limit: Int, app: Application, on db: any Database) async throws -> [Recommendation] {
        // Names and verdicts come with the ranking's rows, read once per index generation.
        let (matches, rows) = try await learnedRanking(for: need, limit: limit, app: app, on: db)
        guard !matches.isEmpty else { return [] }
        let (names, verdicts) = (rows.names, rows.verdicts)
        let kept = matches.filter { UUID(uuidString: $0.startupId).flatMap { names[$0] } != nil }
        let list = present(kept, perspective: .startupForNeed, app: app) { match in
            let id = UUID(uuidString: match.startupId)!
            return (id, names[id]!, verdicts[id] ?? nil)
        }
        return try await markApplied(list, need: need, on: db)
    }

    /// The published needs a startup could still apply to, best first: not past their deadline
    /// (the need's own or its call's), and not one it has already applied to (its dashboard lists those).
    public static func forStartup(_ org: Organization, limit: Int, now: Date, app: Application, on db: any Database) async throws -> [Recommendation] {
        let orgID = try org.requireID()
        let codes = try await RegistryService.fieldCodes(of: orgID, on: db)
        let applied = Set(try await NeedApplication.query(on: db).filter(\.$startup.$id == orgID).field(\.$id).field(\.$need.$id).all().map { $0.$need.id })
        let matches = try await app.recommendations.rank(startup: org, fieldCodes: codes, limit: limit * 2 + applied.count, on: db)
        let ids = matches.compactMap { UUID(uuidString: $0.startupId) }.filter { !applied.contains($0) }
        guard !ids.isEmpty else { return [] }
        let needs = try await Need.query(on: db).filter(\.$id ~~ ids).filter(\.$status == .published).with(\.$call).all()
            .filter { need in need.applicationDeadline(call: need.call).map { $0 > now } ?? true }
        let byID = Dictionary(uniqueKeysWithValues: needs.compactMap { need in need.id.map { ($0, need) } })
        var kept: [Match] = []
        for var match in matches {
            guard let id = UUID(uuidString: match.startupId), let need = byID[id] else { continue }
            // The need's stage requirement is a hard limit from the startup's side.
            if let required = need.minStage {
                guard let stage = org.stage, stage >= required else { continue }
                if let r = MatchingStage(label: required.label.ko), let a = MatchingStage(label: stage.label.ko) {
                    match.explanation?.stage = .meets(required: r, actual: a)
                }
            }
            kept.append(match)
            if kept.count == limit { break }
        }
        return present(kept, perspective: .needForStartup, app: app) { match in
            let id = UUID(uuidString: match.startupId)!
            return (id, byID[id]!.title, nil)
        }
    }

    /// Records (or with nil withdraws) a verdict; later rankings for the need and similar needs change.
    public static func recordFeedback(need: Need, startupID: UUID, kind: FeedbackKind?, by actor: Principal, on db: any Database, now: Date) async throws {
        let needID = try need.requireID()
        guard let startup = try await Organization.find(startupID, on: db), startup.kind == .startup else { throw IeumError.notFound }
        try await db.transaction { db in
            let row = try await MatchFeedback.query(on: db).filter(\.$need.$id == needID).filter(\.$startup.$id == startupID).first() ?? {
                let created = MatchFeedback()
                created.$need.id = needID
                created.$startup.id = startupID
                return created
            }()
            row.kind = kind?.rawValue
            row.userID = actor.userID
            row.updatedAt = now
            try await row.save(on: db)
            try await Audit.record(on: db, actor: actor, action: "match.feedback", entityType: "need", entityID: needID.uuidString,
                                   summary: "추천 피드백: \(startup.name) — \(kind?.korean ?? "취소")", at: now)
        }
    }
}
