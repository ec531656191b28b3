import ArgumentParser
import Foundation
import IeumApp

/// `ieum backup FILE` (issue 19, item 1): one ZIP of the running deployment's database and files.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write one archive (ZIP) of the database and every stored file, with a manifest of row counts and SHA-256 checksums.",
        discussion: "Safe while the server keeps running: SQLite is copied with its online backup API, PostgreSQL read in one REPEATABLE READ transaction."
    )

    @Argument(help: "The archive to write, e.g. ieum-2026-03-02.zip.")
    var file: String

    func run() async throws {
        let status = try await OperationsCommandRunner.run {
            try await OperationsTasks.backup(IeumRuntime.configuration(), to: file) { Swift.print($0) }
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// `ieum restore FILE`: an archive into an empty database of the same kind, checked before and after.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore an archive of ieum backup into an empty database (DATABASE_URL) and its file folders; checks every checksum before and after."
    )

    @Argument(help: "The archive written by ieum backup.")
    var file: String

    func run() async throws {
        let status = try await OperationsCommandRunner.run {
            try await OperationsTasks.restore(IeumRuntime.configuration(), from: file) { Swift.print($0) }
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// `ieum move-to-postgres URL` (issue 19, item 2).
struct MoveToPostgresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move-to-postgres",
        abstract: "Copy the SQLite deployment (DATABASE_URL) into an empty PostgreSQL database, then compare every table's rows and checksums."
    )

    @Argument(help: "The empty PostgreSQL database, postgres://user:password@host:5432/name.")
    var url: String

    func run() async throws {
        let status = try await OperationsCommandRunner.run {
            try await OperationsTasks.moveToPostgres(IeumRuntime.configuration(), url: url) { Swift.print($0) }
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// A refusal is printed in both languages with exit status 1 instead of a stack of error types.
enum OperationsCommandRunner {
    static func run(_ body: () async throws -> Int32) async throws -> Int32 {
        do {
            return try await body()
        } catch let problem as OperationsProblem {
            FileHandle.standardError.write(Data((problem.description + "\n").utf8))
            return 1
        }
    }
}
