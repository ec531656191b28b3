import Foundation
import IeumCore
import Testing
@testable import IeumApp

/// The KPI dashboard rendered from plain values in Korean and English: its numbers come from
/// `KPIFacts` built here, not from a database.
@Suite("KPI pages rendered from plain models")
struct KPIPageSnapshotTests {
    static let now = PageSnapshotTests.now
    static let period = KPIPeriod(year: 2026)
    static let program = KPIDashboard.ProgramRef(id: UUID(uuidString: "1E000000-0000-0000-0000-000000000001")!, name: "2026 개방형 혁신",
                                                  nameEn: "Open innovation 2026", year: 2026)

    static var facts: KPIFacts {
        var facts = KPIFacts()
        facts.programs = [KPIFacts.Program(id: program.id, name: Localized(program.name, program.nameEn ?? program.name))]
        facts.eventsHeld = [now.addingTimeInterval(-40 * 86_400)]
        let day: TimeInterval = 86_400
        func application(_ n: Int, shortlisted: Bool, selected: Bool) -> KPIFacts.Application {
            let id = UUID(uuidString: "8E000000-0000-0000-0000-00000000000\(n)")!
            let startup = UUID(uuidString: "0A000000-0000-0000-0000-00000000000\(n)")!
            let submitted = now.addingTimeInterval(-Double(60 + n) * day)
            let shortlistedAt: Date? = shortlisted ? now.addingTimeInterval(-50 * day) : nil
            let selectedAt: Date? = selected ? now.addingTimeInterval(-45 * day) : nil
            return KPIFacts.Application(id: id, startupID: startup, submittedAt: submitted, shortlistedAt: shortlistedAt, selectedAt: selectedAt)
        }
        facts.applications = [application(1, shortlisted: true, selected: true), application(2, shortlisted: true, selected: false),
                              application(3, shortlisted: false, selected: false)]
        facts.targets = [.startupsFound: ["2026": 10], .eventsHeld: ["2026": 4]]
        return facts
    }

    static func dashboard(_ facts: KPIFacts, programs: [KPIDashboard.ProgramRef], program: KPIDashboard.ProgramRef?) -> KPIDashboard {
        let calculator = KPICalculator(facts)
        return KPIDashboard(programs: programs, program: program, period: period, calculator: calculator, perProgram: [],
                            funnelReport: calculator.funnel(period))
    }

    @Test("the dashboard of one program", arguments: [Lang.ko, Lang.en])
    func programDashboard(_ language: Lang) throws {
        let page = KPIPage(dashboard: Self.dashboard(Self.facts, programs: [Self.program], program: Self.program), periods: [Self.period] + Self.period.quartersOfYear)
        let html = PageSnapshotTests.page(page, PageSnapshotTests.context(language))
        #expect(html.contains(language == .ko ? "성과지표 · 2026 개방형 혁신" : "KPIs · Open innovation 2026"))
        #expect(html.contains("program=1E000000-0000-0000-0000-000000000001"))
        // Three startups applied against a target of ten.
        #expect(html.contains("<tr data-kpi-card=\"startupsFound\" data-value=\"3\">") && html.contains("<td class=\"num\">30.0%</td>"))
        try PageSnapshotTests.assertSnapshot(html, named: "kpi.\(language.rawValue).html")
    }

    @Test("the dashboard of an operator who runs no program", arguments: [Lang.ko, Lang.en])
    func emptyDashboard(_ language: Lang) throws {
        let page = KPIPage(dashboard: Self.dashboard(KPIFacts(), programs: [], program: nil), periods: [Self.period])
        let html = PageSnapshotTests.page(page, PageSnapshotTests.context(language))
        #expect(html.contains(language == .ko ? "운영하는 사업이 없습니다." : "You run no program yet."))
        try PageSnapshotTests.assertSnapshot(html, named: "kpi-empty.\(language.rawValue).html")
    }
}
