import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// A published need with four submitted applications (S1 is NeedFixture's applicant), four judges
/// in the expert pool (J4 works at S1, so it is in conflict with S1's application) and a document
/// round over the need, created by the operator, not yet prepared.
struct EvaluationFixture {
    let base: NeedFixture
    let programID: UUID
    let startups: [Organization]
    let applications: [NeedApplication]
    let experts: [Expert]
    let round: EvaluationRound

    static let judgeEmails = (1...4).map { "judge\($0)@test.example" }
    static let judgeNames = ["가심사", "나심사", "다심사", "라심사"]
    static let operatorEmail = NeedFixture.Person.operator.email!

    static func make(_ app: Application, blind: Bool = true, judgesPerEntry: Int = 2, method: AggregationMethod = .mean) async throws -> EvaluationFixture {
        let base = try await NeedFixture.make(app, anonymous: false)
        let now = TestApp.now
        let op = try await NeedFixture.actor(app, .operator)
        var startups = [base.applicantOrg]
        var applications = [base.application]
        for n in 2...4 {
            let org = try await TestApp.organization(app, name: "평가스타트업\(n)", kind: .startup)
            let email = "s\(n)@test.example"
            try await TestApp.user(app, email: email, organization: org)
            let actor = try await actor(app, email)
            let needID = try base.need.requireID()
            try await NeedService.pledge(needID, by: actor, on: app.db, now: now)
            let application = try await ApplicationService.start(needID: needID, by: actor, on: app.db, now: now)
            var proposal = ProposalInput()
            proposal.solution = "제안 \(n): 소성로 온도 프로파일 예측"
            proposal.differentiation = "차별성 \(n)"
            proposal.pocPlan = "PoC \(n)"
            proposal.expectedResults = "효과 \(n)"
            proposal.budget = "2000만원"
            proposal.version = "1"
            applications.append(try await ApplicationService.save(try application.requireID(), proposal, submit: true, by: actor, on: app.db, now: now))
            startups.append(org)
        }
        var experts: [Expert] = []
        let fields = [["battery-energy"], ["battery-energy", "ai"], ["ai"], ["battery-energy"]]
        for i in 0..<4 {
            let user = try await TestApp.user(app, email: judgeEmails[i], role: .judge)
            user.name = judgeNames[i]
            try await user.save(on: app.db)
            var input = ExpertInput()
            input.name = judgeNames[i]
            input.email = "expert\(i + 1)@pool.example"
            input.sector = [ExpertSector.industry, .academia, .research, .industry][i].rawValue
            input.affiliation = ["한국배터리연구소", "서울대학교 화학공학과", "한국전자통신연구원", "지원스타트업"][i]
            input.fields = fields[i]
            input.expertise = ["이차전지 양극재 공정", "배터리 소재와 AI 최적화", "머신러닝 시스템", "배터리 공정 자동화"][i]
            input.consentContact = true
            input.accountEmail = judgeEmails[i]
            experts.append(try await ExpertService.save(input, id: nil, by: op, on: app.db, now: now))
        }
        // J4 works at S1 (the registry organisation), so it must never judge S1's application.
        var tie = AffiliationInput()
        tie.organizationID = try base.applicantOrg.requireID().uuidString
        tie.kind = ExpertTieKind.employment.rawValue
        tie.current = true
        tie.fromYear = "2023"
        _ = try await ExpertService.addAffiliation(tie, to: experts[3], by: op, on: app.db, now: now)

        let programID = base.call.$program.id
        var input = RoundInput()
        input.programID = programID.uuidString
        input.scope = "need:\(try base.need.requireID().uuidString)"
        input.kind = RoundKind.document.rawValue
        input.title = "2026 상반기 서류평가"
        input.titleEn = "2026 H1 document review"
        input.opensAt = SeoulTime.inputValue(now.addingTimeInterval(-3_600))
        input.closesAt = SeoulTime.inputValue(now.addingTimeInterval(7 * 86_400))
        input.blind = blind
        input.judgesPerEntry = String(judgesPerEntry)
        input.minLoad = "1"
        input.maxLoad = "3"
        input.method = method.rawValue
        input.trimMinimum = "3"
        input.disagreementRange = "20"
        let round = try await EvaluationService.create(input, by: op, on: app.db, now: now)
        return EvaluationFixture(base: base, programID: programID, startups: startups, applications: applications, experts: experts, round: round)
    }

    static func actor(_ app: Application, _ email: String) async throws -> IeumApp.Principal {
        guard let user = try await User.query(on: app.db).filter(\.$email == email).first() else { throw Abort(.notFound) }
        return try await user.actor(on: app.db)
    }

    func operatorActor(_ app: Application) async throws -> IeumApp.Principal { try await Self.actor(app, Self.operatorEmail) }
    func judge(_ app: Application, _ i: Int) async throws -> IeumApp.Principal { try await Self.actor(app, Self.judgeEmails[i]) }

    func client(_ app: Application, _ email: String?) async throws -> WebClient {
        let client = WebClient(app)
        if let email { try await client.login(email) }
        return client
    }

    /// Rubric (the usual four criteria, weights equal to their maxima, so a sheet's total is the
    /// sum of its scores), all four judges, the entries, the automatic assignment; then open.
    @discardableResult
    func prepare(_ app: Application, open: Bool = true) async throws -> EvaluationService.AssignmentSummary {
        let op = try await operatorActor(app)
        let now = TestApp.now
        try await EvaluationService.applyTemplate(round, by: op, on: app.db, now: now)
        for expert in experts { _ = try await EvaluationService.addJudge(expert.id, to: round, by: op, on: app.db, now: now) }
        _ = try await EvaluationService.loadEntries(round, by: op, on: app.db, now: now)
        let summary = try await EvaluationService.autoAssign(round, by: op, on: app.db, now: now)
        if open { try await EvaluationService.open(round, by: op, on: app.db, now: now) }
        return summary
    }

    func entries(_ app: Application) async throws -> [RoundEntry] {
        try await RoundEntry.query(on: app.db).filter(\.$round.$id == round.requireID()).sort(\.$title).all()
    }

    func entry(for startup: Organization, _ app: Application) async throws -> RoundEntry {
        try #require(try await entries(app).first { $0.$startup.id == startup.id })
    }

    func assignments(_ app: Application) async throws -> [RoundAssignment] {
        try await RoundAssignment.query(on: app.db).filter(\.$round.$id == round.requireID()).all()
    }

    func criteria(_ app: Application) async throws -> [RubricCriterion] {
        try await RubricCriterion.query(on: app.db).filter(\.$round.$id == round.requireID()).sort(\.$position).all()
    }

    /// A sheet input giving these four scores to the four criteria in order.
    func sheet(_ app: Application, _ scores: [Double]) async throws -> SheetInput {
        var input = SheetInput()
        for (c, s) in zip(try await criteria(app), scores) { input.scores[c.id!.uuidString] = String(format: "%g", s) }
        return input
    }
}
