import Foundation
import IeumCore

/// The numbers of a dashboard, computed from `KPIFacts` — never typed in. Each metric, for a period
/// `[start, end)` in Seoul time (the page says the same under "어떻게 셌나요", from `KPINotes`):
///
/// - **startupsFound** — distinct startups that submitted an application (`submittedAt` in the
///   period) to a need published in one of the programs' calls, together with the startups of the
///   programs' direct matches started in the period (an operator found those without a call).
///   Startups an operator merely registered are not counted: the registry does not record for
///   which program an organisation was registered.
/// - **startupsMatched** — distinct startups of the programs' collaborations started in the period
///   (a selected application or a direct match).
/// - **demandOrganizations** — the programs' participating demand organisations. A participant row
///   carries no date the program controls, so this is the roster, the same in every period.
/// - **partners** — distinct investors that are a party to a collaboration started in the period or
///   made a confirmed investment in the period, plus participating investors, agencies and research
///   institutes (undated, as above).
/// - **pocsCompleted** — collaborations whose approved stage change out of 기술검증 (to 시장검증 or a
///   result stage) was decided in the period.
/// - **contractValueKRW** / **investmentKRW** — the sum of confirmed outcomes of that kind that
///   occurred in the period.
/// - **eventsHeld** — events of the program's networks marked held, by their start time (cancelled ones never count).
///
/// The funnel of a period is `KPIFunnel`: one population, the period's applications, each step a
/// subset of the one before; direct matches are their own line.
///
/// Breakdowns group the collaborations started in the period by the startup's main tech field,
/// its cluster, its investment stage, the demand organisation's type, and the collaboration's
/// current stage, with the confirmed contract and investment amounts of the period.
public struct KPICalculator: Sendable {
    public let facts: KPIFacts

    public init(_ facts: KPIFacts) { self.facts = facts }

    func within(_ date: Date, _ range: DateInterval) -> Bool { range.start <= date && date < range.end }

    public func actual(_ metric: KPIMetric, in range: DateInterval) -> Int64 {
        switch metric {
        case .startupsFound:
            return startupsFound(in: range).total
        case .startupsMatched:
            return startupsMatched(in: range).total
        case .demandOrganizations:
            return Int64(facts.participants.values.filter { $0 == .demand }.count)
        case .partners:
            var partners = Set(facts.participants.filter { [.investor, .agency, .research].contains($0.value) }.keys)
            for c in facts.collaborations where within(c.startedAt, range) {
                partners.formUnion(facts.investorParties[c.id] ?? [])
            }
            for o in facts.outcomes where o.kind == .investment && within(o.occurredOn, range) {
                if let investor = o.investorID { partners.insert(investor) }
            }
            return Int64(partners.count)
        case .pocsCompleted:
            return Int64(facts.collaborations.filter { c in
                c.changes.contains { $0.from == .technologyVerification && $0.to.rank >= 2 && within($0.decidedAt, range) }
            }.count)
        case .contractValueKRW:
            return sum(.contract, in: range)
        case .investmentKRW:
            return sum(.investment, in: range)
        case .eventsHeld:
            return Int64(facts.eventsHeld.filter { within($0, range) }.count)
        }
    }

    /// Two sets of startups and their union, so that a card (the union) and its note (both sets and
    /// their overlap) come from the same values.
    public struct StartupSets: Sendable {
        public let viaApplications: Set<UUID>
        public let viaDirectMatches: Set<UUID>
        public var both: Int64 { Int64(viaApplications.intersection(viaDirectMatches).count) }
        public var total: Int64 { Int64(viaApplications.union(viaDirectMatches).count) }
    }

    /// Startups that applied in the period, and startups of the direct matches started in it.
    public func startupsFound(in range: DateInterval) -> StartupSets {
        StartupSets(viaApplications: Set(facts.applications.filter { within($0.submittedAt, range) }.map(\.startupID)),
                    viaDirectMatches: Set(facts.collaborations.filter { $0.direct && within($0.startedAt, range) }.map(\.startupID)))
    }

    /// Startups of the collaborations started in the period, from an application or a direct match.
    public func startupsMatched(in range: DateInterval) -> StartupSets {
        let started = facts.collaborations.filter { within($0.startedAt, range) }
        return StartupSets(viaApplications: Set(started.filter { !$0.direct }.map(\.startupID)),
                           viaDirectMatches: Set(started.filter(\.direct).map(\.startupID)))
    }

    func sum(_ kind: OutcomeKind, in range: DateInterval, of collaborations: Set<UUID>? = nil) -> Int64 {
        facts.outcomes.filter { $0.kind == kind && within($0.occurredOn, range) && (collaborations?.contains($0.collaborationID) ?? true) }
            .saturatingSum(\.amountKRW)  // checked: stored amounts past Int64 stay at the bound
    }

