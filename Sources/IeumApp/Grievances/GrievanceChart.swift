import Foundation
import IeumCore

/// The dashboard's chart: open cases per class as horizontal bars, the overdue part darker. Drawn
/// as inline SVG with the KPI chart helpers; the table beside it carries the same numbers.
enum GrievanceChart {
    static func openByClass(_ rows: [GrievanceDashboard.Row], language: Lang) -> TrustedMarkup {
        let t: (String, String) -> String = { language == .ko ? $0 : $1 }
        let width = 560, rowHeight = 30, labelWidth = 200.0, barSpace = 260.0
        let height = max(1, rows.count) * rowHeight + 8
        let scale = Double(max(rows.map(\.open).max() ?? 0, 1))
        var svg = KPIChart.open(id: "chart-open-by-class", title: t("처리 구분별 진행 중·기한 경과", "Open and overdue cases by class"),
                                desc: t("막대 전체는 진행 중인 건, 짙은 부분은 그중 기한이 지난 건", "Each bar is the open cases; the dark part is overdue"),
                                width: width, height: height, cssClass: "grievance-chart")
        for (index, row) in rows.enumerated() {
            let y = Double(index * rowHeight) + 4
            let open = barSpace * Double(row.open) / scale, overdue = barSpace * Double(row.overdue) / scale
            svg += KPIChart.text(0, y + 17, row.label.text(language))
            svg += KPIChart.rect(labelWidth, y + 4, open, 18, cssClass: "bar-actual", fill: "#2a5db0")
            svg += KPIChart.rect(labelWidth, y + 4, overdue, 18, cssClass: "bar-overdue", fill: "#b3261e")
            svg += KPIChart.text(labelWidth + open + 6, y + 18, "\(row.open)" + (row.overdue > 0 ? t(" (경과 \(row.overdue))", " (\(row.overdue) overdue)") : ""), cssClass: "chart-value")
        }
        return svg + "</svg>"
    }
}
