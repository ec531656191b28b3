import Foundation
import IeumCore
import Vapor

/// `null` is not a value of any property in `openapi.yaml`, but the generated decoder reads a
/// `null` as an absent optional and would accept it. This check runs before the decoder and
/// answers 422 naming each field that holds one (`contact.email`, `fields[2]`).
struct APINullRefusalMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let type = request.headers.contentType, type == .json || type.subType.hasSuffix("+json") else {
            return try await next.respond(to: request)
        }
        if request.body.data == nil, request.method != .GET, request.method != .HEAD {
            _ = try await request.body.collect(max: RouteLimits.maxBodyBytes(of: request)).get()
        }
        if let buffer = request.body.data, buffer.readableBytesView.contains(where: { $0 == UInt8(ascii: "n") }),
           let object = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed]) {
            let paths = Self.nullPaths(in: object, at: "")
            if !paths.isEmpty {
                var errors = FieldErrors()
                for path in paths.prefix(20) {
                    errors.add(path.isEmpty ? "body" : path, Localized("null은 쓸 수 없습니다. 값이 없으면 속성을 빼세요.", "null is not allowed; leave the property out instead."))
                }
                throw IeumError.invalid(errors)
            }
        }
        return try await next.respond(to: request)
    }

    /// The paths of every `null` in a decoded JSON value, in document order for arrays and by
    /// name for objects (so the answer is the same for the same body).
    static func nullPaths(in value: Any, at path: String) -> [String] {
        switch value {
        case is NSNull:
            return [path]
        case let object as [String: Any]:
            return object.keys.sorted().flatMap { key in nullPaths(in: object[key]!, at: path.isEmpty ? key : path + "." + key) }
        case let array as [Any]:
            return array.enumerated().flatMap { index, item in nullPaths(in: item, at: path + "[\(index)]") }
        default:
            return []
        }
    }
}
