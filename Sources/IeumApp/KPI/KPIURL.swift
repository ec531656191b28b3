import Foundation

/// The addresses of the KPI dashboards' exports and of the collaboration list's export. The
/// controller registers these paths and the views build their links here (as `SiteURL` does).
enum KPIURL: Equatable {
    case dashboard(program: UUID?, period: String?)
    /// A table of the dashboard; `table == nil` in .xlsx means every table, one sheet each.
    case export(format: TableFileFormat, table: String?, program: UUID?, period: String?)
    case collaborationsExport(format: TableFileFormat)

    static func exportSegment(_ format: TableFileFormat) -> String { "export.\(format.rawValue)" }

    var path: String {
        switch self {
        case .dashboard(let program, let period):
            return "/kpi" + Self.query([("program", program?.uuidString), ("period", period)])
        case .export(let format, let table, let program, let period):
            return "/kpi/export.\(format.rawValue)" + Self.query([("table", table), ("program", program?.uuidString), ("period", period)])
        case .collaborationsExport(let format):
            return "/collaborations/export.\(format.rawValue)"
        }
    }

    static func query(_ items: [(String, String?)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let parts = items.compactMap { key, value in
            value.flatMap { $0.isEmpty ? nil : "\(key)=\($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0)" }
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}
