import Fluent
import Foundation
import IeumCore
import IeumMatching
import SQLKit
import Vapor

/// One (need, startup) pair that people judged, as a training label for the feedback model.
struct FeedbackLabel: Hashable, Sendable {
    var needID: UUID
    var startupID: UUID
    var positive: Bool
    var weight: Double
}

/// Where the labels come from and how strongly each counts (docs/matching.md, "Learning from
/// feedback"). A pair gets one label: the application's outcome when there is one (it is the
/// decision furthest down the line), else the 관심 있음 / 적합하지 않음 verdict, else the invitation.
enum FeedbackSignals {
    /// 최종 선정, 후보 선정, 미선정 (the startup applied and was judged on the need: a weaker negative
    /// than 적합하지 않음, since it was close enough to apply).
    static let selected = 1.0, shortlisted = 0.8, notSelected = 0.5
    /// 관심 있음 / 적합하지 않음 on a suggestion; 지원 초대 sent.
    static let interested = 0.7, notSuitable = 1.0, invited = 0.5

    /// Changes whenever a label can have changed: per source the rows of each label, and the
    /// latest change (a verdict withdrawn or an application decided moves its `updated_at`;
    /// invitations are only ever added). A handful of aggregates, so a request reads the labels
    /// themselves only after a change.
    struct Fingerprint: Equatable, Sendable {
        var interested: Int, notSuitable: Int, verdictsChanged: Date?
        var invitations: Int, invitationsChanged: Date?
        var positiveApplications: Int, notSelected: Int, applicationsChanged: Date?
    }

    /// One statement (eight aggregates as subqueries): a request pays one round trip, not eight.
    static func fingerprint(on db: any Database) async throws -> Fingerprint {
        guard let sql = db as? any SQLDatabase else { throw FluentError.missingField(name: "sql") }
        let (feedback, invitations, applications) = (MatchFeedback.schema, Invitation.schema, NeedApplication.schema)
        let positive = [ApplicationStatus.shortlisted, .selected].map(\.rawValue)
        let row = try await sql.raw("""
            SELECT \
            (SELECT COUNT(*) FROM \(ident: feedback) WHERE kind = \(bind: FeedbackKind.interested.rawValue)) AS interested, \
            (SELECT COUNT(*) FROM \(ident: feedback) WHERE kind = \(bind: FeedbackKind.notSuitable.rawValue)) AS not_suitable, \
            (SELECT MAX(updated_at) FROM \(ident: feedback)) AS verdicts_changed, \
            (SELECT COUNT(*) FROM \(ident: invitations)) AS invitations, \
            (SELECT MAX(created_at) FROM \(ident: invitations)) AS invitations_changed, \
            (SELECT COUNT(*) FROM \(ident: applications) WHERE status IN (\(binds: positive))) AS positive, \
            (SELECT COUNT(*) FROM \(ident: applications) WHERE status = \(bind: ApplicationStatus.rejected.rawValue)) AS not_selected, \
            (SELECT MAX(updated_at) FROM \(ident: applications)) AS applications_changed
            """).first()
        guard let row else { throw FluentError.missingField(name: "fingerprint") }
        return Fingerprint(
            interested: try row.decode(column: "interested", as: Int.self),
            notSuitable: try row.decode(column: "not_suitable", as: Int.self),
            verdictsChanged: try row.decode(column: "verdicts_changed", as: Date?.self),
            invitations: try row.decode(column: "invitations", as: Int.self),
            invitationsChanged: try row.decode(column: "invitations_changed", as: Date?.self),
            positiveApplications: try row.decode(column: "positive", as: Int.self),
            notSelected: try row.decode(column: "not_selected", as: Int.self),
            applicationsChanged: try row.decode(column: "applications_changed", as: Date?.self)
        )
    }

