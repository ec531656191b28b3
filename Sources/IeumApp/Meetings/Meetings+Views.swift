import Foundation
import IeumCore
import Plot

enum MeetingView {
    static func name(_ event: MeetingEvent, _ context: PageContext) -> String {
        context.language == .en ? (event.nameEn ?? event.name) : event.name
    }

    static func slot(_ event: MeetingEvent, _ slot: Int) -> String { MeetingService.slotLabel(event, slot) }
}

/// The consultation meetings the viewer takes part in (all of them for operators), paged.
struct MeetingListPage: Page {
    static var perPage: Int { MeetingListModel.perPage }

    let model: MeetingListModel

    func title(_ context: PageContext) -> String { context.t("상담회", "Consultation meetings") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .div(
                .class("page-head"),
                .h1(.text(title(context))),
                .if(model.canCreate, .div(
                    .class("page-actions"),
                    .a(.class("button"), .href(SiteURL.meetingEventNew.path), .text(context.t("상담회 등록", "New event")))
                ))
            ),
            .if(model.rows.isEmpty, .p(.class("empty"), .text(context.t("참가 중인 상담회가 없습니다.", "No event yet.")))),
            .if(model.rows.count > 1 || model.paging.pageCount > 1,
                model.order.links([(.starts, context.t("일시", "Date")), (.name, context.t("이름", "Name"))], context) { $0.link(SiteURL.meetingEventsPage(1).path) }),
            .ul(
                .class("org-list"),
                .forEach(model.rows) { row in
                    .li(
                        .class("org-card"),
                        .h2(
                            .a(.href(SiteURL.meetingEvent(row.id).path), .text(context.language == .en ? (row.nameEn ?? row.name) : row.name))
                        ),
                        .p(
                            .class("meta"),
                            .text(context.t(row.kind.label) + " · " + context.t(row.mode.label) + " · " + SeoulTime.dateTime(row.startsAt)
                                  + context.t(" (한국시간)", " (Seoul)"))
                        )
                    )
                }
            ),
            Pagination.node(model.paging, context: context) { model.order.link(SiteURL.meetingEventsPage($0).path) }
        )
    }
}

struct MeetingEventFormPage: Page {
    let input: MeetingEventInput
    let errors: FieldErrors
    let programs: [Program]

    func title(_ context: PageContext) -> String { context.t("상담회 등록", "New consultation event") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let e = errors
        return .div(.div(.class("page-head"), .h1(.text(title(context)))),
            .form(.class("card"), .id("event-form"), .action(SiteURL.meetingEvents.path), .method(.post), .novalidate(),
                FormKit.csrf(context),
                ProgramForms.summary(e, context),
                FormKit.select("programID", label: context.t("사업", "Program"), options: programs.map { ($0.storedID.uuidString, $0.name) }, selected: input.programID,
                               errors: e, context: context, includeEmpty: context.t("없음", "None")),
                FormKit.text("name", label: context.t("상담회 이름", "Name"), value: input.name, errors: e, context: context, required: true),
                FormKit.text("nameEn", label: context.t("영문 이름", "Name in English"), value: input.nameEn, errors: e, context: context),
                FormKit.select("kind", label: context.t("종류", "Kind"), options: MeetingEventKind.allCases.map { ($0.rawValue, context.t($0.label)) },
                               selected: input.kind, errors: e, context: context),
                FormKit.select("mode", label: context.t("진행 방식", "Format"), options: MeetingMode.allCases.map { ($0.rawValue, context.t($0.label)) },
                               selected: input.mode, errors: e, context: context),
                FormKit.text("venue", label: context.t("장소", "Venue"), value: input.venue, errors: e, context: context),
                FormKit.text("startsAt", label: context.t("첫 상담 시작 (한국시간)", "First slot starts (Seoul)"), value: input.startsAt, errors: e, context: context,
                             type: .datetimeLocal, required: true),
                FormKit.text("days", label: context.t("일수", "Days"), value: input.days, errors: e, context: context, type: .number),
                FormKit.text("slotsPerDay", label: context.t("하루 슬롯 수", "Slots per day"), value: input.slotsPerDay, errors: e, context: context, type: .number),
                FormKit.text("slotMinutes", label: context.t("상담 시간(분)", "Slot length (minutes)"), value: input.slotMinutes, errors: e, context: context, type: .number),
                FormKit.text("breakMinutes", label: context.t("쉬는 시간(분)", "Break (minutes)"), value: input.breakMinutes, errors: e, context: context, type: .number),
                FormKit.text("registrationOpensAt", label: context.t("신청 시작", "Requests open"), value: input.registrationOpensAt, errors: e, context: context, type: .datetimeLocal),
                FormKit.text("registrationClosesAt", label: context.t("신청 마감", "Requests close"), value: input.registrationClosesAt, errors: e, context: context, type: .datetimeLocal),
                FormKit.text("requestExpiryHours", label: context.t("응답 기한(시간)", "Reply window (hours)"), value: input.requestExpiryHours, errors: e, context: context, type: .number),
                FormKit.text("requestCap", label: context.t("기관별 신청 한도", "Requests per participant"), value: input.requestCap, errors: e, context: context, type: .number),
                FormKit.submit(context.t("등록", "Create"))))
    }
}

