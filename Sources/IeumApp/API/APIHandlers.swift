import Fluent
import Foundation
import IeumAPI
import IeumCore
import OpenAPIRuntime
import OpenAPIVapor
import Vapor

/// The JSON API under `/api/v1`, generated from `Sources/IeumAPI/openapi.yaml` (spec first).
/// Handlers throw the capabilities' errors; `IeumErrorMiddleware` turns them into problem JSON.
enum APIHandlers {
    static func register(on app: Application) throws {
        let transport = VaporTransport(routesBuilder: app.grouped(APIConventionsMiddleware(), APIIdempotencyMiddleware(), APINullRefusalMiddleware(), APIRequestMiddleware()))
        try IeumAPIService().registerHandlers(on: transport, serverURL: URL(string: "/api/v1")!)
        registerMethodNotAllowed(on: app)
    }

    /// The methods `openapi.yaml` declares per path; any other method there is a 405 with `Allow`.
    static let declaredMethods: [([PathComponent], [HTTPMethod])] = [
        (["organizations"], [.GET, .POST]),
        (["organizations", ":id"], [.GET, .PATCH]),
        (["organizations", ":id", "status"], [.POST]),
        (["organizations", ":id", "members"], [.GET]),
        (["people"], [.GET]),
        (["people", "me"], [.GET]),
        (["taxonomy"], [.GET]),
        (["needs", ":id", "recommendations"], [.GET]),
        (["needs", ":id", "feedback", ":startupId"], [.PUT, .DELETE]),
        (["startups", ":id", "recommendations"], [.GET]),
        (["needs"], [.GET]),
        (["needs", ":id"], [.GET]),
        (["needs", ":id", "applications"], [.GET]),
        (["startups", ":id", "applications"], [.GET]),
        (["applications", ":id"], [.GET]),
        (["programs"], [.GET]),
        (["programs", ":id"], [.GET]),
        (["programs", ":id", "calls"], [.GET]),
        (["calls"], [.GET]),
        (["calls", ":id"], [.GET]),
    ]

    static func registerMethodNotAllowed(on app: Application) {
        let api = app.grouped("api", "v1")
        // QUERY (the safe method with a body, an IETF draft) is one a client may try too.
        let all: [HTTPMethod] = [.GET, .POST, .PUT, .PATCH, .DELETE, .TRACE, .OPTIONS, .RAW(value: "QUERY")]
        for (path, allowed) in declaredMethods {
            for method in all where !allowed.contains(method) {
                let allow = (allowed + (allowed.contains(.GET) ? [.HEAD] : [])).map(\.rawValue).joined(separator: ", ")
                api.on(method, path) { _ -> Response in
                    throw Abort(.methodNotAllowed, headers: ["Allow": allow])
                }
            }
        }
    }
}

/// Hands the Vapor request to the generated handlers, which only see typed input.
enum APIRequest {
    @TaskLocal static var current: Request?

    static func get() throws -> Request {
        guard let current else { throw Abort(.internalServerError, reason: "API handler without a request") }
        return current
    }
}

struct APIRequestMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await APIRequest.$current.withValue(request) { try await next.respond(to: request) }
    }
}

struct IeumAPIService: APIProtocol {
    typealias Schemas = Components.Schemas

    static func pageParameters(_ page: Int?, _ perPage: Int?, defaultPerPage: Int) throws -> (Int, Int) {
        let page = page ?? 1
        let perPage = perPage ?? defaultPerPage
        guard (1...100_000).contains(page) else {
            throw IeumError.badRequest(Localized("page는 1 이상 100,000 이하입니다.", "page must be between 1 and 100,000."))
        }
        guard (1...200).contains(perPage) else {
            throw IeumError.badRequest(Localized("perPage는 1 이상 200 이하입니다.", "perPage must be between 1 and 200."))
        }
        return (page, perPage)
    }

    static func uuid(_ raw: String) throws -> UUID {
        guard let id = UUID(uuidString: raw) else {
            throw IeumError.badRequest(Localized("id가 UUID 형식이 아닙니다.", "The id is not a UUID."))
        }
        return id
    }

    /// The organisation if the actor may see it; a missing and a hidden one both answer 404.
    static func visibleOrganization(_ rawID: String, for actor: Principal, on db: any Database) async throws -> Organization {
        guard let org = try await Organization.find(try uuid(rawID), on: db), RegistryPolicy.can(actor, .view(org.access)) else {
            throw IeumError.notFound
        }
        return org
    }

