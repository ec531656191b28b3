import Foundation
import Testing
@testable import IeumCore

@Suite("Grievance due dates: 7 days, 1 month, 1–3 months, business days")
struct DueDateTests {
    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    /// The holiday list the app ships, read from its data file.
    static let holidays: HolidayCalendar = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/IeumApp/Resources/Data/holidays-kr.json")
        return try! HolidayCalendar.decode(Data(contentsOf: url))
    }()

    @Test("calendar days: parsing refuses days a month lacks; leap years", arguments: [
        ("2026-02-28", true), ("2026-02-29", false), ("2028-02-29", true), ("2100-02-29", false), ("2000-02-29", true),
        ("2026-04-31", false), ("2026-13-01", false), ("26-03-01", false), ("2026-3-1", true),
    ])
    func parsing(text: String, valid: Bool) {
        #expect((CalendarDay(text) != nil) == valid)
    }

    @Test("a month later keeps the day or clamps to the month's end", arguments: [
        ("2026-01-31", "2026-02-28"), ("2028-01-31", "2028-02-29"), ("2028-02-29", "2028-03-29"), ("2026-03-31", "2026-04-30"),
        ("2026-12-31", "2027-01-31"), ("2026-03-02", "2026-04-02"), ("2026-08-31", "2026-09-30"),
    ])
    func oneMonth(start: String, due: String) {
        // given a grievance resolvable in the region, received on `start`
        // when its due day is computed in calendar days
        let result = DueDate.compute(.regional, receivedOn: Self.day(start))
        // then it is the same day a month later, clamped
        #expect(result == .success(Self.day(due)))
    }

    @Test("단순 애로 is due 7 calendar days after receipt, across month and year ends", arguments: [
        ("2026-03-02", "2026-03-09"), ("2026-02-25", "2026-03-04"), ("2026-12-28", "2027-01-04"), ("2028-02-25", "2028-03-03"),
    ])
    func sevenDays(start: String, due: String) {
        #expect(DueDate.compute(.simple, receivedOn: Self.day(start)) == .success(Self.day(due)))
    }

    @Test("business-day mode counts 7 working days, skipping weekends, 설날 and 대체공휴일", arguments: [
        // 2/14–15 weekend, 2/16–18 설날 연휴
        ("2026-02-13", "2026-02-27"),
        // 3/2 is the substitute holiday for 삼일절 (a Sunday)
        ("2026-02-27", "2026-03-11"),
        // 9/24–26 추석, 9/28 대체공휴일, 10/3 개천절 → 10/5 대체, 10/9 한글날
        ("2026-09-23", "2026-10-08"),
    ])
    func sevenBusinessDays(start: String, due: String) {
        #expect(DueDate.compute(.simple, receivedOn: Self.day(start), businessDays: true, holidays: Self.holidays) == .success(Self.day(due)))
    }

    @Test("business-day mode moves a month's due day off weekends and holidays", arguments: [
        // 5/24 부처님오신날 (Sunday) and 5/25 its substitute → Tuesday 5/26
        ("2026-04-24", "2026-05-26"),
        // Jan 31 → Feb 28 (Saturday) → Mar 2 (substitute holiday) → Mar 3
        ("2026-01-31", "2026-03-03"),
        // a working day stays
        ("2026-03-10", "2026-04-10"),
    ])
    func monthInBusinessDays(start: String, due: String) {
        #expect(DueDate.compute(.regional, receivedOn: Self.day(start), businessDays: true, holidays: Self.holidays) == .success(Self.day(due)))
    }

    @Test("부처 간 검토 needs a target between one and three months after receipt")
    func interagencyBounds() {
        // given a case received on 2026-03-02
        let start = Self.day("2026-03-02")
        // then the target is required, and bounded on both sides (inclusive)
        #expect(DueDate.compute(.interagency, receivedOn: start) == .failure(.targetRequired))
        #expect(DueDate.compute(.interagency, receivedOn: start, target: Self.day("2026-04-01")) == .failure(.targetTooEarly(earliest: Self.day("2026-04-02"))))
        #expect(DueDate.compute(.interagency, receivedOn: start, target: Self.day("2026-04-02")) == .success(Self.day("2026-04-02")))
        #expect(DueDate.compute(.interagency, receivedOn: start, target: Self.day("2026-06-02")) == .success(Self.day("2026-06-02")))
        #expect(DueDate.compute(.interagency, receivedOn: start, target: Self.day("2026-06-03")) == .failure(.targetTooLate(latest: Self.day("2026-06-02"))))
    }

    @Test("the three-month bound clamps at month ends, leap years included")
    func interagencyClamp() {
        // 2025-11-30 + 3 months = 2026-02-28; 2027-11-30 + 3 months = 2028-02-29
        #expect(DueDate.compute(.interagency, receivedOn: Self.day("2025-11-30"), target: Self.day("2026-02-28")) == .success(Self.day("2026-02-28")))
        #expect(DueDate.compute(.interagency, receivedOn: Self.day("2025-11-30"), target: Self.day("2026-03-01")) == .failure(.targetTooLate(latest: Self.day("2026-02-28"))))
        #expect(DueDate.compute(.interagency, receivedOn: Self.day("2027-11-30"), target: Self.day("2028-02-29")) == .success(Self.day("2028-02-29")))
    }

    @Test("a target on a holiday moves to the next business day in business-day mode")
    func targetOnHoliday() {
        // 2026-06-03 is the local election day (a public holiday)
        let result = DueDate.compute(.interagency, receivedOn: Self.day("2026-03-04"), target: Self.day("2026-06-03"), businessDays: true, holidays: Self.holidays)
        #expect(result == .success(Self.day("2026-06-04")))
    }

    @Test("weekdays and Seoul days of moments")
    func weekdaysAndZones() {
        let seoul = TimeZone(identifier: "Asia/Seoul")!
        #expect(Self.day("2026-03-02").isoWeekday == 1)
        #expect(Self.day("2026-03-01").isoWeekday == 7)
        #expect(Self.day("1969-12-31").isoWeekday == 3)
        // 2026-03-01 15:30 UTC is already 3/2 00:30 in Seoul
        #expect(CalendarDay.of(Date(timeIntervalSince1970: 1_772_379_000), in: seoul) == Self.day("2026-03-02"))
        // a deadline holds the whole due day in Seoul: 23:59:59 KST = 14:59:59 UTC
        #expect(Self.day("2026-03-09").end(in: seoul) == Date(timeIntervalSince1970: 1_773_068_399))
        #expect(Self.day("2026-03-02").adding(days: -1) == Self.day("2026-03-01"))
        #expect(Self.day("2026-03-01").days(until: Self.day("2026-03-09")) == 8)
    }

    @Test("the shipped holiday list holds the 2026 holidays and substitutes")
    func holidayFile() {
        for text in ["2026-01-01", "2026-02-17", "2026-03-02", "2026-05-25", "2026-06-03", "2026-08-17", "2026-09-28", "2026-10-05", "2026-12-25"] {
            #expect(!Self.holidays.isBusinessDay(Self.day(text)), "\(text)")
        }
        #expect(Self.holidays.isBusinessDay(Self.day("2026-03-03")))
        #expect(!Self.holidays.isBusinessDay(Self.day("2026-03-07")))  // Saturday
    }

    @Test("a malformed holiday file is refused")
    func badFile() {
        #expect(throws: (any Error).self) { try HolidayCalendar.decode(Data(#"{"holidays":[{"date":"2026-02-30","name":"x"}]}"#.utf8)) }
    }
}

