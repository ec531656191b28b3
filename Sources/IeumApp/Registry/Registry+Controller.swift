import Fluent
import Foundation
import IeumCore
import Vapor

/// Registry pages: list and search, profile, create and edit, approval queue.
struct RegistryController {
    func register(_ app: Application) {
        app.on(.registry(.list), use: list)
        app.on(.registry(.newForm), use: newForm)
        app.on(.registry(.create), use: create)
        app.on(.registry(.show), use: show)
        app.on(.registry(.editForm), use: editForm)
        app.on(.registry(.update), use: update)
        app.on(.registry(.setStatus), use: setStatus)
        app.on(.registry(.approvals), use: approvals)
    }

    /// The form as posted; checkboxes that are not ticked are simply absent.

    static func filter(from req: Request) -> RegistryFilter {
        var filter = RegistryFilter()
        filter.kind = req.query[String.self, at: "kind"].flatMap(OrganizationKind.init(rawValue:))
        filter.fieldCode = req.query[String.self, at: "field"].flatMap { $0.isEmpty ? nil : $0 }
        filter.stage = req.query[String.self, at: "stage"].flatMap(Stage.init(rawValue:))
        filter.regionCode = req.query[String.self, at: "region"].flatMap { $0.isEmpty ? nil : $0 }
        filter.clusterCode = req.query[String.self, at: "cluster"].flatMap { $0.isEmpty ? nil : $0 }
        filter.status = req.query[String.self, at: "status"].flatMap(ApprovalStatus.init(rawValue:))
        filter.query = String((req.query[String.self, at: "q"] ?? "").prefix(200))
        filter.page = max(1, min(req.query[Int.self, at: "page"] ?? 1, 100_000))
        let order = ListSort<RegistrySort>(req, default: .name) { $0 != .name }
        (filter.sort, filter.descending, filter.sortNamed) = (order.key, order.descending, order.explicit)
        return filter
    }

    func list(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard RegistryPolicy.can(actor, .browse) else { throw IeumError.forbidden }
        let filter = Self.filter(from: req)
        return RegistryListPage(model: try await RegistryListModel.load(filter, for: actor, on: req.db)).response(req)
    }

    static func fieldNames(for orgs: [Organization], on db: any Database) async throws -> [UUID: [TechField]] {
        let ids = orgs.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        let links = try await OrganizationTechField.query(on: db).filter(\.$organization.$id ~~ ids).with(\.$techField).sort(\.$position).all()
        return Dictionary(grouping: links, by: { $0.$organization.id }).mapValues { $0.map(\.techField) }
    }

    func loadVisible(_ req: Request) async throws -> (Principal, Organization) {
        let actor = try req.requireActor()
        guard let id = req.parameters.get("orgID", as: UUID.self),
              let org = try await Organization.find(id, on: req.db),
              RegistryPolicy.can(actor, .view(org.access))
        else { throw IeumError.notFound }
        return (actor, org)
    }

    func show(req: Request) async throws -> Response {
        let (actor, org) = try await loadVisible(req)
        let taxonomy = try await TaxonomySnapshot.load(on: req.db)
        let fields = try await RegistryService.fieldCodes(of: org.requireID(), on: req.db)
        let showContact = try await RegistryService.mayViewContact(actor, org, on: req.db)
        if try showContact && !actor.isMember(of: org.requireID()) {
            // Looking at someone else's contact details is an access to confidential data.
            try await Audit.record(on: req.db, actor: actor, action: "organization.view_contact", entityType: "organization",
                                   entityID: org.id?.uuidString, summary: "\(org.name) 연락처 열람", at: req.now)
        }
        var page = OrganizationProfilePage(
            organization: org, fieldCodes: fields, taxonomy: taxonomy, showContact: showContact,
            canEdit: RegistryPolicy.can(actor, .edit(org.access)), canApprove: RegistryPolicy.can(actor, .approve)
        )
        page.canSeeMembers = try MembersPolicy.can(actor, .view, organization: org.requireID())
        page.mayAskToJoin = !page.canSeeMembers && org.kind != .agency
        if org.kind == .startup && org.status == .approved, try actor.isOperator || actor.isMember(of: org.requireID()) {
            page.needRecommendations = try await RecommendationService.forStartup(org, limit: 10, now: req.now, app: req.application, on: req.db)
        }
        return page.response(req)
    }

    func newForm(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard RegistryPolicy.can(actor, .create) else { throw IeumError.forbidden }
        var input = OrganizationInput()
        if let kind = req.query[String.self, at: "kind"], OrganizationKind(rawValue: kind) != nil { input.kind = kind }
        return OrganizationFormPage(mode: .create, input: input, errors: FieldErrors(), taxonomy: try await TaxonomySnapshot.load(on: req.db), isOperator: actor.isOperator).response(req)
    }

    func create(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let input = try req.formInput(OrganizationInput.self)
        do {
            let org = try await RegistryService.create(input, by: actor, on: req.db, now: req.now)
            req.flash(org.status == .approved
                ? Localized("기관을 등록했습니다.", "The organisation was registered.")
                : Localized("등록을 접수했습니다. 운영기관이 승인하면 다른 사용자에게 보입니다.", "Registered. Others will see it once an operator approves it."))
            return req.redirect(to: SiteURL.organization(try org.requireID()).path)
        } catch IeumError.invalid(let errors) {
            return OrganizationFormPage(mode: .create, input: input, errors: errors, taxonomy: try await TaxonomySnapshot.load(on: req.db), isOperator: actor.isOperator)
                .response(req, status: .unprocessableEntity)
        }
    }

