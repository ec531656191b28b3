import Fluent
import Foundation
import IeumCore
import Vapor

/// The work behind `ieum migrate|import|export|user`, each on a short-lived application.
public enum CommandTasks {
    /// Runs `body` on a migrated application and always shuts it down.
    static func withApplication<T: Sendable>(_ config: Configuration, _ body: (Application) async throws -> T) async throws -> T {
        let app = try await IeumRuntime.makeApplication(config)
        let result: Result<T, any Error>
        do {
            try await IeumRuntime.migrate(app)
            result = .success(try await body(app))
        } catch {
            result = .failure(error)
        }
        try await app.asyncShutdown()
        return try result.get()
    }

    public static func migrate(_ config: Configuration) async throws {
        try await withApplication(config) { _ in () }
    }

    /// Checks the file, prints the report, then writes all rows or none. Returns the exit status.
    public static func importFile(
        _ config: Configuration, kind: ImportKind, bytes: [UInt8], fileName: String, dryRun: Bool,
        print: @escaping @Sendable (String) -> Void, progress: @escaping @Sendable (String, Int, Int) -> Void
    ) async throws -> Int32 {
        try await withApplication(config) { app in
            let started = Date()
            let now = app.clock.now()
            let preview = try await OrganizationImport.preview(bytes, fileName: fileName, kind: kind, on: app.db, now: now,
                                                               progress: { progress("검사 / checking", $0, $1) })
            print(ImportReportText.render(preview))
            guard preview.canCommit else {
                print("가져오지 않았습니다: 오류를 고친 뒤 다시 실행하세요. Nothing was imported: fix the errors and run again.")
                return 1
            }
            if dryRun {
                print("--dry-run: 아무것도 쓰지 않았습니다. Nothing was written.")
                return 0
            }
            let result = try await OrganizationImport.commit(preview, by: nil, on: app.db, now: now,
                                                             progress: { progress("저장 / writing", $0, $1) })
            let seconds = Date().timeIntervalSince(started)
            print(String(format: "가져오기 완료: 신규 %d, 갱신 %d (%.2f초). Imported: %d created, %d updated in %.2f s.",
                         result.created, result.updated, seconds, result.created, result.updated, seconds))
            return 0
        }
    }

    public static func export(_ config: Configuration, kind: ImportKind, format: OrganizationExport.Format) async throws -> [UInt8] {
        try await withApplication(config) { app in
            var filter = RegistryFilter()
            filter.kind = kind.defaultKind
            return try await OrganizationExport.export(filter, format: format, for: .shell, on: app.db)
        }
    }

    /// Creates an account; field problems come back as one readable message per line.
    public static func createUser(_ config: Configuration, _ input: NewUserInput) async throws -> String {
        try await withApplication(config) { app in
            do {
                let user = try await UserService.create(input, by: nil, on: app.db, hasher: app.password.async, now: app.clock.now())
                return "사용자를 만들었습니다 / created: \(user.email) (\(user.platformRole.rawValue))"
            } catch IeumError.invalid(let errors) {
                throw CommandProblem(message: errors.order.map { "\($0): \(errors[$0]!.ko) / \(errors[$0]!.en)" }.joined(separator: "\n"))
            }
        }
    }
}

/// What `ieum user` does to an existing account (issue 16, item 4), the same steps as `/admin/users`.
public enum UserAdministrationStep: Sendable, Equatable {
    case activate, deactivate, resetLink, role(PlatformRole)
}

extension CommandTasks {
    public static func administerUser(_ config: Configuration, email: String, _ step: UserAdministrationStep) async throws -> String {
        try await withApplication(config) { app in
            let address = email.trimmingCharacters(in: .whitespaces).lowercased()
            guard let user = try await User.query(on: app.db).filter(\.$email == address).first() else {
                throw CommandProblem(message: "계정이 없습니다 / no account: \(address)")
            }
            let now = app.clock.now()
            do {
                switch step {
                case .activate:
                    try await UserAdministration.setActive(user, true, by: nil, on: app.db, now: now)
                    return "계정을 활성화했습니다 / activated: \(address)"
                case .deactivate:
                    try await UserAdministration.setActive(user, false, by: nil, on: app.db, now: now)
                    return "계정을 비활성화했습니다 (세션·API 토큰 종료) / deactivated, sessions and API tokens ended: \(address)"
                case .resetLink:
                    try await UserAdministration.sendResetLink(user, by: nil, base: config.baseURL, on: app.db, now: now)
                    return "재설정 링크를 메일 대기열에 넣었습니다 / reset link queued for: \(address)"
                case .role(let role):
                    try await UserAdministration.setRole(user, role, by: nil, on: app.db, now: now)
                    return "역할: \(Labels.platformRole(role).ko) / role: \(role.rawValue): \(address)"
                }
            } catch IeumError.refused(let message) {
                throw CommandProblem(message: "\(message.ko) / \(message.en)")
            }
        }
    }
}

extension CommandTasks {
    /// `ieum accounts purge-inactive`: one run of `PersonalDataRetention`, without the loop's limit.
    public static func purgeInactiveAccounts(_ config: Configuration) async throws -> String {
        try await withApplication(config) { app in
            let report = try await PersonalDataRetention.run(on: app.db, now: app.clock.now(), retentionDays: config.accountRetentionDays,
                                                             base: config.baseURL)
            var lines = ["안내 메일 \(report.notices)건, 삭제한 계정 \(report.removed)개, 지운 재설정 기록 \(report.resetsPurged)건 / "
                         + "notices: \(report.notices), accounts deleted: \(report.removed), reset rows purged: \(report.resetsPurged) "
                         + "(retention \(config.accountRetentionDays) days)"]
            if !report.kept.isEmpty {
                lines.append("삭제하지 못한 계정 (기관의 마지막 관리자 또는 마지막 플랫폼 운영자) / kept (last admin or last platform operator): "
                             + report.kept.map(\.uuidString).joined(separator: ", "))
            }
            return lines.joined(separator: "\n")
        }
    }
}

public struct CommandProblem: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
