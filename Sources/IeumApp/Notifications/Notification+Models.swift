import Fluent
import Foundation
import IeumCore

/// Why a person is told something.
public enum NotificationKind: String, Sendable, CaseIterable, Codable {
    case needPublished, applicationReceived, applicationStatusChanged, deadlineSoon, invitation, judgingAssigned
    /// Requests to join an organisation, their answers, and changes of a person's membership.
    case membership
    /// 1:1 consultation meetings: requests, answers, placements, moves, cancellations, reminders.
    case meeting
    /// A collaboration's stage requests and decisions, outcomes.
    case collaboration
    /// A collaboration milestone past its due date.
    case milestoneOverdue
    /// Regulatory grievances: deadlines, assignments, answers.
    case grievance
    /// Network events: registrations and their confirmations.
    case network

    public var label: Localized {
        switch self {
        case .needPublished: Localized("수요과제 공개", "Need published")
        case .applicationReceived: Localized("지원서 접수", "Application received")
        case .applicationStatusChanged: Localized("지원 상태 변경", "Application status changed")
        case .deadlineSoon: Localized("마감 임박", "Deadline soon")
        case .invitation: Localized("지원 초대", "Invitation to apply")
        case .judgingAssigned: Localized("심사 배정", "Judging assigned")
        case .membership: Localized("소속 기관", "Organisation membership")
        case .meeting: Localized("상담회", "Meetings")
        case .collaboration: Localized("협업", "Collaboration")
        case .milestoneOverdue: Localized("마일스톤 지연", "Milestone overdue")
        case .grievance: Localized("규제·애로", "Grievance")
        case .network: Localized("네트워크 행사", "Network event")
        }
    }
}

/// A message in a person's in-app inbox. `dedupeKey` makes a message that must go out once
/// (a deadline reminder) safe to write from several app instances: the second insert is ignored.
public final class InboxMessage: Model, @unchecked Sendable {
    public static let schema = "inbox_messages"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @Enum(key: "kind") public var kind: NotificationKind
    @Field(key: "title_ko") public var titleKo: String
    @Field(key: "title_en") public var titleEn: String
    @Field(key: "body_ko") public var bodyKo: String
    @Field(key: "body_en") public var bodyEn: String
    @Field(key: "link") public var link: String
    @OptionalField(key: "dedupe_key") public var dedupeKey: String?
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "read_at") public var readAt: Date?

    public init() {}

    public var title: Localized { Localized(titleKo, titleEn) }
    public var body: Localized { Localized(bodyKo, bodyEn) }
}

/// Delivery state of an e-mail in the outbox.
public enum MailStatus: String, Sendable, CaseIterable, Codable {
    /// Waiting for the sender job.
    case pending
    /// Claimed by one app instance's job, being sent.
    case sending
    /// Handed to the SMTP server.
    case sent
    /// No SMTP server configured: kept here and written to the log.
    case logged
    /// Gave up after repeated failures.
    case failed
}

/// An e-mail waiting to be sent or kept as sent. Written in the same transaction as the change it
/// reports; the sender job claims each row with one conditional update, so it goes out once.
public final class OutboxMail: Model, @unchecked Sendable {
    public static let schema = "mail_outbox"

    @ID(key: .id) public var id: UUID?
    @OptionalField(key: "message_id") public var messageID: UUID?
    @Field(key: "to_address") public var toAddress: String
    @Field(key: "subject") public var subject: String
    @Field(key: "body") public var body: String
    @Enum(key: "status") public var status: MailStatus
    @Field(key: "attempts") public var attempts: Int
    @OptionalField(key: "claimed_by") public var claimedBy: String?
    @OptionalField(key: "claimed_at") public var claimedAt: Date?
    @OptionalField(key: "next_attempt_at") public var nextAttemptAt: Date?
    @OptionalField(key: "sent_at") public var sentAt: Date?
    @OptionalField(key: "last_error") public var lastError: String?
    @Field(key: "created_at") public var createdAt: Date
    /// The body is a key (a reset link): once the mail has gone out it is replaced by
    /// `OutboxMail.erasedBody`, so the outbox holds no usable link.
    @OptionalField(key: "erase_body_after_send") public var eraseBodyAfterSend: Bool?

    public static let erasedBody = "(보낸 뒤 지움 — 일회용 링크가 들어 있던 메일 / erased after sending: it held a single-use link)"

    public init() {}
}
