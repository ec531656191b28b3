import Fluent
import Foundation
import IeumCore
import Vapor

/// The demo programs with their calls, participants and targets, and the needs, applications,
/// pledges and invitations in them. Runs inside the demo loader's transaction.
enum DemoPrograms {
    struct Counts: Equatable {
        var programs = 0, calls = 0, needs = 0, applications = 0, invitations = 0
    }

    struct ProgramSpec {
        let name: String
        let nameEn: String
        let operatorName: String
        let description: String
        let tracks: [String]
        let participants: [String]
        let targets: [(KPIMetric, String, Int64)]
        /// The open call of the year and an earlier one that has closed.
        let openCall: (title: String, titleEn: String, description: String)
        let closedCall: (title: String, titleEn: String, track: String?, opens: String, closes: String)
    }

    static let programs: [ProgramSpec] = [
        ProgramSpec(
            name: "2026 서울 오픈이노베이션", nameEn: "Seoul Open Innovation 2026", operatorName: "서울경제진흥원(데모)",
            description: "서울시 대기업·중견기업·공공기관이 필요한 기술을 내놓고, 서울 스타트업과 기술검증(PoC)부터 구매·투자까지 잇는 서울형 개방형 혁신 사업입니다. 올해 스타트업 2,000개 발굴과 1,000개 매칭을 목표로 합니다.",
            tracks: ["대기업 협업", "중견기업 챌린지", "공공기관 실증"],
            participants: ["한결전자", "대한케미칼", "누리텔레콤", "동방제약", "한성정밀", "아라물류", "한국수자원공사(데모)", "서울교통공사(데모)"],
            targets: [(.startupsFound, "2026", 2_000), (.startupsMatched, "2026", 1_000), (.startupsFound, "2026-H1", 800),
                      (.demandOrganizations, "2026", 40), (.pocsCompleted, "2026", 120),
                      // The partner plan of the seed (150 → 300 → 600) starts this year; money in won.
                      (.partners, "2026", 150), (.contractValueKRW, "2026", 5_000_000_000), (.investmentKRW, "2026", 10_000_000_000),
                      (.eventsHeld, "2026", 12)],
            openCall: ("2026 오픈이노베이션 협업과제 상시 공모", "Open Innovation 2026: rolling call for collaboration challenges",
                       "수요기관이 올린 협업과제에 스타트업이 상시 지원합니다. 과제별 마감일이 있으면 그날까지 접수합니다."),
            closedCall: ("2026 사전 수요기술 공모", "2026 early call for technology needs", "대기업 협업", "2025-11-03 09:00", "2025-12-19 18:00")
        ),
        ProgramSpec(
            name: "2026 개방형 혁신 협업 프로그램", nameEn: "Open Innovation Collaboration Program 2026", operatorName: "창업진흥원(데모)",
            description: "중소벤처기업부가 주관하고 창업진흥원이 운영하는 전국 단위 협업 프로그램입니다. 수요기업 65곳과 스타트업 85곳의 협업 과제를 선정해 사업화 자금과 실증을 지원합니다.",
            tracks: ["대기업 협업", "공공기관 협업", "글로벌 협업"],
            participants: ["미래모터스", "한국전력공사(데모)", "서해중공업", "새빛유통", "한국도로공사(데모)", "한결전자"],
            targets: [(.demandOrganizations, "2026", 65), (.startupsMatched, "2026", 85), (.investmentKRW, "2026", 30_000_000_000),
                      (.pocsCompleted, "2026", 40)],
            openCall: ("2026 개방형 혁신 협업 프로그램 1차 공모", "Open Innovation Collaboration Program 2026, first call",
                       "수요기업의 협업과제에 스타트업이 지원하고, 서류·발표 평가로 협업 기업을 선정합니다."),
            closedCall: ("2026 수요기업 사전 모집", "2026 demand-company pre-registration", nil, "2025-12-01 09:00", "2026-01-16 18:00")
        ),
    ]

