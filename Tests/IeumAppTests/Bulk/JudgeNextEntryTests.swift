import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

@Suite("Judging: after a submitted sheet, the next entry")
struct JudgeNextEntryTests {
    @Test("submitting a sheet leads to the judge's next entry without one, and to the round page after the last")
    func nextEntry() async throws {
        try await TestApp.with(demo: true) { app in
            // given the demo judge on the open round, pledged, with sheets left
            let round = try #require(try await EvaluationRound.query(on: app.db).filter(\.$status == .open).first())
            let roundID = try round.requireID()
            let user = try #require(try await User.query(on: app.db).filter(\.$email == "judge@ieum.demo").first())
            let actor = try await user.actor(on: app.db)
            let expert = try #require(try await Expert.query(on: app.db).filter(\.$user.$id == user.requireID()).first())
            try await EvaluationService.pledge(round, declared: [], agreed: true, by: actor, on: app.db, now: TestApp.now)
            let assigned = try await RoundAssignment.query(on: app.db).filter(\.$round.$id == roundID).filter(\.$expert.$id == expert.requireID()).all().map { $0.$entry.id }
            #expect(assigned.count >= 2)
            let criteria = try await RubricCriterion.query(on: app.db).filter(\.$round.$id == roundID).all()
            let judge = WebClient(app)
            try await judge.login("judge@ieum.demo", password: DemoData.password)
            var seen: Set<UUID> = []
            var entry = try #require(try await EvaluationQuery.nextOpenEntry(round, for: actor, on: app.db))
            for n in 0..<assigned.count {
                // when the judge submits the sheet of the entry it is on
                let path = "/rounds/\(roundID)/entries/\(entry.uuidString)"
                _ = try await judge.get(path)
                let page = try await judge.post(path, criteria.map { ("score-\($0.id!.uuidString)", String($0.maxScore)) } + [("action", "submit")])
                #expect(page.status == .seeOther)
                seen.insert(entry)
                let location = page.headers.first(name: .location) ?? ""
                if n + 1 < assigned.count {
                    // then it is sent to another entry of its own without a sheet
                    let next = try #require(UUID(uuidString: String(location.split(separator: "/").last ?? "")), "\(location)")
                    #expect(location == "/rounds/\(roundID)/entries/\(next.uuidString)")
                    #expect(assigned.contains(next) && !seen.contains(next))
                    entry = next
                } else {
                    // and after the last one, to the round page
                    #expect(location == "/rounds/\(roundID)")
                }
            }
            #expect(Set(assigned) == seen)
        }
    }
}
