import Foundation
import NIOCore
import NIOHTTP1
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// A person with a browser: keeps cookies, reads the CSRF token from the last page, posts forms.
final class WebClient: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var csrf: String?

    init(_ app: Application) { self.app = app }

    struct Page {
        let status: HTTPStatus
        let headers: HTTPHeaders
        let body: String
    }

    @discardableResult
    func get(_ path: String, headers extra: HTTPHeaders = [:]) async throws -> Page {
        try await send(.GET, path, headers: extra, body: nil)
    }

    /// Posts `fields` url-encoded, with the CSRF token of the last page unless `csrf` is false.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], csrf withToken: Bool = true) async throws -> Page {
        var all = fields
        if withToken, let csrf { all.append(("_csrf", csrf)) }
        let encoded = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: encoded))
    }

    /// Posts a multipart form with one file.
    @discardableResult
    func upload(_ path: String, fields: [(String, String)], fileField: String, fileName: String, bytes: [UInt8]) async throws -> Page {
        let boundary = "----ieumtest\(UUID().uuidString)"
        var body = ByteBuffer()
        var all = fields
        if let csrf { all.append(("_csrf", csrf)) }
        for (name, value) in all {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await send(.POST, path, headers: headers, body: body)
    }

    func send(_ method: HTTPMethod, _ path: String, headers extra: HTTPHeaders, body: ByteBuffer?) async throws -> Page {
        var headers = extra
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            // An emptied cookie (the server ended the session) is dropped, as a browser would.
            if pair.count == 2 { cookies[String(pair[0])] = String(pair[1]) } else if pair.count == 1 { cookies[String(pair[0])] = nil }
        }
        let text = response.body.string
        if let token = Self.csrfToken(in: text) { csrf = token }
        return Page(status: response.status, headers: response.headers, body: text)
    }

    /// Signs in through the login form; expects the redirect of a successful sign-in.
    func login(_ email: String, password: String = TestApp.password) async throws {
        try await get("/login")
        let page = try await post("/login", [("email", email), ("password", password)])
        #expect(page.status == .seeOther, "login of \(email) failed: \(page.status)")
        // Like a browser, follow the redirect: the new session has a new CSRF token.
        if let location = page.headers.first(name: .location) { try await get(location) }
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}
