import Foundation
import IeumCore

/// What the rounds list shows (issue 15, item 2): `EvaluationQuery.list` loads it, with rounds as
/// plain `RoundSummary` values; `RoundListPage` renders only this.
typealias RoundListModel = EvaluationQuery.ListData

/// A round's heading facts, as the lists show them: plain values, no database type.
struct RoundSummary: Sendable, Equatable {
    let id: UUID
    let kind: RoundKind
    let title: String
    let titleEn: String?
    let status: RoundStatus
    let opensAt: Date
    let closesAt: Date

    /// The same rule as `EvaluationRound.isJudging(at:)`.
    func isJudging(at now: Date) -> Bool { status == .open && opensAt <= now && now < closesAt }
}

extension RoundSummary {
    init(_ round: EvaluationRound) {
        self.init(id: round.storedID, kind: round.kind, title: round.title, titleEn: round.titleEn, status: round.status,
                  opensAt: round.opensAt, closesAt: round.closesAt)
    }
}

/// What `RoundView` needs of a round to print its title, period and status, whether it comes
/// from the database or from a page model.
protocol RoundHeading {
    var title: String { get }
    var titleEn: String? { get }
    var status: RoundStatus { get }
    var opensAt: Date { get }
    var closesAt: Date { get }
}

extension EvaluationRound: RoundHeading {}
extension RoundSummary: RoundHeading {}
