import Vapor
import Fluent
import Foundation
import IeumCore
import SQLKit

/// A proposal as typed into the form.
public struct ProposalInput: Sendable, Equatable, Codable {
    public var solution = ""
    public var differentiation = ""
    public var pocPlan = ""
    public var expectedResults = ""
    public var budget = ""
    public var budgetDetail = ""
    public var version = ""

    public init() {}

    init(_ application: NeedApplication) {
        solution = application.solution
        differentiation = application.differentiation
        pocPlan = application.pocPlan
        expectedResults = application.expectedResults
        budget = application.budgetKRW.map(String.init) ?? ""
        budgetDetail = application.budgetDetail
        version = String(application.version)
    }

    var snapshot: InputSnapshot {
        InputSnapshot(pairs: [("solution", solution), ("differentiation", differentiation), ("pocPlan", pocPlan),
                              ("expectedResults", expectedResults), ("budget", budget), ("budgetDetail", budgetDetail)])
    }

    /// Checks lengths always, and completeness when the proposal is being submitted.
    func validate(complete: Bool) -> Result<Int64?, FieldErrorsError> {
        var errors = FieldErrors()
        let parts: [(String, String, Localized)] = [
            ("solution", solution, Localized("제안 솔루션", "Solution")),
            ("differentiation", differentiation, Localized("차별성", "Differentiation")),
            ("pocPlan", pocPlan, Localized("PoC 계획", "PoC plan")),
            ("expectedResults", expectedResults, Localized("기대 성과", "Expected results")),
        ]
        for (field, value, name) in parts {
            if value.count > 10_000 {
                errors.add(field, Localized("\(name.ko)은(는) 10,000자 이내로 입력하세요.", "\(name.en) must be at most 10,000 characters."))
            } else if complete && value.trimmed.isEmpty {
                errors.add(field, Localized("제출하려면 \(name.ko)을(를) 입력하세요.", "Fill in the \(name.en.lowercased()) to submit."))
            }
        }
        if budgetDetail.count > 5_000 {
            errors.add("budgetDetail", Localized("예산 내역은 5,000자 이내로 입력하세요.", "The budget detail must be at most 5,000 characters."))
        }
        var budgetKRW: Int64?
        if !budget.trimmed.isEmpty {
            if let value = OrganizationInput.parseWon(budget) { budgetKRW = value } else {
                errors.add("budget", Localized("예산은 원 단위 숫자 또는 '3000만원', '1.2억' 형식으로 입력하세요.", "The budget must be a number of won or like '3000만원' or '1.2억'."))
            }
        } else if complete {
            errors.add("budget", Localized("제출하려면 예산을 입력하세요.", "Enter the budget to submit."))
        }
        return errors.isEmpty ? .success(budgetKRW) : .failure(FieldErrorsError(errors: errors))
    }
}

/// Applications: drafts, submission before the deadline, withdrawal, review, attachments.
public enum ApplicationService {
    public static let maxAttachmentBytes = UploadedDocument.maxBytes
    public static let maxAttachments = 10

    static let lateMessage = Localized("지원 마감이 지났습니다. 마감 이후에는 제출·수정·철회할 수 없습니다.",
                                       "The deadline has passed; applications can no longer be submitted, changed or withdrawn.")

    /// An application with everything its access rules need.
    public struct Loaded: Sendable {
        public let application: NeedApplication
        public let need: Need
        public let call: Call?
        public let access: ApplicationAccess
    }

    /// Loads an application the actor may see; 404 for everyone else (its existence is not told).
    public static func visible(_ id: UUID?, for actor: Principal?, on db: any Database) async throws -> Loaded {
        guard let id, let application = try await NeedApplication.find(id, on: db) else { throw IeumError.notFound }
        let need = try await application.$need.get(on: db)
        let call = try await need.$call.get(on: db)
        let access = ApplicationAccess(startupID: application.$startup.id, needOrganizationID: need.$organization.id, status: application.status,
                                       programAgency: try await NeedService.programAgency(of: need, on: db))
        guard NeedPolicy.can(actor, .viewProposal(access)) else { throw IeumError.notFound }
        return Loaded(application: application, need: need, call: call, access: access)
    }

    static func ensureOpen(_ need: Need, call: Call?, now: Date) throws {
        guard need.status == .published else {
            throw IeumError.refused(Localized("공개 중인 수요과제에만 지원할 수 있습니다.", "Only a published need takes applications."))
        }
        if let call, call.opensAt > now {
            throw IeumError.refused(Localized("공모 접수가 아직 시작되지 않았습니다 (\(SeoulTime.dateTime(call.opensAt)) 시작).",
                                              "The call opens at \(SeoulTime.dateTime(call.opensAt)) (Seoul)."))
        }
        if let deadline = need.applicationDeadline(call: call), deadline <= now { throw IeumError.refused(lateMessage) }
    }