    /// The API body of an organisation, with its field codes loaded.
    static func body(_ org: Organization, showContact: Bool, on db: any Database) async throws -> Schemas.Organization {
        let codes = try await RegistryService.fieldCodes(of: org.requireID(), on: db)
        return try APIMapping.organization(org, fieldCodes: codes, showContact: showContact)
    }

    func listOrganizations(_ input: Operations.ListOrganizations.Input) async throws -> Operations.ListOrganizations.Output {
        let req = try APIRequest.get()
        let actor = try req.requireActor()
        guard RegistryPolicy.can(actor, .browse) else { throw IeumError.forbidden }
        let q = input.query
        var filter = RegistryFilter()
        (filter.page, filter.perPage) = try Self.pageParameters(q.page, q.perPage, defaultPerPage: 25)
        if let text = q.q {
            guard text.count <= 200 else { throw IeumError.badRequest(Localized("검색어는 200자 이하입니다.", "The search text is at most 200 characters.")) }
            filter.query = text
        }
        filter.kind = q.kind.flatMap { OrganizationKind(rawValue: $0.rawValue) }
        filter.stage = q.stage.flatMap { Stage(rawValue: $0.rawValue) }
        filter.status = q.status.flatMap { ApprovalStatus(rawValue: $0.rawValue) }
        for (name, value) in [("field", q.field), ("region", q.region), ("cluster", q.cluster)] where (value?.count ?? 0) > 64 {
            throw IeumError.badRequest(Localized("\(name)는 64자 이하입니다.", "\(name) is at most 64 characters."))
        }
        filter.fieldCode = q.field.flatMap { $0.isEmpty ? nil : $0 }
        filter.regionCode = q.region.flatMap { $0.isEmpty ? nil : $0 }
        filter.clusterCode = q.cluster.flatMap { $0.isEmpty ? nil : $0 }
        let page = try await RegistryQuery.list(filter, for: actor, on: req.db)
        let codes = try await RegistryController.fieldNames(for: page.organizations, on: req.db).mapValues { $0.map(\.code) }
        let contacts = try await RegistryService.contactsVisible(actor, page.organizations, on: req.db)
        let items = try page.organizations.map { org in
            try APIMapping.organization(org, fieldCodes: codes[try org.requireID()] ?? [], showContact: contacts.contains(try org.requireID()))
        }
        return .ok(.init(body: .json(.init(items: items, total: page.total, page: page.page, perPage: page.perPage, pageCount: page.pageCount))))
    }

    func createOrganization(_ input: Operations.CreateOrganization.Input) async throws -> Operations.CreateOrganization.Output {
        let req = try APIRequest.get()
        let actor = try req.requireActor()
        guard case .json(let body) = input.body else { throw IeumError.badRequest(Localized("JSON 본문이 필요합니다.", "A JSON body is required.")) }
        var form = OrganizationInput()
        APIMapping.apply(body, to: &form)
        let org = try await RegistryService.create(form, by: actor, on: req.db, now: req.now)
        return .created(.init(body: .json(try await Self.body(org, showContact: true, on: req.db))))
    }

    func getOrganization(_ input: Operations.GetOrganization.Input) async throws -> Operations.GetOrganization.Output {
        let req = try APIRequest.get()
        let actor = try req.requireActor()
        let org = try await Self.visibleOrganization(input.path.id, for: actor, on: req.db)
        let id = try org.requireID()
        let showContact = try await RegistryService.mayViewContact(actor, org, on: req.db)
        if showContact && !actor.isMember(of: id) {
            try await Audit.record(on: req.db, actor: actor, action: "organization.view_contact", entityType: "organization",
                                   entityID: id.uuidString, summary: "\(org.name) 연락처 열람 (API)", at: req.now)
        }
        return .ok(.init(body: .json(try await Self.body(org, showContact: showContact, on: req.db))))
    }

