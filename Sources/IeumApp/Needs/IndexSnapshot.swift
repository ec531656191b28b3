import Fluent
import Foundation
import IeumMatching
import SQLKit

/// The startups index as a compact binary snapshot with the feed position it covers (issue 18,
/// item 6), kept in the database (`matching_snapshots`, in parts) so every instance reads it: a
/// start or restart reads one snapshot and the feed after it instead of 100,000 organisation rows
/// and their fields. It holds the profiles the engine indexed (the analysed index is rebuilt from
/// them in memory, on all cores), so a change to the ranking code never makes it wrong; only a
/// change of this format does (`format`).
///
/// A snapshot is used only when it is of this format, of this database server (PostgreSQL's
/// system identifier: a position names transaction ids, which mean nothing on a restored copy),
/// and younger than half the feed's retention (the feed still holds every entry after it).
struct IndexSnapshot: Sendable {
    static let table = "matching_snapshots"
    static let format = 1
    static let magic: [UInt8] = Array("IEUMIDX1".utf8)
    /// Bytes per stored part: large values are read and written in pieces.
    static let partSize = 4 << 20

    var position: FeedPosition
    /// When the position was taken.
    var takenAt: Date
    var profiles: [StartupProfile]

    // MARK: Binary form

    static func encode(_ profiles: [StartupProfile]) -> [UInt8] {
        var out = magic
        out.reserveCapacity(profiles.count * 512)
        func int(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { out.append(contentsOf: $0) } }
        func text(_ value: String) {
            let bytes = Array(value.utf8)
            int(bytes.count)
            out.append(contentsOf: bytes)
        }
        int(profiles.count)
        for p in profiles {
            for value in [p.id, p.name, p.summary, p.description, p.field, p.stage, p.region, p.status ?? ""] { text(value) }
            out.append(p.status == nil ? 0 : 1)
            int(p.keywords.count)
            p.keywords.forEach(text)
        }
        return out
    }

    struct Malformed: Error {}

    static func decode(_ bytes: [UInt8]) throws -> [StartupProfile] {
        guard bytes.starts(with: magic) else { throw Malformed() }
        var at = magic.count
        func int() throws -> Int {
            guard at + 4 <= bytes.count else { throw Malformed() }
            let value = UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
            at += 4
            return Int(value)
        }
        func text() throws -> String {
            let n = try int()
            guard at + n <= bytes.count else { throw Malformed() }
            defer { at += n }
            return String(decoding: bytes[at..<at + n], as: UTF8.self)
        }
        let count = try int()
        var profiles: [StartupProfile] = []
        profiles.reserveCapacity(count)
        for _ in 0..<count {
            let (id, name, summary, description) = (try text(), try text(), try text(), try text())
            let (field, stage, region, status) = (try text(), try text(), try text(), try text())
            guard at < bytes.count else { throw Malformed() }
            let hasStatus = bytes[at] == 1
            at += 1
            let keywords = try (0..<int()).map { _ in try text() }
            profiles.append(StartupProfile(id: id, name: name, summary: summary, description: description, keywords: keywords,
                                           field: field, stage: stage, region: region, status: hasStatus ? status : nil))
        }
        guard at == bytes.count else { throw Malformed() }
        return profiles
    }

    // MARK: Position as text

    static func text(_ position: FeedPosition) -> String {
        guard let s = position.snapshot else { return "id:\(position.lastID)" }
        return "pg:\(position.lastID):\(s.xmax):" + s.running.map(String.init).joined(separator: ",")
    }

    static func position(_ text: String) -> FeedPosition? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2, parts[0] == "id", let last = Int64(parts[1]) { return FeedPosition(lastID: last) }
        guard parts.count == 4, parts[0] == "pg", let last = Int64(parts[1]),
              let snapshot = FeedSnapshot("0:\(parts[2]):\(parts[3])") else { return nil }
        return FeedPosition(lastID: last, snapshot: snapshot)
    }

    /// PostgreSQL's system identifier (one per server cluster), "" on SQLite.
    static func server(on sql: any SQLDatabase) async throws -> String {
        guard sql.dialect.name == "postgresql" else { return "" }
        let row = try await sql.raw("SELECT system_identifier::text AS s FROM pg_control_system()").first()
        return try row?.decode(column: "s", as: String.self) ?? ""
    }

    // MARK: Storage

    /// Replaces the stored snapshot, in one transaction.
    static func save(_ snapshot: IndexSnapshot, on db: any Database) async throws {
        let bytes = encode(snapshot.profiles)
        try await db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            let server = try await server(on: sql)
            try await sql.delete(from: table).run()
            var part = 0
            for start in stride(from: 0, to: max(bytes.count, 1), by: partSize) {
                let piece = Data(bytes[start..<min(start + partSize, bytes.count)])
                try await sql.insert(into: table)
                    .columns("part", "format", "position", "server", "taken_at", "startups", "data")
                    .values(SQLBind(part), SQLBind(format), SQLBind(text(snapshot.position)), SQLBind(server),
                            SQLBind(snapshot.takenAt), SQLBind(snapshot.profiles.count), SQLBind(piece))
                    .run()
                part += 1
            }
        }
    }

    /// The stored snapshot if it can be used now (see the type's note), else nil.
    static func load(on db: any Database, now: Date) async throws -> IndexSnapshot? {
        guard let sql = db as? any SQLDatabase else { return nil }
        let head = try await sql.raw("""
            SELECT format, position, server, taken_at, startups, (SELECT COUNT(*) FROM \(ident: table)) AS parts \
            FROM \(ident: table) WHERE part = 0
            """).first()
        guard let head,
              try head.decode(column: "format", as: Int.self) == format,
              try head.decode(column: "server", as: String.self) == (try await server(on: sql)),
              let position = position(try head.decode(column: "position", as: String.self))
        else { return nil }
        let takenAt = try head.decode(column: "taken_at", as: Date.self)
        guard now.timeIntervalSince(takenAt) < MatchingFeed.retention / 2 else { return nil }
        // A position ahead of the server's own (a copy from elsewhere) is never trusted.
        if let saved = position.snapshot, let current = try await MatchingFeed.start(on: db).snapshot, saved.xmax > current.xmax { return nil }
        let parts = try head.decode(column: "parts", as: Int.self)
        var bytes: [UInt8] = []
        for part in 0..<parts {
            guard let row = try await sql.raw("SELECT data FROM \(ident: table) WHERE part = \(bind: part)").first() else { return nil }
            bytes += try row.decode(column: "data", as: Data.self)
        }
        guard let profiles = try? decode(bytes), profiles.count == (try head.decode(column: "startups", as: Int.self)) else { return nil }
        return IndexSnapshot(position: position, takenAt: takenAt, profiles: profiles)
    }
}

/// The table of `IndexSnapshot`: the parts of one snapshot (names written out, as migrations do).
struct CreateMatchingSnapshots: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("matching_snapshots")
            .field("part", .int, .identifier(auto: false))
            .field("format", .int, .required)
            .field("position", .string, .required)
            .field("server", .string, .required)
            .field("taken_at", .datetime, .required)
            .field("startups", .int, .required)
            .field("data", .data, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("matching_snapshots").delete()
    }
}
