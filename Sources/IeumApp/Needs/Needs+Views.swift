import Foundation
import IeumCore
import Plot

/// Shared bits of the needs pages.
enum NeedView {
    static func organizationName(_ need: Need, _ org: Organization?, shown: Bool, _ context: PageContext) -> String {
        guard shown, let org else { return context.t("비공개 수요기관", "Undisclosed organisation") }
        return context.language == .en ? (org.nameEn ?? org.name) : org.name
    }

    static func title(_ need: Need, _ context: PageContext) -> String {
        context.language == .en ? (need.titleEn ?? need.title) : need.title
    }

    static func fields(_ codes: [String], _ taxonomy: TaxonomySnapshot, _ context: PageContext) -> String {
        codes.compactMap { taxonomy.field(code: $0) }.map { context.t($0.name) }.joined(separator: " · ")
    }

    static func support(_ need: Need, _ context: PageContext) -> String {
        need.supports.map { item -> String in
            if item == .pocFunds, let amount = need.pocFundsKRW { return "\(context.t(item.label)) \(KRW.text(amount, context.language))" }
            if item == .other, let other = need.supportOther { return "\(context.t(item.label)): \(other)" }
            return context.t(item.label)
        }.joined(separator: " · ")
    }

    static func deadline(_ date: Date?, _ context: PageContext) -> String {
        guard let date else { return context.t("상시", "Open-ended") }
        return SeoulTime.dateTime(date) + context.t(" (한국시간)", " (Seoul)")
    }

    static func statusBadge(_ status: NeedStatus, _ context: PageContext) -> Node<HTML.BodyContext> {
        .span(.class("badge need-\(status.rawValue)"), .text(context.t(status.label)))
    }

    /// A need's badge as people read it: a published need whose application deadline has passed
    /// says "접수 마감", not "공개".
    static func statusBadge(_ need: Need, deadline: Date?, _ context: PageContext) -> Node<HTML.BodyContext> {
        statusBadge(need.status, deadline: deadline, context)
    }

    static func statusBadge(_ status: NeedStatus, deadline: Date?, _ context: PageContext) -> Node<HTML.BodyContext> {
        if status == .published, let deadline, deadline <= context.now {
            return .span(.class("badge need-deadline-passed"), .text(context.t("접수 마감", "Applications closed")))
        }
        return statusBadge(status, context)
    }

    static func applicationBadge(_ status: ApplicationStatus, _ context: PageContext) -> Node<HTML.BodyContext> {
        .span(.class("badge application-\(status.rawValue)"), .text(context.t(status.label)))
    }

    static func csrfForm(_ action: String, _ context: PageContext, class className: String = "inline", _ nodes: Node<HTML.FormContext>...) -> Node<HTML.BodyContext> {
        .form(.class(className), .method(.post), .action(action), FormKit.csrf(context), .group(nodes))
    }
}

/// The needs someone manages (an operator's, or their demand organisations'), paged, by status.
struct NeedListPage: Page {
    static var perPage: Int { NeedListModel.perPage }

    let model: NeedListModel

    func link(page number: Int) -> String {
        SiteURL.myNeeds.path + SiteURL.query([("status", model.status?.rawValue), ("page", SiteURL.pageValue(number))])
    }

