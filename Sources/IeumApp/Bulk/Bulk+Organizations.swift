import Fluent
import Foundation
import IeumCore
import Vapor

/// Approving or rejecting many pending organisations at once, from the approval queue, through
/// `RegistryService.setStatus` (the single action's service: status, reason and audit entry).
enum OrganizationBulk {
    static let form = "bulk-organizations"

    /// The decision, read from the action bar; a rejection carries the reason every member reads.
    static func decision(_ form: BulkForm) throws -> (ApprovalStatus, String) {
        guard let status = form.action.flatMap(ApprovalStatus.init(rawValue:)), status != .pending else {
            throw IeumError.refused(Localized("승인 또는 반려를 고르세요.", "Choose approve or reject."))
        }
        let reason = String((form.reason ?? "").trimmed.prefix(1_000))
        if status == .rejected && reason.isEmpty {
            throw IeumError.refused(Localized("반려 사유를 입력하세요. 기관 구성원이 읽습니다.", "Enter the reason for rejecting; the members read it."))
        }
        return (status, reason)
    }

    /// The state a preview shows and the confirmation compares: the status and the last change.
    static func stamp(_ org: Organization) -> String {
        "\(org.status.rawValue).\(Int(((org.updatedAt ?? .distantPast).timeIntervalSince1970 * 1000).rounded()))"
    }

    /// A row per selected organisation; an unknown id refuses the whole request (404).
    static func plan(_ selected: [Bulk.Selected], to status: ApprovalStatus, on db: any Database) async throws -> [BulkRow] {
        let ids = selected.map(\.id)
        let orgs = Dictionary(uniqueKeysWithValues: try await Organization.query(on: db).filter(\.$id ~~ ids).all().map { ($0.storedID, $0) })
        guard orgs.count == ids.count else { throw IeumError.notFound }
        let members = try await Membership.query(on: db).filter(\.$organization.$id ~~ ids).all()
        let memberCount = Dictionary(grouping: members, by: { $0.$organization.id }).mapValues(\.count)
        return ids.compactMap { id in
            guard let org = orgs[id] else { return nil }
            let count = memberCount[id] ?? 0
            var row = BulkRow(
                id: id, title: org.name, link: SiteURL.organization(id).path,
                current: org.status.label, proposed: status.label,
                notified: count == 0 ? Localized("알림 없음 (구성원 없음)", "Nobody (no members)")
                    : Localized("알림 없음 — 구성원 \(count)명이 기관 페이지에서 확인", "No notice — its \(count) member(s) see it on the profile"),
                stamp: stamp(org)
            )
            if org.status != .pending {
                row.skip = Localized("이미 처리됨 (\(org.status.label.ko))", "Already decided (\(org.status.label.en.lowercased()))")
            }
            return row
        }
    }

    static func preview(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard RegistryPolicy.can(actor, .approve) else { throw IeumError.forbidden }
        let form = try req.content.decode(BulkForm.self)
        guard let selected = try form.requireSelection(req) else { return req.redirect(to: SiteURL.approvals.path) }
        let status: ApprovalStatus, reason: String
        do { (status, reason) = try decision(form) } catch IeumError.refused(let message) {
            req.flash(message)
            return req.redirect(to: SiteURL.approvals.path)
        }
        let rows = try await plan(selected, to: status, on: req.db)
        return BulkPreviewPage(
            heading: status == .approved ? Localized("기관 일괄 승인 미리보기", "Preview: approve organisations")
                : Localized("기관 일괄 반려 미리보기", "Preview: reject organisations"),
            summary: status == .approved
                ? Localized("승인한 기관은 모든 사용자에게 보이고, 이 화면에서 되돌릴 수 없습니다.", "Approved organisations are shown to everyone; this cannot be undone here.")
                : Localized("반려한 기관은 다른 사용자에게 보이지 않고, 구성원이 사유를 읽습니다. 사유: \(reason)",
                            "Rejected organisations stay hidden from others, and their members read the reason: \(reason)"),
            rows: rows, confirmAction: SiteURL.bulk(.organizationsConfirm).path,
            hidden: [("action", status.rawValue), ("reason", reason)],
            button: { n in status == .approved ? Localized("\(n)개 기관 승인", "Approve \(n) organisation(s)") : Localized("\(n)개 기관 반려", "Reject \(n) organisation(s)") },
            question: { n in status == .approved
                ? Localized("\(n)개 기관을 승인할까요? 모든 사용자에게 보이게 되고, 이 화면에서 되돌릴 수 없습니다.",
                            "Approve \(n) organisation(s)? Everyone can then see them, and this cannot be undone here.")
                : Localized("\(n)개 기관을 반려할까요? 구성원이 사유를 읽습니다.", "Reject \(n) organisation(s)? Their members read the reason.") },
            back: (SiteURL.approvals.path, Localized("← 승인 대기로 돌아가기", "← Back to the approval queue"))
        ).response(req)
    }

    static func confirm(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard RegistryPolicy.can(actor, .approve) else { throw IeumError.forbidden }
        let form = try req.content.decode(BulkForm.self)
        guard let selected = try form.requireSelection(req) else { return req.redirect(to: SiteURL.approvals.path) }
        let status: ApprovalStatus, reason: String
        do { (status, reason) = try decision(form) } catch IeumError.refused(let message) { throw IeumError.badRequest(message) }
        let rows = try await plan(selected, to: status, on: req.db)
        let outcomes = await Bulk.confirm(rows, posted: selected) { row in
            let org = try await RegistryService.setStatus(row.id, to: status, reason: reason, by: actor, on: req.db, now: req.now)
            return Localized("\(org.name): \(status.label.ko)", "\(org.name): \(status.label.en)")
        }
        return BulkResultPage(
            heading: status == .approved ? Localized("기관 일괄 승인 결과", "Organisations approved") : Localized("기관 일괄 반려 결과", "Organisations rejected"),
            outcomes: outcomes, back: (SiteURL.approvals.path, Localized("← 승인 대기로 돌아가기", "← Back to the approval queue"))
        ).response(req)
    }
}
