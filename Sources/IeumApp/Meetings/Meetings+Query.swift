import Fluent
import Foundation
import IeumCore

/// What the meeting pages show.
enum MeetingQuery {
    /// The events `actor` may see, as a query to count and page (nil when there are none): an
    /// operator those of the programs they run (`MeetingService.manages`), anyone else those their
    /// approved organisations take part in.
    static func visibleEvents(to actor: Principal, on db: any Database) async throws -> (() -> QueryBuilder<MeetingEvent>)? {
        if actor.isOperator {
            guard let programs = try await ProgramService.programsRun(by: actor, on: db) else {
                return { MeetingEvent.query(on: db) }
            }
            return {
                MeetingEvent.query(on: db).group(.or) { or in
                    or.filter(\.$program.$id == nil)
                    if !programs.isEmpty { or.filter(\.$program.$id ~~ programs) }
                }
            }
        }
        guard !actor.approvedOrganizationIDs.isEmpty else { return nil }
        let ids = Array(Set(try await EventParticipant.query(on: db).filter(\.$organization.$id ~~ actor.approvedOrganizationIDs)
            .field(\.$event.$id).all().map { $0.$event.id }))
        guard !ids.isEmpty else { return nil }
        return { MeetingEvent.query(on: db).filter(\.$id ~~ ids) }
    }

    struct Side: Sendable { let participant: EventParticipant; let name: String }

    struct Row: Sendable {
        let meeting: Meeting
        let first: String
        let second: String
        let table: MeetingTable?
        let followUps: [MeetingFollowUp]
    }

    struct EventData: Sendable {
        let event: MeetingEvent
        let programName: String?
        let tables: [MeetingTable]
        let participants: [EventParticipant]
        let meetings: [Row]
        let requests: [EventRequest]
        let names: [UUID: String]
        let me: EventParticipant?
        let manage: Bool
        let organizations: [Organization]
        let programs: [Program]
        /// Participant ids the viewer's organisation fits by tech field (suggestions).
        let suggested: Set<UUID>
        /// Published needs of the participating organisations (for invitations after meetings).
        var needsByOrganization: [UUID: [Need]] = [:]
        let now: Date
    }

    static func event(_ event: MeetingEvent, me: EventParticipant?, manage: Bool, on db: any Database, now: Date) async throws -> EventData {
        let eventID = try event.requireID()
        let tables = try await MeetingTable.query(on: db).filter(\.$event.$id == eventID).sort(\.$position).all()
        let participants = try await EventParticipant.query(on: db).filter(\.$event.$id == eventID).with(\.$organization).all()
            .sorted { ($0.role.rawValue, $0.organization.name) < ($1.role.rawValue, $1.organization.name) }
        let names = Dictionary(uniqueKeysWithValues: participants.map { ($0.storedID, $0.organization.name) })
        var meetingQuery = Meeting.query(on: db).filter(\.$event.$id == eventID)
        var requestQuery = EventRequest.query(on: db).filter(\.$event.$id == eventID)
        if !manage {
            guard let me else { throw IeumError.notFound }
            let pid = try me.requireID()
            meetingQuery = meetingQuery.group(.or) { $0.filter(\.$first.$id == pid).filter(\.$second.$id == pid) }
            requestQuery = requestQuery.group(.or) { $0.filter(\.$from.$id == pid).filter(\.$to.$id == pid) }
        }
        let meetings = try await meetingQuery.all()
        let followUps = meetings.isEmpty ? [] : try await MeetingFollowUp.query(on: db).filter(\.$meeting.$id ~~ meetings.compactMap(\.id)).all()
        let byMeeting = Dictionary(grouping: followUps, by: { $0.$meeting.id })
        let tableByID = Dictionary(uniqueKeysWithValues: tables.map { ($0.storedID, $0) })
        let rows = meetings.map { m in
            Row(meeting: m, first: names[m.$first.id] ?? "", second: names[m.$second.id] ?? "", table: m.$table.id.flatMap { tableByID[$0] },
                followUps: byMeeting[m.storedID] ?? [])
        }.sorted { ($0.meeting.slot ?? 999, $0.table?.position ?? 0, $0.first) < ($1.meeting.slot ?? 999, $1.table?.position ?? 0, $1.first) }
        let requests = try await requestQuery.sort(\.$createdAt, .descending).all()
        var organizations: [Organization] = [], programs: [Program] = []
        if manage {
            let taken = Set(participants.map { $0.$organization.id })
            organizations = try await Organization.query(on: db).filter(\.$status == .approved).filter(\.$kind ~~ [.startup, .demand, .investor])
                .sort(\.$name).limit(3_000).all().filter { !taken.contains($0.storedID) }
            programs = try await Program.query(on: db).sort(\.$name).all()
        }
        // Suggestions: the other side whose tech fields overlap the viewer's organisation's.
        var suggested: Set<UUID> = []
        if let me {
            let orgIDs = participants.map { $0.$organization.id }
            let links = try await OrganizationTechField.query(on: db).filter(\.$organization.$id ~~ orgIDs).all()
            let fields = Dictionary(grouping: links, by: { $0.$organization.id }).mapValues { Set($0.map { $0.$techField.id }) }
            let mine = fields[me.$organization.id] ?? []
            for p in participants where p.id != me.id && (p.role == .startup) != (me.role == .startup) {
                if !(fields[p.$organization.id] ?? []).isDisjoint(with: mine) { suggested.insert(p.storedID) }
            }
        }
        let programName = try await event.$program.get(on: db)?.name
        var needs: [UUID: [Need]] = [:]
        if manage {
            let orgIDs = participants.filter { $0.role != .startup }.map { $0.$organization.id }
            if !orgIDs.isEmpty {
                needs = Dictionary(grouping: try await Need.query(on: db).filter(\.$organization.$id ~~ orgIDs).filter(\.$status == .published).sort(\.$title).all(),
                                   by: { $0.$organization.id })
            }
        }
        var data = EventData(event: event, programName: programName, tables: tables, participants: participants, meetings: rows, requests: requests,
                             names: names, me: me, manage: manage, organizations: organizations, programs: programs, suggested: suggested, now: now)
        data.needsByOrganization = needs
        return data
    }
}
