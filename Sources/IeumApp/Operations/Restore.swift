import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor
import ZIPFoundation

/// `ieum restore` (issue 19, item 1): an archive of `ieum backup` into an empty database of the
/// same kind. The archive is checked against its manifest before anything is written; afterwards
/// the new database and files are checked again, table by table.
public enum Restore {
    public struct Report: Sendable {
        public var manifest: BackupManifest
        public var tables: [VerificationLine]
        public var files: [VerificationLine]
        public var seconds: Double
        public var succeeded: Bool { tables.allSatisfy(\.matches) && files.allSatisfy(\.matches) }
    }

    /// - Parameter prepare: PostgreSQL only: creates the schema (runs the migrations) once the
    ///   target is known to be empty and the archive sound; the rows then replace what it seeded.
    public static func run(
        archive path: String, into database: OperationsDatabase, fileRoots: [FileRoot],
        prepare: @Sendable () async throws -> Void = {}
    ) async throws -> Report {
        let started = Date()
        let archive: Archive
        do {
            let url = URL(fileURLWithPath: path)
            guard ZipSniff.isArchive(url) else { throw CocoaError(.fileReadCorruptFile) }
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw OperationsProblem("백업 파일을 열 수 없습니다: \(path)", "Cannot open the backup file \(path).")
        }
        let manifest = try readManifest(archive)
        guard manifest.databaseKind == database.kindName else {
            throw OperationsProblem(
                "이 백업은 \(manifest.databaseKind == "sqlite" ? "SQLite" : "PostgreSQL") 백업이므로 같은 종류의 데이터베이스에만 복원할 수 있습니다. SQLite에서 PostgreSQL로 옮기려면 ieum move-to-postgres를 쓰세요.",
                "This is a \(manifest.databaseKind == "sqlite" ? "SQLite" : "PostgreSQL") backup; it restores into the same kind of database only. To go from SQLite to PostgreSQL use ieum move-to-postgres.")
        }

        // 1. The target must be empty.
        if let problem = try await OperationsEmptiness.problem(database) { throw problem }

        // 2. The archive must be exactly what its manifest says, before anything is written.
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-restore-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let checked = try verifyArchive(archive, manifest, work: work)
        let targets = try fileTargets(manifest, fileRoots)

        // 3. The database.
        switch database {
        case .sqlite(let target):
            guard let snapshot = checked.sqliteSnapshot else { throw damaged("database.sqlite") }
            let source = try SQLiteFile(path: snapshot.path, readOnly: true)
            let destination = try SQLiteFile(path: target, readOnly: false)
            // The backup API again, now from the archive's copy into the new file: the whole
            // database is written at once, or not at all.
            try destination.copyWhole(from: source)
            try destination.execute("PRAGMA journal_mode = WAL")
        case .postgres(let db):
            try await prepare()
            try await writePostgres(db, manifest: manifest, tables: checked.tables)
        }

        // 4. The files.
        for (entryPath, url) in targets {
            guard let data = checked.files[entryPath] else { continue }
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: [.atomic])
        }

