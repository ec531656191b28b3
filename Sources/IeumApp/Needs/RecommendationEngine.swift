import Fluent
import Foundation
import IeumCore
import IeumMatching
import Vapor

/// The matching engine inside the app: one index of approved startups and one of published needs,
/// built from the database on first use and brought up to date before every query from the
/// change feed (`MatchingFeed`): it reloads by id only the rows whose entries it has not applied,
/// in commit order, so an edit, approval, import or feedback — also from another app instance, and
/// also one committed by a transaction that ran for minutes — is seen at the next query, and a
/// sync costs in proportion to what changed, not to what a clock window happens to cover.
public final class RecommendationEngine: @unchecked Sendable {
    private let lock = NSLock()
    /// One sync at a time (two overlapping syncs could apply an older read of a row after a newer
    /// one), shared by the requests waiting for it.
    private let syncs = FreshLoads<TaxonomySnapshot>()
    /// The taxonomy the index was built with, read again when the feed has a taxonomy entry.
    private var taxonomy: TaxonomySnapshot?
    /// Bumped whenever a sync changes anything a ranking depends on (index, feedback, taxonomy):
    /// a cached ranking of an older generation is never served.
    private var generation = 0
    /// Rankings of this generation by need (`RankingCache`).
    private var rankings = RankingCache()
    /// The startup profiles the index holds, for its snapshot (`IndexSnapshot`; the strings are
    /// shared with the index's own copies). Saved in id order, so instances restored from one
    /// snapshot number their documents alike and break equal scores alike.
    private var indexedProfiles: [String: StartupProfile] = [:]
    /// Where the index last came from, and when the snapshot it saved or loaded was taken.
    enum Source: Sendable { case database, snapshot }
    private(set) var builtFrom: Source?
    private var snapshotTakenAt: Date?
    private var startups = Matcher()
    private var needs = Matcher()
    /// Nil until the first sync has built the index.
    private var position: FeedPosition?
    /// When the newest change the index holds was made (for a fresh index: when its build began).
    private var appliedThrough: Date?
    /// Need profiles by id, for feedback (the engine learns from similar needs' feedback too).
    private var needProfiles: [String: NeedProfile] = [:]
    /// English field names by the Korean ones the profiles carry, for English reasons.
    private var englishFieldNames: [String: String] = [:]
    /// Rows (organisations, needs, feedback) the last sync read: follows the changes, not the tables.
    private(set) var rowsReadByLastSync = 0

    /// When the feed was last read, by `clock`: after half of `MatchingFeed.retention` without a
    /// read, entries this index still needs may have been pruned, so it is built again.
    private var lastRead: Date?
    private let clock: @Sendable () -> Date

    /// From this many changed startups on, a sync adds them as a batch.
    static let bulk = 64

    public init() { clock = { Date() } }

    /// An engine on another clock (tests move it past the feed's retention).
    init(clock: @escaping @Sendable () -> Date) { self.clock = clock }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Applies what the feed holds beyond the index. Called before each query; one small read when
    /// nothing changed, shared by the requests that arrive while it waits to begin (`FreshLoads`):
    /// each request still gets a read that began after it arrived. Returns the taxonomy, read again
    /// only when the feed says it changed.
    ///
    /// Inside a transaction the index is left as it is: that transaction's own entries are visible
    /// to it but may still roll back, and on SQLite a rolled-back id is handed out again.
    @discardableResult
    public func sync(on db: any Database) async throws -> TaxonomySnapshot {
        guard !db.inTransaction else { return try await TaxonomySnapshot.load(on: db) }
        return try await syncs.value { try await self.catchUp(on: db) }
    }

