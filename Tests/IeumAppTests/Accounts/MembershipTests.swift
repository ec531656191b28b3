import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// Organisations after sign-up (issue 16, item 2): asking to join by business number or name,
/// admins (or operators, for an organisation nobody administers) deciding, invitations by e-mail
/// valid seven days, roles, removal and leaving, and acting for one organisation at a time.
@Suite("Organisation membership")
struct MembershipTests {
    static let number = TestApp.businessNumber(41)

    /// A startup with an admin (`admin@…`), and a second person with no organisation (`newcomer@…`).
    static func setUp(_ app: Application) async throws -> Organization {
        let org = try await TestApp.organization(app, name: "이음테크", kind: .startup, businessNumber: number)
        try await TestApp.user(app, email: "admin@iumtech.example", organization: org, membership: .admin)
        try await TestApp.user(app, email: "newcomer@ieum.example")
        return org
    }

    static func signedIn(_ app: Application, _ email: String) async throws -> WebClient {
        let web = WebClient(app)
        try await web.login(email)
        return web
    }

    static func membership(_ app: Application, _ email: String, _ org: Organization) async throws -> Membership? {
        guard let user = try await User.query(on: app.db).filter(\.$email == email).first() else { return nil }
        return try await Membership.query(on: app.db).filter(\.$user.$id == user.requireID()).filter(\.$organization.$id == org.requireID()).first()
    }

