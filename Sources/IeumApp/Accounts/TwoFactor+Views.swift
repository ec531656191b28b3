import Foundation
import IeumCore
import Plot
import Vapor

/// The second step of signing in: the authenticator's code, or a recovery code.
struct SignInCodePage: Page {
    let message: Localized?

    func title(_ context: PageContext) -> String { context.t("2단계 인증", "Two-factor sign-in") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("card narrow"),
            .h1(.text(title(context))),
            .unwrap(message) { .p(.class("form-error"), .attribute(named: "role", value: "alert"), .text(context.t($0))) },
            .p(.text(context.t("비밀번호를 확인했습니다. 인증 앱(Google Authenticator, Microsoft Authenticator 등)에 보이는 6자리 코드를 입력하세요.",
                               "Your password is right. Enter the 6-digit code your authenticator app (Google Authenticator, Microsoft Authenticator …) shows."))),
            .form(
                .action(SiteURL.signInCode.path), .method(.post),
                FormKit.csrf(context),
                TwoFactorViews.codeField(label: context.t("인증 코드", "Code"), errors: FieldErrors(), context: context,
                                         hint: context.t("휴대폰을 잃어버렸다면 복구 코드(예: 7kq2m-x9fdh)를 입력하세요. 복구 코드는 한 번씩만 쓸 수 있습니다.",
                                                         "Lost your phone? Enter a recovery code (like 7kq2m-x9fdh) instead. Each recovery code works once.")),
                FormKit.submit(context.t("확인", "Verify"))
            ),
            .p(.class("hint"), .text(context.t("5분 안에 입력하지 않으면 처음부터 다시 로그인해야 합니다. 복구 코드도 잃어버렸다면 운영기관에 2단계 인증 해제를 요청하세요.",
                                               "Enter it within five minutes, or sign in again from the start. If you lost your recovery codes too, ask the operating agency to turn two-factor sign-in off."))),
            .p(.a(.href(SiteURL.login(next: nil).path), .text(context.t("다른 계정으로 로그인", "Sign in with another account"))))
        )
    }
}

/// Setting it up: the key to add to the app (by its address, or typed by hand), then a code.
struct TwoFactorSetupPage: Page {
    let email: String
    /// The pending secret, base32.
    let secret: String
    let errors: FieldErrors
    /// Shown to an operator whom the deployment requires to use it.
    var required = false

    func title(_ context: PageContext) -> String { context.t("2단계 인증 설정", "Set up two-factor sign-in") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let uri = OneTimePassword.provisioningURI(secret: Base32.decode(secret) ?? [], account: email, issuer: TwoFactor.issuer)
        return .section(
            .class("card narrow"), .id("two-factor-setup"),
            .h1(.text(title(context))),
            .if(required, .p(.class("form-error"), .attribute(named: "role", value: "alert"), .text(context.t(OperatorTwoFactorMiddleware.notice)))),
            .p(.text(context.t("로그인할 때 비밀번호와 함께 휴대폰 인증 앱의 6자리 코드를 입력하게 됩니다. 비밀번호가 유출되어도 계정을 지킬 수 있습니다.",
                               "When you sign in you will enter a 6-digit code from your phone's authenticator app as well as your password, so a leaked password alone cannot open your account."))),
            .ol(
                .li(.text(context.t("휴대폰에 인증 앱(Google Authenticator, Microsoft Authenticator 등)을 설치합니다.",
                                    "Install an authenticator app on your phone (Google Authenticator, Microsoft Authenticator …)."))),
                .li(
                    .text(context.t("앱에서 '설정 키 입력'(수동 입력)을 고르고 아래 키를 입력합니다. 종류는 '시간 기준'입니다.",
                                    "In the app choose 'Enter a setup key' (manual entry) and type the key below; the type is 'time based'.")),
                    .dl(
                        .dt(.text(context.t("계정", "Account"))), .dd(.text("\(TwoFactor.issuer):\(email)")),
                        .dt(.text(context.t("키", "Key"))), .dd(.code(.id("two-factor-secret"), .text(OneTimePassword.grouped(secret))))
                    ),
                    .p(.class("hint"), .text(context.t("이 휴대폰에서 보고 있다면 아래 주소를 눌러 앱에 바로 추가할 수 있습니다.",
                                                       "On the phone itself, you can open this address to add the key to the app directly."))),
                    .p(.a(.href(uri), .id("two-factor-uri"), .text(uri)))
                ),
                .li(.text(context.t("앱에 보이는 6자리 코드를 입력해 확인합니다. 확인하기 전에는 켜지지 않습니다.",
                                    "Type the 6-digit code the app shows to confirm. Nothing changes until you do.")))
            ),
            .form(
                .action(SiteURL.twoFactor.path), .method(.post),
                FormKit.csrf(context),
                TwoFactorViews.codeField(label: context.t("6자리 코드", "6-digit code"), errors: errors, context: context, hint: nil),
                FormKit.submit(context.t("확인하고 켜기", "Confirm and turn on"))
            ),
            .p(.a(.href(SiteURL.account.path), .text(context.t("내 계정으로 돌아가기", "Back to my account"))))
        )
    }
}

/// While it is on: when it was turned on, recovery codes left, new codes, turning it off.
struct TwoFactorManagePage: Page {
    let summary: TwoFactorSummary
    let errors: FieldErrors

