import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import ZIPFoundation
@testable import IeumApp

/// Issue 19, item 4: `ieum doctor` checks a deployment and says what to fix, non-zero on a problem.
@Suite("Deployment doctor")
struct DoctorTests {
    static let strongSecret = "q8Vx2mN7pL4rT9wZ1cF6hJ3kB5nD0sGe"

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "ieum-doctor-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// An SQLite file with every migration applied, as `ieum migrate` leaves it.
    static func migratedDatabase(in directory: String) async throws -> Configuration {
        var config = Configuration(database: .sqliteFile(path: directory + "/ieum.sqlite"), secret: strongSecret, bcryptCost: 4, dataDirectory: directory + "/files")
        config.baseURL = try BaseURL.parse("https://ieum.example.kr")
        config.baseURLIsDefault = false
        let app = try await IeumRuntime.makeApplication(config, environment: .testing)
        try await app.autoMigrate()
        try await app.asyncShutdown()
        return config
    }

    /// A backup archive as `ieum backup` writes it, as far as the doctor reads it: its manifest.
    static func backup(in directory: String, name: String, madeAt date: Date) throws {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
        let archive = try Archive(url: url, accessMode: .create)
        let manifest = Data(#"{"application":"ieum","format":1,"createdAtUTC":"\#(ISO8601DateFormatter().string(from: date))"}"#.utf8)
        try archive.addEntry(with: "manifest.json", type: .file, uncompressedSize: Int64(manifest.count)) { position, size in
            manifest.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    @Test("an unprepared deployment: every problem is named with its fix in Korean and English, exit code 1")
    func unprepared() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // given: the defaults, and a database file that does not exist
        let config = Configuration(database: .sqliteFile(path: directory + "/missing.sqlite"), bcryptCost: 4)
        // when
        let checks = await Doctor.run(config, environment: [:], now: TestApp.now)
        let text = Doctor.render(checks)
        // then
        let outcomes = Dictionary(checks.map { ($0.name, $0.outcome) }, uniquingKeysWith: { a, _ in a })
        #expect(outcomes["IEUM_SECRET"] == .problem)
        #expect(outcomes["IEUM_BASE_URL"] == .problem)
        #expect(outcomes["SMTP"] == .problem)
        #expect(outcomes["database"] == .problem)
        #expect(outcomes["backup"] == .warning)
        #expect(Doctor.exitCode(checks) == 1)
        #expect(text.contains("✗ IEUM_SECRET") && text.contains("openssl rand") && text.contains("무작위"))
        #expect(text.contains("IEUM_SMTP_HOST") && text.contains("ieum migrate"))
        #expect(text.contains("문제 4건 / 4 problem(s)"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/missing.sqlite"), "the doctor created the database")
    }

    @Test("a short or plain secret and an http base URL are problems")
    func weakSettings() throws {
        var config = Configuration(secret: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        config.baseURL = try BaseURL.parse("http://ieum.example.kr")
        config.baseURLIsDefault = false
        #expect(Doctor.secret(config).outcome == .problem)
        #expect(Doctor.baseURL(config).outcome == .problem)
        #expect(Doctor.secret(Configuration(secret: "Short-But-16-chars")).outcome == .problem)
        #expect(Doctor.secret(Configuration(secret: Self.strongSecret)).outcome == .ok)
    }

    @Test("a migrated database, a writable file store and a fresh backup pass; a missing migration and an old backup do not")
    func deploymentChecks() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = try await Self.migratedDatabase(in: directory)
        let backups = directory + "/backups"
        try FileManager.default.createDirectory(atPath: backups, withIntermediateDirectories: true)
        try Self.backup(in: backups, name: "ieum-old.zip", madeAt: TestApp.now.addingTimeInterval(-5 * 86_400))
        try Self.backup(in: backups, name: "ieum-new.zip", madeAt: TestApp.now.addingTimeInterval(-3 * 3600))
        try Data("not an archive".utf8).write(to: URL(fileURLWithPath: backups + "/notes.txt"))
        // when
        let deployment = await Doctor.deployment(config)
        let backup = Doctor.backup(directory: backups, now: TestApp.now)
        // then
        #expect(deployment.map(\.outcome) == [.ok, .ok], "\(Doctor.render(deployment))")
        #expect(deployment.first?.finding.en.contains("all") == true)
        #expect(backup.outcome == .ok)
        #expect(backup.finding.en.contains("ieum-new.zip") && backup.finding.en.contains("3 hours"))

        // given: a migration not applied, a backup two days old, a file store that cannot be written
        let app = try await IeumRuntime.makeApplication(config, environment: .testing)
        let sql = try #require(app.db as? any SQLDatabase)
        let last = try #require(try await sql.raw("SELECT name FROM _fluent_migrations ORDER BY batch DESC, created_at DESC LIMIT 1").first()?.decode(column: "name", as: String.self))
        try await sql.raw("DELETE FROM _fluent_migrations WHERE name = \(bind: last)").run()
        try await app.asyncShutdown()
        try FileManager.default.removeItem(atPath: backups + "/ieum-new.zip")
        var broken = config
        broken.fileStore = .directory(path: "/dev/null/files")
        // when
        let after = await Doctor.deployment(broken)
        let oldBackup = Doctor.backup(directory: backups, now: TestApp.now)
        let empty = Doctor.backup(directory: directory, now: TestApp.now)
        // then
        #expect(after.map(\.outcome) == [.problem, .problem], "\(Doctor.render(after))")
        #expect(after.first?.finding.en.contains("1 migration(s) not applied") == true)
        #expect(oldBackup.outcome == .problem && oldBackup.finding.en.contains("120 hours"))
        #expect(empty.outcome == .problem)
    }

    @Test("a large file that is not an archive is passed over at once by the doctor and refused at once by restore",
          .timeLimit(.minutes(1)))
    func largeNonArchive() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // given a 256 MB file (sparse: no disk is used) and a short text file beside a real backup
        let big = directory + "/ieum.sqlite"
        FileManager.default.createFile(atPath: big, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        try handle.truncate(atOffset: 256 * 1024 * 1024)
        try handle.close()
        try Data("PK".utf8).write(to: URL(fileURLWithPath: directory + "/short.zip"))
        try Self.backup(in: directory, name: "ieum-new.zip", madeAt: TestApp.now.addingTimeInterval(-3600))
        // when / then: only the real backup counts, and it takes no time
        let started = Date()
        let check = Doctor.backup(directory: directory, now: TestApp.now)
        #expect(check.outcome == .ok && check.finding.en.contains("ieum-new.zip"), "\(check.finding.en)")
        #expect(!ZipSniff.isArchive(URL(fileURLWithPath: big)))
        #expect(!ZipSniff.isArchive(URL(fileURLWithPath: directory + "/short.zip")))
        #expect(!ZipSniff.isArchive(URL(fileURLWithPath: directory)), "a folder is not an archive")
        #expect(ZipSniff.isArchive(URL(fileURLWithPath: directory + "/ieum-new.zip")))
        // restore refuses the big file with its message instead of scanning it
        await #expect(throws: OperationsProblem.self) {
            _ = try await Restore.run(archive: big, into: .sqlite(path: directory + "/target.sqlite"), fileRoots: [])
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test("an unreachable database is a problem with what to check")
    func unreachableDatabase() async throws {
        let config = Configuration(database: .postgres(url: "postgres://ieum:wrong@127.0.0.1:1/none"), bcryptCost: 4)
        let checks = await Doctor.deployment(config)
        #expect(checks.first?.outcome == .problem)
        #expect(checks.first?.fix?.en.contains("DATABASE_URL") == true)
    }

    @Test("SMTP with STARTTLS: the doctor connects, upgrades, signs in and leaves without sending", .enabled(if: MailPeer.isAvailable))
    func smtpReachable() async throws {
        let certificates = try TestCertificates.shared.get()
        try await MailPeer.with(.starttls, certificate: certificates.server.certificate, key: certificates.server.key) { peer in
            var config = Configuration()
            config.smtp = SMTPSettings(host: "127.0.0.1", port: peer.port, from: "noreply@ieum.example", username: "ieum", password: "secret",
                                       tls: .starttls, caFile: certificates.caFile)
            let check = await Doctor.smtp(config)
            #expect(check.outcome == .ok, "\(check.finding.en)")
            #expect(check.finding.en.contains("STARTTLS"))
            #expect(peer.mails.isEmpty)
            #expect(peer.authAttempts.map(\.tls) == [true])
        }
    }

    @Test("SMTP that cannot be reached, or without TLS to another machine, is a problem")
    func smtpProblems() async throws {
        var config = Configuration()
        config.smtp = SMTPSettings(host: "127.0.0.1", port: 1, from: "noreply@ieum.example", username: nil, password: nil, tls: .starttls, caFile: nil)
        #expect(await Doctor.smtp(config).outcome == .problem)
        config.smtp = SMTPSettings(host: "mail.example.kr", port: 25, from: "noreply@ieum.example", username: nil, password: nil, tls: .plain, caFile: nil)
        let plain = await Doctor.smtp(config)
        #expect(plain.outcome == .problem && plain.fix?.en.contains("starttls") == true)
    }
}
