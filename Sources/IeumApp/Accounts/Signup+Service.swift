import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// What a person joins Ieum as. It decides the first step after the e-mail is verified: which
/// kind of organisation to register or join, or the expert pool.
public enum SignupKind: String, Codable, Sendable, CaseIterable {
    case startup, demand, investor, expert

    var label: Localized {
        switch self {
        case .startup: Localized("스타트업", "Startup")
        case .demand: Localized("수요기관 (대기업·중견기업·공공기관)", "Demand organisation (large or mid-sized company, public institution)")
        case .investor: Localized("투자기관", "Investor")
        case .expert: Localized("전문가 (심사·자문)", "Expert (judging and advice)")
        }
    }

    /// The organisation kind registered or joined after sign-up; an expert's organisation (a
    /// university, an institute …) may be of any kind, so none is preset.
    var organizationKind: OrganizationKind? {
        switch self {
        case .startup: .startup
        case .demand: .demand
        case .investor: .investor
        case .expert: nil
        }
    }
}

/// The sign-up form as typed. Consent boxes come with the version of the text that was shown.
public struct SignupInput: Sendable, Equatable {
    public var kind = ""
    public var name = ""
    public var email = ""
    public var password = ""
    public var confirmPassword = ""
    public var phone = ""
    public var language = "ko"
    /// Ticked consents, by document kind.
    public var consents: Set<LegalDocumentKind> = []
    /// The version of each text the form showed.
    public var shownVersions: [LegalDocumentKind: Int] = [:]
    /// The token of the invitation the person follows, if any.
    public var invitation = ""

    public init() {}
}

/// A sign-up that passed every check.
struct ValidSignup {
    let kind: SignupKind
    let name: String
    let email: String
    let password: String
    let phone: String?
    let language: Lang
    let versions: [LegalDocumentKind: Int]
    let consents: Set<LegalDocumentKind>
}

/// Self sign-up (issue 16, item 1): the form's rules, the account, its consents and the
/// verification mail in one transaction, and the link that makes the account usable.
enum Signups {
    /// A verification link lasts a day and works once.
    static let linkLifetime: TimeInterval = 24 * 60 * 60
    /// Sign-ups and resent links per client address and per account in `window`.
    static let window: TimeInterval = 60 * 60
    static let maxPerAddress = 10
    static let maxMailsPerAccount = 3

    /// The latest version of each legal text.
    static func currentDocuments(on db: any Database) async throws -> [LegalDocumentKind: LegalDocument] {
        var latest: [LegalDocumentKind: LegalDocument] = [:]
        for document in try await LegalDocument.query(on: db).sort(\.$version, .descending).all() where latest[document.kind] == nil {
            latest[document.kind] = document
        }
        return latest
    }

