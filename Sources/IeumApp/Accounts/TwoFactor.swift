import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// Two-factor sign-in (issue 16, item 5): setting it up, checking a code, recovery codes, turning
/// it off. Every rule that must hold once (a code, a recovery code) is one conditional UPDATE, so
/// two requests at the same moment cannot both pass with the same code.
enum TwoFactor {
    static let issuer = "Ieum"

    /// How a typed code was accepted.
    enum Acceptance: Equatable {
        case authenticator
        case recoveryCode(left: Int)
    }

    static func factor(of userID: UUID, on db: any Database) async throws -> SecondFactor? {
        try await SecondFactor.query(on: db).filter(\.$userID == userID).first()
    }

    static func isEnabled(_ userID: UUID, on db: any Database) async throws -> Bool {
        try await SecondFactor.query(on: db).filter(\.$userID == userID).filter(\.$enabledAt != nil).count() > 0
    }

    static func summary(of userID: UUID, on db: any Database) async throws -> TwoFactorSummary {
        guard let factor = try await factor(of: userID, on: db), let enabledAt = factor.enabledAt else { return .off }
        return TwoFactorSummary(enabledAt: enabledAt, recoveryCodesLeft: try await recoveryCodesLeft(userID, on: db))
    }

    static func recoveryCodesLeft(_ userID: UUID, on db: any Database) async throws -> Int {
        try await StoredRecoveryCode.query(on: db).filter(\.$userID == userID).filter(\.$usedAt == nil).count()
    }

    /// The secret being set up: the one already shown if setup was begun and not finished (so a
    /// reloaded page matches what the app already scanned), else a new one. Nil when it is on.
    static func pendingSetup(for userID: UUID, on db: any Database, now: Date) async throws -> SecondFactor? {
        if let existing = try await factor(of: userID, on: db) {
            return existing.isEnabled ? nil : existing
        }
        let factor = SecondFactor(userID: userID, secret: Base32.encode(OneTimePassword.newSecret()), createdAt: now)
        try await factor.create(on: db)
        return factor
    }

    static func generator(for factor: SecondFactor) -> OneTimePassword? {
        Base32.decode(factor.secret).map { OneTimePassword(secret: $0) }
    }

    /// Finishes setup with a right code: on from now, and ten new recovery codes, returned in
    /// plain text this once. Nil (and nothing changed) for a wrong code.
    static func enable(_ factor: SecondFactor, code: String, actor: Principal, on db: any Database, now: Date) async throws -> [String]? {
        guard !factor.isEnabled, let step = generator(for: factor)?.matchingStep(code, at: now) else { return nil }
        let codes = RecoveryCode.newSet()
        let factorID = try factor.requireID()
        let enabled = try await db.transaction { db -> Bool in
            // Only the first of two confirmations sent at once turns it on; the other shows no codes.
            guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "two-factor sign-in needs an SQL database") }
            let updated = try await sql.update(SecondFactor.schema)
                .set("enabled_at", to: now)
                .set("last_used_step", to: step)
                .where("id", .equal, factorID)
                .where("enabled_at", .is, SQLLiteral.null)
                .returning("id")
                .all()
            guard !updated.isEmpty else { return false }
            try await replaceRecoveryCodes(of: factor.userID, with: codes, on: db, now: now)
            try await Audit.record(on: db, actor: actor, action: "user.two-factor.enable", entityType: "user", entityID: factor.userID.uuidString,
                                   summary: "2단계 인증 사용 시작 (복구 코드 \(codes.count)개 발급)", at: now)
            return true
        }
        guard enabled else { return nil }
        factor.enabledAt = now
        factor.lastUsedStep = step
        return codes
    }

    /// Whether `typed` is a current authenticator code not used before, or an unused recovery
    /// code of the account; the accepted one is spent.
    static func accept(_ typed: String, for userID: UUID, on db: any Database, now: Date) async throws -> Acceptance? {
        guard typed.count <= 64, let factor = try await factor(of: userID, on: db), factor.isEnabled else { return nil }
        if let generator = generator(for: factor), let step = generator.matchingStep(typed, at: now, after: factor.lastUsedStep) {
            return try await spendStep(step, of: try factor.requireID(), on: db) ? .authenticator : nil
        }
        guard let normalized = RecoveryCode.normalized(typed),
              let stored = try await StoredRecoveryCode.query(on: db).filter(\.$userID == userID)
                  .filter(\.$codeHash == RecoveryCode.hash(normalized)).filter(\.$usedAt == nil).first(),
              try await spendRecoveryCode(try stored.requireID(), on: db, now: now)
        else { return nil }
        return .recoveryCode(left: try await recoveryCodesLeft(userID, on: db))
    }

    /// Records `step` as used if no code of it or a later step was accepted before.
    static func spendStep(_ step: Int64, of factorID: UUID, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "two-factor sign-in needs an SQL database") }
        return try await !sql.update(SecondFactor.schema)
            .set("last_used_step", to: step)
            .where("id", .equal, factorID)
            .where("enabled_at", .isNot, SQLLiteral.null)
            .where(group: { $0.where("last_used_step", .is, SQLLiteral.null).orWhere("last_used_step", .lessThan, step) })
            .returning("id")
            .all()
            .isEmpty
    }

    static func spendRecoveryCode(_ id: UUID, on db: any Database, now: Date) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "two-factor sign-in needs an SQL database") }
        return try await !sql.update(StoredRecoveryCode.schema)
            .set("used_at", to: now)
            .where("id", .equal, id)
            .where("used_at", .is, SQLLiteral.null)
            .returning("id")
            .all()
            .isEmpty
    }

    /// Ten new recovery codes in place of every earlier one, used or not.
    static func replaceRecoveryCodes(of userID: UUID, with codes: [String], on db: any Database, now: Date) async throws {
        try await StoredRecoveryCode.query(on: db).filter(\.$userID == userID).delete()
        for code in codes {
            guard let normalized = RecoveryCode.normalized(code) else { continue }
            try await StoredRecoveryCode(userID: userID, codeHash: RecoveryCode.hash(normalized), createdAt: now).create(on: db)
        }
    }

    static func regenerateRecoveryCodes(of userID: UUID, actor: Principal, on db: any Database, now: Date) async throws -> [String] {
        let codes = RecoveryCode.newSet()
        try await db.transaction { db in
            try await replaceRecoveryCodes(of: userID, with: codes, on: db, now: now)
            try await Audit.record(on: db, actor: actor, action: "user.two-factor.recovery-codes", entityType: "user", entityID: userID.uuidString,
                                   summary: "복구 코드 \(codes.count)개 새로 발급 (이전 코드 폐기)", at: now)
        }
        return codes
    }

    /// Off: the secret, the recovery codes and any sign-in awaiting a code are deleted. `actor`
    /// is the person themselves or a platform operator helping someone who lost their phone.
    static func disable(_ userID: UUID, actor: Principal, byOperator: Bool, on db: any Database, now: Date) async throws {
        try await db.transaction { db in
            try await SecondFactor.query(on: db).filter(\.$userID == userID).delete()
            try await StoredRecoveryCode.query(on: db).filter(\.$userID == userID).delete()
            try await SecondFactorChallenge.query(on: db).filter(\.$userID == userID).delete()
            try await Audit.record(on: db, actor: actor, action: byOperator ? "user.two-factor.reset" : "user.two-factor.disable", entityType: "user",
                                   entityID: userID.uuidString, summary: byOperator ? "운영자가 2단계 인증 해제" : "2단계 인증 해제", at: now)
        }
    }
}
