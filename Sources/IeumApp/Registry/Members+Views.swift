import Foundation
import IeumCore
import Plot

/// `/organizations/:orgID/members`: members with their roles, requests to join, invitations.
struct MembersPage: Page {
    let model: MembersModel

    func title(_ context: PageContext) -> String { context.t("\(model.organizationName) 구성원", "Members of \(model.organizationName)") }

    static func roleLabel(_ role: MembershipRole) -> Localized {
        role == .admin ? Localized("관리자", "Admin") : Localized("구성원", "Member")
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .p(.a(.href(SiteURL.organization(model.organizationID).path), .text("← " + model.organizationName))),
            .h1(.text(title(context))),
            .if(model.status != .approved, .p(.class("hint"), .text(context.t("운영기관이 이 기관을 승인하기 전에는 구성원도 기관 유형의 권한(지원, 수요과제 등록 등)을 갖지 않습니다.",
                                                                       "Until an operator approves this organisation, its members have none of its kind's rights (applying, posting needs …).")))),
            .section(
                .class("card"), .id("members"),
                .h2(.text(context.t("구성원 \(model.members.count)명", "\(model.members.count) members"))),
                .if(model.members.isEmpty, .p(.class("empty"), .text(context.t("아직 구성원이 없습니다.", "Nobody belongs to it yet.")))),
                .if(!model.members.isEmpty, .div(.class("table-wrap"), .table(
                    .class("data"),
                    .thead(.tr(.th(.text(context.t("이름", "Name"))), .th(.text(context.t("이메일", "E-mail"))), .th(.text(context.t("역할", "Role"))),
                               .th(.text(context.t("가입일", "Since"))), .th(.text(context.t("관리", "Manage"))))),
                    .tbody(.forEach(model.members) { member in
                        .tr(
                            .td(.text(member.name)), .td(.text(member.email)), .td(.text(context.t(Self.roleLabel(member.role)))),
                            .td(.text(member.since.map(SeoulTime.date) ?? "")),
                            .td(memberActions(member, context))
                        )
                    })
                )))
            ),
            .if(model.canManage, .group(
                .section(
                    .class("card"), .id("join-requests"),
                    .h2(.text(context.t("가입 요청 \(model.requests.count)건", "\(model.requests.count) model.requests to join"))),
                    .if(model.requests.isEmpty, .p(.class("empty"), .text(context.t("기다리는 요청이 없습니다.", "No request is waiting.")))),
                    .ul(.class("plain"), .forEach(model.requests) { request in
                        .li(
                            .strong(.text(request.name)), .text(" <\(request.email)> · \(SeoulTime.dateTime(request.createdAt))"),
                            .if(!request.message.isEmpty, .blockquote(.text(request.message))),
                            FormKit.actionButton(SiteURL.joinRequestDecision(model.organizationID, request: request.id).path, context.t("수락", "Accept"), context,
                                                 hidden: [("decision", "accept")]),
                            FormKit.actionButton(SiteURL.joinRequestDecision(model.organizationID, request: request.id).path, context.t("거절", "Refuse"), context,
                                                 secondary: true, hidden: [("decision", "refuse")],
                                                 confirm: context.t("\(request.name)님의 가입 요청을 거절할까요?", "Refuse \(request.name)'s request?"))
                        )
                    })
                ),
                .section(
                    .class("card"), .id("invitations"),
                    .h2(.text(context.t("동료 초대", "Invite a colleague"))),
                    .form(
                        .id("invite-form"), .action(SiteURL.organizationInvitations(model.organizationID).path), .method(.post),
                        FormKit.csrf(context),
                        FormKit.text("email", label: context.t("초대할 이메일", "E-mail to invite"), value: model.inviteEmail, errors: model.errors, context: context,
                                     type: .email, required: true, hint: context.t("초대 링크는 7일 동안 한 번 쓸 수 있습니다.", "The link works once within 7 days.")),
                        FormKit.select("role", label: context.t("역할", "Role"), options: MembershipRole.allCases.map { ($0.rawValue, context.t(Self.roleLabel($0))) },
                                       selected: model.inviteRole, errors: model.errors, context: context),
                        FormKit.submit(context.t("초대 메일 보내기", "Send the invitation"))
                    ),
                    .if(!model.invitations.isEmpty, .group(
                        .h3(.text(context.t("보낸 초대", "Invitations out"))),
                        .ul(.class("plain"), .forEach(model.invitations) { invitation in
                            .li(.text("\(invitation.email) · \(context.t(Self.roleLabel(invitation.role))) · "
                                      + (invitation.expired ? context.t("만료됨", "expired")
                                                            : context.t("\(SeoulTime.dateTime(invitation.expiresAt))까지", "until \(SeoulTime.dateTime(invitation.expiresAt))"))),
                                .text(" "),
                                FormKit.actionButton(SiteURL.organizationInvitationRevoke(model.organizationID, invitation: invitation.id).path,
                                                     context.t("초대 취소", "Revoke"), context, secondary: true,
                                                     confirm: context.t("\(invitation.email) 초대를 취소할까요?", "Revoke the invitation to \(invitation.email)?")))
                        })
                    ))
                )
            ))
        )
    }

    func memberActions(_ member: MembersModel.Member, _ context: PageContext) -> Node<HTML.BodyContext> {
        if member.userID == model.actorID {
            return FormKit.actionButton(SiteURL.organizationMemberRemove(model.organizationID, user: member.userID).path, context.t("기관에서 나가기", "Leave"), context,
                                        secondary: true, confirm: context.t("\(model.organizationName)에서 나갈까요? 다시 들어오려면 초대나 승인이 필요합니다.",
                                                                            "Leave \(model.organizationName)? Coming back needs an invitation or an approval."))
        }
        guard model.canManage else { return .empty }
        let other: MembershipRole = member.role == .admin ? .member : .admin
        return .group(
            FormKit.actionButton(SiteURL.organizationMemberRole(model.organizationID, user: member.userID).path,
                                 other == .admin ? context.t("관리자로 지정", "Make admin") : context.t("구성원으로 변경", "Make member"),
                                 context, secondary: true, hidden: [("role", other.rawValue)]),
            FormKit.actionButton(SiteURL.organizationMemberRemove(model.organizationID, user: member.userID).path, context.t("내보내기", "Remove"), context,
                                 secondary: true, confirm: context.t("\(member.name)님을 구성원에서 제외할까요?", "Remove \(member.name) from the members?"))
        )
    }
}

