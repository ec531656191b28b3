import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// A council in a program: chair S1, vice-chair S2, steering S3, member S4, an expert member, a
/// subcommittee 기술교류 chaired by S2 — and an outsider organisation that is not a member.
struct NetworkFixture {
    let network: Network
    let program: Program
    let members: [NetworkMember]
    let orgs: [Organization]
    let subcommittee: Subcommittee
    static let now = TestApp.now
    static let op = "net-op@test.example"

    static func email(_ n: Int) -> String { "net-s\(n)@test.example" }

    static func make(_ app: Application) async throws -> NetworkFixture {
        try await TestApp.user(app, email: op, role: .operator)
        let program = Program()
        program.name = "서울테크밋업 지원사업"
        program.year = 2026
        program.description = ""
        program.tracks = []
        try await program.create(on: app.db)
        let network = Network()
        network.$program.id = program.id
        network.kind = .council
        network.name = "서울테크밋업 협의체"
        network.description = "서울형 R&D 참여 기업의 네트워크"
        network.fields = []
        try await network.create(on: app.db)
        let ai = try #require(try await TechField.query(on: app.db).filter(\.$code == "ai").first())
        let battery = try #require(try await TechField.query(on: app.db).filter(\.$code == "battery-energy").first())
        // Stage, cumulative investment, revenue and main field of S1…S4 (hand-counted in the statistics test).
        let specs: [(Stage?, Int64?, Int64?, TechField?)] = [(.seed, 1_000_000_000, 500_000_000, ai), (.seriesA, 3_000_000_000, 1_200_000_000, ai),
                                                            (.seriesB, 10_000_000_000, 4_000_000_000, battery), (nil, nil, nil, nil)]
        var orgs: [Organization] = []
        for (n, spec) in specs.enumerated() {
            let org = try await TestApp.organization(app, name: "테크밋업\(n + 1)", kind: .startup)
            org.stage = spec.0
            org.investmentKRW = spec.1
            org.revenueKRW = spec.2
            try await org.save(on: app.db)
            if let field = spec.3 {
                let link = OrganizationTechField()
                link.$organization.id = try org.requireID()
                link.$techField.id = try field.requireID()
                link.position = 0
                try await link.create(on: app.db)
            }
            try await TestApp.user(app, email: email(n + 1), organization: org)
            orgs.append(org)
        }
        let outsider = try await TestApp.organization(app, name: "비회원기업", kind: .startup)
        try await TestApp.user(app, email: "net-outsider@test.example", organization: outsider)
        let operatorActor = try await actor(app, op)
        var members: [NetworkMember] = []
        for (org, role) in zip(orgs, [NetworkRole.chair, .viceChair, .steering, .member]) {
            members.append(try await NetworkService.addMember(network, organizationID: org.id, expertID: nil, role: role, termEnd: nil, by: operatorActor, on: app.db, now: now))
        }
        var expertInput = ExpertInput()
        expertInput.name = "윤전문"
        expertInput.email = "yoon@pool.example"
        expertInput.affiliation = "한국전자통신연구원"
        expertInput.sector = ExpertSector.research.rawValue
        expertInput.fields = ["ai"]
        let expert = try await ExpertService.save(expertInput, id: nil, by: operatorActor, on: app.db, now: now)
        members.append(try await NetworkService.addMember(network, organizationID: nil, expertID: expert.id, role: .member, termEnd: nil, by: operatorActor, on: app.db, now: now))
        let sub = try await NetworkService.addSubcommittee(network, name: "기술교류", chairID: members[1].id, memberIDs: [members[3].id!], by: operatorActor, on: app.db, now: now)
        return NetworkFixture(network: network, program: program, members: members, orgs: orgs + [outsider], subcommittee: sub)
    }

    static func actor(_ app: Application, _ email: String) async throws -> IeumApp.Principal {
        guard let user = try await User.query(on: app.db).filter(\.$email == email).first() else { throw Abort(.notFound) }
        return try await user.actor(on: app.db)
    }

    func client(_ app: Application, _ email: String?) async throws -> WebClient {
        let c = WebClient(app)
        if let email { try await c.login(email) }
        return c
    }

