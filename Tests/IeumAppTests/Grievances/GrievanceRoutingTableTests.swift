import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// The grievance routing table is one form (issue 17: "42 stacked forms"): every row shown is
/// edited in place and saved with one button, only changed rows are written (with their audit
/// entries), one refused row saves nothing and shows everything typed again, and the table is
/// filtered by scope and name with the filter kept in the URL.
@Suite("Grievance routing table: one form, all or nothing")
struct GrievanceRoutingTableTests {
    static func route(_ app: Application, _ scope: String, _ code: String) async throws -> GrievanceRoute {
        try #require(try await GrievanceRoute.query(on: app.db).filter(\.$scope == scope).filter(\.$code == code).first())
    }

    static func count(_ needle: String, in body: String) -> Int {
        body.components(separatedBy: needle).count - 1
    }

    @Test("one POST form holds every row: three inputs per row, one save button")
    func oneForm() async throws {
        try await TestApp.with { app in
            let web = try await GrievanceFixture.signedIn(app, "routes-op@sbiz.example", role: .operator)
            let rows = try await GrievanceRoute.query(on: app.db).count()
            let page = try await web.get("/grievances/routes")
            #expect(page.status == .ok)
            #expect(Self.count("method=\"post\"", in: page.body.replacingOccurrences(of: "action=\"/signout\"", with: "")) <= 2, "the table's form and at most the sign-out form")
            #expect(Self.count("<form id=\"routes-form\"", in: page.body) == 1)
            #expect(Self.count("form=\"routes-form\"", in: page.body) == rows * 3 + 1, "three inputs per row and the save button")
            #expect(Self.count("<tr id=\"route-", in: page.body) == rows)
            #expect(page.body.contains("배정표 저장"))
            // every input is named for its row and labelled with the row's name
            let geumcheon = try await Self.route(app, "district", "geumcheon")
            #expect(page.body.contains("name=\"agency-\(try geumcheon.requireID().uuidString)\""))
            #expect(page.body.contains("aria-label=\"금천구 담당자 이메일\""))
        }
    }

    @Test("changed rows are saved together with an audit entry each; unchanged rows are not written")
    func savesChangedRows() async throws {
        try await TestApp.with { app in
            let web = try await GrievanceFixture.signedIn(app, "routes-op@sbiz.example", role: .operator)
            try await TestApp.user(app, email: "kim@sbiz.example", role: .operator)
            let a = try await Self.route(app, "district", "geumcheon"), b = try await Self.route(app, "district", "gangnam")
            let untouched = try await Self.route(app, "district", "jongno")
            let (ida, idb, idu) = (try a.requireID().uuidString, try b.requireID().uuidString, try untouched.requireID().uuidString)
            _ = try await web.get("/grievances/routes")
            let page = try await web.post("/grievances/routes", [
                ("agency-\(ida)", "서울지방중소벤처기업청"), ("staff-\(ida)", "KIM@sbiz.example"), ("supervisor-\(ida)", ""),
                ("agency-\(idb)", "강남구청 일자리경제과"), ("staff-\(idb)", b.staffEmail), ("supervisor-\(idb)", b.supervisorEmail),
                ("agency-\(idu)", untouched.agency), ("staff-\(idu)", untouched.staffEmail), ("supervisor-\(idu)", untouched.supervisorEmail),
            ])
            #expect(page.status == .seeOther)
            let savedA = try await Self.route(app, "district", "geumcheon"), savedB = try await Self.route(app, "district", "gangnam")
            #expect(savedA.agency == "서울지방중소벤처기업청" && savedA.staffEmail == "kim@sbiz.example")
            #expect(savedB.agency == "강남구청 일자리경제과")
            let audits = try await AuditEntry.query(on: app.db).filter(\.$action == "grievance.route").all()
            #expect(Set(audits.compactMap(\.entityID)) == [ida, idb])
            let after = try await web.get(page.headers.first(name: .location) ?? "/grievances/routes")
            #expect(after.body.contains("2행 변경"))
        }
    }

