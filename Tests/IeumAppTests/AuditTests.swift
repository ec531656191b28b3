import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// The audit log: who changed what and when, for operators only, newest first.
@Suite("Audit log")
struct AuditTests {
    @Test("anyone but an operator gets 403", arguments: [PlatformRole.member, .judge])
    func operatorOnly(role: PlatformRole) async throws {
        try await TestApp.with { app in
            // given
            let org = try await TestApp.organization(app, name: "이음벤처스", kind: .investor)
            try await TestApp.user(app, email: "someone@ieum.example", role: role, organization: org, membership: .admin)
            let web = WebClient(app)
            try await web.login("someone@ieum.example")
            // when
            let page = try await web.get("/admin/audit")
            // then
            #expect(page.status == .forbidden)
            #expect(page.body.contains("이 작업을 할 권한이 없습니다."))
            #expect(!page.body.contains("someone@ieum.example"))  // not even their own sign-in entry
        }
    }

    @Test("a visitor is sent to sign in")
    func visitor() async throws {
        try await TestApp.with { app in
            // when
            let page = try await WebClient(app).get("/admin/audit")
            // then
            #expect(page.status == .seeOther)
            #expect(page.headers.first(name: .location) == "/login?next=/admin/audit")
        }
    }

    @Test("entries are listed newest first, with Seoul time, actor, action, summary and changes")
    func newestFirst() async throws {
        try await TestApp.with { app in
            // given three entries an hour apart, written in no particular order
            let operatorUser = try await TestApp.user(app, email: "op@ieum.example", role: .operator)
            let actor = try await operatorUser.actor(on: app.db)
            let hour: TimeInterval = 3600
            try await Audit.record(on: app.db, actor: actor, action: "organization.update", entityType: "organization", entityID: "b",
                                   summary: "둘째 변경", changes: ["name: 가 → 나", "employees: 3 → 4"], at: TestApp.now.addingTimeInterval(-2 * hour))
            try await Audit.record(on: app.db, actor: nil, action: "import.startups", entityType: "import", entityID: nil,
                                   summary: "셋째 변경", at: TestApp.now.addingTimeInterval(-1 * hour))
            try await Audit.record(on: app.db, actor: actor, action: "organization.create", entityType: "organization", entityID: "a",
                                   summary: "첫째 변경", at: TestApp.now.addingTimeInterval(-3 * hour))
            let web = WebClient(app)
            try await web.login("op@ieum.example")
            // when
            let page = try await web.get("/admin/audit")
            // then
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>감사 로그</h1>"))
            let rows = page.body.tableRows
            #expect(rows.count == 4)  // the three entries and this sign-in
            #expect(rows.map { $0.count } == [5, 5, 5, 5])
            #expect(rows.map { $0[3] } == ["로그인", "셋째 변경", "둘째 변경", "첫째 변경"])
            #expect(rows.map { $0[0] } == ["2026-03-02 10:00", "2026-03-02 09:00", "2026-03-02 08:00", "2026-03-02 07:00"])
            #expect(rows[2][1] == "op &lt;op@ieum.example&gt;")
            #expect(rows[1][1] == "system")
            #expect(rows[2][2] == "기관 · 수정")
            #expect(rows[2][4] == "<pre class=\"changes\">name: 가 → 나\nemployees: 3 → 4</pre>")
        }
    }

    @Test("what people do on the site appears in the log with who did it")
    func realActionsAreLogged() async throws {
        try await TestApp.with { app in
            // given an operator who approves a pending organisation
            try await TestApp.user(app, email: "op@ieum.example", role: .operator)
            let org = try await TestApp.organization(app, name: "승인대상기업", status: .pending)
            let web = WebClient(app)
            try await web.login("op@ieum.example")
            _ = try await web.post("/organizations/\(try org.requireID().uuidString)/status", [("status", "approved")])
            // when
            let page = try await web.get("/admin/audit")
            // then
            let rows = page.body.tableRows
            let approval = try #require(rows.first { $0[2] == "기관 · 승인" })
            #expect(approval[1].contains("op@ieum.example"))
            #expect(approval[3] == "승인대상기업: 승인 대기 → 승인됨")
            #expect(approval[4].contains("status: pending → approved"))
            #expect(approval[0] == "2026-03-02 10:00")
        }
    }

