import Foundation
import IeumCore
import Plot

enum RoundView {
    static func title(_ round: EvaluationRound, _ context: PageContext) -> String {
        context.language == .en ? (round.titleEn ?? round.title) : round.title
    }

    static func period(_ round: EvaluationRound, _ context: PageContext) -> String {
        "\(SeoulTime.dateTime(round.opensAt)) ~ \(SeoulTime.dateTime(round.closesAt))" + context.t(" (한국시간)", " (Seoul)")
    }

    static func statusBadge(_ round: EvaluationRound, _ context: PageContext) -> Node<HTML.BodyContext> {
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
    let data: EvaluationQuery.ListData
    let now: Date

    func title(_ context: PageContext) -> String { context.t("평가", "Evaluation rounds") }

    /// A round outside its judging period does not open for a judge, so it is named, not linked.
    func judgingTitle(_ round: EvaluationRound, _ context: PageContext) -> Node<HTML.BodyContext> {
        let title = RoundView.title(round, context)
        if round.isJudging(at: now) { return .a(.href(SiteURL.round(round.storedID).path), .text(title)) }
        return .span(.class("round-title"), .text(title))
    }

    /// The list's address with the managed list's filter and order and both pages.
    func link(managed: Int? = nil, judging: Int? = nil, sort order: ListSort<EvaluationQuery.ListFilter.Sort>? = nil) -> String {
        let filter = data.filter
        let managedPage = managed ?? (order == nil ? data.managedPaging.page : 1)
        let judgingPage = judging ?? data.judgingPaging.page
        return SiteURL.rounds.path + SiteURL.query([("status", filter.status?.rawValue), ("program", filter.programID?.uuidString)]
                                                   + (order ?? filter.sort).items
                                                   + [("page", managedPage > 1 ? String(managedPage) : nil),
                                                      ("judgingPage", judgingPage > 1 ? String(judgingPage) : nil)])
    }

    func filterForm(_ context: PageContext) -> Node<HTML.BodyContext> {
        .form(.class("filters"), .method(.get), .action(SiteURL.rounds.path), .id("rounds-filter"),
            FormKit.select("status", label: context.t("상태", "Status"), options: RoundStatus.allCases.map { ($0.rawValue, context.t($0.label)) },
                           selected: data.filter.status?.rawValue ?? "", errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All")),
            FormKit.select("program", label: context.t("사업", "Program"), options: data.programs.map { ($0.id.uuidString, $0.name) },
                           selected: data.filter.programID?.uuidString ?? "", errors: FieldErrors(), context: context, includeEmpty: context.t("전체", "All")),
            .forEach(data.filter.sort.items) { item in .input(.type(.hidden), .name(item.0), .value(item.1 ?? "")) },
            .button(.type(.submit), .class("secondary"), .text(context.t("보기", "Show"))))
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let sort = data.filter.sort
        return .div(
            .div(.class("page-head"), .h1(.text(title(context))),
                 .if(data.canCreate, .div(.class("page-actions"),
                     .a(.class("button"), .href(SiteURL.roundNew.path), .text(context.t("평가 등록", "New round"))),
                     .a(.class("button secondary"), .href(SiteURL.experts(query: nil).path), .text(context.t("전문가 풀", "Expert pool")))))),
            .if(!data.judging.isEmpty, .section(.class("card"), .id("my-rounds"),
                .h2(.text(context.t("내 심사", "My judging"))),
                .ul(.class("round-list"), .forEach(data.judging) { item in
                    .li(judgingTitle(item.round, context), .text(" "),
                        RoundView.statusBadge(item.round, context),
                        .span(.class("progress"), .text(context.t(" \(item.submitted) / \(item.assigned) 완료", " \(item.submitted) / \(item.assigned) done"))),
                        .p(.class("meta"), .text(RoundView.period(item.round, context))))
                }),
                Pagination.node(data.judgingPaging, context: context) { link(judging: $0) })),
            .if(data.canCreate, .section(.class("card"), .id("managed-rounds"),
                .h2(.text(context.t("운영 중인 평가", "Rounds you run"))),
                filterForm(context),
                .p(.class("result-count"), .text(context.t("평가 \(data.managedPaging.total)건", "\(data.managedPaging.total) rounds"))),
                .if(data.managed.isEmpty, .p(.class("empty"), .text(data.filter.status == nil && data.filter.programID == nil
                    ? context.t("등록된 평가가 없습니다.", "No round yet.") : context.t("조건에 맞는 평가가 없습니다.", "No round matches.")))),
                .if(!data.managed.isEmpty, .div(.class("table-wrap"), .table(
                    .thead(.tr(sort.header(context.t("평가", "Round"), .title, context) { link(sort: $0) },
                               .th(.text(context.t("사업", "Program"))), .th(.text(context.t("유형", "Kind"))),
                               .th(.text(context.t("상태", "Status"))), .th(.text(context.t("대상", "Entries"))),
                               .th(.text(context.t("제출 / 배정", "Submitted / assigned"))),
                               sort.header(context.t("심사 시작", "Opens"), .opens, context) { link(sort: $0) },
                               sort.header(context.t("심사 마감", "Closes"), .closes, context) { link(sort: $0) })),
                    .tbody(.forEach(data.managed) { m in
                        .tr(.td(.a(.href(SiteURL.round(m.round.storedID).path), .text(RoundView.title(m.round, context)))),
                            .td(.text(m.programName)), .td(.text(context.t(m.round.kind.label))), .td(RoundView.statusBadge(m.round, context)),
                            .td(.class("num"), .text(String(m.entries))), .td(.class("num"), .text("\(m.submitted) / \(m.sheets)")),
                            .td(.text(SeoulTime.dateTime(m.round.opensAt))), .td(.text(SeoulTime.dateTime(m.round.closesAt))))
                    })))),
                Pagination.node(data.managedPaging, context: context) { link(managed: $0) })),
            .if(data.judging.isEmpty && !data.canCreate, .p(.class("empty"), .text(context.t("배정된 심사가 없습니다.", "You have no judging assignment."))))
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
                      .if(draft, FormKit.actionButton(SiteURL.roundPart(id, "open").path, context.t("심사 시작", "Open judging"), context,
                          confirm: context.t("심사를 시작할까요? 배정된 심사위원에게 알림이 가고, 평가표와 평가 대상은 더 고칠 수 없습니다.",
                                             "Open judging? The assigned judges are told, and the rubric and entries can no longer change."))),
                      .if(round.status == .open, FormKit.actionButton(SiteURL.roundPart(id, "close").path, context.t("심사 마감", "Close judging"), context,
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
            .form(.class("inline-fields"), .action(SiteURL.roundPart(id, "settings").path), .method(.post),
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
                        .if(draft, .td(FormKit.actionButton(SiteURL.roundPart(id, "criteria/delete").path, context.t("삭제", "Remove"), context, secondary: true,
                                                        hidden: [("id", c.storedID.uuidString)],
                                                        confirm: context.t("평가항목 ‘\(c.title)’을(를) 삭제할까요? 되돌릴 수 없습니다.",
                                                                           "Remove the criterion ‘\(c.titleEn)’? This cannot be undone.")))))
                }),
                .tfoot(.tr(.th(.text(context.t("합계", "Total"))), .td(), .td(.class("num"), .text(String(format: "%g", weightSum))), .td(), .if(draft, .td())))))),
            .if(draft && data.criteria.isEmpty, FormKit.actionButton(SiteURL.roundPart(id, "template").path, context.t("기본 평가표 넣기", "Use the usual rubric"), context, secondary: true)),
            .if(draft, criterionForm(id, context)))
    }

    func criterionForm(_ id: UUID, _ context: PageContext) -> Node<HTML.BodyContext> {
        let e = criterionErrors
        let form: Node<HTML.BodyContext> = .form(.class("criterion-form"), .id("criterion-form"), .action(SiteURL.roundPart(id, "criteria").path), .method(.post), .novalidate(),
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
                        .td(FormKit.actionButton(SiteURL.roundPart(id, "judges/delete").path, context.t("해촉", "Remove"), context, secondary: true,
                                             hidden: [("id", j.expert.storedID.uuidString)],
                                             confirm: context.t("\(j.expert.name) 심사위원을 해촉할까요? 이 위원의 배정이 모두 풀립니다.",
                                                                "Remove \(j.expert.name) from the judges? All of their assignments are dropped."))))
                })))),
            reminderBar(id, context),
            .if(!data.pool.isEmpty && data.round.status != .closed && data.round.status != .decided,
                .form(.class("inline-fields"), .id("judge-form"), .action(SiteURL.roundPart(id, "judges").path), .method(.post),
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
                 .if(draft, FormKit.actionButton(SiteURL.roundPart(id, "entries").path,
                                             context.t(data.round.kind == .competition ? "협업 과제 불러오기" : "제출된 지원서 불러오기",
                                                       data.round.kind == .competition ? "Load collaborations" : "Load submitted applications"), context, secondary: true)),
                 .if(canChange && data.sheetsStarted == 0, FormKit.actionButton(SiteURL.roundPart(id, "assign").path, context.t("자동 배정", "Assign automatically"), context,
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
                                .li(.a(.href(SiteURL.roundEntry(id, row.entry.storedID).path + "?judge=\(judge.storedID.uuidString)"), .text(judge.name)),
                                    .if(canChange, FormKit.actionButton(SiteURL.roundPart(id, "assignments").path, "×", context, secondary: true,
                                                                    hidden: [("entryID", row.entry.storedID.uuidString), ("expertID", judge.storedID.uuidString), ("action", "remove")],
                                                                    confirm: context.t("\(judge.name) 위원을 ‘\(row.entry.title)’ 배정에서 뺄까요?",
                                                                                       "Take \(judge.name) off ‘\(row.entry.title)’?"))))
                            }),
                            .if(canChange && !judgeOptions.isEmpty, .form(.class("inline-form"), .action(SiteURL.roundPart(id, "assignments").path), .method(.post),
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
struct JudgeRoundPage: Page {
    let data: EvaluationQuery.JudgeData
    let pledgeError: Localized?

    func title(_ context: PageContext) -> String { RoundView.title(data.round, context) }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let id = data.round.storedID
        return .article(.class("round judge-view"),
            .div(.class("page-head"), .div(.h1(.text(title(context))), .p(.class("meta"), .text(RoundView.period(data.round, context))))),
            .if(!data.pledged, .form(.class("card pledge"), .id("pledge-form"), .action(SiteURL.roundPart(id, "pledge").path), .method(.post),
                FormKit.csrf(context),
                .h2(.text(context.t("이해충돌 서약", "Conflict-of-interest pledge"))),
                .p(.text(context.t("아래 과제의 기업이나 수요기관에 현재 또는 과거에 재직·투자·자문하였거나 특수관계가 있으면 표시하세요. 표시한 과제는 배정에서 빠집니다.",
                                   "Tick every entry whose company or demand organisation you work or worked for, invested in, advise or are related to. Ticked entries are taken off your list."))),
                .fieldset(.class("field checkbox-group"), .element(named: "legend", text: context.t("이해충돌이 있는 과제", "Entries with a conflict")),
                    .div(.class("checkbox-grid"), .forEach(data.items.enumerated()) { index, item in
                        .label(.class("checkbox"), .input(.type(.checkbox), .name("conflicts[]"), .value(item.entry.storedID.uuidString), .id("conflict-\(index)")),
                               .text(" " + item.entry.title))
                    })),
                .div(.class(pledgeError == nil ? "field" : "field has-error"),
                     .label(.class("checkbox"), .input(.type(.checkbox), .name("agree"), .value("1"), .id("agree")),
                            .text(" " + context.t("위 내용이 사실이며, 심사 내용과 점수를 외부에 알리지 않을 것을 서약합니다.",
                                                  "I confirm the above and pledge to keep the entries and scores confidential."))),
                     .unwrap(pledgeError) { .p(.class("field-error"), .id("agree-error"), .text(context.t($0))) }),
                FormKit.submit(context.t("서약하고 시작", "Pledge and start")))),
            .if(data.pledged, .section(.class("card"), .id("my-entries"),
                .h2(.text(context.t("배정된 평가 대상", "Your entries"))),
                .p(.class("progress"), .id("progress"), .text(context.t("\(data.submitted) / \(data.items.count) 완료", "\(data.submitted) / \(data.items.count) done"))),
                .if(data.items.isEmpty, .p(.class("empty"), .text(context.t("배정된 과제가 없습니다.", "Nothing is assigned to you.")))),
                .ul(.class("entry-list"), .forEach(data.items) { item in
                    .li(.a(.href(SiteURL.roundEntry(id, item.entry.storedID).path), .text(item.entry.title)), .text(" "),
                        .span(.class(item.status == .submitted ? "badge status-approved" : "badge status-pending"),
                              .text(item.status.map { context.t($0.label) } ?? context.t("미작성", "Not started"))),
                        .if(!item.coJudges.isEmpty, .p(.class("meta"), .text(context.t("함께 심사: ", "Also judging: ") + item.coJudges.joined(separator: ", ")))))
                })))
        )
    }
}

/// A score sheet: the judge's form (or, for the operator, a read-only view with its history).
struct SheetPage: Page {
    let data: EvaluationQuery.SheetData
    let input: SheetInput?
    let errors: FieldErrors

    func title(_ context: PageContext) -> String { context.t("평가표", "Score sheet") + " · " + data.entry.title }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let round = data.round
        let id = round.storedID
        let sheet = data.sheet
        let locked = data.operatorView || sheet?.status == .submitted || !data.pledged
        let scores = sheet?.scores ?? [:], comments = sheet?.comments ?? [:]
        let weightSum = data.criteria.reduce(0) { $0 + $1.weight }
        let total = sheet.flatMap { ScoreMaths.weightedTotal($0.scores, rubric: data.criteria.map(\.item)) }
        return .article(.class("sheet"),
            .div(.class("page-head"),
                 .div(.h1(.text(data.entry.title)),
                      .p(.class("meta"), .text(RoundView.title(round, context) + " · " + context.t("심사위원: ", "Judge: ") + data.judgeName + " · "),
                         .text(sheet.map { context.t($0.status.label) } ?? context.t("미작성", "Not started")))),
                 .div(.class("page-actions"), .a(.class("button secondary"), .href(SiteURL.round(id).path), .text(context.t("목록으로", "Back"))))),
            .if(data.operatorView && data.panel.count > 1, .nav(.class("tabs"), .attribute(named: "aria-label", value: context.t("심사위원", "Judges")),
                .forEach(data.panel) { e in .a(.href(SiteURL.roundEntry(id, data.entry.storedID).path + "?judge=\(e.storedID.uuidString)"), .text(e.name)) })),
            .if(!data.coJudges.isEmpty, .p(.class("meta"), .text(context.t("함께 심사: ", "Also judging: ") + data.coJudges.joined(separator: ", ")))),
            details(context),
            .form(.class("card sheet-form"), .id("sheet-form"), .action(SiteURL.roundEntry(id, data.entry.storedID).path), .method(.post), .novalidate(),
                FormKit.csrf(context),
                ProgramForms.summary(errors, context),
                .unwrap(errors["sheet"]) { .p(.class("field-error"), .attribute(named: "role", value: "alert"), .text(context.t($0))) },
                .forEach(data.criteria) { criterionFields($0, input: input, scores: scores, comments: comments, locked: locked, weightSum: weightSum, context) },
                .div(.class("field"), .label(.for("overallComment"), .text(context.t("종합 의견", "Overall comment"))),
                     .textarea(.id("overallComment"), .name("overallComment"), .attribute(named: "rows", value: "3"),
                               .if(locked, .attribute(named: "readonly", value: "readonly")), .text(input?.overallComment ?? sheet?.overallComment ?? ""))),
                .unwrap(total) { .p(.class("total"), .id("sheet-total"), .text(context.t("환산 점수: ", "Total: ") + String(format: "%.2f", $0) + context.t("점 / 100점", " / 100"))) },
                .if(!locked, .div(.class("form-actions"),
                    .button(.type(.submit), .class("button secondary"), .name("action"), .value("save"), .text(context.t("임시 저장", "Save draft"))),
                    .button(.type(.submit), .class("button"), .name("action"), .value("submit"),
                            .attribute(named: "data-confirm", value: context.t("제출하면 수정할 수 없습니다. 제출할까요?", "A submitted sheet is locked. Submit?")),
                            .text(context.t("제출", "Submit"))))),
                .if(!data.operatorView && sheet?.status == .submitted,
                    .p(.class("hint"), .text(context.t("제출한 평가표는 잠겨 있습니다. 고치려면 운영기관에 재개를 요청하세요.", "A submitted sheet is locked; ask the operator to reopen it."))))),
            .if(data.operatorView, history(context))
        )
    }

    func criterionFields(_ c: RubricCriterion, input: SheetInput?, scores: [String: Double], comments: [String: String], locked: Bool,
                         weightSum: Double, _ context: PageContext) -> Node<HTML.FormContext> {
        let key = c.storedID.uuidString
        let value = input?.scores[key] ?? scores[key].map { String(format: "%g", $0) } ?? ""
        let comment = input?.comments[key] ?? comments[key] ?? ""
        let field = "score-\(key)"
        let percent = String(format: "%g", (c.weight / max(weightSum, 1) * 1000).rounded() / 10)
        let name = context.language == .en ? c.titleEn : c.title
        let legend = name + context.t(" (배점 \(c.maxScore)점, 가중치 \(percent)%)", " (max \(c.maxScore), weight \(percent)%)")
        let scoreInput: Node<HTML.FormContext> = .input(.type(.number), .id(field), .name(field), .value(value),
            .attribute(named: "min", value: "0"), .attribute(named: "max", value: String(c.maxScore)), .attribute(named: "step", value: "0.5"),
            .attribute(named: "aria-invalid", value: errors[field] != nil ? "true" : nil),
            .attribute(named: "readonly", value: locked ? "readonly" : nil))
        let commentBox: Node<HTML.FormContext> = .textarea(.id("comment-\(key)"), .name("comment-\(key)"), .attribute(named: "rows", value: "2"),
            .if(locked, .attribute(named: "readonly", value: "readonly")), .text(comment))
        return .fieldset(.class(errors[field] == nil ? "field criterion" : "field criterion has-error"),
            .element(named: "legend", text: legend),
            .p(.class("hint"), .text(context.language == .en ? c.descriptionEn : c.description)),
            .label(.for(field), .text(context.t("점수", "Score"))),
            scoreInput,
            FormKit.error(field, errors, context),
            .label(.for("comment-\(key)"), .text(context.t("의견", "Comment"))),
            commentBox)
    }

    func details(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(.class("card entry-details"), .id("entry-details"),
            .h2(.text(context.t("평가 대상 내용", "The entry"))),
            .unwrap(data.need) { need in .p(.class("meta"), .text(context.t("수요과제: ", "Need: ") + need.title)) },
            .unwrap(data.application) { a in
                .dl(.class("proposal"),
                    .dt(.text(context.t("제안 솔루션", "Proposed solution"))), .dd(.text(a.solution)),
                    .dt(.text(context.t("차별성", "Differentiation"))), .dd(.text(a.differentiation)),
                    .dt(.text(context.t("PoC 계획", "PoC plan"))), .dd(.text(a.pocPlan)),
                    .dt(.text(context.t("기대 효과", "Expected results"))), .dd(.text(a.expectedResults)),
                    .dt(.text(context.t("예산", "Budget"))), .dd(.text(a.budgetKRW.map { KRW.text($0, context.language) } ?? "—")))
            },
            .unwrap(data.collaboration) { c in
                .div(.p(.text(context.t("현재 단계: ", "Stage: ") + context.t(c.stage.label))),
                     .if(data.outcomes.isEmpty, .p(.class("empty"), .text(context.t("확정된 성과가 없습니다.", "No confirmed outcome.")))),
                     .ul(.forEach(data.outcomes) { o in
                         .li(.text(context.t(o.kind.label) + ": " + (o.amountKRW.map { KRW.text($0, context.language) } ?? o.count.map(String.init) ?? "") + " " + o.note))
                     }))
            })
    }

    func history(_ context: PageContext) -> Node<HTML.BodyContext> {
        let id = data.round.storedID
        return .section(.class("card"), .id("history"),
            .h2(.text(context.t("변경 기록", "History"))),
            .if(data.events.isEmpty, .p(.class("empty"), .text(context.t("기록이 없습니다.", "No change yet.")))),
            .ul(.forEach(data.events) { e in
                let action = switch e.action {
                case "submitted": Localized("제출", "Submitted")
                case "reopened": Localized("재개", "Reopened")
                default: Localized("임시 저장", "Saved")
                }
                return .li(.text("\(SeoulTime.dateTime(e.at)) · \(e.actorName) · \(context.t(action))" + (e.note.isEmpty ? "" : " · \(e.note)")))
            }),
            .unwrap(data.sheet) { sheet in
                .if(sheet.status == .submitted && data.round.status == .open,
                    .form(.class("inline-fields"), .id("reopen-form"), .action(SiteURL.roundPart(id, "sheets/\(sheet.storedID.uuidString)/reopen").path), .method(.post),
                        FormKit.csrf(context),
                        FormKit.text("reason", label: context.t("재개 사유", "Reason for reopening"), value: "", errors: FieldErrors(), context: context, required: true),
                        FormKit.submit(context.t("평가표 재개", "Reopen the sheet"))))
            })
    }
}

/// `/rounds/:id/results`: the ranking by the round's method (or another, to compare), exports,
/// and the selection or the awards.
struct ResultsPage: Page {
    let round: EvaluationRound
    let results: RoundResults
    let comparing: Bool

    func title(_ context: PageContext) -> String { context.t("평가 결과", "Results") + " · " + RoundView.title(round, context) }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let id = round.storedID
        let method = results.rule.method
        let canSelect = round.status == .closed && round.kind != .competition
        let canAward = round.status == .closed && round.kind == .competition
        return .article(.class("results"),
            .div(.class("page-head"),
                 .div(.h1(.text(title(context))), .p(.class("meta"), RoundView.statusBadge(round, context),
                                                  .text(" " + context.t("산정: ", "Method: ") + context.t(method.label)))),
                 .div(.class("page-actions"),
                      .a(.class("button secondary"), .href(SiteURL.round(id).path), .text(context.t("평가 관리", "Manage round"))),
                      .a(.class("button secondary"), .href(SiteURL.roundPart(id, "results.csv").path), .text("CSV")),
                      .a(.class("button secondary"), .href(SiteURL.roundPart(id, "results.xlsx").path), .text("Excel")))),
            .nav(.class("tabs"), .attribute(named: "aria-label", value: context.t("산정 방식 비교", "Compare methods")),
                 .forEach(AggregationMethod.allCases) { m in
                     .a(.href(SiteURL.roundResults(id, method: m.rawValue).path), .if(m == method, .attribute(named: "aria-current", value: "page")), .text(context.t(m.label)))
                 }),
            .if(comparing, .p(.class("hint"), .text(context.t("비교용 산정입니다. 선정에는 평가에 설정된 방식이 쓰입니다.", "For comparison only; selection uses the round's own method.")))),
            .form(.id("select-form"), .action(SiteURL.roundPart(id, canAward ? "awards" : "select").path), .method(.post),
                FormKit.csrf(context),
                .div(.class("table-wrap"), .table(.class("results-table"),
                    .thead(.tr(.th(.text(context.t("순위", "Rank"))), .th(.text(context.t("평가 대상", "Entry"))), .th(.text(context.t("점수", "Score"))),
                               .th(.text(context.t("평균", "Mean"))), .th(.text(context.t("편차", "Spread"))), .th(.text(context.t("미제출", "Missing"))),
                               .forEach(results.judges) { .th(.text($0.name)) },
                               .th(.text(context.t(canAward || round.kind == .competition ? "시상" : "선정", canAward || round.kind == .competition ? "Award" : "Select"))))),
                    .tbody(.forEach(results.rows) { row in
                        .tr(.class(row.result.disagreement ? "disagreement" : ""),
                            .td(.class("num"), .text(row.result.rank.map(String.init) ?? "—")),
                            .td(.text(row.entry.title)),
                            .td(.class("num score"), .text(RoundView.score(row.result.score, method: method))),
                            .td(.class("num"), .text(RoundView.score(row.result.mean, method: .mean))),
                            .td(.class("num"), .text(RoundView.score(row.result.spread, method: .mean)),
                                .if(row.result.disagreement, .span(.class("badge status-rejected"), .text(" " + context.t("편차 큼", "Disagree"))))),
                            .td(.class("num"), .text(String(row.result.missing))),
                            .forEach(results.judges) { judge in
                                let dropped = row.result.dropped.contains(judge.storedID.uuidString)
                                return .td(.class(dropped ? "num dropped" : "num"), .text((row.totals[judge.storedID].map { String(format: "%.1f", $0) } ?? "·")
                                                                                         + (dropped ? context.t(" (제외)", " (dropped)") : "")))
                            },
                            .td(canAward
                                ? .select(.attribute(named: "name", value: "award-\(row.entry.storedID.uuidString)"),
                                          .attribute(named: "aria-label", value: context.t("시상", "Award") + " " + row.entry.title),
                                          FormKit.option(value: "", label: "—", selected: row.entry.award == nil),
                                          .forEach(EvaluationService.awards) { a in FormKit.option(value: a, label: context.t(EvaluationService.awardLabel(a)), selected: row.entry.award == a) })
                                : canSelect
                                    ? .input(.type(.checkbox), .name("entries[]"), .value(row.entry.storedID.uuidString),
                                             .attribute(named: "aria-label", value: context.t("선정", "Select") + " " + row.entry.title))
                                    : .text(row.entry.award.map { context.t(EvaluationService.awardLabel($0)) } ?? (row.entry.selected ? context.t("선정", "Selected") : ""))))
                    }))),
                .if(canSelect, .p(.class("hint"), .text(context.t("최대 \(round.capacity)건까지 선정할 수 있습니다. 선정하면 협업 과제가 시작됩니다.",
                                                                  "Select up to \(round.capacity); each selection starts a collaboration.")))),
                .if(canSelect, .button(.type(.submit), .class("button"),
                                       Confirmations.ask(context.t("표시한 평가 대상을 최종 선정할까요? 선정마다 협업 과제가 시작되고 당사자에게 알림이 가며, 되돌릴 수 없습니다.",
                                                                   "Select the ticked entries? Each selection starts a collaboration and tells its parties; this cannot be undone.")),
                                       .text(context.t("최종 선정", "Select")))),
                .if(canAward, .button(.type(.submit), .class("button"),
                                      Confirmations.ask(context.t("고른 대로 시상을 확정할까요? 평가가 결정으로 끝나고 되돌릴 수 없습니다.",
                                                                  "Decide the awards as chosen? The round ends as decided, and this cannot be undone.")),
                                      .text(context.t("시상 확정", "Decide the awards"))))))
    }
}
