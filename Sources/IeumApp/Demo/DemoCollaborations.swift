import Fluent
import Foundation
import IeumCore
import Vapor

/// A year of program activity for the demo: the collaboration of the selected application and
/// direct matches in both programs, stage changes through 2026 approved at the gates (a few still
/// waiting), funding, milestones (some overdue) and outcomes (confirmed and pending). Every stage
/// change is checked by `CollaborationFlow`; dates are fixed, so each run writes the same set.
enum DemoCollaborations {
    struct Counts: Equatable {
        var collaborations = 0, stageChanges = 0, pendingChanges = 0, outcomes = 0, confirmedOutcomes = 0, milestones = 0
    }

    struct OutcomeSpec {
        let kind: OutcomeKind
        /// Won for money kinds, a count otherwise.
        let value: Int64
        let day: String
        var confirmed = true
        var investor: String? = nil
    }

    struct Spec {
        /// 0: the Seoul program, 1: the ministry's.
        let program: Int
        let field: String
        let demand: String
        let started: String
        /// Approved changes after 매칭, in order.
        let path: [(CollaborationStage, String)]
        /// A change the startup asked for that waits for the operator.
        var pending: (CollaborationStage, String)? = nil
        var dropReason: String? = nil
        var investor: String? = nil
        var outcomes: [OutcomeSpec] = []
    }

    static let topics: [String: String] = [
        "ai": "AI 품질검사 실증", "semiconductor": "반도체 검사 고도화", "battery-energy": "배터리 공정 데이터 분석", "network": "5G 특화망 서비스",
        "bio-medical": "후보물질 독성 예측", "smart-manufacturing": "스마트공장 전환", "robot": "물류 로봇 실증", "environment": "누수 탐지 실증",
        "mobility": "모빌리티 데이터 실증", "data": "데이터 플랫폼 구축", "commerce": "유통 수요예측",
    ]

