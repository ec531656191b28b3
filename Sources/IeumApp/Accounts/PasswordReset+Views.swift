import Foundation
import IeumCore
import Plot
import Vapor

/// "비밀번호 찾기": the e-mail form, and after a request the same notice whatever the e-mail was.
struct ForgotPasswordPage: Page {
    let email: String
    let errors: FieldErrors
    /// The answer to a request (sent, or too many), shown above an empty form.
    let notice: Localized?

    func title(_ context: PageContext) -> String { context.t("비밀번호 찾기", "Forgot password") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("card narrow"),
            .h1(.text(title(context))),
            .unwrap(notice) { .div(.class("flash"), .attribute(named: "role", value: "status"), .text(context.t($0))) },
            .p(.class("hint"), .text(context.t("가입한 이메일 주소를 입력하면 비밀번호를 다시 설정할 수 있는 링크를 보내 드립니다.",
                                               "Enter the e-mail address of your account and we will send a link to set a new password."))),
            .form(
                .action(SiteURL.passwordForgot.path), .method(.post),
                FormKit.csrf(context),
                FormKit.text("email", label: context.t("이메일", "E-mail"), value: email, errors: errors, context: context, type: .email, required: true, autocomplete: "username"),
                FormKit.submit(context.t("재설정 링크 받기", "Send the link"))
            ),
            .p(.a(.href(SiteURL.login(next: nil).path), .text(context.t("로그인으로 돌아가기", "Back to sign in"))))
        )
    }
}

/// The new password, reached by the mailed link.
struct ResetPasswordPage: Page {
    let token: String
    let errors: FieldErrors

    func title(_ context: PageContext) -> String { context.t("새 비밀번호 설정", "Set a new password") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("card narrow"),
            .h1(.text(title(context))),
            .form(
                .action(SiteURL.passwordReset(token: token).path), .method(.post),
                FormKit.csrf(context),
                FormKit.text("newPassword", label: context.t("새 비밀번호", "New password"), value: "", errors: errors, context: context, type: .password, required: true,
                             hint: context.t("10자 이상. 이메일 주소나 흔한 비밀번호는 쓸 수 없습니다. 긴 문장도 좋습니다.",
                                             "At least 10 characters, not your e-mail or a common password. A long sentence works well."),
                             autocomplete: "new-password"),
                FormKit.text("confirmPassword", label: context.t("새 비밀번호 확인", "Confirm the new password"), value: "", errors: errors, context: context, type: .password,
                             required: true, autocomplete: "new-password"),
                FormKit.submit(context.t("비밀번호 바꾸기", "Change the password"))
            )
        )
    }
}

/// An unknown, used or expired link: what happened and where to ask for a new one.
struct ResetLinkRefusedPage: Page {
    let refusal: ResetLinkRefusal

    func title(_ context: PageContext) -> String { context.t("비밀번호 재설정 링크", "Password reset link") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("card narrow"),
            .h1(.text(title(context))),
            .p(.class("form-error"), .attribute(named: "role", value: "alert"), .text(context.t(refusal.message))),
            .p(.a(.href(SiteURL.passwordForgot.path), .text(context.t("새 링크 요청하기", "Ask for a new link"))))
        )
    }
}
