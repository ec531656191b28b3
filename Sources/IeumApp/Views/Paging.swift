import Fluent
import IeumCore
import Plot
import Vapor

/// One page of a list: which page was asked for (`?page=`, bounded at the edge), how many rows a
/// page holds and how many there are in all. Every list page loads only its own rows through
/// `slice(_:)`; a page number past the end shows the last page.
struct Paging: Sendable, Equatable {
    let page: Int
    let perPage: Int
    let total: Int

    init(page: Int, perPage: Int, total: Int) {
        self.perPage = max(1, perPage)
        self.total = max(0, total)
        let count = max(1, (self.total + self.perPage - 1) / self.perPage)
        self.page = min(max(1, page), count)
    }

    /// The page the request asks for (400 for a page number outside `Bounded.pages`).
    init(_ req: Request, perPage: Int, total: Int, parameter: String = "page") throws {
        self.init(page: try req.boundedQuery(parameter, in: Bounded.pages, default: 1), perPage: perPage, total: total)
    }

    var pageCount: Int { max(1, (total + perPage - 1) / perPage) }
    var offset: Int { (page - 1) * perPage }
    var range: Range<Int> { min(offset, total)..<min(offset + perPage, total) }

    /// This page's rows of a query that is already filtered and sorted.
    func slice<Model: FluentKit.Model>(_ query: QueryBuilder<Model>) async throws -> [Model] {
        try await query.offset(offset).limit(perPage).all()
    }

    /// This page's part of rows already in memory (lists computed from several tables).
    func slice<T>(_ rows: [T]) -> [T] { Array(rows[range]) }
}

enum Pagination {
    /// Previous / next links and "page n of m"; nothing when everything fits one page.
    static func node(page: Int, pageCount: Int, context: PageContext, link: (Int) -> String) -> Node<HTML.BodyContext> {
        guard pageCount > 1 else { return .empty }
        return .nav(
            .class("pagination"), .attribute(named: "aria-label", value: context.t("페이지", "Pages")),
            .if(page > 1, .a(.href(link(page - 1)), .attribute(named: "rel", value: "prev"), .text(context.t("← 이전", "← Previous")))),
            .span(.text(context.t("\(page) / \(pageCount) 페이지", "Page \(page) of \(pageCount)"))),
            .if(page < pageCount, .a(.href(link(page + 1)), .attribute(named: "rel", value: "next"), .text(context.t("다음 →", "Next →"))))
        )
    }

    static func node(_ paging: Paging, context: PageContext, link: (Int) -> String) -> Node<HTML.BodyContext> {
        node(page: paging.page, pageCount: paging.pageCount, context: context, link: link)
    }
}