    /// Starts the actor's startup's application to a need as a draft. A second one is refused.
    public static func start(needID: UUID, by actor: Principal, on db: any Database, now: Date) async throws -> NeedApplication {
        let (need, access) = try await NeedService.visible(needID, for: actor, on: db)
        guard NeedPolicy.can(actor, .apply(access)), let startupID = actor.memberships.first(where: { $0.kind == .startup })?.organizationID else {
            throw IeumError.forbidden
        }
        if access.ownApplication != nil {
            throw IeumError.refused(Localized("이미 이 수요과제에 지원했습니다. 한 기업은 과제마다 한 번만 지원할 수 있습니다.",
                                              "Your startup has already applied to this need; one application per need."))
        }
        try ensureOpen(need, call: try await need.$call.get(on: db), now: now)
        guard access.pledged else {
            throw IeumError.refused(Localized("지원하려면 먼저 비밀유지 서약에 동의하세요.", "Accept the confidentiality pledge before applying."))
        }
        do {
            return try await db.transaction { db in
                let application = NeedApplication()
                application.$need.id = needID
                application.$startup.id = startupID
                application.status = .draft
                application.solution = ""
                application.differentiation = ""
                application.pocPlan = ""
                application.expectedResults = ""
                application.budgetDetail = ""
                application.version = 1
                application.createdBy = actor.userID
                try await application.create(on: db)
                let id = try application.requireID()
                try await ApplicationEvent(applicationID: id, from: nil, to: .draft, actor: actor, note: "작성 시작", at: now).create(on: db)
                try await Audit.record(on: db, actor: actor, action: "application.create", entityType: "application", entityID: id.uuidString,
                                       summary: "지원서 작성 시작: \(need.title)", at: now)
                return application
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two first saves at the same moment: the unique (need, startup) key lets one through.
            throw IeumError.refused(Localized("이미 이 수요과제에 지원했습니다.", "Your startup has already applied to this need."))
        }
    }

    /// Saves the draft, and submits it when `submit` is set (all parts then required).
    public static func save(_ id: UUID, _ input: ProposalInput, submit: Bool, by actor: Principal, on db: any Database, now: Date) async throws -> NeedApplication {
        let loaded = try await visible(id, for: actor, on: db)
        guard NeedPolicy.can(actor, .editProposal(loaded.access)) else {
            if actor.isMember(of: loaded.access.startupID) {
                throw IeumError.refused(Localized("제출한 지원서는 고칠 수 없습니다. 철회한 뒤 다시 지원할 수는 없습니다.",
                                                  "A submitted application cannot be changed."))
            }
            throw IeumError.forbidden
        }
        try ensureOpen(loaded.need, call: loaded.call, now: now)
        let budgetKRW: Int64?
        switch input.validate(complete: submit) {
        case .success(let value): budgetKRW = value
        case .failure(let error): throw IeumError.invalid(error.errors)
        }
        guard let readVersion = Int(input.version.trimmed) else {
            throw IeumError.badRequest(Localized("편집한 버전 정보가 없습니다. 페이지를 새로 고치세요.", "The edited version is missing; reload the page."))
        }
        let need = loaded.need
        return try await db.transaction { db in
            try await NeedService.claimVersion(table: NeedApplication.schema, id: id, version: readVersion, on: db)
            guard let application = try await NeedApplication.find(id, on: db) else { throw IeumError.notFound }
            let before = ProposalInput(application).snapshot
            application.solution = input.solution.trimmed
            application.differentiation = input.differentiation.trimmed
            application.pocPlan = input.pocPlan.trimmed
            application.expectedResults = input.expectedResults.trimmed
            application.budgetKRW = budgetKRW
            application.budgetDetail = input.budgetDetail.trimmed
            application.version = readVersion + 1
            if submit {
                application.status = .submitted
                application.submittedAt = now
            }
            try await application.save(on: db)
            let changes = before.diff(ProposalInput(application).snapshot)
            try await Audit.record(on: db, actor: actor, action: submit ? "application.submit" : "application.save", entityType: "application",
                                   entityID: id.uuidString, summary: (submit ? "지원서 제출: " : "지원서 임시 저장: ") + need.title,
                                   changes: changes.map(\.line), at: now)
            if submit {
                try await ApplicationEvent(applicationID: id, from: .draft, to: .submitted, actor: actor, note: "", at: now).create(on: db)
                let startup = try await application.$startup.get(on: db)
                try await Notifier.notify(users: try await Notifier.members(of: need.$organization.id, on: db), .init(
                    kind: .applicationReceived,
                    title: Localized("지원서 접수: \(need.title)", "Application received: \(need.titleEn ?? need.title)"),
                    body: Localized("\(startup.name)이(가) '\(need.title)'에 지원서를 제출했습니다.",
                                    "\(startup.nameEn ?? startup.name) applied to '\(need.titleEn ?? need.title)'."),
                    link: SiteURL.application(id).path), on: db, now: now)
            }
            return application
        }
    }

    /// Withdraws the application before the deadline.
    public static func withdraw(_ id: UUID, by actor: Principal, on db: any Database, now: Date) async throws -> NeedApplication {
        let loaded = try await visible(id, for: actor, on: db)
        guard NeedPolicy.can(actor, .withdraw(loaded.access)) else {
            if actor.isMember(of: loaded.access.startupID) {
                throw IeumError.refused(Localized("이 상태(\(loaded.application.status.label.ko))에서는 철회할 수 없습니다.",
                                                  "The application cannot be withdrawn while \(loaded.application.status.label.en.lowercased())."))
            }
            throw IeumError.forbidden
        }
        if let deadline = loaded.need.applicationDeadline(call: loaded.call), deadline <= now { throw IeumError.refused(lateMessage) }
        return try await transition(loaded, to: .withdrawn, reason: "", by: actor, on: db, now: now, notifyStartup: false)
    }

    /// The need's organisation or an operator moves the application on; a rejection needs a reason.
    public static func review(_ id: UUID, to status: ApplicationStatus, reason: String, by actor: Principal, on db: any Database, now: Date) async throws -> NeedApplication {
        let loaded = try await visible(id, for: actor, on: db)
        let isReviewer = NeedPolicy.operates(actor, loaded.access.programAgency) || actor.isMember(of: loaded.access.needOrganizationID)
        guard isReviewer else { throw IeumError.forbidden }
        guard NeedPolicy.can(actor, .review(loaded.access)), loaded.application.status.reviewTransitions.contains(status) else {
            throw IeumError.refused(Localized("'\(loaded.application.status.label.ko)'에서 '\(status.label.ko)'(으)로 바꿀 수 없습니다.",
                                              "An application cannot go from \(loaded.application.status.label.en.lowercased()) to \(status.label.en.lowercased())."))
        }
        let reason = String(reason.trimmed.prefix(2_000))
        if status == .rejected && reason.isEmpty {
            throw IeumError.refused(Localized("미선정 사유를 입력하세요. 스타트업이 읽습니다.", "Give the reason for not selecting; the startup reads it."))
        }
        return try await transition(loaded, to: status, reason: reason, by: actor, on: db, now: now, notifyStartup: true)
    }

    static func transition(_ loaded: Loaded, to status: ApplicationStatus, reason: String, by actor: Principal, on db: any Database, now: Date, notifyStartup: Bool) async throws -> NeedApplication {
        let application = loaded.application
        let id = try application.requireID()
        let from = application.status
        let need = loaded.need
        return try await db.transaction { db in
            // The conditional update makes two reviewers deciding at once see each other.
            try await NeedService.claimVersion(table: NeedApplication.schema, id: id, version: application.version, on: db)
            application.status = status
            application.version += 1
            if !reason.isEmpty || status == .rejected || status == .selected { application.decisionReason = reason.isEmpty ? nil : reason }
            try await application.save(on: db)
            try await ApplicationEvent(applicationID: id, from: from, to: status, actor: actor, note: reason, at: now).create(on: db)
            if status == .selected {
                // A selected pair becomes a collaboration at 매칭, in the same transaction.
                _ = try await CollaborationService.createFromSelection(application, need: need, by: actor, on: db, now: now)
            }
            try await Audit.record(on: db, actor: actor, action: "application.status", entityType: "application", entityID: id.uuidString,
                                   summary: "지원 상태 \(from.label.ko) → \(status.label.ko): \(need.title)", at: now)
            if notifyStartup {
                let reasonKo = reason.isEmpty ? "" : " 사유: \(reason)"
                let reasonEn = reason.isEmpty ? "" : " Reason: \(reason)"
                try await Notifier.notify(users: try await Notifier.members(of: application.$startup.id, on: db), .init(
                    kind: .applicationStatusChanged,
                    title: Localized("지원 상태 변경: \(status.label.ko)", "Application status: \(status.label.en)"),
                    body: Localized("'\(need.title)' 지원서가 '\(status.label.ko)' 상태가 되었습니다.\(reasonKo)",
                                    "Your application to '\(need.titleEn ?? need.title)' is now \(status.label.en.lowercased()).\(reasonEn)"),
                    link: SiteURL.application(id).path), on: db, now: now)
            }
            return application
        }
    }

    // MARK: Attachments

    /// Stores a file for a draft application after checking its size, kind (by content) and name.
    public static func attach(_ id: UUID, fileName rawName: String, bytes: [UInt8], by actor: Principal, on db: any Database, files: FileStore, now: Date) async throws -> ProposalAttachment {
        let loaded = try await visible(id, for: actor, on: db)
        guard NeedPolicy.can(actor, .editProposal(loaded.access)) else {
            if actor.isMember(of: loaded.access.startupID) {
                throw IeumError.refused(Localized("제출한 지원서에는 파일을 더할 수 없습니다.", "Files cannot be added to a submitted application."))
            }
            throw IeumError.forbidden
        }
        try ensureOpen(loaded.need, call: loaded.call, now: now)
        let (name, kind) = try UploadedDocument.check(fileName: rawName, bytes: bytes)
        try await requireRoomForAttachment(id, on: db)
        return try await files.store(bytes, folder: .attachments, on: db, now: now) { db, storageName in
            // Again with the application row held: uploads at the same moment are counted one
            // at a time, and a submission in between (which raises the version) is seen.
            try await OnceOnly.lock(NeedApplication.schema, id, on: db)
            guard let fresh = try await NeedApplication.find(id, on: db), fresh.status == .draft else {
                throw IeumError.refused(Localized("제출한 지원서에는 파일을 더할 수 없습니다.", "Files cannot be added to a submitted application."))
            }
            try await requireRoomForAttachment(id, on: db)
            let attachment = ProposalAttachment()
            attachment.$application.id = id
            attachment.originalName = name
            attachment.kind = kind.rawValue
            attachment.byteCount = bytes.count
            attachment.sha256 = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            attachment.storageName = storageName
            attachment.uploadedBy = actor.userID
            attachment.createdAt = now
            try await attachment.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "attachment.upload", entityType: "application", entityID: id.uuidString,
                                   summary: "첨부 파일 등록: \(name) (\(bytes.count) bytes)", at: now)
            return attachment
        }
    }

