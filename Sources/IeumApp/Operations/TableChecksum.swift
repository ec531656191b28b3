import Crypto
import Foundation

/// What a column holds, whichever database holds it. Checksums are computed on values normalised
/// by this kind, so the same rows give the same SHA-256 on SQLite and on PostgreSQL (a UUID in
/// lower case, a time as whole microseconds since 1970, a boolean as 1 or 0, JSON re-encoded with
/// sorted keys, bytes in hex).
enum ColumnKind: String, Codable, Sendable {
    case uuid, integer, boolean, double, time, json, array, bytes, text

    /// From an SQLite declared type as Fluent writes them (`UUID`, `INTEGER`, `REAL` for dates, …).
    static func sqlite(_ declared: String) -> ColumnKind {
        switch declared.uppercased() {
        case "UUID": .uuid
        case "INTEGER", "INT", "BIGINT", "BOOLEAN", "BOOL": .integer
        case "REAL", "DATETIME", "TIMESTAMP": .time
        case "DOUBLE", "FLOAT": .double
        case "JSON": .json
        case "BLOB": .bytes
        default: .text
        }
    }

    /// From a PostgreSQL type name (`pg_type.typname`; arrays start with `_`).
    static func postgres(_ udt: String) -> ColumnKind {
        if udt.hasPrefix("_") { return .array }
        switch udt {
        case "uuid": return .uuid
        case "int2", "int4", "int8", "oid": return .integer
        case "bool": return .boolean
        case "float4", "float8", "numeric": return .double
        case "timestamptz", "timestamp": return .time
        case "json", "jsonb": return .json
        case "bytea": return .bytes
        default: return .text
        }
    }
}

/// Turns column values into one canonical text per row, and rows into a table's checksum.
enum RowNormalizer {
    /// A value as PostgreSQL prints it (`::text`, arrays as JSON, times in UTC), normalised.
    static func postgres(_ raw: String?, _ kind: ColumnKind) -> String? {
        guard let raw else { return nil }
        switch kind {
        case .uuid: return raw.lowercased()
        case .integer: return raw
        case .boolean: return raw == "t" || raw == "true" ? "1" : "0"
        case .double: return Double(raw).map { "\($0)" } ?? raw
        case .time: return PostgresTime.microseconds(raw).map(String.init) ?? raw
        case .json, .array: return canonicalJSON(raw)
        case .bytes: return raw.hasPrefix("\\x") ? String(raw.dropFirst(2)).lowercased() : raw
        case .text: return raw
        }
    }

