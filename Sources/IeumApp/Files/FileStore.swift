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
