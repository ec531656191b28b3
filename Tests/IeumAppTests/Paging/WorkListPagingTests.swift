import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Issue 14, item 5: the work lists of needs, applications and collaborations load one page.
/// Each test writes more rows than a page holds and reads the pages back as a person would.
@Suite("Work list paging")
struct WorkListPagingTests {
    /// How many times `marker` occurs in `html`.
    /// How many different numbered records (`marker` followed by digits) the page names: a record
    /// may appear more than once (its link, and the confirmation questions of its buttons).
    static func count(_ marker: String, in html: String) -> Int {
        Set(html.components(separatedBy: marker).dropFirst().map { String($0.prefix { $0.isNumber }) }).count
    }

    static func need(_ app: Application, org: Organization, title: String, status: NeedStatus, call: Call? = nil) async throws -> Need {
        try await TestRecords.need(app, org, title, status: status, call: call)
    }

    static func application(_ app: Application, need: Need, startup: Organization, at: Date) async throws {
        try await TestRecords.application(app, need: need, startup: startup, submittedAt: at)
    }

    @Test("a startup's dashboard pages its applications, 20 a page, each section by its own parameter")
    func dashboardApplications() async throws {
        try await TestApp.with { app in
            let demand = try await TestApp.organization(app, name: "페이징수요기관", kind: .demand)
            let startup = try await TestApp.organization(app, name: "페이징스타트업", kind: .startup)
            try await TestApp.user(app, email: "startup@paging.test", organization: startup)
            for n in 1...25 {
                let need = try await Self.need(app, org: demand, title: "대시보드과제-\(String(format: "%02d", n))", status: .published)
                try await Self.application(app, need: need, startup: startup, at: TestApp.now.addingTimeInterval(Double(n)))
            }
            let web = try await Access.browser(app, "startup@paging.test")
            let first = try await web.get("/dashboard")
            #expect(first.status == .ok)
            #expect(Self.count("대시보드과제-", in: first.body) == 20)
            #expect(first.body.contains("applications_page=2"))
            let second = try await web.get("/dashboard?applications_page=2")
            #expect(Self.count("대시보드과제-", in: second.body) == 5)
            #expect(second.body.contains("rel=\"prev\""))
            // No title is on both pages.
            for n in 1...25 {
                let title = "대시보드과제-\(String(format: "%02d", n))"
                #expect(first.body.contains(title) != second.body.contains(title), "\(title)")
            }
            // A malformed query string (bad percent escapes) is answered, not trusted to build links.
            #expect(try await web.get("/dashboard?applications_page=2&x=%zz%").status == .ok)
            #expect(try await web.get("/dashboard?applications_page=0").status == .badRequest)
            #expect(try await web.get("/dashboard?applications_page=99999999999").status == .badRequest)
            #expect(try await web.get("/dashboard?applications_page=abc").status == .badRequest)
            // Past the last page: the last page.
            let past = try await web.get("/dashboard?applications_page=9")
            #expect(Self.count("대시보드과제-", in: past.body) == 5)
        }
    }

    @Test("a demand organisation's need list and dashboard page its needs; the status filter stays in the pager")
    func needLists() async throws {
        try await TestApp.with { app in
            let demand = try await TestApp.organization(app, name: "페이징수요기관", kind: .demand)
            try await TestApp.user(app, email: "demand@paging.test", organization: demand)
            for n in 1...55 {
                _ = try await Self.need(app, org: demand, title: "목록과제-\(String(format: "%02d", n))", status: n <= 53 ? .draft : .submitted)
            }
            let web = try await Access.browser(app, "demand@paging.test")
            let all = try await web.get("/needs")
            #expect(Self.count("목록과제-", in: all.body) == 50)
            let rest = try await web.get("/needs?page=2")
            #expect(Self.count("목록과제-", in: rest.body) == 5)
            let drafts = try await web.get("/needs?status=draft")
            #expect(Self.count("목록과제-", in: drafts.body) == 50)
            #expect(drafts.body.contains("/needs?status=draft&amp;page=2"), "the pager keeps the filter")
            let draftRest = try await web.get("/needs?status=draft&page=2")
            #expect(Self.count("목록과제-", in: draftRest.body) == 3)

            let dashboard = try await web.get("/dashboard")
            #expect(Self.count("목록과제-", in: dashboard.body) == 20)
            let third = try await web.get("/dashboard?needs_page=3")
            #expect(Self.count("목록과제-", in: third.body) == 15)
        }
    }

