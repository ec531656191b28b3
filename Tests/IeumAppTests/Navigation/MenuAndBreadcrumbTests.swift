import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// The grouped menu and the breadcrumbs (issue 17, item 7): each role gets only the groups and
/// pages it may open, the current section is marked, and detail pages say where they are.
@Suite("Grouped menu and breadcrumbs")
struct MenuAndBreadcrumbTests {
    /// The group titles of the sidebar, in order.
    static func groups(_ body: String) -> [String] {
        guard let start = body.range(of: "class=\"site-nav sidebar\""), let end = body.range(of: "</nav>", range: start.upperBound..<body.endIndex) else { return [] }
        var titles: [String] = []
        var rest = body[start.upperBound..<end.lowerBound]
        while let r = rest.range(of: "class=\"nav-group-title\" id=\"") {
            rest = rest[r.upperBound...]
            guard let gt = rest.firstIndex(of: ">"), let lt = rest.firstIndex(of: "<") else { break }
            titles.append(String(rest[rest.index(after: gt)..<lt]))
        }
        return titles
    }

    static func sidebarLinks(_ body: String) -> [String] {
        guard let start = body.range(of: "class=\"site-nav sidebar\""), let end = body.range(of: "</nav>", range: start.upperBound..<body.endIndex) else { return [] }
        return LinkCrawlTests.links(in: String(body[start.upperBound..<end.lowerBound]))
    }

    @Test("an operator's menu is grouped by task, with the administration group; a startup's has no operator pages")
    func groupsPerRole() async throws {
        try await TestApp.with(demo: true) { app in
            let operatorWeb = try await WorkspaceTests.demoClient(app, "operator@ieum.demo")
            let page = try await operatorWeb.get("/organizations")
            #expect(Self.groups(page.body) == ["내 업무", "수요·공모", "기업·기관", "협업·성과", "상담·네트워크", "규제·애로", "관리"])
            #expect(Self.sidebarLinks(page.body).contains("/admin/approvals"))
            // the same menu behind the phone's button
            #expect(page.body.contains("<details class=\"menu-toggle\"><summary>"))
            let english = try await operatorWeb.get("/organizations?lang=en")
            #expect(Self.groups(english.body).first == "My work" && Self.groups(english.body).last == "Administration")

            let startup = try await WorkspaceTests.demoClient(app, "startup@ieum.demo")
            let startupPage = try await startup.get("/organizations")
            #expect(!Self.groups(startupPage.body).contains("관리"))
            let links = Self.sidebarLinks(startupPage.body)
            #expect(links.contains("/grievances/mine") && links.contains("/grievances/new"))
            #expect(!links.contains { $0.hasPrefix("/admin") || $0 == "/kpi" || $0 == "/experts" })
            // every menu link opens for the startup
            for link in links { #expect(try await startup.get(link).status == .ok, "\(link)") }

            let visitor = try await WebClient(app).get("/calls")
            #expect(!visitor.body.contains("site-nav sidebar"))
            #expect(visitor.body.contains("class=\"site-nav top-nav\""))
        }
    }

    @Test("a need's page marks 공모·수요과제 as current and shows 홈 › 공모·수요과제 › <title>, the last crumb not a link")
    func currentSectionAndBreadcrumbs() async throws {
        try await TestApp.with(demo: true) { app in
            let web = try await WorkspaceTests.demoClient(app, "startup@ieum.demo")
            let need = try #require(try await Need.query(on: app.db).filter(\.$status == .published).first())
            let page = try await web.get("/needs/\(try need.requireID().uuidString)")
            #expect(page.status == .ok)
            #expect(page.body.contains("<a href=\"/calls\" aria-current=\"page\">공모·수요과제</a>"))
            #expect(page.body.contains("class=\"nav-group current\""))
            let crumbs = try #require(page.body.range(of: "<nav class=\"breadcrumbs\""))
            let trail = String(page.body[crumbs.lowerBound...].prefix { $0 != "\n" }.prefix(600))
            #expect(trail.contains("<li><a href=\"/\">홈</a></li><li><a href=\"/calls\">공모·수요과제</a></li><li><span aria-current=\"page\">"
                                   + HTMLEscape.markup(need.title)))
            // list pages have no trail
            let list = try await web.get("/calls")
            #expect(!list.body.contains("class=\"breadcrumbs\""))
        }
    }
}
