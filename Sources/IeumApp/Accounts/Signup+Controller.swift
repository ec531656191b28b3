import Fluent
import Foundation
import IeumCore
import Vapor

/// Sign-up with consents, the verification link, the first steps after it, and the legal texts
/// operators publish (issue 16, item 1).
struct SignupController {
    func register(_ app: Application) {
        app.on(.signup(.signupPage), use: signupPage)
        app.on(.signup(.signup), use: signup)
        app.on(.signup(.verifyPage), use: verifyPage)
        app.on(.signup(.verify), use: verify)
        app.on(.signup(.resend), use: resend)
        app.on(.signup(.welcome), use: welcome)
        app.on(.signup(.legalPage), use: legalPage)
        app.on(.signup(.legalAdmin), use: legalAdmin)
        app.on(.signup(.publishLegal), use: publishLegal)
    }

    struct SignupForm: Content {
        var kind: String?, name: String?, email: String?, password: String?, confirmPassword: String?
        var phone: String?, language: String?, invitation: String?
        var consentTerms: String?, consentCollection: String?, consentNotices: String?
        var versionTerms: String?, versionCollection: String?, versionNotices: String?

        var input: SignupInput {
            var input = SignupInput()
            input.kind = kind ?? ""
            input.name = name ?? ""
            input.email = email ?? ""
            input.password = password ?? ""
            input.confirmPassword = confirmPassword ?? ""
            input.phone = phone ?? ""
            input.language = language ?? "ko"
            input.invitation = invitation ?? ""
            if consentTerms != nil { input.consents.insert(.terms) }
            if consentCollection != nil { input.consents.insert(.collection) }
            if consentNotices != nil { input.consents.insert(.notices) }
            input.shownVersions[.terms] = versionTerms.flatMap { Int($0) }
            input.shownVersions[.collection] = versionCollection.flatMap { Int($0) }
            input.shownVersions[.notices] = versionNotices.flatMap { Int($0) }
            return input
        }
    }

    /// The invitation a sign-up follows, when its link is still good.
    static func invitation(_ token: String, on req: Request) async throws -> (OrganizationInvitation, Organization)? {
        guard !token.isEmpty, case .usable(let invitation, let org) = try await Memberships.findInvitation(token, on: req.db, now: req.now) else { return nil }
        return (invitation, org)
    }

    func signupPage(req: Request) async throws -> Response {
        if req.actor != nil { return req.redirect(to: SiteURL.welcome.path) }
        var input = SignupInput()
        input.language = req.language.rawValue
        let token = String((req.query[String.self, at: "invitation"] ?? "").prefix(200))
        var invited: (OrganizationInvitation, Organization)?
        if !token.isEmpty {
            invited = try await Self.invitation(token, on: req)
            if invited == nil {
                return try await InvitationPage.refused(token: token, req: req)
            }
            input.invitation = token
            input.email = invited?.0.email ?? ""
        }
        input.kind = invited.flatMap { SignupKind.from(organizationKind: $0.1.kind)?.rawValue } ?? req.query[String.self, at: "kind"].flatMap { SignupKind(rawValue: $0)?.rawValue } ?? ""
        let documents = try await Signups.currentDocuments(on: req.db)
        return SignupPage(input: input, errors: FieldErrors(), documents: documents.mapValues(LegalText.init), invitedTo: invited?.1.name).response(req)
    }

