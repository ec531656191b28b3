import Fluent
import Foundation
import IeumCore
import SQLKit

/// Member statistics of a network, computed from the registry (회원사 현황).
public struct NetworkStatistics: Sendable, Equatable {
    public struct FieldRow: Sendable, Equatable {
        public let field: String
        public let members: Int
        public let investmentKRW: Int64
        public let revenueKRW: Int64
    }

    public struct StageRow: Sendable, Equatable {
        public let stage: Stage?
        public let count: Int
    }

    public var members = 0
    public var organizations = 0
    public var experts = 0
    /// Stage → organisations, in the registry's stage order; `nil` stage counted as 미입력.
    public var stages: [StageRow] = []
    public var investmentKRW: Int64 = 0
    public var revenueKRW: Int64 = 0
    public var fields: [FieldRow] = []
}

/// Networks and councils: membership, officers and subcommittees, events with registration and a
/// waitlist, joint tasks. Members-only parts answer 404 to everyone else.
public enum NetworkService {
    public static func find(_ id: UUID?, on db: any Database) async throws -> Network {
        guard let id, let network = try await Network.find(id, on: db) else { throw IeumError.notFound }
        return network
    }

    /// An operator of the network's program's agency (or a platform operator).
    public static func manages(_ actor: Principal?, _ network: Network, on db: any Database) async throws -> Bool {
        guard actor?.isOperator ?? false else { return false }
        let program = try await ProgramService.access(network.$program.id, on: db)
        return NetworkPolicy.can(actor, .operate(NetworkAccess(program: program, roles: [])))
    }

    /// The actor's memberships in the network (through their organisations, their own account or their expert record).
    public static func memberships(of actor: Principal?, in network: Network, on db: any Database) async throws -> [NetworkMember] {
        guard let actor else { return [] }
        let networkID = try network.requireID()
        let orgIDs = actor.approvedOrganizationIDs  // a pending or rejected organisation gives nothing
        let expertID = try await EvaluationService.expert(for: actor, on: db)?.id
        return try await NetworkMember.query(on: db).filter(\.$network.$id == networkID).group(.or) { or in
            if !orgIDs.isEmpty { or.filter(\.$organization.$id ~~ orgIDs) }
            or.filter(\.$user.$id == actor.userID)
            if let expertID { or.filter(\.$expert.$id == expertID) }
        }.all()
    }

    /// Whether the members' area is open to `actor`: a member, or an operator of the program.
    public static func isMember(_ actor: Principal?, _ network: Network, on db: any Database) async throws -> Bool {
        NetworkPolicy.can(actor, .enterMembersArea(try await access(actor, network, on: db)))
    }

    /// Chair and vice-chair approve members; operators too. 404 for whom the members' area is closed.
    static func requireOfficerOrOperator(_ actor: Principal, _ network: Network, on db: any Database) async throws {
        let access = try await access(actor, network, on: db)
        try NetworkPolicy.require(actor, .manage(access), access)
    }

    static func requireMember(_ actor: Principal, _ network: Network, on db: any Database) async throws {
        let access = try await access(actor, network, on: db)
        try NetworkPolicy.require(actor, .enterMembersArea(access), access)
    }

    // MARK: Members

    public static func addMember(_ network: Network, organizationID: UUID?, expertID: UUID?, role: NetworkRole, termEnd: Date?, by actor: Principal, on db: any Database, now: Date) async throws -> NetworkMember {
        try await requireOfficerOrOperator(actor, network, on: db)
        let networkID = try network.requireID()
        guard (organizationID == nil) != (expertID == nil) else {
            throw IeumError.refused(Localized("회원사 또는 전문가 중 하나를 고르세요.", "Choose one organisation or one expert."))
        }
        if let organizationID {
            guard let org = try await Organization.find(organizationID, on: db), org.status == .approved else {
                throw IeumError.refused(Localized("승인된 기관을 고르세요.", "Choose an approved organisation."))
            }
            if try await NetworkMember.query(on: db).filter(\.$network.$id == networkID).filter(\.$organization.$id == organizationID).first() != nil {
                throw IeumError.refused(Localized("이미 회원입니다.", "Already a member."))
            }
        }
        if let expertID {
            guard try await Expert.find(expertID, on: db) != nil else { throw IeumError.refused(Localized("전문가를 고르세요.", "Choose an expert.")) }
            if try await NetworkMember.query(on: db).filter(\.$network.$id == networkID).filter(\.$expert.$id == expertID).first() != nil {
                throw IeumError.refused(Localized("이미 회원입니다.", "Already a member."))
            }
        }
        if role == .chair, try await NetworkMember.query(on: db).filter(\.$network.$id == networkID).filter(\.$role == .chair).first() != nil {
            throw IeumError.refused(oneChairMessage)
        }
        let member = NetworkMember()
        member.$network.id = networkID
        member.$organization.id = organizationID
        member.$expert.id = expertID
        if let expertID { member.$user.id = try await Expert.find(expertID, on: db)?.$user.id }
        member.role = role
        member.termStart = role == .member ? nil : now
        member.termEnd = termEnd
        member.joinedAt = now
        do {
            try await db.transaction { db in
                try await member.create(on: db)
                try await Audit.record(on: db, actor: actor, action: "network.member", entityType: "network", entityID: networkID.uuidString,
                                       summary: "회원 추가 (\(role.label.ko))", at: now)
            }
        } catch let error where error.isUniqueViolation {
            // The unique indexes decide between two additions at the same moment.
            throw IeumError.refused(UniqueViolation(error)?.columns == ["network_id"] ? oneChairMessage : alreadyMemberMessage)
        }
        return member
    }

