import Foundation

/// One event of an RFC 5545 calendar file.
public struct CalendarEvent: Sendable, Equatable {
    public enum Status: String, Sendable { case confirmed = "CONFIRMED", cancelled = "CANCELLED" }

    /// Stable across changes, so a calendar replaces its entry instead of adding one.
    public var uid: String
    /// Raised on every change of time, place or status.
    public var sequence: Int
    public var start: Date
    public var end: Date
    public var summary: String
    public var description: String
    public var location: String
    public var url: String?
    public var status: Status
    /// A reminder this many minutes before the start.
    public var alarmMinutesBefore: Int?
    /// When this version was made (DTSTAMP and LAST-MODIFIED).
    public var stamp: Date

    public init(uid: String, sequence: Int, start: Date, end: Date, summary: String, description: String = "", location: String = "",
                url: String? = nil, status: Status = .confirmed, alarmMinutesBefore: Int? = nil, stamp: Date) {
        self.uid = uid
        self.sequence = sequence
        self.start = start
        self.end = end
        self.summary = summary
        self.description = description
        self.location = location
        self.url = url
        self.status = status
        self.alarmMinutesBefore = alarmMinutesBefore
        self.stamp = stamp
    }
}

/// Writes iCalendar (RFC 5545) files with times in Asia/Seoul: CRLF lines folded at 75 octets
/// without splitting a UTF-8 character, TEXT values escaped, a VTIMEZONE for Seoul (KST, no
/// daylight saving since 1988).
public enum ICalendar {
    public static func document(_ events: [CalendarEvent], name: String) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Ieum//Consultation meetings//KO", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:" + escape(name), "X-WR-TIMEZONE:Asia/Seoul",
                     "BEGIN:VTIMEZONE", "TZID:Asia/Seoul", "BEGIN:STANDARD", "DTSTART:19700101T000000",
                     "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "TZNAME:KST", "END:STANDARD", "END:VTIMEZONE"]
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:" + escape(event.uid), "SEQUENCE:\(event.sequence)",
                      "DTSTAMP:" + utc(event.stamp), "LAST-MODIFIED:" + utc(event.stamp),
                      "DTSTART;TZID=Asia/Seoul:" + seoul(event.start), "DTEND;TZID=Asia/Seoul:" + seoul(event.end),
                      "SUMMARY:" + escape(event.summary), "STATUS:" + event.status.rawValue]
            if !event.description.isEmpty { lines.append("DESCRIPTION:" + escape(event.description)) }
            if !event.location.isEmpty { lines.append("LOCATION:" + escape(event.location)) }
            if let url = event.url.flatMap(uri) { lines.append("URL:" + url) }
            if let minutes = event.alarmMinutesBefore, event.status == .confirmed {
                lines += ["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + escape(event.summary), "TRIGGER:-PT\(minutes)M", "END:VALARM"]
            }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon and comma escaped; a line break of
    /// any kind (CRLF, CR, LF, NEL, U+2028/9) becomes `\n`; other control characters, which TEXT may
    /// not hold, are dropped. No value can end its line and start a property of its own.
    public static func escape(_ text: String) -> String {
        var out = ""
        var lastWasCR = false
        for scalar in text.unicodeScalars {
            defer { lastWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r", "\u{85}", "\u{2028}", "\u{2029}", "\u{0B}", "\u{0C}": out += "\\n"
            case "\n": if !lastWasCR { out += "\\n" }
            case "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A URI value (the URL property): only a link that passes `WebLink` (https, no spaces, quotes
    /// or control characters); anything else is left out of the file.
    public static func uri(_ value: String) -> String? {
        guard let link = WebLink.parse(value), link == value.trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        return link
    }

    /// Splits a content line into 75-octet pieces, continuation lines starting with a space.
    public static func fold(_ line: String) -> String {
        var pieces: [String] = []
        var current = "", octets = 0
        for ch in line {
            let size = String(ch).utf8.count
            let limit = pieces.isEmpty ? 75 : 74
            if octets + size > limit {
                pieces.append(current)
                current = ""
                octets = 0
            }
            current.append(ch)
            octets += size
        }
        pieces.append(current)
        return pieces.enumerated().map { $0.offset == 0 ? $0.element : " " + $0.element }.joined(separator: "\r\n")
    }

    static let seoulZone = TimeZone(identifier: "Asia/Seoul")!

    static func format(_ date: Date, zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    public static func seoul(_ date: Date) -> String { format(date, zone: seoulZone) }
    public static func utc(_ date: Date) -> String { format(date, zone: TimeZone(identifier: "UTC")!) + "Z" }
}
