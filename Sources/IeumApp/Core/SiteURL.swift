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
    case accountTokens
    case accountTokenDelete(UUID)
    case users
    case stylesheet
    case script
    case health
    case openAPI

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
        case .accountTokens: return "/account/tokens"
        case .accountTokenDelete(let id): return "/account/tokens/\(id.uuidString)/delete"
        case .users: return "/admin/users"
        case .stylesheet: return "/ieum.css"
        case .script: return "/ieum.js"
        case .health: return "/healthz"
        case .openAPI: return "/openapi.yaml"
        }
    }
}
