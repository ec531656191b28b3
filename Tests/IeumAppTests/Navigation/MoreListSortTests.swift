import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// The rest of the lists sort and filter with both kept in the URL (issue 17, item 7): the public
/// needs (`/calls`), the programs, the evaluation rounds an operator runs and a need's incoming
/// applications. Each order changes what is shown, reverses with the direction, is carried by
/// the pager, the headers and the filter form, and bad parameters never fail the page.
@Suite("More lists keep their sort and filter in the URL")
struct MoreListSortTests {
    static func order(of names: [String], in body: String) -> [String] {
        ListSortTests.order(of: names, in: body)
    }

    static func hrefs(_ body: String) -> [String] {
        ListSortTests.hrefs(body)
    }

    /// When applications to `need` close: its own deadline or its call's closing, whichever is first.
    static func deadline(_ need: Need, on db: any Database) async throws -> Date? {
        let call = try await need.$call.get(on: db)
        return need.applicationDeadline(call: call)
    }

    @Test("/calls: by deadline (soonest first, none last), by title both ways, open only, and every link keeps them")
    func publicNeeds() async throws {
        try await TestApp.with(demo: true) { app in
            let web = WebClient(app)
            let visible = try await Need.query(on: app.db).filter(\.$status ~~ [.published, .closed]).all()
            try #require(visible.count >= 3)
            var deadlines: [String: Date?] = [:]
            for need in visible { deadlines[need.title] = try await Self.deadline(need, on: app.db) }
            let titles = visible.map(\.title)

            // by deadline, soonest first: the shown titles' deadlines never go down, those without come last
            let byDeadline = try await web.get("/calls?sort=deadline&dir=asc")
            #expect(byDeadline.status == .ok)
            let shown = Self.order(of: titles, in: byDeadline.body)
            #expect(shown.count >= 3)
            let dates = shown.map { deadlines[$0] ?? nil }
            let dated = dates.compactMap { $0 }
            #expect(dated == dated.sorted(), "\(shown)")
            if let firstUndated = dates.firstIndex(where: { $0 == nil }) {
                #expect(dates[firstUndated...].allSatisfy { $0 == nil }, "needs without a deadline come last")
            }
            #expect(byDeadline.body.contains("aria-current=\"true\">마감 임박 ▲"))

            // by title, both ways
            let ascending = Self.order(of: titles, in: try await web.get("/calls?sort=title&dir=asc").body)
            let descending = Self.order(of: titles, in: try await web.get("/calls?sort=title&dir=desc").body)
            #expect(ascending.count >= 3 && descending == ascending.reversed())

            // open only: no closed need and none past its deadline; the count says so
            let open = try await web.get("/calls?open=1&sort=deadline&dir=asc")
            let openTitles = Self.order(of: titles, in: open.body)
            let expected = try await Need.query(on: app.db).filter(\.$status == .published).all()
            var stillOpen = 0
            for need in expected {
                if let at = try await Self.deadline(need, on: app.db), at <= TestApp.now { continue }
                stillOpen += 1
            }
            #expect(open.body.contains("접수 중인 수요과제 \(stillOpen)건"))
            for title in openTitles {
                let need = try #require(visible.first { $0.title == title })
                #expect(need.status == .published, "\(title)")
                if let at = deadlines[title] ?? nil { #expect(at > TestApp.now, "\(title)") }
            }
            #expect(open.body.contains("name=\"open\" value=\"1\" checked"))
            #expect(open.body.contains("<input type=\"hidden\" name=\"sort\" value=\"deadline\""))
            // the order links keep "open only"; the search form keeps the order
            #expect(Self.hrefs(open.body).contains("/calls?open=1&sort=title&dir=asc"))

            // a search, a field and an order together; nonsense is ignored
            let field = try #require(visible.flatMap(\.fieldCodes).first)
            let combined = try await web.get("/calls?field=\(field)&sort=title&dir=desc")
            #expect(combined.status == .ok)
            let inField = visible.filter { $0.fieldCodes.contains(field) }.map(\.title)
            let shownInField = Self.order(of: inField, in: combined.body)
            #expect(!shownInField.isEmpty && shownInField == shownInField.sorted { KoreanOrder.less($1, $0) })
            for query in ["sort=drop%20table&dir=up", "open=yes", "sort=deadline&dir=desc&page=99999"] {
                #expect(try await web.get("/calls?" + query).status == .ok, "\(query)")
            }
        }
    }

    @Test("/programs: filtered by year and name, sorted by name, the pager and form keep both")
    func programs() async throws {
        try await TestApp.with(demo: true) { app in
            let web = WebClient(app)
            let programs = try await Program.query(on: app.db).all()
            try #require(programs.count >= 2)
            let names = programs.map(\.name)
            let byName = Self.order(of: names, in: try await web.get("/programs?sort=name&dir=asc").body)
            let byNameDown = Self.order(of: names, in: try await web.get("/programs?sort=name&dir=desc").body)
            #expect(byName.count == programs.count && byNameDown == byName.reversed())

            let year = try #require(programs.first?.year)
            let ofYear = try await web.get("/programs?year=\(year)")
            #expect(ofYear.body.contains("사업 \(programs.filter { $0.year == year }.count)건"))
            #expect(Set(Self.order(of: names, in: ofYear.body)) == Set(programs.filter { $0.year == year }.map(\.name)))
            #expect(ofYear.body.contains("<option value=\"\(year)\" selected"))

            // a word of one program's name finds it (and only the programs containing it)
            let target = try #require(programs.first)
            let word = try #require(target.name.split(separator: " ").max { $0.count < $1.count }).description
            let found = try await web.get("/programs?q=" + (word.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            let foundNames = Self.order(of: names, in: found.body)
            #expect(foundNames.contains(target.name))
            // every program found holds every search term (the word without its particle) in a name
            let terms = KoreanSearch.terms(word).map { $0.lowercased() }
            #expect(!terms.isEmpty)
            for name in foundNames {
                let program = try #require(programs.first { $0.name == name })
                let text = (program.name + " " + (program.nameEn ?? "")).lowercased()
                #expect(terms.allSatisfy { text.contains($0) }, "\(name) for \(terms)")
            }
            let none = try await web.get("/programs?q=%EC%97%86%EB%8A%94%EC%82%AC%EC%97%85%EB%AA%85zz")
            #expect(none.body.contains("조건에 맞는 사업이 없습니다"))
            // the order links keep the year
            #expect(Self.hrefs(ofYear.body).contains("/programs?year=\(year)&sort=name&dir=asc"))
            for query in ["year=99999", "year=abc", "sort=%27&dir=x", "q=%25%25%25"] {
                #expect(try await web.get("/programs?" + query).status == .ok, "\(query)")
            }
        }
    }

    @Test("/rounds: an operator filters the rounds they run by status and program and sorts them by title or dates")
    func rounds() async throws {
        try await TestApp.with(demo: true) { app in
            let web = try await ListSortTests.platformOperator(app)
            let rounds = try await EvaluationRound.query(on: app.db).all()
            try #require(rounds.count >= 2)
            let titles = rounds.map(\.title)
            func managed(_ body: String) -> String { body.components(separatedBy: "id=\"managed-rounds\"").last ?? "" }
            let up = Self.order(of: titles, in: managed(try await web.get("/rounds?sort=title&dir=asc").body))
            let down = Self.order(of: titles, in: managed(try await web.get("/rounds?sort=title&dir=desc").body))
            #expect(up.count == rounds.count && down == up.reversed())
            let closes = Self.order(of: titles, in: managed(try await web.get("/rounds?sort=closes&dir=asc").body))
            #expect(closes == rounds.sorted { ($0.closesAt, $0.id!.uuidString) < ($1.closesAt, $1.id!.uuidString) }.map(\.title))

            let status = try #require(rounds.first?.status)
            let filtered = try await web.get("/rounds?status=\(status.rawValue)&sort=title&dir=asc")
            let filteredTitles = Self.order(of: titles, in: managed(filtered.body))
            #expect(Set(filteredTitles) == Set(rounds.filter { $0.status == status }.map(\.title)))
            #expect(filtered.body.contains("평가 \(filteredTitles.count)건"))
            // the headers keep the status filter
            #expect(Self.hrefs(filtered.body).contains("/rounds?status=\(status.rawValue)&sort=title&dir=desc"))

            let program = try #require(rounds.first?.$program.id)
            let ofProgram = try await web.get("/rounds?program=\(program.uuidString)")
            #expect(Set(Self.order(of: titles, in: managed(ofProgram.body))) == Set(rounds.filter { $0.$program.id == program }.map(\.title)))
            // another agency's program is not a way in: an unknown program id shows nothing, not an error
            let unknown = try await web.get("/rounds?program=\(UUID().uuidString)")
            #expect(unknown.status == .ok && Self.order(of: titles, in: managed(unknown.body)).isEmpty)
            #expect(try await web.get("/rounds?status=nope&program=nope&sort=x").status == .ok)
        }
    }

    @Test("a need's applications: filtered by status and sorted by startup name, kept by headers and pager")
    func needApplications() async throws {
        try await TestApp.with(demo: true) { app in
            let web = try await ListSortTests.platformOperator(app)
            // the need with the most submitted applications
            let submitted = try await NeedApplication.query(on: app.db).filter(\.$status != .draft).with(\.$startup).all()
            let byNeed = Dictionary(grouping: submitted, by: { $0.$need.id })
            let (needID, applications) = try #require(byNeed.max { $0.value.count < $1.value.count })
            try #require(applications.count >= 2)
            let names = applications.map(\.startup.name)
            let path = "/needs/\(needID.uuidString)/applications"
            let up = Self.order(of: names, in: try await web.get(path + "?sort=startup&dir=asc").body)
            let down = Self.order(of: names, in: try await web.get(path + "?sort=startup&dir=desc").body)
            #expect(up.count == Set(names).count && down == up.reversed())
            let status = try #require(applications.first?.status)
            let filtered = try await web.get(path + "?status=\(status.rawValue)&sort=startup&dir=asc")
            #expect(filtered.status == .ok)
            let count = applications.filter { $0.status == status }.count
            #expect(filtered.body.contains("지원서 \(count)건"))
            #expect(Set(Self.order(of: names, in: filtered.body)) == Set(applications.filter { $0.status == status }.map(\.startup.name)))
            #expect(Self.hrefs(filtered.body).contains("\(path)?status=\(status.rawValue)&sort=startup&dir=desc"))
            #expect(filtered.body.contains("aria-sort=\"ascending\""))
            for query in ["status=draft", "status=x", "sort=y&dir=z"] {
                #expect(try await web.get(path + "?" + query).status == .ok, "\(query)")
            }
        }
    }
}
