import Foundation
import IeumCore
import Plot

/// Create and edit form for an organisation; errors sit next to their fields and the typed values stay.
struct OrganizationFormPage: Page {
    enum Mode: Equatable {
        case create
        case edit(UUID)
    }

    let mode: Mode
    let input: OrganizationInput
    let errors: FieldErrors
    let taxonomy: TaxonomySnapshot
    let isOperator: Bool

    func title(_ context: PageContext) -> String {
        mode == .create ? context.t("기관 등록", "Register an organisation") : context.t("기관 정보 수정", "Edit organisation")
    }

    var action: String {
        switch mode {
        case .create: SiteURL.organizations(query: nil).path
        case .edit(let id): SiteURL.organization(id).path
        }
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let e = errors
        let canChangeKind = mode == .create || isOperator
        return .div(
            .h1(.text(title(context))),
            .if(!errors.isEmpty, .div(
                .class("form-error"), .attribute(named: "role", value: "alert"), .id("error-summary"), .attribute(named: "tabindex", value: "-1"),
                .p(.text(context.t("입력값을 확인하세요. 항목 \(errors.order.count)개에 문제가 있습니다.", "Please check the form: \(errors.order.count) fields need attention."))),
                .ul(.forEach(errors.order) { field in
                    .unwrap(errors[field]) { .li(.a(.href("#\(field)"), .text(context.t($0)))) }
                })
            )),
            .form(
                .class("card org-form"), .action(action), .method(.post), .novalidate(),
                FormKit.csrf(context),
                .fieldset(
                    .element(named: "legend", text: context.t("기관 구분", "Kind")),
                    canChangeKind
                        ? FormKit.select("kind", label: context.t("기관 유형", "Kind of organisation"),
                                         options: OrganizationKind.allCases.map { ($0.rawValue, context.t($0.label)) },
                                         selected: input.kind, errors: e, context: context, required: true)
                        : .input(.type(.hidden), .name("kind"), .value(input.kind)),
                    FormKit.select("demandSize", label: context.t("수요기관 규모 (수요기관만)", "Size (demand organisations only)"),
                                   options: DemandSize.allCases.map { ($0.rawValue, context.t($0.label)) },
                                   selected: input.demandSize, errors: e, context: context, includeEmpty: context.t("해당 없음", "Not applicable")),
                    FormKit.select("investorType", label: context.t("투자기관 유형 (투자기관만)", "Investor type (investors only)"),
                                   options: InvestorType.allCases.map { ($0.rawValue, context.t($0.label)) },
                                   selected: input.investorType, errors: e, context: context, includeEmpty: context.t("해당 없음", "Not applicable"))
                ),
                .fieldset(
                    .element(named: "legend", text: context.t("기본 정보", "Basics")),
                    FormKit.text("name", label: context.t("기관명", "Name"), value: input.name, errors: e, context: context, required: true),
                    FormKit.text("nameEn", label: context.t("영문 기관명", "Name in English"), value: input.nameEn, errors: e, context: context),
                    FormKit.text("businessNumber", label: context.t("사업자등록번호", "Business registration number"), value: input.businessNumber, errors: e, context: context,
                                 required: true, hint: context.t("숫자 10자리, 예: 123-45-67890", "10 digits, e.g. 123-45-67890")),
                    FormKit.select("stage", label: context.t("투자 단계", "Investment stage"),
                                   options: Stage.allCases.map { ($0.rawValue, context.t($0.label)) },
                                   selected: input.stage, errors: e, context: context, includeEmpty: context.t("선택", "Choose")),
                    FormKit.checkboxes("fields", legend: context.t("기술분야", "Tech fields"),
                                       options: taxonomy.fields.filter(\.active).map { ($0.code, context.t($0.name)) },
                                       checked: Set(input.fields.compactMap { taxonomy.resolveField($0)?.code } + input.fields), errors: e, context: context),
                    FormKit.select("region", label: context.t("지역", "Region"),
                                   options: taxonomy.regions.filter(\.active).map { ($0.code, context.t($0.name)) },
                                   selected: taxonomy.resolveRegion(input.region)?.code ?? input.region, errors: e, context: context, includeEmpty: context.t("선택", "Choose")),
                    FormKit.select("cluster", label: context.t("클러스터", "Cluster"),
                                   options: taxonomy.clusters.filter(\.active).map { ($0.code, context.t($0.name)) },
                                   selected: taxonomy.resolveCluster(input.cluster)?.code ?? input.cluster, errors: e, context: context, includeEmpty: context.t("없음", "None")),
                    FormKit.text("foundedYear", label: context.t("설립연도", "Founding year"), value: input.foundedYear, errors: e, context: context, type: .number),
                    FormKit.text("employees", label: context.t("임직원 수", "Employees"), value: input.employees, errors: e, context: context, type: .number),
                    FormKit.text("investment", label: context.t("누적 투자유치 (원, 또는 '12.5억')", "Cumulative investment (won, or '12.5억')"), value: input.investment, errors: e, context: context),
                    FormKit.text("revenue", label: context.t("연매출 (원, 또는 '3억')", "Annual revenue (won, or '3억')"), value: input.revenue, errors: e, context: context),
                    FormKit.checkboxes("certifications", legend: context.t("인증", "Certifications"),
                                       options: Certification.allCases.map { ($0.rawValue, context.t($0.label)) },
                                       checked: Set(input.certifications.compactMap { Certification.parse($0)?.rawValue }), errors: e, context: context)
                ),
                .fieldset(
                    .element(named: "legend", text: context.t("소개", "Description")),
                    FormKit.text("summary", label: context.t("한 줄 소개", "One-line summary"), value: input.summary, errors: e, context: context),
                    FormKit.text("summaryEn", label: context.t("한 줄 소개 (영문)", "One-line summary (English)"), value: input.summaryEn, errors: e, context: context),
                    FormKit.textarea("description", label: context.t("상세 소개", "Description"), value: input.description, errors: e, context: context, rows: 6),
                    FormKit.textarea("descriptionEn", label: context.t("상세 소개 (영문, 선택)", "Description (English, optional)"), value: input.descriptionEn, errors: e, context: context, rows: 4),
                    FormKit.text("keywords", label: context.t("키워드 (쉼표로 구분)", "Keywords (comma-separated)"), value: input.keywords, errors: e, context: context),
                    FormKit.text("website", label: context.t("웹사이트", "Website"), value: input.website, errors: e, context: context, type: .url)
                ),
                .fieldset(
                    .element(named: "legend", text: context.t("담당자 (비공개)", "Contact (confidential)")),
                    FormKit.text("contactName", label: context.t("담당자 이름", "Contact name"), value: input.contactName, errors: e, context: context),
                    FormKit.text("contactEmail", label: context.t("담당자 이메일", "Contact e-mail"), value: input.contactEmail, errors: e, context: context, type: .email),
                    FormKit.text("contactPhone", label: context.t("담당자 전화", "Contact phone"), value: input.contactPhone, errors: e, context: context, type: .tel),
                    .div(.class("field"),
                         .label(.class("checkbox"),
                                .input(.type(.checkbox), .name("openToPartners"), .id("openToPartners"), .value("1"), .checked(input.openToPartners)),
                                .text(" " + context.t("투자자·구매기관에 프로필 공개", "Show the profile to investors and buyers"))))
                ),
                FormKit.submit(mode == .create ? context.t("등록", "Register") : context.t("저장", "Save"))
            )
        )
    }
}
