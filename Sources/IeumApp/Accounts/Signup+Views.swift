import Foundation
import IeumCore
import Plot

/// `/signup`: who you are, a password, and each consent in full with its own box.
struct SignupPage: Page {
    let input: SignupInput
    let errors: FieldErrors
    let documents: [LegalDocumentKind: LegalText]
    /// The organisation of the invitation being followed, if any.
    let invitedTo: String?

    func title(_ context: PageContext) -> String { context.t("회원가입", "Sign up") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("card narrow"),
            .h1(.text(title(context))),
            .unwrap(invitedTo) { name in
                .p(.class("flash"), .text(context.t("\(name)의 초대로 가입합니다. 가입하면 바로 구성원이 됩니다.",
                                                    "You are signing up through an invitation from \(name); you join it as soon as you sign up.")))
            },
            .if(!errors.isEmpty, .p(.class("form-error"), .attribute(named: "role", value: "alert"),
                                   .text(context.t("입력 내용을 확인하세요. 입력한 내용은 그대로 남아 있습니다. 비밀번호만 다시 입력하세요.",
                                                   "Check the fields marked below. What you typed is kept; only the password must be typed again.")))),
            .form(
                .id("signup-form"), .action(SiteURL.signup(invitation: nil).path), .method(.post),
                FormKit.csrf(context),
                .input(.type(.hidden), .name("invitation"), .value(input.invitation)),
                FormKit.select("kind", label: context.t("가입 유형", "I join as"),
                               options: SignupKind.allCases.map { ($0.rawValue, context.t($0.label)) }, selected: input.kind,
                               errors: errors, context: context, includeEmpty: context.t("선택하세요", "Choose"), required: true),
                FormKit.text("name", label: context.t("이름", "Name"), value: input.name, errors: errors, context: context, required: true, autocomplete: "name"),
                invitedTo == nil
                    ? FormKit.text("email", label: context.t("이메일", "E-mail"), value: input.email, errors: errors, context: context, type: .email,
                                   required: true, hint: context.t("이 주소로 인증 메일을 보냅니다.", "A verification mail goes to this address."), autocomplete: "email")
                    : .div(.class("field"), .p(.text(context.t("이메일", "E-mail") + ": " + input.email)),
                           .input(.type(.hidden), .name("email"), .value(input.email))),
                FormKit.text("password", label: context.t("비밀번호 (10자 이상)", "Password (10 characters or more)"), value: "", errors: errors, context: context,
                             type: .password, required: true, hint: context.t("긴 한글 문장도 쓸 수 있습니다. 이메일이나 흔한 비밀번호는 안 됩니다.",
                                                                             "A long sentence in Korean works too; not your e-mail or a common password."),
                             autocomplete: "new-password"),
                FormKit.text("confirmPassword", label: context.t("비밀번호 확인", "Confirm password"), value: "", errors: errors, context: context,
                             type: .password, required: true, autocomplete: "new-password"),
                FormKit.text("phone", label: context.t("전화번호 (선택)", "Phone (optional)"), value: input.phone, errors: errors, context: context,
                             type: .tel, autocomplete: "tel"),
                FormKit.select("language", label: context.t("메일 언어", "Language of e-mails"), options: [("ko", "한국어"), ("en", "English")],
                               selected: input.language, errors: errors, context: context),
                .fieldset(
                    .class(errors["consents"] == nil ? "field" : "field has-error"),
                    .element(named: "legend", text: context.t("약관 및 개인정보 동의", "Terms and consents")),
                    FormKit.error("consents", errors, context),
                    .p(.class("hint"), .text(context.t("각 항목을 읽고 따로 동의해 주세요. 자세한 내용은 ", "Read each text and agree to each one separately. See the ")),
                       .a(.href(SiteURL.legal(.privacy, version: nil).path), .attribute(named: "target", value: "_blank"), .text(context.t("개인정보 처리방침", "privacy policy"))),
                       .text(context.t("과 ", " and the ")),
                       .a(.href(SiteURL.legal(.terms, version: nil).path), .attribute(named: "target", value: "_blank"), .text(context.t("이용약관", "terms of use"))),
                       .text(context.t("을 보세요.", "."))),
                    .forEach(LegalDocumentKind.consented) { kind in consent(kind, context) }
                ),
                FormKit.submit(context.t("가입하고 인증 메일 받기", "Sign up and get the verification mail"))
            ),
            .p(.text(context.t("이미 계정이 있나요? ", "Already have an account? ")), .a(.href(SiteURL.login(next: nil).path), .text(context.t("로그인", "Sign in"))))
        )
    }

    func consent(_ kind: LegalDocumentKind, _ context: PageContext) -> Node<HTML.FormContext> {
        guard let document = documents[kind] else { return .empty }
        let field = "consent" + kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst()
        let versionField = "version" + kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst()
        let errorKey = "consent-\(kind.rawValue)"
        let tag = kind.required ? context.t("(필수)", "(required)") : context.t("(선택)", "(optional)")
        return .div(
            .class(kind.required ? "consent" : "consent consent-optional"),
            .h3(.id("\(field)-title"), .text("\(context.t(kind.label)) \(tag) · \(context.t("\(document.version)판", "version \(document.version)"))")),
            .div(.class("legal-text"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "document"),
                 .attribute(named: "aria-labelledby", value: "\(field)-title"), .text(context.t(document.body))),
            .input(.type(.hidden), .name(versionField), .value(String(document.version))),
            .label(.class("checkbox"),
                   .input(.type(.checkbox), .name(field), .id(field), .value("yes"), .checked(input.consents.contains(kind)),
                          kind.required ? .required(true) : .empty,
                          .attribute(named: "aria-invalid", value: errorsContain(errorKey) ? "true" : nil),
                          .attribute(named: "aria-describedby", value: errorsContain(errorKey) ? "\(errorKey)-error" : nil)),
                   .text(" " + (kind.required ? context.t("위 내용을 읽었고 동의합니다 (필수)", "I have read this and agree (required)")
                                              : context.t("위 내용에 동의합니다 (선택, 동의하지 않아도 가입할 수 있습니다)", "I agree (optional; you can join without it)")))),
            .unwrap(errors[errorKey]) { .p(.class("field-error"), .id("\(errorKey)-error"), .text(context.t($0))) }
        )
    }

    func errorsContain(_ key: String) -> Bool { errors[key] != nil }
}

