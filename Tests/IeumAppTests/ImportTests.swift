import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

@Suite("Bulk import of organisations")
struct ImportTests {
    static let header = "기업명,사업자등록번호,투자단계,기술분야,지역,설립연도,임직원수,누적투자(억원),매출(억원),한줄소개,키워드"

    static func csv(_ rows: [String]) -> String { ([header] + rows).joined(separator: "\r\n") + "\r\n" }

    static func row(_ name: String, _ number: String, stage: String = "시드", field: String = "스마트제조", region: String = "구로구") -> String {
        "\(name),\(number),\(stage),\"\(field)\",\(region),2020,12,12.5,3,\"스마트공장을 구축하는 솔루션, MES\",\"스마트공장, MES\""
    }

    @Test("a CP949 file with one bad row is reported by row and column, and nothing is written")
    func cp949BadRow() async throws {
        try await TestApp.with { app in
            // given a file as Korean Excel saves it, whose third data row has a wrong check digit
            let bad = String(TestApp.businessNumber(3).dropLast()) + String((Int(String(TestApp.businessNumber(3).last!))! + 1) % 10)
            let text = Self.csv([Self.row("가나테크", TestApp.businessNumber(1)), Self.row("다라랩스", TestApp.businessNumber(2)),
                                 Self.row("마바솔루션", bad)])
            let bytes = try #require(TextDecoding.encodeCP949(text))
            // when
            let preview = try await OrganizationImport.preview(bytes, fileName: "startups.csv", kind: .startups, on: app.db, now: TestApp.now)
            // then: row 4 as Excel numbers it (header is row 1), column as in the file
            #expect(preview.encoding == .cp949)
            #expect(preview.recordCount == 3)
            #expect(preview.problems.count == 1)
            #expect(preview.problems.first?.row == 4)
            #expect(preview.problems.first?.column == "사업자등록번호")
            #expect(preview.problems.first?.message.ko.contains("검증번호") == true)
            #expect(!preview.canCommit)
            await #expect(throws: ImportError.self) { try await OrganizationImport.commit(preview, by: nil, on: app.db, now: TestApp.now) }
            #expect(try await Organization.query(on: app.db).count() == 0)
        }
    }

    @Test("a clean UTF-8 file with BOM is imported with units, fields, region and cluster resolved")
    func utf8WithBOM() async throws {
        try await TestApp.with { app in
            // given
            let text = Self.csv([Self.row("가나테크", TestApp.businessNumber(1), region: "G밸리"),
                                 Self.row("다라랩스", TestApp.businessNumber(2), stage: "Series A", field: "AI, 빅데이터", region: "대전")])
            let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
            // when
            let preview = try await OrganizationImport.preview(bytes, fileName: "list.csv", kind: .startups, on: app.db, now: TestApp.now)
            let result = try await OrganizationImport.commit(preview, by: nil, on: app.db, now: TestApp.now)
            // then
            #expect(preview.encoding == .utf8WithBOM)
            #expect(result == ImportResult(created: 2, updated: 0))
            let first = try #require(try await Organization.query(on: app.db).filter(\.$name == "가나테크").first())
            #expect(first.investmentKRW == 1_250_000_000)
            #expect(first.revenueKRW == 300_000_000)
            #expect(first.clusterCode == "g-valley")
            #expect(first.regionCode == "guro")
            #expect(first.status == .approved)
            #expect(first.keywords == ["스마트공장", "MES"])
            let second = try #require(try await Organization.query(on: app.db).filter(\.$name == "다라랩스").first())
            #expect(second.stage == .seriesA)
            #expect(try await RegistryService.fieldCodes(of: second.requireID(), on: app.db) == ["ai", "data"])
            #expect(second.regionCode == "daejeon")
            // and one audit entry tells who imported what
            let audit = try await AuditEntry.query(on: app.db).filter(\.$action == "organization.import").all()
            #expect(audit.count == 1)
            #expect(audit.first?.summary.contains("신규 2건") == true)
        }
    }

