import Fluent
import Foundation
import Vapor

/// The work behind `ieum backup`, `ieum restore` and `ieum move-to-postgres`; each returns the
/// process's exit status and prints through `print`.
public enum OperationsTasks {
    /// The stored-file folders of a configuration: `IEUM_DATA_DIR` ("data"), and the shared folder
    /// of `IEUM_FILE_STORE=directory:PATH` ("store") unless it lies inside the data directory.
    public static func fileRoots(_ config: Configuration, environment: [String: String] = ProcessInfo.processInfo.environment) -> [FileRoot] {
        var roots = [FileRoot(label: "data", path: config.dataDirectory)]
        if let raw = environment["IEUM_FILE_STORE"]?.trimmingCharacters(in: .whitespaces), raw.lowercased().hasPrefix("directory:") {
            let path = String(raw.dropFirst("directory:".count)).trimmingCharacters(in: .whitespaces)
            let data = URL(fileURLWithPath: config.dataDirectory).standardizedFileURL.path + "/"
            let store = URL(fileURLWithPath: path).standardizedFileURL.path
            if !path.isEmpty, !(store + "/").hasPrefix(data) { roots.append(FileRoot(label: "store", path: store)) }
        }
        return roots
    }

    /// Runs `body` with the configured database; PostgreSQL through a short-lived application
    /// (not migrated here: a backup reads what is there).
    static func withDatabase<T: Sendable>(_ config: Configuration, _ body: (OperationsDatabase, Application?) async throws -> T) async throws -> T {
        switch config.database {
        case .sqliteFile(let path):
            return try await body(.sqlite(path: path), nil)
        case .sqliteMemory:
            throw OperationsProblem("메모리 데이터베이스는 백업하거나 복원할 수 없습니다. DATABASE_URL에 파일을 지정하세요.",
                                    "An in-memory database cannot be backed up or restored; set DATABASE_URL to a file.")
        case .postgres:
            let app = try await IeumRuntime.makeApplication(config)
            let result: Result<T, any Error>
            do { result = .success(try await body(.postgres(app.db), app)) } catch { result = .failure(error) }
            try await app.asyncShutdown()
            return try result.get()
        }
    }

    public static func backup(_ config: Configuration, to file: String, print: @escaping @Sendable (String) -> Void) async throws -> Int32 {
        try await withDatabase(config) { database, _ in
            let result = try await Backup.write(database, fileRoots: fileRoots(config), to: file)
            print(describe(result, file: file))
            return 0
        }
    }

    public static func restore(_ config: Configuration, from file: String, print: @escaping @Sendable (String) -> Void) async throws -> Int32 {
        try await withDatabase(config) { database, app in
            let report = try await Restore.run(archive: file, into: database, fileRoots: fileRoots(config)) {
                if let app { try await app.autoMigrate() }
            }
            print(describe(report))
            return report.succeeded ? 0 : 1
        }
    }

    public static func moveToPostgres(_ config: Configuration, url: String, print: @escaping @Sendable (String) -> Void) async throws -> Int32 {
        guard case .sqliteFile(let path) = config.database else {
            throw OperationsProblem("지금 설정된 데이터베이스가 SQLite 파일이 아닙니다 (DATABASE_URL). 옮길 SQLite 파일을 DATABASE_URL에 지정하세요.",
                                    "The configured database is not an SQLite file (DATABASE_URL); set DATABASE_URL to the SQLite file to move.")
        }
        var target = config
        do {
            target.database = try Configuration.parseDatabase(url)
        } catch {
            throw OperationsProblem("PostgreSQL 주소가 올바르지 않습니다: \(error.reason)", "The PostgreSQL address is not valid: \(error.reason)")
        }
        guard case .postgres = target.database else {
            throw OperationsProblem("postgres://로 시작하는 PostgreSQL 주소를 주세요.", "Give a PostgreSQL address starting with postgres://.")
        }
        let app = try await IeumRuntime.makeApplication(target)
        let result: Result<MoveToPostgres.Report, any Error>
        do {
            result = .success(try await MoveToPostgres.run(sqlitePath: path, target: app.db, fileRoots: fileRoots(config)) {
                try await app.autoMigrate()
            })
        } catch {
            result = .failure(error)
        }
        try await app.asyncShutdown()
        let report = try result.get()
        print(describe(report, target: Configuration.redacted(url)))
        return report.succeeded ? 0 : 1
    }

