import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// Headers, CSRF, no inline script, escaping, health check, 404 page, safe redirects.
@Suite("Security")
struct SecurityTests {
    static let operatorEmail = "op@ieum.example"

    /// Pages of every kind, as an operator sees them (plus the visitor's login page and errors).
    static let pages = [
        "/login", "/organizations", "/organizations?q=%EC%8A%A4%EB%A7%88%ED%8A%B8", "/organizations/new", "/account",
        "/admin/users", "/admin/approvals", "/admin/taxonomy", "/admin/audit", "/healthz", "/ieum.css", "/ieum.js",
        "/no-such-page", "/organizations/00000000-0000-4000-8000-000000000000", "/",
    ]

    @Test("every response carries CSP without inline script, nosniff and DENY framing", arguments: pages)
    func securityHeaders(path: String) async throws {
        try await TestApp.with { app in
            // given
            let web = try await Self.operatorBrowser(app)
            // when
            let page = try await web.get(path)
            // then
            let csp = try #require(page.headers.first(name: "Content-Security-Policy"))
            let directives = Dictionary(csp.split(separator: ";").map { part -> (String, String) in
                let words = part.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
                return (String(words[0]), words.count > 1 ? String(words[1]) : "")
            }, uniquingKeysWith: { $1 })
            let scriptSource = try #require(directives["script-src"])
            #expect(scriptSource == "'self'")
            #expect(!csp.contains("unsafe-inline"))
            #expect(!csp.contains("unsafe-eval"))
            #expect(directives["frame-ancestors"] == "'none'")
            #expect(directives["object-src"] == "'none'")
            #expect(page.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(page.headers.first(name: "X-Frame-Options") == "DENY")
        }
    }

    @Test("the same headers on a visitor's redirect and on a CSRF refusal")
    func headersOnRedirectsAndRefusals() async throws {
        try await TestApp.with { app in
            // given
            let visitor = WebClient(app)
            // when
            let redirect = try await visitor.get("/organizations")
            let refused = try await visitor.post("/login", [("email", "a@b.example"), ("password", "x")], csrf: false)
            // then
            for response in [redirect, refused] {
                #expect(response.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
                #expect(response.headers.first(name: "X-Frame-Options") == "DENY")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
            }
            #expect(redirect.status == .seeOther)
            #expect(refused.status == .forbidden)
        }
    }

    // MARK: CSRF

    @Test("a POST without the CSRF token is refused with 403 and writes nothing")
    func postWithoutToken() async throws {
        try await TestApp.with { app in
            // given a signed-in operator on the registration form
            let web = try await Self.operatorBrowser(app)
            _ = try await web.get("/organizations/new")
            let fields: [(String, String)] = [
                ("kind", "startup"), ("name", "토큰없는기업"), ("businessNumber", TestApp.businessNumber(50)),
                ("stage", "seed"), ("fields[]", "ai"),
            ]
            // when
            let missing = try await web.post("/organizations", fields, csrf: false)
            let wrong = try await web.post("/organizations", fields + [("_csrf", "forged-token")], csrf: false)
            let taxonomy = try await web.post("/admin/taxonomy/fields", [("code", "quantum"), ("nameKo", "양자"), ("nameEn", "Quantum")], csrf: false)
            // then
            #expect(missing.status == .forbidden)
            #expect(missing.body.contains("보안 토큰이 만료되었거나 올바르지 않습니다."))
            #expect(wrong.status == .forbidden)
            #expect(taxonomy.status == .forbidden)
            #expect(try await Organization.query(on: app.db).count() == 0)
            #expect(try await TechField.query(on: app.db).filter(\.$code == "quantum").count() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action != "user.login").count() == 0)
            // and the same form with the token goes through
            let accepted = try await web.post("/organizations", fields)
            #expect(accepted.status == .seeOther)
        }
    }

    @Test("a token sent in the X-CSRF-Token header is accepted too")
    func tokenInHeader() async throws {
        try await TestApp.with { app in
            // given
            let web = try await Self.operatorBrowser(app)
            let token = try #require(web.csrf)
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            headers.add(name: "X-CSRF-Token", value: token)
            // when
            let response = try await web.send(.POST, "/admin/taxonomy/fields", headers: headers, body: ByteBuffer(string: "code=quantum&nameKo=%EC%96%91%EC%9E%90&nameEn=Quantum"))
            // then
            #expect(response.status == .seeOther)
            #expect(try await TechField.query(on: app.db).filter(\.$code == "quantum").count() == 1)
        }
    }

    @Test("logout without the token does not sign out")
    func logoutWithoutToken() async throws {
        try await TestApp.with { app in
            // given
            let web = try await Self.operatorBrowser(app)
            // when
            let response = try await web.post("/logout", [], csrf: false)
            // then
            #expect(response.status == .forbidden)
            #expect(try await web.get("/organizations").status == .ok)
        }
    }

