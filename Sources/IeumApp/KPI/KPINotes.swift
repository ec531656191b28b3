import Foundation
import IeumCore

/// One "어떻게 셌나요" entry: what a card or a funnel step counts, written around the very value the
/// card shows (`value` is the card's number, passed in, never counted again), so a note cannot
/// disagree with its card. `key` ties the two together on the page (`data-kpi-card`/`data-kpi-note`).
public struct KPINote: Sendable {
    public let key: String
    public let label: Localized
    public let value: Int64
    public let text: Localized
}

enum KPINumber {
    static func count(_ value: Int64) -> String { (value < 0 ? "-" : "") + KRW.grouped(value.magnitude) }
}

extension KPICalculator {
    /// The notes of the targets table, one per metric, in the table's order.
    public func notes(_ rows: [MetricRow], _ period: KPIPeriod) -> [KPINote] {
        rows.map { note($0, in: period.interval) }
    }

    func note(_ row: MetricRow, in range: DateInterval) -> KPINote {
        let n = KPINumber.count(row.actual)
        let text: Localized
        switch row.metric {
        case .startupsFound, .startupsMatched:
            let sets = row.metric == .startupsFound ? startupsFound(in: range) : startupsMatched(in: range)
            let a = KPINumber.count(Int64(sets.viaApplications.count)), b = KPINumber.count(Int64(sets.viaDirectMatches.count))
            let both = KPINumber.count(sets.both)
            text = row.metric == .startupsFound
                ? Localized("기간 중 지원서를 제출한 스타트업 \(a)개와 직접 매칭으로 협업을 시작한 스타트업 \(b)개를 합하고, 양쪽 모두인 \(both)개는 한 번만 세어 \(n)개입니다. 운영자가 등록만 한 기업은 어느 사업의 등록인지 기록되지 않아 세지 않습니다.",
                            "\(a) startups that submitted an application in the period and \(b) startups of direct matches started in it, the \(both) in both counted once: \(n). Organisations an operator only registered are not counted, as the registry does not record the program.")
                : Localized("기간 중 시작한 협업의 스타트업을 한 번씩 세어 \(n)개입니다: 지원서에서 시작한 협업의 스타트업 \(a)개, 직접 매칭의 스타트업 \(b)개, 양쪽 모두인 \(both)개.",
                            "The startups of the collaborations started in the period, each counted once: \(n) (\(a) through an application, \(b) through a direct match, \(both) through both).")
        case .demandOrganizations:
            text = Localized("사업 참여기관으로 등록된 수요기관 \(n)곳입니다. 참여 등록에는 기간이 없어 어느 기간을 골라도 같은 수입니다.",
                             "The \(n) demand organisations registered as the program's participants. A participation has no date, so every period shows the same number.")
        case .partners:
            text = Localized("사업 참여기관인 투자사·지원기관·연구기관, 기간 중 시작한 협업의 투자사, 기간 중 투자를 확정한 투자사를 한 번씩 세어 \(n)곳입니다.",
                             "Participating investors, agencies and research institutes, investors of collaborations started in the period and investors with an investment confirmed in it, each counted once: \(n).")
        case .pocsCompleted:
            text = Localized("기간 중 기술검증(PoC)에서 시장검증 또는 사업화·투자·해외진출로 넘어가는 단계 변경이 승인된 협업 \(n)건입니다.",
                             "The \(n) collaborations whose move out of technology verification (PoC), to market verification or a result stage, was approved in the period.")
        case .contractValueKRW, .investmentKRW:
            let kind: OutcomeKind = row.metric == .contractValueKRW ? .contract : .investment
            let outcomes = KPINumber.count(Int64(facts.outcomes.filter { $0.kind == kind && within($0.occurredOn, range) }.count))
            let ko = kind == .contract ? "계약" : "투자"
            let en = kind == .contract ? "contract" : "investment"
            text = Localized("기간 중 발생해 확정된 \(ko) 성과 \(outcomes)건의 합계 \(KRW.text(row.actual, .ko))입니다. 대기 중이거나 반려된 성과는 더하지 않습니다.",
                             "The sum of the \(outcomes) confirmed \(en) outcomes that occurred in the period: \(KRW.text(row.actual, .en)). Pending and rejected outcomes are left out.")
        case .eventsHeld:
            text = Localized("사업 네트워크(협의체·기술분야 네트워크)의 행사 중 개최로 표시된 \(n)건입니다. 시작 시각으로 기간을 정하고, 취소된 행사는 세지 않습니다.",
                             "The \(n) events of the program's networks (councils, tech-field networks) marked held, by their start time; cancelled events never count.")
        }
        let target = row.target.map { target -> Localized in
            let shown = KPIDashboard.value(row.metric, target)
            let achieved = row.achievement.map(ExportCell.percentText) ?? "—"
            return Localized(" 목표 \(shown.display(.ko)), 달성률 \(achieved).", " Target \(shown.display(.en)), achieved \(achieved).")
        } ?? Localized(" 이 기간의 목표는 없습니다.", " No target for this period.")
        return KPINote(key: row.metric.rawValue, label: row.metric.label, value: row.actual,
                       text: Localized(text.ko + target.ko, text.en + target.en))
    }

