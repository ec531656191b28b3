import Foundation
import Vapor

/// Where "now" comes from, so tests can pin time.
public struct AppClock: Sendable {
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) { self.now = now }

    public static let system = AppClock { Date() }
}

/// Seoul time for everything a person reads.
public enum SeoulTime {
    public static let zone = TimeZone(identifier: "Asia/Seoul")!

    public static func dateTime(_ date: Date) -> String {
        let style = Date.VerbatimFormatStyle(
            format: "\(year: .defaultDigits)-\(month: .twoDigits)-\(day: .twoDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits)",
            timeZone: zone, calendar: Calendar(identifier: .gregorian)
        )
        return date.formatted(style)
    }

    public static func time(_ date: Date) -> String {
        let style = Date.VerbatimFormatStyle(
            format: "\(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits)",
            timeZone: zone, calendar: Calendar(identifier: .gregorian)
        )
        return date.formatted(style)
    }

    public static func date(_ date: Date) -> String {
        let style = Date.VerbatimFormatStyle(
            format: "\(year: .defaultDigits)-\(month: .twoDigits)-\(day: .twoDigits)",
            timeZone: zone, calendar: Calendar(identifier: .gregorian)
        )
        return date.formatted(style)
    }
}

struct ClockKey: StorageKey {
    typealias Value = AppClock
}

extension Application {
    public var clock: AppClock {
        get { storage[ClockKey.self] ?? .system }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    var now: Date { application.clock.now() }
}
