import Fluent
import Foundation
import IeumCore

/// What `/welcome` shows: plain values (issue 15, item 2). `WelcomePage` renders only this.
struct WelcomeModel: Sendable, Equatable {
    struct OrganizationRow: Sendable, Equatable {
        let id: UUID
        let name: String
        let kind: OrganizationKind
        let status: ApprovalStatus
        let role: MembershipRole
    }

    struct RequestRow: Sendable, Equatable {
        let id: UUID
        let organizationName: String
        let status: JoinRequestStatus
        let createdAt: Date
    }

    var name: String
    var joinedAs: SignupKind?
    var organizations: [OrganizationRow]
    var requests: [RequestRow]
}

extension WelcomeModel {
    /// The person's organisations and their twenty latest requests to join.
    static func load(actor: Principal, on db: any Database) async throws -> WelcomeModel {
        let user = try await User.find(actor.userID, on: db)
        let memberships = try await Membership.query(on: db).filter(\.$user.$id == actor.userID).with(\.$organization).sort(\.$createdAt).all()
        let requests = try await MembershipRequest.query(on: db).filter(\.$user.$id == actor.userID).with(\.$organization)
            .sort(\.$createdAt, .descending).limit(20).all()
        return WelcomeModel(
            name: actor.name,
            joinedAs: user?.joinedAs.flatMap(SignupKind.init(rawValue:)),
            organizations: memberships.map { OrganizationRow(id: $0.$organization.id, name: $0.organization.name, kind: $0.organization.kind,
                                                              status: $0.organization.status, role: $0.role) },
            requests: requests.compactMap { request in
                request.id.map { RequestRow(id: $0, organizationName: request.organization.name, status: request.status, createdAt: request.createdAt) }
            })
    }
}
