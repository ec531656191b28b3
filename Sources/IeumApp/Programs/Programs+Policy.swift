import Foundation
import IeumCore

/// The facts that decide who runs something belonging to a program: a program itself, or a round,
/// meeting day or network held for one.
public struct ProgramAccess: Sendable, Equatable {
    /// The agency running the program; nil for a program without one and for a record outside any
    /// program (every operator's).
    public let agency: UUID?

    public init(agency: UUID?) { self.agency = agency }
}

public enum ProgramAction: Sendable {
    /// The program list, a program's page, its calls: everyone.
    case browse
    /// Register a program (the form on the list): operators.
    case create
    /// Name `agency` as the operator of a new program: a platform operator any (or none), an
    /// agency's operator only their own agencies.
    case createFor(agency: UUID?)
    /// Edit the program, its calls, participants and targets, and run what is held for it.
    case manage(ProgramAccess)
    /// Move a program to another agency: platform operators.
    case changeAgency
}

/// Who may do what with programs: operators create them; each program is run by the operators of
/// its agency and by platform operators. Everything else that is held for a program (rounds,
/// meeting days, networks, KPI dashboards) asks `.manage` here. `ProgramPolicyTests` is the table.
public enum ProgramPolicy {
    public static func can(_ actor: Principal?, _ action: ProgramAction) -> Bool {
        switch action {
        case .browse:
            return true
        case .create:
            return actor?.isOperator ?? false
        case .createFor(let agency):
            guard let actor, actor.isOperator else { return false }
            if actor.isPlatformOperator { return true }
            return agency.map { actor.operatorAgencies.contains($0) } ?? false
        case .manage(let program):
            guard let actor, actor.isOperator else { return false }
            return actor.operates(agency: program.agency)
        case .changeAgency:
            return actor?.isPlatformOperator ?? false
        }
    }
}

extension Program {
    var access: ProgramAccess { ProgramAccess(agency: $operatorOrganization.id) }
}
