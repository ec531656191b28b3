import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import IeumCore
import SQLKit
import Vapor

/// Rules that must hold once only, and numbers that must be issued once only, kept by the database
/// rather than by a read followed by a write (which two requests at the same moment both pass):
///
/// - sequence numbers come from a counter row raised in the caller's transaction
///   (`INSERT … ON CONFLICT DO UPDATE … RETURNING`, the same statement on SQLite and PostgreSQL):
///   no two transactions get the same number, and a rolled-back one gives its number back;
/// - a step that changes a status is one conditional `UPDATE … WHERE id = ? AND <what was read>`,
///   and only the request whose update changed the row goes on;
/// - a rule over several rows (a cap, a pair) locks the row it hangs on first (PostgreSQL
///   `FOR UPDATE`; SQLite transactions already run one at a time, see `SerializedSQLiteDatabase`);
/// - unique indexes stay the last line: `UniqueViolation` turns their errors into a clear answer.
enum OnceOnly {
    /// The next number of the counter `name`, inside the caller's transaction. A counter met for the
    /// first time starts after `seed` (a scalar subquery, for numbers issued before counters existed).
    static func next(_ name: String, seed: SQLQueryString? = nil, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { throw IeumError.conflict(busyMessage) }
        let start: SQLQueryString = seed.map { "COALESCE((\($0)), 0) + 1" } ?? "1"
        let query: SQLQueryString = """
            INSERT INTO sequence_counters (name, issued) VALUES (\(bind: name), \(start)) \
            ON CONFLICT (name) DO UPDATE SET issued = sequence_counters.issued + 1 RETURNING issued
            """
        guard let row = try await sql.raw(query).first() else { throw IeumError.conflict(busyMessage) }
        return try row.decode(column: "issued", as: Int.self)
    }

    /// Holds the rows until the transaction ends, so rules that hang on them are checked one request
    /// at a time. Rows are locked in one order (by id), so two requests never wait for each other.
    static func lock(_ table: String, _ ids: [UUID], on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        for id in Set(ids).sorted(by: { $0.uuidString < $1.uuidString }) {
            try await sql.raw("SELECT id FROM \(ident: table) WHERE id = \(bind: id) FOR UPDATE").run()
        }
    }

    static func lock(_ table: String, _ id: UUID, on db: any Database) async throws {
        try await lock(table, [id], on: db)
    }

    /// `UPDATE table SET … WHERE id = ? AND …`: true when the row matched and was changed. Inside a
    /// transaction the row stays locked until commit, so of two such updates exactly one changes it.
    static func update(_ table: String, id: UUID, on db: any Database, _ build: (SQLUpdateBuilder) -> Void) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let builder = sql.update(table).where("id", .equal, SQLBind(id))
        build(builder)
        return try await !builder.returning("id").all().isEmpty
    }

    static let busyMessage = Localized("잠시 후 다시 시도하세요.", "Please try again in a moment.")

    /// What the loser of a race is told when no more precise message fits.
    static let alreadyDone = Localized(
        "같은 요청이 방금 처리되었습니다. 페이지를 새로 고쳐 지금 상태를 확인하세요.",
        "The same request was just handled. Reload the page to see where things stand."
    )
}

/// A unique index refused a row: from SQLite ("UNIQUE constraint failed: t.a, t.b" or "… index 'x'")
/// or from PostgreSQL (SQLSTATE 23505, "Key (a, b)=(…) already exists.").
struct UniqueViolation: Sendable, Equatable {
    /// Column names (or, for an index on expressions, the index name).
    let columns: [String]

    init?(_ error: any Error) {
        if let error = error as? SQLiteError {
            guard error.isConstraintFailure, let range = error.message.range(of: "UNIQUE constraint failed: ") else { return nil }
            let rest = error.message[range.upperBound...]
            if rest.hasPrefix("index ") {
                columns = [rest.dropFirst("index ".count).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))]
            } else {
                columns = rest.split(separator: ",").map { part in
                    let name = part.trimmingCharacters(in: .whitespaces)
                    return name.split(separator: ".").last.map(String.init) ?? name
                }
            }
        } else if let error = error as? PSQLError {
            guard error.serverInfo?[.sqlState] == "23505" else { return nil }
            let detail = error.serverInfo?[.detail] ?? ""
            if let open = detail.range(of: "Key ("), let close = detail.range(of: ")=(", range: open.upperBound..<detail.endIndex) {
                columns = detail[open.upperBound..<close.lowerBound].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            } else {
                columns = [error.serverInfo?[.constraintName] ?? ""]
            }
        } else {
            return nil
        }
    }

    init(columns: [String]) { self.columns = columns }

    /// The answer a person or a program gets: a field error (422) where the value they typed is
    /// taken, otherwise 409 with a message that the same thing was just done.
    var answer: (HTTPResponseStatus, Localized, FieldErrors?) {
        func field(_ name: String, _ message: Localized) -> (HTTPResponseStatus, Localized, FieldErrors?) {
            (.unprocessableEntity, IeumError.invalid(FieldErrors()).message, FieldErrors.single(name, message))
        }
        if columns.contains("external_id") {
            return field("externalId", Localized("이미 다른 기관이 쓰는 외부 ID입니다.", "Another organisation already has this external ID."))
        }
        if columns.contains("business_number") { return field("businessNumber", RegistryService.duplicateMessage) }
        if columns == ["email"] {
            return field("email", Localized("이미 등록된 이메일입니다.", "This e-mail address is already registered."))
        }
        return (.conflict, OnceOnly.alreadyDone, nil)
    }
}

extension Error {
    /// Whether a unique index refused the write (SQLite or PostgreSQL).
    var isUniqueViolation: Bool { UniqueViolation(self) != nil }
}
