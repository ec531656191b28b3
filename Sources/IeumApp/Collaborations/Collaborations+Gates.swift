import Fluent
import Foundation
import IeumCore

/// The gate check of a stage change: the evidence the stage asks for (`CollaborationGates`) and
/// no overdue milestone, or an operator's written override that is kept with the change.
extension CollaborationService {
    /// What the collaboration shows for leaving its current stage.
    static func evidence(_ collaboration: Collaboration, on db: any Database, now: Date) async throws -> CollaborationGates.Evidence {
        let id = try collaboration.requireID()
        let stage = collaboration.stage
        let files = try await CollaborationFile.query(on: db).filter(\.$collaboration.$id == id).all()
        // A file from before files knew their stage counts for the stage it was uploaded in.
        let atStage = files.filter { $0.stage == stage || ($0.stage == nil && $0.createdAt >= collaboration.stageSince) }.count
        let confirmed = try await Outcome.query(on: db).filter(\.$collaboration.$id == id).filter(\.$status == .confirmed).all().map(\.kind)
        let overdue = try await Milestone.query(on: db).filter(\.$collaboration.$id == id).filter(\.$doneAt == nil).filter(\.$dueAt < now)
            .sort(\.$dueAt).all().map(\.title)
        return .init(filesAtStage: atStage, confirmedOutcomeKinds: Set(confirmed), overdueMilestones: overdue)
    }

    /// Checks a gate: nil when it may open; otherwise the override reason an operator gave, or a
    /// refusal naming what is missing (a party cannot override).
    static func gateOverride(_ collaboration: Collaboration, to stage: CollaborationStage, override raw: String, operator: Bool,
                             on db: any Database, now: Date) async throws -> String? {
        let evidence = try await evidence(collaboration, on: db, now: now)
        guard let missing = CollaborationGates.refusal(leaving: collaboration.stage, to: stage, evidence: evidence) else { return nil }
        guard `operator` else { throw IeumError.refused(missing) }
        guard let reason = try CollaborationGates.overrideReason(raw) else {
            var errors = FieldErrors()
            errors.add("form", missing)
            errors.add("override", Localized("증빙 없이 넘어가려면 예외 승인 사유를 적으세요.", "To move on without the evidence, write the reason for the override."))
            throw IeumError.invalid(errors)
        }
        return reason
    }
}
