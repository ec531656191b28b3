import Foundation
import IeumCore
import Plot
import Vapor

/// A list's order kept in the URL (issue 17, item 7): `?sort=<key>&dir=asc|desc`. An unknown key
/// or direction is ignored (the list's default order), never an error, so an old or edited link
/// still opens. Links built from it carry the list's filters, so sort, filter and page survive
/// paging and the language switch (which keeps the whole query).
struct ListSort<Key: RawRepresentable & CaseIterable & Equatable & Sendable>: Sendable where Key.RawValue == String {
    let key: Key
    let descending: Bool
    /// Whether the request named the order (a default order adds nothing to links).
    let explicit: Bool

    init(key: Key, descending: Bool, explicit: Bool = false) {
        self.key = key
        self.descending = descending
        self.explicit = explicit
    }

    /// Reads `sort` and `dir`; `defaults` gives each key's natural direction (dates newest first).
    init(_ req: Request, default fallback: Key, descendingByDefault: (Key) -> Bool = { _ in false }) {
        let raw = (req.query[String.self, at: "sort"] ?? "").prefix(40)
        let named = Key(rawValue: String(raw))
        let key = named ?? fallback
        let dir = req.query[String.self, at: "dir"]
        let descending = dir == "desc" ? true : dir == "asc" ? false : descendingByDefault(key)
        self.init(key: key, descending: descending, explicit: named != nil)
    }

    /// The query items this order adds to a link (none for the default order).
    var items: [(String, String?)] {
        explicit ? [("sort", key.rawValue), ("dir", descending ? "desc" : "asc")] : []
    }

    /// `path` (which may already hold a query) with this order's items added.
    func link(_ path: String) -> String {
        let extra = items.compactMap { item in item.1.map { "\(item.0)=\($0)" } }
        guard !extra.isEmpty else { return path }
        return path + (path.contains("?") ? "&" : "?") + extra.joined(separator: "&")
    }

    /// The order a header link asks for: the other direction of the current key, or `key` ascending.
    func toggled(_ other: Key) -> ListSort {
        other == key ? ListSort(key: key, descending: !descending, explicit: true) : ListSort(key: other, descending: false, explicit: true)
    }

    /// A sortable column header: a link that toggles the direction, `aria-sort` on the current one.
    func header(_ label: String, _ other: Key, _ context: PageContext, link: (ListSort) -> String) -> Node<HTML.TableRowContext> {
        let current = other == key
        let mark = current ? (descending ? "▼" : "▲") : "↕"
        let hint = current
            ? (descending ? context.t("내림차순 정렬됨, 누르면 오름차순", "sorted descending; activate for ascending")
                          : context.t("오름차순 정렬됨, 누르면 내림차순", "sorted ascending; activate for descending"))
            : context.t("누르면 이 열로 정렬", "activate to sort by this column")
        return .th(
            .attribute(named: "scope", value: "col"),
            .if(current, .attribute(named: "aria-sort", value: descending ? "descending" : "ascending")),
            .a(.class("sort"), .href(link(toggled(other))), .attribute(named: "title", value: hint),
               .text(label),
               .span(.class("sort-mark"), .attribute(named: "aria-hidden", value: "true"), .text(mark)))
        )
    }

    /// For lists drawn as cards: "정렬: 이름 ▲ · 등록일" links.
    func links(_ choices: [(Key, String)], _ context: PageContext, link: (ListSort) -> String) -> Node<HTML.BodyContext> {
        .p(
            .class("sort-links"),
            .span(.text(context.t("정렬:", "Sort:"))),
            .forEach(choices) { choice in
                let current = choice.0 == key
                return .a(.href(link(toggled(choice.0))),
                          .if(current, .attribute(named: "aria-current", value: "true")),
                          .text(choice.1 + (current ? (descending ? " ▼" : " ▲") : "")))
            }
        )
    }
}

/// Names in 가나다 order, as a Korean reader expects them (not by romanised code).
enum KoreanOrder {
    static let locale = Locale(identifier: "ko_KR")
    static func less(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.caseInsensitive], range: nil, locale: locale) == .orderedAscending
    }
}