    /// Every day of the open calls, in Seoul time, so `serve --demo` on the real clock has open calls too.
    static let openCallOpens = "2026-02-01 00:00"
    static let openCallCloses = "2026-12-31 23:59"

    static func date(_ text: String) throws -> Date {
        // A bare day in the specs means office hours, not the end of the day.
        let value = text.count == 10 ? text + " 10:00" : text
        guard let date = SeoulTime.parse(value) else { throw Abort(.internalServerError, reason: "demo date \(text) is invalid") }
        return date
    }

    static func load(on db: any Database, taxonomy: TaxonomySnapshot, users: [String: User], passwordHash: String, now: Date,
                     organization: (String) async throws -> Organization) async throws -> Counts {
        // A demo started after the planned close still has its calls open for three months.
        let openCloses = max(try date(openCallCloses), now.addingTimeInterval(90 * 86_400))
        var counts = Counts()
        // Each program's open and closed call, by program index.
        var openCalls: [Call] = [], closedCalls: [Call] = []
        for spec in programs {
            let program = Program()
            program.name = spec.name
            program.nameEn = spec.nameEn
            program.year = 2026
            program.$operatorOrganization.id = try await organization(spec.operatorName).requireID()
            program.description = spec.description
            program.tracks = spec.tracks
            try await program.create(on: db)
            let programID = try program.requireID()
            counts.programs += 1
            for name in spec.participants {
                try await ProgramParticipant(programID: programID, organizationID: try await organization(name).requireID()).create(on: db)
            }
            for (metric, period, value) in spec.targets {
                let target = ProgramTarget()
                target.$program.id = programID
                target.metric = metric
                target.period = period
                target.value = value
                try await target.create(on: db)
            }
            let open = Call()
            open.$program.id = programID
            open.title = spec.openCall.title
            open.titleEn = spec.openCall.titleEn
            open.description = spec.openCall.description
            open.opensAt = try date(openCallOpens)
            open.closesAt = openCloses
            let closed = Call()
            closed.$program.id = programID
            closed.title = spec.closedCall.title
            closed.titleEn = spec.closedCall.titleEn
            closed.track = spec.closedCall.track
            closed.description = "사업 시작 전 수요기관의 기술 수요를 먼저 모은 공모입니다."
            closed.opensAt = try date(spec.closedCall.opens)
            closed.closesAt = try date(spec.closedCall.closes)
            try await open.create(on: db)
            try await closed.create(on: db)
            openCalls.append(open)
            closedCalls.append(closed)
            counts.calls += 2
        }

        let operatorUser = users["operator@ieum.demo"]
        let demandUser = users["demand@ieum.demo"]
        var needs: [Need] = []
        for (index, spec) in DemoNeeds.needs.enumerated() {
            let org = try await organization(spec.organization)
            let need = try await createNeed(spec, index: index, organization: org, taxonomy: taxonomy,
                                            call: spec.call == .open ? openCalls[spec.program] : spec.call == .closed ? closedCalls[spec.program] : nil,
                                            author: spec.organization == "한결전자" ? demandUser : nil, operatorUser: operatorUser, on: db)
            needs.append(need)
            counts.needs += 1
        }

        // Approved startups by field, in name order; each pick takes the next one not yet used for that need.
        let startups = try await Organization.query(on: db).filter(\.$kind == .startup).filter(\.$status == .approved).sort(\.$name).all()
        let fieldCodes = Dictionary(uniqueKeysWithValues: try await TechField.query(on: db).all().compactMap { f in f.id.map { ($0, f.code) } })
        var fieldsByOrg: [UUID: Set<String>] = [:]
        for link in try await OrganizationTechField.query(on: db).all() {
            if let code = fieldCodes[link.$techField.id] { fieldsByOrg[link.$organization.id, default: []].insert(code) }
        }
        let flagship = try await organization(DemoData.flagshipStartup)
        var cursor: [String: Int] = [:]
        var taken: [Int: Set<UUID>] = [:]
        func pick(_ field: String, for need: Int) throws -> Organization {
            let candidates = startups.filter { $0.id != flagship.id && fieldsByOrg[$0.storedID, default: []].contains(field) }
            for step in 0..<candidates.count {
                let candidate = candidates[(cursor[field, default: 0] + step) % candidates.count]
                if let id = candidate.id, !(taken[need]?.contains(id) ?? false) {
                    cursor[field] = (cursor[field, default: 0] + step + 1) % candidates.count
                    taken[need, default: []].insert(id)
                    return candidate
                }
            }
            throw Abort(.internalServerError, reason: "no demo startup left in field \(field)")
        }

        // One founder account per applying startup (the flagship's is the demo login), with the same password.
        var founders: [UUID: User] = [:]
        if let flagshipID = flagship.id, let login = users["startup@ieum.demo"] { founders[flagshipID] = login }
        let surnames = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"], givenNames = ["민준", "서연", "도윤", "하은", "지호", "수아", "예준", "지유"]
        func founder(of startup: Organization) async throws -> User {
            let id = try startup.requireID()
            if let user = founders[id] { return user }
            let n = founders.count
            let user = User(email: "founder\(n)@startup.example", name: surnames[n % surnames.count] + givenNames[n % givenNames.count],
                            passwordHash: passwordHash, platformRole: .member, title: "대표")
            try await user.create(on: db)
            try await Membership(userID: try user.requireID(), organizationID: id, role: .admin).create(on: db)
            founders[id] = user
            return user
        }

        for spec in DemoNeeds.applications {
            let startup = try spec.field.map { try pick($0, for: spec.need) } ?? flagship
            if spec.field == nil { taken[spec.need, default: []].insert(try flagship.requireID()) }
            let user = try await founder(of: startup)
            try await createApplication(spec, need: needs[spec.need], needSpec: DemoNeeds.needs[spec.need], startup: startup, founder: user,
                                        reviewer: spec.need < 5 ? demandUser : operatorUser, on: db)
            counts.applications += 1
        }

        for item in DemoNeeds.invitations {
            let startup = try item.field.map { try pick($0, for: item.need) } ?? flagship
            let inviter = users[item.inviter]
            let invitation = Invitation()
            invitation.$need.id = try needs[item.need].requireID()
            invitation.$startup.id = try startup.requireID()
            invitation.invitedBy = inviter?.id
            invitation.inviterName = inviter?.name ?? "운영기관"
            invitation.message = item.message
            invitation.createdAt = try date("2026-02-2\(counts.invitations + 3) 15:00")
            try await invitation.create(on: db)
            counts.invitations += 1
        }
        return counts
    }

