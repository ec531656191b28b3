import Foundation
import IeumCore
import Plot

/// A collaboration's page: parties, need, program, the stage timeline with the next stages and the
/// operator's decisions; the records (evidence, funding, milestones, outcomes) are in
/// `CollaborationRecords+View.swift`.
struct CollaborationPage: Page {
    struct Data {
        let collaboration: Collaboration
        var program: Program?
        var need: Need?
        var parties: [(role: CollaborationRole, organization: Organization)] = []
        var changes: [StageChange] = []
        var files: [CollaborationFile] = []
        var funding: [StageFunding] = []
        var milestones: [Milestone] = []
        var outcomes: [Outcome] = []
        var investors: [Organization] = []
        var canWork = false
        var canApprove = false
        var advisers: [AdviserSuggestion] = []
        var fieldNames: [String: String] = [:]
        /// "다음 단계로 가려면": what leaving the current stage through a gate needs, met or not.
        var gateChecklist: [CollaborationGates.Item] = []
        let now: Date
        var forms = Forms()

        init(collaboration: Collaboration, now: Date) {
            self.collaboration = collaboration
            self.now = now
        }
    }

    /// The state of a refused form: what was typed and the messages for it.
    struct Forms {
        var stage = StageRequestInput()
        var stageErrors = FieldErrors()
        var decisionFor: UUID?
        var decisionNote = ""
        var decisionOverride = ""
        var decisionErrors = FieldErrors()
        var fileErrors = FieldErrors()
        var funding = FundingInput()
        var fundingErrors = FieldErrors()
        var milestone = MilestoneInput()
        var milestoneErrors = FieldErrors()
        var outcome = OutcomeInput()
        var outcomeErrors = FieldErrors()
    }

    let data: Data

    var id: UUID { data.collaboration.storedID }

