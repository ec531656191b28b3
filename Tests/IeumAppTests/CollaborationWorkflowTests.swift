import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// The collaboration service through the pages: creation on selection, stage gates with the
/// operator's approval, refusals, dropping, funding, milestones, outcomes and concurrent approvals.
@Suite("Collaborations: stages, funding, milestones and outcomes through the pages")
struct CollaborationWorkflowTests {
    typealias Person = CollaborationFixture.Person

    @Test("a selected application becomes exactly one collaboration at 매칭, with both parties and the call's program")
    func selectionCreatesOne() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await NeedFixture.make(app)
            let owner = try await NeedFixture.actor(app, .needOrganization)
            let appID = try fixture.application.requireID()
            _ = try await ApplicationService.review(appID, to: .shortlisted, reason: "", by: owner, on: app.db, now: TestApp.now)
            // when
            _ = try await ApplicationService.review(appID, to: .selected, reason: "최종 선정", by: owner, on: app.db, now: TestApp.now)
            let again = await #expect(throws: IeumError.self) {
                _ = try await ApplicationService.review(appID, to: .selected, reason: "", by: owner, on: app.db, now: TestApp.now)
            }
            // then
            _ = again
            let all = try await Collaboration.query(on: app.db).all()
            #expect(all.count == 1)
            let collaboration = try #require(all.first)
            #expect(collaboration.stage == .matched)
            #expect(collaboration.applicationID == appID)
            #expect(collaboration.$program.id == fixture.call.$program.id)
            let parties = try await CollaborationParty.query(on: app.db).all()
            #expect(Set(parties.map { $0.$organization.id }) == [try fixture.applicantOrg.requireID(), try fixture.demandOrg.requireID()])
            let applicant = try await NeedFixture.client(app, .applicant)
            let list = try await applicant.get("/collaborations")
            #expect(list.body.contains(collaboration.title))
            #expect(list.body.contains("매칭"))
            let page = try await applicant.get("/collaborations/\(collaboration.id!.uuidString)")
            #expect(page.status == .ok)
            #expect(page.body.contains("지원서 최종 선정"))
            let other = try await NeedFixture.client(app, .otherStartup)
            #expect(try await other.get("/collaborations/\(collaboration.id!.uuidString)").status == .notFound)
        }
    }

    @Test("a party's request at a gate waits; the operator's approval moves the stage and records who and when")
    func gateWaitsForOperator() async throws {
        try await TestApp.with { app in
            // given: the fixture's startup has asked for PoC
            let fixture = try await CollaborationFixture.make(app)
            let startup = try await CollaborationFixture.client(app, .startupParty)
            var page = try await startup.get(fixture.path)
            #expect(page.body.contains("승인 대기"))
            // the program's agency was asked; the other agency was not
            let asked = try await InboxMessage.query(on: app.db).filter(\.$titleKo == "단계 전환 승인 요청: 기술검증(PoC)").all()
            let programOperator = try #require(try await User.query(on: app.db).filter(\.$email == Person.programOperator.email!).first())
            #expect(asked.map(\.userID) == [try programOperator.requireID()])
            #expect(try await fixture.reload(app).stage == .matched)
            // a second request while one waits is refused
            page = try await startup.post(fixture.path + "/stage", [("stage", "dropped"), ("note", "")])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("중단 사유를 입력하세요"))
            // when
            let op = try await CollaborationFixture.client(app, .programOperator)
            _ = try await op.get(fixture.path)
            page = try await op.post(fixture.path + "/changes/\(fixture.pending.id!.uuidString)", [("decision", "approve"), ("note", "계획 적정")])
            // then
            #expect(page.status == .seeOther)
            let collaboration = try await fixture.reload(app)
            #expect(collaboration.stage == .technologyVerification)
            #expect(collaboration.stageSince == TestApp.now)
            let change = try #require(try await StageChange.find(fixture.pending.id, on: app.db))
            #expect(change.status == .approved)
            #expect(change.decidedByName == Person.programOperator.name)
            #expect(change.decidedAt == TestApp.now)
            #expect(change.requestedByName == Person.startupParty.name)
            page = try await startup.get(fixture.path)
            #expect(page.body.contains("승인: \(Person.programOperator.name) · 2026-03-02 10:00 — 계획 적정"))
            #expect(page.body.contains("요청: \(Person.startupParty.name) · 2026-03-02 10:00"))
            // the parties were told
            let inbox = try await InboxMessage.query(on: app.db).filter(\.$titleKo == "협업 단계 변경: 기술검증(PoC)").count()
            #expect(inbox == 3)
            // and the next gate by a party waits again once its evidence is in; a move between results does not exist yet
            try await CollaborationFixture.evidence(app, collaboration: fixture.id, name: "PoC 결과 보고서.pdf")
            page = try await startup.post(fixture.path + "/stage", [("stage", "marketVerification"), ("note", "PoC 완료")])
            #expect(page.status == .seeOther)
            #expect(try await fixture.reload(app).stage == .technologyVerification)
        }
    }

    @Test("refusing a request needs a reason; a refusal changes nothing but the request")
    func refusalNeedsReason() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await CollaborationFixture.make(app)
            let op = try await CollaborationFixture.client(app, .programOperator)
            _ = try await op.get(fixture.path)
            let decide = fixture.path + "/changes/\(fixture.pending.id!.uuidString)"
            // when
            let empty = try await op.post(decide, [("decision", "refuse"), ("note", "  ")])
            // then
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.contains("반려 사유를 입력하세요"))
            #expect(try await StageChange.find(fixture.pending.id, on: app.db)?.status == .pending)
            // when
            let refused = try await op.post(decide, [("decision", "refuse"), ("note", "PoC 예산 근거 보완 필요")])
            // then
            #expect(refused.status == .seeOther)
            let change = try #require(try await StageChange.find(fixture.pending.id, on: app.db))
            #expect(change.status == .refused)
            #expect(change.decisionNote == "PoC 예산 근거 보완 필요")
            let requester = try #require(try await User.query(on: app.db).filter(\.$email == Person.startupParty.email!).first())
            let told = try await InboxMessage.query(on: app.db).filter(\.$userID == requester.requireID()).filter(\.$titleKo == "단계 전환 반려: 기술검증(PoC)").first()
            #expect(told?.bodyKo.contains("PoC 예산 근거 보완 필요") == true)
            #expect(try await fixture.reload(app).stage == .matched)
            #expect(try await fixture.reload(app).version == 1)
            let again = try await op.post(decide, [("decision", "approve")])
            #expect(again.status == .unprocessableEntity)
            #expect(again.body.contains("이미 처리된 요청입니다"))
        }
    }

    @Test("an invalid transition is refused with a clear message and changes nothing")
    func invalidTransition() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await CollaborationFixture.make(app)
            let op = try await CollaborationFixture.client(app, .programOperator)
            _ = try await op.get(fixture.path)
            try await CollaborationService.decide(fixture.pending.requireID(), approve: false, note: "보완", by: CollaborationFixture.actor(app, .programOperator),
                                                  on: app.db, now: TestApp.now)
            let changes = try await StageChange.query(on: app.db).count()
            let audit = try await AuditEntry.query(on: app.db).count()
            // when
            let page = try await op.post(fixture.path + "/stage", [("stage", "commercialization"), ("note", "바로 사업화")])
            // then
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("바로 갈 수 없습니다. 다음 단계: 기술검증(PoC), 중단"))
            #expect(page.body.contains("바로 사업화"), "the typed note is kept")
            #expect(try await fixture.reload(app).stage == .matched)
            #expect(try await fixture.reload(app).version == 1)
            #expect(try await StageChange.query(on: app.db).count() == changes)
            #expect(try await AuditEntry.query(on: app.db).count() == audit)
        }
    }

    static let workingStages: [CollaborationStage] = [.matched, .technologyVerification, .marketVerification, .commercialization, .investment, .globalExpansion]

    @Test("a party drops the collaboration from any stage with a reason; a dropped one moves no more", arguments: workingStages)
    func dropFromAnyStage(_ stage: CollaborationStage) async throws {
        try await TestApp.with { app in
            // given: the operator has taken the collaboration to `stage`
            let fixture = try await CollaborationFixture.make(app)
            let op = try await CollaborationFixture.actor(app, .programOperator)
            let path: [CollaborationStage] = switch stage {
            case .matched: []
            case .technologyVerification: [.technologyVerification]
            case .marketVerification: [.technologyVerification, .marketVerification]
            default: [.technologyVerification, stage]
            }
            for (index, step) in path.enumerated() {
                if index == 0 { try await CollaborationService.decide(fixture.pending.requireID(), approve: true, note: "", by: op, on: app.db, now: TestApp.now) }
                else {
                    // each gate with the report its stage asks for
                    try await CollaborationFixture.evidence(app, collaboration: fixture.id, name: "결과 보고서 \(index).pdf")
                    try await CollaborationService.requestStage(fixture.id, to: step, note: "", by: op, on: app.db, now: TestApp.now)
                }
            }
            #expect(try await fixture.reload(app).stage == stage)
            let demand = try await CollaborationFixture.client(app, .demandParty)
            _ = try await demand.get(fixture.path)
            // when
            let noReason = try await demand.post(fixture.path + "/stage", [("stage", "dropped"), ("note", "")])
            let dropped = try await demand.post(fixture.path + "/stage", [("stage", "dropped"), ("note", "수요기관 사업 방향 변경")])
            // then
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.contains("중단 사유를 입력하세요"))
            #expect(dropped.status == .seeOther)
            let collaboration = try await fixture.reload(app)
            #expect(collaboration.stage == .dropped)
            #expect(collaboration.dropReason == "수요기관 사업 방향 변경")
            #expect(try await StageChange.query(on: app.db).filter(\.$status == .pending).count() == 0, "a waiting request ends with the drop")
            let after = try await demand.post(fixture.path + "/stage", [("stage", "completed"), ("note", "")])
            #expect(after.status == .unprocessableEntity)
            #expect(after.body.contains("단계를 바꿀 수 없습니다"))
        }
    }

    @Test("funding: negative amounts and spending over support plus contribution are refused next to the field; valid amounts are saved")
    func fundingValidation() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await CollaborationFixture.make(app)
            let demand = try await CollaborationFixture.client(app, .demandParty)
            _ = try await demand.get(fixture.path)
            // when
            let negative = try await demand.post(fixture.path + "/funding", [("stage", "matched"), ("government", "-1000"), ("demand", "0"), ("spent", "0")])
            let overspent = try await demand.post(fixture.path + "/funding", [("stage", "matched"), ("government", "5000만원"), ("demand", "1000만원"), ("spent", "7000만원")])
            // then
            #expect(negative.status == .unprocessableEntity)
            #expect(negative.body.contains("id=\"funding-government-error\""))
            #expect(negative.body.contains("value=\"-1000\""))
            #expect(overspent.status == .unprocessableEntity)
            #expect(overspent.body.contains("집행액이 지원금과 수요기관 분담금의 합보다 큽니다"))
            #expect(overspent.body.contains("value=\"7000만원\""))
            #expect(try await StageFunding.query(on: app.db).count() == 0)
            // when
            let saved = try await demand.post(fixture.path + "/funding", [("stage", "matched"), ("government", "5000만원"), ("demand", "1000만원"), ("spent", "3000만원")])
            // then
            #expect(saved.status == .seeOther)
            let row = try #require(try await StageFunding.query(on: app.db).first())
            #expect(row.governmentKRW == 50_000_000 && row.demandKRW == 10_000_000 && row.spentKRW == 30_000_000)
            let page = try await demand.get(fixture.path)
            #expect(page.body.contains("5,000만원"))
            #expect(page.body.contains("50%"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "collaboration.funding").count() == 1)
        }
    }

    @Test("a milestone past its due time at the pinned clock is flagged 지연 on the page and counted in the list, until done")
    func milestoneOverdue() async throws {
        try await TestApp.with { app in
            // given (now is 2026-03-02 10:00 Seoul)
            let fixture = try await CollaborationFixture.make(app)
            let startup = try await CollaborationFixture.client(app, .startupParty)
            _ = try await startup.get(fixture.path)
            // when
            let bad = try await startup.post(fixture.path + "/milestones", [("stage", "matched"), ("title", ""), ("dueAt", "2026-02-30")])
            _ = try await startup.post(fixture.path + "/milestones", [("stage", "matched"), ("title", "킥오프 회의록 제출"), ("dueAt", "2026-03-01")])
            _ = try await startup.post(fixture.path + "/milestones", [("stage", "matched"), ("title", "PoC 계획 확정"), ("dueAt", "2026-03-10")])
            // then
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("id=\"milestone-due-error\""))
            #expect(bad.body.contains("id=\"milestone-title-error\""))
            var page = try await startup.get(fixture.path)
            // the milestones' table (the gate checklist above names the overdue one too)
            let table = page.body.components(separatedBy: "id=\"milestones\"").dropFirst().first ?? ""
            #expect(page.body.contains("기한이 지난 마일스톤 없음 (지남: 킥오프 회의록 제출)"))
            let rows = table.components(separatedBy: "<tr").filter { $0.contains("킥오프 회의록 제출") || $0.contains("PoC 계획 확정") }
            #expect(rows.count == 2)
            #expect(rows.first { $0.contains("킥오프") }?.contains("지연") == true)
            #expect(rows.first { $0.contains("PoC 계획 확정") }?.contains("지연") == false)
            var list = try await startup.get("/collaborations")
            #expect(list.body.contains("지연 1건"))
            // when
            let late = try #require(try await Milestone.query(on: app.db).filter(\.$title == "킥오프 회의록 제출").first())
            let done = try await startup.post(fixture.path + "/milestones/\(late.id!.uuidString)/done", [])
            // then
            #expect(done.status == .seeOther)
            #expect(try await Milestone.find(late.id, on: app.db)?.doneAt == TestApp.now)
            page = try await startup.get(fixture.path)
            #expect(!page.body.contains("badge overdue"))
            list = try await startup.get("/collaborations")
            #expect(!list.body.contains("지연 1건"))
        }
    }

    @Test("an outcome entered by a party waits for the operator and counts only once confirmed; the operator's own is confirmed at once")
    func outcomeConfirmation() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await CollaborationFixture.make(app)
            let startup = try await CollaborationFixture.client(app, .startupParty)
            _ = try await startup.get(fixture.path)
            // when
            let noInvestor = try await startup.post(fixture.path + "/outcomes", [("kind", "investment"), ("amount", "10억"), ("occurredOn", "2026-03-01")])
            let entered = try await startup.post(fixture.path + "/outcomes", [("kind", "contract"), ("amount", "3억"), ("occurredOn", "2026-03-01"), ("note", "1차 구매계약")])
            // then
            #expect(noInvestor.status == .unprocessableEntity)
            #expect(noInvestor.body.contains("투자기관을 고르세요"))
            #expect(entered.status == .seeOther)
            let outcome = try #require(try await Outcome.query(on: app.db).first())
            #expect(outcome.status == .pending)
            #expect(outcome.amountKRW == 300_000_000)
            var page = try await startup.get(fixture.path)
            #expect(page.body.contains("확인 대기"))
            #expect(!page.body.contains("집계 반영"))
            // a party may not confirm
            let selfConfirm = try await startup.post(fixture.path + "/outcomes/\(outcome.id!.uuidString)", [("decision", "confirm")])
            #expect(selfConfirm.status == .forbidden)
            // when
            let op = try await CollaborationFixture.client(app, .programOperator)
            _ = try await op.get(fixture.path)
            let confirmed = try await op.post(fixture.path + "/outcomes/\(outcome.id!.uuidString)", [("decision", "confirm")])
            let own = try await op.post(fixture.path + "/outcomes", [("kind", "investment"), ("amount", "10억"), ("investorID", fixture.investor.id!.uuidString),
                                                                      ("occurredOn", "2026-03-02")])
            // then
            #expect(confirmed.status == .seeOther)
            #expect(own.status == .seeOther)
            let all = try await Outcome.query(on: app.db).all()
            #expect(all.count == 2)
            #expect(all.allSatisfy { $0.status == .confirmed })
            #expect(all.first { $0.kind == .investment }?.$investor.id == fixture.investor.id)
            page = try await startup.get(fixture.path)
            #expect(page.body.components(separatedBy: "집계 반영").count - 1 == 2)
            #expect(page.body.contains("3억원"))
        }
    }

    @Test("two operators approving the same request at once: exactly one applies it")
    func concurrentApprovals() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await CollaborationFixture.make(app)
            let first = try await CollaborationFixture.actor(app, .programOperator)
            let platform = try await TestApp.user(app, email: "platform@collab.example", role: .operator)
            let second = try await platform.actor(on: app.db)
            let changeID = try fixture.pending.requireID()
            // when
            let (a, b): (Result<Void, any Error>, Result<Void, any Error>) = await TestApp.atOnce(
                { do { try await CollaborationService.decide(changeID, approve: true, note: "", by: first, on: app.db, now: TestApp.now); return .success(()) } catch { return .failure(error) } },
                { do { try await CollaborationService.decide(changeID, approve: true, note: "", by: second, on: app.db, now: TestApp.now); return .success(()) } catch { return .failure(error) } })
            let results = [a, b]
            // then
            #expect(results.filter { if case .success = $0 { true } else { false } }.count == 1)
            for case .failure(let error) in results {
                switch error {
                case IeumError.refused, IeumError.conflict: break
                default: Issue.record("unexpected \(error)")
                }
            }
            let collaboration = try await fixture.reload(app)
            #expect(collaboration.stage == .technologyVerification)
            #expect(collaboration.version == 2)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "collaboration.stage").count() == 1)
            #expect(try await InboxMessage.query(on: app.db).filter(\.$titleKo == "협업 단계 변경: 기술검증(PoC)").count() == 3)
        }
    }

    @Test("direct match: an operator starts one; a typo is shown back with its message; another agency's program is refused")
    func directMatch() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await CollaborationFixture.make(app)
            let op = try await CollaborationFixture.client(app, .programOperator)
            _ = try await op.get("/collaborations")
            let before = try await Collaboration.query(on: app.db).count()
            // when
            let typo = try await op.post("/collaborations", [("title", "스마트물류 실증"), ("startup", "없는회사"), ("programID", fixture.program.id!.uuidString)])
            let foreign = try await op.post("/collaborations", [("title", "스마트물류 실증"), ("startup", TestApp.businessNumber(1)),
                                                                ("programID", fixture.otherProgram.id!.uuidString)])
            let created = try await op.post("/collaborations", [("title", "스마트물류 실증"), ("startup", "공정AI"), ("demandID", fixture.demand.id!.uuidString),
                                                                ("programID", fixture.program.id!.uuidString)])
            // then
            #expect(typo.status == .unprocessableEntity)
            #expect(typo.body.contains("value=\"없는회사\""))
            #expect(typo.body.contains("id=\"startup-error\""))
            #expect(foreign.status == .unprocessableEntity)
            #expect(foreign.body.contains("운영하는 사업만 고를 수 있습니다"))
            #expect(created.status == .seeOther)
            #expect(try await Collaboration.query(on: app.db).count() == before + 1)
            let startup = try await CollaborationFixture.client(app, .startupParty)
            _ = try await startup.get("/collaborations")
            let refused = try await startup.post("/collaborations", [("title", "셀프 매칭"), ("startup", "공정AI")])
            #expect(refused.status == .forbidden)
            #expect(try await Collaboration.query(on: app.db).count() == before + 1)
        }
    }

    @Test("milestone reminders: once to the parties' members three days ahead, once more when overdue, none for done or dropped")
    func milestoneReminders() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await CollaborationFixture.make(app)
            let startup = try await CollaborationFixture.actor(app, .startupParty)
            let day: TimeInterval = 86_400
            let soon = try await CollaborationService.addMilestone(fixture.id, stage: .matched, title: "PoC 계획 확정", dueAt: TestApp.now.addingTimeInterval(2 * day),
                                                                   by: startup, on: app.db, now: TestApp.now)
            _ = try await CollaborationService.addMilestone(fixture.id, stage: .matched, title: "먼 일정", dueAt: TestApp.now.addingTimeInterval(20 * day),
                                                            by: startup, on: app.db, now: TestApp.now)
            let finished = try await CollaborationService.addMilestone(fixture.id, stage: .matched, title: "이미 끝냄", dueAt: TestApp.now.addingTimeInterval(day),
                                                                       by: startup, on: app.db, now: TestApp.now)
            try await CollaborationService.completeMilestone(finished.requireID(), by: startup, on: app.db, now: TestApp.now)
            // when
            let first = try await NotificationJobs.remindMilestones(on: app.db, now: TestApp.now)
            let second = try await NotificationJobs.remindMilestones(on: app.db, now: TestApp.now)
            let overdue = try await NotificationJobs.remindMilestones(on: app.db, now: TestApp.now.addingTimeInterval(3 * day))
            let overdueAgain = try await NotificationJobs.remindMilestones(on: app.db, now: TestApp.now.addingTimeInterval(4 * day))
            // then: three parties with one member each
            #expect(first == 3)
            #expect(second == 0)
            #expect(overdue == 3)
            #expect(overdueAgain == 0)
            let titles = try await InboxMessage.query(on: app.db).filter(\.$kind == .deadlineSoon).all().map(\.titleKo)
            #expect(titles.filter { $0 == "마일스톤 기한 임박: PoC 계획 확정" }.count == 3)
            // an overdue milestone is a notice of its own kind, not "deadline soon" (issue 17, item 8)
            let late = try await InboxMessage.query(on: app.db).filter(\.$kind == .milestoneOverdue).all().map(\.titleKo)
            #expect(late.filter { $0 == "마일스톤 지연: PoC 계획 확정" }.count == 3)
            #expect(!titles.contains { $0.hasPrefix("마일스톤 지연") })
            #expect(!titles.contains { $0.contains("먼 일정") || $0.contains("이미 끝냄") })
            let operators = try await User.query(on: app.db).filter(\.$platformRole == .operator).all().compactMap(\.id)
            #expect(try await InboxMessage.query(on: app.db).filter(\.$userID ~~ operators).filter(\.$kind ~~ [.deadlineSoon, .milestoneOverdue]).count() == 0)
            // a dropped collaboration is not reminded
            _ = try await CollaborationService.addMilestone(fixture.id, stage: .matched, title: "중단 후 일정", dueAt: TestApp.now.addingTimeInterval(day),
                                                            by: startup, on: app.db, now: TestApp.now)
            try await CollaborationService.requestStage(fixture.id, to: .dropped, note: "중단", by: startup, on: app.db, now: TestApp.now)
            #expect(try await NotificationJobs.remindMilestones(on: app.db, now: TestApp.now) == 0)
            _ = soon
        }
    }
}

