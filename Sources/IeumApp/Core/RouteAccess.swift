import Foundation
import Vapor

/// Who may use a route: the coarse level every route declares in `RouteAccess.declared`,
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
    /// Operators only, of an agency or of the platform; everyone else gets 403 before the handler.
    /// Declared only where the handler itself refuses every non-operator.
    case operators
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
        let key = key(method, path)
        if let declared = declared[key] { return declared }
        if ("/" + path.string + "/").hasPrefix(apiPrefix) { return .api }
        return nil
    }

    /// Every web route, decided by reading its handler.
    static let declared: [String: RouteAccess] = [
        // Core
        "GET /": .everyone,
        "GET /healthz": .everyone,
        "GET /openapi.yaml": .everyone,

        // Accounts
        "GET /login": .everyone,
        "POST /login": .everyone,
        "POST /logout": .everyone,
        "GET /account": .signedIn,
        "POST /account/password": .signedIn,
        "POST /account/tokens": .signedIn,
        "POST /account/tokens/:tokenID/delete": .signedIn,
        "GET /admin/users": .platformOperators,
        "POST /admin/users": .platformOperators,
        "POST /admin/users/:userID/tokens/revoke": .platformOperators,
        "POST /admin/users/:userID/active": .platformOperators,

        // Registry
        "GET /organizations": .signedIn,
        "GET /organizations/new": .signedIn,
        "POST /organizations": .signedIn,
        "GET /organizations/:orgID": .signedIn,
        "GET /organizations/:orgID/edit": .signedIn,
        "POST /organizations/:orgID": .signedIn,
        "POST /organizations/:orgID/status": .operators,
        "GET /admin/approvals": .operators,

        // Import and export
        "GET /admin/import": .operators,
        "POST /admin/import": .operators,
        "POST /admin/import/confirm": .operators,
        "GET /admin/export.csv": .platformOperators,
        "GET /admin/export.jsonl": .platformOperators,

        // Taxonomy
        "GET /admin/taxonomy": .operators,
        "POST /admin/taxonomy/fields": .platformOperators,
        "POST /admin/taxonomy/fields/:entryID": .platformOperators,
        "POST /admin/taxonomy/regions": .platformOperators,
        "POST /admin/taxonomy/regions/:entryID": .platformOperators,
        "POST /admin/taxonomy/clusters": .platformOperators,
        "POST /admin/taxonomy/clusters/:entryID": .platformOperators,

        // Audit
        "GET /admin/audit": .operators,

        // Needs
        "GET /calls": .everyone,
        "GET /dashboard": .signedIn,
        "GET /needs": .signedIn,
        "GET /needs/new": .signedIn,
        "POST /needs": .signedIn,
        "GET /needs/:needID": .everyone,
        "GET /needs/:needID/edit": .signedIn,
        "POST /needs/:needID": .signedIn,
        "POST /needs/:needID/status": .signedIn,
        "POST /needs/:needID/pledge": .signedIn,
        "POST /needs/:needID/invitations": .signedIn,
        "POST /needs/:needID/apply": .signedIn,
        "GET /needs/:needID/applications": .signedIn,
        "POST /needs/:needID/feedback": .signedIn,

        // Applications (proposals)
        "GET /applications/:appID": .signedIn,
        "GET /applications/:appID/edit": .signedIn,
        "POST /applications/:appID": .signedIn,
        "POST /applications/:appID/withdraw": .signedIn,
        "POST /applications/:appID/review": .signedIn,
        "POST /applications/:appID/attachments": .signedIn,
        "GET /applications/:appID/attachments/:fileID": .signedIn,
        "POST /applications/:appID/attachments/:fileID/delete": .signedIn,

        // Programs
        "GET /programs": .everyone,
        "POST /programs": .operators,
        "GET /programs/:programID": .everyone,
        "POST /programs/:programID": .operators,
        "GET /programs/:programID/edit": .operators,
        "POST /programs/:programID/calls": .operators,
        "GET /programs/:programID/calls/:callID": .operators,
        "POST /programs/:programID/calls/:callID": .operators,
        "POST /programs/:programID/participants": .operators,
        "POST /programs/:programID/targets": .operators,

        // Notifications
        "GET /inbox": .signedIn,
        "POST /inbox/read": .signedIn,

        // Collaborations
        "GET /collaborations": .signedIn,
        "POST /collaborations": .operators,
        "GET /collaborations/:collabID": .signedIn,
        "POST /collaborations/:collabID/stage": .signedIn,
        "POST /collaborations/:collabID/changes/:changeID": .signedIn,
        "POST /collaborations/:collabID/files": .signedIn,
        "GET /collaborations/:collabID/files/:fileID": .signedIn,
        "POST /collaborations/:collabID/funding": .signedIn,
        "POST /collaborations/:collabID/milestones": .signedIn,
        "POST /collaborations/:collabID/milestones/:milestoneID/done": .signedIn,
        "POST /collaborations/:collabID/outcomes": .signedIn,
        "POST /collaborations/:collabID/outcomes/:outcomeID": .signedIn,
        // A party's people export their own collaborations; operators those they run.
        "GET /collaborations/export.csv": .signedIn,
        "GET /collaborations/export.xlsx": .signedIn,

        // KPI
        "GET /kpi": .operators,
        "GET /kpi/export.csv": .operators,
        "GET /kpi/export.xlsx": .operators,

        // Grievances: public intake and receipt link; the desk is the operators'. A case answers 404
        // to everyone else (its existence is not theirs to learn), so its routes are `.signedIn`.
        "GET /grievances/new": .everyone,
        "POST /grievances": .everyone,
        "GET /grievances/track/:token": .everyone,
        "GET /grievances": .operators,
        "GET /grievances/dashboard": .operators,
        "GET /grievances/dashboard.csv": .operators,
        "GET /grievances/routes": .operators,
        "POST /grievances/routes": .operators,
        "GET /grievances/:id": .signedIn,
        "POST /grievances/:id/classify": .signedIn,
        "POST /grievances/:id/assign": .signedIn,
        "POST /grievances/:id/status": .signedIn,
        "POST /grievances/:id/comments": .signedIn,
        "GET /grievances/:id/files/:fileID": .signedIn,

        // Evaluations: judges use the round pages too; a round answers 404 to whoever neither runs
        // nor judges it.
        "GET /rounds": .signedIn,
        "GET /rounds/new": .operators,
        "POST /rounds": .operators,
        "GET /rounds/:roundID": .signedIn,
        "POST /rounds/:roundID/template": .signedIn,
        "POST /rounds/:roundID/criteria": .signedIn,
        "POST /rounds/:roundID/criteria/delete": .signedIn,
        "POST /rounds/:roundID/settings": .signedIn,
        "POST /rounds/:roundID/judges": .signedIn,
        "POST /rounds/:roundID/judges/delete": .signedIn,
        "POST /rounds/:roundID/entries": .signedIn,
        "POST /rounds/:roundID/assign": .signedIn,
        "POST /rounds/:roundID/assignments": .signedIn,
        "POST /rounds/:roundID/open": .signedIn,
        "POST /rounds/:roundID/close": .signedIn,
        "POST /rounds/:roundID/pledge": .signedIn,
        "GET /rounds/:roundID/entries/:entryID": .signedIn,
        "POST /rounds/:roundID/entries/:entryID": .signedIn,
        "POST /rounds/:roundID/sheets/:sheetID/reopen": .signedIn,
        "GET /rounds/:roundID/results": .signedIn,
        "GET /rounds/:roundID/results.csv": .signedIn,
        "GET /rounds/:roundID/results.xlsx": .signedIn,
        "POST /rounds/:roundID/select": .signedIn,
        "POST /rounds/:roundID/awards": .signedIn,

        // Experts
        "GET /experts": .operators,
        "GET /experts/new": .operators,
        "POST /experts": .operators,
        "GET /experts/:expertID": .operators,
        "POST /experts/:expertID": .operators,
        "POST /experts/:expertID/affiliations": .operators,

        // Meetings: an event answers 404 to whoever neither runs it nor takes part.
        "GET /meetings": .signedIn,
        "GET /meetings/new": .operators,
        "POST /meetings": .operators,
        "GET /meetings/:eventID": .signedIn,
        "POST /meetings/:eventID/tables": .signedIn,
        "POST /meetings/:eventID/participants": .signedIn,
        "POST /meetings/:eventID/priorities": .signedIn,
        "POST /meetings/:eventID/availability": .signedIn,
        "POST /meetings/:eventID/requests": .signedIn,
        "POST /meetings/:eventID/requests/:requestID/:answer": .signedIn,
        "POST /meetings/:eventID/schedule": .signedIn,
        "GET /meetings/:eventID/grid": .signedIn,
        "GET /meetings/:eventID/agenda": .signedIn,
        "GET /meetings/:eventID/calendar.ics": .signedIn,
        "GET /meetings/:eventID/meetings/:meetingID/calendar.ics": .signedIn,
        "POST /meetings/:eventID/meetings/:meetingID/:action": .signedIn,
        "POST /meetings/:eventID/participants/:participantID/check-in": .signedIn,

        // Networks: members, officers and the operators running them; their policy decides.
        "GET /networks": .signedIn,
        "GET /networks/:networkID": .signedIn,
        "GET /networks/:networkID/members": .signedIn,
        "GET /networks/:networkID/statistics": .signedIn,
        "GET /networks/:networkID/statistics.csv": .signedIn,
        "GET /networks/:networkID/statistics.xlsx": .signedIn,
        "GET /networks/:networkID/events/:eventID": .signedIn,
        "POST /networks/:networkID/join": .signedIn,
        "POST /networks/:networkID/join/:requestID/:decision": .signedIn,
        "POST /networks/:networkID/members": .signedIn,
        "POST /networks/:networkID/subcommittees": .signedIn,
        "POST /networks/:networkID/events": .signedIn,
        "POST /networks/:networkID/events/:eventID/materials": .signedIn,
        "GET /networks/:networkID/events/:eventID/materials/:materialID": .signedIn,
        "POST /networks/:networkID/events/:eventID/:action": .signedIn,
        "POST /networks/:networkID/tasks": .signedIn,
        "POST /networks/:networkID/tasks/:taskID/:step": .signedIn,
    ]
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
        case .signedIn, .operators, .platformOperators:
            guard let actor = request.actor else { throw Self.visitorRefusal(request) }
            if access == .operators, !actor.isOperator { throw IeumError.forbidden }
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
