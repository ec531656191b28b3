import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// Issue 19, item 4: safe by default behind HTTPS, the secret in use, and no demo accounts in a
/// database with real data.
@Suite("Production defaults")
struct ProductionDefaultsTests {
    @Test("an https IEUM_BASE_URL makes cookies Secure without IEUM_SECURE_COOKIES; http does not")
    func secureCookiesFollowTheBaseURL() throws {
        #expect(try Configuration.fromEnvironment(["IEUM_BASE_URL": "https://ieum.example.kr"]).secureCookies)
        #expect(try !Configuration.fromEnvironment(["IEUM_BASE_URL": "http://ieum.example.kr"]).secureCookies)
        #expect(try !Configuration.fromEnvironment([:]).secureCookies)
        #expect(try Configuration.fromEnvironment(["IEUM_SECURE_COOKIES": "1"]).secureCookies)
    }

    @Test("behind https every cookie is Secure and Strict-Transport-Security is sent, sign-in included")
    func httpsDeployment() async throws {
        let config = try Configuration.fromEnvironment(["IEUM_BASE_URL": "https://ieum.example.kr"])
        try await OperationsTestApp.with({ $0.baseURL = config.baseURL; $0.baseURLIsDefault = false; $0.secureCookies = config.secureCookies }) { app in
            // given
            try await TestApp.user(app, email: "kim@secure.example")
            let web = WebClient(app)
            // when
            let form = try await web.get("/login?lang=en")
            let signedIn = try await web.post("/login", [("email", "kim@secure.example"), ("password", TestApp.password)])
            // then
            #expect(form.headers.first(name: "Strict-Transport-Security") == "max-age=31536000; includeSubDomains")
            let cookies = form.headers[.setCookie] + signedIn.headers[.setCookie]
            #expect(cookies.contains { $0.hasPrefix("ieum_session=") }, "\(cookies)")
            #expect(cookies.contains { $0.hasPrefix("ieum_lang=") })
            for cookie in cookies { #expect(cookie.contains("; Secure"), "\(cookie)") }
        }
    }

    @Test("over plain http (a demo on this machine) no HSTS and no Secure cookies")
    func httpDeployment() async throws {
        try await TestApp.with { app in
            try await TestApp.user(app, email: "kim@plain.example")
            let web = WebClient(app)
            let form = try await web.get("/login?lang=en")
            let signedIn = try await web.post("/login", [("email", "kim@plain.example"), ("password", TestApp.password)])
            #expect(form.headers.first(name: "Strict-Transport-Security") == nil)
            let cookies = form.headers[.setCookie] + signedIn.headers[.setCookie]
            #expect(!cookies.isEmpty)
            for cookie in cookies { #expect(!cookie.contains("Secure"), "\(cookie)") }
        }
    }

    @Test("IEUM_SECRET signs visitors' form tokens: a token signed under another secret is refused")
    func secretSignsFormTokens() async throws {
        var first = ""
        try await OperationsTestApp.with({ $0.secret = "first-secret-0123456789abcdefghij" }) { app in
            let web = WebClient(app)
            try await web.get("/login")
            first = try #require(web.cookies[AnonymousFormToken.cookieName])
            #expect(AnonymousFormToken.isValid(first, secret: "first-secret-0123456789abcdefghij"))
        }
        try await OperationsTestApp.with({ $0.secret = "other-secret-0123456789abcdefghij" }) { app in
            // given: the token and its form value from a deployment with another secret
            try await TestApp.user(app, email: "kim@secret.example")
            let web = WebClient(app)
            web.cookies[AnonymousFormToken.cookieName] = first
            web.csrf = first
            // when
            let page = try await web.post("/login", [("email", "kim@secret.example"), ("password", TestApp.password)])
            // then: refused as a forged form
            #expect(page.status == .forbidden)
            #expect(!AnonymousFormToken.isValid(first, secret: "other-secret-0123456789abcdefghij"))
        }
    }

    @Test("serve --demo: an empty database and a demo database are fine; real accounts or organisations are refused in Korean and English")
    func demoGuard() async throws {
        try await TestApp.with { app in
            // empty
            #expect(try await DemoGuard.state(on: app.db) == .empty)
            try await DemoGuard.check(on: app.db)
            // demo only (started with --demo before): loading again stays fine
            _ = try await DemoData.load(on: app.db, hasher: app.password.async, now: TestApp.now)
            #expect(try await DemoGuard.state(on: app.db) == .demoOnly)
            try await DemoGuard.check(on: app.db)
            // a real person signed up
            try await TestApp.user(app, email: "real.person@agency.go.kr")
            do {
                try await DemoGuard.check(on: app.db)
                Issue.record("demo accounts would be loaded beside a real account")
            } catch let refusal as DemoGuard.Refusal {
                #expect(refusal.accounts == 1)
                #expect(refusal.description.contains("데모 데이터를 불러오지 않습니다"))
                #expect(refusal.description.contains("Refusing to load demo data"))
            }
        }
        try await TestApp.with { app in
            // organisations imported before anyone signed up are real data too
            try await TestApp.organization(app, name: "가져온기관")
            #expect(try await DemoGuard.state(on: app.db) == .real(accounts: 0, organizations: 1))
        }
    }
}
