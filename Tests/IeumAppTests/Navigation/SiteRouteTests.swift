import Foundation
import Testing
import Vapor
@testable import IeumApp

/// The typed route table (issue 15, item 1): every web route is registered through a `SiteRoute`
/// case and every case is registered; no two cases share a method and path; each case's path,
/// printed with its parameters, routes back to that case; and each case's access is what the middleware enforces.
@Suite("Every web route is a SiteRoute case")
struct SiteRouteTests {
    @Test("the registered web routes and the cases are the same set")
    func registeredRoutesAreCases() async throws {
        try await TestApp.with { app in
            let registered = Set(app.routes.all.map { RouteAccess.key($0.method, $0.path) }.filter { !$0.contains(" /api/v1/") })
            let cases = Set(SiteRoute.all.map(\.spec.key))
            #expect(registered.subtracting(cases).isEmpty, "registered without a case: \(registered.subtracting(cases).sorted())")
            #expect(cases.subtracting(registered).isEmpty, "cases never registered: \(cases.subtracting(registered).sorted())")
            #expect(registered.count >= 200)
        }
    }

    @Test("no two cases share a method and path")
    func keysAreUnique() {
        let keys = SiteRoute.all.map(\.spec.key)
        let repeated = Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "\(repeated)")
        #expect(SiteRoute.byKey.count == SiteRoute.all.count)
    }

    /// A value for each parameter of `path`: an id (a segment such as `:action` takes any word).
    static func parameters(_ path: [PathComponent]) -> [any CustomStringConvertible] {
        path.compactMap { component in
            if case .constant = component { return nil }
            return UUID()
        }
    }

    @Test("each case prints a path that routes back to that case")
    func pathsRouteBack() {
        let router = TrieRouter(SiteRoute.self)
        for route in SiteRoute.all {
            router.register(route, at: [.constant(route.spec.method.rawValue)] + route.spec.path)
        }
        var wrong: [String] = []
        for route in SiteRoute.all {
            let printed = route.printed(Self.parameters(route.spec.path))
            var parameters = Parameters()
            let segments = printed.split(separator: "/").map(String.init)
            let found = router.route(path: [route.spec.method.rawValue] + segments, parameters: &parameters)
            if found != route { wrong.append("\(route.spec.key) printed \(printed) → \(found.map { $0.spec.key } ?? "nothing")") }
        }
        #expect(wrong.isEmpty, "\(wrong)")
    }

    @Test("a printed path fills parameters in order, then the query and the anchor")
    func printing() {
        let round = UUID(uuidString: "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0")!, sheet = UUID(uuidString: "00000000-0000-0000-0000-0000000000AB")!
        #expect(SiteRoute.evaluations(.close).path(round) == "/rounds/0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0/close")
        #expect(SiteRoute.evaluations(.reopen).path(round, sheet) == "/rounds/0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0/sheets/00000000-0000-0000-0000-0000000000AB/reopen")
        #expect(SiteRoute.meetings(.agenda).path(round, query: [("participant", "a b&c"), ("empty", "")], anchor: "today")
                == "/meetings/0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0/agenda?participant=a%20b%26c#today")
        // A free-text value stays one segment: a slash or a question mark in it cannot reach another route.
        #expect(SiteRoute.grievances(.track).path("a/b?c") == "/grievances/track/a%2Fb%3Fc")
        #expect(SiteRoute.taxonomy(.update(.regions)).path(sheet) == "/admin/taxonomy/regions/00000000-0000-0000-0000-0000000000AB")
    }

    /// One value of every `SiteURL` case (the stylesheet, script and icon are files, not routes).
    static var pageLinks: [SiteURL] {
        let id = UUID()
        let parts: [CollaborationPart] = [.stage, .decision(id), .files, .file(id), .funding, .milestones, .milestoneDone(id), .outcomes, .outcomeDecision(id)]
        let bulk: [BulkLink] = [.organizations, .organizationsConfirm, .grievances, .grievancesConfirm, .applications(need: id),
                                .applicationsConfirm(need: id), .judgeReminders(round: id), .judgeRemindersConfirm(round: id),
                                .participantReminders(event: id), .participantRemindersConfirm(event: id),
                                .registrantReminders(network: id, event: id), .registrantRemindersConfirm(network: id, event: id)]
        let links: [SiteURL] = [
            .home, .login(next: "/rounds"), .logout, .organizations(query: "q=x"), .organization(id), .organizationEdit(id), .organizationNew,
            .organizationStatus(id), .approvals, .auditLog(page: 2), .taxonomy, .taxonomyField(id), .taxonomyEntry(.regions, id),
            .importUpload, .importConfirm, .export(format: "csv", query: "q=x"), .export(format: "jsonl", query: nil), .account,
            .accountPassword, .accountLanguage, .accountTokens, .accountTokenDelete(id), .users, .usersPage(2), .approvalsPage(2),
            .userTokensRevoke(id), .userActive(id), .userResetLink(id), .userRole(id), .calls(query: "q=x"), .need(id), .needNew,
            .needEdit(id), .needStatus(id), .needPledge(id), .needInvitations(id), .needApplications(id), .needApply(id),
            .needFeedback(id), .myNeeds, .application(id), .applicationEdit(id), .applicationWithdraw(id),
            .applicationReview(id), .applicationAttachments(id), .applicationDraft(id), .attachment(id, id), .attachmentDelete(id, id),
            .dashboard, .inbox, .inboxRead, .programs, .program(id), .programCalls(id), .programParticipants(id), .programTargets(id),
            .collaborations(query: "q=x"), .collaboration(id), .kpi(program: id), .kpi(program: nil),
            .health, .openAPI, .programEdit(id), .programCall(id, id),
            .grievances, .grievanceNew, .grievance(id), .grievanceTrack("token"), .grievanceRoutes, .grievanceDashboard,
            .grievanceExport(year: 2026), .rounds, .roundNew, .round(id), .roundEntry(id, id), .roundResults(id, method: "median"),
            .experts(query: "x"), .expert(id), .expertNew, .meetingEvents, .meetingEventNew, .meetingEvent(id), .networks, .network(id),
            .grievanceQueue(status: "received", overdue: true, page: 2), .expertPool(query: "x", field: "ai", page: 2), .networksPage(2),
            .networkMembers(id, page: 2, requestsPage: 2), .meetingEventsPage(2), .roundsPage(managed: 2, judging: 2),
            .roundEntries(id, page: 2), .programsPage(2), .inboxPage(2), .passwordForgot, .passwordReset(token: "token"),
            .signup(invitation: "token"), .signupVerify(token: "token"), .signupResend, .welcome, .legal(.terms, version: 2),
            .legal(.privacy, version: nil), .legalAdmin, .legalPublish(.collection), .organizationJoin(query: "x"),
            .organizationJoinRequests(id), .organizationMembers(id), .organizationMemberRole(id, user: id),
            .organizationMemberRemove(id, user: id), .organizationInvitations(id), .organizationInvitationRevoke(id, invitation: id),
            .joinRequestDecision(id, request: id), .joinRequestWithdraw(id), .invitation(token: "token"), .accountOrganization,
            .grievancesMine, .grievanceMine(id), .signInCode, .twoFactor, .twoFactorRecoveryCodes, .twoFactorDisable,
            .userTwoFactorDisable(id), .accountExport, .accountDelete,
        ]
        return links + parts.map { .collaborationPart(id, $0) } + bulk.map { .bulk($0) }
    }

    @Test("every page link prints a path that a registered route answers")
    func pageLinksRoute() {
        let router = TrieRouter(String.self)
        for route in SiteRoute.all { router.register(route.spec.key, at: [.constant(route.spec.method.rawValue)] + route.spec.path) }
        var unrouted: [String] = []
        for link in Self.pageLinks {
            let path = link.path.split(separator: "#")[0].split(separator: "?")[0]
            let segments = path.split(separator: "/").map(String.init)
            // A link is a page (GET) or a form's action (POST).
            let answered = ["GET", "POST"].contains { method in
                var parameters = Parameters()
                return router.route(path: [method] + segments, parameters: &parameters) != nil
            }
            if !answered { unrouted.append(String(path)) }
        }
        #expect(Self.pageLinks.count >= 140)
        #expect(unrouted.isEmpty, "links no route answers: \(unrouted)")
    }

    @Test("the middleware reads each route's access from its case")
    func accessComesFromTheCase() {
        for route in SiteRoute.all {
            #expect(RouteAccess.declaration(route.spec.method, route.spec.path) == route.spec.access, "\(route.spec.key)")
        }
        #expect(RouteAccess.declaration(.GET, ["experts", ":expertID"]) == .operators)
        #expect(RouteAccess.declaration(.POST, ["admin", "taxonomy", "regions"]) == .platformOperators)
        #expect(RouteAccess.declaration(.GET, ["no", "such", "page"]) == nil)
    }
}
