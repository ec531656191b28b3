import Fluent
import Foundation
import IeumCore
import NIOCore
import NIOPosix
import SQLKit
import Vapor
import ZIPFoundation

/// `ieum doctor`: checks a deployment the way an operator would before opening it, and says for
/// each problem what to change, in Korean and English. Changes nothing: it reads the
/// configuration, connects to the database and the mail server, writes and removes one probe file.
public enum Doctor {
    public struct Check: Sendable, Equatable {
        public enum Outcome: Sendable, Equatable {
            case ok
            /// Not checked, or fine for now but worth a look; does not fail the run.
            case warning
            case problem
        }

        public let name: String
        public let outcome: Outcome
        public let finding: Localized
        /// What to change, for a warning or a problem.
        public let fix: Localized?

        static func ok(_ name: String, _ finding: Localized) -> Check { Check(name: name, outcome: .ok, finding: finding, fix: nil) }
        static func problem(_ name: String, _ finding: Localized, fix: Localized) -> Check { Check(name: name, outcome: .problem, finding: finding, fix: fix) }
        static func warning(_ name: String, _ finding: Localized, fix: Localized) -> Check { Check(name: name, outcome: .warning, finding: finding, fix: fix) }
    }

    /// A backup older than this is a problem: the nightly one did not run.
    public static let backupMaxAge: TimeInterval = 26 * 3600
    /// How long the mail server may take to answer before the check gives up.
    static let smtpTimeout: TimeAmount = .seconds(10)

    /// Every check, in the order printed. `environment` is read for `IEUM_BACKUP_DIR` only.
    public static func run(_ config: Configuration, environment: [String: String] = ProcessInfo.processInfo.environment,
                           now: Date = Date()) async -> [Check] {
        var checks = [secret(config), baseURL(config)]
        checks.append(await smtp(config))
        checks.append(contentsOf: await deployment(config))
        checks.append(backup(directory: environment["IEUM_BACKUP_DIR"], now: now))
        return checks
    }

    public static func exitCode(_ checks: [Check]) -> Int32 {
        checks.contains { $0.outcome == .problem } ? 1 : 0
    }

    /// One line per check (`✓`, `!` or `✗`), Korean then English, and what to do under a problem.
    public static func render(_ checks: [Check]) -> String {
        var lines: [String] = []
        for check in checks {
            let mark = switch check.outcome { case .ok: "✓"; case .warning: "!"; case .problem: "✗" }
            lines.append("\(mark) \(check.name): \(check.finding.ko)")
            lines.append("  \(check.finding.en)")
            if let fix = check.fix {
                lines.append("  → \(fix.ko)")
                lines.append("  → \(fix.en)")
            }
        }
        let problems = checks.filter { $0.outcome == .problem }.count
        lines.append(problems == 0
            ? "문제 없음 / no problems (\(checks.count) checks)"
            : "문제 \(problems)건 / \(problems) problem(s) (\(checks.count) checks)")
        return lines.joined(separator: "\n")
    }

    // MARK: The checks

    static func secret(_ config: Configuration) -> Check {
        let fix = Localized("IEUM_SECRET에 32자 이상의 무작위 값을 넣으세요 (예: openssl rand -base64 48).",
                            "Set IEUM_SECRET to 32 or more random characters (e.g. openssl rand -base64 48).")
        if config.usesDefaultSecret {
            return .problem("IEUM_SECRET", Localized("설정되지 않아 공개된 개발용 값을 씁니다.", "Not set: the published development value is in use."), fix: fix)
        }
        // Anyone with the secret can forge visitors' form tokens: it must be long and not a word.
        if config.secret.count < 32 || Set(config.secret).count < 12 {
            return .problem("IEUM_SECRET", Localized("너무 짧거나 단순합니다 (\(config.secret.count)자, 서로 다른 문자 \(Set(config.secret).count)개).",
                                                     "Too short or too plain (\(config.secret.count) characters, \(Set(config.secret).count) distinct)."), fix: fix)
        }
        return .ok("IEUM_SECRET", Localized("설정됨 (\(config.secret.count)자).", "Set (\(config.secret.count) characters)."))
    }

