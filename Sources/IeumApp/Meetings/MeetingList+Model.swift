import Fluent
import Foundation
import IeumCore

/// What the consultation meetings list shows: plain values (issue 15, item 2). `MeetingListPage`
/// renders only this.
struct MeetingListModel: Sendable {
    struct Row: Sendable, Equatable {
        let id: UUID
        let name: String
        let nameEn: String?
        let kind: MeetingEventKind
        let mode: MeetingMode
        let startsAt: Date
    }

    /// `?sort=starts|name&dir=` (issue 17, item 7); the latest event first by default.
    enum Sort: String, CaseIterable, Sendable { case starts, name }

    var rows: [Row]
    var paging: Paging
    var canCreate: Bool
    var order = ListSort<Sort>(key: .starts, descending: true)

    static let perPage = 30
}

extension MeetingListModel {
    /// One page of the events `actor` may see, in `order`.
    static func load(actor: Principal, page: Int, order: ListSort<Sort>, on db: any Database) async throws -> MeetingListModel {
        let canCreate = MeetingPolicy.can(actor, .create)
        guard let visible = try await MeetingQuery.visibleEvents(to: actor, on: db) else {
            return MeetingListModel(rows: [], paging: Paging(page: page, perPage: perPage, total: 0), canCreate: canCreate)
        }
        let paging = Paging(page: page, perPage: perPage, total: try await visible().count())
        let direction: DatabaseQuery.Sort.Direction = order.descending ? .descending : .ascending
        let sorted: QueryBuilder<MeetingEvent> = visible()
        switch order.key {
        case .starts: sorted.sort(\.$startsAt, direction)
        case .name: sorted.sort(\.$name, direction).sort(\.$startsAt, .descending)
        }
        let events = try await paging.slice(sorted.sort(\.$id))
        let rows = events.map { Row(id: $0.storedID, name: $0.name, nameEn: $0.nameEn, kind: $0.kind, mode: $0.mode, startsAt: $0.startsAt) }
        return MeetingListModel(rows: rows, paging: paging, canCreate: canCreate, order: order)
    }
}
