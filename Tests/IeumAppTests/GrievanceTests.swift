import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Shared set-up of the grievance suites.
enum GrievanceFixture {
    static func form(_ title: String = "공장 증설 인허가 지연", extra: [(String, String)] = []) -> [(String, String)] {
        [("title", title), ("description", "지식산업센터 내 제조시설 입주 제한으로 증설이 막혀 있습니다."), ("category", "regulation"),
         ("relatedLaw", "산업집적활성화 및 공장설립에 관한 법률"), ("region", "geumcheon"), ("facility", "kic-gasan-sk-v1"),
         ("contactEmail", "ceo@company.example")] + extra
    }

    static func input() -> GrievanceInput {
        var input = GrievanceInput()
        for (key, value) in form() {
            switch key {
            case "title": input.title = value
            case "description": input.description = value
            case "category": input.category = value
            case "relatedLaw": input.relatedLaw = value
            case "region": input.region = value
            case "facility": input.facility = value
            default: input.contactEmail = value
            }
        }
        return input
    }

    /// A visitor's browser with the form loaded (so it holds a session and its CSRF token).
    static func visitor(_ app: Application) async throws -> WebClient {
        let client = WebClient(app)
        let page = try await client.get("/grievances/new")
        #expect(page.status == .ok)
        return client
    }

    static func signedIn(_ app: Application, _ email: String, role: PlatformRole = .member) async throws -> WebClient {
        if try await User.query(on: app.db).filter(\.$email == email).first() == nil {
            try await TestApp.user(app, email: email, role: role)
        }
        let client = WebClient(app)
        try await client.login(email)
        return client
    }

