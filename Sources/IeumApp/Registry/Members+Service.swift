import Fluent
import Foundation
import IeumCore
import SQLKit

/// Who may do what with an organisation's members (issue 16, item 2). Tested as a table.
enum MembersAction {
    /// See the member list, open requests and invitations.
    case view
    /// Invite, change roles, remove others, decide requests.
    case manage
}

enum MembersPolicy {
    /// Members see their colleagues; admins manage them. Operators of any agency see and manage
    /// every organisation's members, as they do its registration: they settle requests to
    /// organisations nobody administers yet (an imported list's startups).
    static func can(_ actor: Principal?, _ action: MembersAction, organization: UUID) -> Bool {
        guard let actor else { return false }
        if actor.isOperator { return true }
        switch action {
        case .view: return actor.isMember(of: organization)
        case .manage: return actor.isAdmin(of: organization)
        }
    }
}

/// Joining organisations: requests and their decisions, invitations by e-mail, roles and removal.
/// Each change is one transaction with its audit entry and notices.
enum Memberships {
    static let invitationLifetime: TimeInterval = 7 * 24 * 60 * 60
    /// Invitations one organisation may send in a day.
    static let maxInvitationsPerDay = 50
    /// Requests one person may have waiting at once (each one notifies an organisation's admins).
    static let maxPendingRequests = 10

    static func refusal(_ ko: String, _ en: String) -> IeumError { .refused(Localized(ko, en)) }