    @Test("a need's incoming applications are paged, 50 a page")
    func incomingApplications() async throws {
        try await TestApp.with { app in
            let demand = try await TestApp.organization(app, name: "페이징수요기관", kind: .demand)
            try await TestApp.user(app, email: "demand@paging.test", organization: demand)
            let need = try await Self.need(app, org: demand, title: "지원받는과제", status: .published)
            for n in 1...53 {
                let startup = try await TestApp.organization(app, name: "지원기업-\(String(format: "%02d", n))", kind: .startup)
                try await Self.application(app, need: need, startup: startup, at: TestApp.now.addingTimeInterval(Double(n)))
            }
            let web = try await Access.browser(app, "demand@paging.test")
            let path = "/needs/\(try need.requireID())/applications"
            let first = try await web.get(path)
            #expect(first.status == .ok)
            #expect(Self.count("지원기업-", in: first.body) == 50)
            #expect(first.body.contains("53"))
            let second = try await web.get(path + "?page=2")
            #expect(Self.count("지원기업-", in: second.body) == 3)
            #expect(second.body.contains("지원기업-53"))
            #expect(!first.body.contains("지원기업-53"))
        }
    }

    @Test("the collaboration list is paged (no silent cap), 50 a page, and the filters stay in the pager")
    func collaborations() async throws {
        try await TestApp.with { app in
            let demand = try await TestApp.organization(app, name: "협업수요기관", kind: .demand)
            let startup = try await TestApp.organization(app, name: "협업스타트업", kind: .startup)
            try await TestApp.user(app, email: "operator@paging.test", role: .operator)
            try await TestApp.user(app, email: "startup@paging.test", organization: startup)
            for n in 1...62 {
                let collaboration = Collaboration()
                collaboration.title = "페이징협업-\(String(format: "%02d", n))"
                collaboration.$startup.id = try startup.requireID()
                collaboration.$demand.id = try demand.requireID()
                collaboration.stage = n <= 55 ? .matched : .technologyVerification
                collaboration.stageSince = TestApp.now.addingTimeInterval(Double(-n * 60))
                collaboration.version = 1
                collaboration.startedAt = TestApp.now
                try await collaboration.create(on: app.db)
                for (org, role) in [(startup, CollaborationRole.startup), (demand, .demand)] {
                    try await CollaborationParty(collaborationID: collaboration.requireID(), organizationID: org.requireID(), role: role).create(on: app.db)
                }
            }
            for email in ["operator@paging.test", "startup@paging.test"] {
                let web = try await Access.browser(app, email)
                let first = try await web.get("/collaborations")
                #expect(first.status == .ok)
                #expect(Self.count("페이징협업-", in: first.body) == 50, "\(email)")
                #expect(first.body.contains("62"), "the count is of all, not of the page")
                let second = try await web.get("/collaborations?page=2")
                #expect(Self.count("페이징협업-", in: second.body) == 12, "\(email)")
                // Newest stage change first: the oldest is on the last page only.
                #expect(second.body.contains("페이징협업-62") && !first.body.contains("페이징협업-62"))
                let matched = try await web.get("/collaborations?stage=matched")
                #expect(Self.count("페이징협업-", in: matched.body) == 50)
                #expect(matched.body.contains("stage=matched&amp;page=2"), "the pager keeps the filter")
                let matchedRest = try await web.get("/collaborations?stage=matched&page=2")
                #expect(Self.count("페이징협업-", in: matchedRest.body) == 5)
                #expect(try await web.get("/collaborations?page=-1").status == .badRequest)
            }
        }
    }

    @Test("an agency's operator sees on the dashboard only the needs awaiting publication that are theirs to publish")
    func awaitingPublicationScoped() async throws {
        try await TestApp.with { app in
            let agency = try await TestApp.organization(app, name: "페이징진흥원", kind: .agency)
            let otherAgency = try await TestApp.organization(app, name: "다른진흥원", kind: .agency)
            try await TestApp.user(app, email: "agency-op@paging.test", role: .operator, organization: agency)
            try await TestApp.user(app, email: "platform-op@paging.test", role: .operator)
            let demand = try await TestApp.organization(app, name: "페이징수요기관", kind: .demand)
            let ownCall = try await Access.call(app, program: try await Access.program(app, name: "우리사업", agency: agency), title: "우리공모")
            let otherCall = try await Access.call(app, program: try await Access.program(app, name: "남의사업", agency: otherAgency), title: "남의공모")
            _ = try await Self.need(app, org: demand, title: "공모밖대기과제", status: .submitted)
            _ = try await Self.need(app, org: demand, title: "우리공모대기과제", status: .submitted, call: ownCall)
            _ = try await Self.need(app, org: demand, title: "남의공모대기과제", status: .submitted, call: otherCall)
            let agencyOperator = try await Access.browser(app, "agency-op@paging.test")
            let own = try await agencyOperator.get("/dashboard")
            #expect(own.body.contains("공모밖대기과제") && own.body.contains("우리공모대기과제"))
            #expect(!own.body.contains("남의공모대기과제"))
            let platform = try await Access.browser(app, "platform-op@paging.test")
            let every = try await platform.get("/dashboard")
            #expect(every.body.contains("공모밖대기과제") && every.body.contains("우리공모대기과제") && every.body.contains("남의공모대기과제"))
        }
    }

