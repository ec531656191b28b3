import Foundation
import IeumCore
import Testing
@testable import IeumApp

/// Who may do what in the registry, as a table: every kind of actor × every action on every
/// kind of organisation. The Principal values are built directly; no database, no HTTP.
@Suite("Registry access rules")
struct RegistryPolicyTests {
    // MARK: the organisations

    static let startupA = OrganizationAccess(id: id(1), kind: .startup, status: .approved, openToPartners: false)
    static let openStartup = OrganizationAccess(id: id(2), kind: .startup, status: .approved, openToPartners: true)
    static let closedStartup = OrganizationAccess(id: id(3), kind: .startup, status: .approved, openToPartners: false)
    static let pendingOrg = OrganizationAccess(id: id(4), kind: .startup, status: .pending, openToPartners: true)
    static let demandOrg = OrganizationAccess(id: id(5), kind: .demand, status: .approved, openToPartners: true)
    static let ownDemand = OrganizationAccess(id: id(6), kind: .demand, status: .approved, openToPartners: true)
    static let ownInvestor = OrganizationAccess(id: id(7), kind: .investor, status: .approved, openToPartners: true)
    static let ownAgency = OrganizationAccess(id: id(8), kind: .agency, status: .approved, openToPartners: true)

    // MARK: the actors

    enum ActorKind: String, CaseIterable, Sendable {
        case visitor, `operator`, judge, startupAdmin, startupMember, demandMember, investorMember, agencyMember

        var actor: Principal? {
            switch self {
            case .visitor: nil
            case .operator: RegistryPolicyTests.actor(.operator)
            case .judge: RegistryPolicyTests.actor(.judge)
            case .startupAdmin: RegistryPolicyTests.actor(.member, in: startupA, as: .admin)
            case .startupMember: RegistryPolicyTests.actor(.member, in: startupA, as: .member)
            case .demandMember: RegistryPolicyTests.actor(.member, in: ownDemand, as: .member)
            case .investorMember: RegistryPolicyTests.actor(.member, in: ownInvestor, as: .member)
            case .agencyMember: RegistryPolicyTests.actor(.member, in: ownAgency, as: .member)
            }
        }

        /// The actor's own organisation; operators, judges and visitors have none, so theirs is startup A.
        var own: OrganizationAccess {
            switch self {
            case .demandMember: ownDemand
            case .investorMember: ownInvestor
            case .agencyMember: ownAgency
            default: startupA
            }
        }
    }

    enum Target: String, CaseIterable, Sendable {
        case own, openStartup, closedStartup, pendingOrg, demandOrg
    }

    enum Action: Sendable, Hashable, CustomStringConvertible {
        case browse, create, approve, importData, export, viewAuditLog, editTaxonomy, manageUsers
        case view(Target), viewContact(Target), edit(Target)

        static var all: [Action] {
            [.browse, .create, .approve, .importData, .export, .viewAuditLog, .editTaxonomy, .manageUsers]
                + Target.allCases.flatMap { [Action.view($0), .viewContact($0), .edit($0)] }
        }

        var description: String {
            switch self {
            case .browse: "browse"
            case .create: "create"
            case .approve: "approve"
            case .importData: "importData"
            case .export: "export"
            case .viewAuditLog: "viewAuditLog"
            case .editTaxonomy: "editTaxonomy"
            case .manageUsers: "manageUsers"
            case .view(let t): "view(\(t.rawValue))"
            case .viewContact(let t): "viewContact(\(t.rawValue))"
            case .edit(let t): "edit(\(t.rawValue))"
            }
        }

        func registryAction(for actor: ActorKind) -> RegistryAction {
            func access(_ target: Target) -> OrganizationAccess {
                switch target {
                case .own: actor.own
                case .openStartup: RegistryPolicyTests.openStartup
                case .closedStartup: RegistryPolicyTests.closedStartup
                case .pendingOrg: RegistryPolicyTests.pendingOrg
                case .demandOrg: RegistryPolicyTests.demandOrg
                }
            }
            switch self {
            case .browse: return .browse
            case .create: return .create
            case .approve: return .approve
            case .importData: return .importData
            case .export: return .export
            case .viewAuditLog: return .viewAuditLog
            case .editTaxonomy: return .editTaxonomy
            case .manageUsers: return .manageUsers
            case .view(let t): return .view(access(t))
            case .viewContact(let t): return .viewContact(access(t))
            case .edit(let t): return .edit(access(t))
            }
        }
    }

    // MARK: the table

    /// view, viewContact, edit of one organisation.
    struct Rights: Sendable {
        let view: Bool, contact: Bool, edit: Bool
        static let all = Rights(view: true, contact: true, edit: true)
        static let viewAndContact = Rights(view: true, contact: true, edit: false)
        static let viewOnly = Rights(view: true, contact: false, edit: false)
        static let none = Rights(view: false, contact: false, edit: false)
    }

    struct Row: Sendable {
        let actor: ActorKind
        let browseAndCreate: Bool
        /// approve, importData, export, viewAuditLog, editTaxonomy, manageUsers
        let administer: Bool
        let own: Rights, openStartup: Rights, closedStartup: Rights, pendingOrg: Rights, demandOrg: Rights
    }

