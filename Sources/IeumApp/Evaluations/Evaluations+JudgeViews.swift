import Foundation
import IeumCore
import Plot

struct JudgeRoundPage: Page {
    let data: EvaluationQuery.JudgeData
    let pledgeError: Localized?

    func title(_ context: PageContext) -> String { RoundView.title(data.round, context) }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let id = data.round.storedID
        return .article(.class("round judge-view"),
            .div(.class("page-head"), .div(.h1(.text(title(context))), .p(.class("meta"), .text(RoundView.period(data.round, context))))),
            .if(!data.pledged, .form(.class("card pledge"), .id("pledge-form"), .action(SiteRoute.evaluations(.pledge).path(id)), .method(.post),
                FormKit.csrf(context),
                .h2(.text(context.t("이해충돌 서약", "Conflict-of-interest pledge"))),
                .p(.text(context.t("아래 과제의 기업이나 수요기관에 현재 또는 과거에 재직·투자·자문하였거나 특수관계가 있으면 표시하세요. 표시한 과제는 배정에서 빠집니다.",
                                   "Tick every entry whose company or demand organisation you work or worked for, invested in, advise or are related to. Ticked entries are taken off your list."))),
                .fieldset(.class("field checkbox-group"), .element(named: "legend", text: context.t("이해충돌이 있는 과제", "Entries with a conflict")),
                    .div(.class("checkbox-grid"), .forEach(data.items.enumerated()) { index, item in
                        .label(.class("checkbox"), .input(.type(.checkbox), .name("conflicts[]"), .value(item.entry.storedID.uuidString), .id("conflict-\(index)")),
                               .text(" " + item.entry.title))
                    })),
                .div(.class(pledgeError == nil ? "field" : "field has-error"),
                     .label(.class("checkbox"), .input(.type(.checkbox), .name("agree"), .value("1"), .id("agree")),
                            .text(" " + context.t("위 내용이 사실이며, 심사 내용과 점수를 외부에 알리지 않을 것을 서약합니다.",
                                                  "I confirm the above and pledge to keep the entries and scores confidential."))),
                     .unwrap(pledgeError) { .p(.class("field-error"), .id("agree-error"), .text(context.t($0))) }),
                FormKit.submit(context.t("서약하고 시작", "Pledge and start")))),
            .if(data.pledged, .section(.class("card"), .id("my-entries"),
                .h2(.text(context.t("배정된 평가 대상", "Your entries"))),
                .p(.class("progress"), .id("progress"), .text(context.t("\(data.submitted) / \(data.items.count) 완료", "\(data.submitted) / \(data.items.count) done"))),
                .if(data.items.isEmpty, .p(.class("empty"), .text(context.t("배정된 과제가 없습니다.", "Nothing is assigned to you.")))),
                .ul(.class("entry-list"), .forEach(data.items) { item in
                    .li(.a(.href(SiteURL.roundEntry(id, item.entry.storedID).path), .text(item.entry.title)), .text(" "),
                        .span(.class(item.status == .submitted ? "badge status-approved" : "badge status-pending"),
                              .text(item.status.map { context.t($0.label) } ?? context.t("미작성", "Not started"))),
                        .if(!item.coJudges.isEmpty, .p(.class("meta"), .text(context.t("함께 심사: ", "Also judging: ") + item.coJudges.joined(separator: ", ")))))
                })))
        )
    }
}

/// A score sheet: the judge's form (or, for the operator, a read-only view with its history).
struct SheetPage: Page {
    let data: EvaluationQuery.SheetData
    let input: SheetInput?
    let errors: FieldErrors

