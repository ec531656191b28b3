import Fluent
import Foundation
import IeumCore

/// What the collaborations list shows: plain values (issue 15, item 2). `CollaborationListPage`
/// renders only this.
struct CollaborationListModel: Sendable {
    /// An organisation or a program as a name in both languages, for a row or a select.
    struct Named: Sendable, Equatable {
        let id: UUID
        let name: String
        let nameEn: String?
    }

    struct Party: Sendable, Equatable {
        let role: CollaborationRole
        let organization: Named
    }

    struct Row: Sendable, Equatable {
        let id: UUID
        let title: String
        let parties: [Party]
        let programName: String?
        let stage: CollaborationStage
        let stageSince: Date
        let overdueMilestones: Int
    }

    /// The direct match form, for operators who may start one.
    struct Direct: Sendable {
        var input: DirectMatchInput
        var errors: FieldErrors
        var programs: [Named]
        var demandOrganizations: [Named]
        var investors: [Named]
    }

    var rows: [Row]
    /// The programs of the viewer's collaborations (the program filter's choices).
    var programs: [Named]
    var paging: Paging
    var programID: UUID?
    var stage: CollaborationStage?
    var direct: Direct?
    var order = ListSort<CollaborationSort>(key: .since, descending: true)
}

extension CollaborationListModel {
    /// One page of the collaborations `actor` may see, filtered and ordered, with the direct match
    /// form (`input` and `errors` as typed) for someone who may start one.
    static func load(for actor: Principal, programID: UUID?, stage: CollaborationStage?, page: Int, order: ListSort<CollaborationSort>,
                     input: DirectMatchInput, errors: FieldErrors, on db: any Database, now: Date) async throws -> CollaborationListModel {
        let result = try await CollaborationQuery.list(for: actor, programID: programID, stage: stage, page: page, on: db, now: now, sorted: order)
        let programs = result.programs.compactMap { p in p.id.map { Named(id: $0, name: p.name, nameEn: p.nameEn) } }
        let rows = result.rows.map { row in
            Row(id: row.collaboration.storedID, title: row.collaboration.title,
                parties: row.parties.map { Party(role: $0.role, organization: Named(id: $0.organization.storedID, name: $0.organization.name, nameEn: $0.organization.nameEn)) },
                programName: row.programName, stage: row.collaboration.stage, stageSince: row.collaboration.stageSince,
                overdueMilestones: row.overdueMilestones)
        }
        var model = CollaborationListModel(rows: rows, programs: programs, paging: result.paging, programID: programID, stage: stage, direct: nil, order: order)
        if CollaborationPolicy.can(actor, .createDirect) {
            func named(_ kind: OrganizationKind) async throws -> [Named] {
                try await Organization.query(on: db).filter(\.$kind == kind).filter(\.$status == .approved).sort(\.$name).limit(2_000).all()
                    .compactMap { o in o.id.map { Named(id: $0, name: o.name, nameEn: o.nameEn) } }
            }
            let demand = try await named(.demand)
            let investors = try await named(.investor)
            model.direct = Direct(input: input, errors: errors, programs: programs, demandOrganizations: demand, investors: investors)
        }
        return model
    }
}
