import Foundation
import Vapor

/// The OpenAPI-generated server is registered here.
enum APIHandlers {
    static func register(on app: Application) throws {}
}
