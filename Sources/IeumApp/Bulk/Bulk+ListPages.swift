import Foundation
import IeumCore
import Plot

// The bulk pieces of each list page (a checkbox per row and the action bar), kept here so the
// list views themselves only call them.

extension ApprovalQueuePage {
    func bulkCheckbox(_ org: Organization, _ context: PageContext) -> Node<HTML.BodyContext> {
        .p(.class("bulk-select"), .label(.class("checkbox"), BulkView.checkbox(form: OrganizationBulk.form, id: org.storedID, label: org.name, context),
                                         .text(context.t(" 선택", " Select"))))
    }

    func bulkBar(_ context: PageContext) -> Node<HTML.BodyContext> {
        guard !pending.isEmpty else { return .empty }
        return BulkView.bar(form: OrganizationBulk.form, action: SiteURL.bulk(.organizations).path, pageIDs: pending.map(\.storedID), fields: .group(
            FormKit.select("action", label: context.t("처리", "Decision"),
                           options: [(ApprovalStatus.approved.rawValue, context.t("승인", "Approve")), (ApprovalStatus.rejected.rawValue, context.t("반려", "Reject"))],
                           selected: "", errors: FieldErrors(), context: context, includeEmpty: context.t("선택하세요", "Choose"), required: true),
            FormKit.text("reason", label: context.t("반려 사유 (반려 시 필수, 구성원이 읽습니다)", "Reason (required to reject; the members read it)"),
                         value: "", errors: FieldErrors(), context: context, id: "bulk-reason")
        ), context)
    }
}

extension GrievanceListPage {
    func bulkCheckbox(_ row: GrievanceListModel.Row, _ context: PageContext) -> Node<HTML.TableRowContext> {
        .td(BulkView.checkbox(form: GrievanceBulk.form, id: row.id, label: row.receiptNumber, context))
    }

    func bulkBar(_ staff: [GrievanceListModel.Staff], _ context: PageContext) -> Node<HTML.BodyContext> {
        guard !model.rows.isEmpty else { return .empty }
        return BulkView.bar(form: GrievanceBulk.form, action: SiteURL.bulk(.grievances).path, pageIDs: model.rows.map(\.id), fields: .group(
            FormKit.select("action", label: context.t("할 일", "Action"),
                           options: [("assign", context.t("담당자 지정", "Assign to")), ("classify", context.t("분류 (처리기한 재설정)", "Classify (sets the deadline)"))],
                           selected: "", errors: FieldErrors(), context: context, includeEmpty: context.t("선택하세요", "Choose"), required: true),
            FormKit.select("assignee", label: context.t("담당자 (지정할 때)", "Staff member (to assign)"),
                           options: staff.map { ($0.id.uuidString, "\($0.name) · \($0.email)") },
                           selected: "", errors: FieldErrors(), context: context, includeEmpty: context.t("선택하세요", "Choose")),
            FormKit.select("kind", label: context.t("처리 구분 (분류할 때)", "Class (to classify)"),
                           options: GrievanceClass.allCases.map { ($0.rawValue, context.t($0.label)) },
                           selected: "", errors: FieldErrors(), context: context, includeEmpty: context.t("선택하세요", "Choose")),
            FormKit.text("target", label: context.t("목표일 (부처 간 검토, 예: 2026-05-29)", "Target date (inter-ministry review, e.g. 2026-05-29)"),
                         value: "", errors: FieldErrors(), context: context, id: "bulk-target")
        ), context)
    }
}

extension NeedApplicationsPage {
    func bulkCheckbox(_ application: NeedApplication, _ context: PageContext) -> Node<HTML.TableRowContext> {
        .td(.if(!application.status.reviewTransitions.isEmpty,
                BulkView.checkbox(form: ApplicationBulk.form, id: application.storedID, label: application.startup.name, context)))
    }

    func bulkBar(_ context: PageContext) -> Node<HTML.BodyContext> {
        let open = applications.filter { !$0.status.reviewTransitions.isEmpty }
        guard !open.isEmpty else { return .empty }
        // No decision is preselected: the select starts on "선택하세요".
        return BulkView.bar(form: ApplicationBulk.form, action: SiteURL.bulk(.applications(need: need.storedID)).path, pageIDs: open.map(\.storedID), fields: .group(
            FormKit.select("action", label: context.t("바꿀 상태", "New status"),
                           options: ApplicationBulk.targets.map { ($0.rawValue, context.t($0.label)) },
                           selected: "", errors: FieldErrors(), context: context, includeEmpty: context.t("선택하세요", "Choose"), required: true),
            FormKit.text("reason", label: context.t("사유 (미선정 시 필수, 스타트업이 읽습니다)", "Reason (required for not selected; the startup reads it)"),
                         value: "", errors: FieldErrors(), context: context, id: "bulk-reason")
        ), context)
    }
}

extension RoundPage {
    func reminderCheckbox(_ judge: EvaluationQuery.ManageData.JudgeRow, _ context: PageContext) -> Node<HTML.TableRowContext> {
        .td(.if(data.round.status == .open && judge.submitted < judge.load,
                BulkView.checkbox(form: JudgeReminderBulk.form, id: judge.expert.storedID, label: judge.expert.name, context)))
    }

    /// While judging runs: remind the ticked judges (or all on the page) of the sheets they have left.
    func reminderBar(_ id: UUID, _ context: PageContext) -> Node<HTML.BodyContext> {
        let waiting = data.judges.filter { $0.submitted < $0.load }
        guard data.round.status == .open, !waiting.isEmpty else { return .empty }
        return BulkView.bar(form: JudgeReminderBulk.form, action: SiteURL.bulk(.judgeReminders(round: id)).path,
                            pageIDs: waiting.map(\.expert.storedID), fields: .p(.class("hint"), .text(context.t(
                                "남은 평가표가 있는 심사위원에게 목록을 담은 알림과 메일을 한 통씩 보냅니다.",
                                "Each judge with sheets left gets one notice and one mail listing them."))), context)
    }
}

extension MeetingEventPage {
    func reminderCheckbox(_ participant: EventParticipant, _ context: PageContext) -> Node<HTML.TableRowContext> {
        .td(BulkView.checkbox(form: ParticipantReminderBulk.form, id: participant.storedID, label: participant.organization.name, context))
    }

    /// Remind the ticked participants (or all on the page) of the event and their meetings.
    func reminderBar(_ id: UUID, _ context: PageContext) -> Node<HTML.BodyContext> {
        guard !data.participants.isEmpty else { return .empty }
        return BulkView.bar(form: ParticipantReminderBulk.form, action: SiteURL.bulk(.participantReminders(event: id)).path,
                            pageIDs: data.participants.map(\.storedID), fields: .p(.class("hint"), .text(context.t(
                                "참가 기관의 구성원에게 상담회 일정 안내 알림과 메일을 보냅니다.",
                                "The members of each participant get a notice and a mail about the event."))), context)
    }
}
