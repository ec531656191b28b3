import Fluent
import Foundation
import IeumCore
import Vapor

/// "내 정보 내려받기" and "회원 탈퇴" on the account page (issue 16, item 6).
struct PersonalDataController {
    func register(_ app: Application) {
        app.on(.personalData(.exportLink), use: exportLink)
        app.on(.personalData(.export), use: export)
        app.on(.personalData(.deletionPage), use: deletionPage)
        app.on(.personalData(.delete), use: delete)
    }

    /// The download is a form (it writes an audit entry); its address opened directly shows the card.
    func exportLink(req: Request) async throws -> Response {
        _ = try req.requireActor()
        return req.redirect(to: SiteURL.account.path(anchor: "personal-data"))
    }

    func export(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let now = req.now
        let bytes = try await PersonalDataExport.archive(for: actor.userID, on: req.db, now: now)
        try await Audit.record(on: req.db, actor: actor, action: "user.export", entityType: "user", entityID: actor.userID.uuidString,
                               summary: "내 정보 내려받기 (\(bytes.count) bytes)", at: now)
        let day = SeoulTime.date(now).replacingOccurrences(of: "-", with: "")
        let response = Response(status: .ok, body: .init(data: Data(bytes)))
        response.headers.replaceOrAdd(name: .contentType, value: "application/zip")
        response.headers.replaceOrAdd(name: .contentDisposition,
                                      value: ContentDisposition.attachment(fallback: "ieum-my-data-\(day).zip", fullName: "이음-내-정보-\(day).zip"))
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func deletionPage(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let user = try await User.find(actor.userID, on: req.db) else { throw IeumError.unauthorized }
        let refusal = try await PersonalDataErasure.refusal(for: user, on: req.db)
        return AccountDeletionPage(errors: FieldErrors(), refusal: refusal?.message).response(req)
    }

    struct DeletionForm: Content {
        var currentPassword: String?
        var confirm: String?
    }

    func delete(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode(DeletionForm.self)
        guard let user = try await User.find(actor.userID, on: req.db) else { throw IeumError.unauthorized }
        var errors = FieldErrors()
        let password = form.currentPassword ?? ""
        let matches = password.isEmpty ? false : ((try? await req.passwordHasher.verify(password, created: user.passwordHash)) ?? false)
        if !matches {
            errors.add("currentPassword", Localized("현재 비밀번호가 맞지 않습니다.", "The current password is not correct."))
        }
        if form.confirm != "1" {
            errors.add("confirm", Localized("탈퇴하려면 확인란에 표시하세요.", "Tick the box to confirm."))
        }
        guard errors.isEmpty else {
            return AccountDeletionPage(errors: errors, refusal: nil).response(req, status: .unprocessableEntity)
        }
        do {
            try await PersonalDataErasure.erase(user, reason: .request, on: req.db, now: req.now)
        } catch let refusal as PersonalData.Refusal {
            return AccountDeletionPage(errors: FieldErrors(), refusal: refusal.message).response(req, status: .unprocessableEntity)
        }
        // The session row is gone with the account; the cookie goes too.
        req.session.destroy()
        req.actor = nil
        req.flash(Localized("회원 탈퇴가 끝났습니다. 개인정보를 지웠습니다. 그동안 이음을 이용해 주셔서 감사합니다.",
                            "Your account was deleted and your personal data erased. Thank you for using Ieum."))
        return req.redirect(to: SiteURL.login(next: nil).path)
    }
}