    private func catchUp(on db: any Database) async throws -> TaxonomySnapshot {
        let readAt = clock()
        let (known, last, cached) = locked { (position, lastRead, self.taxonomy) }
        guard let position = known, let last, let cached, readAt.timeIntervalSince(last) < MatchingFeed.retention / 2 else {
            // A fresh engine starts from the shared snapshot when there is a usable one, then reads
            // the feed after it; else it reads everything and leaves a snapshot for the next start.
            if known == nil, let snapshot = try await loadSnapshot(on: db, now: readAt) {
                try await restore(snapshot, readAt: readAt, on: db)
                return try await catchUp(on: db)
            }
            // The position first: whatever commits during the load is read from the feed next time.
            let start = try await MatchingFeed.start(on: db)
            let began = Date()
            let taxonomy = try await TaxonomySnapshot.load(on: db)
            let rows = try await IndexedRows.loadAll(on: db)
            let saved = locked {
                startups = Matcher()
                needs = Matcher()
                needProfiles = [:]
                indexedProfiles = [:]
                apply(rows, taxonomy: taxonomy, fresh: true)
                self.taxonomy = taxonomy
                self.position = start
                lastRead = readAt
                appliedThrough = began
                rowsReadByLastSync = rows.count
                generation += 1
                builtFrom = .database
                return IndexSnapshot(position: start, takenAt: readAt, profiles: indexedProfiles.values.sorted { $0.id < $1.id })
            }
            await keepSnapshot(saved, on: db)
            return taxonomy
        }
        let (changes, next) = try await MatchingFeed.read(after: position, on: db)
        let renamed = changes.contains { $0.kind == .taxonomy }
        let taxonomy = renamed ? try await TaxonomySnapshot.load(on: db) : cached
        let rows = changes.isEmpty ? IndexedRows() : try await IndexedRows.load(changes, on: db)
        locked {
            apply(rows, taxonomy: taxonomy, fresh: false)
            self.taxonomy = taxonomy
            self.position = next
            lastRead = readAt
            if let newest = changes.map(\.createdAt).max() { appliedThrough = max(appliedThrough ?? newest, newest) }
            rowsReadByLastSync = rows.count
            if !changes.isEmpty { generation += 1 }
        }
        return taxonomy
    }

    /// The shared snapshot, or nil when there is none usable or it cannot be read (then the index
    /// is built from the tables, as without one).
    private func loadSnapshot(on db: any Database, now: Date) async throws -> IndexSnapshot? {
        guard !db.inTransaction else { return nil }
        do {
            return try await IndexSnapshot.load(on: db, now: now)
        } catch {
            db.logger.warning("matching index snapshot not read, building from the tables: \(SafeError.describe(error))")
            return nil
        }
    }

