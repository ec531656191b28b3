import Foundation
// SQLite's own C interface, as built by sqlite-nio (the same library Fluent uses, with the
// `sqlite_nio_` prefix). SQLiteNIO keeps its connection handle private, so backups open the file
// with a connection of their own; that is what SQLite's online backup API expects anyway.
import VaporCSQLite

/// A plain SQLite connection for the operations commands: the online backup API
/// (`sqlite3_backup_init/step/finish`) and reading every table of a snapshot row by row.
/// Used from one task at a time; never shared with the application's connections.
final class SQLiteFile: @unchecked Sendable {
    private var handle: OpaquePointer?
    let path: String

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(path: String, readOnly: Bool) throws {
        self.path = path
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_FULLMUTEX, nil)
        guard status == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "status \(status)"
            sqlite_nio_sqlite3_close(handle)
            handle = nil
            throw Failure(description: "cannot open \(path): \(message)")
        }
        // Writers of a running deployment hold the lock only briefly; wait for them.
        sqlite_nio_sqlite3_busy_timeout(handle, 10_000)
    }

    deinit { sqlite_nio_sqlite3_close(handle) }

    private var message: String { handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "closed" }

    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite_nio_sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let text = error.map { String(cString: $0) } ?? message
            sqlite_nio_sqlite3_free(error)
            throw Failure(description: "\(text) (\(sql.prefix(60)))")
        }
    }

    /// Copies the whole database `source` into this one with the online backup API, in a single
    /// step: SQLite holds one read transaction on the source for the copy, so the result is the
    /// database as it was at one moment, whatever other connections write meanwhile (in WAL mode
    /// writers are not even held up). A busy or locked source is retried for up to a minute.
    func copyWhole(from source: SQLiteFile) throws {
        guard let backup = sqlite_nio_sqlite3_backup_init(handle, "main", source.handle, "main") else {
            throw Failure(description: "backup could not start: \(message)")
        }
        var status: Int32 = SQLITE_OK
        var attempts = 0
        repeat {
            status = sqlite_nio_sqlite3_backup_step(backup, -1)
            if status == SQLITE_BUSY || status == SQLITE_LOCKED {
                attempts += 1
                usleep(50_000)
            }
        } while (status == SQLITE_BUSY || status == SQLITE_LOCKED) && attempts < 1200
        let finish = sqlite_nio_sqlite3_backup_finish(backup)
        guard status == SQLITE_DONE, finish == SQLITE_OK else {
            throw Failure(description: "backup stopped (status \(status)/\(finish)): \(message)")
        }
    }

    /// One column value as SQLite holds it.
    enum Value: Equatable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
        case blob([UInt8])
    }

    /// Runs `sql` and hands every row to `row` (values in the selected order).
    func query(_ sql: String, _ binds: [String] = [], row: ([Value]) throws -> Void) throws {
        var statement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            throw Failure(description: "\(message) (\(sql.prefix(80)))")
        }
        defer { sqlite_nio_sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (index, value) in binds.enumerated() {
            sqlite_nio_sqlite3_bind_text(statement, Int32(index + 1), value, -1, transient)
        }
        let count = sqlite_nio_sqlite3_column_count(statement)
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw Failure(description: "\(message) (\(sql.prefix(80)))") }
            var values: [Value] = []
            values.reserveCapacity(Int(count))
            for column in 0..<count {
                switch sqlite_nio_sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: values.append(.integer(sqlite_nio_sqlite3_column_int64(statement, column)))
                case SQLITE_FLOAT: values.append(.real(sqlite_nio_sqlite3_column_double(statement, column)))
                case SQLITE_TEXT:
                    let bytes = sqlite_nio_sqlite3_column_text(statement, column)
                    values.append(.text(bytes.map { String(cString: $0) } ?? ""))
                case SQLITE_BLOB:
                    let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                    if length > 0, let pointer = sqlite_nio_sqlite3_column_blob(statement, column) {
                        values.append(.blob([UInt8](UnsafeRawBufferPointer(start: pointer, count: length))))
                    } else {
                        values.append(.blob([]))
                    }
                default: values.append(.null)
                }
            }
            try row(values)
        }
    }

    /// The names of the tables (not SQLite's own), sorted.
    func tableNames() throws -> [String] {
        var names: [String] = []
        try query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name") {
            if case .text(let name) = $0[0] { names.append(name) }
        }
        return names
    }

    /// A table's columns with their declared types, in table order.
    func columns(of table: String) throws -> [(name: String, declaredType: String)] {
        var columns: [(String, String)] = []
        try query("SELECT name, type FROM pragma_table_info(?) ORDER BY cid", [table]) {
            if case .text(let name) = $0[0] {
                var type = ""
                if case .text(let declared) = $0[1] { type = declared }
                columns.append((name, type))
            }
        }
        return columns
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
