import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// A direct match in a program run by agency A — startup, demand organisation and investor as
/// parties, with a party's PoC request awaiting the operator (the startup uploaded the PoC plan
/// first, as the gate asks) — and every person the access rules name, each with a browser.
struct CollaborationFixture {
    let collaboration: Collaboration
    let pending: StageChange
    let program: Program
    let otherProgram: Program
    let startup: Organization
    let demand: Organization
    let investor: Organization

    static let title = "공정 AI × 한빛소재 실증"

    enum Person: String, CaseIterable, Sendable {
        case visitor, startupParty, otherStartup, demandParty, otherDemand, investorParty, otherInvestor, judge, programOperator, otherOperator

        var email: String? { self == .visitor ? nil : "\(rawValue.lowercased())@collab.example" }
        var name: String { email.map { $0.components(separatedBy: "@")[0] } ?? "" }
    }

    static func make(_ app: Application) async throws -> CollaborationFixture {
        let agency = try await TestApp.organization(app, name: "서울경제진흥원", kind: .agency)
        let otherAgency = try await TestApp.organization(app, name: "부산창조경제혁신센터", kind: .agency)
        let startup = try await TestApp.organization(app, name: "공정AI", kind: .startup, businessNumber: TestApp.businessNumber(1))
        let otherStartup = try await TestApp.organization(app, name: "다른스타트업", kind: .startup)
        let demand = try await TestApp.organization(app, name: "한빛소재", kind: .demand)
        let otherDemand = try await TestApp.organization(app, name: "다른수요기관", kind: .demand)
        let investor = try await TestApp.organization(app, name: "이음벤처스", kind: .investor)
        let otherInvestor = try await TestApp.organization(app, name: "다른투자사", kind: .investor)
        let orgs: [Person: Organization] = [.startupParty: startup, .otherStartup: otherStartup, .demandParty: demand, .otherDemand: otherDemand,
                                            .investorParty: investor, .otherInvestor: otherInvestor, .programOperator: agency, .otherOperator: otherAgency]
        for person in Person.allCases {
            guard let email = person.email else { continue }
            let role: PlatformRole = person == .judge ? .judge : (person == .programOperator || person == .otherOperator ? .operator : .member)
            try await TestApp.user(app, email: email, role: role, organization: orgs[person])
        }
        let program = try await Self.program(app, name: "2026 서울 오픈이노베이션", operator: agency)
        let otherProgram = try await Self.program(app, name: "2026 부산 실증사업", operator: otherAgency)
        let op = try await actor(app, .programOperator)
        let collaboration = try await CollaborationService.createDirect(
            title: title, programID: program.requireID(), startupID: startup.requireID(), demandID: demand.requireID(), investorID: investor.requireID(),
            by: op, on: app.db, now: TestApp.now)
        try await evidence(app, collaboration: collaboration.requireID(), name: "PoC 계획서.pdf")
        let pending = try await CollaborationService.requestStage(collaboration.requireID(), to: .technologyVerification, note: "PoC 계획서 첨부",
                                                                  by: try await actor(app, .startupParty), on: app.db, now: TestApp.now)
        return CollaborationFixture(collaboration: collaboration, pending: pending, program: program, otherProgram: otherProgram,
                                    startup: startup, demand: demand, investor: investor)
    }

    static let pdf: [UInt8] = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n".utf8)

    /// Uploads an evidence file through the page, as `person` would: it counts for the stage the
    /// collaboration is at now.
    static func evidence(_ app: Application, collaboration id: UUID, name: String, as person: Person = .startupParty) async throws {
        let client = try await client(app, person)
        _ = try await client.get("/collaborations/\(id.uuidString)")
        let page = try await client.upload("/collaborations/\(id.uuidString)/files", fields: [], fileField: "file", fileName: name, bytes: pdf)
        guard page.status == .seeOther else { throw Abort(.internalServerError, reason: "evidence upload answered \(page.status)") }
    }

