import Foundation
import IeumCore
import Plot

struct PublicCallsPage: Page {
    let query: String
    let fieldCode: String
    var openOnly = false
    var sort = ListSort<NeedQuery.Sort>(key: .published, descending: true)
    let calls: [Call]
    let result: NeedQuery.Result
    let taxonomy: TaxonomySnapshot
    let now: Date

    func title(_ context: PageContext) -> String { context.t("공모·수요과제", "Calls and needs") }

    /// The list's address with its search, field, "open only", order and page (the order's own
    /// links start again at the first page).
    func link(page: Int, sort order: ListSort<NeedQuery.Sort>? = nil) -> String {
        var items: [String] = []
        if !query.isEmpty { items.append("q=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
        if !fieldCode.isEmpty { items.append("field=" + (fieldCode.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
        if openOnly { items.append("open=1") }
        for item in (order ?? sort).items { if let value = item.1 { items.append("\(item.0)=\(value)") } }
        if page > 1 { items.append("page=\(page)") }
        return SiteURL.calls(query: items.joined(separator: "&")).path
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let pageCount = max(1, (result.total + NeedQuery.Result.pageSize - 1) / NeedQuery.Result.pageSize)
        return .div(
            .div(.class("page-head"), .h1(.text(title(context))),
                 .div(.class("page-actions"), .a(.class("button secondary"), .href(SiteURL.programs.path), .text(context.t("사업 안내", "Programs"))))),
            .section(.class("card"), .attribute(named: "aria-labelledby", value: "open-calls"),
                .h2(.id("open-calls"), .text(context.t("진행 중인 공모", "Open calls"))),
                .if(calls.isEmpty, .p(.class("empty"), .text(context.t("지금 진행 중인 공모가 없습니다.", "No call is open now.")))),
                .ul(.class("call-list"), .forEach(calls) { call in
                    .li(.strong(.text(context.language == .en ? (call.titleEn ?? call.title) : call.title)),
                        .text(" — "),
                        .a(.href(SiteURL.program(call.$program.id).path), .text(context.language == .en ? (call.program.nameEn ?? call.program.name) : call.program.name)),
                        .span(.class("meta"), .text(" · \(SeoulTime.dateTime(call.opensAt)) ~ \(SeoulTime.dateTime(call.closesAt))" + context.t(" (한국시간)", " (Seoul)"))),
                        .if(!call.isOpen(at: now), .span(.class("badge"), .text(context.t("접수 예정", "Opens soon")))))
                })
            ),
            .form(.class("filters card"), .method(.get), .action(SiteURL.calls(query: nil).path), .attribute(named: "role", value: "search"),
                .div(.class("field search-field"),
                     .label(.for("q"), .text(context.t("수요과제 검색", "Search needs"))),
                     .input(.type(.search), .id("q"), .name("q"), .value(query),
                            .placeholder(context.t("예: 배터리, 스마트공장, digital twin", "e.g. battery, smart factory, 디지털트윈")))),
                FormKit.select("field", label: context.t("기술분야", "Tech field"),
                               options: taxonomy.fields.filter(\.active).map { ($0.code, context.t($0.name)) },
                               selected: fieldCode, errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All")),
                .div(.class("field check"),
                     .input(.type(.checkbox), .id("open"), .name("open"), .value("1"), .checked(openOnly)),
                     .label(.for("open"), .text(context.t("접수 중인 과제만", "Open for applications only")))),
                .forEach(sort.items) { item in .input(.type(.hidden), .name(item.0), .value(item.1 ?? "")) },
                .div(.class("actions"), .button(.type(.submit), .class("primary"), .text(context.t("검색", "Search"))))
            ),
            .p(.class("result-count"), .id("result-count"), .attribute(named: "role", value: "status"),
               .text(openOnly ? context.t("접수 중인 수요과제 \(result.total)건", "\(result.total) needs open for applications")
                              : context.t("공개 수요과제 \(result.total)건", "\(result.total) published needs"))),
            sort.links([(.published, context.t("최근 공개", "Newest")), (.deadline, context.t("마감 임박", "Closing soonest")), (.title, context.t("제목", "Title"))],
                       context) { link(page: 1, sort: $0) },
            .if(result.needs.isEmpty, .p(.class("empty"), .text(context.t("조건에 맞는 수요과제가 없습니다.", "No need matches.")))),
            .ul(.class("org-list need-list"), .forEach(result.needs) { need in
                let call = need.$call.id.flatMap { result.calls[$0] }
                let org = result.organizations[need.$organization.id]
                return .li(.class("org-card need-card"),
                    .h2(.a(.href(SiteURL.need(need.storedID).path), .text(NeedView.title(need, context)))),
                    .p(.class("meta"),
                       NeedView.statusBadge(need, deadline: need.applicationDeadline(call: call), context),
                       .span(.class("org-name"), .text(NeedView.organizationName(need, org, shown: !need.anonymous, context))),
                       .span(.text(" · " + context.t("마감 ", "Deadline ") + NeedView.deadline(need.applicationDeadline(call: call), context)))),
                    .p(.class("summary"), .text(need.teaser)),
                    .p(.class("fields"), .text(NeedView.fields(need.fieldCodes, taxonomy, context))),
                    .if(!need.support.isEmpty, .p(.class("support"), .text(context.t("지원: ", "Support: ") + NeedView.support(need, context))))
                )
            }),
            Pagination.node(page: result.page, pageCount: pageCount, context: context) { link(page: $0) }
        )
    }
}
