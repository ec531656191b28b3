import Fluent

/// Issue 17, item 5: a stage change keeps the operator's override reason, and an evidence file
/// records the stage it was uploaded at (files from before have none: they count for the stage
/// the collaboration was at when they were uploaded, judged by date).
struct AddCollaborationGateEvidence: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("collaboration_stage_changes").field("override_reason", .string).update()
        try await database.schema("collaboration_files").field("stage", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("collaboration_files").deleteField("stage").update()
        try await database.schema("collaboration_stage_changes").deleteField("override_reason").update()
    }
}
