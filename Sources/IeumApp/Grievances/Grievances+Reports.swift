import Fluent
import Foundation
import IeumCore
import Vapor

/// The operators' dashboard, its CSV and the routing table (district → 서울청 staff, facility →
/// agency staff, each with the supervisor told about overdue cases).
extension GrievancesController {
    func dashboardData(_ req: Request) async throws -> GrievanceDashboard {
        let year = req.query[Int.self, at: "year"].flatMap { (2000...2100).contains($0) ? $0 : nil } ?? CalendarDay.of(req.now, in: SeoulTime.zone).year
        let cases = try await Grievance.query(on: req.db).all()
        let districts = try await Self.districts(on: req.db).map { (code: $0.code, name: Localized($0.nameKo, $0.nameEn)) }
        return GrievanceDashboard(cases: cases, districts: districts, year: year, now: req.now)
    }

    func dashboard(req: Request) async throws -> Response {
        _ = try requireStaff(req, .report)
        return GrievanceDashboardPage(dashboard: try await dashboardData(req)).response(req)
    }

    func export(req: Request) async throws -> Response {
        let actor = try requireStaff(req, .report)
        let data = try await dashboardData(req)
        try await Audit.record(on: req.db, actor: actor, action: "grievance.export", entityType: "grievance", entityID: nil,
                               summary: "규제·애로 현황 내보내기 (\(data.year))", at: req.now)
        return TableFile.response(try TableFile.csv(data.table()), format: .csv, asciiName: "grievances-\(data.year)", koreanName: "규제애로현황-\(data.year)")
    }

    func routesPage(req: Request) async throws -> Response {
        _ = try requireStaff(req, .report)
        return try await routesResponse(req, typed: [:], errors: FieldErrors(), status: .ok)
    }

    /// The table with what was typed in place of the stored values (a refused save keeps it all).
    func routesResponse(_ req: Request, typed: [UUID: GrievanceRoutesPage.Row], errors: FieldErrors, status: HTTPResponseStatus) async throws -> Response {
        let routes = try await GrievanceRoute.query(on: req.db).sort(\.$scope).sort(\.$code).all()
        let names = Dictionary(try await Region.query(on: req.db).all().map { ($0.code, $0.nameKo) }, uniquingKeysWith: { a, _ in a })
        return GrievanceRoutesPage(routes: routes, regionNames: names, typed: typed, errors: errors, filter: .init(req)).response(req, status: status)
    }

    /// Saves every changed row of the table in one transaction, or none: one refused row shows the
    /// whole table again with everything typed and the message next to that row's field.
    func saveRoute(req: Request) async throws -> Response {
        let actor = try requireStaff(req, .report)
        let fields = try req.content.decode([String: String].self)
        let routes = try await GrievanceRoute.query(on: req.db).all()
        var typed: [UUID: GrievanceRoutesPage.Row] = [:]
        var errors = FieldErrors()
        var changed: [(GrievanceRoute, before: String)] = []
        for route in routes {
            guard let id = route.id, let agencyField = fields[GrievanceRoutesPage.field("agency", id)] else { continue }
            let row = GrievanceRoutesPage.Row(
                agency: agencyField.trimmed,
                staffEmail: (fields[GrievanceRoutesPage.field("staff", id)] ?? route.staffEmail).trimmed.lowercased(),
                supervisorEmail: (fields[GrievanceRoutesPage.field("supervisor", id)] ?? route.supervisorEmail).trimmed.lowercased()
            )
            typed[id] = row
            guard row.agency != route.agency || row.staffEmail != route.staffEmail || row.supervisorEmail != route.supervisorEmail else { continue }
            if row.agency.isEmpty || row.agency.count > 100 {
                errors.add(GrievanceRoutesPage.field("agency", id), Localized("기관명을 100자 이내로 입력하세요.", "Enter the agency (at most 100 characters)."))
            }
            for (name, email) in [("staff", row.staffEmail), ("supervisor", row.supervisorEmail)] where !email.isEmpty {
                if email.count > 254 {
                    errors.add(GrievanceRoutesPage.field(name, id), Localized("이메일은 254자 이내로 입력하세요.", "Enter an e-mail address of at most 254 characters."))
                } else if try await GrievanceService.staff(email: email, on: req.db) == nil {
                    errors.add(GrievanceRoutesPage.field(name, id), Localized("\(email): 활성 운영자 계정이 아닙니다.", "\(email) is not an active operator account."))
                }
            }
            changed.append((route, "\(route.agency) / \(route.staffEmail) / \(route.supervisorEmail)"))
            route.agency = row.agency
            route.staffEmail = row.staffEmail
            route.supervisorEmail = row.supervisorEmail
        }
        guard errors.isEmpty else { return try await routesResponse(req, typed: typed, errors: errors, status: .unprocessableEntity) }
        guard !changed.isEmpty else {
            req.flash(Localized("바뀐 행이 없습니다.", "Nothing was changed."))
            return req.redirect(to: GrievanceRoutesPage.Filter(req).link)
        }
        let saving = changed
        try await req.db.transaction { tx in
            for (route, before) in saving {
                try await route.save(on: tx)
                try await Audit.record(on: tx, actor: actor, action: "grievance.route", entityType: "grievance_route", entityID: route.id?.uuidString,
                                       summary: "규제·애로 배정표 수정: \(route.scope) \(route.code)",
                                       changes: [before, "\(route.agency) / \(route.staffEmail) / \(route.supervisorEmail)"], at: req.now)
            }
        }
        req.flash(Localized("배정표를 저장했습니다 (\(changed.count)행 변경).", "The routing table was saved (\(changed.count) row(s) changed)."))
        return req.redirect(to: GrievanceRoutesPage.Filter(req).link)
    }
}
