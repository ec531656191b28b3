/// The side a participant of a consultation meeting day (상담회) is on.
public enum ParticipantKind: String, Sendable, Hashable, CaseIterable, Codable {
    case startup
    case buyer
    case investor
    /// A public or private organisation that posted a demand (수요기관).
    case demandOrganisation
}

/// Someone who sits at a table: a startup, a buyer, an investor or a demand organisation.
public struct MeetingParticipant: Sendable, Hashable, Codable {
    /// Opaque identifier, unique within a problem.
    public var id: String
    public var kind: ParticipantKind
    /// Slots (0-based) this participant cannot attend. Numbers outside `0..<slotCount` are ignored.
    public var blockedSlots: Set<Int>

    public init(id: String, kind: ParticipantKind, blockedSlots: Set<Int> = []) {
        self.id = id
        self.kind = kind
        self.blockedSlots = blockedSlots
    }
}

/// A wish for one meeting between two participants.
public struct MeetingRequest: Sendable, Hashable, Codable {
    /// Opaque identifier, unique within a problem.
    public var id: String
    public var first: String
    public var second: String
    /// Priority weight, at least 1; the scheduler maximises the sum over placed meetings.
    /// See ``MeetingPriorityPolicy`` for the default policy.
    public var weight: Int

    public init(id: String, first: String, second: String, weight: Int = 1) {
        self.id = id
        self.first = first
        self.second = second
        self.weight = weight
    }
}

/// A meeting put at a table in a slot. Tables are numbered `0..<tables[slot]`.
public struct MeetingPlacement: Sendable, Hashable, Codable {
    public var requestId: String
    public var slot: Int
    public var table: Int

    public init(requestId: String, slot: Int, table: Int) {
        self.requestId = requestId
        self.slot = slot
        self.table = table
    }
}

/// One consultation meeting day: slots `0..<tables.count`, `tables[s]` tables in slot `s`,
/// participants with their blocked slots, meeting requests and, optionally, placements that were
/// already confirmed (announced) and should stay where they are.
public struct MeetingProblem: Sendable, Hashable, Codable {
    /// The scheduler works on at most this many slots (a day of 10-minute slots fits); the validator on any number.
    public static let maxSlots = 64

    /// Number of tables in each slot; its count is the number of slots.
    public var tables: [Int]
    public var participants: [MeetingParticipant]
    public var requests: [MeetingRequest]
    /// Placements announced earlier. With ``MeetingScheduler/Options/keepConfirmed`` they are kept
    /// exactly (same slot, same table) when still valid; earlier entries win conflicts between them.
    public var confirmed: [MeetingPlacement]

    public var slotCount: Int { tables.count }

    public init(tables: [Int], participants: [MeetingParticipant], requests: [MeetingRequest], confirmed: [MeetingPlacement] = []) {
        self.tables = tables
        self.participants = participants
        self.requests = requests
        self.confirmed = confirmed
    }
}

/// Why a problem cannot be scheduled at all.
public enum MeetingProblemError: Error, Sendable, Hashable {
    case noSlots
    case tooManySlots(Int)
    case negativeTables(slot: Int)
    case duplicateParticipant(String)
    case duplicateRequest(String)
}

/// What is wrong with a single request; such a request is never placed.
public enum RequestIssue: Sendable, Hashable, Codable {
    case unknownParticipant(String)
    /// Both sides are the same participant.
    case sameParticipant
    case nonPositiveWeight(Int)
}
