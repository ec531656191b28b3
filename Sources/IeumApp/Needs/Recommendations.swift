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
    /// Feedback on this need or on similar needs moved the score.
    public let learnedFromFeedback: Bool
}

/// The matching engine inside the app: one index of approved startups and one of published needs,
/// both built from the database on first use and brought up to date before every query from the
/// rows changed since (`updated_at` watermarks), so edits, approvals and imports — also those made
/// by another app instance — are seen without hooks in every writer.
public final class RecommendationEngine: @unchecked Sendable {
    private let lock = NSLock()
    private var startups = Matcher()
    private var needs = Matcher()
    private var startupWatermark: Date?
    private var needWatermark: Date?
    private var feedbackWatermark: Date?
    /// Need profiles by id, for feedback (the engine learns from similar needs' feedback too).
    private var needProfiles: [String: NeedProfile] = [:]
    /// English field names by the Korean ones the profiles carry, for English reasons.
    private var englishFieldNames: [String: String] = [:]

    /// Rows committed a moment after a sync read may carry an earlier time: each sync re-reads
    /// this many seconds before the watermark (re-adding a profile is idempotent).
    static let margin: TimeInterval = 10

    public init() {}

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Reads what changed since the last sync. Called before each query; cheap when nothing changed.
    /// Returns the taxonomy it read, so a query right after does not read it again.
    @discardableResult
    public func sync(on db: any Database) async throws -> TaxonomySnapshot {
        let taxonomy = try await TaxonomySnapshot.load(on: db)
        let (sw, nw, fw) = locked { (startupWatermark, needWatermark, feedbackWatermark) }

        var orgQuery = Organization.query(on: db).filter(\.$kind == .startup)
        if let sw { orgQuery = orgQuery.filter(\.$updatedAt >= sw.addingTimeInterval(-Self.margin)) }
        let changedOrgs = try await orgQuery.all()
        let orgIDs = changedOrgs.compactMap(\.id)
        var fieldsByOrg: [UUID: [String]] = [:]
        for chunk in stride(from: 0, to: orgIDs.count, by: 500) {
            let part = Array(orgIDs[chunk..<min(chunk + 500, orgIDs.count)])
            let links = try await OrganizationTechField.query(on: db).filter(\.$organization.$id ~~ part).with(\.$techField).sort(\.$position).all()
            for link in links { fieldsByOrg[link.$organization.id, default: []].append(link.techField.code) }
        }

        var needQuery = Need.query(on: db)
        if let nw { needQuery = needQuery.filter(\.$updatedAt >= nw.addingTimeInterval(-Self.margin)) }
        let changedNeeds = try await needQuery.all()

        var feedbackQuery = MatchFeedback.query(on: db)
        if let fw { feedbackQuery = feedbackQuery.filter(\.$updatedAt >= fw.addingTimeInterval(-Self.margin)) }
        let changedFeedback = try await feedbackQuery.sort(\.$updatedAt).all()

        locked {
            for field in taxonomy.fields { englishFieldNames[field.name.ko] = field.name.en }
            var startupProfiles: [StartupProfile] = []
            for org in changedOrgs {
                guard let id = org.id?.uuidString else { continue }
                if org.status == .approved {
                    startupProfiles.append(Self.profile(org, fieldCodes: fieldsByOrg[org.storedID] ?? [], taxonomy: taxonomy))
                } else if startups.startup(id) != nil {
                    startups.remove(id: id)
                }
            }
            if startupWatermark == nil { startups.add(contentsOf: startupProfiles) } else { startupProfiles.forEach(startups.update) }
            for need in changedNeeds {
                guard let id = need.id?.uuidString else { continue }
                needProfiles[id] = Self.profile(need, taxonomy: taxonomy)
                if need.status == .published {
                    needs.update(Self.document(need, taxonomy: taxonomy))
                } else if needs.startup(id) != nil {
                    needs.remove(id: id)
                }
            }
            for item in changedFeedback {
                let needID = item.$need.id.uuidString
                let startupID = item.$startup.id.uuidString
                guard let profile = needProfiles[needID] else { continue }
                startups.clearFeedback(needId: needID, startupId: startupID)
                if let kind = item.kind.flatMap(FeedbackKind.init(rawValue:)) {
                    startups.recordFeedback(need: profile, startupId: startupID, kind)
                }
            }
            startupWatermark = max(startupWatermark ?? .distantPast, changedOrgs.compactMap(\.updatedAt).max() ?? .distantPast)
            needWatermark = max(needWatermark ?? .distantPast, changedNeeds.compactMap(\.updatedAt).max() ?? .distantPast)
            feedbackWatermark = max(feedbackWatermark ?? .distantPast, changedFeedback.map(\.updatedAt).max() ?? .distantPast)
        }
        return taxonomy
    }

