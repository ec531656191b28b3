import Fluent
import Foundation
import NIOCore
import SQLKit
import Testing
import Vapor
@testable import IeumApp

/// Sends hostile values to every route the application registers — read from its own route table,
/// so a new route is covered without touching this test — as a visitor and as each demo role.
/// Every path parameter, a set of query parameters and every form field name seen on the site's
/// pages get `Int.min`, `Int.max`, `9e18`, huge strings, NUL, CR/LF, quotes, markup, malformed
/// UUIDs …; POST routes also get wrong content types and truncated multipart bodies.
/// Asserts: no 5xx, the application still answers `/healthz` after every route, and no HTML page
/// carries the injected markup unescaped. Prints the request count and the status counts.
@Suite("Route fuzzer")
struct RouteFuzzTests {
    static let marker = "<meta name=ieum-fuzz>"

    static let hostile: [String] = [
        "-9223372036854775808", "9223372036854775807", "9e18", "-1", "0", "", "1e309", "NaN",
        String(repeating: "A", count: 10_000), "\u{0}", "a\r\nSet-Cookie: ieum-fuzz=1", "'\"`",
        "\"><meta name=ieum-fuzz>", "not-a-uuid", "00000000-0000-0000-0000-00000000000Z",
        "../../../etc/passwd", "%00%0d%0a", "２０２６", "-0.5", "99999999999999999999999",
    ]

    /// Query parameters the pages read (`page`, `q`, filters, periods, languages, redirects).
    static let queryNames = [
        "page", "q", "year", "period", "program", "method", "lang", "next", "status", "kind", "field", "region",
        "stage", "sort", "format", "slot", "day", "need", "track", "from", "to", "role", "query",
    ]

    struct Role {
        let name: String
        let email: String?
    }

    static let roles: [Role] = [
        Role(name: "visitor", email: nil),
        Role(name: "startup", email: "startup@ieum.demo"),
        Role(name: "demand", email: "demand@ieum.demo"),
        Role(name: "investor", email: "investor@ieum.demo"),
        Role(name: "judge", email: "judge@ieum.demo"),
        Role(name: "agency operator", email: "operator@ieum.demo"),
        Role(name: "platform operator", email: "platform@ieum.test"),
    ]

    /// Sent as it is, after the path: what a hand-written client or a scanner may send.
    static let malformedQuery = "page=%zz%&q=%&status=%E0%A4&x=%00&events_page=%2&applications_page=%C0%AF&%=1"

    /// What one shard of the fuzzer saw.
    struct Tally: Sendable {
        var statusCounts: [UInt: Int] = [:]
        var total = 0
        var failures: [String] = []
        var deadAfter: [String] = []
    }

    /// The routes go to this many shards, run at once on one application, each with its own
    /// signed-in clients: the run uses every core instead of one request after another.
    static let shards = 3

    @Test("every route × every role × hostile values: no 5xx, still alive, nothing injected")
    func fuzzEveryRoute() async throws {
        try await TestApp.with(demo: true) { app in
            try await TestApp.user(app, email: "platform@ieum.test", role: .operator)
            // Account routes get this account's id, so the fuzzer never signs the demo roles out.
            let victim = try await TestApp.user(app, email: "victim@ieum.test")
            var ids = try await Self.realIDs(app)
            ids["users"] = [try victim.requireID()]
            let routes = app.routes.all.filter { !$0.path.contains(where: { if case .catchall = $0 { true } else { false } }) }
                .sorted { ($0.path.string, $0.method.rawValue) < ($1.path.string, $1.method.rawValue) }
            #expect(routes.count > 100, "the route table looks empty: \(routes.count)")
            let fields = try await Self.formFields(app, routes: routes, clients: try await Self.signIn(app), ids: ids)

            // Every method of a path goes to the same shard, so `login` (and its throttle) is
            // fuzzed, cleared and signed into again by one shard only.
            let paths = Array(Set(routes.map(\.path.string))).sorted()
            let shardOfPath = Dictionary(uniqueKeysWithValues: paths.enumerated().map { ($0.element, $0.offset % Self.shards) })
            let ids2 = ids
            let tally = try await withThrowingTaskGroup(of: Tally.self) { group in
                for shard in 0..<Self.shards {
                    let mine = routes.enumerated().filter { shardOfPath[$0.element.path.string] == shard }
                    group.addTask { try await Self.fuzz(app, routes: mine, ids: ids2, fields: fields) }
                }
                var sum = Tally()
                for try await part in group {
                    sum.total += part.total
                    sum.failures += part.failures
                    sum.deadAfter += part.deadAfter
                    for (code, count) in part.statusCounts { sum.statusCounts[code, default: 0] += count }
                }
                return sum
            }
            let counts = tally.statusCounts.keys.sorted().map { "\($0): \(tally.statusCounts[$0] ?? 0)" }.joined(separator: ", ")
            print("route fuzzer: \(tally.total) requests to \(routes.count) routes as \(Self.roles.count) roles; status counts \(counts); \(tally.failures.count) failures")
            for failure in tally.failures.prefix(400) { print("  FAIL " + failure) }
            #expect(tally.total >= 20_000, "only \(tally.total) requests")
            #expect(tally.failures.isEmpty, "\(tally.failures.count) failures, first: \(tally.failures.first ?? "")")
            #expect(tally.deadAfter.isEmpty, "/healthz did not answer after \(tally.deadAfter)")
        }
    }

