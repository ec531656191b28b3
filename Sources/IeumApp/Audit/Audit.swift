import Fluent
import Foundation
import Vapor

/// Writes audit entries; call inside the transaction of the change.
public enum Audit {
    public static func record(
        on db: any Database, actor: Principal?, action: String, entityType: String, entityID: String?,
        summary: String, changes: [String] = [], at date: Date
    ) async throws {
        try await AuditEntry(
            actorID: actor?.userID, actorName: actor.map { "\($0.name) <\($0.email)>" } ?? ActorName.system,
            action: action, entityType: entityType, entityID: entityID,
            summary: summary, changes: changes.joined(separator: "\n"), at: date
        ).create(on: db)
    }
}
