import Foundation
import IeumCore
import Testing
@testable import IeumApp

/// The people every capability's access table is tried with, built as `Principal` values (no
/// database, no HTTP): one of each kind of organisation member, a judge, a member of an
/// organisation still awaiting approval, an operator of agency A, one of agency B, and a
/// platform operator (an operator of no agency). Records "of agency A" belong to a program run by A.
enum PolicyPerson: String, CaseIterable, Sendable {
    case visitor, startup, demand, investor, judge, pendingStartup, operatorA, operatorB, platformOperator

    static let agencyA = UUID(uuidString: "A0000000-0000-0000-0000-00000000000A")!
    static let agencyB = UUID(uuidString: "B0000000-0000-0000-0000-00000000000B")!
    static let startupOrg = UUID(uuidString: "50000000-0000-0000-0000-000000000001")!
    static let demandOrg = UUID(uuidString: "D0000000-0000-0000-0000-000000000001")!
    static let investorOrg = UUID(uuidString: "10000000-0000-0000-0000-000000000001")!
    static let pendingOrg = UUID(uuidString: "50000000-0000-0000-0000-000000000002")!

    var userID: UUID { UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", (Self.allCases.firstIndex(of: self) ?? 0) + 1))! }

    var principal: Principal? {
        func make(_ role: PlatformRole, _ memberships: [Principal.OrganizationRole] = []) -> Principal {
            Principal(userID: userID, name: rawValue, email: "\(rawValue)@policy.example", platformRole: role, memberships: memberships)
        }
        switch self {
        case .visitor: return nil
        case .startup: return make(.member, [.init(organizationID: Self.startupOrg, kind: .startup, role: .admin)])
        case .demand: return make(.member, [.init(organizationID: Self.demandOrg, kind: .demand, role: .admin)])
        case .investor: return make(.member, [.init(organizationID: Self.investorOrg, kind: .investor, role: .member)])
        case .judge: return make(.judge)
        case .pendingStartup: return make(.member, [.init(organizationID: Self.pendingOrg, kind: .startup, status: .pending, role: .admin)])
        case .operatorA: return make(.operator, [.init(organizationID: Self.agencyA, kind: .agency, role: .member)])
        case .operatorB: return make(.operator, [.init(organizationID: Self.agencyB, kind: .agency, role: .member)])
        case .platformOperator: return make(.operator)
        }
    }
}

/// One line of an access table: a person, an action's name, and whether it is allowed.
struct PolicyCase: Sendable, CustomTestStringConvertible {
    let person: PolicyPerson
    let action: String
    let expected: Bool
    let actual: Bool
    var testDescription: String { "\(person.rawValue) \(expected ? "may" : "may not") \(action)" }
}

/// Builds the cases of a table: every person × every named action, with the people allowed.
/// A person missing from `allowed` for an action is refused; the table names every action once.
/// `check` gets the person (for facts that depend on them, such as taking part) and asks the policy.
func policyCases(_ actions: [(name: String, allowed: Set<PolicyPerson>, check: (PolicyPerson) -> Bool)]) -> [PolicyCase] {
    actions.flatMap { action in
        PolicyPerson.allCases.map { person in
            PolicyCase(person: person, action: action.name, expected: action.allowed.contains(person), actual: action.check(person))
        }
    }
}

extension PolicyPerson {
    static let signedIn = Set(allCases.filter { $0 != .visitor })
    static let operators: Set<PolicyPerson> = [.operatorA, .operatorB, .platformOperator]
    static let runningA: Set<PolicyPerson> = [.operatorA, .platformOperator]
}
