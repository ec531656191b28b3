import Fluent
import Foundation
import IeumCore
import Vapor

/// The grievance desk: public intake and the receipt link, the staff queue and case page, the
/// routing table, the dashboard and its export.
struct GrievancesController {
    func register(_ app: Application) {
        app.on(.grievances(.newForm), use: newForm)
        app.upload(.grievances(.submit), maxBytes: 20 * 1024 * 1024, use: submit)
        app.on(.grievances(.track), use: track)
        app.on(.grievances(.mine), use: mine)
        app.on(.grievances(.mineOne), use: mineOne)
        app.on(.grievances(.list), use: list)
        app.on(.grievances(.dashboard), use: dashboard)
        app.on(.grievances(.export), use: export)
        app.on(.grievances(.routesPage), use: routesPage)
        app.on(.grievances(.saveRoute), use: saveRoute)
        app.on(.grievances(.show), use: show)
        app.on(.grievances(.classify), use: classify)
        app.on(.grievances(.assign), use: assign)
        app.on(.grievances(.status), use: status)
        app.on(.grievances(.comment), use: comment)
        app.on(.grievances(.download), use: download)
    }

    static func districts(on db: any Database) async throws -> [Region] {
        try await Region.query(on: db).filter(\.$groupCode == "seoul").filter(\.$active == true).sort(\.$sortOrder).all()
    }

    // MARK: Intake

    /// What the form sends besides the `GrievanceInput` (read with `req.formInput`).
    struct IntakeForm: Content {
        var attachments: [File]?
        /// The question a busy address answers (`GrievanceChallenge`).
        var challenge: String?
        var answer: String?
    }

    func newForm(req: Request) async throws -> Response {
        var input = GrievanceInput()
        input.contactEmail = req.actor?.email ?? ""
        return GrievanceFormPage(input: input, districts: try await Self.districts(on: req.db), errors: FieldErrors(), message: nil,
                                 phone: req.application.ieumConfiguration.grievancePhone, signedIn: req.actor != nil).response(req)
    }

