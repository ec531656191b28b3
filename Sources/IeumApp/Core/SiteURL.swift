import Foundation
import Vapor

/// Every page of the site. Views build links only through this enum; `routes(_:)` registers the
/// same paths, so a link and its route cannot drift apart.
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
        case .home: return "/"
        case .login(let next):
            guard let next, next.hasPrefix("/"), !next.hasPrefix("//") else { return "/login" }
            return "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(["&", "=", "?", "+"])) ?? "/")
        case .logout: return "/logout"
        case .organizations(let query):
            return "/organizations" + (query.map { $0.isEmpty ? "" : "?" + $0 } ?? "")
        case .organization(let id): return "/organizations/\(id.uuidString)"
        case .organizationEdit(let id): return "/organizations/\(id.uuidString)/edit"
        case .organizationNew: return "/organizations/new"
        case .organizationStatus(let id): return "/organizations/\(id.uuidString)/status"
        case .approvals: return "/admin/approvals"
        case .auditLog(let page): return page > 1 ? "/admin/audit?page=\(page)" : "/admin/audit"
        case .taxonomy: return "/admin/taxonomy"
        case .taxonomyField(let id): return SiteURL.taxonomyEntry(.fields, id).path
        case .taxonomyEntry(let kind, let id):
            return "/admin/taxonomy/\(kind.rawValue)" + (id.map { "/\($0.uuidString)" } ?? "")
        case .importUpload: return "/admin/import"
        case .importConfirm: return "/admin/import/confirm"
        case .export(let format, let query):
            return "/admin/export.\(format)" + (query.map { $0.isEmpty ? "" : "?" + $0 } ?? "")
        case .account: return "/account"
        case .accountPassword: return "/account/password"
        case .accountLanguage: return "/account/language"
        case .accountTokens: return "/account/tokens"
        case .accountTokenDelete(let id): return "/account/tokens/\(id.uuidString)/delete"
        case .users: return "/admin/users"
        case .usersPage(let page): return page <= 1 ? "/admin/users" : "/admin/users?page=\(page)"
        case .approvalsPage(let page): return page <= 1 ? "/admin/approvals" : "/admin/approvals?page=\(page)"
        case .userTokensRevoke(let id): return "/admin/users/\(id.uuidString)/tokens/revoke"
        case .userActive(let id): return "/admin/users/\(id.uuidString)/active"
        case .userResetLink(let id): return "/admin/users/\(id.uuidString)/reset-link"
        case .userRole(let id): return "/admin/users/\(id.uuidString)/role"
        case .calls(let query): return "/calls" + (query.map { $0.isEmpty ? "" : "?" + $0 } ?? "")
        case .need(let id): return "/needs/\(id.uuidString)"
        case .needNew: return "/needs/new"
        case .needEdit(let id): return "/needs/\(id.uuidString)/edit"
        case .needStatus(let id): return "/needs/\(id.uuidString)/status"
        case .needPledge(let id): return "/needs/\(id.uuidString)/pledge"
        case .needInvitations(let id): return "/needs/\(id.uuidString)/invitations"
        case .needApplications(let id): return "/needs/\(id.uuidString)/applications"
        case .needApply(let id): return "/needs/\(id.uuidString)/apply"
        case .needFeedback(let id): return "/needs/\(id.uuidString)/feedback"
        case .myNeeds: return "/needs"
        case .application(let id): return "/applications/\(id.uuidString)"
        case .applicationEdit(let id): return "/applications/\(id.uuidString)/edit"
        case .applicationWithdraw(let id): return "/applications/\(id.uuidString)/withdraw"
        case .applicationReview(let id): return "/applications/\(id.uuidString)/review"
        case .applicationAttachments(let id): return "/applications/\(id.uuidString)/attachments"
        case .applicationDraft(let id): return "/applications/\(id.uuidString)/draft"
        case .attachment(let app, let file): return "/applications/\(app.uuidString)/attachments/\(file.uuidString)"
        case .attachmentDelete(let app, let file): return "/applications/\(app.uuidString)/attachments/\(file.uuidString)/delete"
        case .dashboard: return "/dashboard"
        case .inbox: return "/inbox"
        case .inboxRead: return "/inbox/read"
        case .programs: return "/programs"
        case .program(let id): return "/programs/\(id.uuidString)"
        case .programCalls(let id): return "/programs/\(id.uuidString)/calls"
        case .programParticipants(let id): return "/programs/\(id.uuidString)/participants"
        case .programTargets(let id): return "/programs/\(id.uuidString)/targets"
        case .collaborations(let query): return "/collaborations" + (query.map { $0.isEmpty ? "" : "?" + $0 } ?? "")
        case .collaboration(let id): return "/collaborations/\(id.uuidString)"
        case .kpi(let program): return "/kpi" + (program.map { "?program=\($0.uuidString)" } ?? "")
        case .stylesheet: return "/ieum.css"
        case .script: return "/ieum.js"
        case .favicon: return "/favicon.svg"
        case .health: return "/healthz"
        case .openAPI: return "/openapi.yaml"
        case .programEdit(let id): return "/programs/\(id.uuidString)/edit"
        case .programCall(let program, let call): return "/programs/\(program.uuidString)/calls/\(call.uuidString)"
        case .collaborationPart(let id, let part): return "/collaborations/\(id.uuidString)/" + part.path
        case .grievances: return "/grievances"
        case .grievanceNew: return "/grievances/new"
        case .grievance(let id): return "/grievances/\(id.uuidString)"
        case .grievanceTrack(let token): return "/grievances/track/\(token)"
        case .grievanceRoutes: return "/grievances/routes"
        case .grievanceDashboard: return "/grievances/dashboard"
        case .grievanceExport(let year): return "/grievances/dashboard.csv?year=\(year)"
        case .rounds: return "/rounds"
        case .roundNew: return "/rounds/new"
        case .round(let id): return "/rounds/\(id.uuidString)"
        case .roundEntry(let id, let entry): return "/rounds/\(id.uuidString)/entries/\(entry.uuidString)"
        case .roundResults(let id, let method):
            return "/rounds/\(id.uuidString)/results" + (method.map { "?method=\($0)" } ?? "")
        case .experts(let query):
            guard let query, !query.isEmpty else { return "/experts" }
            return "/experts?q=" + (query.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(["&", "=", "?", "+"])) ?? "")
        case .expert(let id): return "/experts/\(id.uuidString)"
        case .expertNew: return "/experts/new"
        case .networks: return "/networks"
        case .network(let id): return "/networks/\(id.uuidString)"
        case .meetingEvents: return "/meetings"
        case .meetingEventNew: return "/meetings/new"
        case .meetingEvent(let id): return "/meetings/\(id.uuidString)"
        case .grievanceQueue(let status, let overdue, let page):
            return "/grievances" + Self.query([("status", status), ("overdue", overdue ? "1" : nil), ("page", Self.pageValue(page))])
        case .expertPool(let query, let field, let page):
            return "/experts" + Self.query([("q", query), ("field", field), ("page", Self.pageValue(page))])
        case .networksPage(let page): return "/networks" + Self.query([("page", Self.pageValue(page))])
        case .networkMembers(let id, let page, let requestsPage):
            return "/networks/\(id.uuidString)/members" + Self.query([("page", Self.pageValue(page)), ("requests_page", Self.pageValue(requestsPage))])
        case .meetingEventsPage(let page): return "/meetings" + Self.query([("page", Self.pageValue(page))])
        case .roundsPage(let managed, let judging):
            return "/rounds" + Self.query([("page", Self.pageValue(managed)), ("judgingPage", Self.pageValue(judging))])
        case .roundEntries(let id, let page): return "/rounds/\(id.uuidString)" + Self.query([("page", Self.pageValue(page))]) + "#assignment"
        case .programsPage(let page): return "/programs" + Self.query([("page", Self.pageValue(page))])
        case .inboxPage(let page): return "/inbox" + Self.query([("page", Self.pageValue(page))])
        case .passwordForgot: return "/password/forgot"
        case .passwordReset(let token):
            return "/password/reset/" + Self.pathToken(token)
        case .signup(let invitation): return "/signup" + Self.query([("invitation", invitation)])
        case .signupVerify(let token): return "/signup/verify/" + Self.pathToken(token)
        case .signupResend: return "/signup/resend"
        case .welcome: return "/welcome"
        case .legal(let kind, let version):
            return "/legal/\(kind.rawValue)" + Self.query([("version", version.map(String.init))])
        case .legalAdmin: return "/admin/legal"
        case .legalPublish(let kind): return "/admin/legal/\(kind.rawValue)"
        case .organizationJoin(let query): return "/organizations/join" + Self.query([("q", query)])
        case .organizationJoinRequests(let id): return "/organizations/\(id.uuidString)/join-requests"
        case .organizationMembers(let id): return "/organizations/\(id.uuidString)/members"
        case .organizationMemberRole(let id, let user): return "/organizations/\(id.uuidString)/members/\(user.uuidString)/role"
        case .organizationMemberRemove(let id, let user): return "/organizations/\(id.uuidString)/members/\(user.uuidString)/remove"
        case .organizationInvitations(let id): return "/organizations/\(id.uuidString)/invitations"
        case .organizationInvitationRevoke(let id, let invitation):
            return "/organizations/\(id.uuidString)/invitations/\(invitation.uuidString)/revoke"
        case .joinRequestDecision(let id, let request): return "/organizations/\(id.uuidString)/join-requests/\(request.uuidString)"
        case .joinRequestWithdraw(let request): return "/join-requests/\(request.uuidString)/withdraw"
        case .invitation(let token): return "/invitations/" + Self.pathToken(token)
        case .accountOrganization: return "/account/organization"
        case .grievancesMine: return "/grievances/mine"
        case .grievanceMine(let id): return "/grievances/mine/\(id.uuidString)"
        case .signInCode: return "/login/code"
        case .twoFactor: return "/account/two-factor"
        case .twoFactorRecoveryCodes: return "/account/two-factor/recovery-codes"
        case .twoFactorDisable: return "/account/two-factor/disable"
        case .userTwoFactorDisable(let id): return "/admin/users/\(id.uuidString)/two-factor/disable"
        case .accountExport: return "/account/export"
        case .accountDelete: return "/account/delete"
        case .bulk(let link): return link.path
        }
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
