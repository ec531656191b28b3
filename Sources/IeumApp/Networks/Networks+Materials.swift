import Fluent
import Foundation
import IeumCore
import Vapor

extension NetworkService {
    static let maxMaterials = 20

    /// An officer or operator adds a file to an event (kind checked from the bytes, ≤ 10 MB).
    public static func addMaterial(_ network: Network, eventID: UUID?, fileName rawName: String, bytes: [UInt8], by actor: Principal, on db: any Database,
                                   files: FileStore, now: Date) async throws -> NetworkEventMaterial {
        try await requireOfficerOrOperator(actor, network, on: db)
        let event = try await event(network, eventID, on: db)
        let id = try event.requireID()
        let (name, kind) = try UploadedDocument.check(fileName: rawName, bytes: bytes)
        guard try await NetworkEventMaterial.query(on: db).filter(\.$event.$id == id).count() < maxMaterials else {
            throw IeumError.refused(Localized("자료는 행사마다 \(maxMaterials)개까지입니다.", "At most \(maxMaterials) files per event."))
        }
        return try await files.store(bytes, folder: .networkMaterials, on: db, now: now) { db, storageName in
            // Counted again with the event held, so uploads at once stop at the cap.
            try await lock(id, on: db)
            guard try await NetworkEventMaterial.query(on: db).filter(\.$event.$id == id).count() < maxMaterials else {
                throw IeumError.refused(Localized("자료는 행사마다 \(maxMaterials)개까지입니다.", "At most \(maxMaterials) files per event."))
            }
            let m = NetworkEventMaterial()
            m.$event.id = id
            m.originalName = name
            m.kind = kind.rawValue
            m.byteCount = bytes.count
            m.storageName = storageName
            m.uploadedBy = actor.userID
            m.createdAt = now
            try await m.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "network.material", entityType: "network", entityID: network.id?.uuidString,
                                   summary: "행사 자료 등록: \(event.title) — \(name)", at: now)
            return m
        }
    }

    /// A material's bytes, for members and operators only (404 for everyone else); the read is audited.
    public static func material(_ network: Network, eventID: UUID?, materialID: UUID?, by actor: Principal, on db: any Database, files: FileStore, now: Date) async throws -> (NetworkEventMaterial, StoredFileHandle) {
        try await requireMember(actor, network, on: db)
        let event = try await event(network, eventID, on: db)
        guard let materialID, let m = try await NetworkEventMaterial.query(on: db).filter(\.$id == materialID).filter(\.$event.$id == event.requireID()).first() else {
            throw IeumError.notFound
        }
        let data = try await files.open(folder: .networkMaterials, name: m.storageName, on: db)
        try await Audit.record(on: db, actor: actor, action: "network.material.download", entityType: "network", entityID: network.id?.uuidString,
                               summary: "행사 자료 열람: \(m.originalName)", at: now)
        return (m, data)
    }
}

extension NetworksController {
    func uploadMaterial(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let network = try await network(req)
        let eventID = req.parameters.get("eventID", as: UUID.self)
        // Only officers and the network's operators get as far as the form (members 403, everyone else
        // 404, whatever they sent).
        try await NetworkService.requireOfficerOrOperator(actor, network, on: req.db)
        struct UploadForm: Content { var file: File? }
        let form = try req.content.decode(UploadForm.self)
        return try await req.redirect(to: SiteRoute.networks(.eventPage).path(try network.requireID(), eventID?.uuidString ?? "", anchor: "materials")) {
            guard let file = form.file, file.data.readableBytes > 0 else { throw IeumError.refused(Localized("올릴 파일을 고르세요.", "Choose a file.")) }
            let bytes = file.data.getBytes(at: file.data.readerIndex, length: file.data.readableBytes) ?? []
            let m = try await NetworkService.addMaterial(network, eventID: eventID, fileName: file.filename, bytes: bytes, by: actor, on: req.db,
                                                         files: req.fileStore, now: req.now)
            return Localized("자료를 올렸습니다: \(m.originalName)", "Uploaded: \(m.originalName)")
        }
    }

    func downloadMaterial(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let network = try await network(req)
        let (m, data) = try await NetworkService.material(network, eventID: req.parameters.get("eventID", as: UUID.self),
                                                          materialID: req.parameters.get("materialID", as: UUID.self), by: actor, on: req.db,
                                                          files: req.fileStore, now: req.now)
        return UploadedDocument.response(name: m.originalName, kind: m.kind, file: data, store: req.fileStore, logger: req.logger)
    }
}
