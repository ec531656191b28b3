import Crypto
import Fluent
import Foundation
import IeumCore
import Vapor

/// The answer to a POST sent with an `Idempotency-Key`, kept 24 hours per caller, so a client that
/// lost the answer can send the same request again without doing the thing twice. Stored in the
/// database so that every instance replays it.
final class APIIdempotentRequest: Model, @unchecked Sendable {
    static let schema = "api_idempotency_keys"

    @ID(key: .id) var id: UUID?
    /// Who sent it: the hash of the token (or session, or address), never the token itself.
    @Field(key: "caller") var caller: String
    @Field(key: "key") var key: String
    /// SHA-256 of the method, path, query and body.
    @Field(key: "request_hash") var requestHash: String
    /// 0 while the first request is still being answered.
    @Field(key: "status") var status: Int
    @OptionalField(key: "content_type") var contentType: String?
    @OptionalField(key: "body") var body: Data?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

struct CreateAPIIdempotencyKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("api_idempotency_keys")
            .id()
            .field("caller", .string, .required)
            .field("key", .string, .required)
            .field("request_hash", .string, .required)
            .field("status", .int, .required)
            .field("content_type", .string)
            .field("body", .data)
            .field("created_at", .datetime, .required)
            .unique(on: "caller", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("api_idempotency_keys").delete()
    }
}

/// `Idempotency-Key` on a POST: the same key with the same request replays the stored answer
/// (`Idempotent-Replayed: true`); with another request it is 422; while the first is still being
/// answered, 409. Only answers the handler returned are kept: a refusal (4xx problem) leaves the key
/// free, so the corrected request may use it.
struct APIIdempotencyMiddleware: AsyncMiddleware {
    static let lifetime: TimeInterval = 24 * 60 * 60

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .POST, let key = request.headers.first(name: "Idempotency-Key") else {
            return try await next.respond(to: request)
        }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw IeumError.badRequest(Localized("Idempotency-Key는 공백 없는 ASCII 1~255자입니다.", "Idempotency-Key is 1 to 255 printable ASCII characters without spaces."))
        }
        if request.body.data == nil {
            _ = try await request.body.collect(max: RouteLimits.maxBodyBytes(of: request)).get()
        }
        var hasher = SHA256()
        hasher.update(data: Data("\(request.method.rawValue) \(request.url.path)?\(request.url.query ?? "")\n".utf8))
        if let body = request.body.data { hasher.update(data: Data(body.readableBytesView)) }
        let hash = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let caller = APIConventionsMiddleware.callerKey(request)
        let now = request.now
        let db = request.db

        try await APIIdempotentRequest.query(on: db).filter(\.$caller == caller).filter(\.$createdAt < now.addingTimeInterval(-Self.lifetime)).delete()
        if let stored = try await APIIdempotentRequest.query(on: db).filter(\.$caller == caller).filter(\.$key == key).first() {
            return try Self.replay(stored, hash: hash)
        }
        let record = APIIdempotentRequest()
        record.caller = caller
        record.key = key
        record.requestHash = hash
        record.status = 0
        record.createdAt = now
        do {
            try await record.create(on: db)
        } catch where UniqueViolation(error) != nil {
            // Another request with this key got there first.
            guard let stored = try await APIIdempotentRequest.query(on: db).filter(\.$caller == caller).filter(\.$key == key).first() else { throw error }
            return try Self.replay(stored, hash: hash)
        }
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            try? await record.delete(on: db)
            throw error
        }
        guard response.status.code < 500 else {
            try? await record.delete(on: db)
            return response
        }
        let body = try await response.body.collect(on: request.eventLoop).get()
        if let body { response.body = .init(buffer: body) }
        record.status = Int(response.status.code)
        record.contentType = response.headers.first(name: .contentType)
        record.body = body.map { Data($0.readableBytesView) }
        try await record.update(on: db)
        return response
    }

    static func replay(_ stored: APIIdempotentRequest, hash: String) throws -> Response {
        guard stored.requestHash == hash else {
            throw IeumError.refused(Localized("이 Idempotency-Key는 다른 요청에 이미 쓰였습니다. 새 키를 쓰세요.",
                                              "This Idempotency-Key was already used for another request; use a new key."))
        }
        guard stored.status != 0 else {
            throw IeumError.conflict(Localized("같은 Idempotency-Key의 요청을 아직 처리하고 있습니다. 잠시 뒤 다시 보내세요.",
                                               "A request with this Idempotency-Key is still being answered; send it again shortly."))
        }
        let response = Response(status: HTTPResponseStatus(statusCode: stored.status))
        if let type = stored.contentType { response.headers.replaceOrAdd(name: .contentType, value: type) }
        response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
        if let body = stored.body { response.body = .init(data: body) }
        return response
    }
}