/// `/meetings/:id`: the organiser's set-up page, or a participant's requests and availability.
struct MeetingEventPage: Page {
    let data: MeetingQuery.EventData

    func title(_ context: PageContext) -> String { MeetingView.name(data.event, context) }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let event = data.event
        let id = event.storedID
        return .article(.class("meeting-event"),
            .div(.class("page-head"),
                 .div(.h1(.text(title(context))),
                      .p(.class("meta"), .text(context.t(event.kind.label) + " · " + context.t(event.mode.label) + (event.venue.isEmpty ? "" : " · " + event.venue)
                                              + " · " + MeetingView.slot(event, 0) + context.t(" 부터 (한국시간)", " onwards (Seoul)")))),
                 .div(.class("page-actions"),
                      .if(data.manage, .a(.class("button"), .href(SiteRoute.meetings(.grid).path(id)), .text(context.t("편성표", "Schedule grid")))),
                      .if(!data.manage, .a(.class("button"), .href(SiteRoute.meetings(.agenda).path(id)), .text(context.t("내 일정", "My agenda")))))),
            .p(.class("meta"), .text(context.t("신청 기간: ", "Requests: ") + SeoulTime.dateTime(event.registrationOpensAt) + " ~ " + SeoulTime.dateTime(event.registrationClosesAt)
                                     + context.t(" · 응답 기한 \(event.requestExpiryHours)시간 · 기관별 신청 \(event.requestCap)건까지",
                                                 " · reply within \(event.requestExpiryHours) h · up to \(event.requestCap) requests each"))),
            data.manage ? organiser(id, context) : participantView(id, context))
    }

    func organiser(_ id: UUID, _ context: PageContext) -> Node<HTML.BodyContext> {
        let accepted = data.meetings.filter { $0.meeting.status != .cancelled }.count
        let pending = data.requests.filter { $0.status == .pending }.count
        return .div(
            .section(.class("card"), .id("schedule"),
                .h2(.text(context.t("편성", "Scheduling"))),
                .p(.text(context.t("성사된 상담 \(accepted)건, 응답 대기 \(pending)건.", "\(accepted) agreed meetings, \(pending) requests pending."))),
                FormKit.actionButton(SiteRoute.meetings(.schedule).path(id), context.t("자동 편성 (확정된 상담 유지)", "Schedule (keep placed meetings)"), context,
                                 hidden: [("mode", "keep")],
                                 confirm: context.t("아직 배치되지 않은 상담을 편성할까요? 배치된 상담은 그대로 두고, 새로 배치된 기관의 일정이 바뀝니다.",
                                                    "Schedule the meetings not yet placed? Placed meetings stay; the agendas of newly placed organisations change.")),
                FormKit.actionButton(SiteRoute.meetings(.schedule).path(id), context.t("전체 재편성", "Rebuild the whole schedule"), context, secondary: true,
                                 hidden: [("mode", "rebuild")],
                                 confirm: context.t("전체를 다시 편성할까요? 이미 배치된 상담도 시간과 테이블이 바뀔 수 있고, 참가 기관의 일정이 바뀝니다. 지금의 편성으로 되돌릴 수 없습니다.",
                                                    "Rebuild the whole schedule? Placed meetings may get another slot or table, and participants' agendas change. The current schedule cannot be restored."))),
            .section(.class("card"), .id("priorities"),
                .h2(.text(context.t("우선순위 가중치", "Priority weights"))),
                .form(.class("inline-fields"), .action(SiteRoute.meetings(.priorities).path(id)), .method(.post),
                    FormKit.csrf(context),
                    FormKit.text("mutual", label: context.t("상호 신청", "Mutual interest"), value: String(data.event.weightMutual), errors: FieldErrors(), context: context, type: .number),
                    FormKit.text("buyer", label: context.t("바이어·투자자·수요기관 신청", "Sent by buyers and investors"), value: String(data.event.weightBuyer), errors: FieldErrors(), context: context, type: .number),
                    FormKit.text("startup", label: context.t("스타트업 신청", "Sent by startups"), value: String(data.event.weightStartup), errors: FieldErrors(), context: context, type: .number),
                    FormKit.submit(context.t("저장", "Save")))),
            tables(id, context),
            participants(id, context))
    }

    func tables(_ id: UUID, _ context: PageContext) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("tables"),
            .h2(.text(context.t("테이블·상담실", "Tables and rooms"))),
            .ul(.forEach(data.tables) { t in .li(.text("\(t.name) · \(t.seats)" + context.t("석", " seats") + (t.videoLink.map { " · \($0)" } ?? ""))) }),
            .form(.class("inline-fields"), .id("table-form"), .action(SiteRoute.meetings(.addTable).path(id)), .method(.post),
                FormKit.csrf(context),
                FormKit.text("name", label: context.t("이름", "Name"), value: "", errors: FieldErrors(), context: context, id: "table-name"),
                FormKit.text("seats", label: context.t("좌석", "Seats"), value: "4", errors: FieldErrors(), context: context, type: .number, id: "table-seats"),
                FormKit.text("videoLink", label: context.t("화상 링크", "Video link"), value: "", errors: FieldErrors(), context: context, id: "table-video"),
                FormKit.submit(context.t("추가", "Add"))))
    }

    func participants(_ id: UUID, _ context: PageContext) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("participants"),
            .h2(.text(context.t("참가 기관", "Participants"))),
            .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.span(.class("sr-only"), .text(context.t("선택", "Select")))),
                           .th(.text(context.t("기관", "Organisation"))), .th(.text(context.t("구분", "Role"))), .th(.text(context.t("불가 슬롯", "Blocked slots"))),
                           .th(.text(context.t("체크인", "Check-in"))), .th(.text(context.t("일정", "Agenda"))))),
                .tbody(.forEach(data.participants) { p in
                    .tr(reminderCheckbox(p, context),
                        .td(.text(p.organization.name)), .td(.text(context.t(p.role.label))),
                        .td(.text(p.blockedSlots.map { String($0.saturatingAdding(1)) }.joined(separator: ", "))),
                        .td(p.checkedInAt.map { .text(SeoulTime.time($0)) }
                            ?? FormKit.actionButton(SiteRoute.meetings(.checkIn).path(id, p.storedID), context.t("체크인", "Check in"), context, secondary: true)),
                        .td(.a(.href(SiteRoute.meetings(.agenda).path(id, query: [("participant", p.storedID.uuidString)])), .text(context.t("보기", "View")))))
                }))),
            reminderBar(id, context),
            .form(.class("inline-fields"), .id("participant-form"), .action(SiteRoute.meetings(.addParticipant).path(id)), .method(.post),
                FormKit.csrf(context),
                FormKit.select("organizationID", label: context.t("기관", "Organisation"), options: data.organizations.map { ($0.storedID.uuidString, $0.name) },
                               selected: "", errors: FieldErrors(), context: context),
                FormKit.select("role", label: context.t("구분", "Role"), options: MeetingRole.allCases.map { ($0.rawValue, context.t($0.label)) },
                               selected: MeetingRole.startup.rawValue, errors: FieldErrors(), context: context),
                FormKit.submit(context.t("추가", "Add"))))
    }

    func participantView(_ id: UUID, _ context: PageContext) -> Node<HTML.BodyContext> {
        guard let me = data.me else { return .empty }
        let open = data.event.isRegistrationOpen(at: data.now)
        let busy = Set(data.requests.filter { $0.status == .pending || $0.status == .accepted }.flatMap { [$0.$from.id, $0.$to.id] })
        let others = data.participants.filter { $0.id != me.id }
            .sorted { (data.suggested.contains($0.storedID) ? 0 : 1, $0.organization.name) < (data.suggested.contains($1.storedID) ? 0 : 1, $1.organization.name) }
        let incoming = data.requests.filter { $0.$to.id == me.id }
        let outgoing = data.requests.filter { $0.$from.id == me.id }
        return .div(
            .section(.class("card"), .id("requests"),
                .h2(.text(context.t("받은 신청", "Requests to you"))),
                .if(incoming.isEmpty, .p(.class("empty"), .text(context.t("없습니다.", "None.")))),
                .ul(.class("request-list"), .forEach(incoming) { r in
                    .li(.strong(.text(data.names[r.$from.id] ?? "")), .text(" · " + context.t(r.status.label)),
                        .if(!r.message.isEmpty, .p(.class("meta"), .text(r.message))),
                        .if(r.status == .pending, .div(
                            .p(.class("meta"), .text(context.t("응답 기한: ", "Reply by: ") + SeoulTime.dateTime(r.expiresAt))),
                            FormKit.actionButton(SiteRoute.meetings(.answer).path(id, r.storedID, "accept"), context.t("수락", "Accept"), context,
                                                 confirm: context.t("\(data.names[r.$from.id] ?? "")의 상담 신청을 수락할까요? 상대에게 알림이 가고, 상담이 편성 대상이 됩니다.",
                                                                    "Accept the request from \(data.names[r.$from.id] ?? "")? They are told, and the meeting is scheduled.")),
                            FormKit.actionButton(SiteRoute.meetings(.answer).path(id, r.storedID, "decline"), context.t("거절", "Decline"), context, secondary: true,
                                                 confirm: context.t("\(data.names[r.$from.id] ?? "")의 상담 신청을 거절할까요? 상대에게 알림이 가고, 되돌릴 수 없습니다.",
                                                                    "Decline the request from \(data.names[r.$from.id] ?? "")? They are told, and this cannot be undone.")))))
                }),
                .h2(.text(context.t("보낸 신청", "Your requests"))),
                .if(outgoing.isEmpty, .p(.class("empty"), .text(context.t("없습니다.", "None.")))),
                .ul(.class("request-list"), .forEach(outgoing) { r in
                    .li(.strong(.text(data.names[r.$to.id] ?? "")), .text(" · " + context.t(r.status.label) + (r.mutual ? context.t(" (상호 신청)", " (mutual)") : "")),
                        .if(r.status == .pending, FormKit.actionButton(SiteRoute.meetings(.answer).path(id, r.storedID, "withdraw"), context.t("철회", "Withdraw"), context, secondary: true,
                                                                       confirm: context.t("\(data.names[r.$to.id] ?? "")에 보낸 상담 신청을 철회할까요? 되돌릴 수 없습니다.",
                                                                                          "Withdraw your request to \(data.names[r.$to.id] ?? "")? This cannot be undone."))))
                })),
            .section(.class("card"), .id("directory"),
                .h2(.text(context.t("참가 기관", "Participants"))),
                .if(!open, .p(.class("hint"), .text(context.t("지금은 상담 신청 기간이 아닙니다.", "Requests are closed now.")))),
                .ul(.class("participant-list"), .forEach(others) { p in
                    .li(.class("participant"), .strong(.text(p.organization.name)), .text(" · " + context.t(p.role.label)),
                        .if(data.suggested.contains(p.storedID), .span(.class("badge status-approved"), .text(context.t("추천", "Suggested")))),
                        .if(!p.interests.isEmpty, .p(.class("meta"), .text(p.interests))),
                        .if(open && !busy.contains(p.storedID), .form(.class("inline-fields request-form"), .action(SiteRoute.meetings(.sendRequest).path(id)), .method(.post),
                            FormKit.csrf(context),
                            .input(.type(.hidden), .name("to"), .value(p.storedID.uuidString)),
                            .label(.class("visually-hidden"), .for("message-\(p.storedID.uuidString)"), .text(context.t("메시지", "Message"))),
                            .input(.type(.text), .id("message-\(p.storedID.uuidString)"), .name("message"), .placeholder(context.t("상담 희망 내용", "What you would like to discuss"))),
                            .button(.type(.submit), .class("button"), .text(context.t("상담 신청", "Request a meeting"))))))
                })),
            availability(id, me, context))
    }

    func availability(_ id: UUID, _ me: EventParticipant, _ context: PageContext) -> Node<HTML.BodyContext> {
        let slots = (0..<data.event.slotCount).map { (String($0), MeetingView.slot(data.event, $0)) }
        return .section(.class("card"), .id("availability"),
            .h2(.text(context.t("참석할 수 없는 시간", "Slots you cannot attend"))),
            .form(.action(SiteRoute.meetings(.availability).path(id)), .method(.post),
                FormKit.csrf(context),
                .input(.type(.hidden), .name("participantID"), .value(me.storedID.uuidString)),
                FormKit.checkboxes("blocked", legend: context.t("슬롯", "Slots"), options: slots, checked: Set(me.blockedSlots.map(String.init)), errors: FieldErrors(), context: context),
                FormKit.textarea("interests", label: context.t("관심 분야·상담 희망 내용", "Interests"), value: me.interests, errors: FieldErrors(), context: context, rows: 2),
                FormKit.submit(context.t("저장", "Save"))))
    }
}

