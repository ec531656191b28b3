import Foundation
import IeumCore
import Plot

enum RoundView {
    static func title(_ round: some RoundHeading, _ context: PageContext) -> String {
        context.language == .en ? (round.titleEn ?? round.title) : round.title
    }

    static func period(_ round: some RoundHeading, _ context: PageContext) -> String {
        "\(SeoulTime.dateTime(round.opensAt)) ~ \(SeoulTime.dateTime(round.closesAt))" + context.t(" (한국시간)", " (Seoul)")
    }

    static func statusBadge(_ round: some RoundHeading, _ context: PageContext) -> Node<HTML.BodyContext> {
        let style = switch round.status {
        case .draft: "status-pending"
        case .open: "status-approved"
        case .closed, .decided: "status-rejected"
        }
        return .span(.class("badge round-status \(style)"), .text(context.t(round.status.label)))
    }

    static func score(_ value: Double?, method: AggregationMethod) -> String {
        guard let value else { return "—" }
        return String(format: method == .zScore ? "%+.3f" : "%.2f", value)
    }
}

/// `/rounds`: the rounds an operator runs and the rounds a judge sits on, with progress.
struct RoundListPage: Page {
    let model: RoundListModel

    func title(_ context: PageContext) -> String { context.t("평가", "Evaluation rounds") }

    /// A round outside its judging period does not open for a judge, so it is named, not linked.
    func judgingTitle(_ round: RoundSummary, _ context: PageContext) -> Node<HTML.BodyContext> {
        let title = RoundView.title(round, context)
        if round.isJudging(at: model.now) { return .a(.href(SiteURL.round(round.id).path), .text(title)) }
        return .span(.class("round-title"), .text(title))
    }

    /// The list's address with the managed list's filter and order and both pages.
    func link(managed: Int? = nil, judging: Int? = nil, sort order: ListSort<EvaluationQuery.ListFilter.Sort>? = nil) -> String {
        let filter = model.filter
        let managedPage = managed ?? (order == nil ? model.managedPaging.page : 1)
        let judgingPage = judging ?? model.judgingPaging.page
        return SiteURL.rounds.path + SiteURL.query([("status", filter.status?.rawValue), ("program", filter.programID?.uuidString)]
                                                   + (order ?? filter.sort).items
                                                   + [("page", managedPage > 1 ? String(managedPage) : nil),
                                                      ("judgingPage", judgingPage > 1 ? String(judgingPage) : nil)])
    }

