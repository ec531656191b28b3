import Foundation
import IeumCore

public enum TaxonomyAction: Sendable, CaseIterable {
    /// The taxonomy page (tech fields, regions, clusters with their aliases).
    case view
    /// Add, rename, alias, retire an entry: it changes every program's matching and search.
    case edit
}

/// Who keeps the taxonomy: every operator reads it; only platform operators change it, because
/// one change reaches every agency's programs. `TaxonomyPolicyTests` is the table.
public enum TaxonomyPolicy {
    public static func can(_ actor: Principal?, _ action: TaxonomyAction) -> Bool {
        guard let actor else { return false }
        switch action {
        case .view: return actor.isOperator
        case .edit: return actor.isPlatformOperator
        }
    }
}
