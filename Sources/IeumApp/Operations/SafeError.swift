import FluentSQLiteDriver
import Foundation
import OpenAPIRuntime
import FluentPostgresDriver
import Vapor

/// What an error may say in a log line. Errors carry what they were given: the API layer's
/// `ServerError` prints the whole request (headers with the bearer token, the parsed body with
/// names, e-mails and phone numbers), PostgreSQL's detail quotes the values a constraint refused,
/// an `Abort` reason may echo the input. So a log line names the kind of error and, for database
/// errors, the code and SQLite's message (which names tables and columns, never values); the
/// request id ties it to the request line for whoever needs to look further.
public enum SafeError {
    public static func describe(_ error: any Error) -> String {
        switch error {
        case let error as ServerError:
            return "API operation \(error.operationID) failed: \(describe(error.underlyingError))"
        case let error as SQLiteError:
            return "SQLiteError(\(error.reason)): \(error.message.prefix(200))"
        case let error as PSQLError:
            let state = error.serverInfo?[.sqlState] ?? "-"
            return "PSQLError(code: \(error.code), sqlState: \(state))"
        case let error as DecodingError:
            return "DecodingError at \(codingPath(error))"
        case let error as any AbortError:
            return "\(typeName(error)) (status \(error.status.code))"
        default:
            return typeName(error)
        }
    }

    static func typeName(_ error: any Error) -> String {
        String(reflecting: type(of: error))
    }

    /// Field names only: the coding path of a JSON body names fields, not the values typed in them.
    static func codingPath(_ error: DecodingError) -> String {
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        @unknown default:
            path = []
        }
        let text = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return text.isEmpty ? "the top level" : String(text.prefix(200))
    }
}
