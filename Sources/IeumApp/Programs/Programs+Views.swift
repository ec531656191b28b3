import Foundation
import IeumCore
import Plot

enum ProgramView {
    static func name(_ program: Program, _ context: PageContext) -> String {
        context.language == .en ? (program.nameEn ?? program.name) : program.name
    }

    static func name(_ org: Organization, _ context: PageContext) -> String {
        context.language == .en ? (org.nameEn ?? org.name) : org.name
    }

    static func callTitle(_ call: Call, _ context: PageContext) -> String {
        context.language == .en ? (call.titleEn ?? call.title) : call.title
    }

    /// 접수 중 / 접수 예정 / 마감, as the clock says.
    static func callBadge(_ call: Call, now: Date, _ context: PageContext) -> Node<HTML.BodyContext> {
        if call.isOpen(at: now) { return .span(.class("badge call-open status-approved"), .text(context.t("접수 중", "Open"))) }
        if now < call.opensAt { return .span(.class("badge call-upcoming status-pending"), .text(context.t("접수 예정", "Opens soon"))) }
        return .span(.class("badge call-closed status-rejected"), .text(context.t("마감", "Closed")))
    }

    static func period(_ call: Call, _ context: PageContext) -> String {
        "\(SeoulTime.dateTime(call.opensAt)) ~ \(SeoulTime.dateTime(call.closesAt))" + context.t(" (한국시간)", " (Seoul)")
    }

    static func number(_ value: Int64) -> String {
        KRW.grouped(UInt64(max(0, value)))
    }

    static func targetValue(_ target: ProgramTarget, _ context: PageContext) -> String {
        switch target.metric {
        case .contractValueKRW, .investmentKRW: KRW.text(target.value, context.language)
        default: number(target.value)
        }
    }
}

/// `/programs`: every program, public; operators also get the form to create one.
struct ProgramListPage: Page {
    static var perPage: Int { ProgramListModel.perPage }

    let model: ProgramListModel

    var filter: ProgramListModel.Filter { model.filter }

    func title(_ context: PageContext) -> String { context.t("사업", "Programs") }

    func filterForm(_ context: PageContext) -> Node<HTML.BodyContext> {
        .form(.class("filters"), .method(.get), .action(SiteURL.programs.path), .id("programs-filter"), .attribute(named: "role", value: "search"),
            FormKit.select("year", label: context.t("연도", "Year"), options: model.years.map { (String($0), context.t("\($0)년", String($0))) },
                           selected: filter.year.map(String.init) ?? "", errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All")),
            .div(.class("field"),
                 .label(.for("programs-q"), .text(context.t("사업명", "Program name"))),
                 .input(.type(.search), .id("programs-q"), .name("q"), .value(filter.query))),
            .forEach(filter.sort.items) { item in .input(.type(.hidden), .name(item.0), .value(item.1 ?? "")) },
            .button(.type(.submit), .class("secondary"), .text(context.t("찾기", "Filter"))))
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .div(.class("page-head"), .h1(.text(title(context))),
                 .if(model.form != nil, .div(.class("page-actions"), .a(.class("button"), .href("#program-form"), .text(context.t("사업 등록", "New program")))))),
            .p(.class("lead"), .text(context.t("운영기관이 운영하는 개방형 혁신 사업과 공모 일정입니다.", "The open innovation programs the agencies run, with their calls."))),
            filterForm(context),
            .p(.class("result-count"), .id("result-count"), .text(context.t("사업 \(model.paging.total)건", "\(model.paging.total) programs"))),
            filter.sort.links([(.year, context.t("연도", "Year")), (.name, context.t("이름", "Name"))], context) { filter.link(sort: $0) },
            .if(model.rows.isEmpty, .p(.class("empty"), .text(filter.year == nil && filter.query.isEmpty
                ? context.t("등록된 사업이 없습니다.", "No program yet.") : context.t("조건에 맞는 사업이 없습니다.", "No program matches.")))),
            .ul(.class("org-list program-list"), .forEach(model.rows) { item in
                .li(.class("org-card program-card"),
                    .h2(.a(.href(SiteURL.program(item.id).path), .text(context.language == .en ? (item.nameEn ?? item.name) : item.name))),
                    .p(.class("meta"),
                       .span(.class("badge"), .text(context.t("\(item.year)년", String(item.year)))),
                       .unwrap(item.operatorName) { .span(.text(context.t("운영: ", "Run by ") + $0)) },
                       .span(.text(" · " + context.t("접수 중인 공모 \(item.openCalls)건", "\(item.openCalls) open calls")))),
                    .if(!item.tracks.isEmpty, .p(.class("fields"), .text(item.tracks.joined(separator: " · ")))),
                    .p(.class("summary"), .text(item.description))
                )
            }),
            Pagination.node(model.paging, context: context) { filter.link(page: $0) },
            .unwrap(model.form) { form in
                .section(.class("program-create"), .attribute(named: "aria-labelledby", value: "program-create-title"),
                    .h2(.id("program-create-title"), .text(context.t("사업 등록", "New program"))),
                    ProgramForms.program(action: SiteURL.programs.path, input: form.input, errors: form.errors, agencies: form.agencies,
                                         submit: context.t("등록", "Create"), context: context))
            }
        )
    }
}