        // 5. Check again what was written.
        let now = try await Verification.summaries(database)
        let byName = Dictionary(uniqueKeysWithValues: now.map { ($0.name, $0) })
        var tableLines = manifest.tables.map { entry in
            VerificationLine(name: entry.name, expectedRows: entry.rows, actualRows: byName[entry.name]?.rows ?? -1,
                             expectedSHA256: entry.sha256, actualSHA256: byName[entry.name]?.sha256 ?? "missing")
        }
        for extra in now where !manifest.tables.contains(where: { $0.name == extra.name }) {
            tableLines.append(VerificationLine(name: extra.name, expectedRows: 0, actualRows: extra.rows, expectedSHA256: "absent", actualSHA256: extra.sha256))
        }
        let fileLines = try manifest.files.map { entry in
            guard let url = targets[entry.path], FileManager.default.fileExists(atPath: url.path) else {
                return VerificationLine(name: entry.path, expectedRows: entry.size, actualRows: -1, expectedSHA256: entry.sha256, actualSHA256: "missing")
            }
            let hash = try FileHash.sha256(fileAt: url)
            return VerificationLine(name: entry.path, expectedRows: entry.size, actualRows: hash.size, expectedSHA256: entry.sha256, actualSHA256: hash.sha256)
        }
        return Report(manifest: manifest, tables: tableLines, files: fileLines, seconds: Date().timeIntervalSince(started))
    }

    static func damaged(_ entry: String) -> OperationsProblem {
        OperationsProblem("백업 파일이 손상되었거나 변조되었습니다 (\(entry)). 아무것도 쓰지 않았습니다.",
                          "The backup is damaged or has been altered (\(entry)). Nothing was written.")
    }

    public static func readManifest(_ archive: Archive) throws -> BackupManifest {
        guard let entry = archive["manifest.json"] else {
            throw OperationsProblem("manifest.json이 없습니다: 이음 백업 파일이 아닙니다.", "There is no manifest.json: this is not an Ieum backup.")
        }
        var data = Data()
        _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
        let manifest: BackupManifest
        do {
            manifest = try JSONDecoder().decode(BackupManifest.self, from: data)
        } catch {
            throw damaged("manifest.json")
        }
        guard manifest.application == "ieum", manifest.format == BackupManifest.currentFormat else {
            throw OperationsProblem("지원하지 않는 백업 형식입니다 (형식 \(manifest.format)).", "Unsupported backup format (\(manifest.format)).")
        }
        return manifest
    }

    struct CheckedArchive {
        var sqliteSnapshot: URL?
        var tables: [String: (TableColumns, [[String?]])] = [:]
        var files: [String: Data] = [:]
    }

    /// Every entry read, hashed and compared with the manifest; an entry the manifest does not
    /// name, or a name without its entry, refuses the archive as well.
    static func verifyArchive(_ archive: Archive, _ manifest: BackupManifest, work: URL) throws -> CheckedArchive {
        var checked = CheckedArchive()
        var expected = Set(manifest.files.map(\.path))
        expected.insert("manifest.json")
        if let file = manifest.databaseFile { expected.insert(file.path) }
        if manifest.databaseKind == "postgresql" { for table in manifest.tables { expected.insert("tables/\(table.name).jsonl") } }
        let present = Set(archive.map(\.path).filter { !$0.hasSuffix("/") })
        if let stray = present.subtracting(expected).sorted().first { throw damaged(stray) }
        if let missing = expected.subtracting(present).sorted().first { throw damaged(missing) }

        func contents(_ path: String) throws -> Data {
            guard let entry = archive[path] else { throw damaged(path) }
            var data = Data()
            do { _ = try archive.extract(entry, skipCRC32: false) { data.append($0) } } catch { throw damaged(path) }
            return data
        }

        if let file = manifest.databaseFile {
            let data = try contents(file.path)
            guard data.count == file.size, FileHash.sha256(data) == file.sha256 else { throw damaged(file.path) }
            let url = work.appendingPathComponent("database.sqlite")
            try data.write(to: url)
            let summaries = try SQLiteFile(path: url.path, readOnly: true).summaries()
            try compare(summaries, manifest)
            checked.sqliteSnapshot = url
        }
        if manifest.databaseKind == "postgresql" {
            var summaries: [TableSummary] = []
            for entry in manifest.tables {
                let path = "tables/\(entry.name).jsonl"
                let (table, rows): (TableColumns, [[String?]])
                do { (table, rows) = try BackupTableFile.read(try contents(path)) } catch { throw damaged(path) }
                guard table.table == entry.name else { throw damaged(path) }
                checked.tables[entry.name] = (table, rows)
                summaries.append(PostgresTables.summary(table, rows))
            }
            try compare(summaries, manifest)
        }
        for file in manifest.files {
            let data = try contents(file.path)
            guard data.count == file.size, FileHash.sha256(data) == file.sha256 else { throw damaged(file.path) }
            checked.files[file.path] = data
        }
        return checked
    }

    static func compare(_ summaries: [TableSummary], _ manifest: BackupManifest) throws {
        let actual = Dictionary(uniqueKeysWithValues: summaries.map { ($0.name, $0) })
        guard actual.count == manifest.tables.count else { throw damaged("tables") }
        for entry in manifest.tables {
            guard let found = actual[entry.name], found.rows == entry.rows, found.sha256 == entry.sha256 else {
                throw damaged(entry.name)
            }
        }
    }

    /// Where each file of the archive goes; refuses a root the target does not have and a file
    /// that already exists there with other contents.
    static func fileTargets(_ manifest: BackupManifest, _ roots: [FileRoot]) throws -> [String: URL] {
        var targets: [String: URL] = [:]
        for file in manifest.files {
            let parts = file.path.split(separator: "/", maxSplits: 2).map(String.init)
            guard parts.count == 3, parts[0] == "files", !parts[2].split(separator: "/").contains("..") else { throw damaged(file.path) }
            guard let root = roots.first(where: { $0.label == parts[1] }) else {
                throw OperationsProblem("백업에 '\(parts[1])' 파일 폴더가 있지만 이 설치에는 그런 폴더가 설정되어 있지 않습니다 (IEUM_FILE_STORE=directory:경로).",
                                        "The backup holds files of the '\(parts[1])' folder but this installation has no such folder set (IEUM_FILE_STORE=directory:PATH).")
            }
            let url = URL(fileURLWithPath: root.path, isDirectory: true).appendingPathComponent(parts[2])
            if FileManager.default.fileExists(atPath: url.path), (try? FileHash.sha256(fileAt: url).sha256) != file.sha256 {
                throw OperationsProblem("파일 폴더가 비어 있지 않습니다: \(url.path)에 다른 파일이 있습니다. 빈 폴더에 복원하세요.",
                                        "The file folder is not empty: \(url.path) holds another file. Restore into an empty folder.")
            }
            targets[file.path] = url
        }
        return targets
    }

    /// Replaces everything the migrations seeded with the archive's rows, in one transaction.
    static func writePostgres(_ db: any Database, manifest: BackupManifest, tables: [String: (TableColumns, [[String?]])]) async throws {
        try await db.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.raw("SET LOCAL TimeZone = 'UTC'").run()
            let present = try await PostgresTables.describe(sql)
            let migrated = try await sql.raw("SELECT name FROM _fluent_migrations").all().map { try $0.decode(column: "name", as: String.self) }
            guard Set(migrated) == Set(manifest.migrations) else {
                throw OperationsProblem(
                    "백업과 이 버전의 마이그레이션 목록이 다릅니다 (백업 \(manifest.migrations.count)개, 이 버전 \(migrated.count)개). 백업을 만든 버전의 이음으로 복원한 뒤 ieum migrate를 실행하세요.",
                    "The backup's migrations differ from this version's (\(manifest.migrations.count) in the backup, \(migrated.count) here). Restore with the Ieum version that made the backup, then run ieum migrate.")
            }
            let target = Dictionary(uniqueKeysWithValues: present.map { ($0.table, $0) })
            var plans: [String: (TableColumns, [[String?]])] = [:]
            for (name, (table, rows)) in tables {
                guard let columns = target[name] else { throw OperationsProblem("\(name) 표가 새 데이터베이스에 없습니다.", "The table \(name) does not exist in the new database.") }
                plans[name] = try PostgresCopy.align(table.columns.map(\.name), rows, to: columns)
            }
            if !present.isEmpty {
                try await sql.raw(SQLQueryString("TRUNCATE " + present.map { SQLiteFile.quoted($0.table) }.joined(separator: ", "))).run()
            }
            for name in try await PostgresTables.insertionOrder(sql, Array(plans.keys)) {
                guard let (columns, rows) = plans[name] else { continue }
                try await PostgresTables.insert(sql, columns, rows)
            }
            _ = try await PostgresTables.resetSequences(sql, present)
        }
    }
}

