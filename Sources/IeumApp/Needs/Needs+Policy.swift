import Foundation
import IeumCore

/// The facts about a need that decide who sees and does what with it, including the asking
/// actor's own relation to it (pledge signed, application status).
public struct NeedAccess: Sendable, Equatable {
    public let id: UUID
    public let organizationID: UUID
    public let status: NeedStatus
    public let anonymous: Bool
    /// The actor accepted the confidentiality pledge for this need.
    public let pledged: Bool
    /// The status of the application of the actor's startup to this need, if any.
    public let ownApplication: ApplicationStatus?
    /// The agency running the program of the need's call (nil: not in a call, or a program without
    /// an agency; every operator's then).
    public let programAgency: UUID?

    public init(id: UUID, organizationID: UUID, status: NeedStatus, anonymous: Bool, pledged: Bool, ownApplication: ApplicationStatus?,
                programAgency: UUID? = nil) {
        self.id = id
        self.organizationID = organizationID
        self.status = status
        self.anonymous = anonymous
        self.pledged = pledged
        self.ownApplication = ownApplication
        self.programAgency = programAgency
    }
}

/// The facts about an application that decide access to it.
public struct ApplicationAccess: Sendable, Equatable {
    public let startupID: UUID
    public let needOrganizationID: UUID
    public let status: ApplicationStatus
    /// The agency running the program of the need's call (see `NeedAccess.programAgency`).
    public let programAgency: UUID?

    public init(startupID: UUID, needOrganizationID: UUID, status: ApplicationStatus, programAgency: UUID? = nil) {
        self.startupID = startupID
        self.needOrganizationID = needOrganizationID
        self.status = status
        self.programAgency = programAgency
    }
}

public enum NeedAction: Sendable {
    case viewTeaser(NeedAccess)
    case viewDetail(NeedAccess)
    case viewOrganizationName(NeedAccess)
    case pledge(NeedAccess)
    case create(organizationID: UUID)
    case edit(NeedAccess)
    case submit(NeedAccess)
    case publish(NeedAccess)
    case close(NeedAccess)
    case award(NeedAccess)
    case cancel(NeedAccess)
    case returnToDraft(NeedAccess)
    case listApplications(NeedAccess)
    case invite(NeedAccess)
    case viewRecommendations(NeedAccess)
    case apply(NeedAccess)
    case viewProposal(ApplicationAccess)
    case editProposal(ApplicationAccess)
    case withdraw(ApplicationAccess)
    case review(ApplicationAccess)
}

/// Who may do what with needs and applications (PRODUCT.md, "Users and what each may see").
/// Every handler asks here; `NeedAccessTableTests` tries every actor against every action.
public enum NeedPolicy {
    public static func can(_ actor: Principal?, _ action: NeedAction) -> Bool {
        switch action {
        case .viewTeaser(let need):
            if need.status.isPublic { return true }
            return isOwnerOrOperator(actor, need)
        case .viewDetail(let need):
            if isOwnerOrOperator(actor, need) { return true }
            guard let actor, need.status.isPublic, isStartupMember(actor) else { return false }
            return need.pledged
        case .viewOrganizationName(let need):
            if isOwnerOrOperator(actor, need) { return true }
            guard can(actor, .viewTeaser(need)) else { return false }
            return !need.anonymous || (need.ownApplication?.isAccepted ?? false)
        case .pledge(let need), .apply(let need):
            guard let actor, need.status == .published, isStartupMember(actor) else { return false }
            return true
        case .create(let organizationID):
            guard let actor else { return false }
            return actor.isOperator || actor.memberships.contains { $0.organizationID == organizationID && $0.kind == .demand }
        case .edit(let need):
            guard !need.status.isFinal, need.status != .closed else { return false }
            return isApprovedOwnerOrOperator(actor, need)
        case .submit(let need):
            return need.status == .draft && isApprovedOwnerOrOperator(actor, need)
        case .publish(let need):
            return (need.status == .submitted || need.status == .draft) && operates(actor, need.programAgency)
        case .returnToDraft(let need):
            return need.status == .submitted && operates(actor, need.programAgency)
        case .close(let need):
            return need.status == .published && operates(actor, need.programAgency)
        case .award(let need):
            return need.status == .closed && isOwnerOrOperator(actor, need)
        case .cancel(let need):
            guard !need.status.isFinal, let actor else { return false }
            return operates(actor, need.programAgency) || actor.isAdmin(of: need.organizationID)
        case .listApplications(let need), .viewRecommendations(let need):
            return isOwnerOrOperator(actor, need)
        case .invite(let need):
            return need.status == .published && isApprovedOwnerOrOperator(actor, need)
        case .viewProposal(let application):
            guard let actor else { return false }
            if operates(actor, application.programAgency) || actor.isMember(of: application.startupID) { return true }
            return actor.isMember(of: application.needOrganizationID) && application.status.isVisibleToReviewers
        case .editProposal(let application):
            // Writing a proposal is a startup's right: only while the startup is approved.
            return application.status == .draft && (actor?.approvedOrganizationIDs.contains(application.startupID) ?? false)
        case .withdraw(let application):
            guard application.status == .draft || application.status == .submitted || application.status == .screening else { return false }
            return actor?.isMember(of: application.startupID) ?? false
        case .review(let application):
            guard let actor, !application.status.reviewTransitions.isEmpty else { return false }
            return operates(actor, application.programAgency) || actor.isMember(of: application.needOrganizationID)
        }
    }

    static func isOwnerOrOperator(_ actor: Principal?, _ need: NeedAccess) -> Bool {
        guard let actor else { return false }
        return operates(actor, need.programAgency) || actor.isMember(of: need.organizationID)
    }

    /// Writing the need (edit, submit, invite) is the demand organisation's right only while it is
    /// approved; its people keep reading what they wrote.
    static func isApprovedOwnerOrOperator(_ actor: Principal?, _ need: NeedAccess) -> Bool {
        guard let actor else { return false }
        return operates(actor, need.programAgency) || actor.approvedOrganizationIDs.contains(need.organizationID)
    }

    /// An operator who runs the need's program: a platform operator, or an operator of the agency
    /// running the program of the need's call. A need not yet in a call is every operator's.
    static func operates(_ actor: Principal?, _ programAgency: UUID?) -> Bool {
        guard let actor else { return false }
        return actor.isOperator && actor.operates(agency: programAgency)
    }

    static func isStartupMember(_ actor: Principal) -> Bool { actor.belongs(toKind: .startup) }
}
