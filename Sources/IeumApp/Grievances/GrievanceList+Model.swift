import Fluent
import Foundation
import IeumCore

/// What the staff queue shows: plain values (issue 15, item 2). `GrievanceListPage` renders only this.
struct GrievanceListModel: Sendable {
    struct Row: Sendable, Equatable {
        let id: UUID
        let receiptNumber: String
        let title: String
        let category: GrievanceCategory
        let regionCode: String
        let status: GrievanceStatus
        /// The deadline's day, once classified; whether it counts business days; whether it has
        /// passed for a case still open, at the page's clock.
        let dueDay: String?
        let businessDays: Bool
        let overdue: Bool
        let assigneeName: String?
    }

    /// An active staff member, for the bulk action bar's assignee select.
    struct Staff: Sendable, Equatable {
        let id: UUID
        let name: String
        let email: String
    }

    /// The queue's order (`?sort=received|due|title&dir=`), newest first by default.
    enum Sort: String, CaseIterable, Sendable { case received, due, title }

    var rows: [Row]
    var status: GrievanceStatus?
    var overdueOnly: Bool
    var paging: Paging
    /// Seoul's districts by code, for the district column.
    var districtNames: [String: Localized]
    var bulkStaff: [Staff] = []
    var order = ListSort<Sort>(key: .received, descending: true)

    static let perPage = 50
}

extension GrievanceListModel {
    /// One page of the queue for the filter, in `order`, with the districts and the staff to assign to.
    static func load(status: GrievanceStatus?, overdueOnly: Bool, page: Int, order: ListSort<Sort>, on db: any Database, now: Date) async throws -> GrievanceListModel {
        let paging = Paging(page: page, perPage: perPage,
                            total: try await GrievancesController.queue(status: status, overdueOnly: overdueOnly, on: db, now: now).count())
        let direction: DatabaseQuery.Sort.Direction = order.descending ? .descending : .ascending
        let sorted = GrievancesController.queue(status: status, overdueOnly: overdueOnly, on: db, now: now)
        switch order.key {
        case .received: sorted.sort(\.$receivedAt, direction)
        case .due: sorted.sort(\.$dueAt, direction).sort(\.$receivedAt)
        case .title: sorted.sort(\.$title, direction)
        }
        let cases = try await paging.slice(sorted.sort(\.$id))
        let rows = cases.map { g in
            Row(id: g.storedID, receiptNumber: g.receiptNumber, title: g.title, category: g.category, regionCode: g.regionCode, status: g.status,
                dueDay: g.dueDay, businessDays: g.businessDays, overdue: g.overdue(at: now) && !g.status.isFinal, assigneeName: g.assigneeName)
        }
        let districts = try await GrievancesController.districts(on: db)
        let staff = try await User.query(on: db).filter(\.$platformRole == .operator).filter(\.$active == true).sort(\.$name).all()
        return GrievanceListModel(
            rows: rows, status: status, overdueOnly: overdueOnly, paging: paging,
            districtNames: Dictionary(districts.map { ($0.code, Localized($0.nameKo, $0.nameEn)) }, uniquingKeysWith: { a, _ in a }),
            bulkStaff: staff.map { Staff(id: $0.storedID, name: $0.name, email: $0.email) }, order: order)
    }
}
