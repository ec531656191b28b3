import Fluent
import Foundation
import IeumCore
import Vapor

/// Collaboration pages: the list, a collaboration's timeline, stage changes, evidence, funding,
/// milestones and outcomes. Someone who may not see a collaboration gets 404 on it and on every
/// route under it; a party asking for what only the operator may do gets 403.
struct CollaborationsController {
    func register(_ app: Application) {
        app.on(.collaborations(.list), use: list)
        app.on(.collaborations(.createDirect), use: createDirect)
        app.on(.collaborations(.show), use: show)
        app.on(.collaborations(.requestStage), use: requestStage)
        app.on(.collaborations(.decide), use: decide)
        // A little over the file limit, so an oversize file reaches the service's clear message.
        app.upload(.collaborations(.upload), maxBytes: 12 * 1024 * 1024, use: upload)
        app.on(.collaborations(.download), use: download)
        app.on(.collaborations(.setFunding), use: setFunding)
        app.on(.collaborations(.addMilestone), use: addMilestone)
        app.on(.collaborations(.completeMilestone), use: completeMilestone)
        app.on(.collaborations(.addOutcome), use: addOutcome)
        app.on(.collaborations(.decideOutcome), use: decideOutcome)
    }

    // MARK: The list and direct matches


    func list(req: Request) async throws -> Response {
        try await listPage(req, actor: try req.requireActor(), input: DirectMatchInput(), errors: FieldErrors())
    }

    func listPage(_ req: Request, actor: Principal, input: DirectMatchInput, errors: FieldErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let programID = req.query[String.self, at: "program"].flatMap(UUID.init(uuidString:))
        let stage = req.query[String.self, at: "stage"].flatMap(CollaborationStage.init(rawValue:))
        let page = try req.boundedQuery("page", in: Bounded.pages, default: 1)
        let order = ListSort<CollaborationSort>(req, default: .since) { $0 == .since }
        let model = try await CollaborationListModel.load(for: actor, programID: programID, stage: stage, page: page, order: order,
                                                          input: input, errors: errors, on: req.db, now: req.now)
        return CollaborationListPage(model: model).response(req, status: status)
    }

    func createDirect(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard CollaborationPolicy.can(actor, .createDirect) else { throw IeumError.forbidden }
        let input = try req.formInput(DirectMatchInput.self)
        var errors = FieldErrors()
        let startupID = try await resolveStartup(input.startup, on: req.db)
        if startupID == nil {
            errors.add("startup", Localized("승인된 스타트업의 정확한 기업명이나 사업자등록번호를 입력하세요.",
                                            "Enter the exact name or business number of an approved startup."))
        }
        let demandID = UUID(uuidString: input.demandID)
        if !input.demandID.isEmpty, demandID == nil { errors.add("demandID", Localized("수요기관을 고르세요.", "Choose a demand organisation.")) }
        let investorID = UUID(uuidString: input.investorID)
        if !input.investorID.isEmpty, investorID == nil { errors.add("investorID", Localized("투자기관을 고르세요.", "Choose an investor.")) }
        let programID = UUID(uuidString: input.programID)
        if !input.programID.isEmpty, programID == nil { errors.add("programID", Localized("사업을 고르세요.", "Choose a program.")) }
        do {
            if input.title.trimmed.isEmpty { errors.add("title", Localized("협업 과제명을 입력하세요.", "Enter a title.")) }
            guard errors.isEmpty, let startupID else { throw IeumError.invalid(errors) }
            let created = try await CollaborationService.createDirect(title: input.title, programID: programID, startupID: startupID, demandID: demandID,
                                                                      investorID: investorID, by: actor, on: req.db, now: req.now)
            req.flash(Localized("협업을 시작했습니다 (매칭).", "The collaboration was started (matched)."))
            return req.redirect(to: SiteURL.collaboration(try created.requireID()).path)
        } catch IeumError.invalid(let fields) {
            var shown = errors
            for field in fields.order { if let message = fields[field] { shown.add(field == "startupID" ? "startup" : field, message) } }
            return try await listPage(req, actor: actor, input: input, errors: shown, status: .unprocessableEntity)
        }
    }

