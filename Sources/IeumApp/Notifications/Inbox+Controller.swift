import Fluent
import Foundation
import IeumCore
import Vapor

/// A person's in-app inbox.
struct InboxController {
    func register(_ app: Application) {}
}
