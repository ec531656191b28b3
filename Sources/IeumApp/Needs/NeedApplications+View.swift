import Foundation
import IeumCore
import Plot

struct NeedApplicationsPage: Page {
    static let perPage = 50
    /// The orders of a need's incoming applications: by submission (oldest first) or startup name.
    enum Sort: String, CaseIterable, Sendable {
        case submitted, startup
    }

    let need: Need
    let applications: [NeedApplication]
    let paging: Paging
    var status: ApplicationStatus?
    var sort = ListSort<Sort>(key: .submitted, descending: false)

    func title(_ context: PageContext) -> String { context.t("지원서 목록", "Applications") + " — " + NeedView.title(need, context) }

    /// This list's address with its status filter, order and page.
    func link(page: Int = 1, sort order: ListSort<Sort>? = nil) -> String {
        SiteURL.needApplications(need.storedID).path
            + SiteURL.query([("status", status?.rawValue)] + (order ?? sort).items + [("page", page > 1 ? String(page) : nil)])
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let statuses = ApplicationStatus.allCases.filter { $0 != .draft }
        return .div(
            .h1(.text(title(context))),
            .p(.a(.href(SiteURL.need(need.storedID).path), .text(context.t("← 과제로 돌아가기", "← Back to the need")))),
            .form(.class("filters"), .method(.get), .action(SiteURL.needApplications(need.storedID).path), .id("applications-filter"),
                FormKit.select("status", label: context.t("상태", "Status"), options: statuses.map { ($0.rawValue, context.t($0.label)) },
                               selected: status?.rawValue ?? "", errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All")),
                .forEach(sort.items) { item in .input(.type(.hidden), .name(item.0), .value(item.1 ?? "")) },
                .button(.type(.submit), .class("secondary"), .text(context.t("보기", "Show")))),
            .p(.class("result-count"), .text(status.map { context.t("\(context.t($0.label)) 지원서 \(paging.total)건", "\(paging.total) applications: \(context.t($0.label))") }
                                             ?? context.t("제출된 지원서 \(paging.total)건", "\(paging.total) applications submitted"))),
            .if(applications.isEmpty, .p(.class("empty"), .text(context.t("아직 제출된 지원서가 없습니다.", "No application has been submitted yet.")))),
            bulkBar(context),
            .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.span(.class("sr-only"), .text(context.t("선택", "Select")))),
                           sort.header(context.t("스타트업", "Startup"), .startup, context) { link(sort: $0) },
                           .th(.text(context.t("상태", "Status"))),
                           sort.header(context.t("제출", "Submitted"), .submitted, context) { link(sort: $0) })),
                .tbody(.forEach(applications) { application in
                    .tr(bulkCheckbox(application, context),
                        .td(.a(.href(SiteURL.application(application.storedID).path), .text(application.startup.name))),
                        .td(NeedView.applicationBadge(application.status, context)),
                        .td(.text(application.submittedAt.map(SeoulTime.dateTime) ?? "-")))
                }))),
            Pagination.node(paging, context: context) { link(page: $0) }
        )
    }
}
