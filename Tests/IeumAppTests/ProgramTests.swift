import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// Program pages through the real application: operators create and edit programs, calls,
/// participants and targets; everyone else reads the public page and gets 403 on every write.
@Suite("Program pages")
struct ProgramTests {
    // MARK: programs

    @Test("a program with bad input is refused with 422, Korean messages next to the fields, typed values kept, nothing written")
    func createProgramInvalid() async throws {
        try await TestApp.with { app in
            // given
            let world = try await ProgramWorld.make(app)
            let web = try await WebClient.programClient(app, world.operatorUser)
            let programsBefore = try await Program.query(on: app.db).count()
            // when
            let page = try await web.post("/programs", [
                ("name", "  "), ("nameEn", "Bad program"), ("year", "1999"), ("operatorID", world.startup.id!.uuidString),
                ("description", "설명"), ("tracks", "대기업 협업, 공공기관 실증"),
            ])
            // then
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("사업명을 입력하세요."))
            #expect(page.body.contains("사업 연도는 2000년부터 2100년 사이의 숫자로 입력하세요."))
            #expect(page.body.contains("운영기관은 승인된 지원기관 중에서 고르세요."))
            #expect(page.body.contains("id=\"year-error\""))
            #expect(page.body.contains("value=\"1999\""))
            #expect(page.body.contains("value=\"Bad program\""))
            #expect(page.body.contains("value=\"대기업 협업, 공공기관 실증\""))
            #expect(try await Program.query(on: app.db).count() == programsBefore)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "program.create").count() == 0)
        }
    }

    @Test("an operator creates a program with tracks separated by commas and lines, and edits it")
    func createAndEditProgram() async throws {
        try await TestApp.with { app in
            // given
            let world = try await ProgramWorld.make(app)
            let web = try await WebClient.programClient(app, world.operatorUser)
            // when
            let created = try await web.post("/programs", [
                ("name", "2027 서울 오픈이노베이션"), ("nameEn", "Seoul Open Innovation 2027"), ("year", "2027"),
                ("operatorID", world.agency.id!.uuidString), ("description", "서울형 개방형 혁신 사업"),
                ("tracks", "대기업 협업, 중견기업 챌린지\n공공기관 실증, 대기업 협업"),
            ])
            // then
            #expect(created.status == .seeOther)
            let program = try #require(try await Program.query(on: app.db).filter(\.$name == "2027 서울 오픈이노베이션").first())
            #expect(created.headers.first(name: .location) == "/programs/\(program.id!.uuidString)")
            #expect(program.tracks == ["대기업 협업", "중견기업 챌린지", "공공기관 실증"])
            #expect(program.year == 2027)
            #expect(program.$operatorOrganization.id == world.agency.id)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "program.create").count() == 1)
            let shown = try await web.get("/programs/\(program.id!.uuidString)")
            #expect(shown.body.contains("2027 서울 오픈이노베이션"))
            #expect(shown.body.contains(world.agency.name))
            #expect(shown.body.contains("중견기업 챌린지"))

            // when the operator edits it
            let form = try await web.get("/programs/\(program.id!.uuidString)/edit")
            #expect(form.status == .ok)
            #expect(form.body.contains("value=\"대기업 협업, 중견기업 챌린지, 공공기관 실증\""))
            let bad = try await web.post("/programs/\(program.id!.uuidString)", [("name", "2027 서울 오픈이노베이션"), ("year", "abc"), ("tracks", "")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("value=\"abc\""))
            let saved = try await web.post("/programs/\(program.id!.uuidString)", [
                ("name", "2027 서울 오픈이노베이션 (개편)"), ("year", "2027"), ("operatorID", ""), ("description", ""), ("tracks", "대기업 협업"),
            ])
            // then
            #expect(saved.status == .seeOther)
            let fresh = try #require(try await Program.find(program.id, on: app.db))
            #expect(fresh.name == "2027 서울 오픈이노베이션 (개편)")
            #expect(fresh.tracks == ["대기업 협업"])
            #expect(fresh.$operatorOrganization.id == nil)
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "program.update").first())
            #expect(audit.changes.contains("name: 2027 서울 오픈이노베이션 → 2027 서울 오픈이노베이션 (개편)"))
        }
    }

    // MARK: calls

    @Test("a call that closes before it opens is refused, with the typed times kept; a good one is listed as open in Seoul time")
    func callTimes() async throws {
        try await TestApp.with { app in
            // given
            let world = try await ProgramWorld.make(app)
            let web = try await WebClient.programClient(app, world.operatorUser)
            let path = "/programs/\(world.program.id!.uuidString)"
            // when
            let refused = try await web.post(path + "/calls", [
                ("title", "2026 상반기 협업과제 공모"), ("titleEn", ""), ("track", "대기업 협업"), ("description", ""),
                ("opensAt", "2026-03-31T18:00"), ("closesAt", "2026-03-01T09:00"),
            ])
            // then
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("접수 마감 시각은 시작 시각보다 뒤여야 합니다."))
            #expect(refused.body.contains("id=\"closesAt-error\""))
            #expect(refused.body.contains("value=\"2026-03-31T18:00\""))
            #expect(refused.body.contains("value=\"2026 상반기 협업과제 공모\""))
            #expect(try await Call.query(on: app.db).count() == 0)

            // when the track is not one of the program's
            let wrongTrack = try await web.post(path + "/calls", [
                ("title", "공모"), ("track", "없는 트랙"), ("opensAt", "2026-03-01T09:00"), ("closesAt", "2026-03-31T18:00"),
            ])
            #expect(wrongTrack.status == .unprocessableEntity)
            #expect(wrongTrack.body.contains("트랙은 이 사업의 트랙 중에서 고르세요."))

            // when the times are right
            let added = try await web.post(path + "/calls", [
                ("title", "2026 상반기 협업과제 공모"), ("titleEn", "2026 first-half call"), ("track", "대기업 협업"), ("description", "대기업 과제"),
                ("opensAt", "2026-03-01T09:00"), ("closesAt", "2026-03-31"),
            ])
            // then
            #expect(added.status == .seeOther)
            let call = try #require(try await Call.query(on: app.db).first())
            #expect(call.opensAt == SeoulTime.parse("2026-03-01 09:00"))
            #expect(call.closesAt == SeoulTime.parse("2026-03-31 23:59"))
            #expect(call.track == "대기업 협업")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "call.create").count() == 1)
            let page = try await web.get(path)
            #expect(page.body.contains("2026-03-01 09:00 ~ 2026-03-31 23:59"))
            #expect(page.body.contains("접수 중"))
        }
    }

    @Test("an operator edits a call; closing before opening is refused there too")
    func editCall() async throws {
        try await TestApp.with { app in
            // given
            let world = try await ProgramWorld.make(app)
            let call = try await world.addCall(app)
            let web = try await WebClient.programClient(app, world.operatorUser)
            let path = "/programs/\(world.program.id!.uuidString)/calls/\(call.id!.uuidString)"
            // when
            let form = try await web.get(path)
            // then
            #expect(form.status == .ok)
            #expect(form.body.contains("value=\"2026-02-01T00:00\""))
            // when
            let refused = try await web.post(path, [("title", call.title), ("opensAt", "2026-05-01T00:00"), ("closesAt", "2026-04-01T00:00")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("접수 마감 시각은 시작 시각보다 뒤여야 합니다."))
            let saved = try await web.post(path, [("title", "수정된 공모"), ("track", "공공기관 실증"), ("opensAt", "2026-02-01T00:00"), ("closesAt", "2026-02-28T18:00")])
            // then
            #expect(saved.status == .seeOther)
            let fresh = try #require(try await Call.find(call.id, on: app.db))
            #expect(fresh.title == "수정된 공모")
            #expect(fresh.track == "공공기관 실증")
            #expect(fresh.closesAt == SeoulTime.parse("2026-02-28 18:00"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "call.update").count() == 1)
            let page = try await web.get("/programs/\(world.program.id!.uuidString)")
            #expect(page.body.contains("call-closed"))  // closed on 2026-02-28; the clock says 2026-03-02
            // a call id under another program is not found
            let other = try await world.otherProgram(app)
            #expect(try await web.get("/programs/\(other.id!.uuidString)/calls/\(call.id!.uuidString)").status == .notFound)
        }
    }

    // MARK: participants

    @Test("a demand organisation is added once; the second time is refused with a message, and a startup cannot take part")
    func participants() async throws {
        try await TestApp.with { app in
            // given
            let world = try await ProgramWorld.make(app)
            let web = try await WebClient.programClient(app, world.operatorUser)
            let path = "/programs/\(world.program.id!.uuidString)/participants"
            // when
            let first = try await web.post(path, [("organizationID", world.demand.id!.uuidString)])
            // then
            #expect(first.status == .seeOther)
            // when
            _ = try await web.get("/programs/\(world.program.id!.uuidString)")
            let second = try await web.post(path, [("organizationID", world.demand.id!.uuidString)])
            // then
            #expect(second.status == .unprocessableEntity)
            #expect(second.body.contains("이미 이 사업에 참여 중인 수요기관입니다."))
            #expect(second.body.contains("id=\"organizationID-error\""))
            let startup = try await web.post(path, [("organizationID", world.startup.id!.uuidString)])
            #expect(startup.status == .unprocessableEntity)
            #expect(startup.body.contains("참여 수요기관은 승인된 수요기관 중에서 고르세요."))
            #expect(try await ProgramParticipant.query(on: app.db).count() == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "program.participant.add").count() == 1)
        }
    }

    // MARK: targets

    @Test("setting the same metric and period again updates the target; a bad period or a negative value is refused")
    func targetUpsert() async throws {
        try await TestApp.with { app in
            // given
            let world = try await ProgramWorld.make(app)
            let web = try await WebClient.programClient(app, world.operatorUser)
            let path = "/programs/\(world.program.id!.uuidString)/targets"
            // when
            let first = try await web.post(path, [("metric", "startupsFound"), ("period", "2026"), ("value", "2,000")])
            let second = try await web.post(path, [("metric", "startupsFound"), ("period", "2026"), ("value", "2500")])
            let half = try await web.post(path, [("metric", "startupsFound"), ("period", "2026-h1"), ("value", "800")])
            // then
            #expect(first.status == .seeOther)
            #expect(second.status == .seeOther)
            #expect(half.status == .seeOther)
            let targets = try await ProgramTarget.query(on: app.db).sort(\.$period).all()
            #expect(targets.map(\.period) == ["2026", "2026-H1"])
            #expect(targets.map(\.value) == [2_500, 800])
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "program.target.update").first()?.changes == "value: 2000 → 2500")
            let page = try await web.get("/programs/\(world.program.id!.uuidString)")
            #expect(page.body.contains("2,500"))

            // when the period or value is wrong
            let badPeriod = try await web.post(path, [("metric", "startupsMatched"), ("period", "2026-Q5"), ("value", "10")])
            let negative = try await web.post(path, [("metric", "startupsMatched"), ("period", "2026-Q3"), ("value", "-1")])
            let noMetric = try await web.post(path, [("metric", "unknown"), ("period", "2026"), ("value", "1")])
            // then
            #expect(badPeriod.status == .unprocessableEntity)
            #expect(badPeriod.body.contains("기간은 2026, 2026-H1(반기), 2026-Q3(분기) 형식으로 입력하세요."))
            #expect(badPeriod.body.contains("value=\"2026-Q5\""))
            #expect(negative.status == .unprocessableEntity)
            #expect(negative.body.contains("목표값은 0 이상의 정수로 입력하세요."))
            #expect(noMetric.status == .unprocessableEntity)
            #expect(noMetric.body.contains("성과지표를 고르세요."))
            #expect(try await ProgramTarget.query(on: app.db).count() == 2)
        }
    }

    // MARK: who may do what

    @Test("a startup member and a demand member get 403 on every write route and form, and nothing is written",
          arguments: [ProgramWorld.Role.startup, .demand])
    func forbidden(role: ProgramWorld.Role) async throws {
        try await TestApp.with { app in
            // given
            let world = try await ProgramWorld.make(app)
            let call = try await world.addCall(app)
            let web = try await WebClient.programClient(app, role == .startup ? world.startupUser : world.demandUser)
            let program = "/programs/\(world.program.id!.uuidString)"
            let callPath = program + "/calls/\(call.id!.uuidString)"
            let writes: [(String, [(String, String)])] = [
                ("/programs", [("name", "몰래 만든 사업"), ("year", "2026")]),
                (program, [("name", "바뀐 이름"), ("year", "2026")]),
                (program + "/calls", [("title", "몰래 만든 공모"), ("opensAt", "2026-03-01T09:00"), ("closesAt", "2026-03-31T18:00")]),
                (callPath, [("title", "바뀐 공모"), ("opensAt", "2026-03-01T09:00"), ("closesAt", "2026-03-31T18:00")]),
                (program + "/participants", [("organizationID", world.demand.id!.uuidString)]),
                (program + "/targets", [("metric", "startupsFound"), ("period", "2026"), ("value", "1")]),
            ]
            // when / then
            for (path, fields) in writes {
                let page = try await web.post(path, fields)
                #expect(page.status == .forbidden, "POST \(path) answered \(page.status)")
            }
            for path in [program + "/edit", callPath] {
                let page = try await web.get(path)
                #expect(page.status == .forbidden, "GET \(path) answered \(page.status)")
            }
            #expect(try await Program.query(on: app.db).count() == 2)
            #expect(try await Program.find(world.program.id, on: app.db)?.name == world.program.name)
            #expect(try await Call.query(on: app.db).all().map(\.title) == [call.title])
            #expect(try await ProgramParticipant.query(on: app.db).count() == 0)
            #expect(try await ProgramTarget.query(on: app.db).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType ~~ ["program", "call"]).count() == 0)
        }
    }

    @Test("a visitor sees the public program page and list, without targets or the operators' forms, and cannot write")
    func visitor() async throws {
        try await TestApp.with { app in
            // given
            let world = try await ProgramWorld.make(app)
            let call = try await world.addCall(app)
            try await ProgramParticipant(programID: world.program.id!, organizationID: world.demand.id!).create(on: app.db)
            let target = ProgramTarget()
            target.$program.id = world.program.id!
            target.metric = .startupsMatched
            target.period = "2026"
            target.value = 1_234
            try await target.create(on: app.db)
            let web = WebClient(app)
            // when
            let page = try await web.get("/programs/\(world.program.id!.uuidString)")
            let list = try await web.get("/programs")
            // then
            #expect(page.status == .ok)
            #expect(page.body.contains(world.program.name))
            #expect(page.body.contains(call.title))
            #expect(page.body.contains(world.demand.name))
            #expect(page.body.contains(world.agency.name))
            #expect(page.body.contains("접수 중"))
            for hidden in ["call-form", "participant-form", "target-form", "id=\"targets\"", "1,234", "/edit"] {
                #expect(!page.body.contains(hidden), "a visitor sees \(hidden)")
            }
            #expect(list.status == .ok)
            #expect(list.body.contains(world.program.name))
            #expect(!list.body.contains("program-form"))
            // a visitor's write is sent to sign in and writes nothing
            let post = try await web.post("/programs", [("name", "방문자 사업"), ("year", "2026")])
            #expect(post.status != .ok && post.status != .unprocessableEntity)
            #expect(try await Program.query(on: app.db).count() == 2)
        }
    }

    @Test("a signed-in startup member reads the same public page; an operator sees the targets and the forms, in English too")
    func whatEachSees() async throws {
        try await TestApp.with { app in
            // given
            let world = try await ProgramWorld.make(app)
            let member = try await WebClient.programClient(app, world.startupUser)
            let operatorWeb = try await WebClient.programClient(app, world.operatorUser)
            let path = "/programs/\(world.program.id!.uuidString)"
            // when
            let memberPage = try await member.get(path)
            let operatorPage = try await operatorWeb.get(path)
            let english = try await operatorWeb.get(path + "?lang=en")
            // then
            #expect(memberPage.status == .ok)
            #expect(!memberPage.body.contains("target-form"))
            #expect(operatorPage.body.contains("id=\"call-form\""))
            #expect(operatorPage.body.contains("id=\"participant-form\""))
            #expect(operatorPage.body.contains("id=\"target-form\""))
            #expect(operatorPage.body.contains("성과 목표"))
            #expect(operatorPage.body.contains(world.demand.name))  // offered in the participant select
            #expect(english.body.contains("<html lang=\"en\">"))
            #expect(english.body.contains("Targets"))
            #expect(english.body.contains("Add a call"))
            #expect(english.body.contains(world.program.nameEn!))
        }
    }
}

