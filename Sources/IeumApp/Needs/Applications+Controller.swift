import Fluent
import Foundation
import IeumCore
import Vapor

/// Application pages: the proposal, its form, attachments, withdrawal and review.
struct ApplicationsController {
    func register(_ app: Application) {
        app.on(.applications(.show), use: show)
        app.on(.applications(.editForm), use: editForm)
        // Multipart too: the form carries a file with its text, saved together (Applications+Drafts.swift).
        app.upload(.applications(.save), maxBytes: 12 * 1024 * 1024, use: save)
        app.on(.applications(.withdraw), use: withdraw)
        app.on(.applications(.review), use: review)
        // A little over the file limit, so an oversize file reaches the handler's clear message.
        app.upload(.applications(.upload), maxBytes: 12 * 1024 * 1024, use: upload)
        app.on(.applications(.download), use: download)
        app.on(.applications(.deleteAttachment), use: deleteAttachment)
    }

    /// What the form sends besides the `ProposalInput` (read with `req.formInput`).
    struct ProposalForm: Content {
        var action: String?
        /// A file chosen in the same form: the text is saved as a draft first, then the file attached.
        var file: File?
    }

    func page(_ req: Request, _ loaded: ApplicationService.Loaded, actor: Principal) async throws -> ApplicationPage {
        let id = try loaded.application.requireID()
        let startup = try await loaded.application.$startup.get(on: req.db)
        let attachments = try await ProposalAttachment.query(on: req.db).filter(\.$application.$id == id).sort(\.$createdAt).all()
        let events = try await ApplicationEvent.query(on: req.db).filter(\.$application.$id == id).sort(\.$at).all()
        return ApplicationPage(
            application: loaded.application, need: loaded.need, call: loaded.call, startup: startup, attachments: attachments, history: events.map(\.historyEntry),
            canEdit: NeedPolicy.can(actor, .editProposal(loaded.access)), canWithdraw: NeedPolicy.can(actor, .withdraw(loaded.access)),
            canReview: NeedPolicy.can(actor, .review(loaded.access)), now: req.now
        )
    }

    func show(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let loaded = try await ApplicationService.visible(req.parameters.get("appID", as: UUID.self), for: actor, on: req.db)
        let id = try loaded.application.requireID()
        // Every view of a proposal is an access to confidential data.
        try await Audit.record(on: req.db, actor: actor, action: "application.view", entityType: "application", entityID: id.uuidString,
                               summary: "제안서 열람: \(loaded.need.title)", at: req.now)
        return try await page(req, loaded, actor: actor).response(req)
    }

    func editForm(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let loaded = try await ApplicationService.visible(req.parameters.get("appID", as: UUID.self), for: actor, on: req.db)
        guard NeedPolicy.can(actor, .editProposal(loaded.access)) else {
            return req.redirect(to: SiteURL.application(try loaded.application.requireID()).path)
        }
        let attachments = try await ProposalAttachment.query(on: req.db).filter(\.$application.$id == loaded.application.requireID()).sort(\.$createdAt).all()
        return ApplicationFormPage(application: loaded.application, need: loaded.need, call: loaded.call, input: ProposalInput(loaded.application),
                                   attachments: attachments, errors: FieldErrors(), message: nil).response(req)
    }

    func save(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let id = req.parameters.get("appID", as: UUID.self) else { throw IeumError.notFound }
        let form = try req.content.decode(ProposalForm.self)
        let input = try req.formInput(ProposalInput.self)
        if let file = form.file, file.data.readableBytes > 0 {
            return try await saveWithFile(req, actor: actor, id: id, form: form, input: input, file: file)
        }
        let submit = form.action == "submit"
        do {
            _ = try await ApplicationService.save(id, input, submit: submit, by: actor, on: req.db, now: req.now)
            req.flash(submit ? Localized("지원서를 제출했습니다.", "Your application was submitted.")
                             : Localized("임시 저장했습니다.", "Your draft was saved."))
            return req.redirect(to: submit ? SiteURL.application(id).path : SiteURL.applicationEdit(id).path)
        } catch let error as IeumError {
            let loaded = try await ApplicationService.visible(id, for: actor, on: req.db)
            let attachments = try await ProposalAttachment.query(on: req.db).filter(\.$application.$id == id).sort(\.$createdAt).all()
            var input = input
            var errors = FieldErrors()
            var message: Localized?
            switch error {
            case .invalid(let fields): errors = fields
            case .conflict(let text):
                message = text
                input.version = String(loaded.application.version)
            case .refused(let text): message = text
            default: throw error
            }
            return ApplicationFormPage(application: loaded.application, need: loaded.need, call: loaded.call, input: input,
                                       attachments: attachments, errors: errors, message: message)
                .response(req, status: error.status)
        }
    }

