import Foundation
import IeumCore
import Plot

/// The expert pool: search by words and tech field, one row per expert, paged.
struct ExpertListPage: Page {
    let model: ExpertListModel

    func title(_ context: PageContext) -> String { context.t("전문가 풀", "Expert pool") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .div(.class("page-head"),
                 .h1(.text(title(context))),
                 .div(.class("page-actions"),
                      .a(.class("button"), .href(SiteRoute.experts(.newForm).path()), .text(context.t("전문가 등록", "Add an expert"))))),
            searchForm(context),
            .p(.class("meta"), .text(context.t("\(model.paging.total)명", "\(model.paging.total) experts"))),
            .if(model.rows.isEmpty, .p(.class("empty"), .text(context.t("찾는 전문가가 없습니다.", "No expert found.")))),
            .if(!model.rows.isEmpty, table(context)),
            Pagination.node(model.paging, context: context) { SiteURL.expertPool(query: model.query, field: model.field, page: $0).path }
        )
    }

    func searchForm(_ context: PageContext) -> Node<HTML.BodyContext> {
        .form(.class("search-form inline-fields"), .action(SiteRoute.experts(.list).path()), .method(.get),
              .div(.class("field"),
                   .label(.for("q"), .text(context.t("검색", "Search"))),
                   .input(.type(.search), .id("q"), .name("q"), .value(model.query),
                          .placeholder(context.t("이름, 소속, 전문 분야 (예: 이차전지, 반도체 설계)", "Name, affiliation, expertise")))),
              FormKit.select("field", label: context.t("기술분야", "Tech field"), options: model.fields.map { ($0.code, $0.name) },
                             selected: model.field, errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All")),
              .button(.type(.submit), .class("button"), .text(context.t("검색", "Search"))))
    }

    func table(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(.class("table-wrap"),
             .table(.class("expert-table"),
                    .thead(.tr(.th(.text(context.t("이름", "Name"))),
                               .th(.text(context.t("구분", "Sector"))),
                               .th(.text(context.t("소속", "Affiliation"))),
                               .th(.text(context.t("기술분야", "Fields"))),
                               .th(.text(context.t("심사 가능", "Available"))))),
                    .tbody(.forEach(model.rows) { row in
                        .tr(.td(.a(.href(SiteURL.expert(row.id).path), .text(row.name))),
                            .td(.text(context.t(row.sector.label))),
                            .td(.text(row.affiliation)),
                            .td(.text(row.fields.joined(separator: ", "))),
                            .td(.text(availability(row, context))))
                    })))
    }

    func availability(_ row: ExpertListModel.Row, _ context: PageContext) -> String {
        if row.available { return context.t("가능", "Yes") }
        return context.t("불가", "No") + (row.availabilityNote.isEmpty ? "" : " (\(row.availabilityNote))")
    }
}