    static func baseURL(_ config: Configuration) -> Check {
        let fix = Localized("IEUM_BASE_URL에 사람들이 여는 https 주소를 넣으세요 (예: https://ieum.example.kr). 그러면 쿠키에 Secure가 붙고 HSTS가 켜집니다.",
                            "Set IEUM_BASE_URL to the https address people open (e.g. https://ieum.example.kr); cookies then get Secure and HSTS is sent.")
        if config.baseURLIsDefault {
            return .problem("IEUM_BASE_URL", Localized("설정되지 않아 메일의 링크가 \(config.baseURL)를 가리킵니다.",
                                                       "Not set: links in e-mails point at \(config.baseURL)."), fix: fix)
        }
        guard config.baseURL.isHTTPS else {
            return .problem("IEUM_BASE_URL", Localized("\(config.baseURL)는 https가 아닙니다: 비밀번호와 쿠키가 암호화되지 않고 오갑니다.",
                                                       "\(config.baseURL) is not https: passwords and cookies travel unencrypted."), fix: fix)
        }
        return .ok("IEUM_BASE_URL", Localized("\(config.baseURL) (https, Secure 쿠키, HSTS)", "\(config.baseURL) (https, Secure cookies, HSTS)"))
    }

    static func smtp(_ config: Configuration) async -> Check {
        guard let smtp = config.smtp else {
            return .problem("SMTP", Localized("IEUM_SMTP_HOST가 없어 메일(가입 확인, 비밀번호 재설정, 알림)이 나가지 않고 보관함에만 남습니다.",
                                              "IEUM_SMTP_HOST is not set: mail (sign-up checks, password resets, notices) stays in the outbox and never goes out."),
                            fix: Localized("IEUM_SMTP_HOST, IEUM_SMTP_PORT, IEUM_SMTP_FROM과 (필요하면) IEUM_SMTP_USERNAME/IEUM_SMTP_PASSWORD를 설정하세요.",
                                           "Set IEUM_SMTP_HOST, IEUM_SMTP_PORT, IEUM_SMTP_FROM and, if the server asks, IEUM_SMTP_USERNAME/IEUM_SMTP_PASSWORD."))
        }
        let address = "\(smtp.host):\(smtp.port)"
        if smtp.tls == .plain && !SMTPSettings.isLoopback(smtp.host) {
            return .problem("SMTP", Localized("\(address)에 암호화 없이 보냅니다 (IEUM_SMTP_TLS=none).", "Mail to \(address) goes unencrypted (IEUM_SMTP_TLS=none)."),
                            fix: Localized("IEUM_SMTP_TLS=starttls(587) 또는 tls(465)로 바꾸세요.", "Use IEUM_SMTP_TLS=starttls (port 587) or tls (port 465)."))
        }
        var settings = smtp
        settings.timeout = smtpTimeout
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let outcome = await probe(smtp, settings: settings, group: group)
        try? await group.shutdownGracefully()
        return outcome
    }

