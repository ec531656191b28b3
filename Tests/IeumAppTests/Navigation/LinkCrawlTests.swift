import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// "Every link a role sees opens for that role" (issue 17, item 7): for each demo role, start at
/// `/`, follow every same-site link the pages show (bounded) and expect none to answer 403, 404
/// or 500. A link the person cannot open should not be shown; the fix belongs in the page.
@Suite("Every link a role sees opens for that role")
struct LinkCrawlTests {
    static let pagesPerRole = 400

    enum Role: String, CaseIterable, Sendable {
        case platformOperator, agencyOperator, demand, startup, judge, investor, expert, visitor

        var email: String? {
            switch self {
            case .platformOperator: "platform-crawl@ieum.test"
            case .agencyOperator: "operator@ieum.demo"
            case .demand: "demand@ieum.demo"
            case .startup: "startup@ieum.demo"
            case .judge: "judge@ieum.demo"
            case .investor: "investor@ieum.demo"
            case .expert: "judge2@ieum.demo"
            case .visitor: nil
            }
        }
    }

    /// Same-site links of a page: `href="/..."`, fragments cut, entities undone.
    static func links(in html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        while let range = rest.range(of: "href=\"") {
            rest = rest[range.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            var link = String(rest[..<end]).replacingOccurrences(of: "&amp;", with: "&")
            rest = rest[end...]
            if let hash = link.firstIndex(of: "#") { link = String(link[..<hash]) }
            guard link.hasPrefix("/"), !link.hasPrefix("//") else { continue }
            found.append(link)
        }
        return found
    }

    /// Links that are not pages to judge: signing out, files and feeds, the other language of a
    /// page already visited (the language switch is tested elsewhere).
    static func skipped(_ link: String) -> Bool {
        let path = link.split(separator: "?").first.map(String.init) ?? link
        if path == "/logout" || path == "/ieum.css" || path == "/ieum.js" || path == "/openapi.yaml" || path == "/favicon.ico" { return true }
        if path.hasSuffix(".csv") || path.hasSuffix(".xlsx") || path.hasSuffix(".json") || path.hasSuffix(".ics") || path.hasSuffix(".jsonl") { return true }
        if path.contains("/attachments/") || path.contains("/files/") || path.hasPrefix("/admin/export") { return true }
        if link.contains("lang=") { return true }
        return false
    }

    struct Failure: CustomStringConvertible {
        let url: String
        let status: HTTPStatus
        let from: String
        var description: String { "\(status.code) \(url) (linked from \(from))" }
    }

    /// Breadth first from `/`; follows redirects as links; hands each page opened to `visit`;
    /// returns the broken links and how many pages were opened (at most `limit`).
    static func crawl(_ web: WebClient, limit: Int = pagesPerRole,
                      visit: (_ url: String, _ page: WebClient.Page) -> Void = { _, _ in }) async throws -> (failures: [Failure], visited: Int) {
        var queue: [(String, String)] = [("/", "start")]
        var seen: Set<String> = ["/"]
        var failures: [Failure] = []
        var visited = 0
        while !queue.isEmpty, visited < limit {
            let (url, from) = queue.removeFirst()
            let page = try await web.get(url)
            visited += 1
            visit(url, page)
            if [.forbidden, .notFound, .internalServerError].contains(page.status) || page.status.code >= 500 {
                failures.append(Failure(url: url, status: page.status, from: from))
                continue
            }
            var next = page.headers.first(name: .location).map { [$0] } ?? []
            if page.headers.contentType?.subType == "html" { next += links(in: page.body) }
            for link in next where !skipped(link) && !seen.contains(link) {
                seen.insert(link)
                queue.append((link, url))
            }
        }
        return (failures, visited)
    }

    @Test("no link a role sees answers 403, 404 or 500", arguments: Role.allCases)
    func everyLinkOpens(_ role: Role) async throws {
        try await TestApp.with(demo: true) { app in
            // given the demo, signed in as the role
            let web = WebClient(app)
            if role == .platformOperator { try await TestApp.user(app, email: role.email!, role: .operator) }
            if let email = role.email {
                try await web.login(email, password: role == .platformOperator ? TestApp.password : DemoData.password)
            }
            // when every link is followed
            let (failures, visited) = try await Self.crawl(web)
            // then the crawl saw a real site and nothing was broken
            #expect(visited >= (role == .visitor ? 5 : 30), "\(role): only \(visited) pages")
            #expect(failures.isEmpty, "\(role) sees \(failures.count) broken links:\n\(failures.prefix(30).map(\.description).joined(separator: "\n"))")
        }
    }
}
