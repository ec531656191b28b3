import Fluent
import Foundation
import IeumMatching
import Vapor

/// What a need's suggestion list reads besides the ranking, kept per index generation: the
/// startups' names and stages (organisation rows) and the need's verdicts (feedback rows). Both
/// kinds of rows write change-feed entries, so a change to any of them bumps the engine's
/// generation at the next sync and an entry of an older generation is never served. Nothing here
/// depends on who asks: access is checked per request before, 지원함 marks are read per request
/// after (applications are not in the feed).
final class RecommendationCache: @unchecked Sendable {
    struct Rows: Sendable {
        var names: [UUID: String] = [:]
        var stages: [UUID: MatchingStage?] = [:]
        var verdicts: [UUID: FeedbackKind?] = [:]
    }

    private struct Entry {
        var generation: Int
        var rows: Rows
    }

    private let lock = NSLock()
    private var byNeed: [UUID: Entry] = [:]
    /// A call's program never changes once the call exists (`ProgramService.addCall` sets it).
    private var programOfCall: [UUID: UUID] = [:]

    static let capacity = 4096

    /// The rows for `ids` at `generation`, read once per generation and need.
    func rows(need needID: UUID, ids: [UUID], generation: Int, on db: any Database) async throws -> Rows {
        let cached = lock.withLock { byNeed[needID] }
        if let cached, cached.generation == generation, ids.allSatisfy({ cached.rows.stages[$0] != nil }) {
            return cached.rows
        }
        var rows = Rows()
        if !ids.isEmpty {
            let orgs = try await Organization.query(on: db).filter(\.$id ~~ ids).field(\.$id).field(\.$name).field(\.$stage).all()
            for org in orgs {
                rows.names[org.storedID] = org.name
                rows.stages[org.storedID] = org.stage.flatMap { MatchingStage(label: $0.label.ko) }
            }
            let feedback = try await MatchFeedback.query(on: db).filter(\.$need.$id == needID).filter(\.$startup.$id ~~ ids).all()
            for row in feedback where rows.verdicts[row.$startup.id] == nil {
                rows.verdicts[row.$startup.id] = row.kind.flatMap(FeedbackKind.init(rawValue:))
            }
        }
        // A startup gone from the database has no stage entry: an explicit nil keeps `allSatisfy` true.
        for id in ids where rows.stages[id] == nil && rows.names[id] == nil { rows.stages[id] = .some(nil) }
        let kept = rows
        lock.withLock {
            if byNeed.count >= Self.capacity { byNeed = [:] }
            if (byNeed[needID]?.generation ?? -1) <= generation { byNeed[needID] = Entry(generation: generation, rows: kept) }
        }
        return kept
    }

    /// The program of a need's call.
    func program(ofCall callID: UUID?, on db: any Database) async throws -> UUID? {
        guard let callID else { return nil }
        if let known = lock.withLock({ programOfCall[callID] }) { return known }
        guard let program = try await Call.find(callID, on: db)?.$program.id else { return nil }
        lock.withLock { programOfCall[callID] = program }
        return program
    }
}

extension Application {
    private struct RecommendationCacheKey: StorageKey { typealias Value = RecommendationCache }

    /// The suggestion lists' per-generation rows of this app instance.
    var recommendationCache: RecommendationCache {
        if let cache = storage[RecommendationCacheKey.self] { return cache }
        let cache = RecommendationCache()
        storage[RecommendationCacheKey.self] = cache
        return cache
    }
}
