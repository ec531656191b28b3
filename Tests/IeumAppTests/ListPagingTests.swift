import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Issue 14, "every list page is paged": each list loads one page of rows, a later page holds the
/// rest, a page number outside 1…100000 is a 400, one past the end shows the last page, and the
/// pager's links keep the list's filters. Rows are written straight to the database.
@Suite("Every list page is paged")
struct ListPagingTests {
    static func number(_ n: Int) -> String { String(format: "%03d", n) }

    static func count(_ marker: String, in body: String) -> Int { body.components(separatedBy: marker).count - 1 }

    /// How a link to `url` is written in the page's markup.
    static func link(_ url: SiteURL) -> String { "href=\"" + HTMLEscape.markup(url.path) + "\"" }

    static func signedIn(_ app: Application, _ email: String, role: PlatformRole = .operator) async throws -> (User, WebClient) {
        let user = try await TestApp.user(app, email: email, role: role)
        let web = WebClient(app)
        try await web.login(email)
        return (user, web)
    }

    /// `?name=0`, `abc`, a negative and a huge number are refused; a page past the end within the
    /// bounds shows the last page.
    static func expectBounds(_ web: WebClient, _ path: String, parameter: String = "page", lastPageMarker: String) async throws {
        let joiner = path.contains("?") ? "&" : "?"
        for bad in ["0", "abc", "-1", "99999999999", "1.5"] {
            let page = try await web.get(path + joiner + parameter + "=" + bad)
            #expect(page.status == .badRequest, "\(path) \(parameter)=\(bad): \(page.status)")
        }
        let past = try await web.get(path + joiner + parameter + "=100000")
        #expect(past.status == .ok)
        #expect(past.body.contains(lastPageMarker), "\(path) \(parameter)=100000 does not show the last page")
    }

    // MARK: Grievances

    static func grievance(_ n: Int, status: GrievanceStatus, dueAt: Date?) -> Grievance {
        let g = Grievance()
        g.receiptYear = 2026
        g.receiptSequence = n + 1
        g.receiptNumber = GrievanceReceipt.number(year: 2026, sequence: n + 1)
        g.tokenHash = "paging-\(n)"
        g.title = "페이징민원-\(number(n))"
        g.description = "목록 쪽 나눔 확인"
        g.category = .regulation
        g.regionCode = "jongno"
        g.submitterAddress = "127.0.0.1"
        g.status = status
        g.businessDays = false
        g.dueAt = dueAt
        g.dueDay = dueAt.map { SeoulTime.date($0) }
        g.agency = "서울청"
        // Newest first: n = 0 is the most recent.
        g.receivedAt = TestApp.now.addingTimeInterval(-Double(n) * 3_600)
        g.version = 1
        return g
    }

    @Test("the grievance queue: 50 a page, its status and overdue filters kept in the pager")
    func grievanceQueue() async throws {
        try await TestApp.with { app in
            // given: 60 overdue cases in progress (0…59) and 10 just received (60…69)
            let overdue = (0..<60).map { Self.grievance($0, status: .inProgress, dueAt: TestApp.now.addingTimeInterval(-86_400)) }
            let received = (60..<70).map { Self.grievance($0, status: .received, dueAt: nil) }
            try await (overdue + received).create(on: app.db)
            let (_, web) = try await Self.signedIn(app, "desk@ieum.test")
            let perPage = GrievanceListPage.perPage

            // when / then: the whole queue
            let first = try await web.get("/grievances")
            #expect(first.status == .ok)
            #expect(Self.count("페이징민원-", in: first.body) == perPage)
            #expect(first.body.contains(Self.link(.grievanceQueue(status: nil, overdue: false, page: 2))))
            #expect(first.body.contains("페이징민원-000"))
            #expect(!first.body.contains("페이징민원-055"))
            let second = try await web.get("/grievances?page=2")
            #expect(Self.count("페이징민원-", in: second.body) == 70 - perPage)
            #expect(second.body.contains("페이징민원-055"))
            #expect(second.body.contains(Self.link(.grievanceQueue(status: nil, overdue: false, page: 1))))

            // the overdue filter runs in SQL and survives paging, alone and with a status
            let late = try await web.get("/grievances?overdue=1")
            #expect(Self.count("페이징민원-", in: late.body) == perPage)
            #expect(late.body.contains(Self.link(.grievanceQueue(status: nil, overdue: true, page: 2))))
            let lateRest = try await web.get("/grievances?overdue=1&page=2")
            #expect(Self.count("페이징민원-", in: lateRest.body) == 10)
            #expect(!lateRest.body.contains("페이징민원-060"))
            let both = try await web.get("/grievances?status=inProgress&overdue=1")
            #expect(both.body.contains(Self.link(.grievanceQueue(status: "inProgress", overdue: true, page: 2))))
            let justReceived = try await web.get("/grievances?status=received")
            #expect(Self.count("페이징민원-", in: justReceived.body) == 10)
            #expect(!justReceived.body.contains("rel=\"next\""))

            try await Self.expectBounds(web, "/grievances?overdue=1", lastPageMarker: "페이징민원-059")
        }
    }