    static func createNeed(_ spec: DemoNeeds.NeedSpec, index: Int, organization: Organization, taxonomy: TaxonomySnapshot, call: Call?,
                           author: User?, operatorUser: User?, on db: any Database) async throws -> Need {
        var input = NeedInput()
        input.title = spec.title
        input.titleEn = spec.titleEn
        input.teaser = spec.teaser
        input.detail = spec.detail
        input.fields = spec.fields
        input.minStage = spec.minStage?.rawValue ?? ""
        input.minTRL = spec.minTRL.map(String.init) ?? ""
        input.support = spec.support.map(\.rawValue)
        input.pocFunds = spec.pocFunds ?? ""
        input.supportOther = spec.supportOther ?? ""
        input.startupsSought = String(spec.sought)
        input.contactName = spec.contact.name
        input.contactEmail = spec.contact.email
        input.contactPhone = "02-3\(String(format: "%03d", index + 100))-\(String(format: "%04d", 1000 + index * 37))"
        input.deadline = spec.deadline ?? ""
        input.anonymous = spec.anonymous
        // A stored need (a version is set), so a deadline already past on the real clock is accepted.
        input.version = "1"
        let valid: ValidNeed
        switch input.validate(taxonomy: taxonomy, now: try date(spec.days[0])) {
        case .success(let value): valid = value
        case .failure(let failure):
            throw Abort(.internalServerError, reason: "demo need \(index + 1) (\(spec.title)) is invalid: \(failure.errors.order)")
        }
        let need = Need()
        need.$organization.id = try organization.requireID()
        need.$call.id = try call?.requireID()
        need.status = spec.status
        need.version = 1
        need.createdBy = author?.id
        NeedService.apply(valid, to: need, organization: organization, taxonomy: taxonomy)
        let lifecycle: [NeedStatus] = [.draft, .submitted, .published, .closed]
        let path = Array(lifecycle.prefix(spec.days.count))
        if let published = path.firstIndex(of: .published) { need.publishedAt = try date(spec.days[published]) }
        try await need.create(on: db)
        let id = try need.requireID()
        let ownName = author?.name ?? "\(organization.name) \(spec.contact.name)"
        for (step, status) in path.enumerated() {
            let event = NeedEvent()
            event.$need.id = id
            event.fromStatus = step == 0 ? nil : path[step - 1]
            event.toStatus = status
            // The organisation drafts and submits; the operator publishes and closes.
            let byOperator = status == .published || status == .closed
            event.actorID = byOperator ? operatorUser?.id : author?.id
            event.actorName = byOperator ? (operatorUser?.name ?? "운영기관") : ownName
            event.note = ["작성", "검토 요청", "공모에 공개", "공모 마감"][step]
            event.at = try date(spec.days[step])
            try await event.create(on: db)
        }
        return need
    }

