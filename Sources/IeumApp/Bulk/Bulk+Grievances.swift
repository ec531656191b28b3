import Fluent
import Foundation
import IeumCore
import Vapor

/// Assigning or reclassifying many grievance cases at once, from the staff queue, through
/// `GrievanceService.reassign` and `GrievanceService.classify` (history event, audit entry and the
/// assignee's notice, one transaction per case; a first classification routes the case by the
/// routing table as it does one by one).
enum GrievanceBulk {
    static let form = "bulk-grievances"

    enum Action: Sendable {
        case assign(User, note: String)
        case classify(GrievanceClass, businessDays: Bool, target: String)
    }

    /// The action chosen in the action bar, or a refusal naming what is missing.
    static func action(_ form: BulkForm, on db: any Database) async throws -> Action {
        switch form.action {
        case "assign":
            guard let id = form.assignee.flatMap(UUID.init(uuidString:)), let user = try await User.find(id, on: db),
                  user.active, user.platformRole == .operator
            else { throw IeumError.refused(Localized("담당자를 고르세요.", "Choose a staff member.")) }
            return .assign(user, note: String((form.note ?? "").trimmed.prefix(500)))
        case "classify":
            guard let kind = form.kind.flatMap(GrievanceClass.init(rawValue:)) else {
                throw IeumError.refused(Localized("처리 구분을 고르세요.", "Choose a class."))
            }
            let target = (form.target ?? "").trimmed
            if kind == .interagency && CalendarDay(target) == nil {
                throw IeumError.refused(Localized("부처 간 검토는 목표일을 2026-05-29 형식으로 입력하세요.", "An inter-ministry review needs a target date such as 2026-05-29."))
            }
            return .classify(kind, businessDays: form.businessDays != nil, target: kind == .interagency ? target : "")
        default:
            throw IeumError.refused(Localized("할 일을 고르세요 (담당자 지정 또는 분류).", "Choose what to do (assign or classify)."))
        }
    }

    static func hidden(_ action: Action) -> [(String, String)] {
        switch action {
        case .assign(let user, let note):
            [("action", "assign"), ("assignee", user.storedID.uuidString), ("note", note)]
        case .classify(let kind, let businessDays, let target):
            [("action", "classify"), ("kind", kind.rawValue), ("target", target)] + (businessDays ? [("businessDays", "1")] : [])
        }
    }

    static func plan(_ selected: [Bulk.Selected], _ action: Action, on db: any Database) async throws -> [BulkRow] {
        let ids = selected.map(\.id)
        let cases = Dictionary(uniqueKeysWithValues: try await Grievance.query(on: db).filter(\.$id ~~ ids).all().map { ($0.storedID, $0) })
        guard cases.count == ids.count else { throw IeumError.notFound }
        var rows: [BulkRow] = []
        for id in ids {
            guard let g = cases[id] else { continue }
            var row = BulkRow(id: id, title: "\(g.receiptNumber) \(g.title)", link: SiteURL.grievance(id).path,
                              current: Localized("", ""), proposed: Localized("", ""), notified: Localized("", ""), stamp: String(g.version))
            switch action {
            case .assign(let user, _):
                row.current = Localized("담당: \(g.assigneeName ?? "미배정")", "Assignee: \(g.assigneeName ?? "unassigned")")
                row.proposed = Localized("담당: \(user.name)", "Assignee: \(user.name)")
                row.notified = Localized("\(user.name) (새 담당자)", "\(user.name) (new assignee)")
                if g.status.isFinal {
                    row.skip = Localized("종결된 건 (\(g.status.label.ko))", "Closed (\(g.status.label.en.lowercased()))")
                } else if g.assigneeID == user.id {
                    row.skip = Localized("이미 \(user.name) 담당", "Already held by \(user.name)")
                }
            case .classify(let kind, let businessDays, let target):
                row.current = Localized("\(g.grievanceClass?.label.ko ?? "미분류") · 기한 \(g.dueDay ?? "-")",
                                        "\(g.grievanceClass?.label.en ?? "Not classified") · due \(g.dueDay ?? "-")")
                let due = DueDate.compute(kind, receivedOn: CalendarDay.of(g.receivedAt, in: SeoulTime.zone), target: CalendarDay(target),
                                          businessDays: businessDays, holidays: GrievanceData.holidays)
                let dueText = (try? due.get().description) ?? "-"
                row.proposed = Localized("\(kind.label.ko) · 기한 \(dueText)", "\(kind.label.en) · due \(dueText)")
                if g.assigneeID == nil {
                    let (user, agency) = try await GrievanceService.automaticAssignee(for: g, on: db)
                    row.notified = user.map { Localized("\($0.name) (배정표에 따라 자동 배정, \(agency))", "\($0.name) (assigned by the routing table, \(agency))") }
                        ?? Localized("알림 없음 (배정표에 담당자 없음)", "Nobody (no staff in the routing table)")
                } else {
                    row.notified = Localized("알림 없음 — 신청인은 바뀐 기한을 접수 링크에서 봅니다", "No notice — the submitter sees the new deadline on the receipt link")
                }
                if !GrievanceStep.classify.allowed(from: g.status) {
                    row.skip = Localized("종결된 건 (\(g.status.label.ko))", "Closed (\(g.status.label.en.lowercased()))")
                } else if case .failure(let error) = due {
                    row.skip = error.message
                } else if g.grievanceClass == kind, g.businessDays == businessDays, (g.targetDay ?? "") == target {
                    row.skip = Localized("이미 같은 분류", "Already in this class")
                }
            }
            rows.append(row)
        }
        return rows
    }

