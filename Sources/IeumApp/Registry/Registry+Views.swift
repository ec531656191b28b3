import Foundation
import IeumCore
import Plot

struct RegistryListPage: Page {
    let model: RegistryListModel

    var filter: RegistryFilter { model.filter }

    func title(_ context: PageContext) -> String { context.t("기관 목록", "Registry") }

    var order: ListSort<RegistrySort> { ListSort(key: filter.sort, descending: filter.descending, explicit: filter.sortNamed) }

    /// The query string of the current filter, with another page number (and another order).
    func query(page number: Int, order other: ListSort<RegistrySort>? = nil) -> String {
        var items: [(String, String)] = []
        if let kind = filter.kind { items.append(("kind", kind.rawValue)) }
        if let field = filter.fieldCode { items.append(("field", field)) }
        if let stage = filter.stage { items.append(("stage", stage.rawValue)) }
        if let region = filter.regionCode { items.append(("region", region)) }
        if let cluster = filter.clusterCode { items.append(("cluster", cluster)) }
        if let status = filter.status { items.append(("status", status.rawValue)) }
        if !filter.query.isEmpty { items.append(("q", filter.query)) }
        for (name, value) in (other ?? order).items { if let value { items.append((name, value)) } }
        if number > 1 { items.append(("page", String(number))) }
        return items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let isOperator = context.actor?.isOperator == true
        return .div(
            .div(.class("page-head"),
                 .h1(.text(title(context))),
                 .div(.class("page-actions"),
                      .a(.class("button"), .href(SiteURL.organizationNew.path), .text(context.t("기관 등록", "Register an organisation"))),
                      .if(ImportPolicy.can(context.actor, .export), .a(.class("button secondary"), .href(SiteURL.export(format: "csv", query: query(page: 1)).path), .text(context.t("CSV 내보내기", "Export CSV")))),
                      .if(ImportPolicy.can(context.actor, .export), .a(.class("button secondary"), .href(SiteURL.export(format: "jsonl", query: query(page: 1)).path), .text(context.t("JSON Lines 내보내기", "Export JSON Lines")))))),
            .form(
                .class("filters card"), .method(.get), .action(SiteURL.organizations(query: nil).path),
                .attribute(named: "role", value: "search"),
                .div(.class("field search-field"),
                     .label(.for("q"), .text(context.t("검색", "Search"))),
                     .input(.type(.search), .id("q"), .name("q"), .value(filter.query),
                            .placeholder(context.t("기관명, 소개, 키워드 (예: 스마트공장, AI)", "Name, description, keywords (e.g. smart factory, AI)")))),
                FormKit.select("kind", label: context.t("유형", "Kind"),
                               options: OrganizationKind.allCases.map { ($0.rawValue, context.t($0.label)) },
                               selected: filter.kind?.rawValue ?? "", errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All")),
                FormKit.select("field", label: context.t("기술분야", "Tech field"),
                               options: model.fieldOptions.map { ($0.code, context.t($0.name)) },
                               selected: filter.fieldCode ?? "", errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All")),
                FormKit.select("stage", label: context.t("투자 단계", "Stage"),
                               options: Stage.allCases.map { ($0.rawValue, context.t($0.label)) },
                               selected: filter.stage?.rawValue ?? "", errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All")),
                FormKit.select("region", label: context.t("지역", "Region"),
                               options: model.regionOptions.map { ($0.code, context.t($0.name)) },
                               selected: filter.regionCode ?? "", errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All")),
                FormKit.select("cluster", label: context.t("클러스터", "Cluster"),
                               options: model.clusterOptions.map { ($0.code, context.t($0.name)) },
                               selected: filter.clusterCode ?? "", errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All")),
                .if(isOperator, FormKit.select("status", label: context.t("승인 상태", "Approval"),
                               options: ApprovalStatus.allCases.map { ($0.rawValue, context.t($0.label)) },
                               selected: filter.status?.rawValue ?? "", errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All"))),
                .forEach(order.items) { .input(.type(.hidden), .name($0.0), .value($0.1 ?? "")) },
                .div(.class("actions"), .button(.type(.submit), .class("primary"), .text(context.t("검색", "Search"))),
                     .a(.class("button secondary"), .href(SiteURL.organizations(query: nil).path), .text(context.t("초기화", "Reset"))))
            ),
            .p(.class("result-count"), .attribute(named: "role", value: "status"), .id("result-count"),
               .text(context.t("검색 결과 \(model.total)개", "\(model.total) results"))),
            order.links([(.name, context.t("이름", "Name")), (.founded, context.t("설립연도", "Founded")), (.registered, context.t("등록일", "Registered"))], context) {
                SiteURL.organizations(query: query(page: 1, order: $0)).path
            },
            .if(model.rows.isEmpty, .p(.class("empty"), .text(context.t("조건에 맞는 기관이 없습니다.", "No organisation matches.")))),
            .ul(.class("org-list"), .forEach(model.rows) { org in
                .li(.class("org-card"),
                    .h2(.a(.href(SiteURL.organization(org.id).path), .text(org.name))),
                    .p(.class("meta"),
                       .span(.class("badge"), .text(context.t(org.kind.label))),
                       .unwrap(org.stage) { .span(.class("badge stage"), .text(context.t($0.label))) },
                       .if(org.status != .approved, .span(.class("badge status-\(org.status.rawValue)"), .text(context.t(org.status.label)))),
                       .unwrap(org.region) { .span(.text(context.t($0))) },
                       .unwrap(org.cluster) { .span(.text("· " + context.t($0))) }),
                    .p(.class("summary"), .text(org.summary)),
                    .p(.class("fields"), .text(org.fields.map { context.language == .ko ? $0.ko : $0.en }.joined(separator: " · ")))
                )
            }),
            Pagination.node(page: model.page, pageCount: model.pageCount, context: context) { SiteURL.organizations(query: query(page: $0)).path }
        )
    }
}

struct OrganizationProfilePage: Page {
    let organization: Organization
    let fieldCodes: [String]
    let taxonomy: TaxonomySnapshot
    let showContact: Bool
    let canEdit: Bool
    let canApprove: Bool
    /// 추천 수요과제, for the startup's own people and operators (nil: not shown).
    var needRecommendations: [Recommendation]? = nil
    /// Members and operators reach the member list; others may ask to join.
    var canSeeMembers = false
    var mayAskToJoin = false

    func title(_ context: PageContext) -> String { organization.name }

    func row(_ label: String, _ value: String?) -> Node<HTML.DescriptionListContext> {
        guard let value, !value.isEmpty else { return .empty }
        return .group(.dt(.text(label)), .dd(.text(value)))
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let org = organization
        let id = org.storedID
        let money: (Int64?) -> String? = { $0.map { KRW.text($0, context.language) } }
        let kindDetail: String? = org.demandSize.map { context.t($0.label) } ?? org.investorType.map { context.t($0.label) }
        return .article(
            .class("profile"),
            .div(.class("page-head"),
                 .div(.h1(.text(org.name)),
                      .unwrap(org.nameEn) { .p(.class("subtitle"), .attribute(named: "lang", value: "en"), .text($0)) }),
                 .div(.class("page-actions"),
                      .if(canEdit, .a(.class("button"), .href(SiteURL.organizationEdit(id).path), .text(context.t("수정", "Edit")))),
                      .if(canSeeMembers, .a(.class("button secondary"), .href(SiteURL.organizationMembers(id).path), .text(context.t("구성원", "Members")))),
                      .if(mayAskToJoin, .a(.class("button secondary"), .href(SiteURL.organizationJoin(query: org.businessNumber ?? org.name).path),
                                          .text(context.t("이 기관에 가입 요청", "Ask to join")))))),
            .p(.class("meta"),
               .span(.class("badge"), .text(context.t(org.kind.label))),
               .unwrap(kindDetail) { .span(.class("badge"), .text($0)) },
               .span(.class("badge status-\(org.status.rawValue)"), .text(context.t(org.status.label)))),
            .unwrap(org.statusReason) { .p(.class("hint"), .text(context.t("처리 의견: ", "Note: ") + $0)) },
            .p(.class("lead"), .text(context.language == .en ? (org.summaryEn ?? org.summary) : org.summary)),
            .section(.class("card"),
                .h2(.text(context.t("기본 정보", "Key facts"))),
                .dl(
                    row(context.t("사업자등록번호", "Business number"), org.businessNumber.flatMap { BusinessNumber($0)?.formatted }),
                    row(context.t("투자 단계", "Stage"), org.stage.map { context.t($0.label) }),
                    row(context.t("기술분야", "Tech fields"), fieldCodes.compactMap { taxonomy.field(code: $0) }.map { context.t($0.name) }.joined(separator: ", ")),
                    row(context.t("지역", "Region"), org.regionCode.flatMap { taxonomy.region(code: $0) }.map { context.t($0.name) }),
                    row(context.t("클러스터", "Cluster"), org.clusterCode.flatMap { taxonomy.cluster(code: $0) }.map { context.t($0.name) }),
                    row(context.t("설립연도", "Founded"), org.foundedYear.map { context.t("\($0)년", String($0)) }),
                    row(context.t("임직원 수", "Employees"), org.employees.map { context.t("\($0)명", String($0)) }),
                    row(context.t("누적 투자유치", "Cumulative investment"), money(org.investmentKRW)),
                    row(context.t("연매출", "Annual revenue"), money(org.revenueKRW)),
                    row(context.t("인증", "Certifications"), org.certifications.compactMap(Certification.init(rawValue:)).map { context.t($0.label) }.joined(separator: ", ")),
                    row(context.t("키워드", "Keywords"), org.keywords.joined(separator: ", ")),
                    .unwrap(org.website.flatMap { $0.isEmpty ? nil : $0 }) { .group(.dt(.text(context.t("웹사이트", "Website"))), .dd(.externalLink($0))) }
                )),
            .section(.class("card"),
                .h2(.text(context.t("소개", "About"))),
                .p(.class("description"), .text(org.description)),
                .unwrap(org.descriptionEn) { .p(.class("description"), .attribute(named: "lang", value: "en"), .text($0)) }),
            .if(showContact, .section(.class("card"),
                .h2(.text(context.t("담당자 연락처", "Contact"))),
                .dl(row(context.t("담당자", "Name"), org.contactName),
                    row(context.t("이메일", "E-mail"), org.contactEmail),
                    row(context.t("전화", "Phone"), org.contactPhone))),
                else: .p(.class("hint"), .text(context.t("연락처는 기관 구성원과 운영기관에만 공개됩니다.", "Contact details are shown only to the organisation's people and operators.")))),
            .unwrap(needRecommendations) { list in
                .section(.class("card"), .id("need-recommendations"),
                    .h2(.text(context.t("추천 수요과제", "Recommended needs"))),
                    .if(list.isEmpty, .p(.class("empty"), .text(context.t("지금 추천할 공개 수요과제가 없습니다.", "No published need to recommend now.")))),
                    .ol(.class("recommendations"), .forEach(list) { rec in
                        .li(.a(.href(SiteURL.need(rec.id).path), .text(rec.name)),
                            .text(" "),
                            RecommendationView.score(rec, context),
                            RecommendationView.reason(rec, context))
                    }))
            },
            .if(canApprove && org.status != .approved, ApprovalQueuePage.decisionForm(id: id, name: org.name, context: context))
        )
    }
}

struct ApprovalQueuePage: Page {
    static let perPage = 30
    let pending: [Organization]
    let taxonomy: TaxonomySnapshot
    var page = 1
    var pageCount = 1
    var total = 0

    func title(_ context: PageContext) -> String { context.t("승인 대기", "Approval queue") }

    static func decisionForm(id: UUID, name: String, context: PageContext) -> Node<HTML.BodyContext> {
        .form(
            .class("decision"), .action(SiteURL.organizationStatus(id).path), .method(.post),
            FormKit.csrf(context),
            .div(.class("field"),
                 .label(.for("reason-\(id.uuidString)"), .text(context.t("의견 (반려 시 필수)", "Note (required to reject)"))),
                 .input(.type(.text), .id("reason-\(id.uuidString)"), .name("reason"))),
            .div(.class("actions"),
                 .button(.type(.submit), .name("status"), .value(ApprovalStatus.approved.rawValue), .class("primary"),
                         Confirmations.ask(context.t("\(name)을(를) 승인할까요? 모든 사용자에게 보이게 되고, 승인 뒤에는 이 화면에서 되돌릴 수 없습니다.",
                                                     "Approve \(name)? Everyone can then see it, and approval cannot be undone here.")),
                         .text(context.t("승인", "Approve"))),
                 .button(.type(.submit), .name("status"), .value(ApprovalStatus.rejected.rawValue), .class("danger"),
                         Confirmations.ask(context.t("\(name)을(를) 반려할까요? 기관은 다른 사용자에게 보이지 않고, 구성원이 의견을 읽습니다.",
                                                     "Reject \(name)? It stays hidden from others, and its members read the note.")),
                         .text(context.t("반려", "Reject"))))
        )
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .h1(.text(title(context))),
            .p(.class("hint"), .text(context.t("승인된 기관만 다른 사용자에게 보입니다.", "Only approved organisations are shown to others."))),
            .if(pending.isEmpty, .p(.class("empty"), .text(context.t("승인을 기다리는 기관이 없습니다.", "Nothing is waiting for approval.")))),
            bulkBar(context),
            .ul(.class("org-list"), .forEach(pending) { org in
                .li(.class("org-card"),
                    bulkCheckbox(org, context),
                    .h2(.a(.href(SiteURL.organization(org.storedID).path), .text(org.name))),
                    .p(.class("meta"), .span(.class("badge"), .text(context.t(org.kind.label))),
                       .unwrap(org.businessNumber.flatMap(BusinessNumber.init)) { .span(.text($0.formatted)) },
                       .unwrap(org.createdAt) { .span(.text(SeoulTime.dateTime($0))) }),
                    .p(.class("summary"), .text(org.summary)),
                    ApprovalQueuePage.decisionForm(id: org.storedID, name: org.name, context: context))
            }),
            Pagination.node(page: page, pageCount: pageCount, context: context) { SiteURL.approvalsPage($0).path }
        )
    }
}
