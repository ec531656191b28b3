import Foundation
import IeumCore

/// A reporting period as targets name it: `2026`, `2026-H1` or `2026-Q3`, in Seoul time.
public struct KPIPeriod: Hashable, Sendable, CustomStringConvertible {
    public enum Part: Hashable, Sendable {
        case year
        case half(Int)
        case quarter(Int)
    }

    public let year: Int
    public let part: Part

    public init(year: Int, part: Part = .year) {
        self.year = year
        self.part = part
    }

    /// `2026`, `2026-H1`/`2026-h2`, `2026-Q1`…`2026-Q4`; nil otherwise.
    public static func parse(_ raw: String) -> KPIPeriod? {
        let text = raw.trimmingCharacters(in: .whitespaces).uppercased()
        let pieces = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = pieces.first, first.count == 4, let year = Int(first), (2000...2100).contains(year) else { return nil }
        if pieces.count == 1 { return KPIPeriod(year: year) }
        guard pieces.count == 2, pieces[1].count == 2, let n = Int(pieces[1].dropFirst()) else { return nil }
        switch pieces[1].first {
        case "H" where (1...2).contains(n): return KPIPeriod(year: year, part: .half(n))
        case "Q" where (1...4).contains(n): return KPIPeriod(year: year, part: .quarter(n))
        default: return nil
        }
    }

    public var code: String {
        switch part {
        case .year: String(year)
        case .half(let n): "\(year)-H\(n)"
        case .quarter(let n): "\(year)-Q\(n)"
        }
    }

    public var description: String { code }

    public var label: Localized {
        switch part {
        case .year: Localized("\(year)년", String(year))
        case .half(let n): Localized("\(year)년 \(n == 1 ? "상반기" : "하반기")", "\(year) H\(n)")
        case .quarter(let n): Localized("\(year)년 \(n)분기", "\(year) Q\(n)")
        }
    }

    /// The short label of a quarter inside its year's chart: `1분기` / `Q1`.
    public var shortLabel: Localized {
        switch part {
        case .year: Localized("\(year)년", String(year))
        case .half(let n): Localized(n == 1 ? "상반기" : "하반기", "H\(n)")
        case .quarter(let n): Localized("\(n)분기", "Q\(n)")
        }
    }

    var months: ClosedRange<Int> {
        switch part {
        case .year: 1...12
        case .half(let n): (n - 1) * 6 + 1...n * 6
        case .quarter(let n): (n - 1) * 3 + 1...n * 3
        }
    }

    static var seoulCalendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = SeoulTime.zone
        return calendar
    }

    /// The first instant of the period and the first instant after it, Seoul midnight.
    public var interval: DateInterval {
        let calendar = Self.seoulCalendar
        let start = calendar.date(from: DateComponents(year: year, month: months.lowerBound, day: 1))!
        let endMonth = months.upperBound == 12 ? DateComponents(year: year + 1, month: 1, day: 1) : DateComponents(year: year, month: months.upperBound + 1, day: 1)
        return DateInterval(start: start, end: calendar.date(from: endMonth)!)
    }

    public func contains(_ date: Date) -> Bool {
        let range = interval
        return range.start <= date && date < range.end
    }

    /// The four quarters of the period's year.
    public var quartersOfYear: [KPIPeriod] { (1...4).map { KPIPeriod(year: year, part: .quarter($0)) } }

    /// The year of `date` in Seoul.
    public static func year(of date: Date) -> KPIPeriod {
        KPIPeriod(year: seoulCalendar.component(.year, from: date))
    }
}
