import Crypto
import Fluent
import Foundation
import Vapor

/// Personal API tokens: `ieum_` + 32 random bytes; only the SHA-256 is stored.
public enum APITokens {
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// How long a token may live, in days, as offered on the account page.
    public static let lifetimes = [30, 90, 365]

    /// Creates a token and returns its one-time plain value.
    public static func issue(for userID: UUID, name: String, scope: APITokenScope = .readWrite, days: Int = 90,
                             on db: any Database, actor: Principal?, now: Date) async throws -> (APIToken, String) {
        let plain = "ieum_" + [UInt8].random(count: 32).base64URLEncoded()
        let lifetime = TimeInterval(min(max(days, 1), 365)) * 86_400
        let token = APIToken(userID: userID, name: name, tokenHash: hash(plain), prefix: String(plain.prefix(10)),
                             scope: scope, expiresAt: now.addingTimeInterval(lifetime))
        try await db.transaction { db in
            try await token.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "token.create", entityType: "user", entityID: userID.uuidString, summary: "API 토큰 발급: \(name)", at: now)
        }
        return (token, plain)
    }

    /// Revokes every token of a person (password change, deactivation, an operator's decision).
    @discardableResult
    public static func revokeAll(of userID: UUID, on db: any Database) async throws -> Int {
        let count = try await APIToken.query(on: db).filter(\.$user.$id == userID).count()
        try await APIToken.query(on: db).filter(\.$user.$id == userID).delete()
        return count
    }
}
