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
        "GET /password/forgot": .everyone,
        "POST /password/forgot": .everyone,
        "GET /password/reset/:token": .everyone,
        "POST /password/reset/:token": .everyone,
        // Sign-up, consents and organisations.
        "GET /signup": .everyone,
        "POST /signup": .everyone,
        "GET /signup/verify/:token": .everyone,
        "POST /signup/verify/:token": .everyone,
        "POST /signup/resend": .everyone,
        "GET /welcome": .signedIn,
        "GET /legal/:kind": .everyone,
        "GET /admin/legal": .platformOperators,
        "POST /admin/legal/:kind": .platformOperators,
        "GET /organizations/join": .signedIn,
        "POST /organizations/:orgID/join-requests": .signedIn,
        "POST /organizations/:orgID/join-requests/:requestID": .partiesAndAllOperators,
        "POST /join-requests/:requestID/withdraw": .parties,
        "GET /organizations/:orgID/members": .partiesAndAllOperators,
        "POST /organizations/:orgID/members/:userID/role": .partiesAndAllOperators,
        "POST /organizations/:orgID/members/:userID/remove": .partiesAndAllOperators,
        "POST /organizations/:orgID/invitations": .partiesAndAllOperators,
        "POST /organizations/:orgID/invitations/:invitationID/revoke": .partiesAndAllOperators,
        "GET /invitations/:token": .everyone,
        "POST /invitations/:token": .everyone,
        "POST /account/organization": .signedIn,
        "GET /grievances/mine": .signedIn,
        "GET /grievances/mine/:id": .parties,
        // Two-factor sign-in.
        "GET /login/code": .everyone,
        "POST /login/code": .everyone,
        "GET /account/two-factor": .signedIn,
        "POST /account/two-factor": .signedIn,
        "POST /account/two-factor/recovery-codes": .signedIn,
        "POST /account/two-factor/disable": .signedIn,
        "POST /admin/users/:userID/two-factor/disable": .platformOperators,
        // Personal data export, deletion and retention.
        // Each person acts on their own account only (the handler reads the signed-in actor).
        "GET /account/export": .signedIn,
        "POST /account/export": .signedIn,
        "GET /account/delete": .signedIn,
        "POST /account/delete": .signedIn,
        "GET /account": .signedIn,
        "POST /account/password": .signedIn,
        "POST /account/language": .signedIn,
        "POST /account/tokens": .signedIn,
        "POST /account/tokens/:tokenID/delete": .parties,
        "GET /admin/users": .platformOperators,
        "POST /admin/users": .platformOperators,
        "POST /admin/users/:userID/tokens/revoke": .platformOperators,
        "POST /admin/users/:userID/active": .platformOperators,
        "POST /admin/users/:userID/reset-link": .platformOperators,
        "POST /admin/users/:userID/role": .platformOperators,

        // Registry
        "GET /organizations": .signedIn,
        "GET /organizations/new": .signedIn,
        "POST /organizations": .signedIn,
        "GET /organizations/:orgID": .signedIn,
        "GET /organizations/:orgID/edit": .partiesAndAllOperators,
        "POST /organizations/:orgID": .partiesAndAllOperators,
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
        "GET /needs/:needID/edit": .parties,
        "POST /needs/:needID": .parties,
        "POST /needs/:needID/status": .parties,
        "POST /needs/:needID/pledge": .startups,
        "POST /needs/:needID/invitations": .parties,
        "POST /needs/:needID/apply": .startups,
        "GET /needs/:needID/applications": .parties,
        "POST /needs/:needID/feedback": .parties,

        // Applications (proposals)
        "GET /applications/:appID": .parties,
        "GET /applications/:appID/edit": .parties,
        "POST /applications/:appID": .parties,
        "POST /applications/:appID/withdraw": .parties,
        "POST /applications/:appID/review": .parties,
        "POST /applications/:appID/attachments": .parties,
        "GET /applications/:appID/attachments/:fileID": .parties,
        "POST /applications/:appID/attachments/:fileID/delete": .parties,

        // Programs
        "GET /programs": .everyone,
        "POST /programs": .operators,
        "GET /programs/:programID": .everyone,
        "POST /programs/:programID": .runningOperators,
        "GET /programs/:programID/edit": .runningOperators,
        "POST /programs/:programID/calls": .runningOperators,
        "GET /programs/:programID/calls/:callID": .runningOperators,
        "POST /programs/:programID/calls/:callID": .runningOperators,
        "POST /programs/:programID/participants": .runningOperators,
        "POST /programs/:programID/targets": .runningOperators,

        // Notifications
        "GET /inbox": .signedIn,
        "POST /inbox/read": .signedIn,

        // Collaborations
        "GET /collaborations": .signedIn,
        "POST /collaborations": .operators,
        "GET /collaborations/:collabID": .parties,
        "POST /collaborations/:collabID/stage": .parties,
        "POST /collaborations/:collabID/changes/:changeID": .parties,
        "POST /collaborations/:collabID/files": .parties,
        "GET /collaborations/:collabID/files/:fileID": .parties,
        "POST /collaborations/:collabID/funding": .parties,
        "POST /collaborations/:collabID/milestones": .parties,
        "POST /collaborations/:collabID/milestones/:milestoneID/done": .parties,
        "POST /collaborations/:collabID/outcomes": .parties,
        "POST /collaborations/:collabID/outcomes/:outcomeID": .parties,
        // A party's people export their own collaborations; operators those they run.
        "GET /collaborations/export.csv": .signedIn,
        "GET /collaborations/export.xlsx": .signedIn,

        // KPI
        "GET /kpi": .operators,
        "GET /kpi/export.csv": .operators,
        "GET /kpi/export.xlsx": .operators,

        // Grievances: public intake and receipt link; the desk is every operator's (one desk for all
        // agencies). A case answers 404 to everyone else (its existence is not theirs to learn).
        "GET /grievances/new": .everyone,
        "POST /grievances": .everyone,
        "GET /grievances/track/:token": .everyone,
        "GET /grievances": .operators,
        "GET /grievances/dashboard": .operators,
        "GET /grievances/dashboard.csv": .operators,
        "GET /grievances/routes": .operators,
        "POST /grievances/routes": .operators,
        "GET /grievances/:id": .partiesAndAllOperators,
        "POST /grievances/:id/classify": .partiesAndAllOperators,
        "POST /grievances/:id/assign": .partiesAndAllOperators,
        "POST /grievances/:id/status": .partiesAndAllOperators,
        "POST /grievances/:id/comments": .partiesAndAllOperators,
        "GET /grievances/:id/files/:fileID": .partiesAndAllOperators,

        // Evaluations: judges use the round pages too; a round answers 404 to whoever neither runs
        // nor judges it.
        "GET /rounds": .signedIn,
        "GET /rounds/new": .operators,
        "POST /rounds": .operators,
        "GET /rounds/:roundID": .parties,
        "POST /rounds/:roundID/template": .parties,
        "POST /rounds/:roundID/criteria": .parties,
        "POST /rounds/:roundID/criteria/delete": .parties,
        "POST /rounds/:roundID/settings": .parties,
        "POST /rounds/:roundID/judges": .parties,
        "POST /rounds/:roundID/judges/delete": .parties,
        "POST /rounds/:roundID/entries": .parties,
        "POST /rounds/:roundID/assign": .parties,
        "POST /rounds/:roundID/assignments": .parties,
        "POST /rounds/:roundID/open": .parties,
        "POST /rounds/:roundID/close": .parties,
        "POST /rounds/:roundID/pledge": .parties,
        "GET /rounds/:roundID/entries/:entryID": .parties,
        "POST /rounds/:roundID/entries/:entryID": .parties,
        "POST /rounds/:roundID/sheets/:sheetID/reopen": .parties,
        "GET /rounds/:roundID/results": .parties,
        "GET /rounds/:roundID/results.csv": .parties,
        "GET /rounds/:roundID/results.xlsx": .parties,
        "POST /rounds/:roundID/select": .parties,
        "POST /rounds/:roundID/awards": .parties,

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
        "GET /meetings/:eventID": .parties,
        "POST /meetings/:eventID/tables": .parties,
        "POST /meetings/:eventID/participants": .parties,
        "POST /meetings/:eventID/priorities": .parties,
        "POST /meetings/:eventID/availability": .parties,
        "POST /meetings/:eventID/requests": .parties,
        "POST /meetings/:eventID/requests/:requestID/:answer": .parties,
        "POST /meetings/:eventID/schedule": .parties,
        "GET /meetings/:eventID/grid": .parties,
        "GET /meetings/:eventID/agenda": .parties,
        "GET /meetings/:eventID/calendar.ics": .parties,
        "GET /meetings/:eventID/meetings/:meetingID/calendar.ics": .parties,
        "POST /meetings/:eventID/meetings/:meetingID/:action": .parties,
        "POST /meetings/:eventID/participants/:participantID/check-in": .parties,

        // Networks: anyone signed in sees a network and its open events, asks to join and registers;
        // members, officers and the operators running it see the rest, as their policy decides.
        "GET /networks": .signedIn,
        "GET /networks/:networkID": .signedIn,
        "GET /networks/:networkID/members": .parties,
        "GET /networks/:networkID/statistics": .parties,
        "GET /networks/:networkID/statistics.csv": .parties,
        "GET /networks/:networkID/statistics.xlsx": .parties,
        "GET /networks/:networkID/events/:eventID": .signedIn,
        "POST /networks/:networkID/join": .signedIn,
        "POST /networks/:networkID/join/:requestID/:decision": .parties,
        "POST /networks/:networkID/members": .parties,
        "POST /networks/:networkID/subcommittees": .parties,
        "POST /networks/:networkID/events": .parties,
        "POST /networks/:networkID/events/:eventID/materials": .parties,
        "GET /networks/:networkID/events/:eventID/materials/:materialID": .parties,
        "POST /networks/:networkID/events/:eventID/:action": .signedIn,
        "POST /networks/:networkID/tasks": .parties,
        "POST /networks/:networkID/tasks/:taskID/:step": .parties,
        // Shared file store and instances (issue 18): declare below.
        // Operations: backup, metrics, health (issue 19): declare below.
        // Readiness for load balancers; the metrics handler itself admits only this machine or
        // the IEUM_METRICS_TOKEN bearer (`MetricsAccess`).
        "GET /readyz": .everyone,
        "GET /metrics": .everyone,
        // Collaboration gates (issue 17, item 5): declare below.
        // Bulk actions (issue 17, item 6): declare below.
        // Approving organisations and the grievance desk are every operator's, as one by one.
        "POST /admin/approvals/bulk": .operators,
        "POST /admin/approvals/bulk/confirm": .operators,
        "POST /grievances/bulk": .operators,
        "POST /grievances/bulk/confirm": .operators,
        // A need's applications: its organisation's people and the operators running its program.
        "POST /needs/:needID/applications/bulk": .parties,
        "POST /needs/:needID/applications/bulk/confirm": .parties,
        // Reminders: the operators running the round or the event (404 to everyone else).
        "POST /rounds/:roundID/reminders": .parties,
        "POST /rounds/:roundID/reminders/confirm": .parties,
        "POST /meetings/:eventID/reminders": .parties,
        "POST /meetings/:eventID/reminders/confirm": .parties,
        // A network event's registered people: its officers and the operators running its program.
        "POST /networks/:networkID/events/:eventID/reminders": .parties,
        "POST /networks/:networkID/events/:eventID/reminders/confirm": .parties,
        // Navigation and lists (issue 17, items 2 and 7): declare below.
        "POST /applications/:appID/draft": .parties,
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