    /// A field name as the engine stores it (Korean), in the reader's language.
    public func fieldName(_ korean: String, _ language: Lang) -> String {
        language == .en ? locked { englishFieldNames[korean] } ?? korean : korean
    }

    static func fieldName(_ code: String, _ taxonomy: TaxonomySnapshot) -> String {
        taxonomy.field(code: code)?.name.ko ?? code
    }

    static func profile(_ org: Organization, fieldCodes: [String], taxonomy: TaxonomySnapshot) -> StartupProfile {
        let summary = [org.summary, org.summaryEn ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        let description = [org.description, org.descriptionEn ?? ""].filter { !$0.isEmpty }.joined(separator: "\n")
        return StartupProfile(
            id: org.storedID.uuidString, name: [org.name, org.nameEn ?? ""].joined(separator: " "), summary: summary, description: description,
            keywords: org.keywords, field: fieldCodes.first.map { fieldName($0, taxonomy) } ?? "",
            stage: org.stage?.label.ko ?? "", region: org.regionCode.flatMap { taxonomy.region(code: $0)?.name.ko } ?? "",
            status: nil
        )
    }

    /// The need as a query. Its organisation's people and operators ask, so the confidential detail
    /// may shape the ranking; the reasons shown name only matched terms.
    static func profile(_ need: Need, taxonomy: TaxonomySnapshot) -> NeedProfile {
        NeedProfile(
            id: need.storedID.uuidString, title: [need.title, need.titleEn ?? ""].joined(separator: " "),
            description: need.teaser + "\n" + need.detail, fields: need.fieldCodes.map { fieldName($0, taxonomy) },
            minStage: need.minStage?.label.ko, preferredRegion: nil
        )
    }

    /// A published need as a document in the needs index: title, teaser and fields only — never
    /// the confidential detail, since startups see these suggestions.
    static func document(_ need: Need, taxonomy: TaxonomySnapshot) -> StartupProfile {
        StartupProfile(
            id: need.storedID.uuidString, name: need.title, summary: [need.teaser, need.titleEn ?? ""].joined(separator: " "), description: "",
            keywords: need.fieldCodes.map { fieldName($0, taxonomy) }, field: need.fieldCodes.first.map { fieldName($0, taxonomy) } ?? "",
            stage: "", region: "", status: nil
        )
    }

    /// Sizes and watermarks, for `/metrics` (`MatchingIndexStatus`).
    public func indexStatus() -> MatchingIndexStatus {
        locked { MatchingIndexStatus(startups: startups.count, needs: needs.count, startupWatermark: startupWatermark, needWatermark: needWatermark) }
    }

    /// Startups for a need.
    public func rank(need: Need, limit: Int, on db: any Database) async throws -> [Match] {
        let taxonomy = try await sync(on: db)
        let profile = Self.profile(need, taxonomy: taxonomy)
        return locked {
            needProfiles[profile.id] = profile
            return startups.rank(profile, top: limit, explain: true)
        }
    }

    /// Published needs for a startup: its profile is the query, the needs are the documents.
    public func rank(startup org: Organization, fieldCodes: [String], limit: Int, on db: any Database) async throws -> [Match] {
        let taxonomy = try await sync(on: db)
        let profile = Self.profile(org, fieldCodes: fieldCodes, taxonomy: taxonomy)
        let query = NeedProfile(
            id: profile.id, title: profile.name + " " + profile.summary,
            description: profile.description + "\n" + profile.keywords.joined(separator: " "),
            fields: fieldCodes.map { Self.fieldName($0, taxonomy) }
        )
        return locked { needs.rank(query, top: limit, explain: true) }
    }
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
        let matches = try await app.recommendations.rank(need: need, limit: limit, on: db)
        let ids = matches.compactMap { UUID(uuidString: $0.startupId) }
        guard !ids.isEmpty else { return [] }
        let orgs = try await Organization.query(on: db).filter(\.$id ~~ ids).all()
        let names = Dictionary(uniqueKeysWithValues: orgs.compactMap { org in org.id.map { ($0, org.name) } })
        let feedback = try await MatchFeedback.query(on: db).filter(\.$need.$id == need.requireID()).filter(\.$startup.$id ~~ ids).all()
        let verdicts = Dictionary(feedback.map { ($0.$startup.id, $0.kind.flatMap(FeedbackKind.init(rawValue:))) }, uniquingKeysWith: { a, _ in a })
        let kept = matches.filter { UUID(uuidString: $0.startupId).flatMap { names[$0] } != nil }
        return present(kept, perspective: .startupForNeed, app: app) { match in
            let id = UUID(uuidString: match.startupId)!
            return (id, names[id]!, verdicts[id] ?? nil)
        }
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
    public static func recordFeedback(need: Need, startupID: UUID, kind: FeedbackKind?, by actor: Actor, on db: any Database, now: Date) async throws {
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