    // MARK: Targets against actuals

    public struct MetricRow: Sendable {
        public let metric: KPIMetric
        public let target: Int64?
        public let actual: Int64

        public var achievement: Double? {
            guard let target, target > 0 else { return nil }
            return Double(actual) / Double(target)
        }
    }

    public func rows(_ period: KPIPeriod) -> [MetricRow] {
        KPIMetric.allCases.map { MetricRow(metric: $0, target: facts.target($0, period), actual: actual($0, in: period.interval)) }
    }

    /// One quarter of a metric's year: the quarter's own actual, the actual from the start of the
    /// year to the quarter's end (distinct counts are counted once over that span, not summed), the
    /// quarter's own target if one is set, and the year's.
    public struct QuarterPoint: Sendable {
        public let quarter: KPIPeriod
        public let actual: Int64
        public let cumulative: Int64
        public let quarterTarget: Int64?
        public let yearTarget: Int64?
    }

    public func quarters(_ metric: KPIMetric, year: Int) -> [QuarterPoint] {
        let yearPeriod = KPIPeriod(year: year)
        let start = yearPeriod.interval.start
        return yearPeriod.quartersOfYear.map { quarter in
            let range = quarter.interval
            return QuarterPoint(quarter: quarter, actual: actual(metric, in: range),
                                cumulative: actual(metric, in: DateInterval(start: start, end: range.end)),
                                quarterTarget: facts.target(metric, quarter), yearTarget: facts.target(metric, yearPeriod))
        }
    }

    // MARK: Breakdowns

    public enum Dimension: String, Sendable, CaseIterable {
        case field, cluster, startupStage, demandType, stage

        public var label: Localized {
            switch self {
            case .field: Localized("기술분야별", "By tech field")
            case .cluster: Localized("클러스터별", "By cluster")
            case .startupStage: Localized("스타트업 투자단계별", "By startup stage")
            case .demandType: Localized("수요기관 유형별", "By demand organisation type")
            case .stage: Localized("협업 단계별", "By collaboration stage")
            }
        }

        public var heading: Localized {
            switch self {
            case .field: Localized("기술분야", "Tech field")
            case .cluster: Localized("클러스터", "Cluster")
            case .startupStage: Localized("투자단계", "Stage")
            case .demandType: Localized("수요기관 유형", "Organisation type")
            case .stage: Localized("협업 단계", "Collaboration stage")
            }
        }
    }

    public struct BreakdownRow: Sendable {
        public let label: Localized
        public let collaborations: Int64
        public let startups: Int64
        public let contractKRW: Int64
        public let investmentKRW: Int64
    }

    public func breakdown(_ dimension: Dimension, _ period: KPIPeriod) -> [BreakdownRow] {
        let range = period.interval
        let cohort = facts.collaborations.filter { within($0.startedAt, range) }
        var groups: [String: (label: Localized, order: Int, items: [KPIFacts.Collaboration])] = [:]
        for c in cohort {
            let startup = facts.organizations[c.startupID]
            let (label, order): (Localized, Int)
            switch dimension {
            case .field:
                (label, order) = (startup?.mainField ?? Localized("미분류", "Unclassified"), 0)
            case .cluster:
                (label, order) = (startup?.cluster ?? Localized("클러스터 밖", "Outside a cluster"), 0)
            case .startupStage:
                let stage = startup?.stage
                (label, order) = (stage?.label ?? Localized("미입력", "Not given"), stage.map { Stage.allCases.firstIndex(of: $0)! } ?? 99)
            case .demandType:
                let size = c.demandID.flatMap { facts.organizations[$0]?.demandSize }
                (label, order) = (size?.label ?? Localized("수요기관 없음", "No demand organisation"),
                                  size.map { DemandSize.allCases.firstIndex(of: $0)! } ?? 99)
            case .stage:
                (label, order) = (c.stage.label, CollaborationStage.allCases.firstIndex(of: c.stage)!)
            }
            groups[label.ko, default: (label, order, [])].items.append(c)
        }
        let ordered = dimension == .stage || dimension == .startupStage || dimension == .demandType
        return groups.values.map { group in
            let ids = Set(group.items.map(\.id))
            return (group.order, BreakdownRow(label: group.label, collaborations: Int64(group.items.count),
                                              startups: Int64(Set(group.items.map(\.startupID)).count),
                                              contractKRW: sum(.contract, in: range, of: ids), investmentKRW: sum(.investment, in: range, of: ids)))
        }
        .sorted { a, b in
            if ordered && a.0 != b.0 { return a.0 < b.0 }
            if a.1.collaborations != b.1.collaborations { return a.1.collaborations > b.1.collaborations }
            return a.1.label.ko < b.1.label.ko
        }
        .map(\.1)
    }
}
