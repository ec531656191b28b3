import Foundation
import NIOSSL

/// Everything Ieum reads from the environment, read once at startup into one typed value.
public struct Configuration: Sendable, Equatable {
    public enum Database: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteMemory
        case postgres(url: String)
    }

    public var database: Database
    /// The key of the signed form token visitors' forms carry (`AnonymousFormToken`, HMAC-SHA256);
    /// must be set in production (`ieum doctor` checks it).
    public var secret: String
    public var host: String
    public var port: Int
    /// Bcrypt cost: 12 in production; tests use the minimum to stay fast.
    public var bcryptCost: Int
    /// The old per-instance folder of uploaded files (`IEUM_DATA_DIR`). New files go to `fileStore`;
    /// files left here by an older version are still read, and `ieum files import-local` moves them.
    public var dataDirectory: String
    /// Where uploaded files live for every instance (`IEUM_FILE_STORE`, issue 18): in the database
    /// (default) or under a shared directory. See `FileStore`.
    public var fileStore: FileStoreSetting = .database
    public var usesDefaultSecret: Bool
    /// Marks cookies `Secure`: always with an `https` `IEUM_BASE_URL`, or `IEUM_SECURE_COOKIES=1`.
    public var secureCookies: Bool = false
    /// Behind a load balancer, `IEUM_TRUST_PROXY=1` takes the client address from `X-Forwarded-For`
    /// (for sign-in throttling); otherwise every user would share the balancer's address.
    public var trustProxy: Bool = false
    /// Where e-mail goes; nil keeps mails in the outbox and writes them to the log instead.
    public var smtp: SMTPSettings?
    /// The public address links in e-mails and calendar files start with (`IEUM_BASE_URL`);
    /// without it, the address Ieum listens on (`baseURLIsDefault`), fit for tests and demos only.
    public var baseURL: BaseURL
    public var baseURLIsDefault = true
    /// Days an account may go unused before it is deleted (`IEUM_ACCOUNT_RETENTION_DAYS`, issue 16,
    /// item 6); its owner is mailed `PersonalDataRetention.noticeDays` before.
    public var accountRetentionDays = 1095
    /// `IEUM_REQUIRE_OPERATOR_2FA=1`: operators must turn on two-factor sign-in before they can do
    /// anything else (`OperatorTwoFactorMiddleware`). Off by default; anyone may turn it on anyway.
    public var requireOperatorTwoFactor = false
    /// Seconds between two rounds of the background jobs (mail, reminders, retention):
    /// `IEUM_JOBS_INTERVAL`, 1–3600, default 30. The browser suite uses 1 to read mails at once.
    public var jobsIntervalSeconds = 30
    /// The grievance desk's telephone (`IEUM_GRIEVANCE_PHONE`, e.g. 02-2222-3333), shown on the
    /// intake form and in its refusals; without it no page tells people to call.
    public var grievancePhone: String?
    /// Logs, `/metrics` and personal-data periods (issue 19): `LOG_LEVEL`, `IEUM_LOG_FORMAT`,
    /// `IEUM_METRICS_TOKEN`, `IEUM_GRIEVANCE_CONTACT_RETENTION_DAYS`.
    public var operations = OperationsSettings()

    public static let developmentSecret = "ieum-development-secret-change-me"

    public init(
        database: Database = .sqliteFile(path: "ieum.sqlite"),
        secret: String = Configuration.developmentSecret,
        host: String = "127.0.0.1",
        port: Int = 8080,
        bcryptCost: Int = 12,
        dataDirectory: String = "ieum-data"
    ) {
        self.database = database
        self.secret = secret
        self.host = host
        self.port = port
        self.bcryptCost = bcryptCost
        self.dataDirectory = dataDirectory
        self.usesDefaultSecret = secret == Configuration.developmentSecret
        self.baseURL = .local(host: host, port: port)
    }

    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let variable: String
        public let reason: String
        public var description: String { "\(variable): \(reason)" }
    }

    /// Reads `DATABASE_URL`, `IEUM_SECRET`, `HOST`, `PORT`, `IEUM_BCRYPT_COST`, `IEUM_DATA_DIR`, `IEUM_FILE_STORE`,
    /// `IEUM_SECURE_COOKIES`, `IEUM_TRUST_PROXY`, `IEUM_REQUIRE_OPERATOR_2FA`, `IEUM_BASE_URL`,
    /// `IEUM_ACCOUNT_RETENTION_DAYS` and the `IEUM_SMTP_*` variables.
    /// Every malformed variable is reported by name; all problems are collected, not just the first.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws(ProblemList) -> Configuration {
        var config = Configuration()
        var problems: [Problem] = []

        if let raw = env["DATABASE_URL"], !raw.isEmpty {
            do { config.database = try parseDatabase(raw) } catch { problems.append(error) }
        }
        if let secret = env["IEUM_SECRET"] {
            if secret.count < 16 {
                problems.append(Problem(variable: "IEUM_SECRET", reason: "must be at least 16 characters"))
            } else {
                config.secret = secret
                config.usesDefaultSecret = false
            }
        }
        if let host = env["HOST"], !host.isEmpty {
            if host.contains(where: { $0.isWhitespace || $0 == "/" }) {
                problems.append(Problem(variable: "HOST", reason: "'\(host)' is not a host name or address"))
            } else {
                config.host = host
            }
        }
        if let raw = env["PORT"], !raw.isEmpty {
            if let port = Int(raw), (1...65535).contains(port) {
                config.port = port
            } else {
                problems.append(Problem(variable: "PORT", reason: "'\(raw)' is not a port number (1–65535)"))
            }
        }
        if let raw = env["IEUM_GRIEVANCE_PHONE"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            let digits = raw.filter(\.isNumber).count
            if raw.count <= 20, (7...15).contains(digits), raw.allSatisfy({ $0.isASCII && ($0.isNumber || "-+() ".contains($0)) }) {
                config.grievancePhone = raw
            } else {
                problems.append(Problem(variable: "IEUM_GRIEVANCE_PHONE", reason: "'\(raw.prefix(30))' is not a telephone number such as 02-2222-3333"))
            }
        }
        if let raw = env["IEUM_JOBS_INTERVAL"], !raw.isEmpty {
            if let seconds = Int(raw), (1...3600).contains(seconds) {
                config.jobsIntervalSeconds = seconds
            } else {
                problems.append(Problem(variable: "IEUM_JOBS_INTERVAL", reason: "'\(raw.prefix(50))' is not a number of seconds (1–3600)"))
            }
        }
        if let raw = env["IEUM_BCRYPT_COST"], !raw.isEmpty {
            if let cost = Int(raw), (4...31).contains(cost) {
                config.bcryptCost = cost
            } else {
                problems.append(Problem(variable: "IEUM_BCRYPT_COST", reason: "'\(raw)' must be between 4 and 31"))
            }
        }
        if let dir = env["IEUM_DATA_DIR"], !dir.isEmpty { config.dataDirectory = dir }
        if let raw = env["IEUM_FILE_STORE"], !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            do { config.fileStore = try FileStoreSetting.parse(raw) } catch { problems.append(error) }
        }
        if let raw = env["IEUM_SECURE_COOKIES"], !raw.isEmpty {
            switch raw.lowercased() {
            case "1", "true", "yes": config.secureCookies = true
            case "0", "false", "no": config.secureCookies = false
            default: problems.append(Problem(variable: "IEUM_SECURE_COOKIES", reason: "'\(raw)' must be 1 or 0"))
            }
        }
        if let raw = env["IEUM_TRUST_PROXY"], !raw.isEmpty {
            switch raw.lowercased() {
            case "1", "true", "yes": config.trustProxy = true
            case "0", "false", "no": config.trustProxy = false
            default: problems.append(Problem(variable: "IEUM_TRUST_PROXY", reason: "'\(raw)' must be 1 or 0"))
            }
        }
        if let raw = env["IEUM_REQUIRE_OPERATOR_2FA"], !raw.isEmpty {
            switch raw.lowercased() {
            case "1", "true", "yes": config.requireOperatorTwoFactor = true
            case "0", "false", "no": config.requireOperatorTwoFactor = false
            default: problems.append(Problem(variable: "IEUM_REQUIRE_OPERATOR_2FA", reason: "'\(raw)' must be 1 or 0"))
            }
        }
        config.baseURL = .local(host: config.host, port: config.port)
        if let raw = env["IEUM_BASE_URL"], !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                config.baseURL = try BaseURL.parse(raw)
                config.baseURLIsDefault = false
            } catch {
                problems.append(Problem(variable: "IEUM_BASE_URL", reason: error.reason))
            }
        }
        if let raw = env["IEUM_ACCOUNT_RETENTION_DAYS"], !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            // Longer than the 30-day notice by a month at least, so a notice never goes to an account just made.
            if let days = Int(raw.trimmingCharacters(in: .whitespaces)), (60...36_500).contains(days) {
                config.accountRetentionDays = days
            } else {
                problems.append(Problem(variable: "IEUM_ACCOUNT_RETENTION_DAYS", reason: "'\(raw.prefix(100))' must be a whole number of days from 60 to 36500"))
            }
        }
        config.smtp = parseSMTP(env, problems: &problems)
        config.operations = OperationsSettings.parse(env, problems: &problems)
        // Behind HTTPS every cookie is Secure, with no flag to remember.
        if config.baseURL.isHTTPS { config.secureCookies = true }
        if !problems.isEmpty { throw ProblemList(problems: problems) }
        return config
    }

    /// `IEUM_SMTP_HOST` turns mail on; `IEUM_SMTP_FROM` is then required. The other variables
    /// without a host are a mistake worth stopping for: mail would silently only be logged.
    static func parseSMTP(_ env: [String: String], problems: inout [Problem]) -> SMTPSettings? {
        func value(_ name: String) -> String? {
            guard let raw = env[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        let host = value("IEUM_SMTP_HOST")
        let from = value("IEUM_SMTP_FROM")
        let username = value("IEUM_SMTP_USERNAME")
        let password = env["IEUM_SMTP_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        var port = 25
        var ok = true
        if let raw = value("IEUM_SMTP_PORT") {
            if let number = Int(raw), (1...65535).contains(number) {
                port = number
            } else {
                problems.append(Problem(variable: "IEUM_SMTP_PORT", reason: "'\(raw)' is not a port number (1–65535)"))
                ok = false
            }
        }
        guard let host else {
            for name in ["IEUM_SMTP_FROM", "IEUM_SMTP_PORT", "IEUM_SMTP_USERNAME", "IEUM_SMTP_PASSWORD", "IEUM_SMTP_TLS", "IEUM_SMTP_CA_FILE"]
            where value(name) != nil {
                problems.append(Problem(variable: "IEUM_SMTP_HOST", reason: "must be set when \(name) is set"))
                break
            }
            return nil
        }
        if host.contains(where: { $0.isWhitespace || $0 == "/" }) {
            problems.append(Problem(variable: "IEUM_SMTP_HOST", reason: "'\(host)' is not a host name or address"))
            ok = false
        }
        if let from {
            if !SMTPSettings.isMailbox(from) {
                problems.append(Problem(variable: "IEUM_SMTP_FROM", reason: "'\(from)' is not an e-mail address"))
                ok = false
            }
        } else {
            problems.append(Problem(variable: "IEUM_SMTP_FROM", reason: "is required when IEUM_SMTP_HOST is set"))
            ok = false
        }
        if (username == nil) != (password == nil) {
            let missing = username == nil ? "IEUM_SMTP_USERNAME" : "IEUM_SMTP_PASSWORD"
            let other = username == nil ? "IEUM_SMTP_PASSWORD" : "IEUM_SMTP_USERNAME"
            problems.append(Problem(variable: missing, reason: "is required when \(other) is set"))
            ok = false
        }
        var tls = SMTPTLSMode.starttls
        if let raw = value("IEUM_SMTP_TLS") {
            if let mode = SMTPTLSMode(rawValue: raw.lowercased()) {
                tls = mode
            } else {
                problems.append(Problem(variable: "IEUM_SMTP_TLS", reason: "'\(raw)' must be starttls, tls or none"))
                ok = false
            }
        }
        if tls == .plain, username != nil, !SMTPSettings.isLoopback(host) {
            problems.append(Problem(variable: "IEUM_SMTP_TLS", reason: "none would send IEUM_SMTP_PASSWORD in plain text to \(host); use starttls or tls (none with a password is only for a server on this machine)"))
            ok = false
        }
        let caFile = value("IEUM_SMTP_CA_FILE")
        if let caFile {
            if tls == .plain {
                problems.append(Problem(variable: "IEUM_SMTP_CA_FILE", reason: "is only used with IEUM_SMTP_TLS=starttls or tls"))
                ok = false
            } else if (try? NIOSSLCertificate.fromPEMFile(caFile))?.isEmpty ?? true {
                problems.append(Problem(variable: "IEUM_SMTP_CA_FILE", reason: "'\(caFile)' is not a readable PEM file of certificates"))
                ok = false
            }
        }
        guard ok, let from else { return nil }
        return SMTPSettings(host: host, port: port, from: from, username: username, password: password, tls: tls, caFile: caFile)
    }

    /// What stops `ieum serve` beyond malformed variables: mail to real people with links that
    /// point at this machine. A demo may run so (the links then name 127.0.0.1).
    public func servingProblems(demo: Bool) -> [Problem] {
        guard smtp != nil, baseURLIsDefault, !demo else { return [] }
        return [Problem(variable: "IEUM_BASE_URL", reason: "must be set when IEUM_SMTP_HOST is set: links in e-mails would point at \(baseURL)")]
    }

    public struct ProblemList: Error, CustomStringConvertible {
        public let problems: [Problem]
        public var description: String {
            "Configuration error:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    static func parseDatabase(_ raw: String) throws(Problem) -> Database {
        if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") {
            guard let url = URL(string: raw), url.host != nil, !(url.host ?? "").isEmpty else {
                throw Problem(variable: "DATABASE_URL", reason: "'\(redacted(raw))' is not a valid postgres:// URL")
            }
            guard url.path.count > 1 else {
                throw Problem(variable: "DATABASE_URL", reason: "the postgres URL names no database")
            }
            return .postgres(url: raw)
        }
        if raw == ":memory:" { return .sqliteMemory }
        if raw.contains("://") {
            throw Problem(variable: "DATABASE_URL", reason: "unsupported scheme; use postgres://… or a SQLite file path")
        }
        let path = raw.hasPrefix("sqlite:") ? String(raw.dropFirst("sqlite:".count)) : raw
        if path.isEmpty { throw Problem(variable: "DATABASE_URL", reason: "empty SQLite path") }
        return .sqliteFile(path: path)
    }

    /// The URL with its password hidden, for logs and error messages.
    static func redacted(_ raw: String) -> String {
        guard var components = URLComponents(string: raw), components.password != nil else { return raw }
        components.password = "***"
        return components.string ?? raw
    }
}