/// The organiser's grid: tables × slots, unplaced meetings with the reason, manual moves.
struct MeetingGridPage: Page {
    let data: MeetingQuery.EventData

    func title(_ context: PageContext) -> String { context.t("편성표", "Schedule grid") + " · " + MeetingView.name(data.event, context) }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let event = data.event
        let id = event.storedID
        var cells: [String: MeetingQuery.Row] = [:]
        for row in data.meetings where row.meeting.status == .scheduled {
            if let s = row.meeting.slot, let t = row.table?.id { cells["\(s)/\(t.uuidString)"] = row }
        }
        let unplaced = data.meetings.filter { $0.meeting.status == .unplaced }
        let names = Dictionary(uniqueKeysWithValues: data.names.map { ($0.key.uuidString, $0.value) })
        return .article(.class("meeting-grid"),
            .div(.class("page-head"), .h1(.text(title(context))),
                 .div(.class("page-actions"), .a(.class("button secondary"), .href(SiteURL.meetingEvent(id).path), .text(context.t("상담회 관리", "Manage event"))))),
            .div(.class("table-wrap"), .table(.class("grid-table"), .id("grid"),
                .thead(.tr(.th(.text(context.t("시간", "Time"))), .forEach(data.tables) { .th(.text($0.name)) })),
                .tbody(.forEach(0..<event.slotCount) { slot in
                    .tr(.th(.text(MeetingView.slot(event, slot))), .forEach(data.tables) { table in
                        let row = cells["\(slot)/\(table.storedID.uuidString)"]
                        return .td(.class(table.blockedSlots.contains(slot) ? "blocked" : (row == nil ? "free" : "busy")),
                                   .unwrap(row) { .text("\($0.first) × \($0.second)") })
                    })
                }))),
            .section(.class("card"), .id("unplaced"),
                .h2(.text(context.t("미배치 상담", "Not placed"))),
                .if(unplaced.isEmpty, .p(.class("empty"), .text(context.t("없습니다.", "None.")))),
                .ul(.forEach(unplaced) { row in
                    .li(.text("\(row.first) × \(row.second): " + context.t(MeetingService.reasonText(row.meeting.unplacedReason, names: names))))
                })),
            .section(.class("card"), .id("moves"),
                .h2(.text(context.t("수동 이동", "Move by hand"))),
                .ul(.forEach(data.meetings.filter { $0.meeting.status != .cancelled }) { row in moveForm(id, row, context) })))
    }

    func moveForm(_ id: UUID, _ row: MeetingQuery.Row, _ context: PageContext) -> Node<HTML.ListContext> {
        let mid = row.meeting.storedID.uuidString
        let current = (row.meeting.slot ?? -1).saturatingAdding(1)  // a stored slot is never computed with unchecked
        let slotOptions: [Node<HTML.SelectContext>] = (0..<data.event.slotCount).map {
            FormKit.option(value: String($0 + 1), label: MeetingView.slot(data.event, $0), selected: $0 + 1 == current)
        }
        let tableOptions: [Node<HTML.SelectContext>] = data.tables.map { FormKit.option(value: $0.storedID.uuidString, label: $0.name, selected: $0.id == row.table?.id) }
        let slotSelect: Node<HTML.FormContext> = .select(.id("slot-\(mid)"), .attribute(named: "name", value: "slot"), .group(slotOptions))
        let tableSelect: Node<HTML.FormContext> = .select(.id("table-\(mid)"), .attribute(named: "name", value: "tableID"), .group(tableOptions))
        let label = "\(row.first) × \(row.second)" + (row.meeting.slot.map { " · " + MeetingView.slot(data.event, $0) } ?? "") + (row.table.map { " · \($0.name)" } ?? "")
        return .li(.class("move"),
            .text(label),
            .form(.class("inline-fields"), .action(SiteRoute.meetings(.meetingAction).path(id, mid, "move")), .method(.post),
                FormKit.csrf(context),
                .label(.class("visually-hidden"), .for("slot-\(mid)"), .text(context.t("시간", "Slot"))),
                slotSelect,
                .label(.class("visually-hidden"), .for("table-\(mid)"), .text(context.t("테이블", "Table"))),
                tableSelect,
                .button(.type(.submit), .class("button secondary"),
                        Confirmations.ask(context.t("\(row.first) × \(row.second) 상담을 고른 시간과 테이블로 옮길까요? 두 기관의 일정이 바뀝니다.",
                                                    "Move \(row.first) × \(row.second) to the chosen slot and table? Both organisations' agendas change.")),
                        .text(context.t("이동", "Move")))),
            FormKit.actionButton(SiteRoute.meetings(.meetingAction).path(id, mid, "cancel"), context.t("취소", "Cancel"), context, secondary: true,
                                 confirm: context.t("\(row.first) × \(row.second) 상담을 취소할까요? 두 기관의 일정에서 빠지고, 되돌릴 수 없습니다.",
                                                    "Cancel the meeting \(row.first) × \(row.second)? It leaves both agendas, and this cannot be undone.")),
            .if(row.followUps.contains { $0.nextStep == "collaboration" && $0.interest != "none" },
                FormKit.actionButton(SiteRoute.meetings(.meetingAction).path(id, mid, "collaboration"), context.t("협업 시작", "Start a collaboration"), context,
                                     confirm: context.t("\(row.first)와(과) \(row.second)의 협업 과제를 시작할까요? 두 기관에 알림이 가고, 되돌릴 수 없습니다.",
                                                        "Start a collaboration of \(row.first) and \(row.second)? Both are told, and this cannot be undone."))),
            inviteForm(id, row, context))
    }

    func inviteForm(_ id: UUID, _ row: MeetingQuery.Row, _ context: PageContext) -> Node<HTML.BodyContext> {
        guard row.followUps.contains(where: { $0.nextStep == "invitation" && $0.interest != "none" }) else { return .empty }
        let sides = data.participants.filter { $0.id == row.meeting.$first.id || $0.id == row.meeting.$second.id }
        let needs = sides.filter { $0.role != .startup }.flatMap { data.needsByOrganization[$0.$organization.id] ?? [] }
        guard !needs.isEmpty else { return .empty }
        let mid = row.meeting.storedID.uuidString
        let options: [Node<HTML.SelectContext>] = needs.map { FormKit.option(value: $0.storedID.uuidString, label: $0.title, selected: false) }
        return .form(.class("inline-fields"), .action(SiteRoute.meetings(.meetingAction).path(id, mid, "invite")), .method(.post),
            FormKit.csrf(context),
            .label(.for("need-\(mid)"), .text(context.t("수요과제 지원 초대", "Invite to a need"))),
            .select(.id("need-\(mid)"), .attribute(named: "name", value: "needID"), .group(options)),
            .button(.type(.submit), .class("button secondary"),
                    Confirmations.ask(context.t("고른 수요과제에 스타트업을 초대할까요? 스타트업에 알림이 가고, 보낸 초대는 거둘 수 없습니다.",
                                                "Invite the startup to the chosen need? The startup is told, and a sent invitation cannot be taken back.")),
                    .text(context.t("초대", "Invite"))))
    }
}