    func signup(req: Request) async throws -> Response {
        if req.actor != nil { return req.redirect(to: SiteURL.welcome.path) }
        let input = try req.content.decode(SignupForm.self).input
        let documents = try await Signups.currentDocuments(on: req.db)
        let invited = try await Self.invitation(String(input.invitation.prefix(200)), on: req)
        if !input.invitation.isEmpty, invited == nil {
            return try await InvitationPage.refused(token: input.invitation, req: req)
        }
        let valid: ValidSignup
        switch Signups.validate(input, documents: documents, fixedEmail: invited?.0.email) {
        case .success(let v): valid = v
        case .failure(let failure):
            var shown = input
            shown.password = ""
            shown.confirmPassword = ""
            if let invited { shown.email = invited.0.email }
            return SignupPage(input: shown, errors: failure.errors, documents: documents.mapValues(LegalText.init), invitedTo: invited?.1.name).response(req, status: .unprocessableEntity)
        }
        let digest = try await req.passwordHasher.hash(valid.password)
        let now = req.now
        if let (invitation, _) = invited {
            // The invitation's link reached this address: the account is verified by following it.
            return try await signUpInvited(valid, digest: digest, invitation: invitation, token: input.invitation, req: req, now: now)
        }
        let outcome = try await Signups.register(valid, digest: digest, address: AccountsController.clientAddress(req),
                                                 base: req.application.ieumConfiguration.baseURL, on: req.db, now: now)
        switch outcome {
        case .mailed:
            return SignupSentPage(email: valid.email).response(req)
        case .throttled:
            let response = SignupSentPage(email: nil).response(req, status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(Signups.window)))
            return response
        }
    }

    func signUpInvited(_ valid: ValidSignup, digest: String, invitation: OrganizationInvitation, token: String, req: Request, now: Date) async throws -> Response {
        let user = try await req.db.transaction { db -> User? in
            if try await User.query(on: db).filter(\.$email == valid.email).count() > 0 { return nil }
            let user = User(email: valid.email, name: valid.name, passwordHash: digest, platformRole: .member, phone: valid.phone)
            user.language = valid.language
            user.joinedAs = valid.kind.rawValue
            user.emailVerifiedAt = now
            try await user.create(on: db)
            try await Signups.recordConsents(valid, userID: try user.requireID(), on: db, now: now)
            try await Audit.record(on: db, actor: nil, action: "user.signup", entityType: "user", entityID: try user.requireID().uuidString,
                                   summary: "회원가입 (초대 링크로 이메일 확인)", at: now)
            guard try await Memberships.accept(invitation, user: user, on: db, now: now) else {
                throw IeumError.refused(InvitationRefusal.used.message)
            }
            return user
        }
        guard let user else {
            // The address has an account already: it signs in and accepts from the invitation page.
            req.flash(Localized("이미 가입된 이메일입니다. 로그인한 뒤 초대를 수락하세요.", "This e-mail already has an account. Sign in, then accept the invitation."))
            return req.redirect(to: SiteURL.login(next: SiteURL.invitation(token: token).path).path)
        }
        return try await AccountsController.completeSignIn(of: user, req: req, next: SiteURL.organization(invitation.$organization.id).path)
    }

    func verifyPage(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        switch try await Signups.find(token, on: req.db, now: req.now) {
        case .usable(_, let user):
            return VerifyEmailPage(token: token, name: user.name, email: user.email).response(req)
        case .refused(let refusal):
            return VerificationRefusedPage(refusal: refusal).response(req, status: refusal.status)
        }
    }

    /// The button on the link's page spends it (a mail scanner that only opens links spends nothing).
    func verify(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard case .usable(let link, let user) = try await Signups.find(token, on: req.db, now: req.now) else {
            return try await verifyPage(req: req)
        }
        guard try await Signups.verify(link, user: user, on: req.db, now: req.now) else {
            return VerificationRefusedPage(refusal: .used).response(req, status: VerificationRefusal.used.status)
        }
        req.flash(Localized("이메일 인증을 마쳤습니다. 이제 기관을 등록하거나 기존 기관에 가입하세요.",
                            "Your e-mail address is verified. Now register your organisation or join an existing one."))
        return try await AccountsController.completeSignIn(of: user, req: req, next: SiteURL.welcome.path)
    }

    struct ResendForm: Content { var email: String? }

    func resend(req: Request) async throws -> Response {
        let email = (try req.content.decode(ResendForm.self).email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard !email.isEmpty, email.count <= 254 else {
            throw IeumError.badRequest(Localized("이메일 주소를 입력하세요.", "Enter an e-mail address."))
        }
        let outcome = try await Signups.resend(to: email, address: AccountsController.clientAddress(req),
                                               base: req.application.ieumConfiguration.baseURL, on: req.db, now: req.now)
        switch outcome {
        case .mailed:
            return SignupSentPage(email: email).response(req)
        case .throttled:
            let response = SignupSentPage(email: nil).response(req, status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(Signups.window)))
            return response
        }
    }

    func welcome(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        return WelcomePage(model: try await WelcomeModel.load(actor: actor, on: req.db)).response(req)
    }

    // MARK: Legal texts

    func legalPage(req: Request) async throws -> Response {
        guard let kind = req.parameters.get("kind").flatMap(LegalDocumentKind.init(rawValue:)) else { throw IeumError.notFound }
        let versions = try await LegalDocument.query(on: req.db).filter(\.$kind == kind).sort(\.$version, .descending).all()
        let wanted = try req.boundedQuery("version", in: 1...100_000, default: versions.first?.version ?? 1)
        guard let shown = versions.first(where: { $0.version == wanted }) else { throw IeumError.notFound }
        return LegalDocumentPage(document: LegalText(shown), versions: versions.map { ($0.version, $0.publishedAt) }).response(req)
    }

    func legalAdmin(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard AccountPolicy.can(actor, .publishLegalTexts) else { throw IeumError.forbidden }
        return LegalAdminPage(documents: try await Signups.currentDocuments(on: req.db).mapValues(LegalText.init), errors: FieldErrors(), drafts: [:]).response(req)
    }

    struct PublishForm: Content { var bodyKo: String?, bodyEn: String?, basedOn: String? }

    /// Publishes a new version; earlier versions stay as they were, so every consent keeps its text.
    func publishLegal(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard AccountPolicy.can(actor, .publishLegalTexts) else { throw IeumError.forbidden }
        guard let kind = req.parameters.get("kind").flatMap(LegalDocumentKind.init(rawValue:)) else { throw IeumError.notFound }
        let form = try req.content.decode(PublishForm.self)
        let ko = (form.bodyKo ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let en = (form.bodyEn ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FieldErrors()
        if ko.isEmpty { errors.add("bodyKo-\(kind.rawValue)", Localized("한국어 본문을 입력하세요.", "Enter the Korean text.")) }
        if en.isEmpty { errors.add("bodyEn-\(kind.rawValue)", Localized("영어 본문을 입력하세요.", "Enter the English text.")) }
        if ko.count > 50_000 || en.count > 50_000 {
            errors.add("bodyKo-\(kind.rawValue)", Localized("본문은 50,000자 이하로 입력하세요.", "Keep each text to 50,000 characters."))
        }
        let documents = try await Signups.currentDocuments(on: req.db)
        let current = documents[kind]?.version ?? 0
        if let basedOn = form.basedOn.flatMap({ Int($0) }), basedOn != current {
            errors.add("bodyKo-\(kind.rawValue)", Localized("그 사이 다른 운영자가 새 판(\(current)판)을 게시했습니다. 새 판을 확인한 뒤 다시 게시하세요.",
                                                            "Another operator published version \(current) meanwhile. Read it, then publish again."))
        }
        guard errors.isEmpty else {
            return LegalAdminPage(documents: documents.mapValues(LegalText.init), errors: errors, drafts: [kind: (ko, en)]).response(req, status: .unprocessableEntity)
        }
        let now = req.now
        try await req.db.transaction { db in
            let document = LegalDocument(kind: kind, version: current + 1, bodyKo: ko, bodyEn: en, publishedAt: now, publishedBy: actor.userID)
            try await document.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "legal.publish", entityType: "legal_document", entityID: kind.rawValue,
                                   summary: "\(kind.label.ko) \(current + 1)판 게시", at: now)
        }
        req.flash(Localized("\(kind.label.ko) \(current + 1)판을 게시했습니다.", "Version \(current + 1) of the \(kind.label.en.lowercased()) is published."))
        return req.redirect(to: SiteURL.legalAdmin.path)
    }
}

extension SignupKind {
    /// The sign-up kind that leads to an organisation of `kind`.
    static func from(organizationKind kind: OrganizationKind) -> SignupKind? {
        switch kind {
        case .startup: .startup
        case .demand: .demand
        case .investor: .investor
        default: nil
        }
    }
}
