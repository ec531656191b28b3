import Foundation
import IeumCore
import Plot
import Vapor

/// A page of the site: a title and a body, rendered inside the common layout.
protocol Page {
    func title(_ context: PageContext) -> String
    func content(_ context: PageContext) -> Node<HTML.BodyContext>
    /// Where a detail or form page sits, without the home crumb; list pages have none
    /// (see `Breadcrumbs+Pages.swift`).
    func breadcrumbs(_ context: PageContext) -> [Crumb]
}

extension Page {
    func breadcrumbs(_ context: PageContext) -> [Crumb] { [] }

    func render(in context: PageContext) -> String {
        Layout.document(title: title(context), context: context, content: content(context), trail: breadcrumbs(context)).render()
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
    static func document(title: String, context: PageContext, content: Node<HTML.BodyContext>, trail: [Crumb] = []) -> HTML {
        let menu = SiteMenu(context)
        return HTML(
            .attribute(named: "lang", value: context.language.rawValue),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Plot's .title would copy the text unescaped into og:title / twitter:title attributes.
                .element(named: "title", text: "\(title) · \(context.t("이음", "Ieum"))"),
                .link(.rel(.stylesheet), .href(SiteURL.stylesheet.path)),
                .link(.rel(.icon), .href(SiteURL.favicon.path), .type("image/svg+xml")),
                .script(.src(SiteURL.script.path), .attribute(named: "defer", value: "defer"))
            ),
            .body(
                .a(.class("skip-link"), .href("#main"), .text(context.t("본문 바로가기", "Skip to content"))),
                header(context, menu: menu),
                .div(
                    .class(context.actor == nil ? "shell" : "shell with-sidebar"),
                    .if(context.actor != nil,
                        .nav(.class("site-nav sidebar"), .attribute(named: "aria-label", value: context.t("주 메뉴", "Main menu")),
                             menu.node(context, idPrefix: "side"))),
                    .main(
                        .id("main"),
                        .attribute(named: "tabindex", value: "-1"),
                        .if(!trail.isEmpty, Breadcrumbs.node(trail, context)),
                        .unwrap(context.flash) { .div(.class("flash"), .attribute(named: "role", value: "status"), .text($0)) },
                        content
                    )
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

    static func header(_ context: PageContext, menu: SiteMenu) -> Node<HTML.BodyContext> {
        let here = menu.current(context.path)
        let section = menu.groups.first { group in here.map { group.items.contains($0) } ?? false }
        return .header(
            .class("site-header"),
            .a(.class("brand"), .href(SiteURL.home.path), .text(context.t("이음", "Ieum")),
               .span(.class("brand-sub"), .text(context.t(" 개방형 혁신", " Open innovation")))),
            .if(context.actor == nil,
                // A visitor's two links fit the header on any screen.
                .nav(.class("site-nav top-nav"), .attribute(named: "aria-label", value: context.t("주 메뉴", "Main menu")),
                     .ul(.forEach(menu.groups.flatMap(\.items)) { item in
                         .li(.a(.href(item.path), .text(item.label), .if(item == here, .attribute(named: "aria-current", value: "page"))))
                     })),
                else: .details(
                    // The phone's menu button; without JavaScript it opens and closes all the same.
                    .class("menu-toggle"),
                    .summary(.span(.class("menu-icon"), .attribute(named: "aria-hidden", value: "true"), .text("☰")),
                             .text(" " + context.t("메뉴", "Menu")),
                             .unwrap(section) { .span(.class("menu-section"), .text(" · " + $0.title)) }),
                    .nav(.class("site-nav"), .attribute(named: "aria-label", value: context.t("주 메뉴", "Main menu")),
                         menu.node(context, idPrefix: "phone"))
                )
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