    func title(_ context: PageContext) -> String { context.t("수요과제 관리", "Needs") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .div(
                .class("page-head"),
                .h1(.text(title(context))),
                .div(
                    .class("page-actions"),
                    .if(model.canCreate, .a(.class("button"), .href(SiteURL.needNew.path), .text(context.t("수요과제 등록", "Post a need"))))
                )
            ),
            .form(
                .class("filters card"),
                .method(.get),
                .action(SiteURL.myNeeds.path),
                FormKit.select("status", label: context.t("상태", "Status"), options: NeedStatus.allCases.map { ($0.rawValue, context.t($0.label)) },
                               selected: model.status?.rawValue ?? "", errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All")),
                .div(.class("actions"), .button(.type(.submit), .class("primary"), .text(context.t("보기", "Show"))))
            ),
            .if(model.rows.isEmpty, .p(.class("empty"), .text(context.t("수요과제가 없습니다.", "No needs yet.")))),
            .div(
                .class("table-wrap"),
                .table(
                    .thead(
                        .tr(
                            .th(.text(context.t("과제명", "Title"))),
                            .th(.text(context.t("수요기관", "Organisation"))),
                            .th(.text(context.t("상태", "Status"))),
                            .th(.text(context.t("마감", "Deadline")))
                        )
                    ),
                    .tbody(
                        .forEach(model.rows) { row in
                            .tr(
                                .td(.a(.href(SiteURL.need(row.id).path), .text(context.language == .en ? (row.titleEn ?? row.title) : row.title))),
                                .td(.text(context.language == .en ? (row.organizationNameEn ?? row.organizationName) : row.organizationName)),
                                .td(NeedView.statusBadge(row.status, deadline: row.deadline, context)),
                                .td(.text(NeedView.deadline(row.deadline, context)))
                            )
                        }
                    )
                )
            ),
            Pagination.node(model.paging, context: context) { link(page: $0) }
        )
    }
}

struct NeedFormPage: Page {
    enum Mode { case create, edit(UUID) }
    let mode: Mode
    let input: NeedInput
    let organizationID: UUID?
    let organizations: [Organization]
    let errors: FieldErrors
    /// A version conflict: the message and the values now stored.
    let notice: (Localized, NeedInput)?
    let taxonomy: TaxonomySnapshot

