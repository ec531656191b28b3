import Testing
@testable import IeumApp

@Suite("Configuration from the environment")
struct ConfigurationTests {
    @Test("development defaults when nothing is set")
    func defaults() throws {
        let config = try Configuration.fromEnvironment([:])
        #expect(config.database == .sqliteFile(path: "ieum.sqlite"))
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 8080)
        #expect(config.usesDefaultSecret)
    }

    @Test("postgres URLs, SQLite paths and the rest are read")
    func reads() throws {
        let config = try Configuration.fromEnvironment([
            "DATABASE_URL": "postgres://ieum:pw@127.0.0.1:5432/ieum", "PORT": "9000", "HOST": "0.0.0.0",
            "IEUM_SECRET": "0123456789abcdef0123",
        ])
        #expect(config.database == .postgres(url: "postgres://ieum:pw@127.0.0.1:5432/ieum"))
        #expect(config.port == 9000)
        #expect(config.host == "0.0.0.0")
        #expect(!config.usesDefaultSecret)
        #expect(try Configuration.fromEnvironment(["DATABASE_URL": "data/ieum.db"]).database == .sqliteFile(path: "data/ieum.db"))
    }

    @Test("every bad variable is reported by name, all at once")
    func badValues() {
        do {
            _ = try Configuration.fromEnvironment([
                "DATABASE_URL": "mysql://x/y", "PORT": "80a", "IEUM_SECRET": "short", "HOST": "bad host",
            ])
            Issue.record("expected a configuration error")
        } catch {
            let names = error.problems.map(\.variable)
            #expect(names.sorted() == ["DATABASE_URL", "HOST", "IEUM_SECRET", "PORT"])
            #expect(error.description.contains("PORT: '80a' is not a port number"))
        }
    }

    @Test("a postgres URL without a database is refused and its password is not echoed")
    func postgresWithoutDatabase() {
        do {
            _ = try Configuration.fromEnvironment(["DATABASE_URL": "postgres://u:secret@db"])
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.first?.variable == "DATABASE_URL")
            #expect(!error.description.contains("secret"))
        }
    }
}