    static let oneChairMessage = Localized("운영위원장은 한 명입니다. 기존 위원장의 역할을 먼저 바꾸세요.", "There is one chair; change the current chair's role first.")
    static let alreadyMemberMessage = Localized("이미 회원입니다.", "Already a member.")
    static let pendingJoinMessage = Localized("이미 가입 신청을 했습니다. 승인을 기다려 주세요.", "A request is already waiting for approval.")

    public static func requestJoin(_ network: Network, organizationID: UUID?, message: String, by actor: Principal, on db: any Database, now: Date) async throws {
        guard let organizationID, actor.approvedOrganizationIDs.contains(organizationID) else {
            throw IeumError.refused(Localized("승인된 소속 기관을 고르세요.", "Choose your organisation (approved by an operator)."))
        }
        let networkID = try network.requireID()
        if try await NetworkMember.query(on: db).filter(\.$network.$id == networkID).filter(\.$organization.$id == organizationID).first() != nil {
            throw IeumError.refused(Localized("이미 회원입니다.", "Already a member."))
        }
        if try await NetworkJoinRequest.query(on: db).filter(\.$network.$id == networkID).filter(\.$organization.$id == organizationID).filter(\.$status == .pending).first() != nil {
            throw IeumError.refused(pendingJoinMessage)
        }
        let request = NetworkJoinRequest()
        request.$network.id = networkID
        request.$organization.id = organizationID
        request.userID = actor.userID
        request.message = String(message.trimmed.prefix(1_000))
        request.status = .pending
        request.createdAt = now
        do {
            try await request.create(on: db)
        } catch let error where error.isUniqueViolation {
            throw IeumError.refused(pendingJoinMessage)  // sent twice at the same moment: one pending request per organisation
        }
    }

    public static func decideJoin(_ network: Network, requestID: UUID?, approve: Bool, by actor: Principal, on db: any Database, now: Date) async throws {
        try await requireOfficerOrOperator(actor, network, on: db)
        guard let requestID, let request = try await NetworkJoinRequest.query(on: db).filter(\.$id == requestID).filter(\.$network.$id == network.requireID()).first() else {
            throw IeumError.notFound
        }
        let alreadyDecided = Localized("이미 처리한 신청입니다.", "Already decided.")
        guard request.status == .pending else { throw IeumError.refused(alreadyDecided) }
        try await db.transaction { db in
            // Decided once: two officers deciding at the same moment, one goes on.
            let decided = try await OnceOnly.update(NetworkJoinRequest.schema, id: requestID, on: db) {
                $0.set("status", to: SQLBind((approve ? JoinStatus.approved : .rejected).rawValue))
                    .where("status", .equal, SQLBind(JoinStatus.pending.rawValue))
            }
            guard decided else { throw IeumError.refused(alreadyDecided) }
            request.status = approve ? .approved : .rejected
            request.decidedBy = actor.userID
            request.decidedAt = now
            try await request.save(on: db)
            if approve {
                let member = NetworkMember()
                member.$network.id = try network.requireID()
                member.$organization.id = request.$organization.id
                member.$user.id = request.userID
                member.role = .member
                member.joinedAt = now
                try await member.create(on: db)
            }
            try await Audit.record(on: db, actor: actor, action: "network.join", entityType: "network", entityID: network.id?.uuidString,
                                   summary: "가입 신청 \(approve ? "승인" : "반려")", at: now)
        }
    }