    @Test("a network's page shows one page of its events and of its joint tasks; the directory one page of join requests")
    func networkSections() async throws {
        try await TestApp.with { app in
            let network = Network()
            network.kind = .council
            network.name = "섹션네트워크"
            network.description = ""
            network.fields = []
            try await network.create(on: app.db)
            let networkID = try network.requireID()
            let chairOrg = try await TestApp.organization(app, name: "의장기관", kind: .demand)
            try await TestApp.user(app, email: "chair@paging.test", organization: chairOrg)
            let chair = NetworkMember()
            chair.$network.id = networkID
            chair.$organization.id = try chairOrg.requireID()
            chair.role = .chair
            chair.joinedAt = TestApp.now
            try await chair.create(on: app.db)
            for n in 1...25 {
                let event = NetworkEvent()
                event.$network.id = networkID
                event.kind = .seminar
                event.title = "섹션행사-\(String(format: "%02d", n))"
                event.startsAt = TestApp.now.addingTimeInterval(Double(-n) * 86_400)
                event.endsAt = event.startsAt.addingTimeInterval(3_600)
                event.place = "서울"
                event.capacity = 10
                event.membersOnly = false
                event.minutes = ""
                event.held = true
                event.cancelled = false
                try await event.create(on: app.db)
                let task = JointTask()
                task.$network.id = networkID
                task.$proposer.id = try chair.requireID()
                task.title = "섹션과제-\(String(format: "%02d", n))"
                task.summary = ""
                task.partners = ""
                task.status = .proposed
                task.history = []
                task.createdAt = TestApp.now.addingTimeInterval(Double(-n) * 60)
                try await task.create(on: app.db)
            }
            for n in 1...55 {
                let org = try await TestApp.organization(app, name: "가입희망-\(String(format: "%02d", n))")
                let request = NetworkJoinRequest()
                request.$network.id = networkID
                request.$organization.id = try org.requireID()
                request.userID = UUID()
                request.message = ""
                request.status = .pending
                request.createdAt = TestApp.now.addingTimeInterval(Double(n))
                try await request.create(on: app.db)
            }
            let web = try await Access.browser(app, "chair@paging.test")
            let page = try await web.get(SiteURL.network(networkID).path)
            #expect(page.status == .ok)
            #expect(Self.count("섹션행사-", in: page.body) == 20)
            #expect(Self.count("섹션과제-", in: page.body) == 20)
            // The yearly count of events held is over all 25, not the page.
            #expect(page.body.contains("개최 실적: 2026년 25회"))
            let later = try await web.get(SiteURL.network(networkID).path + "?events_page=2&tasks_page=2")
            #expect(Self.count("섹션행사-", in: later.body) == 5)
            #expect(Self.count("섹션과제-", in: later.body) == 5)
            #expect(later.body.contains("섹션행사-25") && !page.body.contains("섹션행사-25"))
            #expect(try await web.get(SiteURL.network(networkID).path + "?events_page=0").status == .badRequest)

            // The requests' section only (the add-member form lists organisations too).
            func requests(_ body: String) -> String {
                guard let start = body.range(of: "id=\"join-requests\""), let end = body.range(of: "id=\"add-member\"") else { return "" }
                return String(body[start.lowerBound..<end.lowerBound])
            }
            let directory = try await web.get(SiteURL.networkMembers(networkID, page: 1).path)
            #expect(Self.count("가입희망-", in: requests(directory.body)) == 50)
            #expect(directory.body.contains("requests_page=2"))
            let rest = try await web.get(SiteURL.networkMembers(networkID, page: 1, requestsPage: 2).path)
            #expect(Self.count("가입희망-", in: requests(rest.body)) == 5)
            #expect(requests(rest.body).contains("가입희망-55"))
        }
    }
}
