import Fluent
import Foundation
import IeumCore
import SQLKit

/// `serve --demo` adds accounts whose password is printed on the screen. Into an empty database,
/// or one that holds only the demo set (started with `--demo` before), that is fine; into a
/// database with real accounts or organisations it would open a door, so it is refused.
enum DemoGuard {
    /// The demo set's accounts use reserved names no real person's address has (`@ieum.demo`,
    /// `@startup.example`, RFC 2606's `.example`).
    static let demoSuffixes = [".demo", ".example"]

    enum State: Equatable {
        case empty
        case demoOnly
        case real(accounts: Int, organizations: Int)
    }

    struct Refusal: Error, CustomStringConvertible, LocalizedError {
        let accounts: Int
        let organizations: Int
        var message: Localized {
            Localized(
                "데모 데이터를 불러오지 않습니다: 이 데이터베이스에는 실제 데이터(데모가 아닌 계정 \(accounts)개, 기관 \(organizations)곳)가 있습니다. 데모 계정은 비밀번호가 공개되어 있으므로 실제 데이터와 섞을 수 없습니다. --demo 없이 'ieum serve'로 시작하거나, 데모는 빈 데이터베이스(DATABASE_URL)로 여세요.",
                "Refusing to load demo data: this database holds real data (\(accounts) non-demo account(s), \(organizations) organisation(s)). Demo accounts have published passwords and must not mix with real data. Start with 'ieum serve' without --demo, or run the demo on an empty database (DATABASE_URL).")
        }
        var description: String { message.ko + "\n" + message.en }
        var errorDescription: String? { description }
    }

    static func state(on db: any Database) async throws -> State {
        guard let sql = db as? any SQLDatabase else { return .empty }
        // Before the first migration there are no tables: nothing to protect.
        guard let counts = try? await sql.raw("""
            SELECT COUNT(*) AS accounts, COUNT(CASE WHEN LOWER(email) LIKE \(bind: "%" + demoSuffixes[0]) \
            OR LOWER(email) LIKE \(bind: "%" + demoSuffixes[1]) THEN NULL ELSE 1 END) AS real FROM users
            """).first() else { return .empty }
        let accounts = try counts.decode(column: "accounts", as: Int.self)
        let realAccounts = try counts.decode(column: "real", as: Int.self)
        let organizations = try await sql.raw("SELECT COUNT(*) AS n FROM organizations").first()?.decode(column: "n", as: Int.self) ?? 0
        if accounts == 0 && organizations == 0 { return .empty }
        // Organisations with no demo account beside them (imported before any sign-up) are real data too.
        if realAccounts == 0 && accounts > 0 { return .demoOnly }
        return .real(accounts: realAccounts, organizations: organizations)
    }

    static func check(on db: any Database) async throws {
        if case .real(let accounts, let organizations) = try await state(on: db) {
            throw Refusal(accounts: accounts, organizations: organizations)
        }
    }
}