    @Test("the CSRF token on an error page works (the first page after sign-in may be a 404)")
    func tokenOnErrorPage() async throws {
        try await TestApp.with { app in
            // given a fresh session whose first page is a 404 with the sign-out form in its header
            try await TestApp.user(app, email: Self.operatorEmail, role: .operator)
            let web = WebClient(app)
            try await web.login(Self.operatorEmail)
            let missing = try await web.get("/organizations/\(UUID().uuidString)")
            #expect(missing.status == .notFound)
            #expect(missing.body.contains("action=\"/logout\""))
            // when
            let response = try await web.post("/logout", [])
            // then
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/login")
        }
    }

    // MARK: no inline script

    @Test("pages hold no inline script and no on…= handler attributes", arguments: pages.filter { !$0.hasPrefix("/ieum.") && $0 != "/healthz" && $0 != "/" })
    func noInlineScript(path: String) async throws {
        try await TestApp.with { app in
            // given an organisation to show and an audit entry to list (the login page as a visitor)
            let web = path == "/login" ? WebClient(app) : try await Self.operatorBrowser(app)
            try await TestApp.organization(app, name: "스크립트검사기업", status: .pending)
            // when
            let page = try await web.get(path)
            // then
            #expect(page.body.contains("<html"))
            #expect(page.body.matches(of: /<script\b[^>]*>\s*[^<\s][^<]*<\/script>/).isEmpty, "inline script body")
            #expect(page.body.matches(of: /<script\b(?![^>]*\bsrc=)[^>]*>/).isEmpty, "script without src")
            #expect(page.body.matches(of: /<[a-zA-Z][^>]*\son[a-z]+\s*=/).isEmpty, "event handler attribute")
            #expect(!page.body.lowercased().contains("javascript:"))
            #expect(!page.body.contains("style=\""))
        }
    }

