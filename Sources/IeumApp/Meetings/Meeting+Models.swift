import Fluent
import Foundation
import IeumCore

/// 투자상담 / 판로상담 / 혼합.
public enum MeetingEventKind: String, Sendable, CaseIterable, Codable {
    case investment, sales, mixed

    public var label: Localized {
        switch self {
        case .investment: Localized("투자상담회", "Investment meetings")
        case .sales: Localized("판로상담회", "Sales meetings")
        case .mixed: Localized("투자·판로 상담회", "Investment and sales meetings")
        }
    }
}

public enum MeetingMode: String, Sendable, CaseIterable, Codable {
    case offline, online, hybrid

    public var label: Localized {
        switch self {
        case .offline: Localized("오프라인", "On site")
        case .online: Localized("온라인(화상)", "Online (video)")
        case .hybrid: Localized("온·오프라인 병행", "Hybrid")
        }
    }
}

/// A consultation-meeting day (상담회): fixed slots, tables or video rooms, registered participants
/// who request 1:1 meetings with each other.
public final class MeetingEvent: Model, @unchecked Sendable {
    public static let schema = "meeting_events"

    @ID(key: .id) public var id: UUID?
    @OptionalParent(key: "program_id") public var program: Program?
    @Field(key: "name") public var name: String
    @OptionalField(key: "name_en") public var nameEn: String?
    @Enum(key: "kind") public var kind: MeetingEventKind
    @Enum(key: "mode") public var mode: MeetingMode
    @Field(key: "venue") public var venue: String
    /// Start of the first slot of the first day.
    @Field(key: "starts_at") public var startsAt: Date
    @Field(key: "days") public var days: Int
    @Field(key: "slots_per_day") public var slotsPerDay: Int
    @Field(key: "slot_minutes") public var slotMinutes: Int
    @Field(key: "break_minutes") public var breakMinutes: Int
    @Field(key: "registration_opens_at") public var registrationOpensAt: Date
    @Field(key: "registration_closes_at") public var registrationClosesAt: Date
    /// A pending request expires after this many hours and frees the sender's quota.
    @Field(key: "request_expiry_hours") public var requestExpiryHours: Int
    /// Pending and accepted requests a participant may have sent at once.
    @Field(key: "request_cap") public var requestCap: Int
    @Field(key: "weight_mutual") public var weightMutual: Int
    @Field(key: "weight_buyer") public var weightBuyer: Int
    @Field(key: "weight_startup") public var weightStartup: Int
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    /// Never negative and never past the scheduler's limit, whatever the stored row says.
    public var slotCount: Int { min(max(0, days.saturatingMultiplied(by: slotsPerDay)), Self.maxSlotCount) }
    static let maxSlotCount = 64  // MeetingProblem.maxSlots; the event form refuses more

    /// When slot `i` starts (slots run day by day, each day from the first slot's time of day).
    public func slotStart(_ slot: Int) -> Date {
        let day = slot / max(slotsPerDay, 1), index = slot % max(slotsPerDay, 1)
        return startsAt.addingTimeInterval(Double(day) * 86_400 + Double(index) * (Double(slotMinutes) + Double(breakMinutes)) * 60)
    }

    public func slotEnd(_ slot: Int) -> Date { slotStart(slot).addingTimeInterval(Double(slotMinutes) * 60) }

    public func isRegistrationOpen(at now: Date) -> Bool { registrationOpensAt <= now && now < registrationClosesAt }
}

/// A table or room; `blockedSlots` are slots it is not available in.
public final class MeetingTable: Model, @unchecked Sendable {
    public static let schema = "meeting_tables"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "event_id") public var event: MeetingEvent
    @Field(key: "name") public var name: String
    @Field(key: "position") public var position: Int
    @Field(key: "seats") public var seats: Int
    @OptionalField(key: "video_link") public var videoLink: String?
    @Field(key: "blocked_slots") public var blockedSlots: [Int]

    public init() {}
}

public enum MeetingRole: String, Sendable, CaseIterable, Codable {
    case startup, buyer, investor, demandOrganization

