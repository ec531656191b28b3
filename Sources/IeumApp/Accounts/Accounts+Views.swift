import Foundation
import IeumCore
import Plot

struct LoginPage: Page {
    let email: String
    let next: String?
    let message: Localized?
    /// The address of an account that signed in rightly but is not verified: a resend form is shown.
    var unverifiedEmail: String? = nil

    func title(_ context: PageContext) -> String { context.t("로그인", "Sign in") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("card narrow"),
            .h1(.text(title(context))),
            .unwrap(message) { .p(.class("form-error"), .attribute(named: "role", value: "alert"), .text(context.t($0))) },
            .form(
                .action(SiteURL.login(next: nil).path), .method(.post),
                FormKit.csrf(context),
                .input(.type(.hidden), .name("next"), .value(next ?? "")),
                FormKit.text("email", label: context.t("이메일", "E-mail"), value: email, errors: FieldErrors(), context: context, type: .email, required: true, autocomplete: "username"),
                FormKit.text("password", label: context.t("비밀번호", "Password"), value: "", errors: FieldErrors(), context: context, type: .password, required: true, autocomplete: "current-password"),
                FormKit.submit(context.t("로그인", "Sign in"))
            ),
            .unwrap(unverifiedEmail) { ResendForm.node(email: $0, context: context) },
            .p(.a(.href(SiteURL.passwordForgot.path), .text(context.t("비밀번호 찾기", "Forgot your password?")))),
            .p(.text(context.t("처음이신가요? ", "New to Ieum? ")), .a(.id("signup-link"), .href(SiteURL.signup(invitation: nil).path), .text(context.t("회원가입", "Sign up"))))
        )
    }
}

struct AccountPage: Page {
    let model: AccountModel