    static func probe(_ smtp: SMTPSettings, settings: SMTPSettings, group: any EventLoopGroup) async -> Check {
        let address = "\(smtp.host):\(smtp.port)"
        let mode = switch smtp.tls { case .starttls: "STARTTLS"; case .tls: "TLS"; case .plain: Localized("암호화 없음(이 컴퓨터 안)", "no encryption (this machine)").ko }
        do {
            try await SMTPClient(settings: settings, group: group).probe()
            return .ok("SMTP", Localized("\(address)에 \(mode)로 연결하고 인사\(smtp.username == nil ? "" : "·로그인")까지 확인했습니다.",
                                         "Connected to \(address) with \(mode == "STARTTLS" || mode == "TLS" ? mode : "no encryption (this machine)") and got through the greeting\(smtp.username == nil ? "" : " and sign-in")."))
        } catch {
            return .problem("SMTP", Localized("\(address)에 \(mode)로 연결하지 못했습니다: \(String(describing: error).prefix(300))",
                                              "Could not reach \(address) with \(mode): \(String(describing: error).prefix(300))"),
                            fix: Localized("주소·포트·IEUM_SMTP_TLS(587은 starttls, 465는 tls)·인증서(IEUM_SMTP_CA_FILE)·계정을 확인하세요.",
                                           "Check the host, the port, IEUM_SMTP_TLS (starttls for 587, tls for 465), the certificate (IEUM_SMTP_CA_FILE) and the account."))
        }
    }

    /// The database (reachable, every migration applied) and the file store (writable), on an
    /// application set up as `ieum serve` would, without serving or migrating.
    static func deployment(_ config: Configuration) async -> [Check] {
        if case .sqliteFile(let path) = config.database, !FileManager.default.fileExists(atPath: path) {
            return [.problem("database", Localized("SQLite 파일 \(path)이 없습니다.", "The SQLite file \(path) does not exist."),
                             fix: Localized("DATABASE_URL을 확인하거나 'ieum migrate'로 새 데이터베이스를 만드세요.",
                                            "Check DATABASE_URL, or create a new database with 'ieum migrate'."))]
        }
        let app: Application
        do {
            app = try await IeumRuntime.makeApplication(config)
        } catch {
            return [.problem("database", Localized("연결 설정에 실패했습니다: \(SafeError.describe(error))", "Could not set up the connection: \(SafeError.describe(error))"),
                             fix: Localized("DATABASE_URL을 확인하세요.", "Check DATABASE_URL."))]
        }
        var checks: [Check] = []
        checks.append(await database(app, description: config.databaseDescription))
        do {
            try await FileStoreProbe.check(app)
            checks.append(.ok("files", Localized("파일 저장소에 쓰고 지울 수 있습니다.", "The file store can be written to and cleaned.")))
        } catch {
            checks.append(.problem("files", Localized("파일 저장소에 쓸 수 없습니다: \(SafeError.describe(error))", "The file store cannot be written: \(SafeError.describe(error))"),
                                   fix: Localized("IEUM_FILE_STORE를 확인하세요: database면 데이터베이스에 쓸 수 있어야 하고, directory:경로면 그 폴더가 있고 이음을 실행하는 사용자가 쓸 수 있어야 합니다.",
                                                  "Check IEUM_FILE_STORE: with database the database must accept writes; with directory:PATH the folder must exist and the user running Ieum must be able to write to it.")))
        }
        try? await app.asyncShutdown()
        return checks
    }

