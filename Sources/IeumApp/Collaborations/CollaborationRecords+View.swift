import Foundation
import IeumCore
import Plot

/// The records of a collaboration's page: evidence files, funding per stage, milestones, outcomes.
extension CollaborationPage {
    func filesSection(_ context: PageContext) -> Node<HTML.BodyContext> {
        let errors = data.forms.fileErrors
        return .section(.class("card"), .id("files"),
            .h2(.text(context.t("증빙 자료", "Evidence"))),
            .if(data.files.isEmpty, .p(.class("empty"), .text(context.t("올린 증빙 파일이 없습니다.", "No evidence files yet.")))),
            .ul(.forEach(data.files) { file in
                .li(.a(.href(SiteURL.collaborationPart(id, .file(file.storedID)).path), .text(file.originalName)),
                    .text(" · \(file.kind.uppercased()) · \(ApplicationPage.size(file.byteCount)) · \(SeoulTime.dateTime(file.createdAt))"),
                    .unwrap(file.stage) { .text(" · " + context.t($0.label)) })
            }),
            .if(data.canWork, .group(
                CollaborationView.formMessage(errors, context),
                .form(.method(.post), .action(SiteURL.collaborationPart(id, .files).path), .enctype(.multipartData), .class("upload-form"),
                      FormKit.csrf(context),
                      .div(.class("field"), .label(.for("evidence-file"), .text(context.t("파일 선택", "Choose a file"))),
                           .p(.class("hint"), .id("evidence-file-hint"),
                              .text(context.t("PDF, PPTX, DOCX, HWP/HWPX, PNG, JPG · 파일당 10MB. 파일 내용으로 형식을 확인합니다.",
                                              "PDF, PPTX, DOCX, HWP/HWPX, PNG, JPG · 10 MB per file. The kind is checked from the content."))),
                           .input(.type(.file), .id("evidence-file"), .name("file"), .attribute(named: "aria-describedby", value: "evidence-file-hint"),
                                  .attribute(named: "accept", value: ".pdf,.pptx,.docx,.hwp,.hwpx,.png,.jpg,.jpeg"))),
                      FormKit.submit(context.t("올리기", "Upload")))))
        )
    }

