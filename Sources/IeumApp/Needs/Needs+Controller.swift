import Fluent
import Foundation
import IeumCore
import IeumMatching
import SQLKit
import Vapor

/// Needs pages: the public list of calls and teasers, a need's page in its visibility tiers, the
/// form, the workflow, the pledge, invitations, the applications to a need, the dashboard.
struct NeedsController {
    func register(_ app: Application) {
        app.on(.needs(.publicList), use: publicList)
        app.on(.needs(.dashboard), use: dashboard)
        app.on(.needs(.myNeeds), use: myNeeds)
        app.on(.needs(.newForm), use: newForm)
        app.on(.needs(.create), use: create)
        app.on(.needs(.show), use: show)
        app.on(.needs(.editForm), use: editForm)
        app.on(.needs(.update), use: update)
        app.on(.needs(.status), use: status)
        app.on(.needs(.pledge), use: pledge)
        app.on(.needs(.invite), use: invite)
        app.on(.needs(.apply), use: apply)
        app.on(.needs(.applications), use: applications)
        app.on(.needs(.feedback), use: feedback)
    }

    /// 관심 있음 / 적합하지 않음 on a recommended startup (the need's organisation and operators).
    func feedback(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let (need, access) = try await NeedService.visible(req.parameters.get("needID", as: UUID.self), for: actor, on: req.db)
        guard NeedPolicy.can(actor, .viewRecommendations(access)) else { throw IeumError.notFound }
        struct FeedbackForm: Content { var startupID: String?; var kind: String? }
        let form = try req.content.decode(FeedbackForm.self)
        guard let startupID = form.startupID.flatMap(UUID.init(uuidString:)) else {
            throw IeumError.badRequest(Localized("스타트업을 고르세요.", "Choose a startup."))
        }
        let kind = form.kind.flatMap(FeedbackKind.init(rawValue:))
        try await RecommendationService.recordFeedback(need: need, startupID: startupID, kind: kind, by: actor, on: req.db, now: req.now)
        req.flash(Localized("피드백을 반영했습니다. 추천 순위가 다시 계산됩니다.", "Feedback recorded; the ranking is updated."))
        return req.redirect(to: SiteURL.need(try need.requireID()).path(anchor: "recommendations"))
    }


    // MARK: Public list

    func publicList(req: Request) async throws -> Response {
        let query = String((req.query[String.self, at: "q"] ?? "").prefix(200))
        let field = req.query[String.self, at: "field"].flatMap { $0.isEmpty ? nil : $0 }
        let page = max(1, min(req.query[Int.self, at: "page"] ?? 1, 10_000))
        let now = req.now
        let calls = try await Call.query(on: req.db).filter(\.$closesAt > now).sort(\.$closesAt).with(\.$program).all()
        let sort = ListSort<NeedQuery.Sort>(req, default: .published) { $0 == .published }
        let openOnly = req.query[String.self, at: "open"] == "1"
        let result = try await NeedQuery.published(query: query, fieldCode: field, sort: sort, openOnly: openOnly, now: now, page: page, on: req.db)
        let taxonomy = try await req.application.taxonomyCache.snapshot(on: req.db)
        return PublicCallsPage(query: query, fieldCode: field ?? "", openOnly: openOnly, sort: sort, calls: calls, result: result, taxonomy: taxonomy, now: now).response(req)
    }

    // MARK: Dashboard and lists

