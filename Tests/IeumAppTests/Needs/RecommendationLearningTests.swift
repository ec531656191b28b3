import Fluent
import Foundation
import IeumCore
import IeumMatching
import Testing
import Vapor
@testable import IeumApp

/// Learning from feedback (issue 21, item 2): 관심 있음 / 적합하지 않음, invitations and selections
/// in a program train a small ranking model that reorders the next need's suggestions, says so
/// (피드백 반영), and does nothing below its minimum; and a startup that applied is marked (item 3).
@Suite("Recommendations learn from feedback")
struct RecommendationLearningTests {
    typealias Person = NeedFixture.Person

    /// Topics of the needs people already judged in the program.
    static let topics = ["상수도 누수 감지 센서", "물류창고 피킹 로봇", "전기차 배터리 상태 진단", "흉부 엑스레이 판독 AI"]

    /// A published need of the fixture's organisation in the fixture's call (its program).
    static func publishedNeed(_ app: Application, _ fixture: NeedFixture, title: String, teaser: String, call: Call? = nil) async throws -> Need {
        let owner = try await NeedFixture.actor(app, .needOrganization)
        let op = try await NeedFixture.actor(app, .operator)
        var input = NeedInput()
        input.title = title
        input.teaser = teaser
        input.detail = teaser
        input.fields = ["battery-energy"]
        input.contactName = "김담당"
        input.contactEmail = "buyer@hanbit.example"
        let need = try await NeedService.create(input, organizationID: fixture.demandOrg.requireID(), by: owner, on: app.db, now: TestApp.now)
        let id = try need.requireID()
        _ = try await NeedService.perform(.submit, on: id, by: owner, on: app.db, now: TestApp.now)
        _ = try await NeedService.perform(.publish, on: id, callID: (call ?? fixture.call).requireID(), by: op, on: app.db, now: TestApp.now)
        return try #require(try await Need.find(id, on: app.db))
    }

    static func startup(_ app: Application, _ name: String, _ description: String, stage: IeumCore.Stage) async throws -> Organization {
        let org = try await TestApp.organization(app, name: name, description: description)
        org.stage = stage
        try await org.save(on: app.db)
        return org
    }

    /// For each topic a need, shown to its organisation, then judged: the Series B startups
    /// 관심 있음 (one invited instead), the seed ones 적합하지 않음 — `pairs` judgements in all
    /// (the other way round with `likeLate` false), in the fixture's call or `call`.
    static func judgeProgram(_ app: Application, _ fixture: NeedFixture, pairs: Int, call: Call? = nil, likeLate: Bool = true) async throws {
        let owner = try await NeedFixture.actor(app, .needOrganization)
        let tag = call == nil ? "" : "B"
        var left = pairs
        for (t, topic) in topics.enumerated() where left > 0 {
            let need = try await publishedNeed(app, fixture, title: topic, teaser: "\(topic) 기술을 찾습니다.", call: call)
            var judged: [(Organization, Bool)] = []
            for i in 0..<3 {
                let late = try await startup(app, "후기\(tag)\(t)\(i)", "\(topic) 솔루션을 공급합니다.", stage: .seriesB)
                let early = try await startup(app, "초기\(tag)\(t)\(i)", "\(topic) 솔루션을 공급합니다.", stage: .seed)
                judged += [(late, likeLate), (early, !likeLate)]
            }
            // shown first, as people judge what they see
            _ = try await RecommendationService.forNeed(need, limit: 10, app: app, on: app.db)
            for (org, liked) in judged where left > 0 {
                left -= 1
                if liked && org.name.hasSuffix("0") {
                    _ = try await NeedService.invite(need.requireID(), startupID: org.requireID(), message: "", by: owner, on: app.db, now: TestApp.now)
                } else {
                    try await RecommendationService.recordFeedback(need: need, startupID: org.requireID(), kind: liked ? .interested : .notSuitable,
                                                                   by: owner, on: app.db, now: TestApp.now)
                }
            }
        }
    }

