import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// Issue 17, item 3: no rate passes 100 %, direct matches never inflate one, and every "어떻게 셌나요"
/// note says the number of its card — checked on the demo and on `KPIFixture`, in the computed
/// model and in the rendered page.
@Suite("KPI honesty")
struct KPIHonestyTests {
    /// What the page marks up: cards (`data-kpi-card`), notes (`data-kpi-note`) and rates (`data-kpi-rate`).
    struct Marks {
        var cards: [(key: String, value: Int64, html: String)] = []
        var notes: [(key: String, value: Int64, text: String)] = []
        var rates: [(percent: String, part: Int64, whole: Int64, text: String)] = []

        init(_ html: String) {
            for m in html.matches(of: #/<(tr|strong|table) [^>]*?data-kpi-card="([^"]+)" data-value="(-?\d+)"[^>]*>/#) {
                let close = "</\(m.output.1)>"
                let rest = html[m.range.upperBound...]
                let inner = rest.range(of: close).map { String(rest[..<$0.lowerBound]) } ?? ""
                cards.append((String(m.output.2), Int64(m.output.3)!, inner))
            }
            for m in html.matches(of: #/data-kpi-note="([^"]+)" data-value="(-?\d+)">([^<]*)</#) {
                notes.append((String(m.output.1), Int64(m.output.2)!, String(m.output.3)))
            }
            for m in html.matches(of: #/data-kpi-rate="([^"]+)" data-part="(\d+)" data-whole="(\d+)">([^<]*)</#) {
                rates.append((String(m.output.1), Int64(m.output.2)!, Int64(m.output.3)!, String(m.output.4)))
            }
        }

        func card(_ key: String) -> (key: String, value: Int64, html: String)? { cards.first { $0.key == key } }
    }

