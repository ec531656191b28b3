import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

@Suite("Accounts")
struct AccountsTests {
    @Test("smoke")
    func smoke() async throws {
        try await TestApp.with { app in
            try await TestApp.user(app, email: "op@ieum.example", role: .operator)
            let web = WebClient(app)
            let first = try await web.get("/login")
            print("GET login", first.status, first.headers[.setCookie])
            let page = try await web.post("/login", [("email", "op@ieum.example"), ("password", TestApp.password)])
            print("POST login", page.status, page.headers[.setCookie], page.headers[.location])
            let list = try await web.get("/organizations")
            print("LIST", list.status, list.headers[.location], web.cookies)
        }
    }
}
