import Testing
@testable import IeumCore

@Suite("Tabular files: CSV from Excel and JSON Lines")
struct TabularFileTests {
    static func csv(_ text: String, fileName: String? = "startups.csv") throws -> TabularFile {
        try TabularFile.parse(Array(text.utf8), fileName: fileName)
    }

    @Test("quoted commas and line breaks stay inside their cell")
    func quotedCells() throws {
        // given a sheet whose cells hold a comma and a line break (Alt+Enter in Excel)
        let text = "기업명,소개,지역\r\n\"스마트팩토리, 주식회사\",\"첫 줄\r\n둘째 줄\",성동구\r\n\"큰따옴표 \"\"인용\"\"\",소개,강남구\r\n"
        // when
        let file = try Self.csv(text)
        // then
        #expect(file.format == .csv)
        #expect(file.header == ["기업명", "소개", "지역"])
        #expect(file.records.count == 2)
        #expect(file.records[0].values["기업명"] == "스마트팩토리, 주식회사")
        #expect(file.records[0].values["소개"] == "첫 줄\r\n둘째 줄")
        #expect(file.records[0].values["지역"] == "성동구")
        #expect(file.records[1].values["기업명"] == "큰따옴표 \"인용\"")
    }

    @Test("row numbers are the ones Excel shows: header row 1, first data row 2")
    func rowNumbers() throws {
        // given a multi-line cell in row 2 and an empty row 4 in the middle
        let text = "기업명,지역\n가,\"성동구\n성수동\"\n나,강남구\n,\n다,마포구\n"
        // when
        let file = try Self.csv(text)
        // then
        #expect(file.records.map(\.row) == [2, 3, 5])
        #expect(file.records.map { $0.values["기업명"] } == ["가", "나", "다"])
        #expect(file.records.allSatisfy { $0.problem == nil })
    }

    @Test("empty rows Excel leaves at the end are skipped")
    func trailingEmptyRows() throws {
        // given
        let text = "기업명,지역,단계\n가,성동구,시드\n,,\n , ,\n,,\n"
        // when
        let file = try Self.csv(text)
        // then
        #expect(file.records.count == 1)
        #expect(file.records[0].row == 2)
    }

    @Test("tab-separated text is detected")
    func tabSeparated() throws {
        // given Excel's 텍스트(탭으로 분리)
        let text = "기업명\t지역\t소개\n가나다\t성동구\t스마트공장, AI\n"
        // when
        let file = try Self.csv(text, fileName: "list.txt")
        // then
        #expect(file.header == ["기업명", "지역", "소개"])
        #expect(file.records[0].values["지역"] == "성동구")
        #expect(file.records[0].values["소개"] == "스마트공장, AI")
    }

