import Foundation
import IeumCore
import Vapor

/// What every page needs besides its own data: language, actor, CSRF token, where it is.
public struct PageContext: Sendable {
    public let language: Lang
    public let actor: Principal?
    public let csrfToken: String
    public let path: String
    public let query: String
    public let flash: String?
    /// Unread inbox messages of the signed-in person, for the header's badge.
    public var unread: Int = 0
    /// The request's time (pinned in tests), for labels that depend on it, such as a passed deadline.
    public var now: Date = Date()

    init(request: Request) {
        language = request.language
        actor = request.actor
        unread = request.storage[UnreadNoticesKey.self] ?? 0
        now = request.now
        csrfToken = request.csrfToken
        path = request.url.path
        query = request.url.query ?? ""
        if request.actor != nil, request.hasSession {
            flash = request.session.data["flash"]
            if flash != nil { request.session.data["flash"] = nil }
        } else {
            flash = ResponseCookiesMiddleware.takeFlash(from: request)
        }
    }

    public init(language: Lang, actor: Principal?, csrfToken: String = "", path: String = "/", query: String = "", flash: String? = nil) {
        self.language = language
        self.actor = actor
        self.csrfToken = csrfToken
        self.path = path
        self.query = query
        self.flash = flash
    }

    func t(_ text: Localized) -> String { text.text(language) }
    func t(_ ko: String, _ en: String) -> String { language == .ko ? ko : en }

    /// The current page's address in the other language.
    var otherLanguageLink: String {
        let other: Lang = language == .ko ? .en : .ko
        var items = query.split(separator: "&").filter { !$0.hasPrefix("lang=") }.map(String.init)
        items.append("lang=\(other.rawValue)")
        return path + "?" + items.joined(separator: "&")
    }
}

/// The unread count `SessionActorMiddleware` reads for a page request.
struct UnreadNoticesKey: StorageKey {
    typealias Value = Int
}

extension Request {
    /// A message for the next page: in a signed-in person's session, in a short-lived cookie for a visitor.
    func flash(_ text: Localized) {
        if actor != nil, hasSession {
            session.data["flash"] = text.text(language)
        } else {
            storage[ResponseCookiesMiddleware.FlashKey.self] = .some(text.text(language))
        }
    }
}

extension Request {
    /// Runs a change made from a button or a short form, then redirects to `path`: the change's own
    /// message is flashed, or the refusal's (a refused rule, or the first invalid field).
    func redirect(to path: String, after change: () async throws -> Localized) async throws -> Response {
        do {
            flash(try await change())
        } catch IeumError.refused(let message) {
            flash(message)
        } catch IeumError.invalid(let errors) {
            flash(errors.order.compactMap { errors[$0] }.first ?? Localized("입력을 확인하세요.", "Check the input."))
        }
        return redirect(to: path)
    }
}
