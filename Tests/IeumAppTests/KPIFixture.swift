import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// A small world with known records across two programs and two halves of 2026 (and one record in
/// 2025), counted by hand in `KPIComputationTests`:
///
/// Program A (agency A) — participants d1, d2 (demand) and inv1 (investor); calls with needs nA1
/// (published 2026-02-10) and nA2 (2026-05-10). Applications: s1→nA1 2026-02-20 (selected),
/// s2→nA1 03-05 (rejected), s3→nA2 05-20, s1→nA2 05-21, s4→nA1 draft.
/// Collaborations: cA1 from s1's application (d1), started 03-10, PoC 04-01, 시장검증 07-15,
/// 사업화 2027-01-20; cA2 direct s2 × d2 with investor inv2, started 06-05, PoC 06-20, 투자 09-10;
/// cA3 direct s3 × d1 started 2025-12-20, PoC 2026-01-10, a pending 시장검증 request;
/// cA4 direct s4 × d2 started 08-01, still 매칭. Outcomes: cA1 contract 3억 10-15 confirmed and
/// 1억 11-01 pending; cA2 investment 5억 (inv2) 09-20 confirmed and jobs 3 confirmed;
/// cA3 contract 2억 2025-12-28 confirmed.
/// Targets A: found 2026 = 10, matched 2026 = 4, PoCs 2026-H2 = 2, contract 2026 = 5억.
///
/// Program B (agency B) — participant d1; need nB1 (02-15); s5→nB1 02-25; cB1 direct s5 × d1
/// started 04-10, PoC 05-01, 시장검증 08-01; investment 7억 (inv1) 08-20 confirmed.
struct KPIFixture {
    let agencyA: Organization, agencyB: Organization
    let programA: Program, programB: Program
    let d1: Organization, d2: Organization, inv1: Organization, inv2: Organization
    let s: [Organization]
    let platformOperator: User, operatorA: User, operatorB: User

    static func day(_ text: String) -> Date { SeoulTime.parse(text + " 10:00")! }

    static func make(_ app: Application) async throws -> KPIFixture {
        let db = app.db
        let agencyA = try await TestApp.organization(app, name: "가람진흥원", kind: .agency)
        let agencyB = try await TestApp.organization(app, name: "나래진흥원", kind: .agency)
        let d1 = try await TestApp.organization(app, name: "다온전자", kind: .demand)
        let d2 = try await TestApp.organization(app, name: "라온정밀", kind: .demand)
        d2.demandSize = .midsize
        try await d2.update(on: db)
        let inv1 = try await TestApp.organization(app, name: "마루벤처스", kind: .investor)
        let inv2 = try await TestApp.organization(app, name: "바다파트너스", kind: .investor)
        let ai = try #require(try await TechField.query(on: db).filter(\.$code == "ai").first())
        let semi = try #require(try await TechField.query(on: db).filter(\.$code == "semiconductor").first())
        var startups: [Organization] = []
        for (index, (field, cluster, stage)) in [(ai, "g-valley", Stage.seed), (ai, "g-valley", .preA), (semi, nil, .seed), (semi, "pangyo", .seriesA), (ai, nil, .seed)].enumerated() {
            let org = try await TestApp.organization(app, name: "스타트업\(index + 1)", kind: .startup)
            org.clusterCode = cluster
            org.stage = stage
            try await org.update(on: db)
            try await OrganizationTechField(organizationID: org.requireID(), techFieldID: field.requireID(), position: 0).create(on: db)
            startups.append(org)
        }
        let platformOperator = try await TestApp.user(app, email: "platform@kpi.test", role: .operator)
        let operatorA = try await TestApp.user(app, email: "operator-a@kpi.test", role: .operator, organization: agencyA)
        let operatorB = try await TestApp.user(app, email: "operator-b@kpi.test", role: .operator, organization: agencyB)

        func program(_ name: String, _ agency: Organization) async throws -> Program {
            let p = Program()
            p.name = name
            p.year = 2026
            p.$operatorOrganization.id = agency.id
            p.description = ""
            p.tracks = []
            try await p.create(on: db)
            return p
        }
        let programA = try await program("가람 오픈이노베이션", agencyA)
        let programB = try await program("나래 협업 프로그램", agencyB)
        for (p, org) in [(programA, d1), (programA, d2), (programA, inv1), (programB, d1)] {
            try await ProgramParticipant(programID: p.requireID(), organizationID: org.requireID()).create(on: db)
        }
        func target(_ p: Program, _ metric: KPIMetric, _ period: String, _ value: Int64) async throws {
            let t = ProgramTarget()
            t.$program.id = try p.requireID()
            t.metric = metric
            t.period = period
            t.value = value
            try await t.create(on: db)
        }
        try await target(programA, .startupsFound, "2026", 10)
        try await target(programA, .startupsMatched, "2026", 4)
        try await target(programA, .pocsCompleted, "2026-H2", 2)
        try await target(programA, .contractValueKRW, "2026", 500_000_000)

        func call(_ p: Program) async throws -> Call {
            let c = Call()
            c.$program.id = try p.requireID()
            c.title = "공모"
            c.description = ""
            c.opensAt = day("2026-01-05")
            c.closesAt = day("2026-12-20")
            try await c.create(on: db)
            return c
        }
        let callA = try await call(programA), callB = try await call(programB)
        func need(_ c: Call, _ org: Organization, _ published: String) async throws -> Need {
            let n = Need()
            n.$organization.id = try org.requireID()
            n.$call.id = try c.requireID()
            n.title = "과제 \(published)"
            n.teaser = ""
            n.detail = ""
            n.fieldCodes = []
            n.support = []
            n.startupsSought = 1
            n.contactName = "담당"
            n.contactEmail = "need@kpi.test"
            n.anonymous = false
            n.status = .published
            n.version = 1
            n.searchText = ""
            n.publishedAt = day(published)
            try await n.create(on: db)
            return n
        }
        let nA1 = try await need(callA, d1, "2026-02-10"), nA2 = try await need(callA, d2, "2026-05-10"), nB1 = try await need(callB, d1, "2026-02-15")
        func apply(_ startup: Organization, _ n: Need, _ status: ApplicationStatus, _ submitted: String?) async throws -> NeedApplication {
            let a = NeedApplication()
            a.$need.id = try n.requireID()
            a.$startup.id = try startup.requireID()
            a.status = status
            a.solution = ""
            a.differentiation = ""
            a.pocPlan = ""
            a.expectedResults = ""
            a.budgetDetail = ""
            a.version = 1
            a.submittedAt = submitted.map(day)
            try await a.create(on: db)
            return a
        }
        let selected = try await apply(startups[0], nA1, .selected, "2026-02-20")
        _ = try await apply(startups[1], nA1, .rejected, "2026-03-05")
        _ = try await apply(startups[2], nA2, .submitted, "2026-05-20")
        _ = try await apply(startups[0], nA2, .submitted, "2026-05-21")
        _ = try await apply(startups[3], nA1, .draft, nil)
        _ = try await apply(startups[4], nB1, .submitted, "2026-02-25")

        let cA1 = try await collaboration(db, programA, startups[0], d1, application: selected, started: "2026-03-10",
                                          path: [(.technologyVerification, "2026-04-01"), (.marketVerification, "2026-07-15"), (.commercialization, "2027-01-20")])
        let cA2 = try await collaboration(db, programA, startups[1], d2, investor: inv2, started: "2026-06-05",
                                          path: [(.technologyVerification, "2026-06-20"), (.investment, "2026-09-10")])
        let cA3 = try await collaboration(db, programA, startups[2], d1, started: "2025-12-20", path: [(.technologyVerification, "2026-01-10")],
                                          pending: (.marketVerification, "2026-02-01"))
        _ = try await collaboration(db, programA, startups[3], d2, started: "2026-08-01", path: [])
        let cB1 = try await collaboration(db, programB, startups[4], d1, started: "2026-04-10",
                                          path: [(.technologyVerification, "2026-05-01"), (.marketVerification, "2026-08-01")])
        func outcome(_ c: Collaboration, _ kind: OutcomeKind, amount: Int64? = nil, count: Int? = nil, investor: Organization? = nil,
                     _ date: String, _ status: OutcomeStatus = .confirmed) async throws {
            let o = Outcome()
            o.$collaboration.id = try c.requireID()
            o.kind = kind
            o.amountKRW = amount
            o.count = count
            o.$investor.id = investor?.id
            o.note = ""
            o.occurredOn = day(date)
            o.status = status
            o.createdAt = day(date)
            try await o.create(on: db)
        }
        try await outcome(cA1, .contract, amount: 300_000_000, "2026-10-15")
        try await outcome(cA1, .contract, amount: 100_000_000, "2026-11-01", .pending)
        try await outcome(cA2, .investment, amount: 500_000_000, investor: inv2, "2026-09-20")
        try await outcome(cA2, .jobs, count: 3, "2026-09-25")
        try await outcome(cA3, .contract, amount: 200_000_000, "2025-12-28")
        try await outcome(cB1, .investment, amount: 700_000_000, investor: inv1, "2026-08-20")

        return KPIFixture(agencyA: agencyA, agencyB: agencyB, programA: programA, programB: programB, d1: d1, d2: d2, inv1: inv1, inv2: inv2,
                          s: startups, platformOperator: platformOperator, operatorA: operatorA, operatorB: operatorB)
    }