    static let specs: [Spec] = [
        Spec(program: 0, field: "ai", demand: "한결전자", started: "2026-01-15",
             path: [(.technologyVerification, "2026-02-10"), (.marketVerification, "2026-05-20"), (.commercialization, "2026-08-28")],
             outcomes: [OutcomeSpec(kind: .contract, value: 450_000_000, day: "2026-09-15"), OutcomeSpec(kind: .jobs, value: 3, day: "2026-10-01")]),
        Spec(program: 0, field: "semiconductor", demand: "한결전자", started: "2026-01-22",
             path: [(.technologyVerification, "2026-02-24"), (.marketVerification, "2026-06-10")], investor: "한결전자 CVC",
             outcomes: [OutcomeSpec(kind: .investment, value: 1_500_000_000, day: "2026-07-14", investor: "한결전자 CVC")]),
        Spec(program: 0, field: "battery-energy", demand: "대한케미칼", started: "2026-02-05",
             path: [(.technologyVerification, "2026-03-09"), (.commercialization, "2026-07-02"), (.investment, "2026-09-10")], investor: "이음벤처스",
             outcomes: [OutcomeSpec(kind: .contract, value: 280_000_000, day: "2026-07-20"),
                        OutcomeSpec(kind: .investment, value: 2_000_000_000, day: "2026-08-30", investor: "이음벤처스")]),
        Spec(program: 0, field: "network", demand: "누리텔레콤", started: "2026-02-12",
             path: [(.technologyVerification, "2026-03-16")], pending: (.marketVerification, "2026-11-10")),
        Spec(program: 0, field: "bio-medical", demand: "동방제약", started: "2026-02-19",
             path: [(.technologyVerification, "2026-04-06"), (.marketVerification, "2026-08-03")],
             outcomes: [OutcomeSpec(kind: .patents, value: 2, day: "2026-09-22"),
                        OutcomeSpec(kind: .investment, value: 1_000_000_000, day: "2026-10-15", confirmed: false, investor: "동방바이오 파트너스")]),
        Spec(program: 0, field: "smart-manufacturing", demand: "한성정밀", started: "2026-03-04",
             path: [(.technologyVerification, "2026-03-30"), (.marketVerification, "2026-06-25"), (.commercialization, "2026-09-30")],
             outcomes: [OutcomeSpec(kind: .contract, value: 120_000_000, day: "2026-10-12"), OutcomeSpec(kind: .jobs, value: 5, day: "2026-11-02", confirmed: false)]),
        Spec(program: 0, field: "robot", demand: "아라물류", started: "2026-03-11",
             path: [(.technologyVerification, "2026-04-20"), (.dropped, "2026-07-08")], dropReason: "물류센터 실증에서 피킹 인식률이 목표(98%)에 못 미쳐 중단했습니다."),
        Spec(program: 0, field: "environment", demand: "한국수자원공사(데모)", started: "2026-03-18",
             path: [(.technologyVerification, "2026-04-27"), (.marketVerification, "2026-09-07")],
             outcomes: [OutcomeSpec(kind: .contract, value: 90_000_000, day: "2026-10-28")]),
        Spec(program: 0, field: "mobility", demand: "서울교통공사(데모)", started: "2026-04-08", path: [(.technologyVerification, "2026-05-12")]),
        Spec(program: 0, field: "data", demand: "한결전자", started: "2026-04-22",
             path: [(.technologyVerification, "2026-06-01"), (.marketVerification, "2026-09-14"), (.globalExpansion, "2026-11-03")],
             outcomes: [OutcomeSpec(kind: .exports, value: 300_000_000, day: "2026-11-12")]),
        Spec(program: 0, field: "ai", demand: "대한케미칼", started: "2026-05-06", path: [(.technologyVerification, "2026-06-15")]),
        Spec(program: 0, field: "smart-manufacturing", demand: "누리텔레콤", started: "2026-05-20",
             path: [(.technologyVerification, "2026-07-06"), (.marketVerification, "2026-10-05")]),
        Spec(program: 0, field: "data", demand: "아라물류", started: "2026-06-03", path: [(.technologyVerification, "2026-07-20")]),
        Spec(program: 0, field: "ai", demand: "동방제약", started: "2026-06-17", path: [], pending: (.technologyVerification, "2026-11-16")),
        Spec(program: 0, field: "semiconductor", demand: "한성정밀", started: "2026-07-01",
             path: [(.technologyVerification, "2026-08-10"), (.commercialization, "2026-10-20")], investor: "이음벤처스",
             outcomes: [OutcomeSpec(kind: .contract, value: 350_000_000, day: "2026-11-06"),
                        OutcomeSpec(kind: .investment, value: 1_200_000_000, day: "2026-11-13", investor: "이음벤처스")]),
        Spec(program: 0, field: "environment", demand: "한국수자원공사(데모)", started: "2026-07-15", path: []),
        Spec(program: 0, field: "network", demand: "서울교통공사(데모)", started: "2026-08-05", path: [(.technologyVerification, "2026-09-14")]),
        Spec(program: 0, field: "robot", demand: "한결전자", started: "2026-09-02", path: [(.dropped, "2026-10-10")],
             dropReason: "수요기관의 라인 증설 일정이 미뤄져 협업을 중단했습니다."),
        Spec(program: 0, field: "battery-energy", demand: "대한케미칼", started: "2026-10-07", path: []),
        Spec(program: 0, field: "ai", demand: "아라물류", started: "2026-11-04", path: []),
        Spec(program: 1, field: "battery-energy", demand: "미래모터스", started: "2026-03-03",
             path: [(.technologyVerification, "2026-04-14"), (.marketVerification, "2026-07-21"), (.investment, "2026-09-25")], investor: "미래모터스 벤처투자",
             outcomes: [OutcomeSpec(kind: .investment, value: 3_000_000_000, day: "2026-10-02", investor: "미래모터스 벤처투자")]),
        Spec(program: 1, field: "ai", demand: "한국전력공사(데모)", started: "2026-03-24",
             path: [(.technologyVerification, "2026-05-06"), (.marketVerification, "2026-08-18")]),
        Spec(program: 1, field: "smart-manufacturing", demand: "서해중공업", started: "2026-04-28", path: [(.technologyVerification, "2026-06-09")]),
        Spec(program: 1, field: "commerce", demand: "새빛유통", started: "2026-05-26",
             path: [(.technologyVerification, "2026-07-13"), (.commercialization, "2026-10-26")],
             outcomes: [OutcomeSpec(kind: .contract, value: 200_000_000, day: "2026-11-09")]),
        Spec(program: 1, field: "mobility", demand: "한국도로공사(데모)", started: "2026-06-23", path: []),
        Spec(program: 1, field: "semiconductor", demand: "한결전자", started: "2026-08-11", path: [(.technologyVerification, "2026-09-29")]),
    ]

