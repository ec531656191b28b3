import Fluent
import Foundation

/// A person's authenticator secret (`user_second_factors`). The row exists from the moment setup
/// starts; two-factor sign-in is on only once `enabledAt` is set, by a right code.
final class SecondFactor: Model, @unchecked Sendable {
    static let schema = "user_second_factors"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    /// The shared secret in base32, as the authenticator app holds it.
    @Field(key: "secret") var secret: String
    @OptionalField(key: "enabled_at") var enabledAt: Date?
    /// The time step of the last code accepted; a code of that step or an earlier one is refused.
    @OptionalField(key: "last_used_step") var lastUsedStep: Int64?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(userID: UUID, secret: String, createdAt: Date) {
        self.userID = userID
        self.secret = secret
        self.createdAt = createdAt
    }

    var isEnabled: Bool { enabledAt != nil }
}

/// One single-use recovery code (`recovery_codes`): only its SHA-256 (`RecoveryCode.hash`).
final class StoredRecoveryCode: Model, @unchecked Sendable {
    static let schema = "recovery_codes"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(userID: UUID, codeHash: String, createdAt: Date) {
        self.userID = userID
        self.codeHash = codeHash
        self.createdAt = createdAt
    }
}

/// A sign-in halfway (`second_factor_challenges`): the password was right at `createdAt`, the
/// code is awaited. The browser holds the random value whose SHA-256 is `tokenHash`.
final class SecondFactorChallenge: Model, @unchecked Sendable {
    static let schema = "second_factor_challenges"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "token_hash") var tokenHash: String
    /// Where the person was going before signing in (checked again when used).
    @OptionalField(key: "next") var next: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    init(userID: UUID, tokenHash: String, next: String?, createdAt: Date, expiresAt: Date) {
        self.userID = userID
        self.tokenHash = tokenHash
        self.next = next
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// What the account page shows of a person's two-factor sign-in.
struct TwoFactorSummary: Equatable {
    var enabledAt: Date?
    var recoveryCodesLeft = 0

    var isEnabled: Bool { enabledAt != nil }

    static let off = TwoFactorSummary()
}
