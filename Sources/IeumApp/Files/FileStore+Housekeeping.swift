import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Issue 19, item 5: stored files no row points to — a failed upload, an import never confirmed,
/// a record deleted — are removed a day after they were stored. Safe on several instances at once:
/// each file is claimed by one conditional `DELETE … RETURNING` (it matches only while the file is
/// still unreferenced), and only the instance whose delete returned the row removes the bytes.
extension FileStore {
    public struct CleanupReport: Sendable, Equatable {
        /// Stored files (rows with their chunks or disk copies) removed.
        public var files = 0
        /// Files on the shared directory that no row named (a crash between write and commit).
        public var strays = 0
    }

    /// One round of the clean-up; `limit` files per folder at most. `sweepDisk` also looks through
    /// the shared directory for files no row names (listing it costs more, so the loop does it
    /// hourly).
    @discardableResult
    public func removeOrphans(now: Date, limit: Int = 200, sweepDisk: Bool = false) async throws -> CleanupReport {
        let sql = try Self.sql(database)
        let cutoff = now.addingTimeInterval(-Self.orphanAge)
        var report = CleanupReport()
        for folder in StoredFolder.allCases {
            let candidates = try await sql.raw("""
                SELECT f.id FROM \(ident: StoredFile.schema) f WHERE f.folder = \(bind: folder.rawValue) \
                AND f.created_at < \(bind: cutoff) \(Self.unreferenced(folder)) ORDER BY f.created_at LIMIT \(bind: limit)
                """).all().map { try $0.decode(column: "id", as: UUID.self) }
            for id in candidates {
                // The claim: of several instances, one deletes the row; the others' statements match nothing.
                let claimed: (name: String, location: String)? = try await NotificationJobs.retryingWhenLocked {
                    try await self.database.transaction { tx in
                        let sql = try Self.sql(tx)
                        guard let row = try await sql.raw("""
                            DELETE FROM \(ident: StoredFile.schema) WHERE id = \(bind: id) AND created_at < \(bind: cutoff) \
                            AND id IN (SELECT f.id FROM \(ident: StoredFile.schema) f WHERE f.id = \(bind: id) \(Self.unreferenced(folder))) \
                            RETURNING name, location
                            """).first() else { return nil }
                        try await sql.delete(from: StoredFile.chunkSchema).where("file_id", .equal, SQLBind(id)).run()
                        return (try row.decode(column: "name", as: String.self), try row.decode(column: "location", as: String.self))
                    }
                }
                guard let claimed else { continue }
                report.files += 1
                if claimed.location == StoredFile.Location.directory.rawValue, case .directory(let root) = setting {
                    await DiskFiles.remove(DiskFiles.path(root: root, folder: folder.rawValue, name: claimed.name))
                }
            }
        }
        if sweepDisk, case .directory(let root) = setting {
            report.strays = try await sweepDirectory(root, cutoff: cutoff)
        }
        return report
    }

    /// `AND NOT EXISTS (…)` for the folder's referring table, or nothing when no table refers to it.
    static func unreferenced(_ folder: StoredFolder) -> SQLQueryString {
        guard let table = folder.referencedBy else { return "" }
        return "AND NOT EXISTS (SELECT 1 FROM \(ident: table) r WHERE r.storage_name = f.name)"
    }

    /// Files in the shared directory older than the cut-off that no `stored_files` row names, and
    /// temporary files of writes that never finished.
    func sweepDirectory(_ root: String, cutoff: Date) async throws -> Int {
        var removed = 0
        for folder in StoredFolder.allCases {
            let directory = URL(fileURLWithPath: root).appendingPathComponent(folder.rawValue).path
            let old = await DiskFiles.list(directory, hidden: true).filter { $0.modified < cutoff }
            guard !old.isEmpty else { continue }
            let temporary = old.filter { $0.name.hasPrefix(".tmp-") }.map(\.name)
            let named = old.filter { !$0.name.hasPrefix(".") }.map(\.name)
            var known = Set<String>()
            for batch in stride(from: 0, to: named.count, by: 500) {
                let slice = Array(named[batch..<min(batch + 500, named.count)])
                known.formUnion(try await StoredFile.query(on: database).filter(\.$folder == folder.rawValue).filter(\.$name ~~ slice).all().map(\.name))
            }
            for name in temporary + named.filter({ !known.contains($0) }) {
                await DiskFiles.remove(URL(fileURLWithPath: directory).appendingPathComponent(name).path)
                removed += 1
            }
        }
        return removed
    }
}

