import Foundation

public enum GrievanceAction: Sendable, CaseIterable {
    /// Send a grievance (anyone, signed in or not).
    case submit
    /// Read a case through its receipt link (whoever holds the token; checked by the token itself).
    case track
    /// See the queue, a case, its attachments and internal comments; classify, assign, change status.
    case manage
    /// The dashboard, the export and the routing table.
    case report
}

/// Who may do what at the grievance desk. Staff are operators (the regional scrum's accounts).
public enum GrievancePolicy {
    public static func can(_ actor: Principal?, _ action: GrievanceAction) -> Bool {
        switch action {
        case .submit, .track: true
        case .manage, .report: actor?.isOperator ?? false
        }
    }
}
