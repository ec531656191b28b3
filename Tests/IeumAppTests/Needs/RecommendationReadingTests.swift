import Fluent
import Foundation
import IeumCore
import IeumMatching
import Testing
import Vapor
@testable import IeumApp

/// Recommendations as a demand organisation and a startup read them (issue 21, item 3): a 0–100
/// score never above 100, no different scores shown alike, a sentence that quotes the profile,
/// raw terms only for operators, and no closed door recommended to a startup.
@Suite("Recommendations people read")
struct RecommendationReadingTests {
    typealias Person = NeedFixture.Person

    /// Every "일치도 N" on a page.
    static func scores(_ body: String) -> [Double] {
        body.components(separatedBy: "일치도 ").dropFirst().compactMap { Double($0.prefix { $0.isNumber || $0 == "." }) }
    }

    static func token(_ app: Application, _ person: Person) async throws -> String {
        try await RecommendationTests.token(app, person)
    }

    @Test("page and API: scores 0–100, a sentence quoting the profile, the raw terms behind 자세히 for operators only")
    func readableScoresAndReasons() async throws {
        try await TestApp.with { app in
            // given the battery need and startups of which one describes exactly that
            let fixture = try await NeedFixture.make(app)
            let s = try await RecommendationTests.startups(app)
            let needID = try fixture.need.requireID()
            // when its organisation reads the list
            let list = try await RecommendationService.forNeed(fixture.need, limit: 10, app: app, on: app.db)
            // then the best is the cathode startup, quoted from its own description
            let top = try #require(list.first)
            #expect(top.id == s.cathode.id)
            #expect(list.allSatisfy { (0...100).contains($0.score100) })
            let quotes = top.reason.ko.components(separatedBy: "‘").dropFirst().map { $0.prefix { $0 != "’" } }
            #expect(!quotes.isEmpty)
            for quote in quotes { #expect(s.cathode.description.contains(quote.replacingOccurrences(of: "…", with: "")), "\(quote)") }
            #expect(top.reason.ko.hasSuffix("."))
            #expect(!top.reason.ko.contains("일치 용어"))
            #expect(top.reason.en.contains("‘") && top.reason.en.contains("matches the need's key requirements"))

            let owner = try await NeedFixture.client(app, .needOrganization).get("/needs/\(needID)")
            let shown = Self.scores(owner.body)
            #expect(shown.count == list.count)
            #expect(shown.allSatisfy { $0 <= 100 })
            #expect(owner.body.contains("경험이 수요과제의 핵심 요구와 맞"))
            #expect(!owner.body.contains("match-details"), "no raw terms for the need's organisation")
            #expect(!owner.body.contains("일치 용어"))
            let op = try await NeedFixture.client(app, .operator).get("/needs/\(needID)")
            #expect(op.body.contains("match-details"))
            #expect(op.body.contains(">자세히<"))
            #expect(op.body.contains("일치 용어"))

            // API: score100 within 0–100 next to the raw score; details for operators only
            var reply = try await APITests.call(app, .GET, "/api/v1/needs/\(needID)/recommendations", token: try await Self.token(app, .needOrganization))
            #expect(reply.status == .ok)
            #expect(!reply.array.isEmpty)
            #expect(reply.array.allSatisfy { ($0["score100"] as? Double).map { (0...100).contains($0) } ?? false })
            #expect(reply.array.allSatisfy { $0["details"] == nil })
            #expect(((reply.array.first?["reason"] as? [String: Any])?["ko"] as? String)?.contains("‘") == true)
            reply = try await APITests.call(app, .GET, "/api/v1/needs/\(needID)/recommendations", token: try await Self.token(app, .operator))
            #expect(reply.array.allSatisfy { $0["details"] != nil })
        }
    }

    @Test("tie rule: different scores never print alike; equal scores are marked, the one with more key words first")
    func ties() async throws {
        try await TestApp.with { app in
            // given two startups whose profiles say the same (only their names differ) and others
            let fixture = try await NeedFixture.make(app)
            _ = try await RecommendationTests.startups(app)
            let text = "이차전지 양극재 소성 공정 수율 개선"
            try await TestApp.organization(app, name: "쌍둥이가", description: text)
            try await TestApp.organization(app, name: "쌍둥이나", description: text)
            // when
            let list = try await RecommendationService.forNeed(fixture.need, limit: 10, app: app, on: app.db)
            // then the twins tie, and the second says so
            let twins = list.filter { $0.name.hasPrefix("쌍둥이") }
            #expect(twins.count == 2)
            #expect(twins[0].score100 == twins[1].score100)
            #expect(twins[0].scoreLabel == twins[1].scoreLabel)
            #expect(twins[1].tiedWithPrevious)
            // and no two different scores share a label
            for (a, b) in zip(list, list.dropFirst()) where !MatchScore.same(a.score100, b.score100) {
                #expect(a.scoreLabel != b.scoreLabel, "\(a.score100) vs \(b.score100)")
                #expect(a.score100 > b.score100)
                #expect(!b.tiedWithPrevious)
            }
            let page = try await NeedFixture.client(app, .needOrganization).get("/needs/\(try fixture.need.requireID())")
            #expect(page.body.contains("바로 위와 같은 점수입니다"))
        }
    }

    @Test("a startup is not recommended a closed need, one past its deadline or one it applied to: workspace, profile page and API alike")
    func closedDoorsEverywhere() async throws {
        try await TestApp.with { app in
            // given the applicant (applied to the fixture's need) and four more needs on its topic
            let fixture = try await NeedFixture.make(app)
            fixture.applicantOrg.description = "이차전지 양극재 공정 데이터를 AI로 분석해 수율을 높입니다."
            try await fixture.applicantOrg.save(on: app.db)
            let openNeed = try await TestRecords.need(app, fixture.demandOrg, "양극재 공정 수율 AI 분석 (열림)", call: fixture.call)
            let closed = try await TestRecords.need(app, fixture.demandOrg, "양극재 공정 수율 AI 분석 (마감됨)", call: fixture.call)
            let late = try await TestRecords.need(app, fixture.demandOrg, "양극재 공정 수율 AI 분석 (기한 지남)",
                                                  deadline: TestApp.now.addingTimeInterval(-3_600), call: fixture.call)
            let awarded = try await TestRecords.need(app, fixture.demandOrg, "양극재 공정 수율 AI 분석 (선정 완료)", call: fixture.call)
            // the index has seen them published; then two are closed or awarded
            _ = try await RecommendationService.forStartup(fixture.applicantOrg, limit: 10, now: TestApp.now, app: app, on: app.db)
            closed.status = .closed
            try await closed.save(on: app.db)
            awarded.status = .awarded
            try await awarded.save(on: app.db)
            let absent = [closed.title, late.title, awarded.title, fixture.need.title]
            // when: the API, the profile page and the workspace
            let api = try await APITests.call(app, .GET, "/api/v1/startups/\(try fixture.applicantOrg.requireID())/recommendations",
                                               token: try await Self.token(app, .applicant))
            let titles = api.array.compactMap { $0["title"] as? String }
            let client = try await NeedFixture.client(app, .applicant)
            let profile = try await client.get("/organizations/\(try fixture.applicantOrg.requireID())")
            let workspace = try await client.get("/")
            // then
            #expect(titles.contains(openNeed.title))
            #expect(api.array.allSatisfy { ($0["score100"] as? Double).map { (0...100).contains($0) } ?? false })
            for title in absent { #expect(!titles.contains(title), "API: \(title)") }
            let profileSection = try #require(profile.body.components(separatedBy: "id=\"need-recommendations\"").dropFirst().first?.components(separatedBy: "</section>").first)
            #expect(profileSection.contains(openNeed.title))
            #expect(Self.scores(profileSection).allSatisfy { $0 <= 100 })
            #expect(profileSection.contains("이 수요과제가 찾는 ‘") || profileSection.contains("등 일부 표현이 귀사 프로필과 겹칩니다"))
            let workspaceSection = try #require(workspace.body.components(separatedBy: "id=\"recommended-needs\"").dropFirst().first?.components(separatedBy: "</section>").first)
            #expect(workspaceSection.contains(openNeed.title))
            for title in absent {
                #expect(!profileSection.contains(title), "profile: \(title)")
                #expect(!workspaceSection.contains(title), "workspace: \(title)")
            }
        }
    }
}
