import Foundation
import IeumCore
import Testing

@Suite("Injection: links, calendar values and spreadsheet cells")
struct InjectionEscapingTests {
    @Test("a link must be https with a host, and hold no quotes, spaces, angle brackets or control characters", arguments: [
        "javascript:alert(1)", "JAVASCRIPT:alert(1)", "http://example.com", "https://a.b/\"x", "https://a.b/'x", "https://a.b/<x>",
        "https://exa mple.com", "https://a.b/x\r\nATTENDEE:mailto:x@evil", "https://a.b/\u{0}", "https://a.b/\u{2028}x", "https://a.b/\u{200B}x",
        "https://a.b/x\\y", "https:evil.com", "https:///evil.com", "//evil.com", "https://user:pw@evil.com", "https://bank.kr@evil.com",
        "data:text/html,<script>", "ftp://a.b", "", "   ", "https://", "https://a.b/`x`",
        "\"><meta http-equiv=refresh content=0;url=//evil>", "\" onmouseover=\"x",
    ])
    func refusedLinks(_ link: String) {
        #expect(WebLink.parse(link) == nil, "\(link.debugDescription) was accepted")
    }

    @Test("valid links are kept as typed (trimmed), Korean paths included")
    func acceptedLinks() {
        #expect(WebLink.parse("https://www.example.com") == "https://www.example.com")
        #expect(WebLink.parse("  https://meet.ieum.demo/room-1?pw=a&x=1#top \n") == "https://meet.ieum.demo/room-1?pw=a&x=1#top")
        #expect(WebLink.parse("HTTPS://Example.com:8443/a/b") == "HTTPS://Example.com:8443/a/b")
        #expect(WebLink.parse("https://www.example.kr/회사소개") == "https://www.example.kr/회사소개")
        #expect(WebLink.parse("https://example.com/" + String(repeating: "a", count: 2_100)) == nil)
        #expect(!WebLink.problem.ko.isEmpty && !WebLink.problem.en.isEmpty)
    }

    @Test("calendar TEXT: no line break of any kind survives, so a name cannot start a property")
    func calendarText() {
        for hostile in ["상담\r\nATTENDEE:mailto:evil@x", "상담\rATTENDEE:x", "상담\nATTENDEE:x", "상담\u{85}ATTENDEE:x", "상담\u{2028}ATTENDEE:x", "a\u{0}b\u{1B}c\u{7F}"] {
            let escaped = ICalendar.escape(hostile)
            #expect(!escaped.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" || (0x7F...0x9F).contains($0.value) || $0 == "\u{2028}" },
                    "\(escaped.debugDescription)")
        }
        #expect(ICalendar.escape("a\r\nb") == "a\\nb")
        #expect(ICalendar.escape("a\n\rb") == "a\\n\\nb")
        #expect(ICalendar.escape("a\u{0}b") == "ab")
    }

    @Test("a calendar with hostile names and links has only its own properties; a bad URL is left out")
    func calendarDocument() {
        let start = Date(timeIntervalSince1970: 1_796_086_800)
        let evil = "x\r\nATTENDEE:mailto:evil@x\r\nEND:VEVENT"
        let events = [
            CalendarEvent(uid: "a" + evil, sequence: 0, start: start, end: start, summary: evil, description: evil, location: evil,
                          url: "https://a.b/x\r\nATTENDEE:mailto:evil@x", stamp: start),
            CalendarEvent(uid: "b", sequence: 0, start: start, end: start, summary: "s", url: "javascript:alert(1)", stamp: start),
            CalendarEvent(uid: "c", sequence: 0, start: start, end: start, summary: "s", url: "https://meet.ieum.demo/room-1", stamp: start),
        ]
        let text = ICalendar.document(events, name: "상담회" + evil)
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        let lines = unfolded.components(separatedBy: "\r\n").dropLast()
        #expect(!lines.contains { $0.hasPrefix("ATTENDEE") })
        #expect(lines.filter { $0 == "END:VEVENT" }.count == 3)
        #expect(lines.allSatisfy { !$0.contains("\r") && !$0.contains("\n") })
        #expect(lines.filter { $0.hasPrefix("URL:") } == ["URL:https://meet.ieum.demo/room-1"])
    }

    @Test("spreadsheet text: formula starts neutralised, other text untouched", arguments: [
        ("=HYPERLINK(\"https://evil\")", "'=HYPERLINK(\"https://evil\")"), ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("\rx", "'\rx"), ("\r\n=1", "'\r\n=1"), ("＝1+1", "'＝1+1"), ("에이아이팩토리", "에이아이팩토리"), ("", ""), ("a=b", "a=b"),
    ])
    func spreadsheetText(_ pair: (String, String)) {
        #expect(SpreadsheetText.neutralised(pair.0) == pair.1)
        // What an export neutralised, an import reads back as it was.
        #expect(SpreadsheetText.restored(pair.1) == pair.0)
    }

    @Test("a CSV written by an export reads back with its formula-like text as it was, other apostrophes kept")
    func csvRoundTrip() throws {
        let cells = ["=1+1", "-마이너스로 시작", "@멘션", "'그냥 따옴표", "''=두 개"]
        let csv = "name\n" + cells.map { "\"" + SpreadsheetText.neutralised($0) + "\"" }.joined(separator: "\n") + "\n"
        let file = try TabularFile.parse(Array(csv.utf8), fileName: "export.csv")
        #expect(file.records.map { $0.values["name"] ?? "" } == cells)
    }
}