    // MARK: Experts

    @Test("the expert pool: 30 a page, the search and the tech field kept in the pager")
    func expertPool() async throws {
        try await TestApp.with { app in
            // given: 35 battery experts and 10 chip experts, all available
            let experts = (0..<45).map { n -> Expert in
                let e = Expert()
                e.name = "풀전문가-\(Self.number(n))"
                e.email = "expert\(n)@ieum.test"
                e.sector = .academia
                e.affiliation = "한국대학교"
                e.position = "교수"
                e.fields = n < 35 ? ["battery"] : ["chip"]
                e.expertise = n < 35 ? "이차전지 양극재 설계" : "반도체 공정"
                e.available = true
                e.availabilityNote = ""
                e.consentContact = true
                return e
            }
            try await experts.create(on: app.db)
            let (_, web) = try await Self.signedIn(app, "pool@ieum.test")
            let perPage = ExpertListModel.perPage

            // when / then: the whole pool, in SQL
            let first = try await web.get("/experts")
            #expect(Self.count("풀전문가-", in: first.body) == perPage)
            #expect(first.body.contains(Self.link(.expertPool(query: nil, field: nil, page: 2))))
            #expect(!first.body.contains("풀전문가-040"))
            let second = try await web.get("/experts?page=2")
            #expect(Self.count("풀전문가-", in: second.body) == 45 - perPage)
            #expect(second.body.contains("풀전문가-040"))

            // a Korean search with a particle still matches, and the page keeps the search and field
            let search = try await web.get("/experts?q=" + WebClient.encode("이차전지를") + "&field=battery")
            #expect(search.status == .ok)
            #expect(Self.count("풀전문가-", in: search.body) == perPage)
            #expect(search.body.contains("35명"))
            #expect(search.body.contains(Self.link(.expertPool(query: "이차전지를", field: "battery", page: 2))))
            let searchRest = try await web.get(SiteURL.expertPool(query: "이차전지를", field: "battery", page: 2).path)
            #expect(Self.count("풀전문가-", in: searchRest.body) == 5)
            #expect(searchRest.body.contains("풀전문가-034"))
            #expect(!searchRest.body.contains("풀전문가-035"))
            let chips = try await web.get("/experts?field=chip")
            #expect(Self.count("풀전문가-", in: chips.body) == 10)
            #expect(!chips.body.contains("rel=\"next\""))

            try await Self.expectBounds(web, "/experts?q=" + WebClient.encode("이차전지"), lastPageMarker: "풀전문가-034")
        }
    }

    // MARK: Networks