/// `/programs/:id`: the public program page; operators also see the targets and the forms.
struct ProgramPage: Page {
    struct Data {
        var program: Program
        var operatorOrganization: Organization?
        var calls: [Call] = []
        var participants: [Organization] = []
        /// Published (or closed, awarded) needs per call.
        var needCounts: [UUID: Int] = [:]
        /// Awards of the program's decided competitions.
        var awards: [Award] = []
        var now: Date
        var manage: Manage?
    }

    struct Award: Sendable {
        let round: String
        let roundEn: String?
        let entry: String
        let startup: String
        let award: String
    }

    /// What only operators see: targets and the forms, with the state of a refused form.
    struct Manage {
        var targets: [ProgramTarget] = []
        var demandOrganizations: [Organization] = []
        var callInput = CallInput()
        var callErrors = FieldErrors()
        var participantSelection = ""
        var participantErrors = FieldErrors()
        var targetInput = TargetInput()
        var targetErrors = FieldErrors()
    }

    let data: Data

    func title(_ context: PageContext) -> String { ProgramView.name(data.program, context) }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let program = data.program
        let id = program.storedID
        return .article(
            .class("program"),
            .div(.class("page-head"),
                 .div(.h1(.text(ProgramView.name(program, context))),
                      .if(context.language == .ko, .unwrap(program.nameEn) { .p(.class("subtitle"), .attribute(named: "lang", value: "en"), .text($0)) })),
                 .div(.class("page-actions"),
                      .if(data.manage != nil, .a(.class("button"), .href(SiteURL.programEdit(id).path), .text(context.t("사업 정보 수정", "Edit program")))),
                      .a(.class("button secondary"), .href(SiteURL.programs.path), .text(context.t("사업 목록", "All programs"))))),
            .p(.class("meta"),
               .span(.class("badge"), .text(context.t("\(program.year)년", String(program.year)))),
               .unwrap(data.operatorOrganization) { .span(.text(context.t("운영기관: ", "Operator: ") + ProgramView.name($0, context))) }),
            .if(!program.description.isEmpty, .p(.class("lead description"), .text(program.description))),
            .if(!program.tracks.isEmpty, .section(.class("card"), .id("tracks"),
                .h2(.text(context.t("트랙", "Tracks"))),
                .ul(.class("track-list"), .forEach(program.tracks) { .li(.span(.class("badge"), .text($0))) }))),
            callsSection(id, context),
            participantsSection(id, context),
            .if(!data.awards.isEmpty, .section(.class("card"), .id("awards"),
                .h2(.text(context.t("시상", "Awards"))),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text(context.t("대회", "Competition"))), .th(.text(context.t("상", "Award"))),
                               .th(.text(context.t("과제", "Collaboration"))), .th(.text(context.t("스타트업", "Startup"))))),
                    .tbody(.forEach(data.awards) { a in
                        .tr(.td(.text(context.language == .en ? (a.roundEn ?? a.round) : a.round)),
                            .td(.text(context.t(EvaluationService.awardLabel(a.award)))), .td(.text(a.entry)), .td(.text(a.startup)))
                    }))))),
            .unwrap(data.manage) { targetsSection(id, $0, context) }
        )
    }

    func callsSection(_ id: UUID, _ context: PageContext) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("calls"), .attribute(named: "aria-labelledby", value: "calls-title"),
            .h2(.id("calls-title"), .text(context.t("공모", "Calls"))),
            .if(data.calls.isEmpty, .p(.class("empty"), .text(context.t("아직 등록된 공모가 없습니다.", "No call yet.")))),
            .if(!data.calls.isEmpty, .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text(context.t("공모", "Call"))), .th(.text(context.t("트랙", "Track"))),
                           .th(.text(context.t("접수 기간 (한국시간)", "Open (Seoul time)"))), .th(.text(context.t("상태", "Status"))),
                           .th(.text(context.t("공개 수요과제", "Published needs"))))),
                .tbody(.forEach(data.calls) { call in
                    let callID = call.storedID
                    return .tr(
                        .td(data.manage != nil
                            ? .a(.href(SiteURL.programCall(id, callID).path), .text(ProgramView.callTitle(call, context)))
                            : .text(ProgramView.callTitle(call, context)),
                            .if(!call.description.isEmpty, .p(.class("hint"), .text(call.description)))),
                        .td(.text(call.track ?? context.t("전체", "All"))),
                        .td(.text("\(SeoulTime.dateTime(call.opensAt)) ~ \(SeoulTime.dateTime(call.closesAt))")),
                        .td(ProgramView.callBadge(call, now: data.now, context)),
                        .td(.text(context.t("\(data.needCounts[callID] ?? 0)건", "\(data.needCounts[callID] ?? 0)")))
                    )
                })))),
            .if(data.calls.contains { $0.isOpen(at: data.now) },
                .p(.a(.href(SiteURL.calls(query: nil).path), .text(context.t("공개 수요과제 보기", "See the published needs"))))),
            .unwrap(data.manage) { manage in
                .div(.h3(.text(context.t("공모 추가", "Add a call"))),
                     ProgramForms.call(action: SiteURL.programCalls(id).path, input: manage.callInput, errors: manage.callErrors,
                                       tracks: data.program.tracks, submit: context.t("공모 추가", "Add call"), context: context))
            })
    }

    func participantsSection(_ id: UUID, _ context: PageContext) -> Node<HTML.BodyContext> {
        let taking = Set(data.participants.compactMap(\.id))
        return .section(.class("card"), .id("participants"), .attribute(named: "aria-labelledby", value: "participants-title"),
            .h2(.id("participants-title"), .text(context.t("참여 수요기관", "Participating demand organisations"))),
            .if(data.participants.isEmpty, .p(.class("empty"), .text(context.t("아직 참여 수요기관이 없습니다.", "No demand organisation yet.")))),
            .ul(.class("participant-list"), .forEach(data.participants) { org in
                .li(data.manage != nil
                    ? .a(.href(SiteURL.organization(org.storedID).path), .text(ProgramView.name(org, context)))
                    : .text(ProgramView.name(org, context)),
                    .unwrap(org.demandSize) { .span(.class("badge"), .text(context.t($0.label))) })
            }),
            .unwrap(data.manage) { manage in
                // Organisations already taking part stay in the list when a refused form chose one.
                ProgramForms.participant(programID: id, selected: manage.participantSelection, errors: manage.participantErrors,
                                         candidates: manage.demandOrganizations.filter { !taking.contains($0.storedID) || $0.id?.uuidString == manage.participantSelection },
                                         context: context)
            })
    }

    func targetsSection(_ id: UUID, _ manage: Manage, _ context: PageContext) -> Node<HTML.BodyContext> {
        let order = Dictionary(uniqueKeysWithValues: KPIMetric.allCases.enumerated().map { ($1, $0) })
        let targets = manage.targets.sorted {
            let a = TargetInput.periodOrder($0.period), b = TargetInput.periodOrder($1.period)
            return a != b ? a < b : order[$0.metric, default: 0] < order[$1.metric, default: 0]
        }
        return .section(.class("card"), .id("targets"), .attribute(named: "aria-labelledby", value: "targets-title"),
            .h2(.id("targets-title"), .text(context.t("성과 목표", "Targets"))),
            .if(targets.isEmpty, .p(.class("empty"), .text(context.t("아직 목표가 없습니다.", "No target yet.")))),
            .if(!targets.isEmpty, .div(.class("table-wrap"), .table(.id("target-table"),
                .thead(.tr(.th(.text(context.t("기간", "Period"))), .th(.text(context.t("성과지표", "Metric"))), .th(.text(context.t("목표", "Target"))))),
                .tbody(.forEach(targets) { target in
                    .tr(.td(.text(target.period)), .td(.text(context.t(target.metric.label))), .td(.class("target-value"), .text(ProgramView.targetValue(target, context))))
                })))),
            ProgramForms.target(programID: id, input: manage.targetInput, errors: manage.targetErrors, context: context))
    }
}
