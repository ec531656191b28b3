import Fluent
import Foundation
import Testing
import Vapor
@testable import IeumApp

/// Issue 16, item 4: a platform operator (and the shell) deactivates and reactivates accounts,
/// mails a reset link and changes platform roles; each step is audited; no one acts on their own
/// account, and no one else may act at all.
@Suite("User administration")
struct UserAdministrationTests {
    static func platform(_ app: Application) async throws -> WebClient {
        try await TestApp.user(app, email: "platform@admin.test", role: .operator)
        let web = WebClient(app)
        try await web.login("platform@admin.test")
        _ = try await web.get("/admin/users")
        return web
    }

    @Test("a platform operator mails a reset link: one mail with an absolute single-use link, audited; the link sets a new password")
    func resetLink() async throws {
        try await TestApp.with { app in
            let person = try await TestApp.user(app, email: "person@admin.test")
            let web = try await Self.platform(app)
            let answer = try await web.post("/admin/users/\(try person.requireID())/reset-link", [])
            #expect(answer.status == .seeOther)
            let mails = try await OutboxMail.query(on: app.db).filter(\.$toAddress == "person@admin.test").all()
            #expect(mails.count == 1)
            let body = try #require(mails.first?.body)
            let link = try #require(body.split(separator: "\n").last.map(String.init))
            #expect(link.hasPrefix(app.ieumConfiguration.baseURL.origin + "/password/reset/"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "user.password-reset-sent").count() == 1)
            // The person follows it.
            let path = String(link.dropFirst(app.ieumConfiguration.baseURL.origin.count))
            let browser = WebClient(app)
            _ = try await browser.get(path)
            let set = try await browser.post(path, [("newPassword", "봄날의 새 비밀번호 2026"), ("confirmPassword", "봄날의 새 비밀번호 2026")])
            #expect(set.status == .seeOther, "\(set.status)")
            try await WebClient(app).login("person@admin.test", password: "봄날의 새 비밀번호 2026")
        }
    }

    @Test("an inactive account gets no reset link; the operator is told")
    func resetLinkInactive() async throws {
        try await TestApp.with { app in
            let person = try await TestApp.user(app, email: "person@admin.test")
            person.active = false
            try await person.save(on: app.db)
            let web = try await Self.platform(app)
            _ = try await web.post("/admin/users/\(try person.requireID())/reset-link", [])
            #expect(try await OutboxMail.query(on: app.db).count() == 0)
            #expect(try await web.get("/admin/users").body.contains("비활성 계정에는 재설정 링크를 보내지 않습니다"))
        }
    }