    func dashboard(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let startups = actor.memberships.filter { $0.kind == .startup }.map(\.organizationID)
        let demand = actor.memberships.filter { $0.kind == .demand }.map(\.organizationID)
        let size = DashboardPage.perSection
        var data = DashboardPage.Data()
        // Each section is a list of its own, paged by its own parameter, so a busy organisation's
        // dashboard loads one page of each.
        if !startups.isEmpty {
            let applications = { NeedApplication.query(on: req.db).filter(\.$startup.$id ~~ startups) }
            data.applicationPaging = try Paging(req, perPage: size, total: try await applications().count(), parameter: DashboardPage.Section.applications.parameter)
            data.applications = try await data.applicationPaging.slice(applications().with(\.$need).sort(\.$updatedAt, .descending).sort(\.$id))
            let invitations = { Invitation.query(on: req.db).filter(\.$startup.$id ~~ startups) }
            data.invitationPaging = try Paging(req, perPage: size, total: try await invitations().count(), parameter: DashboardPage.Section.invitations.parameter)
            data.invitations = try await data.invitationPaging.slice(invitations().with(\.$need).sort(\.$createdAt, .descending).sort(\.$id))
        }
        if !demand.isEmpty {
            let needs = { Need.query(on: req.db).filter(\.$organization.$id ~~ demand) }
            data.needPaging = try Paging(req, perPage: size, total: try await needs().count(), parameter: DashboardPage.Section.needs.parameter)
            data.needs = try await data.needPaging.slice(needs().sort(\.$updatedAt, .descending).sort(\.$id))
        }
        if actor.isOperator {
            // The same needs the operator's need list shows: an agency's operator those not yet in
            // a call and those in the calls of their programs.
            let calls = try await ProgramService.callsRun(by: actor, on: req.db)
            let awaiting = {
                let query = Need.query(on: req.db).filter(\.$status == .submitted)
                if let calls {
                    query.group(.or) { or in
                        or.filter(\.$call.$id == nil)
                        if !calls.isEmpty { or.filter(\.$call.$id ~~ calls) }
                    }
                }
                return query
            }
            data.awaitingPaging = try Paging(req, perPage: size, total: try await awaiting().count(), parameter: DashboardPage.Section.awaiting.parameter)
            data.awaitingPublication = try await data.awaitingPaging.slice(awaiting().with(\.$organization).sort(\.$updatedAt).sort(\.$id))
        }
        let needIDs = data.needs.compactMap(\.id)
        if !needIDs.isEmpty {
            let apps = try await NeedApplication.query(on: req.db).filter(\.$need.$id ~~ needIDs).filter(\.$status != .draft).filter(\.$status != .withdrawn)
                .field(\.$id).field(\.$need.$id).all()
            data.applicationCounts = Dictionary(grouping: apps, by: { $0.$need.id }).mapValues(\.count)
        }
        data.unread = try await InboxMessage.query(on: req.db).filter(\.$userID == actor.userID).filter(\.$readAt == nil).count()
        return DashboardPage(data: data).response(req)
    }

    func myNeeds(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let demand = actor.memberships.filter { $0.kind == .demand }.map(\.organizationID)
        let status = req.query[String.self, at: "status"].flatMap(NeedStatus.init(rawValue:))
        if !actor.isOperator, demand.isEmpty { return req.redirect(to: SiteURL.calls(query: nil).path) }
        let page = try req.boundedQuery("page", in: Bounded.pages, default: 1)
        return NeedListPage(model: try await NeedListModel.load(actor: actor, demand: demand, status: status, page: page, on: req.db)).response(req)
    }

    // MARK: Form

    func demandChoices(for actor: Principal, on db: any Database) async throws -> [Organization] {
        if actor.isOperator {
            return try await Organization.query(on: db).filter(\.$kind == .demand).filter(\.$status == .approved).sort(\.$name).all()
        }
        let ids = actor.memberships.filter { $0.kind == .demand }.map(\.organizationID)
        guard !ids.isEmpty else { return [] }
        return try await Organization.query(on: db).filter(\.$id ~~ ids).sort(\.$name).all()
    }

    func newForm(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let choices = try await demandChoices(for: actor, on: req.db)
        guard !choices.isEmpty else { throw IeumError.forbidden }
        var input = NeedInput()
        input.contactName = actor.name
        input.contactEmail = actor.email
        return NeedFormPage(mode: .create, input: input, organizationID: choices.first?.id, organizations: choices, errors: FieldErrors(), notice: nil,
                            taxonomy: try await TaxonomySnapshot.load(on: req.db)).response(req)
    }

    func create(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let input = try req.formInput(NeedInput.self)
        // The demand organisation the need is for, when the person acts for several.
        struct Owner: Content { var organizationID: String? }
        let choices = try await demandChoices(for: actor, on: req.db)
        guard !choices.isEmpty else { throw IeumError.forbidden }
        let chosen = (try? req.content.decode(Owner.self))?.organizationID.flatMap(UUID.init(uuidString:)) ?? choices.first?.id
        guard let organizationID = chosen, choices.contains(where: { $0.id == organizationID }) else { throw IeumError.forbidden }
        do {
            let need = try await NeedService.create(input, organizationID: organizationID, by: actor, on: req.db, now: req.now)
            req.flash(Localized("수요과제를 저장했습니다 (작성 중). 내용을 확인한 뒤 검토를 요청하세요.", "The need was saved as a draft. Submit it for review when ready."))
            return req.redirect(to: SiteURL.need(try need.requireID()).path)
        } catch IeumError.invalid(let errors) {
            return NeedFormPage(mode: .create, input: input, organizationID: organizationID, organizations: choices, errors: errors, notice: nil,
                                taxonomy: try await TaxonomySnapshot.load(on: req.db)).response(req, status: .unprocessableEntity)
        }
    }

