import Foundation

extension SeoulTime {
    /// Reads a time as a person types it, in Seoul time: `2026-03-20T18:00` (a datetime-local
    /// input), `2026-03-20 18:00`, or a bare date `2026-03-20`, which means the end of that day (23:59).
    public static func parse(_ raw: String) -> Date? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let parts = text.split(whereSeparator: { $0 == "T" || $0 == " " })
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let day = parts[0].split(separator: "-").compactMap { Int($0) }
        guard day.count == 3, (2000...2100).contains(day[0]), (1...12).contains(day[1]), (1...31).contains(day[2]) else { return nil }
        var hour = 23, minute = 59
        if parts.count == 2 {
            let clock = parts[1].split(separator: ":").compactMap { Int($0) }
            guard clock.count == 2 || clock.count == 3, (0...23).contains(clock[0]), (0...59).contains(clock[1]) else { return nil }
            hour = clock[0]
            minute = clock[1]
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: day[0], month: day[1], day: day[2], hour: hour, minute: minute)
        guard let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day[2]  // 2026-02-30 is refused, not rolled over
        else { return nil }
        return date
    }

    /// The value a datetime-local input shows for a stored time.
    public static func inputValue(_ date: Date?) -> String {
        guard let date else { return "" }
        return dateTime(date).replacingOccurrences(of: " ", with: "T")
    }
}
