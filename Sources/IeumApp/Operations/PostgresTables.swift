import Fluent
import Foundation
import SQLKit

/// A table as PostgreSQL describes it, found by introspection of the current schema.
struct TableColumns: Codable, Sendable, Equatable {
    struct Column: Codable, Sendable, Equatable {
        var name: String
        /// `format_type`, e.g. `timestamp with time zone`, `text[]`: what values are cast to.
        var type: String
        /// `pg_type.typname`, e.g. `timestamptz`, `_text`: what decides the column's kind.
        var udt: String
        var kind: ColumnKind { ColumnKind.postgres(udt) }
    }
    var table: String
    var columns: [Column]
}

/// Reading and writing whole tables of the current PostgreSQL schema, in the portable row format
/// of backups: every value as the text PostgreSQL prints for it (arrays as JSON, times in UTC),
/// or null; written back by casting that text to the column's type.
enum PostgresTables {
    /// Every table of the current schema with its columns, sorted by name.
    static func describe(_ sql: any SQLDatabase) async throws -> [TableColumns] {
        let rows = try await sql.raw("""
            SELECT c.relname AS tbl, a.attname AS col, format_type(a.atttypid, a.atttypmod) AS typ, t.typname AS udt
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            JOIN pg_type t ON t.oid = a.atttypid
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
            ORDER BY c.relname, a.attnum
            """).all()
        var tables: [TableColumns] = []
        for row in rows {
            let table = try row.decode(column: "tbl", as: String.self)
            let column = TableColumns.Column(name: try row.decode(column: "col", as: String.self),
                                             type: try row.decode(column: "typ", as: String.self),
                                             udt: try row.decode(column: "udt", as: String.self))
            if tables.last?.table == table { tables[tables.count - 1].columns.append(column) } else { tables.append(.init(table: table, columns: [column])) }
        }
        return tables.sorted { $0.table < $1.table }
    }

    /// The tables in an order where every table comes after the tables its foreign keys point to.
    static func insertionOrder(_ sql: any SQLDatabase, _ tables: [String]) async throws -> [String] {
        let rows = try await sql.raw("""
            SELECT c.relname AS child, p.relname AS parent
            FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid
            JOIN pg_class p ON p.oid = k.confrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE k.contype = 'f' AND n.nspname = current_schema()
            """).all()
        var parents: [String: Set<String>] = [:]
        for row in rows {
            let child = try row.decode(column: "child", as: String.self)
            let parent = try row.decode(column: "parent", as: String.self)
            if child != parent { parents[child, default: []].insert(parent) }
        }
        var ordered: [String] = []
        var placed = Set<String>()
        var remaining = tables.sorted()
        while !remaining.isEmpty {
            let ready = remaining.filter { (parents[$0] ?? []).subtracting(placed).intersection(Set(remaining)).isEmpty }
            let next = ready.isEmpty ? [remaining[0]] : ready
            ordered.append(contentsOf: next)
            placed.formUnion(next)
            remaining.removeAll { next.contains($0) }
        }
        return ordered
    }

    static func selectList(_ columns: [TableColumns.Column]) -> String {
        columns.enumerated().map { index, column in
            let name = SQLiteFile.quoted(column.name)
            let expression = column.kind == .array ? "array_to_json(\(name))::text" : "\(name)::text"
            return "\(expression) AS \"c\(index)\""
        }.joined(separator: ", ")
    }

    /// Every row of a table in the portable format. Run inside a transaction whose TimeZone is UTC.
    static func rows(_ sql: any SQLDatabase, _ table: TableColumns) async throws -> [[String?]] {
        guard !table.columns.isEmpty else { return [] }
        let query = "SELECT \(selectList(table.columns)) FROM \(SQLiteFile.quoted(table.table))"
        return try await sql.raw(SQLQueryString(query)).all().map { row in
            try (0..<table.columns.count).map { try row.decode(column: "c\($0)", as: String?.self) }
        }
    }

    static func summary(_ table: TableColumns, _ rows: [[String?]]) -> TableSummary {
        let names = table.columns.map(\.name)
        let kinds = table.columns.map(\.kind)
        let lines = rows.map { row in RowNormalizer.line(names, zip(row, kinds).map { RowNormalizer.postgres($0, $1) }) }
        return TableSummary(name: table.table, rows: rows.count, sha256: RowNormalizer.checksum(lines))
    }

    /// Writes rows (portable text values, in `columns` order) in batches of at most ~20,000 values.
    static func insert(_ sql: any SQLDatabase, _ table: TableColumns, _ rows: [[String?]]) async throws {
        guard !rows.isEmpty, !table.columns.isEmpty else { return }
        let width = table.columns.count
        let batch = max(1, 20_000 / width)
        let expressions = table.columns.enumerated().map { index, column in
            column.kind == .array
                ? "CASE WHEN v.c\(index) IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(v.c\(index)::jsonb))::\(column.type) END"
                : "v.c\(index)::\(column.type)"
        }.joined(separator: ", ")
        let names = table.columns.map { SQLiteFile.quoted($0.name) }.joined(separator: ", ")
        let aliases = (0..<width).map { "c\($0)" }.joined(separator: ", ")
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + batch)]
            var query = SQLQueryString("INSERT INTO \(SQLiteFile.quoted(table.table)) (\(names)) SELECT \(expressions) FROM (VALUES ")
            for (rowIndex, row) in chunk.enumerated() {
                query.appendLiteral(rowIndex == 0 ? "(" : ", (")
                for (valueIndex, value) in row.enumerated() {
                    if valueIndex > 0 { query.appendLiteral(", ") }
                    query.appendInterpolation(bind: value)
                    query.appendLiteral("::text")
                }
                query.appendLiteral(")")
            }
            query.appendLiteral(") AS v(\(aliases))")
            try await sql.raw(query).run()
            start += batch
        }
    }

    /// Points every serial or identity column's sequence past the largest value now in its table
    /// (today's tables use UUID keys and have none; checked by introspection, not assumed).
    static func resetSequences(_ sql: any SQLDatabase, _ tables: [TableColumns]) async throws -> Int {
        var reset = 0
        for table in tables {
            for column in table.columns where column.kind == .integer {
                let found = try await sql.raw("SELECT pg_get_serial_sequence(\(bind: SQLiteFile.quoted(table.table)), \(bind: column.name)) AS seq").first()
                guard let sequence = try found?.decode(column: "seq", as: String?.self) else { continue }
                let query = "SELECT setval('\(sequence.replacingOccurrences(of: "'", with: "''"))', COALESCE(MAX(\(SQLiteFile.quoted(column.name))), 0) + 1, false) FROM \(SQLiteFile.quoted(table.table))"
                try await sql.raw(SQLQueryString(query)).run()
                reset += 1
            }
        }
        return reset
    }

    /// Row counts of every table, for the empty check.
    static func counts(_ sql: any SQLDatabase, _ tables: [String]) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in tables {
            let row = try await sql.raw(SQLQueryString("SELECT COUNT(*) AS n FROM \(SQLiteFile.quoted(table))")).first()
            counts[table] = try row?.decode(column: "n", as: Int.self) ?? 0
        }
        return counts
    }
}
