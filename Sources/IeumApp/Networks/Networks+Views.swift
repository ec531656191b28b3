import Foundation
import IeumCore
import Plot

enum NetworkChart {
    /// Horizontal bars with the value beside each; the same numbers are in the table next to it.
    static func bars(_ rows: [(label: String, value: Double, shown: String)], id: String, title: String, desc: String) -> TrustedMarkup {
        let width = 520, rowHeight = 28, labelWidth = 150.0, barSpace = 260.0
        let height = max(1, rows.count) * rowHeight + 8
        let scale = max(rows.map(\.value).max() ?? 0, 1)
        var svg = KPIChart.open(id: id, title: title, desc: desc, width: width, height: height, cssClass: "network-chart")
        for (index, row) in rows.enumerated() {
            let y = Double(index * rowHeight) + 4
            svg += KPIChart.text(0, y + 16, row.label)
            svg += KPIChart.rect(labelWidth, y + 4, barSpace * row.value / scale, 16, cssClass: "bar-actual", fill: "#2a5db0")
            svg += KPIChart.text(labelWidth + barSpace * row.value / scale + 6, y + 17, row.shown, cssClass: "chart-value")
        }
        return svg + "</svg>"
    }
}

/// The networks and councils, paged, with how many members each has and whether the viewer is one.
struct NetworkListPage: Page {
    static var perPage: Int { NetworkListModel.perPage }

    let model: NetworkListModel

    func title(_ context: PageContext) -> String { context.t("협의체·네트워크", "Councils and networks") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .div(
                .class("page-head"),
                .h1(.text(title(context)))
            ),
            .if(model.rows.isEmpty, .p(.class("empty"), .text(context.t("등록된 네트워크가 없습니다.", "No network yet.")))),
            .ul(
                .class("org-list"),
                .forEach(model.rows) { row in
                    .li(
                        .class("org-card"),
                        .h2(
                            .a(.href(SiteURL.network(row.id).path), .text(context.language == .en ? (row.nameEn ?? row.name) : row.name))
                        ),
                        .p(
                            .class("meta"),
                            .span(.class("badge"), .text(context.t(row.kind.label))),
                            .text(" " + context.t("회원 \(row.memberCount)", "\(row.memberCount) members")),
                            .if(row.isMine, .span(.class("badge status-approved"), .text(context.t("회원", "Member"))))
                        ),
                        .p(.class("summary"), .text(row.description))
                    )
                }
            ),
            Pagination.node(model.paging, context: context) { SiteURL.networksPage($0).path }
        )
    }
}

struct NetworkPage: Page {
    let data: NetworkQuery.Overview

    /// The network's page with its events and tasks lists on the given pages.
    func link(events: Int, tasks: Int) -> String {
        SiteURL.network(data.network.storedID).path + SiteURL.query([("events_page", SiteURL.pageValue(events)), ("tasks_page", SiteURL.pageValue(tasks))])
    }

