import Foundation
import IeumCore
import Plot

struct ApplicationPage: Page {
    let application: NeedApplication
    let need: Need
    let call: Call?
    let startup: Organization
    let attachments: [ProposalAttachment]
    let history: [HistoryEntry]
    let canEdit: Bool
    let canWithdraw: Bool
    let canReview: Bool
    let now: Date

    func title(_ context: PageContext) -> String { context.t("지원서", "Application") + " — " + NeedView.title(need, context) }

    static func paragraphs(_ text: String) -> Node<HTML.BodyContext> {
        .forEach(text.split(separator: "\n", omittingEmptySubsequences: false)) { .p(.text(String($0))) }
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let id = application.storedID
        let deadline = need.applicationDeadline(call: call)
        return .div(
            .div(.class("page-head"), .h1(.text(title(context))),
                 .div(.class("page-actions"),
                      .if(canEdit, .a(.class("button"), .href(SiteURL.applicationEdit(id).path), .text(context.t("작성 계속하기", "Continue editing")))),
                      .a(.class("button secondary"), .href(SiteURL.need(need.storedID).path), .text(context.t("과제 보기", "See the need"))))),
            .section(.class("card profile"),
                .p(.class("meta"), .span(.text(startup.name + " · ")), .span(.id("application-status"), NeedView.applicationBadge(application.status, context))),
                .unwrap(application.decisionReason) { reason in
                    .div(.class("decision"), .id("decision-reason"), .strong(.text(context.t("결정 사유: ", "Reason: "))), .text(reason))
                },
                .dl(.dt(.text(context.t("지원 마감", "Deadline"))), .dd(.text(NeedView.deadline(deadline, context))),
                    .dt(.text(context.t("제출", "Submitted"))), .dd(.text(application.submittedAt.map(SeoulTime.dateTime) ?? "-")))),
            .section(.class("card confidential"), .id("proposal"),
                .h2(.text(context.t("제안서 (비공개)", "Proposal (confidential)"))),
                .h3(.text(context.t("제안 솔루션", "Solution"))), Self.paragraphs(application.solution),
                .h3(.text(context.t("차별성", "Differentiation"))), Self.paragraphs(application.differentiation),
                .h3(.text(context.t("PoC 계획", "PoC plan"))), Self.paragraphs(application.pocPlan),
                .h3(.text(context.t("기대 성과", "Expected results"))), Self.paragraphs(application.expectedResults),
                .h3(.text(context.t("예산", "Budget"))),
                .p(.text(application.budgetKRW.map { KRW.text($0, context.language) } ?? "-")), Self.paragraphs(application.budgetDetail)),
            .section(.class("card"), .id("attachments"),
                .h2(.text(context.t("첨부 파일", "Attachments"))),
                .if(attachments.isEmpty, .p(.class("empty"), .text(context.t("첨부 파일이 없습니다.", "No files.")))),
                .ul(.forEach(attachments) { file in
                    .li(.a(.href(SiteURL.attachment(id, file.storedID).path), .text(file.originalName)),
                        .text(" · \(file.kind.uppercased()) · \(Self.size(file.byteCount))"))
                })),
            .if(canWithdraw && (deadline.map { $0 > now } ?? true),
                .section(.class("card"), .id("withdraw"),
                    NeedView.csrfForm(SiteURL.applicationWithdraw(id).path, context,
                        .p(.text(context.t("마감 전에는 지원을 철회할 수 있습니다. 철회하면 다시 지원할 수 없습니다.", "You may withdraw before the deadline; you cannot apply again afterwards."))),
                        .div(.class("actions"), .button(.type(.submit), .class("secondary"),
                                                        Confirmations.ask(context.t("지원을 철회할까요? \(NeedView.title(need, context)) 과제에는 다시 지원할 수 없고, 수요기관에 알림이 갑니다.",
                                                                                    "Withdraw the application? You cannot apply to \(NeedView.title(need, context)) again, and the organisation is told.")),
                                                        .text(context.t("지원 철회", "Withdraw")))))))
            ,
            .if(canReview, .section(.class("card"), .id("review"),
                .h2(.text(context.t("심사 결정", "Decision"))),
                NeedView.csrfForm(SiteURL.applicationReview(id).path, context, class: "review-form",
                    FormKit.decisionSelect("status", label: context.t("새 상태", "New status"), current: context.t(application.status.label),
                                           options: application.status.reviewTransitions.map { ($0.rawValue, context.t($0.label), reviewQuestion($0, context)) },
                                           errors: FieldErrors(), context: context),
                    FormKit.textarea("reason", label: context.t("사유 (스타트업이 읽습니다; 미선정 시 필수)", "Reason (the startup reads it; required when not selecting)"),
                                     value: "", errors: FieldErrors(), context: context, rows: 3),
                    FormKit.submit(context.t("결정 저장", "Save decision"))))),
            HistoryView.section(Localized("진행 이력", "History"), history, context: context)
        )
    }

    /// The question before a decision, naming it: the startup is told and the status does not go back.
    func reviewQuestion(_ status: ApplicationStatus, _ context: PageContext) -> String {
        context.t("\(startup.name)의 지원서를 ‘\(status.label.ko)’(으)로 결정할까요? 스타트업에 알림이 가고, 이전 상태로 되돌릴 수 없습니다.",
                  "Decide ‘\(status.label.en)’ for \(startup.name)'s application? The startup is told, and it cannot go back to the previous status.")
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1024 * 1024 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : String(format: "%.0f KB", max(1, Double(bytes) / 1024))
    }
}