enum PostgresCopy {
    /// Puts the source's values in the target table's column order; every target column must come
    /// from the source and every source column must have a place.
    static func align(_ sourceColumns: [String], _ rows: [[String?]], to target: TableColumns) throws -> (TableColumns, [[String?]]) {
        let sourceSet = Set(sourceColumns)
        let targetSet = Set(target.columns.map(\.name))
        guard sourceSet == targetSet else {
            let missing = targetSet.symmetricDifference(sourceSet).sorted().joined(separator: ", ")
            throw OperationsProblem("\(target.table) 표의 열이 서로 다릅니다: \(missing)", "The columns of \(target.table) differ: \(missing)")
        }
        let index = Dictionary(uniqueKeysWithValues: sourceColumns.enumerated().map { ($1, $0) })
        let order = target.columns.map { index[$0.name]! }
        return (target, rows.map { row in order.map { row[$0] } })
    }
}

/// A database's tables summarised now (counts and checksums), for the checks after writing.
enum Verification {
    static func summaries(_ database: OperationsDatabase) async throws -> [TableSummary] {
        switch database {
        case .sqlite(let path):
            return try SQLiteFile(path: path, readOnly: true).summaries()
        case .postgres(let db):
            let snapshot = try await Backup.snapshotPostgres(db as! any SQLDatabase)
            return snapshot.tables.map { PostgresTables.summary($0.0, $0.1) }
        }
    }
}

