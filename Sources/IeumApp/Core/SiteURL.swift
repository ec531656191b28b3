import Foundation
import Vapor

/// Every page of the site by what it shows (a need, a page of a list with its filters): the
/// names views and mails link with. Each prints through the `SiteRoute` case that registers its
/// route, so there is one table of paths and a link cannot drift from its route.
public enum SiteURL: Equatable, Sendable {
    case home
    case login(next: String?)
    case logout
    case organizations(query: String?)
    case organization(UUID)
    case organizationEdit(UUID)
    case organizationNew
    case organizationStatus(UUID)
    case approvals
    case auditLog(page: Int)
    case taxonomy
    case taxonomyField(UUID?)
    case taxonomyEntry(TaxonomyKind, UUID?)
    case importUpload
    case importConfirm
    case export(format: String, query: String?)
    case account
    case accountPassword
    case accountLanguage
    case accountTokens
    case accountTokenDelete(UUID)
    case users
    case usersPage(Int)
    case approvalsPage(Int)
    case userTokensRevoke(UUID)
    case userActive(UUID)
    case userResetLink(UUID)
    case userRole(UUID)
    case calls(query: String?)
    case need(UUID)
    case needNew
    case needEdit(UUID)
    case needStatus(UUID)
    case needPledge(UUID)
    case needInvitations(UUID)
    case needApplications(UUID)
    case needApply(UUID)
    case needFeedback(UUID)
    case myNeeds
    case application(UUID)
    case applicationEdit(UUID)
    case applicationWithdraw(UUID)
    case applicationReview(UUID)
    case applicationAttachments(UUID)
    /// The autosave of an application's draft (issue 17, item 2).
    case applicationDraft(UUID)
    case attachment(UUID, UUID)
    case attachmentDelete(UUID, UUID)
    case dashboard
    case inbox
    case inboxRead
    case programs
    case program(UUID)
    case programCalls(UUID)
    case programParticipants(UUID)
    case programTargets(UUID)
    case collaborations(query: String?)
    case collaboration(UUID)
    case kpi(program: UUID?)
    case stylesheet
    case script
    case favicon
    case health
    case openAPI
    case programEdit(UUID)
    case programCall(UUID, UUID)
    case collaborationPart(UUID, CollaborationPart)
    case grievances, grievanceNew, grievance(UUID), grievanceTrack(String), grievanceRoutes, grievanceDashboard, grievanceExport(year: Int)
    case rounds, roundNew, round(UUID), roundEntry(UUID, UUID), roundResults(UUID, method: String?)
    case experts(query: String?), expert(UUID), expertNew
    case meetingEvents, meetingEventNew, meetingEvent(UUID)
    case networks, network(UUID)
    // One page of a list, its filters kept (issue 14: every list page is paged).
    case grievanceQueue(status: String?, overdue: Bool, page: Int)
    case expertPool(query: String?, field: String?, page: Int)
    case networksPage(Int), networkMembers(UUID, page: Int, requestsPage: Int = 1)
    case meetingEventsPage(Int)
    case roundsPage(managed: Int, judging: Int), roundEntries(UUID, page: Int)
    case programsPage(Int)
    case inboxPage(Int)
    // Forgotten password (issue 16, item 3).
    case passwordForgot
    case passwordReset(token: String)
    // Sign-up, legal texts and organisation membership (issue 16, items 1 and 2).
    case signup(invitation: String?)
    case signupVerify(token: String)
    case signupResend
    case welcome
    case legal(LegalDocumentKind, version: Int?)
    case legalAdmin
    case legalPublish(LegalDocumentKind)
    case organizationJoin(query: String?)
    case organizationJoinRequests(UUID)
    case organizationMembers(UUID)
    case organizationMemberRole(UUID, user: UUID)
    case organizationMemberRemove(UUID, user: UUID)
    case organizationInvitations(UUID)
    case organizationInvitationRevoke(UUID, invitation: UUID)
    case joinRequestDecision(UUID, request: UUID)
    case joinRequestWithdraw(UUID)
    case invitation(token: String)
    case accountOrganization
    // "내 신고" (issue 17, item 8).
    case grievancesMine
    case grievanceMine(UUID)
    // Two-factor sign-in (issue 16, item 5).
    case signInCode
    case twoFactor
    case twoFactorRecoveryCodes
    case twoFactorDisable
    case userTwoFactorDisable(UUID)
    // Personal data: 내 정보 내려받기 and 회원 탈퇴 (issue 16, item 6).
    case accountExport
    case accountDelete
    // Bulk actions with a preview (issue 17, item 6).
    case bulk(BulkLink)

