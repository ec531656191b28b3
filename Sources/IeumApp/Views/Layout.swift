import Foundation
import IeumCore
import Plot
import Vapor

/// A page of the site: a title and a body, rendered inside the common layout.
protocol Page {
    func title(_ context: PageContext) -> String
    func content(_ context: PageContext) -> Node<HTML.BodyContext>
}

extension Page {
    func render(in context: PageContext) -> String {
        Layout.document(title: title(context), context: context, content: content(context)).render()
    }

    func response(_ request: Request, status: HTTPResponseStatus = .ok) -> Response {
        let html = render(in: PageContext(request: request))
        let response = Response(status: status, body: .init(string: html))
        response.headers.contentType = .html
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

enum Layout {
    static func document(title: String, context: PageContext, content: Node<HTML.BodyContext>) -> HTML {
        HTML(
            .attribute(named: "lang", value: context.language.rawValue),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Plot's .title would copy the text unescaped into og:title / twitter:title attributes.
                .element(named: "title", text: "\(title) · \(context.t("이음", "Ieum"))"),
                .link(.rel(.stylesheet), .href(SiteURL.stylesheet.path)),
                .script(.src(SiteURL.script.path), .attribute(named: "defer", value: "defer"))
            ),
            .body(
                .a(.class("skip-link"), .href("#main"), .text(context.t("본문 바로가기", "Skip to content"))),
                header(context),
                .main(
                .link(.rel(.icon), .href(SiteURL.favicon.path), .type("image/svg+xml")),
                    .id("main"),
                    .attribute(named: "tabindex", value: "-1"),
                    .unwrap(context.flash) { .div(.class("flash"), .attribute(named: "role", value: "status"), .text($0)) },
                    content
                ),
                .footer(
                    .class("site-footer"),
                    .p(.text(context.t("이음 — 개방형 혁신 프로그램 운영 플랫폼", "Ieum — the open innovation program platform"))),
                    .p(.a(.href(SiteURL.legal(.terms, version: nil).path), .text(context.t("이용약관", "Terms of use"))),
                       .text(" · "),
                       .a(.href(SiteURL.legal(.privacy, version: nil).path), .strong(.text(context.t("개인정보 처리방침", "Privacy policy")))))
                )
            )
        )
    }

    static func header(_ context: PageContext) -> Node<HTML.BodyContext> {
        var links: [(String, String)] = [(SiteURL.calls(query: nil).path, context.t("공모·수요과제", "Calls & needs"))]
        if let actor = context.actor {
            links.insert((SiteURL.home.path, context.t("내 업무", "My work")), at: 0)
            links.insert((SiteURL.dashboard.path, context.t("지원·과제 현황", "Applications & needs")), at: 1)
            links.append((SiteURL.organizations(query: nil).path, context.t("기관 목록", "Registry")))
            links.append((SiteURL.collaborations(query: nil).path, context.t("협업", "Collaborations")))
            links.append((SiteURL.meetingEvents.path, context.t("상담회", "Meetings")))
            links.append((SiteURL.networks.path, context.t("네트워크", "Networks")))
            links.append((SiteURL.inbox.path, context.t("알림", "Inbox") + (context.unread > 0 ? " (\(context.unread))" : "")))
            if actor.isJudge {
                links.append((SiteURL.rounds.path, context.t("심사", "Judging")))
            }
            if actor.isOperator {
                links.append((SiteURL.programs.path, context.t("사업 관리", "Programs")))
                links.append((SiteURL.kpi(program: nil).path, context.t("성과지표", "KPIs")))
                links.append((SiteURL.rounds.path, context.t("평가", "Evaluations")))
                links.append((SiteURL.experts(query: nil).path, context.t("전문가", "Experts")))
                links.append((SiteURL.grievances.path, context.t("규제·애로", "Grievances")))
                links.append((SiteURL.approvals.path, context.t("승인 대기", "Approvals")))
                links.append((SiteURL.importUpload.path, context.t("가져오기", "Import")))
                links.append((SiteURL.taxonomy.path, context.t("분류 관리", "Taxonomy")))
                if RegistryPolicy.can(actor, .manageUsers) { links.append((SiteURL.users.path, context.t("사용자", "Users"))) }
                links.append((SiteURL.auditLog(page: 1).path, context.t("감사 로그", "Audit log")))
            }
            links.append((SiteURL.account.path, context.t("내 계정", "My account")))
        }
        if !(context.actor?.isOperator ?? false) {
            // Anyone may raise a regulatory or business difficulty, signed in or not.
            links.append((SiteURL.grievanceNew.path, context.t("규제·애로 신고", "Report a difficulty")))
        }
        return .header(
            .class("site-header"),
            .a(.class("brand"), .href(SiteURL.home.path), .text(context.t("이음", "Ieum")),
               .span(.class("brand-sub"), .text(context.t(" 개방형 혁신", " Open innovation")))),
            .nav(
                .attribute(named: "aria-label", value: context.t("주 메뉴", "Main menu")),
                .ul(.forEach(links) { link in
                    .li(.a(.href(link.0), .text(link.1),
                           .if(link.0 == "/" ? context.path == "/" : context.path.hasPrefix(link.0.split(separator: "?").first.map(String.init) ?? link.0),
                               .attribute(named: "aria-current", value: "page"))))
                })
            ),
            .div(
                .class("header-tools"),
                .a(.class("lang-switch"), .href(context.otherLanguageLink),
                   .attribute(named: "hreflang", value: context.language == .ko ? "en" : "ko"),
                   .text(context.language == .ko ? "English" : "한국어")),
                .if(context.actor != nil,
                    .form(
                        .class("inline"), .action(SiteURL.logout.path), .method(.post),
                        .input(.type(.hidden), .name(CSRFMiddleware.fieldName), .value(context.csrfToken)),
                        .button(.type(.submit), .class("link-button"), .text(context.t("로그아웃", "Sign out")))
                    ),
                    else: .group(.a(.href(SiteURL.login(next: nil).path), .text(context.t("로그인", "Sign in"))),
                                 .text(" "),
                                 .a(.class("button"), .href(SiteURL.signup(invitation: nil).path), .text(context.t("회원가입", "Sign up"))))
                )
            )
        )
    }
}

/// An error page with a message in the reader's language.
struct ErrorPage: Page {
    let status: HTTPResponseStatus
    let message: Localized

    func title(_ context: PageContext) -> String { "\(status.code) \(context.t(message))" }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("card error-page"),
            .h1(.text("\(status.code)")),
            .p(.class("lead"), .text(context.t(message))),
            .p(.a(.href(SiteURL.home.path), .text(context.t("처음으로", "Back to start"))))
        )
    }
}
