import Foundation
import IeumCore

/// One value of a table that a page shows and a file exports: the page formats it for the reader
/// (원, 억원, %), the CSV writes the plain number, the .xlsx a number cell with a number format.
public enum ExportCell: Sendable, Equatable {
    case text(Localized)
    case count(Int64)
    case won(Int64)
    /// A ratio (0.5 is 50 %); nil when it cannot be computed (a target of zero, say).
    case percent(Double?)
    case none

    static func text(_ value: String) -> ExportCell { .text(Localized(value, value)) }

    /// As the page shows it.
    public func display(_ language: Lang) -> String {
        switch self {
        case .text(let value): value.text(language)
        case .count(let value): (value < 0 ? "-" : "") + KRW.grouped(value.magnitude)
        case .won(let value): KRW.text(value, language)
        case .percent(let value): value.map(Self.percentText) ?? "—"
        case .none: "—"
        }
    }

    /// As a CSV cell: Korean text (neutralised when a spreadsheet would run it as a formula), plain
    /// numbers (won without separators, negative ones with their minus; per cent with one decimal).
    public var csv: String {
        switch self {
        case .text(let value): SpreadsheetText.neutralised(value.ko)
        case .count(let value), .won(let value): String(value)
        case .percent(let value): value.map { String(format: "%.1f", $0 * 100) } ?? ""
        case .none: ""
        }
    }

    static func percentText(_ ratio: Double) -> String { String(format: "%.1f%%", ratio * 100) }
}

/// A table of a dashboard or a list: a key for the export address, a title, column headings and
/// rows. The Korean headings are the files' headers.
public struct ExportTable: Sendable {
    public let key: String
    public let title: Localized
    public let columns: [Localized]
    public var rows: [[ExportCell]]

    public init(key: String, title: Localized, columns: [Localized], rows: [[ExportCell]] = []) {
        self.key = key
        self.title = title
        self.columns = columns
        self.rows = rows
    }
}
