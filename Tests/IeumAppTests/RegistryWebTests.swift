import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// The registry through the real application: list, search, filters, profiles, create, edit,
/// approval, and what each person may see.
@Suite("Registry pages")
struct RegistryWebTests {
    // MARK: list, search, filters

    @Test("an operator sees every organisation with the search form and all filters")
    func operatorList() async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let web = try await WebClient.signedIn(app, world.operatorUser)
            // when
            let page = try await web.get("/organizations")
            // then
            #expect(page.status == .ok)
            #expect(page.body.contains("<html lang=\"ko\">"))
            #expect(page.body.contains("<h1>기관 목록</h1>"))
            for filter in ["id=\"q\"", "id=\"kind\"", "id=\"field\"", "id=\"stage\"", "id=\"region\"", "id=\"cluster\"", "id=\"status\""] {
                #expect(page.body.contains(filter), "missing filter \(filter)")
            }
            #expect(page.body.contains("검색 결과 \(world.all.count)개"))
            for org in world.all { #expect(page.body.contains(org.name), "missing \(org.name)") }
            #expect(page.body.contains("승인 대기"))  // the pending organisation carries its badge
        }
    }

    @Test("Korean search finds the description that says 스마트공장을 구축하는, and nothing else", arguments: [
        "스마트공장", "스마트공장을", "스마트 공장", "구축", "IoT", "iot기반",
    ])
    func koreanSearch(query: String) async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let web = try await WebClient.signedIn(app, world.operatorUser)
            // when
            let page = try await web.get("/organizations?q=" + query.urlQueryEncoded)
            // then
            #expect(page.status == .ok)
            #expect(page.body.contains("검색 결과 1개"))
            #expect(page.body.contains(world.factory.name))
            for other in world.all where other.id != world.factory.id {
                #expect(!page.body.contains(other.name), "\(other.name) should not match \(query)")
            }
            #expect(page.body.contains("value=\"\(query)\""))  // the query stays in the search box
        }
    }

    @Test("a search for what nobody does finds nothing and says so")
    func searchWithoutResults() async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let web = try await WebClient.signedIn(app, world.operatorUser)
            // when
            let page = try await web.get("/organizations?q=" + "양자컴퓨터".urlQueryEncoded)
            // then
            #expect(page.status == .ok)
            #expect(page.body.contains("검색 결과 0개"))
            #expect(page.body.contains("조건에 맞는 기관이 없습니다."))
        }
    }

    @Test("% and _ in a query are not LIKE wildcards", arguments: ["스마트%구축", "스_트공장", "%", "_"])
    func likeWildcardsAreLiteral(query: String) async throws {
        try await TestApp.with { app in
            // given 스마트공장을 구축하는, which a wildcard would match
            let world = try await World.make(app)
            let web = try await WebClient.signedIn(app, world.operatorUser)
            // when
            let page = try await web.get("/organizations?q=" + query.urlQueryEncoded)
            // then: a query of punctuation only is no query; otherwise nothing matches
            #expect(page.status == .ok)
            let expected = KoreanSearch.terms(query).isEmpty ? world.all.count : 0
            #expect(page.body.contains("검색 결과 \(expected)개"))
        }
    }

    struct FilterCase: Sendable, CustomTestStringConvertible {
        let query: String
        let expected: [String]
        var testDescription: String { query }
    }

    @Test("filters narrow the list", arguments: [
        FilterCase(query: "kind=demand", expected: ["한빛전자"]),
        FilterCase(query: "field=bio-health", expected: ["바이오랩"]),
        FilterCase(query: "stage=seriesA", expected: ["바이오랩", "에이아이비전"]),
        FilterCase(query: "region=seocho", expected: ["에이아이비전"]),
        FilterCase(query: "cluster=gangnam-tips", expected: ["바이오랩"]),
        FilterCase(query: "kind=startup&stage=seriesA&region=gangnam", expected: ["바이오랩"]),
        FilterCase(query: "status=pending", expected: ["대기스타트업"]),
        FilterCase(query: "field=unknown-field", expected: []),
    ])
    func filters(_ c: FilterCase) async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let web = try await WebClient.signedIn(app, world.operatorUser)
            // when
            let page = try await web.get("/organizations?" + c.query)
            // then
            #expect(page.status == .ok)
            #expect(page.body.contains("검색 결과 \(c.expected.count)개"))
            for org in world.all {
                #expect(page.body.contains(org.name) == c.expected.contains(org.name), "\(org.name) for \(c.query)")
            }
        }
    }

    @Test("the list pages by 25 and keeps the filter in the page links")
    func pagination() async throws {
        try await TestApp.with { app in
            // given 30 seed-stage startups
            let operatorUser = try await Self.thirtyStartups(app)
            let web = try await WebClient.signedIn(app, operatorUser)
            // when
            let first = try await web.get("/organizations?stage=seed")
            let second = try await web.get("/organizations?stage=seed&page=2")
            // then
            #expect(first.body.contains("검색 결과 30개"))
            #expect(first.body.contains("1 / 2 페이지"))
            #expect(first.body.contains("href=\"/organizations?stage=seed&amp;page=2\" rel=\"next\""))
            #expect(first.body.contains("페이지기업01") && first.body.contains("페이지기업25"))
            #expect(!first.body.contains("rel=\"prev\""))
            #expect(second.body.contains("2 / 2 페이지"))
            #expect(second.body.contains("href=\"/organizations?stage=seed\" rel=\"prev\""))
            #expect(second.body.contains("페이지기업27") && second.body.contains("페이지기업30"))
            #expect(!second.body.contains("rel=\"next\""))
        }
    }

    @Test("each organisation is on exactly one page: 25 rows on page 1, 5 on page 2")
    func pagesDoNotOverlap() async throws {
        try await TestApp.with { app in
            // given 30 seed-stage startups
            let operatorUser = try await Self.thirtyStartups(app)
            let web = try await WebClient.signedIn(app, operatorUser)
            // when
            let first = try await web.get("/organizations?stage=seed")
            let second = try await web.get("/organizations?stage=seed&page=2")
            // then
            #expect(first.body.occurrences(of: "class=\"org-card\"") == 25)
            #expect(second.body.occurrences(of: "class=\"org-card\"") == 5)
            #expect(!first.body.contains("페이지기업26"))
            #expect(second.body.contains("페이지기업26"))
        }
    }

    static func thirtyStartups(_ app: Application) async throws -> User {
        let operatorUser = try await TestApp.user(app, email: "op@ieum.example", role: .operator)
        for n in 1...30 {
            try await World.startup(app, name: String(format: "페이지기업%02d", n), stage: .seed)
        }
        return operatorUser
    }

    @Test("the 'all' choice of every filter submits an empty value, not its label")
    func emptyFilterOptionsHaveEmptyValues() async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let web = try await WebClient.signedIn(app, world.operatorUser)
            // when
            let page = try await web.get("/organizations")
            // then
            for filter in ["kind", "field", "stage", "region", "cluster", "status"] {
                #expect(page.body.emptyValueHTML.contains("<select id=\"\(filter)\" name=\"\(filter)\"><option value=\"\" selected=\"selected\">전체</option>"), "\(filter)")
            }
        }
    }

    @Test("the registration form's 'none' choices submit empty values")
    func emptyFormOptionsHaveEmptyValues() async throws {
        try await TestApp.with { app in
            // given
            let founder = try await TestApp.user(app, email: "founder@new.example")
            let web = try await WebClient.signedIn(app, founder)
            // when
            let page = try await web.get("/organizations/new")
            // then
            let html = page.body.emptyValueHTML
            #expect(html.contains("<option value=\"\" selected=\"selected\">선택</option>"))
            #expect(html.contains("<option value=\"\" selected=\"selected\">없음</option>"))
            #expect(html.contains("<option value=\"\" selected=\"selected\">해당 없음</option>"))
        }
    }

    // MARK: who sees what

    @Test("a startup member sees neither other startups in the list nor their profiles, but sees demand organisations")
    func startupMemberVisibility() async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let member = try await TestApp.user(app, email: "staff@factory.example", organization: world.factory, membership: .member)
            let web = try await WebClient.signedIn(app, member)
            // when
            let list = try await web.get("/organizations")
            let otherStartup = try await web.get(world.path(world.bio))
            let closedStartup = try await web.get(world.path(world.vision))
            let demand = try await web.get(world.path(world.demand))
            let own = try await web.get(world.path(world.factory))
            // then
            #expect(list.status == .ok)
            #expect(list.body.contains(world.factory.name))
            #expect(list.body.contains(world.demand.name))
            #expect(!list.body.contains(world.bio.name))
            #expect(!list.body.contains(world.vision.name))
            #expect(!list.body.contains(world.pending.name))
            #expect(otherStartup.status == .notFound)
            #expect(otherStartup.body.contains("찾는 페이지나 항목이 없습니다."))
            #expect(!otherStartup.body.contains(world.bio.name))
            #expect(closedStartup.status == .notFound)
            #expect(demand.status == .ok)
            #expect(demand.body.contains("<h1>\(world.demand.name)</h1>"))
            #expect(own.status == .ok)
        }
    }

    @Test("an investor sees only the startups that opened their profile to partners")
    func investorVisibility() async throws {
        try await TestApp.with { app in
            // given: 바이오랩 is open to partners, 에이아이비전 is not
            let world = try await World.make(app)
            let fund = try await TestApp.organization(app, name: "이음벤처스", kind: .investor, businessNumber: TestApp.businessNumber(90))
            let investor = try await TestApp.user(app, email: "vc@fund.example", organization: fund, membership: .member)
            let web = try await WebClient.signedIn(app, investor)
            // when
            let list = try await web.get("/organizations?kind=startup")
            let open = try await web.get(world.path(world.bio))
            let closed = try await web.get(world.path(world.vision))
            // then
            #expect(list.body.contains(world.bio.name))
            #expect(list.body.contains(world.factory.name))
            #expect(!list.body.contains(world.vision.name))
            #expect(!list.body.contains(world.pending.name))
            #expect(open.status == .ok)
            #expect(closed.status == .notFound)
        }
    }

    @Test("a pending organisation is invisible to others but visible to its own member and to operators")
    func pendingVisibility() async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let founder = try await TestApp.user(app, email: "founder@pending.example", organization: world.pending, membership: .admin)
            let buyer = try await TestApp.user(app, email: "buyer@hanbit.example", organization: world.demand, membership: .member)
            let asFounder = try await WebClient.signedIn(app, founder)
            let asBuyer = try await WebClient.signedIn(app, buyer)
            let asOperator = try await WebClient.signedIn(app, world.operatorUser)
            // when
            let buyerProfile = try await asBuyer.get(world.path(world.pending))
            let buyerList = try await asBuyer.get("/organizations")
            let founderProfile = try await asFounder.get(world.path(world.pending))
            let founderList = try await asFounder.get("/organizations")
            let operatorProfile = try await asOperator.get(world.path(world.pending))
            // then
            #expect(buyerProfile.status == .notFound)
            #expect(!buyerList.body.contains(world.pending.name))
            #expect(buyerList.body.contains(world.factory.name))  // approved startups are there
            #expect(founderProfile.status == .ok)
            #expect(founderProfile.body.contains("승인 대기"))
            #expect(founderList.body.contains(world.pending.name))
            #expect(operatorProfile.status == .ok)
            #expect(operatorProfile.body.contains("action=\"\(world.path(world.pending))/status\""))  // the decision form
        }
    }

    @Test("contact details are shown to the organisation's own people and to operators only")
    func contactVisibility() async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let contact = try #require(world.factory.contactEmail)
            let own = try await TestApp.user(app, email: "staff@factory.example", organization: world.factory, membership: .member)
            let buyer = try await TestApp.user(app, email: "buyer@hanbit.example", organization: world.demand, membership: .member)
            // when
            let ownPage = try await WebClient.signedIn(app, own).get(world.path(world.factory))
            let buyerPage = try await WebClient.signedIn(app, buyer).get(world.path(world.factory))
            // then
            #expect(ownPage.status == .ok)
            #expect(ownPage.body.contains(contact))
            #expect(ownPage.body.contains("담당자 연락처"))
            #expect(buyerPage.status == .ok)
            #expect(!buyerPage.body.contains(contact))
            #expect(buyerPage.body.contains("연락처는 기관 구성원과 운영기관에만 공개됩니다."))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "organization.view_contact").count() == 0)
        }
    }

    @Test("an operator reading another organisation's contact details leaves an audit entry")
    func operatorContactIsAudited() async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let web = try await WebClient.signedIn(app, world.operatorUser)
            // when
            let page = try await web.get(world.path(world.factory))
            // then
            #expect(page.status == .ok)
            #expect(page.body.contains(try #require(world.factory.contactEmail)))
            let entries = try await AuditEntry.query(on: app.db).filter(\.$action == "organization.view_contact").all()
            #expect(entries.count == 1)
            #expect(entries.first?.entityID == world.factory.id?.uuidString)
            #expect(entries.first?.actorID == world.operatorUser.id)
            #expect(entries.first?.actorName.contains("op@ieum.example") == true)
            #expect(entries.first?.summary.contains(world.factory.name) == true)
        }
    }

    @Test("a visitor is sent to the login page")
    func visitorIsRedirected() async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let web = WebClient(app)
            // when
            let list = try await web.get("/organizations")
            let profile = try await web.get(world.path(world.factory))
            // then
            #expect(list.status == .seeOther)
            #expect(list.headers.first(name: .location) == "/login?next=/organizations")
            #expect(profile.status == .seeOther)
            #expect(profile.headers.first(name: .location)?.hasPrefix("/login") == true)
        }
    }

    // MARK: create

    @Test("a bad business number is refused with its message next to the field, and the typed values stay")
    func createWithBadBusinessNumber() async throws {
        try await TestApp.with { app in
            // given
            let founder = try await TestApp.user(app, email: "founder@new.example")
            let web = try await WebClient.signedIn(app, founder)
            _ = try await web.get("/organizations/new")
            let bad = TestApp.businessNumber(1).badCheckDigit
            // when
            let page = try await web.post("/organizations", Form.startup(name: "이음테크", businessNumber: bad))
            // then
            #expect(page.status == .unprocessableEntity)
            let message = try #require(page.body.element(id: "businessNumber-error"))
            #expect(message.contains("검증번호"))
            #expect(page.body.contains("aria-describedby=\"businessNumber-error businessNumber-hint\""))
            #expect(page.body.contains("id=\"error-summary\""))
            #expect(page.body.contains("href=\"#businessNumber\""))
            #expect(page.body.contains("name=\"name\" value=\"이음테크\""))
            #expect(page.body.contains("name=\"businessNumber\" value=\"\(bad)\""))
            #expect(page.body.contains("스마트공장을 구축하는 솔루션"))
            #expect(try await Organization.query(on: app.db).count() == 0)
        }
    }

    @Test("a business number that is already registered is refused")
    func createDuplicate() async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.organization(app, name: "기존기업", businessNumber: TestApp.businessNumber(2))
            let founder = try await TestApp.user(app, email: "founder@new.example")
            let web = try await WebClient.signedIn(app, founder)
            _ = try await web.get("/organizations/new")
            // when: the same number written with hyphens
            let page = try await web.post("/organizations", Form.startup(name: "이음테크", businessNumber: TestApp.businessNumber(2).hyphenated))
            // then
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.element(id: "businessNumber-error")?.contains("이미 등록된 사업자등록번호입니다") == true)
            #expect(try await Organization.query(on: app.db).count() == 1)
        }
    }

    @Test("fixing the number registers the organisation: pending, with its creator as admin")
    func createByFounder() async throws {
        try await TestApp.with { app in
            // given a first attempt with a bad number
            let founder = try await TestApp.user(app, email: "founder@new.example")
            let web = try await WebClient.signedIn(app, founder)
            _ = try await web.get("/organizations/new")
            _ = try await web.post("/organizations", Form.startup(name: "이음테크", businessNumber: TestApp.businessNumber(3).badCheckDigit))
            // when
            let response = try await web.post("/organizations", Form.startup(name: "이음테크", businessNumber: TestApp.businessNumber(3)))
            // then
            #expect(response.status == .seeOther)
            let location = try #require(response.headers.first(name: .location))
            let org = try #require(try await Organization.query(on: app.db).filter(\.$name == "이음테크").first())
            #expect(location == "/organizations/\(try org.requireID().uuidString)")
            #expect(org.status == .pending)
            #expect(org.businessNumber == TestApp.businessNumber(3))
            #expect(org.stage == .seed)
            #expect(org.regionCode == "seongdong")
            #expect(try await RegistryService.fieldCodes(of: org.requireID(), on: app.db) == ["smart-manufacturing", "ai"])
            let membership = try #require(try await Membership.query(on: app.db).filter(\.$organization.$id == org.requireID()).first())
            #expect(membership.$user.id == founder.id)
            #expect(membership.role == .admin)
            let profile = try await web.get(location)
            #expect(profile.status == .ok)
            #expect(profile.body.contains("등록을 접수했습니다."))
            #expect(profile.body.contains("승인 대기"))
        }
    }

    @Test("an operator's registration is approved at once and makes no membership")
    func createByOperator() async throws {
        try await TestApp.with { app in
            // given
            let operatorUser = try await TestApp.user(app, email: "op@ieum.example", role: .operator)
            let web = try await WebClient.signedIn(app, operatorUser)
            _ = try await web.get("/organizations/new")
            // when
            let response = try await web.post("/organizations", Form.startup(name: "운영자등록기업", businessNumber: TestApp.businessNumber(4)))
            // then
            #expect(response.status == .seeOther)
            let org = try #require(try await Organization.query(on: app.db).filter(\.$name == "운영자등록기업").first())
            #expect(org.status == .approved)
            #expect(try await Membership.query(on: app.db).count() == 0)
        }
    }

    @Test("every registration is audited with who registered what")
    func createIsAudited() async throws {
        try await TestApp.with { app in
            // given
            let founder = try await TestApp.user(app, email: "founder@new.example")
            let web = try await WebClient.signedIn(app, founder)
            _ = try await web.get("/organizations/new")
            // when
            _ = try await web.post("/organizations", Form.startup(name: "이음테크", businessNumber: TestApp.businessNumber(5)))
            // then
            let org = try #require(try await Organization.query(on: app.db).first())
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "organization.create").first())
            #expect(entry.actorID == founder.id)
            #expect(entry.actorName.contains("founder@new.example"))
            #expect(entry.entityID == org.id?.uuidString)
            #expect(entry.summary.contains("이음테크"))
            #expect(entry.createdAt == TestApp.now)
        }
    }

    @Test("amounts typed as 억 are stored in won and shown in 억 and 만, or in English")
    func amounts() async throws {
        try await TestApp.with { app in
            // given
            let founder = try await TestApp.user(app, email: "founder@new.example")
            let web = try await WebClient.signedIn(app, founder)
            _ = try await web.get("/organizations/new")
            // when
            let response = try await web.post("/organizations", Form.startup(name: "이음테크", businessNumber: TestApp.businessNumber(7))
                + [("investment", "12.5억"), ("revenue", "3,000만원"), ("foundedYear", "2021"), ("employees", "1,200")])
            // then
            #expect(response.status == .seeOther)
            let org = try #require(try await Organization.query(on: app.db).filter(\.$name == "이음테크").first())
            #expect(org.investmentKRW == 1_250_000_000)
            #expect(org.revenueKRW == 30_000_000)
            #expect(org.foundedYear == 2021)
            #expect(org.employees == 1_200)
            let location = try #require(response.headers.first(name: .location))
            let korean = try await web.get(location)
            #expect(korean.body.contains("<dd>12억 5,000만원</dd>"))
            #expect(korean.body.contains("<dd>3,000만원</dd>"))
            #expect(korean.body.contains("<dd>2021년</dd>"))
            let english = try await web.get(location + "?lang=en")
            #expect(english.body.contains("<dd>KRW 12.5 hundred-million (억)</dd>"))
            #expect(english.body.contains("<dd>KRW 30,000,000</dd>"))
        }
    }

    @Test("an organisation registered through the form is found by its description, its field and its English field name", arguments: [
        "스마트공장", "스마트 공장을", "스마트제조", "smart manufacturing", "인공지능", "이음테크",
    ])
    func registeredOrganizationIsSearchable(query: String) async throws {
        try await TestApp.with { app in
            // given a startup registered by an operator (approved at once) in 스마트제조 and 인공지능
            let operatorUser = try await TestApp.user(app, email: "op@ieum.example", role: .operator)
            try await TestApp.organization(app, name: "다른기업", description: "체외진단 키트")
            let web = try await WebClient.signedIn(app, operatorUser)
            _ = try await web.get("/organizations/new")
            let created = try await web.post("/organizations", Form.startup(name: "이음테크", businessNumber: TestApp.businessNumber(8)))
            #expect(created.status == .seeOther)
            // when
            let page = try await web.get("/organizations?q=" + query.urlQueryEncoded)
            // then
            #expect(page.body.contains("검색 결과 1개"))
            #expect(page.body.contains("이음테크"))
            #expect(!page.body.contains("다른기업"))
        }
    }

    // MARK: edit

    @Test("the organisation's admin edits it; the change is audited field by field")
    func editByAdmin() async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let admin = try await TestApp.user(app, email: "ceo@factory.example", organization: world.factory, membership: .admin)
            let web = try await WebClient.signedIn(app, admin)
            let form = try await web.get(world.path(world.factory) + "/edit")
            #expect(form.status == .ok)
            #expect(form.body.contains("name=\"name\" value=\"\(world.factory.name)\""))
            // when
            var fields = Form.startup(name: "공장혁신 주식회사", businessNumber: TestApp.businessNumber(10))
            fields.append(("employees", "42"))
            let response = try await web.post(world.path(world.factory), fields)
            // then
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == world.path(world.factory))
            let org = try #require(try await Organization.find(world.factory.id, on: app.db))
            #expect(org.name == "공장혁신 주식회사")
            #expect(org.employees == 42)
            // A new name sends an approved organisation back for approval (issue 14, 3(d)).
            #expect(org.status == .pending)
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "organization.update").first())
            #expect(entry.actorID == admin.id)
            #expect(entry.entityID == world.factory.id?.uuidString)
            #expect(entry.changes.contains("name: 공장혁신 → 공장혁신 주식회사"))
            #expect(entry.changes.contains("employees:  → 42"))
            let profile = try await web.get(world.path(world.factory))
            #expect(profile.body.contains("변경 내용을 저장했습니다."))
            #expect(profile.body.contains("42명"))
        }
    }

    @Test("someone from another organisation may not edit: 403, nothing changes")
    func editByStranger() async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let stranger = try await TestApp.user(app, email: "admin@hanbit.example", organization: world.demand, membership: .admin)
            let web = try await WebClient.signedIn(app, stranger)
            // when
            let form = try await web.get(world.path(world.factory) + "/edit")
            let post = try await web.post(world.path(world.factory), Form.startup(name: "탈취", businessNumber: TestApp.businessNumber(10)))
            // then
            #expect(form.status == .forbidden)
            #expect(post.status == .forbidden)
            #expect(post.body.contains("이 작업을 할 권한이 없습니다."))
            #expect(try await Organization.find(world.factory.id, on: app.db)?.name == "공장혁신")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "organization.update").count() == 0)
        }
    }

    @Test("a plain member of the organisation may not edit it either")
    func editByPlainMember() async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let member = try await TestApp.user(app, email: "staff@factory.example", organization: world.factory, membership: .member)
            let web = try await WebClient.signedIn(app, member)
            // when
            let post = try await web.post(world.path(world.factory), Form.startup(name: "바뀐이름", businessNumber: TestApp.businessNumber(10)))
            // then
            #expect(post.status == .forbidden)
            #expect(try await Organization.find(world.factory.id, on: app.db)?.name == "공장혁신")
        }
    }

    @Test("editing an organisation that does not exist is 404")
    func editMissing() async throws {
        try await TestApp.with { app in
            // given
            let operatorUser = try await TestApp.user(app, email: "op@ieum.example", role: .operator)
            let web = try await WebClient.signedIn(app, operatorUser)
            let missing = "/organizations/\(UUID().uuidString)"
            // when
            let form = try await web.get(missing + "/edit")
            let post = try await web.post(missing, Form.startup(name: "없음", businessNumber: TestApp.businessNumber(11)))
            let profile = try await web.get(missing)
            let notAnID = try await web.get("/organizations/not-a-uuid")
            // then
            #expect(form.status == .notFound)
            #expect(post.status == .notFound)
            #expect(profile.status == .notFound)
            #expect(notAnID.status == .notFound)
        }
    }

    @Test("changing the number to one another organisation holds is refused on edit")
    func editToDuplicateNumber() async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let admin = try await TestApp.user(app, email: "ceo@factory.example", organization: world.factory, membership: .admin)
            let web = try await WebClient.signedIn(app, admin)
            _ = try await web.get(world.path(world.factory) + "/edit")
            // when: 바이오랩's number
            let page = try await web.post(world.path(world.factory), Form.startup(name: "공장혁신", businessNumber: TestApp.businessNumber(11)))
            // then
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.element(id: "businessNumber-error")?.contains("이미 등록된 사업자등록번호입니다") == true)
            #expect(try await Organization.find(world.factory.id, on: app.db)?.businessNumber == TestApp.businessNumber(10))
        }
    }

    // MARK: approval

    @Test("the approval queue lists the pending organisations only, for operators only")
    func approvalQueue() async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let asOperator = try await WebClient.signedIn(app, world.operatorUser)
            let founder = try await TestApp.user(app, email: "founder@pending.example", organization: world.pending, membership: .admin)
            let asFounder = try await WebClient.signedIn(app, founder)
            // when
            let queue = try await asOperator.get("/admin/approvals")
            let refused = try await asFounder.get("/admin/approvals")
            // then
            #expect(queue.status == .ok)
            #expect(queue.body.contains(world.pending.name))
            #expect(!queue.body.contains(world.factory.name))
            #expect(queue.body.contains("value=\"approved\""))
            #expect(queue.body.contains("value=\"rejected\""))
            #expect(refused.status == .forbidden)
        }
    }

    @Test("approving makes the organisation visible and is audited")
    func approve() async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let web = try await WebClient.signedIn(app, world.operatorUser)
            _ = try await web.get("/admin/approvals")
            // when
            let response = try await web.post(world.path(world.pending) + "/status", [("status", "approved"), ("reason", "")])
            // then
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/admin/approvals")
            #expect(try await Organization.find(world.pending.id, on: app.db)?.status == .approved)
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$entityID == world.pending.id?.uuidString).filter(\.$action == "organization.approved").first())
            #expect(entry.actorID == world.operatorUser.id)
            #expect(entry.changes.contains("status: pending → approved"))
            let queue = try await web.get("/admin/approvals")
            #expect(queue.body.contains("\(world.pending.name): 승인됨"))  // the flash
            #expect(queue.body.contains("승인을 기다리는 기관이 없습니다."))
            let buyer = try await TestApp.user(app, email: "buyer@hanbit.example", organization: world.demand, membership: .member)
            #expect(try await WebClient.signedIn(app, buyer).get(world.path(world.pending)).status == .ok)
        }
    }

    @Test("rejecting without a reason changes nothing and says why")
    func rejectWithoutReason() async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let web = try await WebClient.signedIn(app, world.operatorUser)
            _ = try await web.get("/admin/approvals")
            // when
            let response = try await web.post(world.path(world.pending) + "/status", [("status", "rejected"), ("reason", "   ")])
            // then
            #expect(response.status == .seeOther)
            let queue = try await web.get("/admin/approvals")
            #expect(queue.body.contains("반려 사유를 입력하세요."))
            #expect(queue.body.contains(world.pending.name))
            #expect(try await Organization.find(world.pending.id, on: app.db)?.status == .pending)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "organization.rejected").count() == 0)
        }
    }

    @Test("rejecting with a reason stores it, shows it on the profile and audits it")
    func rejectWithReason() async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let web = try await WebClient.signedIn(app, world.operatorUser)
            _ = try await web.get("/admin/approvals")
            // when
            let response = try await web.post(world.path(world.pending) + "/status", [("status", "rejected"), ("reason", "사업자등록증 확인 불가")])
            // then
            #expect(response.status == .seeOther)
            let org = try #require(try await Organization.find(world.pending.id, on: app.db))
            #expect(org.status == .rejected)
            #expect(org.statusReason == "사업자등록증 확인 불가")
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "organization.rejected").first())
            #expect(entry.changes.contains("status: pending → rejected"))
            #expect(entry.changes.contains("reason: 사업자등록증 확인 불가"))
            let profile = try await web.get(world.path(world.pending))
            #expect(profile.body.contains("처리 의견: 사업자등록증 확인 불가"))
            #expect(profile.body.contains("반려됨"))
        }
    }

    @Test("only operators decide: anyone else gets 403 and the status stays")
    func statusByNonOperator() async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let founder = try await TestApp.user(app, email: "founder@pending.example", organization: world.pending, membership: .admin)
            let web = try await WebClient.signedIn(app, founder)
            // when
            let response = try await web.post(world.path(world.pending) + "/status", [("status", "approved")])
            // then
            #expect(response.status == .forbidden)
            #expect(try await Organization.find(world.pending.id, on: app.db)?.status == .pending)
        }
    }

    // MARK: English

    @Test("?lang=en renders English labels and is remembered")
    func englishList() async throws {
        try await TestApp.with { app in
            // given
            let world = try await World.make(app)
            let web = try await WebClient.signedIn(app, world.operatorUser)
            // when
            let english = try await web.get("/organizations?lang=en")
            let remembered = try await web.get("/organizations")
            let korean = try await web.get("/organizations?lang=ko")
            // then
            #expect(english.body.contains("<html lang=\"en\">"))
            #expect(english.body.contains("<h1>Registry</h1>"))
            #expect(english.body.contains("\(world.all.count) results"))
            #expect(english.body.contains(">Search</label>"))
            #expect(!english.body.contains("기관 목록"))
            #expect(remembered.body.contains("<h1>Registry</h1>"))
            #expect(korean.body.contains("<h1>기관 목록</h1>"))
        }
    }

    @Test("in English the business-number error is in English")
    func englishFormError() async throws {
        try await TestApp.with { app in
            // given
            let founder = try await TestApp.user(app, email: "founder@new.example")
            let web = try await WebClient.signedIn(app, founder)
            _ = try await web.get("/organizations/new?lang=en")
            // when
            let page = try await web.post("/organizations", Form.startup(name: "Ieum Tech", businessNumber: TestApp.businessNumber(6).badCheckDigit))
            // then
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("<h1>Register an organisation</h1>"))
            let message = try #require(page.body.element(id: "businessNumber-error"))
            #expect(message.contains("check digit"))
            #expect(!message.contains("검증번호"))
        }
    }
}