    func fundingSection(_ context: PageContext) -> Node<HTML.BodyContext> {
        let errors = data.forms.fundingErrors
        let money = { (value: Int64) in KRW.text(value, context.language) }
        // Stored amounts are summed with checked arithmetic: a row written outside the form cannot stop the page.
        let total = (data.funding.saturatingSum(\.governmentKRW), data.funding.saturatingSum(\.demandKRW), data.funding.saturatingSum(\.spentKRW))
        var input = data.forms.funding
        if input.stage.isEmpty && !data.collaboration.stage.isFinal { input.stage = data.collaboration.stage.rawValue }
        let workingStages = CollaborationStage.allCases.filter { !$0.isFinal }
        return .section(.class("card"), .id("funding"),
            .h2(.text(context.t("단계별 재원", "Funding per stage"))),
            .if(data.funding.isEmpty, .p(.class("empty"), .text(context.t("기록한 재원이 없습니다.", "No funding recorded.")))),
            .if(!data.funding.isEmpty, .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text(context.t("단계", "Stage"))), .th(.text(context.t("지원금", "Government support"))),
                           .th(.text(context.t("수요기관 분담금", "Demand contribution"))), .th(.text(context.t("집행액", "Spent"))),
                           .th(.text(context.t("집행률", "Spent share"))))),
                .tbody(.forEach(data.funding) { row in
                    .tr(.td(.text(context.t(row.stage.label))), .td(.class("num"), .text(money(row.governmentKRW))), .td(.class("num"), .text(money(row.demandKRW))),
                        .td(.class("num"), .text(money(row.spentKRW))), .td(.class("num"), .text(Self.share(row.spentKRW, row.governmentKRW.saturatingAdding(row.demandKRW)))))
                }),
                .tfoot(.tr(.th(.text(context.t("합계", "Total"))), .td(.class("num"), .text(money(total.0))), .td(.class("num"), .text(money(total.1))),
                           .td(.class("num"), .text(money(total.2))), .td(.class("num"), .text(Self.share(total.2, total.0.saturatingAdding(total.1))))))))),
            .if(data.canWork, .group(
                CollaborationView.formMessage(errors, context),
                .form(.method(.post), .action(SiteURL.collaborationPart(id, .funding).path), .class("inline-fields"), .attribute(named: "novalidate", value: "novalidate"),
                    FormKit.csrf(context),
                    CollaborationView.select("stage", id: "funding-stage", label: context.t("단계", "Stage"), options: CollaborationView.stageOptions(workingStages, context),
                                             selected: input.stage, errors: errors, context: context, required: true),
                    FormKit.text("government", label: context.t("지원금(원)", "Government support (KRW)"), value: input.government, errors: errors, context: context,
                                 hint: context.t("예: 50000000, 5000만원, 1.5억", "e.g. 50000000, 5000만원, 1.5억"), id: "funding-government"),
                    FormKit.text("demand", label: context.t("수요기관 분담금(원)", "Demand contribution (KRW)"), value: input.demand, errors: errors, context: context, id: "funding-demand"),
                    FormKit.text("spent", label: context.t("집행액(원)", "Spent (KRW)"), value: input.spent, errors: errors, context: context, id: "funding-spent"),
                    FormKit.submit(context.t("재원 저장", "Save funding")))))
        )
    }

    static func share(_ part: Int64, _ whole: Int64) -> String {
        whole > 0 ? String(format: "%.0f%%", Double(part) / Double(whole) * 100) : "-"
    }

    func milestonesSection(_ context: PageContext) -> Node<HTML.BodyContext> {
        let errors = data.forms.milestoneErrors
        var input = data.forms.milestone
        if input.stage.isEmpty && !data.collaboration.stage.isFinal { input.stage = data.collaboration.stage.rawValue }
        return .section(.class("card"), .id("milestones"),
            .h2(.text(context.t("마일스톤", "Milestones"))),
            .if(data.milestones.isEmpty, .p(.class("empty"), .text(context.t("등록한 마일스톤이 없습니다.", "No milestones yet.")))),
            .if(!data.milestones.isEmpty, .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text(context.t("마일스톤", "Milestone"))), .th(.text(context.t("단계", "Stage"))), .th(.text(context.t("기한", "Due"))),
                           .th(.text(context.t("상태", "Status"))), .if(data.canWork, .th(.span(.class("sr-only"), .text(context.t("처리", "Action"))))))),
                .tbody(.forEach(data.milestones) { m in
                    .tr(.class(m.isOverdue(at: data.now) ? "overdue-row" : ""),
                        .td(.text(m.title)), .td(.text(context.t(m.stage.label))), .td(.text(SeoulTime.date(m.dueAt))),
                        .td(m.doneAt.map { .span(.class("badge status-approved"), .text(context.t("완료 ", "Done ") + SeoulTime.date($0))) }
                            ?? (m.isOverdue(at: data.now) ? .span(.class("badge overdue"), .text(context.t("지연", "Overdue")))
                                                          : .span(.class("badge"), .text(context.t("예정", "Open"))))),
                        .if(data.canWork, .td(.if(m.doneAt == nil,
                            NeedView.csrfForm(SiteURL.collaborationPart(id, .milestoneDone(m.storedID)).path, context,
                                .button(.type(.submit), .class("link-button"),
                                        Confirmations.ask(context.t("마일스톤 ‘\(m.title)’을(를) 완료로 표시할까요? 되돌릴 수 없습니다.",
                                                                    "Mark the milestone ‘\(m.title)’ done? This cannot be undone.")),
                                        .text(context.t("완료", "Mark done"))))))))
                })))),
            .if(data.canWork, .group(
                CollaborationView.formMessage(errors, context),
                .form(.method(.post), .action(SiteURL.collaborationPart(id, .milestones).path), .class("inline-fields"), .attribute(named: "novalidate", value: "novalidate"),
                    FormKit.csrf(context),
                    CollaborationView.select("stage", id: "milestone-stage", label: context.t("단계", "Stage"),
                                             options: CollaborationView.stageOptions(CollaborationStage.allCases.filter { !$0.isFinal }, context),
                                             selected: input.stage, errors: errors, context: context, required: true),
                    FormKit.text("title", label: context.t("마일스톤", "Milestone"), value: input.title, errors: errors, context: context, required: true, id: "milestone-title"),
                    FormKit.text("dueAt", label: context.t("기한(한국시간)", "Due (Seoul time)"), value: input.dueAt, errors: errors, context: context,
                                 type: .date, required: true, id: "milestone-due"),
                    FormKit.submit(context.t("마일스톤 추가", "Add milestone")))))
        )
    }

    func outcomesSection(_ context: PageContext) -> Node<HTML.BodyContext> {
        let errors = data.forms.outcomeErrors
        var input = data.forms.outcome
        if input.occurredOn.isEmpty { input.occurredOn = SeoulTime.date(data.now) }
        let investorChoices = data.investors.compactMap { o in o.id.map { ($0.uuidString, CollaborationView.name(o, context)) } }
        return .section(.class("card"), .id("outcomes"),
            .h2(.text(context.t("성과", "Outcomes"))),
            .p(.class("hint"), .text(context.t("운영기관이 확인한 성과만 성과지표에 집계됩니다.", "Only outcomes the operator confirmed count in the KPIs."))),
            .if(data.outcomes.isEmpty, .p(.class("empty"), .text(context.t("기록한 성과가 없습니다.", "No outcomes yet.")))),
            CollaborationView.formMessage(data.forms.outcome.kind.isEmpty ? errors : FieldErrors(), context),
            .if(!data.outcomes.isEmpty, .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text(context.t("종류", "Kind"))), .th(.text(context.t("금액·건수", "Amount / count"))), .th(.text(context.t("투자기관", "Investor"))),
                           .th(.text(context.t("일자", "Date"))), .th(.text(context.t("메모", "Note"))), .th(.text(context.t("상태", "Status"))),
                           .th(.text(context.t("집계", "Counted"))))),
                .tbody(.forEach(data.outcomes) { o in
                    .tr(.td(.text(context.t(o.kind.label))),
                        .td(.class("num"), .text(o.amountKRW.map { KRW.text($0, context.language) } ?? o.count.map { String($0) } ?? "-")),
                        .td(.text(o.investor.map { CollaborationView.name($0, context) } ?? "-")),
                        .td(.text(SeoulTime.date(o.occurredOn))),
                        .td(.text(o.note)),
                        .td(.span(.class("badge outcome-\(o.status.rawValue)"), .text(context.t(o.status.label))),
                            .if(o.status == .pending && data.canApprove, .div(.class("rec-actions"),
                                NeedView.csrfForm(SiteURL.collaborationPart(id, .outcomeDecision(o.storedID)).path, context,
                                    .input(.type(.hidden), .name("decision"), .value("confirm")),
                                    .button(.type(.submit), .class("link-button"),
                                            Confirmations.ask(context.t("‘\(o.kind.label.ko)’ 성과를 확인할까요? 성과지표에 집계되고, 참여 기관에 알림이 갑니다.",
                                                                        "Confirm the ‘\(o.kind.label.en)’ outcome? It counts in the KPIs, and the parties are told.")),
                                            .text(context.t("확인", "Confirm")))),
                                NeedView.csrfForm(SiteURL.collaborationPart(id, .outcomeDecision(o.storedID)).path, context,
                                    .input(.type(.hidden), .name("decision"), .value("reject")),
                                    .button(.type(.submit), .class("link-button"),
                                            Confirmations.ask(context.t("‘\(o.kind.label.ko)’ 성과를 반려할까요? 집계되지 않고, 참여 기관에 알림이 갑니다.",
                                                                        "Reject the ‘\(o.kind.label.en)’ outcome? It does not count, and the parties are told.")),
                                            .text(context.t("반려", "Reject"))))))),
                        .td(.text(o.status == .confirmed ? context.t("집계 반영", "Counted") : "-")))
                })))),
            .if(data.canWork, .group(
                .h3(.text(context.t("성과 입력", "Record an outcome"))),
                CollaborationView.formMessage(data.forms.outcome.kind.isEmpty ? FieldErrors() : errors, context),
                .form(.method(.post), .action(SiteURL.collaborationPart(id, .outcomes).path), .class("inline-fields"), .attribute(named: "novalidate", value: "novalidate"),
                    FormKit.csrf(context),
                    CollaborationView.select("kind", id: "outcome-kind", label: context.t("종류", "Kind"),
                                             options: OutcomeKind.allCases.map { ($0.rawValue, context.t($0.label)) },
                                             selected: input.kind, errors: errors, context: context, required: true),
                    FormKit.text("amount", label: context.t("금액(원) — 계약·투자·수출", "Amount (KRW) — contract, investment, exports"), value: input.amount,
                                 errors: errors, context: context, hint: context.t("예: 3억, 120000000", "e.g. 3억, 120000000"), id: "outcome-amount"),
                    FormKit.text("count", label: context.t("건수·인원 — 일자리·특허·후속 협업", "Count — jobs, patents, follow-on"), value: input.count,
                                 errors: errors, context: context, type: .number, id: "outcome-count"),
                    CollaborationView.select("investorID", id: "outcome-investor", label: context.t("투자기관 (투자 유치)", "Investor (investment)"),
                                             options: investorChoices, selected: input.investorID, errors: errors, context: context, includeEmpty: context.t("없음", "None")),
                    FormKit.text("occurredOn", label: context.t("일자", "Date"), value: input.occurredOn, errors: errors, context: context, type: .date,
                                 required: true, id: "outcome-date"),
                    CollaborationView.textarea("note", id: "outcome-note", label: context.t("메모", "Note"), value: input.note, errors: errors, context: context, rows: 2),
                    FormKit.submit(context.t("성과 기록", "Record outcome")))))
        )
    }
}
