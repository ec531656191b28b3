import Fluent
import Foundation
import IeumCore

/// What the networks list shows: plain values (issue 15, item 2). `NetworkListPage` renders only this.
struct NetworkListModel: Sendable, Equatable {
    struct Row: Sendable, Equatable {
        let id: UUID
        let name: String
        let nameEn: String?
        let kind: NetworkKind
        let description: String
        let memberCount: Int
        /// Whether the viewer belongs to it.
        let isMine: Bool
    }

    var rows: [Row]
    var paging: Paging

    static let perPage = 30
}

extension NetworkListModel {
    /// One page of the networks by name, each with its member count and whether `actor` is a member.
    static func load(actor: Principal, page: Int, on db: any Database) async throws -> NetworkListModel {
        let paging = Paging(page: page, perPage: perPage, total: try await Network.query(on: db).count())
        let networks = try await paging.slice(Network.query(on: db).sort(\.$name).sort(\.$id))
        var rows: [Row] = []
        // Two queries per network, for this page's networks only.
        for n in networks {
            let count = try await NetworkMember.query(on: db).filter(\.$network.$id == n.requireID()).count()
            let isMine = try await NetworkService.isMember(actor, n, on: db)
            rows.append(Row(id: n.storedID, name: n.name, nameEn: n.nameEn, kind: n.kind, description: n.description, memberCount: count, isMine: isMine))
        }
        return NetworkListModel(rows: rows, paging: paging)
    }
}

enum NetworkQuery {
    struct MemberRow: Sendable { let member: NetworkMember; let name: String; let detail: Localized }

    struct Overview: Sendable {
        let network: Network
        let programName: String?
        let isMember: Bool
        let canManage: Bool
        let operates: Bool
        /// Officers and subcommittee chairs (members see plain-member chairs too).
        let members: [MemberRow]
        let subcommittees: [Subcommittee]
        /// One page of the events (`events_page`) and of the joint tasks (`tasks_page`).
        let events: [NetworkEvent]
        let eventPaging: Paging
        /// Events held (not cancelled) per year in Seoul, over all events.
        let heldPerYear: [String: Int]
        let registered: [UUID: Int]
        let tasks: [JointTask]
        let taskPaging: Paging
        let myOrganizations: [Organization]
        let pendingJoin: Bool
        let now: Date

        var officers: [MemberRow] { members.filter { $0.member.role != .member } }
        func name(_ id: UUID?) -> String { members.first { $0.member.id == id }?.name ?? "" }
    }

    static let sectionSize = 20

    /// Which page of each of the overview's lists to show.
    struct OverviewPages: Sendable {
        var events = 1
        var tasks = 1
    }

    static func overview(_ network: Network, for actor: Principal, pages: OverviewPages = OverviewPages(), on db: any Database, now: Date) async throws -> Overview {
        let id = try network.requireID()
        let mine = try await NetworkService.memberships(of: actor, in: network, on: db)
        let access = NetworkAccess(program: try await ProgramService.access(network.$program.id, on: db), roles: mine.map(\.role))
        let isMember = NetworkPolicy.can(actor, .enterMembersArea(access))
        let operates = NetworkPolicy.can(actor, .operate(access))
        let canManage = NetworkPolicy.can(actor, .manage(access))
        let subcommittees = try await Subcommittee.query(on: db).filter(\.$network.$id == id).sort(\.$name).all()
        // The page names officers and subcommittee chairs only; the whole roll is the paged directory.
        let chairIDs = subcommittees.compactMap { $0.$chair.id }
        let members = try await NetworkMember.query(on: db).filter(\.$network.$id == id).group(.or) { or in
            or.filter(\.$role != .member)
            if !chairIDs.isEmpty { or.filter(\.$id ~~ chairIDs) }
        }.with(\.$organization).with(\.$expert).all()
        let rows = members.map(memberRow).sorted { (roleOrder($0.member.role), $0.name) < (roleOrder($1.member.role), $1.name) }
        let visibleEvents = {
            let query = NetworkEvent.query(on: db).filter(\.$network.$id == id)
            if !isMember { query.filter(\.$membersOnly == false) }
            return query
        }
        let eventPaging = Paging(page: pages.events, perPage: Self.sectionSize, total: try await visibleEvents().count())
        let events = try await eventPaging.slice(visibleEvents().sort(\.$startsAt, .descending).sort(\.$id))
        let held = try await visibleEvents().filter(\.$held == true).filter(\.$cancelled == false).field(\.$id).field(\.$startsAt).all()
        let heldPerYear = Dictionary(grouping: held, by: { String(SeoulTime.date($0.startsAt).prefix(4)) }).mapValues(\.count)
        let eventIDs = events.map(\.storedID)
        let confirmed = eventIDs.isEmpty ? [] : try await EventRegistration.query(on: db).filter(\.$event.$id ~~ eventIDs).filter(\.$status == .registered)
            .field(\.$id).field(\.$event.$id).all()
        let registered = Dictionary(grouping: confirmed, by: { $0.$event.id }).mapValues(\.count)
        let allTasks = { JointTask.query(on: db).filter(\.$network.$id == id) }
        let taskPaging = Paging(page: pages.tasks, perPage: Self.sectionSize, total: isMember ? try await allTasks().count() : 0)
        let tasks = isMember ? try await taskPaging.slice(allTasks().sort(\.$createdAt, .descending).sort(\.$id)) : []
        let actorOrgIDs = actor.memberships.map(\.organizationID)
        let memberOrgs = actorOrgIDs.isEmpty ? [] : Set(try await NetworkMember.query(on: db).filter(\.$network.$id == id)
            .filter(\.$organization.$id ~~ actorOrgIDs).all().compactMap { $0.$organization.id })
        let myOrgs = actorOrgIDs.isEmpty ? [] : try await Organization.query(on: db).filter(\.$id ~~ actorOrgIDs).all()
            .filter { !memberOrgs.contains($0.storedID) }
        let pending = myOrgs.isEmpty ? false : try await NetworkJoinRequest.query(on: db).filter(\.$network.$id == id)
            .filter(\.$organization.$id ~~ myOrgs.compactMap(\.id)).filter(\.$status == .pending).first() != nil
        return Overview(network: network, programName: try await network.$program.get(on: db)?.name, isMember: isMember, canManage: canManage, operates: operates,
                        members: isMember ? rows : rows.filter { $0.member.role != .member }, subcommittees: subcommittees,
                        events: events, eventPaging: eventPaging, heldPerYear: heldPerYear, registered: registered,
                        tasks: tasks, taskPaging: taskPaging, myOrganizations: myOrgs, pendingJoin: pending, now: now)
    }

    static func roleOrder(_ role: NetworkRole) -> Int { NetworkRole.allCases.firstIndex(of: role) ?? 9 }

    /// A member with its organisation and expert loaded.
    static func memberRow(_ m: NetworkMember) -> MemberRow {
        MemberRow(member: m, name: m.organization?.name ?? m.expert?.name ?? "",
                  detail: m.organization.map { o in
                      Localized([o.stage?.label.ko ?? "", o.kind.label.ko].filter { !$0.isEmpty }.joined(separator: " · "),
                                [o.stage?.label.en ?? "", o.kind.label.en].filter { !$0.isEmpty }.joined(separator: " · "))
                  } ?? m.expert.map { Localized("\($0.sector.label.ko) · \($0.affiliation)", "\($0.sector.label.en) · \($0.affiliation)") } ?? Localized("", ""))
    }
}

