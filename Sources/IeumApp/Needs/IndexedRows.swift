import Fluent
import Foundation
import IeumCore
import IeumMatching
import Vapor

/// The rows a sync reads: everything for a fresh index, or the feed's subjects by id.
struct IndexedRows: Sendable {
    var organizations: [Organization] = []
    var fieldCodes: [UUID: [String]] = [:]
    var needs: [Need] = []
    var feedback: [MatchFeedback] = []
    /// Subjects of entries whose row no longer exists (deleted): removed from the index.
    var goneOrganizations: [UUID] = []
    var goneNeeds: [UUID] = []

    var count: Int { organizations.count + needs.count + feedback.count }

    static let batch = 500

    /// Everything; without the organisations (and their fields) when a snapshot brings them.
    static func loadAll(on db: any Database, organizations: Bool = true) async throws -> IndexedRows {
        var rows = IndexedRows()
        if organizations {
            rows.organizations = try await profileColumns(Organization.query(on: db).filter(\.$kind == .startup).filter(\.$status == .approved)).all()
            rows.fieldCodes = try await fieldCodes(rows.organizations.map(\.storedID), on: db)
        }
        rows.needs = try await Need.query(on: db).all()
        rows.feedback = try await MatchFeedback.query(on: db).sort(\.$updatedAt).all()
        return rows
    }

    static func load(_ changes: [MatchingChange], on db: any Database) async throws -> IndexedRows {
        func subjects(_ kind: MatchingChangeKind) -> [UUID] {
            var seen = Set<UUID>()
            return changes.filter { $0.kind == kind && seen.insert($0.subject).inserted }.map(\.subject)
        }
        var rows = IndexedRows()
        let orgIDs = subjects(.startup)
        for chunk in orgIDs.chunked(batch) {
            rows.organizations += try await profileColumns(Organization.query(on: db).filter(\.$id ~~ Array(chunk))).all()
        }
        rows.goneOrganizations = Array(Set(orgIDs).subtracting(rows.organizations.map(\.storedID)))
        rows.fieldCodes = try await fieldCodes(rows.organizations.filter { $0.kind == .startup }.map(\.storedID), on: db)
        let needIDs = subjects(.need)
        for chunk in needIDs.chunked(batch) {
            rows.needs += try await Need.query(on: db).filter(\.$id ~~ Array(chunk)).all()
        }
        rows.goneNeeds = Array(Set(needIDs).subtracting(rows.needs.map(\.storedID)))
        for chunk in subjects(.feedback).chunked(batch) {
            rows.feedback += try await MatchFeedback.query(on: db).filter(\.$id ~~ Array(chunk)).all()
        }
        return rows
    }

    /// Only what a profile is made of: decoding a whole organisation (contacts, certifications,
    /// figures) for 100,000 imported rows costs more than reading them.
    static func profileColumns(_ query: QueryBuilder<Organization>) -> QueryBuilder<Organization> {
        query.field(\.$id).field(\.$kind).field(\.$status).field(\.$name).field(\.$nameEn).field(\.$summary).field(\.$summaryEn)
            .field(\.$description).field(\.$descriptionEn).field(\.$keywords).field(\.$stage).field(\.$regionCode)
    }

    static func fieldCodes(_ orgIDs: [UUID], on db: any Database) async throws -> [UUID: [String]] {
        var codes: [UUID: [String]] = [:]
        for chunk in orgIDs.chunked(batch) {
            let links = try await OrganizationTechField.query(on: db).filter(\.$organization.$id ~~ Array(chunk)).with(\.$techField).sort(\.$position).all()
            for link in links { codes[link.$organization.id, default: []].append(link.techField.code) }
        }
        return codes
    }
}

/// The matching index's size and how far it is behind the change feed.
public struct MatchingIndexStatus: Sendable {
    public let startups: Int
    public let needs: Int
    let position: FeedPosition?
    let appliedThrough: Date?

    struct Behind: Sendable {
        /// Feed entries committed that the index has not applied (-1: not built yet).
        var entries: Int
        /// Seconds between the newest of them and the newest change applied (0: up to date; -1: not built yet).
        var seconds: Double
    }

    /// Per index: the startups index follows startup and feedback entries, the needs index need entries.
    func behind(on db: any Database) async throws -> (startups: Behind, needs: Behind) {
        guard let position, let appliedThrough else {
            return (Behind(entries: -1, seconds: -1), Behind(entries: -1, seconds: -1))
        }
        let open = try await MatchingFeed.unapplied(after: position, on: db)
        func behind(_ kinds: [MatchingChangeKind]) -> Behind {
            let parts = kinds.compactMap { open[$0] }
            guard let newest = parts.map(\.newest).max() else { return Behind(entries: 0, seconds: 0) }
            return Behind(entries: parts.map(\.count).reduce(0, +), seconds: max(0, newest.timeIntervalSince(appliedThrough)))
        }
        return (behind([.startup, .feedback]), behind([.need]))
    }
}
