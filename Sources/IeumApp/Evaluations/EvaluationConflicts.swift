import Fluent
import Foundation
import IeumCore

/// Conflicts of interest between experts and the entries of a round, found from the records:
/// the expert's account belongs to the startup or the demand organisation; the expert works or
/// worked there, invested in it, advises it or is related to it (their affiliation history, by
/// registry link or by the same name); or the expert's current employer invested in the startup
/// (an investor party of one of its collaborations, or a confirmed investment outcome).
enum ConflictFinder {
    struct Found: Hashable, Sendable {
        let entryID: UUID
        let expertID: UUID
        /// `code:organisation name`; see `text(_:)`.
        let reason: String
    }

    /// How a stored reason reads.
    static func text(_ reason: String) -> Localized {
        let parts = reason.split(separator: ":", maxSplits: 1).map(String.init)
        let name = parts.count > 1 ? parts[1] : ""
        switch parts.first ?? "" {
        case "member": return Localized("\(name) 소속 계정", "Account belongs to \(name)")
        case "employment.current": return Localized("\(name) 재직 중", "Works at \(name)")
        case "employment.past": return Localized("\(name) 전 소속", "Formerly at \(name)")
        case "investment": return Localized("\(name)에 투자", "Invested in \(name)")
        case "advisory": return Localized("\(name) 자문·겸직", "Advises \(name)")
        case "family": return Localized("\(name) 특수관계", "Related to \(name)")
        case "employer-invested": return Localized("소속 기관이 \(name)에 투자", "Employer invested in \(name)")
        case "declared": return Localized("심사위원 본인 신고", "Declared by the judge")
        default: return Localized(reason, reason)
        }
    }

    /// A name compared without legal-form marks ((주), 주식회사, ㈜, (유), 유한회사), spaces or case.
    static func fold(_ name: String) -> String {
        var text = name
        for mark in ["주식회사", "(주)", "（주）", "㈜", "(유)", "유한회사", "(재)", "재단법인", "(사)", "사단법인"] {
            text = text.replacingOccurrences(of: mark, with: " ")
        }
        return KoreanSearch.fold(text).filter { !$0.isWhitespace }
    }