    /// The selected application's path (the flagship's, in the Seoul program).
    static let selectedPath: [(CollaborationStage, String)] = [
        (.technologyVerification, "2026-02-16"), (.marketVerification, "2026-06-12"), (.commercialization, "2026-09-18"),
    ]
    static let selectedOutcomes: [OutcomeSpec] = [
        OutcomeSpec(kind: .contract, value: 320_000_000, day: "2026-09-25"), OutcomeSpec(kind: .jobs, value: 4, day: "2026-10-05"),
        OutcomeSpec(kind: .patents, value: 1, day: "2026-11-10", confirmed: false),
    ]

    /// `files`: where the evidence files of the gates passed are stored (none without a store).
    static func load(on db: any Database, programs: [Program], users: [String: User], files: FileStore? = nil,
                     organization: (String) async throws -> Organization) async throws -> Counts {
        var counts = Counts()
        let operatorUser = users["operator@ieum.demo"]
        // Approved startups by field in name order, each used once; the flagship only through its application.
        let startups = try await Organization.query(on: db).filter(\.$kind == .startup).filter(\.$status == .approved).sort(\.$name).all()
        let codes = Dictionary(uniqueKeysWithValues: try await TechField.query(on: db).all().compactMap { f in f.id.map { ($0, f.code) } })
        var mainField: [UUID: String] = [:]
        for link in try await OrganizationTechField.query(on: db).filter(\.$position == 0).all() {
            mainField[link.$organization.id] = codes[link.$techField.id]
        }
        var used: Set<UUID> = Set(try await NeedApplication.query(on: db).filter(\.$status == .selected).all().map { $0.$startup.id })
        if let flagship = startups.first(where: { $0.name == DemoData.flagshipStartup })?.id { used.insert(flagship) }
        func pick(_ field: String) throws -> Organization {
            guard let startup = startups.first(where: { $0.id.map { !used.contains($0) && mainField[$0] == field } ?? false }) else {
                throw Abort(.internalServerError, reason: "no demo startup left in field \(field)")
            }
            used.insert(startup.id!)
            return startup
        }

        // The selected applications become collaborations, as selecting one does in the app.
        for application in try await NeedApplication.query(on: db).filter(\.$status == .selected).with(\.$need).with(\.$startup).all() {
            let need = application.need
            let programID = try await need.$call.get(on: db)?.$program.id
            let selectedAt = try await ApplicationEvent.query(on: db).filter(\.$application.$id == application.requireID())
                .filter(\.$toStatus == .selected).first()?.at ?? DemoPrograms.date("2026-01-20")
            let demand = try await need.$organization.get(on: db)
            try await create(title: "\(application.startup.name) × \(need.title)", programID: programID, needID: need.id, applicationID: application.id,
                             startup: application.startup, demand: demand, investor: nil, started: selectedAt,
                             path: selectedPath, pending: nil, dropReason: nil, outcomes: selectedOutcomes,
                             decider: operatorUser, files: files, organization: organization, counts: &counts, on: db)
        }
        for spec in specs {
            let startup = try pick(spec.field)
            let demand = try await organization(spec.demand)
            var investor: Organization?
            if let name = spec.investor { investor = try await organization(name) }
            try await create(title: "\(startup.name) × \(demand.name) \(topics[spec.field] ?? "기술 실증")", programID: programs[spec.program].id,
                             needID: nil, applicationID: nil, startup: startup, demand: demand, investor: investor,
                             started: try DemoPrograms.date(spec.started), path: spec.path, pending: spec.pending, dropReason: spec.dropReason,
                             outcomes: spec.outcomes, decider: spec.program == 0 ? operatorUser : nil, files: files,
                             organization: organization, counts: &counts, on: db)
        }
        return counts
    }

