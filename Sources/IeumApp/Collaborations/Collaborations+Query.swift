import Fluent
import Foundation
import IeumCore

/// The collaboration list's sort keys (`?sort=`, issue 17 item 7).
enum CollaborationSort: String, CaseIterable, Sendable {
    case since, title
}

/// The queries behind the collaboration pages.
enum CollaborationQuery {
    struct Row: Sendable {
        let collaboration: Collaboration
        let parties: [(role: CollaborationRole, organization: Organization)]
        let programName: String?
        let overdueMilestones: Int
    }

    struct ListResult: Sendable {
        var rows: [Row]
        var programs: [Program]
        var paging: Paging
    }

    static let perPage = 50

    /// The collaborations `actor` may see (their organisations' own; an operator those of the
    /// programs their agency runs, or all), newest stage change first, filtered by program and stage;
    /// only the rows of page `page` are loaded.
    static func list(for actor: Principal, programID: UUID?, stage: CollaborationStage?, page: Int, on db: any Database, now: Date,
                     sorted sort: ListSort<CollaborationSort> = ListSort(key: .since, descending: true)) async throws -> ListResult {
        guard let (scoped, programs) = try await visible(to: actor, on: db) else {
            return ListResult(rows: [], programs: [], paging: Paging(page: 1, perPage: perPage, total: 0))
        }
        var builder = scoped
        if let programID { builder = builder.filter(\.$program.$id == programID) }
        if let stage { builder = builder.filter(\.$stage == stage) }
        let paging = Paging(page: page, perPage: perPage, total: try await builder.copy().count())
        let direction: DatabaseQuery.Sort.Direction = sort.descending ? .descending : .ascending
        switch sort.key {
        case .since: builder = builder.sort(\.$stageSince, direction).sort(\.$title)
        case .title: builder = builder.sort(\.$title, direction)
        }
        let collaborations = try await paging.slice(builder.sort(\.$id))
        let ids = collaborations.compactMap(\.id)
        guard !ids.isEmpty else { return ListResult(rows: [], programs: programs, paging: paging) }
        let parties = try await CollaborationParty.query(on: db).filter(\.$collaboration.$id ~~ ids).with(\.$organization).all()
        let byCollaboration = Dictionary(grouping: parties, by: { $0.$collaboration.id })
        let overdue = try await Milestone.query(on: db).filter(\.$collaboration.$id ~~ ids).filter(\.$doneAt == nil).filter(\.$dueAt < now).all()
        let overdueCounts = Dictionary(grouping: overdue, by: { $0.$collaboration.id }).mapValues(\.count)
        let programIDs = Array(Set(collaborations.compactMap { $0.$program.id }))
        let programNames = programIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await Program.query(on: db).filter(\.$id ~~ programIDs).all()
            .compactMap { p in p.id.map { ($0, p.name) } })
        let rows = collaborations.map { c in
            let id = c.storedID
            return Row(collaboration: c,
                       parties: (byCollaboration[id] ?? []).sorted { order($0.role) < order($1.role) }.map { ($0.role, $0.organization) },
                       programName: c.$program.id.flatMap { programNames[$0] },
                       overdueMilestones: overdueCounts[id] ?? 0)
        }
        return ListResult(rows: rows, programs: programs, paging: paging)
    }

    /// The collaborations `actor` may see, as a query to narrow further, with the programs they
    /// belong to (for the filter); nil when there are none. Their organisations' own; an operator
    /// those of the programs their agency runs and those outside any program, or all.
    static func visible(to actor: Principal, on db: any Database) async throws -> (QueryBuilder<Collaboration>, [Program])? {
        let memberOf = actor.memberships.map(\.organizationID)
        let ownIDs = memberOf.isEmpty ? [] : try await CollaborationParty.query(on: db).filter(\.$organization.$id ~~ memberOf).all()
            .map { $0.$collaboration.id }
        var builder = Collaboration.query(on: db)
        var programs: [Program] = []
        if actor.isOperator, let scope = CollaborationPolicy.programOperatorScope(actor) {
            programs = try await Program.query(on: db).filter(\.$operatorOrganization.$id ~~ Array(scope)).sort(\.$year, .descending).sort(\.$name).all()
            let programIDs = programs.compactMap(\.id)
            builder = builder.group(.or) { or in
                // A collaboration outside any program is every operator's (CollaborationPolicy.operates).
                or.filter(\.$program.$id == nil)
                if !programIDs.isEmpty { or.filter(\.$program.$id ~~ programIDs) }
                if !ownIDs.isEmpty { or.filter(\.$id ~~ ownIDs) }
            }
        } else if actor.isOperator {
            programs = try await Program.query(on: db).sort(\.$year, .descending).sort(\.$name).all()
        } else {
            guard !ownIDs.isEmpty else { return nil }
            builder = builder.filter(\.$id ~~ ownIDs)
            let own = try await Collaboration.query(on: db).filter(\.$id ~~ ownIDs).all().compactMap { $0.$program.id }
            if !own.isEmpty { programs = try await Program.query(on: db).filter(\.$id ~~ Array(Set(own))).sort(\.$name).all() }
        }
        return (builder, programs)
    }

    static func order(_ role: CollaborationRole) -> Int { CollaborationRole.allCases.firstIndex(of: role) ?? 0 }

    /// Everything a collaboration's page shows.
    static func detail(_ collaboration: Collaboration, access: CollaborationAccess, for actor: Principal, on db: any Database, now: Date) async throws -> CollaborationPage.Data {
        let id = try collaboration.requireID()
        var data = CollaborationPage.Data(collaboration: collaboration, now: now)
        data.program = try await collaboration.$program.get(on: db)
        data.need = try await collaboration.$need.get(on: db)
        data.parties = try await CollaborationParty.query(on: db).filter(\.$collaboration.$id == id).with(\.$organization).all()
            .sorted { order($0.role) < order($1.role) }.map { ($0.role, $0.organization) }
        data.changes = try await StageChange.query(on: db).filter(\.$collaboration.$id == id).sort(\.$requestedAt).all()
            .enumerated().sorted { a, b in
                // Same-minute steps keep the funnel's order (a pinned clock writes them at one instant).
                if a.element.requestedAt != b.element.requestedAt { return a.element.requestedAt < b.element.requestedAt }
                return (a.element.fromStage?.rank ?? -2, a.offset) < (b.element.fromStage?.rank ?? -2, b.offset)
            }.map(\.element)
        data.files = try await CollaborationFile.query(on: db).filter(\.$collaboration.$id == id).sort(\.$createdAt).all()
        data.funding = try await StageFunding.query(on: db).filter(\.$collaboration.$id == id).all()
            .sorted { CollaborationStage.allCases.firstIndex(of: $0.stage)! < CollaborationStage.allCases.firstIndex(of: $1.stage)! }
        data.milestones = try await Milestone.query(on: db).filter(\.$collaboration.$id == id).sort(\.$dueAt).sort(\.$title).all()
        data.outcomes = try await Outcome.query(on: db).filter(\.$collaboration.$id == id).with(\.$investor).sort(\.$occurredOn).sort(\.$createdAt).all()
        data.canWork = CollaborationPolicy.can(actor, .work(access))
        data.canApprove = CollaborationPolicy.can(actor, .approve(access))
        data.gateChecklist = CollaborationGates.checklist(leaving: collaboration.stage,
                                                          evidence: try await CollaborationService.evidence(collaboration, on: db, now: now))
        if data.canWork {
            data.investors = try await Organization.query(on: db).filter(\.$kind == .investor).filter(\.$status == .approved).sort(\.$name).limit(1_000).all()
        }
        return data
    }
}
