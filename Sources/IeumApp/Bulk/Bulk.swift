import Fluent
import Foundation
import IeumCore
import Vapor

/// Bulk actions (issue 17, item 6): rows ticked on a list page → a preview of what will change per
/// row → a confirmation that recomputes the preview and applies each row through the same service
/// function as the single action.
///
/// Each row is applied in its own transaction (the service's): a row that fails leaves no half
/// change behind and does not undo the rows before it; the result page says per row what happened.
/// A preview carries each row's state as it saw it (`stamp`); a row whose state changed before the
/// confirmation is skipped and reported, never applied to a record the person did not see.
enum Bulk {
    /// At most this many rows per action: a page of a list, with room to spare.
    static let maxRows = 200
    /// A reminder to the same person about the same round or event within this time is skipped.
    static let reminderInterval: TimeInterval = 24 * 3600

    static let tooMany = Localized("한 번에 최대 \(maxRows)건까지 처리할 수 있습니다. 선택을 줄여 주세요.",
                                   "At most \(maxRows) rows can be handled at once. Select fewer.")
    static let nothingSelected = Localized("처리할 항목을 하나 이상 선택하세요.", "Select at least one row.")
    static let changedSincePreview = Localized("미리보기 뒤에 다른 사람이 바꿨습니다. 다시 확인하세요.",
                                               "Changed by someone else after the preview. Check it again.")

    /// One selected row as posted: its id, and on confirmation the state the preview showed.
    struct Selected: Sendable, Equatable {
        let id: UUID
        let stamp: String?
    }

    /// The rows a form selected: `ids[]` (each `uuid` or, from a preview, `uuid@stamp`), or every
    /// row of the page (`page[]`) when "select all on this page" (`all`) is ticked. Duplicates are
    /// dropped, order kept; more than `maxRows` or a malformed id is a 400.
    static func selection(ids: [String]?, page: [String]?, all: String?) throws -> [Selected] {
        let raw = (all != nil && !(page ?? []).isEmpty) ? (page ?? []) : (ids ?? [])
        guard raw.count <= maxRows * 2 else { throw IeumError.badRequest(tooMany) }
        var seen = Set<UUID>()
        var out: [Selected] = []
        for value in raw {
            let parts = value.split(separator: "@", maxSplits: 1).map(String.init)
            guard let first = parts.first, let id = UUID(uuidString: first) else {
                throw IeumError.badRequest(Localized("선택한 항목을 알아볼 수 없습니다.", "A selected row is not recognised."))
            }
            guard seen.insert(id).inserted else { continue }
            out.append(Selected(id: id, stamp: parts.count > 1 ? String(parts[1].prefix(100)) : nil))
        }
        guard out.count <= maxRows else { throw IeumError.badRequest(tooMany) }
        return out
    }

    /// Applies the rows the preview (recomputed now) still allows and whose state is the one the
    /// person confirmed; every row gets its outcome.
    static func confirm(
        _ planned: [BulkRow], posted: [Selected], apply: (BulkRow) async throws -> Localized
    ) async -> [BulkOutcome] {
        let stamps = Dictionary(posted.map { ($0.id, $0.stamp) }, uniquingKeysWith: { first, _ in first })
        var outcomes: [BulkOutcome] = []
        for row in planned {
            if let skip = row.skip {
                outcomes.append(BulkOutcome(row: row, result: .skipped(skip)))
                continue
            }
            guard let confirmed = stamps[row.id] ?? nil, confirmed == row.stamp else {
                outcomes.append(BulkOutcome(row: row, result: .skipped(changedSincePreview)))
                continue
            }
            do {
                outcomes.append(BulkOutcome(row: row, result: .done(try await apply(row))))
            } catch {
                outcomes.append(BulkOutcome(row: row, result: .failed(Self.message(of: error))))
            }
        }
        return outcomes
    }

