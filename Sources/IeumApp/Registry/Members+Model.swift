import Fluent
import Foundation
import IeumCore
import Vapor

/// What an organisation's members page shows: plain values (issue 15, item 2). `MembersPage`
/// renders only this.
struct MembersModel: Sendable, Equatable {
    struct Member: Sendable, Equatable {
        let userID: UUID
        let name: String
        let email: String
        let role: MembershipRole
        let since: Date?
    }

    struct Request: Sendable, Equatable {
        let id: UUID
        let name: String
        let email: String
        let message: String
        let createdAt: Date
    }

    struct Invitation: Sendable, Equatable {
        let id: UUID
        let email: String
        let role: MembershipRole
        let expiresAt: Date
        let expired: Bool
    }

    var organizationID: UUID
    var organizationName: String
    var status: ApprovalStatus
    var members: [Member]
    var requests: [Request]
    var invitations: [Invitation]
    var canManage: Bool
    var actorID: UUID
    var inviteEmail: String
    var inviteRole: String
    var errors: FieldErrors
}

extension MembersModel {
    /// The members of `org`; requests to join and open invitations only for someone who manages it.
    static func load(_ org: Organization, actor: Principal, on db: any Database, now: Date, inviteInput: (String, String), errors: FieldErrors) async throws -> MembersModel {
        let id = try org.requireID()
        let memberships = try await Membership.query(on: db).filter(\.$organization.$id == id).with(\.$user).sort(\.$createdAt).limit(500).all()
        let canManage = MembersPolicy.can(actor, .manage, organization: id)
        var requests: [Request] = []
        var invitations: [Invitation] = []
        if canManage {
            requests = try await MembershipRequest.query(on: db).filter(\.$organization.$id == id).filter(\.$status == .pending)
                .with(\.$user).sort(\.$createdAt).limit(200).all()
                .compactMap { request in request.id.map { Request(id: $0, name: request.user.name, email: request.user.email, message: request.message, createdAt: request.createdAt) } }
            invitations = try await OrganizationInvitation.query(on: db).filter(\.$organization.$id == id).filter(\.$acceptedAt == nil)
                .filter(\.$revokedAt == nil).sort(\.$createdAt, .descending).limit(200).all()
                .compactMap { invitation in invitation.id.map { Invitation(id: $0, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt, expired: invitation.expiresAt <= now) } }
        }
        return MembersModel(
            organizationID: id, organizationName: org.name, status: org.status,
            members: memberships.map { Member(userID: $0.$user.id, name: $0.user.name, email: $0.user.email, role: $0.role, since: $0.createdAt) },
            requests: requests, invitations: invitations, canManage: canManage, actorID: actor.userID,
            inviteEmail: inviteInput.0, inviteRole: inviteInput.1, errors: errors)
    }
}

/// What the page for finding an organisation to join shows.
struct JoinOrganizationModel: Sendable, Equatable {
    struct Result: Sendable, Equatable {
        let id: UUID
        let name: String
        let kind: OrganizationKind
        let status: ApprovalStatus
        /// As stored (digits); the view shows it only to someone who searched by the number.
        let businessNumber: String?
    }

    var query: String
    var results: [Result]
    /// Organisations the person already asked to join and is waiting on.
    var pendingOrganizations: Set<UUID>
}

extension JoinOrganizationModel {
    static func load(query: String, actor: Principal, on db: any Database) async throws -> JoinOrganizationModel {
        let found = try await MembersController.search(query, on: db)
        let pending = try await MembershipRequest.query(on: db).filter(\.$user.$id == actor.userID).filter(\.$status == .pending).all()
        return JoinOrganizationModel(
            query: query,
            results: found.compactMap { org in
                org.id.map { Result(id: $0, name: org.name, kind: org.kind, status: org.status, businessNumber: org.businessNumber) }
            },
            pendingOrganizations: Set(pending.map { $0.$organization.id }))
    }
}

extension InvitationPage {
    /// The error page for an invitation that cannot be used (unknown, used, revoked, expired).
    static func refused(token: String, req: Vapor.Request) async throws -> Response {
        guard case .refused(let refusal) = try await Memberships.findInvitation(token, on: req.db, now: req.now) else {
            return ErrorPage(status: .gone, message: InvitationRefusal.used.message).response(req, status: .gone)
        }
        return ErrorPage(status: refusal == .unknown ? .notFound : .gone, message: refusal.message).response(req, status: refusal == .unknown ? .notFound : .gone)
    }
}