    @Test("header cells are trimmed and a repeated header is an error")
    func duplicateHeader() throws {
        #expect(try Self.csv(" 기업명 ,지역\n가,나\n").header == ["기업명", "지역"])
        #expect(throws: TabularFile.Problem.duplicateHeader("기업명")) {
            try Self.csv("기업명,지역,기업명 \n가,나,다\n")
        }
        #expect(TabularFile.Problem.duplicateHeader("기업명").message.ko.contains("기업명"))
    }

    @Test("an empty file is an error")
    func emptyFile() {
        #expect(throws: TabularFile.Problem.empty) { try TabularFile.parse([], fileName: "a.jsonl") }
        #expect(throws: TabularFile.Problem.self) { try TabularFile.parse([], fileName: "a.csv") }
    }

    @Test("a CSV saved by Korean Excel in CP949 reads as Korean")
    func cp949CSV() throws {
        // given
        let bytes = try #require(TextDecoding.encodeCP949("기업명,지역\n(주)이음,성동구\n"))
        // when
        let file = try TabularFile.parse(bytes, fileName: "목록.csv")
        // then
        #expect(file.encoding == .cp949)
        #expect(file.records.first?.values == ["기업명": "(주)이음", "지역": "성동구"])
    }

    @Test("undecodable bytes are reported as such")
    func undecodableFile() {
        #expect(throws: TabularFile.Problem.undecodable) { try TabularFile.parse([0xFF, 0xFE, 0xFF], fileName: "a.csv") }
    }

    @Test("an unclosed quote is reported, not swallowed into one cell")
    func unclosedQuote() {
        // given row 3 opens a quote it never closes; rows 4 and 5 would vanish into it
        let text = "기업명,소개\n가,정상\n나,\"닫히지 않음\n다,셋째\n라,넷째\n"
        // when / then
        #expect(throws: TabularFile.Problem.malformedCSV) { try Self.csv(text) }
    }

    @Test("JSON Lines: lists, numbers, booleans and null become text")
    func jsonLines() throws {
        // given the interchange format
        let text = """
        {"id":"s-001","name":"이음로보틱스","keywords":["AI","로봇",3],"employees":12,"investment_krw_100m":12.5,"region":null,"venture":true}
        {"id":"s-002","name":"둘째","employees":0,"revenue_krw_100m":1}

        """
        // when
        let file = try TabularFile.parse(Array(text.utf8), fileName: nil)
        // then
        #expect(file.format == .jsonl)
        #expect(file.records.count == 2)
        let first = file.records[0]
        #expect(first.row == 1)
        #expect(first.problem == nil)
        #expect(first.values["keywords"] == "AI,로봇,3")
        #expect(first.values["employees"] == "12")
        #expect(first.values["investment_krw_100m"] == "12.5")
        #expect(first.values["region"] == "")
        #expect(first.values["venture"] == "true")
        #expect(file.records[1].values["employees"] == "0")
        #expect(file.records[1].values["revenue_krw_100m"] == "1")
        #expect(Set(file.header) == ["id", "name", "keywords", "employees", "investment_krw_100m", "region", "venture", "revenue_krw_100m"])
    }

    @Test("a malformed JSON line becomes a record with a problem and its line number")
    func malformedJSONLine() throws {
        // given line 3 is broken and line 2 is blank
        let text = "{\"id\":\"a\"}\n\n{\"id\": \"b\", \n{\"id\":\"c\"}\n[1,2]\n"
        // when
        let file = try TabularFile.parse(Array(text.utf8), fileName: "needs.jsonl")
        // then
        #expect(file.records.map(\.row) == [1, 3, 4, 5])
        #expect(file.records[0].problem == nil)
        #expect(file.records[1].problem?.ko == "JSON 객체가 아닙니다.")
        #expect(file.records[1].values.isEmpty)
        #expect(file.records[2].values["id"] == "c")
        #expect(file.records[3].problem != nil)
    }

    @Test("JSON Lines saved on Windows (CRLF) read line by line")
    func jsonLinesWithCRLF() throws {
        // given
        let text = "{\"id\":\"a\"}\r\n{\"id\":\"b\"}\r\n"
        // when
        let file = try TabularFile.parse(Array(text.utf8), fileName: "startups.jsonl")
        // then
        #expect(file.records.map(\.row) == [1, 2])
        #expect(file.records.map { $0.values["id"] } == ["a", "b"])
        #expect(file.records.allSatisfy { $0.problem == nil })
    }

    @Test("format from the file name, else from the first character", arguments: [
        ("a.jsonl", "id,name", TabularFile.Format.jsonl),
        ("a.NDJSON", "", .jsonl),
        ("a.csv", "{\"id\":1}", .csv),
        ("a.tsv", "", .csv),
        ("", "  {\"id\":1}", .jsonl),
        ("", "id,name", .csv),
    ])
    func formatDetection(fileName: String, text: String, format: TabularFile.Format) {
        #expect(TabularFile.Format.detect(fileName: fileName.isEmpty ? nil : fileName, text: text) == format)
    }
}
