import Fluent
import Foundation
import IeumCore
import NIOCore
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// The grievance desk's intake (issue 17, item 8): a shared address is asked a question instead of
/// being locked out, the public channel cannot be burst from many addresses, the desk's telephone is
/// configurable and shown, the follow link is absolute and mailed, and signed-in people list their
/// own cases under "내 신고".
@Suite("Grievance intake limits, receipt and 내 신고")
struct GrievanceDeskLimitsTests {
    /// Posts the form as if from `address` behind a trusted proxy.
    static func post(_ client: WebClient, from address: String, _ fields: [(String, String)]) async throws -> WebClient.Page {
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        headers.replaceOrAdd(name: "X-Forwarded-For", value: address)
        let all = fields + [("_csrf", client.csrf ?? "")]
        let body = all.map { "\(WebClient.encode($0.0))=\(WebClient.encode($0.1))" }.joined(separator: "&")
        return try await client.send(.POST, "/grievances", headers: headers, body: ByteBuffer(string: body))
    }

    static func trustProxy(_ app: Application, phone: String? = nil) {
        var config = app.ieumConfiguration
        config.trustProxy = true
        config.grievancePhone = phone
        app.ieumConfiguration = config
    }

    /// The challenge token and its right answer on a page.
    static func challenge(in body: String, _ app: Application) throws -> (token: String, answer: Int) {
        let start = try #require(body.range(of: "name=\"challenge\" value=\""))
        let token = String(body[start.upperBound...].prefix { $0 != "\"" })
        let nonce = String(token.split(separator: ".").first ?? "")
        let (a, b) = GrievanceChallenge.terms(nonce, secret: app.ieumConfiguration.secret)
        return (token, a + b)
    }

