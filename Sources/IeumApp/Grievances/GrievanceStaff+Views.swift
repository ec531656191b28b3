import Foundation
import IeumCore
import Plot
import Vapor

/// The staff queue.
struct GrievanceListPage: Page {
    static var perPage: Int { GrievanceListModel.perPage }

    let model: GrievanceListModel

    func title(_ context: PageContext) -> String { context.t("규제·애로 처리", "Grievances") }

    func link(page: Int, order other: ListSort<GrievanceListModel.Sort>? = nil) -> String {
        (other ?? model.order).link(SiteURL.grievanceQueue(status: model.status?.rawValue, overdue: model.overdueOnly, page: page).path)
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let order = model.order
        return .div(
            .div(
                .class("page-head"),
                .h1(.text(title(context))),
                .div(
                    .class("page-actions"),
                    .a(.class("button secondary"), .href(SiteURL.grievanceDashboard.path), .text(context.t("현황", "Dashboard"))),
                    .a(.class("button secondary"), .href(SiteURL.grievanceRoutes.path), .text(context.t("배정표", "Routing table"))),
                    .a(.class("button"), .href(SiteURL.grievanceNew.path), .text(context.t("대신 접수", "Record one")))
                )
            ),
            .form(
                .class("filters card"),
                .method(.get),
                .action(SiteURL.grievances.path),
                FormKit.select("status", label: context.t("상태", "Status"), options: GrievanceStatus.allCases.map { ($0.rawValue, context.t($0.label)) },
                               selected: model.status?.rawValue ?? "", errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All")),
                .label(
                    .class("checkbox"),
                    .input(.type(.checkbox), .name("overdue"), .value("1"), .checked(model.overdueOnly)),
                    .text(context.t(" 기한 경과만", " Overdue only"))
                ),
                .forEach(order.items) { .input(.type(.hidden), .name($0.0), .value($0.1 ?? "")) },
                .div(.class("actions"), .button(.type(.submit), .class("primary"), .text(context.t("보기", "Show"))))
            ),
            .if(model.rows.isEmpty, .p(.class("empty"), .text(context.t("해당하는 건이 없습니다.", "No cases.")))),
            bulkBar(model.bulkStaff, context),
            .div(
                .class("table-wrap"),
                .table(
                    .thead(
                        .tr(
                            .th(.span(.class("sr-only"), .text(context.t("선택", "Select")))),
                            order.header(context.t("접수번호", "Receipt"), .received, context) { link(page: 1, order: $0) },
                            order.header(context.t("제목", "Title"), .title, context) { link(page: 1, order: $0) },
                            .th(.text(context.t("분야", "Category"))),
                            .th(.text(context.t("자치구", "District"))),
                            .th(.text(context.t("상태", "Status"))),
                            order.header(context.t("처리기한", "Due"), .due, context) { link(page: 1, order: $0) },
                            .th(.text(context.t("담당", "Assignee")))
                        )
                    ),
                    .tbody(
                        .forEach(model.rows) { row in
                            .tr(
                                bulkCheckbox(row, context),
                                .td(.text(row.receiptNumber)),
                                .td(.a(.href(SiteURL.grievance(row.id).path), .text(row.title))),
                                .td(.text(context.t(row.category.label))),
                                .td(.text(model.districtNames[row.regionCode].map { context.t($0) } ?? row.regionCode)),
                                .td(GrievanceView.badge(row.status, context)),
                                .td(.text(GrievanceView.due(day: row.dueDay, businessDays: row.businessDays, overdue: row.overdue, context))),
                                .td(.text(row.assigneeName ?? context.t("미배정", "Unassigned")))
                            )
                        }
                    )
                )
            ),
            Pagination.node(model.paging, context: context) { link(page: $0) }
        )
    }
}

/// One case for staff: facts, internal and visible comments, history, and the actions.
struct GrievanceCasePage: Page {
    struct Data {
        var grievance: Grievance
        var now: Date
        var errors: FieldErrors
        var history: [HistoryEntry] = []
        var comments: [GrievanceComment] = []
        var attachments: [GrievanceAttachment] = []
        var staff: [User] = []
        var districtName = ""
    }
    let data: Data

    func title(_ context: PageContext) -> String { "\(data.grievance.receiptNumber) \(data.grievance.title)" }