    func editForm(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let (need, access) = try await NeedService.visible(req.parameters.get("needID", as: UUID.self), for: actor, on: req.db)
        guard NeedPolicy.can(actor, .edit(access)) else { throw IeumError.forbidden }
        return NeedFormPage(mode: .edit(try need.requireID()), input: NeedInput(need), organizationID: need.$organization.id, organizations: [],
                            errors: FieldErrors(), notice: nil, taxonomy: try await TaxonomySnapshot.load(on: req.db)).response(req)
    }

    func update(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let id = req.parameters.get("needID", as: UUID.self) else { throw IeumError.notFound }
        let submitted = try req.formInput(NeedInput.self)
        do {
            _ = try await NeedService.update(id, with: submitted, by: actor, on: req.db, now: req.now)
            req.flash(Localized("변경 내용을 저장했습니다.", "Your changes were saved."))
            return req.redirect(to: SiteURL.need(id).path)
        } catch IeumError.invalid(let errors) {
            return NeedFormPage(mode: .edit(id), input: submitted, organizationID: nil, organizations: [], errors: errors, notice: nil,
                                taxonomy: try await TaxonomySnapshot.load(on: req.db)).response(req, status: .unprocessableEntity)
        } catch IeumError.conflict(let message) {
            // Show the other person's version next to what this person typed, which is kept.
            guard let current = try await Need.find(id, on: req.db) else { throw IeumError.notFound }
            var input = submitted
            input.version = String(current.version)
            return NeedFormPage(mode: .edit(id), input: input, organizationID: nil, organizations: [], errors: FieldErrors(),
                                notice: (message, NeedInput(current)), taxonomy: try await TaxonomySnapshot.load(on: req.db))
                .response(req, status: .conflict)
        }
    }

    // MARK: The need's page

    func show(req: Request) async throws -> Response {
        let actor = req.actor
        let (need, access) = try await NeedService.visible(req.parameters.get("needID", as: UUID.self), for: actor, on: req.db)
        let id = try need.requireID()
        let call = try await need.$call.get(on: req.db)
        let program = try await call?.$program.get(on: req.db)
        let organization = try await need.$organization.get(on: req.db)
        let taxonomy = try await req.application.taxonomyCache.snapshot(on: req.db)
        var data = NeedPage.Data(need: need, access: access, call: call, program: program, organization: organization, taxonomy: taxonomy, now: req.now)
        if let actor {
            data.showDetail = NeedPolicy.can(actor, .viewDetail(access))
            data.showOrganization = NeedPolicy.can(actor, .viewOrganizationName(access))
            data.canPledge = NeedPolicy.can(actor, .pledge(access)) && !access.pledged
            data.canApply = NeedPolicy.can(actor, .apply(access))
            data.canEdit = NeedPolicy.can(actor, .edit(access))
            data.steps = NeedService.Step.allCases.filter { $0.allowed(actor, access) }
            data.isOwner = NeedPolicy.isOwnerOrOperator(actor, access)
            if data.steps.contains(.publish) {
                data.openCalls = try await Call.query(on: req.db).filter(\.$closesAt > req.now).sort(\.$closesAt).all()
            }
            if data.isOwner {
                data.history = try await NeedEvent.query(on: req.db).filter(\.$need.$id == id).sort(\.$at).all().map(\.historyEntry)
                data.invitations = try await Invitation.query(on: req.db).filter(\.$need.$id == id).with(\.$startup).sort(\.$createdAt).all()
                data.applicationCount = try await NeedApplication.query(on: req.db).filter(\.$need.$id == id)
                    .filter(\.$status != .draft).filter(\.$status != .withdrawn).count()
                data.canInvite = NeedPolicy.can(actor, .invite(access))
                if NeedPolicy.can(actor, .viewRecommendations(access)) {
                    data.recommendations = try await RecommendationService.forNeed(need, limit: 10, app: req.application, on: req.db)
                }
                data.advisers = try await ExpertService.suggestAdvisers(fields: need.fieldCodes, text: need.title + " " + need.teaser, on: req.db)
            }
            if access.ownApplication != nil {
                let startups = actor.memberships.filter { $0.kind == .startup }.map(\.organizationID)
                data.ownApplicationID = try await NeedApplication.query(on: req.db).filter(\.$need.$id == id).filter(\.$startup.$id ~~ startups).first()?.id
            }
            if data.showDetail && !data.isOwner {
                try await Audit.record(on: req.db, actor: actor, action: "need.view_detail", entityType: "need", entityID: id.uuidString,
                                       summary: "수요과제 상세 열람: \(need.title)", at: req.now)
            }
        } else {
            data.showOrganization = NeedPolicy.can(nil, .viewOrganizationName(access))
        }
        return NeedPage(data: data).response(req)
    }

    struct StatusForm: Content {
        var step: String?
        var callID: String?
        var reason: String?
    }

