/// Turns "who asked for the meeting" into a priority weight.
///
/// The default policy puts mutual interest first (both sides asked: 3), then requests sent by
/// buyers, investors and demand organisations (2), then requests sent by startups (1). The
/// scheduler maximises the summed weight, so with these numbers one mutual meeting is worth as much
/// as three startup requests; change the numbers to change that trade-off.
public struct MeetingPriorityPolicy: Sendable, Hashable, Codable {
    /// Weight of a meeting both participants asked for.
    public var mutual: Int
    /// Weight of a one-sided request by the kind of its sender.
    public var startup: Int
    public var buyer: Int
    public var investor: Int
    public var demandOrganisation: Int

    public init(mutual: Int = 3, startup: Int = 1, buyer: Int = 2, investor: Int = 2, demandOrganisation: Int = 2) {
        self.mutual = mutual
        self.startup = startup
        self.buyer = buyer
        self.investor = investor
        self.demandOrganisation = demandOrganisation
    }

    /// Mutual 3, buyer / investor / demand organisation 2, startup 1.
    public static let standard = MeetingPriorityPolicy()

    /// The weight of a request; never below 1.
    public func weight(mutual isMutual: Bool, sender: ParticipantKind) -> Int {
        if isMutual { return max(1, mutual) }
        switch sender {
        case .startup: return max(1, startup)
        case .buyer: return max(1, buyer)
        case .investor: return max(1, investor)
        case .demandOrganisation: return max(1, demandOrganisation)
        }
    }
}
