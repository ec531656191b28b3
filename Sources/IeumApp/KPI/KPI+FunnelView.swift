import Foundation
import IeumCore
import Plot

/// The funnel's section and the "어떻게 셌나요" notes of every section. Cards carry
/// `data-kpi-card`/`data-value`, notes `data-kpi-note`/`data-value` with the same key, and rates
/// `data-kpi-rate` with their two counts, so tests (and anyone reading the page's source) can check
/// that a note says what its card says and that no rate passes 100 %.
extension KPIPage {
    func funnelSection(_ context: PageContext) -> Node<HTML.BodyContext> {
        let table = dashboard.funnel
        let f = dashboard.funnelReport
        return .section(
            .class("card kpi-section"), .id("kpi-\(table.key)"), .attribute(named: "aria-labelledby", value: "kpi-\(table.key)-title"),
            .h2(.id("kpi-\(table.key)-title"), .text(context.t(table.title))),
            exportLinks(table, context),
            .div(.class("kpi-figure"),
                 .div(.class("kpi-chart-box"),
                      .trusted(KPIChart.funnel(f, id: "chart-funnel", title: context.t(table.title), language: context.language))),
                 .div(.class("kpi-funnel-tables"),
                      funnelTable(f.rows, direct: false, context),
                      funnelTable(f.directRows, direct: true, context),
                      .p(.class("kpi-context"),
                         .text(context.t("참고: 기간 중 공개된 수요과제 ", "For reference: needs published in the period ")),
                         card("needs", f.needsPublished, context),
                         .text(context.t(" · 기간 중 시작한 협업 ", " · collaborations started in the period ")),
                         card("collaborations-started", f.collaborationsStarted, context)))),
            howCounted(f.notes, context)
        )
    }

    func card(_ key: String, _ value: Int64, _ context: PageContext) -> Node<HTML.BodyContext> {
        .strong(.data(named: "kpi-card", value: key), .data(named: "value", value: String(value)),
                .text(KPINumber.count(value) + context.t("건", "")))
    }

    func funnelTable(_ rows: [KPIFunnel.Row], direct: Bool, _ context: PageContext) -> Node<HTML.BodyContext> {
        let caption = direct
            ? Localized("직접 매칭: 지원서 없이 시작한 협업 (전환율 밖)", "Direct matches: collaborations started without an application (outside the rates)")
            : Localized("지원서 퍼널: 기간 중 제출된 지원서를 단계별로", "Application funnel: the period's applications, step by step")
        let first = direct ? Localized("직접 매칭 대비", "Of direct matches") : Localized("지원서 대비", "Of applications")
        return .div(.class("table-wrap"), .table(
            .class("kpi-table"), .id(direct ? "table-funnel-direct" : "table-funnel"),
            .caption(.text(context.t(caption))),
            .thead(.tr(.forEach([Localized("단계", "Step"), Localized("건수", "Count"), Localized("전 단계 대비", "Of the step before"), first]) {
                .th(.attribute(named: "scope", value: "col"), .text(context.t($0)))
            })),
            .tbody(.forEach(rows) { row in
                .tr(.data(named: "kpi-card", value: KPIFunnel.noteKey(row.step, direct: direct)), .data(named: "value", value: String(row.count)),
                    .th(.attribute(named: "scope", value: "row"), .text(context.t(row.step.label))),
                    .td(.class("num"), .text(KPINumber.count(row.count))),
                    rateCell(row.fromPrevious, context),
                    rateCell(row.fromFirst, context))
            })
        ))
    }

    /// "9/11건, 81.8%"; the first step of a funnel is the base and has no rate.
    func rateCell(_ rate: KPIRate?, _ context: PageContext) -> Node<HTML.TableRowContext> {
        guard let rate else { return .td(.class("num"), .text(context.t("기준", "base"))) }
        return .td(.class("num"), .data(named: "kpi-rate", value: rate.percentText), .data(named: "part", value: String(rate.part)),
                   .data(named: "whole", value: String(rate.whole)), .text(context.t(rate.text)))
    }

    /// "어떻게 셌나요": the notes of a section, under its table.
    func howCounted(_ notes: [KPINote], intro: Localized? = nil, _ context: PageContext) -> Node<HTML.BodyContext> {
        .details(
            .class("kpi-how"),
            .summary(.text(context.t("어떻게 셌나요", "How we counted"))),
            .unwrap(intro) { .p(.text(context.t($0))) },
            .dl(.forEach(notes) { note in
                .group(
                    .dt(.text(context.t(note.label))),
                    .dd(.data(named: "kpi-note", value: note.key), .data(named: "value", value: String(note.value)), .text(context.t(note.text))))
            })
        )
    }

    /// The total a breakdown divides, said in the words of the funnel's "기간 중 시작한 협업".
    func breakdownNote(_ dimension: KPICalculator.Dimension, key: KPIDashboard.TableKey, total: Int64) -> KPINote {
        let n = KPINumber.count(total)
        let stage = dimension == .stage
            ? Localized(" 협업 단계는 지금의 단계입니다.", " The stage is today's.")
            : Localized("", "")
        return KPINote(key: "breakdown-\(key.rawValue)", label: dimension.label, value: total, text: Localized(
            "기간 중 시작한 협업 \(n)건(지원서에서 시작한 협업과 직접 매칭 모두)을 \(dimension.heading.ko) 기준으로 나눴습니다. 금액은 그 협업들의 기간 중 확정된 계약·투자 성과의 합입니다.\(stage.ko)",
            "The \(n) collaborations started in the period (through an application or a direct match), divided by \(dimension.heading.en.lowercased()). The amounts are their confirmed contract and investment outcomes of the period.\(stage.en)"))
    }
}