    /// A new need and two startups for it: the seed one's profile says the need's words more often.
    static func newNeed(_ app: Application, _ fixture: NeedFixture) async throws -> (need: Need, early: Organization, late: Organization) {
        let early = try await startup(app, "새싹팜", "스마트팜 생육 데이터 분석 플랫폼. 생육 데이터를 분석합니다.", stage: .seed)
        let late = try await startup(app, "성장팜", "스마트팜 생육 데이터 분석 플랫폼.", stage: .seriesB)
        let need = try await publishedNeed(app, fixture, title: "스마트팜 생육 데이터 분석", teaser: "스마트팜 생육 데이터 분석 기업을 찾습니다.")
        return (need, early, late)
    }

    @Test("feedback in a program changes the next need's ranking: the liked pattern rises, and the reason says 피드백 반영")
    func feedbackChangesRanking() async throws {
        try await TestApp.with { app in
            // given a new need whose best text match is an early-stage startup
            let fixture = try await NeedFixture.make(app)
            let n = try await Self.newNeed(app, fixture)
            let before = try await RecommendationService.forNeed(n.need, limit: 10, app: app, on: app.db)
            #expect(before.prefix(2).map(\.id) == [n.early.id, n.late.id])
            #expect(before.allSatisfy { !$0.learnedFromFeedback })
            // when the program's people liked Series B startups and turned down seed ones on 24 other needs' suggestions
            try await Self.judgeProgram(app, fixture, pairs: 24)
            let after = try await RecommendationService.forNeed(n.need, limit: 10, app: app, on: app.db)
            // then the Series B startup comes first, and the reason says the feedback was used
            #expect(after.prefix(2).map(\.id) == [n.late.id, n.early.id], "\(before.prefix(3).map { ($0.name, $0.score) }) → \(after.prefix(3).map { ($0.name, $0.score, $0.details.ko) })")
            let top = try #require(after.first)
            #expect(top.learnedFromFeedback)
            #expect(top.reason.ko.hasSuffix("(피드백 반영)"))
            #expect(top.reason.en.hasSuffix("(Learned from feedback)"))
            #expect(after.allSatisfy { (0...100).contains($0.score100) })

            // the page shows the badge, and the API the flag
            let needID = try n.need.requireID()
            let page = try await NeedFixture.client(app, .needOrganization).get("/needs/\(needID)")
            #expect(page.body.contains(">피드백 반영<"))
            let reply = try await APITests.call(app, .GET, "/api/v1/needs/\(needID)/recommendations", token: try await RecommendationTests.token(app, .needOrganization))
            #expect(reply.status == .ok)
            #expect(reply.array.first?["startupId"] as? String == n.late.id?.uuidString)
            #expect(reply.array.first?["learnedFromFeedback"] as? Bool == true)
        }
    }

