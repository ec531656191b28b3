import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Helpers shared by the access tests of issue 14 (item 3).
enum Access {
    /// A browser signed in as the account with `email`.
    static func browser(_ app: Application, _ email: String) async throws -> WebClient {
        let web = WebClient(app)
        try await web.login(email)
        return web
    }

    /// The registration form of a startup, as a person fills it in.
    static func startupForm(name: String, businessNumber: String) -> [(String, String)] {
        [
            ("kind", "startup"), ("name", name), ("businessNumber", businessNumber), ("stage", "seed"),
            ("fields[]", "ai"), ("region", "seongdong"), ("cluster", ""),
            ("summary", "공정 데이터 분석"), ("description", "제조 공정 데이터를 분석합니다."),
            ("contactName", "홍길동"), ("contactEmail", "ceo@pending.example"), ("openToPartners", "1"),
        ]
    }

    static func actor(_ app: Application, _ email: String) async throws -> IeumApp.Principal {
        guard let user = try await User.query(on: app.db).filter(\.$email == email).first() else { throw Abort(.notFound) }
        return try await user.actor(on: app.db)
    }

    static func program(_ app: Application, name: String, agency: Organization?) async throws -> Program {
        let program = Program()
        program.name = name
        program.year = 2026
        program.description = ""
        program.tracks = []
        program.$operatorOrganization.id = agency?.id
        try await program.create(on: app.db)
        return program
    }

    static func call(_ app: Application, program: Program, title: String) async throws -> Call {
        let call = Call()
        call.$program.id = try program.requireID()
        call.title = title
        call.description = ""
        call.opensAt = TestApp.now.addingTimeInterval(-86_400)
        call.closesAt = TestApp.now.addingTimeInterval(30 * 86_400)
        try await call.create(on: app.db)
        return call
    }

    static func token(_ app: Application, _ email: String) async throws -> String {
        let user = try #require(try await User.query(on: app.db).filter(\.$email == email).first())
        return try await APITokens.issue(for: user.requireID(), name: "test", on: app.db, actor: nil, now: TestApp.now).1
    }
}
