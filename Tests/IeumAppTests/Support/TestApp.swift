import Fluent
import Foundation
import IeumCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// A fresh application per test: in-memory SQLite by default, or its own schema on the PostgreSQL
/// server named by `IEUM_TEST_DATABASE_URL` (CI sets it). Time is pinned to a Seoul working day.
enum TestApp {
    /// 2026-03-02 10:00 Asia/Seoul.
    static let now = Date(timeIntervalSince1970: 1_772_413_200)

    static var postgresURL: String? {
        let raw = ProcessInfo.processInfo.environment["IEUM_TEST_DATABASE_URL"] ?? ""
        return raw.isEmpty ? nil : raw
    }

    /// Swift Testing starts every test at once; each app holds a connection per event loop, so on
    /// PostgreSQL only a few apps may be open at a time or the server runs out of connections.
    static let gate = TestGate(limit: postgresURL == nil ? 32 : 8)

    static func with(demo: Bool = false, sqliteFile: Bool = false, _ body: (Application) async throws -> Void) async throws {
        await gate.enter()
        do {
            try await open(demo: demo, sqliteFile: sqliteFile, body)
        } catch {
            await gate.leave()
            throw error
        }
        await gate.leave()
    }

    /// `sqliteFile`: an SQLite file in the test's data directory instead of the throw-away default
    /// (ignored when the tests run on PostgreSQL).
    static func open(demo: Bool, sqliteFile: Bool = false, _ body: (Application) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        var config = Configuration(database: .sqliteMemory, bcryptCost: 4)
        config.dataDirectory = NSTemporaryDirectory() + "ieum-test-" + UUID().uuidString
        if sqliteFile {
            try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
            config.database = .sqliteFile(path: config.dataDirectory + "/ieum.sqlite")
        }
        var schema: String?
        if let url = postgresURL {
            config.database = .postgres(url: url)
            let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            app.postgresSchema = name
            schema = name
        }
        do {
            try await configure(app, config)
            app.clock = AppClock { TestApp.now }
            if let schema, let sql = app.db as? any SQLDatabase {
                try await sql.raw("CREATE SCHEMA \(ident: schema)").run()
            }
            try await app.autoMigrate()
            if demo {
                _ = try await DemoData.load(on: app.db, hasher: app.password.async, now: now, files: app.fileStore)
            }
            try await body(app)
        } catch {
            await cleanUp(app, schema: schema, dataDirectory: config.dataDirectory)
            throw error
        }
        await cleanUp(app, schema: schema, dataDirectory: config.dataDirectory)
    }

    static func cleanUp(_ app: Application, schema: String?, dataDirectory: String) async {
        if let schema, let sql = app.db as? any SQLDatabase {
            try? await sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run()
        }
        try? FileManager.default.removeItem(atPath: dataDirectory)
        try? await app.asyncShutdown()
    }

    /// An account with a known password, optionally an admin or member of an organisation.
    @discardableResult
    static func user(
        _ app: Application, email: String, role: PlatformRole = .member,
        organization: Organization? = nil, membership: MembershipRole = .admin
    ) async throws -> User {
        let user = User(email: email, name: email.components(separatedBy: "@")[0], passwordHash: try await app.password.async.hash(password), platformRole: role)
        try await user.create(on: app.db)
        if let organization {
            try await Membership(userID: try user.requireID(), organizationID: try organization.requireID(), role: membership).create(on: app.db)
        }
        return user
    }

    static let password = "correct-horse-battery"

    /// An organisation written straight to the database (bypassing the form), approved unless told.
    @discardableResult
    static func organization(
        _ app: Application, name: String, kind: OrganizationKind = .startup, status: ApprovalStatus = .approved,
        openToPartners: Bool = true, description: String = "", businessNumber: String? = nil
    ) async throws -> Organization {
        let org = Organization()
        org.kind = kind
        org.name = name
        org.status = status
        org.certifications = []
        org.summary = ""
        org.description = description
        org.keywords = []
        org.openToPartners = openToPartners
        org.businessNumber = businessNumber
        org.demandSize = kind == .demand ? .large : nil
        org.stage = kind == .startup ? .seed : nil
        org.contactEmail = "contact@\(UUID().uuidString.prefix(6)).example"
        org.refreshSearchText(fieldNames: [])
        try await org.create(on: app.db)
        return org
    }

    /// A valid business number, different for each `n`.
    static func businessNumber(_ n: Int) -> String {
        let lead = String(format: "%09d", 314_000_000 + n)
        return lead + String(BusinessNumber.checkDigit(forFirstNine: lead.compactMap(\.wholeNumberValue)))
    }
}

/// A counting semaphore for async tests.
actor TestGate {
    private let limit: Int
    private var inside = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func enter() async {
        if inside < limit {
            inside += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            inside -= 1
        } else {
            // The slot passes straight to the next waiter.
            waiting.removeFirst().resume()
        }
    }
}

extension TestApp {
    /// Two writers at the same moment. On PostgreSQL they really run at once. On SQLite they run one
    /// after the other: SQLiteNIO's busy handler retries without end, and two write transactions on one
    /// SQLite file can then hold every thread of the shared pool (a hang seen once in CI), so the
    /// exactly-once rules are checked there in sequence and their concurrency on PostgreSQL.
    static func atOnce<A: Sendable, B: Sendable>(_ a: @escaping @Sendable () async -> A, _ b: @escaping @Sendable () async -> B) async -> (A, B) {
        if postgresURL == nil { return (await a(), await b()) }
        async let first = a()
        async let second = b()
        return await (first, second)
    }

    /// `count` runs of `body`, at once on PostgreSQL, in sequence on SQLite (see `atOnce`).
    static func atOnce<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
        if postgresURL == nil {
            var out: [T] = []
            for n in 0..<count { out.append(try await body(n)) }
            return out
        }
        return try await withThrowingTaskGroup(of: T.self) { group in
            for n in 0..<count { group.addTask { try await body(n) } }
            return try await group.reduce(into: [T]()) { $0.append($1) }
        }
    }
}
