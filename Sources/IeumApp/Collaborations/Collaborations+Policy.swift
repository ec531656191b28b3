import Foundation
import IeumCore

/// The facts that decide access to a collaboration.
public struct CollaborationAccess: Sendable, Equatable {
    public let partyOrganizationIDs: Set<UUID>
    /// The agency running the collaboration's program, if any.
    public let programOperatorID: UUID?

    public init(partyOrganizationIDs: Set<UUID>, programOperatorID: UUID?) {
        self.partyOrganizationIDs = partyOrganizationIDs
        self.programOperatorID = programOperatorID
    }
}

public enum CollaborationAction: Sendable {
    case view(CollaborationAccess)
    /// Ask for a stage change, add evidence, funding, milestones and outcomes.
    case work(CollaborationAccess)
    /// Approve stage gates, confirm outcomes.
    case approve(CollaborationAccess)
    case createDirect
}

/// Who may see and change collaborations (PRODUCT.md): each party its own; an operator those of the
/// programs their agency runs (an operator who belongs to no agency is a platform operator and sees
/// all). `CollaborationAccessTableTests` tries each person against each action.
public enum CollaborationPolicy {
    public static func can(_ actor: Principal?, _ action: CollaborationAction) -> Bool {
        guard let actor else { return false }
        switch action {
        case .view(let c), .work(let c):
            if operates(actor, c) { return true }
            return c.partyOrganizationIDs.contains { actor.isMember(of: $0) }
        case .approve(let c):
            return operates(actor, c)
        case .createDirect:
            return actor.isOperator
        }
    }

    /// Whether the actor is an operator of the collaboration's program (`Principal.operates(agency:)`:
    /// an agency's operator is scoped by every agency membership, approved or not).
    static func operates(_ actor: Principal, _ c: CollaborationAccess) -> Bool {
        actor.isOperator && actor.operates(agency: c.programOperatorID)
    }

    /// The programs an operator's dashboards cover: nil means all.
    public static func programOperatorScope(_ actor: Principal) -> Set<UUID>? {
        actor.isOperator ? actor.operatorScope : []
    }
}