    func title(_ context: PageContext) -> String {
        if case .create = mode { return context.t("수요과제 등록", "Post a need") }
        return context.t("수요과제 수정", "Edit need")
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let action: String
        switch mode {
        case .create: action = SiteURL.myNeeds.path
        case .edit(let id): action = SiteURL.need(id).path
        }
        return .div(
            .h1(.text(title(context))),
            .unwrap(notice) { notice in
                .div(.class("form-error conflict"), .attribute(named: "role", value: "alert"),
                     .p(.strong(.text(context.t(notice.0)))),
                     .details(.summary(.text(context.t("지금 저장된 내용 보기", "See what is stored now"))),
                              .dl(.dt(.text(context.t("과제명", "Title"))), .dd(.text(notice.1.title)),
                                  .dt(.text(context.t("공개 요약", "Teaser"))), .dd(.text(notice.1.teaser)),
                                  .dt(.text(context.t("상세 내용", "Detail"))), .dd(.text(notice.1.detail)),
                                  .dt(.text(context.t("마감", "Deadline"))), .dd(.text(notice.1.deadline)))))
            },
            .if(!errors.isEmpty, .div(.class("form-error"), .attribute(named: "role", value: "alert"),
                                      .text(context.t("입력값을 확인하세요. 표시된 항목을 고치면 저장됩니다.", "Check the marked fields and save again.")))),
            .form(.class("card need-form"), .method(.post), .action(action), .attribute(named: "novalidate", value: "novalidate"),
                FormKit.csrf(context),
                .input(.type(.hidden), .name("version"), .value(input.version)),
                .if(organizations.count > 1 || (organizations.count == 1 && context.actor?.isOperator == true),
                    FormKit.select("organizationID", label: context.t("수요기관", "Demand organisation"),
                                   options: organizations.compactMap { org in org.id.map { ($0.uuidString, org.name) } },
                                   selected: organizationID?.uuidString ?? "", errors: errors, context: context, required: true)),
                FormKit.text("title", label: context.t("과제명", "Title"), value: input.title, errors: errors, context: context, required: true),
                FormKit.text("titleEn", label: context.t("과제명(영문)", "Title in English"), value: input.titleEn, errors: errors, context: context),
                FormKit.textarea("teaser", label: context.t("공개 요약 — 누구나 봅니다", "Public teaser — everyone sees it"), value: input.teaser, errors: errors, context: context, rows: 3),
                FormKit.textarea("detail", label: context.t("상세 내용(비공개) — 비밀유지 서약한 스타트업만 봅니다", "Confidential detail — only startups that accept the pledge see it"), value: input.detail, errors: errors, context: context, rows: 8),
                FormKit.checkboxes("fields", legend: context.t("기술 분야", "Technology fields"),
                                   options: taxonomy.fields.filter(\.active).map { ($0.code, context.t($0.name)) }, checked: Set(input.fields), errors: errors, context: context),
                FormKit.select("minStage", label: context.t("희망 최소 투자 단계", "Minimum stage"), options: Stage.allCases.map { ($0.rawValue, context.t($0.label)) },
                               selected: input.minStage, errors: errors, context: context, includeEmpty: context.t("제한 없음", "Any")),
                FormKit.select("minTRL", label: context.t("희망 최소 기술성숙도(TRL)", "Minimum TRL"), options: (1...9).map { (String($0), "TRL \($0)") },
                               selected: input.minTRL, errors: errors, context: context, includeEmpty: context.t("제한 없음", "Any")),
                FormKit.checkboxes("support", legend: context.t("지원 내용", "Support offered"),
                                   options: NeedSupport.allCases.map { ($0.rawValue, context.t($0.label)) }, checked: Set(input.support), errors: errors, context: context),
                FormKit.text("pocFunds", label: context.t("PoC 자금(원)", "PoC funds (KRW)"), value: input.pocFunds, errors: errors, context: context,
                             hint: context.t("예: 50000000, 5000만원, 1.5억", "e.g. 50000000, 5000만원, 1.5억")),
                FormKit.text("supportOther", label: context.t("기타 지원 내용", "Other support"), value: input.supportOther, errors: errors, context: context),
                FormKit.text("startupsSought", label: context.t("모집 기업 수", "Startups sought"), value: input.startupsSought, errors: errors, context: context, type: .number, required: true),
                FormKit.text("contactName", label: context.t("담당자", "Contact person"), value: input.contactName, errors: errors, context: context, required: true),
                FormKit.text("contactEmail", label: context.t("담당자 이메일", "Contact e-mail"), value: input.contactEmail, errors: errors, context: context, type: .email, required: true),
                FormKit.text("contactPhone", label: context.t("담당자 전화", "Contact phone"), value: input.contactPhone, errors: errors, context: context, type: .tel),
                FormKit.text("deadline", label: context.t("지원 마감(한국시간)", "Application deadline (Seoul time)"), value: input.deadline, errors: errors, context: context,
                             type: .datetimeLocal, hint: context.t("비워 두면 공모 마감일을 따릅니다.", "Leave empty to use the call's closing time.")),
                .div(.class("field"), .label(.class("checkbox"),
                    .input(.type(.checkbox), .name("anonymous"), .value("1"), .id("anonymous"), .checked(input.anonymous)),
                    .text(" " + context.t("지원자를 받아들이기 전까지 기관명을 숨깁니다(익명 과제).", "Hide the organisation's name until it accepts an applicant (anonymous need).")))),
                FormKit.submit(context.t("저장", "Save"))
            )
        )
    }
}

struct NeedPage: Page {
    struct Data {
        let need: Need
        let access: NeedAccess
        let call: Call?
        let program: Program?
        let organization: Organization
        let taxonomy: TaxonomySnapshot
        let now: Date
        var showDetail = false
        var showOrganization = false
        var canPledge = false
        var canApply = false
        var canEdit = false
        var canInvite = false
        var isOwner = false
        var steps: [NeedService.Step] = []
        var openCalls: [Call] = []
        var history: [HistoryEntry] = []
        var invitations: [Invitation] = []
        var applicationCount = 0
        var ownApplicationID: UUID?
        var recommendations: [Recommendation] = []
        var advisers: [AdviserSuggestion] = []

        init(need: Need, access: NeedAccess, call: Call?, program: Program?, organization: Organization, taxonomy: TaxonomySnapshot, now: Date) {
            self.need = need
            self.access = access
            self.call = call
            self.program = program
            self.organization = organization
            self.taxonomy = taxonomy
            self.now = now
        }
    }

