import Fluent
import Foundation
import IeumCore
import Plot
import Vapor

/// The expert pool pages: operators only (experts' contacts are personal data); others get 403.
struct ExpertsController {
    func register(_ app: Application) {
        app.on(.experts(.list), use: list)
        app.on(.experts(.newForm), use: newForm)
        app.on(.experts(.create), use: create)
        app.on(.experts(.show), use: show)
        app.on(.experts(.update), use: update)
        app.on(.experts(.addAffiliation), use: addAffiliation)
    }



    /// The signed-in person when the pool's table lets them do `action`, else 403.
    func require(_ req: Request, _ action: ExpertAction) throws -> Principal {
        let actor = try req.requireActor()
        try ExpertPolicy.require(actor, action)
        return actor
    }

    func fieldOptions(_ req: Request) async throws -> [(value: String, label: String)] {
        try await TechField.query(on: req.db).filter(\.$active == true).sort(\.$sortOrder).all()
            .map { ($0.code, req.language == .en ? $0.nameEn : $0.nameKo) }
    }

    func list(req: Request) async throws -> Response {
        _ = try require(req, .browse)
        let model = try await ExpertListModel.load(query: req.query[String.self, at: "q"] ?? "", field: req.query[String.self, at: "field"],
                                                   page: try req.boundedQuery("page", in: Bounded.pages, default: 1), language: req.language, on: req.db)
        return ExpertListPage(model: model).response(req)
    }

    func newForm(req: Request) async throws -> Response {
        _ = try require(req, .create)
        return ExpertFormPage(id: nil, input: ExpertInput(), errors: FieldErrors(), fields: try await fieldOptions(req), affiliations: [],
                              organizations: [], affiliationInput: AffiliationInput(), affiliationErrors: FieldErrors()).response(req)
    }

    func create(req: Request) async throws -> Response {
        let actor = try require(req, .create)
        let input = try req.formInput(ExpertInput.self)
        do {
            let expert = try await ExpertService.save(input, id: nil, by: actor, on: req.db, now: req.now)
            req.flash(Localized("전문가를 등록했습니다: \(expert.name)", "Expert added: \(expert.name)"))
            return req.redirect(to: SiteURL.expert(try expert.requireID()).path)
        } catch IeumError.invalid(let errors) {
            return ExpertFormPage(id: nil, input: input, errors: errors, fields: try await fieldOptions(req), affiliations: [],
                                  organizations: [], affiliationInput: AffiliationInput(), affiliationErrors: FieldErrors())
                .response(req, status: .unprocessableEntity)
        }
    }

    func page(_ req: Request, _ expert: Expert, input: ExpertInput? = nil, errors: FieldErrors = FieldErrors(),
              affiliationInput: AffiliationInput = AffiliationInput(), affiliationErrors: FieldErrors = FieldErrors(), status: HTTPResponseStatus = .ok) async throws -> Response {
        let id = try expert.requireID()
        let account = try await expert.$user.get(on: req.db)?.email
        let ties = try await ExpertAffiliation.query(on: req.db).filter(\.$expert.$id == id).sort(\.$fromYear).all()
        let orgs = try await Organization.query(on: req.db).filter(\.$status == .approved).sort(\.$name).limit(2_000).all()
        return ExpertFormPage(id: id, input: input ?? ExpertInput(expert, accountEmail: account), errors: errors, fields: try await fieldOptions(req),
                              affiliations: ties, organizations: orgs, affiliationInput: affiliationInput, affiliationErrors: affiliationErrors)
            .response(req, status: status)
    }

    func show(req: Request) async throws -> Response {
        _ = try require(req, .view)
        return try await page(req, try await ExpertService.find(req.parameters.get("expertID", as: UUID.self), on: req.db))
    }

    func update(req: Request) async throws -> Response {
        let actor = try require(req, .edit)
        let expert = try await ExpertService.find(req.parameters.get("expertID", as: UUID.self), on: req.db)
        let input = try req.formInput(ExpertInput.self)
        do {
            _ = try await ExpertService.save(input, id: try expert.requireID(), by: actor, on: req.db, now: req.now)
            req.flash(Localized("저장했습니다.", "Saved."))
            return req.redirect(to: SiteURL.expert(try expert.requireID()).path)
        } catch IeumError.invalid(let errors) {
            return try await page(req, expert, input: input, errors: errors, status: .unprocessableEntity)
        }
    }

    func addAffiliation(req: Request) async throws -> Response {
        let actor = try require(req, .edit)
        let expert = try await ExpertService.find(req.parameters.get("expertID", as: UUID.self), on: req.db)
        let input = try req.formInput(AffiliationInput.self)
        do {
            _ = try await ExpertService.addAffiliation(input, to: expert, by: actor, on: req.db, now: req.now)
            req.flash(Localized("소속·관계를 추가했습니다.", "The tie was added."))
            return req.redirect(to: SiteURL.expert(try expert.requireID()).path(anchor: "affiliations"))
        } catch IeumError.invalid(let errors) {
            return try await page(req, expert, affiliationInput: input, affiliationErrors: errors, status: .unprocessableEntity)
        }
    }
}

struct ExpertFormPage: Page {
    let id: UUID?
    let input: ExpertInput
    let errors: FieldErrors
    let fields: [(value: String, label: String)]
    let affiliations: [ExpertAffiliation]
    let organizations: [Organization]
    let affiliationInput: AffiliationInput
    let affiliationErrors: FieldErrors

