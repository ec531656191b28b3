import Foundation
import Logging

/// How a deployment is watched and kept tidy (issue 19): logs, `/metrics`, personal-data periods.
/// Read with the rest of `Configuration`, so a bad variable is reported by name at start.
public struct OperationsSettings: Sendable, Equatable {
    public enum LogFormat: String, Sendable, Equatable {
        /// One readable line per event (the default, for a terminal).
        case text
        /// One JSON object per line (`IEUM_LOG_FORMAT=json`), for a log collector.
        case json
    }

    /// `LOG_LEVEL`: trace, debug, info (default), notice, warning, error or critical.
    /// Below info, libraries may log SQL and paths: for a developer's machine only.
    public var logLevel: Logger.Level = .info
    public var logFormat: LogFormat = .text
    /// `IEUM_METRICS_TOKEN`: with it, `/metrics` answers anyone who sends it as a bearer token;
    /// without it, only requests from this machine (127.0.0.1 / ::1) are answered.
    public var metricsToken: String?
    /// `IEUM_GRIEVANCE_CONTACT_RETENTION_DAYS` (default 365): a closed grievance keeps its
    /// submitter's e-mail and network address this long after closing; the case itself stays.
    public var grievanceContactRetentionDays = 365
    /// The background loop counts as stuck (`/readyz` 503) when its last round started longer ago
    /// than this many rounds.
    public static let staleAfterRounds = 3

    public init() {}

    static func parse(_ env: [String: String], problems: inout [Configuration.Problem]) -> OperationsSettings {
        var settings = OperationsSettings()
        func value(_ name: String) -> String? {
            guard let raw = env[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        if let raw = value("LOG_LEVEL") {
            if let level = Logger.Level(rawValue: raw.lowercased()) {
                settings.logLevel = level
            } else {
                problems.append(.init(variable: "LOG_LEVEL", reason: "'\(raw.prefix(30))' must be one of trace, debug, info, notice, warning, error, critical"))
            }
        }
        if let raw = value("IEUM_LOG_FORMAT") {
            if let format = LogFormat(rawValue: raw.lowercased()) {
                settings.logFormat = format
            } else {
                problems.append(.init(variable: "IEUM_LOG_FORMAT", reason: "'\(raw.prefix(30))' must be text or json"))
            }
        }
        if let raw = value("IEUM_METRICS_TOKEN") {
            // A token short enough to guess would make the figures public after all.
            if raw.count >= 16, raw.count <= 200, raw.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) {
                settings.metricsToken = raw
            } else {
                problems.append(.init(variable: "IEUM_METRICS_TOKEN", reason: "must be 16 to 200 printable ASCII characters without spaces"))
            }
        }
        if let raw = value("IEUM_GRIEVANCE_CONTACT_RETENTION_DAYS") {
            if let days = Int(raw), (1...3650).contains(days) {
                settings.grievanceContactRetentionDays = days
            } else {
                problems.append(.init(variable: "IEUM_GRIEVANCE_CONTACT_RETENTION_DAYS", reason: "'\(raw.prefix(30))' must be a whole number of days from 1 to 3650"))
            }
        }
        return settings
    }
}

extension BaseURL {
    /// Served over HTTPS: cookies are then `Secure` and browsers are told to stay on HTTPS (HSTS).
    public var isHTTPS: Bool { origin.hasPrefix("https://") }
}