    /// A client per role, signed in (the visitor has opened the sign-in page for its form token).
    static func signIn(_ app: Application) async throws -> [(Role, WebClient)] {
        var clients: [(Role, WebClient)] = []
        for role in roles {
            let client = WebClient(app)
            if let email = role.email {
                try await client.login(email, password: email.hasSuffix("ieum.demo") ? DemoData.password : TestApp.password)
            } else {
                try await client.get("/login")
            }
            clients.append((role, client))
        }
        return clients
    }

    /// Fuzzes the routes (with their index in the whole sorted table, which picks the values) as
    /// every role, with clients of its own.
    static func fuzz(_ app: Application, routes: [(offset: Int, element: Route)], ids: [String: [UUID]], fields: [String]) async throws -> Tally {
        var tally = Tally()
        var clients = try await signIn(app)
        let health = WebClient(app)
        for (routeIndex, route) in routes {
            for (roleIndex, (role, client)) in clients.enumerated() {
                // Half of the values for each route and role, the other half for the next, so
                // every value meets every route across the roles.
                for (index, value) in hostile.enumerated() where (index + routeIndex + roleIndex) % 2 == 0 {
                    let path = path(route, value: value, ids: ids, variant: index)
                    let query = queryNames.map { "\($0)=\(WebClient.encode(value))" }.joined(separator: "&")
                    let target = path + "?" + query
                    // Headers, body, and a target other than `target` (the raw query).
                    var requests: [(HTTPHeaders, ByteBuffer?, String?)] = []
                    var raw: String?
                    if route.method == .GET || route.method == .HEAD {
                        requests.append(([:], nil, nil))
                        // A query string as no browser would send it: broken percent escapes,
                        // bare %, an escaped NUL and an overlong UTF-8 form, not re-encoded.
                        if index % 4 == 1 { raw = path + "?" + malformedQuery }
                    } else {
                        var form = fields.map { ($0, value) }
                        if let csrf = client.csrf { form.append(("_csrf", csrf)) }
                        let encoded = form.map { "\(WebClient.encode($0.0))=\(WebClient.encode($0.1))" }.joined(separator: "&")
                        var headers = HTTPHeaders()
                        headers.contentType = .urlEncodedForm
                        requests.append((headers, ByteBuffer(string: encoded), nil))
                        if index % 5 == 0 {
                            // Wrong content types and a cut-off multipart body.
                            var json = HTTPHeaders()
                            json.contentType = .json
                            if let csrf = client.csrf { json.replaceOrAdd(name: "X-CSRF-Token", value: csrf) }
                            requests.append((json, ByteBuffer(string: "{\"name\": \(value.debugDescription), \"page\": 9223372036854775807"), nil))
                            var multipart = HTTPHeaders()
                            multipart.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=ieumfuzz")
                            if let csrf = client.csrf { multipart.replaceOrAdd(name: "X-CSRF-Token", value: csrf) }
                            requests.append((multipart, ByteBuffer(string: "--ieumfuzz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4 trunc"), nil))
                            var text = HTTPHeaders()
                            text.contentType = .plainText
                            requests.append((text, ByteBuffer(string: value), nil))
                        }
                    }
                    if let raw { requests.append(([:], nil, raw)) }
                    for (headers, body, other) in requests {
                        let page = try await client.send(route.method, other ?? target, headers: headers, body: body)
                        tally.total += 1
                        tally.statusCounts[page.status.code, default: 0] += 1
                        if page.status.code >= 500 {
                            let shown = value.count > 60 ? "\(value.count) characters" : value.debugDescription
                            tally.failures.append("\(route.method) /\(route.path.string) as \(role.name) with \(shown) [\(headers.contentType?.description ?? "-")]: \(page.status.code)")
                        }
                        // Markup matters where a browser renders it; JSON answers carry stored text as data.
                        let isHTML = page.headers.contentType.map { $0.type == "text" && $0.subType == "html" } ?? false
                        if isHTML, page.body.contains(marker) {
                            tally.failures.append("\(route.method) \(route.path.string) as \(role.name): injected markup in the answer")
                        }
                    }
                }
            }
            if route.path.string == "logout" || route.path.string == "login" {
                // The fuzzer's own failed sign-ins would throttle the roles' next sign-in.
                try await LoginAttempt.query(on: app.db).delete()
                clients = try await signIn(app)
            }
            let alive = try await health.get("/healthz")
            if alive.status != .ok { tally.deadAfter.append("\(route.method) \(route.path.string): \(alive.status)") }
        }
        return tally
    }