    @Test("JSON Lines in the interchange format are imported")
    func jsonLines() async throws {
        try await TestApp.with { app in
            // given two lines shaped like the matching data set (PRODUCT.md)
            let lines = """
            {"id": "d-s001", "name": "세이프VR", "summary": "화학공장 안전교육용 VR 훈련 콘텐츠", "description": "가상현실 안전교육", "keywords": ["VR 안전교육", "산업안전"], "field": "콘텐츠/미디어", "stage": "프리A", "founded": 2019, "region": "울산", "employees": 17, "investment_krw_100m": 10, "revenue_krw_100m": 9.5}
            {"id": "d-s002", "name": "스카이인스펙트", "summary": "드론 시설물 점검", "description": "교량 점검", "keywords": ["드론"], "field": "인공지능", "stage": "시리즈A", "founded": 2018, "region": "대전", "employees": 30, "investment_krw_100m": 45, "revenue_krw_100m": 20}
            """
            // when: no business numbers, so rows are matched by id
            let preview = try await OrganizationImport.preview(Array(lines.utf8), fileName: "startups.jsonl", kind: .startups, on: app.db, now: TestApp.now)
            // then
            #expect(preview.format == .jsonl)
            #expect(preview.problems.isEmpty, "\(preview.problems)")
            #expect(try await OrganizationImport.commit(preview, by: nil, on: app.db, now: TestApp.now) == ImportResult(created: 2, updated: 0))
            let vr = try #require(try await Organization.query(on: app.db).filter(\.$externalID == "d-s001").first())
            #expect(vr.revenueKRW == 950_000_000)
            #expect(vr.keywords == ["VR 안전교육", "산업안전"])
            #expect(vr.stage == .preA)
            #expect(vr.regionCode == "ulsan")
        }
    }

    @Test("a second import updates by business number, and only the columns the file has")
    func upsert() async throws {
        try await TestApp.with { app in
            // given an imported startup
            let first = Self.csv([Self.row("가나테크", TestApp.businessNumber(1))])
            let p1 = try await OrganizationImport.preview(Array(first.utf8), fileName: "a.csv", kind: .startups, on: app.db, now: TestApp.now)
            _ = try await OrganizationImport.commit(p1, by: nil, on: app.db, now: TestApp.now)
            // when a file with only a few columns names it by its number, written with hyphens removed
            let update = "사업자등록번호,임직원수,투자단계\r\n\(TestApp.businessNumber(1)),99,시리즈B\r\n"
            let p2 = try await OrganizationImport.preview(Array(update.utf8), fileName: "b.csv", kind: .startups, on: app.db, now: TestApp.now)
            // then the name column is missing, so the file as a whole is refused with a clear reason
            #expect(p2.fileProblem?.ko.contains("기업명") == true)
            // when the name is there too
            let update2 = "기업명,사업자등록번호,임직원수,투자단계\r\n가나테크(주),\(TestApp.businessNumber(1)),99,시리즈B\r\n"
            let p3 = try await OrganizationImport.preview(Array(update2.utf8), fileName: "c.csv", kind: .startups, on: app.db, now: TestApp.now)
            let result = try await OrganizationImport.commit(p3, by: nil, on: app.db, now: TestApp.now)
            // then one update, and the columns not in the file are kept
            #expect(result == ImportResult(created: 0, updated: 1))
            let orgs = try await Organization.query(on: app.db).all()
            #expect(orgs.count == 1)
            #expect(orgs[0].name == "가나테크(주)")
            #expect(orgs[0].employees == 99)
            #expect(orgs[0].stage == .seriesB)
            #expect(orgs[0].investmentKRW == 1_250_000_000)
            #expect(try await RegistryService.fieldCodes(of: orgs[0].requireID(), on: app.db) == ["smart-manufacturing"])
        }
    }

    @Test("duplicates inside a file, unknown values and missing required values are each reported")
    func rowProblems() async throws {
        try await TestApp.with { app in
            // given
            let text = Self.csv([
                Self.row("가나테크", TestApp.businessNumber(1)),
                Self.row("가나테크2", TestApp.businessNumber(1)),
                Self.row("다라랩스", TestApp.businessNumber(2), stage: "시리즈Z"),
                Self.row("마바랩스", TestApp.businessNumber(3), field: "양자요리"),
                ",\(TestApp.businessNumber(4)),시드,AI,구로구,2020,1,1,1,요약,키워드",
            ])
            // when
            let preview = try await OrganizationImport.preview(Array(text.utf8), fileName: "x.csv", kind: .startups, on: app.db, now: TestApp.now)
            // then
            let byRow = Dictionary(grouping: preview.problems, by: \.row)
            #expect(byRow[3]?.first?.column == "사업자등록번호")
            #expect(byRow[3]?.first?.message.ko.contains("2행") == true)
            #expect(byRow[4]?.first?.column == "투자단계")
            #expect(byRow[5]?.first?.column == "기술분야")
            #expect(byRow[6]?.first?.column == "기업명")
            #expect(byRow[2] == nil)
            #expect(preview.badRowCount == 4)
        }
    }

