import Fluent
import Foundation
import IeumCore
import Vapor

extension CommandTasks {
    /// `ieum token create`: a personal API token from the shell, for scripts and CI (the schema
    /// fuzzer signs in as the demo operator this way). Prints only the token, so `$(…)` can take it.
    public static func createToken(_ config: Configuration, email: String, name: String, days: Int, readOnly: Bool) async throws -> String {
        try await withApplication(config) { app in
            let address = email.trimmingCharacters(in: .whitespaces).lowercased()
            guard let user = try await User.query(on: app.db).filter(\.$email == address).first() else {
                throw CommandProblem(message: "계정이 없습니다 / no account: \(address)")
            }
            guard APITokens.lifetimes.contains(days) else {
                throw CommandProblem(message: "--days는 30, 90, 365 중 하나입니다 / --days is 30, 90 or 365")
            }
            let (_, plain) = try await APITokens.issue(for: user.requireID(), name: name, scope: readOnly ? .read : .readWrite, days: days,
                                                       on: app.db, actor: nil, now: app.clock.now())
            return plain
        }
    }
}