    @Test("roles: a platform operator changes one, audited; an operator made a member loses their API tokens; not one's own")
    func roles() async throws {
        try await TestApp.with { app in
            let person = try await TestApp.user(app, email: "person@admin.test", role: .operator)
            _ = try await Access.token(app, "person@admin.test")
            let web = try await Self.platform(app)
            let id = try person.requireID()
            #expect(try await web.post("/admin/users/\(id)/role", [("platformRole", "member")]).status == .seeOther)
            let stored = try #require(try await User.find(id, on: app.db))
            #expect(stored.platformRole == .member)
            #expect(try await APIToken.query(on: app.db).filter(\.$user.$id == id).count() == 0)
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "user.role").first())
            #expect(entry.summary.contains("운영자 → 일반 회원"))
            // A role that does not exist is a 400 and changes nothing.
            #expect(try await web.post("/admin/users/\(id)/role", [("platformRole", "superuser")]).status == .badRequest)
            // Not one's own account.
            let own = try #require(try await User.query(on: app.db).filter(\.$email == "platform@admin.test").first())
            _ = try await web.post("/admin/users/\(try own.requireID())/role", [("platformRole", "member")])
            #expect(try await User.find(own.requireID(), on: app.db)?.platformRole == .operator)
            #expect(try await web.get("/admin/users").body.contains("자기 계정에는 할 수 없습니다."))
        }
    }

    @Test("no one but a platform operator may mail reset links or change roles", arguments: ["agency", "member", "judge"])
    func othersRefused(_ who: String) async throws {
        try await TestApp.with { app in
            let person = try await TestApp.user(app, email: "person@admin.test")
            switch who {
            case "agency":
                let agency = try await TestApp.organization(app, name: "관리진흥원", kind: .agency)
                try await TestApp.user(app, email: "actor@admin.test", role: .operator, organization: agency)
            case "judge": try await TestApp.user(app, email: "actor@admin.test", role: .judge)
            default: try await TestApp.user(app, email: "actor@admin.test")
            }
            let web = WebClient(app)
            try await web.login("actor@admin.test")
            let id = try person.requireID()
            #expect(try await web.post("/admin/users/\(id)/reset-link", []).status == .forbidden)
            #expect(try await web.post("/admin/users/\(id)/role", [("platformRole", "operator")]).status == .forbidden)
            #expect(try await OutboxMail.query(on: app.db).count() == 0)
            #expect(try await User.find(id, on: app.db)?.platformRole == .member)
        }
    }

    @Test("ieum user deactivate / activate / reset-link / role act on a SQLite file, audited as the shell")
    func shell() async throws {
        let dir = NSTemporaryDirectory() + "ieum-user-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var config = Configuration(database: .sqliteFile(path: dir + "/ieum.sqlite"), bcryptCost: 4)
        config.dataDirectory = dir + "/data"
        _ = try await CommandTasks.createUser(config, NewUserInput(email: "shell@admin.test", name: "셸", password: "봄날의 양극재 공정 데이터", platformRole: .member))
        #expect(try await CommandTasks.administerUser(config, email: "shell@admin.test", .deactivate).contains("deactivated"))
        await #expect(throws: CommandProblem.self) { try await CommandTasks.administerUser(config, email: "shell@admin.test", .resetLink) }
        #expect(try await CommandTasks.administerUser(config, email: "SHELL@admin.test ", .activate).contains("activated"))
        #expect(try await CommandTasks.administerUser(config, email: "shell@admin.test", .resetLink).contains("queued"))
        #expect(try await CommandTasks.administerUser(config, email: "shell@admin.test", .role(.judge)).contains("judge"))
        await #expect(throws: CommandProblem.self) { try await CommandTasks.administerUser(config, email: "nobody@admin.test", .activate) }
        let state = try await CommandTasks.withApplication(config) { app in
            let user = try await User.query(on: app.db).filter(\.$email == "shell@admin.test").first()
            let actions = try await AuditEntry.query(on: app.db).sort(\.$createdAt).all().map(\.action)
            let mails = try await OutboxMail.query(on: app.db).count()
            return (user?.platformRole, user?.active, actions, mails)
        }
        #expect(state.0 == .judge)
        #expect(state.1 == true)
        #expect(state.2.filter { $0 != "user.create" } == ["user.deactivate", "user.activate", "user.password-reset-sent", "user.role"])
        #expect(state.3 == 1)
    }
}

@Suite("Mail language")
struct MailLanguageTests {
    @Test("a person chooses the language of their e-mails on the account page; a reset mail follows it")
    func chooseLanguage() async throws {
        try await TestApp.with { app in
            let user = try await TestApp.user(app, email: "lang@admin.test")
            let web = WebClient(app)
            try await web.login("lang@admin.test")
            let page = try await web.get("/account")
            #expect(page.body.contains("메일 언어"))
            #expect(try await web.post("/account/language", [("language", "en")]).status == .seeOther)
            #expect(try await User.find(user.requireID(), on: app.db)?.language == .en)
            #expect(try await web.get("/account").body.contains("<option value=\"en\" selected=\"selected\""))
            #expect(try await web.post("/account/language", [("language", "fr")]).status == .badRequest)
            let platform = try await UserAdministrationTests.platform(app)
            _ = try await platform.post("/admin/users/\(try user.requireID())/reset-link", [])
            #expect(try await OutboxMail.query(on: app.db).first()?.subject == "[Ieum] Reset your password")
        }
    }
}
