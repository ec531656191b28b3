import Crypto
import Fluent
import Foundation
import NIOCore
import NIOPosix
import SQLKit
import Vapor

/// `IEUM_FILE_STORE`: `database` (default) or `directory:PATH`.
public enum FileStoreSetting: Sendable, Equatable, CustomStringConvertible {
    case database
    case directory(path: String)

    static func parse(_ raw: String) throws(Configuration.Problem) -> FileStoreSetting {
        let value = raw.trimmingCharacters(in: .whitespaces)
        if value.lowercased() == "database" { return .database }
        if value.lowercased().hasPrefix("directory:") {
            var path = String(value.dropFirst("directory:".count)).trimmingCharacters(in: .whitespaces)
            while path.count > 1, path.hasSuffix("/") { path.removeLast() }
            guard path.hasPrefix("/") else {
                throw Configuration.Problem(variable: "IEUM_FILE_STORE",
                                            reason: "directory: needs an absolute path that every instance mounts, e.g. directory:/mnt/ieum-files (got '\(path.prefix(100))')")
            }
            return .directory(path: path)
        }
        throw Configuration.Problem(variable: "IEUM_FILE_STORE",
                                    reason: "'\(value.prefix(100))' must be database (files in the database, the default) or directory:/absolute/path (a folder every instance mounts)")
    }

    public var description: String {
        switch self {
        case .database: "database"
        case .directory(let path): "directory:\(path)"
        }
    }
}

/// The folders files are kept in, and which table's `storage_name` names the files of each. A new
/// kind of stored file adds a case here, so the orphan clean-up knows which rows keep it.
public enum StoredFolder: String, Sendable, CaseIterable {
    case attachments
    case collaborations
    case networkMaterials = "network-materials"
    case grievances
    case imports

    /// The table whose `storage_name` refers to this folder's files; nil: no row does (import
    /// previews wait in the session for "confirm" and go after a day).
    var referencedBy: String? {
        switch self {
        case .attachments: ProposalAttachment.schema
        case .collaborations: CollaborationFile.schema
        case .networkMaterials: NetworkEventMaterial.schema
        case .grievances: GrievanceAttachment.schema
        case .imports: nil
        }
    }
}

/// One stored file's row (its bytes: `stored_file_chunks` or the shared directory).
public final class StoredFile: Model, @unchecked Sendable {
    public static let schema = "stored_files"
    public static let chunkSchema = "stored_file_chunks"

    public enum Location: String, Sendable { case database, directory }

    @ID(key: .id) public var id: UUID?
    @Field(key: "folder") public var folder: String
    @Field(key: "name") public var name: String
    @Field(key: "byte_count") public var byteCount: Int
    @Field(key: "sha256") public var sha256: String
    @Field(key: "chunk_count") public var chunkCount: Int
    @Field(key: "location") public var location: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// An opened stored file: where its bytes are and how many.
public struct StoredFileHandle: Sendable {
    enum Source: Sendable {
        case chunks(fileID: UUID, count: Int)
        case file(path: String)
    }

    let source: Source
    public let byteCount: Int
    /// Recorded when it was stored; nil for a file an older version left under `IEUM_DATA_DIR`.
    public let sha256: String?
}

public enum FileStoreError: Error, CustomStringConvertible, Sendable {
    case missing(String, String)
    case damaged(String)
    case badName(String)
    case unavailable(String)

    public var description: String {
        switch self {
        case .missing(let folder, let name): "stored file \(folder)/\(name) is missing"
        case .damaged(let why): "stored file damaged: \(why)"
        case .badName(let name): "'\(name.prefix(60))' is not a storage name"
        case .unavailable(let why): "file store unavailable: \(why)"
        }
    }
}

extension Application {
    /// The file store of this instance's configuration (`IEUM_FILE_STORE`), on its database.
    public var fileStore: FileStore {
        FileStore(setting: ieumConfiguration.fileStore, legacyDirectory: ieumConfiguration.dataDirectory, database: db)
    }
}

extension Request {
    var fileStore: FileStore { application.fileStore }
}

/// Blocking file operations, run on NIO's thread pool so no request or event loop waits on a disk.
enum DiskFiles {
    static func path(root: String, folder: String, name: String) -> String {
        URL(fileURLWithPath: root, isDirectory: true).appendingPathComponent(folder, isDirectory: true).appendingPathComponent(name).path
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func size(_ path: String) -> Int? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              (attributes[.type] as? FileAttributeType) == .typeRegular else { return nil }
        return (attributes[.size] as? NSNumber)?.intValue
    }

    /// Writes `root/folder/.tmp-…`, flushes it to disk, then renames it to `root/folder/name`, so no
    /// instance ever reads half a file. The root must exist (a missing mount is an error, not a
    /// new local folder); the folder under it is made when needed.
    static func writeAtomically(_ bytes: [UInt8], root: String, folder: String, name: String) async throws {
        try await NIOThreadPool.singleton.runIfActive {
            guard isDirectory(root) else {
                throw FileStoreError.unavailable("IEUM_FILE_STORE directory \(root) does not exist or is not a folder")
            }
            let directory = URL(fileURLWithPath: root, isDirectory: true).appendingPathComponent(folder, isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let temporary = directory.appendingPathComponent(".tmp-" + UUID().uuidString.lowercased())
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw FileStoreError.unavailable("cannot write in \(directory.path)")
            }
            do {
                let handle = try FileHandle(forWritingTo: temporary)
                defer { try? handle.close() }
                try handle.write(contentsOf: bytes)
                try handle.synchronize()
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                throw error
            }
            guard rename(temporary.path, directory.appendingPathComponent(name).path) == 0 else {
                let code = errno
                try? FileManager.default.removeItem(at: temporary)
                throw FileStoreError.unavailable("cannot rename into \(directory.path) (errno \(code))")
            }
        }
    }

    static func read(_ path: String, offset: Int, count: Int) async throws -> [UInt8] {
        try await NIOThreadPool.singleton.runIfActive {
            guard let handle = FileHandle(forReadingAtPath: path) else { throw FileStoreError.missing("", path) }
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(offset))
            return [UInt8](try handle.read(upToCount: count) ?? Data())
        }
    }

    static func readAll(_ path: String) async throws -> [UInt8] {
        try await NIOThreadPool.singleton.runIfActive { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }
    }

    static func remove(_ path: String) async {
        _ = try? await NIOThreadPool.singleton.runIfActive { try FileManager.default.removeItem(atPath: path) }
    }

    /// The regular files directly in `directory` (hidden ones too when asked), with their change times.
    static func list(_ directory: String, hidden: Bool = false) async -> [(name: String, modified: Date)] {
        (try? await NIOThreadPool.singleton.runIfActive {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            return names.compactMap { name -> (String, Date)? in
                guard hidden || !name.hasPrefix(".") else { return nil }
                let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                      (attributes[.type] as? FileAttributeType) == .typeRegular else { return nil }
                return (name, (attributes[.modificationDate] as? Date) ?? .distantPast)
            }.sorted { $0.0 < $1.0 }
        }) ?? []
    }
}
