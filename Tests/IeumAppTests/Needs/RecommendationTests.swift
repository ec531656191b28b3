import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// The matching engine inside the app: built from the database, kept current, learning from
/// feedback, and shown only to the need's organisation and operators (pages and API).
@Suite("Recommendations in the app and the API")
struct RecommendationTests {
    typealias Person = NeedFixture.Person

    static func startups(_ app: Application) async throws -> (water: Organization, cathode: Organization, food: Organization, aqua: Organization) {
        let water = try await TestApp.organization(app, name: "워터센스", description: "상수도 관로와 펌프 설비의 예지보전 솔루션. 진동 센서 데이터로 고장을 미리 알립니다.")
        let cathode = try await TestApp.organization(app, name: "캐소드랩", description: "이차전지 양극재 소성 공정의 수율을 AI로 최적화합니다.")
        let food = try await TestApp.organization(app, name: "밀키트랩", description: "밀키트 새벽 배송과 식품 구독 서비스")
        // Runners-up in both domains, so that feedback has someone to promote.
        let aqua = try await TestApp.organization(app, name: "아쿠아랩", description: "상수도 펌프의 예지보전")
        try await TestApp.organization(app, name: "셀테크", description: "이차전지 양극재 품질을 AI로 예측")
        return (water, cathode, food, aqua)
    }

    static func token(_ app: Application, _ person: Person) async throws -> String {
        let user = try #require(try await User.query(on: app.db).filter(\.$email == person.email!).first())
        return try await APITokens.issue(for: user.requireID(), name: "test", on: app.db, actor: nil, now: TestApp.now).1
    }

    static func englishNeed(_ app: Application, _ fixture: NeedFixture) async throws -> Need {
        let owner = try await NeedFixture.actor(app, .needOrganization)
        var input = NeedInput()
        input.title = "Predictive maintenance for water pipes"
        input.teaser = "We look for predictive maintenance of pumps and pipes in water supply."
        input.detail = "Vibration sensors on 120 pumps; data access for a 3-month PoC."
        input.fields = ["iot"]
        input.contactName = "Kim"
        input.contactEmail = "kim@water.example"
        return try await NeedService.create(input, organizationID: fixture.demandOrg.requireID(), by: owner, on: app.db, now: TestApp.now)
    }