    func event(_ app: Application, capacity: Int, membersOnly: Bool = false, startsIn: TimeInterval = 7 * 86_400) async throws -> NetworkEvent {
        try await NetworkService.createEvent(network, kind: .seminar, title: "AI 반도체 세미나", startsAt: Self.now.addingTimeInterval(startsIn),
                                             endsAt: Self.now.addingTimeInterval(startsIn + 7_200), place: "서울창업허브", onlineLink: "", capacity: capacity,
                                             membersOnly: membersOnly, by: try await Self.actor(app, Self.op), on: app.db, now: Self.now)
    }
}

@Suite("Networks and councils")
struct NetworkTests {
    typealias F = NetworkFixture

    @Test("member statistics equal the hand-counted registry: members, stage mix, investment, revenue, by field; CSV export")
    func statistics() async throws {
        try await TestApp.with { app in
            let f = try await F.make(app)
            let stats = try await NetworkService.statistics(f.network, on: app.db)
            #expect(stats.members == 5 && stats.organizations == 4 && stats.experts == 1)
            #expect(stats.investmentKRW == 14_000_000_000)   // 10억 + 30억 + 100억
            #expect(stats.revenueKRW == 5_700_000_000)       // 5억 + 12억 + 40억
            #expect(stats.stages.map(\.stage) == [.seed, .seriesA, .seriesB, nil])
            #expect(stats.stages.map(\.count) == [1, 1, 1, 1])
            let byField = Dictionary(uniqueKeysWithValues: stats.fields.map { ($0.field, $0) })
            let aiName = try #require(try await TechField.query(on: app.db).filter(\.$code == "ai").first()).nameKo
            #expect(byField[aiName]?.members == 2 && byField[aiName]?.investmentKRW == 4_000_000_000 && byField[aiName]?.revenueKRW == 1_700_000_000)
            #expect(byField["미분류"]?.members == 1 && byField["미분류"]?.investmentKRW == 0)
            #expect(stats.fields.first?.field == aiName)
            let member = try await f.client(app, F.email(4))
            let page = try await member.get("/networks/\(f.network.id!.uuidString)/statistics")
            #expect(page.status == .ok)
            #expect(page.body.contains("role=\"img\"") && page.body.contains("140억"))
            let csv = try await member.get("/networks/\(f.network.id!.uuidString)/statistics.csv")
            #expect(csv.status == .ok && csv.body.hasPrefix("\u{FEFF}기술분야,회원사"))
            #expect(csv.body.contains("\(aiName),2,4000000000,1700000000"))
        }
    }

    @Test("members-only pages: a non-member gets 404 on the directory, statistics, exports, members-only events and tasks; joining needs an officer")
    func access() async throws {
        try await TestApp.with { app in
            let f = try await F.make(app)
            let id = f.network.id!.uuidString
            let closed = try await f.event(app, capacity: 10, membersOnly: true)
            let outsider = try await f.client(app, "net-outsider@test.example")
            let overview = try await outsider.get("/networks/\(id)")
            #expect(overview.status == .ok)
            #expect(overview.body.contains("테크밋업1") && !overview.body.contains("테크밋업4") && !overview.body.contains("AI 반도체 세미나"))
            for path in ["/networks/\(id)/members", "/networks/\(id)/statistics", "/networks/\(id)/statistics.csv", "/networks/\(id)/statistics.xlsx",
                         "/networks/\(id)/events/\(closed.id!.uuidString)"] {
                #expect(try await outsider.get(path).status == .notFound, "\(path)")
            }
            _ = try await outsider.get("/networks/\(id)")
            #expect(try await outsider.post("/networks/\(id)/events/\(closed.id!.uuidString)/register", []).status == .notFound)
            #expect(try await EventRegistration.query(on: app.db).count() == 0)
            #expect(try await WebClient(app).get("/networks/\(id)/members").status == .seeOther)
            // The outsider asks to join; a plain member may not approve (403); the chair does.
            _ = try await outsider.post("/networks/\(id)/join", [("organizationID", f.orgs[4].id!.uuidString), ("message", "가입 희망")])
            let request = try #require(try await NetworkJoinRequest.query(on: app.db).first())
            let plain = try await F.actor(app, F.email(4))
            do {
                try await NetworkService.decideJoin(f.network, requestID: request.id, approve: true, by: plain, on: app.db, now: F.now)
                Issue.record("a plain member must not approve")
            } catch IeumError.forbidden {}
            try await NetworkService.decideJoin(f.network, requestID: request.id, approve: true, by: try await F.actor(app, F.email(1)), on: app.db, now: F.now)
            #expect(try await outsider.get("/networks/\(id)/members").status == .ok)
            #expect(try await outsider.get("/networks/\(id)/events/\(closed.id!.uuidString)").status == .ok)
        }
    }