// MARK: - Helpers

/// A registry with one organisation of each interesting kind.
private struct World {
    let operatorUser: User
    /// Approved startup, open to partners; its description says 스마트공장을 구축하는.
    let factory: Organization
    /// Approved startup in 강남 TIPS타운, open to partners.
    let bio: Organization
    /// Approved startup in 양재 AI허브, closed to partners.
    let vision: Organization
    /// Approved demand organisation.
    let demand: Organization
    /// A startup waiting for approval.
    let pending: Organization

    var all: [Organization] { [factory, bio, vision, demand, pending] }

    func path(_ org: Organization) -> String { "/organizations/\(org.id!.uuidString)" }

    static func make(_ app: Application) async throws -> World {
        let operatorUser = try await TestApp.user(app, email: "op@ieum.example", role: .operator)
        let factory = try await startup(
            app, name: "공장혁신", description: "중소 제조기업에 스마트공장을 구축하는 IoT기반 설비 관제 솔루션",
            field: "smart-manufacturing", stage: .seed, region: "seongdong", open: true, number: 10
        )
        let bio = try await startup(
            app, name: "바이오랩", description: "체외진단 키트를 개발하는 바이오 기업",
            field: "bio-health", stage: .seriesA, region: "gangnam", cluster: "gangnam-tips", open: true, number: 11
        )
        let vision = try await startup(
            app, name: "에이아이비전", description: "영상 분석 인공지능 모델",
            field: "ai", stage: .seriesA, region: "seocho", cluster: "yangjae-ai", open: false, number: 12
        )
        let demand = try await TestApp.organization(app, name: "한빛전자", kind: .demand, description: "전자부품 제조 대기업", businessNumber: TestApp.businessNumber(13))
        let pending = try await startup(
            app, name: "대기스타트업", description: "로봇 물류 자동화", field: "robot", stage: .preA, region: "mapo", open: true, status: .pending, number: 14
        )
        return World(operatorUser: operatorUser, factory: factory, bio: bio, vision: vision, demand: demand, pending: pending)
    }

