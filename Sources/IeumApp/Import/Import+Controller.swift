import Fluent
import Foundation
import IeumCore
import Vapor

/// The operator's import (upload → preview with a row-by-row report → confirm) and export pages.
struct ImportController {
    /// Uploads larger than this are refused with a clear message before anything is read.
    static let maxUploadBytes = 20 * 1024 * 1024
    static let sessionToken = "import_token"
    static let sessionKind = "import_kind"
    static let sessionName = "import_name"

    func register(_ app: Application) {
        app.on(.importData(.form), use: form)
        app.upload(.importData(.upload), maxBytes: Self.maxUploadBytes, use: upload)
        app.on(.importData(.confirm), use: confirm)
        app.on(.importData(.exportCSV)) { req in try await export(req, format: .csv) }
        app.on(.importData(.exportJSONLines)) { req in try await export(req, format: .jsonl) }
    }

    func requireImporter(_ req: Request) throws -> Principal {
        let actor = try req.requireActor()
        guard ImportPolicy.can(actor, .importData) else { throw IeumError.forbidden }
        return actor
    }

    func form(req: Request) async throws -> Response {
        _ = try requireImporter(req)
        return ImportFormPage(kind: .startups, message: nil).response(req)
    }

    struct UploadForm: Content {
        var kind: String?
        var file: File?
    }

    func upload(req: Request) async throws -> Response {
        _ = try requireImporter(req)
        let form = try req.content.decode(UploadForm.self)
        let kind = form.kind.flatMap(ImportKind.parse) ?? .startups
        guard let file = form.file, file.data.readableBytes > 0 else {
            return ImportFormPage(kind: kind, message: Localized("가져올 파일을 선택하세요.", "Choose a file to import."))
                .response(req, status: .unprocessableEntity)
        }
        let bytes = [UInt8](file.data.readableBytesView)
        let preview = try await OrganizationImport.preview(bytes, fileName: file.filename, kind: kind, on: req.db, now: req.now, language: req.language)
        if preview.canCommit {
            // Keep the file in the shared store until the operator confirms (on whichever instance);
            // the session holds its name. Never confirmed, it goes after a day (`removeOrphans`).
            let token = UUID().uuidString.lowercased()
            let files = req.fileStore
            let now = req.now
            try await req.db.transaction { tx in try await files.save(bytes, folder: .imports, name: token, on: tx, now: now) }
            req.session.data[Self.sessionToken] = token
            req.session.data[Self.sessionKind] = kind.rawValue
            req.session.data[Self.sessionName] = file.filename
        }
        let status: HTTPResponseStatus = preview.canCommit ? .ok : .unprocessableEntity
        return ImportPreviewPage(preview: preview, kind: kind).response(req, status: status)
    }

    func confirm(req: Request) async throws -> Response {
        let actor = try requireImporter(req)
        guard let token = req.session.data[Self.sessionToken], UUID(uuidString: token) != nil,
              let kind = req.session.data[Self.sessionKind].flatMap(ImportKind.parse),
              let bytes = try? await req.fileStore.read(folder: .imports, name: token.lowercased(), on: req.db)
        else {
            return ImportFormPage(kind: .startups, message: Localized("확인할 가져오기가 없습니다. 파일을 다시 올리세요.", "There is no import to confirm. Upload the file again."))
                .response(req, status: .badRequest)
        }
        let name = req.session.data[Self.sessionName] ?? "upload"
        // The database may have changed since the preview: check again, then write all or nothing.
        let preview = try await OrganizationImport.preview(bytes, fileName: name, kind: kind, on: req.db, now: req.now, language: req.language)
        guard preview.canCommit else {
            return ImportPreviewPage(preview: preview, kind: kind).response(req, status: .unprocessableEntity)
        }
        let result: ImportResult
        do {
            result = try await OrganizationImport.commit(preview, by: actor, on: req.db, now: req.now, confirmation: token)
        } catch ImportError.alreadyConfirmed {
            throw IeumError.conflict(Localized("이 파일은 이미 가져왔습니다 (확인을 두 번 눌렀습니다). 결과는 기관 목록에서 확인하세요.",
                                               "This file was already imported (confirm was pressed twice). See the organisation list for the result."))
        }
        let files = req.fileStore
        try? await req.db.transaction { tx in try await files.delete(folder: .imports, name: token.lowercased(), on: tx) }
        await files.discardUnrecorded(folder: .imports, names: [token.lowercased()])
        req.session.data[Self.sessionToken] = nil
        return ImportResultPage(result: result, fileName: name).response(req)
    }

    func export(_ req: Request, format: OrganizationExport.Format) async throws -> Response {
        let actor = try req.requireActor()
        guard ImportPolicy.can(actor, .export) else { throw IeumError.forbidden }
        var filter = RegistryController.filter(from: req)
        filter.page = 1
        let bytes = try await OrganizationExport.export(filter, format: format, for: actor, on: req.db)
        try await Audit.record(on: req.db, actor: actor, action: "organization.export", entityType: "organization", entityID: nil,
                               summary: "기관 목록 내보내기 (\(format.rawValue))", at: req.now)
        let response = Response(status: .ok, body: .init(data: Data(bytes)))
        response.headers.replaceOrAdd(name: .contentType, value: format.contentType)
        let stamp = SeoulTime.date(req.now)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"ieum-organizations-\(stamp).\(format.rawValue)\"")
        return response
    }
}
