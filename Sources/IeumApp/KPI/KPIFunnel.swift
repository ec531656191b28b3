import Foundation
import IeumCore

/// The funnel of a period, counted over one population: the applications submitted in the period,
/// followed to date (a cohort: what those applications have reached so far, whenever it happened).
/// Every step is the part of the step before that went one step further, so each rate is a subset
/// over its set and stays at or under 100 %:
///
/// 1. **지원서** — applications submitted in the period (drafts never count).
/// 2. **서류 통과** — of those, the ones ever shortlisted (후보 선정) or selected, by their status
///    history (one rejected after the shortlist still passed this step), or from which a
///    collaboration started.
/// 3. **최종 선정** — of those, the ones selected or from which a collaboration started.
/// 4. **협업 시작** — of those, the ones from which a collaboration started.
/// 5. **기술검증(PoC)**, 6. **시장검증**, 7. **사업화·투자·해외진출** — of those, the ones whose
///    collaboration had an approved change to that stage or beyond.
///
/// To date rather than by the period's end, so that a call's applications are followed to their
/// results: last year's funnel keeps filling in as its collaborations move on.
///
/// Collaborations started without an application (직접 매칭) have no application to be counted
/// against: they are their own line with their own progress, outside the ratios. Collaborations
/// started in the period from an application submitted outside it belong to that period's funnel;
/// they are reported so that the three lines add up to every collaboration started in the period.
public struct KPIFunnel: Sendable {
    public enum Step: String, Sendable, CaseIterable {
        case applications, shortlisted, selected, started, poc, marketVerification, result

        public var label: Localized {
            switch self {
            case .applications: Localized("지원서", "Applications")
            case .shortlisted: Localized("서류 통과(후보 선정)", "Shortlisted")
            case .selected: Localized("최종 선정", "Selected")
            case .started: Localized("협업 시작", "Collaboration started")
            case .poc: Localized("기술검증(PoC)", "Technology verification (PoC)")
            case .marketVerification: Localized("시장검증", "Market verification")
            case .result: Localized("사업화·투자·해외진출", "Commercialisation, investment, expansion")
            }
        }

        /// The least collaboration stage rank a step asks for (`CollaborationStage.rank`).
        var rank: Int? {
            switch self {
            case .poc: 1
            case .marketVerification: 2
            case .result: 3
            default: nil
            }
        }
    }

    public struct Row: Sendable {
        public let step: Step
        public let count: Int64
        /// Over the step before; nil for the first step of a funnel.
        public let fromPrevious: KPIRate?
        /// Over the first step of the funnel; nil for the first step.
        public let fromFirst: KPIRate?
    }

    public let period: KPIPeriod
    /// From 지원서 to 사업화·투자·해외진출, over the period's applications.
    public let rows: [Row]
    /// Collaborations started in the period without an application: 협업 시작 (the line's total)
    /// and how far they have gone to date.
    public let directRows: [Row]
    /// Needs published in the period: what startups could apply to, not a step of the funnel.
    public let needsPublished: Int64
    /// Every collaboration started in the period, and where each came from.
    public let collaborationsStarted: Int64
    public let startedFromApplications: Int64
    public let startedDirect: Int64
    public let startedFromOtherApplications: Int64

    public func row(_ step: Step) -> Row? { rows.first { $0.step == step } }
    public var directMatches: Int64 { startedDirect }

    /// Rows from a chain of sets, each already a subset of the one before.
    static func chain(_ steps: [(Step, Set<UUID>)]) -> [Row] {
        steps.enumerated().map { index, item in
            guard index > 0 else { return Row(step: item.0, count: Int64(item.1.count), fromPrevious: nil, fromFirst: nil) }
            return Row(step: item.0, count: Int64(item.1.count), fromPrevious: KPIRate(item.1, of: steps[index - 1].1),
                       fromFirst: KPIRate(item.1, of: steps[0].1))
        }
    }
}

extension KPICalculator {
    public func funnel(_ period: KPIPeriod) -> KPIFunnel {
        let range = period.interval
        let submitted = facts.applications.filter { within($0.submittedAt, range) }
        let population = Set(submitted.map(\.id))
        var fromApplication: [UUID: [KPIFacts.Collaboration]] = [:]
        for c in facts.collaborations {
            if let application = c.applicationID { fromApplication[application, default: []].append(c) }
        }
        func reached(_ c: KPIFacts.Collaboration, _ rank: Int) -> Bool { c.changes.contains { $0.to.rank >= rank } }
        func ever(_ date: KeyPath<KPIFacts.Application, Date?>) -> Set<UUID> { Set(submitted.filter { $0[keyPath: date] != nil }.map(\.id)) }

        // Each set takes in the one after it, so every step is a subset of the step before.
        let started = population.filter { fromApplication[$0] != nil }
        let selected = population.intersection(ever(\.selectedAt).union(started))
        let shortlisted = population.intersection(ever(\.shortlistedAt).union(selected))
        var steps: [(KPIFunnel.Step, Set<UUID>)] = [(.applications, population), (.shortlisted, shortlisted), (.selected, selected), (.started, started)]
        for step in [KPIFunnel.Step.poc, .marketVerification, .result] {
            let before = steps[steps.count - 1].1
            steps.append((step, before.filter { id in fromApplication[id, default: []].contains { reached($0, step.rank!) } }))
        }

        let startedInPeriod = facts.collaborations.filter { within($0.startedAt, range) }
        let direct = startedInPeriod.filter(\.direct)
        var directSteps: [(KPIFunnel.Step, Set<UUID>)] = [(.started, Set(direct.map(\.id)))]
        for step in [KPIFunnel.Step.poc, .marketVerification, .result] {
            let before = directSteps[directSteps.count - 1].1
            directSteps.append((step, Set(direct.filter { before.contains($0.id) && reached($0, step.rank!) }.map(\.id))))
        }
        let fromThisPeriod = startedInPeriod.filter { c in c.applicationID.map(population.contains) ?? false }.count

        return KPIFunnel(
            period: period, rows: KPIFunnel.chain(steps), directRows: KPIFunnel.chain(directSteps),
            needsPublished: Int64(facts.needsPublished.filter { within($0, range) }.count),
            collaborationsStarted: Int64(startedInPeriod.count), startedFromApplications: Int64(fromThisPeriod),
            startedDirect: Int64(direct.count), startedFromOtherApplications: Int64(startedInPeriod.count - direct.count - fromThisPeriod))
    }
}