    /// A startup by its id, 사업자등록번호 or exact name (one match only).
    func resolveStartup(_ raw: String, on db: any Database) async throws -> UUID? {
        let text = raw.trimmed
        guard !text.isEmpty else { return nil }
        if let id = UUID(uuidString: text) { return id }
        var query = Organization.query(on: db).filter(\.$kind == .startup)
        if let number = BusinessNumber(text) {
            query = query.filter(\.$businessNumber == number.digits)
        } else {
            query = query.filter(\.$name == text)
        }
        let found = try await query.limit(2).all()
        return found.count == 1 ? found[0].id : nil
    }

    // MARK: A collaboration's page

    func loaded(_ req: Request) async throws -> (Principal, Collaboration, CollaborationAccess) {
        let actor = try req.requireActor()
        let (collaboration, access) = try await CollaborationService.visible(req.parameters.get("collabID", as: UUID.self), for: actor, on: req.db)
        return (actor, collaboration, access)
    }

    func show(req: Request) async throws -> Response {
        let (actor, collaboration, access) = try await loaded(req)
        return try await page(req, actor, collaboration, access)
    }

    /// The page, with the state of a refused form filled in by `adjust`.
    func page(_ req: Request, _ actor: Principal, _ collaboration: Collaboration, _ access: CollaborationAccess, status: HTTPResponseStatus = .ok,
              adjust: (inout CollaborationPage.Forms) -> Void = { _ in }) async throws -> Response {
        // Read again: a refused write may have raced another person's change.
        let fresh = try await Collaboration.find(collaboration.requireID(), on: req.db) ?? collaboration
        var data = try await CollaborationQuery.detail(fresh, access: access, for: actor, on: req.db, now: req.now)
        if data.canWork {
            let fields = data.need?.fieldCodes ?? []
            data.advisers = try await ExpertService.suggestAdvisers(fields: fields, text: fresh.title + " " + (data.need?.teaser ?? ""), on: req.db)
            data.fieldNames = Dictionary(try await TechField.query(on: req.db).all().map { ($0.code, req.language == .en ? $0.nameEn : $0.nameKo) },
                                         uniquingKeysWith: { a, _ in a })
        }
        adjust(&data.forms)
        return CollaborationPage(data: data).response(req, status: status)
    }

    /// Renders a refused write on the page: field errors next to the fields, other refusals as the form's message.
    func refused(_ error: IeumError, _ req: Request, _ actor: Principal, _ collaboration: Collaboration, _ access: CollaborationAccess,
                 adjust: (inout CollaborationPage.Forms, FieldErrors) -> Void) async throws -> Response {
        var errors = FieldErrors()
        switch error {
        case .invalid(let fields): errors = fields
        case .refused(let message), .conflict(let message): errors.add("form", message)
        default: throw error
        }
        return try await page(req, actor, collaboration, access, status: error.status) { adjust(&$0, errors) }
    }

    func anchor(_ collaboration: Collaboration, _ fragment: String) throws -> String {
        SiteURL.collaboration(try collaboration.requireID()).path(anchor: fragment)
    }

    // MARK: Stage changes

    struct StageForm: Content { var stage: String?; var note: String?; var override: String? }

    func requestStage(req: Request) async throws -> Response {
        let (actor, collaboration, access) = try await loaded(req)
        let form = try req.content.decode(StageForm.self)
        let input = StageRequestInput(stage: form.stage ?? "", note: form.note ?? "", override: form.override ?? "")
        do {
            guard let stage = CollaborationStage(rawValue: input.stage) else {
                var errors = FieldErrors()
                errors.add("stage", Localized("바꿀 단계를 고르세요.", "Choose the next stage."))
                throw IeumError.invalid(errors)
            }
            let change = try await CollaborationService.requestStage(collaboration.requireID(), to: stage, note: input.note, override: input.override,
                                                                     by: actor, on: req.db, now: req.now)
            req.flash(change.status == .pending
                ? Localized("'\(stage.label.ko)' 전환을 요청했습니다. 운영기관이 승인하면 반영됩니다.", "The change to \(stage.label.en) awaits the operator's approval.")
                : Localized("'\(stage.label.ko)' 단계로 바꿨습니다.", "The collaboration moved to \(stage.label.en)."))
            return req.redirect(to: try anchor(collaboration, "timeline"))
        } catch let error as IeumError {
            return try await refused(error, req, actor, collaboration, access) { forms, errors in
                forms.stage = input
                forms.stageErrors = errors
            }
        }
    }

    struct DecisionForm: Content { var decision: String?; var note: String?; var override: String? }