    func submit(req: Request) async throws -> Response {
        guard GrievancePolicy.can(req.actor, .submit) else { throw IeumError.forbidden }
        let form = try req.content.decode(IntakeForm.self)
        let input = try req.formInput(GrievanceInput.self)
        let districts = try await Self.districts(on: req.db)
        let config = req.application.ieumConfiguration
        let address = AccountsController.clientAddress(req)
        func again(_ errors: FieldErrors, _ message: Localized?, _ status: HTTPResponseStatus, challenge: GrievanceChallenge? = nil) -> Response {
            GrievanceFormPage(input: input, districts: districts, errors: errors, message: message, phone: config.grievancePhone,
                              signedIn: req.actor != nil, challenge: challenge).response(req, status: status)
        }
        let uploads = (form.attachments ?? []).filter { $0.data.readableBytes > 0 || !$0.filename.isEmpty }.map {
            GrievanceUpload(name: $0.filename, bytes: $0.data.getBytes(at: $0.data.readerIndex, length: $0.data.readableBytes) ?? [])
        }
        // A busy address answers a question instead of being refused; a wrong answer gets a new one.
        var challenged = false
        var errors = FieldErrors()
        if let token = form.challenge, !token.isEmpty {
            challenged = GrievanceChallenge.verify(token: token, answer: form.answer ?? "", address: address, now: req.now, secret: config.secret)
            if !challenged {
                errors.add("answer", Localized("답이 맞지 않습니다. 새 질문에 답해 주세요.", "That answer is not right. Answer the new question."))
            }
        }
        var valid: ValidGrievance?
        switch input.validate(districts: Set(districts.map(\.code)), emailRequired: false) {
        case .success(let v): valid = v
        case .failure(let failure):
            for field in failure.errors.order { if let message = failure.errors.messages[field] { errors.add(field, message) } }
        }
        if let problem = GrievanceInput.checkFiles(uploads) { errors.add("attachments", problem) }
        let newChallenge = { GrievanceChallenge.make(address: address, now: req.now, secret: config.secret) }
        guard errors.isEmpty, let valid else {
            return again(errors, nil, .unprocessableEntity, challenge: form.challenge.map { $0.isEmpty ? nil : newChallenge() } ?? nil)
        }
        let call = config.grievancePhone.map { phone in
            Localized(" 급한 일은 \(phone)(으)로 전화해 주세요.", " If it is urgent, call \(phone).")
        } ?? Localized("", "")
        do {
            let (grievance, token) = try await GrievanceService.submit(
                valid, uploads: uploads, actor: req.actor, address: address, challenged: challenged, on: req.db,
                files: req.fileStore, now: req.now)
            // The follow link is shown here once, absolute, and mailed to the contact address if one
            // was given; only its hash is stored.
            let link = SiteURL.grievanceTrack(token).absolute(base: config.baseURL)
            if let email = grievance.contactEmail, !email.isEmpty {
                try await GrievanceService.mailReceipt(grievance, link: link, to: email, language: req.language, on: req.db, now: req.now)
            }
            return GrievanceReceiptPage(grievance: grievance, link: link, mailedTo: grievance.contactEmail, signedIn: req.actor != nil)
                .response(req, status: .created)
        } catch GrievanceError.challengeRequired {
            let message = Localized("이 주소에서 최근 한 시간에 신고가 많아 사람이 보내는지 확인합니다. 아래 질문에 답하고 다시 보내 주세요. 첨부 파일은 다시 골라 주세요.",
                                    "Many cases came from this address in the last hour, so we check that a person is sending. Answer the question below and send again; choose any files again.")
            return again(FieldErrors(), message, .ok, challenge: newChallenge())
        } catch GrievanceError.channelBusy {
            let response = again(FieldErrors(), Localized("지금 접수가 몰리고 있습니다. 1분 뒤에 다시 보내 주세요. 입력한 내용은 그대로 있습니다." + call.ko,
                                                          "Many cases are arriving right now. Send again in a minute; what you typed is kept." + call.en), .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: "60")
            return response
        } catch GrievanceError.rateLimited {
            let limit = req.actor == nil ? GrievanceLimits.addressCeilingPerHour : GrievanceLimits.memberPerHour
            let response = again(FieldErrors(), Localized("한 시간에 \(limit)건까지 접수할 수 있습니다. 잠시 후 다시 보내 주세요." + call.ko,
                                                          "At most \(limit) cases an hour can be sent from here. Please try again later." + call.en), .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: "3600")
            return response
        }
    }

    /// "내 신고": the cases a signed-in person filed, newest first.
    func mine(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let query = { Grievance.query(on: req.db).filter(\.$submitterID == actor.userID) }
        let paging = Paging(page: try req.boundedQuery("page", in: Bounded.pages, default: 1), perPage: 30, total: try await query().count())
        let cases = try await paging.slice(query().sort(\.$receivedAt, .descending).sort(\.$id))
        return MyGrievancesPage(cases: cases, paging: paging, now: req.now).response(req)
    }

    /// One of the person's own cases, as its receipt link shows it; anyone else's is 404.
    func mineOne(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let id = req.parameters.get("id", as: UUID.self),
              let g = try await Grievance.query(on: req.db).filter(\.$id == id).filter(\.$submitterID == actor.userID).first()
        else { throw IeumError.notFound }
        let comments = try await GrievanceComment.query(on: req.db).filter(\.$grievance.$id == id)
            .filter(\.$visibleToSubmitter == true).sort(\.$createdAt).all()
        return GrievanceTrackPage(grievance: g, comments: comments, now: req.now).response(req)
    }

