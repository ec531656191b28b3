import Fluent
import Foundation
import IeumCore
import Vapor

/// Moving many applications of one need on at once, from the need's application list (its demand
/// organisation's people and the operators running its program), through
/// `ApplicationService.review`: the same allowed transitions, reason rule, history, audit entry,
/// collaboration on selection and the startup's notice as one by one.
enum ApplicationBulk {
    static let form = "bulk-applications"

    /// The statuses a reviewer may set at all; the preview skips the rows a status does not fit.
    static let targets: [ApplicationStatus] = [.screening, .shortlisted, .selected, .rejected]

    static func decision(_ form: BulkForm) throws -> (ApplicationStatus, String) {
        guard let status = form.action.flatMap(ApplicationStatus.init(rawValue:)), targets.contains(status) else {
            throw IeumError.refused(Localized("바꿀 상태를 고르세요.", "Choose the new status."))
        }
        let reason = String((form.reason ?? "").trimmed.prefix(2_000))
        if status == .rejected && reason.isEmpty {
            throw IeumError.refused(Localized("미선정 사유를 입력하세요. 스타트업이 읽습니다.", "Give the reason for not selecting; the startup reads it."))
        }
        return (status, reason)
    }

    /// The need, when the actor reviews its applications; 404 for everyone else (as its list).
    static func need(_ req: Request, _ actor: Principal) async throws -> Need {
        let (need, access) = try await NeedService.visible(req.parameters.get("needID", as: UUID.self), for: actor, on: req.db)
        guard NeedPolicy.can(actor, .listApplications(access)) else { throw IeumError.notFound }
        return need
    }

    static func plan(_ selected: [Bulk.Selected], of need: Need, to status: ApplicationStatus, on db: any Database) async throws -> [BulkRow] {
        let ids = selected.map(\.id)
        let found = try await NeedApplication.query(on: db).filter(\.$id ~~ ids).filter(\.$need.$id == need.storedID).with(\.$startup).all()
        let applications = Dictionary(uniqueKeysWithValues: found.filter(\.status.isVisibleToReviewers).map { ($0.storedID, $0) })
        // An application of another need, a draft or a withdrawn one is not this list's: 404.
        guard applications.count == ids.count else { throw IeumError.notFound }
        let members = try await Membership.query(on: db).filter(\.$organization.$id ~~ found.map { $0.$startup.id }).all()
        let memberCount = Dictionary(grouping: members, by: { $0.$organization.id }).mapValues(\.count)
        return ids.compactMap { id in
            guard let application = applications[id] else { return nil }
            let from = application.status
            let count = memberCount[application.$startup.id] ?? 0
            var row = BulkRow(
                id: id, title: application.startup.name, link: SiteURL.application(id).path,
                current: from.label, proposed: status.label,
                notified: Localized("\(application.startup.name) 구성원 \(count)명", "\(count) member(s) of \(application.startup.name)"),
                stamp: String(application.version)
            )
            if from == status {
                row.skip = Localized("이미 ‘\(from.label.ko)’", "Already \(from.label.en.lowercased())")
            } else if from.reviewTransitions.isEmpty {
                row.skip = Localized("이미 결정됨 (\(from.label.ko))", "Already decided (\(from.label.en.lowercased()))")
            } else if !from.reviewTransitions.contains(status) {
                row.skip = Localized("‘\(from.label.ko)’에서 ‘\(status.label.ko)’(으)로 바꿀 수 없음",
                                     "Cannot go from \(from.label.en.lowercased()) to \(status.label.en.lowercased())")
            }
            return row
        }
    }

    static func back(_ need: Need) -> (String, Localized) {
        (SiteURL.needApplications(need.storedID).path, Localized("← 지원서 목록으로 돌아가기", "← Back to the applications"))
    }

    static func preview(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let need = try await need(req, actor)
        let list = SiteURL.needApplications(need.storedID).path
        let form = try req.content.decode(BulkForm.self)
        guard let selected = try form.requireSelection(req) else { return req.redirect(to: list) }
        let status: ApplicationStatus, reason: String
        do { (status, reason) = try decision(form) } catch IeumError.refused(let message) {
            req.flash(message)
            return req.redirect(to: list)
        }
        let rows = try await plan(selected, of: need, to: status, on: req.db)
        let extra = status == .selected
            ? Localized(" 최종 선정된 지원은 협업 프로젝트(매칭 단계)가 됩니다.", " A selected application becomes a collaboration at the matched stage.") : Localized("", "")
        return BulkPreviewPage(
            heading: Localized("지원서 상태 일괄 변경 미리보기", "Preview: change application statuses"),
            summary: Localized("선택한 지원서를 ‘\(status.label.ko)’(으)로 바꿉니다. 각 스타트업 구성원이 알림을 받습니다.\(extra.ko)"
                               + (reason.isEmpty ? "" : " 사유: \(reason)"),
                               "The selected applications become \(status.label.en.lowercased()); each startup's members are notified.\(extra.en)"
                               + (reason.isEmpty ? "" : " Reason: \(reason)")),
            rows: rows, confirmAction: SiteURL.bulk(.applicationsConfirm(need: need.storedID)).path,
            hidden: [("action", status.rawValue), ("reason", reason)],
            button: { n in Localized("지원서 \(n)건을 ‘\(status.label.ko)’(으)로 변경", "Mark \(n) application(s) \(status.label.en.lowercased())") },
            question: { n in Localized("지원서 \(n)건을 ‘\(status.label.ko)’(으)로 바꿀까요? 스타트업에 알림이 가고 되돌릴 수 없습니다.",
                                       "Mark \(n) application(s) \(status.label.en.lowercased())? The startups are notified and this cannot be undone.") },
            back: back(need)
        ).response(req)
    }

    static func confirm(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let need = try await need(req, actor)
        let form = try req.content.decode(BulkForm.self)
        guard let selected = try form.requireSelection(req) else { return req.redirect(to: SiteURL.needApplications(need.storedID).path) }
        let status: ApplicationStatus, reason: String
        do { (status, reason) = try decision(form) } catch IeumError.refused(let message) { throw IeumError.badRequest(message) }
        let rows = try await plan(selected, of: need, to: status, on: req.db)
        let outcomes = await Bulk.confirm(rows, posted: selected) { row in
            let application = try await ApplicationService.review(row.id, to: status, reason: reason, by: actor, on: req.db, now: req.now)
            return Localized("‘\(application.status.label.ko)’(으)로 변경", "Now \(application.status.label.en.lowercased())")
        }
        return BulkResultPage(heading: Localized("지원서 상태 일괄 변경 결과", "Application statuses changed"), outcomes: outcomes, back: back(need)).response(req)
    }
}
