import Fluent
import Foundation
import IeumCore
import Vapor

/// Evaluation round pages. Operators of the round's program prepare, run and decide it; judges see
/// only their own assigned entries and sheets, only while judging runs; everyone else gets 404 on
/// a round (403 on the list and the forms).
struct EvaluationsController {
    func register(_ app: Application) {
        app.on(.evaluations(.list), use: list)
        app.on(.evaluations(.newForm), use: newForm)
        app.on(.evaluations(.create), use: create)
        app.on(.evaluations(.show), use: show)
        app.on(.evaluations(.template), use: template)
        app.on(.evaluations(.addCriterion), use: addCriterion)
        app.on(.evaluations(.removeCriterion), use: removeCriterion)
        app.on(.evaluations(.settings), use: settings)
        app.on(.evaluations(.addJudge), use: addJudge)
        app.on(.evaluations(.removeJudge), use: removeJudge)
        app.on(.evaluations(.loadEntries), use: loadEntries)
        app.on(.evaluations(.autoAssign), use: autoAssign)
        app.on(.evaluations(.changeAssignment), use: changeAssignment)
        app.on(.evaluations(.open), use: open)
        app.on(.evaluations(.close), use: close)
        app.on(.evaluations(.pledge), use: pledge)
        app.on(.evaluations(.sheet), use: sheet)
        app.on(.evaluations(.saveSheet), use: saveSheet)
        app.on(.evaluations(.reopen), use: reopen)
        app.on(.evaluations(.results), use: results)
        app.on(.evaluations(.resultsCSV)) { try await exportResults($0, format: .csv) }
        app.on(.evaluations(.resultsXLSX)) { try await exportResults($0, format: .xlsx) }
        app.on(.evaluations(.select), use: select)
        app.on(.evaluations(.awards), use: awards)
    }

    func round(_ req: Request) async throws -> EvaluationRound {
        try await EvaluationService.find(req.parameters.get("roundID", as: UUID.self), on: req.db)
    }

    /// The round when the actor runs it, else 404.
    func managed(_ req: Request) async throws -> (Principal, EvaluationRound) {
        let actor = try req.requireActor()
        let round = try await round(req)
        try await EvaluationService.requireManager(actor, round, on: req.db)
        return (actor, round)
    }

    /// Runs a change and comes back to the round page with its message (or the refusal's).
    func change(_ req: Request, anchor: String, _ body: (Principal, EvaluationRound) async throws -> Localized) async throws -> Response {
        let (actor, round) = try await managed(req)
        return try await req.redirect(to: SiteURL.round(try round.requireID()).path + anchor) { try await body(actor, round) }
    }

    // MARK: List and create

    func list(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let filter = EvaluationQuery.ListFilter(
            status: req.query[String.self, at: "status"].flatMap(RoundStatus.init(rawValue:)),
            programID: req.query[String.self, at: "program"].flatMap(UUID.init(uuidString:)),
            sort: ListSort(req, default: .opens) { $0 != .title }
        )
        let data = try await EvaluationQuery.list(for: actor, managedPage: try req.boundedQuery("page", in: Bounded.pages, default: 1),
                                                  judgingPage: try req.boundedQuery("judgingPage", in: Bounded.pages, default: 1), filter: filter, on: req.db, now: req.now)
        guard EvaluationPolicy.can(actor, .browse(hasExpertRecord: data.hasExpertRecord)) else { throw IeumError.forbidden }
        return RoundListPage(model: data).response(req)
    }


    func newForm(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard EvaluationPolicy.can(actor, .create) else { throw IeumError.forbidden }
        var input = RoundInput()
        input.programID = req.query[String.self, at: "program"] ?? ""
        input.opensAt = SeoulTime.inputValue(req.now)
        input.closesAt = SeoulTime.inputValue(req.now.addingTimeInterval(7 * 86_400))
        return RoundFormPage(input: input, errors: FieldErrors(), options: try await EvaluationQuery.formOptions(for: actor, on: req.db)).response(req)
    }