    public static func addSubcommittee(_ network: Network, name: String, chairID: UUID?, memberIDs: [UUID], by actor: Principal, on db: any Database, now: Date) async throws -> Subcommittee {
        try await requireOfficerOrOperator(actor, network, on: db)
        let name = name.trimmed
        guard !name.isEmpty, name.count <= 50 else { throw IeumError.refused(Localized("분과 이름을 50자 이내로 입력하세요.", "Name the subcommittee in at most 50 characters.")) }
        let members = Set(try await NetworkMember.query(on: db).filter(\.$network.$id == network.requireID()).all().compactMap(\.id))
        guard chairID.map({ members.contains($0) }) ?? true, memberIDs.allSatisfy({ members.contains($0) }) else {
            throw IeumError.refused(Localized("분과장과 분과 위원은 회원 중에서 고르세요.", "Choose the chair and members among the network's members."))
        }
        let s = Subcommittee()
        s.$network.id = try network.requireID()
        s.name = name
        s.$chair.id = chairID
        s.memberIDs = Array(Set(memberIDs + (chairID.map { [$0] } ?? [])))
        try await s.create(on: db)
        return s
    }

    // MARK: Statistics

    public static func statistics(_ network: Network, on db: any Database) async throws -> NetworkStatistics {
        let members = try await NetworkMember.query(on: db).filter(\.$network.$id == network.requireID()).all()
        var stats = NetworkStatistics()
        stats.members = members.count
        stats.experts = members.filter { $0.$expert.id != nil }.count
        let orgIDs = members.compactMap { $0.$organization.id }
        stats.organizations = orgIDs.count
        guard !orgIDs.isEmpty else { return stats }
        let orgs = try await Organization.query(on: db).filter(\.$id ~~ orgIDs).all()
        // Checked sums: stored amounts past Int64 show the largest amount instead of stopping the server.
        stats.investmentKRW = orgs.saturatingSum { $0.investmentKRW ?? 0 }
        stats.revenueKRW = orgs.saturatingSum { $0.revenueKRW ?? 0 }
        let byStage = Dictionary(grouping: orgs, by: { $0.stage })
        stats.stages = (Stage.allCases.map { Optional($0) } + [nil]).compactMap { s in byStage[s].map { NetworkStatistics.StageRow(stage: s, count: $0.count) } }
        let main = try await OrganizationTechField.query(on: db).filter(\.$organization.$id ~~ orgIDs).filter(\.$position == 0).with(\.$techField).all()
        let fieldOf = Dictionary(main.map { ($0.$organization.id, $0.techField.nameKo) }, uniquingKeysWith: { a, _ in a })
        let grouped = Dictionary(grouping: orgs, by: { fieldOf[$0.storedID] ?? "미분류" })
        stats.fields = grouped.map { field, list in
            NetworkStatistics.FieldRow(field: field, members: list.count, investmentKRW: list.saturatingSum { $0.investmentKRW ?? 0 },
                                       revenueKRW: list.saturatingSum { $0.revenueKRW ?? 0 })
        }.sorted { ($0.members, $1.field) > ($1.members, $0.field) }
        return stats
    }

    static func statisticsTables(_ stats: NetworkStatistics) -> [ExportTable] {
        [ExportTable(key: "summary", title: Localized("회원 현황", "Members"),
                     columns: [Localized("회원", "Members"), Localized("회원사", "Organisations"), Localized("전문가", "Experts"),
                               Localized("누적 투자유치(원)", "Cumulative investment (KRW)"), Localized("연매출 합계(원)", "Annual revenue (KRW)")],
                     rows: [[.count(Int64(stats.members)), .count(Int64(stats.organizations)), .count(Int64(stats.experts)), .won(stats.investmentKRW), .won(stats.revenueKRW)]]),
         ExportTable(key: "stages", title: Localized("성장 단계별 회원사", "Members by stage"),
                     columns: [Localized("단계", "Stage"), Localized("회원사", "Organisations")],
                     rows: stats.stages.map { [.text($0.stage?.label ?? Localized("미입력", "Not given")), .count(Int64($0.count))] }),
         ExportTable(key: "fields", title: Localized("기술분야별 회원사", "Members by tech field"),
                     columns: [Localized("기술분야", "Tech field"), Localized("회원사", "Organisations"), Localized("누적 투자유치(원)", "Investment (KRW)"),
                               Localized("연매출(원)", "Revenue (KRW)")],
                     rows: stats.fields.map { [.text($0.field), .count(Int64($0.members)), .won($0.investmentKRW), .won($0.revenueKRW)] })]
    }
}
