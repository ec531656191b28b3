import Fluent
import Foundation
import IeumCore

/// The facts that decide what a person may do in a network or council.
public struct NetworkAccess: Sendable, Equatable {
    /// The program the network belongs to (a network outside any program is every operator's).
    public let program: ProgramAccess
    /// The roles of the person's memberships (through their approved organisations, their account or
    /// their expert record); empty for someone who is no member.
    public let roles: [NetworkRole]

    public init(program: ProgramAccess, roles: [NetworkRole]) {
        self.program = program
        self.roles = roles
    }
}

public enum NetworkAction: Sendable {
    /// The list of networks and a network's overview.
    case browse
    /// Ask to join (for one's approved organisation).
    case join
    /// The member directory, statistics and their export, materials, minutes, attendance, joint tasks.
    case enterMembersArea(NetworkAccess)
    /// Members, join decisions, subcommittees, events, materials, check-in, reminders to registrants.
    case manage(NetworkAccess)
    /// The program's operator's own steps: reviewing and recognising joint tasks, linking an outcome.
    case operate(NetworkAccess)
    /// See an event and register for it: members-only events for members, others for everyone signed in.
    case attend(NetworkAccess, membersOnly: Bool)
    /// Propose a joint task: a member (an operator who holds no membership proposes nothing).
    case proposeTask(NetworkAccess)
    /// Move a joint task from `from` to `to`; `chairsTask`: the person chairs the task's
    /// subcommittee (or, for a task of no subcommittee, the network).
    case advanceTask(NetworkAccess, from: JointTaskStatus, to: JointTaskStatus, chairsTask: Bool)
}

/// Who may do what in networks and councils: the overview is for everyone signed in; the members'
/// area for members and the program's operators; chairs and vice-chairs manage alongside the
/// operators; joint tasks go proposal (a member) → endorsement (the chair) → review and
/// recognition (the operator). A refusal is 404 for whom the members' area is closed and 403 for
/// a member asking for more. `NetworkPolicyTests` is the table.
public enum NetworkPolicy {
    public static func can(_ actor: Principal?, _ action: NetworkAction) -> Bool {
        guard let actor else { return false }
        switch action {
        case .browse, .join:
            return true
        case .enterMembersArea(let n):
            return operates(actor, n) || !n.roles.isEmpty
        case .manage(let n):
            return operates(actor, n) || n.roles.contains { $0.isOfficer }
        case .operate(let n):
            return operates(actor, n)
        case .attend(let n, let membersOnly):
            return !membersOnly || can(actor, .enterMembersArea(n))
        case .proposeTask(let n):
            return !n.roles.isEmpty
        case .advanceTask(let n, let from, let to, let chairsTask):
            guard can(actor, .enterMembersArea(n)) else { return false }
            switch (from, to) {
            case (.proposed, .endorsed): return chairsTask
            case (.endorsed, .reviewed), (.reviewed, .recognised): return operates(actor, n)
            case (.proposed, .rejected): return operates(actor, n) || chairsTask
            case (.endorsed, .rejected), (.reviewed, .rejected): return operates(actor, n)
            default: return false
            }
        }
    }

    /// The refusal for `action`: 404 when the members' area is closed to the person, 403 otherwise.
    static func require(_ actor: Principal, _ action: NetworkAction, _ access: NetworkAccess) throws {
        guard !can(actor, action) else { return }
        throw can(actor, .enterMembersArea(access)) ? IeumError.forbidden : IeumError.notFound
    }

    static func operates(_ actor: Principal, _ n: NetworkAccess) -> Bool {
        ProgramPolicy.can(actor, .manage(n.program))
    }
}

extension NetworkService {
    /// The access facts of `network` for `actor`.
    static func access(_ actor: Principal?, _ network: Network, on db: any Database) async throws -> NetworkAccess {
        NetworkAccess(program: try await ProgramService.access(network.$program.id, on: db),
                      roles: try await memberships(of: actor, in: network, on: db).map(\.role))
    }
}