    /// The question before a class: it sets the deadline the submitter follows.
    static func classQuestion(_ kind: GrievanceClass, _ context: PageContext) -> String {
        context.t("처리 구분을 ‘\(kind.label.ko)’(으)로 정할까요? 처리기한이 이 구분에 따라 다시 정해지고, 신청인이 보는 기한이 바뀝니다.",
                  "Classify as ‘\(kind.label.en)’? The deadline is set again from this class, and the submitter sees the new one.")
    }

    /// The question before a step, naming it: closing steps end the case and the submitter reads the note.
    static func stepQuestion(_ step: GrievanceStep, _ context: PageContext) -> String {
        step.target.isFinal
            ? context.t("‘\(step.label.ko)’(으)로 처리할까요? 민원이 종결되어 되돌릴 수 없고, 신청인이 처리 내용을 읽습니다.",
                        "\(step.label.en) the case? It closes for good, and the submitter reads the outcome.")
            : context.t("‘\(step.label.ko)’(으)로 바꿀까요? 신청인이 보는 처리 상태가 바뀝니다.",
                        "\(step.label.en)? The status the submitter follows changes.")
    }

    func form(_ route: SiteRoute.Grievances, _ context: PageContext, _ nodes: Node<HTML.FormContext>...) -> Node<HTML.BodyContext> {
        .form(.class("card"), .method(.post), .action(SiteRoute.grievances(route).path(data.grievance.storedID)), FormKit.csrf(context), .group(nodes))
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let g = data.grievance, errors = data.errors
        let steps = GrievanceStep.available(from: g.status).filter { $0 != .classify }
        return .div(
            .div(.class("page-head"), .h1(.text(title(context))), .div(.class("page-actions"), GrievanceView.badge(g.status, context))),
            .if(!errors.isEmpty, .div(.class("form-error"), .attribute(named: "role", value: "alert"), .text(context.t("입력값을 확인하세요.", "Check the marked fields.")))),
            .section(.class("card"),
                .dl(.class("facts"),
                    .dt(.text(context.t("분야", "Category"))), .dd(.text(context.t(g.category.label))),
                    .dt(.text(context.t("위치", "Location"))), .dd(.text(GrievanceView.location(g, district: data.districtName))),
                    .dt(.text(context.t("관련 법령", "Related law"))), .dd(.text(g.relatedLaw ?? "-")),
                    .dt(.text(context.t("연락처", "Contact"))), .dd(.text(g.contactEmail ?? "-")),
                    .dt(.text(context.t("처리 구분", "Class"))), .dd(.text(g.grievanceClass.map { context.t($0.label) } ?? context.t("미분류", "Not classified"))),
                    .dt(.text(context.t("처리기한", "Due"))), .dd(.id("due-day"), .text(GrievanceView.due(g, context, now: data.now))),
                    .dt(.text(context.t("담당", "Assignee"))), .dd(.id("assignee"), .text((g.assigneeName ?? context.t("미배정", "Unassigned")) + " · " + g.agency))),
                .p(.class("description"), .text(g.description)),
                .unwrap(g.resolution) { .div(.class("resolution"), .h3(.text(context.t("처리 결과", "Outcome"))), .p(.text($0))) },
                .if(!data.attachments.isEmpty, .ul(.forEach(data.attachments) { a in
                    .li(.a(.href(SiteRoute.grievances(.download).path(g.storedID, a.storedID)), .text(a.originalName)))
                }))),
            .if(GrievanceStep.classify.allowed(from: g.status), form(.classify, context,
                .h2(.text(context.t("분류와 처리기한", "Class and due date"))),
                FormKit.decisionSelect("kind", label: context.t("처리 구분", "Class"), current: g.grievanceClass.map { context.t($0.label) } ?? context.t("미분류", "Not classified"),
                                       options: GrievanceClass.allCases.map { ($0.rawValue, context.t($0.label), Self.classQuestion($0, context)) },
                                       errors: errors, context: context),
                FormKit.text("target", label: context.t("목표일 (부처 간 검토: 접수 후 1~3개월)", "Target date (inter-ministry: 1–3 months after receipt)"),
                             value: g.targetDay ?? "", errors: errors, context: context, type: .date),
                .label(.class("checkbox"), .input(.type(.checkbox), .name("businessDays"), .value("1"), .checked(g.businessDays)),
                       .text(context.t(" 영업일 기준 (주말·공휴일 제외)", " Business days (weekends and public holidays skipped)"))),
                FormKit.submit(context.t("분류 저장", "Save class")))),
            .if(!g.status.isFinal, form(.assign, context,
                .h2(.text(context.t("담당자 지정", "Assign"))),
                FormKit.select("assignee", label: context.t("담당자", "Staff member"), options: data.staff.compactMap { u in u.id.map { ($0.uuidString, "\(u.name) <\(u.email)>") } },
                               selected: g.assigneeID?.uuidString ?? "", errors: errors, context: context, includeEmpty: context.t("고르세요", "Choose")),
                FormKit.text("note", label: context.t("사유 (선택)", "Reason (optional)"), value: "", errors: FieldErrors(), context: context, id: "assign-note"),
                .div(.class("actions"), .button(.type(.submit), .class("primary"),
                    Confirmations.ask(context.t("고른 담당자에게 이 민원을 맡길까요? 담당자에게 알림이 갑니다.", "Assign the case to the chosen staff member? They are told.")),
                    .text(context.t("지정", "Assign")))))),
            .if(!steps.isEmpty, form(.status, context,
                .h2(.text(context.t("처리", "Workflow"))),
                FormKit.decisionSelect("step", label: context.t("단계", "Step"), current: context.t(g.status.label),
                                       options: steps.map { ($0.rawValue, context.t($0.label), Self.stepQuestion($0, context)) },
                                       errors: errors, context: context),
                FormKit.textarea("note", label: context.t("처리 내용 — 해결·이관·불수용은 신청인에게 보입니다", "Outcome — the submitter reads it for resolve, transfer and decline"),
                                 value: "", errors: errors, context: context, rows: 4),
                FormKit.text("agency", label: context.t("이관 기관 (이관할 때)", "Agency (for a transfer)"), value: "", errors: errors, context: context),
                FormKit.submit(context.t("저장", "Save")))),
            form(.comment, context,
                .h2(.text(context.t("의견", "Comments"))),
                .ul(.class("comments"), .forEach(data.comments) { c in
                    .li(.class(c.visibleToSubmitter ? "comment visible" : "comment internal"),
                        .p(.text(c.body)),
                        .p(.class("meta"), .text("\(c.authorName) · \(SeoulTime.dateTime(c.createdAt)) · " +
                                                 (c.visibleToSubmitter ? context.t("신청인 공개", "Visible to submitter") : context.t("내부", "Internal")))))
                }),
                FormKit.textarea("body", label: context.t("새 의견", "New comment"), value: "", errors: errors, context: context, rows: 3),
                .label(.class("checkbox"), .input(.type(.checkbox), .name("visible"), .value("1")), .text(context.t(" 신청인에게 보이기", " Visible to the submitter"))),
                FormKit.submit(context.t("의견 남기기", "Add comment"))),
            HistoryView.section(Localized("처리 이력", "History"), data.history, context: context)
        )
    }
}

/// The routing table: one form for every row shown, saved at once (only changed rows are written),
/// filtered by scope and name with the filter kept in the URL.
struct GrievanceRoutesPage: Page {
    struct Row: Sendable, Equatable {
        var agency: String
        var staffEmail: String
        var supervisorEmail: String
    }