    static let table: [Row] = [
        //                                  browse/create  admin   own              open startup   closed startup   pending org  demand org
        Row(actor: .visitor,        browseAndCreate: false, administer: false, own: .none,           openStartup: .none,     closedStartup: .none,     pendingOrg: .none, demandOrg: .none),
        Row(actor: .operator,       browseAndCreate: true,  administer: true,  own: .all,            openStartup: .all,      closedStartup: .all,      pendingOrg: .all,  demandOrg: .all),
        Row(actor: .judge,          browseAndCreate: true,  administer: false, own: .none,           openStartup: .none,     closedStartup: .none,     pendingOrg: .none, demandOrg: .viewOnly),
        Row(actor: .startupAdmin,   browseAndCreate: true,  administer: false, own: .all,            openStartup: .none,     closedStartup: .none,     pendingOrg: .none, demandOrg: .viewOnly),
        Row(actor: .startupMember,  browseAndCreate: true,  administer: false, own: .viewAndContact, openStartup: .none,     closedStartup: .none,     pendingOrg: .none, demandOrg: .viewOnly),
        Row(actor: .demandMember,   browseAndCreate: true,  administer: false, own: .viewAndContact, openStartup: .viewOnly, closedStartup: .viewOnly, pendingOrg: .none, demandOrg: .viewOnly),
        Row(actor: .investorMember, browseAndCreate: true,  administer: false, own: .viewAndContact, openStartup: .viewOnly, closedStartup: .none,     pendingOrg: .none, demandOrg: .viewOnly),
        Row(actor: .agencyMember,   browseAndCreate: true,  administer: false, own: .viewAndContact, openStartup: .viewOnly, closedStartup: .viewOnly, pendingOrg: .none, demandOrg: .viewOnly),
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        let actor: ActorKind
        let action: Action
        let expected: Bool
        var testDescription: String { "\(actor.rawValue) \(expected ? "may" : "may not") \(action)" }
    }

    static var cases: [Case] {
        table.flatMap { row in
            Action.all.map { action in
                Case(actor: row.actor, action: action, expected: expected(row, action))
            }
        }
    }

    static func expected(_ row: Row, _ action: Action) -> Bool {
        func rights(_ target: Target) -> Rights {
            switch target {
            case .own: row.own
            case .openStartup: row.openStartup
            case .closedStartup: row.closedStartup
            case .pendingOrg: row.pendingOrg
            case .demandOrg: row.demandOrg
            }
        }
        switch action {
        case .browse, .create: return row.browseAndCreate
        case .approve, .importData, .export, .viewAuditLog, .editTaxonomy, .manageUsers: return row.administer
        case .view(let t): return rights(t).view
        case .viewContact(let t): return rights(t).contact
        case .edit(let t): return rights(t).edit
        }
    }

    @Test("the table covers every actor and every action")
    func tableIsComplete() {
        #expect(Set(Self.table.map(\.actor)) == Set(ActorKind.allCases))
        #expect(Self.cases.count == ActorKind.allCases.count * 23)
    }

    @Test("RegistryPolicy.can", arguments: cases)
    func policy(_ c: Case) {
        // given
        let actor = c.actor.actor
        // when
        let allowed = RegistryPolicy.can(actor, c.action.registryAction(for: c.actor))
        // then
        #expect(allowed == c.expected)
    }

    // MARK: the rules around the table

    @Test("members see, and admins edit, their own organisation while it waits for approval or after rejection", arguments: [ApprovalStatus.pending, .rejected])
    func ownUnapprovedOrganization(status: ApprovalStatus) {
        // given
        let own = OrganizationAccess(id: Self.id(9), kind: .startup, status: status, openToPartners: false)
        let admin = Self.actor(.member, in: own, as: .admin)
        let member = Self.actor(.member, in: own, as: .member)
        let stranger = Self.actor(.member, in: Self.ownDemand, as: .admin)
        // then
        #expect(RegistryPolicy.can(admin, .view(own)))
        #expect(RegistryPolicy.can(admin, .viewContact(own)))
        #expect(RegistryPolicy.can(admin, .edit(own)))
        #expect(RegistryPolicy.can(member, .view(own)))
        #expect(!RegistryPolicy.can(member, .edit(own)))
        #expect(!RegistryPolicy.can(stranger, .view(own)))
    }

    @Test("a rejected organisation is hidden like a pending one", arguments: ActorKind.allCases.filter { $0 != .operator })
    func rejectedIsHidden(kind: ActorKind) {
        // given
        let rejected = OrganizationAccess(id: Self.id(10), kind: .demand, status: .rejected, openToPartners: true)
        // when / then
        #expect(!RegistryPolicy.can(kind.actor, .view(rejected)))
    }

    @Test("lists show startups to those who work with them, to investors only when open, to startups never")
    func visibleKinds() throws {
        // given / when
        let forStartup = RegistryPolicy.visibleKinds(for: try #require(ActorKind.startupMember.actor))
        let forInvestor = RegistryPolicy.visibleKinds(for: try #require(ActorKind.investorMember.actor))
        let forDemand = RegistryPolicy.visibleKinds(for: try #require(ActorKind.demandMember.actor))
        let forJudge = RegistryPolicy.visibleKinds(for: try #require(ActorKind.judge.actor))
        // then
        #expect(!forStartup.kinds.contains(.startup))
        #expect(Set(forStartup.kinds) == Set(OrganizationKind.allCases).subtracting([.startup]))
        #expect(forInvestor.kinds.contains(.startup) && forInvestor.startupsOnlyIfOpen)
        #expect(Set(forDemand.kinds) == Set(OrganizationKind.allCases) && !forDemand.startupsOnlyIfOpen)
        // judges see applications assigned to them, not the startup registry (PRODUCT.md)
        #expect(!forJudge.kinds.contains(.startup))
    }

    // MARK: helpers

    static func id(_ n: UInt8) -> UUID {
        UUID(uuid: (n, 0, 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, n))
    }

    static func actor(_ role: PlatformRole, in org: OrganizationAccess? = nil, as membership: MembershipRole = .member) -> Principal {
        Principal(
            userID: UUID(), name: "tester", email: "tester@ieum.example", platformRole: role,
            memberships: org.map { [Principal.OrganizationRole(organizationID: $0.id, kind: $0.kind, role: membership)] } ?? []
        )
    }
}
