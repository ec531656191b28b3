import ArgumentParser
import Foundation
import IeumApp
import IeumCore

/// The executable only parses the command line; the work is done by IeumApp.
@main
struct IeumCLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ieum",
        abstract: "이음(Ieum) — 개방형 혁신 프로그램 운영 플랫폼 / the open innovation program platform.",
        discussion: """
        Configuration comes from the environment: DATABASE_URL (postgres:// URL or SQLite path, default ieum.sqlite), \
        IEUM_SECRET, HOST (default 127.0.0.1), PORT (default 8080), IEUM_DATA_DIR.
        """,
        subcommands: [Serve.self, Migrate.self, Import.self, Export.self, UserCommand.self, MatchCommand.self, AssignCommand.self,
                      DoctorCommand.self, TokenCommand.self,
                      AccountsCommand.self, FilesCommand.self,
                      BackupCommand.self, RestoreCommand.self, MoveToPostgresCommand.self],
        defaultSubcommand: Serve.self
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Migrate the database and serve the web app and API.")

    @Flag(help: "Load the demo data when the database is empty and print the demo logins.")
    var demo = false

    @Option(help: "Listen on this port (overrides PORT).")
    var port: Int?

    @Option(help: "Listen on this address (overrides HOST).")
    var host: String?

    func run() async throws {
        var config = IeumRuntime.configuration()
        if let port {
            guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
            config.port = port
        }
        if let host { config.host = host }
        try await IeumRuntime.serve(config, demo: demo) { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
    }
}

/// `ieum doctor`: checks the deployment (secret, base URL, SMTP with TLS, database and migrations,
/// file store, last backup) and prints what to fix; exit code 1 on a problem (issue 19).
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doctor", abstract: "Check a deployment and print what to fix (exit code 1 on a problem).")

    func run() async throws {
        let checks = await Doctor.run(IeumRuntime.configuration())
        print(Doctor.render(checks))
        let code = Doctor.exitCode(checks)
        if code != 0 { throw ExitCode(code) }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run pending database migrations.")

    func run() async throws {
        let config = IeumRuntime.configuration()
        try await CommandTasks.migrate(config)
        print("마이그레이션 완료 / migrations done (\(config.databaseDescription))")
    }
}

/// Draws `[#####-----] 5,000 / 10,000` on one terminal line.
final class ProgressBar: @unchecked Sendable {
    let lock = NSLock()
    var lastDrawn = -1

    func update(_ label: String, _ done: Int, _ total: Int) {
        lock.lock(); defer { lock.unlock() }
        guard total > 0 else { return }
        let width = 30
        let filled = done * width / total
        let percent = done * 100 / total
        guard percent != lastDrawn else { return }
        lastDrawn = percent
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
        if done >= total { FileHandle.standardError.write(Data("\n".utf8)); lastDrawn = -1 }
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import organisations from CSV (UTF-8 or CP949) or JSON Lines: check every row, then write all or nothing.",
        discussion: "KIND is one of: \(ImportKind.allCases.map(\.rawValue).joined(separator: ", ")). Rows are matched to existing organisations by business number, else by id."
    )

    @Argument(help: "What the file holds (startups, demand, investors, agencies, research, organizations).")
    var kind: String

    @Argument(help: "The CSV or JSON Lines file.")
    var file: String

    @Flag(help: "Only check the file and print the report; write nothing.")
    var dryRun = false