    // MARK: - What the commands print

    static func grouped(_ n: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_US")
        return formatter.string(from: NSNumber(value: n)) ?? String(n)
    }

    static func describe(_ result: Backup.Result, file: String) -> String {
        let manifest = result.manifest
        let kind = manifest.databaseKind == "sqlite" ? "SQLite" : "PostgreSQL"
        return """
            백업 완료 / backup written: \(file) (\(grouped(result.archiveBytes)) bytes, \(String(format: "%.2f", result.seconds)) s)
              데이터베이스 / database: \(kind), 표 \(manifest.tables.count)개 / \(manifest.tables.count) tables, \
            \(grouped(manifest.totalRows)) 행 / rows, 마이그레이션 \(manifest.migrations.count)개 / migrations
              파일 / files: \(manifest.files.count)개 / files, \(grouped(manifest.totalFileBytes)) bytes
              시각 / time: \(manifest.createdAtSeoul) (Asia/Seoul) = \(manifest.createdAtUTC)
            """
    }

    static func table(_ lines: [VerificationLine], unit: String) -> [String] {
        let width = max(28, (lines.map(\.name.count).max() ?? 0) + 2)
        return lines.map { line in
            let name = line.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let counts = "\(grouped(line.expectedRows)) → \(grouped(line.actualRows))".padding(toLength: 18, withPad: " ", startingAt: 0)
            let result = line.matches ? "일치 / ok" : "불일치 / MISMATCH (\(line.expectedSHA256.prefix(12)) ≠ \(line.actualSHA256.prefix(12)))"
            return "  \(name)\(counts)\(line.actualSHA256.prefix(12))  \(result)"
        } + ["  (\(unit))"]
    }

    static func describe(_ report: Restore.Report) -> String {
        let tablesOK = report.tables.filter(\.matches).count
        let filesOK = report.files.filter(\.matches).count
        var out = ["백업 파일 검사 통과 (manifest 체크섬 일치) / archive checked against its manifest",
                   "복원 결과 / restored — 표별 행 수와 SHA-256 / rows and SHA-256 per table:"]
        out += table(report.tables, unit: "행: 백업 → 복원 / rows: backup → restored")
        if !report.files.isEmpty {
            out.append("파일 / files:")
            out += table(report.files, unit: "바이트: 백업 → 복원 / bytes: backup → restored")
        }
        out.append(report.succeeded
            ? "복원 완료 / restore complete: 표 \(tablesOK)/\(report.tables.count), 파일 \(filesOK)/\(report.files.count) 일치 / match, \(grouped(report.manifest.totalRows)) 행 / rows (\(String(format: "%.2f", report.seconds)) s)"
            : "복원 검증 실패 / restore verification FAILED: 표 \(tablesOK)/\(report.tables.count), 파일 \(filesOK)/\(report.files.count) 일치 / match")
        return out.joined(separator: "\n")
    }

    static func describe(_ report: MoveToPostgres.Report, target: String) -> String {
        let ok = report.tables.filter(\.matches).count
        var out = ["PostgreSQL로 옮긴 결과 / moved to \(target) — 표별 행 수와 정규화한 값의 SHA-256 / rows and SHA-256 of normalised values per table:"]
        out += table(report.tables, unit: "행: SQLite → PostgreSQL / rows: SQLite → PostgreSQL")
        out.append("시퀀스 / sequences reset: \(report.sequencesReset)")
        out.append("파일 / files: \(report.files)개 / files, \(grouped(report.fileBytes)) bytes — 그대로 두고 PostgreSQL 설치에서 같은 IEUM_DATA_DIR를 쓰세요 / they stay in place; point the PostgreSQL deployment at the same IEUM_DATA_DIR")
        out.append(report.succeeded
            ? "옮기기 완료 / move complete: 표 \(ok)/\(report.tables.count) 일치 / match, \(grouped(report.totalRows)) 행 / rows (\(String(format: "%.2f", report.seconds)) s)"
            : "옮기기 검증 실패 / move verification FAILED: 표 \(ok)/\(report.tables.count) 일치 / match")
        return out.joined(separator: "\n")
    }
}