    /// The index from a snapshot: its startups analysed again in memory, the needs and feedback
    /// (a few thousand rows) read from the tables; the position is the snapshot's, so the feed
    /// after it brings every later change (applying one twice is harmless).
    private func restore(_ snapshot: IndexSnapshot, readAt: Date, on db: any Database) async throws {
        let taxonomy = try await TaxonomySnapshot.load(on: db)
        let rows = try await IndexedRows.loadAll(on: db, organizations: false)
        locked {
            startups = Matcher()
            needs = Matcher()
            needProfiles = [:]
            startups.add(contentsOf: snapshot.profiles)
            indexedProfiles = Dictionary(snapshot.profiles.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
            apply(rows, taxonomy: taxonomy, fresh: true)
            self.taxonomy = taxonomy
            position = snapshot.position
            lastRead = snapshot.takenAt
            appliedThrough = snapshot.takenAt
            rowsReadByLastSync = rows.count
            generation += 1
            builtFrom = .snapshot
            snapshotTakenAt = snapshot.takenAt
        }
    }

    /// Saves a snapshot; a failure costs the next start a full build, never this request.
    private func keepSnapshot(_ snapshot: IndexSnapshot, on db: any Database) async {
        guard !snapshot.profiles.isEmpty || snapshot.position.lastID > 0 || snapshot.position.snapshot != nil else { return }
        do {
            try await IndexSnapshot.save(snapshot, on: db)
            locked { snapshotTakenAt = snapshot.takenAt }
        } catch {
            db.logger.warning("matching index snapshot not saved: \(SafeError.describe(error))")
        }
    }

    /// Saves the index as it stands when the last snapshot this engine saved or loaded is older
    /// than a quarter of the feed's retention, so a restart always finds one it may use (the
    /// background loop calls this after its sync).
    func refreshSnapshot(on db: any Database, now: Date) async {
        let state: IndexSnapshot? = locked {
            guard let position, let lastRead, now.timeIntervalSince(snapshotTakenAt ?? .distantPast) >= MatchingFeed.retention / 4 else { return nil }
            return IndexSnapshot(position: position, takenAt: lastRead, profiles: indexedProfiles.values.sorted { $0.id < $1.id })
        }
        if let state { await keepSnapshot(state, on: db) }
    }

    /// Whether the index is built.
    var isBuilt: Bool { locked { position != nil } }

    private var loadingAtStart = false
    /// Between `warmUp` and the end of its load (`/readyz` answers 503).
    var isLoadingAtStart: Bool { locked { loadingAtStart } }

    /// Loads the index in the background at server start, then runs `then` (what else the first
    /// request would pay for: the feedback model), logging how long and from where.
    func warmUp(on db: any Database, logger: Logger, then: @escaping @Sendable () async throws -> Void = {}) {
        locked { loadingAtStart = true }
        let started = Date()
        Task {
            do {
                try await self.sync(on: db)
                try await then()
                let from = self.locked { self.builtFrom } == .snapshot ? "the shared snapshot" : "the tables"
                logger.notice("matching index ready in \(String(format: "%.2f", Date().timeIntervalSince(started))) s (from \(from), \(self.indexStatus().startups) startups)")
            } catch {
                logger.error("matching index not loaded at start (the next request tries again): \(SafeError.describe(error))")
            }
            self.locked { self.loadingAtStart = false }
        }
    }

    /// Call with the lock held.
    private func apply(_ rows: IndexedRows, taxonomy: TaxonomySnapshot, fresh: Bool) {
        for field in taxonomy.fields { englishFieldNames[field.name.ko] = field.name.en }
        var startupProfiles: [StartupProfile] = []
        for org in rows.organizations {
            let id = org.storedID.uuidString
            if org.kind == .startup && org.status == .approved {
                startupProfiles.append(Self.profile(org, fieldCodes: rows.fieldCodes[org.storedID] ?? [], taxonomy: taxonomy))
            } else if startups.startup(id) != nil {
                startups.remove(id: id)
                indexedProfiles[id] = nil
            }
        }
        for id in rows.goneOrganizations where startups.startup(id.uuidString) != nil {
            startups.remove(id: id.uuidString)
            indexedProfiles[id.uuidString] = nil
        }
        // In bulk (an import) the index analyses on all cores and replaces profiles it holds.
        if fresh || startupProfiles.count >= Self.bulk { startups.add(contentsOf: startupProfiles) } else { startupProfiles.forEach(startups.update) }
        for profile in startupProfiles { indexedProfiles[profile.id] = profile }
        for need in rows.needs {
            let id = need.storedID.uuidString
            needProfiles[id] = Self.profile(need, taxonomy: taxonomy)
            if need.status == .published {
                needs.update(Self.document(need, taxonomy: taxonomy))
            } else if needs.startup(id) != nil {
                needs.remove(id: id)
            }
        }
        for id in rows.goneNeeds {
            needProfiles[id.uuidString] = nil
            if needs.startup(id.uuidString) != nil { needs.remove(id: id.uuidString) }
        }
        for item in rows.feedback {
            let needID = item.$need.id.uuidString
            let startupID = item.$startup.id.uuidString
            guard let profile = needProfiles[needID] else { continue }
            startups.clearFeedback(needId: needID, startupId: startupID)
            if let kind = item.kind.flatMap(FeedbackKind.init(rawValue:)) {
                startups.recordFeedback(need: profile, startupId: startupID, kind)
            }
        }
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

    /// The generation now: read after a sync, it tags what is read from the database next
    /// (`RecommendationCache`), which is then at least as new as the index.
    var currentGeneration: Int { locked { generation } }

    /// What the startups index holds for a startup, if anything.
    func indexedStartup(_ id: UUID) -> StartupProfile? { locked { startups.startup(id.uuidString) } }

    /// What the needs index holds for a need, if anything (published needs only).
    func indexedNeed(_ id: UUID) -> StartupProfile? { locked { needs.startup(id.uuidString) } }

    /// Sizes and the feed position, for `/metrics` (`MatchingIndexStatus`).
    public func indexStatus() -> MatchingIndexStatus {
        locked { MatchingIndexStatus(startups: startups.count, needs: needs.count, position: position, appliedThrough: appliedThrough) }
    }

    /// Startups for a need.
    public func rank(need: Need, limit: Int, on db: any Database) async throws -> [Match] {
        let taxonomy = try await sync(on: db)
        let profile = Self.profile(need, taxonomy: taxonomy)
        return locked {
            needProfiles[profile.id] = profile
            if let cached = rankings.ranking(profile, limit: limit, generation: generation) { return cached }
            let ranked = startups.rank(profile, top: limit, explain: true)
            rankings.keep(ranked, for: profile, limit: limit, generation: generation)
            return ranked
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
