import Fluent
import Foundation
import IeumCore
import Vapor

/// The signed-in person a request acts for, with the organisations they belong to.
public struct Actor: Sendable, Equatable {
    public struct OrganizationRole: Sendable, Equatable {
        public let organizationID: UUID
        public let kind: OrganizationKind
        public let role: MembershipRole
    }

    public let userID: UUID
    public let name: String
    public let email: String
    public let platformRole: PlatformRole
    public let memberships: [OrganizationRole]

    public init(userID: UUID, name: String, email: String, platformRole: PlatformRole, memberships: [OrganizationRole]) {
        self.userID = userID
        self.name = name
        self.email = email
        self.platformRole = platformRole
        self.memberships = memberships
    }

    public var isOperator: Bool { platformRole == .operator }
    public var isJudge: Bool { platformRole == .judge }

    public func isMember(of organizationID: UUID) -> Bool {
        memberships.contains { $0.organizationID == organizationID }
    }

    public func isAdmin(of organizationID: UUID) -> Bool {
        memberships.contains { $0.organizationID == organizationID && $0.role == .admin }
    }

    public func belongs(toKind kind: OrganizationKind) -> Bool {
        memberships.contains { $0.kind == kind }
    }
}

struct ActorKey: StorageKey {
    typealias Value = Actor
}

extension Request {
    /// The signed-in actor, or nil for a visitor.
    public var actor: Actor? {
        get { storage[ActorKey.self] }
        set { storage[ActorKey.self] = newValue }
    }

    /// The actor, or a redirect to the login page (HTML) / 401 (API).
    func requireActor() throws -> Actor {
        guard let actor else { throw Abort(.unauthorized) }
        return actor
    }
}

extension User {
    /// Loads the memberships and builds the actor value.
    func actor(on db: any Database) async throws -> Actor {
        let memberships = try await Membership.query(on: db)
            .filter(\.$user.$id == requireID())
            .with(\.$organization)
            .all()
        return Actor(
            userID: try requireID(),
            name: name,
            email: email,
            platformRole: platformRole,
            memberships: memberships.map {
                Actor.OrganizationRole(organizationID: $0.$organization.id, kind: $0.organization.kind, role: $0.role)
            }
        )
    }
}

extension Actor {
    /// The shell (`ieum export`, `ieum import`): whoever can run the binary against the database
    /// already has the data, so the command line acts with an operator's rights.
    public static let shell = Actor(
        userID: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), name: "shell", email: "shell@localhost",
        platformRole: .operator, memberships: []
    )
}