    @Test("a form with errors holds no inline script either")
    func noInlineScriptOnErrors() async throws {
        try await TestApp.with { app in
            // given
            let web = try await Self.operatorBrowser(app)
            _ = try await web.get("/organizations/new")
            // when
            let page = try await web.post("/organizations", [("kind", "startup"), ("name", ""), ("businessNumber", "123")])
            // then
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.matches(of: /<[a-zA-Z][^>]*\son[a-z]+\s*=/).isEmpty)
            #expect(page.body.matches(of: /<script\b(?![^>]*\bsrc=)[^>]*>/).isEmpty)
        }
    }

    // MARK: escaping

    @Test("text a person typed is escaped in page text")
    func textIsEscaped() async throws {
        try await TestApp.with { app in
            // given an organisation whose name and description carry markup
            let web = try await Self.operatorBrowser(app)
            let org = try await TestApp.organization(app, name: "<i id=\"pwn-name\">기업</i>", description: "<b id=\"pwn-desc\">소개</b>")
            // when
            let list = try await web.get("/organizations")
            let profile = try await web.get("/organizations/\(try org.requireID().uuidString)")
            // then
            #expect(!list.body.contains("<i id=\"pwn-name\">"))
            #expect(list.body.contains("<a href=\"/organizations/\(try org.requireID().uuidString)\">&lt;i id=\"pwn-name\"&gt;기업&lt;/i&gt;</a>"))
            #expect(profile.body.contains("<h1>&lt;i id=\"pwn-name\"&gt;기업&lt;/i&gt;</h1>"))
            #expect(!profile.body.contains("<b id=\"pwn-desc\">"))
            #expect(profile.body.contains("&lt;b id=\"pwn-desc\"&gt;소개&lt;/b&gt;"))
        }
    }

    @Test("a search query is escaped where it is shown back in the search box")
    func reflectedQueryIsEscaped() async throws {
        try await TestApp.with { app in
            // given
            let web = try await Self.operatorBrowser(app)
            let attack = "\"><b id=\"pwn\">x</b><input value=\""
            // when
            let page = try await web.get("/organizations?q=" + attack.formEncoded)
            // then
            #expect(page.status == .ok)
            #expect(!page.body.contains("<b id=\"pwn\">"))
            #expect(page.body.contains("value=\"&quot;&gt;&lt;b id=&quot;pwn&quot;&gt;x&lt;/b&gt;&lt;input value=&quot;\"")
                || page.body.contains("value=\"&quot;><b id=&quot;pwn&quot;>x</b><input value=&quot;\""))
        }
    }

    @Test("a stored name is escaped inside attributes: the edit form's value and the page title's meta tags")
    func storedValueIsEscaped() async throws {
        try await TestApp.with { app in
            // given
            let web = try await Self.operatorBrowser(app)
            let org = try await TestApp.organization(app, name: "이음\"><b id=\"pwn-edit\">x</b>")
            // when
            let form = try await web.get("/organizations/\(try org.requireID().uuidString)/edit")
            let profile = try await web.get("/organizations/\(try org.requireID().uuidString)")
            // then
            #expect(form.status == .ok)
            #expect(!form.body.contains("<b id=\"pwn-edit\">"))
            #expect(form.body.contains("name=\"name\" value=\"이음&quot;"))
            #expect(profile.status == .ok)
            #expect(!profile.body.contains("<b id=\"pwn-edit\">"))
        }
    }

    @Test("the login page's next field is escaped")
    func nextFieldIsEscaped() async throws {
        try await TestApp.with { app in
            // given
            let visitor = WebClient(app)
            // when
            let page = try await visitor.get("/login?next=" + "/x\"><b id=\"pwn-next\">x</b>".formEncoded)
            // then
            #expect(page.status == .ok)
            #expect(!page.body.contains("<b id=\"pwn-next\">"))
        }
    }

    // MARK: health, 404

    @Test("/healthz answers 200 with status ok and says nothing about internals (issue 19: /readyz checks the database)")
    func health() async throws {
        try await TestApp.with { app in
            // when
            let response = try await WebClient(app).get("/healthz")
            // then
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.subType == "json")
            let json = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: String]
            #expect(json == ["status": "ok"])
        }
    }

    @Test("an unknown path is a 404 page in Korean, or in English when asked")
    func notFoundPage() async throws {
        try await TestApp.with { app in
            // given
            let visitor = WebClient(app)
            // when
            let korean = try await visitor.get("/no/such/page")
            let english = try await visitor.get("/no/such/page?lang=en")
            // then
            #expect(korean.status == .notFound)
            #expect(korean.headers.contentType == .html)
            #expect(korean.body.contains("<html lang=\"ko\">"))
            #expect(korean.body.contains("<h1>404</h1>"))
            #expect(korean.body.contains("찾는 페이지나 항목이 없습니다."))
            #expect(korean.body.contains("처음으로"))
            #expect(english.status == .notFound)
            #expect(english.body.contains("The page or record was not found."))
        }
    }

    // MARK: redirects after sign-in

    struct NextCase: Sendable, CustomTestStringConvertible {
        let next: String
        let location: String
        var testDescription: String { "next=\(next.debugDescription) → \(location)" }
    }

    @Test("the redirect after sign-in stays on this site", arguments: [
        NextCase(next: "//evil.example", location: "/"),
        NextCase(next: "//evil.example/organizations", location: "/"),
        NextCase(next: "https://evil.example/", location: "/"),
        NextCase(next: "/\\evil.example", location: "/"),
        NextCase(next: "\\\\evil.example", location: "/"),
        NextCase(next: "javascript:alert(1)", location: "/"),
        NextCase(next: "", location: "/"),
        NextCase(next: "/admin/approvals", location: "/admin/approvals"),
        NextCase(next: "/organizations?kind=startup", location: "/organizations?kind=startup"),
    ])
    func safeNext(_ c: NextCase) async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: Self.operatorEmail, role: .operator)
            let web = WebClient(app)
            _ = try await web.get("/login")
            // when
            let response = try await web.post("/login", [("email", Self.operatorEmail), ("password", TestApp.password), ("next", c.next)])
            // then
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == c.location)
        }
    }

    @Test("a next with a line break cannot split the Location header")
    func nextWithLineBreak() async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: Self.operatorEmail, role: .operator)
            let web = WebClient(app)
            _ = try await web.get("/login")
            // when
            let response = try await web.post("/login", [("email", Self.operatorEmail), ("password", TestApp.password), ("next", "/organizations\r\nSet-Cookie: evil=1")])
            // then
            #expect(response.status == .seeOther)
            let location = try #require(response.headers.first(name: .location))
            #expect(!location.contains("\r") && !location.contains("\n"))
        }
    }

    @Test("a visitor sent to sign in comes back to the page they asked for")
    func nextRoundTrip() async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: Self.operatorEmail, role: .operator)
            let web = WebClient(app)
            let bounce = try await web.get("/admin/approvals")
            let loginPath = try #require(bounce.headers.first(name: .location))
            // when
            let form = try await web.get(loginPath)
            let response = try await web.post("/login", [("email", Self.operatorEmail), ("password", TestApp.password), ("next", "/admin/approvals")])
            // then
            #expect(loginPath == "/login?next=/admin/approvals")
            #expect(form.body.contains("name=\"next\" value=\"/admin/approvals\""))
            #expect(response.headers.first(name: .location) == "/admin/approvals")
        }
    }

    // MARK: helpers

    /// An operator signed in through the login form, on the registry page.
    static func operatorBrowser(_ app: Application) async throws -> WebClient {
        try await TestApp.user(app, email: operatorEmail, role: .operator)
        let web = WebClient(app)
        try await web.login(operatorEmail)
        _ = try await web.get("/organizations")
        return web
    }
}

private extension String {
    var formEncoded: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }
}