    static func program(_ app: Application, name: String, operator agency: Organization) async throws -> Program {
        let program = Program()
        program.name = name
        program.year = 2026
        program.description = ""
        program.tracks = []
        program.$operatorOrganization.id = try agency.requireID()
        try await program.create(on: app.db)
        return program
    }

    static func actor(_ app: Application, _ person: Person) async throws -> IeumApp.Principal {
        guard let email = person.email, let user = try await User.query(on: app.db).filter(\.$email == email).first() else { throw Abort(.notFound) }
        return try await user.actor(on: app.db)
    }

    /// A browser signed in as `person`; a visitor's has opened the sign-in page (and so has a CSRF token).
    static func client(_ app: Application, _ person: Person) async throws -> WebClient {
        let client = WebClient(app)
        if let email = person.email { try await client.login(email) } else { try await client.get("/login") }
        return client
    }

    var id: UUID { collaboration.id! }
    var path: String { "/collaborations/\(collaboration.id!.uuidString)" }

    func reload(_ app: Application) async throws -> Collaboration {
        try #require(try await Collaboration.find(id, on: app.db))
    }
}

/// The collaboration access table (issue 5 item 6): every person × view, work and approve, on the
/// collaboration's page and its write routes. A refusal is 404 for whom the collaboration is
/// invisible, 403 for a party asking for the operator's approval, a sign-in for a visitor, and
/// nothing is written.
@Suite("Collaborations: who sees, works on and approves a collaboration")
struct CollaborationAccessTableTests {
    typealias Person = CollaborationFixture.Person

    enum Action: String, CaseIterable, Sendable { case view, work, approve }

