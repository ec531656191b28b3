import Crypto
import Fluent
import Foundation
import NIOCore
import NIOPosix
import SQLKit
import Vapor

/// The one place uploaded files live, shared by every instance of Ieum (issue 18, item 1):
/// proposal attachments, collaboration evidence, network materials, grievance attachments and import
/// previews waiting for "confirm".
///
/// Where the bytes live (`IEUM_FILE_STORE`):
/// - `database` (default): in the application's database. Table `stored_files` has one row per file
///   (`folder`, `name`, `byte_count`, `sha256`, `chunk_count`, `location`, `created_at`); table
///   `stored_file_chunks` holds its bytes in rows of at most 256 KiB (`file_id`, `seq`, `data`:
///   BLOB on SQLite, bytea on PostgreSQL). A backup of the database is a backup of the files.
/// - `directory:PATH`: the `stored_files` rows as above (with `location = 'directory'`, no chunks),
///   the bytes in `PATH/<folder>/<name>`, written atomically (a temporary file, then a rename);
///   PATH is a folder every instance mounts (NFS, a shared volume). Back up PATH with the database.
///
/// A record names its file by `storage_name` = `stored_files.name` within its folder
/// (`StoredFolder.referencedBy`). A file is written in the transaction of the row that records it
/// (`store(_:folder:on:now:recordedBy:)`), read as a stream of chunks (`open`, `response`), and
/// removed a day after no row refers to it any more (`removeOrphans`, run by the background loop).
/// Files an older version kept under `IEUM_DATA_DIR` are still read from there until
/// `ieum files import-local` moves them into the store.
public struct FileStore: Sendable {
    /// The largest piece of a file kept in one `stored_file_chunks` row, and sent at once.
    public static let chunkBytes = 256 * 1024
    /// A file no row refers to is removed once it is this old (failed uploads, unconfirmed imports).
    public static let orphanAge: TimeInterval = 86_400

    public let setting: FileStoreSetting
    /// `IEUM_DATA_DIR`: read-only fallback for files written there before the store existed.
    let legacyDirectory: String
    /// For reads that outlive a request (a download's stream) and for the store's own duties.
    let database: any Database

    public init(setting: FileStoreSetting, legacyDirectory: String, database: any Database) {
        self.setting = setting
        self.legacyDirectory = legacyDirectory
        self.database = database
    }

    /// A new random storage name (a lowercase UUID), with an extension when given.
    public static func newName(extension ext: String? = nil) -> String {
        let base = UUID().uuidString.lowercased()
        guard let ext, !ext.isEmpty else { return base }
        return base + "." + ext
    }

    // MARK: Writing

    /// Stores `bytes` as `folder/name` with its `stored_files` row, on `db`: call it inside the
    /// transaction of the row that records the file, so both are kept or neither (in directory mode
    /// the bytes are on disk first; `discardUnrecorded` removes them if that transaction fails).
    @discardableResult
    public func save(_ bytes: [UInt8], folder: StoredFolder, name: String, on db: any Database, now: Date) async throws -> StoredFile {
        try Self.checkName(name)
        let file = StoredFile()
        let id = UUID()
        file.id = id
        file.folder = folder.rawValue
        file.name = name
        file.byteCount = bytes.count
        file.sha256 = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        file.createdAt = now
        switch setting {
        case .database:
            file.location = StoredFile.Location.database.rawValue
            file.chunkCount = (bytes.count + Self.chunkBytes - 1) / Self.chunkBytes
            try await file.create(on: db)
            let sql = try Self.sql(db)
            var offset = 0
            var seq = 0
            while offset < bytes.count {
                let end = min(offset + Self.chunkBytes, bytes.count)
                try await sql.insert(into: StoredFile.chunkSchema)
                    .columns("file_id", "seq", "data")
                    .values(SQLBind(id), SQLBind(seq), SQLBind(Data(bytes[offset..<end])))
                    .run()
                offset = end
                seq += 1
            }
        case .directory(let root):
            file.location = StoredFile.Location.directory.rawValue
            file.chunkCount = 0
            try await DiskFiles.writeAtomically(bytes, root: root, folder: folder.rawValue, name: name)
            try await file.create(on: db)
        }
        return file
    }

