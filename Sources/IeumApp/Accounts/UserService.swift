import Fluent
import Foundation
import IeumCore
import Vapor

/// What an operator (web) or the shell (`ieum user`) gives to create an account.
public struct NewUserInput: Content, Sendable, Equatable {
    public var email: String = ""
    public var name: String = ""
    public var password: String = ""
    public var platformRole: String = PlatformRole.member.rawValue
    /// Optional: the organisation (id or business number) the person joins, and as what.
    public var organization: String = ""
    public var membershipRole: String = MembershipRole.member.rawValue

    public init() {}

    public init(email: String, name: String, password: String, platformRole: PlatformRole, organization: String = "", membershipRole: MembershipRole = .member) {
        self.email = email
        self.name = name
        self.password = password
        self.platformRole = platformRole.rawValue
        self.organization = organization
        self.membershipRole = membershipRole.rawValue
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        email = try c.decodeIfPresent(String.self, forKey: .email) ?? ""
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        password = try c.decodeIfPresent(String.self, forKey: .password) ?? ""
        platformRole = try c.decodeIfPresent(String.self, forKey: .platformRole) ?? PlatformRole.member.rawValue
        organization = try c.decodeIfPresent(String.self, forKey: .organization) ?? ""
        membershipRole = try c.decodeIfPresent(String.self, forKey: .membershipRole) ?? MembershipRole.member.rawValue
    }
}

public enum UserService {
    /// Creates an account; `actor` nil means the shell, which may create anyone.
    public static func create(_ input: NewUserInput, by actor: Principal?, on db: any Database, hasher: AsyncPasswordHasher, now: Date) async throws -> User {
        if let actor, !AccountPolicy.can(actor, .manageUsers) { throw IeumError.forbidden }
        var errors = FieldErrors()
        let email = input.email.trimmingCharacters(in: .whitespaces).lowercased()
        if !OrganizationInput.looksLikeEmail(email) {
            errors.add("email", Localized("올바른 이메일 주소를 입력하세요.", "Enter a valid e-mail address."))
        } else if try await User.query(on: db).filter(\.$email == email).count() > 0 {
            errors.add("email", Localized("이미 가입된 이메일입니다.", "This e-mail already has an account."))
        }
        let name = input.name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { errors.add("name", Localized("이름을 입력하세요.", "Enter the person's name.")) }
        if let problem = PasswordRules.problem(input.password, email: email) { errors.add("password", problem) }
        let role = PlatformRole(rawValue: input.platformRole)
        if role == nil { errors.add("platformRole", Localized("역할을 선택하세요.", "Choose a role.")) }
        let membershipRole = MembershipRole(rawValue: input.membershipRole) ?? .member
        var organizationID: UUID?
        let orgRef = input.organization.trimmingCharacters(in: .whitespaces)
        if !orgRef.isEmpty {
            if let id = UUID(uuidString: orgRef), try await Organization.find(id, on: db) != nil {
                organizationID = id
            } else if let number = BusinessNumber(orgRef),
                      let org = try await Organization.query(on: db).filter(\.$businessNumber == number.digits).first() {
                organizationID = org.id
            } else if let org = try await Organization.query(on: db).filter(\.$externalID == orgRef).first() {
                organizationID = org.id
            } else {
                errors.add("organization", Localized("해당 기관을 찾을 수 없습니다: \(orgRef)", "No organisation found for: \(orgRef)"))
            }
        }
        guard errors.isEmpty, let role else { throw IeumError.invalid(errors) }
        let hash = try await hasher.hash(input.password)
        let joinOrganization = organizationID
        return try await db.transaction { db in
            let user = User(email: email, name: name, passwordHash: hash, platformRole: role)
            try await user.create(on: db)
            if let joinOrganization {
                try await Membership(userID: try user.requireID(), organizationID: joinOrganization, role: membershipRole).create(on: db)
            }
            try await Audit.record(on: db, actor: actor, action: "user.create", entityType: "user", entityID: try user.requireID().uuidString,
                                   summary: "사용자 생성: \(name) <\(email)> (\(role.rawValue))", at: now)
            return user
        }
    }
}
