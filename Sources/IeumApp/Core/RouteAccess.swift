import Foundation
import Vapor

/// Who may use a route: the coarse level every route declares in its `SiteRoute` case,
/// enforced by `RouteAccessMiddleware` before the handler (and before a form's body is read).
/// Finer rules (which record, which stage) stay with each capability's policy, which the handler
/// asks. `AccessMatrixTests` sends every route as ten roles and checks the answers against this.
enum RouteAccess: Sendable, Equatable {
    /// Everyone, signed in or not: public pages (calls, need teasers, programs, the grievance
    /// desk's intake and receipt link), the sign-in form, health and the API description.
    case everyone
    /// Every signed-in person reaches the handler, whose capability policy decides (403, or 404 for
    /// a record they may not see). Visitors are sent to the sign-in page (401 for a program).
    case signedIn
    /// The parties of the record the path names: signed-in people the capability's policy lets
    /// see or change it (its organisations' members, its program's operators, its judges, the
    /// event's participants …). Everyone else signed in (another organisation's member, another
    /// agency's operator) gets 403, or 404 where the record's existence is not theirs to learn.
    /// The middleware lets every signed-in person through to the handler; the access matrix checks
    /// that outsiders are refused whatever they send.
    case parties
    /// Startups acting on a record open to every startup (the confidentiality pledge and the
    /// application of a published need), and the record's parties; other signed-in people (a demand
    /// organisation's member, another agency's operator) get 403 or 404.
    case startups
    /// The record's parties and every operator, of any agency: the registry's organisations, which
    /// all agencies share, and grievance cases, which one desk handles. Other organisations' members
    /// get 403 or 404.
    case partiesAndAllOperators
    /// Operators only, of an agency or of the platform; everyone else gets 403 before the handler.
    /// Declared only where the handler itself refuses every non-operator.
    case operators
    /// Operators of the agency that runs the record the path names (its program's operating
    /// agency) and platform operators; another agency's operator gets 403 or 404 from the handler,
    /// everyone else 403 before it.
    case runningOperators
    /// Platform operators only (operators who belong to no agency): user administration, the
    /// registry-wide export, taxonomy editing. Agency operators and everyone else get 403.
    case platformOperators
    /// The JSON API under `/api/v1`: its handlers authenticate (token or session) and answer
    /// problem JSON themselves.
    case api

    /// The JSON API's routes are generated from `openapi.yaml`; they are declared by this prefix.
    static let apiPrefix = "/api/v1/"

    /// The key of a route in `declared`: its method and its path as Vapor prints it,
    /// e.g. `"GET /rounds/:roundID"`.
    static func key(_ method: HTTPMethod, _ path: [PathComponent]) -> String {
        "\(method.rawValue) /\(path.string)"
    }

    /// The declaration of a route, or nil when it has none (the middleware then treats it as
    /// `.platformOperators`, and the access matrix test fails).
    static func declaration(_ method: HTTPMethod, _ path: [PathComponent]) -> RouteAccess? {
        if let route = SiteRoute.byKey[key(method, path)] { return route.spec.access }
        if ("/" + path.string + "/").hasPrefix(apiPrefix) { return .api }
        return nil
    }

    /// Every web route's access by its key, read from `SiteRoute` (each case declares its own).
    static var declared: [String: RouteAccess] { SiteRoute.byKey.mapValues(\.spec.access) }
}

/// Enforces each route's `RouteAccess` before the handler and before a form's body is read:
/// a visitor on a page that is not public is sent to sign in (a POST that could carry no form
/// token at all gets the CSRF refusal it always got); a non-operator on an operators' route and an
/// agency operator on a platform operators' route get 403. A route without a declaration is
/// treated as platform operators' (fail closed). Unknown paths go on to their 404.
struct RouteAccessMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let route = request.route else { return try await next.respond(to: request) }
        let access = RouteAccess.declaration(route.method, route.path) ?? .platformOperators
        switch access {
        case .everyone, .api:
            break
        case .signedIn, .parties, .startups, .partiesAndAllOperators, .operators, .runningOperators, .platformOperators:
            guard let actor = request.actor else { throw Self.visitorRefusal(request) }
            if access == .operators || access == .runningOperators, !actor.isOperator { throw IeumError.forbidden }
            if access == .platformOperators, !actor.isPlatformOperator { throw IeumError.forbidden }
        }
        return try await next.respond(to: request)
    }

    /// What a visitor gets: the sign-in page (401 → redirect for a browser). A form sent with no
    /// valid visitor token could never pass the CSRF check, so it keeps that refusal (403).
    static func visitorRefusal(_ request: Request) -> any Error {
        let safe: [HTTPMethod] = [.GET, .HEAD, .OPTIONS]
        if !safe.contains(request.method) {
            let secret = request.application.ieumConfiguration.secret
            let token = request.cookies[AnonymousFormToken.cookieName]?.string
            if !(token.map { AnonymousFormToken.isValid($0, secret: secret) } ?? false) { return IeumError.csrf }
        }
        return Abort(.unauthorized)
    }
}