    static func createApplication(_ spec: DemoNeeds.ApplicationSpec, need: Need, needSpec: DemoNeeds.NeedSpec, startup: Organization,
                                  founder: User, reviewer: User?, on db: any Database) async throws {
        let needID = try need.requireID()
        let proposal = DemoNeeds.proposal(startup: startup, need: needSpec)
        let path: [ApplicationStatus]
        switch spec.status {
        case .draft: path = [.draft]
        case .submitted: path = [.draft, .submitted]
        case .screening: path = [.draft, .submitted, .screening]
        case .shortlisted: path = [.draft, .submitted, .screening, .shortlisted]
        case .selected: path = [.draft, .submitted, .screening, .shortlisted, .selected]
        case .rejected: path = [.draft, .submitted, .screening, .rejected]
        case .withdrawn: path = [.draft, .withdrawn]
        }
        guard path.count == spec.days.count else {
            throw Abort(.internalServerError, reason: "demo application to need \(spec.need + 1) has \(spec.days.count) days for \(path.count) steps")
        }
        // The pledge comes first: nobody sees the detail or applies without it.
        let pledge = NeedPledge()
        pledge.$need.id = needID
        pledge.userID = try founder.requireID()
        pledge.organizationID = try startup.requireID()
        pledge.acceptedAt = try date(spec.days[0]).addingTimeInterval(-3_600)
        try await pledge.create(on: db)

        let application = NeedApplication()
        application.$need.id = needID
        application.$startup.id = try startup.requireID()
        application.status = spec.status
        // A draft is half written.
        let complete = spec.status != .draft
        application.solution = proposal.solution
        application.differentiation = complete ? proposal.differentiation : ""
        application.pocPlan = complete ? proposal.pocPlan : ""
        application.expectedResults = complete ? proposal.expected : ""
        application.budgetKRW = complete ? proposal.budget : nil
        application.budgetDetail = complete ? proposal.budgetDetail : ""
        application.decisionReason = spec.reason
        application.version = path.count
        application.createdBy = founder.id
        application.submittedAt = try path.count > 1 ? date(spec.days[1]) : nil
        try await application.create(on: db)
        let id = try application.requireID()
        for (step, status) in path.enumerated() {
            let event = ApplicationEvent()
            event.$application.id = id
            event.fromStatus = step == 0 ? nil : path[step - 1]
            event.toStatus = status
            let byStartup = status == .draft || status == .submitted || status == .withdrawn
            event.actorID = byStartup ? founder.id : reviewer?.id
            event.actorName = byStartup ? founder.name : (reviewer?.name ?? "심사 담당")
            event.note = status == .rejected || status == .selected ? (spec.reason ?? "") : ""
            event.at = try date(spec.days[step])
            try await event.create(on: db)
        }
    }
}