    func title(_ context: PageContext) -> String { context.language == .en ? (data.network.nameEn ?? data.network.name) : data.network.name }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let id = data.network.storedID
        return .article(.class("network"),
            .div(.class("page-head"),
                 .div(.h1(.text(title(context))), .p(.class("meta"), .span(.class("badge"), .text(context.t(data.network.kind.label))),
                                                  .unwrap(data.programName) { .text(" " + $0) })),
                 .div(.class("page-actions"),
                      .if(data.isMember, .a(.class("button secondary"), .href(SiteRoute.networks(.members).path(id)), .text(context.t("회원 명부", "Members")))),
                      .if(data.isMember, .a(.class("button secondary"), .href(SiteRoute.networks(.statistics).path(id)), .text(context.t("회원 현황 통계", "Member statistics")))))),
            .p(.class("lead"), .text(data.network.description)),
            .section(.class("card"), .id("officers"),
                .h2(.text(context.t("운영진", "Officers"))),
                .ul(.forEach(data.officers) { .li(.text("\(context.t($0.member.role.label)): \($0.name)")) }),
                .if(!data.subcommittees.isEmpty, .div(.h3(.text(context.t("분과", "Subcommittees"))),
                    .ul(.forEach(data.subcommittees) { s in
                        .li(.text(s.name + (s.$chair.id.map { " — " + context.t("분과장 ", "chair ") + data.name($0) } ?? "")
                                  + context.t(" (위원 \(s.memberIDs.count)명)", " (\(s.memberIDs.count) members)")))
                    })))),
            .if(!data.isMember && !data.myOrganizations.isEmpty, .section(.class("card"), .id("join"),
                .h2(.text(context.t("가입 신청", "Join"))),
                data.pendingJoin ? .p(.text(context.t("가입 신청이 승인을 기다리고 있습니다.", "Your request is waiting for approval.")))
                    : .form(.class("inline-fields"), .action(SiteRoute.networks(.join).path(id)), .method(.post),
                        FormKit.csrf(context),
                        FormKit.select("organizationID", label: context.t("기관", "Organisation"), options: data.myOrganizations.map { ($0.storedID.uuidString, $0.name) },
                                       selected: "", errors: FieldErrors(), context: context),
                        FormKit.text("message", label: context.t("인사말", "Message"), value: "", errors: FieldErrors(), context: context),
                        FormKit.submit(context.t("가입 신청", "Ask to join"))))),
            events(id, context),
            .if(data.isMember, tasks(id, context)))
    }

    func events(_ id: UUID, _ context: PageContext) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("events"),
            .h2(.text(context.t("행사", "Events"))),
            .p(.class("meta"), .id("events-held"), .text(heldPerYear(context))),
            .if(data.events.isEmpty, .p(.class("empty"), .text(context.t("행사가 없습니다.", "No event.")))),
            .ul(.class("event-list"), .forEach(data.events) { e in
                .li(.a(.href(SiteRoute.networks(.eventPage).path(id, e.storedID)), .text(e.title)),
                    .text(" · " + context.t(e.kind.label) + " · " + SeoulTime.dateTime(e.startsAt) + context.t(" (한국시간)", " (Seoul)")
                          + " · " + context.t("정원 \(e.capacity), 확정 \(data.registered[e.storedID] ?? 0)", "capacity \(e.capacity), \(data.registered[e.storedID] ?? 0) registered")),
                    .if(e.membersOnly, .span(.class("badge"), .text(context.t("회원 전용", "Members only")))),
                    .if(e.held, .span(.class("badge status-approved"), .text(context.t("개최", "Held")))))
            }),
            Pagination.node(data.eventPaging, context: context) { link(events: $0, tasks: data.taskPaging.page) + "#events" },
            .if(data.canManage, .form(.class("event-form"), .id("event-form"), .action(SiteRoute.networks(.createEvent).path(id)), .method(.post),
                FormKit.csrf(context),
                .h3(.text(context.t("행사 등록", "New event"))),
                FormKit.select("kind", label: context.t("종류", "Kind"), options: NetworkEventKind.allCases.map { ($0.rawValue, context.t($0.label)) },
                               selected: "seminar", errors: FieldErrors(), context: context),
                FormKit.text("title", label: context.t("행사 이름", "Title"), value: "", errors: FieldErrors(), context: context),
                FormKit.text("startsAt", label: context.t("시작 (한국시간)", "Starts (Seoul)"), value: "", errors: FieldErrors(), context: context, type: .datetimeLocal),
                FormKit.text("endsAt", label: context.t("종료 (한국시간)", "Ends (Seoul)"), value: "", errors: FieldErrors(), context: context, type: .datetimeLocal),
                FormKit.text("place", label: context.t("장소", "Place"), value: "", errors: FieldErrors(), context: context),
                FormKit.text("onlineLink", label: context.t("온라인 링크", "Online link"), value: "", errors: FieldErrors(), context: context),
                FormKit.text("capacity", label: context.t("정원", "Capacity"), value: "50", errors: FieldErrors(), context: context, type: .number),
                .div(.class("field"), .label(.class("checkbox"), .input(.type(.checkbox), .name("membersOnly"), .value("1")), .text(" " + context.t("회원 전용", "Members only")))),
                FormKit.submit(context.t("등록", "Create")))))
    }

    /// "개최 실적: 2026년 6회 · 2025년 2회" from the events marked held, by their year in Seoul.
    func heldPerYear(_ context: PageContext) -> String {
        let years = data.heldPerYear
        guard !years.isEmpty else { return context.t("개최 실적 없음", "No event held yet") }
        return context.t("개최 실적: ", "Held: ") + years.keys.sorted(by: >).map { context.t("\($0)년 \(years[$0]!)회", "\(years[$0]!) in \($0)") }.joined(separator: " · ")
    }

    func tasks(_ id: UUID, _ context: PageContext) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("tasks"),
            .h2(.text(context.t("우수과제 발굴", "Joint tasks"))),
            .if(data.tasks.isEmpty, .p(.class("empty"), .text(context.t("제안된 과제가 없습니다.", "No task proposed yet.")))),
            .ul(.class("task-list"), .forEach(data.tasks) { t in
                .li(.strong(.text(t.title)), .text(" · " + context.t(t.status.label) + (t.incentive.map { " · " + context.t("인센티브: ", "Incentive: ") + $0 } ?? "")),
                    .p(.text(t.summary)),
                    .ul(.class("plain meta"), .forEach(t.history) { .li(.text($0)) }),
                    .div(.class("inline-fields"), .forEach(["endorse", "review", "recognise", "reject"]) { step in
                        .form(.class("inline-form"), .action(SiteRoute.networks(.taskStep).path(id, t.storedID, step)), .method(.post),
                              FormKit.csrf(context),
                              .input(.type(.text), .name("note"), .attribute(named: "aria-label", value: context.t("메모", "Note"))),
                              .button(.type(.submit), .class("button secondary"), Confirmations.ask(context.t(stepQuestion(step, task: t.title))),
                                      .text(context.t(stepLabel(step)))))
                    }))
            }),
            Pagination.node(data.taskPaging, context: context) { link(events: data.eventPaging.page, tasks: $0) + "#tasks" },
            .form(.class("task-form"), .id("task-form"), .action(SiteRoute.networks(.proposeTask).path(id)), .method(.post),
                FormKit.csrf(context),
                .h3(.text(context.t("과제 제안", "Propose a joint task"))),
                FormKit.text("title", label: context.t("과제명", "Title"), value: "", errors: FieldErrors(), context: context),
                FormKit.textarea("summary", label: context.t("내용", "Summary"), value: "", errors: FieldErrors(), context: context, rows: 3),
                FormKit.text("partners", label: context.t("참여 기관", "Partners"), value: "", errors: FieldErrors(), context: context),
                FormKit.select("subcommitteeID", label: context.t("분과", "Subcommittee"), options: data.subcommittees.map { ($0.storedID.uuidString, $0.name) },
                               selected: "", errors: FieldErrors(), context: context, includeEmpty: context.t("없음", "None")),
                FormKit.submit(context.t("제안", "Propose"))))
    }

    /// Each step moves the task on for good and is shown to the network's members.
    func stepQuestion(_ step: String, task: String) -> Localized {
        let label = stepLabel(step)
        return Localized("‘\(task)’ 과제를 ‘\(label.ko)’(으)로 처리할까요? 과제 이력에 남고 되돌릴 수 없습니다.",
                         "\(label.en) ‘\(task)’? It is kept in the task's history and cannot be undone.")
    }

    func stepLabel(_ step: String) -> Localized {
        switch step {
        case "endorse": Localized("분과장 추천", "Endorse")
        case "review": Localized("운영기관 검토", "Review")
        case "recognise": Localized("우수과제 선정", "Recognise")
        default: Localized("반려", "Reject")
        }
    }
}

