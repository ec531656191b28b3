import Foundation
import IeumCore
import Plot

/// Shared bits of the grievance pages.
enum GrievanceView {
    static func badge(_ status: GrievanceStatus, _ context: PageContext) -> Node<HTML.BodyContext> {
        .span(.class("badge grievance-\(status.rawValue)"), .text(context.t(status.label)))
    }

    static func due(_ g: Grievance, _ context: PageContext, now: Date) -> String {
        due(day: g.dueDay, businessDays: g.businessDays, overdue: g.overdue(at: now) && !g.status.isFinal, context)
    }

    /// The deadline as a line: its day, whether in business days, and "overdue" for an open case past it.
    static func due(day: String?, businessDays: Bool, overdue: Bool, _ context: PageContext) -> String {
        guard let day else { return context.t("분류 후 정해집니다", "Set when classified") }
        return day + (businessDays ? context.t(" (영업일 기준)", " (business days)") : "") + (overdue ? context.t(" · 기한 경과", " · overdue") : "")
    }

    static func eventLabel(_ kind: String) -> Localized {
        switch kind {
        case "received": Localized("접수", "Received")
        case "classified": Localized("분류·처리기한", "Classified")
        case "assigned": Localized("담당자 지정", "Assigned")
        case "reminded": Localized("기한 임박 알림", "Reminder")
        case "escalated": Localized("기한 경과 보고", "Escalated")
        default: GrievanceStep(rawValue: kind)?.label ?? Localized(kind, kind)
        }
    }

    static func location(_ g: Grievance, district: String) -> String {
        [district, g.facilityName].compactMap { $0 }.joined(separator: " · ")
    }
}

/// The intake form: the same for visitors and signed-in members.
struct GrievanceFormPage: Page {
    let input: GrievanceInput
    let districts: [Region]
    let errors: FieldErrors
    let message: Localized?
    /// The desk's telephone, when configured.
    var phone: String? = nil
    var signedIn = false
    /// The question a busy address answers before its case is taken.
    var challenge: GrievanceChallenge? = nil

