import Foundation
import IeumCore

/// What a collaboration must show before it leaves a stage through a gate (a gate change is one
/// `CollaborationFlow` marks as needing the operator): the one table of evidence per stage, and
/// the rule that no milestone may be overdue. Dropping and moves among the results are no gates.
public enum CollaborationGates {
    /// One thing a stage asks for, in the words people use.
    public enum Requirement: Sendable, Equatable {
        /// A file uploaded while the collaboration was at the stage (a report, a signed agreement).
        case file(Localized)
        /// An outcome of one of these kinds, confirmed by the operator.
        case confirmedOutcome([OutcomeKind], Localized)

        public var label: Localized {
            switch self {
            case .file(let what): Localized("증빙 파일: \(what.ko)", "Evidence file: \(what.en)")
            case .confirmedOutcome(_, let what): Localized("확인된 성과: \(what.ko)", "Confirmed outcome: \(what.en)")
            }
        }
    }

    /// The evidence each stage needs before it is left through a gate.
    public static func requirements(leaving stage: CollaborationStage) -> [Requirement] {
        switch stage {
        case .matched:
            [.file(Localized("협약서 또는 PoC 계획서", "the agreement or the PoC plan"))]
        case .technologyVerification:
            [.file(Localized("PoC(기술검증) 결과 보고서", "the PoC result report"))]
        case .marketVerification:
            [.file(Localized("시장검증 결과 보고서", "the market verification report"))]
        case .commercialization:
            [.confirmedOutcome([.contract, .exports], Localized("구매·공급 계약 또는 수출", "a purchase or supply contract, or exports"))]
        case .investment:
            [.confirmedOutcome([.investment], Localized("투자 유치", "an investment"))]
        case .globalExpansion:
            [.confirmedOutcome([.exports], Localized("수출", "exports"))]
        case .completed, .dropped:
            []
        }
    }

    /// What the collaboration has to show, read from its records.
    public struct Evidence: Sendable {
        /// Files uploaded while the collaboration was at its current stage.
        public var filesAtStage: Int
        public var confirmedOutcomeKinds: Set<OutcomeKind>
        /// Titles of milestones past their day and not done.
        public var overdueMilestones: [String]

        public init(filesAtStage: Int, confirmedOutcomeKinds: Set<OutcomeKind>, overdueMilestones: [String]) {
            self.filesAtStage = filesAtStage
            self.confirmedOutcomeKinds = confirmedOutcomeKinds
            self.overdueMilestones = overdueMilestones
        }
    }

    /// One line of the checklist "다음 단계로 가려면".
    public struct Item: Sendable, Equatable {
        public let label: Localized
        public let met: Bool
    }

    /// The checklist for leaving `stage`: each requirement, then the milestones.
    public static func checklist(leaving stage: CollaborationStage, evidence: Evidence) -> [Item] {
        guard !stage.isFinal else { return [] }
        var items = requirements(leaving: stage).map { requirement in
            switch requirement {
            case .file: Item(label: requirement.label, met: evidence.filesAtStage > 0)
            case .confirmedOutcome(let kinds, _): Item(label: requirement.label, met: !evidence.confirmedOutcomeKinds.isDisjoint(with: kinds))
            }
        }
        let overdue = evidence.overdueMilestones
        items.append(Item(label: overdue.isEmpty
                            ? Localized("기한이 지난 마일스톤 없음", "No overdue milestone")
                            : Localized("기한이 지난 마일스톤 없음 (지남: \(overdue.joined(separator: ", ")))",
                                        "No overdue milestone (overdue: \(overdue.joined(separator: ", ")))"),
                          met: overdue.isEmpty))
        return items
    }

    /// The refusal naming what is missing, or nil when the gate may open.
    public static func refusal(leaving stage: CollaborationStage, to target: CollaborationStage, evidence: Evidence) -> Localized? {
        let missing = checklist(leaving: stage, evidence: evidence).filter { !$0.met }
        guard !missing.isEmpty else { return nil }
        return Localized(
            "'\(target.label.ko)'(으)로 가려면 다음이 필요합니다: \(missing.map(\.label.ko).joined(separator: "; ")). 운영기관은 사유를 적어 예외 승인할 수 있습니다.",
            "To move to \(target.label.en) this is missing: \(missing.map(\.label.en).joined(separator: "; ")). An operator may override with a written reason.")
    }

    /// The longest override reason kept.
    public static let maxReason = 500

    /// The override reason, checked: nil when none was given; a refusal when it is too long.
    static func overrideReason(_ raw: String) throws -> String? {
        let reason = raw.trimmed
        guard !reason.isEmpty else { return nil }
        guard reason.count <= maxReason else {
            var errors = FieldErrors()
            errors.add("override", Localized("예외 승인 사유는 \(maxReason)자까지입니다.", "An override reason may be at most \(maxReason) characters."))
            throw IeumError.invalid(errors)
        }
        return reason
    }
}
