import Fluent
import Foundation
import IeumCore

/// The documents a person agrees to when joining (issue 16, item 1). Operators publish a new
/// version instead of editing one, so every consent points at the exact text that was shown.
public enum LegalDocumentKind: String, Codable, Sendable, CaseIterable {
    /// 이용약관 (required to join).
    case terms
    /// 개인정보 처리방침 (published for everyone; not consented to, but linked from every consent).
    case privacy
    /// 개인정보 수집·이용 동의 (required): items, purposes, retention.
    case collection
    /// 소식·행사 안내 메일 수신 동의 (optional).
    case notices

    var label: Localized {
        switch self {
        case .terms: Localized("이용약관", "Terms of use")
        case .privacy: Localized("개인정보 처리방침", "Privacy policy")
        case .collection: Localized("개인정보 수집·이용 동의", "Consent to collecting and using personal data")
        case .notices: Localized("프로그램 소식·행사 안내 메일 수신 동의", "Consent to e-mails about programs and events")
        }
    }

    /// The documents a sign-up asks consent to, required ones first.
    static let consented: [LegalDocumentKind] = [.terms, .collection, .notices]

    var required: Bool { self != .notices }
}

/// One published version of a legal document, in Korean and English.
public final class LegalDocument: Model, @unchecked Sendable {
    public static let schema = "legal_documents"

    @ID(key: .id) public var id: UUID?
    @Enum(key: "kind") public var kind: LegalDocumentKind
    @Field(key: "version") public var version: Int
    @Field(key: "body_ko") public var bodyKo: String
    @Field(key: "body_en") public var bodyEn: String
    @Field(key: "published_at") public var publishedAt: Date
    /// The operator who published it; nil for the first texts shipped with Ieum.
    @OptionalParent(key: "published_by") public var publishedBy: User?

    public init() {}

    init(kind: LegalDocumentKind, version: Int, bodyKo: String, bodyEn: String, publishedAt: Date, publishedBy: UUID?) {
        self.kind = kind
        self.version = version
        self.bodyKo = bodyKo
        self.bodyEn = bodyEn
        self.publishedAt = publishedAt
        self.$publishedBy.id = publishedBy
    }

    var body: Localized { Localized(bodyKo, bodyEn) }
}

/// A person's answer to one consent, with the version of the text they were shown.
public final class UserConsent: Model, @unchecked Sendable {
    public static let schema = "user_consents"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Enum(key: "document_kind") public var documentKind: LegalDocumentKind
    @Field(key: "document_version") public var documentVersion: Int
    @Field(key: "accepted") public var accepted: Bool
    @Field(key: "decided_at") public var decidedAt: Date

    public init() {}

    init(userID: UUID, kind: LegalDocumentKind, version: Int, accepted: Bool, decidedAt: Date) {
        self.$user.id = userID
        self.documentKind = kind
        self.documentVersion = version
        self.accepted = accepted
        self.decidedAt = decidedAt
    }
}

/// The link of a verification mail: only the SHA-256 of its token is kept; single use, 24 hours.
public final class EmailVerification: Model, @unchecked Sendable {
    public static let schema = "email_verifications"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "used_at") public var usedAt: Date?
    @Field(key: "created_at") public var createdAt: Date
    /// The client address that asked for the mail, for the per-address limit.
    @Field(key: "requested_from") public var requestedFrom: String

    public init() {}

    init(userID: UUID, tokenHash: String, expiresAt: Date, createdAt: Date, requestedFrom: String) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
        self.createdAt = createdAt
        self.requestedFrom = requestedFrom
    }
}

/// What became of a request to join an organisation.
public enum JoinRequestStatus: String, Codable, Sendable, CaseIterable {
    case pending, accepted, refused, withdrawn

    var label: Localized {
        switch self {
        case .pending: Localized("검토 중", "Waiting")
        case .accepted: Localized("수락", "Accepted")
        case .refused: Localized("거절", "Refused")
        case .withdrawn: Localized("취소", "Withdrawn")
        }
    }
}

/// A person asking to join an existing organisation; its admins (or, for an organisation nobody
/// administers yet, the operators) accept or refuse.
public final class MembershipRequest: Model, @unchecked Sendable {
    public static let schema = "membership_requests"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "organization_id") public var organization: Organization
    @Parent(key: "user_id") public var user: User
    @Field(key: "message") public var message: String
    @Enum(key: "status") public var status: JoinRequestStatus
    @OptionalParent(key: "decided_by") public var decidedBy: User?
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    init(organizationID: UUID, userID: UUID, message: String, createdAt: Date) {
        self.$organization.id = organizationID
        self.$user.id = userID
        self.message = message
        self.status = .pending
        self.createdAt = createdAt
    }
}

/// An invitation an organisation's admin sent to a colleague's e-mail address: a link valid
/// seven days, used once. Only the SHA-256 of its token is kept.
public final class OrganizationInvitation: Model, @unchecked Sendable {
    public static let schema = "organization_invitations"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "organization_id") public var organization: Organization
    @Field(key: "email") public var email: String
    @Enum(key: "role") public var role: MembershipRole
    @Field(key: "token_hash") public var tokenHash: String
    @Parent(key: "invited_by") public var invitedBy: User
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "accepted_at") public var acceptedAt: Date?
    @OptionalField(key: "revoked_at") public var revokedAt: Date?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    init(organizationID: UUID, email: String, role: MembershipRole, tokenHash: String, invitedBy: UUID, expiresAt: Date, createdAt: Date) {
        self.$organization.id = organizationID
        self.email = email
        self.role = role
        self.tokenHash = tokenHash
        self.$invitedBy.id = invitedBy
        self.expiresAt = expiresAt
        self.createdAt = createdAt
    }

    var isOpen: Bool { acceptedAt == nil && revokedAt == nil }
}
