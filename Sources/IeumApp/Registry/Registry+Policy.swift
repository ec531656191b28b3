import Fluent
import Foundation
import IeumCore

/// Who may do what in the registry. Every registry handler asks here; tested as a table.
public enum RegistryAction: Sendable {
    case browse
    case view(OrganizationAccess)
    case viewContact(OrganizationAccess)
    case create
    case edit(OrganizationAccess)
    case approve
    case importData
    case export
    /// The whole audit log (platform operators).
    case viewAuditLog
    /// The audit entries written by the people of the operator's own agencies.
    case viewAgencyAuditLog
    case editTaxonomy
    case manageUsers
}

/// The facts about an organisation that decide access to it.
public struct OrganizationAccess: Sendable, Equatable {
    public let id: UUID
    public let kind: OrganizationKind
    public let status: ApprovalStatus
    public let openToPartners: Bool
    /// The agencies running programs the organisation takes part in (as the agency, a participant,
    /// a collaboration party, the owner of a need in a call, or an applicant to one): their operators
    /// may see its contacts. Empty unless loaded (`RegistryService.access(of:)`).
    public let programAgencies: Set<UUID>

    public init(id: UUID, kind: OrganizationKind, status: ApprovalStatus, openToPartners: Bool, programAgencies: Set<UUID> = []) {
        self.id = id
        self.kind = kind
        self.status = status
        self.openToPartners = openToPartners
        self.programAgencies = programAgencies
    }
}

public enum RegistryPolicy {
    public static func can(_ actor: Principal?, _ action: RegistryAction) -> Bool {
        guard let actor else { return false }  // the registry is for signed-in people only
        // The administrative rights that belong to other capabilities are read from their tables.
        switch action {
        case .importData: return ImportPolicy.can(actor, .importData)
        case .export: return ImportPolicy.can(actor, .export)
        case .editTaxonomy: return TaxonomyPolicy.can(actor, .edit)
        case .manageUsers: return AccountPolicy.can(actor, .manageUsers)
        default: break
        }
        if actor.isPlatformOperator { return true }
        if actor.isOperator { return agencyOperatorCan(actor, action) }
        switch action {
        case .browse, .create:
            return true
        case .view(let org):
            if actor.isMember(of: org.id) { return true }
            guard org.status == .approved else { return false }
            return mayViewApproved(actor, org)
        case .viewContact(let org):
            // Contacts are confidential: the organisation's own people and operators only.
            return actor.isMember(of: org.id)
        case .edit(let org):
            return actor.isAdmin(of: org.id)
        case .approve, .importData, .export, .viewAuditLog, .viewAgencyAuditLog, .editTaxonomy, .manageUsers:
            return false
        }
    }

    /// An agency's operator: the registry's profiles, approvals and imports like every operator;
    /// contacts only of organisations in their agencies' programs (and their own); no registry-wide
    /// export, user administration, taxonomy editing or whole audit log (platform operators').
    static func agencyOperatorCan(_ actor: Principal, _ action: RegistryAction) -> Bool {
        switch action {
        case .browse, .create, .view, .edit, .approve, .importData, .viewAgencyAuditLog:
            return true
        case .viewContact(let org):
            if actor.isMember(of: org.id) { return true }
            return !actor.operatorAgencies.isDisjoint(with: org.programAgencies)
        case .export, .viewAuditLog, .editTaxonomy, .manageUsers:
            return false
        }
    }

    /// Approved profiles: everything but startups is visible to every signed-in person. A startup's
    /// profile is for those who work with startups (demand organisations, agencies, institutes), and
    /// for investors and buyers only when the startup opened it to partners. Startups do not see
    /// each other's profiles.
    static func mayViewApproved(_ actor: Principal, _ org: OrganizationAccess) -> Bool {
        guard org.kind == .startup else { return true }
        // Judges see only the applications assigned to them (PRODUCT.md), never the startup registry.
        if actor.belongs(toKind: .demand) || actor.belongs(toKind: .agency) || actor.belongs(toKind: .research) {
            return true
        }
        if actor.belongs(toKind: .investor) { return org.openToPartners }
        return false
    }

    /// Kinds of approved organisation an actor may find in lists, for building list queries.
    public static func visibleKinds(for actor: Principal) -> (kinds: [OrganizationKind], startupsOnlyIfOpen: Bool) {
        if actor.isOperator || actor.belongs(toKind: .demand) || actor.belongs(toKind: .agency) || actor.belongs(toKind: .research) {
            return (OrganizationKind.allCases, false)
        }
        if actor.belongs(toKind: .investor) { return (OrganizationKind.allCases, true) }
        return (OrganizationKind.allCases.filter { $0 != .startup }, false)
    }
}

extension Organization {
    public var access: OrganizationAccess {
        OrganizationAccess(id: storedID, kind: kind, status: status, openToPartners: openToPartners)
    }

    /// `access` with the agencies of the programs it takes part in, for contact decisions.
    func access(on db: any Database) async throws -> OrganizationAccess {
        let id = try requireID()
        let agencies = try await RegistryService.programAgencies(of: [id], on: db)[id] ?? []
        return OrganizationAccess(id: id, kind: kind, status: status, openToPartners: openToPartners, programAgencies: agencies)
    }
}