    func updateOrganization(_ input: Operations.UpdateOrganization.Input) async throws -> Operations.UpdateOrganization.Output {
        let req = try APIRequest.get()
        let actor = try req.requireActor()
        let id = try Self.uuid(input.path.id)
        guard let org = try await Organization.find(id, on: req.db) else { throw IeumError.notFound }
        // Someone who may not even see the organisation learns nothing about it.
        guard RegistryPolicy.can(actor, .view(org.access)) else { throw IeumError.notFound }
        guard RegistryPolicy.can(actor, .edit(org.access)) else { throw IeumError.forbidden }
        guard case .json(let patch) = input.body else { throw IeumError.badRequest(Localized("JSON 본문이 필요합니다.", "A JSON body is required.")) }
        var form = OrganizationInput(org, fieldCodes: try await RegistryService.fieldCodes(of: id, on: req.db))
        APIMapping.apply(patch, to: &form)
        let updated = try await RegistryService.update(id, with: form, by: actor, on: req.db, now: req.now)
        return .ok(.init(body: .json(try await Self.body(updated, showContact: true, on: req.db))))
    }

    func setOrganizationStatus(_ input: Operations.SetOrganizationStatus.Input) async throws -> Operations.SetOrganizationStatus.Output {
        let req = try APIRequest.get()
        let actor = try req.requireActor()
        guard RegistryPolicy.can(actor, .approve) else { throw IeumError.forbidden }
        let id = try Self.uuid(input.path.id)
        guard case .json(let body) = input.body else { throw IeumError.badRequest(Localized("JSON 본문이 필요합니다.", "A JSON body is required.")) }
        guard let status = ApprovalStatus(rawValue: body.status.rawValue) else { throw IeumError.badRequest(Localized("알 수 없는 상태입니다.", "Unknown status.")) }
        guard (body.reason?.count ?? 0) <= 1000 else {
            throw IeumError.badRequest(Localized("의견은 1,000자 이하입니다.", "The reason is at most 1,000 characters."))
        }
        let org = try await RegistryService.setStatus(id, to: status, reason: body.reason, by: actor, on: req.db, now: req.now)
        return .ok(.init(body: .json(try await Self.body(org, showContact: true, on: req.db))))
    }

    func listOrganizationMembers(_ input: Operations.ListOrganizationMembers.Input) async throws -> Operations.ListOrganizationMembers.Output {
        let req = try APIRequest.get()
        let actor = try req.requireActor()
        let org = try await Self.visibleOrganization(input.path.id, for: actor, on: req.db)
        let id = try org.requireID()
        // Who works where is contact information: the organisation's own people and operators only.
        guard try await RegistryService.mayViewContact(actor, org, on: req.db) else { throw IeumError.notFound }
        let memberships = try await Membership.query(on: req.db).filter(\.$organization.$id == id).with(\.$user).all()
        let people = try await APIMapping.people(memberships.map(\.user), on: req.db)
        return .ok(.init(body: .json(people)))
    }

    func listPeople(_ input: Operations.ListPeople.Input) async throws -> Operations.ListPeople.Output {
        let req = try APIRequest.get()
        let actor = try req.requireActor()
        guard AccountPolicy.can(actor, .manageUsers) else { throw IeumError.forbidden }
        let (page, perPage) = try Self.pageParameters(input.query.page, input.query.perPage, defaultPerPage: 50)
        let total = try await User.query(on: req.db).count()
        let users = try await User.query(on: req.db).sort(\.$email).offset((page - 1) * perPage).limit(perPage).all()
        let items = try await APIMapping.people(users, on: req.db)
        return .ok(.init(body: .json(.init(items: items, total: total, page: page, perPage: perPage))))
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let req = try APIRequest.get()
        let actor = try req.requireActor()
        guard let user = try await User.find(actor.userID, on: req.db) else { throw IeumError.unauthorized }
        let people = try await APIMapping.people([user], on: req.db)
        return .ok(.init(body: .json(people[0])))
    }

    func getTaxonomy(_ input: Operations.GetTaxonomy.Input) async throws -> Operations.GetTaxonomy.Output {
        let req = try APIRequest.get()
        let taxonomy = try await TaxonomySnapshot.load(on: req.db)
        func items(_ list: [TaxonomySnapshot.Item], parent: Bool) -> [Schemas.TaxonomyItem] {
            list.map { .init(code: $0.code, nameKo: $0.name.ko, nameEn: $0.name.en, parent: parent ? $0.parentCode : nil, active: $0.active) }
        }
        return .ok(.init(body: .json(.init(
            fields: items(taxonomy.fields, parent: false), regions: items(taxonomy.regions, parent: true), clusters: items(taxonomy.clusters, parent: true)
        ))))
    }
}
