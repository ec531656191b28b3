import Foundation
import IeumCore
import Plot

/// One dated, attributed line of a record's history — a need's, an application's or a
/// grievance's status change, an edit, a comment — as the pages show it: a plain value, so a
/// page model carries it without the table's model.
struct HistoryEntry: Sendable, Equatable {
    var at: Date
    /// Who did it, by the name kept with the line ("system" for the jobs).
    var by: String
    /// What happened, e.g. "검토 중 → 게시" or "처리기한 알림".
    var change: Localized
    var note: String
}

/// The name a history or audit line keeps when no person acted (the background jobs).
enum ActorName {
    static let system = "system"
}

/// A history table row (need_events, application_events, grievance_events: the same columns
/// for different records and statuses).
protocol HistoryRecord {
    var historyEntry: HistoryEntry { get }
}

extension HistoryEntry {
    /// "from → to", or just "to" for the first line.
    static func statusChange(from: Localized?, to: Localized?) -> Localized {
        switch (from, to) {
        case let (from?, to?): Localized(from.ko + " → " + to.ko, from.en + " → " + to.en)
        case let (nil, to?): to
        case let (from?, nil): from
        case (nil, nil): Localized("", "")
        }
    }
}

/// The one way a record's history is shown: a card with a table, oldest first, times in Seoul.
enum HistoryView {
    static func section(_ title: Localized, _ entries: [HistoryEntry], context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("card"),
            .id("history"),
            .h2(.text(context.t(title))),
            .div(
                .class("table-wrap"),
                .table(
                    .thead(
                        .tr(
                            .th(.text(context.t("일시", "When"))),
                            .th(.text(context.t("처리자", "By"))),
                            .th(.text(context.t("내용", "What"))),
                            .th(.text(context.t("메모", "Note")))
                        )
                    ),
                    .tbody(
                        .forEach(entries) { entry in
                            .tr(
                                .td(.text(SeoulTime.dateTime(entry.at))),
                                .td(.text(entry.by == ActorName.system ? context.t("시스템", "System") : entry.by)),
                                .td(.text(context.t(entry.change))),
                                .td(.text(entry.note))
                            )
                        }
                    )
                )
            )
        )
    }
}

extension NeedEvent: HistoryRecord {
    var historyEntry: HistoryEntry {
        HistoryEntry(at: at, by: actorName, change: HistoryEntry.statusChange(from: fromStatus?.label, to: toStatus.label), note: note)
    }
}

extension ApplicationEvent: HistoryRecord {
    var historyEntry: HistoryEntry {
        HistoryEntry(at: at, by: actorName, change: HistoryEntry.statusChange(from: fromStatus?.label, to: toStatus.label), note: note)
    }
}

extension GrievanceEvent: HistoryRecord {
    var historyEntry: HistoryEntry {
        let what = GrievanceView.eventLabel(kind)
        guard let to = toStatus?.label else { return HistoryEntry(at: at, by: actorName, change: what, note: note) }
        return HistoryEntry(at: at, by: actorName, change: Localized(what.ko + " → " + to.ko, what.en + " → " + to.en), note: note)
    }
}