struct NetworkStatisticsPage: Page {
    let network: Network
    let stats: NetworkStatistics

    func title(_ context: PageContext) -> String { context.t("회원 현황", "Member statistics") + " · " + network.name }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let id = network.storedID
        let lang = context.language
        let stageRows = stats.stages.map { (label: context.t($0.stage?.label ?? Localized("미입력", "Not given")), value: Double($0.count), shown: String($0.count)) }
        let fieldRows = stats.fields.prefix(12).map { (label: $0.field, value: Double($0.investmentKRW), shown: KPIChart.compactWon($0.investmentKRW, lang)) }
        let tables = NetworkService.statisticsTables(stats)
        return .article(.class("network-statistics"),
            .div(.class("page-head"), .h1(.text(title(context))),
                 .div(.class("page-actions"),
                      .a(.class("button secondary"), .href(SiteRoute.networks(.statisticsCSV).path(id)), .text("CSV")),
                      .a(.class("button secondary"), .href(SiteRoute.networks(.statisticsXLSX).path(id)), .text("Excel")))),
            .p(.class("lead"), .id("summary"), .text(context.t("회원 \(stats.members) (회원사 \(stats.organizations), 전문가 \(stats.experts)) · 누적 투자유치 \(KRW.text(stats.investmentKRW, .ko)) · 연매출 합계 \(KRW.text(stats.revenueKRW, .ko))",
                                                               "\(stats.members) members (\(stats.organizations) organisations, \(stats.experts) experts) · investment \(KRW.text(stats.investmentKRW, .en)) · revenue \(KRW.text(stats.revenueKRW, .en))"))),
            .div(.class("kpi-chart-box"), .h2(.text(context.t("성장 단계별 회원사", "Members by stage"))),
                 .trusted(NetworkChart.bars(stageRows, id: "chart-stages", title: context.t("성장 단계별 회원사", "Members by stage"), desc: context.t("단계별 회원사 수", "Organisations per stage")))),
            .div(.class("kpi-chart-box"), .h2(.text(context.t("기술분야별 누적 투자유치", "Investment by tech field"))),
                 .trusted(NetworkChart.bars(fieldRows, id: "chart-fields", title: context.t("기술분야별 누적 투자유치", "Investment by tech field"), desc: context.t("분야별 투자 합계", "Investment per field")))),
            .forEach(tables) { table in
                .div(.class("table-wrap"), .table(.id("table-\(table.key)"),
                    .caption(.text(context.t(table.title))),
                    .thead(.tr(.forEach(table.columns) { .th(.text(context.t($0))) })),
                    .tbody(.forEach(table.rows) { row in .tr(.forEach(row) { .td(.text($0.display(lang))) }) })))
            })
    }
}

