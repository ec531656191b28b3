import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

@Suite("Search by field spellings, won below 만, sign-in throttling behind a proxy")
struct HardeningTests {
    @Test("a field's other spelling finds the organisations filed under it")
    func fieldAliasSearch() async throws {
        try await TestApp.with { app in
            // given a startup registered in 스마트제조 through the form, whose text never says 스마트팩토리
            try await TestApp.user(app, email: "op@ieum.test", role: .operator)
            let web = WebClient(app)
            try await web.login("op@ieum.test")
            _ = try await web.get("/organizations/new")
            let created = try await web.post("/organizations", [
                ("kind", "startup"), ("name", "설비관제랩"), ("businessNumber", TestApp.businessNumber(31)), ("stage", "seed"),
                ("fields[]", "smart-manufacturing"), ("description", "설비 가동률 관제"),
            ])
            #expect(created.status == .seeOther)
            let aliases = try #require(try await TechField.query(on: app.db).filter(\.$code == "smart-manufacturing").first()).aliases
            let alias = try #require(aliases.first)
            // when
            let found = try await web.get("/organizations?q=" + alias.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            // then
            #expect(found.body.contains("설비관제랩"))
        }
    }

    @Test("won below 만 are kept next to 억", arguments: [
        (Int64(100_005_000), "1억 5,000원"), (Int64(1_250_000_000), "12억 5,000만원"), (Int64(372_000_000_000), "3,720억원"),
    ])
    func wonBelowMan(amount: Int64, text: String) {
        #expect(KRW.koreanText(amount) == text)
    }

    @Test("behind a trusted proxy, the right-most forwarded hop is counted: a spoofed left part neither escapes nor locks out others")
    func throttlingByForwardedAddress() async throws {
        try await TestApp.with { app in
            // given a trusted proxy and one attacker failing 30 times from one forwarded address
            var config = app.ieumConfiguration
            config.trustProxy = true
            app.ieumConfiguration = config
            try await TestApp.user(app, email: "victim@ieum.test")
            let attacker = WebClient(app)
            _ = try await attacker.get("/login")
            // The proxy appends the address it saw (198.51.100.66); whatever the attacker put to its
            // left changes on every try and must not let it escape the count.
            for n in 0..<30 {
                var headers = HTTPHeaders()
                headers.contentType = .urlEncodedForm
                headers.replaceOrAdd(name: "X-Forwarded-For", value: "10.9.\(n).1, 198.51.100.66")
                let body = "email=nobody\(n)%40ieum.test&password=wrong-password&_csrf=\(attacker.csrf ?? "")"
                _ = try await attacker.send(.POST, "/login", headers: headers, body: ByteBuffer(string: body))
            }
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            headers.replaceOrAdd(name: "X-Forwarded-For", value: "203.0.113.200, 198.51.100.66")
            let blocked = try await attacker.send(.POST, "/login", headers: headers,
                                                  body: ByteBuffer(string: "email=victim%40ieum.test&password=\(TestApp.password)&_csrf=\(attacker.csrf ?? "")"))
            #expect(blocked.status == .tooManyRequests)
            // when the real user signs in from another address through the same proxy
            let victim = WebClient(app)
            _ = try await victim.get("/login")
            var own = HTTPHeaders()
            own.contentType = .urlEncodedForm
            own.replaceOrAdd(name: "X-Forwarded-For", value: "198.51.100.7")
            let page = try await victim.send(.POST, "/login", headers: own,
                                             body: ByteBuffer(string: "email=victim%40ieum.test&password=\(TestApp.password)&_csrf=\(victim.csrf ?? "")"))
            // then
            #expect(page.status == .seeOther)
        }
    }
}

@Suite("A password change ends the account's other sessions")
struct PasswordChangeSessionTests {
    @Test("the browser that changed the password stays signed in; another one is signed out")
    func otherSessionsEnd() async throws {
        try await TestApp.with { app in
            // given the same person signed in on two browsers
            try await TestApp.user(app, email: "kim@ieum.test")
            let laptop = WebClient(app)
            let phone = WebClient(app)
            try await laptop.login("kim@ieum.test")
            try await phone.login("kim@ieum.test")
            #expect(try await phone.get("/account").status == .ok)
            // when the password is changed on the laptop a second later
            app.clock = AppClock { TestApp.now.addingTimeInterval(2) }
            _ = try await laptop.get("/account")
            let changed = try await laptop.post("/account/password", [
                ("currentPassword", TestApp.password), ("newPassword", "a-brand-new-secret"), ("confirmPassword", "a-brand-new-secret"),
            ])
            #expect(changed.status == .seeOther)
            // then
            #expect(try await laptop.get("/account").status == .ok)
            let bounced = try await phone.get("/account")
            #expect(bounced.status == .seeOther)
            #expect(bounced.headers.first(name: .location) == "/login?next=/account")
        }
    }
}
