import Foundation
import IeumCore
import Testing
@testable import IeumApp

/// The organisation pages that used to query from their view files (members, finding an
/// organisation to join, the welcome page), rendered from plain models in Korean and English.
@Suite("Membership pages rendered from plain models")
struct MembershipPageSnapshotTests {
    static let organizationID = UUID(uuidString: "0A000000-0000-0000-0000-000000000001")!
    static let adminID = PageSnapshotTests.platformOperator.userID
    static let memberID = UUID(uuidString: "0B000000-0000-0000-0000-000000000002")!
    static let day = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18, Seoul

    static let members = MembersModel(
        organizationID: organizationID, organizationName: "이음테크", status: .pending,
        members: [
            .init(userID: adminID, name: "운영자", email: "operator@snapshot.example", role: .admin, since: day),
            .init(userID: memberID, name: "박서연", email: "seoyeon@snapshot.example", role: .member, since: day.addingTimeInterval(86_400)),
        ],
        requests: [.init(id: UUID(uuidString: "0C000000-0000-0000-0000-000000000003")!, name: "최민준", email: "minjun@snapshot.example",
                         message: "연구소 소속입니다.", createdAt: day.addingTimeInterval(3_600))],
        invitations: [
            .init(id: UUID(uuidString: "0D000000-0000-0000-0000-000000000004")!, email: "new@snapshot.example", role: .member,
                  expiresAt: PageSnapshotTests.now.addingTimeInterval(86_400 * 3), expired: false),
            .init(id: UUID(uuidString: "0D000000-0000-0000-0000-000000000005")!, email: "late@snapshot.example", role: .admin,
                  expiresAt: day, expired: true),
        ],
        canManage: true, actorID: adminID, inviteEmail: "", inviteRole: MembershipRole.member.rawValue, errors: FieldErrors())

    @Test("an organisation's members, seen by its admin", arguments: [Lang.ko, Lang.en])
    func membersPage(_ language: Lang) throws {
        let html = PageSnapshotTests.page(MembersPage(model: Self.members), PageSnapshotTests.context(language))
        #expect(html.contains("박서연") && html.contains("최민준") && html.contains("late@snapshot.example"))
        #expect(html.contains(language == .ko ? "기관에서 나가기" : "Leave"))
        try PageSnapshotTests.assertSnapshot(html, named: "members.\(language.rawValue).html")
    }

    @Test("an organisation's members, seen by a plain member", arguments: [Lang.ko, Lang.en])
    func membersPageForAMember(_ language: Lang) throws {
        var model = Self.members
        model.status = .approved
        model.canManage = false
        model.requests = []
        model.invitations = []
        model.actorID = Self.memberID
        let html = PageSnapshotTests.page(MembersPage(model: model), PageSnapshotTests.context(language))
        // No requests, invitations or other people's buttons for someone who does not manage it.
        #expect(!html.contains("join-requests") && !html.contains("invite-form"))
        #expect(!html.contains(language == .ko ? "내보내기" : "Remove"))
        try PageSnapshotTests.assertSnapshot(html, named: "members-member.\(language.rawValue).html")
    }

    static let join = JoinOrganizationModel(
        query: "1234567891",
        results: [
            .init(id: organizationID, name: "이음테크", kind: .startup, status: .approved, businessNumber: "1234567891"),
            .init(id: UUID(uuidString: "0A000000-0000-0000-0000-000000000006")!, name: "이음연구소", kind: .research, status: .pending, businessNumber: nil),
        ],
        pendingOrganizations: [organizationID])

    @Test("finding an organisation to join", arguments: [Lang.ko, Lang.en])
    func joinPage(_ language: Lang) throws {
        let html = PageSnapshotTests.page(JoinOrganizationPage(model: Self.join), PageSnapshotTests.context(language))
        // Searched by number: the number is shown formatted; the organisation already asked shows no form.
        #expect(html.contains("<span> 123-45-67891</span>") && html.contains("이음연구소"))
        #expect(html.components(separatedBy: "/join-requests").count == 2)
        try PageSnapshotTests.assertSnapshot(html, named: "organization-join.\(language.rawValue).html")
    }

    @Test("finding an organisation to join, nothing found", arguments: [Lang.ko, Lang.en])
    func joinPageEmpty(_ language: Lang) throws {
        let model = JoinOrganizationModel(query: "없는기관", results: [], pendingOrganizations: [])
        let html = PageSnapshotTests.page(JoinOrganizationPage(model: model), PageSnapshotTests.context(language))
        #expect(html.contains(language == .ko ? "찾는 기관이 없습니다." : "No organisation found."))
        try PageSnapshotTests.assertSnapshot(html, named: "organization-join-empty.\(language.rawValue).html")
    }

    @Test("the welcome page with an organisation and a request", arguments: [Lang.ko, Lang.en])
    func welcomePage(_ language: Lang) throws {
        let model = WelcomeModel(
            name: "박서연", joinedAs: .startup,
            organizations: [.init(id: Self.organizationID, name: "이음테크", kind: .startup, status: .pending, role: .admin)],
            requests: [.init(id: UUID(uuidString: "0C000000-0000-0000-0000-000000000007")!, organizationName: "이음연구소", status: .pending, createdAt: Self.day)])
        let html = PageSnapshotTests.page(WelcomePage(model: model), PageSnapshotTests.context(language))
        #expect(html.contains("my-organizations") && html.contains("이음연구소") && html.contains("?kind=startup"))
        try PageSnapshotTests.assertSnapshot(html, named: "welcome.\(language.rawValue).html")
    }

    @Test("the welcome page of someone with no organisation yet", arguments: [Lang.ko, Lang.en])
    func welcomePageEmpty(_ language: Lang) throws {
        let model = WelcomeModel(name: "Jordan Lee", joinedAs: .expert, organizations: [], requests: [])
        let html = PageSnapshotTests.page(WelcomePage(model: model), PageSnapshotTests.context(language))
        #expect(!html.contains("my-organizations") && !html.contains("my-requests"))
        #expect(html.contains(language == .ko ? "전문가는 소속 기관" : "As an expert, join your organisation"))
        try PageSnapshotTests.assertSnapshot(html, named: "welcome-empty.\(language.rawValue).html")
    }
}
