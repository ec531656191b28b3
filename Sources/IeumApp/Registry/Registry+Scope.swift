import Fluent
import Foundation
import IeumCore

extension RegistryService {
    /// For each organisation, the agencies running the programs it takes part in: an agency its own
    /// id; a participating demand organisation, a collaboration party, the owner of a need published
    /// in a call and an applicant to such a need, a meeting participant, the agency of that program.
    /// An agency's operator sees the contacts of these organisations only (`RegistryPolicy`).
    static func programAgencies(of organizationIDs: [UUID], on db: any Database) async throws -> [UUID: Set<UUID>] {
        guard !organizationIDs.isEmpty else { return [:] }
        var result: [UUID: Set<UUID>] = [:]
        func add(_ org: UUID, _ agency: UUID?) {
            guard let agency else { return }
            result[org, default: []].insert(agency)
        }
        let programs = try await Program.query(on: db).all()
        var agencyOfProgram: [UUID: UUID] = [:]
        for p in programs { if let id = p.id, let agency = p.$operatorOrganization.id { agencyOfProgram[id] = agency } }
        for org in try await Organization.query(on: db).filter(\.$id ~~ organizationIDs).filter(\.$kind == .agency).all() {
            add(try org.requireID(), org.id)
        }
        for row in try await ProgramParticipant.query(on: db).filter(\.$organization.$id ~~ organizationIDs).all() {
            add(row.$organization.id, agencyOfProgram[row.$program.id])
        }
        let parties = try await CollaborationParty.query(on: db).filter(\.$organization.$id ~~ organizationIDs).all()
        let collaborationIDs = Array(Set(parties.map { $0.$collaboration.id }))
        if !collaborationIDs.isEmpty {
            let programOf = Dictionary(uniqueKeysWithValues: try await Collaboration.query(on: db).filter(\.$id ~~ collaborationIDs).all()
                .compactMap { c in c.id.map { ($0, c.$program.id) } })
            for party in parties { add(party.$organization.id, programOf[party.$collaboration.id].flatMap { $0 }.flatMap { agencyOfProgram[$0] }) }
        }
        var agencyOfCall: [UUID: UUID] = [:]
        for call in try await Call.query(on: db).all() {
            if let id = call.id, let agency = agencyOfProgram[call.$program.id] { agencyOfCall[id] = agency }
        }
        for need in try await Need.query(on: db).filter(\.$organization.$id ~~ organizationIDs).filter(\.$call.$id != nil).all() {
            add(need.$organization.id, need.$call.id.flatMap { agencyOfCall[$0] })
        }
        let applications = try await NeedApplication.query(on: db).filter(\.$startup.$id ~~ organizationIDs).all()
        let needIDs = Array(Set(applications.map { $0.$need.id }))
        if !needIDs.isEmpty {
            let callOf = Dictionary(uniqueKeysWithValues: try await Need.query(on: db).filter(\.$id ~~ needIDs).all().compactMap { n in n.id.map { ($0, n.$call.id) } })
            for a in applications { add(a.$startup.id, callOf[a.$need.id].flatMap { $0 }.flatMap { agencyOfCall[$0] }) }
        }
        let participants = try await EventParticipant.query(on: db).filter(\.$organization.$id ~~ organizationIDs).all()
        let eventIDs = Array(Set(participants.map { $0.$event.id }))
        if !eventIDs.isEmpty {
            let programOf = Dictionary(uniqueKeysWithValues: try await MeetingEvent.query(on: db).filter(\.$id ~~ eventIDs).all()
                .compactMap { e in e.id.map { ($0, e.$program.id) } })
            for p in participants { add(p.$organization.id, programOf[p.$event.id].flatMap { $0 }.flatMap { agencyOfProgram[$0] }) }
        }
        return result
    }

    /// Whether `actor` may see the contacts of `org`, loading the program facts only for an agency's operator.
    static func mayViewContact(_ actor: Principal, _ org: Organization, on db: any Database) async throws -> Bool {
        if RegistryPolicy.can(actor, .viewContact(org.access)) { return true }
        guard actor.isOperator else { return false }
        return RegistryPolicy.can(actor, .viewContact(try await org.access(on: db)))
    }

    /// The organisations of `orgs` whose contacts `actor` may see.
    static func contactsVisible(_ actor: Principal, _ orgs: [Organization], on db: any Database) async throws -> Set<UUID> {
        let ids = orgs.compactMap(\.id)
        let agencies = actor.isOperator && !actor.isPlatformOperator ? try await programAgencies(of: ids, on: db) : [:]
        return Set(orgs.compactMap { org -> UUID? in
            guard let id = org.id else { return nil }
            let access = OrganizationAccess(id: id, kind: org.kind, status: org.status, openToPartners: org.openToPartners, programAgencies: agencies[id] ?? [])
            return RegistryPolicy.can(actor, .viewContact(access)) ? id : nil
        })
    }
}
