import Fluent
import Foundation
import IeumAPI
import IeumCore
import IeumMatching
import OpenAPIRuntime
import Vapor

/// Recommendations and feedback through the API: the same rules as the pages.
extension IeumAPIService {
    static func limit(_ raw: Int?) throws -> Int {
        let value = raw ?? 20
        guard (1...100).contains(value) else {
            throw IeumError.badRequest(Localized("limit는 1 이상 100 이하입니다.", "limit must be between 1 and 100."))
        }
        return value
    }

    /// A need whose recommendations the actor may use: 404 for everyone else, as on the need page
    /// (the recommendations are not theirs to see, even when the teaser is).
    static func recommendableNeed(_ rawID: String, for actor: Principal, on db: any Database) async throws -> Need {
        let (need, access) = try await NeedService.visible(try uuid(rawID), for: actor, on: db)
        guard NeedPolicy.can(actor, .viewRecommendations(access)) else { throw IeumError.notFound }
        return need
    }

    func listNeedRecommendations(_ input: Operations.ListNeedRecommendations.Input) async throws -> Operations.ListNeedRecommendations.Output {
        let req = try APIRequest.get()
        let actor = try req.requireActor()
        let limit = try Self.limit(input.query.limit)
        let need = try await Self.recommendableNeed(input.path.id, for: actor, on: req.db)
        let list = try await RecommendationService.forNeed(need, limit: limit, app: req.application, on: req.db)
        let items = list.enumerated().map { index, rec in
            Schemas.StartupRecommendation(
                rank: index + 1, startupId: rec.id.uuidString, name: rec.name, score: rec.score,
                score100: rec.score100, tiedWithPrevious: rec.tiedWithPrevious,
                reason: .init(ko: rec.reason.ko, en: rec.reason.en),
                details: actor.isOperator ? .init(ko: rec.details.ko, en: rec.details.en) : nil,
                learnedFromFeedback: rec.learnedFromFeedback,
                feedback: rec.feedback.flatMap { Schemas.StartupRecommendation.FeedbackPayload(rawValue: $0.rawValue) },
                applied: rec.applied
            )
        }
        return .ok(.init(body: .json(items)))
    }

    func setRecommendationFeedback(_ input: Operations.SetRecommendationFeedback.Input) async throws -> Operations.SetRecommendationFeedback.Output {
        let req = try APIRequest.get()
        let actor = try req.requireActor()
        let need = try await Self.recommendableNeed(input.path.id, for: actor, on: req.db)
        guard case .json(let body) = input.body, let kind = FeedbackKind(rawValue: body.kind.rawValue) else {
            throw IeumError.badRequest(Localized("kind는 interested 또는 notSuitable입니다.", "kind is interested or notSuitable."))
        }
        try await RecommendationService.recordFeedback(need: need, startupID: try Self.uuid(input.path.startupId), kind: kind, by: actor, on: req.db, now: req.now)
        return .noContent(.init())
    }

    func clearRecommendationFeedback(_ input: Operations.ClearRecommendationFeedback.Input) async throws -> Operations.ClearRecommendationFeedback.Output {
        let req = try APIRequest.get()
        let actor = try req.requireActor()
        let need = try await Self.recommendableNeed(input.path.id, for: actor, on: req.db)
        try await RecommendationService.recordFeedback(need: need, startupID: try Self.uuid(input.path.startupId), kind: nil, by: actor, on: req.db, now: req.now)
        return .noContent(.init())
    }

    func listStartupRecommendations(_ input: Operations.ListStartupRecommendations.Input) async throws -> Operations.ListStartupRecommendations.Output {
        let req = try APIRequest.get()
        let actor = try req.requireActor()
        let limit = try Self.limit(input.query.limit)
        let org = try await Self.visibleOrganization(input.path.id, for: actor, on: req.db)
        guard org.kind == .startup else { throw IeumError.notFound }
        // A startup's suggested needs say what it is looking for: its own people and operators only.
        guard try actor.isOperator || actor.isMember(of: org.requireID()) else { throw IeumError.notFound }
        let list = try await RecommendationService.forStartup(org, limit: limit, now: req.now, app: req.application, on: req.db)
        let items = list.enumerated().map { index, rec in
            Schemas.NeedRecommendation(rank: index + 1, needId: rec.id.uuidString, title: rec.name, score: rec.score,
                                       score100: rec.score100, tiedWithPrevious: rec.tiedWithPrevious,
                                       reason: .init(ko: rec.reason.ko, en: rec.reason.en),
                                       details: actor.isOperator ? .init(ko: rec.details.ko, en: rec.details.en) : nil)
        }
        return .ok(.init(body: .json(items)))
    }
}
