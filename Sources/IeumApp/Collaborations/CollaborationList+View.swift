import Foundation
import IeumCore
import Plot

/// Shared bits of the collaboration pages.
enum CollaborationView {
    static func stageBadge(_ stage: CollaborationStage, _ context: PageContext) -> Node<HTML.BodyContext> {
        .span(.class("badge stage-\(stage.rawValue)"), .text(context.t(stage.label)))
    }

    static func name(_ org: Organization, _ context: PageContext) -> String {
        context.language == .en ? (org.nameEn ?? org.name) : org.name
    }

    /// A party's name, linked to its profile only for someone who may open it (an investor may
    /// not see every startup).
    static func partyName(_ org: Organization, _ context: PageContext) -> Node<HTML.BodyContext> {
        guard RegistryPolicy.can(context.actor, .view(org.access)), let id = org.id else { return .text(name(org, context)) }
        return .a(.href(SiteURL.organization(id).path), .text(name(org, context)))
    }

    static func partyLine(_ parties: [(role: CollaborationRole, organization: Organization)], _ context: PageContext) -> String {
        parties.map { "\(context.t($0.role.label)) \(name($0.organization, context))" }.joined(separator: " · ")
    }

    static func partyLine(_ parties: [CollaborationListModel.Party], _ context: PageContext) -> String {
        parties.map { "\(context.t($0.role.label)) \(name($0.organization, context))" }.joined(separator: " · ")
    }

    static func name(_ named: CollaborationListModel.Named, _ context: PageContext) -> String {
        context.language == .en ? (named.nameEn ?? named.name) : named.name
    }

    /// A select whose element id differs from its name, for pages with several forms.
    static func select(_ field: String, id: String, label: String, options: [(value: String, label: String)], selected: String,
                       errors: FieldErrors, context: PageContext, includeEmpty: String? = nil, required: Bool = false) -> Node<HTML.FormContext> {
        .div(
            .class(errors[field] == nil ? "field" : "field has-error"),
            .label(.for(id), .text(label), .if(required, .span(.class("req"), .attribute(named: "aria-hidden", value: "true"), .text(" *")))),
            .select(
                .id(id), .attribute(named: "name", value: field),
                .if(errors[field] != nil, .attribute(named: "aria-invalid", value: "true")),
                .if(errors[field] != nil, .attribute(named: "aria-describedby", value: "\(id)-error")),
                .unwrap(includeEmpty) { FormKit.option(value: "", label: $0, selected: selected.isEmpty) },
                .forEach(options) { FormKit.option(value: $0.value, label: $0.label, selected: $0.value == selected) }
            ),
            FormKit.error(field, errors, context, domID: id)
        )
    }

    static func textarea(_ field: String, id: String, label: String, value: String, errors: FieldErrors, context: PageContext, rows: Int = 3,
                         required: Bool = false) -> Node<HTML.FormContext> {
        .div(
            .class(errors[field] == nil ? "field" : "field has-error"),
            .label(.for(id), .text(label), .if(required, .span(.class("req"), .attribute(named: "aria-hidden", value: "true"), .text(" *")))),
            .textarea(.id(id), .name(field), .rows(rows),
                      .if(errors[field] != nil, .attribute(named: "aria-invalid", value: "true")),
                      .if(errors[field] != nil, .attribute(named: "aria-describedby", value: "\(id)-error")),
                      .text(value)),
            FormKit.error(field, errors, context, domID: id)
        )
    }

    /// A refusal that belongs to the whole form (not one field).
    static func formMessage(_ errors: FieldErrors, _ context: PageContext) -> Node<HTML.BodyContext> {
        .unwrap(errors["form"]) { .div(.class("form-error"), .attribute(named: "role", value: "alert"), .text(context.t($0))) }
    }

    static func stageOptions(_ stages: [CollaborationStage], _ context: PageContext) -> [(value: String, label: String)] {
        stages.map { ($0.rawValue, context.t($0.label)) }
    }
}

/// The collaborations the viewer may see, filtered by program and stage, with the direct match form for operators.
struct CollaborationListPage: Page {
    let model: CollaborationListModel

    var order: ListSort<CollaborationSort> { model.order }

    func title(_ context: PageContext) -> String { context.t("협업 프로젝트", "Collaborations") }

