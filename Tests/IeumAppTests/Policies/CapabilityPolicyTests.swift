import Foundation
import IeumCore
import Testing
@testable import IeumApp

/// The access tables of the capabilities that had their rules spread over handlers (issue 15,
/// item 3): programs, experts, meetings, networks, evaluations, KPI, taxonomy, import and
/// accounts. Each row is a person × an action and whether the policy allows it; every handler of
/// the capability asks the same policy (the request-level access matrix checks the routes).
@Suite("Access rules of every capability, as tables")
struct CapabilityPolicyTests {
    typealias P = PolicyPerson
    static let programA = ProgramAccess(agency: P.agencyA)
    static let noProgram = ProgramAccess(agency: nil)

    static let programs = policyCases([
        ("browse programs", P.signedIn.union([.visitor]), { ProgramPolicy.can($0.principal, .browse) }),
        ("create a program", P.operators, { ProgramPolicy.can($0.principal, .create) }),
        ("name agency A as a new program's operator", P.runningA, { ProgramPolicy.can($0.principal, .createFor(agency: P.agencyA)) }),
        ("create a program of no agency", [.platformOperator], { ProgramPolicy.can($0.principal, .createFor(agency: nil)) }),
        ("manage a program of agency A", P.runningA, { ProgramPolicy.can($0.principal, .manage(programA)) }),
        ("manage a record outside any program", P.operators, { ProgramPolicy.can($0.principal, .manage(noProgram)) }),
        ("move a program to another agency", [.platformOperator], { ProgramPolicy.can($0.principal, .changeAgency) }),
    ])