    func run() async throws {
        guard let importKind = ImportKind.parse(kind) else {
            throw ValidationError("unknown kind '\(kind)'; use one of \(ImportKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read \(file)")
        }
        let config = IeumRuntime.configuration()
        let bar = ProgressBar()
        let status = try await CommandTasks.importFile(
            config, kind: importKind, bytes: [UInt8](data), fileName: (file as NSString).lastPathComponent, dryRun: dryRun,
            print: { Swift.print($0) }, progress: { bar.update($0, $1, $2) }
        )
        if status != 0 { throw ExitCode(status) }
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Export organisations as CSV (UTF-8 with BOM, for Excel) or JSON Lines.")

    @Argument(help: "What to export (startups, demand, investors, agencies, research, organizations).")
    var kind: String = "organizations"

    @Option(help: "csv or jsonl.")
    var format: String = "csv"

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() async throws {
        guard let importKind = ImportKind.parse(kind) else { throw ValidationError("unknown kind '\(kind)'") }
        guard let exportFormat = OrganizationExport.Format(rawValue: format) else { throw ValidationError("--format must be csv or jsonl") }
        let config = IeumRuntime.configuration()
        let bytes = try await CommandTasks.export(config, kind: importKind, format: exportFormat)
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(bytes)) else { throw ValidationError("cannot write \(output)") }
            FileHandle.standardError.write(Data("\(output): \(bytes.count) bytes\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Create an account, or deactivate, reactivate, mail a reset link to or change the role of one.",
        subcommands: [UserCreateCommand.self, UserDeactivateCommand.self, UserActivateCommand.self, UserResetLinkCommand.self, UserRoleCommand.self],
        defaultSubcommand: UserCreateCommand.self
    )
}

/// `ieum user deactivate|activate|reset-link|role --email …`: the operators' account steps from the shell.
struct UserDeactivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deactivate", abstract: "Deactivate an account: its sessions and API tokens end at once.")
    @Option(help: "The account's e-mail address.") var email: String
    func run() async throws { print(try await CommandTasks.administerUser(IeumRuntime.configuration(), email: email, .deactivate)) }
}

struct UserActivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "activate", abstract: "Let a deactivated account sign in again.")
    @Option(help: "The account's e-mail address.") var email: String
    func run() async throws { print(try await CommandTasks.administerUser(IeumRuntime.configuration(), email: email, .activate)) }
}

struct UserResetLinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reset-link", abstract: "Mail the account a single-use password reset link (valid 1 hour).")
    @Option(help: "The account's e-mail address.") var email: String
    func run() async throws { print(try await CommandTasks.administerUser(IeumRuntime.configuration(), email: email, .resetLink)) }
}

struct UserRoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "role", abstract: "Change an account's platform role.")
    @Option(help: "The account's e-mail address.") var email: String
    @Option(help: "operator, judge or member.") var role: String
    func run() async throws {
        guard let platformRole = PlatformRole(rawValue: role) else { throw ValidationError("--role must be operator, judge or member") }
        print(try await CommandTasks.administerUser(IeumRuntime.configuration(), email: email, .role(platformRole)))
    }
}

struct UserCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an account from the shell (an operator, a judge, or a member of an organisation)."
    )

    @Option(help: "E-mail address (the login).")
    var email: String

    @Option(help: "The person's name.")
    var name: String

    @Option(help: "Password (10+ characters). Defaults to the IEUM_USER_PASSWORD environment variable.")
    var password: String?

    @Option(help: "operator, judge or member.")
    var role: String = "operator"

    @Option(help: "Organisation to join: its id, business number or import id.")
    var organization: String?

    @Option(help: "Role in the organisation: admin or member.")
    var membership: String = "member"

    func run() async throws {
        guard let password = password ?? ProcessInfo.processInfo.environment["IEUM_USER_PASSWORD"] else {
            throw ValidationError("give --password or set IEUM_USER_PASSWORD")
        }
        guard let platformRole = PlatformRole(rawValue: role) else { throw ValidationError("--role must be operator, judge or member") }
        guard let membershipRole = MembershipRole(rawValue: membership) else { throw ValidationError("--membership must be admin or member") }
        let input = NewUserInput(email: email, name: name, password: password, platformRole: platformRole,
                                 organization: organization ?? "", membershipRole: membershipRole)
        let config = IeumRuntime.configuration()
        print(try await CommandTasks.createUser(config, input))
    }
}

/// `ieum accounts purge-inactive` (issue 16, item 6): the retention job of the background loop, run
/// once with no limit: notices 30 days before the end, then deletion of accounts unused for
/// IEUM_ACCOUNT_RETENTION_DAYS (default 1095), and used or expired password reset rows.
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts", abstract: "Personal data duties on accounts.", subcommands: [AccountsPurgeInactiveCommand.self])
}

struct AccountsPurgeInactiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge-inactive",
        abstract: "Mail the notice to accounts near the end of IEUM_ACCOUNT_RETENTION_DAYS and delete the ones past it.")
    func run() async throws { print(try await CommandTasks.purgeInactiveAccounts(IeumRuntime.configuration())) }
}
