import Fluent
import Foundation
import IeumCore

/// Evidence files (PoC reports, contract scans): judged by their bytes like proposal attachments,
/// kept in the shared `FileStore` (folder `collaborations`) with random names, read only through the
/// handler that checks access and writes the audit log.
extension CollaborationService {
    static let maxFiles = 50

    /// Stores an evidence file for a party or an operator of the collaboration.
    public static func attachFile(_ id: UUID, fileName rawName: String, bytes: [UInt8], by actor: Principal, on db: any Database,
                                  files: FileStore, now: Date) async throws -> CollaborationFile {
        let (collaboration, access) = try await visible(id, for: actor, on: db)
        guard CollaborationPolicy.can(actor, .work(access)) else { throw IeumError.forbidden }
        let (name, kind) = try UploadedDocument.check(fileName: rawName, bytes: bytes)
        guard try await CollaborationFile.query(on: db).filter(\.$collaboration.$id == id).count() < maxFiles else {
            throw IeumError.refused(Localized("증빙 파일은 \(maxFiles)개까지입니다.", "At most \(maxFiles) evidence files per collaboration."))
        }
        return try await files.store(bytes, folder: .collaborations, on: db, now: now) { db, storageName in
            // Counted again with the collaboration held, so uploads at once stop at the cap.
            try await OnceOnly.lock(Collaboration.schema, id, on: db)
            guard try await CollaborationFile.query(on: db).filter(\.$collaboration.$id == id).count() < maxFiles else {
                throw IeumError.refused(Localized("증빙 파일은 \(maxFiles)개까지입니다.", "At most \(maxFiles) evidence files per collaboration."))
            }
            let file = CollaborationFile()
            file.$collaboration.id = id
            file.stage = collaboration.stage
            file.originalName = name
            file.kind = kind.rawValue
            file.byteCount = bytes.count
            file.storageName = storageName
            file.uploadedBy = actor.userID
            file.createdAt = now
            try await file.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "collaboration.file_upload", entityType: "collaboration", entityID: id.uuidString,
                                   summary: "증빙 파일 등록: \(collaboration.title) — \(name) (\(bytes.count) bytes)", at: now)
            return file
        }
    }

    /// The file (opened in the store) for someone who may see the collaboration; the read is audited.
    public static func file(_ id: UUID, fileID: UUID, by actor: Principal, on db: any Database, files: FileStore, now: Date) async throws -> (CollaborationFile, StoredFileHandle) {
        let (collaboration, _) = try await visible(id, for: actor, on: db)
        guard let file = try await CollaborationFile.query(on: db).filter(\.$id == fileID).filter(\.$collaboration.$id == id).first() else {
            throw IeumError.notFound
        }
        let data = try await files.open(folder: .collaborations, name: file.storageName, on: db)
        try await Audit.record(on: db, actor: actor, action: "collaboration.file_view", entityType: "collaboration", entityID: id.uuidString,
                               summary: "증빙 파일 열람: \(collaboration.title) — \(file.originalName)", at: now)
        return (file, data)
    }
}
