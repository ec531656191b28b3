import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Who may see what of a round (PRODUCT.md: judges only their assigned entries while the round is
/// open, never other judges' scores in blind rounds; operators of the program; nobody else).
@Suite("Evaluation rounds: access")
struct EvaluationAccessTests {
    @Test("blind judges never reach another judge's sheet, the results or other entries; outsiders get 404 or 403")
    func blind() async throws {
        try await TestApp.with { app in
            let f = try await EvaluationFixture.make(app, blind: true)
            try await f.prepare(app)
            let roundID = try f.round.requireID().uuidString
            let assignments = try await f.assignments(app)
            let j1 = f.experts[0].id!, j2 = f.experts[1].id!
            let judge2 = try await f.client(app, EvaluationFixture.judgeEmails[1])
            _ = try await judge2.get("/rounds/\(roundID)")
            _ = try await judge2.post("/rounds/\(roundID)/pledge", [("agree", "1")])
            // J1 scores one entry.
            let j1Entry = try #require(assignments.first { $0.$expert.id == j1 }).$entry.id
            let j1Actor = try await f.judge(app, 0)
            try await EvaluationService.pledge(f.round, declared: [], agreed: true, by: j1Actor, on: app.db, now: TestApp.now)
            let sheet = try await EvaluationService.saveSheet(f.round, entryID: j1Entry, try await f.sheet(app, [20, 20, 20, 10]), submit: true,
                                                              by: j1Actor, on: app.db, now: TestApp.now)
            // An entry J2 is not assigned to: 404. J2 asking for J1's sheet on a shared or unshared entry: 404.
            let notMine = try #require(try await f.entries(app).first { e in !assignments.contains { $0.$entry.id == e.id && $0.$expert.id == j2 } })
            #expect(try await judge2.get("/rounds/\(roundID)/entries/\(notMine.id!.uuidString)").status == .notFound)
            #expect(try await judge2.get("/rounds/\(roundID)/entries/\(j1Entry.uuidString)?judge=\(j1.uuidString)").status == .notFound)
            #expect(try await judge2.get("/rounds/\(roundID)/results").status == .notFound)
            #expect(try await judge2.get("/rounds/\(roundID)/results.csv").status == .notFound)
            #expect(try await judge2.post("/rounds/\(roundID)/sheets/\(sheet.id!.uuidString)/reopen", [("reason", "x")]).status == .notFound)
            #expect(try await judge2.post("/rounds/\(roundID)/assign", []).status == .notFound)
            // J2's own list and sheets never name another judge or show a score of theirs.
            let own = try await judge2.get("/rounds/\(roundID)")
            #expect(own.status == .ok)
            #expect(!own.body.contains(EvaluationFixture.judgeNames[0]) && !own.body.contains(EvaluationFixture.judgeNames[2]) && !own.body.contains(EvaluationFixture.judgeNames[3]))
            if let shared = assignments.first(where: { $0.$expert.id == j2 && $0.$entry.id == j1Entry }) {
                let page = try await judge2.get("/rounds/\(roundID)/entries/\(shared.$entry.id.uuidString)")
                #expect(page.status == .ok)
                #expect(!page.body.contains(EvaluationFixture.judgeNames[0]))
                #expect(!page.body.contains("환산 점수"))
            }
            // Startups, demand organisations, visitors, an operator of another agency: nothing.
            let agencyA = try await TestApp.organization(app, name: "운영기관A", kind: .agency)
            let agencyB = try await TestApp.organization(app, name: "운영기관B", kind: .agency)
            let program = try #require(try await Program.find(f.programID, on: app.db))
            program.$operatorOrganization.id = agencyA.id
            try await program.save(on: app.db)
            try await TestApp.user(app, email: "op-b@test.example", role: .operator, organization: agencyB)
            try await TestApp.user(app, email: "op-a@test.example", role: .operator, organization: agencyA)
            for email in [NeedFixture.Person.applicant.email!, NeedFixture.Person.needOrganization.email!, "op-b@test.example", NeedFixture.Person.judge.email!] {
                let other = try await f.client(app, email)
                #expect(try await other.get("/rounds/\(roundID)").status == .notFound, "\(email)")
                #expect(try await other.get("/rounds/\(roundID)/entries/\(j1Entry.uuidString)").status == .notFound, "\(email)")
                #expect(try await other.get("/rounds/\(roundID)/results").status == .notFound, "\(email)")
            }
            for email in [NeedFixture.Person.applicant.email!, NeedFixture.Person.needOrganization.email!] {
                let other = try await f.client(app, email)
                #expect(try await other.get("/rounds").status == .forbidden)
                #expect(try await other.get("/rounds/new").status == .forbidden)
            }
            let visitor = try await WebClient(app).get("/rounds/\(roundID)")
            #expect(visitor.status == .seeOther || visitor.status == .unauthorized)
            // The agency's own operator runs it.
            let opA = try await f.client(app, "op-a@test.example")
            #expect(try await opA.get("/rounds/\(roundID)/results").status == .ok)
        }
    }

    @Test("an open panel shows co-judges' names but never their scores; judges lose access when judging closes")
    func openPanelAndClosing() async throws {
        try await TestApp.with { app in
            let f = try await EvaluationFixture.make(app, blind: false)
            try await f.prepare(app)
            let roundID = try f.round.requireID().uuidString
            let assignments = try await f.assignments(app)
            let mine = assignments.filter { $0.$expert.id == f.experts[1].id }
            let entryID = try #require(mine.first).$entry.id
            let coJudge = try #require(assignments.first { $0.$entry.id == entryID && $0.$expert.id != f.experts[1].id })
            let coIndex = try #require(f.experts.firstIndex { $0.id == coJudge.$expert.id })
            let coActor = try await f.judge(app, coIndex)
            try await EvaluationService.pledge(f.round, declared: [], agreed: true, by: coActor, on: app.db, now: TestApp.now)
            try await EvaluationService.saveSheet(f.round, entryID: entryID, try await f.sheet(app, [29, 28, 24, 14]), submit: true, by: coActor, on: app.db, now: TestApp.now)
            let judge = try await f.client(app, EvaluationFixture.judgeEmails[1])
            _ = try await judge.get("/rounds/\(roundID)")
            _ = try await judge.post("/rounds/\(roundID)/pledge", [("agree", "1")])
            let page = try await judge.get("/rounds/\(roundID)/entries/\(entryID.uuidString)")
            #expect(page.body.contains("함께 심사: "))
            #expect(page.body.contains(EvaluationFixture.judgeNames[coIndex]))
            #expect(!page.body.contains("95.00"))
            #expect(try await judge.get("/rounds/\(roundID)/entries/\(entryID.uuidString)?judge=\(coJudge.$expert.id.uuidString)").status == .notFound)
            // Closing: the judge's pages answer 403 and a late save is refused.
            let op = try await f.operatorActor(app)
            try await EvaluationService.close(f.round, by: op, on: app.db, now: TestApp.now)
            #expect(try await judge.get("/rounds/\(roundID)").status == .forbidden)
            #expect(try await judge.get("/rounds/\(roundID)/entries/\(entryID.uuidString)").status == .forbidden)
            let criteria = try await f.criteria(app)
            let late = try await judge.post("/rounds/\(roundID)/entries/\(entryID.uuidString)", criteria.map { ("score-\($0.id!.uuidString)", "1") } + [("action", "submit")])
            #expect(late.status == .forbidden)
            #expect(try await ScoreSheet.query(on: app.db).filter(\.$expert.$id == f.experts[1].requireID()).count() == 0)
        }
    }
}
