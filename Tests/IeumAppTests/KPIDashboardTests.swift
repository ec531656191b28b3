import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// `/kpi` through the real application: who may open it, and what the charts and tables say.
@Suite("KPI dashboards")
struct KPIDashboardTests {
    enum Person: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case visitor, startup, demand, investor, judge, operatorA
        var testDescription: String { rawValue }
    }

    @Test("only operators open the dashboards: visitors are sent to sign in, every other member gets 403", arguments: Person.allCases)
    func access(_ person: Person) async throws {
        try await TestApp.with { app in
            // given
            let world = try await KPIFixture.make(app)
            let web = WebClient(app)
            switch person {
            case .visitor: break
            case .startup: try await TestApp.user(app, email: "s@kpi.test", organization: world.s[0])
            case .demand: try await TestApp.user(app, email: "d@kpi.test", organization: world.d1)
            case .investor: try await TestApp.user(app, email: "i@kpi.test", organization: world.inv1)
            case .judge: try await TestApp.user(app, email: "j@kpi.test", role: .judge)
            case .operatorA: break
            }
            let email = ["startup": "s@kpi.test", "demand": "d@kpi.test", "investor": "i@kpi.test", "judge": "j@kpi.test", "operatorA": "operator-a@kpi.test"][person.rawValue]
            if let email { try await web.login(email) }
            let programA = world.programA.id!.uuidString
            // when
            let paths = ["/kpi", "/kpi?program=\(programA)&period=2026", "/kpi/export.csv?table=funnel&program=\(programA)",
                         "/kpi/export.xlsx?program=\(programA)"]
            for path in paths {
                let page = try await web.get(path)
                // then
                switch person {
                case .visitor:
                    #expect(page.status == .seeOther, "\(path)")
                    #expect(page.headers.first(name: .location)?.hasPrefix("/login?next=") == true)
                case .operatorA: #expect(page.status == .ok, "\(path)")
                default: #expect(page.status == .forbidden, "\(path)")
                }
            }
        }
    }

    @Test("a program's dashboard: SVG charts with titles and role=img, and tables of the same numbers, in Korean and English")
    func programPage() async throws {
        try await TestApp.with { app in
            // given
            let world = try await KPIFixture.make(app)
            let web = WebClient(app)
            try await web.login("operator-a@kpi.test")
            // when
            let page = try await web.get("/kpi?program=\(world.programA.id!.uuidString)&period=2026")
            // then
            #expect(page.status == .ok)
            #expect(page.body.contains("가람 오픈이노베이션"))
            #expect(page.body.contains(#"<svg class="kpi-chart kpi-targets" role="img" aria-labelledby="chart-targets-title chart-targets-desc""#))
            #expect(page.body.contains(#"<title id="chart-targets-title">목표 대비 실적 (2026년)</title>"#))
            #expect(page.body.contains(#"<title id="chart-funnel-title">협업 퍼널 (2026년)</title>"#))
            for table in ["targets", "quarterly", "funnel", "field", "cluster", "startup-stage", "demand-type", "stage"] {
                #expect(page.body.contains(#"id="table-\#(table)""#), "\(table)")
                #expect(page.body.contains("/kpi/export.csv?table=\(table)&amp;program="), "\(table)")
            }
            // the table beside the chart: 4 of 10 startups found, 3억원 of 5억원 contracts
            #expect(page.body.contains(#"<th scope="row">스타트업 발굴</th><td>2026</td><td class="num">10</td><td class="num">4</td><td class="num">40.0%</td>"#))
            #expect(page.body.contains("3억원"))
            #expect(page.body.contains("60.0%"))
            #expect(page.body.contains("75.0%"))  // 3 of 4 startups matched
            #expect(page.body.contains("1/4건, 25.0%"))  // shortlisted of the applications in the funnel
            #expect(!page.body.contains("<script>"))
            let english = try await web.get("/kpi?program=\(world.programA.id!.uuidString)&period=2026&lang=en")
            #expect(english.body.contains("Targets against actuals (2026)"))
            #expect(english.body.contains("Startups found"))
            #expect(english.body.contains("KRW 3 hundred-million (억)"))
        }
    }

    @Test("an agency's operator sees only its programs; another agency's program answers 404; a bad period 400")
    func scopedOperator() async throws {
        try await TestApp.with { app in
            // given
            let world = try await KPIFixture.make(app)
            let web = WebClient(app)
            try await web.login("operator-b@kpi.test")
            // when
            let mine = try await web.get("/kpi?period=2026")
            let other = try await web.get("/kpi?program=\(world.programA.id!.uuidString)")
            let otherExport = try await web.get("/kpi/export.csv?table=targets&program=\(world.programA.id!.uuidString)")
            let badPeriod = try await web.get("/kpi?period=2026-Q9")
            // then
            #expect(mine.status == .ok)
            #expect(mine.body.contains("나래 협업 프로그램"))
            #expect(!mine.body.contains("가람 오픈이노베이션"))
            #expect(other.status == .notFound)
            #expect(otherExport.status == .notFound)
            #expect(badPeriod.status == .badRequest)
        }
    }

    @Test("the agency-wide dashboard of a platform operator adds a table per program")
    func agencyWide() async throws {
        try await TestApp.with { app in
            _ = try await KPIFixture.make(app)
            let web = WebClient(app)
            try await web.login("platform@kpi.test")
            let page = try await web.get("/kpi?period=2026")
            #expect(page.status == .ok)
            #expect(page.body.contains("운영 사업 전체 (2개)"))
            #expect(page.body.contains(#"id="table-programs""#))
            #expect(page.body.contains("가람 오픈이노베이션"))
            #expect(page.body.contains("나래 협업 프로그램"))
            // 1.2억 + 0 … the agency-wide investment is 12억원
            #expect(page.body.contains("12억원"))
        }
    }

    @Test("the demo tells a story: the demo operator's dashboard shows matches, PoCs and money in 2026")
    func demoDashboard() async throws {
        try await TestApp.with(demo: true) { app in
            let web = WebClient(app)
            try await web.login("operator@ieum.demo", password: DemoData.password)
            let page = try await web.get("/kpi?period=2026")
            #expect(page.status == .ok)
            #expect(page.body.contains("2026 서울 오픈이노베이션"))
            let actor = try await #require(try await User.query(on: app.db).filter(\.$email == "operator@ieum.demo").first()).actor(on: app.db)
            let programs = try await KPIService.programs(for: actor, on: app.db)
            #expect(programs.map(\.name) == ["2026 서울 오픈이노베이션"])
            let calculator = try await KPIService.report(for: programs, on: app.db)
            let year = KPIPeriod(year: 2026).interval
            #expect(calculator.actual(.startupsMatched, in: year) == 21)
            #expect(calculator.actual(.pocsCompleted, in: year) > 5)
            #expect(calculator.actual(.contractValueKRW, in: year) > 1_000_000_000)
            #expect(calculator.actual(.investmentKRW, in: year) > 1_000_000_000)
            // the selected application was submitted in December 2025: its collaboration (January
            // 2026) is in 2025's funnel and in 2026 on the line of applications from outside the period
            let funnel = calculator.funnel(KPIPeriod(year: 2026))
            #expect(funnel.rows.prefix(2).allSatisfy { $0.count > 0 })
            #expect(funnel.directMatches > 0)
            #expect(funnel.startedFromOtherApplications == 1)
            let lastYear = calculator.funnel(KPIPeriod(year: 2025))
            #expect(lastYear.rows.map(\.count) == [3, 1, 1, 1, 1, 1, 1])  // three applications in 2025, the flagship all the way to 사업화
        }
    }
}