    static func create(title: String, programID: UUID?, needID: UUID?, applicationID: UUID?, startup: Organization, demand: Organization,
                       investor: Organization?, started: Date, path: [(CollaborationStage, String)], pending: (CollaborationStage, String)?,
                       dropReason: String?, outcomes: [OutcomeSpec], decider: User?, files: FileStore?, organization: (String) async throws -> Organization,
                       counts: inout Counts, on db: any Database) async throws {
        let deciderName = decider?.name ?? "운영기관 담당자"
        let requesterName = startup.contactName ?? startup.name
        var stage = CollaborationStage.matched
        var since = started
        var changes: [StageChange] = []
        func change(from: CollaborationStage?, to: CollaborationStage, at date: Date, approved: Bool, note: String) -> StageChange {
            let row = StageChange()
            row.fromStage = from
            row.toStage = to
            row.status = approved ? .approved : .pending
            row.note = note
            row.requestedByName = from == nil ? deciderName : requesterName
            row.requestedBy = from == nil ? decider?.id : nil
            row.requestedAt = from == nil ? date : date.addingTimeInterval(-3 * 86_400)
            if approved {
                row.decidedBy = decider?.id
                row.decidedByName = deciderName
                row.decidedAt = date
            }
            return row
        }
        changes.append(change(from: nil, to: .matched, at: started, approved: true, note: applicationID == nil ? "운영기관 직접 매칭" : "지원서 최종 선정"))
        var pocDate: Date?
        for (next, day) in path {
            let date = try DemoPrograms.date(day)
            guard case .allowed = CollaborationFlow.check(from: stage, to: next) else {
                throw Abort(.internalServerError, reason: "demo collaboration \(title): \(stage) → \(next) is refused")
            }
            let note = next == .dropped ? (dropReason ?? "") : "\(next.label.ko) 단계 진입: 결과 보고서 제출"
            changes.append(change(from: stage, to: next, at: date, approved: true, note: note))
            if next == .technologyVerification { pocDate = date }
            stage = next
            since = date
        }
        if let (next, day) = pending {
            guard case .allowed(gate: true) = CollaborationFlow.check(from: stage, to: next) else {
                throw Abort(.internalServerError, reason: "demo collaboration \(title): pending \(stage) → \(next) is not a gate")
            }
            changes.append(change(from: stage, to: next, at: try DemoPrograms.date(day), approved: false, note: "\(next.label.ko) 단계 전환 요청: 중간 성과 첨부"))
            counts.pendingChanges += 1
        }

        let collaboration = Collaboration()
        collaboration.title = title
        collaboration.$program.id = programID
        collaboration.$need.id = needID
        collaboration.applicationID = applicationID
        collaboration.$startup.id = try startup.requireID()
        collaboration.$demand.id = try demand.requireID()
        collaboration.stage = stage
        collaboration.stageSince = since
        collaboration.dropReason = stage == .dropped ? dropReason : nil
        collaboration.version = path.count + 1
        collaboration.createdBy = decider?.id
        collaboration.startedAt = started
        try await collaboration.create(on: db)
        let id = try collaboration.requireID()
        counts.collaborations += 1
        try await CollaborationParty(collaborationID: id, organizationID: startup.requireID(), role: .startup).create(on: db)
        try await CollaborationParty(collaborationID: id, organizationID: demand.requireID(), role: .demand).create(on: db)
        if let investor { try await CollaborationParty(collaborationID: id, organizationID: investor.requireID(), role: .investor).create(on: db) }
        for row in changes {
            row.$collaboration.id = id
            try await row.create(on: db)
            counts.stageChanges += 1
        }
        // Each gate passed or asked for had the evidence its stage asks for (CollaborationGates),
        // uploaded a few days before the request.
        if let files {
            for row in changes {
                guard let from = row.fromStage, case .allowed(gate: true) = CollaborationFlow.check(from: from, to: row.toStage),
                      case .file(let what)? = CollaborationGates.requirements(leaving: from).first else { continue }
                let uploaded = row.requestedAt.addingTimeInterval(-2 * 86_400)
                let bytes = DemoEvidence.pdf(lines: ["Ieum demo evidence", "Stage: \(from.rawValue)", "Uploaded: \(SeoulTime.date(uploaded))"])
                let storageName = FileStore.newName()
                try await files.save(bytes, folder: .collaborations, name: storageName, on: db, now: uploaded)
                let file = CollaborationFile()
                file.$collaboration.id = id
                file.stage = from
                file.originalName = "\(what.ko).pdf"
                file.kind = DocumentKind.pdf.rawValue
                file.byteCount = bytes.count
                file.storageName = storageName
                file.uploadedBy = nil
                file.createdAt = uploaded
                try await file.create(on: db)
            }
        }

        // PoC money and milestones: the start report is done; the result report is done once the
        // collaboration moved past PoC, otherwise it stays open (and overdue once its day passed).
        if let pocDate {
            // A dropped collaboration's milestones were closed when it stopped.
            let passed = stage.rank >= 2 || stage == .dropped
            let government: Int64 = 50_000_000 + Int64(counts.collaborations % 4) * 10_000_000
            let funding = StageFunding()
            funding.$collaboration.id = id
            funding.stage = .technologyVerification
            funding.governmentKRW = government
            funding.demandKRW = 20_000_000
            funding.spentKRW = passed ? government + 20_000_000 : government / 2
            funding.updatedAt = pocDate.addingTimeInterval(30 * 86_400)
            try await funding.create(on: db)
            // A collaboration whose party asked to move on has its report in (a request needs no overdue milestone).
            let milestones: [(String, TimeInterval, Bool)] = [("PoC 착수 보고", 14, true), ("PoC 중간 점검", 35, true), ("PoC 결과 보고", 60, passed || pending != nil)]
            for (name, days, done) in milestones {
                let milestone = Milestone()
                milestone.$collaboration.id = id
                milestone.stage = .technologyVerification
                milestone.title = name
                milestone.dueAt = pocDate.addingTimeInterval(days * 86_400)
                milestone.doneAt = done ? milestone.dueAt.addingTimeInterval(-2 * 86_400) : nil
                milestone.createdAt = pocDate
                try await milestone.create(on: db)
                counts.milestones += 1
            }
        }

        for spec in outcomes {
            let date = try DemoPrograms.date(spec.day)
            let outcome = Outcome()
            outcome.$collaboration.id = id
            outcome.kind = spec.kind
            outcome.amountKRW = spec.kind.isMoney ? spec.value : nil
            outcome.count = spec.kind.isMoney ? nil : Int(spec.value)
            if let name = spec.investor { outcome.$investor.id = try await organization(name).requireID() }
            outcome.note = "\(spec.kind.label.ko): \(spec.kind.isMoney ? KRW.koreanText(spec.value) : "\(spec.value)건")"
            outcome.occurredOn = date
            outcome.status = spec.confirmed ? .confirmed : .pending
            outcome.createdAt = date.addingTimeInterval(86_400)
            if spec.confirmed {
                outcome.decidedBy = decider?.id
                outcome.decidedAt = date.addingTimeInterval(5 * 86_400)
                counts.confirmedOutcomes += 1
            }
            try await outcome.create(on: db)
            counts.outcomes += 1
        }
    }
}
