import Fluent
import Foundation
import IeumCore

/// Evaluation rounds: preparation by operators (rubric, judges, entries, conflicts, assignment),
/// judging by experts, and the result. Pages call these; every change is audited.
public enum EvaluationService {
    // MARK: Finding and access

    /// The round, or 404.
    public static func find(_ id: UUID?, on db: any Database) async throws -> EvaluationRound {
        guard let id, let round = try await EvaluationRound.find(id, on: db) else { throw IeumError.notFound }
        return round
    }

    /// Whether `actor` runs this round: an operator of its program's agency (or a platform operator).
    public static func manages(_ actor: Principal?, _ round: EvaluationRound, on db: any Database) async throws -> Bool {
        guard actor?.isOperator ?? false else { return false }
        let program = try await ProgramService.access(round.$program.id, on: db)
        return EvaluationPolicy.can(actor, .manage(RoundAccess(program: program, onPanel: false)))
    }

    /// The operator running the round, or 404 for everyone else (a round's existence is not theirs to learn).
    static func requireManager(_ actor: Principal, _ round: EvaluationRound, on db: any Database) async throws {
        guard try await manages(actor, round, on: db) else { throw IeumError.notFound }
    }

    /// The expert record of a signed-in person, if any.
    public static func expert(for actor: Principal?, on db: any Database) async throws -> Expert? {
        guard let actor else { return nil }
        return try await Expert.query(on: db).filter(\.$user.$id == actor.userID).first()
    }

    /// The actor's place on the round's panel, or 404.
    static func requireJudge(_ actor: Principal, _ round: EvaluationRound, on db: any Database) async throws -> (Expert, RoundJudge) {
        var seat: (Expert, RoundJudge)?
        if let expert = try await expert(for: actor, on: db),
           let judge = try await RoundJudge.query(on: db).filter(\.$round.$id == round.requireID()).filter(\.$expert.$id == expert.requireID()).first() {
            seat = (expert, judge)
        }
        guard EvaluationPolicy.can(actor, .judge(onPanel: seat != nil)), let seat else { throw IeumError.notFound }
        return seat
    }

    static let notJudgingMessage = Localized("지금은 이 평가의 심사 기간이 아닙니다. 심사 기간에만 평가표를 열 수 있습니다.",
                                             "This round is not open for judging now; score sheets open only while judging runs.")

    static func requireDraft(_ round: EvaluationRound) throws {
        guard round.status == .draft else {
            throw IeumError.refused(Localized("심사가 시작된 평가는 평가표·대상을 바꿀 수 없습니다.", "A round that has opened cannot change its rubric or entries."))
        }
    }

    // MARK: Creating a round