/// The same answer whether the address is new, already registered, or unknown.
struct SignupSentPage: Page {
    /// nil when the request was refused for too many attempts.
    let email: String?

    func title(_ context: PageContext) -> String { context.t("인증 메일을 확인하세요", "Check your mailbox") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("card narrow"),
            .h1(.text(title(context))),
            .unwrap(email, { email in
                .group(
                    .p(.id("signup-sent"), .attribute(named: "role", value: "status"),
                       .text(context.t("\(email)(으)로 메일을 보냈습니다. 메일의 링크를 열어 인증을 마치면 로그인할 수 있습니다. 링크는 24시간 동안 한 번 쓸 수 있습니다.",
                                       "A mail is on its way to \(email). Open its link to finish; then you can sign in. The link works once within 24 hours."))),
                    .p(.class("hint"), .text(context.t("메일이 오지 않으면 스팸함을 확인하거나 아래에서 다시 받으세요. 이미 가입한 주소라면 로그인 안내 메일이 갑니다.",
                                                       "No mail? Check your spam folder or ask again below. If the address already has an account, the mail tells you how to sign in."))),
                    ResendForm.node(email: email, context: context)
                )
            }, else: .p(.class("form-error"), .attribute(named: "role", value: "alert"),
                        .text(context.t("요청이 너무 많습니다. 한 시간 뒤에 다시 시도하세요.", "Too many requests. Try again in an hour."))))
        )
    }
}

/// "인증 메일 다시 받기".
enum ResendForm {
    static func node(email: String, context: PageContext) -> Node<HTML.BodyContext> {
        .form(
            .id("resend-form"), .action(SiteURL.signupResend.path), .method(.post),
            FormKit.csrf(context),
            .input(.type(.hidden), .name("email"), .value(email)),
            .button(.type(.submit), .class("button secondary"), .text(context.t("인증 메일 다시 받기", "Send the verification mail again")))
        )
    }
}

/// The link's page: a button spends it, so mail scanners that only open links spend nothing.
struct VerifyEmailPage: Page {
    let token: String
    let name: String
    let email: String

    func title(_ context: PageContext) -> String { context.t("이메일 인증", "Verify your e-mail") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("card narrow"),
            .h1(.text(title(context))),
            .p(.text(context.t("\(name)님의 계정 (\(email))을 인증합니다.", "You are verifying the account of \(name) (\(email))."))),
            .p(.class("hint"), .text(context.t("가입한 적이 없다면 이 페이지를 닫으세요.", "If you did not sign up, close this page."))),
            .form(.id("verify-form"), .action(SiteURL.signupVerify(token: token).path), .method(.post), FormKit.csrf(context),
                  FormKit.submit(context.t("인증 완료", "Verify")))
        )
    }
}

struct VerificationRefusedPage: Page {
    let refusal: VerificationRefusal

