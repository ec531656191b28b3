import Fluent
import Foundation

/// A request for a forgotten password (issue 16, item 3). Only the SHA-256 of the link's token is
/// kept. A request for an unknown, inactive or throttled account is stored too, with no user:
/// the answer then costs the same work, and the per-address limit counts every request alike.
public final class PasswordReset: Model, @unchecked Sendable {
    public static let schema = "password_resets"

    @ID(key: .id) public var id: UUID?
    @OptionalParent(key: "user_id") public var user: User?
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "used_at") public var usedAt: Date?
    @Field(key: "created_at") public var createdAt: Date
    /// The client address the request came from (`AccountsController.clientAddress`).
    @Field(key: "requested_from") public var requestedFrom: String

    public init() {}

    public init(userID: UUID?, tokenHash: String, expiresAt: Date, createdAt: Date, requestedFrom: String) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
        self.createdAt = createdAt
        self.requestedFrom = requestedFrom
    }
}
