import Fluent
import Foundation
import IeumCore
import Vapor

/// The demo's expert pool and two rounds: a document round now being judged over the Seoul
/// program's busiest need (the demo judge has entries waiting and the pledge to make; the other
/// judges have submitted), and the other program's decided year-end competition with its awards.
enum DemoEvaluations {
    struct Counts: Equatable { var experts = 0, rounds = 0, sheets = 0 }

    static let experts: [(name: String, email: String, sector: ExpertSector, affiliation: String, position: String, fields: [String], expertise: String, account: String?)] = [
        ("정심사", "jung.expert@pool.demo", .academia, "한양대학교 기계공학부", "교수", ["smart-manufacturing", "ai", "battery-energy"], "스마트공장, 공정 데이터 분석, 예지보전", "judge@ieum.demo"),
        ("한소재", "han.expert@pool.demo", .research, "한국화학연구원", "책임연구원", ["battery-energy", "cleantech"], "이차전지 양극재, 소재 공정", "judge2@ieum.demo"),
        ("오데이터", "oh.expert@pool.demo", .industry, "데이터브릿지 컨설팅", "대표", ["ai", "data", "smart-manufacturing"], "AI 최적화, 머신러닝 운영(MLOps)", "judge3@ieum.demo"),
        ("윤바이오", "yoon.expert@pool.demo", .research, "한국생명공학연구원", "선임연구원", ["bio-health"], "디지털 헬스케어 임상, 의료기기 인허가", "judge4@ieum.demo"),
        ("서투자", "seo.expert@pool.demo", .industry, "한강벤처파트너스", "이사", ["ai", "mobility", "data"], "초기 투자 심사, 사업성 평가", "judge5@ieum.demo"),
        ("임공공", "lim.expert@pool.demo", .publicSector, "서울특별시 디지털정책과", "주무관", ["smart-service", "mobility"], "공공 실증, 규제 샌드박스", nil),
    ]