    public var label: Localized {
        switch self {
        case .startup: Localized("스타트업", "Startup")
        case .buyer: Localized("바이어", "Buyer")
        case .investor: Localized("투자자", "Investor")
        case .demandOrganization: Localized("수요기관", "Demand organisation")
        }
    }
}

/// An organisation taking part, with its contact person and the slots it cannot attend.
public final class EventParticipant: Model, @unchecked Sendable {
    public static let schema = "meeting_participants"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "event_id") public var event: MeetingEvent
    @Parent(key: "organization_id") public var organization: Organization
    @Enum(key: "role") public var role: MeetingRole
    @Field(key: "blocked_slots") public var blockedSlots: [Int]
    @Field(key: "interests") public var interests: String
    @OptionalField(key: "checked_in_at") public var checkedInAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

public enum EventRequestStatus: String, Sendable, CaseIterable, Codable {
    case pending, accepted, declined, expired, withdrawn

    public var label: Localized {
        switch self {
        case .pending: Localized("응답 대기", "Pending")
        case .accepted: Localized("수락", "Accepted")
        case .declined: Localized("거절", "Declined")
        case .expired: Localized("기한 만료", "Expired")
        case .withdrawn: Localized("철회", "Withdrawn")
        }
    }
}

/// A request for a 1:1 meeting; both sides consent before it can be scheduled.
public final class EventRequest: Model, @unchecked Sendable {
    public static let schema = "meeting_requests"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "event_id") public var event: MeetingEvent
    @Parent(key: "from_id") public var from: EventParticipant
    @Parent(key: "to_id") public var to: EventParticipant
    @Field(key: "message") public var message: String
    @Enum(key: "status") public var status: EventRequestStatus
    /// Both sides asked for the meeting.
    @Field(key: "mutual") public var mutual: Bool
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

public enum MeetingStatus: String, Sendable, CaseIterable, Codable {
    case scheduled, unplaced, cancelled
}

public enum Attendance: String, Sendable, CaseIterable, Codable {
    case unknown, attended, noShow

    public var label: Localized {
        switch self {
        case .unknown: Localized("미확인", "Not marked")
        case .attended: Localized("참석", "Attended")
        case .noShow: Localized("불참", "No-show")
        }
    }
}

/// An accepted request's meeting: its slot and table once scheduled. The calendar UID never
/// changes; SEQUENCE goes up with every move or cancellation so calendars replace the entry.
public final class Meeting: Model, @unchecked Sendable {
    public static let schema = "meetings"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "event_id") public var event: MeetingEvent
    @Parent(key: "request_id") public var request: EventRequest
    @Parent(key: "first_id") public var first: EventParticipant
    @Parent(key: "second_id") public var second: EventParticipant
    @Field(key: "weight") public var weight: Int
    @Enum(key: "status") public var status: MeetingStatus
    @OptionalField(key: "slot") public var slot: Int?
    @OptionalParent(key: "table_id") public var table: MeetingTable?
    /// A video link for this meeting alone (else the table's).
    @OptionalField(key: "video_link") public var videoLink: String?
    /// Why the scheduler could not place it (for the organiser).
    @OptionalField(key: "unplaced_reason") public var unplacedReason: String?
    @Field(key: "sequence") public var sequence: Int
    @Enum(key: "attendance") public var attendance: Attendance
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "changed_at") public var changedAt: Date

    public init() {}

    public var uid: String { "\(id?.uuidString.lowercased() ?? "")@meetings.ieum" }
}

/// A participant's short follow-up after a meeting.
public final class MeetingFollowUp: Model, @unchecked Sendable {
    public static let schema = "meeting_follow_ups"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "meeting_id") public var meeting: Meeting
    @Parent(key: "participant_id") public var participant: EventParticipant
    /// `high`, `some`, `none`.
    @Field(key: "interest") public var interest: String
    /// `collaboration`, `invitation`, `investment`, `none`.
    @Field(key: "next_step") public var nextStep: String
    @Field(key: "note") public var note: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