    func title(_ context: PageContext) -> String { context.t("평가표", "Score sheet") + " · " + data.entry.title }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let round = data.round
        let id = round.storedID
        let sheet = data.sheet
        let locked = data.operatorView || sheet?.status == .submitted || !data.pledged
        let scores = sheet?.scores ?? [:], comments = sheet?.comments ?? [:]
        let weightSum = data.criteria.reduce(0) { $0 + $1.weight }
        let total = sheet.flatMap { ScoreMaths.weightedTotal($0.scores, rubric: data.criteria.map(\.item)) }
        return .article(.class("sheet"),
            .div(.class("page-head"),
                 .div(.h1(.text(data.entry.title)),
                      .p(.class("meta"), .text(RoundView.title(round, context) + " · " + context.t("심사위원: ", "Judge: ") + data.judgeName + " · "),
                         .text(sheet.map { context.t($0.status.label) } ?? context.t("미작성", "Not started")))),
                 .div(.class("page-actions"), .a(.class("button secondary"), .href(SiteURL.round(id).path), .text(context.t("목록으로", "Back"))))),
            .if(data.operatorView && data.panel.count > 1, .nav(.class("tabs"), .attribute(named: "aria-label", value: context.t("심사위원", "Judges")),
                .forEach(data.panel) { e in .a(.href(SiteURL.roundEntry(id, data.entry.storedID).path(query: [("judge", e.storedID.uuidString)])), .text(e.name)) })),
            .if(!data.coJudges.isEmpty, .p(.class("meta"), .text(context.t("함께 심사: ", "Also judging: ") + data.coJudges.joined(separator: ", ")))),
            details(context),
            .form(.class("card sheet-form"), .id("sheet-form"), .action(SiteURL.roundEntry(id, data.entry.storedID).path), .method(.post), .novalidate(),
                FormKit.csrf(context),
                ProgramForms.summary(errors, context),
                .unwrap(errors["sheet"]) { .p(.class("field-error"), .attribute(named: "role", value: "alert"), .text(context.t($0))) },
                .forEach(data.criteria) { criterionFields($0, input: input, scores: scores, comments: comments, locked: locked, weightSum: weightSum, context) },
                .div(.class("field"), .label(.for("overallComment"), .text(context.t("종합 의견", "Overall comment"))),
                     .textarea(.id("overallComment"), .name("overallComment"), .attribute(named: "rows", value: "3"),
                               .if(locked, .attribute(named: "readonly", value: "readonly")), .text(input?.overallComment ?? sheet?.overallComment ?? ""))),
                .unwrap(total) { .p(.class("total"), .id("sheet-total"), .text(context.t("환산 점수: ", "Total: ") + String(format: "%.2f", $0) + context.t("점 / 100점", " / 100"))) },
                .if(!locked, .div(.class("form-actions"),
                    .button(.type(.submit), .class("button secondary"), .name("action"), .value("save"), .text(context.t("임시 저장", "Save draft"))),
                    .button(.type(.submit), .class("button"), .name("action"), .value("submit"),
                            .attribute(named: "data-confirm", value: context.t("제출하면 수정할 수 없습니다. 제출할까요?", "A submitted sheet is locked. Submit?")),
                            .text(context.t("제출", "Submit"))))),
                .if(!data.operatorView && sheet?.status == .submitted,
                    .p(.class("hint"), .text(context.t("제출한 평가표는 잠겨 있습니다. 고치려면 운영기관에 재개를 요청하세요.", "A submitted sheet is locked; ask the operator to reopen it."))))),
            .if(data.operatorView, history(context))
        )
    }

    func criterionFields(_ c: RubricCriterion, input: SheetInput?, scores: [String: Double], comments: [String: String], locked: Bool,
                         weightSum: Double, _ context: PageContext) -> Node<HTML.FormContext> {
        let key = c.storedID.uuidString
        let value = input?.scores[key] ?? scores[key].map { String(format: "%g", $0) } ?? ""
        let comment = input?.comments[key] ?? comments[key] ?? ""
        let field = "score-\(key)"
        let percent = String(format: "%g", (c.weight / max(weightSum, 1) * 1000).rounded() / 10)
        let name = context.language == .en ? c.titleEn : c.title
        let legend = name + context.t(" (배점 \(c.maxScore)점, 가중치 \(percent)%)", " (max \(c.maxScore), weight \(percent)%)")
        let scoreInput: Node<HTML.FormContext> = .input(.type(.number), .id(field), .name(field), .value(value),
            .attribute(named: "min", value: "0"), .attribute(named: "max", value: String(c.maxScore)), .attribute(named: "step", value: "0.5"),
            .attribute(named: "aria-invalid", value: errors[field] != nil ? "true" : nil),
            .attribute(named: "readonly", value: locked ? "readonly" : nil))
        let commentBox: Node<HTML.FormContext> = .textarea(.id("comment-\(key)"), .name("comment-\(key)"), .attribute(named: "rows", value: "2"),
            .if(locked, .attribute(named: "readonly", value: "readonly")), .text(comment))
        return .fieldset(.class(errors[field] == nil ? "field criterion" : "field criterion has-error"),
            .element(named: "legend", text: legend),
            .p(.class("hint"), .text(context.language == .en ? c.descriptionEn : c.description)),
            .label(.for(field), .text(context.t("점수", "Score"))),
            scoreInput,
            FormKit.error(field, errors, context),
            .label(.for("comment-\(key)"), .text(context.t("의견", "Comment"))),
            commentBox)
    }

    func details(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(.class("card entry-details"), .id("entry-details"),
            .h2(.text(context.t("평가 대상 내용", "The entry"))),
            .unwrap(data.need) { need in .p(.class("meta"), .text(context.t("수요과제: ", "Need: ") + need.title)) },
            .unwrap(data.application) { a in
                .dl(.class("proposal"),
                    .dt(.text(context.t("제안 솔루션", "Proposed solution"))), .dd(.text(a.solution)),
                    .dt(.text(context.t("차별성", "Differentiation"))), .dd(.text(a.differentiation)),
                    .dt(.text(context.t("PoC 계획", "PoC plan"))), .dd(.text(a.pocPlan)),
                    .dt(.text(context.t("기대 효과", "Expected results"))), .dd(.text(a.expectedResults)),
                    .dt(.text(context.t("예산", "Budget"))), .dd(.text(a.budgetKRW.map { KRW.text($0, context.language) } ?? "—")))
            },
            .unwrap(data.collaboration) { c in
                .div(.p(.text(context.t("현재 단계: ", "Stage: ") + context.t(c.stage.label))),
                     .if(data.outcomes.isEmpty, .p(.class("empty"), .text(context.t("확정된 성과가 없습니다.", "No confirmed outcome.")))),
                     .ul(.forEach(data.outcomes) { o in
                         .li(.text(context.t(o.kind.label) + ": " + (o.amountKRW.map { KRW.text($0, context.language) } ?? o.count.map(String.init) ?? "") + " " + o.note))
                     }))
            })
    }

    func history(_ context: PageContext) -> Node<HTML.BodyContext> {
        let id = data.round.storedID
        return .section(.class("card"), .id("history"),
            .h2(.text(context.t("변경 기록", "History"))),
            .if(data.events.isEmpty, .p(.class("empty"), .text(context.t("기록이 없습니다.", "No change yet.")))),
            .ul(.forEach(data.events) { e in
                let action = switch e.action {
                case "submitted": Localized("제출", "Submitted")
                case "reopened": Localized("재개", "Reopened")
                default: Localized("임시 저장", "Saved")
                }
                return .li(.text("\(SeoulTime.dateTime(e.at)) · \(e.actorName) · \(context.t(action))" + (e.note.isEmpty ? "" : " · \(e.note)")))
            }),
            .unwrap(data.sheet) { sheet in
                .if(sheet.status == .submitted && data.round.status == .open,
                    .form(.class("inline-fields"), .id("reopen-form"), .action(SiteRoute.evaluations(.reopen).path(id, sheet.storedID)), .method(.post),
                        FormKit.csrf(context),
                        FormKit.text("reason", label: context.t("재개 사유", "Reason for reopening"), value: "", errors: FieldErrors(), context: context, required: true),
                        FormKit.submit(context.t("평가표 재개", "Reopen the sheet"))))
            })
    }
}

/// `/rounds/:id/results`: the ranking by the round's method (or another, to compare), exports,
/// and the selection or the awards.
