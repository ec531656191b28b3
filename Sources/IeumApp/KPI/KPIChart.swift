import Foundation
import IeumCore

/// Charts drawn on the server as inline SVG: no script, no image requests. Each has `role="img"`, a
/// `<title>` and a `<desc>`; the page puts a table of the same numbers beside it, which is what
/// assistive technology and the exports read. Built as `TrustedMarkup`: every label, id and class
/// interpolated into the markup is escaped.
enum KPIChart {
    static func open(id: String, title: String, desc: String, width: Int, height: Int, cssClass: String) -> TrustedMarkup {
        ##"<svg class="kpi-chart \##(cssClass)" role="img" aria-labelledby="\##(id)-title \##(id)-desc" viewBox="0 0 \##(width) \##(height)" "##
            + ##"width="\##(width)" height="\##(height)" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">"##
            + ##"<title id="\##(id)-title">\##(title)</title><desc id="\##(id)-desc">\##(desc)</desc>"##
    }

    static func text(_ x: Double, _ y: Double, _ value: String, anchor: String = "start", cssClass: String = "chart-label") -> TrustedMarkup {
        ##"<text x="\##(fmt(x))" y="\##(fmt(y))" text-anchor="\##(anchor)" class="\##(cssClass)">\##(value)</text>"##
    }