    static func validate(_ input: SignupInput, documents: [LegalDocumentKind: LegalDocument], fixedEmail: String?) -> Result<ValidSignup, FieldErrorsError> {
        var errors = FieldErrors()
        let kind = SignupKind(rawValue: input.kind)
        if kind == nil { errors.add("kind", Localized("가입 유형을 고르세요.", "Choose what you join as.")) }
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty {
            errors.add("name", Localized("이름을 입력하세요.", "Enter your name."))
        } else if name.count > 100 {
            errors.add("name", Localized("이름은 100자 이하로 입력하세요.", "Enter a name of 100 characters or fewer."))
        }
        let email = fixedEmail ?? input.email.trimmingCharacters(in: .whitespaces).lowercased()
        if email.count > 254 || !OrganizationInput.looksLikeEmail(email) {
            errors.add("email", Localized("올바른 이메일 주소를 입력하세요.", "Enter a valid e-mail address."))
        }
        if let problem = PasswordRules.problem(input.password, email: email) {
            errors.add("password", problem)
        } else if input.password != input.confirmPassword {
            errors.add("confirmPassword", Localized("비밀번호와 확인이 다릅니다.", "The password and its confirmation differ."))
        }
        let phone = input.phone.trimmingCharacters(in: .whitespaces)
        if !phone.isEmpty {
            let digits = phone.filter(\.isNumber)
            if phone.count > 20 || !(8...15).contains(digits.count)
                || !phone.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == " " || $0 == "+" || $0 == "(" || $0 == ")") }) {
                errors.add("phone", Localized("전화번호는 숫자와 '-'로 입력하세요. 예: 010-1234-5678", "Enter the phone number with digits and '-', e.g. 010-1234-5678."))
            }
        }
        let language = Lang(rawValue: input.language) ?? .ko
        var versions: [LegalDocumentKind: Int] = [:]
        var outdated = false
        for document in LegalDocumentKind.consented {
            guard let current = documents[document] else { continue }
            versions[document] = current.version
            if input.shownVersions[document] != current.version { outdated = true }
            if document.required, !input.consents.contains(document) {
                errors.add("consent-\(document.rawValue)", Localized("\(document.label.ko)에 동의해야 가입할 수 있습니다.",
                                                                     "You can join only after agreeing to the \(document.label.en.lowercased())."))
            }
        }
        if outdated {
            errors.add("consents", Localized("동의서가 새로 게시되었습니다. 바뀐 내용을 읽고 다시 동의해 주세요.",
                                             "A consent text was updated while you were filling in the form. Read it and agree again."))
        }
        guard errors.isEmpty, let kind else { return .failure(FieldErrorsError(errors: errors)) }
        return .success(ValidSignup(kind: kind, name: name, email: email, password: input.password, phone: phone.isEmpty ? nil : phone,
                                    language: language, versions: versions, consents: input.consents))
    }

    /// The consents of a new account: one row per text, accepted or not, with its version.
    static func recordConsents(_ valid: ValidSignup, userID: UUID, on db: any Database, now: Date) async throws {
        for kind in LegalDocumentKind.consented {
            guard let version = valid.versions[kind] else { continue }
            try await UserConsent(userID: userID, kind: kind, version: version, accepted: valid.consents.contains(kind), decidedAt: now).create(on: db)
        }
    }

    /// What happened to a sign-up, for the page that answers it.
    enum Outcome {
        /// A mail went out (or, for an address that already has an account, a mail saying so):
        /// the answer is the same either way.
        case mailed
        /// Too many sign-ups from this address in the last hour.
        case throttled
    }

    /// Creates an unverified account with its consents and queues the verification mail, or,
    /// when the e-mail already has an account, queues a mail telling its owner (a new link if
    /// that account was never verified). Both paths write a link row, so they cost the same and
    /// count against the same limits.
    static func register(_ valid: ValidSignup, digest: String, address: String, base: BaseURL, on db: any Database, now: Date) async throws -> Outcome {
        try await db.transaction { db in
            let since = now.addingTimeInterval(-window)
            let fromAddress = try await EmailVerification.query(on: db).filter(\.$requestedFrom == address).filter(\.$createdAt > since).count()
            if fromAddress >= maxPerAddress { return .throttled }
            let token = PasswordResets.newToken()
            if let existing = try await User.query(on: db).filter(\.$email == valid.email).first() {
                let existingID = try existing.requireID()
                let recent = try await EmailVerification.query(on: db).filter(\.$user.$id == existingID).filter(\.$createdAt > since).count()
                try await EmailVerification(userID: existingID, tokenHash: APITokens.hash(token), expiresAt: now.addingTimeInterval(linkLifetime),
                                            createdAt: now, requestedFrom: address).create(on: db)
                if recent < maxMailsPerAccount, existing.active {
                    if existing.emailVerifiedAt == nil {
                        try await queueVerificationMail(to: existing, link: SiteURL.signupVerify(token: token).absolute(base: base), on: db, now: now)
                    } else {
                        try await queueAlreadyRegisteredMail(to: existing, base: base, on: db, now: now)
                    }
                }
                return .mailed
            }
            let user = User(email: valid.email, name: valid.name, passwordHash: digest, platformRole: .member, phone: valid.phone)
            user.emailVerifiedAt = nil
            user.language = valid.language
            user.joinedAs = valid.kind.rawValue
            try await user.create(on: db)
            let userID = try user.requireID()
            try await recordConsents(valid, userID: userID, on: db, now: now)
            try await EmailVerification(userID: userID, tokenHash: APITokens.hash(token), expiresAt: now.addingTimeInterval(linkLifetime),
                                        createdAt: now, requestedFrom: address).create(on: db)
            try await queueVerificationMail(to: user, link: SiteURL.signupVerify(token: token).absolute(base: base), on: db, now: now)
            try await Audit.record(on: db, actor: nil, action: "user.signup", entityType: "user", entityID: userID.uuidString,
                                   summary: "회원가입 (\(valid.kind.label.ko)), 이메일 인증 대기", at: now)
            return .mailed
        }
    }

    /// A new verification link for an account not yet verified, answered the same whatever the
    /// address; limited per address and per account like sign-up.
    static func resend(to email: String, address: String, base: BaseURL, on db: any Database, now: Date) async throws -> Outcome {
        try await db.transaction { db in
            let since = now.addingTimeInterval(-window)
            let fromAddress = try await EmailVerification.query(on: db).filter(\.$requestedFrom == address).filter(\.$createdAt > since).count()
            if fromAddress >= maxPerAddress { return .throttled }
            guard let user = try await User.query(on: db).filter(\.$email == email).first(), user.active, user.emailVerifiedAt == nil else {
                return .mailed
            }
            let userID = try user.requireID()
            let recent = try await EmailVerification.query(on: db).filter(\.$user.$id == userID).filter(\.$createdAt > since).count()
            let token = PasswordResets.newToken()
            try await EmailVerification(userID: userID, tokenHash: APITokens.hash(token), expiresAt: now.addingTimeInterval(linkLifetime),
                                        createdAt: now, requestedFrom: address).create(on: db)
            if recent < maxMailsPerAccount {
                try await queueVerificationMail(to: user, link: SiteURL.signupVerify(token: token).absolute(base: base), on: db, now: now)
            }
            return .mailed
        }
    }

    enum Lookup {
        case usable(EmailVerification, User)
        case refused(VerificationRefusal)
    }

    static func find(_ token: String, on db: any Database, now: Date) async throws -> Lookup {
        guard !token.isEmpty, token.count <= 200,
              let link = try await EmailVerification.query(on: db).filter(\.$tokenHash == APITokens.hash(token)).first(),
              let user = try await User.find(link.$user.id, on: db)
        else { return .refused(.unknown) }
        if link.usedAt != nil || user.emailVerifiedAt != nil { return .refused(.used) }
        if link.expiresAt <= now || !user.active { return .refused(.expired) }
        return .usable(link, user)
    }

    /// Spends the link and marks the address verified; false when another request spent it first.
    static func verify(_ link: EmailVerification, user: User, on db: any Database, now: Date) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "verification needs an SQL database") }
        return try await db.transaction { db in
            let sql = db as? any SQLDatabase ?? sql
            let spent = try await !sql.update(EmailVerification.schema)
                .set("used_at", to: now)
                .where("id", .equal, try link.requireID())
                .where("used_at", .is, SQLLiteral.null)
                .where("expires_at", .greaterThan, now)
                .returning("id")
                .all()
                .isEmpty
            guard spent else { return false }
            user.emailVerifiedAt = now
            try await user.save(on: db)
            // Every other link of the account is spent with it.
            try await EmailVerification.query(on: db).filter(\.$user.$id == user.requireID()).filter(\.$usedAt == nil).set(\.$usedAt, to: now).update()
            try await Audit.record(on: db, actor: try await user.actor(on: db), action: "user.verify-email", entityType: "user",
                                   entityID: try user.requireID().uuidString, summary: "이메일 인증 완료", at: now)
            return true
        }
    }

    static func queueVerificationMail(to user: User, link: String, on db: any Database, now: Date) async throws {
        let language = user.mailLanguage
        let body = Localized(
            "\(user.name)님, 이음 가입을 환영합니다. 아래 링크를 열어 이메일 주소를 인증하면 계정을 쓸 수 있습니다. 링크는 24시간 동안 한 번만 쓸 수 있습니다.\n가입한 적이 없다면 이 메일을 무시하세요. 인증하지 않은 계정은 쓸 수 없습니다.",
            "\(user.name), welcome to Ieum. Open the link below to verify your e-mail address; your account works once it is verified. The link works once within 24 hours.\nIf you did not sign up, ignore this mail: an unverified account cannot be used.")
        try await OutboxMail.queueAccountMail(to: user.email, subject: Localized("이메일 주소 인증", "Verify your e-mail address").text(language),
                                   body: body.text(language) + "\n\n" + link, language: language, on: db, now: now)
    }

    static func queueAlreadyRegisteredMail(to user: User, base: BaseURL, on db: any Database, now: Date) async throws {
        let language = user.mailLanguage
        let body = Localized(
            "\(user.name)님, 이 이메일 주소로 이음에 다시 가입하려는 요청이 있었습니다. 이미 계정이 있으니 아래에서 로그인하세요. 비밀번호가 생각나지 않으면 로그인 화면의 \"비밀번호 찾기\"를 쓰세요.\n요청하지 않았다면 이 메일을 무시하세요. 계정은 그대로입니다.",
            "\(user.name), someone asked to sign up to Ieum again with this e-mail address. You already have an account: sign in below, or use \"Forgot your password?\" on the sign-in page.\nIf it was not you, ignore this mail; your account is unchanged.")
        try await OutboxMail.queueAccountMail(to: user.email, subject: Localized("이미 가입된 이메일입니다", "You already have an account").text(language),
                                   body: body.text(language) + "\n\n" + SiteURL.login(next: nil).absolute(base: base), language: language, on: db, now: now)
    }

}