    func create(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard EvaluationPolicy.can(actor, .create) else { throw IeumError.forbidden }
        let input = try req.formInput(RoundInput.self)
        do {
            let round = try await EvaluationService.create(input, by: actor, on: req.db, now: req.now)
            req.flash(Localized("평가를 등록했습니다. 평가표와 심사위원을 정하세요.", "The round was created; set its rubric and judges."))
            return req.redirect(to: SiteURL.round(try round.requireID()).path)
        } catch IeumError.invalid(let errors) {
            return RoundFormPage(input: input, errors: errors, options: try await EvaluationQuery.formOptions(for: actor, on: req.db))
                .response(req, status: .unprocessableEntity)
        }
    }

    // MARK: The round page

    func show(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let round = try await round(req)
        if try await EvaluationService.manages(actor, round, on: req.db) {
            let entryPage = try req.boundedQuery("page", in: Bounded.pages, default: 1)
            return RoundPage(data: try await EvaluationQuery.manage(round, entryPage: entryPage, on: req.db, now: req.now),
                             criterionInput: CriterionInput(), criterionErrors: FieldErrors())
                .response(req)
        }
        let (expert, judge) = try await EvaluationService.requireJudge(actor, round, on: req.db)
        guard round.isJudging(at: req.now) else {
            return ErrorPage(status: .forbidden, message: EvaluationService.notJudgingMessage)
                .response(req, status: .forbidden)
        }
        let data = try await EvaluationQuery.judge(round, expert: expert, judge: judge, on: req.db)
        return JudgeRoundPage(data: data, pledgeError: nil).response(req)
    }

    func template(req: Request) async throws -> Response {
        try await change(req, anchor: "#rubric") { actor, round in
            try await EvaluationService.applyTemplate(round, by: actor, on: req.db, now: req.now)
            return Localized("기본 평가표를 넣었습니다.", "The usual rubric was added.")
        }
    }


    func addCriterion(req: Request) async throws -> Response {
        let (actor, round) = try await managed(req)
        let input = try req.formInput(CriterionInput.self)
        do {
            let c = try await EvaluationService.addCriterion(input, to: round, by: actor, on: req.db, now: req.now)
            req.flash(Localized("평가항목을 추가했습니다: \(c.title)", "Criterion added: \(c.titleEn)"))
            return req.redirect(to: SiteURL.round(try round.requireID()).path(anchor: "rubric"))
        } catch IeumError.invalid(let errors) {
            return RoundPage(data: try await EvaluationQuery.manage(round, on: req.db, now: req.now), criterionInput: input, criterionErrors: errors)
                .response(req, status: .unprocessableEntity)
        } catch IeumError.refused(let message) {
            req.flash(message)
            return req.redirect(to: SiteURL.round(try round.requireID()).path(anchor: "rubric"))
        }
    }

    struct IDForm: Content { var id: String? }

    func removeCriterion(req: Request) async throws -> Response {
        try await change(req, anchor: "#rubric") { actor, round in
            let id = try req.content.decode(IDForm.self).id.flatMap(UUID.init(uuidString:))
            try await EvaluationService.removeCriterion(id, of: round, by: actor, on: req.db, now: req.now)
            return Localized("평가항목을 삭제했습니다.", "The criterion was removed.")
        }
    }

    struct SettingsForm: Content { var method: String?; var tieBreak: String? }

    func settings(req: Request) async throws -> Response {
        try await change(req, anchor: "#settings") { actor, round in
            let form = try req.content.decode(SettingsForm.self)
            guard let method = form.method.flatMap(AggregationMethod.init(rawValue:)) else {
                throw IeumError.refused(Localized("점수 산정 방식을 고르세요.", "Choose how scores are combined."))
            }
            try await EvaluationService.setMethod(method, of: round, by: actor, on: req.db, now: req.now)
            try await EvaluationService.setTieBreak(form.tieBreak.flatMap(UUID.init(uuidString:)), of: round, by: actor, on: req.db, now: req.now)
            return Localized("산정 방식을 저장했습니다.", "The scoring settings were saved.")
        }
    }

    func addJudge(req: Request) async throws -> Response {
        try await change(req, anchor: "#judges") { actor, round in
            let id = try req.content.decode(IDForm.self).id.flatMap(UUID.init(uuidString:))
            let expert = try await EvaluationService.addJudge(id, to: round, by: actor, on: req.db, now: req.now)
            return Localized("심사위원을 위촉했습니다: \(expert.name)", "Judge added: \(expert.name)")
        }
    }

