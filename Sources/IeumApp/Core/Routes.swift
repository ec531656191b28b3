import Fluent
import Foundation
import IeumAPI
import SQLKit
import Vapor

/// Registers every route. Paths mirror `SiteURL`.
func routes(_ app: Application) throws {
    // `/`: the workspace of a signed-in person, the public home page for a visitor (issue 17, item 1).
    WorkspaceController().register(app)
    app.on(.core(.openAPI)) { _ async throws -> Response in
        let response = Response(status: .ok, body: .init(data: try APIDocument.yaml()))
        response.headers.contentType = .init(type: "application", subType: "yaml", parameters: ["charset": "utf-8"])
        return response
    }
    AccountsController().register(app)
    RegistryController().register(app)
    ImportController().register(app)
    TaxonomyController().register(app)
    AuditController().register(app)
    NeedsController().register(app)
    ApplicationsController().register(app)
    ProgramController().register(app)
    InboxController().register(app)
    CollaborationsController().register(app)
    KPIController().register(app)
    GrievancesController().register(app)
    EvaluationsController().register(app)
    ExpertsController().register(app)
    MeetingsController().register(app)
    NetworksController().register(app)
    SignupController().register(app)
    MembersController().register(app)
    TwoFactorController().register(app)
    PersonalDataController().register(app)
    // Operations: backup, metrics, health.
    OperationsController().register(app)
    // Bulk actions with a preview.
    BulkActionsController().register(app)
    // Application drafts' autosave.
    ApplicationsController().registerDrafts(app)
    try registerAPI(app)
}

/// The JSON API (`/api/v1`) — generated from `openapi.yaml`; see `API/`.
func registerAPI(_ app: Application) throws {
    try APIHandlers.register(on: app)
}
