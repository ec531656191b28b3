import Fluent
import Foundation
import Vapor
@testable import IeumApp

/// Records written straight to the database for tests that need many of them (lists, reminders):
/// the fields a form would check are filled with plain valid values.
enum TestRecords {
    static func need(_ app: Application, _ org: Organization, _ title: String, en: String? = nil, status: NeedStatus = .published,
                     deadline: Date? = nil, call: Call? = nil) async throws -> Need {
        let need = Need()
        need.$organization.id = try org.requireID()
        need.$call.id = call?.id
        need.title = title
        need.titleEn = en
        need.teaser = "요약"
        need.detail = "상세"
        need.fieldCodes = []
        need.support = []
        need.startupsSought = 1
        need.contactName = "담당자"
        need.contactEmail = "contact@demand.example"
        need.deadline = deadline
        need.anonymous = false
        need.status = status
        need.version = 1
        need.searchText = title
        try await need.create(on: app.db)
        return need
    }

    @discardableResult
    static func application(_ app: Application, need: Need, startup: Organization, status: ApplicationStatus = .submitted,
                            submittedAt: Date?) async throws -> NeedApplication {
        let application = NeedApplication()
        application.$need.id = try need.requireID()
        application.$startup.id = try startup.requireID()
        application.status = status
        application.solution = "해결책"
        application.differentiation = ""
        application.pocPlan = ""
        application.expectedResults = ""
        application.budgetDetail = ""
        application.version = 1
        application.submittedAt = submittedAt
        try await application.create(on: app.db)
        return application
    }
}
