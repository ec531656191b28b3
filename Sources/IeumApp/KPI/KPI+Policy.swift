import Foundation
import IeumCore

public enum KPIAction: Sendable {
    /// The dashboard, its funnel, breakdowns, notes and exports.
    case viewDashboard
    /// One program's figures on it.
    case viewProgram(ProgramAccess)
}

/// Who may read the KPI dashboards: operators. A platform operator's cover every program; an
/// agency's operator's only the programs their agencies run (a program without an agency is not
/// any agency's figure to report). `KPIPolicyTests` is the table.
public enum KPIPolicy {
    public static func can(_ actor: Principal?, _ action: KPIAction) -> Bool {
        guard let actor, actor.isOperator else { return false }
        switch action {
        case .viewDashboard:
            return true
        case .viewProgram(let program):
            if actor.isPlatformOperator { return true }
            return program.agency.map { actor.operatorAgencies.contains($0) } ?? false
        }
    }
}
