import Crypto
import Fluent
import Foundation
import IeumCore
import SQLKit
import ZIPFoundation

/// Where a deployment's data lives, for the operations commands.
public enum OperationsDatabase: Sendable {
    /// An SQLite file, read and written through SQLite's own C interface (`SQLiteFile`).
    case sqlite(path: String)
    /// A PostgreSQL database (its current schema), through the application's connection pool.
    case postgres(any Database)

    var kindName: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgresql"
        }
    }
}

/// A folder of stored files that a backup carries (`IEUM_DATA_DIR`, and the shared folder of
/// `IEUM_FILE_STORE=directory:PATH`). In the archive its files sit under `files/<label>/`.
public struct FileRoot: Sendable, Equatable {
    public var label: String
    public var path: String
    public init(label: String, path: String) {
        self.label = label
        self.path = path
    }
}

/// What `manifest.json` says about an archive.
public struct BackupManifest: Codable, Sendable, Equatable {
    public struct FileEntry: Codable, Sendable, Equatable {
        public var path: String
        public var size: Int
        public var sha256: String
    }
    public struct TableEntry: Codable, Sendable, Equatable {
        public var name: String
        public var rows: Int
        public var sha256: String
    }

    public static let currentFormat = 1
    public var format = BackupManifest.currentFormat
    public var application = "ieum"
    /// `sqlite` or `postgresql`: a backup restores into the same kind.
    public var databaseKind: String
    public var createdAtUTC: String
    public var createdAtSeoul: String
    /// The names of the migrations the database had run, in order.
    public var migrations: [String]
    public var tables: [TableEntry]
    /// SQLite: the database file in the archive (`database.sqlite`).
    public var databaseFile: FileEntry?
    /// Stored files, by their path in the archive (`files/<root>/<relative path>`).
    public var files: [FileEntry]

    public var totalRows: Int { tables.reduce(0) { $0 + $1.rows } }
    public var totalFileBytes: Int { files.reduce(0) { $0 + $1.size } }
}

/// A table's or file's result after a restore or a move: what the manifest (or the source) says
/// and what the new database holds.
public struct VerificationLine: Sendable, Equatable {
    public var name: String
    public var expectedRows: Int
    public var actualRows: Int
    public var expectedSHA256: String
    public var actualSHA256: String
    public var matches: Bool { expectedRows == actualRows && expectedSHA256 == actualSHA256 }
}

/// A refusal or failure of an operations command, in Korean and English.
public struct OperationsProblem: Error, CustomStringConvertible, Sendable {
    public let message: Localized
    public var description: String { "\(message.ko)\n\(message.en)" }
    init(_ ko: String, _ en: String) { message = Localized(ko, en) }
}

enum FileHash {
    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    static func sha256(fileAt url: URL) throws -> (size: Int, sha256: String) {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        var size = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            size += chunk.count
        }
        return (size, hasher.finalize().map { String(format: "%02x", $0) }.joined())
    }
}

enum OperationsTime {
    static func stamps(_ date: Date) -> (utc: String, seoul: String) {
        let utc = ISO8601DateFormatter()
        utc.timeZone = TimeZone(identifier: "UTC")
        let seoul = ISO8601DateFormatter()
        seoul.timeZone = TimeZone(identifier: "Asia/Seoul")
        return (utc.string(from: date), seoul.string(from: date))
    }
}

extension SQLiteFile {
    /// The migrations the database has run, oldest first.
    func migrationNames() throws -> [String] {
        guard try tableNames().contains("_fluent_migrations") else { return [] }
        var names: [String] = []
        try query("SELECT name FROM _fluent_migrations ORDER BY batch, created_at, rowid") {
            if case .text(let name) = $0[0] { names.append(name) }
        }
        return names
    }

    func rowCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in try tableNames() {
            try query("SELECT COUNT(*) FROM \(SQLiteFile.quoted(table))") {
                if case .integer(let n) = $0[0] { counts[table] = Int(n) }
            }
        }
        return counts
    }
}

