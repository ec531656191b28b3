import Fluent
import Foundation
import IeumCore
import Plot
import Vapor

struct AuditController {
    func register(_ app: Application) {
        app.get("admin", "audit", use: page)
    }

    func page(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard RegistryPolicy.can(actor, .viewAuditLog) else { throw IeumError.forbidden }
        let pageNumber = max(1, req.query[Int.self, at: "page"] ?? 1)
        let perPage = 50
        let total = try await AuditEntry.query(on: req.db).count()
        let entries = try await AuditEntry.query(on: req.db)
            .sort(\.$createdAt, .descending)
            .offset((pageNumber - 1) * perPage).limit(perPage)
            .all()
        return AuditLogPage(entries: entries, page: pageNumber, pageCount: max(1, (total + perPage - 1) / perPage)).response(req)
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
                        .td(.code(.text(entry.action))), .td(.text(entry.summary)),
                        .td(.pre(.class("changes"), .text(entry.changes)))
                    )
                })
            )),
            Pagination.node(page: page, pageCount: pageCount, context: context) { SiteURL.auditLog(page: $0).path }
        )
    }
}

enum Pagination {
    static func node(page: Int, pageCount: Int, context: PageContext, link: (Int) -> String) -> Node<HTML.BodyContext> {
        guard pageCount > 1 else { return .empty }
        return .nav(
            .class("pagination"), .attribute(named: "aria-label", value: context.t("페이지", "Pages")),
            .if(page > 1, .a(.href(link(page - 1)), .attribute(named: "rel", value: "prev"), .text(context.t("← 이전", "← Previous")))),
            .span(.text(context.t("\(page) / \(pageCount) 페이지", "Page \(page) of \(pageCount)"))),
            .if(page < pageCount, .a(.href(link(page + 1)), .attribute(named: "rel", value: "next"), .text(context.t("다음 →", "Next →"))))
        )
    }
}