    public var path: String {
        switch self {
        case .home: return SiteRoute.workspace(.home).path()
        case .login(let next):
            guard let next, next.hasPrefix("/"), !next.hasPrefix("//") else { return SiteRoute.accounts(.loginPage).path() }
            return SiteRoute.accounts(.loginPage).path(query: [("next", next)])
        case .logout: return SiteRoute.accounts(.logout).path()
        case .organizations(let query):
            return Self.withRawQuery(SiteRoute.registry(.list).path(), query)
        case .organization(let id): return SiteRoute.registry(.show).path(id)
        case .organizationEdit(let id): return SiteRoute.registry(.editForm).path(id)
        case .organizationNew: return SiteRoute.registry(.newForm).path()
        case .organizationStatus(let id): return SiteRoute.registry(.setStatus).path(id)
        case .approvals: return SiteRoute.registry(.approvals).path()
        case .auditLog(let page): return SiteRoute.audit(.page).path(query: [("page", Self.pageValue(page))])
        case .taxonomy: return SiteRoute.taxonomy(.page).path()
        case .taxonomyField(let id): return SiteURL.taxonomyEntry(.fields, id).path
        case .taxonomyEntry(let kind, let id):
            guard let id else { return SiteRoute.taxonomy(.create(kind)).path() }
            return SiteRoute.taxonomy(.update(kind)).path(id)
        case .importUpload: return SiteRoute.importData(.form).path()
        case .importConfirm: return SiteRoute.importData(.confirm).path()
        case .export(let format, let query):
            return Self.withRawQuery(format == "jsonl" ? SiteRoute.importData(.exportJSONLines).path() : SiteRoute.importData(.exportCSV).path(), query)
        case .account: return SiteRoute.accounts(.accountPage).path()
        case .accountPassword: return SiteRoute.accounts(.changePassword).path()
        case .accountLanguage: return SiteRoute.accounts(.setMailLanguage).path()
        case .accountTokens: return SiteRoute.accounts(.createToken).path()
        case .accountTokenDelete(let id): return SiteRoute.accounts(.deleteToken).path(id)
        case .users: return SiteRoute.accounts(.usersPage).path()
        case .usersPage(let page): return SiteRoute.accounts(.usersPage).path(query: [("page", Self.pageValue(page))])
        case .approvalsPage(let page): return SiteRoute.registry(.approvals).path(query: [("page", Self.pageValue(page))])
        case .userTokensRevoke(let id): return SiteRoute.accounts(.revokeUserTokens).path(id)
        case .userActive(let id): return SiteRoute.accounts(.setUserActive).path(id)
        case .userResetLink(let id): return SiteRoute.accounts(.sendUserResetLink).path(id)
        case .userRole(let id): return SiteRoute.accounts(.setUserRole).path(id)
        case .calls(let query): return Self.withRawQuery(SiteRoute.needs(.publicList).path(), query)
        case .need(let id): return SiteRoute.needs(.show).path(id)
        case .needNew: return SiteRoute.needs(.newForm).path()
        case .needEdit(let id): return SiteRoute.needs(.editForm).path(id)
        case .needStatus(let id): return SiteRoute.needs(.status).path(id)
        case .needPledge(let id): return SiteRoute.needs(.pledge).path(id)
        case .needInvitations(let id): return SiteRoute.needs(.invite).path(id)
        case .needApplications(let id): return SiteRoute.needs(.applications).path(id)
        case .needApply(let id): return SiteRoute.needs(.apply).path(id)
        case .needFeedback(let id): return SiteRoute.needs(.feedback).path(id)
        case .myNeeds: return SiteRoute.needs(.myNeeds).path()
        case .application(let id): return SiteRoute.applications(.show).path(id)
        case .applicationEdit(let id): return SiteRoute.applications(.editForm).path(id)
        case .applicationWithdraw(let id): return SiteRoute.applications(.withdraw).path(id)
        case .applicationReview(let id): return SiteRoute.applications(.review).path(id)
        case .applicationAttachments(let id): return SiteRoute.applications(.upload).path(id)
        case .applicationDraft(let id): return SiteRoute.applications(.autosave).path(id)
        case .attachment(let app, let file): return SiteRoute.applications(.download).path(app, file)
        case .attachmentDelete(let app, let file): return SiteRoute.applications(.deleteAttachment).path(app, file)
        case .dashboard: return SiteRoute.needs(.dashboard).path()
        case .inbox: return SiteRoute.inbox(.inbox).path()
        case .inboxRead: return SiteRoute.inbox(.markRead).path()
        case .programs: return SiteRoute.programs(.list).path()
        case .program(let id): return SiteRoute.programs(.show).path(id)
        case .programCalls(let id): return SiteRoute.programs(.addCall).path(id)
        case .programParticipants(let id): return SiteRoute.programs(.addParticipant).path(id)
        case .programTargets(let id): return SiteRoute.programs(.setTarget).path(id)
        case .collaborations(let query): return Self.withRawQuery(SiteRoute.collaborations(.list).path(), query)
        case .collaboration(let id): return SiteRoute.collaborations(.show).path(id)
        case .kpi(let program): return SiteRoute.kpi(.dashboard).path(query: [("program", program?.uuidString)])
        // Files of Resources/Public, served by `StaticFilesMiddleware` rather than by a route.
        case .stylesheet: return "/ieum.css"
        case .script: return "/ieum.js"
        case .favicon: return "/favicon.svg"
        case .health: return SiteRoute.operations(.alive).path()
        case .openAPI: return SiteRoute.core(.openAPI).path()
        case .programEdit(let id): return SiteRoute.programs(.editForm).path(id)
        case .programCall(let program, let call): return SiteRoute.programs(.callForm).path(program, call)
        case .collaborationPart(let id, let part): return part.path(id)
        case .grievances: return SiteRoute.grievances(.list).path()
        case .grievanceNew: return SiteRoute.grievances(.newForm).path()
        case .grievance(let id): return SiteRoute.grievances(.show).path(id)
        case .grievanceTrack(let token): return SiteRoute.grievances(.track).path(token)
        case .grievanceRoutes: return SiteRoute.grievances(.routesPage).path()
        case .grievanceDashboard: return SiteRoute.grievances(.dashboard).path()
        case .grievanceExport(let year): return SiteRoute.grievances(.export).path(query: [("year", String(year))])
        case .rounds: return SiteRoute.evaluations(.list).path()
        case .roundNew: return SiteRoute.evaluations(.newForm).path()
        case .round(let id): return SiteRoute.evaluations(.show).path(id)
        case .roundEntry(let id, let entry): return SiteRoute.evaluations(.sheet).path(id, entry)
        case .roundResults(let id, let method):
            return SiteRoute.evaluations(.results).path(id, query: [("method", method)])
        case .experts(let query):
            return SiteRoute.experts(.list).path(query: [("q", query)])
        case .expert(let id): return SiteRoute.experts(.show).path(id)
        case .expertNew: return SiteRoute.experts(.newForm).path()
        case .networks: return SiteRoute.networks(.list).path()
        case .network(let id): return SiteRoute.networks(.show).path(id)
        case .meetingEvents: return SiteRoute.meetings(.list).path()
        case .meetingEventNew: return SiteRoute.meetings(.newForm).path()
        case .meetingEvent(let id): return SiteRoute.meetings(.show).path(id)
        case .grievanceQueue(let status, let overdue, let page):
            return SiteRoute.grievances(.list).path(query: [("status", status), ("overdue", overdue ? "1" : nil), ("page", Self.pageValue(page))])
        case .expertPool(let query, let field, let page):
            return SiteRoute.experts(.list).path(query: [("q", query), ("field", field), ("page", Self.pageValue(page))])
        case .networksPage(let page): return SiteRoute.networks(.list).path(query: [("page", Self.pageValue(page))])
        case .networkMembers(let id, let page, let requestsPage):
            return SiteRoute.networks(.members).path(id, query: [("page", Self.pageValue(page)), ("requests_page", Self.pageValue(requestsPage))])
        case .meetingEventsPage(let page): return SiteRoute.meetings(.list).path(query: [("page", Self.pageValue(page))])
        case .roundsPage(let managed, let judging):
            return SiteRoute.evaluations(.list).path(query: [("page", Self.pageValue(managed)), ("judgingPage", Self.pageValue(judging))])
        case .roundEntries(let id, let page): return SiteRoute.evaluations(.show).path(id, query: [("page", Self.pageValue(page))], anchor: "assignment")
        case .programsPage(let page): return SiteRoute.programs(.list).path(query: [("page", Self.pageValue(page))])
        case .inboxPage(let page): return SiteRoute.inbox(.inbox).path(query: [("page", Self.pageValue(page))])
        case .passwordForgot: return SiteRoute.passwordReset(.forgotPage).path()
        case .passwordReset(let token):
            return SiteRoute.passwordReset(.resetPage).path(token)
        case .signup(let invitation): return SiteRoute.signup(.signupPage).path(query: [("invitation", invitation)])
        case .signupVerify(let token): return SiteRoute.signup(.verifyPage).path(token)
        case .signupResend: return SiteRoute.signup(.resend).path()
        case .welcome: return SiteRoute.signup(.welcome).path()
        case .legal(let kind, let version):
            return SiteRoute.signup(.legalPage).path(kind.rawValue, query: [("version", version.map(String.init))])
        case .legalAdmin: return SiteRoute.signup(.legalAdmin).path()
        case .legalPublish(let kind): return SiteRoute.signup(.publishLegal).path(kind.rawValue)
        case .organizationJoin(let query): return SiteRoute.members(.joinPage).path(query: [("q", query)])
        case .organizationJoinRequests(let id): return SiteRoute.members(.requestToJoin).path(id)
        case .organizationMembers(let id): return SiteRoute.members(.membersPage).path(id)
        case .organizationMemberRole(let id, let user): return SiteRoute.members(.setRole).path(id, user)
        case .organizationMemberRemove(let id, let user): return SiteRoute.members(.remove).path(id, user)
        case .organizationInvitations(let id): return SiteRoute.members(.invite).path(id)
        case .organizationInvitationRevoke(let id, let invitation):
            return SiteRoute.members(.revokeInvitation).path(id, invitation)
        case .joinRequestDecision(let id, let request): return SiteRoute.members(.decide).path(id, request)
        case .joinRequestWithdraw(let request): return SiteRoute.members(.withdraw).path(request)
        case .invitation(let token): return SiteRoute.members(.invitationPage).path(token)
        case .accountOrganization: return SiteRoute.members(.switchOrganization).path()
        case .grievancesMine: return SiteRoute.grievances(.mine).path()
        case .grievanceMine(let id): return SiteRoute.grievances(.mineOne).path(id)
        case .signInCode: return SiteRoute.twoFactor(.codePage).path()
        case .twoFactor: return SiteRoute.twoFactor(.setupPage).path()
        case .twoFactorRecoveryCodes: return SiteRoute.twoFactor(.regenerateRecoveryCodes).path()
        case .twoFactorDisable: return SiteRoute.twoFactor(.disable).path()
        case .userTwoFactorDisable(let id): return SiteRoute.twoFactor(.disableForUser).path(id)
        case .accountExport: return SiteRoute.personalData(.exportLink).path()
        case .accountDelete: return SiteRoute.personalData(.deletionPage).path()
        case .bulk(let link): return link.path
        }
    }