    func title(_ context: PageContext) -> String { context.t("내 계정", "My account") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .h1(.text(title(context))),
            .section(
                .class("card"),
                .h2(.text(context.t("기본 정보", "Profile"))),
                .dl(
                    .dt(.text(context.t("이름", "Name"))), .dd(.text(model.actor.name)),
                    .dt(.text(context.t("이메일", "E-mail"))), .dd(.text(model.actor.email)),
                    .dt(.text(context.t("역할", "Role"))), .dd(.text(context.t(Labels.platformRole(model.actor.platformRole))))
                ),
                .form(
                    .class("inline-fields"), .id("mail-language"), .action(SiteURL.accountLanguage.path), .method(.post),
                    FormKit.csrf(context),
                    FormKit.select("language", label: context.t("메일 언어", "Language of e-mails"),
                                   options: [("ko", "한국어"), ("en", "English")], selected: model.mailLanguage.rawValue, errors: FieldErrors(), context: context),
                    FormKit.submit(context.t("저장", "Save"))
                ),
                .h3(.text(context.t("소속 기관", "Organisations"))),
                .if(model.organizations.isEmpty, .p(.text(context.t("소속 기관이 없습니다.", "You belong to no organisation.")))),
                .ul(.forEach(model.organizations) { org in
                    .li(.a(.href(SiteURL.organization(org.id).path), .text(org.name)), .text(" · " + context.t(Labels.membershipRole(org.role)) + " · "),
                        .a(.href(SiteURL.organizationMembers(org.id).path), .text(context.t("구성원", "Members"))),
                        .if(model.actingFor == org.id, .strong(.text(" · " + context.t("지금 이 기관으로 활동 중", "acting for it now")))))
                }),
                .p(.a(.href(SiteURL.organizationJoin(query: nil).path), .text(context.t("다른 기관에 가입 요청", "Ask to join another organisation"))),
                   .text(" · "), .a(.href(SiteURL.organizationNew.path), .text(context.t("새 기관 등록", "Register an organisation")))),
                .if(model.organizations.count > 1, .form(
                    .class("inline-fields"), .id("acting-for"), .action(SiteURL.accountOrganization.path), .method(.post),
                    FormKit.csrf(context),
                    FormKit.select("organizationID", label: context.t("활동할 기관", "Act for"),
                                   options: [("", context.t("모든 소속 기관", "All my organisations"))] + model.organizations.map { ($0.id.uuidString, $0.name) },
                                   selected: model.actingFor?.uuidString ?? "", errors: FieldErrors(), context: context),
                    FormKit.submit(context.t("바꾸기", "Switch"))
                )),
                .if(!model.consents.isEmpty, .group(
                    .h3(.text(context.t("동의 내역", "Consents"))),
                    .ul(.id("consents"), .forEach(model.consents) { consent in
                        .li(.a(.href(SiteURL.legal(consent.kind, version: consent.version).path),
                               .text(context.t(consent.kind.label) + " " + context.t("\(consent.version)판", "v\(consent.version)"))),
                            .text(" · " + (consent.accepted ? context.t("동의", "agreed") : context.t("동의하지 않음", "not agreed")) + " · " + SeoulTime.dateTime(consent.decidedAt)))
                    })
                ))
            ),
            .section(
                .class("card"),
                .h2(.text(context.t("비밀번호 변경", "Change password"))),
                .form(
                    .action(SiteURL.accountPassword.path), .method(.post),
                    FormKit.csrf(context),
                    FormKit.text("currentPassword", label: context.t("현재 비밀번호", "Current password"), value: "", errors: model.errors, context: context, type: .password, required: true, autocomplete: "current-password"),
                    FormKit.text("newPassword", label: context.t("새 비밀번호 (10자 이상)", "New password (10 characters or more)"), value: "", errors: model.errors, context: context, type: .password, required: true, autocomplete: "new-password"),
                    FormKit.text("confirmPassword", label: context.t("새 비밀번호 확인", "Confirm new password"), value: "", errors: model.errors, context: context, type: .password, required: true, autocomplete: "new-password"),
                    FormKit.submit(context.t("비밀번호 변경", "Change password"))
                )
            ),
            // Two-factor sign-in (issue 16, item 5): its card below.
            TwoFactorViews.accountCard(model.twoFactor, context),
            // Personal data export and 회원 탈퇴 (issue 16, item 6): its card below.
            PersonalDataCard.node(context),
            .section(
                .class("card"),
                .h2(.text(context.t("API 토큰", "API tokens"))),
                .p(.class("hint"), .text(context.t("API 요청에 Authorization: Bearer 헤더로 사용합니다. 토큰은 만들 때 한 번만 보입니다.", "Use with an Authorization: Bearer header on API requests. A token is shown only once, when it is made."))),
                .unwrap(model.newToken) { token in
                    .div(.class("flash"), .attribute(named: "role", value: "status"),
                         .p(.text(context.t("새 토큰 (지금 복사하세요):", "New token (copy it now):"))),
                         .code(.id("new-token"), .text(token)))
                },
                .if(!model.tokens.isEmpty, .div(.class("table-wrap"), .table(
                    .class("data"),
                    .thead(.tr(.th(.text(context.t("이름", "Name"))), .th(.text(context.t("앞자리", "Starts with"))), .th(.text(context.t("만든 때", "Created"))), .th(.text(context.t("마지막 사용", "Last used"))),
                               .th(.text(context.t("권한", "May"))), .th(.text(context.t("만료", "Expires"))), .th(.text(context.t("폐기", "Revoke"))))),
                    .tbody(.forEach(model.tokens) { token in
                        .tr(
                            .td(.text(token.name)), .td(.code(.text(token.prefix + "…"))),
                            .td(.text(token.createdAt.map(SeoulTime.dateTime) ?? "")),
                            .td(.text(token.lastUsedAt.map(SeoulTime.dateTime) ?? "—")),
                            .td(.text(context.t(token.scope.label))),
                            .td(.text(token.expiresAt.map(SeoulTime.dateTime) ?? context.t("만료됨", "Expired"))),
                            .td(.form(.class("inline"), .action(SiteURL.accountTokenDelete(token.id).path), .method(.post), FormKit.csrf(context),
                                      .button(.type(.submit), .class("danger"),
                                              .attribute(named: "data-confirm", value: context.t("토큰 ‘\(token.name)’을(를) 폐기할까요? 이 토큰을 쓰는 프로그램이 바로 멈춥니다.",
                                                                                                 "Revoke the token ‘\(token.name)’? Programs using it stop at once.")),
                                              .text(context.t("폐기", "Revoke")))))
                        )
                    })
                ))),
                .form(
                    .action(SiteURL.accountTokens.path), .method(.post),
                    FormKit.csrf(context),
                    FormKit.text("tokenName", label: context.t("토큰 이름", "Token name"), value: "", errors: model.errors, context: context, required: true),
                    FormKit.select("scope", label: context.t("권한", "May"), options: APITokenScope.allCases.map { ($0.rawValue, context.t($0.label)) },
                                   selected: APITokenScope.read.rawValue, errors: model.errors, context: context, required: true),
                    FormKit.select("days", label: context.t("유효 기간", "Lasts"), options: APITokens.lifetimes.map { (String($0), context.t("\($0)일", "\($0) days")) },
                                   selected: "90", errors: model.errors, context: context, required: true),
                    FormKit.submit(context.t("토큰 만들기", "Create token"))
                )
            )
        )
    }
}

struct UsersPage: Page {
    let model: UsersModel

    static var perPage: Int { UsersModel.perPage }

