import Foundation

/// A day on the wall calendar (no time, no zone): the unit every grievance deadline is counted in.
public struct CalendarDay: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CalendarDay.daysIn(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `2026-03-02`.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for day arithmetic without a Calendar.
    var ordinal: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    init(ordinal z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    public func adding(days: Int) -> CalendarDay { CalendarDay(ordinal: ordinal + days) }

    /// The same day `months` later; a day the target month lacks becomes its last day
    /// (1월 31일 + 1개월 = 2월 28일, 윤년에는 29일).
    public func adding(months: Int) -> CalendarDay {
        let index = year * 12 + (month - 1) + months
        let y = index / 12, m = index % 12 + 1
        return CalendarDay(year: y, month: m, day: min(day, CalendarDay.daysIn(year: y, month: m)))!
    }

    public func days(until other: CalendarDay) -> Int { other.ordinal - ordinal }

    /// 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int { ((ordinal % 7) + 7 + 3) % 7 + 1 }
    public var isWeekend: Bool { isoWeekday >= 6 }

    /// The day a moment falls on in `zone`.
    public static func of(_ date: Date, in zone: TimeZone) -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return CalendarDay(year: c.year!, month: c.month!, day: c.day!)!
    }

    /// The last second of the day in `zone` (23:59:59): a deadline "by the 9th" holds all the 9th.
    public func end(in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 23, minute: 59, second: 59))!
    }
}

/// Korean public holidays (공휴일, 대체공휴일, 임시공휴일) as a set of days, read from data.
public struct HolidayCalendar: Sendable {
    public let holidays: [CalendarDay: String]

    public init(_ holidays: [CalendarDay: String]) { self.holidays = holidays }

    public static let none = HolidayCalendar([:])

    /// `{"holidays":[{"date":"2026-03-02","name":"대체공휴일(삼일절)"}, …]}`
    public static func decode(_ data: Data) throws -> HolidayCalendar {
        struct File: Decodable { struct Entry: Decodable { let date: String; let name: String }; let holidays: [Entry] }
        let file = try JSONDecoder().decode(File.self, from: data)
        var days: [CalendarDay: String] = [:]
        for entry in file.holidays {
            guard let day = CalendarDay(entry.date) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "bad holiday date \(entry.date)"))
            }
            days[day] = entry.name
        }
        return HolidayCalendar(days)
    }

    public func isBusinessDay(_ day: CalendarDay) -> Bool { !day.isWeekend && holidays[day] == nil }

    /// The day itself when it is a business day, else the next business day.
    public func businessDay(onOrAfter day: CalendarDay) -> CalendarDay {
        var d = day
        while !isBusinessDay(d) { d = d.adding(days: 1) }
        return d
    }

    /// `count` business days after `day` (not counting `day` itself).
    public func adding(businessDays count: Int, to day: CalendarDay) -> CalendarDay {
        var d = day
        var left = count
        while left > 0 {
            d = d.adding(days: 1)
            if isBusinessDay(d) { left -= 1 }
        }
        return d
    }
}

/// The three deadline classes of the Seoul regional office's plan (서울청 지역 스크럼).
public enum GrievanceClass: String, Sendable, CaseIterable, Codable {
    /// 단순 애로·문의: 7일 이내 처리.
    case simple
    /// 지역 내 해결사항: 1개월 이내 처리.
    case regional
    /// 법령개정 등 부처 간 검토 필요사항: 1~3개월 이내 처리 (목표일을 정함).
    case interagency

    public var label: Localized {
        switch self {
        case .simple: Localized("단순 애로·문의 (7일)", "Simple difficulty or inquiry (7 days)")
        case .regional: Localized("지역 내 해결 (1개월)", "Resolvable in the region (1 month)")
        case .interagency: Localized("부처 간 검토 (1~3개월)", "Inter-ministry review (1–3 months)")
        }
    }
}

public enum DueDateError: Error, Equatable, Sendable {
    case targetRequired
    case targetTooEarly(earliest: CalendarDay)
    case targetTooLate(latest: CalendarDay)

    public var message: Localized {
        switch self {
        case .targetRequired:
            Localized("부처 간 검토 사항은 목표일을 정해야 합니다.", "An inter-ministry review needs a target date.")
        case .targetTooEarly(let earliest):
            Localized("목표일은 접수일로부터 1개월 이후(\(earliest) 이후)여야 합니다.", "The target must be at least one month after receipt (on or after \(earliest)).")
        case .targetTooLate(let latest):
            Localized("목표일은 접수일로부터 3개월 이내(\(latest)까지)여야 합니다.", "The target must be within three months of receipt (by \(latest)).")
        }
    }
}

/// Computes a grievance's due day from the day it was received, its class and the calendar mode.
public enum DueDate {
    /// - 단순 애로: 7 days after receipt; in business-day mode 7 business days.
    /// - 지역 내 해결: the same day a month later, clamped to the month's end.
    /// - 부처 간 검토: the given target, which must lie between one and three months after receipt.
    /// In business-day mode a due day that falls on a weekend or holiday moves to the next business
    /// day, as a period ending on a holiday ends the day after (민법 제161조).
    public static func compute(
        _ kind: GrievanceClass, receivedOn start: CalendarDay, target: CalendarDay? = nil,
        businessDays: Bool = false, holidays: HolidayCalendar = .none
    ) -> Result<CalendarDay, DueDateError> {
        let due: CalendarDay
        switch kind {
        case .simple:
            due = businessDays ? holidays.adding(businessDays: 7, to: start) : start.adding(days: 7)
        case .regional:
            due = start.adding(months: 1)
        case .interagency:
            guard let target else { return .failure(.targetRequired) }
            let earliest = start.adding(months: 1), latest = start.adding(months: 3)
            if target < earliest { return .failure(.targetTooEarly(earliest: earliest)) }
            if target > latest { return .failure(.targetTooLate(latest: latest)) }
            due = target
        }
        return .success(businessDays ? holidays.businessDay(onOrAfter: due) : due)
    }
}