    static func admins(of organizationID: UUID, on db: any Database) async throws -> [UUID] {
        try await Membership.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$role == .admin).all().map { $0.$user.id }
    }

    /// The people who decide a request to join: the organisation's admins, or every operator when
    /// it has none.
    static func deciders(of organizationID: UUID, on db: any Database) async throws -> [UUID] {
        let admins = try await admins(of: organizationID, on: db)
        return admins.isEmpty ? try await Notifier.operators(on: db) : admins
    }

    // MARK: Requests to join

    static func requestToJoin(_ organizationID: UUID, message: String, by actor: Principal, on db: any Database, now: Date) async throws -> MembershipRequest {
        guard let org = try await Organization.find(organizationID, on: db), org.status != .rejected else { throw IeumError.notFound }
        if actor.isMember(of: organizationID) {
            throw refusal("이미 이 기관의 구성원입니다.", "You already belong to this organisation.")
        }
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= 1000 else {
            var errors = FieldErrors()
            errors.add("message", Localized("메시지는 1,000자 이하로 입력하세요.", "Keep the message to 1,000 characters."))
            throw IeumError.invalid(errors)
        }
        return try await db.transaction { db in
            if let open = try await MembershipRequest.query(on: db).filter(\.$organization.$id == organizationID)
                .filter(\.$user.$id == actor.userID).filter(\.$status == .pending).first() {
                return open
            }
            let waiting = try await MembershipRequest.query(on: db).filter(\.$user.$id == actor.userID).filter(\.$status == .pending).count()
            guard waiting < maxPendingRequests else {
                throw refusal("답을 기다리는 가입 요청이 \(maxPendingRequests)건입니다. 답을 받거나 요청을 취소한 뒤 다시 요청하세요.",
                              "You have \(maxPendingRequests) requests waiting. Wait for answers or withdraw one first.")
            }
            let request = MembershipRequest(organizationID: organizationID, userID: actor.userID, message: text, createdAt: now)
            try await request.create(on: db)
            try await Notifier.notify(users: try await deciders(of: organizationID, on: db), Notifier.Message(
                kind: .membership,
                title: Localized("가입 요청: \(org.name)", "Request to join \(org.nameEn ?? org.name)"),
                body: Localized("\(actor.name)님이 \(org.name)에 가입을 요청했습니다. 구성원 관리에서 수락하거나 거절하세요.",
                                "\(actor.name) asked to join \(org.nameEn ?? org.name). Accept or refuse on the members page."),
                link: SiteURL.organizationMembers(organizationID).path), on: db, now: now)
            try await Audit.record(on: db, actor: actor, action: "membership.request", entityType: "organization", entityID: organizationID.uuidString,
                                   summary: "\(org.name) 가입 요청", at: now)
            return request
        }
    }

    static func decide(_ requestID: UUID, in organizationID: UUID, accept: Bool, by actor: Principal, on db: any Database, now: Date) async throws {
        guard MembersPolicy.can(actor, .manage, organization: organizationID) else { throw IeumError.forbidden }
        guard let request = try await MembershipRequest.find(requestID, on: db), request.$organization.id == organizationID,
              let org = try await Organization.find(organizationID, on: db) else { throw IeumError.notFound }
        try await db.transaction { db in
            // Decided once: a second decision (another admin at the same moment) changes nothing.
            guard let sql = db as? any SQLDatabase else { throw IeumError.notFound }
            let decided = try await !sql.update(MembershipRequest.schema)
                .set("status", to: (accept ? JoinRequestStatus.accepted : .refused).rawValue)
                .set("decided_by", to: actor.userID)
                .set("decided_at", to: now)
                .where("id", .equal, requestID)
                .where("status", .equal, JoinRequestStatus.pending.rawValue)
                .returning("id").all().isEmpty
            guard decided else { throw refusal("이미 처리된 요청입니다.", "This request was already decided.") }
            let userID = request.$user.id
            if accept {
                let exists = try await Membership.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$user.$id == userID).count() > 0
                if !exists {
                    // The first person of an organisation nobody administers becomes its admin.
                    let role: MembershipRole = try await admins(of: organizationID, on: db).isEmpty ? .admin : .member
                    try await Membership(userID: userID, organizationID: organizationID, role: role).create(on: db)
                }
            }
            try await Notifier.notify(users: [userID], Notifier.Message(
                kind: .membership,
                title: accept ? Localized("가입 요청 수락: \(org.name)", "Request accepted: \(org.nameEn ?? org.name)")
                              : Localized("가입 요청 거절: \(org.name)", "Request refused: \(org.nameEn ?? org.name)"),
                body: accept ? Localized("\(org.name)의 구성원이 되었습니다.", "You now belong to \(org.nameEn ?? org.name).")
                             : Localized("\(org.name)에서 가입 요청을 거절했습니다. 궁금한 점은 기관 담당자에게 문의하세요.",
                                         "\(org.nameEn ?? org.name) refused your request to join. Ask the organisation's contact person if you have questions."),
                link: accept ? SiteURL.organization(organizationID).path : SiteURL.welcome.path), on: db, now: now)
            try await Audit.record(on: db, actor: actor, action: accept ? "membership.accept" : "membership.refuse", entityType: "organization",
                                   entityID: organizationID.uuidString, summary: "\(org.name) 가입 요청 \(accept ? "수락" : "거절")", at: now)
        }
    }

    static func withdraw(_ requestID: UUID, by actor: Principal, on db: any Database, now: Date) async throws {
        guard let request = try await MembershipRequest.find(requestID, on: db), request.$user.id == actor.userID else { throw IeumError.notFound }
        guard request.status == .pending else { throw refusal("이미 처리된 요청입니다.", "This request was already decided.") }
        request.status = .withdrawn
        request.decidedAt = now
        try await request.save(on: db)
    }

    // MARK: Invitations

    static func invite(_ organizationID: UUID, email rawEmail: String, role: MembershipRole, by actor: Principal, base: BaseURL,
                       on db: any Database, now: Date) async throws {
        guard MembersPolicy.can(actor, .manage, organization: organizationID) else { throw IeumError.forbidden }
        guard let org = try await Organization.find(organizationID, on: db) else { throw IeumError.notFound }
        let email = rawEmail.trimmingCharacters(in: .whitespaces).lowercased()
        var errors = FieldErrors()
        if email.count > 254 || !OrganizationInput.looksLikeEmail(email) {
            errors.add("email", Localized("올바른 이메일 주소를 입력하세요.", "Enter a valid e-mail address."))
        } else if let user = try await User.query(on: db).filter(\.$email == email).first(),
                  try await Membership.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$user.$id == user.requireID()).count() > 0 {
            errors.add("email", Localized("이미 이 기관의 구성원입니다.", "This person already belongs to the organisation."))
        }
        guard errors.isEmpty else { throw IeumError.invalid(errors) }
        let sentToday = try await OrganizationInvitation.query(on: db).filter(\.$organization.$id == organizationID)
            .filter(\.$createdAt > now.addingTimeInterval(-24 * 60 * 60)).count()
        guard sentToday < maxInvitationsPerDay else { throw IeumError.throttled(retryAfterSeconds: 24 * 60 * 60) }
        let token = PasswordResets.newToken()
        let link = SiteURL.invitation(token: token).absolute(base: base)
        try await db.transaction { db in
            // A new invitation to the same address replaces the one still out.
            try await OrganizationInvitation.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$email == email)
                .filter(\.$acceptedAt == nil).filter(\.$revokedAt == nil).set(\.$revokedAt, to: now).update()
            let invitation = OrganizationInvitation(organizationID: organizationID, email: email, role: role, tokenHash: APITokens.hash(token),
                                                    invitedBy: actor.userID, expiresAt: now.addingTimeInterval(invitationLifetime), createdAt: now)
            try await invitation.create(on: db)
            let language = try await User.query(on: db).filter(\.$email == email).first()?.mailLanguage ?? .ko
            let body = Localized(
                "\(actor.name)님이 이음에서 \(org.name)의 구성원으로 초대했습니다. 아래 링크를 열어 초대를 수락하세요. 계정이 없으면 링크에서 바로 가입할 수 있습니다. 링크는 7일 동안 한 번만 쓸 수 있습니다.\n초대를 예상하지 않았다면 이 메일을 무시하세요.",
                "\(actor.name) invited you to join \(org.nameEn ?? org.name) on Ieum. Open the link below to accept; if you have no account yet, you can sign up from it. The link works once within 7 days.\nIf you did not expect this, ignore this mail.")
            try await OutboxMail.queueAccountMail(to: email, subject: Localized("\(org.name) 초대", "Invitation to \(org.nameEn ?? org.name)").text(language),
                                               body: body.text(language) + "\n\n" + link, language: language, on: db, now: now)
            try await Audit.record(on: db, actor: actor, action: "membership.invite", entityType: "organization", entityID: organizationID.uuidString,
                                   summary: "\(org.name) 초대 발송 (\(role == .admin ? "관리자" : "구성원"))", at: now)
        }
    }

    static func revokeInvitation(_ invitationID: UUID, in organizationID: UUID, by actor: Principal, on db: any Database, now: Date) async throws {
        guard MembersPolicy.can(actor, .manage, organization: organizationID) else { throw IeumError.forbidden }
        guard let invitation = try await OrganizationInvitation.find(invitationID, on: db), invitation.$organization.id == organizationID else {
            throw IeumError.notFound
        }
        guard invitation.isOpen else { throw refusal("이미 수락했거나 취소한 초대입니다.", "This invitation was already accepted or revoked.") }
        invitation.revokedAt = now
        try await db.transaction { db in
            try await invitation.save(on: db)
            try await Audit.record(on: db, actor: actor, action: "membership.invite-revoke", entityType: "organization",
                                   entityID: organizationID.uuidString, summary: "초대 취소", at: now)
        }
    }

    enum InvitationLookup {
        case usable(OrganizationInvitation, Organization)
        case refused(InvitationRefusal)
    }

    static func findInvitation(_ token: String, on db: any Database, now: Date) async throws -> InvitationLookup {
        guard !token.isEmpty, token.count <= 200,
              let invitation = try await OrganizationInvitation.query(on: db).filter(\.$tokenHash == APITokens.hash(token)).first(),
              let org = try await Organization.find(invitation.$organization.id, on: db)
        else { return .refused(.unknown) }
        if invitation.acceptedAt != nil { return .refused(.used) }
        if invitation.revokedAt != nil { return .refused(.revoked) }
        if invitation.expiresAt <= now || org.status == .rejected { return .refused(.expired) }
        return .usable(invitation, org)
    }

    /// Makes `user` a member as the invitation says and spends it. The link reached the invited
    /// address, so an account not yet verified is verified by it. False when it was spent already.
    static func accept(_ invitation: OrganizationInvitation, user: User, on db: any Database, now: Date) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let spent = try await !sql.update(OrganizationInvitation.schema)
            .set("accepted_at", to: now)
            .where("id", .equal, try invitation.requireID())
            .where("accepted_at", .is, SQLLiteral.null)
            .where("revoked_at", .is, SQLLiteral.null)
            .where("expires_at", .greaterThan, now)
            .returning("id").all().isEmpty
        guard spent else { return false }
        let userID = try user.requireID()
        let organizationID = invitation.$organization.id
        if let existing = try await Membership.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$user.$id == userID).first() {
            if invitation.role == .admin, existing.role != .admin {
                existing.role = .admin
                try await existing.save(on: db)
            }
        } else {
            try await Membership(userID: userID, organizationID: organizationID, role: invitation.role).create(on: db)
        }
        if user.emailVerifiedAt == nil {
            user.emailVerifiedAt = now
            try await user.save(on: db)
        }
        // A request the person had waiting for the same organisation is settled by the invitation.
        try await MembershipRequest.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$user.$id == userID)
            .filter(\.$status == .pending).set(\.$status, to: .accepted).set(\.$decidedAt, to: now).update()
        try await Notifier.notify(users: [invitation.$invitedBy.id], Notifier.Message(
            kind: .membership,
            title: Localized("초대 수락: \(user.name)", "Invitation accepted: \(user.name)"),
            body: Localized("\(user.name)님이 초대를 수락해 구성원이 되었습니다.", "\(user.name) accepted the invitation and joined."),
            link: SiteURL.organizationMembers(organizationID).path), on: db, now: now)
        try await Audit.record(on: db, actor: try await user.actor(on: db), action: "membership.invite-accept", entityType: "organization",
                               entityID: organizationID.uuidString, summary: "초대 수락", at: now)
        return true
    }

    // MARK: Roles and removal

    static func setRole(_ userID: UUID, in organizationID: UUID, to role: MembershipRole, by actor: Principal, on db: any Database, now: Date) async throws {
        guard MembersPolicy.can(actor, .manage, organization: organizationID) else { throw IeumError.forbidden }
        try await db.transaction { db in
            guard let membership = try await Membership.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$user.$id == userID).first()
            else { throw IeumError.notFound }
            guard membership.role != role else { return }
            if membership.role == .admin, role != .admin, try await admins(of: organizationID, on: db).count <= 1 {
                throw refusal("마지막 관리자는 구성원으로 바꿀 수 없습니다. 다른 구성원을 먼저 관리자로 지정하세요.",
                              "The last admin cannot become a plain member. Make someone else an admin first.")
            }
            membership.role = role
            try await membership.save(on: db)
            try await Audit.record(on: db, actor: actor, action: "membership.role", entityType: "organization", entityID: organizationID.uuidString,
                                   summary: "구성원 역할 변경: \(role == .admin ? "관리자" : "구성원")", changes: ["user: \(userID.uuidString)", "role: \(role.rawValue)"], at: now)
        }
    }

    /// An admin removes a member, or a person leaves. The last admin of an organisation that has
    /// other members must hand the role over first.
    static func remove(_ userID: UUID, from organizationID: UUID, by actor: Principal, on db: any Database, now: Date) async throws {
        let leaving = userID == actor.userID
        guard leaving || MembersPolicy.can(actor, .manage, organization: organizationID) else { throw IeumError.forbidden }
        guard let org = try await Organization.find(organizationID, on: db) else { throw IeumError.notFound }
        try await db.transaction { db in
            guard let membership = try await Membership.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$user.$id == userID).first()
            else { throw IeumError.notFound }
            if membership.role == .admin {
                let admins = try await admins(of: organizationID, on: db)
                let members = try await Membership.query(on: db).filter(\.$organization.$id == organizationID).count()
                if admins.count <= 1, members > 1 {
                    throw refusal("마지막 관리자입니다. 다른 구성원을 관리자로 지정한 뒤 나가거나 내보내세요.",
                                  "This is the last admin. Make another member an admin first.")
                }
            }
            try await membership.delete(on: db)
            if !leaving {
                try await Notifier.notify(users: [userID], Notifier.Message(
                    kind: .membership,
                    title: Localized("기관 구성원에서 제외됨: \(org.name)", "Removed from \(org.nameEn ?? org.name)"),
                    body: Localized("\(org.name)의 관리자가 회원님을 구성원에서 제외했습니다.", "An admin of \(org.nameEn ?? org.name) removed you from its members."),
                    link: SiteURL.account.path), on: db, now: now)
            }
            try await Audit.record(on: db, actor: actor, action: leaving ? "membership.leave" : "membership.remove", entityType: "organization",
                                   entityID: organizationID.uuidString, summary: leaving ? "\(org.name) 탈퇴" : "\(org.name) 구성원 제외",
                                   changes: ["user: \(userID.uuidString)"], at: now)
        }
    }
}

/// Why an invitation link does not work.
enum InvitationRefusal: Equatable {
    case unknown, used, revoked, expired

    var message: Localized {
        switch self {
        case .unknown: Localized("초대 링크가 올바르지 않습니다. 메일의 링크를 그대로 열었는지 확인하세요.",
                                 "This invitation link is not valid. Check that you opened the link from the mail as it is.")
        case .used: Localized("이미 수락한 초대입니다.", "This invitation was already accepted.")
        case .revoked: Localized("취소된 초대입니다. 기관 관리자에게 새 초대를 요청하세요.", "This invitation was revoked. Ask the organisation's admin for a new one.")
        case .expired: Localized("초대 링크의 유효 기간(7일)이 지났습니다. 기관 관리자에게 새 초대를 요청하세요.",
                                 "This invitation has expired (they last 7 days). Ask the organisation's admin for a new one.")
        }
    }
}
