import Fluent
import Foundation
import IeumCore
import SQLKit
import Testing
import Vapor
import VaporTesting
import ZIPFoundation
@testable import IeumApp

/// `ieum backup` and `ieum restore` (issue 19, item 1), on an SQLite file or — when
/// IEUM_TEST_DATABASE_URL is set — on PostgreSQL, each test in schemas of its own.
@Suite("Backup and restore")
struct BackupRestoreTests {
    /// What the writers did: when each write started and when it was acknowledged.
    actor WriteLog {
        struct Write { let id: UUID; let started: Date; let acknowledged: Date }
        private(set) var writes: [Write] = []
        private(set) var failures: [String] = []
        func add(_ write: Write) { writes.append(write) }
        func fail(_ message: String) { failures.append(message) }
        var count: Int { writes.count }
    }

    final class StopFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var stopped = false
        var isStopped: Bool { lock.withLock { stopped } }
        func stop() { lock.withLock { stopped = true } }
    }

    static func database(_ app: Application) -> OperationsDatabase {
        if case .sqliteFile(let path) = app.ieumConfiguration.database { return .sqlite(path: path) }
        return .postgres(app.db)
    }

    /// A stored file as the directory store keeps them: a random name in a folder of the data directory.
    static func storeFile(_ bytes: [UInt8], in dataDirectory: String) throws -> String {
        let folder = URL(fileURLWithPath: dataDirectory).appendingPathComponent("attachments", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let name = UUID().uuidString.lowercased()
        try Data(bytes).write(to: folder.appendingPathComponent(name))
        return name
    }

    static func startupInput(_ n: Int, field: String) -> OrganizationInput {
        var input = OrganizationInput()
        input.kind = OrganizationKind.startup.rawValue
        input.name = "동시쓰기 스타트업 \(n)"
        input.businessNumber = TestApp.businessNumber(500_000 + n)
        input.stage = "seed"
        input.fields = [field]
        input.summary = "백업 중에 쓴 기관 \(n)"
        return input
    }

    /// A second, empty database of the same kind: a new SQLite file, or a new PostgreSQL schema
    /// (not migrated: `Restore.run` migrates it through `prepare`).
    static func withEmptyTarget(like app: Application, _ body: (OperationsDatabase, Application?, String) async throws -> Void) async throws {
        let dataDirectory = NSTemporaryDirectory() + "ieum-restore-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        guard let url = TestApp.postgresURL else {
            try await body(.sqlite(path: dataDirectory + "/restored.sqlite"), nil, dataDirectory)
            return
        }
        let target = try await Application.make(.testing)
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        target.postgresSchema = schema
        var config = Configuration(database: .postgres(url: url), bcryptCost: 4)
        config.dataDirectory = dataDirectory
        do {
            try await configure(target, config)
            try await (target.db as! any SQLDatabase).raw("CREATE SCHEMA \(ident: schema)").run()
            try await body(.postgres(target.db), target, dataDirectory)
        } catch {
            try? await (target.db as! any SQLDatabase).raw("DROP SCHEMA \(ident: schema) CASCADE").run()
            try? await target.asyncShutdown()
            throw error
        }
        try? await (target.db as! any SQLDatabase).raw("DROP SCHEMA \(ident: schema) CASCADE").run()
        try await target.asyncShutdown()
    }

    /// An application on the restored database serves a page, and the organisations are there.
    static func serve(_ restored: OperationsDatabase, app postgresApp: Application?, dataDirectory: String,
                      expecting ids: Set<UUID>) async throws {
        let check: (Application) async throws -> Void = { app in
            try await app.autoMigrate()
            let response = try await app.testing().sendRequest(.GET, "/")
            #expect(response.status == .ok)
            #expect(response.body.string.contains("이음"))
            let present = Set(try await Organization.query(on: app.db).all().compactMap(\.id))
            #expect(ids.isSubset(of: present))
        }
        if let postgresApp {
            try await check(postgresApp)
            return
        }
        guard case .sqlite(let path) = restored else { return }
        let app = try await Application.make(.testing)
        var config = Configuration(database: .sqliteFile(path: path), bcryptCost: 4)
        config.dataDirectory = dataDirectory
        do {
            try await configure(app, config)
            try await check(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test("A backup taken while 10 writers keep writing restores to exactly the rows and files of its moment")
    func backupWhileWriting() async throws {
        try await TestApp.with(sqliteFile: true) { app in
            let database = Self.database(app)
            let operatorUser = try await TestApp.user(app, email: "ops@backup.example", role: .operator)
            let actor = try await operatorUser.actor(on: app.db)
            let field = try #require(try await TechField.query(on: app.db).first()).code
            let dataDirectory = app.ieumConfiguration.dataDirectory
            // Stored files in the data directory (the directory store; files in the database are rows).
            var originals: [String: Data] = [:]
            for n in 0..<4 {
                let bytes = [UInt8]("증빙 파일 \(n) ".utf8) + [UInt8](repeating: UInt8(n), count: 1000 * (n + 1))
                let name = try Self.storeFile(bytes, in: dataDirectory)
                originals["files/data/attachments/\(name)"] = Data(bytes)
            }

            let log = WriteLog()
            let stop = StopFlag()
            let writers = Task {
                await withTaskGroup(of: Void.self) { group in
                    for writer in 0..<10 {
                        group.addTask {
                            var n = writer * 10_000
                            while !stop.isStopped {
                                n += 1
                                let started = Date()
                                do {
                                    let org = try await RegistryService.create(Self.startupInput(n, field: field), by: actor, on: app.db, now: TestApp.now)
                                    await log.add(.init(id: try org.requireID(), started: started, acknowledged: Date()))
                                } catch {
                                    await log.fail("\(error)")
                                }
                            }
                        }
                    }
                }
            }
            // Let the writers get going, then back up while they keep writing.
            while await log.count < 30 { try await Task.sleep(for: .milliseconds(20)) }
            let archive = NSTemporaryDirectory() + "ieum-backup-\(UUID().uuidString).zip"
            defer { try? FileManager.default.removeItem(atPath: archive) }
            let backupStarted = Date()
            let result = try await Backup.write(database, fileRoots: [FileRoot(label: "data", path: dataDirectory)], to: archive)
            let backupEnded = Date()
            // Keep writing a little after the backup, so the live database moves past the archive.
            let countAtEnd = await log.count
            while await log.count < countAtEnd + 20 { try await Task.sleep(for: .milliseconds(20)) }
            stop.stop()
            await writers.value

            let writes = await log.writes
            let failures = await log.failures
            #expect(failures.isEmpty, "writers failed: \(failures.prefix(3))")
            let before = Set(writes.filter { $0.acknowledged < backupStarted }.map(\.id))
            let after = Set(writes.filter { $0.started > backupEnded }.map(\.id))
            #expect(before.count >= 30)
            #expect(!after.isEmpty)

            // The manifest describes a moment between the first and the last write.
            let liveOrganizations = try await Organization.query(on: app.db).count()
            let archived = try #require(result.manifest.tables.first { $0.name == "organizations" })
            #expect(archived.rows >= before.count)
            #expect(archived.rows < liveOrganizations)
            #expect(result.manifest.files.count == originals.count)
            #expect(result.manifest.migrations.contains("IeumApp.CreateOrganizations"))
            #expect(result.manifest.databaseKind == (TestApp.postgresURL == nil ? "sqlite" : "postgresql"))

            try await Self.withEmptyTarget(like: app) { target, targetApp, targetData in
                let report = try await Restore.run(archive: archive, into: target, fileRoots: [FileRoot(label: "data", path: targetData)]) {
                    if let targetApp { try await targetApp.autoMigrate() }
                }
                #expect(report.succeeded)
                #expect(report.tables.count == result.manifest.tables.count)
                let mismatched = report.tables.filter { !$0.matches }.map(\.name)
                #expect(mismatched.isEmpty)
                // Checked independently of the restore's own report: the restored database now.
                let now = try await Verification.summaries(target)
                #expect(now.map { BackupManifest.TableEntry(name: $0.name, rows: $0.rows, sha256: $0.sha256) } == result.manifest.tables)
                // Files: byte for byte.
                for (path, data) in originals {
                    let restored = URL(fileURLWithPath: targetData).appendingPathComponent(String(path.dropFirst("files/data/".count)))
                    #expect(try Data(contentsOf: restored) == data)
                }
                // Every write acknowledged before the backup started is there; none begun after it ended.
                try await Self.serve(target, app: targetApp, dataDirectory: targetData, expecting: before)
                let restoredIDs: Set<UUID>
                switch target {
                case .sqlite(let path):
                    var ids = Set<UUID>()
                    try SQLiteFile(path: path, readOnly: true).query("SELECT id FROM organizations") {
                        if case .text(let text) = $0[0], let id = UUID(uuidString: text) { ids.insert(id) }
                    }
                    restoredIDs = ids
                case .postgres(let db):
                    restoredIDs = Set(try await Organization.query(on: db).all().compactMap(\.id))
                }
                #expect(before.isSubset(of: restoredIDs))
                #expect(after.isDisjoint(with: restoredIDs))
                #expect(restoredIDs.count == archived.rows)
            }
        }
    }

    @Test("Restore refuses a database that already holds data, in Korean and English, and changes nothing")
    func refusesNonEmptyDatabase() async throws {
        try await TestApp.with(sqliteFile: true) { app in
            let database = Self.database(app)
            try await TestApp.organization(app, name: "이미 있는 기관")
            let archive = NSTemporaryDirectory() + "ieum-backup-\(UUID().uuidString).zip"
            defer { try? FileManager.default.removeItem(atPath: archive) }
            _ = try await Backup.write(database, fileRoots: [], to: archive)
            let before = try await Verification.summaries(database)
            do {
                _ = try await Restore.run(archive: archive, into: database, fileRoots: [])
                Issue.record("restore into a non-empty database was not refused")
            } catch let problem as OperationsProblem {
                #expect(problem.message.ko.contains("비어 있지 않습니다"))
                #expect(problem.message.en.contains("not empty"))
                #expect(problem.message.en.contains("organizations 1"))
            }
            #expect(try await Verification.summaries(database) == before)
        }
    }

    /// Rewrites an archive with `change` applied to one entry.
    static func tampered(_ source: String, entry name: String, _ change: (inout Data) -> Void) throws -> String {
        let input = try Archive(url: URL(fileURLWithPath: source), accessMode: .read)
        let path = NSTemporaryDirectory() + "ieum-tampered-\(UUID().uuidString).zip"
        let output = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        var found = false
        for entry in input {
            var data = Data()
            _ = try input.extract(entry) { data.append($0) }
            if entry.path == name { change(&data); found = true }
            let bytes = data
            try output.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        #expect(found, "no entry \(name)")
        return path
    }

    @Test("Restore refuses an altered archive before writing anything")
    func refusesTamperedArchive() async throws {
        try await TestApp.with(sqliteFile: true) { app in
            let database = Self.database(app)
            try await TestApp.organization(app, name: "원본 기관")
            let dataDirectory = app.ieumConfiguration.dataDirectory
            let storedName = try Self.storeFile([UInt8]("원본 파일 내용".utf8), in: dataDirectory)
            let archive = NSTemporaryDirectory() + "ieum-backup-\(UUID().uuidString).zip"
            defer { try? FileManager.default.removeItem(atPath: archive) }
            _ = try await Backup.write(database, fileRoots: [FileRoot(label: "data", path: dataDirectory)], to: archive)

            let fileEntry = "files/data/attachments/\(storedName)"
            let dataEntry = TestApp.postgresURL == nil ? "database.sqlite" : "tables/organizations.jsonl"
            let alterations: [(String, (inout Data) -> Void)] = [
                (fileEntry, { $0.append(0x21) }),
                (dataEntry, { data in
                    // One byte of the organisations' rows changed (SQLite: a byte near the end of the file).
                    if let range = data.range(of: Data("원본 기관".utf8)) { data.replaceSubrange(range, with: Data("변조 기관".utf8)) }
                    else { data[data.count - 200] ^= 0xFF }
                }),
                ("manifest.json", { data in
                    let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"rows\" : 1,", with: "\"rows\" : 2,")
                    data = Data(text.utf8)
                }),
            ]
            for (entry, change) in alterations {
                let bad = try Self.tampered(archive, entry: entry, change)
                defer { try? FileManager.default.removeItem(atPath: bad) }
                try await Self.withEmptyTarget(like: app) { target, targetApp, targetData in
                    do {
                        _ = try await Restore.run(archive: bad, into: target, fileRoots: [FileRoot(label: "data", path: targetData)]) {
                            if let targetApp { try await targetApp.autoMigrate() }
                        }
                        Issue.record("an archive with \(entry) altered was restored")
                    } catch let problem as OperationsProblem {
                        #expect(problem.message.ko.contains("변조") || problem.message.ko.contains("손상"), "\(problem)")
                        #expect(problem.message.en.contains("Nothing was written"))
                    }
                    // Nothing written: no database file, no tables, no files.
                    switch target {
                    case .sqlite(let path): #expect(!FileManager.default.fileExists(atPath: path))
                    case .postgres(let db): #expect(try await PostgresTables.describe(db as! any SQLDatabase).isEmpty)
                    }
                    #expect(try Backup.storedFiles(in: FileRoot(label: "data", path: targetData), excluding: []).isEmpty)
                }
            }
        }
    }

    @Test("Checksums agree across SQLite and PostgreSQL for the same values")
    func normalisedValuesAgree() {
        let seconds = 1_772_413_200.123456
        #expect(RowNormalizer.sqlite(.real(seconds), .time) == RowNormalizer.postgres("2026-03-02 01:00:00.123456+00", .time))
        #expect(RowNormalizer.postgres(SQLiteTime.postgresText(seconds), .time) == RowNormalizer.sqlite(.real(seconds), .time))
        #expect(RowNormalizer.sqlite(.integer(1), .boolean) == RowNormalizer.postgres("t", .boolean))
        #expect(RowNormalizer.sqlite(.integer(0), .integer) == RowNormalizer.postgres("f", .boolean))
        #expect(RowNormalizer.sqlite(.text("A1B2C3D4-0000-4000-8000-00000000000A"), .uuid) == RowNormalizer.postgres("a1b2c3d4-0000-4000-8000-00000000000a", .uuid))
        #expect(RowNormalizer.sqlite(.text("[\"A1B2C3D4-0000-4000-8000-00000000000A\"]"), .array) == RowNormalizer.postgres("[\"a1b2c3d4-0000-4000-8000-00000000000a\"]", .array))
        #expect(RowNormalizer.sqlite(.real(0.5), .double) == RowNormalizer.postgres("0.5", .double))
        #expect(RowNormalizer.sqlite(.text("{\"b\":1, \"a\":[1,2]}"), .json) == RowNormalizer.postgres("{\"a\": [1, 2], \"b\": 1}", .json))
        #expect(RowNormalizer.sqlite(.real(seconds), .time) != RowNormalizer.sqlite(.real(seconds + 0.001), .time))
        #expect(PostgresTime.microseconds("2026-03-02 10:00:00+09") == PostgresTime.microseconds("2026-03-02 01:00:00+00"))
        // A table's checksum does not depend on the order rows come back in, but on every value.
        #expect(RowNormalizer.checksum(["a", "b"]) == RowNormalizer.checksum(["b", "a"]))
        #expect(RowNormalizer.checksum(["a", "b"]) != RowNormalizer.checksum(["a", "c"]))
    }
}
