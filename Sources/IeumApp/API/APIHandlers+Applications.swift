import Fluent
import Foundation
import IeumAPI
import IeumCore
import Vapor

/// Applications through the API: each one shown only when `NeedPolicy.can(_, .viewProposal)`
/// allows it, with the same `ApplicationAccess` as the application page.
extension IeumAPIService {
    static func application(_ application: NeedApplication) throws -> Schemas.Application {
        Schemas.Application(
            id: try application.requireID().uuidString, needId: application.$need.id.uuidString, startupId: application.$startup.id.uuidString,
            status: Schemas.Application.StatusPayload(rawValue: application.status.rawValue)!, solution: application.solution,
            differentiation: application.differentiation, pocPlan: application.pocPlan, expectedResults: application.expectedResults,
            budgetKrw: application.budgetKRW, budgetDetail: application.budgetDetail, submittedAt: application.submittedAt,
            updatedAt: application.updatedAt
        )
    }

    /// The applications among `list` the actor may see, by id.
    static func visibleApplications(_ list: [NeedApplication], for actor: Principal, on db: any Database) async throws -> [Schemas.Application] {
        let needIDs = Array(Set(list.map { $0.$need.id }))
        let needs = needIDs.isEmpty ? [] : try await Need.query(on: db).filter(\.$id ~~ needIDs).all()
        var facts: [UUID: (organization: UUID, agency: UUID?)] = [:]
        for need in needs { facts[try need.requireID()] = (need.$organization.id, try await NeedService.programAgency(of: need, on: db)) }
        return try list.sorted { try $0.requireID().uuidString < $1.requireID().uuidString }.compactMap { item in
            guard let need = facts[item.$need.id] else { return nil }
            let access = ApplicationAccess(startupID: item.$startup.id, needOrganizationID: need.organization, status: item.status, programAgency: need.agency)
            return NeedPolicy.can(actor, .viewProposal(access)) ? try Self.application(item) : nil
        }
    }

    func listNeedApplications(_ input: Operations.ListNeedApplications.Input) async throws -> Operations.ListNeedApplications.Output {
        let req = try APIRequest.get()
        let actor = try req.requireActor()
        let (need, access) = try await NeedService.visible(try Self.uuid(input.path.id), for: actor, on: req.db)
        // As on the need's applications page: not theirs to see, not told it exists.
        guard NeedPolicy.can(actor, .listApplications(access)) else { throw IeumError.notFound }
        let list = try await NeedApplication.query(on: req.db).filter(\.$need.$id == need.requireID()).all()
        return .ok(.init(body: .json(try await Self.visibleApplications(list, for: actor, on: req.db))))
    }

    func listStartupApplications(_ input: Operations.ListStartupApplications.Input) async throws -> Operations.ListStartupApplications.Output {
        let req = try APIRequest.get()
        let actor = try req.requireActor()
        let org = try await Self.visibleOrganization(input.path.id, for: actor, on: req.db)
        guard org.kind == .startup, try actor.isOperator || actor.isMember(of: org.requireID()) else { throw IeumError.notFound }
        let list = try await NeedApplication.query(on: req.db).filter(\.$startup.$id == org.requireID()).all()
        return .ok(.init(body: .json(try await Self.visibleApplications(list, for: actor, on: req.db))))
    }

    func getApplication(_ input: Operations.GetApplication.Input) async throws -> Operations.GetApplication.Output {
        let req = try APIRequest.get()
        let actor = try req.requireActor()
        let loaded = try await ApplicationService.visible(try Self.uuid(input.path.id), for: actor, on: req.db)
        return .ok(.init(body: .json(try Self.application(loaded.application))))
    }
}
