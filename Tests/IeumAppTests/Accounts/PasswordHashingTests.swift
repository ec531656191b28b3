import Fluent
import Foundation
import Testing
import Vapor
@testable import IeumApp

/// Issue 16, item 3: long Korean passphrases are whole passwords (bcrypt alone reads 72 bytes),
/// digests of the earlier form still sign in and are replaced, and the rules refuse weak ones.
@Suite("Password hashing and rules")
struct PasswordHashingTests {
    /// 26 syllables (78 bytes) in common, then a different ending.
    static let shared = String(repeating: "우리회사첫번째공모접수는봄에합니다", count: 2)
    static let passphrase = shared + " 그리고 가을"
    static let lookalike = shared + " 그리고 겨울"

    @Test("two Korean passphrases that differ only after the 72nd byte are different passwords")
    func longKoreanPassphrase() async throws {
        #expect(Array(Self.shared.utf8).count > 72)
        try await TestApp.with { app in
            let user = User(email: "phrase@ieum.example", name: "phrase", passwordHash: try await app.password.async.hash(Self.passphrase), platformRole: .member)
            try await user.create(on: app.db)
            #expect(user.passwordHash.hasPrefix(PrehashingBcryptHasher.marker))
            let wrong = WebClient(app)
            _ = try await wrong.get("/login")
            #expect(try await wrong.post("/login", [("email", "phrase@ieum.example"), ("password", Self.lookalike)]).status == .unauthorized)
            let right = WebClient(app)
            try await right.login("phrase@ieum.example", password: Self.passphrase)
            #expect(try await right.get("/account").status == .ok)
        }
    }

    @Test("an account whose digest is plain bcrypt (before pre-hashing) signs in, and its digest is stored anew in the new form")
    func legacyDigestUpgraded() async throws {
        try await TestApp.with { app in
            let legacy = try Bcrypt.hash(TestApp.password, cost: 4)
            let user = User(email: "legacy@ieum.example", name: "legacy", passwordHash: legacy, platformRole: .member)
            try await user.create(on: app.db)
            let web = WebClient(app)
            try await web.login("legacy@ieum.example")
            let stored = try #require(try await User.find(user.requireID(), on: app.db))
            #expect(stored.passwordHash.hasPrefix(PrehashingBcryptHasher.marker))
            #expect(stored.passwordHash != legacy)
            // The new digest signs in too; a wrong password still does not.
            let again = WebClient(app)
            try await again.login("legacy@ieum.example")
            let wrong = WebClient(app)
            _ = try await wrong.get("/login")
            #expect(try await wrong.post("/login", [("email", "legacy@ieum.example"), ("password", "not-the-password-1")]).status == .unauthorized)
        }
    }

    @Test("the rules", arguments: [
        ("짧은암호", "phrase@ieum.example", false),
        ("1234567890", "phrase@ieum.example", false),
        ("QWERTYUIOP", "phrase@ieum.example", false),
        ("dkssudgktpdy", "phrase@ieum.example", false),
        ("ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ", "phrase@ieum.example", false),
        ("phrase@ieum.example", "phrase@ieum.example", false),
        ("hong.gildong!2026", "hong.gildong@startup.example", false),
        (String(repeating: "가", count: 129), "phrase@ieum.example", false),
        ("봄날의 양극재 공정 데이터", "phrase@ieum.example", true),
        ("correct-horse-battery", "phrase@ieum.example", true),
    ])
    func rules(_ c: (String, String, Bool)) {
        #expect((PasswordRules.problem(c.0, email: c.1) == nil) == c.2, "\(c.0)")
    }

    @Test("the list of common passwords is loaded from the bundle")
    func commonListLoaded() {
        #expect(PasswordRules.commonPasswords.count > 1_000)
        #expect(PasswordRules.commonPasswords.contains("1q2w3e4r5t"))
    }
}