    let data: Data

    func title(_ context: PageContext) -> String { NeedView.title(data.need, context) }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let need = data.need
        let id = need.storedID
        let deadline = need.applicationDeadline(call: data.call)
        let isStartup = context.actor?.belongs(toKind: .startup) ?? false
        return .div(
            .div(.class("page-head"),
                 .h1(.text(title(context))),
                 .div(.class("page-actions"),
                      .if(data.canEdit, .a(.class("button secondary"), .href(SiteURL.needEdit(id).path), .text(context.t("수정", "Edit")))),
                      .if(data.isOwner, .a(.class("button secondary"), .href(SiteURL.needApplications(id).path),
                                           .text(context.t("지원서 \(data.applicationCount)건", "\(data.applicationCount) applications")))))),
            .section(.class("card profile"),
                .p(.class("meta"), NeedView.statusBadge(need, deadline: deadline, context),
                   .span(.class("org-name"), .id("need-organization"), .text(NeedView.organizationName(need, data.organization, shown: data.showOrganization, context)))),
                .p(.class("lead"), .id("teaser"), .text(need.teaser)),
                .dl(
                    .dt(.text(context.t("기술 분야", "Fields"))), .dd(.text(NeedView.fields(need.fieldCodes, data.taxonomy, context))),
                    .dt(.text(context.t("공모", "Call"))),
                    .dd(.text(callText(context))),
                    .dt(.text(context.t("지원 마감", "Deadline"))), .dd(.id("deadline"), .text(NeedView.deadline(deadline, context))),
                    .dt(.text(context.t("희망 단계 / TRL", "Stage / TRL"))),
                    .dd(.text(requirement(context))),
                    .dt(.text(context.t("지원 내용", "Support"))), .dd(.text(NeedView.support(need, context).ifEmpty("-"))),
                    .dt(.text(context.t("모집 기업 수", "Startups sought"))), .dd(.text("\(need.startupsSought)"))
                )
            ),
            detailSection(context, id: id),
            applySection(context, id: id, isStartup: isStartup, deadline: deadline),
            .if(!data.steps.isEmpty, workflowSection(context, id: id)),
            .if(data.isOwner && !data.recommendations.isEmpty, recommendationSection(context, id: id)),
            .if(data.isOwner, AdviserView.section(data.advisers, fieldNames: Dictionary(data.taxonomy.fields.map { ($0.code, context.t($0.name)) }, uniquingKeysWith: { a, _ in a }), context)),
            .if(data.isOwner, invitationSection(context, id: id)),
            .if(data.isOwner && !data.history.isEmpty, HistoryView.section(Localized("변경 이력", "History"), data.history, context: context))
        )
    }

    func callText(_ context: PageContext) -> String {
        guard let call = data.call else { return context.t("아직 공개되지 않음", "Not yet in a call") }
        let program = data.program.map { (context.language == .en ? ($0.nameEn ?? $0.name) : $0.name) + " · " } ?? ""
        return program + (context.language == .en ? (call.titleEn ?? call.title) : call.title)
    }

    func requirement(_ context: PageContext) -> String {
        var parts: [String] = []
        if let stage = data.need.minStage { parts.append(context.t(stage.label) + context.t(" 이상", "+")) }
        if let trl = data.need.minTRL { parts.append("TRL \(trl)+") }
        return parts.isEmpty ? context.t("제한 없음", "Any") : parts.joined(separator: " · ")
    }

    func detailSection(_ context: PageContext, id: UUID) -> Node<HTML.BodyContext> {
        let need = data.need
        if data.showDetail {
            return .section(.class("card"), .id("detail"),
                .h2(.text(context.t("상세 내용 (비공개)", "Confidential detail"))),
                .div(.class("confidential"), .id("need-detail"), .forEach(need.detail.split(separator: "\n", omittingEmptySubsequences: false)) { .p(.text(String($0))) }),
                .dl(.dt(.text(context.t("담당자", "Contact"))),
                    .dd(.text("\(need.contactName) · \(need.contactEmail)" + (need.contactPhone.map { " · \($0)" } ?? "")))))
        }
        if data.canPledge {
            return .section(.class("card"), .id("pledge"),
                .h2(.text(context.t("비밀유지 서약", "Confidentiality pledge"))),
                .p(.text(context.t("상세 내용에는 수요기관의 영업비밀이 담겨 있습니다. 열람한 내용은 이 과제의 지원 목적으로만 쓰고, 제3자에게 알리지 않으며, 선정되지 않더라도 비밀을 지킵니다. 동의한 시각이 기록됩니다.",
                                   "The detail holds the organisation's trade secrets. You use it only to apply to this need, disclose it to no one, and keep it secret even if not selected. The time you accept is recorded."))),
                NeedView.csrfForm(SiteURL.needPledge(id).path, context, class: "pledge-form",
                    .div(.class("field"), .label(.class("checkbox"), .input(.type(.checkbox), .name("agree"), .value("1"), .id("agree")),
                                                 .text(" " + context.t("위 내용에 동의합니다.", "I accept the pledge.")))),
                    FormKit.submit(context.t("서약하고 상세 보기", "Accept and see the detail"))))
        }
        if context.actor == nil && data.need.status == .published {
            return .section(.class("card"), .p(.a(.href(SiteURL.login(next: SiteURL.need(id).path).path),
                                                 .text(context.t("스타트업 회원은 로그인 후 비밀유지 서약을 하면 상세 내용을 볼 수 있습니다.", "Startup members can sign in and accept the pledge to see the detail.")))))
        }
        return .empty
    }

    func applySection(_ context: PageContext, id: UUID, isStartup: Bool, deadline: Date?) -> Node<HTML.BodyContext> {
        if let own = data.ownApplicationID {
            return .section(.class("card"), .p(.a(.class("button"), .href(SiteURL.application(own).path), .text(context.t("내 지원서 보기", "See my application")))),
                            .unwrap(data.access.ownApplication) { .p(.text(context.t("상태: ", "Status: ")), NeedView.applicationBadge($0, context)) })
        }
        guard data.canApply, isStartup else { return .empty }
        if let deadline, deadline <= data.now {
            return .section(.class("card"), .p(.class("empty"), .text(context.t("지원 마감이 지났습니다.", "The deadline has passed."))))
        }
        guard data.access.pledged else { return .empty }
        return .section(.class("card"), .id("apply"),
            NeedView.csrfForm(SiteURL.needApply(id).path, context,
                .p(.text(context.t("지원서는 임시 저장할 수 있고, 마감 전에 제출하면 됩니다.", "You can save a draft and submit before the deadline."))),
                FormKit.submit(context.t("지원서 작성", "Start an application"))))
    }

    func workflowSection(_ context: PageContext, id: UUID) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("workflow"),
            .h2(.text(context.t("진행 관리", "Workflow"))),
            .forEach(data.steps) { step in
                NeedView.csrfForm(SiteURL.needStatus(id).path, context, class: "step-form",
                    .input(.type(.hidden), .name("step"), .value(step.rawValue)),
                    .if(step == .publish, FormKit.select("callID", label: context.t("공개할 공모", "Call"),
                        options: data.openCalls.compactMap { call in call.id.map { ($0.uuidString, "\(call.title) (~\(SeoulTime.dateTime(call.closesAt)))") } },
                        selected: data.need.$call.id?.uuidString ?? "", errors: FieldErrors(), context: context, required: true)),
                    .if(step == .returnToDraft || step == .cancel,
                        FormKit.text("reason", label: context.t("사유", "Reason"), value: "", errors: FieldErrors(), context: context, required: true, id: "reason-\(step.rawValue)")),
                    .div(.class("actions"), .button(.type(.submit), .class(step == .cancel ? "secondary" : "primary"),
                                                    Confirmations.ask(context.t(Self.stepQuestion(step))), .text(context.t(step.label)))))
            })
    }

    /// What each workflow step does to the need and to whom it is told.
    static func stepQuestion(_ step: NeedService.Step) -> Localized {
        switch step {
        case .submit: Localized("검토를 요청할까요? 운영기관에 알림이 가고, 검토하는 동안에는 고칠 수 없습니다.",
                                "Submit for review? The operators are told, and the need cannot be edited while they review it.")
        case .publish: Localized("선택한 공모에 공개할까요? 스타트업이 과제를 보고 지원할 수 있게 되고, 수요기관에 알림이 갑니다.",
                                 "Publish in the chosen call? Startups can see the need and apply, and the organisation is told.")
        case .returnToDraft: Localized("보완을 요청할까요? 과제가 작성 중으로 돌아가고, 수요기관에 사유와 함께 알림이 갑니다.",
                                       "Return for changes? The need goes back to draft and the organisation is told with the reason.")
        case .close: Localized("과제를 마감할까요? 더는 지원을 받지 않습니다.", "Close the need? It takes no more applications.")
        case .award: Localized("선정 완료로 표시할까요? 과제가 끝나고 되돌릴 수 없습니다.", "Mark the need awarded? It ends, and this cannot be undone.")
        case .cancel: Localized("과제를 취소할까요? 되돌릴 수 없고, 수요기관에 사유와 함께 알림이 갑니다.",
                                "Cancel the need? This cannot be undone, and the organisation is told with the reason.")
        }
    }

    func recommendationSection(_ context: PageContext, id: UUID) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("recommendations"),
            .h2(.text(context.t("추천 스타트업", "Recommended startups"))),
            .ol(.class("recommendations"), .forEach(data.recommendations) { rec in
                .li(.a(.href(SiteURL.organization(rec.id).path), .text(rec.name)),
                    .text(" "),
                    RecommendationView.score(rec, context),
                    .unwrap(rec.feedback) { .span(.class("badge"), .text(" " + (context.language == .ko ? $0.korean : ($0 == .interested ? "Interested" : "Not suitable")))) },
                    RecommendationView.reason(rec, context),
                    .div(.class("rec-actions"),
                        NeedView.csrfForm(SiteURL.needFeedback(id).path, context,
                            .input(.type(.hidden), .name("startupID"), .value(rec.id.uuidString)),
                            .input(.type(.hidden), .name("kind"), .value("interested")),
                            .button(.type(.submit), .class("link-button"), .text(context.t("관심 있음", "Interested")))),
                        NeedView.csrfForm(SiteURL.needFeedback(id).path, context,
                            .input(.type(.hidden), .name("startupID"), .value(rec.id.uuidString)),
                            .input(.type(.hidden), .name("kind"), .value("notSuitable")),
                            .button(.type(.submit), .class("link-button"), .text(context.t("적합하지 않음", "Not suitable")))),
                        .if(data.canInvite && !data.invitations.contains { $0.$startup.id == rec.id },
                            NeedView.csrfForm(SiteURL.needInvitations(id).path, context,
                                .input(.type(.hidden), .name("startupID"), .value(rec.id.uuidString)),
                                .button(.type(.submit), .class("link-button"),
                                        Confirmations.ask(context.t("\(rec.name)에 지원 초대를 보낼까요? 보낸 초대는 거둘 수 없습니다.",
                                                                    "Invite \(rec.name) to apply? A sent invitation cannot be taken back.")),
                                        .text(context.t("지원 초대", "Invite to apply")))))))
            }))
    }

    func invitationSection(_ context: PageContext, id: UUID) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("invitations"),
            .h2(.text(context.t("초대한 스타트업", "Invited startups"))),
            .if(data.invitations.isEmpty, .p(.class("empty"), .text(context.t("아직 초대한 스타트업이 없습니다.", "No startup invited yet.")))),
            .ul(.forEach(data.invitations) { inv in
                .li(.text("\(inv.startup.name) · \(SeoulTime.dateTime(inv.createdAt)) · \(inv.inviterName)"))
            }))
    }

}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
