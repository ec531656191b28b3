import Fluent
import Foundation
import IeumCore
import Vapor

/// Program pages: public to everyone; operators create and edit programs, add calls and
/// participating demand organisations, and set targets. Everyone else gets 403 on those.
struct ProgramController {
    func register(_ app: Application) {
        app.on(.programs(.list), use: list)
        app.on(.programs(.create), use: create)
        app.on(.programs(.show), use: show)
        app.on(.programs(.update), use: update)
        app.on(.programs(.editForm), use: editForm)
        app.on(.programs(.addCall), use: addCall)
        app.on(.programs(.callForm), use: callForm)
        app.on(.programs(.updateCall), use: updateCall)
        app.on(.programs(.addParticipant), use: addParticipant)
        app.on(.programs(.setTarget), use: setTarget)
    }



    struct ParticipantForm: Content {
        var organizationID: String?
    }


    /// The signed-in operator, or 403 (a visitor is sent to sign in).
    func requireOperator(_ req: Request) throws -> Principal {
        let actor = try req.requireActor()
        try ProgramService.requireOperator(actor)
        return actor
    }

    func programID(_ req: Request) -> UUID? { req.parameters.get("programID", as: UUID.self) }

    // MARK: List and create

    func list(req: Request) async throws -> Response {
        try await listPage(req, form: nil, status: .ok)
    }

    func listPage(_ req: Request, form: (ProgramInput, FieldErrors)?, status: HTTPResponseStatus) async throws -> Response {
        let filter = ProgramListModel.Filter(req)
        let model = try await ProgramListModel.load(page: try req.boundedQuery("page", in: Bounded.pages, default: 1), filter: filter,
                                                    canCreate: ProgramPolicy.can(req.actor, .create), form: form, now: req.now, on: req.db)
        return ProgramListPage(model: model).response(req, status: status)
    }

    func create(req: Request) async throws -> Response {
        let actor = try requireOperator(req)
        let input = try req.formInput(ProgramInput.self)
        do {
            let program = try await ProgramService.create(input, by: actor, on: req.db, now: req.now)
            req.flash(Localized("사업을 등록했습니다.", "The program was created."))
            return req.redirect(to: SiteURL.program(try program.requireID()).path)
        } catch IeumError.invalid(let errors) {
            return try await listPage(req, form: (input, errors), status: .unprocessableEntity)
        }
    }

    // MARK: Program page

    func show(req: Request) async throws -> Response {
        let program = try await ProgramService.find(programID(req), on: req.db)
        return try await programPage(req, program, status: .ok) { _ in }
    }

    /// The program page; `adjust` puts a refused form's input and errors in place for operators.
    func programPage(_ req: Request, _ program: Program, status: HTTPResponseStatus, adjust: (inout ProgramPage.Manage) -> Void) async throws -> Response {
        var data = try await ProgramQuery.page(program, now: req.now, on: req.db)
        if ProgramPolicy.can(req.actor, .manage(program.access)) {
            var manage = ProgramPage.Manage()
            manage.targets = try await ProgramTarget.query(on: req.db).filter(\.$program.$id == program.requireID()).all()
            manage.demandOrganizations = try await ProgramService.demandOrganizations(on: req.db)
            adjust(&manage)
            data.manage = manage
        }
        return ProgramPage(data: data).response(req, status: status)
    }

    func editForm(req: Request) async throws -> Response {
        let actor = try requireOperator(req)
        let program = try await ProgramService.find(programID(req), on: req.db)
        try await ProgramService.requireRun(program, by: actor, on: req.db)
        return ProgramEditPage(programID: try program.requireID(), input: ProgramInput(program), errors: FieldErrors(),
                               agencies: try await ProgramService.agencies(on: req.db)).response(req)
    }

    func update(req: Request) async throws -> Response {
        let actor = try requireOperator(req)
        let program = try await ProgramService.find(programID(req), on: req.db)
        let id = try program.requireID()
        let input = try req.formInput(ProgramInput.self)
        do {
            _ = try await ProgramService.update(id, with: input, by: actor, on: req.db, now: req.now)
            req.flash(Localized("사업 정보를 저장했습니다.", "The program was saved."))
            return req.redirect(to: SiteURL.program(id).path)
        } catch IeumError.invalid(let errors) {
            return ProgramEditPage(programID: id, input: input, errors: errors, agencies: try await ProgramService.agencies(on: req.db))
                .response(req, status: .unprocessableEntity)
        }
    }

