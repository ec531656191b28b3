import Foundation
import IeumCore
import Plot

struct ResultsPage: Page {
    let round: EvaluationRound
    let results: RoundResults
    let comparing: Bool

    func title(_ context: PageContext) -> String { context.t("평가 결과", "Results") + " · " + RoundView.title(round, context) }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let id = round.storedID
        let method = results.rule.method
        let canSelect = round.status == .closed && round.kind != .competition
        let canAward = round.status == .closed && round.kind == .competition
        return .article(.class("results"),
            .div(.class("page-head"),
                 .div(.h1(.text(title(context))), .p(.class("meta"), RoundView.statusBadge(round, context),
                                                  .text(" " + context.t("산정: ", "Method: ") + context.t(method.label)))),
                 .div(.class("page-actions"),
                      .a(.class("button secondary"), .href(SiteURL.round(id).path), .text(context.t("평가 관리", "Manage round"))),
                      .a(.class("button secondary"), .href(SiteRoute.evaluations(.resultsCSV).path(id)), .text("CSV")),
                      .a(.class("button secondary"), .href(SiteRoute.evaluations(.resultsXLSX).path(id)), .text("Excel")))),
            .nav(.class("tabs"), .attribute(named: "aria-label", value: context.t("산정 방식 비교", "Compare methods")),
                 .forEach(AggregationMethod.allCases) { m in
                     .a(.href(SiteURL.roundResults(id, method: m.rawValue).path), .if(m == method, .attribute(named: "aria-current", value: "page")), .text(context.t(m.label)))
                 }),
            .if(comparing, .p(.class("hint"), .text(context.t("비교용 산정입니다. 선정에는 평가에 설정된 방식이 쓰입니다.", "For comparison only; selection uses the round's own method.")))),
            .form(.id("select-form"), .action(SiteRoute.evaluations(canAward ? .awards : .select).path(id)), .method(.post),
                FormKit.csrf(context),
                .div(.class("table-wrap"), .table(.class("results-table"),
                    .thead(.tr(.th(.text(context.t("순위", "Rank"))), .th(.text(context.t("평가 대상", "Entry"))), .th(.text(context.t("점수", "Score"))),
                               .th(.text(context.t("평균", "Mean"))), .th(.text(context.t("편차", "Spread"))), .th(.text(context.t("미제출", "Missing"))),
                               .forEach(results.judges) { .th(.text($0.name)) },
                               .th(.text(context.t(canAward || round.kind == .competition ? "시상" : "선정", canAward || round.kind == .competition ? "Award" : "Select"))))),
                    .tbody(.forEach(results.rows) { row in
                        .tr(.class(row.result.disagreement ? "disagreement" : ""),
                            .td(.class("num"), .text(row.result.rank.map(String.init) ?? "—")),
                            .td(.text(row.entry.title)),
                            .td(.class("num score"), .text(RoundView.score(row.result.score, method: method))),
                            .td(.class("num"), .text(RoundView.score(row.result.mean, method: .mean))),
                            .td(.class("num"), .text(RoundView.score(row.result.spread, method: .mean)),
                                .if(row.result.disagreement, .span(.class("badge status-rejected"), .text(" " + context.t("편차 큼", "Disagree"))))),
                            .td(.class("num"), .text(String(row.result.missing))),
                            .forEach(results.judges) { judge in
                                let dropped = row.result.dropped.contains(judge.storedID.uuidString)
                                return .td(.class(dropped ? "num dropped" : "num"), .text((row.totals[judge.storedID].map { String(format: "%.1f", $0) } ?? "·")
                                                                                         + (dropped ? context.t(" (제외)", " (dropped)") : "")))
                            },
                            .td(canAward
                                ? .select(.attribute(named: "name", value: "award-\(row.entry.storedID.uuidString)"),
                                          .attribute(named: "aria-label", value: context.t("시상", "Award") + " " + row.entry.title),
                                          FormKit.option(value: "", label: "—", selected: row.entry.award == nil),
                                          .forEach(EvaluationService.awards) { a in FormKit.option(value: a, label: context.t(EvaluationService.awardLabel(a)), selected: row.entry.award == a) })
                                : canSelect
                                    ? .input(.type(.checkbox), .name("entries[]"), .value(row.entry.storedID.uuidString),
                                             .attribute(named: "aria-label", value: context.t("선정", "Select") + " " + row.entry.title))
                                    : .text(row.entry.award.map { context.t(EvaluationService.awardLabel($0)) } ?? (row.entry.selected ? context.t("선정", "Selected") : ""))))
                    }))),
                .if(canSelect, .p(.class("hint"), .text(context.t("최대 \(round.capacity)건까지 선정할 수 있습니다. 선정하면 협업 과제가 시작됩니다.",
                                                                  "Select up to \(round.capacity); each selection starts a collaboration.")))),
                .if(canSelect, .button(.type(.submit), .class("button"),
                                       Confirmations.ask(context.t("표시한 평가 대상을 최종 선정할까요? 선정마다 협업 과제가 시작되고 당사자에게 알림이 가며, 되돌릴 수 없습니다.",
                                                                   "Select the ticked entries? Each selection starts a collaboration and tells its parties; this cannot be undone.")),
                                       .text(context.t("최종 선정", "Select")))),
                .if(canAward, .button(.type(.submit), .class("button"),
                                      Confirmations.ask(context.t("고른 대로 시상을 확정할까요? 평가가 결정으로 끝나고 되돌릴 수 없습니다.",
                                                                  "Decide the awards as chosen? The round ends as decided, and this cannot be undone.")),
                                      .text(context.t("시상 확정", "Decide the awards"))))))
    }
}