    @Test("a failure while writing leaves no row behind")
    func allOrNothing() async throws {
        try await TestApp.with { app in
            // given a clean preview of three rows
            let text = Self.csv([Self.row("가", TestApp.businessNumber(1)), Self.row("나", TestApp.businessNumber(2)), Self.row("다", TestApp.businessNumber(3))])
            let preview = try await OrganizationImport.preview(Array(text.utf8), fileName: "x.csv", kind: .startups, on: app.db, now: TestApp.now)
            #expect(preview.canCommit)
            // when someone registers the third number between the check and the write
            try await TestApp.organization(app, name: "선점", businessNumber: TestApp.businessNumber(3))
            await #expect(throws: (any Error).self) { try await OrganizationImport.commit(preview, by: nil, on: app.db, now: TestApp.now) }
            // then the transaction rolled back: only the other organisation exists, and no field links
            #expect(try await Organization.query(on: app.db).count() == 1)
            #expect(try await OrganizationTechField.query(on: app.db).count() == 0)
        }
    }

    @Test("more rows than one batch are written and linked")
    func manyRows() async throws {
        try await TestApp.with { app in
            // given 1,000 rows (several insert batches)
            let rows = (1...1_000).map { Self.row("기업\($0)", TestApp.businessNumber($0), field: $0 % 2 == 0 ? "AI" : "로봇") }
            let preview = try await OrganizationImport.preview(Array(Self.csv(rows).utf8), fileName: "big.csv", kind: .startups, on: app.db, now: TestApp.now)
            // when
            let result = try await OrganizationImport.commit(preview, by: nil, on: app.db, now: TestApp.now)
            // then
            #expect(result.created == 1_000)
            #expect(try await Organization.query(on: app.db).count() == 1_000)
            #expect(try await OrganizationTechField.query(on: app.db).count() == 1_000)
        }
    }

    @Test("the operator's upload page checks, reports, and imports only a clean file after confirmation")
    func webFlow() async throws {
        try await TestApp.with { app in
            // given an operator
            try await TestApp.user(app, email: "op@ieum.test", role: .operator)
            let web = WebClient(app)
            try await web.login("op@ieum.test")
            let form = try await web.get("/admin/import")
            #expect(form.status == .ok)
            #expect(form.body.contains("id=\"import-file\""))
            // when a CP949 file with a bad row is uploaded
            let bad = String(TestApp.businessNumber(2).dropLast()) + String((Int(String(TestApp.businessNumber(2).last!))! + 1) % 10)
            let badFile = try #require(TextDecoding.encodeCP949(Self.csv([Self.row("가나테크", TestApp.businessNumber(1)), Self.row("다라랩스", bad)])))
            let report = try await web.upload("/admin/import", fields: [("kind", "startups")], fileField: "file", fileName: "명단.csv", bytes: badFile)
            // then the report names the row and the column, and offers no confirmation
            #expect(report.status == .unprocessableEntity)
            #expect(report.body.contains("id=\"import-report\""))
            #expect(report.body.contains("<td>3</td><td>사업자등록번호</td>"))
            #expect(!report.body.contains("id=\"import-confirm\""))
            // and confirming anyway imports nothing
            let sneaky = try await web.post("/admin/import/confirm", [])
            #expect(sneaky.status == .badRequest)
            #expect(try await Organization.query(on: app.db).count() == 0)
            // when a fixed file is uploaded and confirmed
            let good = try #require(TextDecoding.encodeCP949(Self.csv([Self.row("가나테크", TestApp.businessNumber(1)), Self.row("다라랩스", TestApp.businessNumber(2))])))
            let preview = try await web.upload("/admin/import", fields: [("kind", "startups")], fileField: "file", fileName: "명단.csv", bytes: good)
            #expect(preview.status == .ok)
            #expect(preview.body.contains("id=\"import-confirm\""))
            #expect(preview.body.contains("CP949"))
            let done = try await web.post("/admin/import/confirm", [])
            // then
            #expect(done.status == .ok)
            #expect(done.body.contains("id=\"import-result\""))
            #expect(done.body.contains("신규 2건"))
            #expect(try await Organization.query(on: app.db).count() == 2)
        }
    }

    @Test("only operators may import", arguments: [PlatformRole.member, .judge])
    func forbidden(role: PlatformRole) async throws {
        try await TestApp.with { app in
            // given a signed-in non-operator
            let org = try await TestApp.organization(app, name: "자기회사")
            try await TestApp.user(app, email: "someone@ieum.test", role: role, organization: org)
            let web = WebClient(app)
            try await web.login("someone@ieum.test")
            // when / then
            #expect(try await web.get("/admin/import").status == .forbidden)
            let text = Self.csv([Self.row("가나테크", TestApp.businessNumber(1))])
            let upload = try await web.upload("/admin/import", fields: [("kind", "startups")], fileField: "file", fileName: "a.csv", bytes: Array(text.utf8))
            #expect(upload.status == .forbidden)
            #expect(try await Organization.query(on: app.db).count() == 1)
        }
    }
}