    /// The token of the follow link on a receipt page.
    static func token(in body: String) -> String? {
        guard let range = body.range(of: "/grievances/track/") else { return nil }
        return String(body[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    /// Submits through the public form and returns the case and its token.
    static func submit(_ app: Application, title: String = "공장 증설 인허가 지연") async throws -> (Grievance, String) {
        let client = try await visitor(app)
        let page = try await client.post("/grievances", form(title))
        #expect(page.status == .created)
        let token = try #require(GrievanceFixture.token(in: page.body))
        let g = try #require(try await Grievance.query(on: app.db).filter(\.$title == title).first())
        return (g, token)
    }
}

@Suite("Grievances: intake, receipt link, limits")
struct GrievanceIntakeTests {
    @Test("a visitor sends a grievance and gets a receipt number and a follow link whose token is stored only as its SHA-256")
    func publicIntake() async throws {
        try await TestApp.with { app in
            // given a visitor on the form
            let client = try await GrievanceFixture.visitor(app)
            // when they send it
            let page = try await client.post("/grievances", GrievanceFixture.form())
            // then the receipt is shown once
            #expect(page.status == .created)
            #expect(page.body.contains("2026-000001"))
            let token = try #require(GrievanceFixture.token(in: page.body))
            #expect(token.count >= 43)
            let g = try #require(try await Grievance.query(on: app.db).first())
            #expect(g.receiptNumber == "2026-000001")
            #expect(g.tokenHash == APITokens.hash(token))
            #expect(g.tokenHash != token && !g.tokenHash.contains(token))
            #expect(g.status == .received)
            #expect(g.facilityName == "가산 SK V1 센터")
            #expect(g.submitterID == nil)
            // and the next one takes the next number
            let second = try await client.post("/grievances", GrievanceFixture.form("두 번째"))
            #expect(second.body.contains("2026-000002"))
            // and the link shows the case
            let tracked = try await WebClient(app).get("/grievances/track/\(token)")
            #expect(tracked.status == .ok)
            #expect(tracked.body.contains("공장 증설 인허가 지연"))
            #expect(tracked.body.contains("접수"))
            #expect(tracked.headers.first(name: "Referrer-Policy") == "same-origin")
        }
    }

    @Test("a wrong, guessed or other case's token answers 404 and shows nothing of any case")
    func guessedTokens() async throws {
        try await TestApp.with { app in
            let (_, token) = try await GrievanceFixture.submit(app)
            let other = WebClient(app)
            for guess in [String(token.dropLast()) + (token.last == "A" ? "B" : "A"), String(repeating: "A", count: 43), "2026-000001", "x", token.uppercased() == token ? token.lowercased() : token.uppercased()] {
                let page = try await other.get("/grievances/track/\(guess)")
                #expect(page.status == .notFound, "\(guess)")
                #expect(!page.body.contains("공장 증설"))
            }
        }
    }

    @Test("a bad form answers 422 with Korean messages next to the fields, keeps the values and writes nothing")
    func validation() async throws {
        try await TestApp.with { app in
            let client = try await GrievanceFixture.visitor(app)
            let page = try await client.post("/grievances", [("title", String(repeating: "가", count: 201)), ("description", ""), ("category", "x"),
                                                             ("region", "busan"), ("facility", "market-mangwon"), ("contactEmail", "not-mail"),
                                                             ("relatedLaw", "<법령>")])
            #expect(page.status == .unprocessableEntity)
            for message in ["제목은 200자 이내", "어떤 어려움인지 적어", "분야를 고르세요", "자치구를 고르세요", "이메일을 올바르게"] {
                #expect(page.body.contains(message), "\(message)")
            }
            #expect(page.body.contains("title-error"))
            #expect(page.body.contains("&lt;법령&gt;"))
            // a facility outside the chosen district is refused too
            let mismatch = try await client.post("/grievances", GrievanceFixture.form(extra: [("facility", "market-mangwon")]).filter { $0.0 != "facility" } + [("facility", "market-mangwon")])
            #expect(mismatch.status == .unprocessableEntity)
            #expect(mismatch.body.contains("선택한 자치구에 있지 않습니다"))
            #expect(try await Grievance.query(on: app.db).count() == 0)
            // English
            let en = try await client.post("/grievances?lang=en", [("title", "")])
            #expect(en.body.contains("Enter a title."))
        }
    }

    @Test("past 5 an hour from one address the form asks a question instead of refusing; typed values stay; a fresh browser is asked too")
    func rateLimit() async throws {
        try await TestApp.with { app in
            let client = try await GrievanceFixture.visitor(app)
            for n in 1...5 {
                #expect(try await client.post("/grievances", GrievanceFixture.form("건 \(n)")).status == .created)
            }
            let sixth = try await client.post("/grievances", GrievanceFixture.form("건 6"))
            #expect(sixth.status == .ok)
            #expect(sixth.body.contains("id=\"grievance-challenge\""))
            #expect(sixth.body.contains("사람이 보내는지 확인합니다"))
            #expect(sixth.body.contains("건 6"), "the typed values stay")
            #expect(try await Grievance.query(on: app.db).count() == 5)
            // a fresh browser from the same address is asked too (counted per address, not per session)
            let again = try await GrievanceFixture.visitor(app)
            #expect(try await again.post("/grievances", GrievanceFixture.form("건 7")).body.contains("id=\"grievance-challenge\""))
            // an hour later it is open again without a question
            app.clock = AppClock { TestApp.now.addingTimeInterval(3601) }
            #expect(try await again.post("/grievances", GrievanceFixture.form("건 8")).status == .created)
        }
    }

    @Test("what a submitter typed is shown as text on the receipt link and the staff pages, never as markup")
    func escaping() async throws {
        try await TestApp.with { app in
            let (g, token) = try await GrievanceFixture.submit(app, title: "<script>alert(1)</script> 인허가")
            let tracked = try await WebClient(app).get("/grievances/track/\(token)")
            #expect(tracked.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; 인허가"))
            #expect(!tracked.body.contains("<script>alert(1)"))
            let op = try await GrievanceFixture.signedIn(app, "staff@sbiz.example", role: .operator)
            let page = try await op.get("/grievances/\(try g.requireID())")
            #expect(!page.body.contains("<script>alert(1)"))
        }
    }

    @Test("a signed-in member uses the same form; the case records who sent it")
    func memberIntake() async throws {
        try await TestApp.with { app in
            let member = try await GrievanceFixture.signedIn(app, "founder@startup.example")
            let form = try await member.get("/grievances/new")
            #expect(form.body.contains("founder@startup.example"))
            let page = try await member.post("/grievances", GrievanceFixture.form())
            #expect(page.status == .created)
            let g = try #require(try await Grievance.query(on: app.db).first())
            #expect(g.submitterID != nil)
        }
    }

    @Test("attachments: a PDF is kept, an executable or a renamed file is refused, more than 10 MB is refused")
    func attachments() async throws {
        try await TestApp.with { app in
            let client = try await GrievanceFixture.visitor(app)
            let pdf = Array("%PDF-1.7\n1 0 obj\n".utf8) + [UInt8](repeating: 0x20, count: 100)
            var page = try await client.upload("/grievances", fields: GrievanceFixture.form(), fileField: "attachments[]", fileName: "공문.pdf", bytes: pdf)
            #expect(page.status == .created)
            let stored = try await GrievanceAttachment.query(on: app.db).all()
            #expect(stored.count == 1 && stored.first?.kind == "pdf" && stored.first?.originalName == "공문.pdf")

            page = try await client.upload("/grievances", fields: GrievanceFixture.form("exe"), fileField: "attachments[]", fileName: "run.pdf", bytes: [0x4D, 0x5A, 0x90, 0x00])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("올릴 수 없는 형식"))

            let big = Array("%PDF-1.7\n".utf8) + [UInt8](repeating: 0x20, count: 10 * 1024 * 1024)
            page = try await client.upload("/grievances", fields: GrievanceFixture.form("big"), fileField: "attachments[]", fileName: "big.pdf", bytes: big)
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("10MB를 넘습니다"))
            #expect(try await Grievance.query(on: app.db).count() == 1)
        }
    }
}

@Suite("Grievance form is reachable from every page")
struct GrievanceLinkTests {
    @Test("visitors and members find 규제·애로 신고 in the header; operators have their case list instead")
    func headerLink() async throws {
        try await TestApp.with { app in
            let visitor = WebClient(app)
            var page = try await visitor.get("/calls")
            #expect(page.body.contains("href=\"/grievances/new\""))
            #expect(page.body.contains("규제·애로 신고"))
            let startup = try await TestApp.organization(app, name: "링크시험", kind: .startup)
            try await TestApp.user(app, email: "link@test.example", organization: startup)
            try await TestApp.user(app, email: "op-link@test.example", role: .operator)
            let member = WebClient(app)
            try await member.login("link@test.example")
            page = try await member.get("/dashboard")
            #expect(page.body.contains("href=\"/grievances/new\""))
            let op = WebClient(app)
            try await op.login("op-link@test.example")
            page = try await op.get("/dashboard")
            #expect(!page.body.contains("href=\"/grievances/new\""))
            #expect(page.body.contains("href=\"/grievances\""))
        }
    }
}
