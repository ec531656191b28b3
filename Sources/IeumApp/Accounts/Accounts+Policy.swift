import Foundation
import IeumCore

/// The facts about an account someone wants to act on.
public struct AccountAccess: Sendable, Equatable {
    public let userID: UUID
    public let role: PlatformRole

    public init(userID: UUID, role: PlatformRole) {
        self.userID = userID
        self.role = role
    }
}

public enum AccountAction: Sendable {
    /// One's own account: password, language, API tokens, two-factor sign-in, personal data, leaving.
    case manageOwnAccount
    /// The user list and creating accounts.
    case manageUsers
    /// Activate, deactivate, change the role, send a reset link, revoke tokens, switch off
    /// two-factor sign-in of another person's account.
    case manageUser(AccountAccess)
    /// Publish new versions of the terms and the privacy notice.
    case publishLegalTexts
}

/// Who may do what with accounts: everyone signed in keeps their own; platform operators
/// administer everyone else's (an agency's operator administers no accounts), never their own
/// through the user list (the shell does that). `AccountPolicyTests` is the table.
public enum AccountPolicy {
    public static func can(_ actor: Principal?, _ action: AccountAction) -> Bool {
        guard let actor else { return false }
        switch action {
        case .manageOwnAccount:
            return true
        case .manageUsers, .publishLegalTexts:
            return actor.isPlatformOperator
        case .manageUser(let account):
            return actor.isPlatformOperator && account.userID != actor.userID
        }
    }
}
