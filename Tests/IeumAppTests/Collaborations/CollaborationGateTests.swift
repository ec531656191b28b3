import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Issue 17, item 5: a gate opens only with the evidence its stage asks for and no overdue
/// milestone, unless the operator overrides with a written reason that is kept; parties ask for
/// the next stage only.
@Suite("Collaborations: real gates — evidence, overdue milestones, overrides, next stage only")
struct CollaborationGateTests {
    typealias Person = CollaborationFixture.Person

    /// The fixture moved to 기술검증(PoC) by the operator's approval of the startup's request.
    static func atPoC(_ app: Application) async throws -> CollaborationFixture {
        let fixture = try await CollaborationFixture.make(app)
        try await CollaborationService.decide(fixture.pending.requireID(), approve: true, note: "", by: CollaborationFixture.actor(app, .programOperator),
                                              on: app.db, now: TestApp.now)
        #expect(try await fixture.reload(app).stage == .technologyVerification)
        return fixture
    }

    static func overdueMilestone(_ app: Application, _ fixture: CollaborationFixture, title: String = "PoC 중간 점검") async throws {
        _ = try await CollaborationService.addMilestone(fixture.id, stage: .technologyVerification, title: title, dueAt: TestApp.now.addingTimeInterval(-86_400),
                                                        by: CollaborationFixture.actor(app, .programOperator), on: app.db, now: TestApp.now)
    }

    /// The checklist's line for `text`, as rendered (its class says met or missing).
    static func checklistLine(_ body: String, _ text: String) -> String? {
        guard let list = body.components(separatedBy: "id=\"gate-checklist\"").dropFirst().first?.components(separatedBy: "</ul>").first else { return nil }
        return list.components(separatedBy: "<li").first { $0.contains(text) }
    }

    /// The options of the stage form's select.
    static func stageOptions(_ body: String) -> String {
        body.components(separatedBy: "id=\"stage-next\"").dropFirst().first?.components(separatedBy: "</select>").first ?? ""
    }

    @Test("the table: each working stage asks for a file or a confirmed outcome; final stages ask for nothing")
    func table() {
        for stage in [CollaborationStage.matched, .technologyVerification, .marketVerification] {
            guard case .file = CollaborationGates.requirements(leaving: stage).first else { Issue.record("\(stage) should ask for a file"); continue }
        }
        for stage in [CollaborationStage.commercialization, .investment, .globalExpansion] {
            guard case .confirmedOutcome = CollaborationGates.requirements(leaving: stage).first else { Issue.record("\(stage) should ask for an outcome"); continue }
        }
        #expect(CollaborationGates.requirements(leaving: .completed).isEmpty)
        #expect(CollaborationGates.requirements(leaving: .dropped).isEmpty)
        let evidence = CollaborationGates.Evidence(filesAtStage: 0, confirmedOutcomeKinds: [.investment], overdueMilestones: ["보고"])
        #expect(CollaborationGates.checklist(leaving: .commercialization, evidence: evidence).map(\.met) == [false, false])
        #expect(CollaborationGates.checklist(leaving: .investment, evidence: evidence).map(\.met) == [true, false])
    }

    @Test("a party is offered and may ask for the next stage only; the operator may skip where the flow allows")
    func partyNextStages() {
        #expect(CollaborationFlow.nextForParty(.matched) == [.technologyVerification, .dropped])
        #expect(CollaborationFlow.nextForParty(.technologyVerification) == [.marketVerification, .dropped])
        #expect(CollaborationFlow.next(.technologyVerification).contains(.commercialization))
        #expect(CollaborationFlow.nextForParty(.marketVerification) == [.commercialization, .investment, .globalExpansion, .dropped])
        #expect(CollaborationFlow.nextForParty(.commercialization) == [.investment, .globalExpansion, .completed, .dropped])
        #expect(CollaborationFlow.nextForParty(.completed).isEmpty)
    }