    /// Editing is refused with 404 when the actor may not see the organisation (as the API does),
    /// with 403 when they see it but it is not theirs.
    func loadEditable(_ req: Request) async throws -> (Principal, Organization) {
        let actor = try req.requireActor()
        guard let id = req.parameters.get("orgID", as: UUID.self), let org = try await Organization.find(id, on: req.db),
              RegistryPolicy.can(actor, .view(org.access))
        else {
            throw IeumError.notFound
        }
        guard RegistryPolicy.can(actor, .edit(org.access)) else { throw IeumError.forbidden }
        return (actor, org)
    }

    func editForm(req: Request) async throws -> Response {
        let (actor, org) = try await loadEditable(req)
        let taxonomy = try await TaxonomySnapshot.load(on: req.db)
        let codes = try await RegistryService.fieldCodes(of: org.requireID(), on: req.db)
        return OrganizationFormPage(mode: .edit(try org.requireID()), input: OrganizationInput(org, fieldCodes: codes), errors: FieldErrors(), taxonomy: taxonomy, isOperator: actor.isOperator).response(req)
    }

    func update(req: Request) async throws -> Response {
        let (actor, org) = try await loadEditable(req)
        let id = try org.requireID()
        let input = try req.formInput(OrganizationInput.self)
        do {
            let saved = try await RegistryService.update(id, with: input, by: actor, on: req.db, now: req.now)
            req.flash(saved.status == .pending && org.status == .approved
                ? Localized("변경 내용을 저장했습니다. 기관명·사업자등록번호가 바뀌어 운영기관의 승인을 다시 기다립니다.",
                            "Your changes were saved. The name or business number changed, so an operator approves the organisation again.")
                : Localized("변경 내용을 저장했습니다.", "Your changes were saved."))
            return req.redirect(to: SiteURL.organization(id).path)
        } catch IeumError.invalid(let errors) {
            return OrganizationFormPage(mode: .edit(id), input: input, errors: errors, taxonomy: try await TaxonomySnapshot.load(on: req.db), isOperator: actor.isOperator)
                .response(req, status: .unprocessableEntity)
        }
    }

    struct StatusForm: Content {
        var status: String?
        var reason: String?
    }

    func setStatus(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard RegistryPolicy.can(actor, .approve) else { throw IeumError.forbidden }
        guard let id = req.parameters.get("orgID", as: UUID.self) else { throw IeumError.notFound }
        let form = try req.content.decode(StatusForm.self)
        guard let status = form.status.flatMap(ApprovalStatus.init(rawValue:)) else {
            throw IeumError.badRequest(Localized("처리 상태를 선택하세요.", "Choose approve or reject."))
        }
        do {
            let org = try await RegistryService.setStatus(id, to: status, reason: form.reason, by: actor, on: req.db, now: req.now)
            req.flash(Localized("\(org.name): \(status.label.ko)", "\(org.name): \(status.label.en)"))
        } catch IeumError.invalid(let errors) {
            req.flash(errors["reason"] ?? IeumError.invalid(errors).message)
        }
        return req.redirect(to: SiteURL.approvals.path)
    }

    func approvals(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard RegistryPolicy.can(actor, .approve) else { throw IeumError.forbidden }
        // One page of the queue (`?page=`, oldest first).
        let total = try await Organization.query(on: req.db).filter(\.$status == .pending).count()
        let pageCount = max(1, (total + ApprovalQueuePage.perPage - 1) / ApprovalQueuePage.perPage)
        let page = min(max(1, req.query[Int.self, at: "page"] ?? 1), pageCount)
        let pending = try await Organization.query(on: req.db).filter(\.$status == .pending).sort(\.$createdAt).sort(\.$id)
            .offset((page - 1) * ApprovalQueuePage.perPage).limit(ApprovalQueuePage.perPage).all()
        let taxonomy = try await TaxonomySnapshot.load(on: req.db)
        return ApprovalQueuePage(pending: pending, taxonomy: taxonomy, page: page, pageCount: pageCount, total: total).response(req)
    }
}

extension OrganizationInput {
    /// The stored organisation as form text, for the edit page.
    init(_ org: Organization, fieldCodes: [String]) {
        self.init()
        kind = org.kind.rawValue
        demandSize = org.demandSize?.rawValue ?? ""
        investorType = org.investorType?.rawValue ?? ""
        name = org.name
        nameEn = org.nameEn ?? ""
        businessNumber = org.businessNumber.flatMap { BusinessNumber($0)?.formatted } ?? ""
        externalID = org.externalID ?? ""
        stage = org.stage?.rawValue ?? ""
        fields = fieldCodes
        region = org.regionCode ?? ""
        cluster = org.clusterCode ?? ""
        foundedYear = org.foundedYear.map(String.init) ?? ""
        employees = org.employees.map(String.init) ?? ""
        investment = org.investmentKRW.map(String.init) ?? ""
        revenue = org.revenueKRW.map(String.init) ?? ""
        certifications = org.certifications
        summary = org.summary
        summaryEn = org.summaryEn ?? ""
        description = org.description
        descriptionEn = org.descriptionEn ?? ""
        keywords = org.keywords.joined(separator: ", ")
        website = org.website ?? ""
        contactName = org.contactName ?? ""
        contactEmail = org.contactEmail ?? ""
        contactPhone = org.contactPhone ?? ""
        openToPartners = org.openToPartners
    }
}