struct ApplicationFormPage: Page {
    let application: NeedApplication
    let need: Need
    let call: Call?
    let input: ProposalInput
    let attachments: [ProposalAttachment]
    let errors: FieldErrors
    let message: Localized?

    func title(_ context: PageContext) -> String { context.t("지원서 작성", "Write the application") + " — " + NeedView.title(need, context) }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let id = application.storedID
        return .div(
            .h1(.text(title(context))),
            .p(.text(context.t("마감: ", "Deadline: ") + NeedView.deadline(need.applicationDeadline(call: call), context))),
            .unwrap(message) { .div(.class("form-error"), .id("form-message"), .attribute(named: "role", value: "alert"), .text(context.t($0))) },
            .if(!errors.isEmpty, .div(.class("form-error"), .attribute(named: "role", value: "alert"),
                                      .text(context.t("입력값을 확인하세요. 표시된 항목을 고치면 저장됩니다.", "Check the marked fields.")))),
            // One form for the text and a file (the text is saved first, so a refused file loses
            // nothing); ieum.js autosaves the text to the draft route while the applicant types.
            .form(.class("card proposal-form"), .id("proposal-form"), .method(.post), .action(SiteURL.application(id).path), .enctype(.multipartData),
                  .attribute(named: "novalidate", value: "novalidate"), .attribute(named: "data-autosave", value: SiteURL.applicationDraft(id).path),
                FormKit.csrf(context),
                .input(.type(.hidden), .name("version"), .value(input.version)),
                FormKit.textarea("solution", label: context.t("제안 솔루션", "Solution"), value: input.solution, errors: errors, context: context, rows: 6),
                FormKit.textarea("differentiation", label: context.t("차별성", "Differentiation"), value: input.differentiation, errors: errors, context: context, rows: 4),
                FormKit.textarea("pocPlan", label: context.t("PoC 계획", "PoC plan"), value: input.pocPlan, errors: errors, context: context, rows: 5),
                FormKit.textarea("expectedResults", label: context.t("기대 성과", "Expected results"), value: input.expectedResults, errors: errors, context: context, rows: 4),
                FormKit.text("budget", label: context.t("예산(원)", "Budget (KRW)"), value: input.budget, errors: errors, context: context,
                             hint: context.t("예: 30000000, 3000만원, 1.2억", "e.g. 30000000, 3000만원, 1.2억")),
                FormKit.textarea("budgetDetail", label: context.t("예산 내역", "Budget detail"), value: input.budgetDetail, errors: errors, context: context, rows: 3),
                .div(.class("field"), .label(.for("file"), .text(context.t("파일 첨부 (선택)", "Attach a file (optional)"))),
                     .p(.class("hint"), .id("file-hint"),
                        .text(context.t("PDF, PPTX, DOCX, HWP/HWPX, PNG, JPG · 파일당 10MB · 최대 10개. 파일을 고른 뒤 ‘임시 저장’이나 ‘제출’을 누르면 입력한 내용과 함께 저장됩니다.",
                                        "PDF, PPTX, DOCX, HWP/HWPX, PNG, JPG · 10 MB per file · at most 10 files. Choose a file, then press Save draft or Submit: it is saved with your text."))),
                     .input(.type(.file), .id("file"), .name("file"), .attribute(named: "aria-describedby", value: "file-hint"),
                            .attribute(named: "data-max-bytes", value: String(UploadedDocument.maxBytes)),
                            .attribute(named: "accept", value: ".pdf,.pptx,.docx,.hwp,.hwpx,.png,.jpg,.jpeg"))),
                .p(.class("hint autosave-status"), .id("autosave-status"), .attribute(named: "data-autosave-status", value: "polite"),
                   .attribute(named: "aria-live", value: "polite"),
                   .text(context.t("입력한 내용은 자동으로 임시저장됩니다.", "What you type is saved as a draft automatically."))),
                .div(.class("actions"),
                     .button(.type(.submit), .class("secondary"), .attribute(named: "name", value: "action"), .attribute(named: "value", value: "save"),
                             .text(context.t("임시 저장", "Save draft"))),
                     .button(.type(.submit), .class("primary"), .attribute(named: "name", value: "action"), .attribute(named: "value", value: "submit"),
                             Confirmations.ask(context.t("지원서를 제출할까요? 제출하면 수요기관에 알림이 가고 더는 고칠 수 없습니다.",
                                                         "Submit the application? The organisation is told, and it can no longer be edited.")),
                             .text(context.t("제출", "Submit"))))),
            .section(.class("card"), .id("attachments"),
                .h2(.text(context.t("첨부 파일", "Attachments"))),
                .if(attachments.isEmpty, .p(.class("empty"), .text(context.t("첨부한 파일이 없습니다. 위 양식에서 파일을 고르세요.", "No files yet. Choose one in the form above.")))),
                .ul(.forEach(attachments) { file in
                    .li(.a(.href(SiteURL.attachment(id, file.storedID).path), .text(file.originalName)),
                        .text(" · \(ApplicationPage.size(file.byteCount)) "),
                        NeedView.csrfForm(SiteURL.attachmentDelete(id, file.storedID).path, context,
                            .button(.type(.submit), .class("link-button"),
                                    Confirmations.ask(context.t("첨부 파일 \(file.originalName)을(를) 삭제할까요? 되돌릴 수 없습니다.",
                                                                "Delete the file \(file.originalName)? This cannot be undone.")),
                                    .text(context.t("삭제", "Remove")))))
                }))
        )
    }
}
