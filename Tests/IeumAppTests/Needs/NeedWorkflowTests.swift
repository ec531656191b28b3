import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

@Suite("Needs: posting, the workflow, versions, applications, attachments and notices")
struct NeedWorkflowTests {
    typealias Person = NeedFixture.Person

    static func needForm(_ title: String, extra: [(String, String)] = []) -> [(String, String)] {
        [("title", title), ("teaser", "공개 요약"), ("detail", "비공개 상세"), ("fields[]", "ai"), ("startupsSought", "1"),
         ("contactName", "담당자"), ("contactEmail", "need@test.example")] + extra
    }

    @Test("a bad need form answers 422 with Korean messages next to the fields, keeps the typed values and writes nothing")
    func badNeedForm() async throws {
        try await TestApp.with { app in
            _ = try await NeedFixture.make(app)
            let before = try await Need.query(on: app.db).count()
            let client = try await NeedFixture.client(app, .needOrganization)
            _ = try await client.get("/needs/new")
            let page = try await client.post("/needs", [("title", "입력한 과제명 <b>"), ("teaser", ""), ("detail", "x"), ("minTRL", "12"),
                                                        ("pocFunds", "많이"), ("contactEmail", "not-an-email"), ("deadline", "2026-02-30")])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("공개 요약을 입력하세요"))
            #expect(page.body.contains("기술성숙도(TRL)는 1에서 9 사이"))
            #expect(page.body.contains("PoC 자금은 원 단위"))
            #expect(page.body.contains("기술 분야를 하나 이상"))
            #expect(page.body.contains("마감일은 2026-03-31"))
            #expect(page.body.contains("입력한 과제명 &lt;b&gt;"))
            #expect(try await Need.query(on: app.db).count() == before)
        }
    }

    @Test("draft → submitted → published (by an operator, in a call) → closed → awarded, each step dated and attributed, with a notice on publication")
    func workflow() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let owner = try await NeedFixture.client(app, .needOrganization)
            _ = try await owner.get("/needs/new")
            let created = try await owner.post("/needs", Self.needForm("수처리 설비 예지보전", extra: [("pocFunds", "1.5억"), ("support[]", "testBed"), ("deadline", "2026-03-20T18:00")]))
            #expect(created.status == .seeOther)
            let need = try #require(try await Need.query(on: app.db).filter(\.$title == "수처리 설비 예지보전").first())
            let id = try need.requireID()
            #expect(need.status == .draft)
            #expect(need.pocFundsKRW == 150_000_000)
            #expect(need.support == ["pocFunds", "testBed"])
            #expect(SeoulTime.dateTime(need.deadline!) == "2026-03-20 18:00")

            // The organisation cannot publish; it submits.
            _ = try await owner.get("/needs/\(id)")
            var page = try await owner.post("/needs/\(id)/status", [("step", "publish"), ("callID", try fixture.call.requireID().uuidString)])
            #expect(try await Need.find(id, on: app.db)?.status == .draft)
            page = try await owner.post("/needs/\(id)/status", [("step", "submit")])
            #expect(page.status == .seeOther)
            #expect(try await Need.find(id, on: app.db)?.status == .submitted)

            // The operator must pick a call.
            let op = try await NeedFixture.client(app, .operator)
            page = try await op.get("/needs/\(id)")
            #expect(page.body.contains("공개할 공모"))
            _ = try await op.post("/needs/\(id)/status", [("step", "publish")])
            #expect(try await Need.find(id, on: app.db)?.status == .submitted)
            _ = try await op.post("/needs/\(id)/status", [("step", "publish"), ("callID", try fixture.call.requireID().uuidString)])
            let published = try #require(try await Need.find(id, on: app.db))
            #expect(published.status == .published)
            #expect(published.$call.id == fixture.call.id)
            #expect(published.publishedAt == TestApp.now)

            let ownerUser = try #require(try await User.query(on: app.db).filter(\.$email == Person.needOrganization.email!).first())
            let notices = try await InboxMessage.query(on: app.db).filter(\.$userID == ownerUser.requireID()).filter(\.$kind == .needPublished).all()
            #expect(notices.count == 2, "one for the fixture's need, one for this one")
            #expect(try await OutboxMail.query(on: app.db).filter(\.$toAddress == Person.needOrganization.email!).count() >= 2)

            // Cancelling needs a reason; closing and awarding go on.
            _ = try await op.post("/needs/\(id)/status", [("step", "close")])
            #expect(try await Need.find(id, on: app.db)?.status == .closed)
            _ = try await owner.get("/needs/\(id)")
            _ = try await owner.post("/needs/\(id)/status", [("step", "award")])
            #expect(try await Need.find(id, on: app.db)?.status == .awarded)

            let events = try await NeedEvent.query(on: app.db).filter(\.$need.$id == id).sort(\.$at).all()
            #expect(events.map(\.toStatus) == [.draft, .submitted, .published, .closed, .awarded])
            #expect(events.allSatisfy { $0.actorID != nil && !$0.actorName.isEmpty })
            page = try await owner.get("/needs/\(id)")
            #expect(page.body.contains("변경 이력"))
        }
    }

    @Test("returning a need for changes and cancelling need a reason")
    func reasonsRequired() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let owner = try await NeedFixture.actor(app, .needOrganization)
            let op = try await NeedFixture.actor(app, .operator)
            var input = NeedInput(fixture.need)
            input.version = ""
            let need = try await NeedService.create(input, organizationID: fixture.demandOrg.requireID(), by: owner, on: app.db, now: TestApp.now)
            let id = try need.requireID()
            _ = try await NeedService.perform(.submit, on: id, by: owner, on: app.db, now: TestApp.now)
            await #expect(throws: IeumError.self) { _ = try await NeedService.perform(.returnToDraft, on: id, by: op, on: app.db, now: TestApp.now) }
            _ = try await NeedService.perform(.returnToDraft, on: id, reason: "지원 내용을 구체적으로 적어 주세요", by: op, on: app.db, now: TestApp.now)
            #expect(try await Need.find(id, on: app.db)?.status == .draft)
            await #expect(throws: IeumError.self) { _ = try await NeedService.perform(.cancel, on: id, by: owner, on: app.db, now: TestApp.now) }
            _ = try await NeedService.perform(.cancel, on: id, reason: "내부 사정", by: owner, on: app.db, now: TestApp.now)
            #expect(try await Need.find(id, on: app.db)?.status == .cancelled)
        }
    }

    @Test("two people editing the same need: the second save is refused with a clear message, keeps what they typed, and overwrites nothing")
    func needVersionConflict() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let id = try fixture.need.requireID()
            let first = try await NeedFixture.client(app, .needOrganization)
            let second = try await NeedFixture.client(app, .operator)
            let form1 = try await first.get("/needs/\(id)/edit")
            let form2 = try await second.get("/needs/\(id)/edit")
            let version = try #require(Self.hidden("version", in: form1.body))
            #expect(Self.hidden("version", in: form2.body) == version)
            var fields = Self.needForm("첫 번째 사람의 제목", extra: [("version", version)])
            var page = try await first.post("/needs/\(id)", fields)
            #expect(page.status == .seeOther)
            fields = Self.needForm("두 번째 사람의 제목", extra: [("version", version)])
            page = try await second.post("/needs/\(id)", fields)
            #expect(page.status == .conflict)
            #expect(page.body.contains("다른 사람이 먼저 이 내용을 바꿨습니다"))
            #expect(page.body.contains("두 번째 사람의 제목"), "what they typed is kept")
            #expect(page.body.contains("첫 번째 사람의 제목"), "and the stored version is shown")
            let stored = try #require(try await Need.find(id, on: app.db))
            #expect(stored.title == "첫 번째 사람의 제목")
            // With the new version from the conflict page, the second save goes through.
            let newVersion = try #require(Self.hidden("version", in: page.body))
            page = try await second.post("/needs/\(id)", Self.needForm("두 번째 사람의 제목", extra: [("version", newVersion)]))
            #expect(page.status == .seeOther)
            #expect(try await Need.find(id, on: app.db)?.title == "두 번째 사람의 제목")
        }
    }

    @Test("two simultaneous saves of one proposal version: exactly one wins")
    func proposalVersionRace() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let other = try await NeedFixture.actor(app, .otherStartup)
            let needID = try fixture.need.requireID()
            try await NeedService.pledge(needID, by: other, on: app.db, now: TestApp.now)
            let draft = try await ApplicationService.start(needID: needID, by: other, on: app.db, now: TestApp.now)
            let id = try draft.requireID()
            var inputA = ProposalInput(); inputA.solution = "A"; inputA.version = "1"
            var inputB = ProposalInput(); inputB.solution = "B"; inputB.version = "1"
            let a = inputA, b = inputB
            let (first, second): (Result<NeedApplication, any Error>, Result<NeedApplication, any Error>) = await TestApp.atOnce(
                { do { return .success(try await ApplicationService.save(id, a, submit: false, by: other, on: app.db, now: TestApp.now)) } catch { return .failure(error) } },
                { do { return .success(try await ApplicationService.save(id, b, submit: false, by: other, on: app.db, now: TestApp.now)) } catch { return .failure(error) } })
            let results = [first, second]
            let wins = results.filter { if case .success = $0 { true } else { false } }.count
            #expect(wins == 1)
            for case .failure(let error) in results {
                guard case IeumError.conflict = error else { Issue.record("unexpected \(error)"); continue }
            }
            let stored = try #require(try await NeedApplication.find(id, on: app.db))
            #expect(stored.version == 2)
            #expect(stored.solution == "A" || stored.solution == "B")
        }
    }

    @Test("a second application, a late submission, an oversize and a disguised file each get a clear message and change nothing")
    func refusals() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let needID = try fixture.need.requireID()
            let appID = try fixture.application.requireID()
            let applicant = try await NeedFixture.client(app, .applicant)

            // A second application.
            _ = try await applicant.get("/needs/\(needID)")
            var page = try await applicant.post("/needs/\(needID)/apply", [])
            #expect(page.status == .seeOther)
            page = try await applicant.get(page.headers.first(name: .location) ?? "/")
            #expect(page.body.contains("이미 이 수요과제에 지원했습니다"))
            #expect(try await NeedApplication.query(on: app.db).count() == 1)

            // Files, on a fresh draft of another startup.
            let other = try await NeedFixture.actor(app, .otherStartup)
            try await NeedService.pledge(needID, by: other, on: app.db, now: TestApp.now)
            let draft = try await ApplicationService.start(needID: needID, by: other, on: app.db, now: TestApp.now)
            let draftID = try draft.requireID()
            let otherClient = try await NeedFixture.client(app, .otherStartup)
            _ = try await otherClient.get("/applications/\(draftID)/edit")
            let exe: [UInt8] = [0x4D, 0x5A, 0x90, 0x00] + Array(repeating: 0, count: 200)
            page = try await otherClient.upload("/applications/\(draftID)/attachments", fields: [], fileField: "file", fileName: "제안서.pdf", bytes: exe)
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("내용이 허용된 형식이 아닙니다"))
            _ = try await otherClient.get("/applications/\(draftID)/edit")
            page = try await otherClient.upload("/applications/\(draftID)/attachments", fields: [], fileField: "file", fileName: "slides.pptx", bytes: NeedFixture.pdf)
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("확장자가 실제 내용(PDF)과 다릅니다"))
            _ = try await otherClient.get("/applications/\(draftID)/edit")
            let big = NeedFixture.pdf + Array(repeating: 0x20, count: ApplicationService.maxAttachmentBytes)
            page = try await otherClient.upload("/applications/\(draftID)/attachments", fields: [], fileField: "file", fileName: "big.pdf", bytes: big)
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("파일이 너무 큽니다"))
            #expect(try await ProposalAttachment.query(on: app.db).filter(\.$application.$id == draftID).count() == 0)
            let stored = try await StoredFile.query(on: app.db).filter(\.$folder == StoredFolder.attachments.rawValue).count()
            #expect(stored == 1, "only the fixture's file is in the file store")

            // Late: the deadline passes (the need's own deadline is set in the past).
            let need = try #require(try await Need.find(needID, on: app.db))
            need.deadline = TestApp.now.addingTimeInterval(-60)
            try await need.save(on: app.db)
            _ = try await otherClient.get("/applications/\(draftID)/edit")
            page = try await otherClient.post("/applications/\(draftID)", [("solution", "늦은 제안"), ("differentiation", "d"), ("pocPlan", "p"),
                                                                            ("expectedResults", "e"), ("budget", "1000만원"), ("version", "1"), ("action", "submit")])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("지원 마감이 지났습니다"))
            let after = try #require(try await NeedApplication.find(draftID, on: app.db))
            #expect(after.status == .draft)
            #expect(after.solution.isEmpty)
            // Nor may the submitted one be withdrawn after the deadline.
            _ = try await applicant.get("/applications/\(appID)")
            _ = try await applicant.post("/applications/\(appID)/withdraw", [])
            #expect(try await NeedApplication.find(appID, on: app.db)?.status == .submitted)
        }
    }

    @Test("submitting needs every part of the proposal; a draft keeps what was typed")
    func submitNeedsEverything() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let other = try await NeedFixture.actor(app, .otherStartup)
            let needID = try fixture.need.requireID()
            try await NeedService.pledge(needID, by: other, on: app.db, now: TestApp.now)
            let draft = try await ApplicationService.start(needID: needID, by: other, on: app.db, now: TestApp.now)
            let client = try await NeedFixture.client(app, .otherStartup)
            let id = try draft.requireID()
            _ = try await client.get("/applications/\(id)/edit")
            var page = try await client.post("/applications/\(id)", [("solution", "초안 솔루션"), ("version", "1"), ("action", "save")])
            #expect(page.status == .seeOther)
            page = try await client.get("/applications/\(id)/edit")
            #expect(page.body.contains("초안 솔루션"))
            page = try await client.post("/applications/\(id)", [("solution", "초안 솔루션"), ("version", "2"), ("action", "submit")])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("제출하려면 차별성을(를) 입력하세요"))
            #expect(page.body.contains("제출하려면 예산을 입력하세요"))
            #expect(try await NeedApplication.find(id, on: app.db)?.status == .draft)
        }
    }

    @Test("the organisation shortlists and rejects with a reason the startup reads; the startup gets inbox messages and mails")
    func reviewAndNotices() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let appID = try fixture.application.requireID()
            let ownerUser = try #require(try await User.query(on: app.db).filter(\.$email == Person.needOrganization.email!).first())
            #expect(try await InboxMessage.query(on: app.db).filter(\.$userID == ownerUser.requireID()).filter(\.$kind == .applicationReceived).count() == 1)

            let owner = try await NeedFixture.client(app, .needOrganization)
            _ = try await owner.get("/applications/\(appID)")
            var page = try await owner.post("/applications/\(appID)/review", [("status", "rejected")])
            page = try await owner.get(page.headers.first(name: .location) ?? "/")
            #expect(page.body.contains("미선정 사유를 입력하세요"))
            #expect(try await NeedApplication.find(appID, on: app.db)?.status == .submitted)
            _ = try await owner.post("/applications/\(appID)/review", [("status", "shortlisted")])
            #expect(try await NeedApplication.find(appID, on: app.db)?.status == .shortlisted)
            // Skipping back is refused.
            _ = try await owner.get("/applications/\(appID)")
            _ = try await owner.post("/applications/\(appID)/review", [("status", "screening")])
            #expect(try await NeedApplication.find(appID, on: app.db)?.status == .shortlisted)
            _ = try await owner.get("/applications/\(appID)")
            _ = try await owner.post("/applications/\(appID)/review", [("status", "rejected"), ("reason", "PoC 예산이 지원 한도를 넘습니다")])

            let applicant = try await NeedFixture.client(app, .applicant)
            page = try await applicant.get("/applications/\(appID)")
            #expect(page.body.contains("PoC 예산이 지원 한도를 넘습니다"))
            #expect(page.body.contains("미선정"))
            let applicantUser = try #require(try await User.query(on: app.db).filter(\.$email == Person.applicant.email!).first())
            let notices = try await InboxMessage.query(on: app.db).filter(\.$userID == applicantUser.requireID()).filter(\.$kind == .applicationStatusChanged).all()
            #expect(notices.count == 2)
            #expect(notices.contains { $0.bodyKo.contains("PoC 예산이 지원 한도를 넘습니다") })
            #expect(try await OutboxMail.query(on: app.db).filter(\.$toAddress == Person.applicant.email!).count() == 2)
            let events = try await ApplicationEvent.query(on: app.db).filter(\.$application.$id == appID).sort(\.$at).all()
            #expect(events.map(\.toStatus) == [.draft, .submitted, .shortlisted, .rejected])
        }
    }

    @Test("an invitation reaches the startup's dashboard and inbox; inviting twice is refused")
    func invitations() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let needID = try fixture.need.requireID()
            let otherOrg = try #require(try await Organization.query(on: app.db).filter(\.$name == "다른스타트업").first())
            let owner = try await NeedFixture.client(app, .needOrganization)
            _ = try await owner.get("/needs/\(needID)")
            var page = try await owner.post("/needs/\(needID)/invitations", [("startupID", try otherOrg.requireID().uuidString), ("message", "꼭 지원해 주세요")])
            #expect(page.status == .seeOther)
            _ = try await owner.get("/needs/\(needID)")
            _ = try await owner.post("/needs/\(needID)/invitations", [("startupID", try otherOrg.requireID().uuidString)])
            #expect(try await Invitation.query(on: app.db).count() == 1)
            let startup = try await NeedFixture.client(app, .otherStartup)
            page = try await startup.get("/dashboard")
            #expect(page.body.contains("받은 지원 초대"))
            #expect(page.body.contains(fixture.need.title))
            #expect(page.body.contains("꼭 지원해 주세요"))
            let user = try #require(try await User.query(on: app.db).filter(\.$email == Person.otherStartup.email!).first())
            #expect(try await InboxMessage.query(on: app.db).filter(\.$userID == user.requireID()).filter(\.$kind == .invitation).count() == 1)
            // Another startup may not invite.
            let applicant = try await NeedFixture.client(app, .applicant)
            _ = try await applicant.get("/needs/\(needID)")
            page = try await applicant.post("/needs/\(needID)/invitations", [("startupID", try otherOrg.requireID().uuidString)])
            #expect(page.status == .forbidden)
        }
    }

    @Test("attachments are stored in the file store under random names, outside the web root, and come back byte for byte")
    func attachmentStorage() async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let stored = fixture.attachment
            #expect(stored.kind == "pdf")
            #expect(stored.originalName == "제안서.pdf")
            #expect(!stored.storageName.contains("pdf"))
            #expect(try await app.fileStore.read(folder: .attachments, name: stored.storageName, on: app.db) == NeedFixture.pdf)
            let visitor = WebClient(app)
            let direct = try await visitor.get("/attachments/" + stored.storageName)
            #expect(direct.status != .ok)
            let owner = try await NeedFixture.client(app, .needOrganization)
            let download = try await owner.get("/applications/\(try fixture.application.requireID())/attachments/\(try stored.requireID())")
            #expect(download.headers.first(name: .contentType) == "application/pdf")
            #expect(download.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''") == true)
        }
    }

    @Test("the public list finds needs in Korean without login, never by confidential words", arguments: [
        ("양극재를", true), ("AI 최적화", true), ("배터리", true), ("수율 데이터 공유", false),
    ])
    func publicSearch(query: String, found: Bool) async throws {
        try await TestApp.with { app in
            let fixture = try await NeedFixture.make(app)
            let visitor = WebClient(app)
            let page = try await visitor.get("/calls?q=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            #expect(page.status == .ok)
            #expect(page.body.contains(fixture.need.title) == found)
            #expect(page.body.contains(fixture.call.title), "open calls are listed")
            #expect(!page.body.contains(NeedFixture.detailText))
        }
    }

    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