/// `ieum backup` (issue 19, item 1): one ZIP archive of a running deployment — the database at one
/// moment and every stored file — with `manifest.json` holding row counts and SHA-256 checksums.
public enum Backup {
    public struct Result: Sendable {
        public var manifest: BackupManifest
        public var archiveBytes: Int
        public var seconds: Double
    }

    /// Writes the archive to `destination` (through a temporary file renamed at the end, so a
    /// failed backup never leaves half an archive under the name).
    public static func write(_ database: OperationsDatabase, fileRoots: [FileRoot], to destination: String, now: Date = Date()) async throws -> Result {
        let started = Date()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-backup-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        let stamps = OperationsTime.stamps(now)
        var manifest = BackupManifest(databaseKind: database.kindName, createdAtUTC: stamps.utc, createdAtSeoul: stamps.seoul,
                                      migrations: [], tables: [], databaseFile: nil, files: [])
        var entries: [(name: String, url: URL)] = []

        // 1. The database at one moment.
        var excluded: Set<String> = []
        switch database {
        case .sqlite(let path):
            guard FileManager.default.fileExists(atPath: path) else {
                throw OperationsProblem("데이터베이스 파일이 없습니다: \(path)", "There is no database file at \(path).")
            }
            let snapshotURL = work.appendingPathComponent("database.sqlite")
            try snapshotSQLite(from: path, to: snapshotURL.path)
            let snapshot = try SQLiteFile(path: snapshotURL.path, readOnly: true)
            manifest.migrations = try snapshot.migrationNames()
            manifest.tables = try snapshot.summaries().map { .init(name: $0.name, rows: $0.rows, sha256: $0.sha256) }
            let hash = try FileHash.sha256(fileAt: snapshotURL)
            manifest.databaseFile = .init(path: "database.sqlite", size: hash.size, sha256: hash.sha256)
            entries.append(("database.sqlite", snapshotURL))
            let resolved = URL(fileURLWithPath: path).standardizedFileURL.path
            excluded = [resolved, resolved + "-wal", resolved + "-shm", resolved + "-journal"]
        case .postgres(let db):
            guard let sql = db as? any SQLDatabase else { throw OperationsProblem("SQL 데이터베이스가 아닙니다.", "Not an SQL database.") }
            let dump = try await snapshotPostgres(sql)
            let tablesFolder = work.appendingPathComponent("tables", isDirectory: true)
            try FileManager.default.createDirectory(at: tablesFolder, withIntermediateDirectories: true)
            for (table, rows) in dump.tables {
                let url = tablesFolder.appendingPathComponent(table.table + ".jsonl")
                try BackupTableFile.write(table, rows, to: url)
                let summary = PostgresTables.summary(table, rows)
                manifest.tables.append(.init(name: summary.name, rows: summary.rows, sha256: summary.sha256))
                entries.append(("tables/\(table.table).jsonl", url))
            }
            manifest.migrations = dump.migrations
        }

        // 2. Stored files, after the database: a file is written before the row that points to it,
        // so every file a row of the snapshot names is already there.
        for root in fileRoots {
            for (relative, url) in try storedFiles(in: root, excluding: excluded) {
                let hash = try FileHash.sha256(fileAt: url)
                let name = "files/\(root.label)/\(relative)"
                manifest.files.append(.init(path: name, size: hash.size, sha256: hash.sha256))
                entries.append((name, url))
            }
        }

        // 3. The archive: manifest first, then the database, then the files.
        let partial = URL(fileURLWithPath: destination + ".partial-\(UUID().uuidString.prefix(8))")
        let archive = try Archive(url: partial, accessMode: .create)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let manifestData = try encoder.encode(manifest)
        try archive.addEntry(with: "manifest.json", type: .file, uncompressedSize: Int64(manifestData.count), modificationDate: now,
                             compressionMethod: .deflate) { position, size in
            manifestData.subdata(in: Int(position)..<Int(position) + size)
        }
        for entry in entries {
            try archive.addEntry(with: entry.name, fileURL: entry.url, compressionMethod: .deflate)
        }
        let destinationURL = URL(fileURLWithPath: destination)
        if FileManager.default.fileExists(atPath: destination) { try FileManager.default.removeItem(at: destinationURL) }
        try FileManager.default.moveItem(at: partial, to: destinationURL)
        let size = (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? Int) ?? 0
        return Result(manifest: manifest, archiveBytes: size, seconds: Date().timeIntervalSince(started))
    }

