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

    @Test("IEUM_JOBS_INTERVAL sets the seconds between job rounds, 1–3600, and refuses anything else by name")
    func jobsInterval() throws {
        #expect(try Configuration.fromEnvironment([:]).jobsIntervalSeconds == 30)
        #expect(try Configuration.fromEnvironment(["IEUM_JOBS_INTERVAL": "1"]).jobsIntervalSeconds == 1)
        for bad in ["0", "3601", "-5", "1.5", "9999999999999999999999"] {
            do {
                _ = try Configuration.fromEnvironment(["IEUM_JOBS_INTERVAL": bad])
                Issue.record("\(bad) was accepted")
            } catch {
                #expect(error.problems.map(\.variable) == ["IEUM_JOBS_INTERVAL"])
            }
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

    // MARK: SMTP

    @Test("no IEUM_SMTP_HOST: no SMTP, mails are only logged")
    func smtpOffByDefault() throws {
        #expect(try Configuration.fromEnvironment([:]).smtp == nil)
        #expect(try Configuration.fromEnvironment(["IEUM_SMTP_HOST": ""]).smtp == nil)
    }

    @Test("IEUM_SMTP_HOST and IEUM_SMTP_FROM turn SMTP on, port 25 unless IEUM_SMTP_PORT says otherwise")
    func smtpReads() throws {
        let plain = try Configuration.fromEnvironment(["IEUM_SMTP_HOST": "127.0.0.1", "IEUM_SMTP_FROM": "noreply@ieum.example"])
        #expect(plain.smtp == SMTPSettings(host: "127.0.0.1", port: 25, from: "noreply@ieum.example"))
        let full = try Configuration.fromEnvironment([
            "IEUM_SMTP_HOST": "mail.internal", "IEUM_SMTP_PORT": "2525", "IEUM_SMTP_FROM": "ieum@agency.go.kr",
            "IEUM_SMTP_USERNAME": "ieum", "IEUM_SMTP_PASSWORD": "pw with spaces ",
        ])
        #expect(full.smtp == SMTPSettings(host: "mail.internal", port: 2525, from: "ieum@agency.go.kr", username: "ieum", password: "pw with spaces "))
    }

    @Test("bad SMTP variables are reported by name, all at once", arguments: [
        (["IEUM_SMTP_HOST": "127.0.0.1"], ["IEUM_SMTP_FROM"]),
        (["IEUM_SMTP_HOST": "127.0.0.1", "IEUM_SMTP_FROM": "not an address", "IEUM_SMTP_PORT": "0"], ["IEUM_SMTP_FROM", "IEUM_SMTP_PORT"]),
        (["IEUM_SMTP_HOST": "bad host", "IEUM_SMTP_FROM": "a@b.example", "IEUM_SMTP_USERNAME": "ieum"], ["IEUM_SMTP_HOST", "IEUM_SMTP_PASSWORD"]),
        (["IEUM_SMTP_HOST": "127.0.0.1", "IEUM_SMTP_FROM": "a@b.example", "IEUM_SMTP_PASSWORD": "pw"], ["IEUM_SMTP_USERNAME"]),
        (["IEUM_SMTP_FROM": "a@b.example"], ["IEUM_SMTP_HOST"]),
        (["IEUM_SMTP_HOST": "127.0.0.1", "IEUM_SMTP_FROM": "a@b.example>\r\nRCPT TO:<x@y.z"], ["IEUM_SMTP_FROM"]),
    ])
    func smtpBadValues(env: [String: String], names: [String]) {
        do {
            _ = try Configuration.fromEnvironment(env.merging(["PORT": "x"]) { $1 })
            Issue.record("expected a configuration error")
        } catch {
            #expect(error.problems.map(\.variable).sorted() == (names + ["PORT"]).sorted())
        }
    }
}