    func title(_ context: PageContext) -> String { context.t("2단계 인증", "Two-factor sign-in") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("card narrow"), .id("two-factor"),
            .h1(.text(title(context))),
            TwoFactorViews.status(summary, context),
            .p(.class("hint"), .text(context.t("새 복구 코드를 받거나 2단계 인증을 끄려면 현재 비밀번호와 인증 코드(또는 복구 코드)를 입력하세요.",
                                               "To get new recovery codes or turn two-factor sign-in off, enter your current password and a code (or a recovery code)."))),
            .form(
                .id("two-factor-confirm"), .method(.post), .action(SiteURL.twoFactorRecoveryCodes.path),
                FormKit.csrf(context),
                FormKit.text("currentPassword", label: context.t("현재 비밀번호", "Current password"), value: "", errors: errors, context: context,
                             type: .password, required: true, autocomplete: "current-password"),
                TwoFactorViews.codeField(label: context.t("인증 코드 또는 복구 코드", "Code or recovery code"), errors: errors, context: context, hint: nil),
                .div(
                    .class("actions"),
                    .button(.type(.submit), .class("primary"), .text(context.t("새 복구 코드 받기", "Get new recovery codes"))),
                    .button(.type(.submit), .class("danger"), .attribute(named: "formaction", value: SiteURL.twoFactorDisable.path),
                            .attribute(named: "data-confirm", value: context.t("2단계 인증을 끌까요? 비밀번호만으로 로그인하게 됩니다.", "Turn two-factor sign-in off? You will sign in with your password alone.")),
                            .text(context.t("2단계 인증 끄기", "Turn off")))
                )
            ),
            .p(.a(.href(SiteURL.account.path), .text(context.t("내 계정으로 돌아가기", "Back to my account"))))
        )
    }
}

/// Ten recovery codes, shown this once.
struct RecoveryCodesPage: Page {
    let codes: [String]
    let justEnabled: Bool

    func title(_ context: PageContext) -> String { context.t("복구 코드", "Recovery codes") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("card narrow"), .id("recovery-codes"),
            .h1(.text(title(context))),
            .div(.class("flash"), .attribute(named: "role", value: "status"),
                 .text(justEnabled ? context.t("2단계 인증을 켰습니다.", "Two-factor sign-in is on.")
                                   : context.t("새 복구 코드를 만들었습니다. 이전 복구 코드는 더 이상 쓸 수 없습니다.", "New recovery codes were made; the earlier ones no longer work."))),
            .p(.text(context.t("휴대폰을 잃어버렸을 때 인증 코드 대신 쓸 수 있는 코드입니다. 각각 한 번만 쓸 수 있고, 이 화면을 떠나면 다시 볼 수 없습니다. 지금 인쇄하거나 안전한 곳에 적어 두세요.",
                               "Use these instead of a code if you lose your phone. Each works once, and they cannot be shown again once you leave this page: print them or write them down somewhere safe now."))),
            .ul(.class("recovery-codes"), .forEach(codes) { .li(.code(.text($0))) }),
            .p(.a(.class("button"), .href(SiteURL.account.path), .text(context.t("저장했습니다 — 내 계정으로", "Saved them — back to my account"))))
        )
    }
}

enum TwoFactorViews {
    /// The card on the account page.
    static func accountCard(_ summary: TwoFactorSummary, _ context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("card"), .id("two-factor"),
            .h2(.text(context.t("2단계 인증", "Two-factor sign-in"))),
            status(summary, context),
            .p(.a(.class("button secondary"), .href(SiteURL.twoFactor.path),
                  .text(summary.isEnabled ? context.t("관리", "Manage") : context.t("2단계 인증 켜기", "Turn on two-factor sign-in"))))
        )
    }

    static func status(_ summary: TwoFactorSummary, _ context: PageContext) -> Node<HTML.BodyContext> {
        guard let enabledAt = summary.enabledAt else {
            return .p(.text(context.t("꺼져 있습니다. 켜면 로그인할 때 비밀번호와 함께 휴대폰 인증 앱의 코드를 입력합니다.",
                                      "Off. Turned on, signing in asks for a code from an authenticator app on your phone as well as your password.")))
        }
        return .group(
            .p(.strong(.text(context.t("켜져 있습니다", "On"))), .text(" · " + context.t("설정: ", "since ") + SeoulTime.dateTime(enabledAt))),
            .p(.class(summary.recoveryCodesLeft <= 3 ? "form-error" : "hint"),
               .text(context.t("남은 복구 코드: \(summary.recoveryCodesLeft)개", "Recovery codes left: \(summary.recoveryCodesLeft)")))
        )
    }

    static func codeField(label: String, errors: FieldErrors, context: PageContext, hint: String?) -> Node<HTML.FormContext> {
        .div(
            .class(errors["code"] == nil ? "field" : "field has-error"),
            .label(.for("code"), .text(label)),
            .unwrap(hint) { .p(.class("hint"), .id("code-hint"), .text($0)) },
            .input(
                .type(.text), .id("code"), .name("code"), .value(""), .required(true),
                .attribute(named: "inputmode", value: "text"), .attribute(named: "autocomplete", value: "one-time-code"),
                .attribute(named: "autocapitalize", value: "off"), .attribute(named: "spellcheck", value: "false"),
                .attribute(named: "maxlength", value: "20"),
                .attribute(named: "aria-invalid", value: errors["code"] != nil ? "true" : nil),
                FormKit.describedBy("code", errors, hint: hint != nil)
            ),
            FormKit.error("code", errors, context)
        )
    }
}