@Suite("Grievance workflow: 접수 → 분류 → 처리중 → 해결 / 이관 / 불수용")
struct GrievanceWorkflowTests {
    @Test("every step from every status, as a table")
    func table() {
        let allowed: [GrievanceStep: Set<GrievanceStatus>] = [
            .classify: [.received, .classified, .inProgress],
            .start: [.classified],
            .resolve: [.classified, .inProgress],
            .transfer: [.received, .classified, .inProgress],
            .reject: [.received, .classified, .inProgress],
        ]
        for step in GrievanceStep.allCases {
            for status in GrievanceStatus.allCases {
                #expect(step.allowed(from: status) == allowed[step]!.contains(status), "\(step) from \(status)")
            }
        }
    }

    @Test("closed cases take no step; only held cases run a deadline")
    func finals() {
        for status in GrievanceStatus.allCases where status.isFinal {
            #expect(GrievanceStep.available(from: status).isEmpty)
            #expect(!status.hasRunningDeadline)
        }
        #expect(GrievanceStatus.classified.hasRunningDeadline && GrievanceStatus.inProgress.hasRunningDeadline)
        #expect(!GrievanceStatus.received.hasRunningDeadline)
    }

    @Test("receipt numbers are year and a six-digit sequence")
    func receipt() {
        #expect(GrievanceReceipt.number(year: 2026, sequence: 123) == "2026-000123")
        #expect(GrievanceReceipt.number(year: 2027, sequence: 1) == "2027-000001")
    }
}