    enum Scope: String, CaseIterable, Sendable {
        case all = "", district, facility
    }

    struct Filter: Sendable {
        var scope: Scope = .all
        var query: String = ""

        init(scope: Scope = .all, query: String = "") {
            self.scope = scope
            self.query = query
        }

        init(_ req: Request) {
            self.init(scope: Scope(rawValue: req.query[String.self, at: "scope"] ?? "") ?? .all,
                      query: String((req.query[String.self, at: "q"] ?? "").trimmed.prefix(60)))
        }

        /// The table's address with this filter (the form posts to it and comes back to it).
        var link: String {
            SiteURL.grievanceRoutes.path + SiteURL.query([("scope", scope.rawValue), ("q", query)])
        }
    }

    let routes: [GrievanceRoute]
    let regionNames: [String: String]
    /// What was typed in a refused save, by row.
    let typed: [UUID: Row]
    let errors: FieldErrors
    let filter: Filter

    func title(_ context: PageContext) -> String { context.t("규제·애로 배정표", "Grievance routing table") }

    /// A row's input name: `agency-<id>`, `staff-<id>` or `supervisor-<id>`.
    static func field(_ name: String, _ id: UUID) -> String { "\(name)-\(id.uuidString)" }

    func target(_ r: GrievanceRoute) -> String {
        r.scope == "district" ? (regionNames[r.code] ?? r.code) : (GrievanceData.facility(code: r.code)?.name ?? r.code)
    }

