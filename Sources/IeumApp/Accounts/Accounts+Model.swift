import Fluent
import Foundation
import IeumCore
import Vapor

/// What `/account` shows: plain values (issue 15, item 2). `AccountPage` renders only this.
struct AccountModel: Sendable, Equatable {
    struct OrganizationRow: Sendable, Equatable {
        let id: UUID
        let name: String
        let role: MembershipRole
    }

    struct TokenRow: Sendable, Equatable {
        let id: UUID
        let name: String
        let prefix: String
        let createdAt: Date?
        let lastUsedAt: Date?
        var scope: APITokenScope = .read
        var expiresAt: Date?
    }

    struct ConsentRow: Sendable, Equatable {
        let kind: LegalDocumentKind
        let version: Int
        let accepted: Bool
        let decidedAt: Date
    }

    var actor: Principal
    var organizations: [OrganizationRow]
    var tokens: [TokenRow]
    var errors: FieldErrors
    var newToken: String?
    /// The language of the person's e-mails.
    var mailLanguage: Lang = .ko
    /// Whether two-factor sign-in is on, and the recovery codes left.
    var twoFactor = TwoFactorSummary.off
    /// The organisation the person acts for, when they chose one (`MembersController.switchOrganization`).
    var actingFor: UUID? = nil
    /// The person's consents, latest first.
    var consents: [ConsentRow] = []
}

extension AccountModel {
    static func load(req: Request, actor: Principal, errors: FieldErrors, newToken: String?) async throws -> AccountModel {
        let memberships = try await Membership.query(on: req.db).filter(\.$user.$id == actor.userID).with(\.$organization).all()
        let tokens = try await APIToken.query(on: req.db).filter(\.$user.$id == actor.userID).sort(\.$createdAt, .descending).all()
        let consents = try await UserConsent.query(on: req.db).filter(\.$user.$id == actor.userID).sort(\.$decidedAt, .descending).limit(50).all()
        return AccountModel(
            actor: actor,
            organizations: try memberships.map { OrganizationRow(id: try $0.organization.requireID(), name: $0.organization.name, role: $0.role) },
            tokens: try tokens.map { TokenRow(id: try $0.requireID(), name: $0.name, prefix: $0.prefix, createdAt: $0.createdAt, lastUsedAt: $0.lastUsedAt,
                                             scope: APITokenScope(rawValue: $0.scope) ?? .read, expiresAt: $0.expiresAt) },
            errors: errors, newToken: newToken,
            mailLanguage: try await User.find(actor.userID, on: req.db)?.mailLanguage ?? .ko,
            twoFactor: try await TwoFactor.summary(of: actor.userID, on: req.db),
            actingFor: req.session.data[SessionActorMiddleware.organizationKey].flatMap(UUID.init(uuidString:)),
            consents: consents.map { ConsentRow(kind: $0.documentKind, version: $0.documentVersion, accepted: $0.accepted, decidedAt: $0.decidedAt) }
        )
    }
}

/// What the operators' `/users` page shows: one page of accounts, plain values.
struct UsersModel: Sendable, Equatable {
    struct UserRow: Sendable, Equatable {
        let id: UUID
        let name: String
        let email: String
        let platformRole: PlatformRole
        let active: Bool
        /// 회원 탈퇴: the account is kept, without actions.
        let deleted: Bool
        /// The names of the organisations the person belongs to.
        let organizations: [String]
    }

    var users: [UserRow]
    var input: NewUserInput
    var errors: FieldErrors
    /// The accounts on this page with two-factor sign-in on, for the operator's reset button.
    var twoFactorOn: Set<UUID> = []
    var page = 1
    var pageCount = 1

    static let perPage = 50
}

extension UsersModel {
    /// One page of the accounts (`?page=`, 50 a page, by name).
    static func load(req: Request, input: NewUserInput, errors: FieldErrors) async throws -> UsersModel {
        let total = try await User.query(on: req.db).count()
        let pageCount = max(1, (total + perPage - 1) / perPage)
        let page = min(max(1, req.query[Int.self, at: "page"] ?? 1), pageCount)
        let users = try await User.query(on: req.db).sort(\.$name).sort(\.$id).offset((page - 1) * perPage).limit(perPage)
            .with(\.$memberships) { $0.with(\.$organization) }.all()
        let rows = users.compactMap { user in
            user.id.map { UserRow(id: $0, name: user.name, email: user.email, platformRole: user.platformRole, active: user.active,
                                  deleted: user.deletedAt != nil, organizations: user.memberships.map { $0.organization.name }) }
        }
        var result = UsersModel(users: rows, input: input, errors: errors)
        let ids = rows.map(\.id)
        if !ids.isEmpty {
            result.twoFactorOn = Set(try await SecondFactor.query(on: req.db).filter(\.$userID ~~ ids).filter(\.$enabledAt != nil).all().map(\.userID))
        }
        result.page = page
        result.pageCount = pageCount
        return result
    }
}