    @Test("registration: seats then the waitlist in order; a cancellation promotes the first waiting person and tells them; check-in; held events in the KPI")
    func waitlist() async throws {
        try await TestApp.with { app in
            let f = try await F.make(app)
            let event = try await f.event(app, capacity: 2)
            var people: [IeumApp.Principal] = []
            for n in 1...4 { people.append(try await F.actor(app, F.email(n))) }
            var statuses: [RegistrationStatus] = []
            for (i, p) in people.prefix(3).enumerated() {
                statuses.append(try await NetworkService.register(f.network, eventID: event.id, by: p, on: app.db, now: F.now.addingTimeInterval(Double(i))).status)
            }
            #expect(statuses == [.registered, .registered, .waitlisted])
            _ = try await NetworkService.register(f.network, eventID: event.id, by: people[3], on: app.db, now: F.now.addingTimeInterval(10))
            await #expect(throws: IeumError.self) { _ = try await NetworkService.register(f.network, eventID: event.id, by: people[0], on: app.db, now: F.now) }
            // The second seat frees: the first waiting (S3, earlier than S4) gets it and an inbox message.
            let promoted = try await NetworkService.cancelRegistration(f.network, eventID: event.id, by: people[1], on: app.db, now: F.now.addingTimeInterval(20))
            #expect(promoted?.$user.id == people[2].userID)
            let rows = try await EventRegistration.query(on: app.db).filter(\.$event.$id == event.requireID()).all()
            let seated = Set(rows.filter { $0.status == .registered }.map { $0.$user.id })
            let expected: Set<UUID> = [people[0].userID, people[2].userID]
            #expect(seated == expected)
            #expect(rows.first { $0.$user.id == people[3].userID }?.status == .waitlisted)
            #expect(try await InboxMessage.query(on: app.db).filter(\.$userID == people[2].userID).count() == 1)
            // A waitlisted person cancelling frees nothing.
            #expect(try await NetworkService.cancelRegistration(f.network, eventID: event.id, by: people[3], on: app.db, now: F.now) == nil)
            // Check-in at the door: from an hour before the start, registered people only, by an officer.
            let op = try await F.actor(app, F.op)
            let seat = try #require(try await EventRegistration.query(on: app.db).filter(\.$event.$id == event.requireID()).filter(\.$user.$id == people[2].userID).first())
            let waiting = try #require(try await EventRegistration.query(on: app.db).filter(\.$event.$id == event.requireID()).filter(\.$user.$id == people[3].userID).first())
            await #expect(throws: IeumError.self) { try await NetworkService.checkIn(f.network, eventID: event.id, registrationID: seat.id, by: op, on: app.db, now: F.now) }
            let door = event.startsAt.addingTimeInterval(-600)
            await #expect(throws: IeumError.self) { try await NetworkService.checkIn(f.network, eventID: event.id, registrationID: waiting.id, by: op, on: app.db, now: door) }
            await #expect(throws: IeumError.self) { try await NetworkService.checkIn(f.network, eventID: event.id, registrationID: seat.id, by: people[3], on: app.db, now: door) }
            try await NetworkService.checkIn(f.network, eventID: event.id, registrationID: seat.id, by: op, on: app.db, now: door)
            #expect(try await EventRegistration.find(seat.requireID(), on: app.db)?.attendedAt == door)
            // Held: counted in the program's 행사 개최 for 2026, with attendance and minutes for members.
            await #expect(throws: IeumError.self) { try await NetworkService.markHeld(f.network, eventID: event.id, minutes: "", attended: [], by: op, on: app.db, now: F.now) }
            let first = try #require(rows.first { $0.$user.id == people[0].userID })
            try await NetworkService.markHeld(f.network, eventID: event.id, minutes: "AI 반도체 공동 과제 논의", attended: [first.id!, seat.id!], by: op, on: app.db,
                                              now: event.startsAt.addingTimeInterval(3_600))
            let calculator = try await KPIService.report(for: [f.program], on: app.db)
            let year = DateInterval(start: SeoulTime.parse("2026-01-01 00:00")!, end: SeoulTime.parse("2027-01-01 00:00")!)
            #expect(calculator.actual(.eventsHeld, in: year) == 1)
            let page = try await f.client(app, F.email(3)).get("/networks/\(f.network.id!.uuidString)/events/\(event.id!.uuidString)")
            #expect(page.body.contains("AI 반도체 공동 과제 논의") && page.body.contains("참석 2명"))
        }
    }