    static func requireRoomForAttachment(_ id: UUID, on db: any Database) async throws {
        let count = try await ProposalAttachment.query(on: db).filter(\.$application.$id == id).count()
        guard count < maxAttachments else {
            throw IeumError.refused(Localized("첨부 파일은 \(maxAttachments)개까지입니다.", "At most \(maxAttachments) files per application."))
        }
    }

    /// Removes a file from a draft application.
    public static func detach(_ id: UUID, attachmentID: UUID, by actor: Principal, on db: any Database, files: FileStore, now: Date) async throws {
        let loaded = try await visible(id, for: actor, on: db)
        guard NeedPolicy.can(actor, .editProposal(loaded.access)) else { throw IeumError.forbidden }
        guard let attachment = try await ProposalAttachment.query(on: db).filter(\.$id == attachmentID).filter(\.$application.$id == id).first() else {
            throw IeumError.notFound
        }
        try await db.transaction { db in
            try await attachment.delete(on: db)
            try await files.delete(folder: .attachments, name: attachment.storageName, on: db)
            try await Audit.record(on: db, actor: actor, action: "attachment.delete", entityType: "application", entityID: id.uuidString,
                                   summary: "첨부 파일 삭제: \(attachment.originalName)", at: now)
        }
        await files.discardUnrecorded(folder: .attachments, names: [attachment.storageName])
    }

    /// The file's bytes for someone allowed to read the proposal; the read is audited.
    public static func download(_ id: UUID, attachmentID: UUID, by actor: Principal, on db: any Database, files: FileStore, now: Date) async throws -> (ProposalAttachment, StoredFileHandle) {
        _ = try await visible(id, for: actor, on: db)
        guard let attachment = try await ProposalAttachment.query(on: db).filter(\.$id == attachmentID).filter(\.$application.$id == id).first() else {
            throw IeumError.notFound
        }
        let data = try await files.open(folder: .attachments, name: attachment.storageName, on: db)
        try await Audit.record(on: db, actor: actor, action: "attachment.view", entityType: "application", entityID: id.uuidString,
                               summary: "첨부 파일 열람: \(attachment.originalName)", at: now)
        return (attachment, data)
    }

}

extension ProposalInput: FormInput {}
