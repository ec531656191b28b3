import Foundation
import IeumCore

/// The write routes under `/collaborations/:id/…`, named once for `SiteURL.collaborationPart`.
public enum CollaborationPart: Equatable, Sendable {
    case stage, decision(UUID), files, file(UUID), funding, milestones, milestoneDone(UUID), outcomes, outcomeDecision(UUID)

    /// The path of this part of the collaboration `id`.
    func path(_ id: UUID) -> String {
        switch self {
        case .stage: SiteRoute.collaborations(.requestStage).path(id)
        case .decision(let change): SiteRoute.collaborations(.decide).path(id, change)
        case .files: SiteRoute.collaborations(.upload).path(id)
        case .file(let file): SiteRoute.collaborations(.download).path(id, file)
        case .funding: SiteRoute.collaborations(.setFunding).path(id)
        case .milestones: SiteRoute.collaborations(.addMilestone).path(id)
        case .milestoneDone(let milestone): SiteRoute.collaborations(.completeMilestone).path(id, milestone)
        case .outcomes: SiteRoute.collaborations(.addOutcome).path(id)
        case .outcomeDecision(let outcome): SiteRoute.collaborations(.decideOutcome).path(id, outcome)
        }
    }
}

/// What a person typed into a collaboration form, kept as text so a refused form shows it back.
struct StageRequestInput: Sendable {
    var stage = ""
    var note = ""
    /// An operator's reason for passing a gate without its evidence.
    var override = ""
}

struct FundingInput: Sendable {
    var stage = ""
    var government = ""
    var demand = ""
    var spent = ""

    init() {}

    init(_ row: StageFunding) {
        stage = row.stage.rawValue
        government = String(row.governmentKRW)
        demand = String(row.demandKRW)
        spent = String(row.spentKRW)
    }

    struct Valid { let stage: CollaborationStage; let government: Int64; let demand: Int64; let spent: Int64 }

    func validate() throws -> Valid {
        var errors = FieldErrors()
        let stage = CollaborationStage(rawValue: stage)
        if stage == nil { errors.add("stage", Localized("단계를 고르세요.", "Choose a stage.")) }
        func won(_ field: String, _ text: String) -> Int64? {
            if text.trimmed.isEmpty { return 0 }
            guard let value = OrganizationInput.parseWon(text) else {
                errors.add(field, Localized("0원부터 1,000조원 사이의 금액을 원 단위로 입력하세요 (예: 50000000, 5000만원, 1.5억).",
                                            "Enter an amount from 0 to 10^15 won (e.g. 50000000, 5000만원, 1.5억)."))
                return nil
            }
            return value
        }
        let government = won("government", government)
        let demand = won("demand", demand)
        let spent = won("spent", spent)
        guard errors.isEmpty, let stage, let government, let demand, let spent else { throw IeumError.invalid(errors) }
        return Valid(stage: stage, government: government, demand: demand, spent: spent)
    }
}

struct MilestoneInput: Sendable {
    var stage = ""
    var title = ""
    var dueAt = ""

    struct Valid { let stage: CollaborationStage; let title: String; let dueAt: Date }

    func validate() throws -> Valid {
        var errors = FieldErrors()
        let stage = CollaborationStage(rawValue: stage)
        if stage == nil || stage?.isFinal == true { errors.add("stage", Localized("단계를 고르세요.", "Choose a stage.")) }
        let title = title.trimmed
        if title.isEmpty || title.count > 300 {
            errors.add("title", Localized("마일스톤 이름을 300자 이내로 입력하세요.", "Enter a milestone name of at most 300 characters."))
        }
        let due = SeoulTime.parse(dueAt)
        if due == nil { errors.add("dueAt", Localized("기한을 2026-04-30 형식으로 입력하세요.", "Enter the due date as 2026-04-30.")) }
        guard errors.isEmpty, let stage, let due else { throw IeumError.invalid(errors) }
        return Valid(stage: stage, title: title, dueAt: due)
    }
}

struct OutcomeInput: Sendable {
    var kind = ""
    var amount = ""
    var count = ""
    var investorID = ""
    var occurredOn = ""
    var note = ""

    struct Valid { let kind: OutcomeKind; let amountKRW: Int64?; let count: Int?; let investorID: UUID?; let occurredOn: Date; let note: String }

    /// Checks the form's own shape; the service checks the rules (a positive amount, the investor).
    func validate() throws -> Valid {
        var errors = FieldErrors()
        let kind = OutcomeKind(rawValue: kind)
        if kind == nil { errors.add("kind", Localized("성과 종류를 고르세요.", "Choose the kind of outcome.")) }
        var amountKRW: Int64?
        var number: Int?
        if kind?.isMoney == true {
            amountKRW = OrganizationInput.parseWon(amount)
            if amountKRW == nil || amountKRW == 0 {
                errors.add("amount", Localized("금액(원)을 입력하세요 (예: 3억, 120000000).", "Enter the amount in won (e.g. 3억, 120000000)."))
            }
        } else if kind != nil {
            number = Bounded.int(count, in: 1...1_000_000)
            if number == nil {
                errors.add("count", Localized("건수(명)를 1부터 1,000,000 사이로 입력하세요.", "Enter a count from 1 to 1,000,000."))
            }
        }
        let investor = UUID(uuidString: investorID)
        if kind == .investment, investor == nil { errors.add("investorID", Localized("투자기관을 고르세요.", "Choose the investor.")) }
        let day = SeoulTime.parse(occurredOn)
        if day == nil { errors.add("occurredOn", Localized("날짜를 2026-04-30 형식으로 입력하세요.", "Enter the date as 2026-04-30.")) }
        if note.count > 2_000 { errors.add("note", Localized("메모는 2,000자까지입니다.", "The note may be at most 2,000 characters.")) }
        guard errors.isEmpty, let kind, let day else { throw IeumError.invalid(errors) }
        return Valid(kind: kind, amountKRW: amountKRW, count: number, investorID: kind == .investment ? investor : nil, occurredOn: day, note: note)
    }
}

struct DirectMatchInput: Sendable {
    var title = ""
    var startup = ""
    var demandID = ""
    var investorID = ""
    var programID = ""
}

extension DirectMatchInput: FormInput {}
