import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

@Suite("Export, demo data and the command-line tasks")
struct ExportAndDemoTests {
    @Test("CSV export opens in Excel (UTF-8 BOM, Korean headers) and imports back unchanged")
    func csvRoundTrip() async throws {
        var exported: [UInt8] = []
        var original: [(String, String?, Int64?, [String])] = []
        try await TestApp.with(demo: true) { app in
            // given the demo registry
            try await TestApp.user(app, email: "op@ieum.test", role: .operator)
            let web = WebClient(app)
            try await web.login("op@ieum.test")
            // when the operator exports the startups
            let response = try await web.get("/admin/export.csv?kind=startup")
            // then
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            exported = Array(response.body.utf8)
            #expect(Array(exported.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(response.body.dropFirst().hasPrefix("유형,규모,투자기관유형,기업명"))
            let startups = try await Organization.query(on: app.db).filter(\.$kind == .startup).sort(\.$name).all()
            for org in startups {
                original.append((org.name, org.businessNumber, org.investmentKRW, try await RegistryService.fieldCodes(of: org.requireID(), on: app.db)))
            }
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "organization.export").count() == 1)
        }
        try await TestApp.with { app in
            // when the file is imported into an empty registry
            let preview = try await OrganizationImport.preview(exported, fileName: "export.csv", kind: .startups, on: app.db, now: TestApp.now)
            #expect(preview.problems.isEmpty, "\(preview.problems.prefix(3))")
            _ = try await OrganizationImport.commit(preview, by: nil, on: app.db, now: TestApp.now)
            // then the same startups, numbers, amounts and fields come back
            let back = try await Organization.query(on: app.db).sort(\.$name).all()
            #expect(back.count == original.count)
            for (org, before) in zip(back, original) {
                #expect(org.name == before.0)
                #expect(org.businessNumber == before.1)
                #expect(org.investmentKRW == before.2)
                #expect(try await RegistryService.fieldCodes(of: org.requireID(), on: app.db) == before.3)
            }
        }
    }

    @Test("JSON Lines export uses the interchange format's keys")
    func jsonLines() async throws {
        try await TestApp.with(demo: true) { app in
            // when
            var filter = RegistryFilter()
            filter.kind = .startup
            let bytes = try await OrganizationExport.export(filter, format: .jsonl, for: .shell, on: app.db)
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
            // then
            #expect(lines.count == (try await Organization.query(on: app.db).filter(\.$kind == .startup).count()))
            let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
            for key in ["id", "name", "summary", "description", "keywords", "field", "stage", "founded", "region", "employees", "investment_krw_100m", "revenue_krw_100m"] {
                #expect(first[key] != nil, "missing \(key)")
            }
        }
    }

    @Test("export is for operators only, and a cell Excel would run as a formula is written as text")
    func exportRules() async throws {
        try await TestApp.with { app in
            // given a startup whose summary starts with '='
            let org = try await TestApp.organization(app, name: "=HYPERLINK(\"http://x\")", businessNumber: TestApp.businessNumber(1))
            try await TestApp.user(app, email: "member@ieum.test", organization: org)
            let web = WebClient(app)
            try await web.login("member@ieum.test")
            // when / then
            #expect(try await web.get("/admin/export.csv").status == .forbidden)
            let bytes = try await OrganizationExport.export(RegistryFilter(), format: .csv, for: .shell, on: app.db)
            #expect(String(decoding: bytes, as: UTF8.self).contains("'=HYPERLINK"))
        }
    }

    @Test("the demo data is realistic, valid and the same on every run")
    func demoData() async throws {
        // given two independent loads
        var first: [String] = []
        for run in 0..<2 {
            try await TestApp.with(demo: true) { app in
                let orgs = try await Organization.query(on: app.db).sort(\.$name).all()
                let startups = orgs.filter { $0.kind == .startup }
                // then: the sizes the issue asks for
                #expect(startups.count >= 200)
                #expect(orgs.filter { $0.kind == .demand }.count >= 30)
                #expect(orgs.contains { $0.kind == .investor })
                #expect(orgs.contains { $0.kind == .agency })
                #expect(orgs.contains { $0.kind == .research })
                // every business number passes its check digit, and some registrations wait for approval
                #expect(orgs.compactMap(\.businessNumber).allSatisfy { BusinessNumber($0) != nil })
                #expect(orgs.contains { $0.status == .pending })
                // the logins work and belong where the README says
                for login in DemoData.logins {
                    #expect(try await User.query(on: app.db).filter(\.$email == login.email).count() == 1)
                }
                let web = WebClient(app)
                try await web.login("startup@ieum.demo", password: DemoData.password)
                let mine = try await web.get("/organizations?q=%EC%8A%A4%EB%A7%88%ED%8A%B8%EA%B3%B5%EC%9E%A5")
                #expect(mine.body.contains(DemoData.flagshipStartup))
                // the programs, calls, needs and applications around them
                #expect(try await Program.query(on: app.db).count() == 2)
                let calls = try await Call.query(on: app.db).all()
                #expect(calls.count == 4)
                #expect(calls.filter { $0.isOpen(at: TestApp.now) }.count == 2)
                #expect(calls.filter { $0.closesAt < TestApp.now }.count == 2)
                #expect(try await ProgramParticipant.query(on: app.db).count() == 14)
                #expect(try await ProgramTarget.query(on: app.db).count() == 13)
                let needs = try await Need.query(on: app.db).all()
                #expect(needs.count == 12)
                #expect(needs.filter { $0.status == .published }.count == 9)
                #expect(needs.filter { $0.status == .submitted }.count == 1)
                #expect(needs.filter { $0.status == .draft }.count == 1)
                #expect(needs.filter { $0.status == .closed }.count == 1)
                #expect(needs.filter(\.anonymous).count == 2)
                #expect(needs.filter { $0.status == .published }.allSatisfy { $0.$call.id != nil && $0.publishedAt != nil })
                let demandLogin = try #require(try await User.query(on: app.db).filter(\.$email == "demand@ieum.demo").first())
                let demandOrg = try #require(try await Membership.query(on: app.db).filter(\.$user.$id == demandLogin.requireID()).first())
                #expect(needs.filter { $0.$organization.id == demandOrg.$organization.id }.count >= 3)
                let applications = try await NeedApplication.query(on: app.db).with(\.$startup).all()
                #expect(applications.count == 16)
                #expect(Set(applications.map(\.status)).isSuperset(of: [.draft, .submitted, .screening, .shortlisted, .selected, .rejected]))
                #expect(applications.filter { $0.status == .rejected }.allSatisfy { !($0.decisionReason ?? "").isEmpty })
                #expect(applications.contains { $0.startup.name == DemoData.flagshipStartup })
                let pledges = try await NeedPledge.query(on: app.db).all()
                for application in applications {
                    #expect(pledges.contains { $0.$need.id == application.$need.id && $0.userID == application.createdBy })
                }
                #expect(try await Invitation.query(on: app.db).count() == 5)
                #expect(try await Invitation.query(on: app.db).with(\.$startup).all().contains { $0.startup.name == DemoData.flagshipStartup })
                // a year of collaborations: the selected application's and direct matches, checked by the state machine
                let collaborations = try await Collaboration.query(on: app.db).all()
                #expect(collaborations.count == 27)
                #expect(collaborations.filter { $0.applicationID != nil }.count == 1)
                #expect(collaborations.allSatisfy { $0.startedAt >= SeoulTime.parse("2026-01-01 00:00")! && $0.startedAt < SeoulTime.parse("2026-11-21 00:00")! })
                #expect(Set(collaborations.map(\.stage)).isSuperset(of: [.matched, .technologyVerification, .marketVerification, .commercialization,
                                                                         .investment, .globalExpansion, .dropped]))
                #expect(collaborations.filter { $0.stage == .dropped }.allSatisfy { !($0.dropReason ?? "").isEmpty })
                let changes = try await StageChange.query(on: app.db).all()
                #expect(changes.count == 71)
                #expect(changes.filter { $0.status == .pending }.count == 2)
                for change in changes where change.status == .approved {
                    if let from = change.fromStage, case .refused = CollaborationFlow.check(from: from, to: change.toStage) {
                        Issue.record("demo stage change \(from) → \(change.toStage) is refused by the state machine")
                    }
                }
                let outcomes = try await Outcome.query(on: app.db).all()
                #expect(outcomes.count == 18)
                #expect(outcomes.filter { $0.status == .confirmed }.count == 15)
                #expect(Set(outcomes.map(\.kind)).isSuperset(of: [.contract, .investment, .jobs, .patents, .exports]))
                #expect(outcomes.filter { $0.kind == .investment }.allSatisfy { $0.$investor.id != nil })
                let milestones = try await Milestone.query(on: app.db).all()
                #expect(milestones.contains { $0.isOverdue(at: SeoulTime.parse("2026-11-29 10:00")!) })
                #expect(milestones.contains { $0.doneAt != nil })
                #expect(try await StageFunding.query(on: app.db).count() > 10)
                let ieumVentures = try #require(try await Organization.query(on: app.db).filter(\.$name == "이음벤처스").first())
                #expect(try await CollaborationParty.query(on: app.db).filter(\.$organization.$id == ieumVentures.requireID()).count() == 2)
                let calendar = try await web.get("/programs")
                #expect(calendar.body.contains("2026 서울 오픈이노베이션"))
                let collaborationSignature = try await Collaboration.query(on: app.db).with(\.$startup).all()
                    .map { "\($0.title)|\($0.startup.name)|\($0.stage.rawValue)" }.sorted()
                let signature = orgs.map { "\($0.name)|\($0.businessNumber ?? "")|\($0.investmentKRW ?? 0)" }
                    + applications.map { "\($0.startup.name)|\($0.status.rawValue)|\($0.budgetKRW ?? 0)" }.sorted()
                    + collaborationSignature
                if run == 0 { first = signature } else { #expect(signature == first) }
            }
        }
    }

    @Test("a second serve --demo does not load the data twice")
    func demoOnlyWhenEmpty() async throws {
        try await TestApp.with(demo: true) { app in
            let before = try await Organization.query(on: app.db).count()
            let report = try await DemoData.loadIfEmpty(on: app.db, hasher: app.password.async, now: TestApp.now)
            #expect(!report.loaded)
            #expect(try await Organization.query(on: app.db).count() == before)
            #expect(report.describe().contains("operator@ieum.demo"))
        }
    }

    @Test("ieum import / export / user work on a SQLite file, and a bad file exits 1 writing nothing")
    func commandTasks() async throws {
        // given a fresh database file
        let dir = NSTemporaryDirectory() + "ieum-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var config = Configuration(database: .sqliteFile(path: dir + "/ieum.sqlite"), bcryptCost: 4)
        config.dataDirectory = dir + "/data"
        let good = "기업명,사업자등록번호,투자단계,기술분야\r\n가나테크,\(TestApp.businessNumber(1)),시드,AI\r\n"
        let bad = "기업명,사업자등록번호,투자단계,기술분야\r\n다라랩스,123-45-67890,시드,AI\r\n"
        let lines = LockedLines()
        // when
        let failed = try await CommandTasks.importFile(config, kind: .startups, bytes: Array(bad.utf8), fileName: "bad.csv", dryRun: false,
                                                       print: { lines.append($0) }, progress: { _, _, _ in })
        let dry = try await CommandTasks.importFile(config, kind: .startups, bytes: Array(good.utf8), fileName: "good.csv", dryRun: true,
                                                    print: { lines.append($0) }, progress: { _, _, _ in })
        let emptyExport = try await CommandTasks.export(config, kind: .startups, format: .jsonl)
        let ok = try await CommandTasks.importFile(config, kind: .startups, bytes: Array(good.utf8), fileName: "good.csv", dryRun: false,
                                                   print: { lines.append($0) }, progress: { _, _, _ in })
        let export = try await CommandTasks.export(config, kind: .startups, format: .jsonl)
        let created = try await CommandTasks.createUser(config, NewUserInput(email: "admin@agency.kr", name: "관리자", password: "long-enough-pw", platformRole: .operator))
        // then
        #expect(failed == 1)
        #expect(lines.all.joined(separator: "\n").contains("2행 [사업자등록번호]"))
        #expect(dry == 0)
        #expect(emptyExport.isEmpty)
        #expect(ok == 0)
        #expect(String(decoding: export, as: UTF8.self).contains("\"name\":\"가나테크\""))
        #expect(created.contains("admin@agency.kr"))
        await #expect(throws: CommandProblem.self) {
            try await CommandTasks.createUser(config, NewUserInput(email: "admin@agency.kr", name: "중복", password: "long-enough-pw", platformRole: .operator))
        }
    }
}

final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}
