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
        return try await routesResponse(req, errors: FieldErrors(), editing: nil, status: .ok)
    }

    func routesResponse(_ req: Request, errors: FieldErrors, editing: UUID?, status: HTTPResponseStatus) async throws -> Response {
        let routes = try await GrievanceRoute.query(on: req.db).sort(\.$scope).sort(\.$code).all()
        let names = Dictionary(try await Region.query(on: req.db).all().map { ($0.code, $0.nameKo) }, uniquingKeysWith: { a, _ in a })
        return GrievanceRoutesPage(routes: routes, regionNames: names, errors: errors, editing: editing).response(req, status: status)
    }

    struct RouteForm: Content {
        var routeID: String?
        var agency: String?
        var staffEmail: String?
        var supervisorEmail: String?
    }

    func saveRoute(req: Request) async throws -> Response {
        let actor = try requireStaff(req, .report)
        let form = try req.content.decode(RouteForm.self)
        guard let id = form.routeID.flatMap(UUID.init(uuidString:)), let route = try await GrievanceRoute.find(id, on: req.db) else {
            throw IeumError.notFound
        }
        var errors = FieldErrors()
        let agency = (form.agency ?? "").trimmed
        if agency.isEmpty || agency.count > 100 { errors.add("agency", Localized("기관명을 100자 이내로 입력하세요.", "Enter the agency (at most 100 characters).")) }
        let staffEmail = (form.staffEmail ?? "").trimmed.lowercased(), supervisorEmail = (form.supervisorEmail ?? "").trimmed.lowercased()
        for (field, email) in [("staffEmail", staffEmail), ("supervisorEmail", supervisorEmail)] where !email.isEmpty {
            if try await GrievanceService.staff(email: email, on: req.db) == nil {
                errors.add(field, Localized("\(email): 활성 운영자 계정이 아닙니다.", "\(email) is not an active operator account."))
            }
        }
        guard errors.isEmpty else { return try await routesResponse(req, errors: errors, editing: id, status: .unprocessableEntity) }
        let before = "\(route.agency) / \(route.staffEmail) / \(route.supervisorEmail)"
        route.agency = agency
        route.staffEmail = staffEmail
        route.supervisorEmail = supervisorEmail
        try await req.db.transaction { tx in
            try await route.save(on: tx)
            try await Audit.record(on: tx, actor: actor, action: "grievance.route", entityType: "grievance_route", entityID: id.uuidString,
                                   summary: "규제·애로 배정표 수정: \(route.scope) \(route.code)",
                                   changes: [before, "\(agency) / \(staffEmail) / \(supervisorEmail)"], at: req.now)
        }
        req.flash(Localized("배정표를 저장했습니다.", "The routing table was saved."))
        return req.redirect(to: SiteURL.grievanceRoutes.path + "#route-\(id.uuidString)")
    }
}