    @Test("an organisation is found by its business number with hyphens and by its name with a particle; the admin is notified and accepts")
    func requestFoundAndAccepted() async throws {
        try await TestApp.with { app in
            // given
            let org = try await Self.setUp(app)
            let id = try org.requireID()
            let newcomer = try await Self.signedIn(app, "newcomer@ieum.example")
            let formatted = try #require(BusinessNumber(Self.number)?.formatted)
            // when
            let byNumber = try await newcomer.get("/organizations/join?q=\(formatted)")
            let byName = try await newcomer.get("/organizations/join?q=" + "이음테크에".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
            let asked = try await newcomer.post("/organizations/\(id.uuidString)/join-requests", [("message", "기술영업 담당 김하늘입니다.")])
            // then
            #expect(byNumber.body.contains("/organizations/\(id.uuidString)/join-requests"))
            #expect(byName.body.contains("/organizations/\(id.uuidString)/join-requests"))
            // a name search does not hand out the business number; a number search shows it back
            #expect(!byName.body.contains(formatted))
            #expect(byNumber.body.contains(formatted))
            #expect(asked.status == .seeOther)
            let admin = try #require(try await User.query(on: app.db).filter(\.$email == "admin@iumtech.example").first())
            let notice = try #require(try await InboxMessage.query(on: app.db).filter(\.$userID == admin.requireID()).first())
            #expect(notice.kind == .membership)
            #expect(notice.link == "/organizations/\(id.uuidString)/members")
            #expect(try await Self.membership(app, "newcomer@ieum.example", org) == nil)
            // when the admin accepts
            let adminWeb = try await Self.signedIn(app, "admin@iumtech.example")
            let members = try await adminWeb.get("/organizations/\(id.uuidString)/members")
            #expect(members.body.contains("기술영업 담당 김하늘입니다."))
            let request = try #require(try await MembershipRequest.query(on: app.db).first())
            let accepted = try await adminWeb.post("/organizations/\(id.uuidString)/join-requests/\(request.requireID().uuidString)", [("decision", "accept")])
            // then
            #expect(accepted.status == .seeOther)
            #expect(try await Self.membership(app, "newcomer@ieum.example", org)?.role == .member)
            #expect(try await MembershipRequest.find(request.requireID(), on: app.db)?.status == .accepted)
            // a second decision changes nothing
            let twice = try await adminWeb.post("/organizations/\(id.uuidString)/join-requests/\(request.requireID().uuidString)", [("decision", "refuse")])
            #expect(twice.status == .unprocessableEntity)
            #expect(try await Self.membership(app, "newcomer@ieum.example", org) != nil)
        }
    }

    @Test("a refused request makes no member and tells the person; a request to an organisation nobody administers goes to operators, and the first accepted becomes its admin")
    func refusedAndOperatorDecided() async throws {
        try await TestApp.with { app in
            // given
            let org = try await Self.setUp(app)
            let imported = try await TestApp.organization(app, name: "가져온스타트업", kind: .startup, businessNumber: TestApp.businessNumber(42))
            try await TestApp.user(app, email: "operator@ieum.example", role: .operator)
            let newcomer = try await Self.signedIn(app, "newcomer@ieum.example")
            try await newcomer.get("/organizations/join")
            try await newcomer.post("/organizations/\(org.requireID().uuidString)/join-requests", [("message", "")])
            try await newcomer.post("/organizations/\(imported.requireID().uuidString)/join-requests", [("message", "")])
            let requests = try await MembershipRequest.query(on: app.db).all()
            let toOrg = try #require(requests.first { $0.$organization.id == org.id })
            let toImported = try #require(requests.first { $0.$organization.id == imported.id })
            // when the admin refuses and the operator accepts
            let admin = try await Self.signedIn(app, "admin@iumtech.example")
            try await admin.get("/organizations/\(org.requireID().uuidString)/members")
            let refused = try await admin.post("/organizations/\(org.requireID().uuidString)/join-requests/\(toOrg.requireID().uuidString)", [("decision", "refuse")])
            let op = try await Self.signedIn(app, "operator@ieum.example")
            let operatorNotice = try await InboxMessage.query(on: app.db).filter(\.$kind == .membership).all()
            try await op.get("/organizations/\(imported.requireID().uuidString)/members")
            let accepted = try await op.post("/organizations/\(imported.requireID().uuidString)/join-requests/\(toImported.requireID().uuidString)", [("decision", "accept")])
            // then
            #expect(refused.status == .seeOther)
            #expect(accepted.status == .seeOther)
            #expect(try await Self.membership(app, "newcomer@ieum.example", org) == nil)
            #expect(try await Self.membership(app, "newcomer@ieum.example", imported)?.role == .admin)
            let operatorID = try #require(try await User.query(on: app.db).filter(\.$email == "operator@ieum.example").first()?.requireID())
            #expect(operatorNotice.contains { $0.userID == operatorID && $0.link.contains(imported.id!.uuidString) })
            let newcomerID = try #require(try await User.query(on: app.db).filter(\.$email == "newcomer@ieum.example").first()?.requireID())
            let told = try await InboxMessage.query(on: app.db).filter(\.$userID == newcomerID).all()
            #expect(told.contains { $0.titleKo.contains("거절") })
            #expect(told.contains { $0.titleKo.contains("수락") })
        }
    }

    @Test("outsiders cannot see or decide: another organisation's admin gets 404, a plain member sees the list but cannot invite, decide or change roles")
    func outsidersAndMembersAreRefused() async throws {
        try await TestApp.with { app in
            // given
            let org = try await Self.setUp(app)
            let id = try org.requireID().uuidString
            let other = try await TestApp.organization(app, name: "다른기관", kind: .demand)
            try await TestApp.user(app, email: "other-admin@ieum.example", organization: other, membership: .admin)
            try await TestApp.user(app, email: "plain@iumtech.example", organization: org, membership: .member)
            let newcomer = try await Self.signedIn(app, "newcomer@ieum.example")
            try await newcomer.get("/organizations/join")
            try await newcomer.post("/organizations/\(id)/join-requests", [("message", "")])
            let request = try #require(try await MembershipRequest.query(on: app.db).first()).id!.uuidString
            let adminID = try #require(try await User.query(on: app.db).filter(\.$email == "admin@iumtech.example").first()?.requireID()).uuidString
            // when / then: another organisation's admin
            let outsider = try await Self.signedIn(app, "other-admin@ieum.example")
            #expect(try await outsider.get("/organizations/\(id)/members").status == .notFound)
            #expect(try await outsider.post("/organizations/\(id)/join-requests/\(request)", [("decision", "accept")]).status == .notFound)
            #expect(try await outsider.post("/organizations/\(id)/invitations", [("email", "x@ieum.example"), ("role", "admin")]).status == .notFound)
            #expect(try await outsider.post("/organizations/\(id)/members/\(adminID)/remove", []).status == .notFound)
            // the newcomer (not yet a member) likewise
            #expect(try await newcomer.get("/organizations/\(id)/members").status == .notFound)
            // a plain member sees the list, nothing more
            let plain = try await Self.signedIn(app, "plain@iumtech.example")
            let list = try await plain.get("/organizations/\(id)/members")
            #expect(list.status == .ok)
            #expect(!list.body.contains("id=\"invite-form\""))
            #expect(try await plain.post("/organizations/\(id)/join-requests/\(request)", [("decision", "accept")]).status == .forbidden)
            #expect(try await plain.post("/organizations/\(id)/invitations", [("email", "x@ieum.example"), ("role", "admin")]).status == .forbidden)
            #expect(try await plain.post("/organizations/\(id)/members/\(adminID)/role", [("role", "member")]).status == .forbidden)
            #expect(try await plain.post("/organizations/\(id)/members/\(adminID)/remove", []).status == .forbidden)
            // nothing changed
            #expect(try await Self.membership(app, "newcomer@ieum.example", org) == nil)
            #expect(try await Self.membership(app, "admin@iumtech.example", org)?.role == .admin)
            #expect(try await OrganizationInvitation.query(on: app.db).count() == 0)
            // an agency is not joined by request
            let agency = try await TestApp.organization(app, name: "운영기관", kind: .agency)
            #expect(try await newcomer.post("/organizations/\(agency.requireID().uuidString)/join-requests", [("message", "")]).status == .notFound)
        }
    }

    @Test("an invitation mails an absolute link valid 7 days; a new person signs up through it verified and joined with the invited role; the link then works no more")
    func invitationSignsUpAColleague() async throws {
        try await TestApp.with { app in
            // given
            let org = try await Self.setUp(app)
            let admin = try await Self.signedIn(app, "admin@iumtech.example")
            try await admin.get("/organizations/\(org.requireID().uuidString)/members")
            // when
            let invited = try await admin.post("/organizations/\(org.requireID().uuidString)/invitations", [("email", "Colleague@IumTech.example"), ("role", "admin")])
            // then
            #expect(invited.status == .seeOther)
            let link = try await SignupTests.link(app, to: "colleague@iumtech.example", subject: "초대")
            #expect(link.hasPrefix(app.ieumConfiguration.baseURL.origin + "/invitations/"))
            let stored = try #require(try await OrganizationInvitation.query(on: app.db).first())
            #expect(stored.expiresAt == TestApp.now.addingTimeInterval(7 * 24 * 3600))
            // the colleague follows it and signs up
            let colleague = WebClient(app)
            let path = try SignupTests.path(of: link)
            let page = try await colleague.get(path)
            #expect(page.body.contains("id=\"signup-invited\""))
            let token = String(path.dropFirst("/invitations/".count))
            try await colleague.get("/signup?invitation=\(token)")
            var fields = SignupTests.fields(email: "someone-else@ieum.example")
            fields.append(("invitation", token))
            let joined = try await colleague.post("/signup", fields)
            #expect(joined.status == .seeOther)
            let orgPath = "/organizations/\(try org.requireID().uuidString)"
            #expect(joined.headers.first(name: .location) == orgPath)
            // the account is the invited address (not the one typed), verified, an admin, signed in
            let user = try #require(try await User.query(on: app.db).filter(\.$email == "colleague@iumtech.example").first())
            #expect(user.emailVerifiedAt != nil)
            #expect(try await User.query(on: app.db).filter(\.$email == "someone-else@ieum.example").count() == 0)
            #expect(try await Self.membership(app, "colleague@iumtech.example", org)?.role == .admin)
            #expect(try await colleague.get("/account").status == .ok)
            #expect(try await UserConsent.query(on: app.db).filter(\.$user.$id == user.requireID()).count() == 3)
            // the link is spent
            let again = WebClient(app)
            #expect(try await again.get(path).status == .gone)
        }
    }

    @Test("an invitation is refused after 7 days and once revoked; an existing account accepts only as the invited address")
    func invitationLimits() async throws {
        try await TestApp.with { app in
            // given
            let org = try await Self.setUp(app)
            let id = try org.requireID().uuidString
            let admin = try await Self.signedIn(app, "admin@iumtech.example")
            try await admin.get("/organizations/\(id)/members")
            try await admin.post("/organizations/\(id)/invitations", [("email", "newcomer@ieum.example"), ("role", "member")])
            let path = try SignupTests.path(of: try await SignupTests.link(app, to: "newcomer@ieum.example", subject: "초대"))
            // when someone else, signed in, tries it
            try await TestApp.user(app, email: "stranger@ieum.example")
            let stranger = try await Self.signedIn(app, "stranger@ieum.example")
            let strangerPage = try await stranger.get(path)
            let strangerPost = try await stranger.post(path, [])
            // then
            #expect(strangerPage.body.contains("stranger@ieum.example 계정으로 로그인되어 있습니다"))
            #expect(strangerPost.status == .unprocessableEntity)
            #expect(try await Self.membership(app, "stranger@ieum.example", org) == nil)
            // after 7 days the invited person is refused
            let newcomer = try await Self.signedIn(app, "newcomer@ieum.example")
            try await newcomer.get("/account")
            app.clock = AppClock { TestApp.now.addingTimeInterval(7 * 24 * 3600 + 1) }
            #expect(try await newcomer.get(path).status == .gone)
            #expect(try await Self.membership(app, "newcomer@ieum.example", org) == nil)
            // a new invitation, revoked, is refused too
            app.clock = AppClock { TestApp.now }
            try await admin.get("/organizations/\(id)/members")
            try await admin.post("/organizations/\(id)/invitations", [("email", "newcomer@ieum.example"), ("role", "member")])
            let mails = try await OutboxMail.query(on: app.db).filter(\.$toAddress == "newcomer@ieum.example").sort(\.$createdAt).all()
            let body = try #require(mails.last?.body)
            let fresh = try SignupTests.path(of: String(body[try #require(body.range(of: "http")).lowerBound...].prefix { !$0.isWhitespace }))
            let open = try #require(try await OrganizationInvitation.query(on: app.db).filter(\.$revokedAt == nil).first())
            try await admin.get("/organizations/\(id)/members")
            let revoked = try await admin.post("/organizations/\(id)/invitations/\(open.requireID().uuidString)/revoke", [])
            #expect(revoked.status == .seeOther)
            let afterRevoke = try await newcomer.get(fresh)
            #expect(afterRevoke.status == .gone)
            #expect(afterRevoke.body.contains("취소된 초대입니다"))
        }
    }

    @Test("roles and removal: the last admin cannot step down or leave while others remain; a member leaves; an admin removes someone")
    func rolesAndRemoval() async throws {
        try await TestApp.with { app in
            // given
            let org = try await Self.setUp(app)
            let id = try org.requireID().uuidString
            try await TestApp.user(app, email: "plain@iumtech.example", organization: org, membership: .member)
            try await TestApp.user(app, email: "third@iumtech.example", organization: org, membership: .member)
            let ids = try await User.query(on: app.db).all().reduce(into: [String: String]()) { $0[$1.email] = $1.id!.uuidString }
            let admin = try await Self.signedIn(app, "admin@iumtech.example")
            try await admin.get("/organizations/\(id)/members")
            // when / then: the last admin
            #expect(try await admin.post("/organizations/\(id)/members/\(ids["admin@iumtech.example"]!)/role", [("role", "member")]).status == .unprocessableEntity)
            #expect(try await admin.post("/organizations/\(id)/members/\(ids["admin@iumtech.example"]!)/remove", []).status == .unprocessableEntity)
            // promotes plain, then steps down
            #expect(try await admin.post("/organizations/\(id)/members/\(ids["plain@iumtech.example"]!)/role", [("role", "admin")]).status == .seeOther)
            #expect(try await admin.post("/organizations/\(id)/members/\(ids["admin@iumtech.example"]!)/role", [("role", "member")]).status == .seeOther)
            #expect(try await Self.membership(app, "admin@iumtech.example", org)?.role == .member)
            // the new admin removes the third person
            let plain = try await Self.signedIn(app, "plain@iumtech.example")
            try await plain.get("/organizations/\(id)/members")
            #expect(try await plain.post("/organizations/\(id)/members/\(ids["third@iumtech.example"]!)/remove", []).status == .seeOther)
            #expect(try await Self.membership(app, "third@iumtech.example", org) == nil)
            // the former admin, now a member, leaves
            try await admin.get("/organizations/\(id)/members")
            #expect(try await admin.post("/organizations/\(id)/members/\(ids["admin@iumtech.example"]!)/remove", []).status == .seeOther)
            #expect(try await Self.membership(app, "admin@iumtech.example", org) == nil)
            // and can no longer see the list
            #expect(try await admin.get("/organizations/\(id)/members").status == .notFound)
            // every change is in the audit log
            let actions = Set(try await AuditEntry.query(on: app.db).all().map(\.action))
            #expect(actions.isSuperset(of: ["membership.role", "membership.remove", "membership.leave"]))
        }
    }

    @Test("one person may have at most ten requests waiting; asking the same organisation twice keeps one request")
    func pendingRequestsAreCapped() async throws {
        try await TestApp.with { app in
            // given eleven organisations
            var orgs: [Organization] = []
            for n in 0...Memberships.maxPendingRequests {
                orgs.append(try await TestApp.organization(app, name: "요청대상\(n)", kind: .demand))
            }
            try await TestApp.user(app, email: "asker@ieum.example")
            let web = try await Self.signedIn(app, "asker@ieum.example")
            try await web.get("/organizations/join")
            // when
            for org in orgs.prefix(Memberships.maxPendingRequests) {
                #expect(try await web.post("/organizations/\(org.requireID().uuidString)/join-requests", [("message", "")]).status == .seeOther)
            }
            try await web.get("/organizations/join")
            let again = try await web.post("/organizations/\(orgs[0].requireID().uuidString)/join-requests", [("message", "")])
            try await web.get("/organizations/join")
            let eleventh = try await web.post("/organizations/\(orgs.last!.requireID().uuidString)/join-requests", [("message", "")])
            // then
            #expect(again.status == .seeOther)
            #expect(eleventh.status == .unprocessableEntity)
            #expect(try await MembershipRequest.query(on: app.db).count() == Memberships.maxPendingRequests)
        }
    }

    @Test("a person in two organisations acts for one at a time: the other one's pages close until they switch back")
    func switchingOrganisations() async throws {
        try await TestApp.with { app in
            // given
            let first = try await Self.setUp(app)
            let second = try await TestApp.organization(app, name: "둘째회사", kind: .startup, businessNumber: TestApp.businessNumber(43))
            let user = try #require(try await User.query(on: app.db).filter(\.$email == "admin@iumtech.example").first())
            try await Membership(userID: user.requireID(), organizationID: second.requireID(), role: .member).create(on: app.db)
            let web = try await Self.signedIn(app, "admin@iumtech.example")
            let account = try await web.get("/account")
            #expect(account.body.contains("action=\"/account/organization\""))
            #expect(try await web.get("/organizations/\(second.requireID().uuidString)/members").status == .ok)
            // when acting for the first
            let switched = try await web.post("/account/organization", [("organizationID", first.requireID().uuidString)])
            // then
            #expect(switched.status == .seeOther)
            #expect(try await web.get("/organizations/\(second.requireID().uuidString)/members").status == .notFound)
            #expect(try await web.get("/organizations/\(first.requireID().uuidString)/members").status == .ok)
            // an organisation one does not belong to cannot be chosen
            try await web.get("/account")
            #expect(try await web.post("/account/organization", [("organizationID", UUID().uuidString)]).status == .notFound)
            // back to all
            try await web.get("/account")
            #expect(try await web.post("/account/organization", [("organizationID", "")]).status == .seeOther)
            #expect(try await web.get("/organizations/\(second.requireID().uuidString)/members").status == .ok)
        }
    }
}