    @Test("each program learns its own preference; a need outside any program uses the overall model")
    func perProgram() async throws {
        try await TestApp.with { app in
            // given a second program whose people turned down Series B startups and liked seed ones
            let fixture = try await NeedFixture.make(app)
            let programB = Program()
            programB.name = "2026 초기창업 협업"
            programB.year = 2026
            programB.description = "시험 사업"
            programB.tracks = []
            try await programB.create(on: app.db)
            let callB = Call()
            callB.$program.id = try programB.requireID()
            callB.title = "2026 초기창업 공모"
            callB.description = ""
            callB.opensAt = TestApp.now.addingTimeInterval(-86_400)
            callB.closesAt = TestApp.now.addingTimeInterval(30 * 86_400)
            try await callB.create(on: app.db)
            try await Self.judgeProgram(app, fixture, pairs: 24, call: callB, likeLate: false)
            // and the first program, whose people liked Series B and turned down seed startups
            try await Self.judgeProgram(app, fixture, pairs: 24)
            // when the same two startups are suggested for a need in each program
            let early = try await Self.startup(app, "새싹팜", "스마트팜 생육 데이터 분석 플랫폼.", stage: .seed)
            let late = try await Self.startup(app, "성장팜", "스마트팜 생육 데이터 분석 플랫폼. 생육 데이터를 분석합니다.", stage: .seriesB)
            let inA = try await Self.publishedNeed(app, fixture, title: "스마트팜 생육 데이터 분석", teaser: "스마트팜 생육 데이터 분석 기업을 찾습니다.")
            let inB = try await Self.publishedNeed(app, fixture, title: "스마트팜 생육 데이터 분석", teaser: "스마트팜 생육 데이터 분석 기업을 찾습니다.", call: callB)
            let listA = try await RecommendationService.forNeed(inA, limit: 10, app: app, on: app.db)
            let listB = try await RecommendationService.forNeed(inB, limit: 10, app: app, on: app.db)
            // then each follows its own program
            #expect(listA.prefix(2).map(\.id) == [late.id, early.id], "\(listA.prefix(2).map { ($0.name, $0.score) })")
            #expect(listB.prefix(2).map(\.id) == [early.id, late.id], "\(listB.prefix(2).map { ($0.name, $0.score) })")
            #expect(listA.first?.learnedFromFeedback == true && listB.first?.learnedFromFeedback == true)
            let programModel = try await app.feedbackLearning.model(forProgram: programB.requireID(), engine: app.recommendations, on: app.db)
            let overall = try await app.feedbackLearning.model(forProgram: nil, engine: app.recommendations, on: app.db)
            #expect(programModel?.examples == 24)
            #expect(overall?.examples == 48)
        }
    }