    @Test("materials: officers upload (content-checked), members download, everyone else gets 404; events held per year on the page")
    func materials() async throws {
        try await TestApp.with { app in
            let f = try await F.make(app)
            let event = try await f.event(app, capacity: 20)
            let chair = try await F.actor(app, F.email(1)), plain = try await F.actor(app, F.email(4))
            let dir = app.fileStore
            let pdf = NeedFixture.pdf
            await #expect(throws: IeumError.self) {
                _ = try await NetworkService.addMaterial(f.network, eventID: event.id, fileName: "slides.pdf", bytes: pdf, by: plain, on: app.db, files: dir, now: F.now)
            }
            await #expect(throws: IeumError.self) {
                _ = try await NetworkService.addMaterial(f.network, eventID: event.id, fileName: "virus.pdf", bytes: Array("MZ\u{90}\u{00}binary".utf8), by: chair, on: app.db, files: dir, now: F.now)
            }
            let m = try await NetworkService.addMaterial(f.network, eventID: event.id, fileName: "발표자료.pdf", bytes: pdf, by: chair, on: app.db, files: dir, now: F.now)
            #expect(try await NetworkEventMaterial.query(on: app.db).count() == 1)
            let path = "/networks/\(f.network.id!.uuidString)/events/\(event.id!.uuidString)/materials/\(m.id!.uuidString)"
            let member = try await f.client(app, F.email(4))
            let got = try await member.get(path)
            #expect(got.status == .ok && got.body.hasPrefix("%PDF"))
            #expect(try await f.client(app, "net-outsider@test.example").get(path).status == .notFound)
            #expect(try await WebClient(app).get(path).status == .seeOther)
            // Held events per year on the overview.
            try await NetworkService.markHeld(f.network, eventID: event.id, minutes: "", attended: [], by: try await F.actor(app, F.op), on: app.db,
                                              now: event.startsAt.addingTimeInterval(60))
            let page = try await member.get("/networks/\(f.network.id!.uuidString)")
            #expect(page.body.contains("개최 실적: 2026년 1회"))
        }
    }

    @Test("concurrent registrations never overbook (simultaneous on PostgreSQL)")
    func concurrentRegistrations() async throws {
        try await TestApp.with { app in
            let f = try await F.make(app)
            let event = try await f.event(app, capacity: 3)
            var actors: [IeumApp.Principal] = []
            for n in 0..<10 {
                let email = "crowd\(n)@test.example"
                try await TestApp.user(app, email: email)
                actors.append(try await F.actor(app, email))
            }
            let network = f.network
            let all = actors
            let results = try await TestApp.atOnce(10) { i -> RegistrationStatus? in
                try? await NetworkService.register(network, eventID: event.id, by: all[i], on: app.db, now: F.now.addingTimeInterval(Double(i))).status
            }
            let rows = try await EventRegistration.query(on: app.db).filter(\.$event.$id == event.requireID()).all()
            #expect(rows.filter { $0.status == .registered }.count == 3)
            #expect(rows.count == results.compactMap { $0 }.count)
            #expect(rows.filter { $0.status == .waitlisted }.count == rows.count - 3)
            // Cancellations at once promote exactly as many as they free.
            let registered = rows.filter { $0.status == .registered }.map { r in all.first { $0.userID == r.$user.id }! }
            _ = try await TestApp.atOnce(registered.count) { i in
                try? await NetworkService.cancelRegistration(network, eventID: event.id, by: registered[i], on: app.db, now: F.now.addingTimeInterval(100))
            }
            let after = try await EventRegistration.query(on: app.db).filter(\.$event.$id == event.requireID()).all()
            #expect(after.filter { $0.status == .registered }.count == min(3, rows.count - 3))
        }
    }

    @Test("joint tasks: proposal → the subcommittee chair endorses → the operator reviews → recognised with an incentive; each step only by its person")
    func jointTasks() async throws {
        try await TestApp.with { app in
            let f = try await F.make(app)
            let s4 = try await F.actor(app, F.email(4)), s2 = try await F.actor(app, F.email(2)), s3 = try await F.actor(app, F.email(3))
            let op = try await F.actor(app, F.op)
            await #expect(throws: IeumError.self) {
                _ = try await NetworkService.proposeTask(f.network, title: "", summary: "", partners: "", subcommitteeID: nil, by: s4, on: app.db, now: F.now)
            }
            let outsider = try await F.actor(app, "net-outsider@test.example")
            await #expect(throws: IeumError.self) {
                _ = try await NetworkService.proposeTask(f.network, title: "x", summary: "y", partners: "", subcommitteeID: nil, by: outsider, on: app.db, now: F.now)
            }
            let task = try await NetworkService.proposeTask(f.network, title: "AI 반도체 공동 R&D 과제", summary: "엣지 NPU 실증", partners: "테크밋업2, 테크밋업4",
                                                            subcommitteeID: f.subcommittee.id, by: s4, on: app.db, now: F.now)
            do { try await NetworkService.advanceTask(f.network, taskID: task.id, to: .endorsed, note: "", by: s3, on: app.db, now: F.now); Issue.record("not the chair") }
            catch IeumError.forbidden {}
            try await NetworkService.advanceTask(f.network, taskID: task.id, to: .endorsed, note: "", by: s2, on: app.db, now: F.now)
            do { try await NetworkService.advanceTask(f.network, taskID: task.id, to: .reviewed, note: "", by: s2, on: app.db, now: F.now); Issue.record("not the operator") }
            catch IeumError.forbidden {}
            try await NetworkService.advanceTask(f.network, taskID: task.id, to: .reviewed, note: "", by: op, on: app.db, now: F.now)
            await #expect(throws: IeumError.self) { try await NetworkService.advanceTask(f.network, taskID: task.id, to: .recognised, note: "", by: op, on: app.db, now: F.now) }
            try await NetworkService.advanceTask(f.network, taskID: task.id, to: .recognised, note: "서울형 R&D 가점 5점", by: op, on: app.db, now: F.now)
            let stored = try #require(try await JointTask.find(task.requireID(), on: app.db))
            #expect(stored.status == .recognised && stored.incentive == "서울형 R&D 가점 5점" && stored.history.count == 4)
            let collaboration = try await CollaborationService.createDirect(title: "AI 반도체 공동 실증", programID: f.program.id, startupID: f.orgs[3].requireID(),
                                                                             demandID: nil, investorID: nil, by: op, on: app.db, now: F.now)
            try await NetworkService.linkCollaboration(f.network, taskID: task.id, collaborationID: collaboration.id, by: op, on: app.db, now: F.now)
            #expect(try await JointTask.find(task.requireID(), on: app.db)?.$collaboration.id == collaboration.id)
        }
    }
}