    @Test("the networks list (30 a page) and a network's member directory (50 a page)")
    func networks() async throws {
        try await TestApp.with { app in
            // given: 35 networks; the first has 60 member organisations
            let networks = (0..<35).map { n -> Network in
                let network = Network()
                network.kind = .council
                network.name = "쪽나눔네트워크-\(Self.number(n))"
                network.description = "설명"
                network.fields = []
                return network
            }
            try await networks.create(on: app.db)
            let big = networks[0]
            var members: [NetworkMember] = []
            for n in 0..<60 {
                let org = try await TestApp.organization(app, name: "회원기관-\(Self.number(n))")
                let m = NetworkMember()
                m.$network.id = try big.requireID()
                m.$organization.id = try org.requireID()
                m.role = .member
                m.joinedAt = TestApp.now
                members.append(m)
            }
            try await members.create(on: app.db)
            let (_, web) = try await Self.signedIn(app, "council@ieum.test")

            // when / then: the list
            let first = try await web.get("/networks")
            #expect(Self.count("쪽나눔네트워크-", in: first.body) == NetworkListPage.perPage)
            #expect(first.body.contains(Self.link(.networksPage(2))))
            #expect(first.body.contains("회원 60"))
            #expect(!first.body.contains("쪽나눔네트워크-032"))
            let second = try await web.get("/networks?page=2")
            #expect(Self.count("쪽나눔네트워크-", in: second.body) == 35 - NetworkListPage.perPage)
            #expect(second.body.contains("쪽나눔네트워크-032"))
            try await Self.expectBounds(web, "/networks", lastPageMarker: "쪽나눔네트워크-034")

            // the member directory, by name
            let id = try big.requireID()
            let roll = try await web.get(SiteRoute.networks(.members).path(id))
            #expect(roll.status == .ok)
            #expect(Self.count("<td>회원기관-", in: roll.body) == NetworkMembersPage.perPage)
            #expect(roll.body.contains(Self.link(.networkMembers(id, page: 2))))
            #expect(!roll.body.contains("<td>회원기관-055"))
            let rest = try await web.get(SiteURL.networkMembers(id, page: 2).path)
            #expect(Self.count("<td>회원기관-", in: rest.body) == 60 - NetworkMembersPage.perPage)
            #expect(rest.body.contains("<td>회원기관-055"))
            try await Self.expectBounds(web, SiteRoute.networks(.members).path(id), lastPageMarker: "<td>회원기관-059")
        }
    }

    // MARK: Meetings

    @Test("the consultation-meeting list: 30 a page, latest first")
    func meetings() async throws {
        try await TestApp.with { app in
            // given: 35 events, event n starting n days from now
            let events = (0..<35).map { n -> MeetingEvent in
                let e = MeetingEvent()
                e.name = "쪽상담회-\(Self.number(n))"
                e.kind = .mixed
                e.mode = .offline
                e.venue = "서울"
                e.startsAt = TestApp.now.addingTimeInterval(Double(n) * 86_400)
                e.days = 1
                e.slotsPerDay = 6
                e.slotMinutes = 20
                e.breakMinutes = 5
                e.registrationOpensAt = TestApp.now
                e.registrationClosesAt = TestApp.now.addingTimeInterval(86_400)
                e.requestExpiryHours = 48
                e.requestCap = 5
                e.weightMutual = 3
                e.weightBuyer = 2
                e.weightStartup = 1
                return e
            }
            try await events.create(on: app.db)
            let (_, web) = try await Self.signedIn(app, "meetings@ieum.test")

            // when / then: the latest 30 (34…5), then 4…0
            let first = try await web.get("/meetings")
            #expect(Self.count("쪽상담회-", in: first.body) == MeetingListPage.perPage)
            #expect(first.body.contains("쪽상담회-034"))
            #expect(!first.body.contains("쪽상담회-004"))
            #expect(first.body.contains(Self.link(.meetingEventsPage(2))))
            let second = try await web.get("/meetings?page=2")
            #expect(Self.count("쪽상담회-", in: second.body) == 35 - MeetingListPage.perPage)
            #expect(second.body.contains("쪽상담회-004"))
            try await Self.expectBounds(web, "/meetings", lastPageMarker: "쪽상담회-000")

            // a member of an organisation that takes part in none sees none
            let org = try await TestApp.organization(app, name: "참가안한기업")
            try await TestApp.user(app, email: "outsider@ieum.test", organization: org)
            let outsider = WebClient(app)
            try await outsider.login("outsider@ieum.test")
            #expect(Self.count("쪽상담회-", in: try await outsider.get("/meetings").body) == 0)
        }
    }