    @Test("the log pages by 50, newest on page 1, oldest on the last page")
    func pagination() async throws {
        try await TestApp.with { app in
            // given 120 entries a minute apart, plus the operator's sign-in
            try await TestApp.user(app, email: "op@ieum.example", role: .operator)
            for n in 1...120 {
                try await Audit.record(on: app.db, actor: nil, action: "test.entry", entityType: "test", entityID: String(n),
                                       summary: String(format: "항목%03d", n), at: TestApp.now.addingTimeInterval(Double(n - 200) * 60))
            }
            let web = WebClient(app)
            try await web.login("op@ieum.example")
            // when
            let first = try await web.get("/admin/audit")
            let third = try await web.get("/admin/audit?page=3")
            // then
            #expect(first.body.contains("1 / 3 페이지"))
            #expect(first.body.contains("href=\"/admin/audit?page=2\" rel=\"next\""))
            let firstRows = first.body.tableRows
            #expect(firstRows.count == 50)
            #expect(firstRows.first?[3] == "로그인")
            #expect(firstRows[1][3] == "항목120")
            #expect(firstRows.last?[3] == "항목072")
            #expect(third.body.contains("3 / 3 페이지"))
            let thirdRows = third.body.tableRows
            #expect(thirdRows.count == 21)
            #expect(thirdRows.first?[3] == "항목021")
            #expect(thirdRows.last?[3] == "항목001")
        }
    }

    @Test("the log in English")
    func english() async throws {
        try await TestApp.with { app in
            // given
            try await TestApp.user(app, email: "op@ieum.example", role: .operator)
            let web = WebClient(app)
            try await web.login("op@ieum.example")
            // when
            let page = try await web.get("/admin/audit?lang=en")
            // then
            #expect(page.body.contains("<h1>Audit log</h1>"))
            #expect(page.body.contains("<th>Who</th>"))
            // The action in words, not its code.
            #expect(page.body.contains(">Account · signed in</td>"))
            #expect(!page.body.contains(">user.login<"))
            let korean = try await web.get("/admin/audit?lang=ko")
            #expect(korean.body.contains(">계정 · 로그인</td>"))
        }
    }
}

private extension String {
    /// The cells (inner HTML) of each row of the first table body on the page.
    var tableRows: [[String]] {
        guard let start = range(of: "<tbody>"), let end = range(of: "</tbody>", range: start.upperBound..<endIndex) else { return [] }
        let body = self[start.upperBound..<end.lowerBound]
        return body.components(separatedBy: "<tr>").dropFirst().map { row in
            row.components(separatedBy: "<td").dropFirst().map { cell in
                // Past the cell's own attributes, up to its end.
                let inner = cell.drop(while: { $0 != ">" }).dropFirst()
                return String(inner).components(separatedBy: "</td>").first ?? ""
            }
        }
    }
}

@Suite("Audit action labels")
struct AuditActionLabelTests {
    /// Every action code written by the app (literal, or built from a status or step) has words.
    @Test("every action the app records reads as words in Korean and English")
    func everyActionLabelled() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/IeumApp")
        var codes: Set<String> = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            let pattern = try Regex(#"action: (?:[^"\n]*? \? )?"([a-z_.-]+)"(?: : "([a-z_.-]+)")?"#)
            for match in text.matches(of: pattern) {
                for index in 1..<match.count {
                    if let range = match[index].range { codes.insert(String(text[range])) }
                }
            }
        }
        #expect(codes.count > 60, "found only \(codes.count) action codes")
        // Codes built from a step or status.
        codes.formUnion(NeedService.Step.allCases.map { "need.\($0.rawValue)" })
        codes.formUnion(GrievanceStep.allCases.map { "grievance.\($0.rawValue)" })
        codes.formUnion(ApprovalStatus.allCases.map { "organization.\($0.rawValue)" })
        codes.formUnion(["fields", "regions", "clusters"].flatMap { ["taxonomy.\($0).create", "taxonomy.\($0).update"] })
        let unknown = codes.filter { !AuditActionLabel.isKnown($0) }.sorted()
        #expect(unknown.isEmpty, "action codes without words: \(unknown)")
        #expect(AuditActionLabel.label("round.assign.manual") == Localized("평가 · 수동 배정", "Evaluation · assigned by hand"))
    }
}