    /// Said once above the metric notes.
    static var achievementNote: Localized {
        Localized("달성률은 실적 ÷ 목표입니다. 목표를 넘으면 100%를 넘을 수 있고(전환율과 달리 부분집합의 비율이 아닙니다), 목표가 없거나 0이면 —로 표시합니다.",
                  "Achieved is the actual over the target. Passing the target shows more than 100 % (unlike a conversion, it is not a share of a set); without a target, or with a target of 0, it shows —.")
    }
}

extension KPIFunnel {
    static func noteKey(_ step: Step, direct: Bool) -> String { (direct ? "direct-" : "funnel-") + step.rawValue }

    /// What a step asks of the step before it.
    static func condition(_ step: Step) -> Localized {
        switch step {
        case .applications: Localized("", "")
        case .shortlisted: Localized("지금까지 후보 선정이나 최종 선정을 받았거나 협업이 시작된", "have been shortlisted or selected so far, or had a collaboration start")
        case .selected: Localized("지금까지 최종 선정되었거나 협업이 시작된", "have been selected so far or had a collaboration start")
        case .started: Localized("지금까지 그 지원서로 협업이 시작된", "have had a collaboration start from them so far")
        case .poc: Localized("지금까지 기술검증(PoC) 이상으로 승인된", "have been approved into technology verification (PoC) or beyond so far")
        case .marketVerification: Localized("지금까지 시장검증 이상으로 승인된", "have been approved into market verification or beyond so far")
        case .result: Localized("지금까지 사업화·투자·해외진출로 승인된", "have been approved into commercialisation, investment or expansion so far")
        }
    }

    func stepNotes(_ rows: [Row], direct: Bool) -> [KPINote] {
        rows.enumerated().map { index, row in
            let n = KPINumber.count(row.count)
            var text: Localized
            if index == 0 {
                text = direct
                    ? Localized("지원서 없이 운영자가 직접 매칭해 기간 중 시작한 협업 \(n)건입니다. 나눌 지원서가 없으므로 위 퍼널의 전환율에 넣지 않고 따로 세며, 아래 단계는 이 협업들이 지금까지 간 곳입니다.",
                                "The \(n) collaborations an operator matched directly, without an application, started in the period. With no application to divide by, they stay out of the funnel's rates and are counted here; the steps below are how far they have gone so far.")
                    : Localized("기간 중 제출된 지원서 \(n)건입니다. 작성 중인 지원서는 빼고, 한 스타트업이 여러 번 지원하면 각각 셉니다. 아래 단계는 모두 이 지원서들이 기간 뒤를 포함해 지금까지 어디까지 갔는지를 셉니다.",
                                "The \(n) applications submitted in the period (drafts left out; a startup that applied twice counts twice). Every step below counts how far these applications have gone so far, after the period included.")
            } else {
                let before = rows[index - 1]
                let whole = KPINumber.count(row.fromPrevious?.whole ?? before.count)
                let condition = Self.condition(row.step)
                let rate = row.fromPrevious?.percentText ?? "—"
                text = Localized("\(before.step.label.ko) \(whole)건 중 \(condition.ko) \(n)건입니다 (\(rate)).",
                                 "Of the \(whole) at \(before.step.label.en.lowercased()), the \(n) that \(condition.en) (\(rate)).")
                if row.step == .shortlisted && !direct {
                    text = Localized(text.ko + " 후보 선정 뒤 미선정된 지원서도 이 단계는 통과한 것으로 셉니다.",
                                     text.en + " An application rejected after the shortlist still counts as having passed this step.")
                }
            }
            return KPINote(key: Self.noteKey(row.step, direct: direct), label: direct ? Localized("직접 매칭 · " + row.step.label.ko, "Direct matches · " + row.step.label.en) : row.step.label,
                           value: row.count, text: text)
        }
    }

    /// Every note of the funnel: its steps, the direct matches, and the two lines of context.
    public var notes: [KPINote] {
        let needs = KPINumber.count(needsPublished), all = KPINumber.count(collaborationsStarted)
        let a = KPINumber.count(startedFromApplications), b = KPINumber.count(startedDirect), c = KPINumber.count(startedFromOtherApplications)
        return stepNotes(rows, direct: false) + stepNotes(directRows, direct: true) + [
            KPINote(key: "needs", label: Localized("공개된 수요과제", "Needs published"), value: needsPublished,
                    text: Localized("기간 중 공개된 수요과제 \(needs)건입니다. 한 과제에 지원서가 여럿 올 수 있어 퍼널의 단계로 나누지 않습니다.",
                                    "The \(needs) needs published in the period. A need can receive many applications, so it is not a step to divide by.")),
            KPINote(key: "collaborations-started", label: Localized("기간 중 시작한 협업", "Collaborations started in the period"), value: collaborationsStarted,
                    text: Localized("기간 중 시작한 협업 \(all)건 = 이 기간 지원서에서 \(a)건 + 직접 매칭 \(b)건 + 기간 밖에 낸 지원서에서 \(c)건. 아래 구분별 표는 이 \(all)건을 나눈 것입니다.",
                                    "\(all) collaborations started in the period = \(a) from this period's applications + \(b) direct matches + \(c) from applications submitted outside it. The breakdowns below divide these \(all).")),
        ]
    }
}
