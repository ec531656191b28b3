import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import IeumApp

/// Issue 14, items 5 and 6, the parts not shown elsewhere: a session row is written only when its
/// data changed, an unknown e-mail costs the same bcrypt as a known one, sign-in attempts are
/// indexed, and password hashing has threads of its own.
@Suite("Sessions and sign-in costs")
struct SessionCostTests {
    /// Counts UPDATEs of `web_sessions` with a trigger, on either database.
    static func countSessionWrites(_ app: Application) async throws -> @Sendable () async throws -> Int {
        let sql = try #require(app.db as? any SQLDatabase)
        try await sql.raw("CREATE TABLE session_writes (n INTEGER)").run()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("""
                CREATE FUNCTION session_write_probe() RETURNS trigger AS $$
                BEGIN INSERT INTO session_writes VALUES (1); RETURN NEW; END $$ LANGUAGE plpgsql
                """).run()
            try await sql.raw("CREATE TRIGGER session_write_probe AFTER UPDATE ON web_sessions FOR EACH ROW EXECUTE FUNCTION session_write_probe()").run()
        } else {
            try await sql.raw("CREATE TRIGGER session_write_probe AFTER UPDATE ON web_sessions BEGIN INSERT INTO session_writes VALUES (1); END").run()
        }
        return {
            let rows = try await sql.raw("SELECT COUNT(*) AS n FROM session_writes").all()
            return try rows.first?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    @Test("pages viewed by a signed-in person do not rewrite their session row")
    func sessionsNotRewritten() async throws {
        try await TestApp.with { app in
            try await TestApp.user(app, email: "reader@session.test")
            let writes = try await Self.countSessionWrites(app)
            let web = WebClient(app)
            try await web.login("reader@session.test")
            _ = try await web.get("/account")
            let settled = try await writes()
            for path in ["/account", "/organizations", "/dashboard", "/inbox", "/account", "/calls"] {
                #expect(try await web.get(path).status == .ok, "\(path)")
            }
            #expect(try await writes() == settled, "a page view rewrote the session")
            #expect(settled <= 1)
            // The trigger does count: a change to the row is seen.
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE web_sessions SET expires_at = expires_at").run()
            #expect(try await writes() > settled)
        }
    }

    @Test("an unknown e-mail costs the same bcrypt as a known one with a wrong password")
    func unknownEmailSameCost() async throws {
        try await TestApp.with { app in
            // Digests at cost 10 (the tests otherwise use 4), so bcrypt dominates the time.
            let hasher = PrehashingBcryptHasher(cost: 10)
            app.storage[AccountsController.DecoyHashKey.self] = try hasher.hash("decoy-password-1")
            for n in 0..<5 {
                let user = try await TestApp.user(app, email: "known\(n)@cost.test")
                user.passwordHash = try hasher.hash(TestApp.password)
                try await user.save(on: app.db)
            }
            func timed(_ email: String) async throws -> Double {
                let web = WebClient(app)
                _ = try await web.get("/login")
                let start = DispatchTime.now().uptimeNanoseconds
                let page = try await web.post("/login", [("email", email), ("password", "wrong-password-123")])
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                #expect(page.status == .unauthorized)
                return elapsed
            }
            var known: [Double] = []
            var unknown: [Double] = []
            for n in 0..<5 {
                known.append(try await timed("known\(n)@cost.test"))
                unknown.append(try await timed("nobody\(n)@cost.test"))
            }
            let median = { (values: [Double]) in values.sorted()[values.count / 2] }
            // Without the decoy an unknown e-mail answers in a few ms against tens for a bcrypt check.
            #expect(median(unknown) >= 0.5 * median(known), "unknown \(unknown) ms vs known \(known) ms")
            #expect(median(known) >= 0.5 * median(unknown), "unknown \(unknown) ms vs known \(known) ms")
        }
    }

    @Test("sign-in attempts are indexed by e-mail, by address and by time")
    func loginAttemptIndexes() async throws {
        try await TestApp.with { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let rows = sql.dialect.name == "postgresql"
                ? try await sql.raw("SELECT indexname AS name FROM pg_indexes WHERE tablename = 'login_attempts' AND schemaname = current_schema()").all()
                : try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'login_attempts'").all()
            let names = Set(try rows.map { try $0.decode(column: "name", as: String.self) })
            #expect(names.isSuperset(of: ["login_attempts_email_at", "login_attempts_address_at", "login_attempts_attempted_at"]), "\(names)")
        }
    }

    @Test("password hashing runs on threads of its own, not the pool the database driver uses")
    func hashingPool() async throws {
        try await TestApp.with { app in
            let pool = try #require(app.passwordHashingPool)
            #expect(pool !== app.threadPool)
        }
    }
}
