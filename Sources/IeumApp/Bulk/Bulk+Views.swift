import Foundation
import IeumCore
import Plot

/// The pieces a list page adds for bulk actions (a checkbox per row, "select all on this page", an
/// action bar) and the preview and result pages every bulk action shares.
enum BulkView {
    /// The checkbox of one row. It sits in the row (outside the bulk form, which may not wrap a
    /// table whose rows hold forms of their own) and joins the form by its id.
    static func checkbox<Context>(form: String, id: UUID, label: String, _ context: PageContext) -> Node<Context> {
        .element(named: "input", nodes: [
            .attribute(named: "type", value: "checkbox"),
            .attribute(named: "name", value: "ids[]"),
            .attribute(named: "value", value: id.uuidString),
            .attribute(named: "form", value: form),
            .attribute(named: "class", value: "bulk-check"),
            .attribute(named: "aria-label", value: context.t("\(label) 선택", "Select \(label)")),
        ])
    }

    /// The action bar: "select all on this page" (which posts every row of the page, with or
    /// without JavaScript), the action's own fields and the button that opens the preview. Nothing
    /// changes before the preview's confirmation, so this form asks nothing.
    static func bar(
        form: String, action: String, pageIDs: [UUID], fields: Node<HTML.FormContext>, _ context: PageContext
    ) -> Node<HTML.BodyContext> {
        .form(
            .id(form), .class("bulk-bar"), .action(action), .method(.post),
            .attribute(named: "aria-label", value: context.t("여러 건 한 번에 처리", "Act on several rows at once")),
            FormKit.csrf(context),
            .forEach(pageIDs) { .input(.type(.hidden), .name("page[]"), .value($0.uuidString)) },
            .p(.class("bulk-title"), .strong(.text(context.t("선택한 항목 한 번에 처리", "Act on the selected rows")))),
            .label(.class("checkbox"),
                   .input(.type(.checkbox), .name("all"), .value("1"), .id("\(form)-all"), .attribute(named: "data-bulk-all", value: form)),
                   .text(context.t(" 이 페이지 전체 선택 (\(pageIDs.count)건)", " Select all on this page (\(pageIDs.count))"))),
            fields,
            .div(.class("actions"),
                 .button(.type(.submit), .class("secondary"), .text(context.t("변경 내용 미리보기", "Preview the changes"))))
        )
    }

    // MARK: Preview and result

    static func stateCells(_ row: BulkRow, _ context: PageContext) -> Node<HTML.TableRowContext> {
        .group(
            .td(.text(context.t(row.current))),
            .td(row.skip == nil ? .strong(.text(context.t(row.proposed))) : .text("—")),
            .td(.text(row.skip == nil ? context.t(row.notified) : "—"))
        )
    }

    static func titleCell(_ row: BulkRow) -> Node<HTML.TableRowContext> {
        .td(.unwrap(row.link, { .a(.href($0), .text(row.title)) }, else: .text(row.title)))
    }
}

/// What a bulk action will do, row by row, and the one button that does it.
struct BulkPreviewPage: Page {
    /// The page's heading, e.g. "기관 일괄 승인 미리보기".
    let heading: Localized
    /// What the action does, in a sentence.
    let summary: Localized
    let rows: [BulkRow]
    /// The confirmation's target and the action's fields carried over from the action bar.
    let confirmAction: String
    let hidden: [(String, String)]
    /// The button's text for `n` rows that change ("3개 기관 승인"), and the dialog's question.
    let button: (Int) -> Localized
    let question: (Int) -> Localized
    let back: (path: String, label: Localized)

    func title(_ context: PageContext) -> String { context.t(heading) }