    func title(_ context: PageContext) -> String { context.t("사용자 관리", "Users") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .h1(.text(title(context))),
            .section(
                .class("card"),
                .h2(.text(context.t("사용자 만들기", "Create a user"))),
                .form(
                    .action(SiteURL.users.path), .method(.post),
                    FormKit.csrf(context),
                    FormKit.text("email", label: context.t("이메일", "E-mail"), value: model.input.email, errors: model.errors, context: context, type: .email, required: true),
                    FormKit.text("name", label: context.t("이름", "Name"), value: model.input.name, errors: model.errors, context: context, required: true),
                    FormKit.text("password", label: context.t("초기 비밀번호 (10자 이상)", "Initial password (10 characters or more)"), value: "", errors: model.errors, context: context, type: .password, required: true, autocomplete: "new-password"),
                    FormKit.select("platformRole", label: context.t("역할", "Role"),
                                   options: PlatformRole.allCases.map { ($0.rawValue, context.t(Labels.platformRole($0))) },
                                   selected: model.input.platformRole, errors: model.errors, context: context),
                    FormKit.text("organization", label: context.t("소속 기관 (사업자등록번호 또는 ID, 선택)", "Organisation (business number or id, optional)"), value: model.input.organization, errors: model.errors, context: context),
                    FormKit.select("membershipRole", label: context.t("기관 내 역할", "Role in the organisation"),
                                   options: MembershipRole.allCases.map { ($0.rawValue, context.t(Labels.membershipRole($0))) },
                                   selected: model.input.membershipRole, errors: model.errors, context: context),
                    FormKit.submit(context.t("만들기", "Create"))
                )
            ),
            .section(
                .class("card"),
                .h2(.text(context.t("사용자 목록", "All users"))),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text(context.t("이름", "Name"))), .th(.text(context.t("이메일", "E-mail"))), .th(.text(context.t("역할", "Role"))), .th(.text(context.t("소속", "Organisations"))),
                               .th(.text(context.t("계정 관리", "Account"))))),
                    .tbody(.forEach(model.users) { user in
                        .tr(.td(.text(user.name)), .td(.text(user.email)),
                            .td(.text(context.t(Labels.platformRole(user.platformRole)) + (user.active ? "" : context.t(" (비활성)", " (inactive)")))),
                            .td(.text(user.organizations.joined(separator: ", "))),
                            .td(accountActions(user, context)))
                    })
                )),
                Pagination.node(page: model.page, pageCount: model.pageCount, context: context) { SiteURL.usersPage($0).path }
            )
        )
    }

    /// What a platform operator does to one account: revoke its tokens, (de)activate it, mail a
    /// reset link, change its role. Each irreversible step asks first.
    func accountActions(_ user: UsersModel.UserRow, _ context: PageContext) -> Node<HTML.BodyContext> {
        let id = user.id
        let role: Node<HTML.BodyContext> = .form(
            .class("inline-form"), .action(SiteURL.userRole(id).path), .method(.post),
            FormKit.csrf(context),
            .select(.attribute(named: "name", value: "platformRole"), .attribute(named: "aria-label", value: context.t("\(user.name)의 역할", "Role of \(user.name)")),
                    .forEach(PlatformRole.allCases) { role in
                        FormKit.option(value: role.rawValue, label: context.t(Labels.platformRole(role)), selected: role == user.platformRole)
                    }),
            .button(.type(.submit), .class("button secondary"),
                    .attribute(named: "data-confirm", value: context.t("\(user.name)의 역할을 바꿀까요?", "Change the role of \(user.name)?")),
                    .text(context.t("역할 변경", "Change role"))))
        let tokens = FormKit.actionButton(SiteURL.userTokensRevoke(id).path, context.t("API 토큰 폐기", "Revoke API tokens"), context, secondary: true,
                                          confirm: context.t("이 사용자의 API 토큰을 모두 폐기할까요?", "Revoke every API token of this user?"))
        let active = FormKit.actionButton(SiteURL.userActive(id).path, user.active ? context.t("비활성화", "Deactivate") : context.t("활성화", "Activate"), context,
                                          secondary: true, hidden: [("active", user.active ? "0" : "1")],
                                          confirm: user.active ? context.t("계정을 비활성화하면 로그인과 API 토큰이 모두 끝납니다. 계속할까요?", "Deactivating ends every sign-in and API token of the account. Continue?") : nil)
        let reset: Node<HTML.BodyContext> = user.active
            ? FormKit.actionButton(SiteURL.userResetLink(id).path, context.t("재설정 링크 메일", "Mail a reset link"), context, secondary: true,
                                   confirm: context.t("\(user.email)(으)로 비밀번호 재설정 링크를 보낼까요?", "Mail a password reset link to \(user.email)?"))
            : .empty
        let twoFactor: Node<HTML.BodyContext> = model.twoFactorOn.contains(id)
            ? FormKit.actionButton(SiteURL.userTwoFactorDisable(id).path, context.t("2단계 인증 해제", "Turn off two-factor"), context, secondary: true,
                                   confirm: context.t("\(user.name)의 2단계 인증을 해제할까요? 휴대폰과 복구 코드를 모두 잃은 경우에만 하세요.",
                                                      "Turn off two-factor sign-in for \(user.name)? Do this only when they lost both their phone and recovery codes."))
            : .empty
        if user.deleted { return .span(.class("hint"), .text(context.t("탈퇴한 계정", "Deleted account"))) }
        return .group(tokens, active, reset, twoFactor, role)
    }
}

enum Labels {
    static func platformRole(_ role: PlatformRole) -> Localized {
        switch role {
        case .member: Localized("일반 회원", "Member")
        case .operator: Localized("운영자", "Operator")
        case .judge: Localized("심사위원·전문가", "Judge / expert")
        }
    }

    static func membershipRole(_ role: MembershipRole) -> Localized {
        switch role {
        case .admin: Localized("관리자", "Administrator")
        case .member: Localized("구성원", "Member")
        }
    }
}