    func decide(req: Request) async throws -> Response {
        let (actor, collaboration, access) = try await loaded(req)
        guard let changeID = req.parameters.get("changeID", as: UUID.self),
              try await StageChange.query(on: req.db).filter(\.$id == changeID).filter(\.$collaboration.$id == collaboration.requireID()).first() != nil
        else { throw IeumError.notFound }
        guard CollaborationPolicy.can(actor, .approve(access)) else { throw IeumError.forbidden }
        let form = try req.content.decode(DecisionForm.self)
        guard let decision = form.decision, decision == "approve" || decision == "refuse" else {
            throw IeumError.badRequest(Localized("승인 또는 반려를 고르세요.", "Choose approve or refuse."))
        }
        do {
            try await CollaborationService.decide(changeID, approve: decision == "approve", note: form.note ?? "", override: form.override ?? "",
                                                  by: actor, on: req.db, now: req.now)
            req.flash(decision == "approve" ? Localized("단계 전환을 승인했습니다.", "The stage change was approved.")
                                            : Localized("단계 전환을 반려했습니다.", "The stage change was refused."))
            return req.redirect(to: try anchor(collaboration, "timeline"))
        } catch let error as IeumError {
            return try await refused(error, req, actor, collaboration, access) { forms, errors in
                forms.decisionFor = changeID
                forms.decisionNote = form.note ?? ""
                forms.decisionOverride = form.override ?? ""
                forms.decisionErrors = errors
            }
        }
    }

    // MARK: Evidence files

    func upload(req: Request) async throws -> Response {
        let (actor, collaboration, access) = try await loaded(req)
        struct UploadForm: Content { var file: File? }
        let form = try req.content.decode(UploadForm.self)
        do {
            guard let file = form.file, file.data.readableBytes > 0 else {
                throw IeumError.refused(Localized("올릴 파일을 고르세요.", "Choose a file to upload."))
            }
            let bytes = file.data.getBytes(at: file.data.readerIndex, length: file.data.readableBytes) ?? []
            let stored = try await CollaborationService.attachFile(collaboration.requireID(), fileName: file.filename, bytes: bytes, by: actor, on: req.db,
                                                                   files: req.fileStore, now: req.now)
            req.flash(Localized("'\(stored.originalName)'을(를) 증빙으로 올렸습니다.", "'\(stored.originalName)' was added as evidence."))
            return req.redirect(to: try anchor(collaboration, "files"))
        } catch let error as IeumError {
            return try await refused(error, req, actor, collaboration, access) { forms, errors in forms.fileErrors = errors }
        }
    }

    func download(req: Request) async throws -> Response {
        let (actor, collaboration, _) = try await loaded(req)
        guard let fileID = req.parameters.get("fileID", as: UUID.self) else { throw IeumError.notFound }
        let (file, data) = try await CollaborationService.file(collaboration.requireID(), fileID: fileID, by: actor, on: req.db,
                                                               files: req.fileStore, now: req.now)
        return UploadedDocument.response(name: file.originalName, kind: file.kind, file: data, store: req.fileStore, logger: req.logger)
    }

    // MARK: Funding, milestones, outcomes

    struct FundingForm: Content { var stage: String?; var government: String?; var demand: String?; var spent: String? }

    func setFunding(req: Request) async throws -> Response {
        let (actor, collaboration, access) = try await loaded(req)
        let form = try req.content.decode(FundingForm.self)
        var input = FundingInput()
        input.stage = form.stage ?? ""
        input.government = form.government ?? ""
        input.demand = form.demand ?? ""
        input.spent = form.spent ?? ""
        do {
            let valid = try input.validate()
            try await CollaborationService.setFunding(collaboration.requireID(), stage: valid.stage, government: valid.government, demand: valid.demand,
                                                      spent: valid.spent, by: actor, on: req.db, now: req.now)
            req.flash(Localized("'\(valid.stage.label.ko)' 단계 재원을 저장했습니다.", "Funding for \(valid.stage.label.en) was saved."))
            return req.redirect(to: try anchor(collaboration, "funding"))
        } catch let error as IeumError {
            return try await refused(error, req, actor, collaboration, access) { forms, errors in forms.funding = input; forms.fundingErrors = errors }
        }
    }

    struct MilestoneForm: Content { var stage: String?; var title: String?; var dueAt: String? }