/// When this instance last looked through the shared directory for strays (the loop does it hourly).
struct DiskSweepKey: StorageKey {
    typealias Value = NIOLockedValueBox<Date?>
}

extension Application {
    var lastDiskSweep: NIOLockedValueBox<Date?> {
        if let box = storage[DiskSweepKey.self] { return box }
        let box = NIOLockedValueBox<Date?>(nil)
        storage[DiskSweepKey.self] = box
        return box
    }
}

extension FileStore {
    /// The background loop's duty: the clean-up, and the disk sweep at most once an hour.
    static func housekeeping(_ app: Application, now: Date) async throws -> CleanupReport {
        let sweep = app.lastDiskSweep.withLockedValue { last -> Bool in
            guard last.map({ abs(now.timeIntervalSince($0)) >= 3600 }) ?? true else { return false }
            last = now
            return true
        }
        return try await app.fileStore.removeOrphans(now: now, sweepDisk: sweep)
    }
}

// MARK: Files an older version kept under IEUM_DATA_DIR

extension FileStore {
    public struct LocalImportReport: Sendable, Equatable {
        /// Files copied into the store and removed from the local folder.
        public var moved = 0
        /// Local copies of files the store already had, removed.
        public var alreadyStored = 0
        /// Bytes moved.
        public var bytes = 0
        /// Import previews of the old version, left alone (upload the file again to import it).
        public var previewsLeft = 0

        public var description: String {
            "옮긴 파일 \(moved)개 (\(bytes) bytes), 이미 있던 파일 \(alreadyStored)개 / moved \(moved) file(s) (\(bytes) bytes) into the store, "
                + "\(alreadyStored) already there" + (previewsLeft > 0 ? "; \(previewsLeft) old import preview(s) left in imports/" : "")
        }
    }

    /// `ieum files import-local`: moves every file an older version wrote under `IEUM_DATA_DIR`
    /// (attachments, evidence, materials, grievance files) into the store under the same storage
    /// name, so the rows that name them need no change and every instance reads them. Each file is
    /// stored in its own transaction and only then removed locally, so the command may be stopped
    /// and run again.
    public func importLocal(now: Date, progress: (@Sendable (String) -> Void)? = nil) async throws -> LocalImportReport {
        var report = LocalImportReport()
        for folder in StoredFolder.allCases {
            let directory = URL(fileURLWithPath: legacyDirectory).appendingPathComponent(folder.rawValue).path
            let files = await DiskFiles.list(directory)
            if folder == .imports {
                report.previewsLeft = files.count
                continue
            }
            for (name, _) in files {
                guard (try? Self.checkName(name)) != nil else { continue }
                let path = DiskFiles.path(root: legacyDirectory, folder: folder.rawValue, name: name)
                if try await StoredFile.query(on: database).filter(\.$folder == folder.rawValue).filter(\.$name == name).count() > 0 {
                    await DiskFiles.remove(path)
                    report.alreadyStored += 1
                    continue
                }
                let bytes = try await DiskFiles.readAll(path)
                try await database.transaction { tx in
                    try await self.save(bytes, folder: folder, name: name, on: tx, now: now)
                }
                await DiskFiles.remove(path)
                report.moved += 1
                report.bytes += bytes.count
                progress?("\(folder.rawValue)/\(name)")
            }
        }
        return report
    }

    /// How many files an older version left under `IEUM_DATA_DIR` (import previews aside).
    public func localFilesLeft() async -> Int {
        var count = 0
        for folder in StoredFolder.allCases where folder != .imports {
            count += await DiskFiles.list(URL(fileURLWithPath: legacyDirectory).appendingPathComponent(folder.rawValue).path).count
        }
        return count
    }
}