@Suite("Networks: demo data")
struct NetworkDemoTests {
    @Test("the demo council has officers, five subcommittees, events held in the past year counted in the KPI, and a full networking evening")
    func demo() async throws {
        try await TestApp.with(demo: true) { app in
            let council = try #require(try await Network.query(on: app.db).filter(\.$kind == .council).first())
            #expect(try await Subcommittee.query(on: app.db).filter(\.$network.$id == council.requireID()).count() == 5)
            #expect(try await NetworkMember.query(on: app.db).filter(\.$network.$id == council.requireID()).filter(\.$role == .chair).count() == 1)
            let evening = try #require(try await NetworkEvent.query(on: app.db).filter(\.$title == "연말 네트워킹 데이").first())
            #expect(try await EventRegistration.query(on: app.db).filter(\.$event.$id == evening.requireID()).filter(\.$status == .registered).count() == evening.capacity)
            let program = try #require(try await Program.find(council.$program.id, on: app.db))
            let calculator = try await KPIService.report(for: [program], on: app.db)
            // Six council events and two i-CON forums were held in the year before the demo loads.
            let pastYear = DateInterval(start: TestApp.now.addingTimeInterval(-365 * 86_400), end: TestApp.now)
            #expect(calculator.actual(.eventsHeld, in: pastYear) == 8)
        }
    }
}
