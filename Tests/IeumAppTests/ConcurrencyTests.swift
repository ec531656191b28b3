import Fluent
import Foundation
import IeumCore
import NIOCore
import NIOHTTP1
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// Once-only rules and sequence numbers under requests that really arrive at the same moment:
/// every test fires its requests (or service calls) together in a task group, on in-memory SQLite
/// and on PostgreSQL (`IEUM_TEST_DATABASE_URL`), and checks that nobody gets a 5xx, that exactly one
/// (or exactly the cap) wins, and that nothing is half-written.
@Suite("Concurrency: once-only rules and sequence numbers backed by the database")
struct ConcurrencyTests {
    /// How a call ended, as the person would see it.
    enum Outcome: Equatable, CustomStringConvertible {
        case ok
        case refused(UInt)  // a 4xx answer
        case failed(String)  // a 5xx answer: never allowed

        var description: String {
            switch self {
            case .ok: "ok"
            case .refused(let code): "\(code)"
            case .failed(let text): "5xx: \(text)"
            }
        }
    }

    /// Runs `body` and says how the error middleware would answer what it threw.
    static func outcome(_ body: () async throws -> Void) async -> Outcome {
        do {
            try await body()
            return .ok
        } catch {
            let (status, _, _) = IeumErrorMiddleware().classify(error, language: .ko)
            return status.code >= 500 ? .failed(String(describing: error)) : .refused(status.code)
        }
    }