    func title(_ context: PageContext) -> String { context.t("이메일 인증", "Verify your e-mail") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("card narrow"),
            .h1(.text(title(context))),
            .p(.class("form-error"), .attribute(named: "role", value: "alert"), .text(context.t(refusal.message))),
            .if(refusal == .expired, .form(
                .action(SiteURL.signupResend.path), .method(.post), FormKit.csrf(context),
                FormKit.text("email", label: context.t("가입한 이메일", "The e-mail you signed up with"), value: "", errors: FieldErrors(), context: context,
                             type: .email, required: true, autocomplete: "email"),
                FormKit.submit(context.t("인증 메일 다시 받기", "Send the verification mail again"))
            )),
            .p(.a(.href(SiteURL.login(next: nil).path), .text(context.t("로그인", "Sign in"))))
        )
    }
}

/// `/legal/:kind`: the current text (or an earlier version) and the list of versions.
struct LegalDocumentPage: Page {
    let document: LegalText
    let versions: [(Int, Date)]

    func title(_ context: PageContext) -> String { context.t(document.kind.label) }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .article(
            .class("card"),
            .h1(.text(title(context))),
            .p(.class("hint"), .text(context.t("\(document.version)판 · \(SeoulTime.dateTime(document.publishedAt)) 게시",
                                               "Version \(document.version) · published \(SeoulTime.dateTime(document.publishedAt))"))),
            .div(.class("legal-body"), .text(context.t(document.body))),
            .if(versions.count > 1, .group(
                .h2(.text(context.t("이전 판", "Earlier versions"))),
                .ul(.forEach(versions) { version, date in
                    .li(.a(.href(SiteURL.legal(document.kind, version: version).path),
                           .text(context.t("\(version)판 (\(SeoulTime.date(date)))", "Version \(version) (\(SeoulTime.date(date)))"))))
                })
            ))
        )
    }
}

/// `/admin/legal`: platform operators publish new versions of each text.
struct LegalAdminPage: Page {
    let documents: [LegalDocumentKind: LegalText]
    let errors: FieldErrors
    /// Texts as typed, for a form that was refused.
    let drafts: [LegalDocumentKind: (String, String)]

    func title(_ context: PageContext) -> String { context.t("약관·동의서 관리", "Terms and consents") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .h1(.text(title(context))),
            .p(.class("hint"), .text(context.t("게시하면 새 판이 됩니다. 이전 판은 바뀌지 않고, 이미 받은 동의는 그 판을 가리킵니다. 새 가입자는 새 판에 동의합니다.",
                                               "Publishing makes a new version. Earlier versions stay unchanged and every consent given points at its version; new members agree to the new one."))),
            .forEach(LegalDocumentKind.allCases) { kind in
                let current = documents[kind]
                let draft = drafts[kind]
                return .section(
                    .class("card"), .id("legal-\(kind.rawValue)"),
                    .h2(.text(context.t(kind.label) + (current.map { " · " + context.t("현재 \($0.version)판", "now version \($0.version)") } ?? ""))),
                    .p(.a(.href(SiteURL.legal(kind, version: nil).path), .text(context.t("게시된 글 보기", "See the published text")))),
                    .form(
                        .action(SiteURL.legalPublish(kind).path), .method(.post),
                        FormKit.csrf(context),
                        .input(.type(.hidden), .name("basedOn"), .value(String(current?.version ?? 0))),
                        textarea("bodyKo", kind: kind, label: context.t("한국어 본문", "Korean text"), value: draft?.0 ?? current?.bodyKo ?? "", context: context),
                        textarea("bodyEn", kind: kind, label: context.t("영어 본문", "English text"), value: draft?.1 ?? current?.bodyEn ?? "", context: context),
                        .div(.class("actions"), .button(.type(.submit), .class("primary"),
                                                        .attribute(named: "data-confirm", value: context.t("새 판으로 게시할까요? 게시한 판은 고칠 수 없습니다.",
                                                                                                           "Publish as a new version? A published version cannot be changed.")),
                                                        .text(context.t("새 판 게시", "Publish a new version"))))
                    )
                )
            }
        )
    }

    func textarea(_ name: String, kind: LegalDocumentKind, label: String, value: String, context: PageContext) -> Node<HTML.FormContext> {
        let id = "\(name)-\(kind.rawValue)"
        return .div(
            .class(errors[id] == nil ? "field" : "field has-error"),
            .label(.for(id), .text(label)),
            .textarea(.id(id), .name(name), .rows(12), .attribute(named: "aria-invalid", value: errors[id] != nil ? "true" : nil),
                      .attribute(named: "aria-describedby", value: errors[id] != nil ? "\(id)-error" : nil), .text(value)),
            .unwrap(errors[id]) { .p(.class("field-error"), .id("\(id)-error"), .text(context.t($0))) }
        )
    }
}