    func status(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let id = req.parameters.get("needID", as: UUID.self) else { throw IeumError.notFound }
        // Whose need it is is settled before the form is read: outsiders get 404/403 whatever they sent.
        let (_, access) = try await NeedService.visible(id, for: actor, on: req.db)
        guard NeedPolicy.isOwnerOrOperator(actor, access) else { throw IeumError.forbidden }
        let form = try req.content.decode(StatusForm.self)
        guard let step = form.step.flatMap(NeedService.Step.init(rawValue:)) else {
            throw IeumError.badRequest(Localized("처리할 단계를 고르세요.", "Choose a step."))
        }
        do {
            let need = try await NeedService.perform(step, on: id, callID: form.callID.flatMap(UUID.init(uuidString:)), reason: form.reason ?? "",
                                                     by: actor, on: req.db, now: req.now)
            req.flash(Localized("'\(need.title)': \(need.status.label.ko)", "'\(need.titleEn ?? need.title)': \(need.status.label.en)"))
        } catch IeumError.refused(let message) {
            req.flash(message)
        }
        return req.redirect(to: SiteURL.need(id).path)
    }

    func pledge(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let id = req.parameters.get("needID", as: UUID.self) else { throw IeumError.notFound }
        let (_, access) = try await NeedService.visible(id, for: actor, on: req.db)
        guard NeedPolicy.can(actor, .pledge(access)) else { throw IeumError.forbidden }
        struct PledgeForm: Content { var agree: String? }
        guard (try req.content.decode(PledgeForm.self)).agree != nil else {
            req.flash(Localized("서약 내용에 동의해야 상세 내용을 볼 수 있습니다.", "Tick the box to accept the pledge."))
            return req.redirect(to: SiteURL.need(id).path)
        }
        try await NeedService.pledge(id, by: actor, on: req.db, now: req.now)
        req.flash(Localized("비밀유지 서약을 기록했습니다.", "Your confidentiality pledge was recorded."))
        return req.redirect(to: SiteURL.need(id).path(anchor: "detail"))
    }

    func invite(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let id = req.parameters.get("needID", as: UUID.self) else { throw IeumError.notFound }
        let (_, access) = try await NeedService.visible(id, for: actor, on: req.db)
        guard NeedPolicy.isOwnerOrOperator(actor, access) else { throw IeumError.forbidden }
        struct InviteForm: Content { var startupID: String?; var message: String? }
        let form = try req.content.decode(InviteForm.self)
        guard let startupID = form.startupID.flatMap(UUID.init(uuidString:)) else {
            throw IeumError.badRequest(Localized("초대할 스타트업을 고르세요.", "Choose a startup to invite."))
        }
        do {
            _ = try await NeedService.invite(id, startupID: startupID, message: form.message ?? "", by: actor, on: req.db, now: req.now)
            req.flash(Localized("초대를 보냈습니다.", "The invitation was sent."))
        } catch IeumError.refused(let message) {
            req.flash(message)
        }
        return req.redirect(to: SiteURL.need(id).path(anchor: "invitations"))
    }

    func apply(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let id = req.parameters.get("needID", as: UUID.self) else { throw IeumError.notFound }
        do {
            let application = try await ApplicationService.start(needID: id, by: actor, on: req.db, now: req.now)
            return req.redirect(to: SiteURL.applicationEdit(try application.requireID()).path)
        } catch IeumError.refused(let message) {
            req.flash(message)
            return req.redirect(to: SiteURL.need(id).path)
        }
    }

    func applications(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let (need, access) = try await NeedService.visible(req.parameters.get("needID", as: UUID.self), for: actor, on: req.db)
        guard NeedPolicy.can(actor, .listApplications(access)) else { throw IeumError.notFound }
        let status = req.query[String.self, at: "status"].flatMap(ApplicationStatus.init(rawValue:)).flatMap { $0 == .draft ? nil : $0 }
        let sort = ListSort<NeedApplicationsPage.Sort>(req, default: .submitted)
        let submitted = NeedApplication.query(on: req.db).filter(\.$need.$id == (try need.requireID())).filter(\.$status != .draft)
        if let status { submitted.filter(\.$status == status) }
        let paging = try Paging(req, perPage: NeedApplicationsPage.perPage, total: try await submitted.copy().count())
        let direction: DatabaseQuery.Sort.Direction = sort.descending ? .descending : .ascending
        let ordered = switch sort.key {
        case .submitted: submitted.sort(\.$submittedAt, direction)
        case .startup: submitted.join(Organization.self, on: \NeedApplication.$startup.$id == \Organization.$id).sort(Organization.self, \.$name, direction)
        }
        let list = try await paging.slice(ordered.with(\.$startup).sort(\.$id))
        return NeedApplicationsPage(need: need, applications: list, paging: paging, status: status, sort: sort).response(req)
    }
}
