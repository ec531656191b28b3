import Fluent
import Foundation
import IeumCore
import Vapor

/// What a platform operator (on `/admin/users`) or the shell (`ieum user …`, `actor` nil) does to
/// an existing account: deactivate and reactivate it, mail it a password reset link, change its
/// platform role. Each change is one transaction with its audit entry.
enum UserAdministration {
    enum Problem: Error, Equatable {
        case ownAccount
        case notAllowed
    }

    /// Who may act on `user`: the shell, or a platform operator on someone else's account.
    static func check(_ actor: Principal?, on user: User) throws {
        // A deleted account is a pseudonym kept for the records: neither the shell nor an
        // operator reactivates it, mails it, or gives it a role.
        if user.deletedAt != nil {
            throw IeumError.refused(Localized("탈퇴했거나 장기 미사용으로 삭제된 계정은 바꿀 수 없습니다.",
                                              "A deleted account (left, or removed after inactivity) cannot be changed."))
        }
        guard let actor else { return }
        guard AccountPolicy.can(actor, .manageUsers) else { throw Problem.notAllowed }
        if user.id == actor.userID { throw Problem.ownAccount }
        guard AccountPolicy.can(actor, .manageUser(AccountAccess(userID: try user.requireID(), role: user.platformRole))) else { throw Problem.notAllowed }
    }

    /// Deactivating ends every session and API token at once; reactivating lets the person sign in again.
    static func setActive(_ user: User, _ active: Bool, by actor: Principal?, on db: any Database, now: Date) async throws {
        try check(actor, on: user)
        let userID = try user.requireID()
        try await db.transaction { db in
            user.active = active
            if active {
                try await user.save(on: db)
            } else {
                try await SignIns.endAll(of: user, before: now, deletingSessions: true, on: db)
            }
            try await Audit.record(on: db, actor: actor, action: active ? "user.activate" : "user.deactivate", entityType: "user", entityID: userID.uuidString,
                                   summary: active ? "계정 활성화" : "계정 비활성화 (세션 종료, API 토큰 폐기)", at: now)
        }
    }

    /// Mails the account a single-use reset link (1 hour), as "비밀번호 찾기" would; an inactive
    /// account gets none. The link is not shown to the operator: only the mailbox's owner uses it.
    static func sendResetLink(_ user: User, by actor: Principal?, base: BaseURL, on db: any Database, now: Date) async throws {
        try check(actor, on: user)
        guard user.active else {
            throw IeumError.refused(Localized("비활성 계정에는 재설정 링크를 보내지 않습니다. 먼저 활성화하세요.", "An inactive account gets no reset link; activate it first."))
        }
        let userID = try user.requireID()
        let plain = PasswordResets.newToken()
        let link = SiteURL.passwordReset(token: plain).absolute(base: base)
        try await db.transaction { db in
            let reset = PasswordReset(userID: userID, tokenHash: APITokens.hash(plain), expiresAt: now.addingTimeInterval(PasswordResetController.lifetime),
                                      createdAt: now, requestedFrom: actor == nil ? "shell" : "operator")
            try await reset.create(on: db)
            try await PasswordResets.queueMail(to: user, link: link, on: db, now: now)
            try await Audit.record(on: db, actor: actor, action: "user.password-reset-sent", entityType: "user", entityID: userID.uuidString,
                                   summary: "비밀번호 재설정 링크 발송 (운영자)", at: now)
        }
    }

    /// A new platform role. Rights are read from the account at every request, so the change holds
    /// at once; a person who stops being an operator also loses their API tokens (made with
    /// operator rights).
    static func setRole(_ user: User, _ role: PlatformRole, by actor: Principal?, on db: any Database, now: Date) async throws {
        try check(actor, on: user)
        let userID = try user.requireID()
        let previous = user.platformRole
        guard previous != role else { return }
        try await db.transaction { db in
            user.platformRole = role
            try await user.save(on: db)
            if previous == .operator { try await APITokens.revokeAll(of: userID, on: db) }
            try await Audit.record(on: db, actor: actor, action: "user.role", entityType: "user", entityID: userID.uuidString,
                                   summary: "역할 변경: \(Labels.platformRole(previous).ko) → \(Labels.platformRole(role).ko)",
                                   changes: ["역할: \(Labels.platformRole(previous).ko) → \(Labels.platformRole(role).ko)"], at: now)
        }
    }
}