/// A participant's printable agenda with calendar files, attendance and follow-up.
struct AgendaPage: Page {
    let data: MeetingQuery.EventData
    let operatorView: Bool

    func title(_ context: PageContext) -> String { context.t("상담 일정", "Agenda") + " · " + (data.me.map { data.names[$0.storedID] ?? "" } ?? "") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let event = data.event
        let id = event.storedID
        let rows = data.meetings.filter { $0.meeting.status == .scheduled }
        return .article(.class("agenda"),
            .div(.class("page-head"), .div(.h1(.text(title(context))), .p(.class("meta"), .text(MeetingView.name(event, context) + " · " + event.venue))),
                 .div(.class("page-actions no-print"),
                      .if(!operatorView, .a(.class("button"), .id("calendar-link"), .href(SiteRoute.meetings(.participantCalendar).path(id)), .text(context.t("캘린더에 추가 (.ics)", "Add to calendar (.ics)")))),
                      .a(.class("button secondary"), .href(SiteURL.meetingEvent(id).path), .text(context.t("상담회", "Event"))))),
            .if(rows.isEmpty, .p(.class("empty"), .text(context.t("아직 편성된 상담이 없습니다.", "No meeting scheduled yet.")))),
            .div(.class("table-wrap"), .table(.class("agenda-table"), .id("agenda"),
                .thead(.tr(.th(.text(context.t("시간 (한국시간)", "Time (Seoul)"))), .th(.text(context.t("상대", "With"))), .th(.text(context.t("테이블", "Table"))),
                           .th(.text(context.t("화상", "Video"))), .th(.class("no-print"), .text("")))),
                .tbody(.forEach(rows) { row in
                    let other = row.meeting.$first.id == data.me?.id ? row.second : row.first
                    let link = row.meeting.videoLink ?? row.table?.videoLink
                    return .tr(.td(.text(row.meeting.slot.map { MeetingView.slot(event, $0) } ?? "")), .td(.text(other)), .td(.text(row.table?.name ?? "")),
                               .td(.unwrap(link) { .externalLink($0, text: context.t("입장", "Join")) }),
                               .td(.class("no-print"), .a(.href(SiteRoute.meetings(.meetingCalendar).path(id, row.meeting.storedID)), .text(".ics")),
                                   after(id, row, context)))
                }))))
    }