    var changing: [BulkRow] { rows.filter(\.changes) }
    var skipped: [BulkRow] { rows.filter { !$0.changes } }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let count = changing.count
        return .div(
            .class("bulk-preview"),
            .h1(.text(title(context))),
            .p(.text(context.t(summary))),
            .p(.class("result-count"), .text(context.t("선택 \(rows.count)건 · 변경 \(count)건 · 건너뜀 \(skipped.count)건",
                                                       "\(rows.count) selected · \(count) will change · \(skipped.count) skipped"))),
            .if(!changing.isEmpty, .group(
                .h2(.text(context.t("바뀌는 항목", "What will change"))),
                .div(.class("table-wrap"), .table(
                    .class("bulk-changes"),
                    .thead(.tr(.th(.text(context.t("항목", "Row"))), .th(.text(context.t("현재", "Now"))),
                               .th(.text(context.t("변경 후", "Becomes"))), .th(.text(context.t("알림 받는 사람", "Who is told"))))),
                    .tbody(.forEach(changing) { row in
                        .tr(.attribute(named: "data-row", value: row.id.uuidString), BulkView.titleCell(row), BulkView.stateCells(row, context))
                    })
                ))
            )),
            .if(!skipped.isEmpty, .group(
                .h2(.text(context.t("건너뛰는 항목", "Rows left alone"))),
                .div(.class("table-wrap"), .table(
                    .class("bulk-skips"),
                    .thead(.tr(.th(.text(context.t("항목", "Row"))), .th(.text(context.t("현재", "Now"))), .th(.text(context.t("이유", "Why"))))),
                    .tbody(.forEach(skipped) { row in
                        .tr(.attribute(named: "data-row", value: row.id.uuidString), BulkView.titleCell(row),
                            .td(.text(context.t(row.current))), .td(.text(row.skip.map { context.t($0) } ?? "")))
                    })
                ))
            )),
            .if(count == 0, .p(.class("empty"), .text(context.t("바뀌는 항목이 없습니다.", "Nothing will change.")))),
            .form(
                .class("bulk-confirm"), .action(confirmAction), .method(.post),
                FormKit.csrf(context),
                .forEach(hidden) { .input(.type(.hidden), .name($0.0), .value($0.1)) },
                .forEach(rows) { .input(.type(.hidden), .name("ids[]"), .value($0.posted)) },
                .div(.class("actions"),
                     .if(count > 0, .button(.type(.submit), .class("primary"), Confirmations.ask(context.t(question(count))),
                                            .text(context.t(button(count))))),
                     .a(.class("button secondary"), .href(back.path), .text(context.t(back.label))))
            )
        )
    }
}

/// What a confirmed bulk action did, row by row.
struct BulkResultPage: Page {
    let heading: Localized
    let outcomes: [BulkOutcome]
    let back: (path: String, label: Localized)

    func title(_ context: PageContext) -> String { context.t(heading) }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let done = outcomes.filter(\.isDone).count
        let failed = outcomes.filter { if case .failed = $0.result { return true }; return false }.count
        return .div(
            .class("bulk-result"),
            .h1(.text(title(context))),
            .p(.class("result-count"), .text(context.t("처리 \(done)건 · 건너뜀 \(outcomes.count - done - failed)건 · 실패 \(failed)건",
                                                       "\(done) done · \(outcomes.count - done - failed) skipped · \(failed) failed"))),
            .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text(context.t("항목", "Row"))), .th(.text(context.t("결과", "Result"))), .th(.text(context.t("내용", "Details"))))),
                .tbody(.forEach(outcomes) { outcome in
                    .tr(.attribute(named: "data-row", value: outcome.row.id.uuidString),
                        .attribute(named: "data-result", value: Self.key(outcome.result)),
                        BulkView.titleCell(outcome.row),
                        .td(.text(context.t(Self.label(outcome.result)))),
                        .td(.text(context.t(Self.detail(outcome.result)))))
                })
            )),
            .p(.a(.class("button secondary"), .href(back.path), .text(context.t(back.label))))
        )
    }

    static func key(_ result: BulkOutcome.Result) -> String {
        switch result {
        case .done: "done"
        case .skipped: "skipped"
        case .failed: "failed"
        }
    }

    static func label(_ result: BulkOutcome.Result) -> Localized {
        switch result {
        case .done: Localized("처리함", "Done")
        case .skipped: Localized("건너뜀", "Skipped")
        case .failed: Localized("실패", "Failed")
        }
    }

    static func detail(_ result: BulkOutcome.Result) -> Localized {
        switch result {
        case .done(let text), .skipped(let text), .failed(let text): text
        }
    }
}
