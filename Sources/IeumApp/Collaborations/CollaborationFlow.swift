import Foundation
import IeumCore

/// The one state machine of a collaboration's stages. Every stage change in the app — a page, the
/// API, the demo loader — asks here first.
public enum CollaborationFlow {
    public enum Verdict: Sendable, Equatable {
        /// Allowed; `gate` means the operator must approve it (an operator's own change is approved at once).
        case allowed(gate: Bool)
        case refused(Localized)
    }

    /// The three results a verified collaboration can lead to; it may move among them freely.
    static let results: Set<CollaborationStage> = [.commercialization, .investment, .globalExpansion]

    /// The rule itself: nil when refused, otherwise whether the operator must approve.
    static func gate(from: CollaborationStage, to: CollaborationStage) -> Bool? {
        if from == to || from.isFinal { return nil }
        if to == .dropped { return false }
        switch (from, to) {
        case (.matched, .technologyVerification), (.technologyVerification, .marketVerification):
            return true
        case (.technologyVerification, _) where results.contains(to), (.marketVerification, _) where results.contains(to):
            return true
        case (_, _) where results.contains(from) && results.contains(to):
            return false
        case (_, .completed) where results.contains(from):
            return true
        default:
            return nil
        }
    }

    public static func check(from: CollaborationStage, to: CollaborationStage) -> Verdict {
        if let gate = gate(from: from, to: to) { return .allowed(gate: gate) }
        if from == to {
            return .refused(Localized("이미 '\(to.label.ko)' 단계입니다.", "The collaboration is already at \(to.label.en)."))
        }
        if from.isFinal {
            return .refused(Localized("'\(from.label.ko)'된 협업은 단계를 바꿀 수 없습니다.", "A \(from.label.en.lowercased()) collaboration cannot change stage."))
        }
        return .refused(Localized(
            "'\(from.label.ko)'에서 '\(to.label.ko)'(으)로 바로 갈 수 없습니다. 다음 단계: \(next(from).map(\.label.ko).joined(separator: ", "))",
            "A collaboration cannot go from \(from.label.en) to \(to.label.en). Next: \(next(from).map(\.label.en).joined(separator: ", "))"))
    }

    /// The stages a party (not the operator) may ask for: the next step of the funnel only (a
    /// result from 시장검증, 완료 from a result), a move among the results, or dropping.
    public static func nextForParty(_ stage: CollaborationStage) -> [CollaborationStage] {
        next(stage).filter { $0 == .dropped || $0.rank == stage.rank + 1 || (results.contains(stage) && results.contains($0)) }
    }

    /// The stages reachable from `stage`, in funnel order.
    public static func next(_ stage: CollaborationStage) -> [CollaborationStage] {
        CollaborationStage.allCases.filter { gate(from: stage, to: $0) != nil }
    }
}
