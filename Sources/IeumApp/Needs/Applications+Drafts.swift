import Fluent
import Foundation
import IeumCore
import Vapor

/// Nothing typed is lost (issue 17, item 2): the application form carries its file with its text
/// (the text is saved as a draft first, so a refused file keeps everything typed), and `ieum.js`
/// autosaves the text as the draft while the applicant types.
extension ApplicationsController {
    /// The largest autosave body: the six fields at their limits, URL-encoded, fit with room.
    static let draftMaxBytes = 512 * 1024

    func registerDrafts(_ app: Application) {
        app.upload(.applications(.autosave), maxBytes: Self.draftMaxBytes, use: autosave)
    }

    /// The autosave's answer, for `ieum.js`: the new version for the form's hidden field and the
    /// line it shows ("임시저장됨 10:42").
    struct DraftSaved: Content {
        var saved: Bool
        var version: Int?
        var savedAt: String?
        var message: String
    }

    /// Saves the text as the draft, for the applicant's own people only (everyone else 404/403,
    /// whatever they sent); a refusal answers its message and keeps the last saved draft.
    func autosave(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let id = req.parameters.get("appID", as: UUID.self) else { throw IeumError.notFound }
        let loaded = try await ApplicationService.visible(id, for: actor, on: req.db)
        guard actor.isMember(of: loaded.access.startupID) else { throw IeumError.forbidden }
        let input = try req.formInput(ProposalInput.self)
        let answer: DraftSaved
        let status: HTTPResponseStatus
        do {
            let saved = try await ApplicationService.save(id, input, submit: false, by: actor, on: req.db, now: req.now)
            let time = SeoulTime.time(req.now)
            answer = DraftSaved(saved: true, version: saved.version, savedAt: time,
                                message: req.language == .en ? "Saved as draft \(time)" : "임시저장됨 \(time)")
            status = .ok
        } catch let error as IeumError {
            let message: Localized
            switch error {
            case .invalid(let fields):
                message = fields.order.first.flatMap { fields[$0] } ?? error.message
            case .forbidden, .notFound:
                throw error
            default:
                message = error.message
            }
            let prefix = req.language == .en ? "Not saved as draft: " : "임시저장하지 못했습니다: "
            answer = DraftSaved(saved: false, version: nil, savedAt: nil, message: prefix + (req.language == .en ? message.en : message.ko))
            status = error.status
        }
        let response = Response(status: status)
        try response.content.encode(answer, as: .json)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// The form sent with a file: the text is saved as a draft first; then the file is attached;
    /// then, when the applicant pressed 제출, the application is submitted. Any refusal shows the
    /// form again with everything typed (and says that the text was saved).
    func saveWithFile(_ req: Request, actor: Principal, id: UUID, form: ProposalForm, input typed: ProposalInput, file: File) async throws -> Response {
        var input = typed
        var message: Localized?
        var errors = FieldErrors()
        var status = HTTPResponseStatus.ok
        do {
            let draft = try await ApplicationService.save(id, input, submit: false, by: actor, on: req.db, now: req.now)
            input.version = String(draft.version)
            let bytes = file.data.getBytes(at: file.data.readerIndex, length: file.data.readableBytes) ?? []
            let stored: ProposalAttachment
            do {
                stored = try await ApplicationService.attach(id, fileName: file.filename, bytes: bytes, by: actor, on: req.db, files: req.fileStore, now: req.now)
            } catch IeumError.refused(let text) {
                throw IeumError.refused(Localized("입력한 내용은 임시 저장했습니다. 파일은 첨부하지 못했습니다: \(text.ko)",
                                                  "Your text was saved as a draft. The file was not attached: \(text.en)"))
            }
            guard form.action == "submit" else {
                req.flash(Localized("임시 저장하고 '\(stored.originalName)'을(를) 첨부했습니다.", "Your draft was saved and '\(stored.originalName)' attached."))
                return req.redirect(to: SiteURL.applicationEdit(id).path(anchor: "attachments"))
            }
            do {
                _ = try await ApplicationService.save(id, input, submit: true, by: actor, on: req.db, now: req.now)
            } catch IeumError.invalid(let fields) {
                message = Localized("입력한 내용과 '\(stored.originalName)'은(는) 임시 저장했습니다. 제출하려면 표시된 항목을 고치세요.",
                                    "Your text and '\(stored.originalName)' were saved as a draft. Fix the marked fields to submit.")
                throw IeumError.invalid(fields)
            }
            req.flash(Localized("'\(stored.originalName)'을(를) 첨부하고 지원서를 제출했습니다.", "'\(stored.originalName)' was attached and your application submitted."))
            return req.redirect(to: SiteURL.application(id).path)
        } catch let error as IeumError {
            switch error {
            case .invalid(let fields): errors = fields
            case .conflict(let text), .refused(let text), .badRequest(let text): message = text
            default: throw error
            }
            status = error.status
        }
        let loaded = try await ApplicationService.visible(id, for: actor, on: req.db)
        // Someone else saved meanwhile: the form keeps what was typed and edits the version now stored.
        if status == .conflict { input.version = String(loaded.application.version) }
        let attachments = try await ProposalAttachment.query(on: req.db).filter(\.$application.$id == id).sort(\.$createdAt).all()
        return ApplicationFormPage(application: loaded.application, need: loaded.need, call: loaded.call, input: input,
                                   attachments: attachments, errors: errors, message: message)
            .response(req, status: status)
    }
}