    // MARK: Evaluation rounds

    @Test("the rounds list (both lists paged on their own) and a round's entries (50 a page)")
    func rounds() async throws {
        try await TestApp.with { app in
            // given: 35 rounds of one program, newest first by opening; the operator judges 32 of them
            let (user, web) = try await Self.signedIn(app, "rounds@ieum.test")
            let program = Program()
            program.name = "평가사업"
            program.year = 2026
            program.description = ""
            program.tracks = []
            try await program.create(on: app.db)
            let rounds = try (0..<35).map { n -> EvaluationRound in
                let r = EvaluationRound()
                r.$program.id = try program.requireID()
                r.kind = .document
                r.title = "쪽평가-\(Self.number(n))"
                r.opensAt = TestApp.now.addingTimeInterval(-Double(n) * 86_400)
                r.closesAt = TestApp.now.addingTimeInterval(30 * 86_400)
                r.blind = true
                r.judgesPerEntry = 2
                r.minLoad = 0
                r.maxLoad = 100
                r.method = .mean
                r.trimMinimum = 5
                r.disagreementRange = 30
                r.capacity = 0
                r.status = .draft
                return r
            }
            try await rounds.create(on: app.db)
            let expert = Expert()
            expert.$user.id = try user.requireID()
            expert.name = "심사하는운영자"
            expert.email = "rounds@ieum.test"
            expert.sector = .publicSector
            expert.affiliation = "운영기관"
            expert.position = ""
            expert.fields = []
            expert.expertise = ""
            expert.available = true
            expert.availabilityNote = ""
            expert.consentContact = true
            try await expert.create(on: app.db)
            let panels = try rounds.prefix(32).map { r -> RoundJudge in
                let j = RoundJudge()
                j.$round.id = try r.requireID()
                j.$expert.id = try expert.requireID()
                return j
            }
            try await panels.create(on: app.db)
            let perPage = EvaluationQuery.ListData.perPage
            func managed(_ body: String) -> String { body.components(separatedBy: "id=\"managed-rounds\"").last ?? "" }
            func judging(_ body: String) -> String {
                (body.components(separatedBy: "id=\"my-rounds\"").last ?? "").components(separatedBy: "id=\"managed-rounds\"").first ?? ""
            }

            // when / then
            let first = try await web.get("/rounds")
            #expect(Self.count("쪽평가-", in: managed(first.body)) == perPage)
            #expect(Self.count("쪽평가-", in: judging(first.body)) == perPage)
            #expect(!managed(first.body).contains("쪽평가-033"))
            #expect(first.body.contains(Self.link(.roundsPage(managed: 2, judging: 1))))
            #expect(first.body.contains(Self.link(.roundsPage(managed: 1, judging: 2))))
            // the other list's page is kept in each pager's links
            let second = try await web.get("/rounds?page=2")
            #expect(Self.count("쪽평가-", in: managed(second.body)) == 35 - perPage)
            #expect(managed(second.body).contains("쪽평가-033"))
            #expect(Self.count("쪽평가-", in: judging(second.body)) == perPage)
            #expect(second.body.contains(Self.link(.roundsPage(managed: 2, judging: 2))))
            let both = try await web.get("/rounds?page=2&judgingPage=2")
            #expect(Self.count("쪽평가-", in: judging(both.body)) == 32 - perPage)
            #expect(both.body.contains(Self.link(.roundsPage(managed: 1, judging: 2))))
            try await Self.expectBounds(web, "/rounds", lastPageMarker: "쪽평가-034")
            try await Self.expectBounds(web, "/rounds", parameter: "judgingPage", lastPageMarker: "쪽평가-031")

            // a round with 60 entries shows 50, then 10
            let startup = try await TestApp.organization(app, name: "대상기업")
            let round = rounds[0]
            let roundID = try round.requireID()
            let entries = try (0..<60).map { n -> RoundEntry in
                let e = RoundEntry()
                e.$round.id = roundID
                e.$startup.id = try startup.requireID()
                e.title = "쪽대상-\(Self.number(n))"
                e.fields = []
                e.selected = false
                return e
            }
            try await entries.create(on: app.db)
            let page = try await web.get(SiteURL.round(roundID).path)
            #expect(page.status == .ok)
            #expect(Self.count("<td>쪽대상-", in: page.body) == EvaluationQuery.ManageData.entriesPerPage)
            #expect(!page.body.contains("쪽대상-055"))
            #expect(page.body.contains(Self.link(.roundEntries(roundID, page: 2))))
            let rest = try await web.get(SiteURL.roundEntries(roundID, page: 2).path)
            #expect(Self.count("<td>쪽대상-", in: rest.body) == 60 - EvaluationQuery.ManageData.entriesPerPage)
            #expect(rest.body.contains("쪽대상-055"))
            try await Self.expectBounds(web, SiteURL.round(roundID).path, lastPageMarker: "<td>쪽대상-059")
        }
    }