    /// A path for the route: every parameter gets the hostile value, except one variant in four,
    /// which uses a real id of the demo data (by the parameter's name) so handlers go past lookup.
    static func path(_ route: Route, value: String, ids: [String: [UUID]], variant: Int) -> String {
        "/" + route.path.map { component -> String in
            switch component {
            case .constant(let text): return text
            case .parameter(let name):
                if variant % 4 == 3, let pool = ids[idKind(name)] ?? ids["any"], !pool.isEmpty {
                    return pool[(variant / 4) % pool.count].uuidString
                }
                return value.isEmpty ? "%20" : WebClient.encode(value)
            case .anything: return WebClient.encode(value.isEmpty ? "x" : value)
            case .catchall: return "x"
            }
        }.joined(separator: "/")
    }

    static func idKind(_ parameter: String) -> String {
        let name = parameter.lowercased()
        for (prefix, kind) in [("org", "organizations"), ("need", "needs"), ("app", "applications"), ("program", "programs"),
                               ("collab", "collaborations"), ("round", "evaluation_rounds"), ("network", "networks"),
                               ("grievance", "grievances"), ("expert", "experts"), ("user", "users"), ("token", "api_tokens")]
            where name.hasPrefix(prefix) { return kind }
        return "any"
    }

    /// Real ids of the demo data, by table.
    static func realIDs(_ app: Application) async throws -> [String: [UUID]] {
        guard let sql = app.db as? any SQLDatabase else { return [:] }
        var ids: [String: [UUID]] = [:]
        for table in ["organizations", "needs", "applications", "programs", "collaborations", "evaluation_rounds", "networks",
                      "grievances", "experts", "users", "api_tokens", "meeting_events", "network_events"] {
            let rows = (try? await sql.raw("SELECT id FROM \(ident: table)").all()) ?? []
            ids[table] = rows.compactMap { try? $0.decode(column: "id", as: UUID.self) }.sorted { $0.uuidString < $1.uuidString }
        }
        ids["any"] = ids.values.flatMap { $0.prefix(3) }
        return ids
    }

    /// Every form field name on the pages the roles can open (parameterless GET routes and those
    /// with real ids).
    static func formFields(_ app: Application, routes: [Route], clients: [(Role, WebClient)], ids: [String: [UUID]]) async throws -> [String] {
        var names = Set<String>()
        let pattern = try NSRegularExpression(pattern: #"name="([A-Za-z0-9_\[\]]+)""#)
        for route in routes where route.method == .GET {
            for (_, client) in clients.suffix(2) + clients.prefix(3) {
                let page = try await client.get(path(route, value: "x", ids: ids, variant: 3))
                let text = page.body as NSString
                for match in pattern.matches(in: page.body, range: NSRange(location: 0, length: text.length)) {
                    names.insert(text.substring(with: match.range(at: 1)))
                }
            }
        }
        names.remove("_csrf")
        return names.sorted().prefix(70).map { $0 }
    }
}
