import Fluent
import Foundation
import IeumCore
import Vapor

/// Operators' program pages: programs, their calls, participating organisations and targets.
struct ProgramController {
    func register(_ app: Application) {}
}
