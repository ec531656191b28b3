import Fluent
import Foundation
import IeumCore

/// What waits for a person (issue 17, item 1): the workspace at `/` after sign-in. One section per
/// kind of work, each with its count and its oldest items first, and the D-day of anything with a
/// deadline. Every section is built from the same scopes the lists behind it use, so a count never
/// shows work the person cannot open.
struct Workspace: Sendable {
    struct Item: Sendable {
        let title: String
        let detail: Localized?
        let link: String
        /// A deadline (D-day is shown) or nil.
        let due: Date?
        /// When it began waiting (oldest first).
        let since: Date?
    }

    struct Section: Sendable {
        /// The element id of the section (stable, for tests and links).
        let id: String
        let title: Localized
        let count: Int
        let items: [Item]
        /// The full list behind the section.
        let more: String?
        /// Shown when nothing waits.
        var empty: Localized = Localized("기다리는 일이 없습니다.", "Nothing is waiting.")
    }

    /// Items listed per section; the count says how many there are in all.
    static let shown = 5

    var sections: [Section] = []

    /// Sections with work first, in the order they were built; empty ones after.
    var ordered: [Section] { sections.filter { $0.count > 0 } + sections.filter { $0.count == 0 } }

    var total: Int { sections.reduce(0) { $0 + $1.count } }
}

/// "D-3", "D-day", "D+2" on Seoul calendar days.
enum DDay {
    static func label(_ due: Date, now: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = SeoulTime.zone
        let days = calendar.dateComponents([.day], from: calendar.startOfDay(for: now), to: calendar.startOfDay(for: due)).day ?? 0
        if days == 0 { return "D-day" }
        return days > 0 ? "D-\(days)" : "D+\(-days)"
    }

    /// Overdue, due within three days, or later: for the badge's colour.
    static func urgency(_ due: Date, now: Date) -> String {
        if due < now { return "overdue" }
        return due.timeIntervalSince(now) <= 3 * 24 * 3600 ? "soon" : "later"
    }
}