    @Test("the page shows 다음 단계로 가려면 with ✗ until the stage's file is uploaded, then ✓; an overdue milestone is named")
    func checklistOnPage() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await Self.atPoC(app)
            let op = try await CollaborationFixture.client(app, .programOperator)
            let startup = try await CollaborationFixture.client(app, .startupParty)
            // when
            var page = try await op.get(fixture.path)
            // then: the plan uploaded at 매칭 does not count for leaving PoC
            #expect(page.body.contains("다음 단계로 가려면"))
            #expect(Self.checklistLine(page.body, "PoC(기술검증) 결과 보고서")?.contains("class=\"missing\"") == true)
            #expect(Self.checklistLine(page.body, "기한이 지난 마일스톤 없음")?.contains("class=\"met\"") == true)
            #expect(page.body.contains("id=\"stage-override\""), "the operator is offered the override while something is missing")
            // when
            try await CollaborationFixture.evidence(app, collaboration: fixture.id, name: "PoC 결과 보고서.pdf")
            try await Self.overdueMilestone(app, fixture)
            page = try await startup.get(fixture.path + "?lang=en")
            // then
            #expect(page.body.contains("To move on"))
            #expect(Self.checklistLine(page.body, "the PoC result report")?.contains("class=\"met\"") == true)
            #expect(Self.checklistLine(page.body, "No overdue milestone")?.contains("PoC 중간 점검") == true)
            #expect(Self.checklistLine(page.body, "No overdue milestone")?.contains("class=\"missing\"") == true)
            #expect(!page.body.contains("id=\"stage-override\""), "a party cannot override")
        }
    }

    @Test("refused: the operator's own move without the stage's file names the file and changes nothing")
    func refusedWithoutFile() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await Self.atPoC(app)
            let op = try await CollaborationFixture.client(app, .programOperator)
            _ = try await op.get(fixture.path)
            let changes = try await StageChange.query(on: app.db).count()
            let audit = try await AuditEntry.query(on: app.db).count()
            // when
            let page = try await op.post(fixture.path + "/stage", [("stage", "marketVerification"), ("note", "PoC 끝")])
            // then
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("'시장검증'(으)로 가려면 다음이 필요합니다: 증빙 파일: PoC(기술검증) 결과 보고서"))
            #expect(page.body.contains("증빙 없이 넘어가려면 예외 승인 사유를 적으세요"))
            #expect(page.body.contains("PoC 끝"), "the typed note is kept")
            #expect(try await fixture.reload(app).stage == .technologyVerification)
            #expect(try await StageChange.query(on: app.db).count() == changes)
            #expect(try await AuditEntry.query(on: app.db).count() == audit)
        }
    }

    @Test("refused: with the file but an overdue milestone, the move names the milestone")
    func refusedWithOverdueMilestone() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await Self.atPoC(app)
            try await CollaborationFixture.evidence(app, collaboration: fixture.id, name: "PoC 결과 보고서.pdf")
            try await Self.overdueMilestone(app, fixture)
            let op = try await CollaborationFixture.client(app, .programOperator)
            _ = try await op.get(fixture.path)
            // when
            let page = try await op.post(fixture.path + "/stage", [("stage", "marketVerification"), ("note", "")])
            // then
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("기한이 지난 마일스톤 없음 (지남: PoC 중간 점검)"))
            #expect(!page.body.contains("필요합니다: 증빙 파일"), "the file is there and not named as missing")
            #expect(try await fixture.reload(app).stage == .technologyVerification)
            // when the milestone is done, the same move goes through
            let milestone = try #require(try await Milestone.query(on: app.db).filter(\.$title == "PoC 중간 점검").first())
            _ = try await op.post(fixture.path + "/milestones/\(milestone.id!.uuidString)/done", [])
            let moved = try await op.post(fixture.path + "/stage", [("stage", "marketVerification"), ("note", "")])
            // then
            #expect(moved.status == .seeOther)
            #expect(try await fixture.reload(app).stage == .marketVerification)
            #expect(try await StageChange.query(on: app.db).filter(\.$toStage == .marketVerification).first()?.overrideReason == nil)
        }
    }

    @Test("refused: approving a party's request once a milestone passed its day; the request stays pending")
    func approvalRefusedWhenOverdue() async throws {
        try await TestApp.with { app in
            // given: the request was made with the plan in; a milestone is overdue since
            let fixture = try await CollaborationFixture.make(app)
            _ = try await CollaborationService.addMilestone(fixture.id, stage: .matched, title: "착수 회의", dueAt: TestApp.now.addingTimeInterval(-3_600),
                                                            by: CollaborationFixture.actor(app, .startupParty), on: app.db, now: TestApp.now)
            let op = try await CollaborationFixture.client(app, .programOperator)
            var page = try await op.get(fixture.path)
            #expect(page.body.contains("id=\"decision-override-\(fixture.pending.id!.uuidString)\""))
            // when
            page = try await op.post(fixture.path + "/changes/\(fixture.pending.id!.uuidString)", [("decision", "approve"), ("note", "")])
            // then
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("지남: 착수 회의"))
            #expect(try await StageChange.find(fixture.pending.id, on: app.db)?.status == .pending)
            #expect(try await fixture.reload(app).stage == .matched)
            // when: approved with a reason
            page = try await op.post(fixture.path + "/changes/\(fixture.pending.id!.uuidString)",
                                     [("decision", "approve"), ("note", ""), ("override", "착수 회의는 3월 4일로 미뤄 진행")])
            // then
            #expect(page.status == .seeOther)
            let change = try #require(try await StageChange.find(fixture.pending.id, on: app.db))
            #expect(change.status == .approved)
            #expect(change.overrideReason == "착수 회의는 3월 4일로 미뤄 진행")
            #expect(try await fixture.reload(app).stage == .technologyVerification)
            let audit = try await AuditEntry.query(on: app.db).filter(\.$action == "collaboration.gate_override").all()
            #expect(audit.count == 1)
            #expect(audit.first?.summary.contains("착수 회의는 3월 4일로 미뤄 진행") == true)
            page = try await op.get(fixture.path)
            #expect(page.body.contains("예외 승인: 착수 회의는 3월 4일로 미뤄 진행"))
        }
    }

    @Test("refused: a party's request while the stage's evidence is missing, named; nothing is asked of the operator")
    func partyRequestRefused() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await Self.atPoC(app)
            let startup = try await CollaborationFixture.client(app, .startupParty)
            _ = try await startup.get(fixture.path)
            let inbox = try await InboxMessage.query(on: app.db).count()
            // when
            let page = try await startup.post(fixture.path + "/stage", [("stage", "marketVerification"), ("note", "PoC 끝"), ("override", "우리가 급해요")])
            // then
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("증빙 파일: PoC(기술검증) 결과 보고서"))
            #expect(try await StageChange.query(on: app.db).filter(\.$status == .pending).count() == 0)
            #expect(try await InboxMessage.query(on: app.db).count() == inbox)
        }
    }

    @Test("refused: 완료 from a result without a confirmed outcome of its kind; once the contract is confirmed the request waits for the operator")
    func completionNeedsOutcome() async throws {
        try await TestApp.with { app in
            // given: the operator took it to 사업화 with the reports in
            let fixture = try await Self.atPoC(app)
            let opActor = try await CollaborationFixture.actor(app, .programOperator)
            try await CollaborationFixture.evidence(app, collaboration: fixture.id, name: "PoC 결과 보고서.pdf")
            try await CollaborationService.requestStage(fixture.id, to: .marketVerification, note: "", by: opActor, on: app.db, now: TestApp.now)
            try await CollaborationFixture.evidence(app, collaboration: fixture.id, name: "시장검증 보고서.pdf")
            try await CollaborationService.requestStage(fixture.id, to: .commercialization, note: "", by: opActor, on: app.db, now: TestApp.now)
            let demand = try await CollaborationFixture.client(app, .demandParty)
            _ = try await demand.get(fixture.path)
            // when: a pending (unconfirmed) contract does not count
            _ = try await CollaborationService.addOutcome(fixture.id, kind: .contract, amountKRW: 100_000_000, count: nil, investorID: nil, note: "",
                                                          occurredOn: TestApp.now, by: CollaborationFixture.actor(app, .demandParty), on: app.db, now: TestApp.now)
            let refused = try await demand.post(fixture.path + "/stage", [("stage", "completed"), ("note", "")])
            // then
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("확인된 성과: 구매·공급 계약 또는 수출"))
            // when
            let outcome = try #require(try await Outcome.query(on: app.db).first())
            try await CollaborationService.decideOutcome(outcome.requireID(), confirm: true, by: opActor, on: app.db, now: TestApp.now)
            let asked = try await demand.post(fixture.path + "/stage", [("stage", "completed"), ("note", "")])
            // then
            #expect(asked.status == .seeOther)
            #expect(try await StageChange.query(on: app.db).filter(\.$status == .pending).first()?.toStage == .completed)
        }
    }

    @Test("override: without a reason, with an over-long one, then with a reason that is kept in the history, the audit log and on the timeline")
    func override() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await Self.atPoC(app)
            let op = try await CollaborationFixture.client(app, .programOperator)
            _ = try await op.get(fixture.path)
            // when
            let blank = try await op.post(fixture.path + "/stage", [("stage", "marketVerification"), ("note", ""), ("override", "   ")])
            let long = try await op.post(fixture.path + "/stage", [("stage", "marketVerification"), ("note", ""),
                                                                   ("override", String(repeating: "가", count: CollaborationGates.maxReason + 1))])
            // then
            #expect(blank.status == .unprocessableEntity)
            #expect(blank.body.contains("예외 승인 사유를 적으세요"))
            #expect(long.status == .unprocessableEntity)
            #expect(long.body.contains("예외 승인 사유는 500자까지입니다"))
            #expect(long.body.contains(String(repeating: "가", count: CollaborationGates.maxReason + 1)), "the typed reason is shown back")
            #expect(try await fixture.reload(app).stage == .technologyVerification)
            // when
            let reason = "시장검증 예산 집행 기한(3월 말) 때문에 보고서는 추후 제출"
            let moved = try await op.post(fixture.path + "/stage", [("stage", "marketVerification"), ("note", "PoC 발표로 확인"), ("override", reason)])
            // then
            #expect(moved.status == .seeOther)
            #expect(try await fixture.reload(app).stage == .marketVerification)
            let change = try #require(try await StageChange.query(on: app.db).filter(\.$toStage == .marketVerification).first())
            #expect(change.overrideReason == reason)
            #expect(change.status == .approved)
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "collaboration.gate_override").first())
            #expect(audit.summary == "예외 승인 (기술검증(PoC) → 시장검증): \(reason)")
            #expect(audit.entityID == fixture.id.uuidString)
            let startup = try await CollaborationFixture.client(app, .startupParty)
            let page = try await startup.get(fixture.path)
            #expect(page.body.contains("예외 승인: \(reason)"))
            let english = try await startup.get(fixture.path + "?lang=en")
            #expect(english.body.contains("Override: \(reason)"))
        }
    }

    struct JumpCase: Sendable, CustomTestStringConvertible {
        let person: Person
        let status: HTTPResponseStatus
        var testDescription: String { "\(person.rawValue) → \(status.code)" }
    }

    static let jumps: [JumpCase] = [
        JumpCase(person: .startupParty, status: .forbidden), JumpCase(person: .demandParty, status: .forbidden),
        JumpCase(person: .investorParty, status: .forbidden), JumpCase(person: .otherStartup, status: .notFound),
        JumpCase(person: .otherDemand, status: .notFound), JumpCase(person: .otherOperator, status: .notFound),
    ]

    @Test("a jump past the next stage (PoC → 사업화), whatever the form sends, is refused for everyone but the program's operator", arguments: jumps)
    func partyJump(_ c: JumpCase) async throws {
        try await TestApp.with { app in
            // given: at PoC with its report in, so only the jump rule can refuse
            let fixture = try await Self.atPoC(app)
            try await CollaborationFixture.evidence(app, collaboration: fixture.id, name: "PoC 결과 보고서.pdf")
            let client = try await CollaborationFixture.client(app, c.person)
            let shown = try await client.get(fixture.path)
            if c.status == .forbidden {
                #expect(Self.stageOptions(shown.body).contains("value=\"marketVerification\""))
                #expect(!Self.stageOptions(shown.body).contains("value=\"commercialization\""), "the form offers the next stage only")
            }
            let changes = try await StageChange.query(on: app.db).count()
            // when
            let page = try await client.post(fixture.path + "/stage", [("stage", "commercialization"), ("note", "바로 사업화")])
            let finish = try await client.post(fixture.path + "/stage", [("stage", "completed"), ("note", "")])
            // then
            #expect(page.status == c.status)
            #expect(finish.status == (c.status == .forbidden ? .unprocessableEntity : .notFound))
            #expect(try await fixture.reload(app).stage == .technologyVerification)
            #expect(try await StageChange.query(on: app.db).count() == changes)
            // the program's operator may make that skip
            let op = try await CollaborationFixture.client(app, .programOperator)
            let opPage = try await op.get(fixture.path)
            #expect(Self.stageOptions(opPage.body).contains("value=\"commercialization\""))
            #expect(try await op.post(fixture.path + "/stage", [("stage", "commercialization"), ("note", "")]).status == .seeOther)
            #expect(try await fixture.reload(app).stage == .commercialization)
        }
    }

    @Test("the demo loads with consistent gates: every gate passed or asked for has its stage's file, which downloads; its checklists show")
    func demoConsistent() async throws {
        try await TestApp.with(demo: true) { app in
            // given
            let changes = try await StageChange.query(on: app.db).all()
            let files = try await CollaborationFile.query(on: app.db).all()
            // then
            var gates = 0
            for change in changes {
                guard let from = change.fromStage, case .allowed(gate: true) = CollaborationFlow.check(from: from, to: change.toStage) else { continue }
                gates += 1
                if case .file = CollaborationGates.requirements(leaving: from).first {
                    #expect(files.contains { $0.$collaboration.id == change.$collaboration.id && $0.stage == from },
                            "demo gate \(from) → \(change.toStage) has no evidence file")
                }
                #expect(change.overrideReason == nil)
            }
            #expect(gates > 40)
            // an operator sees a checklist and downloads a demo evidence file
            let web = WebClient(app)
            try await web.login("operator@ieum.demo", password: DemoData.password)
            let file = try #require(files.first)
            let page = try await web.get("/collaborations/\(file.$collaboration.id.uuidString)")
            #expect(page.status == .ok)
            #expect(page.body.contains(file.originalName))
            let download = try await web.get("/collaborations/\(file.$collaboration.id.uuidString)/files/\(file.id!.uuidString)")
            #expect(download.status == .ok)
            #expect(download.body.hasPrefix("%PDF-1.4"))
            let waiting = try #require(try await Collaboration.query(on: app.db).filter(\.$stage == .technologyVerification).all().first {
                c in !files.contains { $0.$collaboration.id == c.id && $0.stage == .technologyVerification }
            })
            let atPoC = try await web.get("/collaborations/\(waiting.id!.uuidString)")
            #expect(Self.checklistLine(atPoC.body, "PoC(기술검증) 결과 보고서")?.contains("class=\"missing\"") == true)
        }
    }
}