    /// Districts first, then facilities, each in 가나다 order of the name shown (not the romanised
    /// code); only those the filter keeps.
    var ordered: [GrievanceRoute] {
        let terms = KoreanSearch.terms(filter.query)
        return routes.filter { r in
            guard r.id != nil else { return false }
            if filter.scope != .all && r.scope != filter.scope.rawValue { return false }
            guard !terms.isEmpty else { return true }
            let text = [target(r), r.agency, r.staffEmail, r.supervisorEmail].joined(separator: " ").lowercased()
            let compact = text.replacingOccurrences(of: " ", with: "")
            return terms.allSatisfy { text.contains($0.lowercased()) || compact.contains($0.lowercased()) }
        }
        .sorted { a, b in
            if a.scope != b.scope { return a.scope == "district" }
            return KoreanOrder.less(target(a), target(b))
        }
    }

    func cell(_ name: String, _ id: UUID, value: String, label: String, type: HTMLInputType = .text, _ context: PageContext) -> Node<HTML.TableRowContext> {
        let field = Self.field(name, id)
        let error = errors[field]
        return .td(.class(error == nil ? "field" : "field has-error"),
            .input(.type(type), .id(field), .name(field), .value(value),
                   .attribute(named: "aria-label", value: label),
                   .attribute(named: "aria-invalid", value: error == nil ? nil : "true"),
                   .attribute(named: "aria-describedby", value: error == nil ? nil : "\(field)-error"),
                   .attribute(named: "form", value: "routes-form")),
            .unwrap(error) { .p(.class("error"), .id("\(field)-error"), .text(context.t($0))) })
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let rows = ordered
        let scopes: [(Scope, String)] = [(.all, context.t("전체", "All")), (.district, context.t("자치구", "Districts")), (.facility, context.t("시설", "Facilities"))]
        return .div(
            .h1(.text(title(context))),
            .p(.class("lead"), .text(context.t("자치구는 서울청 담당자, 시설은 산하기관 담당자가 맡습니다. 시설 담당자가 있으면 먼저 배정됩니다. 상급자는 처리기한이 지나면 알림을 받습니다 (없으면 운영자 전원).",
                                               "Districts go to regional-office staff, facilities to agency staff (first when set). The supervisor is told when a case is overdue (all operators when empty)."))),
            .form(.class("filters"), .method(.get), .action(SiteURL.grievanceRoutes.path), .id("routes-filter"),
                FormKit.select("scope", label: context.t("구분", "Scope"), options: scopes.filter { $0.0 != .all }.map { ($0.0.rawValue, $0.1) },
                               selected: filter.scope.rawValue, errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All")),
                .div(.class("field"),
                     .label(.for("route-q"), .text(context.t("이름·기관·이메일", "Name, agency or e-mail"))),
                     .input(.type(.search), .id("route-q"), .name("q"), .value(filter.query))),
                .button(.type(.submit), .class("secondary"), .text(context.t("찾기", "Filter")))),
            .if(!errors.isEmpty, .div(.class("flash error"), .attribute(named: "role", value: "alert"),
                .text(context.t("저장하지 않았습니다. 표시된 칸을 고친 뒤 다시 저장하세요. 입력한 내용은 그대로 있습니다.",
                                "Nothing was saved. Correct the marked fields and save again; everything you typed is kept.")))),
            .form(.id("routes-form"), .class("routes-form"), .method(.post), .action(filter.link),
                  FormKit.csrf(context)),
            .p(.class("meta"), .text(context.t("\(rows.count)행 · 바꾼 행만 저장됩니다.", "\(rows.count) rows · only changed rows are saved."))),
            .if(rows.isEmpty, .p(.class("empty"), .text(context.t("조건에 맞는 행이 없습니다.", "No row matches.")))),
            .div(.class("table-wrap"), .table(.class("routes-table"),
                .thead(.tr(.th(.text(context.t("구분", "Scope"))), .th(.text(context.t("대상", "Target"))), .th(.text(context.t("기관", "Agency"))),
                           .th(.text(context.t("담당자 이메일", "Staff e-mail"))), .th(.text(context.t("상급자 이메일", "Supervisor e-mail"))))),
                .tbody(.forEach(rows) { r in
                    let id = r.storedID  // filtered above: every row shown has its id
                    let row = typed[id] ?? Row(agency: r.agency, staffEmail: r.staffEmail, supervisorEmail: r.supervisorEmail)
                    let name = target(r)
                    return .tr(.id("route-\(id.uuidString)"),
                        .td(.text(r.scope == "district" ? context.t("자치구", "District") : context.t("시설", "Facility"))),
                        .td(.text(name)),
                        cell("agency", id, value: row.agency, label: context.t("\(name) 기관", "\(name): agency"), context),
                        cell("staff", id, value: row.staffEmail, label: context.t("\(name) 담당자 이메일", "\(name): staff e-mail"), type: .email, context),
                        cell("supervisor", id, value: row.supervisorEmail, label: context.t("\(name) 상급자 이메일", "\(name): supervisor e-mail"), type: .email, context))
                }))),
            .div(.class("form-actions sticky-actions"),
                 .button(.type(.submit), .attribute(named: "form", value: "routes-form"), .text(context.t("배정표 저장", "Save the routing table"))))
        )
    }
}

/// Open and overdue by class, on-time rate, median days, by category and district, staff.
struct GrievanceDashboardPage: Page {
    let dashboard: GrievanceDashboard

