import Fluent
import Foundation
import IeumCore

/// The data of one dashboard: the programs it covers, the period and every table, built once and
/// used both by the page (charts and tables) and by the exports, so they show the same numbers.
struct KPIDashboard: Sendable {
    /// The export address's `table=` values, in page order.
    enum TableKey: String, CaseIterable, Sendable {
        case targets, quarterly, funnel, programs
        case field, cluster, startupStage = "startup-stage", demandType = "demand-type", stage

        var dimension: KPICalculator.Dimension? {
            switch self {
            case .field: .field
            case .cluster: .cluster
            case .startupStage: .startupStage
            case .demandType: .demandType
            case .stage: .stage
            default: nil
            }
        }
    }

    /// A program the dashboard covers, as plain values (issue 15, item 2: the page holds no database type).
    struct ProgramRef: Sendable, Equatable {
        let id: UUID
        let name: String
        let nameEn: String?
        let year: Int
    }

    let programs: [ProgramRef]
    /// The one program of `/kpi?program=…`, or nil for the agency-wide dashboard.
    let program: ProgramRef?
    let period: KPIPeriod
    let calculator: KPICalculator
    /// Per program, for the agency-wide dashboard.
    let perProgram: [(program: ProgramRef, rows: [KPICalculator.MetricRow])]
    /// Computed once: the page's chart, tables and notes and the export's sheet all read this value.
    let funnelReport: KPIFunnel

    static func make(programs: [Program], program: Program?, period: KPIPeriod, on db: any Database) async throws -> KPIDashboard {
        let covered = program.map { [$0] } ?? programs
        let calculator = try await KPIService.report(for: covered, on: db)
        var perProgram: [(ProgramRef, [KPICalculator.MetricRow])] = []
        if program == nil && covered.count > 1 {
            // Each program's own records (a startup in two programs counts once in each, once in the total).
            for item in covered {
                perProgram.append((ProgramRef(item), try await KPIService.report(for: [item], on: db).rows(period)))
            }
        }
        return KPIDashboard(programs: programs.map(ProgramRef.init), program: program.map(ProgramRef.init), period: period, calculator: calculator, perProgram: perProgram,
                            funnelReport: calculator.funnel(period))
    }

    static func value(_ metric: KPIMetric, _ value: Int64?) -> ExportCell {
        guard let value else { return .none }
        return metric == .contractValueKRW || metric == .investmentKRW ? .won(value) : .count(value)
    }

    var targets: ExportTable {
        ExportTable(
            key: TableKey.targets.rawValue,
            title: Localized("목표 대비 실적 (\(period.label.ko))", "Targets against actuals (\(period.label.en))"),
            columns: [Localized("성과지표", "Metric"), Localized("기간", "Period"), Localized("목표", "Target"),
                      Localized("실적", "Actual"), Localized("달성률(%)", "Achieved (%)")],
            rows: calculator.rows(period).map { row in
                [.text(row.metric.label), .text(period.code), Self.value(row.metric, row.target), Self.value(row.metric, row.actual), .percent(row.achievement)]
            })
    }

    var quarterly: ExportTable {
        var rows: [[ExportCell]] = []
        for metric in KPIMetric.allCases {
            for point in calculator.quarters(metric, year: period.year) {
                let achieved: Double? = point.yearTarget.flatMap { $0 > 0 ? Double(point.cumulative) / Double($0) : nil }
                rows.append([.text(metric.label), .text(point.quarter.code), Self.value(metric, point.actual), Self.value(metric, point.cumulative),
                             Self.value(metric, point.quarterTarget), Self.value(metric, point.yearTarget), .percent(achieved)])
            }
        }
        return ExportTable(
            key: TableKey.quarterly.rawValue,
            title: Localized("분기별 실적 (\(period.year)년, 누적)", "Quarterly actuals (\(period.year), cumulative)"),
            columns: [Localized("성과지표", "Metric"), Localized("분기", "Quarter"), Localized("분기 실적", "In the quarter"),
                      Localized("누적 실적", "Year to date"), Localized("분기 목표", "Quarter target"), Localized("연간 목표", "Year target"),
                      Localized("연간 목표 대비 누적(%)", "Year to date of year target (%)")],
            rows: rows)
    }