    static func load(on db: any Database, programs: [Program], users: [String: User], passwordHash: String, now: Date) async throws -> Counts {
        var counts = Counts()
        guard let operatorUser = users["operator@ieum.demo"], programs.count >= 2 else { return counts }
        let known = Set(try await TechField.query(on: db).all().map(\.code))
        // A platform-wide operator acts for the loader, so both programs' rounds can be set up.
        let loader = Principal(userID: try operatorUser.requireID(), name: operatorUser.name, email: operatorUser.email, platformRole: .operator, memberships: [])
        var expertRecords: [Expert] = []
        var judgeActors: [UUID: Principal] = [:]
        for spec in experts {
            var user = spec.account.flatMap { users[$0] }
            if user == nil, let account = spec.account {
                let created = User(email: account, name: spec.name, passwordHash: passwordHash, platformRole: .judge)
                try await created.create(on: db)
                user = created
            }
            let expert = Expert()
            expert.name = spec.name
            expert.email = spec.email
            expert.sector = spec.sector
            expert.affiliation = spec.affiliation
            expert.position = spec.position
            expert.fields = spec.fields.filter { known.contains($0) }
            expert.expertise = spec.expertise
            expert.available = spec.account != nil
            expert.availabilityNote = spec.account == nil ? "12월 해외 출장" : ""
            expert.consentContact = true
            expert.$user.id = user?.id
            try await expert.create(on: db)
            expertRecords.append(expert)
            if let user { judgeActors[try expert.requireID()] = try await user.actor(on: db) }
            counts.experts += 1
        }
        // 한소재 used to work at 한결전자: a conflict with every entry of its needs.
        if let hangyeol = try await Organization.query(on: db).filter(\.$name == "한결전자").first() {
            let tie = ExpertAffiliation()
            tie.$expert.id = try expertRecords[1].requireID()
            tie.$organization.id = hangyeol.id
            tie.organizationName = hangyeol.name
            tie.kind = .employment
            tie.current = false
            tie.fromYear = 2015
            tie.toYear = 2021
            try await tie.create(on: db)
        }
        let panel = expertRecords.filter { $0.$user.id != nil }

        // 1. The document round being judged: the Seoul program's need with the most applications in review.
        let seoulCalls = try await Call.query(on: db).filter(\.$program.$id == programs[0].requireID()).all().compactMap(\.id)
        let needs = try await Need.query(on: db).filter(\.$call.$id ~~ seoulCalls).all()
        let inReview = try await NeedApplication.query(on: db).filter(\.$need.$id ~~ needs.compactMap(\.id))
            .filter(\.$status ~~ [.submitted, .screening, .shortlisted]).all()
        let busiest = Dictionary(grouping: inReview, by: { $0.$need.id }).max { ($0.value.count, $1.key.uuidString) < ($1.value.count, $0.key.uuidString) }
        if let (needID, _) = busiest, let need = needs.first(where: { $0.id == needID }) {
            var input = RoundInput()
            input.programID = try programs[0].requireID().uuidString
            input.scope = "call:\(need.$call.id!.uuidString)"
            input.kind = RoundKind.document.rawValue
            input.title = "2026 서울 오픈이노베이션 서류평가"
            input.titleEn = "Seoul Open Innovation 2026 document review"
            input.opensAt = SeoulTime.inputValue(now.addingTimeInterval(-2 * 86_400))
            input.closesAt = SeoulTime.inputValue(now.addingTimeInterval(21 * 86_400))
            input.blind = true
            input.judgesPerEntry = "3"
            input.minLoad = "2"
            input.maxLoad = "8"
            input.method = AggregationMethod.trimmedMean.rawValue
            input.trimMinimum = "5"
            input.disagreementRange = "20"
            input.capacity = "3"
            let round = try await EvaluationService.create(input, by: loader, on: db, now: now)
            try await EvaluationService.applyTemplate(round, by: loader, on: db, now: now)
            for expert in panel { _ = try await EvaluationService.addJudge(expert.id, to: round, by: loader, on: db, now: now) }
            _ = try await EvaluationService.loadEntries(round, by: loader, on: db, now: now)
            _ = try await EvaluationService.autoAssign(round, by: loader, on: db, now: now)
            try await EvaluationService.open(round, by: loader, on: db, now: now)
            counts.rounds += 1
            let criteria = try await RubricCriterion.query(on: db).filter(\.$round.$id == round.requireID()).sort(\.$position).all()
            let assignments = try await RoundAssignment.query(on: db).filter(\.$round.$id == round.requireID()).all()
            var random = SplitMix64(seed: 2_026_1201)
            for expert in panel where expert.$user.id != users["judge@ieum.demo"]?.id {
                let actor = judgeActors[try expert.requireID()]!
                try await EvaluationService.pledge(round, declared: [], agreed: true, by: actor, on: db, now: now)
                for a in assignments.filter({ $0.$expert.id == expert.id }).sorted(by: { $0.$entry.id.uuidString < $1.$entry.id.uuidString }) {
                    var sheet = SheetInput()
                    for c in criteria { sheet.scores[c.id!.uuidString] = String(Double(c.maxScore) * (0.55 + Double(random.next(40)) / 100)) }
                    sheet.overallComment = "수요기관 공정과의 연계 계획이 구체적입니다."
                    try await EvaluationService.saveSheet(round, entryID: a.$entry.id, sheet, submit: true, by: actor, on: db, now: now)
                    counts.sheets += 1
                }
            }
        }

        // 2. The other program's decided year-end competition, with its awards on the program page.
        let collaborations = try await Collaboration.query(on: db).filter(\.$program.$id == programs[1].requireID()).filter(\.$stage != .dropped).count()
        if collaborations >= 3 {
            var input = RoundInput()
            input.programID = try programs[1].requireID().uuidString
            input.kind = RoundKind.competition.rawValue
            input.title = "2026 통합경진대회"
            input.titleEn = "2026 year-end competition"
            input.opensAt = SeoulTime.inputValue(now.addingTimeInterval(-20 * 86_400))
            input.closesAt = SeoulTime.inputValue(now.addingTimeInterval(-10 * 86_400))
            input.blind = true
            input.judgesPerEntry = "2"
            input.minLoad = "0"
            input.maxLoad = "20"
            input.method = AggregationMethod.mean.rawValue
            input.capacity = "3"
            let round = try await EvaluationService.create(input, by: loader, on: db, now: now)
            try await EvaluationService.applyTemplate(round, by: loader, on: db, now: now)
            for expert in panel { _ = try await EvaluationService.addJudge(expert.id, to: round, by: loader, on: db, now: now) }
            _ = try await EvaluationService.loadEntries(round, by: loader, on: db, now: now)
            _ = try await EvaluationService.autoAssign(round, by: loader, on: db, now: now)
            round.status = .closed
            try await round.save(on: db)
            let entries = try await RoundEntry.query(on: db).filter(\.$round.$id == round.requireID()).sort(\.$title).all()
            var awards: [UUID: String] = [:]
            for (entry, award) in zip(entries, ["대상", "최우수상", "우수상"]) { awards[entry.id!] = award }
            try await EvaluationService.award(round, awards: awards, by: loader, on: db, now: now)
            counts.rounds += 1
        }
        return counts
    }
}