    @Test("an English need finds the Korean 예지보전 startup first, with the synonym in the reason")
    func crossLingual() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let s = try await Self.startups(app)
            let need = try await Self.englishNeed(app, fixture)
            let list = try await RecommendationService.forNeed(need, limit: 5, app: app, on: app.db)
            let waterStartups = [s.water.id, s.aqua.id]
            #expect(waterStartups.contains(list.first?.id))
            #expect(waterStartups.contains(list.dropFirst().first?.id), "both Korean 예지보전 startups lead")
            #expect(list.first?.reason.ko.contains("예지보전") == true)
            #expect(!list.contains { $0.id == s.food.id && $0.score > (list.first?.score ?? 0) })
            // The battery need ranks the cathode startup first.
            let battery = try await RecommendationService.forNeed(fixture.need, limit: 5, app: app, on: app.db)
            #expect(battery.first?.id == s.cathode.id)
        }
    }

    @Test("the index follows the registry: an edited profile is found, a rejected one disappears")
    func keptCurrent() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let s = try await Self.startups(app)
            let need = try await Self.englishNeed(app, fixture)
            var list = try await RecommendationService.forNeed(need, limit: 5, app: app, on: app.db)
            #expect(list.contains { $0.id == s.water.id })
            #expect(!list.prefix(3).contains { $0.id == s.food.id })
            // The food startup pivots to water-pipe monitoring (through the registry service, as the form does).
            let op = try await NeedFixture.actor(app, .operator)
            var input = OrganizationInput(s.food, fieldCodes: [])
            input.businessNumber = TestApp.businessNumber(77)
            input.stage = "seed"
            input.fields = ["iot"]
            input.description = "상수도 관로 누수와 펌프 고장을 예지보전하는 진동 센서 플랫폼"
            input.contactEmail = "food@test.example"
            _ = try await RegistryService.update(s.food.requireID(), with: input, by: op, on: app.db, now: TestApp.now)
            list = try await RecommendationService.forNeed(need, limit: 5, app: app, on: app.db)
            #expect(list.prefix(3).contains { $0.id == s.food.id })
            // Rejected organisations are no longer proposed.
            _ = try await RegistryService.setStatus(s.water.requireID(), to: .rejected, reason: "중복 등록", by: op, on: app.db, now: TestApp.now)
            list = try await RecommendationService.forNeed(need, limit: 5, app: app, on: app.db)
            #expect(!list.contains { $0.id == s.water.id })
        }
    }

    @Test("적합하지 않음 on the top startup moves it down for this need and for a similar one; withdrawing restores it")
    func feedback() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let s = try await Self.startups(app)
            let need = try await Self.englishNeed(app, fixture)
            let owner = try await NeedFixture.actor(app, .needOrganization)
            _ = s
            let top = try #require(try await RecommendationService.forNeed(need, limit: 5, app: app, on: app.db).first?.id)
            try await RecommendationService.recordFeedback(need: need, startupID: top, kind: .notSuitable, by: owner, on: app.db, now: TestApp.now)
            let after = try await RecommendationService.forNeed(need, limit: 5, app: app, on: app.db)
            #expect(after.first?.id != top)
            let demoted = after.first { $0.id == top }
            #expect(demoted == nil || demoted?.reason.ko.contains("피드백") == true)
            // A similar need (same words) feels it too.
            var input = NeedInput()
            input.title = "Predictive maintenance for water pumps"
            input.teaser = "Predictive maintenance of pumps in water supply."
            input.detail = "pumps"
            input.fields = ["iot"]
            input.contactName = "Kim"
            input.contactEmail = "kim@water.example"
            let similar = try await NeedService.create(input, organizationID: fixture.demandOrg.requireID(), by: owner, on: app.db, now: TestApp.now)
            let similarList = try await RecommendationService.forNeed(similar, limit: 5, app: app, on: app.db)
            #expect(similarList.first { $0.id == top }?.reason.ko.contains("피드백") == true)
            // Withdrawing the feedback restores the first ranking.
            try await RecommendationService.recordFeedback(need: need, startupID: top, kind: nil, by: owner, on: app.db, now: TestApp.now)
            #expect(try await RecommendationService.forNeed(need, limit: 5, app: app, on: app.db).first?.id == top)
        }
    }

    @Test("API: only the need's organisation and operators get a need's recommendations (404 for everyone else, as on the page; 401 without a token)")
    func needRecommendationAccess() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            _ = try await Self.startups(app)
            let published = "/api/v1/needs/\(try fixture.need.requireID())/recommendations"
            let draftNeed = try await Self.englishNeed(app, fixture)
            let draft = "/api/v1/needs/\(try draftNeed.requireID())/recommendations"
            let expected: [(Person, HTTPStatus, HTTPStatus)] = [
                (.needOrganization, .ok, .ok), (.operator, .ok, .ok),
                // issue 14, 3(e): the page answers 404, so the API does too (was 403 for teaser readers)
                (.otherDemand, .notFound, .notFound), (.otherStartup, .notFound, .notFound),
                (.applicant, .notFound, .notFound), (.judge, .notFound, .notFound),
            ]
            for (person, onPublished, onDraft) in expected {
                let token = try await Self.token(app, person)
                let reply = try await APITests.call(app, .GET, published, token: token)
                #expect(reply.status == onPublished, "\(person) published")
                if onPublished == .ok {
                    #expect(reply.array.first?["name"] as? String == "캐소드랩")
                    #expect((reply.array.first?["reason"] as? [String: Any])?["ko"] as? String != nil)
                    #expect(reply.array.first?["rank"] as? Int == 1)
                } else {
                    #expect(reply.contentType.hasPrefix("application/problem+json"))
                }
                #expect(try await APITests.call(app, .GET, draft, token: token).status == onDraft, "\(person) draft")
            }
            #expect(try await APITests.call(app, .GET, published, token: nil).status == .unauthorized)
            let badLimit = try await APITests.call(app, .GET, published + "?limit=1000", token: try await Self.token(app, .operator))
            #expect(badLimit.status == .badRequest)
        }
    }

    @Test("API: feedback through PUT and DELETE changes the ranking; others are refused")
    func feedbackAPI() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let s = try await Self.startups(app)
            let needID = try fixture.need.requireID()
            let path = "/api/v1/needs/\(needID)/feedback/\(try s.cathode.requireID())"
            let owner = try await Self.token(app, .needOrganization)
            var reply = try await APITests.call(app, .PUT, path, token: owner, json: #"{"kind":"notSuitable"}"#)
            #expect(reply.status == .noContent)
            reply = try await APITests.call(app, .GET, "/api/v1/needs/\(needID)/recommendations", token: owner)
            #expect(reply.array.first?["name"] as? String != "캐소드랩")
            #expect(reply.array.contains { $0["name"] as? String == "캐소드랩" && $0["feedback"] as? String == "notSuitable" } || !reply.array.contains { $0["name"] as? String == "캐소드랩" })
            reply = try await APITests.call(app, .PUT, path, token: owner, json: #"{"kind":"maybe"}"#)
            #expect(reply.status == .badRequest)
            let stranger = try await Self.token(app, .otherDemand)
            reply = try await APITests.call(app, .PUT, path, token: stranger, json: #"{"kind":"interested"}"#)
            #expect(reply.status == .notFound)
            reply = try await APITests.call(app, .DELETE, path, token: owner)
            #expect(reply.status == .noContent)
            reply = try await APITests.call(app, .GET, "/api/v1/needs/\(needID)/recommendations", token: owner)
            #expect(reply.array.first?["name"] as? String == "캐소드랩")
            #expect(try await MatchFeedback.query(on: app.db).count() == 1)
        }
    }

    @Test("API and profile page: a startup's recommended needs for its own people and operators only")
    func startupRecommendations() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            // The fixture's startup has applied to the need; here it has not yet (an applied need
            // is not recommended, see the next test).
            try await ProposalAttachment.query(on: app.db).delete()
            try await NeedApplication.query(on: app.db).delete()
            // The applicant describes what it does; its profile is the query for needs.
            fixture.applicantOrg.description = "이차전지 양극재 공정 데이터를 AI로 분석해 수율을 높입니다."
            try await fixture.applicantOrg.save(on: app.db)
            let path = "/api/v1/startups/\(try fixture.applicantOrg.requireID())/recommendations"
            var reply = try await APITests.call(app, .GET, path, token: try await Self.token(app, .applicant))
            #expect(reply.status == .ok)
            #expect(reply.array.first?["title"] as? String == fixture.need.title)
            #expect(try await APITests.call(app, .GET, path, token: try await Self.token(app, .operator)).status == .ok)
            reply = try await APITests.call(app, .GET, path, token: try await Self.token(app, .otherStartup))
            #expect(reply.status == .notFound)
            reply = try await APITests.call(app, .GET, path, token: try await Self.token(app, .needOrganization))
            #expect(reply.status == .notFound)
            // The same list on the profile page, for the startup's own people.
            let applicant = try await NeedFixture.client(app, .applicant)
            let page = try await applicant.get("/organizations/\(try fixture.applicantOrg.requireID())")
            #expect(page.body.contains("추천 수요과제"))
            #expect(page.body.contains(fixture.need.title))
            let demand = try await NeedFixture.client(app, .needOrganization)
            let seen = try await demand.get("/organizations/\(try fixture.applicantOrg.requireID())")
            #expect(seen.status == .ok)
            #expect(!seen.body.contains("추천 수요과제"))
        }
    }

    @Test("a startup is not recommended a need it has applied to, nor one past its deadline")
    func startupRecommendationsLeaveOutClosedDoors() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            fixture.applicantOrg.description = "이차전지 양극재 공정 데이터를 AI로 분석해 수율을 높입니다."
            try await fixture.applicantOrg.save(on: app.db)
            let path = "/api/v1/startups/\(try fixture.applicantOrg.requireID())/recommendations"
            let token = try await Self.token(app, .applicant)
            func titles() async throws -> [String] {
                try await APITests.call(app, .GET, path, token: token).array.compactMap { $0["title"] as? String }
            }
            // Applied: not recommended.
            #expect(!(try await titles()).contains(fixture.need.title))
            // Not applied, open: recommended.
            try await ProposalAttachment.query(on: app.db).delete()
            try await NeedApplication.query(on: app.db).delete()
            #expect(try await titles().contains(fixture.need.title))
            // Its deadline passed: not recommended, though still published.
            fixture.need.deadline = TestApp.now.addingTimeInterval(-3_600)
            try await fixture.need.save(on: app.db)
            #expect(!(try await titles()).contains(fixture.need.title))
            // The need's own deadline is open but its call has closed: not recommended either.
            fixture.need.deadline = TestApp.now.addingTimeInterval(86_400)
            try await fixture.need.save(on: app.db)
            #expect(try await titles().contains(fixture.need.title))
            fixture.call.closesAt = TestApp.now.addingTimeInterval(-60)
            try await fixture.call.save(on: app.db)
            #expect(!(try await titles()).contains(fixture.need.title))
        }
    }

    @Test("the need page shows 추천 스타트업 with reasons and feedback buttons to its organisation only")
    func needPageSection() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            _ = try await Self.startups(app)
            let path = "/needs/\(try fixture.need.requireID())"
            let owner = try await NeedFixture.client(app, .needOrganization)
            var page = try await owner.get(path)
            #expect(page.body.contains("추천 스타트업"))
            #expect(page.body.contains("캐소드랩"))
            #expect(page.body.contains("적합하지 않음"))
            for person in [Person.applicant, .otherStartup, .otherDemand, .visitor] {
                page = try await NeedFixture.client(app, person).get(path)
                #expect(!page.body.contains("추천 스타트업"), "\(person)")
            }
        }
    }
}