    func filterForm(_ context: PageContext) -> Node<HTML.BodyContext> {
        .form(.class("filters"), .method(.get), .action(SiteURL.rounds.path), .id("rounds-filter"),
            FormKit.select("status", label: context.t("상태", "Status"), options: RoundStatus.allCases.map { ($0.rawValue, context.t($0.label)) },
                           selected: model.filter.status?.rawValue ?? "", errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All")),
            FormKit.select("program", label: context.t("사업", "Program"), options: model.programs.map { ($0.id.uuidString, $0.name) },
                           selected: model.filter.programID?.uuidString ?? "", errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All")),
            .forEach(model.filter.sort.items) { item in .input(.type(.hidden), .name(item.0), .value(item.1 ?? "")) },
            .button(.type(.submit), .class("secondary"), .text(context.t("보기", "Show"))))
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let sort = model.filter.sort
        return .div(
            .div(.class("page-head"), .h1(.text(title(context))),
                 .if(model.canCreate, .div(.class("page-actions"),
                     .a(.class("button"), .href(SiteURL.roundNew.path), .text(context.t("평가 등록", "New round"))),
                     .a(.class("button secondary"), .href(SiteURL.experts(query: nil).path), .text(context.t("전문가 풀", "Expert pool")))))),
            .if(!model.judging.isEmpty, .section(.class("card"), .id("my-rounds"),
                .h2(.text(context.t("내 심사", "My judging"))),
                .ul(.class("round-list"), .forEach(model.judging) { item in
                    .li(judgingTitle(item.round, context), .text(" "),
                        RoundView.statusBadge(item.round, context),
                        .span(.class("progress"), .text(context.t(" \(item.submitted) / \(item.assigned) 완료", " \(item.submitted) / \(item.assigned) done"))),
                        .p(.class("meta"), .text(RoundView.period(item.round, context))))
                }),
                Pagination.node(model.judgingPaging, context: context) { link(judging: $0) })),
            .if(model.canCreate, .section(.class("card"), .id("managed-rounds"),
                .h2(.text(context.t("운영 중인 평가", "Rounds you run"))),
                filterForm(context),
                .p(.class("result-count"), .text(context.t("평가 \(model.managedPaging.total)건", "\(model.managedPaging.total) rounds"))),
                .if(model.managed.isEmpty, .p(.class("empty"), .text(model.filter.status == nil && model.filter.programID == nil
                    ? context.t("등록된 평가가 없습니다.", "No round yet.") : context.t("조건에 맞는 평가가 없습니다.", "No round matches.")))),
                .if(!model.managed.isEmpty, .div(.class("table-wrap"), .table(
                    .thead(.tr(sort.header(context.t("평가", "Round"), .title, context) { link(sort: $0) },
                               .th(.text(context.t("사업", "Program"))), .th(.text(context.t("유형", "Kind"))),
                               .th(.text(context.t("상태", "Status"))), .th(.text(context.t("대상", "Entries"))),
                               .th(.text(context.t("제출 / 배정", "Submitted / assigned"))),
                               sort.header(context.t("심사 시작", "Opens"), .opens, context) { link(sort: $0) },
                               sort.header(context.t("심사 마감", "Closes"), .closes, context) { link(sort: $0) })),
                    .tbody(.forEach(model.managed) { m in
                        .tr(.td(.a(.href(SiteURL.round(m.round.id).path), .text(RoundView.title(m.round, context)))),
                            .td(.text(m.programName)), .td(.text(context.t(m.round.kind.label))), .td(RoundView.statusBadge(m.round, context)),
                            .td(.class("num"), .text(String(m.entries))), .td(.class("num"), .text("\(m.submitted) / \(m.sheets)")),
                            .td(.text(SeoulTime.dateTime(m.round.opensAt))), .td(.text(SeoulTime.dateTime(m.round.closesAt))))
                    })))),
                Pagination.node(model.managedPaging, context: context) { link(managed: $0) })),
            .if(model.judging.isEmpty && !model.canCreate, .p(.class("empty"), .text(context.t("배정된 심사가 없습니다.", "You have no judging assignment."))))
        )
    }
}

/// `/rounds/new`.
struct RoundFormPage: Page {
    let input: RoundInput
    let errors: FieldErrors
    let options: EvaluationQuery.FormOptions

    func title(_ context: PageContext) -> String { context.t("평가 등록", "New evaluation round") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let e = errors
        let scopes = options.programs.flatMap { p in
            (options.scopes[p.storedID] ?? []).map { ($0.value, "\(context.language == .en ? (p.nameEn ?? p.name) : p.name) › \(context.t($0.label))") }
        }
        return .div(
            .div(.class("page-head"), .h1(.text(title(context)))),
            .form(.class("card round-form"), .id("round-form"), .action(SiteURL.rounds.path), .method(.post), .novalidate(),
                FormKit.csrf(context),
                ProgramForms.summary(errors, context),
                FormKit.select("programID", label: context.t("사업", "Program"), options: options.programs.map { ($0.storedID.uuidString, "\($0.name) (\($0.year))") },
                               selected: input.programID, errors: e, context: context, includeEmpty: context.t("선택하세요", "Choose"), required: true),
                FormKit.select("scope", label: context.t("평가 대상", "What is judged"), options: scopes, selected: input.scope, errors: e, context: context,
                               includeEmpty: context.t("사업 전체", "The whole program")),
                FormKit.select("kind", label: context.t("평가 유형", "Kind"), options: RoundKind.allCases.map { ($0.rawValue, context.t($0.label)) },
                               selected: input.kind, errors: e, context: context, required: true),
                FormKit.text("title", label: context.t("평가 이름", "Name"), value: input.title, errors: e, context: context, required: true,
                             hint: context.t("예: 2026 하반기 서류평가", "e.g. 2026 H2 document review")),
                FormKit.text("titleEn", label: context.t("영문 이름", "Name in English"), value: input.titleEn, errors: e, context: context),
                FormKit.text("opensAt", label: context.t("심사 시작 (한국시간)", "Judging opens (Seoul time)"), value: input.opensAt, errors: e, context: context,
                             type: .datetimeLocal, required: true),
                FormKit.text("closesAt", label: context.t("심사 마감 (한국시간)", "Judging closes (Seoul time)"), value: input.closesAt, errors: e, context: context,
                             type: .datetimeLocal, required: true),
                .div(.class("field"), .label(.class("checkbox"), .input(.type(.checkbox), .name("blind"), .value("1"), .id("blind"), .checked(input.blind)),
                                            .text(" " + context.t("블라인드 심사 (심사위원끼리 이름·점수 비공개)", "Blind (judges never see each other's names or scores)")))),
                FormKit.text("judgesPerEntry", label: context.t("건당 심사위원 수", "Judges per entry"), value: input.judgesPerEntry, errors: e, context: context, type: .number, required: true),
                FormKit.text("minLoad", label: context.t("심사위원별 최소 배정", "Minimum load per judge"), value: input.minLoad, errors: e, context: context, type: .number),
                FormKit.text("maxLoad", label: context.t("심사위원별 최대 배정", "Maximum load per judge"), value: input.maxLoad, errors: e, context: context, type: .number),
                FormKit.select("method", label: context.t("점수 산정", "Scoring"), options: AggregationMethod.allCases.map { ($0.rawValue, context.t($0.label)) },
                               selected: input.method, errors: e, context: context, required: true),
                FormKit.text("trimMinimum", label: context.t("최고·최저점 제외 기준 인원", "Trim when at least this many judges"), value: input.trimMinimum, errors: e,
                             context: context, type: .number),
                FormKit.text("disagreementRange", label: context.t("편차 경고 기준 (100점 환산 최고-최저)", "Disagreement threshold (points of 100, highest − lowest)"),
                             value: input.disagreementRange, errors: e, context: context),
                FormKit.text("capacity", label: context.t("선정 규모 (비우면 수요과제의 모집 규모)", "Number to select (empty: the need's)"),
                             value: input.capacity, errors: e, context: context, type: .number),
                FormKit.submit(context.t("평가 등록", "Create round")))
        )
    }
}

/// `/rounds/:id` for the operator: settings, rubric, judges, entries, assignment and progress.
struct RoundPage: Page {
    let data: EvaluationQuery.ManageData
    let criterionInput: CriterionInput
    let criterionErrors: FieldErrors

    func title(_ context: PageContext) -> String { RoundView.title(data.round, context) }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let round = data.round
        let id = round.storedID
        let draft = round.status == .draft
        return .article(.class("round"),
            .div(.class("page-head"),
                 .div(.h1(.text(title(context))),
                      .p(.class("meta"), RoundView.statusBadge(round, context), .text(" " + context.t(round.kind.label) + " · " + context.t(data.scopeLabel)
                                                                                      + " · " + data.program.name))),
                 .div(.class("page-actions"),
                      .if(draft, FormKit.actionButton(SiteRoute.evaluations(.open).path(id), context.t("심사 시작", "Open judging"), context,
                          confirm: context.t("심사를 시작할까요? 배정된 심사위원에게 알림이 가고, 평가표와 평가 대상은 더 고칠 수 없습니다.",
                                             "Open judging? The assigned judges are told, and the rubric and entries can no longer change."))),
                      .if(round.status == .open, FormKit.actionButton(SiteRoute.evaluations(.close).path(id), context.t("심사 마감", "Close judging"), context,
                          confirm: context.t("심사를 마감할까요? 제출되지 않은 평가표는 더 받지 않고, 다시 열 수 없습니다.",
                                             "Close judging? Sheets not yet submitted are no longer taken, and the round cannot be reopened."))),
                      .a(.class("button secondary"), .href(SiteURL.roundResults(id, method: nil).path), .text(context.t("결과·순위", "Results"))))),
            .p(.class("meta"), .text(RoundView.period(round, context) + " · "
                + context.t(round.blind ? "블라인드" : "공개 심사", round.blind ? "Blind" : "Open panel") + " · "
                + context.t("건당 \(round.judgesPerEntry)명, 심사위원별 \(round.minLoad)~\(round.maxLoad)건",
                            "\(round.judgesPerEntry) judges per entry, \(round.minLoad)–\(round.maxLoad) per judge"))),
            .if(!data.warnings.isEmpty, .div(.class("form-error warnings"), .id("warnings"), .attribute(named: "role", value: "status"),
                .p(.text(context.t("확인이 필요합니다", "Needs attention"))),
                .ul(.forEach(data.warnings) { .li(.text(context.t($0))) }))),
            settings(id, context),
            rubric(id, draft, context),
            judges(id, context),
            entries(id, draft, context)
        )
    }

    func settings(_ id: UUID, _ context: PageContext) -> Node<HTML.BodyContext> {
        let round = data.round
        let threshold = Bounded.int(round.disagreementRange, in: 0...100).map(String.init) ?? "-"  // a stored NaN must not trap
        return .section(.class("card"), .id("settings"),
            .h2(.text(context.t("점수 산정", "Scoring"))),
            .form(.class("inline-fields"), .action(SiteRoute.evaluations(.settings).path(id)), .method(.post),
                FormKit.csrf(context),
                FormKit.select("method", label: context.t("산정 방식", "Method"), options: AggregationMethod.allCases.map { ($0.rawValue, context.t($0.label)) },
                               selected: round.method.rawValue, errors: FieldErrors(), context: context),
                FormKit.select("tieBreak", label: context.t("동점 처리 기준", "Tie-break criterion"),
                               options: data.criteria.map { ($0.storedID.uuidString, context.language == .en ? $0.titleEn : $0.title) },
                               selected: round.tieBreakCriterionID?.uuidString ?? "", errors: FieldErrors(), context: context, includeEmpty: context.t("없음", "None")),
                FormKit.submit(context.t("저장", "Save"))),
            .p(.class("hint"), .text(context.t("최고·최저점 제외는 제출한 심사위원이 \(round.trimMinimum)명 이상일 때 적용합니다. 편차 경고: 100점 환산 최고-최저가 \(threshold)점 초과.",
                                              "Trimming applies from \(round.trimMinimum) submitted judges. Disagreement: highest − lowest above \(threshold) points of 100."))))
    }

    func rubric(_ id: UUID, _ draft: Bool, _ context: PageContext) -> Node<HTML.BodyContext> {
        let weightSum = data.criteria.reduce(0) { $0 + $1.weight }
        return .section(.class("card"), .id("rubric"),
            .h2(.text(context.t("평가표", "Rubric"))),
            .if(data.criteria.isEmpty, .p(.class("empty"), .text(context.t("평가항목이 없습니다.", "No criterion yet.")))),
            .if(!data.criteria.isEmpty, .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text(context.t("평가항목", "Criterion"))), .th(.text(context.t("설명", "Description"))),
                           .th(.text(context.t("가중치", "Weight"))), .th(.text(context.t("배점", "Max"))), .if(draft, .th(.text(""))))),
                .tbody(.forEach(data.criteria) { c in
                    .tr(.td(.text(context.language == .en ? c.titleEn : c.title)), .td(.text(context.language == .en ? c.descriptionEn : c.description)),
                        .td(.class("num"), .text(String(format: "%g", c.weight))), .td(.class("num"), .text(String(c.maxScore))),
                        .if(draft, .td(FormKit.actionButton(SiteRoute.evaluations(.removeCriterion).path(id), context.t("삭제", "Remove"), context, secondary: true,
                                                        hidden: [("id", c.storedID.uuidString)],
                                                        confirm: context.t("평가항목 ‘\(c.title)’을(를) 삭제할까요? 되돌릴 수 없습니다.",
                                                                           "Remove the criterion ‘\(c.titleEn)’? This cannot be undone.")))))
                }),
                .tfoot(.tr(.th(.text(context.t("합계", "Total"))), .td(), .td(.class("num"), .text(String(format: "%g", weightSum))), .td(), .if(draft, .td())))))),
            .if(draft && data.criteria.isEmpty, FormKit.actionButton(SiteRoute.evaluations(.template).path(id), context.t("기본 평가표 넣기", "Use the usual rubric"), context, secondary: true)),
            .if(draft, criterionForm(id, context)))
    }

    func criterionForm(_ id: UUID, _ context: PageContext) -> Node<HTML.BodyContext> {
        let e = criterionErrors
        let form: Node<HTML.BodyContext> = .form(.class("criterion-form"), .id("criterion-form"), .action(SiteRoute.evaluations(.addCriterion).path(id)), .method(.post), .novalidate(),
            FormKit.csrf(context),
            ProgramForms.summary(e, context),
            FormKit.text("title", label: context.t("이름", "Name"), value: criterionInput.title, errors: e, context: context, required: true),
            FormKit.text("titleEn", label: context.t("영문 이름", "Name in English"), value: criterionInput.titleEn, errors: e, context: context, required: true),
            FormKit.text("description", label: context.t("설명", "Description"), value: criterionInput.description, errors: e, context: context),
            FormKit.text("descriptionEn", label: context.t("영문 설명", "Description in English"), value: criterionInput.descriptionEn, errors: e, context: context),
            FormKit.text("weight", label: context.t("가중치", "Weight"), value: criterionInput.weight, errors: e, context: context, required: true),
            FormKit.text("maxScore", label: context.t("배점", "Maximum score"), value: criterionInput.maxScore, errors: e, context: context, type: .number, required: true),
            FormKit.submit(context.t("추가", "Add")))
        return .div(.h3(.text(context.t("평가항목 추가", "Add a criterion"))), form)
    }

    func judges(_ id: UUID, _ context: PageContext) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("judges"),
            .h2(.text(context.t("심사위원", "Judges"))),
            .if(data.judges.isEmpty, .p(.class("empty"), .text(context.t("위촉된 심사위원이 없습니다.", "No judge yet.")))),
            .if(!data.judges.isEmpty, .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.span(.class("sr-only"), .text(context.t("선택", "Select")))),
                           .th(.text(context.t("심사위원", "Judge"))), .th(.text(context.t("소속", "Affiliation"))),
                           .th(.text(context.t("배정 (최소~최대)", "Load (min–max)"))), .th(.text(context.t("제출", "Submitted"))),
                           .th(.text(context.t("서약", "Pledge"))), .th(.text("")))),
                .tbody(.forEach(data.judges) { j in
                    .tr(reminderCheckbox(j, context),
                        .td(.text(j.expert.name)), .td(.text(j.expert.affiliation)),
                        .td(.class(j.load < j.minLoad || j.load > j.maxLoad ? "num warn" : "num"), .text("\(j.load) (\(j.minLoad)~\(j.maxLoad))")),
                        .td(.class("num"), .text(context.t("\(j.submitted) / \(j.load) 완료", "\(j.submitted) / \(j.load) done"))),
                        .td(.text(j.judge.pledgedAt.map { SeoulTime.dateTime($0) } ?? context.t("전", "Not yet"))),
                        .td(FormKit.actionButton(SiteRoute.evaluations(.removeJudge).path(id), context.t("해촉", "Remove"), context, secondary: true,
                                             hidden: [("id", j.expert.storedID.uuidString)],
                                             confirm: context.t("\(j.expert.name) 심사위원을 해촉할까요? 이 위원의 배정이 모두 풀립니다.",
                                                                "Remove \(j.expert.name) from the judges? All of their assignments are dropped."))))
                })))),
            reminderBar(id, context),
            .if(!data.pool.isEmpty && data.round.status != .closed && data.round.status != .decided,
                .form(.class("inline-fields"), .id("judge-form"), .action(SiteRoute.evaluations(.addJudge).path(id)), .method(.post),
                    FormKit.csrf(context),
                    FormKit.select("id", label: context.t("전문가 풀에서 위촉", "Add from the expert pool"),
                                   options: data.pool.map { ($0.storedID.uuidString, "\($0.name) · \($0.affiliation)") }, selected: "", errors: FieldErrors(), context: context),
                    FormKit.submit(context.t("위촉", "Add")))))
    }

    func entries(_ id: UUID, _ draft: Bool, _ context: PageContext) -> Node<HTML.BodyContext> {
        let canChange = data.round.status == .draft || data.round.status == .open
        let judgeOptions = data.judges.map { ($0.expert.storedID.uuidString, $0.expert.name) }
        return .section(.class("card"), .id("assignment"),
            .h2(.text(context.t("평가 대상과 배정", "Entries and assignment"))),
            .div(.class("page-actions"), .id("entries"),
                 .if(draft, FormKit.actionButton(SiteRoute.evaluations(.loadEntries).path(id),
                                             context.t(data.round.kind == .competition ? "협업 과제 불러오기" : "제출된 지원서 불러오기",
                                                       data.round.kind == .competition ? "Load collaborations" : "Load submitted applications"), context, secondary: true)),
                 .if(canChange && data.sheetsStarted == 0, FormKit.actionButton(SiteRoute.evaluations(.autoAssign).path(id), context.t("자동 배정", "Assign automatically"), context,
                     confirm: context.t("자동 배정할까요? 지금의 배정을 모두 새 배정으로 바꿉니다.", "Assign automatically? Every current assignment is replaced.")))),
            .p(.class("hint"), .text(context.t("자동 배정은 이해충돌을 확인한 뒤 건당 심사위원 수와 배정 한도를 지키며 전문분야 적합도 합이 가장 큰 배정을 구합니다. 채점이 시작되면 수동으로만 바꿉니다.",
                                              "Automatic assignment checks conflicts of interest, then finds the assignment with the best total field fit within the judges-per-entry and load limits. Once scoring starts, change it by hand."))),
            .if(data.entries.isEmpty, .p(.class("empty"), .text(context.t("평가 대상이 없습니다.", "No entry yet.")))),
            .if(!data.entries.isEmpty, .div(.class("table-wrap"), .table(.class("assignment-table"),
                .thead(.tr(.th(.text(context.t("평가 대상", "Entry"))), .th(.text(context.t("심사위원", "Judges"))),
                           .th(.text(context.t("이해충돌", "Conflicts"))), .th(.text(context.t("제출", "Submitted"))))),
                .tbody(.forEach(data.entries) { row in
                    .tr(.td(.text(row.entry.title)),
                        .td(.ul(.class("plain"), .forEach(row.judges) { judge in
                                .li(.a(.href(SiteURL.roundEntry(id, row.entry.storedID).path(query: [("judge", judge.storedID.uuidString)])), .text(judge.name)),
                                    .if(canChange, FormKit.actionButton(SiteRoute.evaluations(.changeAssignment).path(id), "×", context, secondary: true,
                                                                    hidden: [("entryID", row.entry.storedID.uuidString), ("expertID", judge.storedID.uuidString), ("action", "remove")],
                                                                    confirm: context.t("\(judge.name) 위원을 ‘\(row.entry.title)’ 배정에서 뺄까요?",
                                                                                       "Take \(judge.name) off ‘\(row.entry.title)’?"))))
                            }),
                            .if(canChange && !judgeOptions.isEmpty, .form(.class("inline-form"), .action(SiteRoute.evaluations(.changeAssignment).path(id)), .method(.post),
                                FormKit.csrf(context),
                                .input(.type(.hidden), .name("entryID"), .value(row.entry.storedID.uuidString)),
                                .input(.type(.hidden), .name("action"), .value("add")),
                                .label(.class("visually-hidden"), .for("add-\(row.entry.storedID.uuidString)"), .text(context.t("심사위원 추가", "Add a judge"))),
                                .select(.id("add-\(row.entry.storedID.uuidString)"), .attribute(named: "name", value: "expertID"),
                                        .forEach(judgeOptions) { FormKit.option(value: $0.0, label: $0.1, selected: false) }),
                                .button(.type(.submit), .class("button secondary"), .text(context.t("추가", "Add")))))),
                        .td(.ul(.class("plain"), .forEach(row.conflicts) { c in
                            .li(.text("\(c.expert.name): \(context.t(ConflictFinder.text(c.reason)))"))
                        })),
                        .td(.class("num"), .text("\(row.submitted) / \(row.judges.count)")))
                })))),
            Pagination.node(data.entryPaging, context: context) { SiteURL.roundEntries(id, page: $0).path })
    }
}

/// `/rounds/:id` for a judge: the pledge first, then their entries with progress.