/// `/organizations/join`: find an organisation by 사업자등록번호 or name and ask to join it.
struct JoinOrganizationPage: Page {
    let model: JoinOrganizationModel

    func title(_ context: PageContext) -> String { context.t("기존 기관에 가입 요청", "Ask to join an organisation") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .h1(.text(title(context))),
            .form(
                .class("card"), .method(.get), .action(SiteURL.organizationJoin(query: nil).path),
                FormKit.text("q", label: context.t("사업자등록번호 또는 기관명", "Business registration number or name"), value: model.query, errors: FieldErrors(),
                             context: context, required: true, hint: context.t("예: 123-45-67890 또는 이음테크", "e.g. 123-45-67890 or Ieum Tech")),
                FormKit.submit(context.t("찾기", "Search"))
            ),
            .if(!model.query.isEmpty && model.results.isEmpty, .p(.class("empty"), .id("join-empty"),
                                                     .text(context.t("찾는 기관이 없습니다. 새로 등록하세요.", "No organisation found. Register it instead.")),
                                                     .text(" "), .a(.href(SiteURL.organizationNew.path), .text(context.t("새 기관 등록", "Register an organisation"))))),
            .ul(.class("plain"), .id("join-results"), .forEach(model.results) { org in
                .li(
                    .class("card"),
                    .h2(.text(org.name)),
                    .p(.class("meta"), .span(.class("badge"), .text(context.t(org.kind.label))),
                       .span(.class("badge status-\(org.status.rawValue)"), .text(context.t(org.status.label))),
                       // The number only to someone who searched by it: a name search does not hand it out.
                       .unwrap(BusinessNumber(model.query) != nil ? org.businessNumber.flatMap { BusinessNumber($0)?.formatted } : nil) { .span(.text(" " + $0)) }),
                    model.pendingOrganizations.contains(org.id)
                        ? .p(.class("hint"), .text(context.t("가입 요청을 보냈습니다. 관리자의 답을 기다리는 중입니다.", "Request sent; waiting for an admin.")))
                        : .form(
                            .action(SiteURL.organizationJoinRequests(org.id).path), .method(.post),
                            FormKit.csrf(context),
                            FormKit.textarea("message", label: context.t("관리자에게 보낼 메시지 (선택)", "Message to the admins (optional)"), value: "",
                                             errors: FieldErrors(), context: context, rows: 2),
                            FormKit.submit(context.t("가입 요청", "Ask to join"))
                        )
                )
            })
        )
    }
}

/// `/invitations/:token`: who invites whom, and the way to accept.
struct InvitationPage: Page {
    let token: String
    let organization: String
    let email: String
    let role: MembershipRole
    let signedInAs: String?
    let hasAccount: Bool

    func title(_ context: PageContext) -> String { context.t("\(organization) 초대", "Invitation to \(organization)") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("card narrow"),
            .h1(.text(title(context))),
            .p(.text(context.t("\(email) 계정을 \(organization)의 \(MembersPage.roleLabel(role).ko)(으)로 초대했습니다.",
                               "\(email) is invited to \(organization) as \(MembersPage.roleLabel(role).en.lowercased())."))),
            signedInAs.map { current -> Node<HTML.BodyContext> in
                current.lowercased() == email.lowercased()
                    ? .form(.id("accept-invitation"), .action(SiteURL.invitation(token: token).path), .method(.post), FormKit.csrf(context),
                            FormKit.submit(context.t("초대 수락", "Accept the invitation")))
                    : .p(.class("form-error"), .text(context.t("지금 \(current) 계정으로 로그인되어 있습니다. 로그아웃한 뒤 \(email) 계정으로 로그인하세요.",
                                                               "You are signed in as \(current). Sign out, then sign in as \(email).")))
            } ?? (hasAccount
                ? .p(.a(.class("button"), .href(SiteURL.login(next: SiteURL.invitation(token: token).path).path), .text(context.t("로그인하고 수락", "Sign in to accept"))))
                : .p(.a(.class("button"), .id("signup-invited"), .href(SiteURL.signup(invitation: token).path), .text(context.t("가입하고 수락", "Sign up to accept")))))
        )
    }
}