    /// The one way an uploaded file is stored (issue 15, item 4): the bytes and `record` — the
    /// write of the row that names the file, given the transaction and the storage name — in one
    /// transaction. If it fails, nothing is left behind.
    public func store<T: Sendable>(
        _ bytes: [UInt8], folder: StoredFolder, name: String = FileStore.newName(), on db: any Database, now: Date,
        recordedBy record: @escaping @Sendable (any Database, String) async throws -> T
    ) async throws -> T {
        do {
            return try await db.transaction { tx in
                try await self.save(bytes, folder: folder, name: name, on: tx, now: now)
                return try await record(tx, name)
            }
        } catch {
            await discardUnrecorded(folder: folder, names: [name])
            throw error
        }
    }

    /// Removes `folder/name` (its row and chunks) on `db`, inside the transaction that removes the
    /// record; after it commits, `discardUnrecorded` takes the bytes off the shared directory.
    public func delete(folder: StoredFolder, name: String, on db: any Database) async throws {
        let sql = try Self.sql(db)
        let ids = try await StoredFile.query(on: db).filter(\.$folder == folder.rawValue).filter(\.$name == name).all().compactMap(\.id)
        for id in ids {
            try await sql.delete(from: StoredFile.chunkSchema).where("file_id", .equal, SQLBind(id)).run()
        }
        try await StoredFile.query(on: db).filter(\.$folder == folder.rawValue).filter(\.$name == name).delete()
    }

    /// Files written for a transaction that did not commit, or deleted by one that did: in directory
    /// mode their bytes are removed from disk when no row names them (in database mode the
    /// transaction took them along). Copies left under `IEUM_DATA_DIR` by an older version go too.
    public func discardUnrecorded(folder: StoredFolder, names: [String]) async {
        for name in names where (try? Self.checkName(name)) != nil {
            let recorded = (try? await StoredFile.query(on: database).filter(\.$folder == folder.rawValue).filter(\.$name == name).count()) ?? 1
            guard recorded == 0 else { continue }
            if case .directory(let root) = setting {
                await DiskFiles.remove(DiskFiles.path(root: root, folder: folder.rawValue, name: name))
            }
            await DiskFiles.remove(DiskFiles.path(root: legacyDirectory, folder: folder.rawValue, name: name))
        }
    }

    // MARK: Reading

    /// Where a stored file's bytes are and how many; fails (before any audit is written) when the
    /// file is not there.
    public func open(folder: StoredFolder, name: String, on db: any Database) async throws -> StoredFileHandle {
        try Self.checkName(name)
        if let file = try await StoredFile.query(on: db).filter(\.$folder == folder.rawValue).filter(\.$name == name).first() {
            let id = try file.requireID()
            switch StoredFile.Location(rawValue: file.location) {
            case .database:
                return StoredFileHandle(source: .chunks(fileID: id, count: file.chunkCount), byteCount: file.byteCount, sha256: file.sha256)
            case .directory:
                guard case .directory(let root) = setting else {
                    throw FileStoreError.unavailable("\(folder.rawValue)/\(name) is kept in a shared directory, but IEUM_FILE_STORE is \(setting)")
                }
                let path = DiskFiles.path(root: root, folder: folder.rawValue, name: name)
                guard let size = DiskFiles.size(path), size == file.byteCount else { throw FileStoreError.missing(folder.rawValue, name) }
                return StoredFileHandle(source: .file(path: path), byteCount: size, sha256: file.sha256)
            case nil:
                throw FileStoreError.missing(folder.rawValue, name)
            }
        }
        // Written by an older version under IEUM_DATA_DIR, not yet moved by `ieum files import-local`.
        let legacy = DiskFiles.path(root: legacyDirectory, folder: folder.rawValue, name: name)
        if let size = DiskFiles.size(legacy) {
            return StoredFileHandle(source: .file(path: legacy), byteCount: size, sha256: nil)
        }
        throw FileStoreError.missing(folder.rawValue, name)
    }