    /// A startup with stage, region, cluster and a main tech field, written straight to the database.
    @discardableResult
    static func startup(
        _ app: Application, name: String, description: String = "", field: String? = nil, stage: Stage,
        region: String? = nil, cluster: String? = nil, open: Bool = true, status: ApprovalStatus = .approved, number: Int? = nil
    ) async throws -> Organization {
        let org = try await TestApp.organization(
            app, name: name, kind: .startup, status: status, openToPartners: open, description: description,
            businessNumber: number.map(TestApp.businessNumber)
        )
        org.stage = stage
        org.regionCode = region
        org.clusterCode = cluster
        try await org.save(on: app.db)
        if let field, let techField = try await TechField.query(on: app.db).filter(\.$code == field).first() {
            try await OrganizationTechField(organizationID: org.requireID(), techFieldID: techField.requireID(), position: 0).create(on: app.db)
        }
        return org
    }
}

/// The registration form as a browser posts it.
private enum Form {
    static func startup(name: String, businessNumber: String) -> [(String, String)] {
        [
            ("kind", "startup"), ("name", name), ("businessNumber", businessNumber), ("stage", "seed"),
            ("fields[]", "smart-manufacturing"), ("fields[]", "ai"), ("region", "seongdong"), ("cluster", ""),
            ("summary", "제조 현장의 디지털 전환"), ("description", "스마트공장을 구축하는 솔루션"),
            ("contactName", "홍길동"), ("contactEmail", "ceo@ieum-tech.example"), ("openToPartners", "1"),
        ]
    }
}

