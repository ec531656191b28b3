import Foundation
import Vapor
@testable import IeumApp

/// Counts the SQL statements requests run: each request's logger records what the database
/// drivers log at trace level (each statement they run), so `req.db` — in the auth middleware,
/// the handler and anything they call — reports to it.
final class StatementCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var statements: [String] = []

    var count: Int { lock.withLock { statements.count } }
    var all: [String] { lock.withLock { statements } }
    func reset() { lock.withLock { statements = [] } }

    fileprivate func record(_ statement: String) { lock.withLock { statements.append(statement) } }

    /// Gives every request a logger that reports to the counter (the app's hook for tests that
    /// capture request logs); the database drivers log each statement there at trace level.
    static func install(on app: Application) -> StatementCounter {
        let counter = StatementCounter()
        app.requestLoggers.use { _ in Handler(counter: counter) }
        return counter
    }

    /// Whether a logged message is a statement the driver runs.
    static func isStatement(_ message: String, _ metadata: Logger.Metadata?) -> Bool {
        let text = (metadata?["sql"].map { "\($0)" } ?? message).trimmingCharacters(in: .whitespaces).uppercased()
        return ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "BEGIN", "COMMIT", "ROLLBACK", "SET", "PRAGMA", "START"].contains { text.hasPrefix($0) }
    }

    private struct Handler: LogHandler {
        let counter: StatementCounter
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            let text = metadata?["sql"].map { "\($0)" } ?? message.description
            if StatementCounter.isStatement(message.description, metadata) { counter.record(text) }
        }
    }
}
