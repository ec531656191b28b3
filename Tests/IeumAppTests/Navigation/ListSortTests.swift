import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Sortable, filterable lists with the order kept in the URL (issue 17, item 7): the order
/// changes what is shown, survives paging, filtering and the language switch, a sortable header
/// says which way it is sorted (`aria-sort`), and bad parameters are ignored, never a 500.
@Suite("Lists keep their sort and filter in the URL")
struct ListSortTests {
    static func platformOperator(_ app: Application) async throws -> WebClient {
        try await TestApp.user(app, email: "lists-op@ieum.test", role: .operator)
        let web = WebClient(app)
        try await web.login("lists-op@ieum.test")
        return web
    }

    /// The positions of `names` in `body`, in the order they appear.
    static func order(of names: [String], in body: String) -> [String] {
        names.compactMap { name in body.range(of: ">\(HTMLEscape.markup(name))<").map { (name, $0.lowerBound) } }
            .sorted { $0.1 < $1.1 }.map(\.0)
    }

    static func hrefs(_ body: String) -> [String] {
        LinkCrawlTests.links(in: body)
    }

    @Test("registry: the order changes the list, the count follows the filter, and every link keeps both")
    func registry() async throws {
        try await TestApp.with(demo: true) { app in
            // given
            let web = try await Self.platformOperator(app)
            let startups = try await Organization.query(on: app.db).filter(\.$kind == .startup).all()
            let byYear = startups.filter { $0.foundedYear != nil }.sorted { ($0.foundedYear!, $0.name) < ($1.foundedYear!, $1.name) }
            // when sorted by founding year, oldest first, startups only
            let page = try await web.get("/organizations?kind=startup&sort=founded&dir=asc")
            // then the first card is the oldest startup and the count is the filtered count
            #expect(page.status == .ok)
            #expect(page.body.contains("검색 결과 \(startups.count)개"))
            let firstCard = try #require(page.body.range(of: "class=\"org-card\""))
            let oldest = try #require(byYear.first)
            let oldestAt = try #require(page.body.range(of: ">\(HTMLEscape.markup(oldest.name))<"))
            #expect(oldestAt.lowerBound > firstCard.lowerBound)
            let descending = try await web.get("/organizations?kind=startup&sort=founded&dir=desc")
            let newest = try #require(byYear.last)
            #expect(descending.body.range(of: ">\(HTMLEscape.markup(newest.name))<")!.lowerBound
                    < (descending.body.range(of: ">\(HTMLEscape.markup(oldest.name))<")?.lowerBound ?? descending.body.endIndex))
            // every pager link keeps the filter and the order; the language switch keeps the query
            let pager = Self.hrefs(page.body).filter { $0.contains("page=") && $0.hasPrefix("/organizations?") }
            #expect(!pager.isEmpty || startups.count <= 25)
            for link in pager {
                #expect(link.contains("kind=startup") && link.contains("sort=founded") && link.contains("dir=asc"), "\(link)")
            }
            #expect(page.body.contains("kind=startup&amp;sort=founded&amp;dir=asc&amp;lang=en"))
            // the current order's link offers the other direction; the filter form keeps the order
            #expect(Self.hrefs(page.body).contains { $0.contains("kind=startup") && $0.contains("sort=founded") && $0.contains("dir=desc") })
            #expect(page.body.contains("<input type=\"hidden\" name=\"sort\" value=\"founded\""))
        }
    }

    @Test("registry: an unknown sort key or direction is ignored and a huge page shows the last page")
    func registryBadParameters() async throws {
        try await TestApp.with(demo: true) { app in
            let web = try await Self.platformOperator(app)
            let plain = try await web.get("/organizations")
            for query in ["sort=password&dir=sideways", "sort=%27%3B--&dir=desc", "sort=" + String(repeating: "x", count: 5000), "page=100000&sort=name"] {
                let page = try await web.get("/organizations?" + query)
                #expect(page.status == .ok, "\(query): \(page.status)")
                // only the language switch repeats the address as typed; no list link carries the bad key
                #expect(!Self.hrefs(page.body).contains { !$0.contains("lang=") && $0.contains("sort=password") }, "\(query)")
            }
            let bogus = try await web.get("/organizations?sort=password")
            let names = try await Organization.query(on: app.db).sort(\.$name).limit(5).all().map(\.name)
            #expect(Self.order(of: names, in: bogus.body) == Self.order(of: names, in: plain.body))
        }
    }

    @Test("collaborations: sortable headers link to the other direction and say the current one with aria-sort")
    func collaborations() async throws {
        try await TestApp.with(demo: true) { app in
            let web = try await Self.platformOperator(app)
            let titles = try await Collaboration.query(on: app.db).all().map(\.title)
            try #require(titles.count >= 3)
            // when sorted by title
            let ascending = try await web.get("/collaborations?sort=title&dir=asc")
            let descending = try await web.get("/collaborations?sort=title&dir=desc")
            // then the rows come in that order
            let shown = Self.order(of: titles, in: ascending.body)
            #expect(shown.count >= 3)
            #expect(Self.order(of: titles, in: descending.body) == shown.reversed())
            #expect(ascending.body.contains("aria-sort=\"ascending\""))
            #expect(descending.body.contains("aria-sort=\"descending\""))
            #expect(ascending.body.contains("href=\"/collaborations?sort=title&amp;dir=desc\""))
            // the default order marks its column too, and a stage filter is kept by the headers
            let filtered = try await web.get("/collaborations?stage=matched&sort=since&dir=asc")
            #expect(filtered.status == .ok)
            #expect(Self.hrefs(filtered.body).contains("/collaborations?stage=matched&sort=title&dir=asc"))
            let count = try await Collaboration.query(on: app.db).filter(\.$stage == .matched).count()
            #expect(filtered.body.contains("협업 \(count)건"))
            #expect(try await web.get("/collaborations?sort=stage_since;drop&dir=up").status == .ok)
        }
    }

    @Test("grievance queue: sorted by due date with the status filter kept in headers, pager and form")
    func grievances() async throws {
        try await TestApp.with(demo: true) { app in
            let web = try await Self.platformOperator(app)
            let open = try await Grievance.query(on: app.db).filter(\.$status == .received).all()
            let page = try await web.get("/grievances?status=received&sort=due&dir=asc")
            #expect(page.status == .ok)
            let titles = open.filter { $0.dueAt != nil }.sorted { ($0.dueAt!, $0.receivedAt) < ($1.dueAt!, $1.receivedAt) }.prefix(40).map(\.title)
            let shown = Self.order(of: titles, in: page.body)
            #expect(shown == titles.filter { shown.contains($0) })
            #expect(page.body.contains("aria-sort=\"ascending\""))
            #expect(Self.hrefs(page.body).contains("/grievances?status=received&sort=due&dir=desc"))
            #expect(page.body.contains("<input type=\"hidden\" name=\"dir\" value=\"asc\""))
            #expect(try await web.get("/grievances?sort=nope&dir=nope").status == .ok)
        }
    }

    @Test("the grievance routing table lists districts, then facilities, in 가나다 order of their names")
    func routingTableInKoreanOrder() async throws {
        try await TestApp.with(demo: true) { app in
            let web = try await Self.platformOperator(app)
            let page = try await web.get("/grievances/routes")
            #expect(page.status == .ok)
            // the second cell of each row is the district or facility's name
            var names: [String] = []
            var rest = page.body[...]
            while let row = rest.range(of: "<tr id=\"route-") {
                rest = rest[row.upperBound...]
                guard let first = rest.range(of: "</td><td>") else { break }
                let after = rest[first.upperBound...]
                names.append(String(after.prefix { $0 != "<" }))
            }
            let districts = try await Region.query(on: app.db).filter(\.$groupCode == "seoul").filter(\.$active == true).all().map(\.nameKo)
            let shownDistricts = names.filter { districts.contains($0) }
            #expect(shownDistricts.count >= 20)
            #expect(shownDistricts == shownDistricts.sorted(), "\(shownDistricts.prefix(8))")
            #expect(shownDistricts.first == "강남구")
        }
    }
}