    func addMilestone(req: Request) async throws -> Response {
        let (actor, collaboration, access) = try await loaded(req)
        let form = try req.content.decode(MilestoneForm.self)
        let input = MilestoneInput(stage: form.stage ?? "", title: form.title ?? "", dueAt: form.dueAt ?? "")
        do {
            let valid = try input.validate()
            _ = try await CollaborationService.addMilestone(collaboration.requireID(), stage: valid.stage, title: valid.title, dueAt: valid.dueAt,
                                                            by: actor, on: req.db, now: req.now)
            req.flash(Localized("마일스톤을 추가했습니다.", "The milestone was added."))
            return req.redirect(to: try anchor(collaboration, "milestones"))
        } catch let error as IeumError {
            return try await refused(error, req, actor, collaboration, access) { forms, errors in forms.milestone = input; forms.milestoneErrors = errors }
        }
    }

    func completeMilestone(req: Request) async throws -> Response {
        let (actor, collaboration, access) = try await loaded(req)
        guard let milestoneID = req.parameters.get("milestoneID", as: UUID.self),
              try await Milestone.query(on: req.db).filter(\.$id == milestoneID).filter(\.$collaboration.$id == collaboration.requireID()).first() != nil
        else { throw IeumError.notFound }
        do {
            try await CollaborationService.completeMilestone(milestoneID, by: actor, on: req.db, now: req.now)
            req.flash(Localized("마일스톤을 완료로 표시했습니다.", "The milestone was marked done."))
            return req.redirect(to: try anchor(collaboration, "milestones"))
        } catch let error as IeumError {
            return try await refused(error, req, actor, collaboration, access) { forms, errors in forms.milestoneErrors = errors }
        }
    }

    struct OutcomeForm: Content {
        var kind: String?; var amount: String?; var count: String?; var investorID: String?; var occurredOn: String?; var note: String?
    }

    func addOutcome(req: Request) async throws -> Response {
        let (actor, collaboration, access) = try await loaded(req)
        let form = try req.content.decode(OutcomeForm.self)
        let input = OutcomeInput(kind: form.kind ?? "", amount: form.amount ?? "", count: form.count ?? "", investorID: form.investorID ?? "",
                                 occurredOn: form.occurredOn ?? "", note: form.note ?? "")
        do {
            let valid = try input.validate()
            let outcome = try await CollaborationService.addOutcome(collaboration.requireID(), kind: valid.kind, amountKRW: valid.amountKRW, count: valid.count,
                                                                    investorID: valid.investorID, note: valid.note, occurredOn: valid.occurredOn,
                                                                    by: actor, on: req.db, now: req.now)
            req.flash(outcome.status == .confirmed ? Localized("성과를 기록했습니다 (확인됨).", "The outcome was recorded and confirmed.")
                                                   : Localized("성과를 기록했습니다. 운영기관이 확인하면 성과지표에 반영됩니다.",
                                                               "The outcome was recorded; it counts once the operator confirms it."))
            return req.redirect(to: try anchor(collaboration, "outcomes"))
        } catch let error as IeumError {
            return try await refused(error, req, actor, collaboration, access) { forms, errors in forms.outcome = input; forms.outcomeErrors = errors }
        }
    }

    func decideOutcome(req: Request) async throws -> Response {
        let (actor, collaboration, access) = try await loaded(req)
        guard let outcomeID = req.parameters.get("outcomeID", as: UUID.self),
              try await Outcome.query(on: req.db).filter(\.$id == outcomeID).filter(\.$collaboration.$id == collaboration.requireID()).first() != nil
        else { throw IeumError.notFound }
        guard CollaborationPolicy.can(actor, .approve(access)) else { throw IeumError.forbidden }
        struct OutcomeDecisionForm: Content { var decision: String? }
        guard let decision = try req.content.decode(OutcomeDecisionForm.self).decision, decision == "confirm" || decision == "reject" else {
            throw IeumError.badRequest(Localized("확인 또는 반려를 고르세요.", "Choose confirm or reject."))
        }
        do {
            try await CollaborationService.decideOutcome(outcomeID, confirm: decision == "confirm", by: actor, on: req.db, now: req.now)
            req.flash(decision == "confirm" ? Localized("성과를 확인했습니다. 성과지표에 반영됩니다.", "The outcome was confirmed; it now counts.")
                                            : Localized("성과를 반려했습니다.", "The outcome was rejected."))
            return req.redirect(to: try anchor(collaboration, "outcomes"))
        } catch let error as IeumError {
            return try await refused(error, req, actor, collaboration, access) { forms, errors in forms.outcomeErrors = errors }
        }
    }
}