    static func find(entries: [RoundEntry], experts: [Expert], on db: any Database) async throws -> [Found] {
        guard !entries.isEmpty, !experts.isEmpty else { return [] }
        let expertIDs = experts.compactMap(\.id)
        let orgIDs = Array(Set(entries.flatMap { [$0.$startup.id] + ($0.$demand.id.map { [$0] } ?? []) }))
        let orgs = Dictionary(uniqueKeysWithValues: try await Organization.query(on: db).filter(\.$id ~~ orgIDs).all().map { ($0.storedID, $0) })
        let foldedNames = orgs.mapValues { fold($0.name) }

        // Accounts' memberships.
        let userToExpert = Dictionary(experts.compactMap { e in e.$user.id.map { ($0, e.storedID) } }, uniquingKeysWith: { a, _ in a })
        let memberships = userToExpert.isEmpty ? [] : try await Membership.query(on: db).filter(\.$user.$id ~~ Array(userToExpert.keys)).all()
        var memberOf: [UUID: Set<UUID>] = [:]
        for m in memberships { if let e = userToExpert[m.$user.id] { memberOf[e, default: []].insert(m.$organization.id) } }

        // Affiliation history.
        let affiliations = try await ExpertAffiliation.query(on: db).filter(\.$expert.$id ~~ expertIDs).all()
        let byExpert = Dictionary(grouping: affiliations, by: { $0.$expert.id })

        // Investors in each startup: investor parties of its collaborations and confirmed investment outcomes.
        let startupIDs = Array(Set(entries.map { $0.$startup.id }))
        let collaborations = try await Collaboration.query(on: db).filter(\.$startup.$id ~~ startupIDs).all()
        let collaborationStartup = Dictionary(uniqueKeysWithValues: collaborations.map { ($0.storedID, $0.$startup.id) })
        var investorsOf: [UUID: Set<UUID>] = [:]
        if !collaborationStartup.isEmpty {
            let ids = Array(collaborationStartup.keys)
            for party in try await CollaborationParty.query(on: db).filter(\.$collaboration.$id ~~ ids).filter(\.$role == .investor).all() {
                if let s = collaborationStartup[party.$collaboration.id] { investorsOf[s, default: []].insert(party.$organization.id) }
            }
            for outcome in try await Outcome.query(on: db).filter(\.$collaboration.$id ~~ ids).filter(\.$kind == .investment).filter(\.$status == .confirmed).all() {
                if let s = collaborationStartup[outcome.$collaboration.id], let investor = outcome.$investor.id { investorsOf[s, default: []].insert(investor) }
            }
        }

        var found: Set<Found> = []
        for expert in experts {
            let expertID = expert.storedID
            let ties = byExpert[expertID] ?? []
            let employers = Set(ties.filter { $0.kind == .employment && $0.current }.compactMap { $0.$organization.id })
            for entry in entries {
                let entryID = entry.storedID
                for orgID in [entry.$startup.id] + (entry.$demand.id.map { [$0] } ?? []) {
                    let name = orgs[orgID]?.name ?? ""
                    if memberOf[expertID]?.contains(orgID) == true { found.insert(Found(entryID: entryID, expertID: expertID, reason: "member:\(name)")) }
                    for tie in ties {
                        let sameOrg = tie.$organization.id == orgID
                            || (!tie.organizationName.isEmpty && fold(tie.organizationName) == foldedNames[orgID] && !(foldedNames[orgID] ?? "").isEmpty)
                        guard sameOrg else { continue }
                        let code = switch tie.kind {
                        case .employment: tie.current ? "employment.current" : "employment.past"
                        case .investment: "investment"
                        case .advisory: "advisory"
                        case .family: "family"
                        }
                        found.insert(Found(entryID: entryID, expertID: expertID, reason: "\(code):\(name)"))
                    }
                }
                if !employers.isDisjoint(with: investorsOf[entry.$startup.id] ?? []) {
                    found.insert(Found(entryID: entryID, expertID: expertID, reason: "employer-invested:\(orgs[entry.$startup.id]?.name ?? "")"))
                }
            }
        }
        return found.sorted { ($0.entryID.uuidString, $0.expertID.uuidString, $0.reason) < ($1.entryID.uuidString, $1.expertID.uuidString, $1.reason) }
    }

    /// Replaces the round's automatic conflicts with what the records say now; declared ones stay.
    /// Returns all conflicts (automatic and declared) as entry → experts.
    @discardableResult
    static func refresh(_ round: EvaluationRound, on db: any Database) async throws -> [UUID: Set<UUID>] {
        let roundID = try round.requireID()
        let entries = try await RoundEntry.query(on: db).filter(\.$round.$id == roundID).all()
        let judges = try await RoundJudge.query(on: db).filter(\.$round.$id == roundID).with(\.$expert).all()
        let found = try await find(entries: entries, experts: judges.map(\.expert), on: db)
        try await EvaluationConflict.query(on: db).filter(\.$round.$id == roundID).filter(\.$source == "auto").delete()
        var seen: Set<String> = []
        for f in found {
            // One row per entry, expert and source: the first reason stands for the pair.
            let key = "\(f.entryID)/\(f.expertID)"
            guard seen.insert(key).inserted else { continue }
            let c = EvaluationConflict()
            c.$round.id = roundID
            c.$entry.id = f.entryID
            c.$expert.id = f.expertID
            c.source = "auto"
            c.reason = f.reason
            try await c.create(on: db)
        }
        return try await conflicts(of: roundID, on: db)
    }

    static func conflicts(of roundID: UUID, on db: any Database) async throws -> [UUID: Set<UUID>] {
        var result: [UUID: Set<UUID>] = [:]
        for c in try await EvaluationConflict.query(on: db).filter(\.$round.$id == roundID).all() {
            result[c.$entry.id, default: []].insert(c.$expert.id)
        }
        return result
    }
}