    /// `count` runs of `body`, all started at once.
    static func race<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
        try await withThrowingTaskGroup(of: T.self) { group in
            for n in 0..<count { group.addTask { try await body(n) } }
            return try await group.reduce(into: [T]()) { $0.append($1) }
        }
    }

    /// Another handle on the same browser (its cookies and CSRF token), for requests sent at once.
    static func copy(_ client: WebClient) -> WebClient {
        let other = WebClient(client.app)
        other.cookies = client.cookies
        other.csrf = client.csrf
        return other
    }

    static func expectNoServerErrors(_ outcomes: [Outcome], sourceLocation: SourceLocation = #_sourceLocation) {
        let failures = outcomes.filter { if case .failed = $0 { true } else { false } }
        #expect(failures.isEmpty, "5xx answers: \(failures.prefix(3))", sourceLocation: sourceLocation)
    }

    // MARK: Sequence numbers

    @Test("30 members filing grievances at once all get receipts, numbered 1…30 without a collision or a gap")
    func receiptNumbers() async throws {
        try await TestApp.with { app in
            var clients: [WebClient] = []
            for n in 0..<30 {
                clients.append(try await GrievanceFixture.signedIn(app, "filer\(n)@test.example"))
                _ = try await clients[n].get("/grievances/new")
            }
            let all = clients
            let statuses = try await Self.race(all.count) { n in
                try await all[n].post("/grievances", GrievanceFixture.form("동시 접수 \(n)")).status
            }
            #expect(statuses.allSatisfy { $0 == .created }, "\(statuses.map(\.code))")
            let stored = try await Grievance.query(on: app.db).all()
            #expect(stored.map(\.receiptSequence).sorted() == Array(1...30))
            #expect(Set(stored.map(\.receiptNumber)).count == 30)
            // every case is whole: its history line is there
            #expect(try await GrievanceEvent.query(on: app.db).filter(\.$kind == "received").count() == 30)
        }
    }

    @Test("one address sending 15 grievances at once gets exactly its hourly 5 without a question; the others are asked one; the numbers stay gap-free")
    func receiptRateCap() async throws {
        try await TestApp.with { app in
            var visitors: [WebClient] = []
            for _ in 0..<15 { visitors.append(try await GrievanceFixture.visitor(app)) }
            let all = visitors
            let statuses = try await Self.race(15) { n in
                try await all[n].post("/grievances", GrievanceFixture.form("한 주소 \(n)")).status
            }
            #expect(statuses.filter { $0 == .created }.count == GrievanceLimits.publicPerHour)
            // the rest are not refused but asked to answer a question (GrievanceChallenge)
            #expect(statuses.filter { $0 == .ok }.count == 15 - GrievanceLimits.publicPerHour, "\(statuses.map(\.code))")
            let stored = try await Grievance.query(on: app.db).all()
            #expect(stored.map(\.receiptSequence).sorted() == Array(1...GrievanceLimits.publicPerHour))
            // the next one (an hour later) takes the next number
            app.clock = AppClock { TestApp.now.addingTimeInterval(3_601) }
            let next = try await all[0].post("/grievances", GrievanceFixture.form("한 시간 뒤"))
            #expect(next.status == .created)
            #expect(try await Grievance.query(on: app.db).filter(\.$title == "한 시간 뒤").first()?.receiptSequence == GrievanceLimits.publicPerHour + 1)
        }
    }

    @Test("sequence counters: 40 transactions at once take 1…40; a rolled-back transaction gives its number back")
    func counters() async throws {
        try await TestApp.with { app in
            let numbers = try await Self.race(40) { _ in
                try await app.db.transaction { tx in try await OnceOnly.next("test-counter", on: tx) }
            }
            #expect(numbers.sorted() == Array(1...40))
            struct Rollback: Error {}
            await #expect(throws: Rollback.self) {
                try await app.db.transaction { tx in
                    _ = try await OnceOnly.next("test-counter", on: tx)
                    throw Rollback()
                }
            }
            #expect(try await app.db.transaction { tx in try await OnceOnly.next("test-counter", on: tx) } == 41)
        }
    }

    // MARK: Status steps

    @Test("a grievance resolved and declined by 24 staff at once takes exactly one step, with one history line and one mail")
    func grievanceSteps() async throws {
        try await TestApp.with { app in
            try await TestApp.user(app, email: "staff@test.example", role: .operator)
            let staff = try await User.query(on: app.db).filter(\.$email == "staff@test.example").first()!.actor(on: app.db)
            let (g, _) = try await GrievanceFixture.submit(app)
            let id = try g.requireID()
            _ = try await GrievanceService.classify(id, as: .simple, businessDays: false, target: "", by: staff, on: app.db, now: TestApp.now)
            let mailsBefore = try await OutboxMail.query(on: app.db).count()
            let outcomes = try await Self.race(24) { n in
                await Self.outcome {
                    _ = try await GrievanceService.perform(n % 2 == 0 ? .resolve : .reject, on: id, note: "처리 \(n)", agency: "",
                                                           by: staff, on: app.db, now: TestApp.now)
                }
            }
            Self.expectNoServerErrors(outcomes)
            #expect(outcomes.filter { $0 == .ok }.count == 1, "\(outcomes)")
            let stored = try #require(try await Grievance.find(id, on: app.db))
            #expect(stored.status == .resolved || stored.status == .rejected)
            #expect(try await GrievanceEvent.query(on: app.db).filter(\.$grievance.$id == id).filter(\.$kind ~~ ["resolve", "reject"]).count() == 1)
            #expect(try await OutboxMail.query(on: app.db).count() == mailsBefore + 1)
        }
    }

    @Test("a need closed by 20 requests at once is closed once, with one history line")
    func needSteps() async throws {
        try await TestApp.with { app in
            let f = try await NeedFixture.make(app)
            let id = try f.need.requireID()
            let op = try await NeedFixture.actor(app, .operator)
            let owner = try await NeedFixture.actor(app, .needOrganization)
            let outcomes = try await Self.race(20) { n in
                await Self.outcome {
                    _ = try await NeedService.perform(.close, on: id, by: n % 2 == 0 ? op : owner, on: app.db, now: TestApp.now)
                }
            }
            Self.expectNoServerErrors(outcomes)
            #expect(outcomes.filter { $0 == .ok }.count == 1, "\(outcomes)")
            #expect(try await Need.find(id, on: app.db)?.status == .closed)
            #expect(try await NeedEvent.query(on: app.db).filter(\.$need.$id == id).filter(\.$toStatus == .closed).count() == 1)
        }
    }

    @Test("the need's pledge sent 20 times at once by one person is recorded once, without an error")
    func needPledge() async throws {
        try await TestApp.with { app in
            let f = try await NeedFixture.make(app)
            let id = try f.need.requireID()
            let other = try await NeedFixture.actor(app, .otherStartup)
            let outcomes = try await Self.race(20) { _ in
                await Self.outcome { try await NeedService.pledge(id, by: other, on: app.db, now: TestApp.now) }
            }
            #expect(outcomes.allSatisfy { $0 == .ok }, "\(outcomes)")
            #expect(try await NeedPledge.query(on: app.db).filter(\.$need.$id == id).filter(\.$userID == other.userID).count() == 1)
        }
    }

    @Test("a withdrawal and reviews of one application at the same moment: exactly one goes through")
    func withdrawalRacesReview() async throws {
        try await TestApp.with { app in
            let f = try await NeedFixture.make(app)
            let id = try f.application.requireID()
            let applicant = try await NeedFixture.actor(app, .applicant)
            let owner = try await NeedFixture.actor(app, .needOrganization)
            let outcomes = try await Self.race(20) { n in
                await Self.outcome {
                    if n % 2 == 0 {
                        _ = try await ApplicationService.withdraw(id, by: applicant, on: app.db, now: TestApp.now)
                    } else {
                        _ = try await ApplicationService.review(id, to: .shortlisted, reason: "", by: owner, on: app.db, now: TestApp.now)
                    }
                }
            }
            Self.expectNoServerErrors(outcomes)
            #expect(outcomes.filter { $0 == .ok }.count == 1, "\(outcomes)")
            let stored = try #require(try await NeedApplication.find(id, on: app.db))
            #expect(stored.status == .withdrawn || stored.status == .shortlisted)
            #expect(try await ApplicationEvent.query(on: app.db).filter(\.$application.$id == id).filter(\.$toStatus ~~ [.withdrawn, .shortlisted]).count() == 1)
        }
    }

    // MARK: Caps

    @Test("25 files attached to one draft application at once: exactly the cap is kept, no stray file on disk")
    func attachmentCap() async throws {
        try await TestApp.with { app in
            let f = try await NeedFixture.make(app)
            let needID = try f.need.requireID()
            let other = try await NeedFixture.actor(app, .otherStartup)
            try await NeedService.pledge(needID, by: other, on: app.db, now: TestApp.now)
            let draft = try await ApplicationService.start(needID: needID, by: other, on: app.db, now: TestApp.now)
            let id = try draft.requireID()
            let directory = app.fileStore
            let outcomes = try await Self.race(25) { n in
                await Self.outcome {
                    _ = try await ApplicationService.attach(id, fileName: "제안서\(n).pdf", bytes: NeedFixture.pdf, by: other, on: app.db,
                                                            files: directory, now: TestApp.now)
                }
            }
            Self.expectNoServerErrors(outcomes)
            #expect(outcomes.filter { $0 == .ok }.count == ApplicationService.maxAttachments, "\(outcomes)")
            #expect(outcomes.filter { $0 == .refused(422) }.count == 25 - ApplicationService.maxAttachments)
            #expect(try await ProposalAttachment.query(on: app.db).filter(\.$application.$id == id).count() == ApplicationService.maxAttachments)
            // the fixture's own application has one file; every other stored file belongs to a recorded attachment
            let files = try await StoredFile.query(on: app.db).filter(\.$folder == StoredFolder.attachments.rawValue).count()
            #expect(files == ApplicationService.maxAttachments + 1)
        }
    }

    @Test("meeting requests: 24 at once to different participants stop at the sender's cap; 20 at once between one pair make one request")
    func meetingRequests() async throws {
        try await TestApp.with { app in
            let f = try await MeetingFixture.make(app, cap: 3)
            let event = f.event
            let op = try await f.op(app)
            // more participants for S1 to ask
            var targets: [EventParticipant] = []
            for n in 0..<8 {
                let org = try await TestApp.organization(app, name: "상담바이어\(n)", kind: .demand)
                targets.append(try await MeetingService.addParticipant(event, organizationID: org.id, role: .buyer, by: op, on: app.db, now: TestApp.now))
            }
            let s1 = try await f.actor(app, f.s1)
            let all = targets
            let capped = try await Self.race(24) { n in
                await Self.outcome {
                    _ = try await MeetingService.sendRequest(event, to: all[n % all.count].id, message: "안녕하세요 \(n)", by: s1, on: app.db, now: TestApp.now)
                }
            }
            Self.expectNoServerErrors(capped)
            #expect(capped.filter { $0 == .ok }.count == 3, "\(capped)")
            #expect(try await EventRequest.query(on: app.db).filter(\.$from.$id == f.s1.requireID()).count() == 3)

            // S2 and I1 ask each other at the same moment, ten times each
            let s2 = try await f.actor(app, f.s2)
            let i1 = try await f.actor(app, f.i1)
            let (s2ID, i1ID) = (try f.s2.requireID(), try f.i1.requireID())
            let paired = try await Self.race(20) { n in
                await Self.outcome {
                    if n % 2 == 0 {
                        _ = try await MeetingService.sendRequest(event, to: i1ID, message: "", by: s2, on: app.db, now: TestApp.now)
                    } else {
                        _ = try await MeetingService.sendRequest(event, to: s2ID, message: "", by: i1, on: app.db, now: TestApp.now)
                    }
                }
            }
            Self.expectNoServerErrors(paired)
            let between = try await EventRequest.query(on: app.db)
                .group(.or) { or in
                    or.group(.and) { $0.filter(\.$from.$id == s2ID).filter(\.$to.$id == i1ID) }
                    or.group(.and) { $0.filter(\.$from.$id == i1ID).filter(\.$to.$id == s2ID) }
                }.all()
            // one request, which the other side's request made mutual and accepted, with one meeting
            #expect(between.count == 1, "\(between.map { "\($0.status)" })")
            #expect(between.first?.status == .accepted && between.first?.mutual == true)
            #expect(paired.filter { $0 == .ok }.count == 2, "\(paired)")
            #expect(try await Meeting.query(on: app.db).filter(\.$request.$id == between[0].requireID()).count() == 1)
        }
    }

    @Test("a meeting request withdrawn while it is accepted: one of the two happens, and a meeting exists only if accepted")
    func meetingWithdrawRacesAccept() async throws {
        try await TestApp.with { app in
            let f = try await MeetingFixture.make(app)
            let s1 = try await f.actor(app, f.s1)
            let b1 = try await f.actor(app, f.b1)
            let request = try await MeetingService.sendRequest(f.event, to: f.b1.id, message: "", by: s1, on: app.db, now: TestApp.now)
            let id = try request.requireID()
            let outcomes = try await Self.race(20) { n in
                await Self.outcome {
                    if n % 2 == 0 {
                        try await MeetingService.withdraw(f.event, requestID: id, by: s1, on: app.db, now: TestApp.now)
                    } else {
                        try await MeetingService.respond(f.event, requestID: id, accept: true, by: b1, on: app.db, now: TestApp.now)
                    }
                }
            }
            Self.expectNoServerErrors(outcomes)
            #expect(outcomes.filter { $0 == .ok }.count == 1, "\(outcomes)")
            let stored = try #require(try await EventRequest.find(id, on: app.db))
            let meetings = try await Meeting.query(on: app.db).filter(\.$request.$id == id).count()
            #expect(stored.status == .accepted ? meetings == 1 : (stored.status == .withdrawn && meetings == 0))
        }
    }

    // MARK: Evaluations

    @Test("the judge's pledge sent 20 times at once is recorded once, with the declared conflict once")
    func judgePledge() async throws {
        try await TestApp.with { app in
            let f = try await EvaluationFixture.make(app)
            try await f.prepare(app)
            let judge = try await f.judge(app, 0)
            let expertID = try f.experts[0].requireID()
            let mine = try await RoundAssignment.query(on: app.db).filter(\.$expert.$id == expertID).all()
            let declared = try #require(mine.first).$entry.id
            let round = f.round
            let outcomes = try await Self.race(20) { _ in
                await Self.outcome { try await EvaluationService.pledge(round, declared: [declared], agreed: true, by: judge, on: app.db, now: TestApp.now) }
            }
            Self.expectNoServerErrors(outcomes)
            #expect(outcomes.filter { $0 == .ok }.count == 1, "\(outcomes)")
            #expect(try await EvaluationConflict.query(on: app.db).filter(\.$expert.$id == expertID).filter(\.$source == "declared").count() == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "round.pledge").count() == 1)
        }
    }

    // MARK: Networks

    @Test("two chairs added at once: one chair per network; 20 join requests at once from one organisation leave one pending")
    func networkRules() async throws {
        try await TestApp.with { app in
            let f = try await NetworkFixture.make(app)
            let op = try await NetworkFixture.actor(app, NetworkFixture.op)
            let network = f.network
            // the fixture has a chair: step it down, then add chairs from 20 new organisations at once
            let chair = try #require(try await NetworkMember.query(on: app.db).filter(\.$network.$id == network.requireID()).filter(\.$role == .chair).first())
            chair.role = .steering
            try await chair.save(on: app.db)
            var candidates: [UUID] = []
            for n in 0..<20 { candidates.append(try await TestApp.organization(app, name: "위원장후보\(n)", kind: .startup).requireID()) }
            let all = candidates
            let chairs = try await Self.race(20) { n in
                await Self.outcome {
                    _ = try await NetworkService.addMember(network, organizationID: all[n], expertID: nil, role: .chair, termEnd: nil, by: op, on: app.db, now: TestApp.now)
                }
            }
            Self.expectNoServerErrors(chairs)
            #expect(chairs.filter { $0 == .ok }.count == 1, "\(chairs)")
            #expect(try await NetworkMember.query(on: app.db).filter(\.$network.$id == network.requireID()).filter(\.$role == .chair).count() == 1)

            // the outsider's organisation asks to join twenty times at once
            let outsiderOrg = try #require(f.orgs.last)
            let outsider = try await NetworkFixture.actor(app, "net-outsider@test.example")
            let requests = try await Self.race(20) { n in
                await Self.outcome {
                    try await NetworkService.requestJoin(network, organizationID: outsiderOrg.id, message: "가입 \(n)", by: outsider, on: app.db, now: TestApp.now)
                }
            }
            Self.expectNoServerErrors(requests)
            #expect(requests.filter { $0 == .ok }.count == 1, "\(requests)")
            let pending = try await NetworkJoinRequest.query(on: app.db).filter(\.$organization.$id == outsiderOrg.requireID()).all()
            #expect(pending.count == 1)

            // and two officers approve it at the same moment: one membership
            let requestID = try pending[0].requireID()
            let decisions = try await Self.race(10) { _ in
                await Self.outcome { try await NetworkService.decideJoin(network, requestID: requestID, approve: true, by: op, on: app.db, now: TestApp.now) }
            }
            Self.expectNoServerErrors(decisions)
            #expect(decisions.filter { $0 == .ok }.count == 1, "\(decisions)")
            #expect(try await NetworkMember.query(on: app.db).filter(\.$organization.$id == outsiderOrg.requireID()).count() == 1)
        }
    }

    // MARK: Import and the API

    @Test("an import confirmed 12 times at once (a double click) is written once; the others are told, none gets a 5xx")
    func importConfirm() async throws {
        try await TestApp.with { app in
            try await TestApp.user(app, email: "op@ieum.test", role: .operator)
            let web = WebClient(app)
            try await web.login("op@ieum.test")
            _ = try await web.get("/admin/import")
            // rows without a business number or an id would be created twice by a second confirmation
            let rows = (1...3).map { ImportTests.row("동시가져오기\($0)", TestApp.businessNumber(100 + $0)) }
            let preview = try await web.upload("/admin/import", fields: [("kind", "startups")], fileField: "file", fileName: "명단.csv",
                                               bytes: Array(ImportTests.csv(rows).utf8))
            #expect(preview.status == .ok)
            // one browser, its confirm button clicked twelve times: the same session and token each time
            let clicks = (0..<12).map { _ in Self.copy(web) }
            let statuses = try await Self.race(12) { n in try await clicks[n].post("/admin/import/confirm", []).status }
            #expect(statuses.allSatisfy { $0.code < 500 }, "\(statuses.map(\.code))")
            #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses.map(\.code))")
            #expect(try await Organization.query(on: app.db).filter(\.$name =~ "동시가져오기").count() == 3)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "organization.import").count() == 1)
        }
    }

    @Test("a duplicate externalId through the API is a 422 field error, also when 12 programs send it at once")
    func duplicateExternalID() async throws {
        try await TestApp.with { app in
            let f = try await APITests.fixture(app)
            func body(_ n: Int) -> String {
                #"{"kind":"startup","name":"외부연동\#(n)","externalId":"EXT-0001","stage":"seed","fields":["ai"]}"#
            }
            let first = try await APITests.call(app, .POST, "/api/v1/organizations", token: f.operatorToken, json: body(0))
            #expect(first.status == .created)
            let again = try await APITests.call(app, .POST, "/api/v1/organizations", token: f.operatorToken, json: body(1))
            #expect(again.status == .unprocessableEntity)
            let errors = try #require(again.json["errors"] as? [[String: String]])
            #expect(errors.contains { $0["field"] == "externalId" && $0["message"]!.contains("외부 ID") })
            let english = try await APITests.call(app, .POST, "/api/v1/organizations", token: f.operatorToken, json: body(2), language: "en")
            #expect((english.json["errors"] as? [[String: String]])?.first?["message"]?.contains("external ID") == true)

            // at once, with a new id: one is created, the others get the same field error
            let statuses = try await Self.race(12) { n in
                let json = #"{"kind":"startup","name":"동시연동\#(n)","externalId":"EXT-0002","stage":"seed","fields":["ai"]}"#
                // in memory: the test's real server cannot be started by several requests at once
                var headers = HTTPHeaders()
                headers.bearerAuthorization = .init(token: f.operatorToken)
                headers.contentType = .json
                return try await app.testing().sendRequest(.POST, "/api/v1/organizations", headers: headers, body: ByteBuffer(string: json)).status
            }
            #expect(statuses.filter { $0 == .created }.count == 1, "\(statuses.map(\.code))")
            #expect(statuses.filter { $0 == .unprocessableEntity }.count == 11, "\(statuses.map(\.code))")
            #expect(try await Organization.query(on: app.db).filter(\.$externalID == "EXT-0002").count() == 1)
        }
    }

    @Test("unique violations of both databases are read the same way")
    func uniqueViolationMapping() async throws {
        try await TestApp.with { app in
            let org = try await TestApp.organization(app, name: "중복검사", businessNumber: TestApp.businessNumber(77))
            org.externalID = "DUP-1"
            try await org.save(on: app.db)
            let copy = try await TestApp.organization(app, name: "중복검사2")
            copy.externalID = "DUP-1"
            do {
                try await copy.save(on: app.db)
                Issue.record("the unique index did not refuse the copy")
            } catch {
                #expect(UniqueViolation(error)?.columns == ["external_id"])
                let (status, _, fields) = IeumErrorMiddleware().classify(error, language: .ko)
                #expect(status == .unprocessableEntity)
                #expect(fields?["externalId"] != nil)
            }
            #expect(UniqueViolation(columns: ["network_id"]).answer.0 == .conflict)
        }
    }
}
