import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Every metric, the quarters, the funnel and the breakdowns against the hand count of `KPIFixture`.
@Suite("KPI computations")
struct KPIComputationTests {
    typealias Expected = [KPIMetric: Int64]

    static func actuals(_ calculator: KPICalculator, _ period: String) -> Expected {
        let p = KPIPeriod.parse(period)!
        return Dictionary(uniqueKeysWithValues: KPIMetric.allCases.map { ($0, calculator.actual($0, in: p.interval)) })
    }

    @Test("periods: 2026, halves and quarters are Seoul calendar spans; anything else is refused")
    func periods() {
        let q3 = KPIPeriod.parse("2026-q3")!
        #expect(q3.code == "2026-Q3")
        #expect(q3.interval.start == SeoulTime.parse("2026-07-01 00:00"))
        #expect(q3.interval.end == SeoulTime.parse("2026-10-01 00:00"))
        #expect(KPIPeriod.parse("2026")!.interval.end == SeoulTime.parse("2027-01-01 00:00"))
        #expect(KPIPeriod.parse("2026-H2")!.interval.start == SeoulTime.parse("2026-07-01 00:00"))
        // 2026-06-30 23:30 in Seoul is 14:30 UTC: still the first half.
        #expect(KPIPeriod.parse("2026-H1")!.contains(SeoulTime.parse("2026-06-30 23:30")!))
        for bad in ["26", "2026-Q5", "2026-H3", "2026-M1", "2026-", "abcd"] { #expect(KPIPeriod.parse(bad) == nil, "\(bad)") }
    }

    @Test("program A: every metric for 2026, each half, and the targets against them")
    func programMetrics() async throws {
        try await TestApp.with { app in
            // given
            let world = try await KPIFixture.make(app)
            // when
            let calculator = try await KPIService.report(for: [world.programA], on: app.db)
            // then
            #expect(Self.actuals(calculator, "2026") == [
                .startupsFound: 4, .startupsMatched: 3, .demandOrganizations: 2, .partners: 2, .pocsCompleted: 2,
                .contractValueKRW: 300_000_000, .investmentKRW: 500_000_000, .eventsHeld: 0,
            ])
            #expect(Self.actuals(calculator, "2026-H1") == [
                .startupsFound: 3, .startupsMatched: 2, .demandOrganizations: 2, .partners: 2, .pocsCompleted: 0,
                .contractValueKRW: 0, .investmentKRW: 0, .eventsHeld: 0,
            ])
            #expect(Self.actuals(calculator, "2026-H2") == [
                .startupsFound: 1, .startupsMatched: 1, .demandOrganizations: 2, .partners: 2, .pocsCompleted: 2,
                .contractValueKRW: 300_000_000, .investmentKRW: 500_000_000, .eventsHeld: 0,
            ])
            // the 2025 contract and PoC start belong to 2025
            #expect(Self.actuals(calculator, "2025")[.contractValueKRW] == 200_000_000)
            let rows = Dictionary(uniqueKeysWithValues: calculator.rows(KPIPeriod(year: 2026)).map { ($0.metric, $0) })
            #expect(rows[.startupsFound]?.target == 10)
            #expect(rows[.startupsFound]?.achievement == 0.4)
            #expect(rows[.startupsMatched]?.achievement == 0.75)
            #expect(rows[.contractValueKRW]?.achievement == 0.6)
            #expect(rows[.pocsCompleted]?.target == nil)
            let h2 = Dictionary(uniqueKeysWithValues: calculator.rows(KPIPeriod.parse("2026-H2")!).map { ($0.metric, $0) })
            #expect(h2[.pocsCompleted]?.target == 2)
            #expect(h2[.pocsCompleted]?.achievement == 1.0)
        }
    }

    @Test("quarters of the year: in the quarter, and cumulative (a startup found twice counts once)")
    func quarters() async throws {
        try await TestApp.with { app in
            let world = try await KPIFixture.make(app)
            let calculator = try await KPIService.report(for: [world.programA], on: app.db)
            let found = calculator.quarters(.startupsFound, year: 2026)
            #expect(found.map(\.actual) == [2, 3, 1, 0])
            #expect(found.map(\.cumulative) == [2, 3, 4, 4])
            #expect(found.allSatisfy { $0.yearTarget == 10 && $0.quarterTarget == nil })
            let pocs = calculator.quarters(.pocsCompleted, year: 2026)
            #expect(pocs.map(\.actual) == [0, 0, 2, 0])
            #expect(pocs.map(\.cumulative) == [0, 0, 2, 2])
            let investment = calculator.quarters(.investmentKRW, year: 2026)
            #expect(investment.map(\.cumulative) == [0, 0, 500_000_000, 500_000_000])
        }
    }

    @Test("the funnel counts one population, the period's applications; direct matches are their own line")
    func funnel() async throws {
        try await TestApp.with { app in
            // given
            let world = try await KPIFixture.make(app)
            // when
            let calculator = try await KPIService.report(for: [world.programA], on: app.db)
            let year = calculator.funnel(KPIPeriod(year: 2026))
            let firstHalf = calculator.funnel(KPIPeriod.parse("2026-H1")!)
            // then: four applications in 2026 (the draft never counts); only s1's was selected, and its
            // collaboration has gone on to 사업화 (in 2027: the funnel follows its applications to date)
            #expect(year.rows.map(\.step) == KPIFunnel.Step.allCases)
            #expect(year.rows.map(\.count) == [4, 1, 1, 1, 1, 1, 1])
            #expect(year.rows[0].fromPrevious == nil)
            #expect(year.rows[1].fromPrevious == KPIRate(Set([1]), of: Set([1, 2, 3, 4])))
            #expect(year.rows[1].fromPrevious?.text.ko == "1/4건, 25.0%")
            #expect(year.rows[6].fromPrevious?.text.ko == "1/1건, 100.0%")
            #expect(year.rows[6].fromFirst?.text.en == "1 of 4, 25.0%")
            // cA2 (PoC, then 투자) and cA4 (매칭) started without an application; cA3 started in 2025
            #expect(year.directRows.map(\.step) == [.started, .poc, .marketVerification, .result])
            #expect(year.directRows.map(\.count) == [2, 1, 1, 1])
            #expect(year.needsPublished == 2)
            #expect([year.collaborationsStarted, year.startedFromApplications, year.startedDirect, year.startedFromOtherApplications] == [3, 1, 2, 0])
            // the first half holds the same four applications; of its direct matches only cA2 started then
            #expect(firstHalf.rows.map(\.count) == [4, 1, 1, 1, 1, 1, 1])
            #expect(firstHalf.directRows.map(\.count) == [1, 1, 1, 1])
            // nothing was submitted in the second half: no rate, and cA4 is its one direct match
            let secondHalf = calculator.funnel(KPIPeriod.parse("2026-H2")!)
            #expect(secondHalf.rows.map(\.count) == [0, 0, 0, 0, 0, 0, 0])
            #expect(secondHalf.rows.dropFirst().allSatisfy { $0.fromPrevious?.fraction == nil && $0.fromPrevious?.text.ko == "—" })
            #expect(secondHalf.directRows.map(\.count) == [1, 0, 0, 0])
        }
    }

    @Test("a rate is a part of its whole: at most 100 % by construction, and — with nothing to divide by")
    func rates() {
        // given / when
        let nine = KPIRate(Set(1...9), of: Set(1...11))
        let outside = KPIRate(Set(5...20), of: Set(1...10))
        let empty = KPIRate(Set<Int>(), of: Set<Int>())
        // then
        #expect(nine.text.ko == "9/11건, 81.8%")
        #expect(nine.text.en == "9 of 11, 81.8%")
        #expect(outside.part == 6 && outside.whole == 10)  // only the part inside the whole counts
        #expect(empty.fraction == nil)
        #expect(empty.percentText == "—")
        #expect(empty.text.ko == "—")
    }

    @Test("breakdowns by tech field and by collaboration stage, with the period's confirmed money")
    func breakdowns() async throws {
        try await TestApp.with { app in
            let world = try await KPIFixture.make(app)
            let calculator = try await KPIService.report(for: [world.programA], on: app.db)
            let taxonomy = try await TaxonomySnapshot.load(on: app.db)
            let byField = calculator.breakdown(.field, KPIPeriod(year: 2026))
            #expect(byField.map(\.label.ko) == [taxonomy.field(code: "ai")!.name.ko, taxonomy.field(code: "semiconductor")!.name.ko])
            #expect(byField.map(\.collaborations) == [2, 1])
            #expect(byField.map(\.startups) == [2, 1])
            #expect(byField.map(\.contractKRW) == [300_000_000, 0])
            #expect(byField.map(\.investmentKRW) == [500_000_000, 0])
            let byStage = calculator.breakdown(.stage, KPIPeriod(year: 2026))
            #expect(byStage.map(\.label.ko) == ["매칭", "사업화", "투자"])
            #expect(byStage.map(\.collaborations) == [1, 1, 1])
            let byCluster = calculator.breakdown(.cluster, KPIPeriod(year: 2026))
            #expect(byCluster.first?.label.ko == taxonomy.cluster(code: "g-valley")!.name.ko)
            #expect(byCluster.first?.collaborations == 2)
            let byType = calculator.breakdown(.demandType, KPIPeriod(year: 2026))
            #expect(byType.map(\.label.ko) == ["대기업", "중견기업"])
            #expect(byType.map(\.collaborations) == [1, 2])
        }
    }

    @Test("scope: a platform operator sees both programs (startups counted once), an agency's operator only its own")
    func scope() async throws {
        try await TestApp.with { app in
            // given
            let world = try await KPIFixture.make(app)
            let platform = try await world.actor(world.platformOperator, on: app.db)
            let operatorB = try await world.actor(world.operatorB, on: app.db)
            // when
            let all = try await KPIService.programs(for: platform, on: app.db)
            let mine = try await KPIService.programs(for: operatorB, on: app.db)
            // then
            #expect(Set(all.compactMap(\.id)) == [world.programA.id!, world.programB.id!])
            #expect(mine.compactMap(\.id) == [world.programB.id!])
            await #expect(throws: IeumError.self) { try await KPIService.program(world.programA.id!, for: operatorB, on: app.db) }
            let agencyWide = try await KPIService.report(for: all, on: app.db)
            #expect(Self.actuals(agencyWide, "2026") == [
                .startupsFound: 5, .startupsMatched: 4, .demandOrganizations: 2, .partners: 2, .pocsCompleted: 3,
                .contractValueKRW: 300_000_000, .investmentKRW: 1_200_000_000, .eventsHeld: 0,
            ])
            let onlyB = try await KPIService.report(for: mine, on: app.db)
            #expect(Self.actuals(onlyB, "2026") == [
                .startupsFound: 1, .startupsMatched: 1, .demandOrganizations: 1, .partners: 1, .pocsCompleted: 1,
                .contractValueKRW: 0, .investmentKRW: 700_000_000, .eventsHeld: 0,
            ])
        }
    }
}