    static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, cssClass: String, fill: String) -> TrustedMarkup {
        ##"<rect x="\##(fmt(x))" y="\##(fmt(y))" width="\##(fmt(max(0, w)))" height="\##(fmt(h))" class="\##(cssClass)" fill="\##(fill)"/>"##
    }

    static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Short labels for bars: money as 16.1억원 / KRW 1.61B (the tables carry the full amounts).
    static func display(_ metric: KPIMetric, _ value: Int64, _ language: Lang) -> String {
        guard metric == .contractValueKRW || metric == .investmentKRW else { return KPIDashboard.value(metric, value).display(language) }
        return compactWon(value, language)
    }

    static func compactWon(_ value: Int64, _ language: Lang) -> String {
        func trimmed(_ x: Double) -> String {
            let rounded = (x * 100).rounded() / 100
            return rounded == rounded.rounded() ? String(Int64(rounded)) : String(format: "%.2f", rounded).replacingOccurrences(of: #"0+$"#, with: "", options: .regularExpression)
        }
        let amount = Double(value)
        if language == .ko {
            if abs(amount) >= Double(KRW.eok) { return trimmed(amount / Double(KRW.eok)) + "억원" }
            if abs(amount) >= Double(KRW.man) { return trimmed(amount / Double(KRW.man)) + "만원" }
            return KRW.koreanText(value)
        }
        if abs(amount) >= 1e9 { return "KRW " + trimmed(amount / 1e9) + "B" }
        if abs(amount) >= 1e6 { return "KRW " + trimmed(amount / 1e6) + "M" }
        return "KRW " + KRW.grouped(value.magnitude)
    }

    /// One row per metric: its name, the actual as a bar with the target as a mark on the same
    /// scale, and the numbers under it. Narrow (340 wide, one thing per line) so that a phone draws
    /// its text at 11 px or more.
    static func targets(_ rows: [KPICalculator.MetricRow], id: String, title: String, language: Lang) -> TrustedMarkup {
        let t: (String, String) -> String = { language == .ko ? $0 : $1 }
        let width = 340, rowHeight = 64, barWidth = 330.0
        let height = rows.count * rowHeight + 4
        var svg = open(id: id, title: title, desc: t("지표마다 실적 막대와 목표 표시선, 달성률", "For each metric, the actual as a bar, the target as a line, and the share achieved"),
                       width: width, height: height, cssClass: "kpi-targets")
        for (index, row) in rows.enumerated() {
            let y = Double(index * rowHeight)
            let scale = Double(max(row.target ?? 0, row.actual, 1))
            svg += text(0, y + 14, row.metric.label.text(language))
            svg += rect(0, y + 21, barWidth, 16, cssClass: "bar-track", fill: "#eef1f5")
            svg += rect(0, y + 21, barWidth * Double(row.actual) / scale, 16, cssClass: "bar-actual", fill: "#2a5db0")
            if let target = row.target {
                let x = min(barWidth * Double(target) / scale, barWidth - 1.5)
                svg += ##"<line x1="\##(fmt(x))" y1="\##(fmt(y + 17))" x2="\##(fmt(x))" y2="\##(fmt(y + 41))" class="target-line" stroke="#c0392b" stroke-width="3"/>"##
            }
            let summary = display(row.metric, row.actual, language)
                + (row.target.map { " / " + display(row.metric, $0, language) } ?? t(" / 목표 없음", " / no target"))
                + (row.achievement.map { " (" + ExportCell.percentText($0) + ")" } ?? "")
            svg += text(0, y + 54, summary, cssClass: "chart-value")
        }
        return svg + "</svg>"
    }

    /// The cumulative actual at the end of each quarter, with the year's target as a dashed line.
    static func quarterly(_ metric: KPIMetric, _ points: [KPICalculator.QuarterPoint], id: String, language: Lang) -> TrustedMarkup {
        let t: (String, String) -> String = { language == .ko ? $0 : $1 }
        let width = 320, height = 190, left = 10.0, bottom = 160.0, plot = 120.0
        let yearTarget = points.first?.yearTarget
        let scale = Double(max(points.map(\.cumulative).max() ?? 0, yearTarget ?? 0, 1))
        let title = metric.label.text(language) + t(" — 분기 말 누적", " — year to date at each quarter's end")
        var svg = open(id: id, title: title,
                       desc: t("분기별 누적 실적 막대", "Cumulative actual per quarter")
                           + (yearTarget.map { t(", 연간 목표 ", ", year target ") + display(metric, $0, language) } ?? ""),
                       width: width, height: height, cssClass: "kpi-quarterly")
        let slot = (Double(width) - left * 2) / Double(max(points.count, 1))
        for (index, point) in points.enumerated() {
            let h = plot * Double(point.cumulative) / scale
            let x = left + slot * Double(index) + slot * 0.2
            svg += rect(x, bottom - h, slot * 0.6, h, cssClass: "bar-actual", fill: "#2a5db0")
            svg += text(x + slot * 0.3, bottom - h - 4, display(metric, point.cumulative, language), anchor: "middle", cssClass: "chart-value small")
            svg += text(x + slot * 0.3, bottom + 16, point.quarter.shortLabel.text(language), anchor: "middle")
        }
        if let yearTarget {
            let y = bottom - plot * Double(yearTarget) / scale
            svg += ##"<line x1="\##(fmt(left))" y1="\##(fmt(y))" x2="\##(fmt(Double(width) - left))" y2="\##(fmt(y))" class="target-line" stroke="#c0392b" stroke-width="2" stroke-dasharray="6 4"/>"##
        }
        svg += ##"<line x1="\##(fmt(left))" y1="\##(fmt(bottom))" x2="\##(fmt(Double(width) - left))" y2="\##(fmt(bottom))" class="axis" stroke="#8a94a6"/>"##
        return svg + "</svg>"
    }

    /// The application funnel as bars on one scale, each with its count and its share of the step
    /// before, then the direct matches as a bar of their own below a rule, marked as outside the
    /// rates. Narrow (340 wide, label above bar) so that a phone shows its text at 11 px or more.
    static func funnel(_ funnel: KPIFunnel, id: String, title: String, language: Lang) -> TrustedMarkup {
        let t: (String, String) -> String = { language == .ko ? $0 : $1 }
        let width = 340, rowHeight = 50, barSpace = 200.0
        let rows = funnel.rows
        let height = (rows.count + 1) * rowHeight + 20
        let scale = Double(max(rows.map(\.count).max() ?? 0, funnel.directMatches, 1))
        var svg = open(id: id, title: title,
                       desc: t("지원서에서 사업화까지 단계별 건수와 전 단계 대비 비율, 그리고 비율 밖의 직접 매칭 건수",
                               "Count per step from applications to results with the share of the step before, and direct matches outside the rates"),
                       width: width, height: height, cssClass: "kpi-funnel")
        func bar(_ y: Double, label: String, count: Int64, value: String, cssClass: String, fill: String) {
            svg += text(0, y + 15, label)
            svg += rect(0, y + 22, max(2, barSpace * Double(count) / scale), 20, cssClass: cssClass, fill: fill)
            svg += text(barSpace + 8, y + 37, value, cssClass: "chart-value")
        }
        for (index, row) in rows.enumerated() {
            let count = KPINumber.count(row.count) + t("건", "")
            bar(Double(index * rowHeight), label: row.step.label.text(language), count: row.count,
                value: count + (row.fromPrevious.map { " · " + $0.percentText } ?? ""), cssClass: "bar-funnel step-\(index)", fill: "#3b7dd8")
        }
        let y = Double(rows.count * rowHeight) + 10
        svg += ##"<line x1="0" y1="\##(fmt(y))" x2="\##(width)" y2="\##(fmt(y))" class="axis" stroke="#8a94a6" stroke-dasharray="4 3"/>"##
        bar(y + 6, label: t("직접 매칭 (지원서 없이, 비율 밖)", "Direct matches (outside the rates)"), count: funnel.directMatches,
            value: KPINumber.count(funnel.directMatches) + t("건", ""), cssClass: "bar-direct", fill: "#8a94a6")
        return svg + "</svg>"
    }

    /// Horizontal bars of collaborations per group, the group's name above its bar (340 wide, as
    /// the other charts, for phones).
    static func breakdown(_ rows: [KPICalculator.BreakdownRow], id: String, title: String, language: Lang) -> TrustedMarkup {
        let t: (String, String) -> String = { language == .ko ? $0 : $1 }
        let width = 340, rowHeight = 40, barSpace = 280.0
        let shown = Array(rows.prefix(12))
        let height = max(1, shown.count) * rowHeight + 4
        let scale = Double(max(shown.map(\.collaborations).max() ?? 0, 1))
        var svg = open(id: id, title: title, desc: t("구분별 협업 수", "Collaborations per group"), width: width, height: height, cssClass: "kpi-breakdown")
        if shown.isEmpty { svg += text(0, 20, t("이 기간에 시작한 협업이 없습니다.", "No collaboration started in this period.")) }
        for (index, row) in shown.enumerated() {
            let y = Double(index * rowHeight)
            let w = barSpace * Double(row.collaborations) / scale
            svg += text(0, y + 14, row.label.text(language))
            svg += rect(0, y + 20, w, 14, cssClass: "bar-actual", fill: "#2a5db0")
            svg += text(w + 6, y + 32, String(row.collaborations), cssClass: "chart-value")
        }
        return svg + "</svg>"
    }
}