    func track(req: Request) async throws -> Response {
        guard let token = req.parameters.get("token"), let g = try await GrievanceService.track(token: token, on: req.db) else {
            throw IeumError.notFound
        }
        let id = try g.requireID()
        let comments = try await GrievanceComment.query(on: req.db).filter(\.$grievance.$id == id)
            .filter(\.$visibleToSubmitter == true).sort(\.$createdAt).all()
        // The token is in the address; the site-wide Referrer-Policy (same-origin) keeps it from other sites.
        return GrievanceTrackPage(grievance: g, comments: comments, now: req.now).response(req)
    }

    // MARK: Staff

    func requireStaff(_ req: Request, _ action: GrievanceAction = .manage) throws -> Principal {
        let actor = try req.requireActor()
        guard GrievancePolicy.can(actor, action) else { throw IeumError.forbidden }
        return actor
    }

    /// A case for staff; anyone else gets 404, as for a record they may not see.
    func staffCase(_ req: Request) async throws -> (Principal, Grievance) {
        let actor = try req.requireActor()
        guard GrievancePolicy.can(actor, .manage) else { throw IeumError.notFound }
        return (actor, try await GrievanceService.load(req.parameters.get("id", as: UUID.self), on: req.db))
    }

    func list(req: Request) async throws -> Response {
        _ = try requireStaff(req)
        let status = req.query[String.self, at: "status"].flatMap(GrievanceStatus.init(rawValue:))
        let overdueOnly = req.query[String.self, at: "overdue"] == "1"
        let pageNumber = try req.boundedQuery("page", in: Bounded.pages, default: 1)
        let order = ListSort<GrievanceListModel.Sort>(req, default: .received) { $0 == .received }
        let model = try await GrievanceListModel.load(status: status, overdueOnly: overdueOnly, page: pageNumber, order: order, on: req.db, now: req.now)
        return GrievanceListPage(model: model).response(req)
    }

    /// The staff queue with its filters, in SQL. "Overdue" is `Grievance.overdue(at:)` for a case
    /// that is not final: a running deadline already past (`closed_at` is only set on final cases).
    static func queue(status: GrievanceStatus?, overdueOnly: Bool, on db: any Database, now: Date) -> QueryBuilder<Grievance> {
        let query = Grievance.query(on: db)
        if let status { query.filter(\.$status == status) }
        if overdueOnly {
            query.filter(\.$status ~~ GrievanceStatus.allCases.filter(\.hasRunningDeadline)).filter(\.$dueAt < now)
        }
        return query
    }

    func show(req: Request) async throws -> Response {
        let (actor, g) = try await staffCase(req)
        return try await casePage(req, g, actor: actor, errors: FieldErrors(), status: .ok)
    }

    func casePage(_ req: Request, _ g: Grievance, actor: Principal, errors: FieldErrors, status: HTTPResponseStatus) async throws -> Response {
        let id = try g.requireID()
        var data = GrievanceCasePage.Data(grievance: g, now: req.now, errors: errors)
        data.history = try await GrievanceEvent.query(on: req.db).filter(\.$grievance.$id == id).sort(\.$at).all().map(\.historyEntry)
        data.comments = try await GrievanceComment.query(on: req.db).filter(\.$grievance.$id == id).sort(\.$createdAt).all()
        data.attachments = try await GrievanceAttachment.query(on: req.db).filter(\.$grievance.$id == id).sort(\.$createdAt).all()
        data.staff = try await User.query(on: req.db).filter(\.$platformRole == .operator).filter(\.$active == true).sort(\.$name).all()
        data.districtName = try await Region.query(on: req.db).filter(\.$code == g.regionCode).first()?.nameKo ?? g.regionCode
        return GrievanceCasePage(data: data).response(req, status: status)
    }

    struct ActionForm: Content {
        var kind: String?
        var businessDays: String?
        var target: String?
        var assignee: String?
        var step: String?
        var note: String?
        var agency: String?
        var body: String?
        var visible: String?
    }

