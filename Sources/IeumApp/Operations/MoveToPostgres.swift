import Fluent
import Foundation
import IeumCore
import SQLKit

/// `ieum move-to-postgres` (issue 19, item 2): an SQLite deployment copied into an empty
/// PostgreSQL database — every table in one transaction, values converted to the PostgreSQL
/// column types — then checked table by table: row counts and checksums of normalised values
/// must agree on both sides.
public enum MoveToPostgres {
    public struct Report: Sendable {
        public var tables: [VerificationLine]
        public var sequencesReset: Int
        public var files: Int
        public var fileBytes: Int
        public var seconds: Double
        public var succeeded: Bool { tables.allSatisfy(\.matches) }
        public var totalRows: Int { tables.reduce(0) { $0 + $1.actualRows } }
    }

    /// - Parameters:
    ///   - sqlitePath: the deployment's SQLite file (it may keep serving meanwhile: the copy is
    ///     made from a snapshot taken with SQLite's online backup API).
    ///   - target: the PostgreSQL database; `prepare` migrates it once it is known to be empty.
    ///   - fileRoots: stored-file folders; they stay where they are (the PostgreSQL deployment uses
    ///     the same folders), and are counted in the report.
    public static func run(
        sqlitePath: String, target: any Database, fileRoots: [FileRoot], prepare: @Sendable () async throws -> Void
    ) async throws -> Report {
        let started = Date()
        guard FileManager.default.fileExists(atPath: sqlitePath) else {
            throw OperationsProblem("SQLite 데이터베이스 파일이 없습니다: \(sqlitePath)", "There is no SQLite database file at \(sqlitePath).")
        }
        if let problem = try await OperationsEmptiness.problem(.postgres(target)) { throw problem }

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-move-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let snapshotPath = work.appendingPathComponent("source.sqlite").path
        try Backup.snapshotSQLite(from: sqlitePath, to: snapshotPath)
        let source = try SQLiteFile(path: snapshotPath, readOnly: true)
        let sourceMigrations = try source.migrationNames()

        try await prepare()

        let (targetTables, sequences) = try await target.transaction { db -> ([TableColumns], Int) in
            let sql = db as! any SQLDatabase
            try await sql.raw("SET LOCAL TimeZone = 'UTC'").run()
            let migrated = try await sql.raw("SELECT name FROM _fluent_migrations").all().map { try $0.decode(column: "name", as: String.self) }
            guard Set(migrated) == Set(sourceMigrations) else {
                let missing = Set(migrated).subtracting(sourceMigrations).count
                throw OperationsProblem(
                    "SQLite 데이터베이스의 마이그레이션이 이 버전과 다릅니다 (\(missing)개 빠짐). 먼저 SQLite 쪽에서 ieum migrate를 실행하세요.",
                    "The SQLite database's migrations differ from this version's (\(missing) missing). Run ieum migrate on the SQLite deployment first.")
            }
            let tables = try await PostgresTables.describe(sql)
            let byName = Dictionary(uniqueKeysWithValues: tables.map { ($0.table, $0) })
            var plans: [String: (TableColumns, [[String?]])] = [:]
            for name in try source.tableNames() {
                guard let columns = byName[name] else {
                    throw OperationsProblem("\(name) 표가 PostgreSQL 쪽에 없습니다.", "The table \(name) does not exist in PostgreSQL.")
                }
                let sourceColumns = try source.columns(of: name).map(\.name)
                let kinds = Dictionary(uniqueKeysWithValues: columns.columns.map { ($0.name, $0.kind) })
                var rows: [[String?]] = []
                try source.query("SELECT " + sourceColumns.map(SQLiteFile.quoted).joined(separator: ", ") + " FROM " + SQLiteFile.quoted(name)) { values in
                    rows.append(zip(sourceColumns, values).map { column, value in portable(value, kinds[column] ?? .text) })
                }
                plans[name] = try PostgresCopy.align(sourceColumns, rows, to: columns)
            }
            // The migrations seeded reference rows; the SQLite deployment's own rows replace them.
            if !tables.isEmpty {
                try await sql.raw(SQLQueryString("TRUNCATE " + tables.map { SQLiteFile.quoted($0.table) }.joined(separator: ", "))).run()
            }
            for name in try await PostgresTables.insertionOrder(sql, Array(plans.keys)) {
                guard let (columns, rows) = plans[name] else { continue }
                try await PostgresTables.insert(sql, columns, rows)
            }
            return (tables, try await PostgresTables.resetSequences(sql, tables))
        }

        // Both sides summarised on values normalised by the PostgreSQL column kinds.
        let kinds = Dictionary(uniqueKeysWithValues: targetTables.map { table in
            (table.table, Dictionary(uniqueKeysWithValues: table.columns.map { ($0.name, $0.kind) }))
        })
        let expected = try source.summaries(kinds: kinds)
        let actual = Dictionary(uniqueKeysWithValues: try await Verification.summaries(.postgres(target)).map { ($0.name, $0) })
        var lines = expected.map { entry in
            VerificationLine(name: entry.name, expectedRows: entry.rows, actualRows: actual[entry.name]?.rows ?? -1,
                             expectedSHA256: entry.sha256, actualSHA256: actual[entry.name]?.sha256 ?? "missing")
        }
        for (name, extra) in actual where !expected.contains(where: { $0.name == name }) {
            lines.append(VerificationLine(name: name, expectedRows: 0, actualRows: extra.rows, expectedSHA256: "absent", actualSHA256: extra.sha256))
        }
        var files = 0
        var bytes = 0
        let resolved = URL(fileURLWithPath: sqlitePath).standardizedFileURL.path
        for root in fileRoots {
            for (_, url) in try Backup.storedFiles(in: root, excluding: [resolved, resolved + "-wal", resolved + "-shm", resolved + "-journal"]) {
                files += 1
                bytes += (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            }
        }
        return Report(tables: lines.sorted { $0.name < $1.name }, sequencesReset: sequences, files: files, fileBytes: bytes,
                      seconds: Date().timeIntervalSince(started))
    }

    /// An SQLite value as PostgreSQL input text for a column of `kind`.
    static func portable(_ value: SQLiteFile.Value, _ kind: ColumnKind) -> String? {
        switch value {
        case .null:
            return nil
        case .integer(let int):
            switch kind {
            case .boolean: return int != 0 ? "true" : "false"
            case .time: return PostgresTime.text(int * 1_000_000)
            case .double: return "\(Double(int))"
            default: return String(int)
            }
        case .real(let double):
            switch kind {
            case .time: return SQLiteTime.postgresText(double)
            case .integer: return String(Int64(double))
            case .boolean: return double != 0 ? "true" : "false"
            default: return "\(double)"
            }
        case .text(let text):
            switch kind {
            case .boolean: return text == "1" || text.lowercased() == "true" ? "true" : "false"
            case .bytes: return "\\x" + text.utf8.map { String(format: "%02x", $0) }.joined()
            default: return text
            }
        case .blob(let bytes):
            switch kind {
            case .uuid, .text, .json, .array: return RowNormalizer.sqlite(value, kind == .uuid ? .uuid : .text)
            default: return "\\x" + bytes.map { String(format: "%02x", $0) }.joined()
            }
        }
    }
}