/// "Empty": no tables, or only what Ieum's migrations write themselves (the migration list and
/// the reference data they seed). Which tables a fresh migration fills is measured, not listed:
/// the migrations run once on an in-memory database.
enum OperationsEmptiness {
    static func problem(_ database: OperationsDatabase) async throws -> OperationsProblem? {
        let counts: [String: Int]
        switch database {
        case .sqlite(let path):
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            guard let size = attributes?[.size] as? Int, size > 0 else { return nil }
            counts = try SQLiteFile(path: path, readOnly: false).rowCounts()
        case .postgres(let db):
            let sql = db as! any SQLDatabase
            counts = try await PostgresTables.counts(sql, try await PostgresTables.describe(sql).map(\.table))
        }
        let seeded = try await seededTables()
        let holding = counts.filter { $0.value > 0 && !seeded.contains($0.key) }.sorted { $0.key < $1.key }
        guard !holding.isEmpty else { return nil }
        let listed = holding.prefix(5).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return OperationsProblem(
            "대상 데이터베이스가 비어 있지 않습니다 (\(listed)). 데이터를 덮어쓰지 않도록 빈 데이터베이스에만 복원합니다.",
            "The target database is not empty (\(listed)). Ieum restores only into an empty database, so that nothing is overwritten.")
    }

    nonisolated(unsafe) private static var cached: Set<String>?
    private static let lock = NSLock()

    static func seededTables() async throws -> Set<String> {
        if let known = lock.withLock({ cached }) { return known }
        var config = Configuration(database: .sqliteMemory, bcryptCost: 4)
        config.dataDirectory = NSTemporaryDirectory() + "ieum-seed-\(UUID().uuidString)"
        let app = try await IeumRuntime.makeApplication(config, environment: .testing)
        app.logger.logLevel = .error
        let result: Result<Set<String>, any Error>
        do {
            try await app.autoMigrate()
            let sql = app.db as! any SQLDatabase
            let names = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'").all()
                .map { try $0.decode(column: "name", as: String.self) }
            var filled = Set<String>()
            for name in names {
                let row = try await sql.raw(SQLQueryString("SELECT COUNT(*) AS n FROM \(SQLiteFile.quoted(name))")).first()
                if try (row?.decode(column: "n", as: Int.self) ?? 0) > 0 { filled.insert(name) }
            }
            result = .success(filled)
        } catch {
            result = .failure(error)
        }
        try? await app.asyncShutdown()
        try? FileManager.default.removeItem(atPath: config.dataDirectory)
        let tables = try result.get()
        lock.withLock { cached = tables }
        return tables
    }
}