    /// Runs a staff action; a refused or invalid one shows the case again with the message.
    func act(_ req: Request, _ body: (Principal, UUID, ActionForm) async throws -> Localized) async throws -> Response {
        let (actor, g) = try await staffCase(req)
        let id = try g.requireID()
        let form = try req.content.decode(ActionForm.self)
        do {
            req.flash(try await body(actor, id, form))
            return req.redirect(to: SiteURL.grievance(id).path)
        } catch IeumError.invalid(let errors) {
            return try await casePage(req, try await GrievanceService.load(id, on: req.db), actor: actor, errors: errors, status: .unprocessableEntity)
        } catch IeumError.refused(let message) {
            req.flash(message)
            return req.redirect(to: SiteURL.grievance(id).path)
        }
    }

    func classify(req: Request) async throws -> Response {
        try await act(req) { actor, id, form in
            guard let kind = form.kind.flatMap(GrievanceClass.init(rawValue:)) else {
                throw IeumError.invalid(FieldErrors.single("kind", Localized("분류를 고르세요.", "Choose a class.")))
            }
            let g = try await GrievanceService.classify(id, as: kind, businessDays: form.businessDays != nil, target: form.target ?? "",
                                                        by: actor, on: req.db, now: req.now)
            return Localized("분류했습니다. 처리기한: \(g.dueDay ?? "-")", "Classified. Due: \(g.dueDay ?? "-")")
        }
    }

    func assign(req: Request) async throws -> Response {
        try await act(req) { actor, id, form in
            guard let userID = form.assignee.flatMap(UUID.init(uuidString:)) else {
                throw IeumError.invalid(FieldErrors.single("assignee", Localized("담당자를 고르세요.", "Choose a staff member.")))
            }
            try await GrievanceService.reassign(id, to: userID, note: form.note ?? "", by: actor, on: req.db, now: req.now)
            return Localized("담당자를 바꿨습니다.", "The case was reassigned.")
        }
    }

    func status(req: Request) async throws -> Response {
        try await act(req) { actor, id, form in
            guard let step = form.step.flatMap(GrievanceStep.init(rawValue:)) else {
                throw IeumError.badRequest(Localized("처리할 단계를 고르세요.", "Choose a step."))
            }
            let g = try await GrievanceService.perform(step, on: id, note: form.note ?? "", agency: form.agency ?? "", by: actor, on: req.db, now: req.now)
            return Localized("\(g.receiptNumber): \(g.status.label.ko)", "\(g.receiptNumber): \(g.status.label.en)")
        }
    }

    func comment(req: Request) async throws -> Response {
        try await act(req) { actor, id, form in
            try await GrievanceService.comment(id, body: form.body ?? "", visible: form.visible != nil, by: actor, on: req.db, now: req.now)
            return form.visible != nil ? Localized("신청인에게 보이는 의견을 남겼습니다.", "Comment added; the submitter sees it.")
                : Localized("내부 의견을 남겼습니다.", "Internal comment added.")
        }
    }

    func download(req: Request) async throws -> Response {
        let (actor, g) = try await staffCase(req)
        guard let fileID = req.parameters.get("fileID", as: UUID.self),
              let file = try await GrievanceAttachment.query(on: req.db).filter(\.$id == fileID).filter(\.$grievance.$id == g.requireID()).first()
        else { throw IeumError.notFound }
        let stored = try await req.fileStore.open(folder: .grievances, name: file.storageName, on: req.db)
        try await Audit.record(on: req.db, actor: actor, action: "grievance.file", entityType: "grievance", entityID: try g.requireID().uuidString,
                               summary: "규제·애로 첨부 열람: \(g.receiptNumber) \(file.originalName)", at: req.now)
        return req.fileStore.response(stored, name: file.originalName, mediaType: DocumentKind(rawValue: file.kind)?.mediaType ?? "application/octet-stream",
                                      fallbackName: "grievance-file", logger: req.logger)
    }
}
