import Fluent
import Foundation
import Testing
import Vapor
@testable import IeumApp

/// A published need whose application deadline has passed reads "접수 마감" wherever its status is
/// shown, not "공개" (issue 17, item 6: the public face); every page names its icon.
@Suite("Need deadline badge")
struct NeedDeadlineBadgeTests {
    @Test("past its deadline a published need says 접수 마감 on its page and in its organisation's list; before it, 공개")
    func passedDeadline() async throws {
        try await TestApp.with(demo: true) { app in
            // given
            let demand = try #require(try await Organization.query(on: app.db).filter(\.$name == "한결전자").first())
            let passed = try await TestRecords.need(app, demand, "마감 지난 시험 수요과제", status: .published,
                                                    deadline: TestApp.now.addingTimeInterval(-86_400))
            let open = try await TestRecords.need(app, demand, "마감 전 시험 수요과제", status: .published,
                                                  deadline: TestApp.now.addingTimeInterval(86_400))
            // when
            let visitor = WebClient(app)
            let passedPage = try await visitor.get("/needs/\(try passed.requireID().uuidString)")
            let openPage = try await visitor.get("/needs/\(try open.requireID().uuidString)")
            let owner = WebClient(app)
            try await owner.login("demand@ieum.demo", password: DemoData.password)
            let list = try await owner.get("/needs?lang=ko")
            let english = try await visitor.get("/needs/\(try passed.requireID().uuidString)?lang=en")
            // then
            #expect(passedPage.status == .ok)
            #expect(passedPage.body.contains("badge need-deadline-passed\">접수 마감<"))
            #expect(!passedPage.body.contains("badge need-published"))
            #expect(english.body.contains(">Applications closed<"))
            #expect(openPage.body.contains("badge need-published\">공개<"))
            let row = try #require(list.body.range(of: "마감 지난 시험 수요과제"))
            #expect(list.body[row.upperBound...].prefix(600).contains("접수 마감"))
        }
    }

    @Test("every page links the site icon, and the icon is served as SVG")
    func favicon() async throws {
        try await TestApp.with { app in
            let home = try await WebClient(app).get("/")
            #expect(home.body.contains("rel=\"icon\" href=\"/favicon.svg\""))
            let icon = try await WebClient(app).get("/favicon.svg")
            #expect(icon.status == .ok)
            #expect(icon.headers.contentType?.subType == "svg+xml")
            #expect(icon.body.contains("<svg"))
        }
    }
}
