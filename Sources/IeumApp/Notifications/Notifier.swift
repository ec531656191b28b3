import Fluent
import Foundation
import IeumCore
import SQLKit

/// Writes inbox messages and their e-mails; call inside the transaction of the change they report,
/// so a change and its notice are stored together or not at all.
public enum Notifier {
    public struct Message: Sendable {
        public var kind: NotificationKind
        public var title: Localized
        public var body: Localized
        public var link: String
        /// Messages that must be written once however many times they are produced (reminders)
        /// carry a key; the key is made per person.
        public var dedupeKey: String?

        public init(kind: NotificationKind, title: Localized, body: Localized, link: String, dedupeKey: String? = nil) {
            self.kind = kind
            self.title = title
            self.body = body
            self.link = link
            self.dedupeKey = dedupeKey
        }
    }

    /// Sends `message` to each active user once; returns how many inbox messages were written.
    @discardableResult
    public static func notify(users userIDs: [UUID], _ message: Message, on db: any Database, now: Date) async throws -> Int {
        let unique = Array(Set(userIDs))
        guard !unique.isEmpty else { return 0 }
        let users = try await User.query(on: db).filter(\.$id ~~ unique).filter(\.$active == true).all()
        var written = 0
        for user in users.sorted(by: { $0.email < $1.email }) {
            let userID = try user.requireID()
            let messageID = UUID()
            let key = message.dedupeKey.map { "\($0):\(userID.uuidString)" }
            if let key, let sql = db as? any SQLDatabase {
                // ON CONFLICT DO NOTHING: a second instance producing the same reminder writes nothing.
                let inserted = try await sql.insert(into: InboxMessage.schema)
                    .columns("id", "user_id", "kind", "title_ko", "title_en", "body_ko", "body_en", "link", "dedupe_key", "created_at")
                    .values(SQLBind(messageID), SQLBind(userID), SQLBind(message.kind.rawValue), SQLBind(message.title.ko),
                            SQLBind(message.title.en), SQLBind(message.body.ko), SQLBind(message.body.en), SQLBind(message.link),
                            SQLBind(key), SQLBind(now))
                    .ignoringConflicts(with: "dedupe_key")
                    .returning("id")
                    .all()
                if inserted.isEmpty { continue }
            } else {
                let inbox = InboxMessage()
                inbox.id = messageID
                inbox.userID = userID
                inbox.kind = message.kind
                inbox.titleKo = message.title.ko
                inbox.titleEn = message.title.en
                inbox.bodyKo = message.body.ko
                inbox.bodyEn = message.body.en
                inbox.link = message.link
                inbox.dedupeKey = key
                inbox.createdAt = now
                try await inbox.create(on: db)
            }
            let mail = OutboxMail()
            mail.messageID = messageID
            mail.toAddress = user.email
            let text = mailText(message, in: user.mailLanguage)
            mail.subject = text.subject
            mail.body = text.body
            mail.status = .pending
            mail.attempts = 0
            mail.createdAt = now
            try await mail.create(on: db)
            written += 1
        }
        return written
    }

    /// The mail of a message in the recipient's language. The link is not part of it: the sender
    /// job adds it as an absolute URL (`IEUM_BASE_URL`) from the inbox message, so a changed base
    /// address applies to mails still waiting.
    static func mailText(_ message: Message, in language: Lang) -> (subject: String, body: String) {
        let site = Localized("이음", "Ieum").text(language)
        return ("[\(site)] \(message.title.text(language))", message.body.text(language))
    }

    /// Everyone who belongs to the organisation.
    public static func members(of organizationID: UUID, on db: any Database) async throws -> [UUID] {
        try await Membership.query(on: db).filter(\.$organization.$id == organizationID).all().map { $0.$user.id }
    }

    /// Every operator account.
    public static func operators(on db: any Database) async throws -> [UUID] {
        try await User.query(on: db).filter(\.$platformRole == .operator).filter(\.$active == true).all().compactMap(\.id)
    }
}
