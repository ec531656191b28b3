import Foundation
import Logging
import NIOConcurrencyHelpers

/// Ieum's log lines: a level floor from `LOG_LEVEL`, readable text or one JSON object per line
/// (`IEUM_LOG_FORMAT=json`), written whole so lines of concurrent requests never interleave.
public struct IeumLogHandler: LogHandler {
    public typealias Sink = @Sendable (String) -> Void

    public let label: String
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    let format: OperationsSettings.LogFormat
    let sink: Sink

    public init(label: String, level: Logger.Level, format: OperationsSettings.LogFormat, sink: @escaping Sink = IeumLogHandler.standardOutput) {
        self.label = label
        self.format = format
        self.sink = sink
        // Vapor logs each request's raw path at debug before any middleware runs (a reset link's
        // token would be in it); the request line of `RequestLogMiddleware` names the route instead.
        logLevel = label == "codes.vapor.request" ? max(level, .info) : level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Libraries that log SQL or query filters with their values (addresses, names) below info.
    static let databaseSources: Set<String> = ["FluentKit", "SQLKit", "PostgresNIO", "PostgresKit", "SQLiteNIO", "SQLiteKit",
                                                "FluentSQL", "FluentSQLiteDriver", "FluentPostgresDriver", "AsyncKit"]

    public func log(event: LogEvent) {
        // LOG_LEVEL=debug stays free of personal data: the database libraries' quieter lines carry
        // the values of queries, so they are written only at trace (a developer's machine).
        if event.level < .info, logLevel > .trace, Self.databaseSources.contains(event.source) { return }
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        sink(Self.line(label: label, level: event.level, message: event.message.description, metadata: merged, format: format, at: Date()))
    }

    static let lock = NIOLock()

    public static let standardOutput: Sink = { line in
        lock.withLock { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    }

    static func line(label: String, level: Logger.Level, message: String, metadata: Logger.Metadata, format: OperationsSettings.LogFormat, at date: Date) -> String {
        let time = date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        switch format {
        case .text:
            let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            return "\(time) \(level.rawValue.uppercased()) \(label): \(message)" + (fields.isEmpty ? "" : " [\(fields)]")
        case .json:
            var object: [String: Any] = ["time": time, "level": level.rawValue, "label": label, "message": message]
            for (key, value) in metadata where object[key] == nil { object[key] = json(value) }
            guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
                return #"{"level":"error","message":"unencodable log line"}"#
            }
            return String(decoding: data, as: UTF8.self)
        }
    }

    static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        // Numbers stay numbers (status, duration), so a collector can sum and compare them.
        case .stringConvertible(let convertible as Int): convertible
        case .stringConvertible(let convertible as Double): convertible
        case .stringConvertible(let convertible): "\(convertible)"
        case .array(let items): items.map(json)
        case .dictionary(let entries): entries.mapValues(json)
        }
    }
}

/// Sets up process-wide logging once, for `ieum serve` and `ieum doctor`.
public enum IeumLogging {
    private static let done = NIOLockedValueBox(false)

    public static func bootstrap(_ settings: OperationsSettings) {
        let first = done.withLockedValue { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in IeumLogHandler(label: label, level: settings.logLevel, format: settings.logFormat) }
    }
}