    /// The query string of the current filter and order, with another page number (or order).
    func query(page number: Int, order other: ListSort<CollaborationSort>? = nil) -> String {
        String(SiteURL.query([("program", model.programID?.uuidString), ("stage", model.stage?.rawValue)] + (other ?? order).items
                             + [("page", SiteURL.pageValue(number))]).dropFirst())
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .div(.class("page-head"), .h1(.text(title(context)))),
            .form(.class("filters card"), .method(.get), .action(SiteURL.collaborations(query: nil).path),
                  FormKit.select("program", label: context.t("사업", "Program"),
                                 options: model.programs.map { ($0.id.uuidString, CollaborationView.name($0, context)) },
                                 selected: model.programID?.uuidString ?? "", errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All")),
                  FormKit.select("stage", label: context.t("단계", "Stage"), options: CollaborationView.stageOptions(CollaborationStage.allCases, context),
                                 selected: model.stage?.rawValue ?? "", errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All")),
                  .forEach(order.items) { .input(.type(.hidden), .name($0.0), .value($0.1 ?? "")) },
                  .div(.class("actions"), .button(.type(.submit), .class("primary"), .text(context.t("보기", "Show"))))),
            .p(.class("result-count"), .attribute(named: "role", value: "status"),
               .text(context.t("협업 \(model.paging.total)건", "\(model.paging.total) collaborations"))),
            .if(model.rows.isEmpty, .p(.class("empty"), .text(context.t("볼 수 있는 협업 프로젝트가 없습니다.", "No collaborations to show.")))),
            .if(!model.rows.isEmpty, .div(.class("table-wrap"), .table(.class("collaboration-list"),
                .thead(.tr(order.header(context.t("협업", "Collaboration"), .title, context) { SiteURL.collaborations(query: query(page: 1, order: $0)).path },
                           .th(.text(context.t("참여 기관", "Parties"))),
                           .th(.text(context.t("사업", "Program"))), .th(.text(context.t("단계", "Stage"))),
                           order.header(context.t("단계 시작", "Since"), .since, context) { SiteURL.collaborations(query: query(page: 1, order: $0)).path }, .th(.text(context.t("지연 마일스톤", "Overdue milestones"))))),
                .tbody(.forEach(model.rows) { row in
                    .tr(.td(.a(.href(SiteURL.collaboration(row.id).path), .text(row.title))),
                        .td(.text(CollaborationView.partyLine(row.parties, context))),
                        .td(.text(row.programName ?? "-")),
                        .td(CollaborationView.stageBadge(row.stage, context)),
                        .td(.text(SeoulTime.date(row.stageSince))),
                        .td(row.overdueMilestones > 0
                            ? .span(.class("badge overdue"), .text(context.t("지연 \(row.overdueMilestones)건", "\(row.overdueMilestones) overdue")))
                            : .text("0")))
                })))),
            Pagination.node(model.paging, context: context) { SiteURL.collaborations(query: query(page: $0)).path },
            .unwrap(model.direct) { directForm($0, context) }
        )
    }

    func directForm(_ direct: CollaborationListModel.Direct, _ context: PageContext) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("direct-match"),
            .h2(.text(context.t("직접 매칭", "Direct match"))),
            .p(.class("hint"), .text(context.t("공모를 거치지 않은 협업을 운영기관이 바로 시작합니다 (매칭 단계).",
                                              "Start a collaboration outside any call; it begins at Matched."))),
            .if(!direct.errors.isEmpty, .div(.class("form-error"), .attribute(named: "role", value: "alert"),
                                             .text(context.t("입력값을 확인하세요.", "Check the marked fields.")))),
            .form(.method(.post), .action(SiteURL.collaborations(query: nil).path), .attribute(named: "novalidate", value: "novalidate"),
                FormKit.csrf(context),
                FormKit.text("title", label: context.t("협업 과제명", "Title"), value: direct.input.title, errors: direct.errors, context: context, required: true),
                FormKit.text("startup", label: context.t("스타트업 (기업명 또는 사업자등록번호)", "Startup (name or business number)"), value: direct.input.startup,
                             errors: direct.errors, context: context, required: true),
                FormKit.select("demandID", label: context.t("수요기관", "Demand organisation"),
                               options: direct.demandOrganizations.map { ($0.id.uuidString, CollaborationView.name($0, context)) },
                               selected: direct.input.demandID, errors: direct.errors, context: context, includeEmpty: context.t("없음", "None")),
                FormKit.select("investorID", label: context.t("투자기관 (선택)", "Investor (optional)"),
                               options: direct.investors.map { ($0.id.uuidString, CollaborationView.name($0, context)) },
                               selected: direct.input.investorID, errors: direct.errors, context: context, includeEmpty: context.t("없음", "None")),
                FormKit.select("programID", label: context.t("사업", "Program"),
                               options: direct.programs.map { ($0.id.uuidString, CollaborationView.name($0, context)) },
                               selected: direct.input.programID, errors: direct.errors, context: context, includeEmpty: context.t("사업 밖", "No program")),
                FormKit.submit(context.t("협업 시작", "Start collaboration"))))
    }
}
