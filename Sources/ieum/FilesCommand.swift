import ArgumentParser
import Foundation
import IeumApp

/// `ieum files …`: the shared file store (issue 18).
struct FilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files", abstract: "The shared file store (IEUM_FILE_STORE).", subcommands: [FilesImportLocalCommand.self])
}

struct FilesImportLocalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-local",
        abstract: "Move files an older version kept under IEUM_DATA_DIR into the shared file store (run once after upgrading; safe to repeat).")

    func run() async throws {
        let config = IeumRuntime.configuration()
        print(try await CommandTasks.importLocalFiles(config))
    }
}