    @Test("programs", arguments: programs)
    func programTable(_ c: PolicyCase) { #expect(c.actual == c.expected) }

    static let experts = policyCases(ExpertAction.allCases.map { action in
        ("\(action) in the expert pool", P.operators, { ExpertPolicy.can($0.principal, action) })
    })

    @Test("experts", arguments: experts)
    func expertTable(_ c: PolicyCase) { #expect(c.actual == c.expected) }

    /// An event of agency A's program; the startup and the demand organisation take part.
    static func event(_ person: P) -> MeetingEventAccess {
        MeetingEventAccess(program: programA, takesPart: person == .startup || person == .demand)
    }

    static let meetings = policyCases([
        ("list meeting events", P.signedIn, { MeetingPolicy.can($0.principal, .browse) }),
        ("open the new-event form", P.operators, { MeetingPolicy.can($0.principal, .create) }),
        ("hold an event for agency A's program", P.runningA, { MeetingPolicy.can($0.principal, .createFor(programA)) }),
        ("hold an event outside any program", P.operators, { MeetingPolicy.can($0.principal, .createFor(nil)) }),
        ("see agency A's event", P.runningA.union([.startup, .demand]), { MeetingPolicy.can($0.principal, .view(event($0))) }),
        ("run agency A's event", P.runningA, { MeetingPolicy.can($0.principal, .manage(event($0))) }),
        ("take part in agency A's event", [.startup, .demand], { MeetingPolicy.can($0.principal, .takePart(event($0))) }),
    ])

    @Test("meetings", arguments: meetings)
    func meetingTable(_ c: PolicyCase) { #expect(c.actual == c.expected) }

    /// A network of agency A's program: the startup is a member, the demand organisation chairs it.
    static func network(_ person: P) -> NetworkAccess {
        NetworkAccess(program: programA, roles: person == .startup ? [.member] : person == .demand ? [.chair] : [])
    }

    static func advance(_ from: JointTaskStatus, _ to: JointTaskStatus) -> (P) -> Bool {
        { NetworkPolicy.can($0.principal, .advanceTask(network($0), from: from, to: to, chairsTask: $0 == .demand)) }
    }

    static let networks = policyCases([
        ("browse networks", P.signedIn, { NetworkPolicy.can($0.principal, .browse) }),
        ("ask to join", P.signedIn, { NetworkPolicy.can($0.principal, .join) }),
        ("enter the members' area", P.runningA.union([.startup, .demand]), { NetworkPolicy.can($0.principal, .enterMembersArea(network($0))) }),
        ("manage members and events", P.runningA.union([.demand]), { NetworkPolicy.can($0.principal, .manage(network($0))) }),
        ("take the operator's steps", P.runningA, { NetworkPolicy.can($0.principal, .operate(network($0))) }),
        ("attend a members-only event", P.runningA.union([.startup, .demand]), { NetworkPolicy.can($0.principal, .attend(network($0), membersOnly: true)) }),
        ("attend an open event", P.signedIn, { NetworkPolicy.can($0.principal, .attend(network($0), membersOnly: false)) }),
        ("propose a joint task", [.startup, .demand], { NetworkPolicy.can($0.principal, .proposeTask(network($0))) }),
        ("endorse a proposed task", [.demand], advance(.proposed, .endorsed)),
        ("review an endorsed task", P.runningA, advance(.endorsed, .reviewed)),
        ("recognise a reviewed task", P.runningA, advance(.reviewed, .recognised)),
        ("reject a proposed task", P.runningA.union([.demand]), advance(.proposed, .rejected)),
        ("reject an endorsed task", P.runningA, advance(.endorsed, .rejected)),
        ("reject a recognised task", [], advance(.recognised, .rejected)),
    ])

    @Test("networks", arguments: networks)
    func networkTable(_ c: PolicyCase) { #expect(c.actual == c.expected) }

    static let evaluations = policyCases([
        ("list rounds (the judge has an expert record)", P.operators.union([.judge]), { EvaluationPolicy.can($0.principal, .browse(hasExpertRecord: $0 == .judge)) }),
        ("open the new-round form", P.operators, { EvaluationPolicy.can($0.principal, .create) }),
        ("hold a round for agency A's program", P.runningA, { EvaluationPolicy.can($0.principal, .createFor(programA)) }),
        ("run a round of agency A", P.runningA, { EvaluationPolicy.can($0.principal, .manage(RoundAccess(program: programA, onPanel: $0 == .judge))) }),
        ("score as a judge on the panel", [.judge], { EvaluationPolicy.can($0.principal, .judge(onPanel: $0 == .judge)) }),
    ])

    @Test("evaluations", arguments: evaluations)
    func evaluationTable(_ c: PolicyCase) { #expect(c.actual == c.expected) }

    static let kpi = policyCases([
        ("read the KPI dashboard", P.operators, { KPIPolicy.can($0.principal, .viewDashboard) }),
        ("read agency A's program figures", P.runningA, { KPIPolicy.can($0.principal, .viewProgram(programA)) }),
        ("read the figures of a program of no agency", [.platformOperator], { KPIPolicy.can($0.principal, .viewProgram(noProgram)) }),
    ])

    @Test("KPI", arguments: kpi)
    func kpiTable(_ c: PolicyCase) { #expect(c.actual == c.expected) }

    static let taxonomy = policyCases([
        ("read the taxonomy", P.operators, { TaxonomyPolicy.can($0.principal, .view) }),
        ("change the taxonomy", [.platformOperator], { TaxonomyPolicy.can($0.principal, .edit) }),
    ])

    @Test("taxonomy", arguments: taxonomy)
    func taxonomyTable(_ c: PolicyCase) { #expect(c.actual == c.expected) }

    static let imports = policyCases([
        ("import organisations", P.operators, { ImportPolicy.can($0.principal, .importData) }),
        ("export the whole registry", [.platformOperator], { ImportPolicy.can($0.principal, .export) }),
    ])

    @Test("import and export", arguments: imports)
    func importTable(_ c: PolicyCase) { #expect(c.actual == c.expected) }

    static let someoneElse = AccountAccess(userID: UUID(uuidString: "99999999-0000-0000-0000-000000000099")!, role: .member)
    static let anotherOperator = AccountAccess(userID: UUID(uuidString: "99999999-0000-0000-0000-000000000098")!, role: .operator)

    static let accounts = policyCases([
        ("keep one's own account", P.signedIn, { AccountPolicy.can($0.principal, .manageOwnAccount) }),
        ("list and create accounts", [.platformOperator], { AccountPolicy.can($0.principal, .manageUsers) }),
        ("administer a member's account", [.platformOperator], { AccountPolicy.can($0.principal, .manageUser(someoneElse)) }),
        ("administer another operator's account", [.platformOperator], { AccountPolicy.can($0.principal, .manageUser(anotherOperator)) }),
        ("administer one's own account from the user list", [], { AccountPolicy.can($0.principal, .manageUser(AccountAccess(userID: $0.userID, role: .operator))) }),
        ("publish the terms and the privacy notice", [.platformOperator], { AccountPolicy.can($0.principal, .publishLegalTexts) }),
    ])

    @Test("accounts", arguments: accounts)
    func accountTable(_ c: PolicyCase) { #expect(c.actual == c.expected) }

    /// The registry's administrative rights are read from the capabilities' own tables, so the two
    /// cannot disagree.
    @Test("the registry defers import, export, taxonomy and user administration to their tables", arguments: PolicyPerson.allCases)
    func registryDefers(_ person: PolicyPerson) {
        let who = person.principal
        #expect(RegistryPolicy.can(who, .importData) == ImportPolicy.can(who, .importData))
        #expect(RegistryPolicy.can(who, .export) == ImportPolicy.can(who, .export))
        #expect(RegistryPolicy.can(who, .editTaxonomy) == TaxonomyPolicy.can(who, .edit))
        #expect(RegistryPolicy.can(who, .manageUsers) == AccountPolicy.can(who, .manageUsers))
    }
}
