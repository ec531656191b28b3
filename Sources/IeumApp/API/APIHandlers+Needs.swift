import Fluent
import Foundation
import IeumAPI
import IeumCore
import Vapor

/// Needs through the API: what a caller sees is decided by `NeedPolicy` with the same
/// `NeedAccess` as the need page (teaser, detail by pledge, the organisation's name unless hidden).
extension IeumAPIService {
    static func need(_ need: Need, access: NeedAccess, for actor: Principal?, on db: any Database) async throws -> Schemas.Need {
        let detail = NeedPolicy.can(actor, .viewDetail(access))
        let showOrganization = NeedPolicy.can(actor, .viewOrganizationName(access))
        let organization = showOrganization ? try await Organization.find(need.$organization.id, on: db) : nil
        return Schemas.Need(
            id: try need.requireID().uuidString, callId: need.$call.id?.uuidString, title: need.title, titleEn: need.titleEn,
            teaser: need.teaser, status: Schemas.Need.StatusPayload(rawValue: need.status.rawValue)!, fields: need.fieldCodes,
            minStage: need.minStage.flatMap { Schemas.Stage(rawValue: $0.rawValue) }, minTrl: need.minTRL, support: need.support,
            pocFundsKrw: need.pocFundsKRW, startupsSought: need.startupsSought, deadline: need.deadline, publishedAt: need.publishedAt,
            organizationId: organization?.id?.uuidString, organizationName: organization?.name, detailVisible: detail,
            detail: detail ? need.detail : nil,
            contact: detail ? .init(name: need.contactName, email: need.contactEmail, phone: need.contactPhone) : nil
        )
    }

    func listNeeds(_ input: Operations.ListNeeds.Input) async throws -> Operations.ListNeeds.Output {
        let req = try APIRequest.get()
        let limit = try Self.pageLimit(input.query.limit)
        let query = Need.query(on: req.db).filter(\.$status ~~ NeedStatus.allCases.filter(\.isPublic))
        if let (_, id) = try Self.cursor(input.query.cursor) { query.filter(\.$id > id) }
        let rows = try await query.sort(\.$id).limit(limit + 1).all()
        let page = Array(rows.prefix(limit))
        var items: [Schemas.Need] = []
        for need in page {
            // One access value per need, as the page builds it (pledge, own application, agency).
            let access = try await NeedService.access(need, for: req.actor, on: req.db)
            guard NeedPolicy.can(req.actor, .viewTeaser(access)) else { continue }
            items.append(try await Self.need(need, access: access, for: req.actor, on: req.db))
        }
        let next = try rows.count > limit ? page.last.map { Self.cursorText(0, try $0.requireID()) } : nil
        req.nextPageLink = Self.nextLink(req, cursor: next, limit: limit)
        return .ok(.init(body: .json(.init(items: items, nextCursor: next))))
    }

    func getNeed(_ input: Operations.GetNeed.Input) async throws -> Operations.GetNeed.Output {
        let req = try APIRequest.get()
        let (need, access) = try await NeedService.visible(try Self.uuid(input.path.id), for: req.actor, on: req.db)
        return .ok(.init(body: .json(try await Self.need(need, access: access, for: req.actor, on: req.db))))
    }
}