    /// A collaboration with its parties and approved stage changes (the first to 매칭 on `started`);
    /// without an application it is a direct match.
    @discardableResult
    static func collaboration(_ db: any Database, _ p: Program, _ startup: Organization, _ demand: Organization, investor: Organization? = nil, application: NeedApplication? = nil,
                              started: String, path: [(CollaborationStage, String)], pending: (CollaborationStage, String)? = nil) async throws -> Collaboration {
        let c = Collaboration()
        c.title = "\(startup.name) × \(demand.name)"
        c.$program.id = try p.requireID()
        c.applicationID = application?.id
        c.$need.id = application?.$need.id
        c.$startup.id = try startup.requireID()
        c.$demand.id = try demand.requireID()
        c.stage = path.last?.0 ?? .matched
        c.stageSince = day(path.last?.1 ?? started)
        c.version = 1
        c.startedAt = day(started)
        try await c.create(on: db)
        let id = try c.requireID()
        try await CollaborationParty(collaborationID: id, organizationID: startup.requireID(), role: .startup).create(on: db)
        try await CollaborationParty(collaborationID: id, organizationID: demand.requireID(), role: .demand).create(on: db)
        if let investor { try await CollaborationParty(collaborationID: id, organizationID: investor.requireID(), role: .investor).create(on: db) }
        var from: CollaborationStage? = nil
        var steps = [(CollaborationStage.matched, started, true)] + path.map { ($0.0, $0.1, true) }
        if let pending { steps.append((pending.0, pending.1, false)) }
        for (to, date, approved) in steps {
            let change = StageChange()
            change.$collaboration.id = id
            change.fromStage = from
            change.toStage = to
            change.status = approved ? .approved : .pending
            change.note = ""
            change.requestedByName = "테스트"
            change.requestedAt = day(date)
            change.decidedAt = approved ? day(date) : nil
            try await change.create(on: db)
            if approved { from = to }
        }
        return c
    }

    func actor(_ user: User, on db: any Database) async throws -> Principal { try await user.actor(on: db) }
}
