import Fluent
import Foundation
import IeumCore
import Plot

extension NetworkQuery {
    /// One page of a network's member directory, with the join requests its officers decide.
    struct Directory: Sendable {
        let network: Network
        let canManage: Bool
        let members: [MemberRow]
        let paging: Paging
        /// One page (`requests_page`) of the pending join requests, oldest first.
        let joinRequests: [NetworkJoinRequest]
        let joinPaging: Paging
        let joinNames: [UUID: String]
    }

    /// Members in role order, then by name. The name lives on the organisation or the expert, so
    /// the order is worked out over ids, roles and names only; then the page's members are loaded.
    static func directory(_ network: Network, for actor: Principal, page: Int, requestsPage: Int = 1, on db: any Database) async throws -> Directory {
        let id = try network.requireID()
        let canManage = NetworkPolicy.can(actor, .manage(try await NetworkService.access(actor, network, on: db)))
        let keys = try await NetworkMember.query(on: db).filter(\.$network.$id == id)
            .field(\.$id).field(\.$role).field(\.$organization.$id).field(\.$expert.$id).all()
        let orgIDs = Array(Set(keys.compactMap { $0.$organization.id }))
        let expertIDs = Array(Set(keys.compactMap { $0.$expert.id }))
        let orgNames = orgIDs.isEmpty ? [:] : Dictionary(try await Organization.query(on: db).filter(\.$id ~~ orgIDs).field(\.$id).field(\.$name).all()
            .map { ($0.storedID, $0.name) }, uniquingKeysWith: { a, _ in a })
        let expertNames = expertIDs.isEmpty ? [:] : Dictionary(try await Expert.query(on: db).filter(\.$id ~~ expertIDs).field(\.$id).field(\.$name).all()
            .map { ($0.storedID, $0.name) }, uniquingKeysWith: { a, _ in a })
        func name(_ m: NetworkMember) -> String {
            m.$organization.id.flatMap { orgNames[$0] } ?? m.$expert.id.flatMap { expertNames[$0] } ?? ""
        }
        let ordered = keys.sorted {
            (roleOrder($0.role), name($0), $0.storedID.uuidString) < (roleOrder($1.role), name($1), $1.storedID.uuidString)
        }
        let paging = Paging(page: page, perPage: NetworkMembersPage.perPage, total: ordered.count)
        let pageIDs = paging.slice(ordered).map(\.storedID)
        let loaded = pageIDs.isEmpty ? [] : try await NetworkMember.query(on: db).filter(\.$id ~~ pageIDs).with(\.$organization).with(\.$expert).all()
        let byID = Dictionary(uniqueKeysWithValues: loaded.map { ($0.storedID, $0) })
        let pending = { NetworkJoinRequest.query(on: db).filter(\.$network.$id == id).filter(\.$status == .pending) }
        let joinPaging = Paging(page: requestsPage, perPage: NetworkMembersPage.perPage, total: canManage ? try await pending().count() : 0)
        let joins = canManage ? try await joinPaging.slice(pending().sort(\.$createdAt).sort(\.$id).with(\.$organization)) : []
        return Directory(network: network, canManage: canManage, members: pageIDs.compactMap { byID[$0] }.map(memberRow), paging: paging,
                         joinRequests: joins, joinPaging: joinPaging,
                         joinNames: Dictionary(uniqueKeysWithValues: joins.map { ($0.storedID, $0.organization.name) }))
    }
}

struct NetworkMembersPage: Page {
    static let perPage = 50

    let data: NetworkQuery.Directory
    let organizations: [Organization]
    let experts: [Expert]

    func title(_ context: PageContext) -> String { context.t("회원 명부", "Members") + " · " + data.network.name }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let id = data.network.storedID
        return .article(
            .div(.class("page-head"), .h1(.text(title(context))),
                 .div(.class("page-actions"), .a(.class("button secondary"), .href(SiteURL.network(id).path), .text(context.t("네트워크", "Network"))))),
            .div(.class("table-wrap"), .table(.id("member-table"),
                .thead(.tr(.th(.text(context.t("회원", "Member"))), .th(.text(context.t("역할", "Role"))), .th(.text(context.t("구분", "Details"))),
                           .th(.text(context.t("임기", "Term"))))),
                .tbody(.forEach(data.members) { row in
                    .tr(.td(.text(row.name)), .td(.text(context.t(row.member.role.label))), .td(.text(context.t(row.detail))),
                        .td(.text([row.member.termStart.map { SeoulTime.date($0) }, row.member.termEnd.map { SeoulTime.date($0) }].compactMap { $0 }.joined(separator: " ~ "))))
                }))),
            Pagination.node(data.paging, context: context) { SiteURL.networkMembers(id, page: $0, requestsPage: data.joinPaging.page).path },
            .if(data.canManage && !data.joinRequests.isEmpty, .section(.class("card"), .id("join-requests"),
                .h2(.text(context.t("가입 신청", "Join requests"))),
                .ul(.forEach(data.joinRequests) { r in
                    .li(.text((data.joinNames[r.storedID] ?? "") + (r.message.isEmpty ? "" : " — " + r.message)),
                        FormKit.actionButton(SiteRoute.networks(.decideJoin).path(id, r.storedID, "approve"), context.t("승인", "Approve"), context,
                                             confirm: context.t("\(data.joinNames[r.storedID] ?? "")의 가입을 승인할까요? 회원이 되고 신청인에게 알림이 갑니다.",
                                                                "Approve \(data.joinNames[r.storedID] ?? "") as a member? They are told.")),
                        FormKit.actionButton(SiteRoute.networks(.decideJoin).path(id, r.storedID, "reject"), context.t("반려", "Reject"), context, secondary: true,
                                             confirm: context.t("\(data.joinNames[r.storedID] ?? "")의 가입 신청을 반려할까요? 신청인에게 알림이 가고, 되돌릴 수 없습니다.",
                                                                "Reject the request of \(data.joinNames[r.storedID] ?? "")? They are told, and this cannot be undone.")))
                }),
                Pagination.node(data.joinPaging, context: context) { SiteURL.networkMembers(id, page: data.paging.page, requestsPage: $0).path(anchor: "join-requests") })),
            .if(data.canManage, .section(.class("card"), .id("add-member"),
                .h2(.text(context.t("회원 추가", "Add a member"))),
                .form(.class("inline-fields"), .action(SiteRoute.networks(.addMember).path(id)), .method(.post),
                    FormKit.csrf(context),
                    FormKit.select("organizationID", label: context.t("기관", "Organisation"), options: organizations.map { ($0.storedID.uuidString, $0.name) },
                                   selected: "", errors: FieldErrors(), context: context, includeEmpty: "—"),
                    FormKit.select("expertID", label: context.t("또는 전문가", "Or an expert"), options: experts.map { ($0.storedID.uuidString, "\($0.name) · \($0.affiliation)") },
                                   selected: "", errors: FieldErrors(), context: context, includeEmpty: "—"),
                    FormKit.select("role", label: context.t("역할", "Role"), options: NetworkRole.allCases.map { ($0.rawValue, context.t($0.label)) },
                                   selected: "member", errors: FieldErrors(), context: context),
                    FormKit.submit(context.t("추가", "Add"))))))
    }
}
