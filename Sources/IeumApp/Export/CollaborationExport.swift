import Fluent
import Foundation
import IeumCore

/// The collaboration list as a table: every collaboration the actor may see (`CollaborationPolicy`,
/// the same rule as the pages), with its parties, stage, money and overdue milestones.
public enum CollaborationExport {
    public static func table(for actor: Principal, on db: any Database, now: Date) async throws -> ExportTable {
        var table = ExportTable(
            key: "collaborations", title: Localized("협업 목록", "Collaborations"),
            columns: [Localized("협업 과제명", "Title"), Localized("사업", "Program"), Localized("스타트업", "Startup"),
                      Localized("수요기관", "Demand organisation"), Localized("투자기관", "Investors"), Localized("단계", "Stage"),
                      Localized("단계 시작일", "Stage since"), Localized("협업 시작일", "Started"), Localized("경로", "Origin"),
                      Localized("지원금(원)", "Government support (KRW)"), Localized("수요기관 분담금(원)", "Demand contribution (KRW)"),
                      Localized("집행액(원)", "Spent (KRW)"), Localized("계약 금액(원, 확인)", "Contracts (KRW, confirmed)"),
                      Localized("투자 유치(원, 확인)", "Investment (KRW, confirmed)"), Localized("지연 마일스톤", "Overdue milestones"),
                      Localized("중단 사유", "Reason dropped")])
        let collaborations = try await visible(for: actor, on: db)
        guard !collaborations.isEmpty else { return table }
        let ids = try collaborations.map { try $0.requireID() }
        var parties: [UUID: [CollaborationParty]] = [:]
        // Sums of stored amounts are checked (`CheckedSum`): past Int64 they stay at the bound, never trap.
        var funding: [UUID: (CheckedSum<Int64>, CheckedSum<Int64>, CheckedSum<Int64>)] = [:]
        var money: [UUID: (contract: CheckedSum<Int64>, investment: CheckedSum<Int64>)] = [:]
        var overdue: [UUID: Int] = [:]
        for chunk in KPIService.chunks(ids) {
            for party in try await CollaborationParty.query(on: db).filter(\.$collaboration.$id ~~ chunk).with(\.$organization).all() {
                parties[party.$collaboration.id, default: []].append(party)
            }
            for row in try await StageFunding.query(on: db).filter(\.$collaboration.$id ~~ chunk).all() {
                var sum = funding[row.$collaboration.id] ?? (CheckedSum(), CheckedSum(), CheckedSum())
                sum.0 += row.governmentKRW
                sum.1 += row.demandKRW
                sum.2 += row.spentKRW
                funding[row.$collaboration.id] = sum
            }
            for o in try await Outcome.query(on: db).filter(\.$collaboration.$id ~~ chunk).filter(\.$status == .confirmed).all() {
                var sum = money[o.$collaboration.id] ?? (CheckedSum(), CheckedSum())
                if o.kind == .contract { sum.contract += o.amountKRW ?? 0 }
                if o.kind == .investment { sum.investment += o.amountKRW ?? 0 }
                money[o.$collaboration.id] = sum
            }
            for m in try await Milestone.query(on: db).filter(\.$collaboration.$id ~~ chunk).all() where m.isOverdue(at: now) {
                overdue[m.$collaboration.id, default: 0] += 1
            }
        }
        let programIDs = Array(Set(collaborations.compactMap { $0.$program.id }))
        let programs = programIDs.isEmpty ? [] : try await Program.query(on: db).filter(\.$id ~~ programIDs).all()
        let programNames = Dictionary(uniqueKeysWithValues: programs.compactMap { p in p.id.map { ($0, Localized(p.name, p.nameEn ?? p.name)) } })
        for c in collaborations {
            let id = c.storedID
            let own = parties[id] ?? []
            func names(_ role: CollaborationRole) -> ExportCell {
                let list = own.filter { $0.role == role }.map(\.organization)
                return .text(Localized(list.map(\.name).joined(separator: ", "), list.map { $0.nameEn ?? $0.name }.joined(separator: ", ")))
            }
            let f = funding[id].map { ($0.0.value, $0.1.value, $0.2.value) } ?? (0, 0, 0)
            let m: (contract: Int64, investment: Int64) = money[id].map { ($0.contract.value, $0.investment.value) } ?? (0, 0)
            table.rows.append([
                .text(c.title), c.$program.id.flatMap { programNames[$0] }.map(ExportCell.text) ?? .none,
                names(.startup), names(.demand), names(.investor), .text(c.stage.label),
                .text(SeoulTime.date(c.stageSince)), .text(SeoulTime.date(c.startedAt)),
                .text(c.applicationID == nil ? Localized("직접 매칭", "Direct match") : Localized("지원서 선정", "Selected application")),
                .won(f.0), .won(f.1), .won(f.2), .won(m.contract), .won(m.investment), .count(Int64(overdue[id] ?? 0)),
                .text(c.dropReason ?? ""),
            ])
        }
        return table
    }

    /// Newest first. An operator sees the collaborations of the programs they run; anyone else
    /// those their organisations take part in.
    static func visible(for actor: Principal, on db: any Database) async throws -> [Collaboration] {
        let query = Collaboration.query(on: db).sort(\.$startedAt, .descending).sort(\.$title)
        if !actor.isOperator {
            let mine = actor.memberships.map(\.organizationID)
            guard !mine.isEmpty else { return [] }
            let ids = try await CollaborationParty.query(on: db).filter(\.$organization.$id ~~ mine).all().map { $0.$collaboration.id }
            guard !ids.isEmpty else { return [] }
            query.filter(\.$id ~~ Array(Set(ids)))
        }
        let all = try await query.all()
        guard CollaborationPolicy.programOperatorScope(actor) != nil || !actor.isOperator else { return all }
        // The rule itself decides, so the export never shows more than the pages.
        var operators: [UUID: UUID?] = [:]
        let programIDs = Array(Set(all.compactMap { $0.$program.id }))
        if !programIDs.isEmpty {
            for p in try await Program.query(on: db).filter(\.$id ~~ programIDs).all() { operators[p.storedID] = p.$operatorOrganization.id }
        }
        var partiesByCollaboration: [UUID: Set<UUID>] = [:]
        for chunk in KPIService.chunks(all.compactMap(\.id)) {
            for party in try await CollaborationParty.query(on: db).filter(\.$collaboration.$id ~~ chunk).all() {
                partiesByCollaboration[party.$collaboration.id, default: []].insert(party.$organization.id)
            }
        }
        return all.filter { c in
            let access = CollaborationAccess(partyOrganizationIDs: partiesByCollaboration[c.storedID] ?? [],
                                             programOperatorID: c.$program.id.flatMap { operators[$0] ?? nil })
            return CollaborationPolicy.can(actor, .view(access))
        }
    }
}