    /// The funnel as the page shows it: the application funnel, the direct matches on their own
    /// lines, then the two lines of context, each with its "어떻게 셌나요" text.
    var funnel: ExportTable {
        let f = funnelReport
        let notes = Dictionary(uniqueKeysWithValues: f.notes.map { ($0.key, $0.text) })
        func rows(_ rows: [KPIFunnel.Row], direct: Bool) -> [[ExportCell]] {
            let group = direct ? Localized("직접 매칭 (전환율 밖)", "Direct matches (outside the rates)") : Localized("지원서 퍼널", "Application funnel")
            return rows.map { row in
                [.text(group), .text(row.step.label), .count(row.count), row.fromPrevious.map { .count($0.whole) } ?? .none,
                 .percent(row.fromPrevious?.fraction), .percent(row.fromFirst?.fraction),
                 .text(notes[KPIFunnel.noteKey(row.step, direct: direct)] ?? Localized("", ""))]
            }
        }
        let context = Localized("참고 (퍼널 밖)", "For reference (outside the funnel)")
        let extra: [[ExportCell]] = f.notes.filter { $0.key == "needs" || $0.key == "collaborations-started" }.map { note in
            [.text(context), .text(note.label), .count(note.value), .none, .percent(nil), .percent(nil), .text(note.text)]
        }
        return ExportTable(
            key: TableKey.funnel.rawValue,
            title: Localized("협업 퍼널 (\(period.label.ko))", "Collaboration funnel (\(period.label.en))"),
            columns: [Localized("구분", "Group"), Localized("단계", "Step"), Localized("건수", "Count"), Localized("전 단계 건수", "Count at the step before"),
                      Localized("전 단계 대비(%)", "Of the step before (%)"), Localized("첫 단계 대비(%)", "Of the first step (%)"),
                      Localized("어떻게 셌나요", "How it is counted")],
            rows: rows(f.rows, direct: false) + rows(f.directRows, direct: true) + extra)
    }

    var programTable: ExportTable {
        ExportTable(
            key: TableKey.programs.rawValue,
            title: Localized("사업별 실적 (\(period.label.ko))", "Actuals by program (\(period.label.en))"),
            columns: [Localized("사업", "Program")] + KPIMetric.allCases.map(\.label),
            rows: perProgram.map { item in
                [.text(Localized(item.program.name, item.program.nameEn ?? item.program.name))] + item.rows.map { Self.value($0.metric, $0.actual) }
            })
    }

    func breakdown(_ dimension: KPICalculator.Dimension, key: TableKey) -> ExportTable {
        ExportTable(
            key: key.rawValue,
            title: Localized("\(dimension.label.ko) 협업 (\(period.label.ko))", "Collaborations \(dimension.label.en.lowercased()) (\(period.label.en))"),
            columns: [dimension.heading, Localized("협업 수", "Collaborations"), Localized("스타트업 수", "Startups"),
                      Localized("계약 금액(원)", "Contract value (KRW)"), Localized("투자 유치(원)", "Investment (KRW)")],
            rows: calculator.breakdown(dimension, period).map {
                [.text($0.label), .count($0.collaborations), .count($0.startups), .won($0.contractKRW), .won($0.investmentKRW)]
            })
    }

    func table(_ key: TableKey) -> ExportTable {
        switch key {
        case .targets: targets
        case .quarterly: quarterly
        case .funnel: funnel
        case .programs: programTable
        default: breakdown(key.dimension!, key: key)
        }
    }

    /// Every table of the page, in order (the per-program table only on the agency-wide dashboard).
    var tables: [ExportTable] {
        TableKey.allCases.filter { $0 != .programs || !perProgram.isEmpty }.map(table)
    }
}

extension KPIDashboard.ProgramRef {
    init(_ program: Program) {
        self.init(id: program.storedID, name: program.name, nameEn: program.nameEn, year: program.year)
    }
}
