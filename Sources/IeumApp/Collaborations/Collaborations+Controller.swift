import Fluent
import Foundation
import IeumCore
import Vapor

/// Collaboration pages: the list, a collaboration's timeline, stage changes, evidence, funding,
/// milestones and outcomes.
struct CollaborationsController {
    func register(_ app: Application) {}
}
