import Fluent
import Foundation
import IeumCore

/// The facts that decide access to a consultation-meeting event.
public struct MeetingEventAccess: Sendable, Equatable {
    /// The program the event is held for (an event outside any program is every operator's).
    public let program: ProgramAccess
    /// Whether one of the person's approved organisations is a participant.
    public let takesPart: Bool

    public init(program: ProgramAccess, takesPart: Bool) {
        self.program = program
        self.takesPart = takesPart
    }
}

public enum MeetingAction: Sendable {
    /// The list of events (each person sees those they run or take part in).
    case browse
    /// The new-event form.
    case create
    /// Hold a new event for a program (nil: outside any program).
    case createFor(ProgramAccess?)
    /// The event's page.
    case view(MeetingEventAccess)
    /// Tables, participants, priorities, scheduling, the grid, anyone's agenda, check-in, moving meetings.
    case manage(MeetingEventAccess)
    /// Availability, interests, meeting requests and answers, one's own agenda and calendar.
    case takePart(MeetingEventAccess)
}

/// Who may do what with meeting events: operators of the event's program run it; each
/// participating organisation's people see the event and act for their organisation only; everyone
/// else learns nothing of the event (404). `MeetingPolicyTests` is the table.
public enum MeetingPolicy {
    public static func can(_ actor: Principal?, _ action: MeetingAction) -> Bool {
        guard let actor else { return false }
        switch action {
        case .browse:
            return true
        case .create:
            return actor.isOperator
        case .createFor(let program):
            guard actor.isOperator else { return false }
            return program.map { ProgramPolicy.can(actor, .manage($0)) } ?? true
        case .view(let event):
            return ProgramPolicy.can(actor, .manage(event.program)) || event.takesPart
        case .manage(let event):
            return ProgramPolicy.can(actor, .manage(event.program))
        case .takePart(let event):
            return event.takesPart
        }
    }
}

extension MeetingService {
    /// The access facts of `event` for `actor`, with the actor's participant record if they take part.
    static func access(_ actor: Principal?, _ event: MeetingEvent, on db: any Database) async throws -> (MeetingEventAccess, EventParticipant?) {
        let me = try await participant(for: actor, event, on: db)
        return (MeetingEventAccess(program: try await ProgramService.access(event.$program.id, on: db), takesPart: me != nil), me)
    }
}
