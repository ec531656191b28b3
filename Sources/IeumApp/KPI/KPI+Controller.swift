import Fluent
import Foundation
import IeumCore
import Vapor

/// KPI dashboards: targets against actuals, the funnel and breakdowns, with exports. Operators only
/// (others 403, visitors are sent to sign in). The collaboration list's export is registered here
/// too, beside the other table exports.
struct KPIController {
    func register(_ app: Application) {
        app.on(.kpi(.dashboard), use: dashboard)
        for format in TableFileFormat.allCases {
            app.on(.kpi(.export(format))) { req in try await exportKPI(req, format: format) }
            app.on(.kpi(.exportCollaborations(format))) { req in try await exportCollaborations(req, format: format) }
        }
    }

    struct Query: Content {
        var program: String?
        var period: String?
        var table: String?
    }

    /// The dashboard a request asks for: one program or every program in the operator's scope.
    func load(_ req: Request) async throws -> (KPIDashboard, [KPIPeriod]) {
        let actor = try req.requireActor()
        let query = try req.query.decode(Query.self)
        let programs = try await KPIService.programs(for: actor, on: req.db)
        var program: Program?
        if let raw = query.program, !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else { throw IeumError.notFound }
            program = try await KPIService.program(id, for: actor, on: req.db)
        }
        let period: KPIPeriod
        if let raw = query.period, !raw.isEmpty {
            guard let parsed = KPIPeriod.parse(raw) else {
                throw Abort(.badRequest, reason: "기간은 2026, 2026-H1 또는 2026-Q3 형식으로 주세요. / Give the period as 2026, 2026-H1 or 2026-Q3.")
            }
            period = parsed
        } else {
            period = program.map { KPIPeriod(year: $0.year) } ?? KPIPeriod.year(of: req.now)
        }
        let years = Set(programs.map(\.year) + [period.year, KPIPeriod.year(of: req.now).year]).sorted(by: >)
        let periods = years.flatMap { year in
            [KPIPeriod(year: year), KPIPeriod(year: year, part: .half(1)), KPIPeriod(year: year, part: .half(2))]
                + KPIPeriod(year: year).quartersOfYear
        }
        return (try await KPIDashboard.make(programs: programs, program: program, period: period, on: req.db), periods)
    }

    func dashboard(req: Request) async throws -> Response {
        let (dashboard, periods) = try await load(req)
        return KPIPage(dashboard: dashboard, periods: periods).response(req)
    }

    func exportKPI(_ req: Request, format: TableFileFormat) async throws -> Response {
        let (dashboard, _) = try await load(req)
        let requested = try req.query.decode(Query.self).table.flatMap { $0.isEmpty ? nil : $0 }
        var tables: [ExportTable]
        if let requested {
            guard let key = KPIDashboard.TableKey(rawValue: requested) else { throw IeumError.notFound }
            tables = [dashboard.table(key)]
        } else if format == .xlsx {
            tables = dashboard.tables
        } else {
            tables = [dashboard.targets]
        }
        let bytes = format == .csv ? try TableFile.csv(tables[0]) : try TableFile.xlsx(tables, modified: req.now)
        let scope = dashboard.program.map { "program-\($0.id.uuidString.prefix(8))" } ?? "all"
        let name = "kpi-\(requested ?? "all")-\(scope)-\(dashboard.period.code)"
        let koreanName = "성과지표_\(tables.count == 1 ? tables[0].title.ko : "전체")_\(dashboard.period.code)"
        return TableFile.response(bytes, format: format, asciiName: name, koreanName: koreanName)
    }

    func exportCollaborations(_ req: Request, format: TableFileFormat) async throws -> Response {
        let actor = try req.requireActor()
        let table = try await CollaborationExport.table(for: actor, on: req.db, now: req.now)
        let bytes = format == .csv ? try TableFile.csv(table) : try TableFile.xlsx([table], modified: req.now)
        try await Audit.record(on: req.db, actor: actor, action: "collaboration.export", entityType: "collaboration", entityID: nil,
                               summary: "협업 목록 내보내기 (\(format.rawValue), \(table.rows.count)건)", at: req.now)
        return TableFile.response(bytes, format: format, asciiName: "collaborations-\(SeoulTime.date(req.now))",
                                  koreanName: "협업목록_\(SeoulTime.date(req.now))")
    }
}