    static func apply(_ row: BulkRow, _ action: Action, by actor: Principal, on db: any Database, now: Date) async throws -> Localized {
        switch action {
        case .assign(let user, let note):
            try await GrievanceService.reassign(row.id, to: user.storedID, note: note.isEmpty ? "일괄 재배정" : note, by: actor, on: db, now: now)
            return Localized("담당자: \(user.name)", "Assignee: \(user.name)")
        case .classify(let kind, let businessDays, let target):
            let g = try await GrievanceService.classify(row.id, as: kind, businessDays: businessDays, target: target, by: actor, on: db, now: now)
            return Localized("분류함 · 기한 \(g.dueDay ?? "-")", "Classified · due \(g.dueDay ?? "-")")
        }
    }

    static func heading(_ action: Action, preview: Bool) -> Localized {
        switch (action, preview) {
        case (.assign, true): Localized("담당자 일괄 지정 미리보기", "Preview: assign cases")
        case (.assign, false): Localized("담당자 일괄 지정 결과", "Cases assigned")
        case (.classify, true): Localized("일괄 분류 미리보기", "Preview: classify cases")
        case (.classify, false): Localized("일괄 분류 결과", "Cases classified")
        }
    }

    static let back = (SiteURL.grievances.path, Localized("← 처리 목록으로 돌아가기", "← Back to the queue"))

    static func preview(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard GrievancePolicy.can(actor, .manage) else { throw IeumError.forbidden }
        let form = try req.content.decode(BulkForm.self)
        guard let selected = try form.requireSelection(req) else { return req.redirect(to: SiteURL.grievances.path) }
        let action: Action
        do { action = try await Self.action(form, on: req.db) } catch IeumError.refused(let message) {
            req.flash(message)
            return req.redirect(to: SiteURL.grievances.path)
        }
        let rows = try await plan(selected, action, on: req.db)
        return BulkPreviewPage(
            heading: heading(action, preview: true),
            summary: {
                switch action {
                case .assign(let user, _): Localized("선택한 건의 담당자를 \(user.name)(으)로 바꿉니다. 새 담당자가 알림을 받습니다.",
                                                     "The selected cases go to \(user.name), who is notified.")
                case .classify(let kind, _, _): Localized("선택한 건을 ‘\(kind.label.ko)’(으)로 분류하고 처리기한을 다시 정합니다. 신청인이 보는 기한이 바뀝니다.",
                                                          "The selected cases are classified as ‘\(kind.label.en)’ and their deadlines set again; submitters see the new ones.")
                }
            }(),
            rows: rows, confirmAction: SiteURL.bulk(.grievancesConfirm).path, hidden: hidden(action),
            button: { n in
                switch action {
                case .assign(let user, _): Localized("\(n)건을 \(user.name)에게 배정", "Assign \(n) case(s) to \(user.name)")
                case .classify(let kind, _, _): Localized("\(n)건을 ‘\(kind.label.ko)’(으)로 분류", "Classify \(n) case(s) as ‘\(kind.label.en)’")
                }
            },
            question: { n in
                switch action {
                case .assign(let user, _): Localized("\(n)건의 담당자를 \(user.name)(으)로 바꿀까요? 새 담당자에게 알림이 갑니다.",
                                                     "Give \(n) case(s) to \(user.name)? They are notified.")
                case .classify(let kind, _, _): Localized("\(n)건을 ‘\(kind.label.ko)’(으)로 분류할까요? 처리기한이 다시 정해지고 신청인이 보는 기한이 바뀝니다.",
                                                          "Classify \(n) case(s) as ‘\(kind.label.en)’? Deadlines are set again and submitters see them.")
                }
            },
            back: back
        ).response(req)
    }

    static func confirm(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard GrievancePolicy.can(actor, .manage) else { throw IeumError.forbidden }
        let form = try req.content.decode(BulkForm.self)
        guard let selected = try form.requireSelection(req) else { return req.redirect(to: SiteURL.grievances.path) }
        let action: Action
        do { action = try await Self.action(form, on: req.db) } catch IeumError.refused(let message) { throw IeumError.badRequest(message) }
        let rows = try await plan(selected, action, on: req.db)
        let outcomes = await Bulk.confirm(rows, posted: selected) { row in
            try await apply(row, action, by: actor, on: req.db, now: req.now)
        }
        return BulkResultPage(heading: heading(action, preview: false), outcomes: outcomes, back: back).response(req)
    }
}
