import Vapor

/// A route as it is registered: its method, its path pattern (`":roundID"` for a parameter) and
/// who may use it.
struct RouteSpec: Sendable {
    let method: HTTPMethod
    let path: [PathComponent]
    let access: RouteAccess

    init(_ method: HTTPMethod, _ path: [PathComponent], _ access: RouteAccess) {
        self.method = method
        self.path = path
        self.access = access
    }

    /// The key `RouteAccess` and the access matrix use, e.g. `"GET /rounds/:roundID"`.
    var key: String { RouteAccess.key(method, path) }
}

/// Every web route of the site, one nested enum per capability (`SiteRoute.Experts.show` …),
/// each case with its method, path and access (`spec`). Controllers register only through it
/// (`app.on(.experts(.show), use: show)`), `RouteAccessMiddleware` reads who may use a route from
/// it, and `SiteRouteTests` checks that the registered routes and the cases are the same set.
/// The JSON API under `/api/v1` is registered from `openapi.yaml` instead.
enum SiteRoute: Hashable, Sendable {
    case accounts(Accounts)
    case passwordReset(PasswordReset)
    case personalData(PersonalData)
    case signup(Signup)
    case twoFactor(TwoFactor)
    case audit(Audit)
    case bulk(Bulk)
    case collaborations(Collaborations)
    case core(Core)
    case evaluations(Evaluations)
    case experts(Experts)
    case grievances(Grievances)
    case importData(Import)
    case kpi(KPI)
    case meetings(Meetings)
    case applications(Applications)
    case needs(Needs)
    case networks(Networks)
    case inbox(Inbox)
    case operations(Operations)
    case programs(Programs)
    case members(Members)
    case registry(Registry)
    case taxonomy(Taxonomy)
    case workspace(Workspace)

    var spec: RouteSpec {
        switch self {
        case .accounts(let route): route.spec
        case .passwordReset(let route): route.spec
        case .personalData(let route): route.spec
        case .signup(let route): route.spec
        case .twoFactor(let route): route.spec
        case .audit(let route): route.spec
        case .bulk(let route): route.spec
        case .collaborations(let route): route.spec
        case .core(let route): route.spec
        case .evaluations(let route): route.spec
        case .experts(let route): route.spec
        case .grievances(let route): route.spec
        case .importData(let route): route.spec
        case .kpi(let route): route.spec
        case .meetings(let route): route.spec
        case .applications(let route): route.spec
        case .needs(let route): route.spec
        case .networks(let route): route.spec
        case .inbox(let route): route.spec
        case .operations(let route): route.spec
        case .programs(let route): route.spec
        case .members(let route): route.spec
        case .registry(let route): route.spec
        case .taxonomy(let route): route.spec
        case .workspace(let route): route.spec
        }
    }

    /// Every route, in registration order within each capability.
    static let all: [SiteRoute] = {
        var all: [SiteRoute] = []
        all += Accounts.allCases.map(SiteRoute.accounts)
        all += PasswordReset.allCases.map(SiteRoute.passwordReset)
        all += PersonalData.allCases.map(SiteRoute.personalData)
        all += Signup.allCases.map(SiteRoute.signup)
        all += TwoFactor.allCases.map(SiteRoute.twoFactor)
        all += Audit.allCases.map(SiteRoute.audit)
        all += Bulk.allCases.map(SiteRoute.bulk)
        all += Collaborations.allCases.map(SiteRoute.collaborations)
        all += Core.allCases.map(SiteRoute.core)
        all += Evaluations.allCases.map(SiteRoute.evaluations)
        all += Experts.allCases.map(SiteRoute.experts)
        all += Grievances.allCases.map(SiteRoute.grievances)
        all += Import.allCases.map(SiteRoute.importData)
        all += KPI.allCases.map(SiteRoute.kpi)
        all += Meetings.allCases.map(SiteRoute.meetings)
        all += Applications.allCases.map(SiteRoute.applications)
        all += Needs.allCases.map(SiteRoute.needs)
        all += Networks.allCases.map(SiteRoute.networks)
        all += Inbox.allCases.map(SiteRoute.inbox)
        all += Operations.allCases.map(SiteRoute.operations)
        all += Programs.allCases.map(SiteRoute.programs)
        all += Members.allCases.map(SiteRoute.members)
        all += Registry.allCases.map(SiteRoute.registry)
        all += Taxonomy.allCases.map(SiteRoute.taxonomy)
        all += Workspace.allCases.map(SiteRoute.workspace)
        return all
    }()

    /// The routes by their key, for `RouteAccess.declaration`.
    static let byKey: [String: SiteRoute] = Dictionary(all.map { ($0.spec.key, $0) }, uniquingKeysWith: { first, _ in first })
}

extension RoutesBuilder {
    /// Registers `route` with its method and path.
    @discardableResult
    func on<Response: AsyncResponseEncodable>(_ route: SiteRoute, use closure: @Sendable @escaping (Request) async throws -> Response) -> Route {
        on(route.spec.method, route.spec.path, use: closure)
    }

    /// A POST route that takes files: its body is collected up to `maxBytes` (the CSRF check reads
    /// the form within the same limit).
    @discardableResult
    func upload(_ route: SiteRoute, maxBytes: Int, use closure: @Sendable @escaping (Request) async throws -> Response) -> Route {
        let route = on(route.spec.method, route.spec.path, body: .collect(maxSize: ByteCount(value: maxBytes)), use: closure)
        route.userInfo[AnySendableHashable(RouteLimits.key)] = maxBytes
        return route
    }
}

extension SiteRoute {
    /// This route's path with `parameters` in place of its `:parameters`, in order (a UUID prints
    /// as its uuidString; every value is percent-encoded as one segment), then the query (empty
    /// values left out) and the anchor: `SiteRoute.evaluations(.close).path(roundID)` →
    /// `/rounds/…/close`. Links print from the same case that registers the route.
    func path(_ parameters: any CustomStringConvertible..., query: [(String, String?)] = [], anchor: String? = nil) -> String {
        printed(parameters, query: query, anchor: anchor)
    }

    /// This route's full address on `base`, for e-mails and calendar files.
    func absolute(_ parameters: any CustomStringConvertible..., query: [(String, String?)] = [], anchor: String? = nil, base: BaseURL) -> String {
        base.absolute(printed(parameters, query: query, anchor: anchor))
    }

    /// `path(_:query:anchor:)` with the parameters in an array.
    func printed(_ parameters: [any CustomStringConvertible], query: [(String, String?)] = [], anchor: String? = nil) -> String {
        var values = parameters.makeIterator()
        let segments = spec.path.map { component -> String in
            if case .constant(let text) = component { return text }
            guard let value = values.next() else { preconditionFailure("\(spec.key) takes more than \(parameters.count) parameters") }
            return SiteURL.pathToken(value.description)
        }
        precondition(values.next() == nil, "\(spec.key) takes fewer than \(parameters.count) parameters")
        return "/" + segments.joined(separator: "/") + SiteURL.query(query) + (anchor.map { "#" + $0 } ?? "")
    }
}
