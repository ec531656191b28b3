import Foundation
import IeumCore
import OpenAPIRuntime
import Vapor

/// Errors any capability may raise at the web edge.
public enum IeumError: Error, Sendable {
    case csrf
    case forbidden
    case notFound
    case unauthorized
    case throttled(retryAfterSeconds: Int)
    case badRequest(Localized)
    case invalid(FieldErrors)
    /// Someone else changed the record since it was read (version check).
    case conflict(Localized)
    /// The request is understood but the rules refuse it now (late, a second application, …).
    case refused(Localized)

    var status: HTTPResponseStatus {
        switch self {
        case .csrf, .forbidden: .forbidden
        case .notFound: .notFound
        case .unauthorized: .unauthorized
        case .throttled: .tooManyRequests
        case .badRequest: .badRequest
        case .invalid: .unprocessableEntity
        case .conflict: .conflict
        case .refused: .unprocessableEntity
        }
    }

    var message: Localized {
        switch self {
        case .csrf: Localized("보안 토큰이 만료되었거나 올바르지 않습니다. 페이지를 새로 고친 뒤 다시 시도하세요.", "The security token is missing or expired. Reload the page and try again.")
        case .forbidden: Localized("이 작업을 할 권한이 없습니다.", "You are not allowed to do this.")
        case .notFound: Localized("찾는 페이지나 항목이 없습니다.", "The page or record was not found.")
        case .unauthorized: Localized("로그인이 필요합니다.", "Please sign in.")
        case .throttled(let seconds): Localized("로그인 시도가 너무 많습니다. \(max(1, seconds / 60))분 후 다시 시도하세요.", "Too many sign-in attempts. Try again in \(max(1, seconds / 60)) minutes.")
        case .badRequest(let text): text
        case .invalid: Localized("입력값을 확인하세요.", "Check the values you entered.")
        case .conflict(let text), .refused(let text): text
        }
    }
}

/// RFC 7807 problem details.
struct Problem: Content {
    var type: String
    var title: String
    var status: Int
    var detail: String?
    var instance: String?
    var errors: [FieldProblem]?

    struct FieldProblem: Content {
        var field: String
        var message: String
    }
}

/// Turns every error into a clear page (HTML) or problem JSON (`/api`); never a raw 500 for input.
struct IeumErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return render(error, for: request)
        }
    }

    func classify(_ error: any Error, language: Lang) -> (HTTPResponseStatus, Localized, FieldErrors?) {
        switch error {
        case let error as IeumError:
            if case .invalid(let fields) = error { return (error.status, error.message, fields) }
            return (error.status, error.message, nil)
        case let error as ServerError:
            // The generated API wraps what a handler threw; a failure before the handler ran means
            // the request did not fit the OpenAPI document.
            if error.operationInput == nil && !(error.underlyingError is IeumError) {
                return (.badRequest, Localized("요청이 API 명세에 맞지 않습니다: \(error.causeDescription)",
                                               "The request does not match the API description: \(error.causeDescription)"), nil)
            }
            return classify(error.underlyingError, language: language)
        case is DecodingError:
            return (.badRequest, Localized("요청 형식이 올바르지 않습니다.", "The request is malformed."), nil)
        case let abort as any AbortError:
            switch abort.status {
            case .notFound: return (.notFound, IeumError.notFound.message, nil)
            case .forbidden: return (.forbidden, IeumError.forbidden.message, nil)
            case .unauthorized: return (.unauthorized, IeumError.unauthorized.message, nil)
            case .payloadTooLarge: return (.payloadTooLarge, Localized("파일이 너무 큽니다.", "The upload is too large."), nil)
            case .methodNotAllowed:
                return (.methodNotAllowed, Localized("이 주소에서는 그 요청 방식을 쓸 수 없습니다 (허용: \(abort.headers.first(name: .allow) ?? "-")).",
                                                     "This address does not support that method (allowed: \(abort.headers.first(name: .allow) ?? "-")."), nil)
            default:
                if abort.status.code < 500 {
                    return (abort.status, Localized("요청을 처리할 수 없습니다: \(abort.reason)", "The request cannot be processed: \(abort.reason)"), nil)
                }
                return (abort.status, Localized("서버 오류가 발생했습니다.", "A server error occurred."), nil)
            }
        default:
            // A unique index refused a write (two requests at once, or a value already taken).
            if let violation = UniqueViolation(error) { return violation.answer }
            return (.internalServerError, Localized("서버 오류가 발생했습니다. 잠시 후 다시 시도하세요.", "A server error occurred. Please try again later."), nil)
        }
    }

    func render(_ error: any Error, for request: Request) -> Response {
        let (status, message, fields) = classify(error, language: request.language)
        if status == .internalServerError {
            // Never `report(error:)`: an error's full text can hold the request itself (the API
            // layer's ServerError prints headers with the bearer token and the parsed body).
            request.logger.error("request failed: \(SafeError.describe(error))")
        }
        let isAPI = request.url.path.hasPrefix("/api/")
        if isAPI {
            let problem = Problem(
                type: "about:blank", title: status.reasonPhrase, status: Int(status.code),
                detail: message.text(request.language), instance: request.url.path,
                errors: fields.map { f in f.order.map { Problem.FieldProblem(field: $0, message: f[$0]!.text(request.language)) } }
            )
            let response = Response(status: status)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if let data = try? encoder.encode(problem) { response.body = .init(data: data) }
            response.headers.contentType = .init(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
            if case IeumError.throttled(let seconds) = error { response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds)) }
            // Headers an error carries (Allow with a 405, say) belong on the problem response too.
            if let abort = error as? any AbortError {
                for (name, value) in abort.headers where name.lowercased() != "content-type" { response.headers.replaceOrAdd(name: name, value: value) }
            }
            return response
        }
        // A person's browser is sent to the sign-in page; a program that sent a bad token gets its 401.
        if status == .unauthorized && request.headers.bearerAuthorization == nil {
            let next = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
            return request.redirect(to: SiteURL.login(next: next).path)
        }
        let page = ErrorPage(status: status, message: message)
        let response = Response(status: status, body: .init(string: page.render(in: PageContext(request: request))))
        response.headers.contentType = .html
        return response
    }
}