    /// What a person reads about a row the service refused.
    static func message(of error: any Error) -> Localized {
        switch error {
        case IeumError.invalid(let errors):
            return errors.order.compactMap { errors[$0] }.first ?? Localized("입력을 확인하세요.", "Check the input.")
        case let error as IeumError:
            return error.message
        default:
            return Localized("처리하지 못했습니다. 잠시 뒤 다시 시도하세요.", "It could not be done. Try again shortly.")
        }
    }
}

/// One row of a preview: what it is, what it is now, what it becomes, who hears of it, or why it
/// is left alone.
struct BulkRow: Sendable {
    let id: UUID
    let title: String
    var link: String?
    var current: Localized
    var proposed: Localized
    var notified: Localized
    /// Why this row will not change (already decided, closed, not this person's …); nil: it changes.
    var skip: Localized?
    /// The row's state as the preview saw it (a version or a status); the confirmation compares it.
    var stamp: String

    var changes: Bool { skip == nil }
    /// The value a preview posts back for this row.
    var posted: String { "\(id.uuidString)@\(stamp)" }
}

/// What happened to one row on confirmation.
struct BulkOutcome: Sendable {
    enum Result: Sendable {
        case done(Localized)
        case skipped(Localized)
        case failed(Localized)
    }

    let row: BulkRow
    let result: Result

    var isDone: Bool { if case .done = result { return true }; return false }
}

/// The form a list page's action bar and a preview's confirmation post: the rows and the action's
/// own fields (each action reads those it needs).
struct BulkForm: Content {
    var ids: [String]?
    var page: [String]?
    var all: String?
    var action: String?
    var reason: String?
    var note: String?
    var assignee: String?
    var kind: String?
    var target: String?
    var businessDays: String?

    func selection() throws -> [Bulk.Selected] {
        try Bulk.selection(ids: ids, page: page, all: all)
    }

    /// The selection, or nil with "select at least one row" flashed (the handler goes back).
    func requireSelection(_ req: Request) throws -> [Bulk.Selected]? {
        let selected = try selection()
        if selected.isEmpty {
            req.flash(Bulk.nothingSelected)
            return nil
        }
        return selected
    }
}

/// Where bulk actions post: each capability's preview and confirmation.
public enum BulkLink: Equatable, Sendable {
    case organizations, organizationsConfirm
    case grievances, grievancesConfirm
    case applications(need: UUID), applicationsConfirm(need: UUID)
    case judgeReminders(round: UUID), judgeRemindersConfirm(round: UUID)
    case participantReminders(event: UUID), participantRemindersConfirm(event: UUID)
    case registrantReminders(network: UUID, event: UUID), registrantRemindersConfirm(network: UUID, event: UUID)

    public var path: String {
        switch self {
        case .organizations: SiteRoute.bulk(.organizationsPreview).path()
        case .organizationsConfirm: SiteRoute.bulk(.organizationsConfirm).path()
        case .grievances: SiteRoute.bulk(.grievancesPreview).path()
        case .grievancesConfirm: SiteRoute.bulk(.grievancesConfirm).path()
        case .applications(let need): SiteRoute.bulk(.applicationsPreview).path(need)
        case .applicationsConfirm(let need): SiteRoute.bulk(.applicationsConfirm).path(need)
        case .judgeReminders(let round): SiteRoute.bulk(.judgeRemindersPreview).path(round)
        case .judgeRemindersConfirm(let round): SiteRoute.bulk(.judgeRemindersConfirm).path(round)
        case .participantReminders(let event): SiteRoute.bulk(.participantRemindersPreview).path(event)
        case .participantRemindersConfirm(let event): SiteRoute.bulk(.participantRemindersConfirm).path(event)
        case .registrantReminders(let network, let event): SiteRoute.bulk(.registrantRemindersPreview).path(network, event)
        case .registrantRemindersConfirm(let network, let event): SiteRoute.bulk(.registrantRemindersConfirm).path(network, event)
        }
    }
}