extension CollaborationWorkflowTests {
    @Test("the page reads in English too: stages, statuses, money and the overdue flag")
    func englishPage() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await CollaborationFixture.make(app)
            let startup = try await CollaborationFixture.actor(app, .startupParty)
            try await CollaborationService.setFunding(fixture.id, stage: .matched, government: 150_000_000, demand: 0, spent: 0, by: startup, on: app.db, now: TestApp.now)
            _ = try await CollaborationService.addMilestone(fixture.id, stage: .matched, title: "Kick-off", dueAt: TestApp.now.addingTimeInterval(-3_600),
                                                            by: startup, on: app.db, now: TestApp.now)
            let client = try await CollaborationFixture.client(app, .programOperator)
            // when
            let page = try await client.get(fixture.path + "?lang=en")
            let list = try await client.get("/collaborations?lang=en&stage=matched")
            let none = try await client.get("/collaborations?lang=en&stage=completed")
            // then
            #expect(page.status == .ok)
            for text in ["Stage timeline", "Matched → Technology verification (PoC)", "Awaiting approval", "Approve", "Refuse",
                         "Funding per stage", "KRW 1.5 hundred-million (억)", "Overdue", "Record an outcome", "Direct match (no need)"] {
                #expect(page.body.contains(text), "\(text)")
            }
            #expect(!page.body.contains("단계 이력"))
            // while a request waits, the only other move offered is dropping
            let selectStart = try #require(page.body.range(of: "<select id=\"stage-next\""))
            let selectEnd = try #require(page.body.range(of: "</select>", range: selectStart.upperBound..<page.body.endIndex))
            let nextSelect = String(page.body[selectStart.lowerBound..<selectEnd.lowerBound])
            #expect(nextSelect.contains("value=\"dropped\""))
            #expect(!nextSelect.contains("value=\"technologyVerification\""))
            #expect(list.body.contains(CollaborationFixture.title))
            #expect(list.body.contains("1 overdue"))
            #expect(!none.body.contains(CollaborationFixture.title))
        }
    }
}
