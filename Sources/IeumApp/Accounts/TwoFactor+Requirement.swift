import Fluent
import Foundation
import IeumCore
import Vapor

/// With `IEUM_REQUIRE_OPERATOR_2FA=1`, an operator without two-factor sign-in does nothing but set
/// it up: every page sends them to the setup page, except the setup itself and signing out
/// (the stylesheet and script are served before this middleware). An operator's API token is
/// refused too, or the rule would end at the first token. Runs after the actor is loaded; costs
/// one indexed look-up per operator request, and nothing for anyone else or with the setting off.
struct OperatorTwoFactorMiddleware: AsyncMiddleware {
    static let allowed: Set<String> = [
        SiteURL.twoFactor.path, SiteURL.logout.path, SiteURL.health.path,
    ]

    static let notice = Localized("운영자 계정은 2단계 인증을 설정해야 이음을 쓸 수 있습니다. 인증 앱을 연결하세요.",
                                  "Operator accounts must use two-factor sign-in before using Ieum. Connect an authenticator app.")

    /// Whether the rule covers this actor in this deployment.
    static func applies(to actor: Principal, _ req: Request) -> Bool {
        req.application.ieumConfiguration.requireOperatorTwoFactor && actor.isOperator
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let actor = request.actor, Self.applies(to: actor, request),
              !Self.allowed.contains(request.url.path),
              !(try await TwoFactor.isEnabled(actor.userID, on: request.db))
        else { return try await next.respond(to: request) }
        if request.url.path.hasPrefix("/api/") || request.storage[BearerAuthenticatedKey.self] == true {
            throw IeumError.forbidden
        }
        request.flash(Self.notice)
        return request.redirect(to: SiteURL.twoFactor.path)
    }
}
