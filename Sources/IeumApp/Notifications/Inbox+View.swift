import Foundation
import IeumCore
import Plot

/// The signed-in person's messages, newest first, unread ones marked.
struct InboxPage: Page {
    let messages: [InboxMessage]
    let unread: Int
    let paging: Paging

    func title(_ context: PageContext) -> String { context.t("알림", "Inbox") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .div(.class("page-head"),
                 .h1(.text(title(context))),
                 .p(.class("meta"), .id("unread-count"),
                    .text(context.t("읽지 않은 알림 \(unread)건", "\(unread) unread")))),
            .if(unread > 0, .form(
                .class("inline"), .action(SiteURL.inboxRead.path), .method(.post),
                FormKit.csrf(context),
                .button(.type(.submit), .text(context.t("모두 읽음으로 표시", "Mark all as read")))
            )),
            .if(messages.isEmpty, .p(.class("empty"), .text(context.t("알림이 없습니다.", "No messages.")))),
            .if(!messages.isEmpty, .ul(.class("inbox"), .id("inbox-messages"), .forEach(messages) { item(for: $0, context) })),
            Pagination.node(paging, context: context) { SiteURL.inboxPage($0).path }
        )
    }

    func item(for message: InboxMessage, _ context: PageContext) -> Node<HTML.ListContext> {
        let unread = message.readAt == nil
        let id = message.id?.uuidString ?? ""
        let title = context.t(message.title)
        return .li(
            .class(unread ? "card inbox-item unread" : "card inbox-item"),
            .id("message-\(id)"),
            .h2(
                .if(unread, .span(.class("badge"), .text(context.t("새 알림", "New")))),
                .if(unread, .text(" ")),
                // Links come from the app itself; anything that is not a path on this site is not linked.
                AccountsController.isSafeRedirect(message.link)
                    ? .a(.href(message.link), .text(title))
                    : .text(title)
            ),
            .p(.text(context.t(message.body))),
            .p(.class("meta"),
               .text(context.t(message.kind.label) + " · "),
               .element(named: "time", nodes: [
                   .attribute(named: "datetime", value: ISO8601DateFormatter().string(from: message.createdAt)),
                   .text(SeoulTime.dateTime(message.createdAt) + context.t(" (한국시간)", " (Seoul)")),
               ])),
            .if(unread, .form(
                .class("inline"), .action(SiteURL.inboxRead.path), .method(.post),
                FormKit.csrf(context),
                .input(.type(.hidden), .name("id"), .value(id)),
                .button(.type(.submit), .class("link-button"),
                        .text(context.t("읽음으로 표시", "Mark as read")),
                        .attribute(named: "aria-label", value: context.t("읽음으로 표시: ", "Mark as read: ") + title))
            ))
        )
    }
}
