import Foundation
import IeumCore
import Plot

/// The account page's card: download one's data, or leave.
enum PersonalDataCard {
    static func node(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("card"), .id("personal-data"),
            .h2(.text(context.t("내 정보", "Your data"))),
            .p(.text(context.t("이음이 보관하는 내 정보(계정, 소속, 동의, 지원서, 평가표, 알림, 메일, 감사 기록, 로그인 기록)를 JSON 파일로 묶은 ZIP으로 내려받습니다. 비밀번호와 토큰은 들어 있지 않습니다.",
                               "Download everything Ieum holds about you (account, organisations, consents, applications, score sheets, notifications, e-mails, audit entries, sign-ins) as JSON files in a ZIP. No password or token is in it."))),
            .form(
                .action(SiteURL.accountExport.path), .method(.post),
                FormKit.csrf(context),
                FormKit.submit(context.t("내 정보 내려받기", "Download your data"))
            ),
            .h3(.text(context.t("회원 탈퇴", "Delete your account"))),
            .p(.text(context.t("탈퇴하면 개인정보가 지워지고 다시 로그인할 수 없습니다. 심사·민원처럼 감사에 필요한 기록은 가명으로 남습니다.",
                               "Deleting your account erases your personal data and you cannot sign in again. Records that audits need, such as judging and grievances, stay under a pseudonym."))),
            .p(.a(.class("button secondary"), .href(SiteURL.accountDelete.path), .text(context.t("회원 탈퇴", "Delete your account"))))
        )
    }
}

/// "회원 탈퇴": what goes, what stays pseudonymised, then the password and an explicit tick.
struct AccountDeletionPage: Page {
    let errors: FieldErrors
    /// Why the account cannot be deleted now (the last admin of an organisation …).
    let refusal: Localized?

    func title(_ context: PageContext) -> String { context.t("회원 탈퇴", "Delete your account") }

    static let deleted: [Localized] = [
        Localized("이름, 이메일, 전화번호, 직함, 메일 언어, 비밀번호", "Your name, e-mail, phone, title, language of e-mails and password"),
        Localized("로그인 세션, API 토큰, 로그인 시도 기록, 비밀번호 재설정 링크, 2단계 인증 설정", "Your sessions, API tokens, sign-in attempts, password reset links and two-factor settings"),
        Localized("기관 소속과 동의 내역", "Your organisation memberships and consents"),
        Localized("받은 알림과 나에게 보낸 메일(보내기 전 메일 포함)", "Your notifications and the e-mails sent or waiting to be sent to you"),
        Localized("전문가 프로필의 소속·경력과 아직 열리지 않은 행사 신청", "The affiliations of your expert profile and your registrations for events still to come"),
    ]

    static let kept: [Localized] = [
        Localized("심사위원으로 작성한 평가표: 평가 결과를 감사할 수 있도록 '탈퇴한 회원 #…' 이름으로 남습니다.", "Score sheets you wrote as a judge stay, under '탈퇴한 회원 #…', so the round's results can be audited."),
        Localized("접수한 규제·애로와 처리 이력: 처리 기록으로 남지만 연락 이메일과 접속 주소는 지웁니다.", "Grievances and their history stay as the desk's record, without your contact e-mail and address."),
        Localized("기관의 지원서, 수요과제, 협업, 비밀유지 서약: 기관의 기록이라 남고 작성자는 가명으로 표시됩니다.", "Applications, needs, collaborations and pledges belong to the organisations and stay; you are shown by the pseudonym."),
        Localized("감사 로그: 내 이름과 이메일은 가명으로 바뀝니다.", "The audit log: your name and e-mail in it are replaced by the pseudonym."),
    ]

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("card narrow"),
            .h1(.text(title(context))),
            .unwrap(refusal) { .p(.class("form-error"), .attribute(named: "role", value: "alert"), .text(context.t($0))) },
            .p(.text(context.t("탈퇴는 되돌릴 수 없습니다. 먼저 내 정보를 내려받아 두세요.", "This cannot be undone. Download your data first if you want to keep it."))),
            .p(.a(.href(SiteURL.account.path(anchor: "personal-data")), .text(context.t("내 정보 내려받기", "Download your data")))),
            .h2(.text(context.t("지우는 것", "What is erased"))),
            .ul(.forEach(Self.deleted) { .li(.text(context.t($0))) }),
            .h2(.text(context.t("가명으로 남기는 것", "What stays, pseudonymised"))),
            .ul(.forEach(Self.kept) { .li(.text(context.t($0))) }),
            .form(
                .action(SiteURL.accountDelete.path), .method(.post),
                FormKit.csrf(context),
                FormKit.text("currentPassword", label: context.t("현재 비밀번호", "Current password"), value: "", errors: errors, context: context,
                             type: .password, required: true, autocomplete: "current-password"),
                .div(
                    .class(errors["confirm"] == nil ? "field" : "field has-error"),
                    .label(.class("checkbox"),
                           .input(.type(.checkbox), .name("confirm"), .value("1"), .id("confirm"),
                                  .attribute(named: "aria-describedby", value: errors["confirm"] == nil ? nil : "confirm-error")),
                           .text(" " + context.t("위 내용을 읽었고, 계정과 개인정보를 삭제합니다.", "I have read the above and delete my account and personal data."))),
                    FormKit.error("confirm", errors, context)
                ),
                .div(.class("actions"), .button(.type(.submit), .class("danger"), .text(context.t("회원 탈퇴", "Delete my account"))))
            )
        )
    }
}
