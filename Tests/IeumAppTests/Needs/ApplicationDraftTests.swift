import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Issue 17, item 2: nothing typed is lost. The application form sends its file with its text (the
/// text is saved first, so a refused file keeps everything typed), and the draft route autosaves
/// the text for the applicant's own people only, within bounded sizes.
@Suite("Applications: drafts autosave and a file is saved with the text")
struct ApplicationDraftTests {
    typealias Person = NeedFixture.Person

    /// The fixture plus a draft application of the other startup (its owner) to the same need.
    struct Draft {
        let fixture: NeedFixture
        let application: NeedApplication
        var id: UUID { application.id! }
        var path: String { "/applications/\(application.id!.uuidString)" }
    }

    static func draft(_ app: Application) async throws -> Draft {
        let fixture = try await NeedFixture.make(app)
        let owner = try await NeedFixture.actor(app, .otherStartup)
        try await NeedService.pledge(fixture.need.requireID(), by: owner, on: app.db, now: TestApp.now)
        let application = try await ApplicationService.start(needID: fixture.need.requireID(), by: owner, on: app.db, now: TestApp.now)
        return Draft(fixture: fixture, application: application)
    }

    static let typed: [(String, String)] = [
        ("solution", "열화상 카메라와 AI로 소성로 온도 편차를 실시간 보정"), ("differentiation", "센서 추가 없이 기존 카메라 활용"),
        ("pocPlan", "1개월 데이터 수집, 2개월 현장 실증"), ("expectedResults", "불량률 20% 감소"),
        ("budget", "4500만원"), ("budgetDetail", "인건비 3000만원, 장비 1500만원"),
    ]

    static func fields(version: Int) -> [(String, String)] { typed + [("version", String(version))] }

    struct Answer: Decodable { let saved: Bool; let version: Int?; let savedAt: String?; let message: String }

    static func answer(_ page: WebClient.Page) throws -> Answer {
        try JSONDecoder().decode(Answer.self, from: Data(page.body.utf8))
    }

    @Test("the owner's autosave saves the six fields as the draft and answers the time and the new version")
    func ownerAutosaves() async throws {
        try await TestApp.with { app in
            // given
            let draft = try await Self.draft(app)
            let owner = try await NeedFixture.client(app, .otherStartup)
            let form = try await owner.get(draft.path + "/edit")
            #expect(form.body.contains("data-autosave=\"\(draft.path)/draft\""))
            #expect(form.body.contains("enctype=\"multipart/form-data\""))
            // when
            let page = try await owner.post(draft.path + "/draft", Self.fields(version: draft.application.version))
            // then
            #expect(page.status == .ok)
            let answer = try Self.answer(page)
            #expect(answer.saved)
            #expect(answer.version == draft.application.version + 1)
            #expect(answer.savedAt == "10:00")
            #expect(answer.message == "임시저장됨 10:00")
            let saved = try #require(try await NeedApplication.find(draft.id, on: app.db))
            #expect(saved.status == .draft)
            #expect(saved.solution == Self.typed[0].1)
            #expect(saved.budgetKRW == 45_000_000)
            #expect(saved.budgetDetail == Self.typed[5].1)
            // and the form shows it back after a reload
            let reloaded = try await owner.get(draft.path + "/edit")
            for (name, value) in Self.typed { #expect(reloaded.body.contains(name == "budget" ? "45000000" : value)) }
            #expect(reloaded.body.contains("data-autosave-status"))
        }
    }

    @Test("refused autosaves answer a message and change nothing: a stale version, an over-long field, a body over the limit, a submitted application, no form token")
    func refusals() async throws {
        try await TestApp.with { app in
            // given
            let draft = try await Self.draft(app)
            let owner = try await NeedFixture.client(app, .otherStartup)
            _ = try await owner.get(draft.path + "/edit")
            let version = draft.application.version
            // when
            let stale = try await owner.post(draft.path + "/draft", Self.fields(version: version + 5))
            let long = try await owner.post(draft.path + "/draft", [("solution", String(repeating: "가", count: 10_001)), ("version", String(version))])
            let huge = try await owner.post(draft.path + "/draft", [("solution", String(repeating: "a", count: ApplicationsController.draftMaxBytes + 10)),
                                                                    ("version", String(version))])
            let noToken = try await owner.post(draft.path + "/draft", Self.fields(version: version), csrf: false)
            // then
            #expect(stale.status == .conflict)
            #expect(try Self.answer(stale).message.hasPrefix("임시저장하지 못했습니다: "))
            #expect(long.status == .unprocessableEntity)
            #expect(try !Self.answer(long).saved)
            #expect(huge.status == .payloadTooLarge)
            #expect(noToken.status == .forbidden)
            let unchanged = try #require(try await NeedApplication.find(draft.id, on: app.db))
            #expect(unchanged.solution.isEmpty)
            #expect(unchanged.version == version)
            // when: the applicant's submitted application
            let applicant = try await NeedFixture.client(app, .applicant)
            _ = try await applicant.get("/applications/\(draft.fixture.application.id!.uuidString)")
            let submitted = try await applicant.post("/applications/\(draft.fixture.application.id!.uuidString)/draft", Self.fields(version: draft.fixture.application.version))
            // then
            #expect(submitted.status == .unprocessableEntity)
            #expect(try Self.answer(submitted).message.contains("제출한 지원서는 고칠 수 없습니다"))
            #expect(try await NeedApplication.find(draft.fixture.application.id, on: app.db)?.solution == NeedFixture.proposalText)
        }
    }

    static let outsiders: [Person] = [.applicant, .needOrganization, .otherDemand, .judge, .operator]

    @Test("only the owner's people save the draft: another startup, the demand organisation, a judge and an operator get 403 or 404", arguments: outsiders)
    func outsidersRefused(_ person: Person) async throws {
        try await TestApp.with { app in
            // given
            let draft = try await Self.draft(app)
            let client = try await NeedFixture.client(app, person)
            _ = try await client.get("/")
            let audit = try await AuditEntry.query(on: app.db).count()
            // when
            let page = try await client.post(draft.path + "/draft", Self.fields(version: draft.application.version))
            // then
            #expect([HTTPResponseStatus.forbidden, .notFound].contains(page.status), "\(person) got \(page.status)")
            let unchanged = try #require(try await NeedApplication.find(draft.id, on: app.db))
            #expect(unchanged.solution.isEmpty)
            #expect(unchanged.version == draft.application.version)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "application.save").count() == 0)
            _ = audit
        }
    }

    @Test("one form saves the text and the file together")
    func fileWithText() async throws {
        try await TestApp.with { app in
            // given
            let draft = try await Self.draft(app)
            let owner = try await NeedFixture.client(app, .otherStartup)
            _ = try await owner.get(draft.path + "/edit")
            // when
            let page = try await owner.upload(draft.path, fields: Self.fields(version: draft.application.version) + [("action", "save")],
                                              fileField: "file", fileName: "회사소개서.pdf", bytes: NeedFixture.pdf)
            // then
            #expect(page.status == .seeOther)
            let saved = try #require(try await NeedApplication.find(draft.id, on: app.db))
            #expect(saved.solution == Self.typed[0].1)
            #expect(saved.status == .draft)
            let files = try await ProposalAttachment.query(on: app.db).filter(\.$application.$id == draft.id).all()
            #expect(files.map(\.originalName) == ["회사소개서.pdf"])
            let form = try await owner.get(draft.path + "/edit")
            #expect(form.body.contains("회사소개서.pdf"))
            for (name, value) in Self.typed { #expect(form.body.contains(name == "budget" ? "45000000" : value)) }
        }
    }

    @Test("a refused file keeps everything typed on the page and saved as the draft; a submission missing a field shows it all too")
    func refusedFileKeepsText() async throws {
        try await TestApp.with { app in
            // given
            let draft = try await Self.draft(app)
            let owner = try await NeedFixture.client(app, .otherStartup)
            _ = try await owner.get(draft.path + "/edit")
            // when: not a PDF inside
            let bad = try await owner.upload(draft.path, fields: Self.fields(version: draft.application.version) + [("action", "save")],
                                             fileField: "file", fileName: "가짜.pdf", bytes: Array("just text".utf8))
            // then
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("입력한 내용은 임시 저장했습니다. 파일은 첨부하지 못했습니다"))
            for (_, value) in Self.typed { #expect(bad.body.contains(value), "\(value) is shown again") }
            let saved = try #require(try await NeedApplication.find(draft.id, on: app.db))
            #expect(saved.solution == Self.typed[0].1)
            #expect(bad.body.contains("name=\"version\" value=\"\(saved.version)\""), "the form edits the saved draft")
            #expect(try await ProposalAttachment.query(on: app.db).filter(\.$application.$id == draft.id).count() == 0)
            // when: submitting with a file but without the solution
            let incomplete = Self.fields(version: saved.version).filter { $0.0 != "solution" } + [("solution", ""), ("action", "submit")]
            let refused = try await owner.upload(draft.path, fields: incomplete, fileField: "file", fileName: "계획서.pdf", bytes: NeedFixture.pdf)
            // then
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("임시 저장했습니다. 제출하려면 표시된 항목을 고치세요"))
            for (_, value) in Self.typed.dropFirst() { #expect(refused.body.contains(value)) }
            #expect(try await NeedApplication.find(draft.id, on: app.db)?.status == .draft)
            #expect(try await ProposalAttachment.query(on: app.db).filter(\.$application.$id == draft.id).count() == 1)
        }
    }
}