    static func allowed(_ person: Person, _ action: Action) -> Bool {
        switch action {
        case .view, .work: [.startupParty, .demandParty, .investorParty, .programOperator].contains(person)
        case .approve: person == .programOperator
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let person: Person
        let action: Action
        var testDescription: String { "\(person.rawValue) · \(action.rawValue) → \(CollaborationAccessTableTests.allowed(person, action) ? "allowed" : "refused")" }
    }

    static let cases: [Case] = Person.allCases.flatMap { person in Action.allCases.map { Case(person: person, action: $0) } }

    @Test("access table", arguments: cases)
    func access(_ c: Case) async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await CollaborationFixture.make(app)
            let client = try await CollaborationFixture.client(app, c.person)
            let expected = Self.allowed(c.person, c.action)
            let sees = Self.allowed(c.person, .view)
            if sees { _ = try await client.get(fixture.path) }
            let milestonesBefore = try await Milestone.query(on: app.db).count()
            let auditBefore = try await AuditEntry.query(on: app.db).count()
            // when
            let page: WebClient.Page
            switch c.action {
            case .view:
                page = try await client.get(fixture.path)
            case .work:
                page = try await client.post(fixture.path + "/milestones", [("stage", "matched"), ("title", "착수 회의"), ("dueAt", "2026-03-20")])
            case .approve:
                page = try await client.post(fixture.path + "/changes/\(fixture.pending.id!.uuidString)", [("decision", "approve"), ("note", "")])
            }
            // then
            let collaboration = try await fixture.reload(app)
            if expected {
                #expect(page.status == (c.action == .view ? .ok : .seeOther))
                switch c.action {
                case .view:
                    #expect(page.body.contains(CollaborationFixture.title))
                    #expect(page.body.contains("PoC 계획서 첨부"))
                case .work:
                    #expect(try await Milestone.query(on: app.db).count() == milestonesBefore + 1)
                case .approve:
                    #expect(collaboration.stage == .technologyVerification)
                }
            } else {
                if c.person == .visitor {
                    #expect(page.status == .seeOther)
                    #expect(page.headers.first(name: .location)?.hasPrefix("/login") == true)
                } else {
                    #expect(page.status == (sees ? .forbidden : .notFound))
                    #expect(!page.body.contains(CollaborationFixture.title))
                }
                #expect(try await Milestone.query(on: app.db).count() == milestonesBefore)
                #expect(collaboration.stage == .matched)
                #expect(try await StageChange.find(fixture.pending.id, on: app.db)?.status == .pending)
                #expect(try await AuditEntry.query(on: app.db).count() == auditBefore, "a refused request writes nothing")
            }
        }
    }

    @Test("the list shows each person only the collaborations they may see")
    func list() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await CollaborationFixture.make(app)
            let other = try await CollaborationService.createDirect(
                title: "부산 물류 실증", programID: fixture.otherProgram.requireID(), startupID: fixture.startup.requireID(), demandID: nil, investorID: nil,
                by: try await CollaborationFixture.actor(app, .otherOperator), on: app.db, now: TestApp.now)
            for person in Person.allCases where person != .visitor {
                // when
                let client = try await CollaborationFixture.client(app, person)
                let page = try await client.get("/collaborations")
                // then
                #expect(page.status == .ok, "\(person)")
                #expect(page.body.contains(CollaborationFixture.title) == Self.allowed(person, .view), "\(person)")
                let seesOther = [.startupParty, .otherOperator].contains(person)
                #expect(page.body.contains(other.title) == seesOther, "\(person) and the Busan collaboration")
                #expect(page.body.contains("직접 매칭") == (person == .programOperator || person == .otherOperator), "\(person) direct match form")
            }
            let visitor = try await CollaborationFixture.client(app, .visitor)
            let page = try await visitor.get("/collaborations")
            #expect(page.status == .seeOther)
        }
    }

    @Test("evidence files: a party uploads, the parties and the program's operator download (audited), everyone else gets 404")
    func evidenceFiles() async throws {
        try await TestApp.with { app in
            // given
            let fixture = try await CollaborationFixture.make(app)
            let startup = try await CollaborationFixture.client(app, .startupParty)
            _ = try await startup.get(fixture.path)
            let before = try await CollaborationFile.query(on: app.db).all().map(\.id)  // the PoC plan the fixture's request needed
            // when: a disguised file, then a real PDF
            let disguised = try await startup.upload(fixture.path + "/files", fields: [], fileField: "file", fileName: "결과보고서.pdf", bytes: Array("MZ not a pdf".utf8))
            let stored = try await startup.upload(fixture.path + "/files", fields: [], fileField: "file", fileName: "PoC 결과보고서.pdf", bytes: NeedFixture.pdf)
            // then
            #expect(disguised.status == .unprocessableEntity)
            #expect(disguised.body.contains("허용된 형식이 아닙니다"))
            #expect(stored.status == .seeOther)
            let file = try #require(try await CollaborationFile.query(on: app.db).all().first { !before.contains($0.id) })
            #expect(try await CollaborationFile.query(on: app.db).count() == before.count + 1)
            #expect(file.originalName == "PoC 결과보고서.pdf")
            #expect(file.stage == .matched, "the file counts for the stage it was uploaded at")
            #expect(try await app.fileStore.read(folder: .collaborations, name: file.storageName, on: app.db) == NeedFixture.pdf)
            for person in Person.allCases where person != .visitor {
                let client = try await CollaborationFixture.client(app, person)
                let before = try await AuditEntry.query(on: app.db).filter(\.$action == "collaboration.file_view").count()
                let page = try await client.get(fixture.path + "/files/\(file.id!.uuidString)")
                let after = try await AuditEntry.query(on: app.db).filter(\.$action == "collaboration.file_view").count()
                if Self.allowed(person, .view) {
                    #expect(page.status == .ok, "\(person)")
                    #expect(Array(page.body.utf8) == NeedFixture.pdf)
                    #expect(after == before + 1, "\(person): each download is audited")
                } else {
                    #expect(page.status == .notFound, "\(person)")
                    #expect(after == before)
                }
            }
        }
    }
}