    static func labels(on db: any Database) async throws -> [FeedbackLabel] {
        struct Key: Hashable { var need: UUID, startup: UUID }
        var byPair: [Key: FeedbackLabel] = [:]
        for invitation in try await Invitation.query(on: db).field(\.$id).field(\.$need.$id).field(\.$startup.$id).all() {
            let key = Key(need: invitation.$need.id, startup: invitation.$startup.id)
            byPair[key] = FeedbackLabel(needID: key.need, startupID: key.startup, positive: true, weight: invited)
        }
        for verdict in try await MatchFeedback.query(on: db).filter(\.$kind != nil).all() {
            guard let kind = verdict.kind.flatMap(FeedbackKind.init(rawValue:)) else { continue }
            let key = Key(need: verdict.$need.id, startup: verdict.$startup.id)
            byPair[key] = FeedbackLabel(needID: key.need, startupID: key.startup, positive: kind == .interested,
                                        weight: kind == .interested ? interested : notSuitable)
        }
        let decided: [ApplicationStatus] = [.shortlisted, .selected, .rejected]
        for application in try await NeedApplication.query(on: db).filter(\.$status ~~ decided)
            .field(\.$id).field(\.$need.$id).field(\.$startup.$id).field(\.$status).all() {
            let key = Key(need: application.$need.id, startup: application.$startup.id)
            let (positive, weight): (Bool, Double) = switch application.status {
            case .selected: (true, selected)
            case .shortlisted: (true, shortlisted)
            default: (false, notSelected)
            }
            byPair[key] = FeedbackLabel(needID: key.need, startupID: key.startup, positive: positive, weight: weight)
        }
        return byPair.values.sorted { ($0.needID.uuidString, $0.startupID.uuidString) < ($1.needID.uuidString, $1.startupID.uuidString) }
    }
}

/// The models learned from feedback: one per program with enough labels, and one over all
/// programs. The labels are read only when their sources' fingerprint changed, and the models
/// retrained only when the labels did.
/// A pair's features are those of the match people were shown (remembered when a need's
/// suggestions are listed); a labelled pair never shown — a startup that applied on its own — is
/// looked up once in the need's full candidate list.
final class FeedbackLearning: @unchecked Sendable {
    private let lock = NSLock()
    private var labels: [FeedbackLabel]?
    private var fingerprint: FeedbackSignals.Fingerprint?
    private var features: [String: FeedbackFeatures] = [:]
    private var overall: FeedbackModel?
    private var byProgram: [UUID: FeedbackModel] = [:]
    /// Concurrent requests share one read of the fingerprint (each gets one begun after it arrived).
    private let fingerprints = FreshLoads<FeedbackSignals.Fingerprint>()

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    static func key(_ need: UUID, _ startup: UUID) -> String { need.uuidString + "|" + startup.uuidString }

    /// Keeps the features of matches shown for a need (explained matches only).
    func remember(_ matches: [Match], need needID: UUID, stages: [UUID: MatchingStage?]) {
        var seen: [String: FeedbackFeatures] = [:]
        for match in matches {
            guard let e = match.explanation, let startupID = UUID(uuidString: match.startupId) else { continue }
            seen[Self.key(needID, startupID)] = FeedbackFeatures(e, stage: stages[startupID] ?? nil)
        }
        locked { features.merge(seen) { _, shown in shown } }
    }

    /// The model for the need's program when that program has enough feedback, else the overall
    /// model, else nil.
    func model(forProgram programID: UUID?, engine: RecommendationEngine, on db: any Database) async throws -> FeedbackModel? {
        let seen = try await fingerprints.value { try await FeedbackSignals.fingerprint(on: db) }
        if seen != locked({ fingerprint }) {
            let current = try await FeedbackSignals.labels(on: db)
            if current != locked({ labels }) { try await retrain(current, engine: engine, on: db) }
            locked { fingerprint = seen }
        }
        return locked { programID.flatMap { byProgram[$0] } ?? overall }
    }