    @Test("below the minimum amount of feedback nothing changes")
    func belowMinimum() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await NeedFixture.make(app)
            let n = try await Self.newNeed(app, fixture)
            let before = try await RecommendationService.forNeed(n.need, limit: 10, app: app, on: app.db)
            // when one judgement short of the minimum
            try await Self.judgeProgram(app, fixture, pairs: 19)
            let after = try await RecommendationService.forNeed(n.need, limit: 10, app: app, on: app.db)
            // then the list is the engine's own, scores included, and nothing says 피드백 반영
            let engine = try await app.recommendations.rank(need: n.need, limit: 10, on: app.db)
            #expect(Set(after.map(\.id)) == Set(engine.compactMap { UUID(uuidString: $0.startupId) }))
            for rec in after { #expect(rec.score == engine.first { $0.startupId == rec.id.uuidString }?.score) }
            #expect(after.prefix(2).map(\.id) == [n.early.id, n.late.id])
            #expect(before.prefix(2).map(\.id) == [n.early.id, n.late.id])
            #expect(after.allSatisfy { !$0.learnedFromFeedback && !$0.reason.ko.contains("피드백 반영") })
        }
    }

    @Test("withdrawn verdicts stop counting: back below the minimum, the engine's own order returns")
    func withdrawn() async throws {
        try await TestApp.with { app in
            // given a program whose 24 judgements lifted the Series B startup
            let fixture = try await NeedFixture.make(app)
            let n = try await Self.newNeed(app, fixture)
            try await Self.judgeProgram(app, fixture, pairs: 24)
            let learned = try await RecommendationService.forNeed(n.need, limit: 10, app: app, on: app.db)
            #expect(learned.first?.id == n.late.id)
            // when five 적합하지 않음 are withdrawn (at the same pinned time: the counts tell)
            let owner = try await NeedFixture.actor(app, .needOrganization)
            let verdicts = try await MatchFeedback.query(on: app.db).filter(\.$kind == "notSuitable").with(\.$need).limit(5).all()
            #expect(verdicts.count == 5)
            for verdict in verdicts {
                try await RecommendationService.recordFeedback(need: verdict.need, startupID: verdict.$startup.id, kind: nil, by: owner, on: app.db, now: TestApp.now)
            }
            let after = try await RecommendationService.forNeed(n.need, limit: 10, app: app, on: app.db)
            // then
            #expect(after.prefix(2).map(\.id) == [n.early.id, n.late.id])
            #expect(after.allSatisfy { !$0.learnedFromFeedback })
        }
    }

    @Test("selections and shortlists count: application outcomes alone train the model")
    func applicationOutcomes() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await NeedFixture.make(app)
            let n = try await Self.newNeed(app, fixture)
            // when 24 applications to the program's other needs were decided: Series B 최종 선정/후보 선정, seed 미선정
            for (t, topic) in Self.topics.enumerated() {
                let need = try await Self.publishedNeed(app, fixture, title: topic, teaser: "\(topic) 기술을 찾습니다.")
                for i in 0..<6 {
                    let late = i % 2 == 0
                    let org = try await Self.startup(app, "지원\(t)\(i)", "\(topic) 솔루션을 공급합니다.", stage: late ? .seriesB : .seed)
                    let application = NeedApplication()
                    application.$need.id = try need.requireID()
                    application.$startup.id = try org.requireID()
                    application.status = late ? (i == 0 ? .selected : .shortlisted) : .rejected
                    application.solution = ""; application.differentiation = ""; application.pocPlan = ""
                    application.expectedResults = ""; application.budgetDetail = ""; application.version = 1
                    try await application.create(on: app.db)
                }
            }
            let after = try await RecommendationService.forNeed(n.need, limit: 10, app: app, on: app.db)
            // then
            #expect(after.prefix(2).map(\.id) == [n.late.id, n.early.id])
            #expect(after.first?.learnedFromFeedback == true)
        }
    }

    @Test("a startup that applied to the need is marked 지원함 in its suggestions, page and API")
    func appliedMarked() async throws {
        try await TestApp.with { app in
            // given the fixture's applicant, whose profile now fits the battery need, and another that fits as well
            let fixture = try await NeedFixture.make(app)
            fixture.applicantOrg.description = "이차전지 양극재 소성 공정의 수율을 AI로 최적화합니다."
            try await fixture.applicantOrg.save(on: app.db)
            let other = try await TestApp.organization(app, name: "캐소드랩", description: "배터리 양극재 공정 AI 최적화")
            // when its organisation reads the suggestions
            let list = try await RecommendationService.forNeed(fixture.need, limit: 10, app: app, on: app.db)
            // then the applicant is marked, the other is not
            #expect(list.first { $0.id == fixture.applicantOrg.id }?.applied == true)
            #expect(list.first { $0.id == other.id }?.applied == false)
            let needID = try fixture.need.requireID()
            let page = try await NeedFixture.client(app, .needOrganization).get("/needs/\(needID)")
            #expect(page.body.contains(">지원함<"))
            let reply = try await APITests.call(app, .GET, "/api/v1/needs/\(needID)/recommendations", token: try await RecommendationTests.token(app, .needOrganization))
            let applicantItem = reply.array.first { $0["startupId"] as? String == fixture.applicantOrg.id?.uuidString }
            #expect(applicantItem?["applied"] as? Bool == true)
            #expect(reply.array.first { $0["startupId"] as? String == other.id?.uuidString }?["applied"] as? Bool == false)
            // and a withdrawn application is no longer marked
            fixture.application.status = .withdrawn
            try await fixture.application.save(on: app.db)
            let again = try await RecommendationService.forNeed(fixture.need, limit: 10, app: app, on: app.db)
            #expect(again.first { $0.id == fixture.applicantOrg.id }?.applied == false)
            // and the applicant is never suggested the need it applied to
            fixture.application.status = .submitted
            try await fixture.application.save(on: app.db)
            let forApplicant = try await RecommendationService.forStartup(fixture.applicantOrg, limit: 10, now: TestApp.now, app: app, on: app.db)
            #expect(!forApplicant.contains { $0.id == needID })
        }
    }
}