    func title(_ context: PageContext) -> String { context.t("규제·애로 신청", "Report a regulatory or business difficulty") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let facilities = GrievanceData.facilities.map { f in
            (f.code, "\(context.t(f.kind.label)) · \(f.name) (\(districts.first { $0.code == f.region }.map { context.t(Localized($0.nameKo, $0.nameEn)) } ?? f.region))")
        }
        return .div(
            .h1(.text(title(context))),
            .p(.class("lead"), .text(context.t(
                "기업 활동을 막는 규제나 애로를 알려 주세요. 로그인하지 않아도 됩니다. 접수하면 접수번호와 진행 상황을 볼 수 있는 주소를 드립니다.",
                "Tell us about a regulation or difficulty holding your business back. No account needed: you get a receipt number and a link to follow the case."))),
            .unwrap(phone) { phone in
                .p(.id("grievance-phone"), .text(context.t("전화 문의: ", "By telephone: ")), .a(.href("tel:" + phone.filter { $0.isNumber || $0 == "+" }), .text(phone)))
            },
            .if(signedIn, .p(.a(.href(SiteURL.grievancesMine.path), .text(context.t("내 신고 보기", "See my reports"))))),
            .unwrap(message) { .div(.class("form-error"), .attribute(named: "role", value: "alert"), .text(context.t($0))) },
            .if(!errors.isEmpty, .div(.class("form-error"), .attribute(named: "role", value: "alert"),
                                      .text(context.t("입력값을 확인하세요. 표시된 항목을 고치면 접수됩니다.", "Check the marked fields and send again.")))),
            .form(.class("card grievance-form"), .method(.post), .action(SiteURL.grievances.path),
                  .enctype(.multipartData), .attribute(named: "novalidate", value: "novalidate"),
                FormKit.csrf(context),
                FormKit.text("title", label: context.t("제목", "Title"), value: input.title, errors: errors, context: context, required: true),
                FormKit.textarea("description", label: context.t("내용 — 무엇이 어렵고, 어떻게 바뀌면 좋을지", "Description — what is hard, and what would help"),
                                 value: input.description, errors: errors, context: context, rows: 8),
                FormKit.select("category", label: context.t("분야", "Category"), options: GrievanceCategory.allCases.map { ($0.rawValue, context.t($0.label)) },
                               selected: input.category, errors: errors, context: context, includeEmpty: context.t("고르세요", "Choose"), required: true),
                FormKit.text("relatedLaw", label: context.t("관련 법령 (선택)", "Related law (optional)"), value: input.relatedLaw, errors: errors, context: context,
                             hint: context.t("예: 산업집적활성화 및 공장설립에 관한 법률 제28조의5", "e.g. Industrial Cluster Development Act, art. 28-5")),
                FormKit.select("region", label: context.t("자치구", "District"), options: districts.map { ($0.code, context.t(Localized($0.nameKo, $0.nameEn))) },
                               selected: input.region, errors: errors, context: context, includeEmpty: context.t("고르세요", "Choose"), required: true),
                FormKit.select("facility", label: context.t("시설 (선택) — 지식산업센터·전통시장·소공인 밀집지역", "Facility (optional) — knowledge industry centre, market, small-manufacturer area"),
                               options: facilities, selected: input.facility, errors: errors, context: context, includeEmpty: context.t("해당 없음", "None")),
                FormKit.text("contactEmail", label: context.t("연락받을 이메일 (선택)", "E-mail for replies (optional)"), value: input.contactEmail,
                             errors: errors, context: context, type: .email, autocomplete: "email"),
                .div(.class(errors["attachments"] == nil ? "field" : "field has-error"),
                     .label(.for("attachments"), .text(context.t("첨부 파일 (선택, 3개까지, 파일당 10MB·합계 20MB 이하)", "Attachments (optional, up to 3 files, 10 MB each, 20 MB in all)"))),
                     .p(.class("hint"), .id("attachments-hint"), .text("PDF, HWP, HWPX, DOCX, PPTX, PNG, JPG")),
                     .input(.type(.file), .id("attachments"), .name("attachments[]"), .attribute(named: "multiple", value: "multiple"),
                            .attribute(named: "aria-describedby", value: errors["attachments"] == nil ? "attachments-hint" : "attachments-hint attachments-error")),
                     FormKit.error("attachments", errors, context)),
                .unwrap(challenge) { challenge in
                    .div(.id("grievance-challenge"),
                         .input(.type(.hidden), .name("challenge"), .value(challenge.token)),
                         FormKit.text("answer", label: context.t(challenge.question), value: "", errors: errors, context: context, required: true,
                                      autocomplete: "off"))
                },
                FormKit.submit(context.t("접수하기", "Send"))
            )
        )
    }
}

/// Shown once after intake: the receipt number and the follow link (its token is not stored).
struct GrievanceReceiptPage: Page {
    let grievance: Grievance
    /// The absolute follow link (`IEUM_BASE_URL`).
    let link: String
    /// The contact address the link was also mailed to.
    var mailedTo: String? = nil
    var signedIn = false

    func title(_ context: PageContext) -> String { context.t("접수되었습니다", "Received") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(.class("card receipt"),
            .h1(.text(title(context))),
            .p(.text(context.t("접수번호", "Receipt number") + ": "), .strong(.id("receipt-number"), .text(grievance.receiptNumber))),
            .p(.text(context.t("진행 상황은 아래 주소에서 볼 수 있습니다. 이 주소는 지금 한 번만 보여 드리니 꼭 저장해 두세요. 주소를 아는 사람은 누구나 이 건의 진행 상황을 볼 수 있습니다.",
                               "Follow the case at the address below. It is shown only now: keep it. Anyone with the address can see this case's status."))),
            .p(.a(.id("track-link"), .href(link), .text(link))),
            .unwrap(mailedTo.flatMap { $0.isEmpty ? nil : $0 }) { email in
                .p(.id("track-mailed"), .text(context.t("같은 주소를 \(email)(으)로도 보냈습니다.", "The same address was mailed to \(email).")))
            },
            .if(signedIn, .p(.a(.href(SiteURL.grievancesMine.path), .text(context.t("내 신고에서도 볼 수 있습니다.", "It is also under My reports.")))))
        )
    }
}