    /// `path` with a query string kept as it came (a list's filters, already encoded).
    static func withRawQuery(_ path: String, _ query: String?) -> String {
        guard let query, !query.isEmpty else { return path }
        return path + "?" + query
    }

    /// This page's path with a place on it: `SiteURL.program(id).path(anchor: "calls")`.
    public func path(anchor: String) -> String { path + "#" + anchor }

    /// This page's path with `query` added (empty values left out).
    public func path(query pairs: [(String, String?)]) -> String {
        let query = Self.query(pairs)
        guard !query.isEmpty else { return path }
        return path + (path.contains("?") ? "&" + query.dropFirst() : query)
    }

    /// `?a=1&b=x`, empty values left out, each value percent-encoded; "" when nothing is left.
    static func query(_ pairs: [(String, String?)]) -> String {
        let allowed = CharacterSet.urlQueryAllowed.subtracting(["&", "=", "?", "+", "#"])
        let parts = pairs.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return name + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    /// A token as one path segment.
    static func pathToken(_ token: String) -> String {
        token.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/", "?", "#"])) ?? ""
    }

    /// Page 1 is the list's own address, without a page number.
    static func pageValue(_ page: Int) -> String? { page > 1 ? String(page) : nil }
}

/// The site's public address (`IEUM_BASE_URL`), e.g. `https://ieum.example.kr`. Links that leave
/// the site — in e-mails and calendar files — are made absolute with it; pages keep relative ones.
public struct BaseURL: Sendable, Equatable, CustomStringConvertible {
    /// `scheme://host[:port]`: scheme and host lower-case, no trailing slash.
    public let origin: String