    func title(_ context: PageContext) -> String { data.collaboration.title }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let c = data.collaboration
        return .article(.class("collaboration"),
            .div(.class("page-head"),
                 .h1(.text(c.title)),
                 .div(.class("page-actions"), .a(.class("button secondary"), .href(SiteURL.collaborations(query: nil).path), .text(context.t("협업 목록", "All collaborations"))))),
            .p(.class("meta"), CollaborationView.stageBadge(c.stage, context),
               .text(" " + context.t("\(SeoulTime.date(c.stageSince))부터", "since \(SeoulTime.date(c.stageSince))")),
               .if(c.stage == .dropped, .unwrap(c.dropReason) { .span(.class("reason"), .text(" — " + context.t("중단 사유: ", "Reason: ") + $0)) })),
            .section(.class("card"), .id("parties"),
                .h2(.text(context.t("참여 기관", "Parties"))),
                .dl(.forEach(data.parties) { party in
                    .group(.dt(.text(context.t(party.role.label))),
                           .dd(CollaborationView.partyName(party.organization, context)))
                },
                .dt(.text(context.t("수요과제", "Need"))),
                .dd(.unwrap(data.need, { .a(.href(SiteURL.need($0.storedID).path), .text(NeedView.title($0, context))) },
                            else: .text(context.t("직접 매칭 (수요과제 없음)", "Direct match (no need)")))),
                .dt(.text(context.t("사업", "Program"))),
                .dd(.unwrap(data.program, { .a(.href(SiteURL.program($0.storedID).path), .text(context.language == .en ? ($0.nameEn ?? $0.name) : $0.name)) },
                            else: .text("-"))),
                .dt(.text(context.t("시작", "Started"))), .dd(.text(SeoulTime.date(c.startedAt))))),
            timelineSection(context),
            filesSection(context),
            fundingSection(context),
            milestonesSection(context),
            outcomesSection(context),
            .if(data.canWork, AdviserView.section(data.advisers, fieldNames: data.fieldNames, context))
        )
    }

    // MARK: Timeline and stage changes

    func timelineSection(_ context: PageContext) -> Node<HTML.BodyContext> {
        let pending = data.changes.filter { $0.status == .pending }
        // While a request waits for the operator, only dropping may be asked for besides it.
        // A party is offered the next step only; the operator every stage the flow allows.
        let reachable = data.canApprove ? CollaborationFlow.next(data.collaboration.stage) : CollaborationFlow.nextForParty(data.collaboration.stage)
        let next = reachable.filter { pending.isEmpty || $0 == .dropped }
        return .section(.class("card"), .id("timeline"),
            .h2(.text(context.t("단계 이력", "Stage timeline"))),
            .ol(.class("timeline"), .forEach(data.changes) { change in
                .li(.class("step step-\(change.status.rawValue)"),
                    .p(.strong(.text((change.fromStage.map { context.t($0.label) + " → " } ?? "") + context.t(change.toStage.label))),
                       .text(" "), .span(.class("badge change-\(change.status.rawValue)"), .text(context.t(change.status.label)))),
                    .p(.class("meta"), .text(context.t("요청: \(change.requestedByName) · \(SeoulTime.dateTime(change.requestedAt))",
                                                       "Asked by \(change.requestedByName) · \(SeoulTime.dateTime(change.requestedAt))"))),
                    .if(!change.note.isEmpty, .p(.class("reason"), .text(change.note))),
                    .unwrap(change.overrideReason) { .p(.class("override"), .text(context.t("예외 승인: ", "Override: ") + $0)) },
                    .unwrap(change.decidedAt) { at in .p(.class("meta"), .text(decisionLine(change, at: at, context))) })
            }),
            gateChecklistNode(context),
            // A refusal whose form is gone (the request was decided meanwhile, the collaboration ended) still shows.
            CollaborationView.formMessage(data.forms.stageErrors, context),
            .if(!pending.contains { $0.id != nil && $0.id == data.forms.decisionFor } || !data.canApprove,
                CollaborationView.formMessage(data.forms.decisionErrors, context)),
            .if(data.canApprove && !pending.isEmpty, .group(pending.map { decisionForm($0, context) })),
            .if(!data.canApprove && !pending.isEmpty,
                .p(.class("hint"), .text(context.t("운영기관의 승인을 기다리는 요청이 있습니다.", "A request is awaiting the operator's approval.")))),
            .if(data.canWork && !next.isEmpty, stageForm(next, context))
        )
    }

    func decisionLine(_ change: StageChange, at: Date, _ context: PageContext) -> String {
        let who = change.decidedByName ?? "-"
        let when = SeoulTime.dateTime(at)
        let line = change.status == .refused ? context.t("반려: \(who) · \(when)", "Refused by \(who) · \(when)")
                                             : context.t("승인: \(who) · \(when)", "Approved by \(who) · \(when)")
        return line + (change.decisionNote.map { " — " + $0 } ?? "")
    }

    func stageForm(_ next: [CollaborationStage], _ context: PageContext) -> Node<HTML.BodyContext> {
        let errors = data.forms.stageErrors
        return .div(.class("stage-request"),
            .h3(.text(context.t("다음 단계", "Next stage"))),
            .form(.method(.post), .action(SiteURL.collaborationPart(id, .stage).path),
                FormKit.csrf(context),
                FormKit.decisionSelect("stage", label: context.t("바꿀 단계", "Move to"), current: context.t(data.collaboration.stage.label),
                                       options: next.map { ($0.rawValue, context.t($0.label), stageQuestion($0, context)) },
                                       errors: errors, context: context, id: "stage-next"),
                CollaborationView.textarea("note", id: "stage-note", label: context.t("메모·근거 (중단은 사유 필수)", "Note and evidence (a reason is required to drop)"),
                                           value: data.forms.stage.note, errors: errors, context: context),
                .if(data.canApprove && (!gateMet || !data.forms.stage.override.isEmpty),
                    overrideField(id: "stage-override", value: data.forms.stage.override, errors: errors, context)),
                .p(.class("hint"), .text(context.t(data.canApprove ? "운영기관의 전환은 바로 반영됩니다."
                                                                    : "기술검증·시장검증·사업화 등 관문 단계는 운영기관이 승인하면 반영됩니다.",
                                                   data.canApprove ? "An operator's change applies at once."
                                                                   : "Gate stages (PoC, market verification, results) apply once the operator approves."))),
                FormKit.submit(context.t("단계 전환", "Change stage"))))
    }

    /// The question before a stage change, naming the stage: dropping ends the collaboration for
    /// good; an operator's change applies at once, a party's goes to the operator.
    func stageQuestion(_ stage: CollaborationStage, _ context: PageContext) -> String {
        if stage == .dropped {
            return context.t("‘\(stage.label.ko)’(으)로 바꿀까요? 중단한 협업은 다시 진행할 수 없고, 참여 기관에 알림이 갑니다.",
                             "Move to ‘\(stage.label.en)’? A dropped collaboration cannot go on, and the parties are told.")
        }
        return data.canApprove
            ? context.t("‘\(stage.label.ko)’ 단계로 바꿀까요? 바로 반영되고 참여 기관에 알림이 갑니다.",
                        "Move to ‘\(stage.label.en)’? It applies at once and the parties are told.")
            : context.t("‘\(stage.label.ko)’ 단계로 바꿀까요? 관문 단계는 운영기관에 승인 요청이 갑니다.",
                        "Move to ‘\(stage.label.en)’? For a gate stage the operator is asked to approve.")
    }

    func decisionForm(_ change: StageChange, _ context: PageContext) -> Node<HTML.BodyContext> {
        let changeID = change.storedID
        let mine = data.forms.decisionFor == changeID
        let errors = mine ? data.forms.decisionErrors : FieldErrors()
        return .div(.class("decision card"), .id("change-\(changeID.uuidString)"),
            .h3(.text(context.t("승인 요청: ", "Approval requested: ") + (change.fromStage.map { context.t($0.label) + " → " } ?? "") + context.t(change.toStage.label))),
            CollaborationView.formMessage(errors, context),
            .form(.method(.post), .action(SiteURL.collaborationPart(id, .decision(changeID)).path),
                FormKit.csrf(context),
                CollaborationView.textarea("note", id: "decision-note-\(changeID.uuidString)", label: context.t("의견 (반려 시 사유 필수)", "Note (a reason is required to refuse)"),
                                           value: mine ? data.forms.decisionNote : "", errors: errors, context: context),
                .if(!gateMet || (mine && !data.forms.decisionOverride.isEmpty),
                    overrideField(id: "decision-override-\(changeID.uuidString)", value: mine ? data.forms.decisionOverride : "", errors: errors, context)),
                .div(.class("actions"),
                     .button(.type(.submit), .class("primary"), .attribute(named: "name", value: "decision"), .attribute(named: "value", value: "approve"),
                             Confirmations.ask(context.t("‘\(change.toStage.label.ko)’ 단계 전환을 승인할까요? 바로 반영되고 요청한 기관에 알림이 갑니다.",
                                                         "Approve the move to ‘\(change.toStage.label.en)’? It applies at once and the requester is told.")),
                             .text(context.t("승인", "Approve"))),
                     .button(.type(.submit), .class("secondary"), .attribute(named: "name", value: "decision"), .attribute(named: "value", value: "refuse"),
                             Confirmations.ask(context.t("‘\(change.toStage.label.ko)’ 단계 전환 요청을 반려할까요? 요청한 기관에 의견과 함께 알림이 갑니다.",
                                                         "Refuse the move to ‘\(change.toStage.label.en)’? The requester is told, with the note.")),
                             .text(context.t("반려", "Refuse"))))))
    }
}