    func after(_ id: UUID, _ row: MeetingQuery.Row, _ context: PageContext) -> Node<HTML.BodyContext> {
        guard let slot = row.meeting.slot, data.event.slotStart(slot) <= data.now else { return .empty }
        let mid = row.meeting.storedID.uuidString
        let mine = row.followUps.first { $0.$participant.id == data.me?.id }
        return .div(
            .p(.text(context.t("참석: ", "Attendance: ") + context.t(row.meeting.attendance.label))),
            .form(.class("inline-fields"), .action(SiteRoute.meetings(.meetingAction).path(id, mid, "attendance")), .method(.post),
                FormKit.csrf(context),
                .select(.attribute(named: "name", value: "attendance"), .attribute(named: "aria-label", value: context.t("참석 여부", "Attendance")),
                        .forEach([Attendance.attended, .noShow]) { FormKit.option(value: $0.rawValue, label: context.t($0.label), selected: row.meeting.attendance == $0) }),
                .button(.type(.submit), .class("button secondary"), .text(context.t("기록", "Record")))),
            .if(!operatorView, .form(.class("inline-fields follow-up"), .action(SiteRoute.meetings(.meetingAction).path(id, mid, "follow-up")), .method(.post),
                FormKit.csrf(context),
                .select(.attribute(named: "name", value: "interest"), .attribute(named: "aria-label", value: context.t("관심도", "Interest")),
                        .forEach(MeetingService.interests) { FormKit.option(value: $0, label: context.t(MeetingService.interestLabel($0)), selected: mine?.interest == $0) }),
                .select(.attribute(named: "name", value: "nextStep"), .attribute(named: "aria-label", value: context.t("다음 단계", "Next step")),
                        .forEach(MeetingService.nextSteps) { FormKit.option(value: $0, label: context.t(MeetingService.nextStepLabel($0)), selected: mine?.nextStep == $0) }),
                .input(.type(.text), .name("note"), .value(mine?.note ?? ""), .attribute(named: "aria-label", value: context.t("메모", "Note"))),
                .button(.type(.submit), .class("button secondary"), .text(context.t("후속 의견 저장", "Save follow-up"))))))
    }
}