/// The submitter's view through the receipt link: status, due date, visible comments, outcome.
struct GrievanceTrackPage: Page {
    let grievance: Grievance
    let comments: [GrievanceComment]
    let now: Date

    func title(_ context: PageContext) -> String { context.t("규제·애로 진행 상황", "Grievance status") + " \(grievance.receiptNumber)" }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let g = grievance
        return .div(
            .h1(.text(title(context))),
            .section(.class("card"),
                .h2(.text(g.title)),
                .dl(.class("facts"),
                    .dt(.text(context.t("상태", "Status"))), .dd(.id("grievance-status"), GrievanceView.badge(g.status, context)),
                    .dt(.text(context.t("접수일", "Received"))), .dd(.text(SeoulTime.dateTime(g.receivedAt))),
                    .dt(.text(context.t("처리 구분", "Class"))), .dd(.text(g.grievanceClass.map { context.t($0.label) } ?? context.t("분류 전", "Not yet classified"))),
                    .dt(.text(context.t("처리기한", "Due"))), .dd(.text(GrievanceView.due(g, context, now: now))),
                    .dt(.text(context.t("담당 기관", "Agency"))), .dd(.text(g.agency))),
                .unwrap(g.resolution) { text in
                    .div(.class("resolution"), .id("resolution"), .h3(.text(context.t("처리 결과", "Outcome"))), .p(.text(text)))
                }),
            .section(.class("card"), .h2(.text(context.t("안내 의견", "Messages"))),
                .if(comments.isEmpty, .p(.class("empty"), .text(context.t("아직 의견이 없습니다.", "No messages yet.")))),
                .ul(.class("comments"), .forEach(comments) { c in
                    .li(.p(.text(c.body)), .p(.class("meta"), .text(SeoulTime.dateTime(c.createdAt))))
                }))
        )
    }
}

/// "내 신고": a signed-in person's own cases.
struct MyGrievancesPage: Page {
    let cases: [Grievance]
    let paging: Paging
    let now: Date

    func title(_ context: PageContext) -> String { context.t("내 신고", "My reports") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .h1(.text(title(context))),
            .p(.a(.class("button secondary"), .href(SiteURL.grievanceNew.path), .text(context.t("새로 신고하기", "Report another")))),
            .if(cases.isEmpty, .p(.class("empty"), .text(context.t("로그인한 상태로 신고한 건이 없습니다.", "You have filed no report while signed in.")))),
            .if(!cases.isEmpty, .div(.class("table-wrap"), .table(
                .class("data"), .id("my-grievances"),
                .thead(.tr(.th(.text(context.t("접수번호", "Receipt"))), .th(.text(context.t("제목", "Title"))),
                           .th(.text(context.t("상태", "Status"))), .th(.text(context.t("접수일", "Received"))), .th(.text(context.t("처리기한", "Due"))))),
                .tbody(.forEach(cases) { g in
                    .tr(.td(.text(g.receiptNumber)),
                        .td(.unwrap(g.id) { .a(.href(SiteURL.grievanceMine($0).path), .text(g.title)) }),
                        .td(.text(context.t(g.status.label))),
                        .td(.text(SeoulTime.date(g.receivedAt))),
                        .td(.text(g.dueDay ?? "—")))
                })
            ))),
            Pagination.node(paging, context: context, link: { SiteURL.grievancesMine.path + SiteURL.query([("page", SiteURL.pageValue($0))]) })
        )
    }
}
