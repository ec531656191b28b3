import Foundation
import IeumCore

/// The records the KPIs are computed from, for a set of programs, reduced to plain values. Loaded
/// once per request by `KPIService.facts`; every number of a dashboard comes from here.
public struct KPIFacts: Sendable {
    public struct Program: Sendable, Equatable {
        public let id: UUID
        public let name: Localized
    }

    public struct Application: Sendable {
        public let id: UUID
        public let startupID: UUID
        public let submittedAt: Date
        /// When it was first shortlisted (후보 선정) or selected, and first selected, from its status
        /// history; an application whose status says so without a history entry counts from its
        /// submission. nil: never.
        public let shortlistedAt: Date?
        public let selectedAt: Date?
    }

    public struct Collaboration: Sendable {
        public let id: UUID
        public let programID: UUID?
        public let startupID: UUID
        public let demandID: UUID?
        /// The application it started from; nil for a direct match.
        public let applicationID: UUID?
        public var direct: Bool { applicationID == nil }
        public let startedAt: Date
        public let stage: CollaborationStage
        /// Approved stage changes (not the first, to 매칭), in the order decided.
        public let changes: [Change]
    }

    public struct Change: Sendable {
        public let from: CollaborationStage?
        public let to: CollaborationStage
        public let decidedAt: Date
    }

    public struct Outcome: Sendable {
        public let collaborationID: UUID
        public let kind: OutcomeKind
        public let amountKRW: Int64
        public let count: Int
        public let investorID: UUID?
        public let occurredOn: Date
    }

    /// What the breakdowns group by.
    public struct OrganizationFacts: Sendable {
        public let kind: OrganizationKind
        public let mainField: Localized?
        public let cluster: Localized?
        public let stage: Stage?
        public let demandSize: DemandSize?
    }

    public var programs: [Program] = []
    /// publishedAt of each need published in the programs' calls.
    public var needsPublished: [Date] = []
    /// Start times of the events held by the programs' networks.
    public var eventsHeld: [Date] = []
    /// Submitted applications (drafts never count) to those needs.
    public var applications: [Application] = []
    public var collaborations: [Collaboration] = []
    /// Confirmed outcomes only.
    public var outcomes: [Outcome] = []
    /// Investors that are a party to a collaboration, by collaboration.
    public var investorParties: [UUID: Set<UUID>] = [:]
    /// Participating organisations of the programs, with their kind.
    public var participants: [UUID: OrganizationKind] = [:]
    /// Targets summed over the programs: metric → period code → value.
    public var targets: [KPIMetric: [String: Int64]] = [:]
    public var organizations: [UUID: OrganizationFacts] = [:]

    public init() {}

    func target(_ metric: KPIMetric, _ period: KPIPeriod) -> Int64? { targets[metric]?[period.code] }
}
