import Foundation
import IeumCore
import Testing

@Suite("iCalendar files")
struct ICalendarTests {
    let start = Date(timeIntervalSince1970: 1_796_086_800)  // 2026-12-01 01:00 UTC = 10:00 in Seoul

    @Test("times in Asia/Seoul with a VTIMEZONE, UTC stamps, CRLF lines")
    func times() {
        let event = CalendarEvent(uid: "m1@meetings.ieum", sequence: 2, start: start, end: start.addingTimeInterval(1_800), summary: "1:1 상담",
                                  stamp: start.addingTimeInterval(-86_400))
        let text = ICalendar.document([event], name: "상담회")
        #expect(text.contains("DTSTART;TZID=Asia/Seoul:20261201T100000\r\n"))
        #expect(text.contains("DTEND;TZID=Asia/Seoul:20261201T103000\r\n"))
        #expect(text.contains("DTSTAMP:20261130T010000Z\r\n"))
        #expect(text.contains("TZID:Asia/Seoul\r\n") && text.contains("TZOFFSETTO:+0900\r\n"))
        #expect(text.contains("UID:m1@meetings.ieum\r\nSEQUENCE:2\r\n"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test("TEXT escaping and folding at 75 octets without splitting Korean characters")
    func escapingAndFolding() {
        #expect(ICalendar.escape("A, B; C\\D\n다음 줄") == "A\\, B\\; C\\\\D\\n다음 줄")
        let long = "SUMMARY:" + String(repeating: "가", count: 40)  // 8 + 120 octets
        let folded = ICalendar.fold(long)
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines[1].hasPrefix(" "))
        #expect(lines[0] + lines[1].dropFirst() == long)
    }

    @Test("a cancelled event keeps its UID, says CANCELLED and drops its alarm")
    func cancelled() {
        let event = CalendarEvent(uid: "m1@meetings.ieum", sequence: 3, start: start, end: start.addingTimeInterval(1_800), summary: "상담",
                                  status: .cancelled, alarmMinutesBefore: 15, stamp: start)
        let text = ICalendar.document([event], name: "x")
        #expect(text.contains("STATUS:CANCELLED"))
        #expect(!text.contains("BEGIN:VALARM"))
        let live = ICalendar.document([CalendarEvent(uid: "u", sequence: 0, start: start, end: start, summary: "s", alarmMinutesBefore: 15, stamp: start)], name: "x")
        #expect(live.contains("BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:s\r\nTRIGGER:-PT15M\r\nEND:VALARM"))
    }
}