    // MARK: Programs and the inbox

    @Test("the programs list: 30 a page, for visitors too")
    func programs() async throws {
        try await TestApp.with { app in
            // given: 35 programs of this year (whatever else the database holds comes on top)
            let before = try await Program.query(on: app.db).count()
            let programs = (0..<35).map { n -> Program in
                let p = Program()
                p.name = "쪽사업-\(Self.number(n))"
                p.year = 2100
                p.description = ""
                p.tracks = []
                return p
            }
            try await programs.create(on: app.db)
            let web = WebClient(app)

            // when / then: the newest year comes first
            let first = try await web.get("/programs")
            #expect(Self.count("쪽사업-", in: first.body) == ProgramListPage.perPage)
            #expect(!first.body.contains("쪽사업-032"))
            #expect(first.body.contains(Self.link(.programsPage(2))))
            let second = try await web.get("/programs?page=2")
            #expect(Self.count("쪽사업-", in: second.body) == 35 - ProgramListPage.perPage)
            #expect(second.body.contains("쪽사업-032"))
            let last = (before + 35 + ProgramListPage.perPage - 1) / ProgramListPage.perPage
            #expect(try await web.get("/programs?page=\(last + 1)").status == .ok)
            try await Self.expectBounds(web, "/programs", lastPageMarker: "rel=\"prev\"")
        }
    }

    @Test("the inbox: 20 a page, newest first, with the unread count over all messages")
    func inbox() async throws {
        try await TestApp.with { app in
            // given: 45 messages, message n sent n minutes ago; the first 3 unread
            let (user, web) = try await Self.signedIn(app, "reader@ieum.test", role: .member)
            let messages = try (0..<45).map { n -> InboxMessage in
                let m = InboxMessage()
                m.userID = try user.requireID()
                m.kind = .needPublished
                m.titleKo = "쪽알림-\(Self.number(n))"
                m.titleEn = "Paged message \(n)"
                m.bodyKo = "본문"
                m.bodyEn = "Body"
                m.link = "/needs"
                m.createdAt = TestApp.now.addingTimeInterval(-Double(n) * 60)
                m.readAt = n < 3 ? nil : TestApp.now
                return m
            }
            try await messages.create(on: app.db)
            let perPage = InboxController.pageSize

            // when / then
            let first = try await web.get("/inbox")
            #expect(Self.count("class=\"card inbox-item", in: first.body) == perPage)
            #expect(first.body.contains("쪽알림-000"))
            #expect(!first.body.contains("쪽알림-020"))
            #expect(first.body.contains("읽지 않은 알림 3건"))
            #expect(first.body.contains(Self.link(.inboxPage(2))))
            let third = try await web.get("/inbox?page=3")
            #expect(Self.count("class=\"card inbox-item", in: third.body) == 45 - 2 * perPage)
            #expect(third.body.contains("쪽알림-044"))
            #expect(third.body.contains(Self.link(.inboxPage(2))))
            try await Self.expectBounds(web, "/inbox", lastPageMarker: "쪽알림-044")
        }
    }
}