private extension String {
    var urlQueryEncoded: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }

    /// The same ten digits with the last one changed, so the check digit no longer fits.
    var badCheckDigit: String {
        let last = Int(String(last!))!
        return String(dropLast()) + String((last + 1) % 10)
    }

    /// `1234567890` → `123-45-67890`.
    var hyphenated: String {
        let chars = Array(self)
        return String(chars[0..<3]) + "-" + String(chars[3..<5]) + "-" + String(chars[5...])
    }

    /// `<option value>` is HTML for an empty value; written out as `value=""` to compare.
    var emptyValueHTML: String {
        replacingOccurrences(of: "<option value>", with: "<option value=\"\">")
            .replacingOccurrences(of: "<option value ", with: "<option value=\"\" ")
    }

    func occurrences(of needle: String) -> Int {
        components(separatedBy: needle).count - 1
    }

    /// The text inside the element with this id (up to its closing tag), if any.
    func element(id: String) -> String? {
        guard let start = range(of: "id=\"\(id)\"") else { return nil }
        guard let open = self[start.upperBound...].firstIndex(of: ">") else { return nil }
        let rest = self[index(after: open)...]
        guard let close = rest.range(of: "</") else { return nil }
        return String(rest[..<close.lowerBound])
    }
}

private extension WebClient {
    /// A browser signed in as `user` through the login form, on the page the login leads to
    /// (which holds the new session's CSRF token).
    static func signedIn(_ app: Application, _ user: User) async throws -> WebClient {
        let web = WebClient(app)
        try await web.login(user.email)
        let landing = try await web.get("/organizations")
        #expect(landing.status == .ok, "\(user.email) is not signed in")
        return web
    }
}
