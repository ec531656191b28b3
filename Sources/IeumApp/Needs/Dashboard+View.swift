import Foundation
import IeumCore
import Plot

struct DashboardPage: Page {
    static let perSection = 20

    /// The dashboard's lists, each paged by its own query parameter.
    enum Section: String, CaseIterable {
        case applications, invitations, needs, awaiting
        var parameter: String { rawValue + "_page" }
        /// The section's element id on the page.
        var anchor: String {
            switch self {
            case .applications: "my-applications"
            case .invitations: "my-invitations"
            case .needs: "my-needs"
            case .awaiting: "awaiting-publication"
            }
        }
    }

    struct Data {
        var applications: [NeedApplication] = []
        var applicationPaging = Paging(page: 1, perPage: DashboardPage.perSection, total: 0)
        var invitations: [Invitation] = []
        var invitationPaging = Paging(page: 1, perPage: DashboardPage.perSection, total: 0)
        var needs: [Need] = []
        var needPaging = Paging(page: 1, perPage: DashboardPage.perSection, total: 0)
        var applicationCounts: [UUID: Int] = [:]
        var awaitingPublication: [Need] = []
        var awaitingPaging = Paging(page: 1, perPage: DashboardPage.perSection, total: 0)
        var unread = 0
    }

    let data: Data

    /// The dashboard with `section` on page `number` and the other sections where they were
    /// (built from the pages already read, never from the raw query string).
    func link(_ section: Section, page number: Int) -> String {
        let current: [Section: Int] = [.applications: data.applicationPaging.page, .invitations: data.invitationPaging.page,
                                       .needs: data.needPaging.page, .awaiting: data.awaitingPaging.page]
        return SiteURL.dashboard.path + SiteURL.query(Section.allCases.map { other in
            (other.parameter, SiteURL.pageValue(other == section ? number : (current[other] ?? 1)))
        })
    }

    func pager(_ section: Section, _ paging: Paging, _ context: PageContext) -> Node<HTML.BodyContext> {
        Pagination.node(paging, context: context) { link(section, page: $0) + "#" + section.anchor }
    }

    func title(_ context: PageContext) -> String { context.t("내 업무", "Dashboard") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let actor = context.actor
        return .div(
            .h1(.text(title(context))),
            .p(.a(.href(SiteURL.inbox.path), .id("inbox-link"),
                  .text(context.t("읽지 않은 알림 \(data.unread)건", "\(data.unread) unread messages")))),
            .if(actor?.belongs(toKind: .startup) == true, .group(
                .section(.class("card"), .id("my-applications"),
                    .h2(.text(context.t("내 지원서", "My applications"))),
                    .if(data.applications.isEmpty, .p(.class("empty"), .text(context.t("아직 지원한 과제가 없습니다. ", "No applications yet. ")),
                                                      .a(.href(SiteURL.calls(query: nil).path), .text(context.t("공개 수요과제 보기", "See published needs"))))),
                    .ul(.forEach(data.applications) { application in
                        .li(.a(.href(SiteURL.application(application.storedID).path), .text(NeedView.title(application.need, context))),
                            .text(" "), NeedView.applicationBadge(application.status, context))
                    }),
                    pager(.applications, data.applicationPaging, context)),
                .section(.class("card"), .id("my-invitations"),
                    .h2(.text(context.t("받은 지원 초대", "Invitations"))),
                    .if(data.invitations.isEmpty, .p(.class("empty"), .text(context.t("받은 초대가 없습니다.", "No invitations.")))),
                    .ul(.forEach(data.invitations) { inv in
                        .li(.a(.href(SiteURL.need(inv.$need.id).path), .text(NeedView.title(inv.need, context))),
                            .text(" · \(SeoulTime.dateTime(inv.createdAt))"),
                            .if(!inv.message.isEmpty, .p(.class("reason"), .text(inv.message))))
                    }),
                    pager(.invitations, data.invitationPaging, context))
            )),
            .if(actor?.belongs(toKind: .demand) == true,
                .section(.class("card"), .id("my-needs"),
                    .h2(.text(context.t("우리 기관 수요과제", "Our needs"))),
                    .p(.a(.class("button"), .href(SiteURL.needNew.path), .text(context.t("수요과제 등록", "Post a need")))),
                    .if(data.needs.isEmpty, .p(.class("empty"), .text(context.t("등록한 수요과제가 없습니다.", "No needs yet.")))),
                    .ul(.forEach(data.needs) { need in
                        .li(.a(.href(SiteURL.need(need.storedID).path), .text(NeedView.title(need, context))), .text(" "),
                            NeedView.statusBadge(need.status, context),
                            .text(context.t(" · 지원 \(data.applicationCounts[need.storedID] ?? 0)건", " · \(data.applicationCounts[need.storedID] ?? 0) applications")))
                    }),
                    pager(.needs, data.needPaging, context))),
            .if(actor?.isOperator == true,
                .section(.class("card"), .id("awaiting-publication"),
                    .h2(.text(context.t("공개 검토 대기 수요과제", "Needs awaiting publication"))),
                    .if(data.awaitingPublication.isEmpty, .p(.class("empty"), .text(context.t("검토할 수요과제가 없습니다.", "Nothing to review.")))),
                    .ul(.forEach(data.awaitingPublication) { need in
                        .li(.a(.href(SiteURL.need(need.storedID).path), .text(NeedView.title(need, context))),
                            .text(" · " + need.organization.name))
                    }),
                    pager(.awaiting, data.awaitingPaging, context)))
        )
    }
}
