import Fluent
import Foundation
import IeumCore
import NIOCore
import Testing
import Vapor
import VaporTesting
import ZIPFoundation
@testable import IeumApp

/// The dashboards' tables and the collaboration list as CSV and .xlsx files.
@Suite("Table exports (CSV, .xlsx)")
struct ExportTableTests {
    /// The response's bytes as sent (WebClient reads bodies as text).
    static func download(_ web: WebClient, _ path: String) async throws -> (status: HTTPStatus, headers: HTTPHeaders, bytes: [UInt8]) {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .cookie, value: web.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        let response = try await web.app.testing().sendRequest(.GET, path, headers: headers)
        return (response.status, response.headers, Array(response.body.readableBytesView))
    }

    /// The text of every part of an .xlsx file, by path.
    static func parts(_ bytes: [UInt8]) throws -> [String: String] {
        let archive = try Archive(data: Data(bytes), accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts[entry.path] = String(decoding: data, as: UTF8.self)
        }
        return parts
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    @Test("a dashboard table as CSV: UTF-8 with BOM, Korean headers, plain numbers")
    func kpiCSV() async throws {
        try await TestApp.with { app in
            // given
            let world = try await KPIFixture.make(app)
            let web = WebClient(app)
            try await web.login("operator-a@kpi.test")
            let program = world.programA.id!.uuidString
            // when
            let targets = try await Self.download(web, "/kpi/export.csv?table=targets&program=\(program)&period=2026")
            let funnel = try await Self.download(web, "/kpi/export.csv?table=funnel&program=\(program)&period=2026")
            let unknown = try await Self.download(web, "/kpi/export.csv?table=nothing&program=\(program)")
            // then
            #expect(targets.status == .ok)
            #expect(targets.headers.first(name: .contentType) == "text/csv; charset=utf-8")
            #expect(targets.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=\"kpi-targets-") == true)
            #expect(Array(targets.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let rows = Self.lines(targets.bytes)
            #expect(rows.first == "성과지표,기간,목표,실적,달성률(%)")
            #expect(rows.contains("스타트업 발굴,2026,10,4,40.0"))
            #expect(rows.contains("계약 금액(원),2026,500000000,300000000,60.0"))
            #expect(rows.contains("PoC 완료,2026,,2,"))
            #expect(rows.count == 1 + KPIMetric.allCases.count)
            // The funnel follows one population step by step (issue 17, item 3): each step a subset
            // of the one before, so no rate passes 100%; the note is the page's own.
            let funnelRows = Self.lines(funnel.bytes)
            #expect(funnelRows.first == "구분,단계,건수,전 단계 건수,전 단계 대비(%),첫 단계 대비(%),어떻게 셌나요")
            #expect(funnelRows.contains { $0.hasPrefix("지원서 퍼널,지원서,4,,,,") })
            #expect(funnelRows.contains { $0.hasPrefix("지원서 퍼널,서류 통과(후보 선정),1,4,25.0,25.0,") })
            for row in funnelRows.dropFirst() {
                let fields = row.split(separator: ",", maxSplits: 6, omittingEmptySubsequences: false).map(String.init)
                guard fields.count >= 6 else { continue }
                for rate in [fields[4], fields[5]] where !rate.isEmpty {
                    #expect((Double(rate) ?? 0) <= 100, "\(row)")
                }
            }
            #expect(unknown.status == .notFound)
        }
    }

    @Test("every dashboard table in one .xlsx: one sheet each, Korean headers in bold, numbers as numbers")
    func kpiXLSX() async throws {
        try await TestApp.with { app in
            // given
            let world = try await KPIFixture.make(app)
            let web = WebClient(app)
            try await web.login("operator-a@kpi.test")
            // when
            let file = try await Self.download(web, "/kpi/export.xlsx?program=\(world.programA.id!.uuidString)&period=2026")
            // then
            #expect(file.status == .ok)
            #expect(file.headers.first(name: .contentType) == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(Array(file.bytes.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
            let parts = try Self.parts(file.bytes)
            for name in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"] {
                #expect(parts[name] != nil, "\(name)")
            }
            let sheets = parts.keys.filter { $0.hasPrefix("xl/worksheets/sheet") }
            #expect(sheets.count == 8)
            let workbook = try #require(parts["xl/workbook.xml"])
            #expect(workbook.contains(#"<sheet name="목표 대비 실적 (2026년)" sheetId="1" r:id="rId1"/>"#))
            #expect(workbook.contains(#"<sheet name="협업 퍼널 (2026년)" sheetId="3" r:id="rId3"/>"#))
            #expect(try #require(parts["[Content_Types].xml"]).contains(#"<Override PartName="/xl/worksheets/sheet8.xml""#))
            let first = try #require(parts["xl/worksheets/sheet1.xml"])
            #expect(first.contains(#"<c r="A1" s="1" t="inlineStr"><is><t>성과지표</t></is></c>"#))
            #expect(first.contains(#"<c r="E1" s="1" t="inlineStr"><is><t>달성률(%)</t></is></c>"#))
            // 스타트업 발굴 2026: target 10, actual 4, 40 %
            #expect(first.contains(#"<c r="A2" s="0" t="inlineStr"><is><t>스타트업 발굴</t></is></c>"#))
            #expect(first.contains(#"<c r="C2" s="2"><v>10</v></c><c r="D2" s="2"><v>4</v></c><c r="E2" s="3"><v>0.4</v></c>"#))
            #expect(try #require(parts["xl/styles.xml"]).contains(#"<numFmt numFmtId="164" formatCode="0.0%"/>"#))
            // one table alone
            let one = try await Self.download(web, "/kpi/export.xlsx?table=field&program=\(world.programA.id!.uuidString)&period=2026")
            let oneParts = try Self.parts(one.bytes)
            #expect(oneParts.keys.filter { $0.hasPrefix("xl/worksheets/") }.count == 1)
            #expect(try #require(oneParts["xl/worksheets/sheet1.xml"]).contains("<t>기술분야</t>"))
        }
    }

