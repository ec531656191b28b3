import Fluent
import Foundation
import IeumCore

/// Roles a person holds on the platform as a whole, apart from organisation memberships.
public enum PlatformRole: String, Codable, Sendable, CaseIterable {
    case member    // an ordinary account; what it may do comes from its memberships
    case `operator`  // 운영기관 staff
    case judge     // 심사위원 / 전문가
}

/// Role of a person inside an organisation.
public enum MembershipRole: String, Codable, Sendable, CaseIterable {
    case admin    // may edit the organisation's profile and manage members
    case member
}

/// A person with an account.
public final class User: Model, @unchecked Sendable {
    public static let schema = "users"

    @ID(key: .id) public var id: UUID?
    @Field(key: "email") public var email: String
    @Field(key: "name") public var name: String
    @Field(key: "password_hash") public var passwordHash: String
    @Enum(key: "platform_role") public var platformRole: PlatformRole
    @OptionalField(key: "title") public var title: String?
    @OptionalField(key: "phone") public var phone: String?
    @Field(key: "active") public var active: Bool
    /// Sessions signed in before this moment are ended (set when the password changes).
    @OptionalField(key: "sessions_valid_after") public var sessionsValidAfter: Date?
    /// The language of the person's e-mails; nil (never chosen) reads as Korean, see `mailLanguage`.
    @OptionalEnum(key: "language") public var language: Lang?
    /// When the person followed the link of their verification mail; nil until then, and a
    /// self-registered account cannot sign in while it is nil. Accounts made by an operator or the
    /// shell are verified at creation.
    @OptionalField(key: "email_verified_at") public var emailVerifiedAt: Date?
    /// The last successful sign-in (for the retention of inactive accounts).
    @OptionalField(key: "last_signed_in_at") public var lastSignedInAt: Date?
    /// What a self-registered person joined as (`SignupKind`); nil for accounts an operator made.
    @OptionalField(key: "joined_as") public var joinedAs: String?
    /// When the person left (회원 탈퇴) or was removed after inactivity; the row then holds only a
    /// pseudonym (`PersonalData`), and nobody may bring the account back.
    @OptionalField(key: "deleted_at") public var deletedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Children(for: \.$user) public var memberships: [Membership]

    public init() {}

    public init(id: UUID? = nil, email: String, name: String, passwordHash: String, platformRole: PlatformRole, title: String? = nil, phone: String? = nil) {
        self.id = id
        self.email = email.lowercased()
        self.name = name
        self.passwordHash = passwordHash
        self.platformRole = platformRole
        self.title = title
        self.phone = phone
        self.active = true
        self.emailVerifiedAt = Date()
    }

    /// Korean unless the person chose English.
    public var mailLanguage: Lang { language ?? .ko }
}

public final class Membership: Model, @unchecked Sendable {
    public static let schema = "memberships"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Parent(key: "organization_id") public var organization: Organization
    @Enum(key: "role") public var role: MembershipRole
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(userID: UUID, organizationID: UUID, role: MembershipRole) {
        self.$user.id = userID
        self.$organization.id = organizationID
        self.role = role
    }
}

/// A personal API token. Only its SHA-256 is stored; the token itself is shown once.
/// What an API token may do.
public enum APITokenScope: String, Codable, Sendable, CaseIterable {
    case read
    case readWrite = "read-write"

    var label: Localized {
        switch self {
        case .read: Localized("읽기 전용", "Read only")
        case .readWrite: Localized("읽기·쓰기", "Read and write")
        }
    }
}

public final class APIToken: Model, @unchecked Sendable {
    public static let schema = "api_tokens"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Field(key: "name") public var name: String
    @Field(key: "token_hash") public var tokenHash: String
    /// First characters of the token, so a person can tell their tokens apart.
    @Field(key: "prefix") public var prefix: String
    @OptionalField(key: "last_used_at") public var lastUsedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    /// `read` or `read-write` (`APITokenScope`).
    @Field(key: "scope") public var scope: String
    /// A token without an end date (made before tokens had one) no longer works.
    @OptionalField(key: "expires_at") public var expiresAt: Date?

    public init() {}

    public init(userID: UUID, name: String, tokenHash: String, prefix: String, scope: APITokenScope, expiresAt: Date) {
        self.$user.id = userID
        self.name = name
        self.tokenHash = tokenHash
        self.prefix = prefix
        self.scope = scope.rawValue
        self.expiresAt = expiresAt
    }
}

/// One login attempt; failures in a window throttle further attempts for that e-mail and address.
public final class LoginAttempt: Model, @unchecked Sendable {
    public static let schema = "login_attempts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "email") public var email: String
    @Field(key: "address") public var address: String
    @Field(key: "succeeded") public var succeeded: Bool
    @Field(key: "attempted_at") public var attemptedAt: Date

    public init() {}

    public init(email: String, address: String, succeeded: Bool, attemptedAt: Date) {
        self.email = email
        self.address = address
        self.succeeded = succeeded
        self.attemptedAt = attemptedAt
    }
}
