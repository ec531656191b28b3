import Fluent
import Foundation
import IeumCore
import Vapor

/// A person's in-app inbox: their own messages only, newest first; marking one or all read.
struct InboxController {
    /// Messages per page of the inbox, newest first.
    static let pageSize = 20

    func register(_ app: Application) {
        app.on(.inbox(.inbox), use: inbox)
        app.on(.inbox(.markRead), use: markRead)
    }

    func inbox(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let paging = try Paging(req, perPage: Self.pageSize, total: try await InboxMessage.query(on: req.db).filter(\.$userID == actor.userID).count())
        let messages = try await paging.slice(InboxMessage.query(on: req.db)
            .filter(\.$userID == actor.userID)
            .sort(\.$createdAt, .descending)
            .sort(\.$id))
        let unread = try await InboxMessage.query(on: req.db).filter(\.$userID == actor.userID).filter(\.$readAt == nil).count()
        return InboxPage(messages: messages, unread: unread, paging: paging).response(req)
    }

    struct ReadForm: Content {
        var id: String?
    }

    /// With an `id`, that message (someone else's answers 404, like one that does not exist);
    /// without, every unread message of the person.
    func markRead(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode(ReadForm.self)
        let now = req.now
        if let raw = form.id?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            guard let id = UUID(uuidString: raw),
                  let message = try await InboxMessage.query(on: req.db).filter(\.$id == id).filter(\.$userID == actor.userID).first()
            else { throw IeumError.notFound }
            if message.readAt == nil {
                message.readAt = now
                try await message.save(on: req.db)
            }
        } else {
            try await InboxMessage.query(on: req.db)
                .filter(\.$userID == actor.userID)
                .filter(\.$readAt == nil)
                .set(\.$readAt, to: now)
                .update()
            req.flash(Localized("모든 알림을 읽음으로 표시했습니다.", "All messages are marked as read."))
        }
        return req.redirect(to: SiteURL.inbox.path)
    }
}