    @Test("the collaboration list exports what each person may see", arguments: [
        ("operator-a@kpi.test", 4), ("operator-b@kpi.test", 1), ("platform@kpi.test", 5), ("d@kpi.test", 3), ("i@kpi.test", 0), ("s@kpi.test", 1),
    ])
    func collaborationList(_ email: String, _ expected: Int) async throws {
        try await TestApp.with { app in
            // given
            let world = try await KPIFixture.make(app)
            try await TestApp.user(app, email: "d@kpi.test", organization: world.d1)
            try await TestApp.user(app, email: "i@kpi.test", organization: world.inv1)
            try await TestApp.user(app, email: "s@kpi.test", organization: world.s[1])
            let web = WebClient(app)
            try await web.login(email)
            // when
            let csv = try await Self.download(web, "/collaborations/export.csv")
            let xlsx = try await Self.download(web, "/collaborations/export.xlsx")
            // then
            #expect(csv.status == .ok)
            #expect(Array(csv.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let rows = Self.lines(csv.bytes)
            #expect(rows.first?.hasPrefix("협업 과제명,사업,스타트업,수요기관,투자기관,단계,단계 시작일,협업 시작일,경로,지원금(원)") == true)
            #expect(rows.count == 1 + expected)
            let sheet = try #require(try Self.parts(xlsx.bytes)["xl/worksheets/sheet1.xml"])
            #expect(sheet.components(separatedBy: "<row ").count - 1 == 1 + expected)
            if email == "s@kpi.test" {
                // the startup's own: cA2 with its investor and the confirmed 5억 investment
                #expect(rows[1].contains("스타트업2 × 라온정밀,가람 오픈이노베이션,스타트업2,라온정밀,바다파트너스,투자,2026-09-10,2026-06-05,직접 매칭,0,0,0,0,500000000,0,"))
            }
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "collaboration.export").count() == 2)
        }
    }

    @Test("a visitor is sent to sign in before exporting the collaboration list")
    func collaborationListVisitor() async throws {
        try await TestApp.with { app in
            let page = try await WebClient(app).get("/collaborations/export.csv")
            #expect(page.status == .seeOther)
            #expect(page.headers.first(name: .location) == "/login?next=/collaborations/export.csv")
        }
    }

    @Test("the .xlsx writer: cell references, safe sheet names, XML escaping, formulas stay text")
    func writer() throws {
        #expect(XLSXWriter.reference(column: 0, row: 1) == "A1")
        #expect(XLSXWriter.reference(column: 25, row: 3) == "Z3")
        #expect(XLSXWriter.reference(column: 26, row: 10) == "AA10")
        #expect(XLSXWriter.reference(column: 701, row: 2) == "ZZ2")
        let names = XLSXWriter.sheetNames(["협업/목록", "협업·목록", String(repeating: "가", count: 40), String(repeating: "가", count: 40), ""])
        #expect(names[0] == "협업·목록")
        #expect(names[1] == "협업·목록 (2)")
        #expect(names[2].count == 31)
        #expect(names[3].count == 31 && names[3].hasSuffix(" (2)"))
        #expect(names[4] == "Sheet5")
        #expect(XLSXWriter.escape("a<b & \"c\"\u{1}") == "a&lt;b &amp; &quot;c&quot;")
        let sheet = XLSXWriter.worksheet(.init(name: "x", columns: ["=1+1"], rows: [[.text("=HYPERLINK(\"x\")"), .won(1_000), .empty, .percent(.nan)]]))
        #expect(sheet.contains(#"<t>=HYPERLINK(&quot;x&quot;)</t>"#))
        #expect(!sheet.contains("<f>"))
        #expect(sheet.contains(#"<c r="B2" s="2"><v>1000</v></c></row>"#))
        // CSV neutralises what Excel would run
        let csv = try TableFile.csv(ExportTable(key: "t", title: Localized("표", "Table"), columns: [Localized("이름", "Name")], rows: [[.text("=cmd")]]))
        #expect(Self.lines(csv) == ["이름", "'=cmd"])
    }
}