    /// SQLite's online backup API copies the live database into a new file; the copy is then a
    /// plain rollback-journal database (one file, nothing in a `-wal` beside it).
    static func snapshotSQLite(from source: String, to destination: String) throws {
        let live = try SQLiteFile(path: source, readOnly: false)
        let copy = try SQLiteFile(path: destination, readOnly: false)
        try copy.copyWhole(from: live)
        try copy.execute("PRAGMA journal_mode = DELETE")
    }

    /// Every table of the current schema read in one `REPEATABLE READ READ ONLY` transaction: all
    /// tables as of the same moment, while others keep writing.
    static func snapshotPostgres(_ sql: any SQLDatabase) async throws -> (tables: [(TableColumns, [[String?]])], migrations: [String]) {
        try await (sql as! any Database).transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
            try await sql.raw("SET LOCAL TimeZone = 'UTC'").run()
            var tables: [(TableColumns, [[String?]])] = []
            for table in try await PostgresTables.describe(sql) {
                tables.append((table, try await PostgresTables.rows(sql, table)))
            }
            var migrations: [String] = []
            if tables.contains(where: { $0.0.table == "_fluent_migrations" }) {
                migrations = try await sql.raw("SELECT name FROM _fluent_migrations ORDER BY batch, created_at").all()
                    .map { try $0.decode(column: "name", as: String.self) }
            }
            return (tables, migrations)
        }
    }

    /// The regular files under a root, with their paths relative to it, sorted.
    static func storedFiles(in root: FileRoot, excluding excluded: Set<String>) throws -> [(String, URL)] {
        let base = URL(fileURLWithPath: root.path, isDirectory: true).standardizedFileURL
        guard FileManager.default.fileExists(atPath: base.path) else { return [] }
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var found: [(String, URL)] = []
        let prefix = base.path.hasSuffix("/") ? base.path : base.path + "/"
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = url.standardizedFileURL.path
            guard !excluded.contains(path), path.hasPrefix(prefix) else { continue }
            found.append((String(path.dropFirst(prefix.count)), url))
        }
        return found.sorted { $0.0 < $1.0 }
    }
}

/// A table in the archive: a header line with its columns and types, then one JSON array of
/// text values (or null) per row.
enum BackupTableFile {
    static func write(_ table: TableColumns, _ rows: [[String?]], to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var data = try encoder.encode(table)
        data.append(0x0A)
        for row in rows {
            data.append(try encoder.encode(row))
            data.append(0x0A)
        }
        try data.write(to: url)
    }

    static func read(_ data: Data) throws -> (TableColumns, [[String?]]) {
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: true)
        guard !lines.isEmpty else { throw OperationsProblem("표 파일이 비어 있습니다.", "A table file is empty.") }
        let decoder = JSONDecoder()
        let table = try decoder.decode(TableColumns.self, from: Data(lines.removeFirst()))
        let rows = try lines.map { try decoder.decode([String?].self, from: Data($0)) }
        guard rows.allSatisfy({ $0.count == table.columns.count }) else {
            throw OperationsProblem("\(table.table) 표의 행 길이가 열 수와 다릅니다.", "A row of \(table.table) does not have one value per column.")
        }
        return (table, rows)
    }
}