    func title(_ context: PageContext) -> String { context.t("규제·애로 현황", "Grievance dashboard") }

    func table(_ caption: String, _ rows: [GrievanceDashboard.Row], id: String, _ context: PageContext) -> Node<HTML.BodyContext> {
        .div(.class("table-wrap"), .table(.id(id),
            .caption(.text(caption)),
            .thead(.tr(.th(.text(context.t("항목", "Item"))), .th(.text(context.t("전체", "Total"))), .th(.text(context.t("진행 중", "Open"))),
                       .th(.text(context.t("기한 경과", "Overdue"))), .th(.text(context.t("해결", "Resolved"))),
                       .th(.text(context.t("기한 내 해결률", "On-time rate"))), .th(.text(context.t("소요일 중앙값", "Median days"))))),
            .tbody(.forEach(rows) { r in
                .tr(.th(.attribute(named: "scope", value: "row"), .text(context.t(r.label))), .td(.text("\(r.total)")), .td(.text("\(r.open)")),
                    .td(.text("\(r.overdue)")), .td(.text("\(r.resolved)")),
                    .td(.text(r.onTimeRate.map(ExportCell.percentText) ?? "—")), .td(.text(GrievanceDashboard.days(r.medianDays))))
            })))
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let d = dashboard
        return .div(
            .div(.class("page-head"), .h1(.text(title(context))),
                 .div(.class("page-actions"), .a(.class("button secondary"), .href(SiteURL.grievanceExport(year: d.year).path), .text("CSV")))),
            .div(.class("kpi-chart-box"), .trusted(GrievanceChart.openByClass(d.byClass + (d.unclassified.total > 0 ? [d.unclassified] : []), language: context.language))),
            table(context.t("처리 구분별", "By class"), [d.all] + d.byClass + (d.unclassified.total > 0 ? [d.unclassified] : []), id: "by-class", context),
            table(context.t("분야별", "By category"), d.byCategory, id: "by-category", context),
            table(context.t("자치구별", "By district"), d.byDistrict, id: "by-district", context),
            .section(.class("card"), .h2(.text(context.t("\(d.year)년 담당자별 해결 건수 (연말 포상)", "Resolved cases per staff member in \(d.year) (year-end recognition)"))),
                .if(d.staff.isEmpty, .p(.class("empty"), .text(context.t("아직 해결한 건이 없습니다.", "No resolved cases yet.")))),
                .div(.class("table-wrap"), .table(.id("by-staff"),
                    .thead(.tr(.th(.text(context.t("담당자", "Staff"))), .th(.text(context.t("해결", "Resolved"))), .th(.text(context.t("기한 내", "On time"))))),
                    .tbody(.forEach(d.staff) { s in .tr(.td(.text(s.name)), .td(.text("\(s.resolved)")), .td(.text("\(s.onTime)"))) }))))
        )
    }
}