    /// The sum of the first number column of a table's rows (a breakdown's collaborations).
    static func firstColumnSum(_ tableHTML: String) -> Int64 {
        tableHTML.matches(of: #/<tr><th scope="row">[^<]*</th><td class="num">([\d,]+)</td>/#)
            .reduce(0) { $0 + Int64($1.output.1.replacingOccurrences(of: ",", with: ""))! }
    }

    /// Every rate ≤ 100 % and every note's number equal to its card's, in one rendered page.
    static func checkPage(_ html: String, korean: Bool) {
        let marks = Marks(html)
        #expect(!marks.rates.isEmpty)
        #expect(!marks.notes.isEmpty)
        for rate in marks.rates {
            #expect(rate.part <= rate.whole, "\(rate)")
            if rate.whole == 0 {
                #expect(rate.percent == "—" && rate.text == "—", "\(rate)")
            } else {
                let percent = Double(rate.percent.dropLast()) ?? 101
                #expect(rate.percent.hasSuffix("%") && percent <= 100, "\(rate)")
                #expect(rate.text.hasSuffix(rate.percent), "\(rate)")
            }
        }
        for note in marks.notes {
            let card = marks.card(note.key)
            #expect(card != nil, "note \(note.key) has no card")
            guard let card else { continue }
            #expect(card.value == note.value, "\(note.key): card \(card.value), note \(note.value)")
            guard korean else { continue }
            // the note says the card's number as the card shows it
            let count = KPINumber.count(card.value), won = KRW.text(card.value, .ko)
            let said = [count + "건", count + "개", count + "곳", won].contains { note.text.contains($0) }
            #expect(said, "\(note.key): \(note.text)")
            if card.key.hasPrefix("breakdown-") {
                #expect(firstColumnSum(card.html) == card.value, "\(card.key)")
            } else {
                #expect(card.html.contains(">\(count)<") || card.html.contains(">\(won)<") || card.html == count + "건", "\(card.key)")
            }
        }
        // the breakdowns divide exactly the collaborations started in the period
        let started = marks.card("collaborations-started")?.value
        #expect(started != nil)
        for card in marks.cards where card.key.hasPrefix("breakdown-") { #expect(card.value == started, "\(card.key)") }
        #expect(!html.contains("README"))
        #expect(!html.contains("NaN"))
        #expect(!html.contains("inf%"))
    }

    /// Every rate of a computed funnel: a part of its whole, each step inside the one before.
    static func checkModel(_ funnel: KPIFunnel) {
        for rows in [funnel.rows, funnel.directRows] {
            for (index, row) in rows.enumerated() {
                for rate in [row.fromPrevious, row.fromFirst].compactMap({ $0 }) {
                    #expect(rate.part <= rate.whole)
                    #expect((rate.fraction ?? 0) <= 1)
                }
                if index > 0 {
                    #expect(row.count <= rows[index - 1].count, "\(row.step)")
                    #expect(row.fromPrevious?.part == row.count && row.fromPrevious?.whole == rows[index - 1].count, "\(row.step)")
                }
            }
        }
        #expect(funnel.startedFromApplications + funnel.startedDirect + funnel.startedFromOtherApplications == funnel.collaborationsStarted)
    }

    @Test("the demo: every rate of every period at most 100 %, and every note on the page says its card's number, in Korean and English")
    func demo() async throws {
        try await TestApp.with(demo: true) { app in
            // given
            let web = WebClient(app)
            try await web.login("operator@ieum.demo", password: DemoData.password)
            let actor = try await #require(try await User.query(on: app.db).filter(\.$email == "operator@ieum.demo").first()).actor(on: app.db)
            let calculator = try await KPIService.report(for: try await KPIService.programs(for: actor, on: app.db), on: app.db)
            let year = KPIPeriod(year: 2026)
            // when / then: the model
            for period in [KPIPeriod(year: 2025), year, KPIPeriod(year: 2026, part: .half(1)), KPIPeriod(year: 2026, part: .half(2))] + year.quartersOfYear {
                Self.checkModel(calculator.funnel(period))
            }
            let funnel = calculator.funnel(year)
            #expect(funnel.directMatches > 0)
            // the export's funnel sheet is the same value: its counts are the steps', its rates at most 1
            let programs = try await KPIService.programs(for: actor, on: app.db)
            let sheet = try await KPIDashboard.make(programs: programs, program: nil, period: year, on: app.db).funnel
            #expect(sheet.rows.count == funnel.rows.count + funnel.directRows.count + 2)
            #expect(sheet.rows.prefix(funnel.rows.count).map { $0[2] } == funnel.rows.map { .count($0.count) })
            for row in sheet.rows {
                for case .percent(let value?) in row { #expect(value <= 1) }
            }
            #expect(funnel.row(.selected)!.count <= funnel.row(.applications)!.count)
            // when / then: the pages
            for path in ["/kpi?period=2025", "/kpi?period=2026", "/kpi?period=2026-H1", "/kpi?period=2026-Q4"] {
                let korean = try await web.get(path + "&lang=ko")
                #expect(korean.status == .ok)
                Self.checkPage(korean.body, korean: true)
                let english = try await web.get(path + "&lang=en")
                #expect(english.status == .ok)
                Self.checkPage(english.body, korean: false)
            }
            let page = try await web.get("/kpi?period=2026&lang=ko")
            #expect(page.body.contains("어떻게 셌나요"))
            #expect(page.body.contains(#"id="table-funnel-direct""#))
            let marks = Marks(page.body)
            #expect(marks.card("direct-started")?.value == funnel.directMatches)
            #expect(marks.card("funnel-applications")?.value == funnel.row(.applications)!.count)
        }
    }

    @Test("more direct matches add to their own line and leave every rate of the funnel as it was")
    func directMatches() async throws {
        try await TestApp.with { app in
            // given
            let world = try await KPIFixture.make(app)
            let before = try await KPIService.report(for: [world.programA], on: app.db).funnel(KPIPeriod(year: 2026))
            // when: two more collaborations without an application, one of them already in PoC
            try await KPIFixture.collaboration(app.db, world.programA, world.s[4], world.d1, started: "2026-09-01", path: [(.technologyVerification, "2026-09-20")])
            try await KPIFixture.collaboration(app.db, world.programA, world.s[1], world.d1, started: "2026-10-01", path: [])
            let after = try await KPIService.report(for: [world.programA], on: app.db).funnel(KPIPeriod(year: 2026))
            // then
            #expect(after.rows.map(\.count) == before.rows.map(\.count))
            #expect(after.rows.map(\.fromPrevious) == before.rows.map(\.fromPrevious))
            #expect(after.rows.map(\.fromFirst) == before.rows.map(\.fromFirst))
            #expect(after.directRows.map(\.count) == [4, 2, 1, 1])
            #expect(after.collaborationsStarted == before.collaborationsStarted + 2)
            Self.checkModel(after)
            let web = WebClient(app)
            try await web.login("operator-a@kpi.test")
            let page = try await web.get("/kpi?program=\(world.programA.id!.uuidString)&period=2026")
            #expect(page.status == .ok)
            let marks = Marks(page.body)
            #expect(marks.card("direct-started")?.value == 4)
            #expect(marks.card("funnel-selected")?.value == 1)
            #expect(page.body.contains("1/4건, 25.0%"))
            Self.checkPage(page.body, korean: true)
        }
    }

    @Test("no applications: every rate reads —, never 0 % or NaN, on the page and in the export")
    func noApplications() async throws {
        try await TestApp.with { app in
            // given: a program of agency A with nothing in it yet, and program A's second half (direct matches only)
            let world = try await KPIFixture.make(app)
            let empty = Program()
            empty.name = "다솜 신규 사업"
            empty.year = 2026
            empty.$operatorOrganization.id = world.agencyA.id
            empty.description = ""
            empty.tracks = []
            try await empty.create(on: app.db)
            let web = WebClient(app)
            try await web.login("operator-a@kpi.test")
            // when
            let emptyPage = try await web.get("/kpi?program=\(empty.id!.uuidString)&period=2026")
            let secondHalf = try await web.get("/kpi?program=\(world.programA.id!.uuidString)&period=2026-H2")
            let csv = try await web.get("/kpi/export.csv?table=funnel&program=\(empty.id!.uuidString)&period=2026")
            // then
            for page in [emptyPage, secondHalf] {
                #expect(page.status == .ok)
                let marks = Marks(page.body)
                #expect(marks.card("funnel-applications")?.value == 0)
                let funnelRates = marks.rates.filter { $0.whole == 0 }
                #expect(funnelRates.count >= 12)  // six steps, two rates each
                #expect(funnelRates.allSatisfy { $0.text == "—" })
                #expect(!page.body.contains("0/0"))
                Self.checkPage(page.body, korean: true)
            }
            #expect(Marks(secondHalf.body).card("direct-started")?.value == 1)
            #expect(csv.status == .ok)
            #expect(!csv.body.contains("NaN"))
            #expect(csv.body.contains("지원서 퍼널"))
            #expect(csv.body.contains("직접 매칭"))
        }
    }
}
