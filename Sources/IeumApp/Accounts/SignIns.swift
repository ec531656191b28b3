import Fluent
import Foundation

/// What a new password ends: a changed password often means a leaked one.
enum SignIns {
    /// Sessions signed in before `moment` end (the middleware compares their sign-in second with
    /// `users.sessions_valid_after`), and every API token of the account is revoked, since tokens
    /// made with the old password may have leaked with it. `deletingSessions` also removes the
    /// session rows, for a reset made by someone who is not signed in: no session is to stay.
    /// Saves `user` (with any change the caller made) on `db`; run it in the caller's transaction.
    /// Returns how many API tokens were revoked.
    @discardableResult
    static func endAll(of user: User, before moment: Date, deletingSessions: Bool, on db: any Database) async throws -> Int {
        let userID = try user.requireID()
        user.sessionsValidAfter = moment
        try await user.save(on: db)
        if deletingSessions { try await DatabaseSessionDriver.endAll(of: userID, on: db) }
        return try await APITokens.revokeAll(of: userID, on: db)
    }
}
