import Fluent
import Foundation
import IeumCore
import IeumMatching
import SQLKit
import Vapor

/// The public search over published needs: title, teaser, fields (and the organisation unless hidden).
enum NeedQuery {
    struct Result: Sendable {
        var needs: [Need]
        var organizations: [UUID: Organization]
        var calls: [UUID: Call]
        var total: Int
        var page: Int
        static let pageSize = 20
    }

    /// The orders of the public list: newest first (default), closing soonest, or by title.
    enum Sort: String, CaseIterable, Sendable {
        case published, deadline, title
    }

    static func published(query: String, fieldCode: String?, sort: ListSort<Sort> = ListSort(key: .published, descending: true),
                          openOnly: Bool = false, now: Date = Date(), page: Int, on db: any Database) async throws -> Result {
        var builder = Need.query(on: db).filter(\.$status ~~ (openOnly ? [.published] : [.published, .closed]))
        let terms = KoreanSearch.terms(query)
        if !terms.isEmpty {
            // Every word must occur; the words joined also count ("스마트 공장" → "스마트공장").
            builder = builder.group(.or) { or in
                or.group(.and) { and in
                    for term in terms { and.filter(.sql(RegistryQuery.likeClause(term))) }
                }
                if terms.count > 1 { or.filter(.sql(RegistryQuery.likeClause(terms.joined()))) }
            }
        }
        // Only one page of needs is loaded: by offset in SQL, or — with a field filter (read from
        // the stored list), the deadline order or "open only" (both need the call's closing time)
        // — after choosing the page's ids from a few columns of every candidate.
        let offset = (page - 1) * Result.pageSize
        let direction: DatabaseQuery.Sort.Direction = sort.descending ? .descending : .ascending
        let total: Int
        let slice: [Need]
        if fieldCode != nil || sort.key == .deadline || openOnly {
            let candidates = try await builder.copy().field(\.$id).field(\.$fieldCodes).field(\.$publishedAt).field(\.$title)
                .field(\.$deadline).field(\.$call.$id).all()
            let callIDs = Array(Set(candidates.compactMap { $0.$call.id }))
            let closing = callIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await Call.query(on: db).filter(\.$id ~~ callIDs)
                .field(\.$id).field(\.$closesAt).all().compactMap { call in call.id.map { ($0, call.closesAt) } })
            func deadline(_ need: Need) -> Date? {
                need.applicationDeadline(callClosesAt: need.$call.id.flatMap { closing[$0] })
            }
            var matching = candidates.filter { need in
                (fieldCode.map { need.fieldCodes.contains($0) } ?? true) && (!openOnly || (deadline(need).map { $0 > now } ?? true))
            }
            matching.sort { a, b in
                switch sort.key {
                case .published:
                    let (x, y) = (a.publishedAt ?? .distantPast, b.publishedAt ?? .distantPast)
                    if x != y { return sort.descending ? x > y : x < y }
                case .title:
                    if a.title != b.title { return sort.descending ? KoreanOrder.less(b.title, a.title) : KoreanOrder.less(a.title, b.title) }
                case .deadline:
                    // Needs without a deadline last either way.
                    switch (deadline(a), deadline(b)) {
                    case let (x?, y?) where x != y: return sort.descending ? x > y : x < y
                    case (.some, nil): return true
                    case (nil, .some): return false
                    default: break
                    }
                }
                return (a.id?.uuidString ?? "") < (b.id?.uuidString ?? "")
            }
            total = matching.count
            let ids = Array(matching.dropFirst(offset).prefix(Result.pageSize)).compactMap(\.id)
            let rows = ids.isEmpty ? [] : try await Need.query(on: db).filter(\.$id ~~ ids).all()
            let byID = Dictionary(uniqueKeysWithValues: rows.compactMap { need in need.id.map { ($0, need) } })
            slice = ids.compactMap { byID[$0] }
        } else {
            total = try await builder.copy().count()
            let ordered = switch sort.key {
            case .title: builder.sort(\.$title, direction)
            default: builder.sort(\.$publishedAt, direction)
            }
            slice = try await ordered.sort(\.$id).offset(offset).limit(Result.pageSize).all()
        }
        let orgIDs = Array(Set(slice.map { $0.$organization.id }))
        let callIDs = Array(Set(slice.compactMap { $0.$call.id }))
        let orgs = orgIDs.isEmpty ? [] : try await Organization.query(on: db).filter(\.$id ~~ orgIDs).all()
        let calls = callIDs.isEmpty ? [] : try await Call.query(on: db).filter(\.$id ~~ callIDs).all()
        return Result(
            needs: slice,
            organizations: Dictionary(uniqueKeysWithValues: orgs.compactMap { org in org.id.map { ($0, org) } }),
            calls: Dictionary(uniqueKeysWithValues: calls.compactMap { call in call.id.map { ($0, call) } }),
            total: total, page: page
        )
    }
}
