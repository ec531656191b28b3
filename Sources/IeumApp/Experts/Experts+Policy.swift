import Foundation
import IeumCore

public enum ExpertAction: Sendable, CaseIterable {
    /// The pool and its search.
    case browse
    /// An expert's record: contacts, fields, affiliations.
    case view
    case create
    /// Edit a record, add an affiliation or a tie (used to find conflicts of interest).
    case edit
}

/// Who may use the expert pool: operators of any agency, who draw judges and advisers from one
/// shared pool. Experts see their own panels through the evaluation pages, never the pool; the
/// advisers suggested on a need or a collaboration are shown by those capabilities' rules.
/// `ExpertPolicyTests` is the table.
public enum ExpertPolicy {
    public static func can(_ actor: Principal?, _ action: ExpertAction) -> Bool {
        switch action {
        case .browse, .view, .create, .edit:
            actor?.isOperator ?? false
        }
    }

    static func require(_ actor: Principal, _ action: ExpertAction) throws {
        guard can(actor, action) else { throw IeumError.forbidden }
    }
}
