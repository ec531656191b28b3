import ArgumentParser
import Foundation
import IeumApp

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Personal API tokens from the shell.",
        subcommands: [TokenCreateCommand.self],
        defaultSubcommand: TokenCreateCommand.self
    )
}

/// `ieum token create --email …`: prints a new API token of that account (and nothing else).
struct TokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Issue an API token for an account and print it.")
    @Option(help: "The account's e-mail address.") var email: String
    @Option(help: "A name for the token, shown on the account page.") var name = "cli"
    @Option(help: "Lifetime in days: 30, 90 or 365.") var days = 90
    @Flag(help: "A read-only token.") var readOnly = false
    func run() async throws {
        print(try await CommandTasks.createToken(IeumRuntime.configuration(), email: email, name: name, days: days, readOnly: readOnly))
    }
}