    func withdraw(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let id = req.parameters.get("appID", as: UUID.self) else { throw IeumError.notFound }
        do {
            _ = try await ApplicationService.withdraw(id, by: actor, on: req.db, now: req.now)
            req.flash(Localized("지원을 철회했습니다.", "Your application was withdrawn."))
        } catch IeumError.refused(let message) {
            req.flash(message)
        }
        return req.redirect(to: SiteURL.application(id).path)
    }

    func review(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let id = req.parameters.get("appID", as: UUID.self) else { throw IeumError.notFound }
        // Who may review is settled before the form is read: an outsider learns nothing from its errors.
        let loaded = try await ApplicationService.visible(id, for: actor, on: req.db)
        guard NeedPolicy.operates(actor, loaded.access.programAgency) || actor.isMember(of: loaded.access.needOrganizationID) else {
            throw IeumError.forbidden
        }
        struct ReviewForm: Content { var status: String?; var reason: String? }
        let form = try req.content.decode(ReviewForm.self)
        guard let status = form.status.flatMap(ApplicationStatus.init(rawValue:)) else {
            throw IeumError.badRequest(Localized("바꿀 상태를 고르세요.", "Choose the new status."))
        }
        do {
            _ = try await ApplicationService.review(id, to: status, reason: form.reason ?? "", by: actor, on: req.db, now: req.now)
            req.flash(Localized("상태를 '\(status.label.ko)'(으)로 바꿨습니다.", "Status changed to \(status.label.en)."))
        } catch IeumError.refused(let message) {
            req.flash(message)
        } catch IeumError.conflict(let message) {
            req.flash(message)
        }
        return req.redirect(to: SiteURL.application(id).path)
    }

    func upload(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let id = req.parameters.get("appID", as: UUID.self) else { throw IeumError.notFound }
        // Only the applicant's people get as far as the form (everyone else 404/403, whatever they sent).
        let loaded = try await ApplicationService.visible(id, for: actor, on: req.db)
        guard actor.isMember(of: loaded.access.startupID) else { throw IeumError.forbidden }
        struct UploadForm: Content { var file: File? }
        let form = try req.content.decode(UploadForm.self)
        guard let file = form.file, file.data.readableBytes > 0 else {
            req.flash(Localized("올릴 파일을 고르세요.", "Choose a file to upload."))
            return req.redirect(to: SiteURL.applicationEdit(id).path)
        }
        do {
            let bytes = file.data.getBytes(at: file.data.readerIndex, length: file.data.readableBytes) ?? []
            let stored = try await ApplicationService.attach(id, fileName: file.filename, bytes: bytes, by: actor, on: req.db,
                                                            files: req.fileStore, now: req.now)
            req.flash(Localized("'\(stored.originalName)'을(를) 첨부했습니다.", "'\(stored.originalName)' was attached."))
            return req.redirect(to: SiteURL.applicationEdit(id).path(anchor: "attachments"))
        } catch IeumError.refused(let message) {
            let loaded = try await ApplicationService.visible(id, for: actor, on: req.db)
            let attachments = try await ProposalAttachment.query(on: req.db).filter(\.$application.$id == id).sort(\.$createdAt).all()
            return ApplicationFormPage(application: loaded.application, need: loaded.need, call: loaded.call, input: ProposalInput(loaded.application),
                                       attachments: attachments, errors: FieldErrors(), message: message)
                .response(req, status: .unprocessableEntity)
        }
    }

    func download(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let id = req.parameters.get("appID", as: UUID.self), let fileID = req.parameters.get("fileID", as: UUID.self) else { throw IeumError.notFound }
        let (attachment, data) = try await ApplicationService.download(id, attachmentID: fileID, by: actor, on: req.db,
                                                                       files: req.fileStore, now: req.now)
        return UploadedDocument.response(name: attachment.originalName, kind: attachment.kind, file: data, store: req.fileStore, logger: req.logger)
    }

    func deleteAttachment(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let id = req.parameters.get("appID", as: UUID.self), let fileID = req.parameters.get("fileID", as: UUID.self) else { throw IeumError.notFound }
        try await ApplicationService.detach(id, attachmentID: fileID, by: actor, on: req.db,
                                            files: req.fileStore, now: req.now)
        req.flash(Localized("첨부 파일을 지웠습니다.", "The file was removed."))
        return req.redirect(to: SiteURL.applicationEdit(id).path(anchor: "attachments"))
    }
}