    func removeJudge(req: Request) async throws -> Response {
        try await change(req, anchor: "#judges") { actor, round in
            let id = try req.content.decode(IDForm.self).id.flatMap(UUID.init(uuidString:))
            try await EvaluationService.removeJudge(id, from: round, by: actor, on: req.db, now: req.now)
            return Localized("심사위원을 해촉했습니다.", "The judge was removed.")
        }
    }

    func loadEntries(req: Request) async throws -> Response {
        try await change(req, anchor: "#entries") { actor, round in
            let count = try await EvaluationService.loadEntries(round, by: actor, on: req.db, now: req.now)
            return Localized("평가 대상 \(count)건을 추가했습니다.", "\(count) entries were added.")
        }
    }

    func autoAssign(req: Request) async throws -> Response {
        try await change(req, anchor: "#assignment") { actor, round in
            let summary = try await EvaluationService.autoAssign(round, by: actor, on: req.db, now: req.now)
            return Localized("자동 배정을 마쳤습니다: \(summary.assignments)건 배정, 적합도 합계 \(summary.objective), 이해충돌 \(summary.conflicts)쌍 제외.",
                             "Assigned automatically: \(summary.assignments) assignments, total fit \(summary.objective), \(summary.conflicts) conflicted pairs excluded.")
        }
    }

    struct AssignmentForm: Content { var entryID: String?; var expertID: String?; var action: String? }

    func changeAssignment(req: Request) async throws -> Response {
        try await change(req, anchor: "#assignment") { actor, round in
            let form = try req.content.decode(AssignmentForm.self)
            let warnings = try await EvaluationService.setAssignment(round, entryID: form.entryID.flatMap(UUID.init(uuidString:)),
                                                                      expertID: form.expertID.flatMap(UUID.init(uuidString:)),
                                                                      add: form.action != "remove", by: actor, on: req.db, now: req.now)
            let done = Localized(form.action == "remove" ? "배정을 뺐습니다." : "배정을 더했습니다.", form.action == "remove" ? "The assignment was removed." : "The assignment was added.")
            guard !warnings.isEmpty else { return done }
            return Localized(done.ko + " 확인 필요: " + warnings.map(\.ko).joined(separator: " · "), done.en + " Check: " + warnings.map(\.en).joined(separator: " · "))
        }
    }

    func open(req: Request) async throws -> Response {
        try await change(req, anchor: "") { actor, round in
            try await EvaluationService.open(round, by: actor, on: req.db, now: req.now)
            return Localized("심사를 시작했습니다. 심사위원에게 알림을 보냈습니다.", "Judging has started; the judges were notified.")
        }
    }

    func close(req: Request) async throws -> Response {
        try await change(req, anchor: "") { actor, round in
            try await EvaluationService.close(round, by: actor, on: req.db, now: req.now)
            return Localized("심사를 마감했습니다.", "Judging is closed.")
        }
    }

    // MARK: Judges

    struct PledgeForm: Content { var agree: String?; var conflicts: [String]? }

    func pledge(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let round = try await round(req)
        let form = try req.content.decode(PledgeForm.self)
        let declared = (form.conflicts ?? []).compactMap(UUID.init(uuidString:))
        do {
            try await EvaluationService.pledge(round, declared: declared, agreed: form.agree != nil, by: actor, on: req.db, now: req.now)
        } catch IeumError.invalid(let errors) {
            let (expert, judge) = try await EvaluationService.requireJudge(actor, round, on: req.db)
            let data = try await EvaluationQuery.judge(round, expert: expert, judge: judge, on: req.db)
            return JudgeRoundPage(data: data, pledgeError: errors["agree"]).response(req, status: .unprocessableEntity)
        }
        req.flash(declared.isEmpty ? Localized("서약을 기록했습니다. 평가를 시작하세요.", "Your pledge is recorded; you can start scoring.")
                                   : Localized("서약과 이해충돌 신고 \(declared.count)건을 기록했습니다. 해당 과제는 배정에서 빠졌습니다.",
                                               "Your pledge and \(declared.count) declared conflicts are recorded; those entries were taken off your list."))
        return req.redirect(to: SiteURL.round(try round.requireID()).path)
    }

