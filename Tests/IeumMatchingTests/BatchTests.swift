import Foundation
import Testing
@testable import IeumMatching

@Suite("Batch input")
struct BatchTests {
    @Test("malformed lines are reported by number; the others are read; unknown fields are ignored")
    func lineErrors() {
        // given
        let text = """
        {"id": "s1", "name": "하나", "extra": {"nested": true}, "stage": "시드"}
        {"id": "s2", "name": "둘"
        {"name": "no id"}

        {"id": "s3", "keywords": "not a list"}
        not json at all
        {"id": "s4", "keywords": ["a", "b"], "founded": 2020}
        """
        // when
        let (records, errors) = JSONLines.decode(StartupProfile.self, from: Data(text.utf8), file: "s.jsonl")
        // then
        #expect(records.map(\.id) == ["s1", "s4"])
        #expect(records[0].parsedStage == .seed)
        #expect(errors.map(\.line) == [2, 3, 5, 6])
        #expect(errors[1].message == "missing field \"id\"")
        #expect(errors[2].message == "wrong type for \"keywords\"")
        #expect(errors[0].description.hasPrefix("s.jsonl:2: "))
    }

    @Test("needs read optional fields and a support list or string")
    func needs() {
        let text = """
        {"id": "n1", "title": "t", "fields": ["인공지능"], "min_stage": "시리즈A", "preferred_region": "서울", "support": ["PoC"]}
        {"id": "n2", "support": "테스트베드"}\r
        """
        let (records, errors) = JSONLines.decode(NeedProfile.self, from: Data(text.utf8))
        #expect(errors.isEmpty)
        #expect(records[0].minStage == "시리즈A" && records[0].preferredRegion == "서울")
        #expect(records[1].support == ["테스트베드"])
    }

    @Test("a BOM, CRLF line ends, blank lines and a sliced Data are handled; line numbers stay right")
    func lineEnds() {
        let text = "\u{FEFF}{\"id\": \"a\"}\r\n \t\r\n{\"id\": \"b\"}\n\n{oops\r\n{\"id\": \"c\"}"
        let padded = Data("xx".utf8) + Data(text.utf8)
        let sliced = padded[padded.index(padded.startIndex, offsetBy: 2)...]
        for data in [Data(text.utf8), sliced] {
            let (records, errors) = JSONLines.decode(StartupProfile.self, from: data, file: "f")
            #expect(records.map(\.id) == ["a", "b", "c"])
            #expect(errors.map(\.line) == [5])
        }
        #expect(JSONLines.decode(StartupProfile.self, from: Data()).records.isEmpty)
    }

    @Test("run lines are need, startup, rank")
    func runFormat() {
        let lines = RunFormat.lines(needId: "n1", matches: [Match(startupId: "a", score: 1), Match(startupId: "b", score: 0.5)])
        #expect(lines == "n1\ta\t1\nn1\tb\t2\n")
    }

    @Test("stage labels parse in Korean and English spellings")
    func stages() {
        #expect(Stage(label: "Series A") == .seriesA)
        #expect(Stage(label: "시리즈 B") == .seriesB)
        #expect(Stage(label: "IPO준비") == .preIPO)
        #expect(Stage(label: "프리A") == .preA)
        #expect(Stage.allCases.map(\.korean) == ["예비창업", "시드", "프리A", "시리즈A", "시리즈B", "시리즈C", "IPO준비"])
    }
}
