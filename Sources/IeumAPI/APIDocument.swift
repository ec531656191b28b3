import Foundation

/// The OpenAPI document the server stubs are generated from, served verbatim at `/openapi.yaml`.
public enum APIDocument {
    public static func yaml() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }
}