    func sheet(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let round = try await round(req)
        let entryID = req.parameters.get("entryID", as: UUID.self)
        if try await EvaluationService.manages(actor, round, on: req.db) {
            // The operator reads any judge's sheet (`?judge=`), with its history.
            let judgeID = req.query[String.self, at: "judge"].flatMap(UUID.init(uuidString:))
            let data = try await EvaluationQuery.operatorSheet(round, entryID: entryID, expertID: judgeID, on: req.db)
            return SheetPage(data: data, input: nil, errors: FieldErrors()).response(req)
        }
        let data = try await EvaluationQuery.judgeSheet(round, entryID: entryID, by: actor, on: req.db, now: req.now)
        // A judge asking for someone else's sheet learns nothing, not even that it exists.
        if let asked = req.query[String.self, at: "judge"], asked != data.judgeID?.uuidString { throw IeumError.notFound }
        return SheetPage(data: data, input: nil, errors: FieldErrors()).response(req)
    }

    func saveSheet(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let round = try await round(req)
        let entryID = req.parameters.get("entryID", as: UUID.self)
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        var input = SheetInput()
        for (key, value) in fields {
            if key.hasPrefix("score-") { input.scores[String(key.dropFirst(6))] = value }
            if key.hasPrefix("comment-") { input.comments[String(key.dropFirst(8))] = value }
        }
        input.overallComment = fields["overallComment"] ?? ""
        let submit = fields["action"] == "submit"
        do {
            try await EvaluationService.saveSheet(round, entryID: entryID, input, submit: submit, by: actor, on: req.db, now: req.now)
            // After a submitted sheet, straight to the next entry without one (the round page once all are in).
            if submit, let next = try await EvaluationQuery.nextOpenEntry(round, for: actor, on: req.db) {
                req.flash(Localized("평가표를 제출했습니다. 다음 심사 대상입니다.", "The sheet was submitted. Here is the next entry."))
                return req.redirect(to: SiteURL.roundEntry(try round.requireID(), next).path)
            }
            req.flash(submit ? Localized("평가표를 제출했습니다.", "The sheet was submitted.") : Localized("임시 저장했습니다.", "Saved as a draft."))
            return req.redirect(to: submit ? SiteURL.round(try round.requireID()).path : SiteURL.roundEntry(try round.requireID(), entryID!).path)
        } catch IeumError.invalid(let errors) {
            let data = try await EvaluationQuery.judgeSheet(round, entryID: entryID, by: actor, on: req.db, now: req.now)
            return SheetPage(data: data, input: input, errors: errors).response(req, status: .unprocessableEntity)
        } catch IeumError.refused(let message) {
            let data = try await EvaluationQuery.judgeSheet(round, entryID: entryID, by: actor, on: req.db, now: req.now)
            var errors = FieldErrors()
            errors.add("sheet", message)
            return SheetPage(data: data, input: input, errors: errors).response(req, status: .unprocessableEntity)
        } catch IeumError.conflict(let message) {
            let data = try await EvaluationQuery.judgeSheet(round, entryID: entryID, by: actor, on: req.db, now: req.now)
            var errors = FieldErrors()
            errors.add("sheet", message)
            return SheetPage(data: data, input: input, errors: errors).response(req, status: .conflict)
        }
    }

    struct ReopenForm: Content { var reason: String? }

    func reopen(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let round = try await round(req)
        let roundID = try round.requireID()
        guard let sheetID = req.parameters.get("sheetID", as: UUID.self), let sheet = try await ScoreSheet.find(sheetID, on: req.db),
              sheet.$round.id == roundID else { throw IeumError.notFound }
        do {
            try await EvaluationService.reopen(round, sheetID: sheetID, reason: try req.content.decode(ReopenForm.self).reason ?? "", by: actor, on: req.db, now: req.now)
            req.flash(Localized("평가표를 재개했습니다. 심사위원이 다시 제출해야 합니다.", "The sheet was reopened; the judge must submit it again."))
        } catch IeumError.invalid(let errors) {
            req.flash(errors["reason"] ?? Localized("재개 사유를 입력하세요.", "Give a reason."))
        } catch IeumError.refused(let message) {
            req.flash(message)
        }
        return req.redirect(to: SiteURL.roundEntry(roundID, sheet.$entry.id).path(query: [("judge", sheet.$expert.id.uuidString)]))
    }
}
