import Fluent
import Foundation
import IeumCore

/// What the needs management list shows: plain values (issue 15, item 2). `NeedListPage` renders only this.
struct NeedListModel: Sendable {
    struct Row: Sendable, Equatable {
        let id: UUID
        let title: String
        let titleEn: String?
        /// The posting organisation's names.
        let organizationName: String
        let organizationNameEn: String?
        let status: NeedStatus
        let deadline: Date?
    }

    var rows: [Row]
    var status: NeedStatus?
    var canCreate: Bool
    var paging: Paging

    static let perPage = 50
}

extension NeedListModel {
    /// One page of the needs `actor` manages, latest change first: an operator's (an agency's
    /// operator: those not yet in a call and those in its programs' calls), or those of the
    /// demand organisations `demand` for anyone else.
    static func load(actor: Principal, demand: [UUID], status: NeedStatus?, page: Int, on db: any Database) async throws -> NeedListModel {
        var query = Need.query(on: db).with(\.$organization).sort(\.$updatedAt, .descending)
        if !actor.isOperator {
            query = query.filter(\.$organization.$id ~~ demand)
        } else if let calls = try await ProgramService.callsRun(by: actor, on: db) {
            query = query.group(.or) { or in
                or.filter(\.$call.$id == nil)
                if !calls.isEmpty { or.filter(\.$call.$id ~~ calls) }
            }
        }
        if let status { query = query.filter(\.$status == status) }
        let paging = Paging(page: page, perPage: perPage, total: try await query.copy().count())
        let needs = try await paging.slice(query.sort(\.$id))
        let rows = needs.map { need in
            Row(id: need.storedID, title: need.title, titleEn: need.titleEn,
                organizationName: need.$organization.value?.name ?? "", organizationNameEn: need.$organization.value?.nameEn,
                status: need.status, deadline: need.deadline)
        }
        return NeedListModel(rows: rows, status: status, canCreate: actor.isOperator || !demand.isEmpty, paging: paging)
    }
}
