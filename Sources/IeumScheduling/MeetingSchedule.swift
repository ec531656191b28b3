/// Why a request is not in the schedule. Except for ``invalid(_:)`` and ``noCommonSlot``, a reason
/// describes the final schedule (what occupies the slots the pair could use), not a proof that no
/// schedule could hold the request: see ``UnplacedRequest/outranked``.
public enum UnplacedReason: Sendable, Hashable, Codable {
    /// The request itself is invalid (unknown participant, same participant twice, weight below 1).
    case invalid(RequestIssue)
    /// No slot that both participants can attend has a table, or (with confirmed placements kept)
    /// every such slot has all its tables, or one of the two, taken by kept confirmed placements.
    /// No schedule can hold this request.
    case noCommonSlot
    /// In every slot both can attend, this participant already has a meeting (the other is free in
    /// at least one of them).
    case participantFullyBooked(participantId: String)
    /// In every slot both can attend, both participants already have meetings.
    case bothFullyBooked
    /// Every slot both can attend is taken by one or the other, but neither is booked in all of
    /// them; the scheduler found no rearrangement that frees a common slot.
    case calendarsConflict
    /// Both are free in `slots`, but every table in those slots is taken.
    case noFreeTable(slots: [Int])
}

/// A request left out of the schedule.
public struct UnplacedRequest: Sendable, Hashable, Codable {
    public var requestId: String
    public var reason: UnplacedReason
    /// The placed meetings that occupy what this request would need: the two participants' meetings
    /// in the slots both can attend, or, for ``UnplacedReason/noFreeTable(slots:)``, the lightest
    /// meeting of each of those slots. Sorted by request order in the problem.
    public var competing: [String]
    /// True when every competing meeting has a priority weight at least this request's: the request
    /// lost to higher (or equal) priority. False when some competing meeting weighs less: the
    /// scheduler kept it because, with the rest of the day, that arrangement carries more total
    /// weight (or it found no better rearrangement).
    public var outranked: Bool

    public init(requestId: String, reason: UnplacedReason, competing: [String], outranked: Bool) {
        self.requestId = requestId
        self.reason = reason
        self.competing = competing
        self.outranked = outranked
    }
}

/// A confirmed placement that could not be kept.
public struct RejectedConfirmation: Sendable, Hashable, Codable {
    public var placement: MeetingPlacement
    /// The rule it breaks (for a conflict with an earlier confirmed placement: the double booking or
    /// table collision it would cause).
    public var issue: ScheduleIssue

    public init(placement: MeetingPlacement, issue: ScheduleIssue) {
        self.placement = placement
        self.issue = issue
    }
}

/// The scheduler's answer.
public struct MeetingSchedule: Sendable, Hashable, Codable {
    /// Sorted by slot, then table.
    public var placements: [MeetingPlacement]
    /// Every request not placed, in problem order.
    public var unplaced: [UnplacedRequest]
    /// Confirmed placements that were dropped because they broke a rule (their requests were then
    /// scheduled like the others). Empty when confirmed placements were ignored.
    public var rejectedConfirmations: [RejectedConfirmation]
    /// Sum of the priority weights of the placed requests.
    public var totalWeight: Int
    /// For each participant, the empty slots between their first and last meeting, summed.
    public var idleGaps: Int
    /// An upper bound on `totalWeight` for any schedule of this problem (with the kept confirmed
    /// placements fixed); see ``MeetingScheduler/upperBound(_:options:)``.
    public var upperBound: Int

    public init(placements: [MeetingPlacement], unplaced: [UnplacedRequest], rejectedConfirmations: [RejectedConfirmation],
                totalWeight: Int, idleGaps: Int, upperBound: Int) {
        self.placements = placements
        self.unplaced = unplaced
        self.rejectedConfirmations = rejectedConfirmations
        self.totalWeight = totalWeight
        self.idleGaps = idleGaps
        self.upperBound = upperBound
    }
}

/// An upper bound on the total weight any valid schedule can reach.
public struct MeetingUpperBound: Sendable, Hashable, Codable {
    public var value: Int
    /// True when the request graph is bipartite and the bound is the exact optimum of the b-matching
    /// relaxation (otherwise it is the optimum of its linear relaxation, rounded down).
    public var bipartite: Bool

    public init(value: Int, bipartite: Bool) {
        self.value = value
        self.bipartite = bipartite
    }
}
