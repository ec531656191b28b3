import Fluent
import Foundation
import IeumCore
import Vapor

/// The signed-in person a request acts for, with the organisations they belong to.
public struct Principal: Sendable, Equatable {
    public struct OrganizationRole: Sendable, Equatable {
        public let organizationID: UUID
        /// The kind the organisation was registered as, whatever its approval status.
        public let registeredKind: OrganizationKind
        public let status: ApprovalStatus
        public let role: MembershipRole

        public init(organizationID: UUID, kind: OrganizationKind, status: ApprovalStatus = .approved, role: MembershipRole) {
            self.organizationID = organizationID
            self.registeredKind = kind
            self.status = status
            self.role = role
        }

        /// The kind whose rights this membership gives: nil until an operator approves the
        /// organisation (and again once it is rejected). Every kind check reads this.
        public var kind: OrganizationKind? { status == .approved ? registeredKind : nil }
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

    /// Whether the actor belongs to an *approved* organisation of `kind`.
    public func belongs(toKind kind: OrganizationKind) -> Bool {
        memberships.contains { $0.kind == kind }
    }

    /// The approved organisations of `kind` the actor belongs to.
    public func organizations(ofKind kind: OrganizationKind) -> [UUID] {
        memberships.filter { $0.kind == kind }.map(\.organizationID)
    }

    /// The approved organisations the actor belongs to: the ones that act in meetings, networks and calls.
    public var approvedOrganizationIDs: [UUID] {
        memberships.filter { $0.kind != nil }.map(\.organizationID)
    }

    /// The agencies an operator works for: every agency membership whatever its approval status,
    /// so a pending or rejected agency narrows an operator's scope and never widens it.
    public var operatorAgencies: Set<UUID> {
        Set(memberships.filter { $0.registeredKind == .agency }.map(\.organizationID))
    }

    /// An operator who belongs to no agency runs the whole platform.
    public var isPlatformOperator: Bool { isOperator && operatorAgencies.isEmpty }

    /// The agencies whose programs the operator runs: nil for a platform operator (all), empty for
    /// someone who is no operator.
    public var operatorScope: Set<UUID>? {
        guard isOperator else { return [] }
        let agencies = operatorAgencies
        return agencies.isEmpty ? nil : agencies
    }

    /// Whether the actor runs what belongs to a program operated by `agency`. A record outside any
    /// program, or of a program without an agency, is every operator's.
    public func operates(agency: UUID?) -> Bool {
        guard let scope = operatorScope else { return true }
        guard isOperator else { return false }
        guard let agency else { return true }
        return scope.contains(agency)
    }
}

extension Principal {
    /// The actor as it acts for one of its organisations: the other memberships are set aside
    /// for the request, so lists, applications and rights are that organisation's. Agency
    /// memberships stay (they scope an operator and must never widen by being dropped), and a
    /// choice that is no membership (left, removed) changes nothing.
    public func acting(for organizationID: UUID) -> Principal {
        guard isMember(of: organizationID) else { return self }
        return Principal(userID: userID, name: name, email: email, platformRole: platformRole,
                     memberships: memberships.filter { $0.organizationID == organizationID || $0.registeredKind == .agency })
    }
}

struct ActorKey: StorageKey {
    typealias Value = Principal
}

extension Request {
    /// The signed-in actor, or nil for a visitor.
    public var actor: Principal? {
        get { storage[ActorKey.self] }
        set { storage[ActorKey.self] = newValue }
    }

    /// The actor, or a redirect to the login page (HTML) / 401 (API).
    func requireActor() throws -> Principal {
        guard let actor else { throw Abort(.unauthorized) }
        return actor
    }
}

extension User {
    /// Loads the memberships and builds the actor value.
    func actor(on db: any Database) async throws -> Principal {
        let memberships = try await Membership.query(on: db)
            .filter(\.$user.$id == requireID())
            .with(\.$organization)
            .all()
        return Principal(
            userID: try requireID(),
            name: name,
            email: email,
            platformRole: platformRole,
            memberships: memberships.map {
                Principal.OrganizationRole(organizationID: $0.$organization.id, kind: $0.organization.kind, status: $0.organization.status, role: $0.role)
            }
        )
    }
}

extension Principal {
    /// The shell (`ieum export`, `ieum import`): whoever can run the binary against the database
    /// already has the data, so the command line acts with an operator's rights.
    public static let shell = Principal(
        userID: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), name: "shell", email: "shell@localhost",
        platformRole: .operator, memberships: []
    )
}
