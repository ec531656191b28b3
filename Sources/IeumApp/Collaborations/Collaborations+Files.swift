import Fluent
import Foundation
import IeumCore

/// Evidence files (PoC reports, contract scans): judged by their bytes like proposal attachments,
/// kept under `IEUM_DATA_DIR/collaborations` with random names, read only through the handler that
/// checks access and writes the audit log.
extension CollaborationService {
    static let maxFiles = 50

    static func fileDirectory(_ dataDirectory: String) -> URL {
        URL(fileURLWithPath: dataDirectory, isDirectory: true).appendingPathComponent("collaborations", isDirectory: true)
    }

    /// Stores an evidence file for a party or an operator of the collaboration.
    public static func attachFile(_ id: UUID, fileName rawName: String, bytes: [UInt8], by actor: Actor, on db: any Database,
                                  dataDirectory: String, now: Date) async throws -> CollaborationFile {
        let (collaboration, access) = try await visible(id, for: actor, on: db)
        guard CollaborationPolicy.can(actor, .work(access)) else { throw IeumError.forbidden }
        let name = ApplicationService.sanitizedName(rawName)
        guard !bytes.isEmpty else { throw IeumError.refused(Localized("빈 파일입니다. 파일을 선택하세요.", "The file is empty; choose a file.")) }
        let limit = ApplicationService.maxAttachmentBytes
        guard bytes.count <= limit else {
            throw IeumError.refused(Localized("파일이 너무 큽니다 (\(bytes.count / 1024 / 1024)MB). 파일 하나는 10MB까지 올릴 수 있습니다.",
                                              "The file is too large (\(bytes.count / 1024 / 1024) MB); each file may be at most 10 MB."))
        }
        let allowed = Localized("PDF, PPTX, DOCX, HWP/HWPX, PNG, JPG 파일만 올릴 수 있습니다.", "Only PDF, PPTX, DOCX, HWP/HWPX, PNG and JPG files are accepted.")
        guard let kind = DocumentKind.detect(bytes) else {
            throw IeumError.refused(Localized("'\(name)'의 내용이 허용된 형식이 아닙니다. \(allowed.ko)", "The content of '\(name)' is not an accepted kind. \(allowed.en)"))
        }
        guard DocumentKind.claimed(byName: name) == kind else {
            throw IeumError.refused(Localized("'\(name)'의 확장자가 실제 내용(\(kind.rawValue.uppercased()))과 다릅니다. 올바른 확장자로 저장해 다시 올리세요.",
                                              "The name of '\(name)' does not match its content (\(kind.rawValue.uppercased())); save it with the right extension."))
        }
        guard try await CollaborationFile.query(on: db).filter(\.$collaboration.$id == id).count() < maxFiles else {
            throw IeumError.refused(Localized("증빙 파일은 \(maxFiles)개까지입니다.", "At most \(maxFiles) evidence files per collaboration."))
        }
        let directory = fileDirectory(dataDirectory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let storageName = UUID().uuidString.lowercased()
        let path = directory.appendingPathComponent(storageName)
        try Data(bytes).write(to: path, options: [.atomic])
        do {
            return try await db.transaction { db in
                let file = CollaborationFile()
                file.$collaboration.id = id
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
        } catch {
            try? FileManager.default.removeItem(at: path)
            throw error
        }
    }

    /// The file's bytes for someone who may see the collaboration; the read is audited.
    public static func file(_ id: UUID, fileID: UUID, by actor: Actor, on db: any Database, dataDirectory: String, now: Date) async throws -> (CollaborationFile, Data) {
        let (collaboration, _) = try await visible(id, for: actor, on: db)
        guard let file = try await CollaborationFile.query(on: db).filter(\.$id == fileID).filter(\.$collaboration.$id == id).first() else {
            throw IeumError.notFound
        }
        let data = try Data(contentsOf: fileDirectory(dataDirectory).appendingPathComponent(file.storageName))
        try await Audit.record(on: db, actor: actor, action: "collaboration.file_view", entityType: "collaboration", entityID: id.uuidString,
                               summary: "증빙 파일 열람: \(collaboration.title) — \(file.originalName)", at: now)
        return (file, data)
    }
}
