import Foundation
import IeumCore

public enum ImportAction: Sendable, CaseIterable {
    /// Upload a spreadsheet of organisations, read its row report, confirm it.
    case importData
    /// The registry-wide export (CSV, JSON Lines) with contacts.
    case export
}

/// Who may bring organisations in and take the registry out: every operator imports (an agency
/// registers its own program's companies); only platform operators export the whole registry,
/// which holds every agency's contacts. `ImportPolicyTests` is the table.
public enum ImportPolicy {
    public static func can(_ actor: Principal?, _ action: ImportAction) -> Bool {
        guard let actor else { return false }
        switch action {
        case .importData: return actor.isOperator
        case .export: return actor.isPlatformOperator
        }
    }
}