    @Test("one refused row saves nothing and the page shows every typed value with the message at that field")
    func allOrNothing() async throws {
        try await TestApp.with { app in
            let web = try await GrievanceFixture.signedIn(app, "routes-op@sbiz.example", role: .operator)
            try await TestApp.user(app, email: "founder@startup.example")
            let a = try await Self.route(app, "district", "geumcheon"), b = try await Self.route(app, "district", "gangnam")
            let (ida, idb) = (try a.requireID().uuidString, try b.requireID().uuidString)
            _ = try await web.get("/grievances/routes")
            let page = try await web.post("/grievances/routes", [
                ("agency-\(ida)", "새 기관 이름"), ("staff-\(ida)", ""), ("supervisor-\(ida)", ""),
                ("agency-\(idb)", b.agency), ("staff-\(idb)", "founder@startup.example"), ("supervisor-\(idb)", ""),
            ])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("founder@startup.example: 활성 운영자 계정이 아닙니다"))
            #expect(page.body.contains("id=\"staff-\(idb)-error\""))
            #expect(page.body.contains("value=\"새 기관 이름\""), "the valid row's typed value is kept")
            #expect(page.body.contains("value=\"founder@startup.example\""))
            #expect(try await Self.route(app, "district", "geumcheon").agency == a.agency, "nothing saved")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "grievance.route").count() == 0)
            // an empty agency is refused too
            let empty = try await web.post("/grievances/routes", [("agency-\(ida)", "  ")])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.contains("기관명을 100자 이내로"))
        }
    }

    @Test("the filter by scope and name is kept in the URL, in the form's action and after saving")
    func filter() async throws {
        try await TestApp.with { app in
            let web = try await GrievanceFixture.signedIn(app, "routes-op@sbiz.example", role: .operator)
            let districts = try await GrievanceRoute.query(on: app.db).filter(\.$scope == "district").count()
            let facilities = try await GrievanceRoute.query(on: app.db).filter(\.$scope == "facility").count()
            #expect(districts > 0 && facilities > 0)
            let onlyFacilities = try await web.get("/grievances/routes?scope=facility")
            #expect(Self.count("<tr id=\"route-", in: onlyFacilities.body) == facilities)
            #expect(onlyFacilities.body.contains("action=\"/grievances/routes?scope=facility\""))
            // a name with a particle-free search and spacing that differs
            let named = try await web.get("/grievances/routes?scope=district&q=%EA%B8%88%EC%B2%9C")
            #expect(Self.count("<tr id=\"route-", in: named.body) == 1)
            #expect(named.body.contains(">금천구<"))
            let a = try await Self.route(app, "district", "geumcheon")
            let saved = try await web.post("/grievances/routes?scope=district&q=%EA%B8%88%EC%B2%9C", [("agency-\(try a.requireID().uuidString)", "금천구청")])
            #expect(saved.status == .seeOther)
            #expect(saved.headers.first(name: .location) == "/grievances/routes?scope=district&q=%EA%B8%88%EC%B2%9C")
            // nonsense filters are ignored or match nothing, never an error
            #expect(try await web.get("/grievances/routes?scope=nope&q=%00%00").status != .internalServerError)
            let none = try await web.get("/grievances/routes?q=zzzzzz")
            #expect(none.status == .ok && none.body.contains("조건에 맞는 행이 없습니다"))
        }
    }

    @Test("only grievance staff reach the table or save it")
    func forbidden() async throws {
        try await TestApp.with { app in
            let a = try await Self.route(app, "district", "geumcheon")
            let field = "agency-\(try a.requireID().uuidString)"
            try await TestApp.user(app, email: "founder@startup.example")
            let startup = WebClient(app)
            try await startup.login("founder@startup.example")
            #expect([.forbidden, .notFound].contains(try await startup.get("/grievances/routes").status))
            _ = try await startup.get("/")
            let post = try await startup.post("/grievances/routes", [(field, "가로챈 기관")])
            #expect([.forbidden, .notFound].contains(post.status))
            let visitor = WebClient(app)
            #expect(try await visitor.get("/grievances/routes").status == .seeOther)
            #expect(try await Self.route(app, "district", "geumcheon").agency == a.agency)
        }
    }
}
