import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// A published anonymous need with a submitted application carrying a PDF, and every kind of
/// person the confidentiality rules name: the applicant, another startup, the need's organisation,
/// another demand organisation, an unassigned judge and an operator.
struct NeedFixture {
    let need: Need
    let call: Call
    let application: NeedApplication
    let attachment: ProposalAttachment
    let demandOrg: Organization
    let applicantOrg: Organization

    static let detailText = "기밀: 2차전지 양극재 소성 공정의 수율 데이터 공유 예정"
    static let orgName = "한빛배터리소재"
    static let proposalText = "우리 회사의 비공개 공정 최적화 알고리즘 X-42"
    static let pdf: [UInt8] = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n".utf8)

    enum Person: String, CaseIterable, Sendable {
        case visitor, otherStartup, otherDemand, judge, applicant, needOrganization, `operator`

        var email: String? { self == .visitor ? nil : "\(rawValue.lowercased())@test.example" }
    }

    static func make(_ app: Application, anonymous: Bool = true, deadline: Date? = nil) async throws -> NeedFixture {
        let demandOrg = try await TestApp.organization(app, name: orgName, kind: .demand)
        let otherDemand = try await TestApp.organization(app, name: "다른수요기관", kind: .demand)
        let applicantOrg = try await TestApp.organization(app, name: "지원스타트업", kind: .startup)
        let otherStartup = try await TestApp.organization(app, name: "다른스타트업", kind: .startup)
        try await TestApp.user(app, email: Person.needOrganization.email!, organization: demandOrg)
        try await TestApp.user(app, email: Person.otherDemand.email!, organization: otherDemand)
        try await TestApp.user(app, email: Person.applicant.email!, organization: applicantOrg)
        try await TestApp.user(app, email: Person.otherStartup.email!, organization: otherStartup)
        try await TestApp.user(app, email: Person.judge.email!, role: .judge)
        try await TestApp.user(app, email: Person.operator.email!, role: .operator)

        let now = TestApp.now
        let program = Program()
        program.name = "2026 서울 오픈이노베이션"
        program.year = 2026
        program.description = "시험 사업"
        program.tracks = ["대기업 협업"]
        try await program.create(on: app.db)
        let call = Call()
        call.$program.id = try program.requireID()
        call.title = "2026 상반기 공모"
        call.description = ""
        call.opensAt = now.addingTimeInterval(-86_400)
        call.closesAt = now.addingTimeInterval(30 * 86_400)
        try await call.create(on: app.db)

        let owner = try await actor(app, .needOrganization)
        let op = try await actor(app, .operator)
        var input = NeedInput()
        input.title = "배터리 양극재 공정 AI 최적화"
        input.teaser = "양극재 소성 공정의 수율을 높일 AI 솔루션을 찾습니다."
        input.detail = detailText
        input.fields = ["battery-energy"]
        input.support = ["pocFunds"]
        input.pocFunds = "5000만원"
        input.startupsSought = "2"
        input.contactName = "김담당"
        input.contactEmail = "buyer@hanbit.example"
        input.anonymous = anonymous
        if let deadline { input.deadline = SeoulTime.inputValue(deadline) }
        let need = try await NeedService.create(input, organizationID: demandOrg.requireID(), by: owner, on: app.db, now: now)
        let needID = try need.requireID()
        _ = try await NeedService.perform(.submit, on: needID, by: owner, on: app.db, now: now)
        _ = try await NeedService.perform(.publish, on: needID, callID: call.requireID(), by: op, on: app.db, now: now)

        let applicant = try await actor(app, .applicant)
        try await NeedService.pledge(needID, by: applicant, on: app.db, now: now)
        let application = try await ApplicationService.start(needID: needID, by: applicant, on: app.db, now: now)
        let appID = try application.requireID()
        let attachment = try await ApplicationService.attach(appID, fileName: "제안서.pdf", bytes: pdf, by: applicant, on: app.db,
                                                             files: app.fileStore, now: now)
        var proposal = ProposalInput()
        proposal.solution = proposalText
        proposal.differentiation = "공정 데이터 없이도 학습"
        proposal.pocPlan = "3개월 PoC"
        proposal.expectedResults = "수율 3%p 향상"
        proposal.budget = "3000만원"
        proposal.version = "1"
        let submitted = try await ApplicationService.save(appID, proposal, submit: true, by: applicant, on: app.db, now: now)
        return NeedFixture(need: try await Need.find(needID, on: app.db)!, call: call, application: submitted, attachment: attachment,
                           demandOrg: demandOrg, applicantOrg: applicantOrg)
    }

    static func actor(_ app: Application, _ person: Person) async throws -> IeumApp.Principal {
        guard let email = person.email, let user = try await User.query(on: app.db).filter(\.$email == email).first() else {
            throw Abort(.notFound)
        }
        return try await user.actor(on: app.db)
    }

    /// A browser signed in as `person` (or a visitor's).
    static func client(_ app: Application, _ person: Person) async throws -> WebClient {
        let client = WebClient(app)
        if let email = person.email { try await client.login(email) }
        return client
    }
}