    // MARK: Calls

    func addCall(req: Request) async throws -> Response {
        let actor = try requireOperator(req)
        let program = try await ProgramService.find(programID(req), on: req.db)
        let id = try program.requireID()
        let input = try req.formInput(CallInput.self)
        do {
            let call = try await ProgramService.addCall(input, to: id, by: actor, on: req.db, now: req.now)
            req.flash(Localized("공모를 추가했습니다: \(call.title)", "The call was added: \(call.titleEn ?? call.title)"))
            return req.redirect(to: SiteURL.program(id).path(anchor: "calls"))
        } catch IeumError.invalid(let errors) {
            return try await programPage(req, program, status: .unprocessableEntity) {
                $0.callInput = input
                $0.callErrors = errors
            }
        }
    }

    func callForm(req: Request) async throws -> Response {
        let actor = try requireOperator(req)
        let program = try await ProgramService.find(programID(req), on: req.db)
        try await ProgramService.requireRun(program, by: actor, on: req.db)
        let call = try await ProgramService.loadCall(req.parameters.get("callID", as: UUID.self), of: program.requireID(), on: req.db)
        return CallEditPage(program: program, callID: try call.requireID(), input: CallInput(call), errors: FieldErrors()).response(req)
    }

    func updateCall(req: Request) async throws -> Response {
        let actor = try requireOperator(req)
        let program = try await ProgramService.find(programID(req), on: req.db)
        let id = try program.requireID()
        let call = try await ProgramService.loadCall(req.parameters.get("callID", as: UUID.self), of: id, on: req.db)
        let callID = try call.requireID()
        let input = try req.formInput(CallInput.self)
        do {
            _ = try await ProgramService.updateCall(callID, of: id, with: input, by: actor, on: req.db, now: req.now)
            req.flash(Localized("공모를 저장했습니다.", "The call was saved."))
            return req.redirect(to: SiteURL.program(id).path(anchor: "calls"))
        } catch IeumError.invalid(let errors) {
            return CallEditPage(program: program, callID: callID, input: input, errors: errors).response(req, status: .unprocessableEntity)
        }
    }

    // MARK: Participants and targets

    func addParticipant(req: Request) async throws -> Response {
        let actor = try requireOperator(req)
        let program = try await ProgramService.find(programID(req), on: req.db)
        let id = try program.requireID()
        let selected = try req.content.decode(ParticipantForm.self).organizationID ?? ""
        do {
            let org = try await ProgramService.addParticipant(selected, to: id, by: actor, on: req.db, now: req.now)
            req.flash(Localized("참여 수요기관을 추가했습니다: \(org.name)", "Added: \(org.nameEn ?? org.name)"))
            return req.redirect(to: SiteURL.program(id).path(anchor: "participants"))
        } catch IeumError.invalid(let errors) {
            return try await programPage(req, program, status: .unprocessableEntity) {
                $0.participantSelection = selected
                $0.participantErrors = errors
            }
        }
    }

    func setTarget(req: Request) async throws -> Response {
        let actor = try requireOperator(req)
        let program = try await ProgramService.find(programID(req), on: req.db)
        let id = try program.requireID()
        let input = try req.formInput(TargetInput.self)
        do {
            let (target, created) = try await ProgramService.setTarget(input, for: id, by: actor, on: req.db, now: req.now)
            let label = Localized("\(target.metric.label.ko) \(target.period)", "\(target.metric.label.en) \(target.period)")
            req.flash(created ? Localized("목표를 설정했습니다: \(label.ko)", "Target set: \(label.en)")
                              : Localized("목표를 바꿨습니다: \(label.ko)", "Target updated: \(label.en)"))
            return req.redirect(to: SiteURL.program(id).path(anchor: "targets"))
        } catch IeumError.invalid(let errors) {
            return try await programPage(req, program, status: .unprocessableEntity) {
                $0.targetInput = input
                $0.targetErrors = errors
            }
        }
    }
}