    /// A value as SQLite holds it, normalised for the kind the column has (in SQLite or in the
    /// PostgreSQL table it is moved to).
    static func sqlite(_ value: SQLiteFile.Value, _ kind: ColumnKind) -> String? {
        switch value {
        case .null: return nil
        case .integer(let int):
            switch kind {
            case .boolean: return int != 0 ? "1" : "0"
            case .double: return "\(Double(int))"
            case .time: return String(int * 1_000_000)
            default: return String(int)
            }
        case .real(let double):
            switch kind {
            case .time: return String(SQLiteTime.microseconds(double))
            case .integer, .boolean: return String(Int64(double))
            default: return "\(double)"
            }
        case .text(let text):
            switch kind {
            case .uuid: return text.lowercased()
            case .json, .array: return canonicalJSON(text)
            case .boolean: return text == "1" || text.lowercased() == "true" ? "1" : "0"
            default: return text
            }
        case .blob(let bytes):
            switch kind {
            case .uuid where bytes.count == 16:
                return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8],
                                   bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15])).uuidString.lowercased()
            case .text, .json, .array: return String(decoding: bytes, as: UTF8.self)
            default: return bytes.map { String(format: "%02x", $0) }.joined()
            }
        }
    }

    /// JSON re-encoded with sorted keys; strings that are UUIDs in lower case (SQLite keeps a UUID
    /// array as JSON text in upper case, PostgreSQL prints `uuid[]` in lower case).
    static func canonicalJSON(_ text: String) -> String {
        func lowered(_ value: Any) -> Any {
            switch value {
            case let string as String: return UUID(uuidString: string) != nil ? string.lowercased() : string
            case let array as [Any]: return array.map(lowered)
            case let object as [String: Any]: return object.mapValues(lowered)
            default: return value
            }
        }
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]),
              case let object = lowered(parsed),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        else { return text }
        return String(decoding: data, as: UTF8.self)
    }

    /// One row: its columns sorted by name, as a JSON array of [name, value] pairs.
    static func line(_ columns: [String], _ values: [String?]) -> String {
        let pairs = zip(columns, values).sorted { $0.0 < $1.0 }.map { [$0.0, $0.1 as Any? ?? NSNull()] as [Any] }
        let data = (try? JSONSerialization.data(withJSONObject: pairs, options: [.withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A table's checksum: SHA-256 of its rows' lines, sorted, each followed by a newline — the
    /// order rows come back in does not matter, and neither does the database's collation.
    static func checksum(_ lines: [String]) -> String {
        var hasher = SHA256()
        for line in lines.sorted() {
            hasher.update(data: Data(line.utf8))
            hasher.update(data: Data([0x0A]))
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

enum SQLiteTime {
    /// Fluent keeps dates in SQLite as seconds since 1970 (a REAL); PostgreSQL keeps microseconds.
    static func microseconds(_ seconds: Double) -> Int64 { Int64((seconds * 1_000_000).rounded()) }

    /// The PostgreSQL input text for the same moment, exact to the microsecond.
    static func postgresText(_ seconds: Double) -> String { PostgresTime.text(microseconds(seconds)) }
}

enum PostgresTime {
    /// Parses `2026-03-02 01:00:00.123456+00` (a `timestamptz` printed with TimeZone UTC).
    static func microseconds(_ raw: String) -> Int64? {
        let parts = raw.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let day = parts[0].split(separator: "-").compactMap { Int64($0) }
        guard day.count == 3 else { return nil }
        var clock = String(parts[1])
        var offsetSeconds: Int64 = 0
        if let sign = clock.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let offset = clock[clock.index(after: sign)...].split(separator: ":").compactMap { Int64($0) }
            let value = (offset.first ?? 0) * 3600 + (offset.count > 1 ? offset[1] * 60 : 0)
            offsetSeconds = clock[sign] == "+" ? value : -value
            clock = String(clock[..<sign])
        }
        let hms = clock.split(separator: ":")
        guard hms.count == 3, let hour = Int64(hms[0]), let minute = Int64(hms[1]) else { return nil }
        let secondParts = hms[2].split(separator: ".", maxSplits: 1)
        guard let second = Int64(secondParts[0]) else { return nil }
        var fraction: Int64 = 0
        if secondParts.count == 2 {
            let digits = String(secondParts[1].prefix(6)).padding(toLength: 6, withPad: "0", startingAt: 0)
            fraction = Int64(digits) ?? 0
        }
        let days = daysFromCivil(day[0], day[1], day[2])
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return seconds * 1_000_000 + fraction
    }

    /// `YYYY-MM-DD HH:MM:SS.ffffff+00` for whole microseconds since 1970.
    static func text(_ micros: Int64) -> String {
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 { fraction += 1_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (y, m, d) = civilFromDays(days)
        return String(format: "%04lld-%02lld-%02lld %02lld:%02lld:%02lld.%06lld+00", y, m, d, rest / 3600, rest % 3600 / 60, rest % 60, fraction)
    }

    // Howard Hinnant's civil-calendar day arithmetic (proleptic Gregorian).
    static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day)
    }
}

/// A table's row count and checksum, as the manifest records them.
struct TableSummary: Codable, Equatable, Sendable {
    var name: String
    var rows: Int
    var sha256: String
}

extension SQLiteFile {
    /// Every table's row count and checksum. `kinds` overrides the column kinds taken from the
    /// declared types (the move to PostgreSQL passes the target's, e.g. booleans).
    func summaries(kinds: [String: [String: ColumnKind]] = [:]) throws -> [TableSummary] {
        try tableNames().map { table in
            let columns = try columns(of: table)
            let names = columns.map(\.name)
            let columnKinds = columns.map { kinds[table]?[$0.name] ?? ColumnKind.sqlite($0.declaredType) }
            var lines: [String] = []
            let select = "SELECT " + names.map(SQLiteFile.quoted).joined(separator: ", ") + " FROM " + SQLiteFile.quoted(table)
            try query(select) { values in
                lines.append(RowNormalizer.line(names, zip(values, columnKinds).map { RowNormalizer.sqlite($0, $1) }))
            }
            return TableSummary(name: table, rows: lines.count, sha256: RowNormalizer.checksum(lines))
        }
    }
}