// MARK: The gate checklist and the operator's override

extension CollaborationPage {
    /// Whether everything the current stage asks for is there.
    var gateMet: Bool { data.gateChecklist.allSatisfy(\.met) }

    /// "다음 단계로 가려면 / To move on": each requirement of the current stage with ✓ or ✗.
    func gateChecklistNode(_ context: PageContext) -> Node<HTML.BodyContext> {
        .if(!data.gateChecklist.isEmpty, .div(.class("gate-checklist"), .id("gate-checklist"),
            .h3(.text(context.t("다음 단계로 가려면", "To move on"))),
            .ul(.forEach(data.gateChecklist) { item in
                .li(.class(item.met ? "met" : "missing"),
                    .span(.class("mark"), .attribute(named: "aria-hidden", value: "true"), .text(item.met ? "✓ " : "✗ ")),
                    .span(.class("sr-only"), .text(item.met ? context.t("충족: ", "Done: ") : context.t("미충족: ", "Missing: "))),
                    .text(context.t(item.label)))
            }),
            .p(.class("hint"), .text(context.t("증빙 파일은 이 단계에 있는 동안 올린 파일만 셉니다. 중단과 사업화·투자·해외진출 사이의 이동에는 필요하지 않습니다.",
                                               "Only files uploaded while at this stage count. Dropping and moves among commercialisation, investment and global expansion need none.")))))
    }

    /// The operator's written reason for passing a gate without its evidence; it is kept in the
    /// stage history and the audit log and shown on the timeline.
    func overrideField(id: String, value: String, errors: FieldErrors, _ context: PageContext) -> Node<HTML.FormContext> {
        CollaborationView.textarea("override", id: id,
                                   label: context.t("예외 승인 사유 (증빙이 없거나 마일스톤이 지났는데 넘어갈 때, \(CollaborationGates.maxReason)자까지)",
                                                    "Override reason (to move on without the evidence or past an overdue milestone; up to \(CollaborationGates.maxReason) characters)"),
                                   value: value, errors: errors, context: context, rows: 2)
    }
}
