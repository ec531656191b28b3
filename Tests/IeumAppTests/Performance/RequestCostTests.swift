import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// What the hot read paths cost in SQL statements (issue 18, item 6): a recommendations request,
/// a need's page and the public calls list, counted through the real application, and what the
/// caches behind them must never do: serve a list or a name older than a committed change.
@Suite("Request cost of the hot read paths")
struct RequestCostTests {
    typealias Person = NeedFixture.Person

    /// A need with ranked startups, its organisation's token, and a statement counter.
    static func scene(_ app: Application) async throws -> (fixture: NeedFixture, token: String, counter: StatementCounter) {
        let counter = StatementCounter.install(on: app)
        let fixture = try await NeedFixture.make(app)
        _ = try await RecommendationTests.startups(app)
        let token = try await RecommendationTests.token(app, .needOrganization)
        return (fixture, token, counter)
    }

    static var onPostgres: Bool { TestApp.postgresURL != nil }

    @Test("a repeated recommendations request reads no taxonomy, ranking rows or call again: 11 statements (15 on PostgreSQL, whose feed read is a snapshot transaction)")
    func recommendationsBudget() async throws {
        try await TestApp.with { app in
            // given: the list asked for once
            let (fixture, token, counter) = try await Self.scene(app)
            let path = "/api/v1/needs/\(try fixture.need.requireID())/recommendations"
            let first = try await APITests.call(app, .GET, path, token: token)
            #expect(first.status == .ok)
            // when: asked for again
            counter.reset()
            let again = try await APITests.call(app, .GET, path, token: token)
            // then: the same list, and only the per-request reads (auth, access, feed, feedback fingerprint, 지원함)
            #expect(again.status == .ok)
            #expect(again.array.map { $0["startupId"] as? String } == first.array.map { $0["startupId"] as? String })
            #expect(counter.count <= (Self.onPostgres ? 15 : 11), "\(counter.all.joined(separator: "\n"))")
            #expect(!counter.all.contains { $0.contains("FROM \"tech_fields\"") }, "taxonomy")
            #expect(!counter.all.contains { $0.contains("FROM \"organizations\"") && !$0.contains("external_id") }, "names and stages (only columns)")
            #expect(counter.all.filter { $0.contains("FROM \"calls\"") }.count == 1, "the access check's call only")
            #expect(counter.all.filter { $0.contains("match_feedback") }.count == 1, "the fingerprint is one statement")
        }
    }

    @Test("a need's page and /calls read the taxonomy only after it changed")
    func pagesBudget() async throws {
        try await TestApp.with { app in
            // given: both pages seen once
            let (fixture, _, counter) = try await Self.scene(app)
            let owner = try await NeedFixture.client(app, .needOrganization)
            let visitor = WebClient(app)
            let needPath = "/needs/\(try fixture.need.requireID())"
            #expect(try await owner.get(needPath).status == .ok)
            #expect(try await visitor.get("/calls").status == .ok)
            // when: seen again
            counter.reset()
            #expect(try await owner.get(needPath).status == .ok)
            let needStatements = counter.count
            counter.reset()
            #expect(try await visitor.get("/calls").status == .ok)
            // then
            #expect(needStatements <= (Self.onPostgres ? 24 : 20))
            #expect(counter.count <= 7, "\(counter.all.joined(separator: "\n"))")
            #expect(!counter.all.contains { $0.contains("FROM \"tech_fields\"") })
        }
    }

    @Test("a renamed field shows on the next need page, and a renamed startup in the next recommendations")
    func changesAreSeenAtOnce() async throws {
        try await TestApp.with { app in
            // given: a need page and its recommendations seen (taxonomy, ranking and names cached)
            let (fixture, token, _) = try await Self.scene(app)
            let needID = try fixture.need.requireID()
            let owner = try await NeedFixture.client(app, .needOrganization)
            #expect(try await owner.get("/needs/\(needID)").body.contains("배터리"))
            let path = "/api/v1/needs/\(needID)/recommendations"
            let before = try await APITests.call(app, .GET, path, token: token).array
            let top = try #require(before.first?["startupId"] as? String)
            // when: an operator renames the need's field, and the top startup is renamed
            try await TestApp.user(app, email: "taxonomy-op@ieum.test", role: .operator)
            let op = WebClient(app)
            try await op.login("taxonomy-op@ieum.test")
            _ = try await op.get("/admin/taxonomy")
            let field = try #require(try await TechField.query(on: app.db).filter(\.$code == "battery-energy").first())
            let saved = try await op.post("/admin/taxonomy/fields/\(try field.requireID())",
                                          [("nameKo", "차세대전지소재"), ("nameEn", "Next-gen cells"), ("aliases", ""), ("active", "on")])
            #expect(saved.status == .seeOther || saved.status == .found || saved.status == .ok)
            let startup = try #require(try await Organization.find(UUID(uuidString: top), on: app.db))
            startup.name = "새이름랩"
            try await startup.save(on: app.db)
            // then: the very next requests show both
            #expect(try await owner.get("/needs/\(needID)").body.contains("차세대전지소재"))
            let after = try await APITests.call(app, .GET, path, token: token).array
            #expect(after.first { $0["startupId"] as? String == top }?["name"] as? String == "새이름랩")
        }
    }

    @Test("concurrent callers share loads, and none is given a load that began before it arrived")
    func freshLoads() async throws {
        // given: a load that counts itself and takes a moment
        let loads = FreshLoads<Int>()
        let started = Counter()
        // when: 40 callers arrive at once, each noting the number of loads begun when it arrived
        let results = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for _ in 0..<40 {
                group.addTask {
                    let arrived = await started.value
                    let got = try await loads.value {
                        let n = await started.next()
                        try await Task.sleep(for: .milliseconds(20))
                        return n
                    }
                    return (arrived, got)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // then: far fewer loads than callers, and each caller's load began after it arrived
        #expect(await loads.loads < 10)
        for (arrived, got) in results { #expect(got > arrived) }
    }

    actor Counter {
        private(set) var value = 0
        func next() -> Int {
            value += 1
            return value
        }
    }
}
