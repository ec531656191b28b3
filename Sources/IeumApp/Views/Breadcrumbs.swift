import Foundation
import IeumCore
import Plot

/// Where a detail or form page sits (issue 17, item 7): 홈 › 수요 › <need title> › 지원서.
/// A page passes its trail without the home crumb; the last crumb is the page itself and no link.
struct Crumb: Sendable, Equatable {
    let label: String
    let href: String?

    init(_ label: String, _ href: String? = nil) {
        self.label = label
        self.href = href
    }
}

enum Breadcrumbs {
    static func node(_ trail: [Crumb], _ context: PageContext) -> Node<HTML.BodyContext> {
        let all = [Crumb(context.t("홈", "Home"), SiteURL.home.path)] + trail
        return .nav(
            .class("breadcrumbs"),
            .attribute(named: "aria-label", value: context.t("현재 위치", "Breadcrumb")),
            .ol(.forEach(Array(all.enumerated())) { index, crumb in
                let last = index == all.count - 1
                return .li(
                    .if(last || crumb.href == nil,
                        .span(.if(last, .attribute(named: "aria-current", value: "page")), .text(crumb.label)),
                        else: .a(.href(crumb.href ?? ""), .text(crumb.label)))
                )
            })
        )
    }
}
