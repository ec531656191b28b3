import Foundation
import IeumCore
import Plot

/// `/kpi`: targets against actuals, the quarters of the year, the funnel and the breakdowns. Every
/// chart is an inline SVG with a title, and the table of the same numbers sits right beside it.
struct KPIPage: Page {
    let dashboard: KPIDashboard
    /// Periods offered in the form.
    let periods: [KPIPeriod]

    func title(_ context: PageContext) -> String { context.t("성과지표", "KPIs") }

    var scopeName: Localized {
        if let program = dashboard.program { return Localized(program.name, program.nameEn ?? program.name) }
        return Localized("운영 사업 전체 (\(dashboard.programs.count)개)", "All programs you run (\(dashboard.programs.count))")
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let d = dashboard
        let metricRows = d.calculator.rows(d.period)
        let programID = d.program?.id
        let period = d.period.code
        return .article(
            .class("kpi"),
            .div(.class("page-head"),
                 .div(.h1(.text(title(context) + " · " + context.t(scopeName))),
                      .p(.class("subtitle"), .text(context.t(d.period.label) + context.t(" · 기록에서 계산한 실적입니다.", " · actuals computed from the records")))),
                 .div(.class("page-actions"),
                      .a(.class("button"), .href(SiteRoute.kpi(.export(.xlsx)).path(query: [("program", programID?.uuidString), ("period", period)])),
                         .text(context.t("전체 표 엑셀(.xlsx) 내려받기", "Download every table (.xlsx)"))))),
            filterForm(context),
            .if(d.programs.isEmpty, .p(.class("empty"), .text(context.t("운영하는 사업이 없습니다.", "You run no program yet.")))),
            section(d.targets, context, chart: KPIChart.targets(metricRows, id: "chart-targets", title: context.t(d.targets.title), language: context.language),
                    cards: metricRows.map { ($0.metric.rawValue, $0.actual) },
                    notes: howCounted(d.calculator.notes(metricRows, d.period), intro: KPICalculator.achievementNote, context)),
            quarterlySection(context),
            funnelSection(context),
            .if(!d.perProgram.isEmpty, section(d.programTable, context, chart: nil)),
            .forEach(KPIDashboard.TableKey.allCases.compactMap { key in key.dimension.map { (key, $0) } }) { key, dimension in
                let table = d.breakdown(dimension, key: key)
                let rows = d.calculator.breakdown(dimension, d.period)
                let total = rows.reduce(Int64(0)) { $0.saturatingAdding($1.collaborations) }
                return section(table, context, chart: KPIChart.breakdown(rows, id: "chart-\(key.rawValue)", title: context.t(table.title), language: context.language),
                               total: ("breakdown-\(key.rawValue)", total),
                               notes: howCounted([breakdownNote(dimension, key: key, total: total)], context))
            },
            .p(.class("kpi-export"),
               .text(context.t("협업 목록 내려받기: ", "Download the collaboration list: ")),
               .a(.href(SiteRoute.kpi(.exportCollaborations(.csv)).path()), .text("CSV")),
               .text(" · "),
               .a(.href(SiteRoute.kpi(.exportCollaborations(.xlsx)).path()), .text(context.t("엑셀(.xlsx)", "Excel (.xlsx)"))))
        )
    }

    func filterForm(_ context: PageContext) -> Node<HTML.BodyContext> {
        let programOptions = dashboard.programs.map { (value: $0.id.uuidString, label: context.language == .en ? ($0.nameEn ?? $0.name) : $0.name) }
        return .form(
            .class("kpi-filter card"), .method(.get), .action(SiteRoute.kpi(.dashboard).path()),
            FormKit.select("program", label: context.t("사업", "Program"), options: programOptions,
                           selected: dashboard.program?.id.uuidString ?? "", errors: FieldErrors(), context: context,
                           includeEmpty: context.t("운영 사업 전체", "All my programs")),
            FormKit.select("period", label: context.t("기간", "Period"), options: periods.map { (value: $0.code, label: context.t($0.label)) },
                           selected: dashboard.period.code, errors: FieldErrors(), context: context),
            .button(.type(.submit), .text(context.t("보기", "Show")))
        )
    }

