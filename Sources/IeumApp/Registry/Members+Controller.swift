import Fluent
import Foundation
import IeumCore
import Vapor

/// Joining an organisation, its members, invitations, and choosing which organisation one acts
/// for (issue 16, item 2).
struct MembersController {
    func register(_ app: Application) {
        app.on(.members(.joinPage), use: joinPage)
        app.on(.members(.requestToJoin), use: requestToJoin)
        app.on(.members(.decide), use: decide)
        app.on(.members(.withdraw), use: withdraw)
        app.on(.members(.membersPage), use: membersPage)
        app.on(.members(.setRole), use: setRole)
        app.on(.members(.remove), use: remove)
        app.on(.members(.invite), use: invite)
        app.on(.members(.revokeInvitation), use: revokeInvitation)
        app.on(.members(.invitationPage), use: invitationPage)
        app.on(.members(.acceptInvitation), use: acceptInvitation)
        app.on(.members(.switchOrganization), use: switchOrganization)
    }

    static func organizationID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("orgID", as: UUID.self) else { throw IeumError.notFound }
        return id
    }

    /// The organisation's id when the actor may see its members; 404 for everyone else, so the
    /// list does not tell who belongs where.
    static func visibleOrganization(_ req: Request, _ actor: Principal) async throws -> Organization {
        let id = try organizationID(req)
        guard MembersPolicy.can(actor, .view, organization: id), let org = try await Organization.find(id, on: req.db) else { throw IeumError.notFound }
        return org
    }

    // MARK: Finding and asking to join

    func joinPage(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let query = String((req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        return JoinOrganizationPage(model: try await JoinOrganizationModel.load(query: query, actor: actor, on: req.db)).response(req)
    }

    /// Organisations found by 사업자등록번호 (exact, with or without hyphens) or by name (two
    /// characters or more, spacing and case ignored). Agencies are not joined by request.
    static func search(_ query: String, on db: any Database) async throws -> [Organization] {
        guard !query.isEmpty else { return [] }
        var found: [Organization] = []
        if let number = BusinessNumber(query) {
            found = try await Organization.query(on: db).filter(\.$businessNumber == number.digits).filter(\.$status != .rejected).all()
        } else if query.filter({ !$0.isWhitespace }).count >= 2 {
            // The registry's own search: particles and spacing do not matter.
            let terms = KoreanSearch.terms(query)
            let builder = Organization.query(on: db).filter(\.$status != .rejected)
            builder.group(.or) { or in
                or.group(.and) { and in
                    for term in terms.prefix(5) { and.filter(.sql(RegistryQuery.likeClause(term))) }
                }
                if terms.count > 1 { or.filter(.sql(RegistryQuery.likeClause(terms.joined()))) }
            }
            found = try await builder.sort(\.$name).limit(40).all()
        }
        return Array(found.filter { $0.kind != .agency }.prefix(20))
    }

    struct RequestForm: Content { var message: String? }

    func requestToJoin(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try Self.organizationID(req)
        let form = try req.content.decode(RequestForm.self)
        guard let org = try await Organization.find(id, on: req.db), org.kind != .agency else { throw IeumError.notFound }
        _ = try await Memberships.requestToJoin(id, message: form.message ?? "", by: actor, on: req.db, now: req.now)
        req.flash(Localized("\(org.name)에 가입을 요청했습니다. 기관 관리자가 수락하면 알림을 보냅니다.",
                            "You asked to join \(org.nameEn ?? org.name). You will be notified when an admin accepts."))
        return req.redirect(to: SiteURL.welcome.path)
    }

    struct DecisionForm: Content { var decision: String? }

    func decide(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try Self.organizationID(req)
        guard MembersPolicy.can(actor, .view, organization: id) else { throw IeumError.notFound }
        guard let requestID = req.parameters.get("requestID", as: UUID.self) else { throw IeumError.notFound }
        let decision = try req.content.decode(DecisionForm.self).decision
        guard decision == "accept" || decision == "refuse" else {
            throw IeumError.badRequest(Localized("수락 또는 거절을 고르세요.", "Choose accept or refuse."))
        }
        try await Memberships.decide(requestID, in: id, accept: decision == "accept", by: actor, on: req.db, now: req.now)
        req.flash(decision == "accept" ? Localized("가입 요청을 수락했습니다.", "The request was accepted.")
                                       : Localized("가입 요청을 거절했습니다.", "The request was refused."))
        return req.redirect(to: SiteURL.organizationMembers(id).path)
    }

    func withdraw(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let requestID = req.parameters.get("requestID", as: UUID.self) else { throw IeumError.notFound }
        try await Memberships.withdraw(requestID, by: actor, on: req.db, now: req.now)
        req.flash(Localized("가입 요청을 취소했습니다.", "Your request was withdrawn."))
        return req.redirect(to: SiteURL.welcome.path)
    }

    // MARK: Members

    func membersPage(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let org = try await Self.visibleOrganization(req, actor)
        return MembersPage(model: try await MembersModel.load(org, actor: actor, on: req.db, now: req.now, inviteInput: ("", MembershipRole.member.rawValue), errors: FieldErrors()))
            .response(req)
    }

    struct RoleForm: Content { var role: String? }

    func setRole(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let org = try await Self.visibleOrganization(req, actor)
        guard let userID = req.parameters.get("userID", as: UUID.self) else { throw IeumError.notFound }
        guard let role = try req.content.decode(RoleForm.self).role.flatMap(MembershipRole.init(rawValue:)) else {
            throw IeumError.badRequest(Localized("역할을 고르세요.", "Choose a role."))
        }
        try await Memberships.setRole(userID, in: try org.requireID(), to: role, by: actor, on: req.db, now: req.now)
        req.flash(Localized("역할을 바꿨습니다.", "The role was changed."))
        return req.redirect(to: SiteURL.organizationMembers(try org.requireID()).path)
    }

    func remove(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let org = try await Self.visibleOrganization(req, actor)
        guard let userID = req.parameters.get("userID", as: UUID.self) else { throw IeumError.notFound }
        let id = try org.requireID()
        try await Memberships.remove(userID, from: id, by: actor, on: req.db, now: req.now)
        if userID == actor.userID {
            req.flash(Localized("\(org.name)에서 나왔습니다.", "You left \(org.nameEn ?? org.name)."))
            if req.session.data[SessionActorMiddleware.organizationKey] == id.uuidString {
                req.session.data[SessionActorMiddleware.organizationKey] = nil
            }
            return req.redirect(to: SiteURL.account.path)
        }
        req.flash(Localized("구성원에서 제외했습니다.", "The member was removed."))
        return req.redirect(to: SiteURL.organizationMembers(id).path)
    }

    struct InviteForm: Content { var email: String?, role: String? }

    func invite(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let org = try await Self.visibleOrganization(req, actor)
        let id = try org.requireID()
        let form = try req.content.decode(InviteForm.self)
        let role = form.role.flatMap(MembershipRole.init(rawValue:)) ?? .member
        do {
            try await Memberships.invite(id, email: form.email ?? "", role: role, by: actor, base: req.application.ieumConfiguration.baseURL,
                                         on: req.db, now: req.now)
        } catch IeumError.invalid(let errors) {
            return MembersPage(model: try await MembersModel.load(org, actor: actor, on: req.db, now: req.now, inviteInput: (String((form.email ?? "").prefix(254)), role.rawValue), errors: errors))
                .response(req, status: .unprocessableEntity)
        }
        req.flash(Localized("초대 메일을 보냈습니다. 링크는 7일 동안 쓸 수 있습니다.", "The invitation is on its way; its link lasts 7 days."))
        return req.redirect(to: SiteURL.organizationMembers(id).path)
    }

    func revokeInvitation(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let org = try await Self.visibleOrganization(req, actor)
        guard let invitationID = req.parameters.get("invitationID", as: UUID.self) else { throw IeumError.notFound }
        try await Memberships.revokeInvitation(invitationID, in: try org.requireID(), by: actor, on: req.db, now: req.now)
        req.flash(Localized("초대를 취소했습니다.", "The invitation was revoked."))
        return req.redirect(to: SiteURL.organizationMembers(try org.requireID()).path)
    }

    // MARK: Invitations, seen by the invited person

    func invitationPage(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        switch try await Memberships.findInvitation(token, on: req.db, now: req.now) {
        case .refused:
            return try await InvitationPage.refused(token: token, req: req)
        case .usable(let invitation, let org):
            let hasAccount = try await User.query(on: req.db).filter(\.$email == invitation.email).count() > 0
            return InvitationPage(token: token, organization: org.name, email: invitation.email, role: invitation.role,
                                  signedInAs: req.actor?.email, hasAccount: hasAccount).response(req)
        }
    }

    func acceptInvitation(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard case .usable(let invitation, let org) = try await Memberships.findInvitation(token, on: req.db, now: req.now) else {
            return try await InvitationPage.refused(token: token, req: req)
        }
        guard let actor = req.actor else { return req.redirect(to: SiteURL.login(next: SiteURL.invitation(token: token).path).path) }
        // The invitation is for the address it was sent to: another account cannot take it.
        guard actor.email.lowercased() == invitation.email.lowercased(), let user = try await User.find(actor.userID, on: req.db) else {
            throw IeumError.refused(Localized("이 초대는 \(invitation.email) 계정을 위한 것입니다. 그 계정으로 로그인하세요.",
                                              "This invitation is for the account \(invitation.email). Sign in with that account."))
        }
        let accepted = try await req.db.transaction { db in try await Memberships.accept(invitation, user: user, on: db, now: req.now) }
        guard accepted else { return try await InvitationPage.refused(token: token, req: req) }
        req.flash(Localized("\(org.name)의 구성원이 되었습니다.", "You now belong to \(org.nameEn ?? org.name)."))
        return req.redirect(to: SiteURL.organization(try org.requireID()).path)
    }

    // MARK: Acting for one organisation

    struct SwitchForm: Content { var organizationID: String? }

    /// A person in several organisations acts for one of them at a time, or for all together
    /// (empty). Kept in the session; the actor is narrowed on every request.
    func switchOrganization(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let raw = try req.content.decode(SwitchForm.self).organizationID ?? ""
        if raw.isEmpty {
            req.session.data[SessionActorMiddleware.organizationKey] = nil
            req.flash(Localized("모든 소속 기관으로 활동합니다.", "You now act for all your organisations."))
        } else {
            guard let id = UUID(uuidString: raw), actor.isMember(of: id), let org = try await Organization.find(id, on: req.db) else {
                throw IeumError.notFound
            }
            req.session.data[SessionActorMiddleware.organizationKey] = id.uuidString
            req.flash(Localized("\(org.name)(으)로 활동합니다.", "You now act for \(org.nameEn ?? org.name)."))
        }
        return req.redirect(to: SiteURL.account.path)
    }
}