    private func retrain(_ current: [FeedbackLabel], engine: RecommendationEngine, on db: any Database) async throws {
        let known = locked { features }
        let missing = current.filter { known[Self.key($0.needID, $0.startupID)] == nil }
        let needIDs = Array(Set(current.map(\.needID)))
        var programOf: [UUID: UUID] = [:]
        var needs: [UUID: Need] = [:]
        for chunk in stride(from: 0, to: needIDs.count, by: 500) {
            let part = Array(needIDs[chunk..<min(chunk + 500, needIDs.count)])
            for need in try await Need.query(on: db).filter(\.$id ~~ part).with(\.$call).all() {
                needs[need.storedID] = need
                if let call = need.call { programOf[need.storedID] = call.$program.id }
            }
        }
        if !missing.isEmpty {
            let stages = try await Self.stages(of: Array(Set(missing.map(\.startupID))), on: db)
            for (needID, pairs) in Dictionary(grouping: missing, by: \.needID) {
                guard let need = needs[needID] else { continue }
                let wanted = Set(pairs.map(\.startupID.uuidString))
                let matches = try await engine.rank(need: need, limit: Self.lookupDepth, on: db).filter { wanted.contains($0.startupId) }
                remember(matches, need: needID, stages: stages)
            }
        }
        locked {
            var all: [FeedbackExample] = []
            var perProgram: [UUID: [FeedbackExample]] = [:]
            for label in current {
                // A pair the need's words do not reach has no features: nothing to learn from.
                guard let f = features[Self.key(label.needID, label.startupID)] else { continue }
                let example = FeedbackExample(features: f, positive: label.positive, weight: label.weight)
                all.append(example)
                if let program = programOf[label.needID] { perProgram[program, default: []].append(example) }
            }
            overall = FeedbackModel.train(all)
            byProgram = perProgram.compactMapValues(FeedbackModel.train)
            labels = current
        }
    }

    /// How deep a need's ranking is searched for a labelled pair that was never shown (the
    /// engine's candidate pool: deeper, the need's words do not reach it).
    static let lookupDepth = MatchingConfiguration.engine.candidatePool

    /// The startups' registered stages, as the engine reads them.
    static func stages(of ids: [UUID], on db: any Database) async throws -> [UUID: MatchingStage?] {
        var result: [UUID: MatchingStage?] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500) {
            let part = Array(ids[chunk..<min(chunk + 500, ids.count)])
            for org in try await Organization.query(on: db).filter(\.$id ~~ part).all() {
                result[org.storedID] = org.stage.flatMap { MatchingStage(label: $0.label.ko) }
            }
        }
        return result
    }
}

extension Application {
    private struct FeedbackLearningKey: StorageKey { typealias Value = FeedbackLearning }

    /// The feedback models of this app instance.
    var feedbackLearning: FeedbackLearning {
        if let learning = storage[FeedbackLearningKey.self] { return learning }
        let learning = FeedbackLearning()
        storage[FeedbackLearningKey.self] = learning
        return learning
    }
}

extension RecommendationService {
    /// How many more candidates than shown the feedback model may reorder, so that one it lifts
    /// can enter the list and one it lowers can leave it.
    static let learningPool = 20

    /// A need's startups, best first: the engine's ranking, re-ranked by the feedback model of the
    /// need's program (or the overall one) when there is one. Without a model this is exactly the
    /// engine's top `limit`.
    static func learnedRanking(for need: Need, limit: Int, app: Application, on db: any Database) async throws -> ([Match], RecommendationCache.Rows) {
        let matches = try await app.recommendations.rank(need: need, limit: limit + learningPool, on: db)
        let generation = app.recommendations.currentGeneration
        let rows = try await app.recommendationCache.rows(need: try need.requireID(), ids: matches.compactMap { UUID(uuidString: $0.startupId) },
                                                          generation: generation, on: db)
        let stages = rows.stages
        app.feedbackLearning.remember(matches, need: try need.requireID(), stages: stages)
        let programID = try await app.recommendationCache.program(ofCall: need.$call.id, on: db)
        guard let model = try await app.feedbackLearning.model(forProgram: programID, engine: app.recommendations, on: db) else {
            return (Array(matches.prefix(limit)), rows)
        }
        let reranked = model.rerank(matches) { id in UUID(uuidString: id).flatMap { stages[$0] } ?? nil }
        return (Array(reranked.prefix(limit)), rows)
    }

    /// Marks the startups that applied to the need (지원함): the organisation sees who already did.
    /// Drafts and withdrawn applications do not count.
    static func markApplied(_ recommendations: [Recommendation], need: Need, on db: any Database) async throws -> [Recommendation] {
        let ids = recommendations.map(\.id)
        guard !ids.isEmpty else { return recommendations }
        let applied = Set(try await NeedApplication.query(on: db).filter(\.$need.$id == need.requireID()).filter(\.$startup.$id ~~ ids)
            .filter(\.$status !~ [.draft, .withdrawn]).field(\.$id).field(\.$startup.$id).all().map(\.$startup.id))
        return recommendations.map { rec in
            var marked = rec
            marked.applied = applied.contains(rec.id)
            return marked
        }
    }
}
