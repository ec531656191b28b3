import Foundation
import IeumCore

/// The facts that decide access to an evaluation round.
public struct RoundAccess: Sendable, Equatable {
    /// The program the round is held for.
    public let program: ProgramAccess
    /// Whether the person's expert record sits on the round's panel.
    public let onPanel: Bool

    public init(program: ProgramAccess, onPanel: Bool) {
        self.program = program
        self.onPanel = onPanel
    }
}

public enum EvaluationAction: Sendable {
    /// The rounds list: operators, and people with an expert record (their panels).
    case browse(hasExpertRecord: Bool)
    /// The new-round form.
    case create
    /// Hold a round for a program: its operators only.
    case createFor(ProgramAccess)
    /// Rubric, judges, entries, conflicts, assignment, reminders, results, selection and awards.
    case manage(RoundAccess)
    /// Score sheets and one's own progress: the round's judges, whoever else they are (while
    /// judging runs, which the round's state decides).
    case judge(onPanel: Bool)
}

/// Who may do what with evaluation rounds: operators of the round's program run it; its judges
/// score what they are assigned; everyone else learns nothing of the round (404).
/// `EvaluationPolicyTests` is the table.
public enum EvaluationPolicy {
    public static func can(_ actor: Principal?, _ action: EvaluationAction) -> Bool {
        guard let actor else { return false }
        switch action {
        case .browse(let hasExpertRecord):
            return actor.isOperator || hasExpertRecord
        case .create:
            return actor.isOperator
        case .createFor(let program):
            return ProgramPolicy.can(actor, .manage(program))
        case .manage(let round):
            return ProgramPolicy.can(actor, .manage(round.program))
        case .judge(let onPanel):
            return onPanel
        }
    }
}