    @Test("a busy shared address answers a question: a wrong answer gets a new one, a right one files the case; another address is not asked")
    func sharedAddressIsChallenged() async throws {
        try await TestApp.with { app in
            // given a market kiosk that filed five cases this hour
            Self.trustProxy(app)
            let kiosk = try await GrievanceFixture.visitor(app)
            for n in 1...GrievanceLimits.publicPerHour {
                #expect(try await Self.post(kiosk, from: "203.0.113.10", GrievanceFixture.form("시장 \(n)")).status == .created)
            }
            // when the sixth person at the kiosk sends one
            let asked = try await Self.post(kiosk, from: "203.0.113.10", GrievanceFixture.form("시장 6"))
            // then a question, not a refusal, and nothing stored
            #expect(asked.status == .ok)
            let first = try Self.challenge(in: asked.body, app)
            #expect(asked.body.contains("더하기"))
            #expect(try await Grievance.query(on: app.db).count() == GrievanceLimits.publicPerHour)
            // a wrong answer is refused with a new question
            let wrong = try await Self.post(kiosk, from: "203.0.113.10", GrievanceFixture.form("시장 6") + [("challenge", first.token), ("answer", String(first.answer + 1))])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.contains("답이 맞지 않습니다"))
            let second = try Self.challenge(in: wrong.body, app)
            #expect(second.token != first.token)
            // the right answer from another address does not count (the token is bound to its address)
            let elsewhere = try await Self.post(kiosk, from: "198.51.100.9", GrievanceFixture.form("다른 곳") + [("challenge", second.token), ("answer", String(second.answer))])
            #expect(elsewhere.status == .unprocessableEntity)
            // the right answer from the kiosk files the case
            let right = try await Self.post(kiosk, from: "203.0.113.10", GrievanceFixture.form("시장 6") + [("challenge", second.token), ("answer", String(second.answer))])
            #expect(right.status == .created)
            // an expired question is refused
            app.clock = AppClock { TestApp.now.addingTimeInterval(GrievanceChallenge.lifetime + 1) }
            let late = try await Self.post(kiosk, from: "203.0.113.10", GrievanceFixture.form("시장 7") + [("challenge", second.token), ("answer", String(second.answer))])
            #expect(late.status == .unprocessableEntity)
            app.clock = AppClock { TestApp.now }
            // a neighbour at another address is not asked
            let neighbour = try await GrievanceFixture.visitor(app)
            #expect(try await Self.post(neighbour, from: "203.0.113.77", GrievanceFixture.form("이웃")).status == .created)
        }
    }

    @Test("the public channel takes 10 a minute from all addresses together: the 11th from a new address gets 429 with Retry-After, and the desk's phone")
    func burstFromManyAddressesIsCapped() async throws {
        try await TestApp.with { app in
            // given ten cases from ten addresses within a minute
            Self.trustProxy(app, phone: "02-2222-3333")
            let client = try await GrievanceFixture.visitor(app)
            for n in 0..<GrievanceLimits.publicPerMinute {
                #expect(try await Self.post(client, from: "192.0.2.\(n + 1)", GrievanceFixture.form("몰림 \(n)")).status == .created)
            }
            // when an eleventh arrives from yet another address
            let busy = try await Self.post(client, from: "192.0.2.200", GrievanceFixture.form("열한 번째"))
            // then
            #expect(busy.status == .tooManyRequests)
            #expect(busy.headers.first(name: .retryAfter) == "60")
            #expect(busy.body.contains("02-2222-3333"))
            #expect(busy.body.contains("열한 번째"), "typed values stay")
            #expect(try await Grievance.query(on: app.db).count() == GrievanceLimits.publicPerMinute)
            // a minute later it is taken
            app.clock = AppClock { TestApp.now.addingTimeInterval(61) }
            #expect(try await Self.post(client, from: "192.0.2.200", GrievanceFixture.form("열한 번째")).status == .created)
        }
    }

    @Test("the desk's telephone shows on the form only when configured; a bad value is refused at start-up by name")
    func phoneIsConfigurable() async throws {
        try await TestApp.with { app in
            let without = try await WebClient(app).get("/grievances/new")
            #expect(!without.body.contains("id=\"grievance-phone\""))
            #expect(!without.body.contains("전화"))
            Self.trustProxy(app, phone: "1357")
            let with = try await WebClient(app).get("/grievances/new")
            #expect(with.body.contains("id=\"grievance-phone\""))
            #expect(with.body.contains("href=\"tel:1357\""))
        }
        #expect(try Configuration.fromEnvironment(["IEUM_GRIEVANCE_PHONE": "02-2222-3333"]).grievancePhone == "02-2222-3333")
        do {
            _ = try Configuration.fromEnvironment(["IEUM_GRIEVANCE_PHONE": "call us"])
            Issue.record("a bad phone was accepted")
        } catch {
            #expect(error.problems.map(\.variable) == ["IEUM_GRIEVANCE_PHONE"])
        }
    }

    @Test("the receipt shows the follow link as an absolute address and mails it to the contact address")
    func receiptLinkIsAbsoluteAndMailed() async throws {
        try await TestApp.with { app in
            // when
            let client = try await GrievanceFixture.visitor(app)
            let receipt = try await client.post("/grievances", GrievanceFixture.form("링크 확인"))
            // then
            #expect(receipt.status == .created)
            let base = app.ieumConfiguration.baseURL.origin
            #expect(receipt.body.contains("href=\"\(base)/grievances/track/"))
            #expect(receipt.body.contains("id=\"track-mailed\""))
            let token = try #require(GrievanceFixture.token(in: receipt.body))
            let mail = try #require(try await OutboxMail.query(on: app.db).filter(\.$toAddress == "ceo@company.example").first())
            #expect(mail.body.contains("\(base)/grievances/track/\(token)"))
            #expect(mail.eraseBodyAfterSend == true)
            // without a contact address nothing is mailed
            let bare = try await client.post("/grievances", GrievanceFixture.form("메일 없음").filter { $0.0 != "contactEmail" })
            #expect(bare.status == .created)
            #expect(!bare.body.contains("id=\"track-mailed\""))
        }
    }

    @Test("내 신고 lists a signed-in person's own cases and opens them; another person's case is 404")
    func myReports() async throws {
        try await TestApp.with { app in
            // given two companies' people filing while signed in
            let mine = try await GrievanceFixture.signedIn(app, "filer@company.example")
            try await mine.get("/grievances/new")
            #expect(try await mine.post("/grievances", GrievanceFixture.form("우리 회사 인허가")).status == .created)
            let other = try await GrievanceFixture.signedIn(app, "other@company.example")
            try await other.get("/grievances/new")
            #expect(try await other.post("/grievances", GrievanceFixture.form("다른 회사 건")).status == .created)
            let theirs = try #require(try await Grievance.query(on: app.db).filter(\.$title == "다른 회사 건").first())
            let own = try #require(try await Grievance.query(on: app.db).filter(\.$title == "우리 회사 인허가").first())
            // when
            let list = try await mine.get("/grievances/mine")
            let opened = try await mine.get("/grievances/mine/\(try own.requireID().uuidString)")
            let foreign = try await mine.get("/grievances/mine/\(try theirs.requireID().uuidString)")
            // then
            #expect(list.status == .ok)
            #expect(list.body.contains("우리 회사 인허가"))
            #expect(!list.body.contains("다른 회사 건"))
            #expect(opened.status == .ok)
            #expect(opened.body.contains(own.receiptNumber))
            #expect(foreign.status == .notFound)
            // a visitor is sent to sign in
            let visitor = WebClient(app)
            let page = try await visitor.get("/grievances/mine")
            #expect(page.status == .seeOther || page.status == .unauthorized)
        }
    }
}
