import Fluent
import Foundation
import IeumCore
import Plot
import Vapor

struct AuditController {
    func register(_ app: Application) {
        app.on(.audit(.page), use: page)
    }

    func page(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        // A platform operator reads the whole log; an agency's operator what their agencies' people did.
        let staff = try await Self.auditedPeople(for: actor, on: req.db)
        let pageNumber = try req.boundedQuery("page", in: Bounded.pages, default: 1)
        let perPage = 50
        func scoped() -> QueryBuilder<AuditEntry> {
            let query = AuditEntry.query(on: req.db)
            if let staff { query.filter(\.$actorID ~~ staff.map(Optional.some)) }
            return query
        }
        let total = try await scoped().count()
        let entries = try await scoped()
            .sort(\.$createdAt, .descending)
            .offset((pageNumber - 1) * perPage).limit(perPage)
            .all()
        return AuditLogPage(entries: entries, page: pageNumber, pageCount: max(1, (total + perPage - 1) / perPage)).response(req)
    }

    /// Whose entries `actor` may read: nil for everyone's (platform operators), the accounts of their
    /// agencies for an agency's operator; 403 for anyone else.
    static func auditedPeople(for actor: Principal, on db: any Database) async throws -> [UUID]? {
        if RegistryPolicy.can(actor, .viewAuditLog) { return nil }
        guard RegistryPolicy.can(actor, .viewAgencyAuditLog) else { throw IeumError.forbidden }
        let agencies = Array(actor.operatorAgencies)
        let people = try await Membership.query(on: db).filter(\.$organization.$id ~~ agencies).all().map { $0.$user.id }
        return Array(Set(people + [actor.userID]))
    }
}

struct AuditLogPage: Page {
    let entries: [AuditEntry]
    let page: Int
    let pageCount: Int

    func title(_ context: PageContext) -> String { context.t("감사 로그", "Audit log") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .h1(.text(title(context))),
            .p(.class("hint"), .text(context.t("누가 언제 무엇을 바꿨는지 기록합니다 (서울 시간).", "Who changed what, and when (Seoul time)."))),
            .div(.class("table-wrap"), .table(
                .caption(.text(context.t("최근 변경 내역", "Recent changes"))),
                .thead(.tr(
                    .th(.text(context.t("일시", "When"))), .th(.text(context.t("사용자", "Who"))),
                    .th(.text(context.t("작업", "Action"))), .th(.text(context.t("내용", "Summary"))), .th(.text(context.t("변경 항목", "Changes")))
                )),
                .tbody(.forEach(entries) { entry in
                    .tr(
                        .td(.text(SeoulTime.dateTime(entry.createdAt))), .td(.text(entry.actorName)),
                        .td(.attribute(named: "data-action", value: entry.action), .text(context.t(AuditActionLabel.label(entry.action)))),
                        .td(.text(entry.summary)),
                        .td(.pre(.class("changes"), .text(entry.changes)))
                    )
                })
            )),
            Pagination.node(page: page, pageCount: pageCount, context: context) { SiteURL.auditLog(page: $0).path }
        )
    }
}