extension OutboxMail {
    /// An account mail (a link to verify, reset, accept or follow): no inbox message, in the
    /// recipient's language, and by default its body (which may carry a single-use link) erased
    /// once sent.
    static func queueAccountMail(to address: String, subject: String, body: String, language: Lang, erasingBody: Bool = true,
                                 on db: any Database, now: Date) async throws {
        let mail = OutboxMail()
        mail.messageID = nil
        mail.toAddress = address
        mail.subject = "[\(Localized("이음", "Ieum").text(language))] \(subject)"
        mail.body = body
        mail.eraseBodyAfterSend = erasingBody
        mail.status = .pending
        mail.attempts = 0
        mail.createdAt = now
        try await mail.create(on: db)
    }
}

/// Why a verification link does not work.
enum VerificationRefusal: Equatable {
    case unknown, used, expired

    var status: HTTPResponseStatus { self == .unknown ? .notFound : .gone }

    var message: Localized {
        switch self {
        case .unknown:
            Localized("인증 링크가 올바르지 않습니다. 메일의 링크를 그대로 열었는지 확인하세요.",
                      "This verification link is not valid. Check that you opened the link from the mail as it is.")
        case .used:
            Localized("이미 인증을 마친 링크입니다. 로그인하세요.", "This link was already used and the address is verified. Sign in.")
        case .expired:
            Localized("인증 링크의 유효 시간(24시간)이 지났습니다. 아래에서 새 링크를 받으세요.",
                      "This verification link has expired (links last 24 hours). Ask for a new one below.")
        }
    }
}