/// The people and organisations the program tests use, and one program with tracks.
struct ProgramWorld {
    enum Role: String, Sendable, CustomTestStringConvertible {
        case startup, demand
        var testDescription: String { rawValue }
    }

    let operatorUser: User
    let startupUser: User
    let demandUser: User
    let startup: Organization
    let demand: Organization
    let agency: Organization
    let program: Program

    static func make(_ app: Application) async throws -> ProgramWorld {
        let startup = try await TestApp.organization(app, name: "이음테크", kind: .startup)
        let demand = try await TestApp.organization(app, name: "한결전자", kind: .demand)
        let agency = try await TestApp.organization(app, name: "서울경제진흥원", kind: .agency)
        let operatorUser = try await TestApp.user(app, email: "operator@program.test", role: .operator)
        let startupUser = try await TestApp.user(app, email: "founder@program.test", organization: startup)
        let demandUser = try await TestApp.user(app, email: "demand@program.test", organization: demand)
        let program = Program()
        program.name = "2026 서울 오픈이노베이션"
        program.nameEn = "Seoul Open Innovation 2026"
        program.year = 2026
        program.$operatorOrganization.id = agency.id
        program.description = "서울형 개방형 혁신 사업"
        program.tracks = ["대기업 협업", "중견기업 챌린지", "공공기관 실증"]
        try await program.create(on: app.db)
        let other = Program()
        other.name = "2026 개방형 혁신 협업 프로그램"
        other.year = 2026
        other.description = ""
        other.tracks = []
        try await other.create(on: app.db)
        return ProgramWorld(operatorUser: operatorUser, startupUser: startupUser, demandUser: demandUser,
                            startup: startup, demand: demand, agency: agency, program: program)
    }

    /// A call open from 2026-02-01 to 2026-12-31 (the clock says 2026-03-02).
    func addCall(_ app: Application) async throws -> Call {
        let call = Call()
        call.$program.id = try program.requireID()
        call.title = "2026 오픈이노베이션 상시 공모"
        call.description = ""
        call.opensAt = SeoulTime.parse("2026-02-01 00:00")!
        call.closesAt = SeoulTime.parse("2026-12-31 23:59")!
        try await call.create(on: app.db)
        return call
    }

    func otherProgram(_ app: Application) async throws -> Program {
        try #require(try await Program.query(on: app.db).filter(\.$id != program.id!).first())
    }
}

private extension WebClient {
    /// Signed in as `user` through the login form, on a page holding the new session's CSRF token.
    static func programClient(_ app: Application, _ user: User) async throws -> WebClient {
        let web = WebClient(app)
        try await web.login(user.email)
        let landing = try await web.get("/programs")
        #expect(landing.status == .ok, "\(user.email) is not signed in")
        return web
    }
}