struct NetworkEventPage: Page {
    /// Before the event: remind the ticked registered people (or the whole page) of its time and place.
    func reminders(_ registered: [EventRegistration], _ context: PageContext) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("reminders"),
            .h2(.text(context.t("참가자 알림", "Remind registered people"))),
            BulkView.bar(form: RegistrantReminderBulk.form, action: SiteURL.bulk(.registrantReminders(network: network.storedID, event: event.storedID)).path,
                         pageIDs: registered.map(\.storedID), fields: .p(.class("hint"), .text(context.t(
                            "선택한 사람에게 행사 일시와 장소를 알리는 알림과 메일을 보냅니다. 보내기 전에 미리보기로 확인합니다.",
                            "Sends the ticked people a notice and a mail with the time and place. A preview comes first."))), context),
            .ul(.class("remind-list"), .forEach(registered) { r in
                .li(.label(.class("checkbox"), BulkView.checkbox(form: RegistrantReminderBulk.form, id: r.storedID, label: r.user.name, context), .text(" " + r.user.name)))
            }))
    }

    let network: Network
    let event: NetworkEvent
    let registrations: [EventRegistration]
    let mine: EventRegistration?
    let isMember: Bool
    let canManage: Bool
    let now: Date
    var materials: [NetworkEventMaterial] = []

    func title(_ context: PageContext) -> String { event.title }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let id = network.storedID
        let registered = registrations.filter { $0.status == .registered }
        let waitlist = registrations.filter { $0.status == .waitlisted }
        let open = !event.cancelled && !event.held && now < event.startsAt
        return .article(.class("network-event"),
            .div(.class("page-head"), .div(.h1(.text(event.title)),
                 .p(.class("meta"), .text(context.t(event.kind.label) + " · " + SeoulTime.dateTime(event.startsAt) + " ~ " + SeoulTime.time(event.endsAt) + context.t(" (한국시간)", " (Seoul)")
                                          + " · " + event.place))),
                 .div(.class("page-actions"), .a(.class("button secondary"), .href(SiteURL.network(id).path(anchor: "events")), .text(context.t("네트워크", "Network"))))),
            .p(.id("seats"), .text(context.t("정원 \(event.capacity) · 확정 \(registered.count) · 대기 \(waitlist.count)",
                                            "Capacity \(event.capacity) · \(registered.count) registered · \(waitlist.count) waitlisted"))),
            .unwrap(mine.flatMap { $0.status == .cancelled ? nil : $0 }) { r in
                .p(.id("my-registration"), .class("badge " + (r.status == .registered ? "status-approved" : "status-pending")), .text(context.t(r.status.label)))
            },
            .if(open && (mine == nil || mine?.status == .cancelled), FormKit.actionButton(SiteRoute.networks(.register).path(id, event.storedID), context.t("참가 신청", "Register"), context)),
            .if(open && mine != nil && mine?.status != .cancelled, FormKit.actionButton(SiteRoute.networks(.cancelRegistration).path(id, event.storedID), context.t("신청 취소", "Cancel my registration"), context, secondary: true,
                confirm: context.t("참가 신청을 취소할까요? 자리는 대기자에게 넘어가고, 다시 신청하면 순서가 뒤로 갑니다.",
                                   "Cancel your registration? Your seat goes to the waiting list; registering again puts you at the back."))),
            .unwrap(event.onlineLink) { link in .if(mine?.status == .registered, .p(.externalLink(link, text: context.t("온라인 참가 링크", "Online link")))) },
            .if(isMember && event.held, .section(.class("card"), .id("minutes"),
                .h2(.text(context.t("회의록·자료", "Minutes"))),
                .p(.text(event.minutes.isEmpty ? context.t("기록이 없습니다.", "Nothing recorded.") : event.minutes)),
                .p(.text(context.t("참석 \(registered.filter { $0.attendedAt != nil }.count)명", "\(registered.filter { $0.attendedAt != nil }.count) attended"))))),
            .if(isMember, .section(.class("card"), .id("materials"),
                .h2(.text(context.t("자료 (회원 전용)", "Materials (members only)"))),
                .if(materials.isEmpty, .p(.class("empty"), .text(context.t("자료가 없습니다.", "No file yet.")))),
                .ul(.forEach(materials) { m in .li(.a(.href(SiteRoute.networks(.downloadMaterial).path(id, event.storedID, m.storedID)), .text(m.originalName))) }),
                .if(canManage, .form(.action(SiteRoute.networks(.uploadMaterial).path(id, event.storedID)), .method(.post), .enctype(.multipartData),
                    FormKit.csrf(context),
                    .label(.for("material-file"), .text(context.t("파일 (PDF, PPTX, DOCX, HWP, 이미지, 10MB 이하)", "File (PDF, PPTX, DOCX, HWP, image, up to 10 MB)"))),
                    .input(.type(.file), .id("material-file"), .name("file")),
                    FormKit.submit(context.t("올리기", "Upload")))))),
            .if(canManage && open && !registered.isEmpty, reminders(registered, context)),
            .if(canManage, .section(.class("card"), .id("attendees"),
                .h2(.text(context.t("참가자", "Registrations"))),
                .ul(.class("check-in"), .forEach(registrations.filter { $0.status == .registered && $0.attendedAt == nil }) { r in
                    .li(.text(r.user.name + " "), FormKit.actionButton(SiteRoute.networks(.checkIn).path(id, event.storedID), context.t("체크인", "Check in"), context, secondary: true,
                                                                 hidden: [("registrationID", r.storedID.uuidString)]))
                }),
                .form(.action(SiteRoute.networks(.markHeld).path(id, event.storedID)), .method(.post),
                    FormKit.csrf(context),
                    .ul(.forEach(registrations) { r in
                        .li(.label(.class("checkbox"), .if(r.status == .registered, .input(.type(.checkbox), .name("attended[]"), .value(r.storedID.uuidString), .checked(r.attendedAt != nil))),
                                   .text(" \(r.user.name) · \(context.t(r.status.label)) · \(SeoulTime.dateTime(r.registeredAt))"
                                         + (r.attendedAt.map { context.t(" · 체크인 ", " · checked in ") + SeoulTime.time($0) } ?? ""))))
                    }),
                    FormKit.textarea("minutes", label: context.t("회의록", "Minutes"), value: event.minutes, errors: FieldErrors(), context: context, rows: 4),
                    .div(.class("actions"), .button(.type(.submit), .class("primary"),
                        Confirmations.ask(context.t("행사를 개최된 것으로 기록할까요? 참석 기록과 회의록이 남고, 개최 전으로 되돌릴 수 없습니다.",
                                                    "Record the event as held? Attendance and minutes are kept, and it cannot go back to not held.")),
                        .text(context.t("개최 결과 저장", "Record as held"))))))))
    }
}
