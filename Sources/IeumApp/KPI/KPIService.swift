import Fluent
import Foundation
import IeumCore

/// KPI capability: which programs an operator's dashboard covers, and the records loaded from the
/// database into `KPIFacts` for `KPICalculator`.
public enum KPIService {
    /// The programs the actor's dashboards cover, by name: all of them for a platform operator;
    /// for an agency's operator the programs their agencies run. Not an operator: 403.
    public static func programs(for actor: Principal, on db: any Database) async throws -> [Program] {
        guard KPIPolicy.can(actor, .viewDashboard) else { throw IeumError.forbidden }
        let query = Program.query(on: db).sort(\.$year, .descending).sort(\.$name)
        if !actor.isPlatformOperator {
            query.filter(\.$operatorOrganization.$id ~~ Array(actor.operatorAgencies).map(Optional.some))
        }
        return try await query.all().filter { KPIPolicy.can(actor, .viewProgram($0.access)) }
    }

    /// The program of `/kpi?program=…` if the actor's dashboards cover it; 404 otherwise.
    public static func program(_ id: UUID, for actor: Principal, on db: any Database) async throws -> Program {
        guard let program = try await programs(for: actor, on: db).first(where: { $0.id == id }) else { throw IeumError.notFound }
        return program
    }

    public static func report(for programs: [Program], on db: any Database) async throws -> KPICalculator {
        KPICalculator(try await facts(for: programs, on: db))
    }

    static func chunks(_ ids: [UUID]) -> [[UUID]] {
        stride(from: 0, to: ids.count, by: 500).map { Array(ids[$0..<min($0 + 500, ids.count)]) }
    }

    public static func facts(for programs: [Program], on db: any Database) async throws -> KPIFacts {
        var facts = KPIFacts()
        let programIDs = try programs.map { try $0.requireID() }
        facts.programs = programs.map { KPIFacts.Program(id: $0.storedID, name: Localized($0.name, $0.nameEn ?? $0.name)) }
        guard !programIDs.isEmpty else { return facts }

        for target in try await ProgramTarget.query(on: db).filter(\.$program.$id ~~ programIDs).all() {
            let before = facts.targets[target.metric]?[target.period] ?? 0
            facts.targets[target.metric, default: [:]][target.period] = before.saturatingAdding(target.value)
        }
        let participants = try await ProgramParticipant.query(on: db).filter(\.$program.$id ~~ programIDs).with(\.$organization).all()
        for p in participants { facts.participants[p.$organization.id] = p.organization.kind }

        // Needs published in the programs' calls, and the applications submitted to them.
        let networkIDs = try await Network.query(on: db).filter(\.$program.$id ~~ programIDs).all().compactMap(\.id)
        if !networkIDs.isEmpty {
            facts.eventsHeld = try await NetworkEvent.query(on: db).filter(\.$network.$id ~~ networkIDs).filter(\.$held == true)
                .filter(\.$cancelled == false).all().map(\.startsAt)
        }
        let callIDs = try await Call.query(on: db).filter(\.$program.$id ~~ programIDs).all().compactMap(\.id)
        var needIDs: [UUID] = []
        for chunk in chunks(callIDs) {
            for need in try await Need.query(on: db).filter(\.$call.$id ~~ chunk.map(Optional.some)).all() {
                needIDs.append(try need.requireID())
                if let published = need.publishedAt { facts.needsPublished.append(published) }
            }
        }
        for chunk in chunks(needIDs) {
            let applications = try await NeedApplication.query(on: db).filter(\.$need.$id ~~ chunk).filter(\.$status != .draft).all()
            var reached: [UUID: [ApplicationStatus: Date]] = [:]
            for part in chunks(try applications.map { try $0.requireID() }) {
                let events = try await ApplicationEvent.query(on: db).filter(\.$application.$id ~~ part)
                    .filter(\.$toStatus ~~ [ApplicationStatus.shortlisted, .selected]).all()
                for event in events {
                    let id = event.$application.id
                    reached[id, default: [:]][event.toStatus] = min(reached[id]?[event.toStatus] ?? event.at, event.at)
                }
            }
            for a in applications {
                guard let submitted = a.submittedAt else { continue }
                let id = try a.requireID()
                let selected = reached[id]?[.selected] ?? (a.status == .selected ? submitted : nil)
                let shortlisted = [reached[id]?[.shortlisted] ?? (a.status == .shortlisted ? submitted : nil), selected].compactMap { $0 }.min()
                facts.applications.append(.init(id: id, startupID: a.$startup.id, submittedAt: submitted, shortlistedAt: shortlisted, selectedAt: selected))
            }
        }

        // Collaborations, their approved stage changes, investor parties and confirmed outcomes.
        let collaborations = try await Collaboration.query(on: db).filter(\.$program.$id ~~ programIDs.map(Optional.some)).all()
        let collaborationIDs = try collaborations.map { try $0.requireID() }
        var changes: [UUID: [KPIFacts.Change]] = [:]
        for chunk in chunks(collaborationIDs) {
            let rows = try await StageChange.query(on: db).filter(\.$collaboration.$id ~~ chunk).filter(\.$status == .approved)
                .sort(\.$decidedAt).all()
            for row in rows where row.fromStage != nil {
                guard let decided = row.decidedAt else { continue }
                changes[row.$collaboration.id, default: []].append(.init(from: row.fromStage, to: row.toStage, decidedAt: decided))
            }
            for party in try await CollaborationParty.query(on: db).filter(\.$collaboration.$id ~~ chunk).filter(\.$role == .investor).all() {
                facts.investorParties[party.$collaboration.id, default: []].insert(party.$organization.id)
            }
            for o in try await Outcome.query(on: db).filter(\.$collaboration.$id ~~ chunk).filter(\.$status == .confirmed).all() {
                facts.outcomes.append(.init(collaborationID: o.$collaboration.id, kind: o.kind, amountKRW: o.amountKRW ?? 0, count: o.count ?? 0,
                                            investorID: o.$investor.id, occurredOn: o.occurredOn))
            }
        }
        facts.collaborations = try collaborations.map { c in
            let id = try c.requireID()
            return KPIFacts.Collaboration(id: id, programID: c.$program.id, startupID: c.$startup.id, demandID: c.$demand.id,
                                          applicationID: c.applicationID, startedAt: c.startedAt, stage: c.stage,
                                          changes: changes[id] ?? [])
        }

        // What the breakdowns group by: the startups' and demand organisations' profiles.
        let organizationIDs = Array(Set(collaborations.map { $0.$startup.id } + collaborations.compactMap { $0.$demand.id }))
        let taxonomy = try await TaxonomySnapshot.load(on: db)
        for chunk in chunks(organizationIDs) {
            var mainField: [UUID: Localized] = [:]
            let links = try await OrganizationTechField.query(on: db).filter(\.$organization.$id ~~ chunk).with(\.$techField).sort(\.$position).all()
            for link in links where mainField[link.$organization.id] == nil {
                mainField[link.$organization.id] = Localized(link.techField.nameKo, link.techField.nameEn)
            }
            for org in try await Organization.query(on: db).filter(\.$id ~~ chunk).all() {
                let id = try org.requireID()
                facts.organizations[id] = .init(kind: org.kind, mainField: mainField[id],
                                                cluster: org.clusterCode.flatMap { taxonomy.cluster(code: $0)?.name },
                                                stage: org.stage, demandSize: org.demandSize)
            }
        }
        return facts
    }
}