    static func database(_ app: Application, description: String) async -> Check {
        guard let sql = app.db as? any SQLDatabase else {
            return .problem("database", Localized("SQL 데이터베이스가 아닙니다.", "Not an SQL database."), fix: Localized("DATABASE_URL을 확인하세요.", "Check DATABASE_URL."))
        }
        do {
            try await sql.raw("SELECT 1 AS one").run()
        } catch {
            return .problem("database", Localized("\(description)에 연결하지 못했습니다: \(SafeError.describe(error))", "Could not reach \(description): \(SafeError.describe(error))"),
                            fix: Localized("데이터베이스 서버가 켜져 있는지, DATABASE_URL의 주소·계정·비밀번호가 맞는지 확인하세요.",
                                           "Check that the database server runs and that DATABASE_URL's address, user and password are right."))
        }
        let fix = Localized("'ieum migrate'를 실행하세요 (ieum serve도 시작할 때 실행합니다).", "Run 'ieum migrate' ('ieum serve' also runs it at start).")
        let applied: Set<String>
        do {
            applied = Set(try await sql.raw("SELECT name FROM _fluent_migrations").all().map { try $0.decode(column: "name", as: String.self) })
        } catch {
            return .problem("database", Localized("\(description)에 이음의 테이블이 없습니다.", "\(description) holds no Ieum tables."), fix: fix)
        }
        let pending: [String]
        do {
            pending = try await app.migrator.previewPrepareBatch().get().map(\.0.name)
        } catch {
            return .problem("database", Localized("\(description)의 마이그레이션 기록을 읽지 못했습니다.", "Could not read the migrations of \(description)."), fix: fix)
        }
        guard pending.isEmpty else {
            return .problem("database", Localized("\(description): 적용되지 않은 마이그레이션 \(pending.count)개 (\(pending.prefix(3).joined(separator: ", ")))",
                                                  "\(description): \(pending.count) migration(s) not applied (\(pending.prefix(3).joined(separator: ", ")))"), fix: fix)
        }
        return .ok("database", Localized("\(description): 연결됨, 마이그레이션 \(applied.count)개 모두 적용", "\(description): reachable, all \(applied.count) migrations applied"))
    }

    /// The newest archive in `IEUM_BACKUP_DIR` (by the time its manifest says it was made).
    static func backup(directory: String?, now: Date) -> Check {
        guard let directory, !directory.isEmpty else {
            return .warning("backup", Localized("IEUM_BACKUP_DIR가 없어 백업을 확인하지 않았습니다.", "IEUM_BACKUP_DIR is not set: backups were not checked."),
                            fix: Localized("매일 'ieum backup'으로 백업을 만들고 그 폴더를 IEUM_BACKUP_DIR로 알려 주세요.",
                                           "Make a backup daily with 'ieum backup' and name its folder in IEUM_BACKUP_DIR."))
        }
        let fix = Localized("'ieum backup \(directory)/ieum-$(date +%Y%m%d).zip'을 매일 실행하세요 (cron 또는 systemd 타이머).",
                            "Run 'ieum backup \(directory)/ieum-$(date +%Y%m%d).zip' daily (cron or a systemd timer).")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let made = names.compactMap { name -> (String, Date)? in
            manifestDate(URL(fileURLWithPath: directory).appendingPathComponent(name)).map { (name, $0) }
        }
        guard let newest = made.max(by: { $0.1 < $1.1 }) else {
            return .problem("backup", Localized("\(directory)에 이음 백업이 없습니다.", "There is no Ieum backup in \(directory)."), fix: fix)
        }
        let hours = Int(now.timeIntervalSince(newest.1) / 3600)
        let when = SeoulTime.dateTime(newest.1)
        if now.timeIntervalSince(newest.1) > backupMaxAge {
            return .problem("backup", Localized("가장 최근 백업 \(newest.0)은 \(hours)시간 전(\(when))입니다.", "The newest backup, \(newest.0), is \(hours) hours old (\(when), Seoul)."), fix: fix)
        }
        return .ok("backup", Localized("가장 최근 백업 \(newest.0): \(when) (\(hours)시간 전)", "Newest backup \(newest.0): \(when), Seoul (\(hours) hours ago)"))
    }

    /// When the archive at `url` was made, from its `manifest.json`; nil for anything else.
    static func manifestDate(_ url: URL) -> Date? {
        struct Stamp: Decodable {
            let application: String
            let createdAtUTC: String
        }
        guard ZipSniff.isArchive(url), let archive = try? Archive(url: url, accessMode: .read), let entry = archive["manifest.json"], entry.uncompressedSize < 50_000_000 else { return nil }
        var data = Data()
        guard (try? archive.extract(entry, consumer: { data.append($0) })) != nil,
              let stamp = try? JSONDecoder().decode(Stamp.self, from: data), stamp.application == "ieum" else { return nil }
        return ISO8601DateFormatter().date(from: stamp.createdAtUTC)
    }
}