    /// Hands the file's bytes to `body` a piece (at most `chunkBytes`) at a time, in order. Fails when
    /// a piece is missing or the byte count differs from the recorded one.
    public func forEachPiece(_ handle: StoredFileHandle, on db: any Database, _ body: (ByteBuffer) async throws -> Void) async throws {
        var total = 0
        switch handle.source {
        case .chunks(let id, let count):
            let sql = try Self.sql(db)
            for seq in 0..<count {
                guard let row = try await sql.select().column("data").from(StoredFile.chunkSchema)
                    .where("file_id", .equal, SQLBind(id)).where("seq", .equal, SQLBind(seq)).first()
                else { throw FileStoreError.damaged("chunk \(seq) of \(count) is missing") }
                let data = try row.decode(column: "data", as: Data.self)
                total += data.count
                try await body(ByteBuffer(data: data))
            }
        case .file(let path):
            var offset = 0
            while offset < handle.byteCount {
                let piece = try await DiskFiles.read(path, offset: offset, count: min(Self.chunkBytes, handle.byteCount - offset))
                guard !piece.isEmpty else { break }
                offset += piece.count
                total += piece.count
                try await body(ByteBuffer(bytes: piece))
            }
        }
        guard total == handle.byteCount else { throw FileStoreError.damaged("\(total) bytes read, \(handle.byteCount) recorded") }
    }

    /// The whole file (for the import preview, which is parsed at once; at most 20 MB).
    public func read(folder: StoredFolder, name: String, on db: any Database) async throws -> [UInt8] {
        let handle = try await open(folder: folder, name: name, on: db)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(handle.byteCount)
        try await forEachPiece(handle, on: db) { bytes.append(contentsOf: $0.readableBytesView) }
        return bytes
    }

    /// A download streamed a chunk at a time (never the whole file in memory), with its length,
    /// media type and name; never cached. The SHA-256 is checked as it goes and a mismatch logged.
    public func response(_ handle: StoredFileHandle, name: String, mediaType: String, fallbackName: String? = nil, logger: Logger) -> Response {
        let db = database
        let store = self
        let body = Response.Body(managedAsyncStream: { writer in
            var hash = SHA256()
            try await store.forEachPiece(handle, on: db) { piece in
                hash.update(data: piece.readableBytesView)
                try await writer.writeBuffer(piece)
            }
            let digest = hash.finalize().map { String(format: "%02x", $0) }.joined()
            if let expected = handle.sha256, expected != digest {
                logger.error("stored file \(name) does not match its SHA-256 (\(expected.prefix(12))… recorded, \(digest.prefix(12))… read)")
            }
        }, count: handle.byteCount)
        let response = Response(status: .ok, body: body)
        response.headers.replaceOrAdd(name: .contentType, value: mediaType)
        response.headers.replaceOrAdd(name: .contentDisposition, value: ContentDisposition.attachment(fallback: fallbackName ?? name, fullName: name))
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    // MARK: Health

    /// For `/readyz` and `ieum doctor`: writes a small file (and, in database mode, a chunk), reads
    /// it back and removes it, so nothing stays. Throws what went wrong.
    public func checkWritable() async throws {
        let name = "probe-" + UUID().uuidString.lowercased()
        let probe = Array("ieum file store probe \(name)".utf8)
        if case .directory(let root) = setting, !DiskFiles.isDirectory(root) {
            throw FileStoreError.unavailable("IEUM_FILE_STORE directory \(root) does not exist or is not a folder")
        }
        // Written and read outside an explicit transaction: on an SQLite file a transaction holds
        // the one writer, and the store's own writes would wait for it. The probe is removed after.
        do {
            try await save(probe, folder: .imports, name: name, on: database, now: Date())
            guard try await read(folder: .imports, name: name, on: database) == probe else {
                throw FileStoreError.damaged("the probe file read back differs from what was written")
            }
        } catch {
            try? await delete(folder: .imports, name: name, on: database)
            await discardUnrecorded(folder: .imports, names: [name])
            throw error
        }
        try await delete(folder: .imports, name: name, on: database)
        await discardUnrecorded(folder: .imports, names: [name])
    }

    // MARK: Helpers

    /// Storage names are ours (a UUID, maybe with an extension): letters, digits, `.`, `-`, `_`,
    /// not starting with a dot, so no name can leave its folder.
    static func checkName(_ name: String) throws {
        guard !name.isEmpty, name.count <= 200, !name.hasPrefix("."),
              name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) })
        else { throw FileStoreError.badName(name) }
    }

    static func sql(_ db: any Database) throws -> any SQLDatabase {
        guard let sql = db as? any SQLDatabase else { throw FileStoreError.unavailable("the file store needs an SQL database") }
        return sql
    }
}

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