    func title(_ context: PageContext) -> String { id == nil ? context.t("전문가 등록", "Add an expert") : input.name }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let e = errors
        let action = id.map { SiteURL.expert($0).path } ?? SiteURL.experts(query: nil).path
        let form: Node<HTML.BodyContext> = .form(.class("card expert-form"), .id("expert-form"), .action(action), .method(.post), .novalidate(),
            FormKit.csrf(context),
            ProgramForms.summary(e, context),
            FormKit.text("name", label: context.t("이름", "Name"), value: input.name, errors: e, context: context, required: true),
            FormKit.text("email", label: context.t("이메일", "E-mail"), value: input.email, errors: e, context: context, type: .email, required: true),
            FormKit.select("sector", label: context.t("구분", "Sector"), options: ExpertSector.allCases.map { ($0.rawValue, context.t($0.label)) },
                           selected: input.sector, errors: e, context: context, required: true),
            FormKit.text("affiliation", label: context.t("현재 소속", "Current affiliation"), value: input.affiliation, errors: e, context: context, required: true),
            FormKit.text("position", label: context.t("직위", "Position"), value: input.position, errors: e, context: context),
            FormKit.checkboxes("fields", legend: context.t("전문 기술분야", "Tech fields"), options: fields, checked: Set(input.fields), errors: e, context: context),
            FormKit.textarea("expertise", label: context.t("전문 분야 설명", "Expertise"), value: input.expertise, errors: e, context: context, rows: 3),
            .div(.class("field"), .label(.class("checkbox"), .input(.type(.checkbox), .name("available"), .value("1"), .id("available"), .checked(input.available)),
                                        .text(" " + context.t("심사·자문 가능", "Available for judging and advice")))),
            FormKit.text("availabilityNote", label: context.t("가능 여부 메모", "Availability note"), value: input.availabilityNote, errors: e, context: context,
                         hint: context.t("예: 12월 해외 출장", "e.g. abroad in December")),
            .div(.class("field"), .label(.class("checkbox"), .input(.type(.checkbox), .name("consentContact"), .value("1"), .id("consentContact"), .checked(input.consentContact)),
                                        .text(" " + context.t("연락처 제공·연락 동의", "Agreed to be contacted")))),
            FormKit.text("accountEmail", label: context.t("심사용 계정 이메일", "Account e-mail for scoring"), value: input.accountEmail, errors: e, context: context,
                         hint: context.t("평가표를 작성할 계정입니다. 없으면 비워 두세요.", "The account the expert scores with; leave empty if none.")),
            FormKit.submit(id == nil ? context.t("등록", "Add") : context.t("저장", "Save")))
        return .div(
            .div(.class("page-head"), .h1(.text(title(context))),
                 .div(.class("page-actions"), .a(.class("button secondary"), .href(SiteURL.experts(query: nil).path), .text(context.t("전문가 풀", "Expert pool"))))),
            form,
            .unwrap(id) { affiliationSection($0, context) })
    }

    func affiliationSection(_ id: UUID, _ context: PageContext) -> Node<HTML.BodyContext> {
        let e = affiliationErrors
        return .section(.class("card"), .id("affiliations"),
            .h2(.text(context.t("소속 이력·이해관계", "Affiliations and ties"))),
            .p(.class("hint"), .text(context.t("이 기관들이 평가 대상의 기업이나 수요기관이면 이해충돌로 자동 제외됩니다.",
                                              "Entries of these organisations are excluded automatically as conflicts of interest."))),
            .if(affiliations.isEmpty, .p(.class("empty"), .text(context.t("등록된 이력이 없습니다.", "None recorded.")))),
            .ul(.forEach(affiliations) { a in
                .li(.text("\(a.organizationName) · \(context.t(a.kind.label))" + (a.current ? context.t(" · 현재", " · current") : "")
                          + ((a.fromYear ?? a.toYear) != nil ? " · \(a.fromYear.map(String.init) ?? "")~\(a.toYear.map(String.init) ?? "")" : "")))
            }),
            .form(.class("affiliation-form"), .action(SiteRoute.experts(.addAffiliation).path(id)), .method(.post), .novalidate(),
                FormKit.csrf(context),
                ProgramForms.summary(e, context),
                FormKit.select("organizationID", label: context.t("등록 기관", "Registered organisation"),
                               options: organizations.map { ($0.storedID.uuidString, $0.name) }, selected: affiliationInput.organizationID, errors: e, context: context,
                               includeEmpty: context.t("목록에 없음", "Not in the registry")),
                FormKit.text("organizationName", label: context.t("기관 이름 (목록에 없을 때)", "Organisation name (if not listed)"), value: affiliationInput.organizationName,
                             errors: e, context: context),
                FormKit.select("kind", label: context.t("관계", "Tie"), options: ExpertTieKind.allCases.map { ($0.rawValue, context.t($0.label)) },
                               selected: affiliationInput.kind, errors: e, context: context),
                .div(.class("field"), .label(.class("checkbox"), .input(.type(.checkbox), .name("current"), .value("1"), .id("current"), .checked(affiliationInput.current)),
                                            .text(" " + context.t("현재", "Current")))),
                FormKit.text("fromYear", label: context.t("시작 연도", "From"), value: affiliationInput.fromYear, errors: e, context: context, type: .number),
                FormKit.text("toYear", label: context.t("종료 연도", "To"), value: affiliationInput.toYear, errors: e, context: context, type: .number),
                FormKit.submit(context.t("추가", "Add"))))
    }
}