    public static func create(_ input: RoundInput, by actor: Principal, on db: any Database, now: Date) async throws -> EvaluationRound {
        let valid: ValidRound
        switch input.validate() {
        case .success(let v): valid = v
        case .failure(let failure): throw IeumError.invalid(failure.errors)
        }
        var errors = FieldErrors()
        guard let program = try await Program.find(valid.programID, on: db), EvaluationPolicy.can(actor, .createFor(program.access)) else {
            errors.add("programID", Localized("사업을 목록에서 고르세요.", "Choose the program from the list."))
            throw IeumError.invalid(errors)
        }
        let calls = try await Call.query(on: db).filter(\.$program.$id == valid.programID).all()
        let callIDs = Set(calls.compactMap(\.id))
        var capacity = valid.capacity
        if let needID = valid.needID {
            guard let need = try await Need.find(needID, on: db), let callID = need.$call.id, callIDs.contains(callID) else {
                errors.add("scope", Localized("이 사업의 공모에 공개된 수요과제를 고르세요.", "Choose a need published in one of this program's calls."))
                throw IeumError.invalid(errors)
            }
            capacity = capacity ?? need.startupsSought
        }
        if let callID = valid.callID, !callIDs.contains(callID) {
            errors.add("scope", Localized("이 사업의 공모를 고르세요.", "Choose one of this program's calls."))
        }
        if let track = valid.track, !program.tracks.contains(track) {
            errors.add("scope", Localized("이 사업의 트랙을 고르세요.", "Choose one of this program's tracks."))
        }
        if valid.kind == .competition && (valid.needID != nil || valid.callID != nil) {
            errors.add("scope", Localized("경진대회는 사업 전체 또는 트랙의 협업 과제를 평가합니다.", "A competition judges the collaborations of the whole program or a track."))
        }
        guard errors.isEmpty else { throw IeumError.invalid(errors) }

        let round = EvaluationRound()
        round.$program.id = valid.programID
        round.$need.id = valid.needID
        round.$call.id = valid.callID
        round.track = valid.track
        round.kind = valid.kind
        round.title = valid.title
        round.titleEn = valid.titleEn
        round.opensAt = valid.opensAt
        round.closesAt = valid.closesAt
        round.blind = valid.blind
        round.judgesPerEntry = valid.judgesPerEntry
        round.minLoad = valid.minLoad
        round.maxLoad = valid.maxLoad
        round.method = valid.method
        round.trimMinimum = valid.trimMinimum
        round.disagreementRange = valid.disagreementRange
        round.capacity = capacity ?? (valid.kind == .competition ? 3 : 10)
        round.status = .draft
        round.createdBy = actor.userID
        try await db.transaction { db in
            try await round.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "round.create", entityType: "evaluation_round", entityID: round.id?.uuidString,
                                   summary: "평가 등록: \(round.title) (\(round.kind.label.ko))", at: now)
        }
        return round
    }

    /// The usual rubric for the round's kind, in one step (기술성·사업성·협업 적합성·수행 역량 …).
    public static func applyTemplate(_ round: EvaluationRound, by actor: Principal, on db: any Database, now: Date) async throws {
        try requireDraft(round)
        let items: [(String, String, String, String, Double, Int)] = switch round.kind {
        case .document, .pitch: [
            ("기술성", "Technology", "기술의 독창성, 완성도(TRL), 지식재산", "Originality, maturity (TRL), IP", 30, 30),
            ("협업 적합성", "Fit with the need", "수요과제와의 부합도, PoC 계획의 구체성", "Fit with the need, a concrete PoC plan", 30, 30),
            ("사업성", "Business potential", "시장 규모, 사업화 전략, 매출 가능성", "Market, go-to-market, revenue potential", 25, 25),
            ("수행 역량", "Team", "팀 구성, 수행 경험, 재무 건전성", "Team, track record, finances", 15, 15),
        ]
        case .competition: [
            ("성과", "Results", "계약·투자·고용 등 확정된 성과", "Confirmed contracts, investment, jobs", 40, 40),
            ("협업 완성도", "Depth of the collaboration", "실증 단계 진척, 수요기관 평가", "Progress through verification, the partner's view", 30, 30),
            ("확산 가능성", "Potential to scale", "후속 사업화, 해외 진출 가능성", "Follow-on business, export potential", 30, 30),
        ]
        }
        let roundID = try round.requireID()
        try await db.transaction { db in
            let existing = try await RubricCriterion.query(on: db).filter(\.$round.$id == roundID).count()
            guard existing == 0 else {
                throw IeumError.refused(Localized("이미 평가항목이 있습니다. 기본 평가표는 빈 평가표에만 넣을 수 있습니다.", "The rubric already has criteria; the template fills an empty rubric only."))
            }
            for (index, item) in items.enumerated() {
                let c = RubricCriterion()
                c.$round.id = roundID
                c.position = index + 1
                (c.title, c.titleEn, c.description, c.descriptionEn, c.weight, c.maxScore) = item
                try await c.create(on: db)
            }
            try await Audit.record(on: db, actor: actor, action: "round.rubric", entityType: "evaluation_round", entityID: roundID.uuidString,
                                   summary: "기본 평가표 적용 (\(items.count)개 항목)", at: now)
        }
    }

    public static func addCriterion(_ input: CriterionInput, to round: EvaluationRound, by actor: Principal, on db: any Database, now: Date) async throws -> RubricCriterion {
        try requireDraft(round)
        let valid: (title: String, titleEn: String, description: String, descriptionEn: String, weight: Double, maxScore: Int)
        switch input.validate() {
        case .success(let v): valid = v
        case .failure(let failure): throw IeumError.invalid(failure.errors)
        }
        let roundID = try round.requireID()
        return try await db.transaction { db in
            let count = try await RubricCriterion.query(on: db).filter(\.$round.$id == roundID).count()
            guard count < 20 else { throw IeumError.refused(Localized("평가항목은 20개까지입니다.", "A rubric has at most 20 criteria.")) }
            let c = RubricCriterion()
            c.$round.id = roundID
            c.position = count + 1
            c.title = valid.title
            c.titleEn = valid.titleEn
            c.description = valid.description
            c.descriptionEn = valid.descriptionEn
            c.weight = valid.weight
            c.maxScore = valid.maxScore
            try await c.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "round.rubric", entityType: "evaluation_round", entityID: roundID.uuidString,
                                   summary: "평가항목 추가: \(c.title) 가중치 \(c.weight) 배점 \(c.maxScore)", at: now)
            return c
        }
    }

    public static func removeCriterion(_ criterionID: UUID?, of round: EvaluationRound, by actor: Principal, on db: any Database, now: Date) async throws {
        try requireDraft(round)
        let roundID = try round.requireID()
        guard let criterionID, let c = try await RubricCriterion.query(on: db).filter(\.$id == criterionID).filter(\.$round.$id == roundID).first() else {
            throw IeumError.notFound
        }
        try await db.transaction { db in
            try await c.delete(on: db)
            if round.tieBreakCriterionID == criterionID {
                round.tieBreakCriterionID = nil
                try await round.save(on: db)
            }
            try await Audit.record(on: db, actor: actor, action: "round.rubric", entityType: "evaluation_round", entityID: roundID.uuidString,
                                   summary: "평가항목 삭제: \(c.title)", at: now)
        }
    }

    /// The criterion that orders equal scores (any time before the result is decided).
    public static func setTieBreak(_ criterionID: UUID?, of round: EvaluationRound, by actor: Principal, on db: any Database, now: Date) async throws {
        guard round.status != .decided else { throw IeumError.refused(Localized("결과가 확정된 평가입니다.", "The round's result is decided.")) }
        let roundID = try round.requireID()
        if let criterionID {
            guard try await RubricCriterion.query(on: db).filter(\.$id == criterionID).filter(\.$round.$id == roundID).first() != nil else {
                throw IeumError.refused(Localized("동점 처리 기준은 이 평가의 평가항목에서 고르세요.", "Choose the tie-break from this round's criteria."))
            }
        }
        round.tieBreakCriterionID = criterionID
        try await db.transaction { db in
            try await round.save(on: db)
            try await Audit.record(on: db, actor: actor, action: "round.settings", entityType: "evaluation_round", entityID: roundID.uuidString,
                                   summary: "동점 처리 기준 변경", at: now)
        }
    }

    /// The scoring method may change until the result is decided (the sheets stay as they are).
    public static func setMethod(_ method: AggregationMethod, of round: EvaluationRound, by actor: Principal, on db: any Database, now: Date) async throws {
        guard round.status != .decided else { throw IeumError.refused(Localized("결과가 확정된 평가입니다.", "The round's result is decided.")) }
        round.method = method
        try await db.transaction { db in
            try await round.save(on: db)
            try await Audit.record(on: db, actor: actor, action: "round.settings", entityType: "evaluation_round", entityID: round.id?.uuidString,
                                   summary: "점수 산정 방식: \(method.label.ko)", at: now)
        }
    }

    // MARK: Judges and entries

    public static func addJudge(_ expertID: UUID?, to round: EvaluationRound, by actor: Principal, on db: any Database, now: Date) async throws -> Expert {
        guard round.status == .draft || round.status == .open else {
            throw IeumError.refused(Localized("마감된 평가에는 심사위원을 더할 수 없습니다.", "A closed round takes no more judges."))
        }
        let roundID = try round.requireID()
        guard let expertID, let expert = try await Expert.find(expertID, on: db) else {
            throw IeumError.refused(Localized("전문가를 목록에서 고르세요.", "Choose an expert from the list."))
        }
        guard expert.available else {
            throw IeumError.refused(Localized("\(expert.name) 전문가는 지금 심사할 수 없는 상태입니다(\(expert.availabilityNote)).",
                                              "\(expert.name) is not available for judging now (\(expert.availabilityNote))."))
        }
        guard expert.$user.id != nil else {
            throw IeumError.refused(Localized("\(expert.name) 전문가는 계정이 없어 평가표를 작성할 수 없습니다. 먼저 계정을 연결하세요.",
                                              "\(expert.name) has no account to score with; link an account first."))
        }
        if try await RoundJudge.query(on: db).filter(\.$round.$id == roundID).filter(\.$expert.$id == expertID).first() != nil {
            throw IeumError.refused(Localized("이미 이 평가의 심사위원입니다.", "Already a judge of this round."))
        }
        try await db.transaction { db in
            let judge = RoundJudge()
            judge.$round.id = roundID
            judge.$expert.id = expertID
            try await judge.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "round.judge", entityType: "evaluation_round", entityID: roundID.uuidString,
                                   summary: "심사위원 위촉: \(expert.name)", at: now)
        }
        return expert
    }

    public static func removeJudge(_ expertID: UUID?, from round: EvaluationRound, by actor: Principal, on db: any Database, now: Date) async throws {
        let roundID = try round.requireID()
        guard let expertID, let judge = try await RoundJudge.query(on: db).filter(\.$round.$id == roundID).filter(\.$expert.$id == expertID).first() else {
            throw IeumError.notFound
        }
        let sheets = try await ScoreSheet.query(on: db).filter(\.$round.$id == roundID).filter(\.$expert.$id == expertID).count()
        guard sheets == 0 else {
            throw IeumError.refused(Localized("평가표를 작성한 심사위원은 해촉할 수 없습니다.", "A judge who has started scoring cannot be removed."))
        }
        try await db.transaction { db in
            try await RoundAssignment.query(on: db).filter(\.$round.$id == roundID).filter(\.$expert.$id == expertID).delete()
            try await judge.delete(on: db)
            try await Audit.record(on: db, actor: actor, action: "round.judge", entityType: "evaluation_round", entityID: roundID.uuidString,
                                   summary: "심사위원 해촉: \(expertID.uuidString)", at: now)
        }
    }

    /// Adds what the round judges: the submitted applications of its need, call, track or program
    /// (서류·발표), or the program's running and finished collaborations (경진대회). Returns how
    /// many were added; entries already there stay.
    @discardableResult
    public static func loadEntries(_ round: EvaluationRound, by actor: Principal, on db: any Database, now: Date) async throws -> Int {
        try requireDraft(round)
        let roundID = try round.requireID()
        let programID = round.$program.id
        let existing = try await RoundEntry.query(on: db).filter(\.$round.$id == roundID).all()
        let haveApplications = Set(existing.compactMap { $0.$application.id })
        let haveCollaborations = Set(existing.compactMap { $0.$collaboration.id })
        var added: [RoundEntry] = []
        if round.kind == .competition {
            var query = Collaboration.query(on: db).filter(\.$program.$id == programID).filter(\.$stage != .dropped)
            if let track = round.track {
                let trackCalls = try await Call.query(on: db).filter(\.$program.$id == programID).filter(\.$track == track).all().compactMap(\.id)
                let needIDs = trackCalls.isEmpty ? [] : try await Need.query(on: db).filter(\.$call.$id ~~ trackCalls).all().compactMap(\.id)
                query = query.filter(\.$need.$id ~~ needIDs)
            }
            let collaborations = try await query.sort(\.$title).all()
            let needIDs = collaborations.compactMap { $0.$need.id }
            let needs = needIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await Need.query(on: db).filter(\.$id ~~ needIDs).all().map { ($0.storedID, $0) })
            for c in collaborations where !haveCollaborations.contains(c.storedID) {
                let entry = RoundEntry()
                entry.$round.id = roundID
                entry.$collaboration.id = c.id
                entry.$startup.id = c.$startup.id
                entry.$demand.id = c.$demand.id
                entry.title = c.title
                entry.fields = c.$need.id.flatMap { needs[$0]?.fieldCodes } ?? []
                entry.selected = false
                added.append(entry)
            }
        } else {
            var needQuery = Need.query(on: db)
            if let needID = round.$need.id {
                needQuery = needQuery.filter(\.$id == needID)
            } else if let callID = round.$call.id {
                needQuery = needQuery.filter(\.$call.$id == callID)
            } else {
                var calls = Call.query(on: db).filter(\.$program.$id == programID)
                if let track = round.track { calls = calls.filter(\.$track == track) }
                let callIDs = try await calls.all().compactMap(\.id)
                needQuery = needQuery.filter(\.$call.$id ~~ callIDs)
            }
            let needs = try await needQuery.all()
            let byID = Dictionary(uniqueKeysWithValues: needs.map { ($0.storedID, $0) })
            let applications = needs.isEmpty ? [] : try await NeedApplication.query(on: db)
                .filter(\.$need.$id ~~ Array(byID.keys))
                .filter(\.$status ~~ [.submitted, .screening, .shortlisted])
                .with(\.$startup).all()
            for application in applications.sorted(by: { ($0.submittedAt ?? .distantPast, $0.storedID.uuidString) < ($1.submittedAt ?? .distantPast, $1.storedID.uuidString) })
            where !haveApplications.contains(application.storedID) {
                guard let need = byID[application.$need.id] else { continue }
                let entry = RoundEntry()
                entry.$round.id = roundID
                entry.$application.id = application.id
                entry.$startup.id = application.$startup.id
                entry.$demand.id = need.$organization.id
                entry.title = "\(application.startup.name) — \(need.title)"
                entry.fields = need.fieldCodes
                entry.selected = false
                added.append(entry)
            }
        }
        guard !added.isEmpty else { return 0 }
        let toAdd = added
        try await db.transaction { db in
            for entry in toAdd { try await entry.create(on: db) }
            try await Audit.record(on: db, actor: actor, action: "round.entries", entityType: "evaluation_round", entityID: roundID.uuidString,
                                   summary: "평가 대상 \(toAdd.count)건 추가", at: now)
        }
        return added.count
    }

    // MARK: Opening and closing

    public static func open(_ round: EvaluationRound, by actor: Principal, on db: any Database, now: Date) async throws {
        try requireDraft(round)
        let roundID = try round.requireID()
        let criteria = try await RubricCriterion.query(on: db).filter(\.$round.$id == roundID).count()
        let assignments = try await RoundAssignment.query(on: db).filter(\.$round.$id == roundID).all()
        guard criteria > 0 else { throw IeumError.refused(Localized("평가항목이 없습니다. 평가표를 먼저 만드세요.", "The rubric is empty; add criteria first.")) }
        guard !assignments.isEmpty else { throw IeumError.refused(Localized("심사위원 배정이 없습니다. 먼저 배정하세요.", "No judge is assigned yet; assign judges first.")) }
        let judges = try await RoundJudge.query(on: db).filter(\.$round.$id == roundID).with(\.$expert).all()
        let assignedExperts = Set(assignments.map { $0.$expert.id })
        round.status = .open
        try await db.transaction { db in
            try await round.save(on: db)
            try await Audit.record(on: db, actor: actor, action: "round.open", entityType: "evaluation_round", entityID: roundID.uuidString,
                                   summary: "심사 시작: \(round.title)", at: now)
            let users = judges.filter { assignedExperts.contains($0.$expert.id) }.compactMap { $0.expert.$user.id }
            try await Notifier.notify(users: users, .init(
                kind: .judgingAssigned,
                title: Localized("심사 배정: \(round.title)", "Judging assigned: \(round.titleEn ?? round.title)"),
                body: Localized("'\(round.title)' 평가의 심사위원으로 배정되었습니다. 심사 기간: \(SeoulTime.dateTime(round.opensAt)) ~ \(SeoulTime.dateTime(round.closesAt))",
                                "You are a judge of '\(round.titleEn ?? round.title)'. Judging runs \(SeoulTime.dateTime(round.opensAt)) – \(SeoulTime.dateTime(round.closesAt)) (Seoul)."),
                link: SiteURL.round(roundID).path), on: db, now: now)
        }
    }

    public static func close(_ round: EvaluationRound, by actor: Principal, on db: any Database, now: Date) async throws {
        guard round.status == .open else { throw IeumError.refused(Localized("심사 중인 평가만 마감할 수 있습니다.", "Only a round being judged can be closed.")) }
        round.status = .closed
        try await db.transaction { db in
            try await round.save(on: db)
            try await Audit.record(on: db, actor: actor, action: "round.close", entityType: "evaluation_round", entityID: round.id?.uuidString,
                                   summary: "심사 마감: \(round.title)", at: now)
        }
    }
}