    public var description: String { origin }

    /// Why a value is not a base URL, for the configuration error.
    public struct Problem: Error, Equatable {
        public let reason: String
    }

    /// An absolute http(s) URL with a host; no user, query or fragment, and no path but `/`
    /// (Ieum's routes start at the root of their host, so a prefix would break every page link).
    public static func parse(_ raw: String) throws(Problem) -> BaseURL {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw Problem(reason: "'\(raw.prefix(200))' must be an absolute URL such as https://ieum.example.kr, without spaces or non-ASCII characters")
        }
        guard let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https",
              text.lowercased().hasPrefix(scheme + "://") else {
            throw Problem(reason: "'\(text.prefix(200))' must start with https:// (or http://)")
        }
        guard let host = parts.percentEncodedHost, !host.isEmpty else { throw Problem(reason: "'\(text.prefix(200))' names no host") }
        guard parts.user == nil, parts.password == nil else { throw Problem(reason: "must not contain a user name or password") }
        guard parts.percentEncodedQuery == nil, !text.contains("?") else { throw Problem(reason: "must not contain a query (?…)") }
        guard parts.percentEncodedFragment == nil, !text.contains("#") else { throw Problem(reason: "must not contain a fragment (#…)") }
        guard parts.percentEncodedPath.isEmpty || parts.percentEncodedPath == "/" else {
            throw Problem(reason: "must not contain a path ('\(parts.percentEncodedPath.prefix(100))'): Ieum is served at the root of its host")
        }
        if let port = parts.port, !(1...65535).contains(port) { throw Problem(reason: "port \(port) is not 1–65535") }
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return BaseURL(origin: scheme + "://" + bracketed.lowercased() + (parts.port.map { ":\($0)" } ?? ""))
    }

    /// Without `IEUM_BASE_URL`: the address Ieum listens on (a wildcard address is reached as
    /// 127.0.0.1). Good for tests and a demo on one machine, not for mail to other people.
    public static func local(host: String, port: Int) -> BaseURL {
        let reachable = ["0.0.0.0", "::", "[::]", ""].contains(host) ? "127.0.0.1" : host
        let bracketed = reachable.contains(":") && !reachable.hasPrefix("[") ? "[\(reachable)]" : reachable
        return BaseURL(origin: "http://\(bracketed.lowercased()):\(port)")
    }

    private init(origin: String) {
        self.origin = origin
    }

    /// `path` (a site path, with any query and fragment) on this site.
    public func absolute(_ path: String) -> String {
        origin + (path.hasPrefix("/") ? path : "/" + path)
    }
}

extension SiteURL {
    /// This page's full address, for e-mails and calendar files.
    public func absolute(base: BaseURL) -> String {
        base.absolute(path)
    }
}
