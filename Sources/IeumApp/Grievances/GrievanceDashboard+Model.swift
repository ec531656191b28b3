import Foundation
import IeumCore

/// The figures of the grievance dashboard, computed from the cases (a desk holds thousands, not
/// millions, so one pass in memory is simpler than five GROUP BY queries that differ by database).
struct GrievanceDashboard: Sendable {
    struct Row: Sendable {
        var label: Localized
        var total = 0
        var open = 0
        var overdue = 0
        var resolved = 0
        var onTime = 0
        var resolveDays: [Double] = []

        var onTimeRate: Double? { resolved == 0 ? nil : Double(onTime) / Double(resolved) }
        var medianDays: Double? { GrievanceDashboard.median(resolveDays) }
    }

    var byClass: [Row] = []
    var unclassified = Row(label: Localized("미분류", "Not classified"))
    var byCategory: [Row] = []
    var byDistrict: [Row] = []
    var all = Row(label: Localized("전체", "All"))
    /// Resolved cases per staff member in `year` (연말 포상).
    var staff: [(name: String, resolved: Int, onTime: Int)] = []
    var year: Int

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    init(cases: [Grievance], districts: [(code: String, name: Localized)], year: Int, now: Date) {
        self.year = year
        var classRows = Dictionary(uniqueKeysWithValues: GrievanceClass.allCases.map { ($0, Row(label: $0.label)) })
        var categoryRows = Dictionary(uniqueKeysWithValues: GrievanceCategory.allCases.map { ($0, Row(label: $0.label)) })
        var districtRows = Dictionary(uniqueKeysWithValues: districts.map { ($0.code, Row(label: $0.name)) })
        var staffCounts: [String: (Int, Int)] = [:]
        func add(_ row: inout Row, _ g: Grievance) {
            row.total += 1
            if !g.status.isFinal { row.open += 1 }
            if !g.status.isFinal && g.overdue(at: now) { row.overdue += 1 }
            if g.status == .resolved, let closed = g.closedAt {
                row.resolved += 1
                if let due = g.dueAt, closed <= due { row.onTime += 1 }
                row.resolveDays.append(closed.timeIntervalSince(g.receivedAt) / 86_400)
            }
        }
        for g in cases {
            add(&all, g)
            if let c = g.grievanceClass { add(&classRows[c, default: Row(label: c.label)], g) } else { add(&unclassified, g) }
            add(&categoryRows[g.category, default: Row(label: g.category.label)], g)
            add(&districtRows[g.regionCode, default: Row(label: Localized(g.regionCode, g.regionCode))], g)
            if g.status == .resolved, let closed = g.closedAt, let name = g.assigneeName,
               CalendarDay.of(closed, in: SeoulTime.zone).year == year {
                let onTime = g.dueAt.map { closed <= $0 } ?? false
                let current = staffCounts[name] ?? (0, 0)
                staffCounts[name] = (current.0 + 1, current.1 + (onTime ? 1 : 0))
            }
        }
        byClass = GrievanceClass.allCases.compactMap { classRows[$0] }
        byCategory = GrievanceCategory.allCases.compactMap { categoryRows[$0] }
        byDistrict = districts.compactMap { districtRows[$0.code] }
        staff = staffCounts.map { (name: $0.key, resolved: $0.value.0, onTime: $0.value.1) }
            .sorted { ($0.resolved, $0.onTime, $1.name) > ($1.resolved, $1.onTime, $0.name) }
    }

    /// The export: every breakdown as one table, with a section column.
    func table() -> ExportTable {
        var rows: [[ExportCell]] = []
        func put(_ section: String, _ row: Row) {
            rows.append([.text(Localized(section, section)), .text(row.label), .count(Int64(row.total)), .count(Int64(row.open)), .count(Int64(row.overdue)),
                         .count(Int64(row.resolved)), .percent(row.onTimeRate), .text(Localized(Self.days(row.medianDays), Self.days(row.medianDays)))])
        }
        put("전체", all)
        for row in byClass { put("처리 구분", row) }
        if unclassified.total > 0 { put("처리 구분", unclassified) }
        for row in byCategory { put("분야", row) }
        for row in byDistrict { put("자치구", row) }
        for s in staff {
            rows.append([.text(Localized("담당자 \(year)", "Staff \(year)")), .text(Localized(s.name, s.name)), .none, .none, .none,
                         .count(Int64(s.resolved)), .percent(s.resolved == 0 ? nil : Double(s.onTime) / Double(s.resolved)), .none])
        }
        return ExportTable(key: "grievances", title: Localized("규제애로 현황", "Grievances"),
            columns: [Localized("구분", "Section"), Localized("항목", "Item"), Localized("전체", "Total"), Localized("진행 중", "Open"),
                      Localized("기한 경과", "Overdue"), Localized("해결", "Resolved"), Localized("기한 내 해결률", "On-time rate"),
                      Localized("해결 소요일(중앙값)", "Median days to resolve")],
            rows: rows)
    }

    static func days(_ value: Double?) -> String {
        guard let value else { return "-" }
        return String(format: "%.1f", value)
    }
}