    func quarterlySection(_ context: PageContext) -> Node<HTML.BodyContext> {
        let table = dashboard.quarterly
        let charts = KPIMetric.allCases.map { metric in
            (metric, KPIChart.quarterly(metric, dashboard.calculator.quarters(metric, year: dashboard.period.year), id: "chart-q-\(metric.rawValue)",
                                        language: context.language))
        }
        return .section(
            .class("card kpi-section"), .id("kpi-\(table.key)"), .attribute(named: "aria-labelledby", value: "kpi-\(table.key)-title"),
            .h2(.id("kpi-\(table.key)-title"), .text(context.t(table.title))),
            exportLinks(table, context),
            .div(.class("kpi-small-multiples"), .forEach(charts) { metric, svg in
                .div(.class("kpi-chart-box"), .h3(.attribute(named: "aria-hidden", value: "true"), .text(context.t(metric.label))), .trusted(svg))
            }),
            tableNode(table, context)
        )
    }

    /// `wide`: the chart takes the full width and its table follows right under it. `cards`: the
    /// number each row stands for, keyed as its "어떻게 셌나요" note; `total`: the table's own.
    func section(_ table: ExportTable, _ context: PageContext, chart: TrustedMarkup?, wide: Bool = false, cards: [(String, Int64)] = [],
                 total: (String, Int64)? = nil, notes: Node<HTML.BodyContext> = .empty) -> Node<HTML.BodyContext> {
        .section(
            .class("card kpi-section"), .id("kpi-\(table.key)"), .attribute(named: "aria-labelledby", value: "kpi-\(table.key)-title"),
            .h2(.id("kpi-\(table.key)-title"), .text(context.t(table.title))),
            exportLinks(table, context),
            .div(.class(chart == nil || wide ? "kpi-figure table-only" : "kpi-figure"),
                 .unwrap(chart) { .div(.class("kpi-chart-box"), .trusted($0)) },
                 tableNode(table, context, cards: cards, total: total)),
            notes
        )
    }

    func exportLinks(_ table: ExportTable, _ context: PageContext) -> Node<HTML.BodyContext> {
        let programID = dashboard.program?.id
        let period = dashboard.period.code
        return .p(.class("kpi-export"),
                  .text(context.t("내려받기: ", "Download: ")),
                  .a(.href(SiteRoute.kpi(.export(.csv)).path(query: [("table", table.key), ("program", programID?.uuidString), ("period", period)])), .text("CSV")),
                  .text(" · "),
                  .a(.href(SiteRoute.kpi(.export(.xlsx)).path(query: [("table", table.key), ("program", programID?.uuidString), ("period", period)])), .text(context.t("엑셀(.xlsx)", "Excel (.xlsx)"))))
    }

    func tableNode(_ table: ExportTable, _ context: PageContext, cards: [(String, Int64)] = [], total: (String, Int64)? = nil) -> Node<HTML.BodyContext> {
        .div(.class("table-wrap"), .table(
            .class("kpi-table"), .id("table-\(table.key)"),
            .unwrap(total) { .data(named: "kpi-card", value: $0.0) },
            .unwrap(total) { .data(named: "value", value: String($0.1)) },
            .caption(.text(context.t(table.title))),
            .thead(.tr(.forEach(table.columns) { .th(.attribute(named: "scope", value: "col"), .text(context.t($0))) })),
            .tbody(.forEach(Array(table.rows.enumerated())) { number, row in
                let card = number < cards.count ? cards[number] : nil
                return .tr(
                    .unwrap(card) { .data(named: "kpi-card", value: $0.0) },
                    .unwrap(card) { .data(named: "value", value: String($0.1)) },
                    .forEach(Array(row.enumerated())) { index, cell in
                        index == 0
                            ? .th(.attribute(named: "scope", value: "row"), .text(cell.display(context.language)))
                            : .td(.if(Self.isNumber(cell), .class("num")), .text(cell.display(context.language)))
                    })
            })
        ))
    }

    static func isNumber(_ cell: ExportCell) -> Bool {
        switch cell {
        case .count, .won, .percent: true
        default: false
        }
    }
}
